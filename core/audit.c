/* The audit log: appending entries chained by SHA-256 and, from the anchor on, sealed with an
 * HMAC whose key lives outside the database; the chain's head written outside it too;
 * verifying the chain against both; listing it. Core never updates or deletes an entry (and
 * triggers in the schema refuse it). */
#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "core/audit.h"
#include "core/audit_internal.h"
#include "core/authz.h"
#include "core/date.h"
#include "core/db_internal.h"
#include "core/store.h"

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

#define KEY_BYTES 32

/* The anchor: the HMAC key (kept in the data directory, never in the database) and where
 * the chain's head is written. An entry is sealed from the first "audit.anchor" entry on. */
struct bm_anchor {
    int have_key;
    int sealed;                 /* the log holds an anchor entry: every new entry is sealed */
    unsigned char key[KEY_BYTES];
    char key_path[1024];
    char head_path[1024];
    time_t head_written;        /* monotonic seconds of the last head written, 0 = never */
};

static void to_hex(const unsigned char *b, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", b[i]);
}

/* HMAC-SHA-256 under the anchor's key over the entry's plain digest: without the key, an
 * edited entry's seal cannot be made again. */
static int seal(const unsigned char key[KEY_BYTES], const char plain[HASH_HEX], char out[HASH_HEX])
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), key, KEY_BYTES, (const unsigned char *)plain, strlen(plain), mac,
              &len) || len < 32)
        return -1;
    to_hex(mac, 32, out);
    return 0;
}

/* SHA-256 over the previous hash and every field, each length-prefixed so that no two
 * different entries share a canonical form; sealed with key when key is not NULL. */
static int entry_hash(int64_t id, int64_t at, int64_t account_id, const char *const text[10],
                      const char *prev_hash, const unsigned char *key, char out[HASH_HEX])
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
    if (!ok || len < 32)
        return -1;
    to_hex(dig, 32, out);
    return key ? seal(key, out, out) : 0;
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
    struct bm_anchor *an = db->anchor;
    int sealing = an && (an->sealed || strcmp(what, "audit.anchor") == 0);
    if (sealing && !an->have_key)
        return bm_fail(err, BM_EDB,
                       N_("The audit key file is missing; restore it from the backup"), "%s",
                       an->key_path);
    int64_t at = (int64_t)bm_now();
    const char *text[10] = {login ? login : "", role, session ? session : "", addr ? addr : "",
                            what, object, object_id ? object_id : "", before ? before : "",
                            after ? after : "", note ? note : ""};
    char hash[HASH_HEX];
    if (entry_hash(id, at, account_id, text, prev, sealing ? an->key : NULL, hash) != 0)
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
    /* A failure to record a refusal must not turn the refusal into something else; a busy
     * database (another process writing) is waited out a few times more, and a refusal that
     * still cannot be written is said on the server's error output rather than lost quietly. */
    bm_err err;
    int rc = BM_EDB;
    for (int tries = 0; tries < 4 && rc != BM_OK; tries++) {
        rc = bm_audit_append(db, &who, "refused", r.object, r.object_id, NULL, NULL, r.note,
                             &err);
        if (rc != BM_OK && strcmp(err.reason, "The database is busy; try again") != 0)
            break;
    }
    if (rc != BM_OK)
        fprintf(stderr, "bianmin: the refusal of %s %s to %s was not written to the audit "
                "log: %s %s\n", r.object, r.object_id, r.login, err.reason, err.detail);
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

/* ---- The anchor: key file, head file, the hook that writes the head ---- */

/* Writes bytes to path whole or not at all: a private temp file beside it, fsync, rename,
 * fsync of the directory. 0, or -1 with errno. */
static int write_whole(const char *path, const char *bytes, size_t n)
{
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0)
        return -1;
    int bad = fchmod(fd, 0600) != 0;
    for (size_t done = 0; !bad && done < n;) {
        ssize_t w = write(fd, bytes + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        bad = w <= 0;
        if (!bad)
            done += (size_t)w;
    }
    bad = bad || fsync(fd) != 0;
    int saved = errno;
    bad = close(fd) != 0 || bad;
    if (bad || rename(tmp, path) != 0) {
        saved = bad ? saved : errno;
        unlink(tmp);
        errno = saved ? saved : EIO;
        return -1;
    }
    char dir[1100];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    int dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return -1;
    int rc = fsync(dfd);
    close(dfd);
    return rc;
}

static time_t mono_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1;   /* never 0, which means "never written" */
}

