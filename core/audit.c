/* The audit log: appending entries chained by SHA-256, verifying the chain, listing it.
 * Core never updates or deletes an entry (and triggers in the schema refuse it). */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/audit.h"
#include "core/audit_internal.h"
#include "core/authz.h"
#include "core/date.h"
#include "core/db_internal.h"

/* A refusal waiting to be written to the audit log once the transaction it happened in has
 * been rolled back (so that "refused" is recorded although nothing else is). */
struct bm_refusal {
    int pending;
    int64_t user_id;
    int role;
    char login[33];
    char session[64];
    char addr[64];
    char object[16];
    char object_id[24];
    char note[320];
};

#define HASH_HEX 65

static const char *actor_role(const bm_actor *who)
{
    if (!who || who->user_id == 0)
        return "shell";
    const char *r = bm_role_name(who->role);
    return r ? r : "unknown";
}

static void field(EVP_MD_CTX *md, const char *s)
{
    char len[24];
    if (!s)
        s = "";
    size_t n = strlen(s);
    int k = snprintf(len, sizeof len, "%zu:", n);
    EVP_DigestUpdate(md, len, (size_t)k);
    EVP_DigestUpdate(md, s, n);
    EVP_DigestUpdate(md, "\n", 1);
}

static void field_int(EVP_MD_CTX *md, int64_t v)
{
    char num[24];
    snprintf(num, sizeof num, "%lld", (long long)v);
    field(md, num);
}

/* SHA-256 over the previous hash and every field, each length-prefixed so that no two
 * different entries share a canonical form. */
static int entry_hash(int64_t id, int64_t at, int64_t account_id, const char *const text[10],
                      const char *prev_hash, char out[HASH_HEX])
{
    unsigned char dig[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(md);
        return -1;
    }
    field(md, prev_hash);
    field_int(md, id);
    field_int(md, at);
    field_int(md, account_id);
    for (int i = 0; i < 10; i++)
        field(md, text[i]);
    int ok = EVP_DigestFinal_ex(md, dig, &len) == 1;
    EVP_MD_CTX_free(md);
    if (!ok)
        return -1;
    for (unsigned i = 0; i < len && i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", dig[i]);
    return 0;
}

static int append(bm_db *db, int64_t account_id, const char *login, const char *role,
                  const char *session, const char *addr, const char *what, const char *object,
                  const char *object_id, const char *before, const char *after, const char *note,
                  bm_err *err)
{
    /* Two writers must never chain to the same previous entry: the next id and hash are read
     * under the store's lock, held until this transaction ends. */
    int rc = bm_store_lock(db->store, "audit", err);
    if (rc != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_AUDIT_LAST_HASH, err);
    if (!st)
        return BM_EDB;
    char prev[HASH_HEX] = "";
    int64_t id = 1;
    int r = bm_step_row(db, st, err);
    if (r < 0)
        return -r;
    if (r == 1) {
        id = bm_col_int64(st, 0) + 1;
        bm_col_text(st, 1, prev, sizeof prev);
        bm_stmt_reset(st);
    }
    int64_t at = (int64_t)bm_now();
    const char *text[10] = {login ? login : "", role, session ? session : "", addr ? addr : "",
                            what, object, object_id ? object_id : "", before ? before : "",
                            after ? after : "", note ? note : ""};
    char hash[HASH_HEX];
    if (entry_hash(id, at, account_id, text, prev, hash) != 0)
        return bm_fail(err, BM_EDB, N_("Database error"), "SHA-256 failed");
    if (!(st = bm_sql(db, BM_SQL_AUDIT_INSERT, err)))
        return BM_EDB;
    bm_bind_int(st, 1, id);
    bm_bind_int(st, 2, at);
    bm_bind_int(st, 3, account_id);
    for (int i = 0; i < 10; i++)
        bm_bind_text(st, 4 + i, text[i]);
    bm_bind_text(st, 14, prev);
    bm_bind_text(st, 15, hash);
    return bm_step_done(db, st, err);
}

int bm_audit_append(bm_db *db, const bm_actor *who, const char *what, const char *object,
                    const char *object_id, const char *before, const char *after,
                    const char *note, bm_err *err)
{
    int rc = bm_tx_begin(db, err);
    if (rc != BM_OK)
        return rc;
    rc = append(db, who ? who->user_id : 0, who ? who->login : "", actor_role(who),
                who ? who->session : "", who ? who->addr : "", what, object, object_id, before,
                after, note, err);
    return bm_tx_end(db, rc, err);
}

static void flush_refusal(bm_db *db)
{
    if (!db->refusal || !db->refusal->pending || db->tx_depth != 0)
        return;
    struct bm_refusal r = *db->refusal;
    db->refusal->pending = 0;
    bm_actor who = {.user_id = r.user_id, .login = r.login, .role = r.role,
                    .session = r.session, .addr = r.addr};
    /* A failure to record a refusal must not turn the refusal into something else. */
    bm_audit_append(db, &who, "refused", r.object, r.object_id, NULL, NULL, r.note, NULL);
}

/* Registered with the handle when a refusal waits: written once the rollback is complete,
 * dropped with the handle. */
static void refusal_hook(bm_db *db, int event)
{
    if (event == BM_DB_ROLLED_BACK) {
        flush_refusal(db);
    } else if (event == BM_DB_CLOSING) {
        free(db->refusal);
        db->refusal = NULL;
    }
}

void bm_audit_refusal(bm_db *db, const bm_actor *who, const char *object,
                      const char *object_id, const char *note)
{
    if (!db->refusal && !(db->refusal = calloc(1, sizeof *db->refusal)))
        return;
    bm_db_on_event(db, refusal_hook);
    struct bm_refusal *r = db->refusal;
    memset(r, 0, sizeof *r);
    r->pending = 1;
    r->user_id = who ? who->user_id : 0;
    r->role = who ? who->role : 0;
    bm_strlcpy(r->login, who ? who->login : "", sizeof r->login);
    bm_strlcpy(r->session, who ? who->session : "", sizeof r->session);
    bm_strlcpy(r->addr, who ? who->addr : "", sizeof r->addr);
    bm_strlcpy(r->object, object ? object : "", sizeof r->object);
    bm_strlcpy(r->object_id, object_id ? object_id : "", sizeof r->object_id);
    bm_strlcpy(r->note, note ? note : "", sizeof r->note);
    flush_refusal(db);
}

int bm_audit_authz(bm_db *db, const bm_actor *who, int action, const bm_place *place,
                   const char *object, const char *object_id, bm_err *err)
{
    bm_err why;
    if (bm_authz_check(db, who, action, place, &why) == BM_OK)
        return BM_OK;
    /* The log keeps the action's internal name; the reason the user reads is words only. */
    char note[200];
    snprintf(note, sizeof note, "%s: %s", bm_action_name(action), why.reason);
    bm_audit_refusal(db, who, object, object_id, note);
    return bm_fail(err, why.code, why.reason, NULL);
}

int bm_audit_verify(bm_db *db, int64_t *first_broken_id, int64_t *entries_checked, bm_err *err)
{
    *first_broken_id = 0;
    *entries_checked = 0;
    bm_stmt *st = bm_sql(db, BM_SQL_AUDIT_ALL, err);
    if (!st)
        return BM_EDB;
    char prev[HASH_HEX] = "";
    int r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        int64_t id = bm_col_int64(st, 0);
        const char *text[10];
        for (int i = 0; i < 10; i++)
            text[i] = bm_col_str(st, 3 + i);
        const char *stored_prev = bm_col_str(st, 13);
        const char *stored = bm_col_str(st, 14);
        char hash[HASH_HEX];
        if (entry_hash(id, bm_col_int64(st, 1), bm_col_int64(st, 2), text, prev,
                       hash) != 0) {
            bm_stmt_reset(st);
            return bm_fail(err, BM_EDB, N_("Database error"), "SHA-256 failed");
        }
        (*entries_checked)++;
        if (!stored_prev || !stored || strcmp(stored_prev, prev) != 0 ||
            strcmp(stored, hash) != 0) {
            *first_broken_id = id;
            bm_stmt_reset(st);
            return BM_OK;
        }
        bm_strlcpy(prev, stored, sizeof prev);
    }
    return r < 0 ? BM_EDB : BM_OK;
}