/* The files of the database at url: the key in its directory (one per data directory,
 * beside the host key), the head beside the database file (for a database on a server, in
 * the data directory under the database's name). */
static void anchor_paths(struct bm_anchor *an, const char *url)
{
    char path[900];
    bm_store_files_base(url, path, sizeof path);
    const char *slash = strrchr(path, '/');
    if (slash)
        snprintf(an->key_path, sizeof an->key_path, "%.*s/audit.key", (int)(slash - path), path);
    else
        snprintf(an->key_path, sizeof an->key_path, "audit.key");
    snprintf(an->head_path, sizeof an->head_path, "%s.audit-head", path);
}

/* Key file: "bianmin audit key 1\nkey <64 hex>\n". 1 loaded, 0 none, -1 unreadable. */
static int key_load(struct bm_anchor *an)
{
    FILE *f = fopen(an->key_path, "re");
    if (!f)
        return errno == ENOENT ? 0 : -1;
    char line[200], hex[2 * KEY_BYTES + 1] = "";
    int ok = fgets(line, sizeof line, f) && strcmp(line, "bianmin audit key 1\n") == 0 &&
             fgets(line, sizeof line, f) && sscanf(line, "key %64[0-9a-f]", hex) == 1 &&
             strlen(hex) == 2 * KEY_BYTES;
    fclose(f);
    for (int i = 0; ok && i < KEY_BYTES; i++) {
        unsigned v;
        ok = sscanf(hex + 2 * i, "%2x", &v) == 1;
        an->key[i] = (unsigned char)v;
    }
    OPENSSL_cleanse(line, sizeof line);
    OPENSSL_cleanse(hex, sizeof hex);
    an->have_key = ok;
    return ok ? 1 : -1;
}

static int key_create(struct bm_anchor *an)
{
    if (getrandom(an->key, KEY_BYTES, 0) != KEY_BYTES)
        return -1;
    char text[100 + 2 * KEY_BYTES];
    int n = snprintf(text, sizeof text, "bianmin audit key 1\nkey ");
    to_hex(an->key, KEY_BYTES, text + n);
    n += 2 * KEY_BYTES;
    text[n++] = '\n';
    int rc = write_whole(an->key_path, text, (size_t)n);
    OPENSSL_cleanse(text, sizeof text);
    an->have_key = rc == 0;
    return rc;
}

/* Head file: "bianmin audit head 1\ncount N\nhash H\nat T\n". 1 read, 0 none, -1 unreadable. */
static int head_read(const char *path, int64_t *count, char hash[HASH_HEX], int64_t *at)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return errno == ENOENT ? 0 : -1;
    long long c = 0, t = 0;
    char line[200];
    int ok = fgets(line, sizeof line, f) && strcmp(line, "bianmin audit head 1\n") == 0 &&
             fgets(line, sizeof line, f) && sscanf(line, "count %lld", &c) == 1 &&
             fgets(line, sizeof line, f) && sscanf(line, "hash %64[0-9a-f]", hash) == 1 &&
             fgets(line, sizeof line, f) && sscanf(line, "at %lld", &t) == 1;
    fclose(f);
    *count = c;
    *at = t;
    return ok ? 1 : -1;
}

/* The newest entry's id (the count: ids run from 1 without gaps) and hash; 0 when empty. */
static int last_entry(bm_db *db, int64_t *id, char hash[HASH_HEX], bm_err *err)
{
    *id = 0;
    hash[0] = '\0';
    bm_stmt *st = bm_sql(db, BM_SQL_AUDIT_LAST_HASH, err);
    if (!st)
        return BM_EDB;
    int r = bm_step_row(db, st, err);
    if (r < 0)
        return -r;
    if (r == 1) {
        *id = bm_col_int64(st, 0);
        bm_col_text(st, 1, hash, HASH_HEX);
        bm_stmt_reset(st);
    }
    return BM_OK;
}

/* 1 when the log still holds the entry the head names, with the head's hash. */
static int head_matches(bm_db *db, int64_t count, const char *hash, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_AUDIT_HASH_AT, err);
    if (!st)
        return -1;
    bm_bind_int(st, 1, count);
    int r = bm_step_row(db, st, err);
    if (r < 0)
        return -1;
    int same = r == 1 && strcmp(bm_col_str(st, 0), hash) == 0;
    if (r == 1)
        bm_stmt_reset(st);
    return same;
}