/* The texts point into the statement's row: valid until the next step. */
static bm_audit_entry read_entry(bm_stmt *st)
{
    return (bm_audit_entry){
        .id = bm_col_int64(st, 0),
        .at = (time_t)bm_col_int64(st, 1),
        .account_id = bm_col_int64(st, 2),
        .login = bm_col_str(st, 3),
        .role = bm_col_str(st, 4),
        .session = bm_col_str(st, 5),
        .addr = bm_col_str(st, 6),
        .what = bm_col_str(st, 7),
        .object = bm_col_str(st, 8),
        .object_id = bm_col_str(st, 9),
        .before = bm_col_str(st, 10),
        .after = bm_col_str(st, 11),
        .note = bm_col_str(st, 12),
    };
}

int bm_audit_list(bm_db *db, const bm_actor *who, const char *object, const char *object_id,
                  int limit, int offset, int (*each)(const bm_audit_entry *e, void *ctx),
                  void *ctx, bm_err *err)
{
    int rc = bm_audit_authz(db, who, BM_ACT_AUDIT_READ, NULL, "", "", err);
    if (rc != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, object ? BM_SQL_AUDIT_LIST_OBJECT : BM_SQL_AUDIT_LIST, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, limit > 0 ? limit : 100);
    bm_bind_int(st, 2, offset > 0 ? offset : 0);
    if (object) {
        bm_bind_text(st, 3, object);
        bm_bind_text(st, 4, object_id);
    }
    int r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        bm_audit_entry e = read_entry(st);
        if (each(&e, ctx)) {
            bm_stmt_reset(st);
            break;
        }
    }
    return r < 0 ? BM_EDB : BM_OK;
}