int bm_audit_write_head(bm_db *db, bm_err *err)
{
    struct bm_anchor *an = db->anchor;
    if (!an)
        return bm_fail(err, BM_EINVALID, N_("This database has no audit anchor"), NULL);
    int64_t old_count, old_at, count;
    char old_hash[HASH_HEX] = "", hash[HASH_HEX];
    int had = head_read(an->head_path, &old_count, old_hash, &old_at);
    int rc = last_entry(db, &count, hash, err);
    if (rc != BM_OK)
        return rc;
    /* A log shorter than its last head, or changed at the head, keeps the old head as the
     * evidence `audit verify` reports. */
    if (had == 1 && old_count > 0 && (count < old_count || head_matches(db, old_count, old_hash,
                                                                        err) != 1))
        return bm_fail(err, BM_ECONFLICT,
                       N_("The audit log no longer matches its last head; run bianmin audit verify"),
                       "%s", an->head_path);
    char text[200];
    int n = snprintf(text, sizeof text, "bianmin audit head 1\ncount %lld\nhash %s\nat %lld\n",
                     (long long)count, hash, (long long)time(NULL));
    if (write_whole(an->head_path, text, (size_t)n) != 0)
        return bm_fail(err, BM_EDB, N_("The audit head could not be written"), "%s: %s",
                       an->head_path, strerror(errno));
    an->head_written = mono_seconds();
    return BM_OK;
}

/* After a commit: the head, when none was written in this process yet or an hour ago. A
 * failure here changes nothing that was committed; the next commit tries again. */
static void anchor_hook(bm_db *db, int event)
{
    struct bm_anchor *an = db->anchor;
    if (!an)
        return;
    if (event == BM_DB_CLOSING) {
        OPENSSL_cleanse(an, sizeof *an);
        free(an);
        db->anchor = NULL;
    } else if (event == BM_DB_COMMITTED &&
               (!an->head_written || mono_seconds() - an->head_written >= 3600)) {
        an->head_written = mono_seconds();
        bm_audit_write_head(db, NULL);
    }
}

/* 1 when the log holds an anchor entry. */
static int log_is_sealed(bm_db *db, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_AUDIT_LIST_OBJECT, err);
    if (!st)
        return -1;
    bm_bind_int(st, 1, 1);
    bm_bind_int(st, 2, 0);
    bm_bind_text(st, 3, "audit");
    bm_bind_text(st, 4, "anchor");
    int r = bm_step_row(db, st, err);
    if (r == 1)
        bm_stmt_reset(st);
    return r < 0 ? -1 : r;
}

int bm_audit_anchor_open(bm_db *db, const char *url, int fresh, bm_err *err)
{
    struct bm_anchor *an = calloc(1, sizeof *an);
    if (!an)
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    db->anchor = an;
    bm_db_on_event(db, anchor_hook);
    anchor_paths(an, url);
    if (fresh)
        unlink(an->head_path);   /* a head left by a database removed before this init */
    int sealed = log_is_sealed(db, err);
    if (sealed < 0)
        return BM_EDB;
    an->sealed = sealed;
    /* A key this process cannot read counts as missing: a sealed log then takes no entry
     * (fail closed), and it is never replaced by a new one. */
    int k = key_load(an);
    if (k < 0 && fresh)
        return bm_fail(err, BM_EDB, N_("The audit key file cannot be read"), "%s",
                       an->key_path);
    if (sealed || k < 0)
        return BM_OK;
    /* A log not sealed yet (a new database, or one made before the anchor): a key when none
     * exists, and the anchor entry from which every entry is sealed. Where the directory or
     * the database cannot be written, the log stays as it was and verifies by plain hash. */
    if (!an->have_key && key_create(an) != 0)
        return fresh ? bm_fail(err, BM_EDB, N_("The audit key file could not be written"),
                               "%s: %s", an->key_path, strerror(errno))
                     : BM_OK;
    const bm_actor shell = {.user_id = 0, .login = "", .role = BM_ROLE_ADMIN};
    int rc = bm_audit_append(db, &shell, "audit.anchor", "audit", "anchor", NULL, NULL,
                             "entries from here on are sealed with the key in audit.key", err);
    if (rc == BM_OK)
        an->sealed = 1;
    return fresh ? rc : BM_OK;
}

/* ---- Verifying ---- */

int bm_audit_check(bm_db *db, bm_audit_report *r, bm_err *err)
{
    memset(r, 0, sizeof *r);
    struct bm_anchor *an = db->anchor;
    const unsigned char *key = an && an->have_key ? an->key : NULL;
    r->key_missing = an && !an->have_key;
    bm_stmt *st = bm_sql(db, BM_SQL_AUDIT_ALL, err);
    if (!st)
        return BM_EDB;
    char prev[HASH_HEX] = "";
    int sealed = 0, row;
    while ((row = bm_step_row(db, st, err)) == 1) {
        int64_t id = bm_col_int64(st, 0);
        const char *text[10];
        for (int i = 0; i < 10; i++)
            text[i] = bm_col_str(st, 3 + i);
        if (!sealed && strcmp(text[4], "audit.anchor") == 0) {
            sealed = 1;
            r->anchor_id = id;
            if (!key) {   /* sealed entries cannot be checked without the key */
                bm_stmt_reset(st);
                return BM_OK;
            }
        }
        const char *stored_prev = bm_col_str(st, 13);
        const char *stored = bm_col_str(st, 14);
        char hash[HASH_HEX];
        if (entry_hash(id, bm_col_int64(st, 1), bm_col_int64(st, 2), text, prev,
                       sealed ? key : NULL, hash) != 0) {
            bm_stmt_reset(st);
            return bm_fail(err, BM_EDB, N_("Database error"), "SHA-256 failed");
        }
        if (strcmp(stored_prev, prev) != 0 || strcmp(stored, hash) != 0) {
            r->first_broken = id;
            bm_stmt_reset(st);
            break;
        }
        r->intact++;
        if (!sealed)
            r->unsealed++;
        r->last_id = id;
        bm_strlcpy(prev, stored, sizeof prev);
    }
    if (row < 0)
        return BM_EDB;
    if (!an)
        return BM_OK;
    char head_hash[HASH_HEX] = "";
    int64_t head_at;
    int h = head_read(an->head_path, &r->head_count, head_hash, &head_at);
    if (h < 0)
        return bm_fail(err, BM_EDB, N_("The audit head file cannot be read"), "%s",
                       an->head_path);
    r->head_at = (time_t)head_at;
    if (h == 1 && r->head_count > 0 && !r->first_broken) {
        int64_t count;
        char last[HASH_HEX];
        int rc = last_entry(db, &count, last, err);
        if (rc != BM_OK)
            return rc;
        if (count < r->head_count)
            r->truncated = 1;
        else if (head_matches(db, r->head_count, head_hash, err) != 1)
            r->head_mismatch = 1;
    }
    return BM_OK;
}

int bm_audit_verify(bm_db *db, int64_t *first_broken_id, int64_t *entries_checked, bm_err *err)
{
    bm_audit_report r;
    int rc = bm_audit_check(db, &r, err);
    *first_broken_id = r.first_broken;
    /* As before the anchor: the count includes the first broken entry. */
    *entries_checked = r.intact + (r.first_broken ? 1 : 0);
    return rc;
}

/* ---- Backups carry the anchor ---- */

static int copy_file(const char *from, const char *to)
{
    FILE *f = fopen(from, "re");
    if (!f)
        return -1;
    char buf[512];
    size_t n = fread(buf, 1, sizeof buf, f);
    int bad = ferror(f) || !feof(f);
    fclose(f);
    int rc = bad ? -1 : write_whole(to, buf, n);
    OPENSSL_cleanse(buf, sizeof buf);
    return rc;
}

int bm_audit_copy_anchor(bm_db *db, const char *dest_url, bm_err *err)
{
    struct bm_anchor *an = db->anchor, at;
    if (!an || !an->have_key)
        return bm_fail(err, BM_EINVALID, N_("This database has no audit anchor"), NULL);
    memset(&at, 0, sizeof at);
    anchor_paths(&at, dest_url);
    if (copy_file(an->key_path, at.key_path) != 0 || copy_file(an->head_path, at.head_path) != 0)
        return bm_fail(err, BM_EDB, N_("The backup could not be written"), "%s: %s",
                       at.key_path, strerror(errno));
    return BM_OK;
}

/* ---- admin maintenance (issue 16) ---- */
int bm_audit_data_dir(bm_db *db, char *out, size_t cap)
{
    if (!db->anchor || !cap)
        return -1;
    const char *slash = strrchr(db->anchor->key_path, '/');
    if (!slash)
        snprintf(out, cap, ".");
    else
        snprintf(out, cap, "%.*s", (int)(slash - db->anchor->key_path), db->anchor->key_path);
    return 0;
}
