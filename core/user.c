/* Staff accounts: roles, yescrypt passwords, public keys, locks, preferences and the
 * failed-login count. */
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/authz.h"
#include "core/date.h"
#include "core/audit_internal.h"
#include "core/db_internal.h"
#include "core/json.h"
#include "core/org.h"
#include "core/password.h"
#include "core/user.h"
#include "core/user_internal.h"
#include "core/whereabouts.h"

static void read_user(bm_stmt *st, bm_user *u)
{
    memset(u, 0, sizeof *u);
    u->id = bm_col_int64(st, 0);
    bm_col_text(st, 1, u->login, sizeof u->login);
    bm_col_text(st, 2, u->name, sizeof u->name);
    u->role = bm_col_int(st, 3);
    u->org_id = bm_col_int64(st, 4);
    bm_col_text(st, 5, u->org_name, sizeof u->org_name);
    u->locked = bm_col_int(st, 6);
    bm_col_text(st, 7, u->lang, sizeof u->lang);
    bm_col_text(st, 8, u->charset, sizeof u->charset);
    bm_col_text(st, 9, u->lines, sizeof u->lines);
}

static int get_user(bm_db *db, bm_stmt *st, bm_user *out, bm_err *err, const char *what)
{
    int r = bm_step_row(db, st, err);
    if (r < 0)
        return BM_EDB;
    if (r == 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such user"), "%s", what);
    read_user(st, out);
    bm_stmt_reset(st);
    return BM_OK;
}

int bm_user_get(bm_db *db, const char *login, bm_user *out, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_ACCOUNT_GET, err);
    if (!st)
        return BM_EDB;
    bm_bind_text(st, 1, login ? login : "");
    return get_user(db, st, out, err, login ? login : "");
}

int bm_user_get_by_id(bm_db *db, int64_t id, bm_user *out, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_ACCOUNT_GET_BY_ID, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, id);
    char what[32];
    snprintf(what, sizeof what, "id %lld", (long long)id);
    return get_user(db, st, out, err, what);
}

int bm_user_password_hash(bm_db *db, const char *login, char *hash, size_t hashlen, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_ACCOUNT_HASH, err);
    if (!st)
        return BM_EDB;
    bm_bind_text(st, 1, login ? login : "");
    int r = bm_step_row(db, st, err);
    if (r < 0)
        return BM_EDB;
    if (r == 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such user"), "%s", login ? login : "");
    const char *h = bm_col_str(st, 0);
    if (!h || strlen(h) >= hashlen) {
        bm_stmt_reset(st);
        return bm_fail(err, BM_EINVALID, N_("The stored password hash does not fit"), NULL);
    }
    memcpy(hash, h, strlen(h) + 1);
    bm_stmt_reset(st);
    return BM_OK;
}

int bm_password_make(const char *password, char *hash, size_t hashlen, bm_err *err)
{
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!password)
        return bm_fail(err, BM_EINVALID, N_("A password is required"), NULL);
    if (!crypt_gensalt_rn("$y$", 0, NULL, 0, salt, (int)sizeof salt))
        return bm_fail(err, BM_EDB, N_("Cannot make a password hash"), "crypt_gensalt_rn failed");
    struct crypt_data *cd = calloc(1, sizeof *cd);
    if (!cd)
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    const char *h = crypt_r(password, salt, cd);
    int rc = BM_OK;
    if (!h || h[0] == '*')
        rc = bm_fail(err, BM_EDB, N_("Cannot make a password hash"), "crypt_r failed");
    else if (strlen(h) >= hashlen)
        rc = bm_fail(err, BM_EINVALID, N_("Cannot make a password hash"), "buffer too small");
    else
        memcpy(hash, h, strlen(h) + 1);
    explicit_bzero(cd, sizeof *cd);
    free(cd);
    return rc;
}

int bm_password_matches(const char *password, const char *hash)
{
    if (!password || !hash || strncmp(hash, "$y$", 3) != 0)
        return 0;
    struct crypt_data *cd = calloc(1, sizeof *cd);
    if (!cd)
        return 0;
    const char *h = crypt_r(password, hash, cd);
    int ok = 0;
    if (h && h[0] != '*' && strlen(h) == strlen(hash)) {
        /* Compare in constant time. */
        unsigned char diff = 0;
        for (size_t i = 0; hash[i]; i++)
            diff |= (unsigned char)(h[i] ^ hash[i]);
        ok = diff == 0;
    }
    explicit_bzero(cd, sizeof *cd);
    free(cd);
    return ok;
}

/* A login is spelt as a unit code, starting with a letter. */
static int valid_login(const char *login)
{
    return login && login[0] >= 'a' && login[0] <= 'z' && bm_org_code_valid(login);
}

int bm_role_fits_unit(int role, int kind)
{
    switch (role) {
    case BM_ROLE_AGENT: return kind == BM_ORG_VILLAGE;
    case BM_ROLE_CLERK:
    case BM_ROLE_DUTY:
    case BM_ROLE_SUPERVISOR: return kind == BM_ORG_TOWNSHIP;
    case BM_ROLE_ADMIN: return kind == BM_ORG_COUNTY || kind == BM_ORG_TOWNSHIP;
    default: return 0;
    }
}

int bm_user_add_hashed(bm_db *db, const bm_actor *who, const char *login, const char *name,
                       int role, const char *org_code, const char *hash, const char *phone,
                       int64_t *id_out, bm_err *err)
{
    int rc = bm_audit_authz(db, who, BM_ACT_USER_ADMIN, NULL, "user", login, err);
    if (rc != BM_OK)
        return rc;
    if (!valid_login(login))
        return bm_fail(err, BM_EINVALID,
                       N_("A login is 1-32 lower-case letters, digits, '.', '-' or '_', "
                          "starting with a letter"), "%s", login ? login : "");
    if (!name || !*name || strlen(name) >= sizeof ((bm_user *)0)->name)
        return bm_fail(err, BM_EINVALID, N_("A user needs a name (up to 20 characters)"), NULL);
    if (!bm_role_name(role))
        return bm_fail(err, BM_EINVALID, N_("Unknown role"), "%d", role);
    bm_org org;
    if ((rc = bm_org_get_by_code(db, org_code, &org, err)) != BM_OK)
        return rc;
    if (!org.active)
        return bm_fail(err, BM_EINVALID, N_("This unit is retired"), "%s", org.code);
    if (!bm_role_fits_unit(role, org.kind))
        return bm_fail(err, BM_EINVALID,
                       N_("This role does not belong in this unit (agents in villages; clerks, "
                          "duty staff and supervisors in centres; admins at the county)"),
                       "%s in %s", bm_role_name(role), org.code);
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_ACCOUNT_INSERT, err);
    if (!st)
        return bm_tx_end(db, BM_EDB, err);
    bm_bind_text(st, 1, login);
    bm_bind_text(st, 2, name);
    bm_bind_int(st, 3, role);
    bm_bind_int(st, 4, org.id);
    bm_bind_text(st, 5, hash);
    bm_bind_text(st, 6, phone ? phone : "");
    bm_bind_int(st, 7, (int64_t)bm_now());
    rc = bm_step_done(db, st, err);
    if (rc == BM_ECONFLICT && err)
        err->reason = N_("This login is already taken");
    if (rc == BM_OK) {
        int64_t id = bm_store_last_id(db->store);
        if (id_out)
            *id_out = id;
        bm_json j;
        bm_json_begin(&j);
        bm_json_str(&j, "login", login);
        bm_json_str(&j, "name", name);
        bm_json_str(&j, "role", bm_role_name(role));
        bm_json_str(&j, "org", org.code);
        char *after = bm_json_end(&j);
        rc = bm_audit_append(db, who, "user.add", "user", login, NULL, after, NULL, err);
        free(after);
    }
    return bm_tx_end(db, rc, err);
}


int bm_user_add(bm_db *db, const bm_actor *who, const char *login, const char *name, int role,
                const char *org_code, const char *password, bm_err *err)
{
    /* Refuse before the (slow) hash when the caller may not add users anyway. */
    int rc = bm_audit_authz(db, who, BM_ACT_USER_ADMIN, NULL, "user", login, err);
    if (rc != BM_OK || (rc = bm_password_acceptable(login, password, err)) != BM_OK)
        return rc;
    char hash[256];
    if ((rc = bm_password_make(password, hash, sizeof hash, err)) != BM_OK)
        return rc;
    return bm_user_add_hashed(db, who, login, name, role, org_code, hash, NULL, NULL, err);
}

/* The account `login` when the actor is an admin or the account itself. */
int bm_user_target(bm_db *db, const bm_actor *who, const char *login, int self_ok,
                          bm_user *u, bm_err *err)
{
    int rc = bm_user_get(db, login, u, err);
    if (rc != BM_OK)
        return rc;
    if (self_ok && who && who->user_id != 0 && who->user_id == u->id)
        return BM_OK;
    return bm_audit_authz(db, who, BM_ACT_USER_ADMIN, NULL, "user", login, err);
}

int bm_user_audited_update(bm_db *db, const bm_actor *who, bm_stmt *st, const char *what,
                          const char *login, const char *before, const char *after, bm_err *err)
{
    int rc = bm_step_done(db, st, err);
    if (rc == BM_OK)
        rc = bm_audit_append(db, who, what, "user", login, before, after, NULL, err);
    return bm_tx_end(db, rc, err);
}

int bm_user_set_password(bm_db *db, const bm_actor *who, const char *login,
                         const char *password, bm_err *err)
{
    bm_user u;
    int rc = bm_user_target(db, who, login, 1, &u, err);
    if (rc != BM_OK || (rc = bm_password_acceptable(login, password, err)) != BM_OK)
        return rc;
    char hash[256];
    if ((rc = bm_password_make(password, hash, sizeof hash, err)) != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    /* A password set by name is a known one: no longer one-time. */
    bm_stmt *st = bm_sql(db, BM_SQL_ADMIN_ACCOUNT_SET_HASH, err);
    if (!st)
        return bm_tx_end(db, BM_EDB, err);
    bm_bind_int(st, 1, u.id);
    bm_bind_text(st, 2, hash);
    bm_bind_int(st, 3, 0);
    return bm_user_audited_update(db, who, st, "user.password", login, NULL, NULL, err);
}

int bm_user_key_add(bm_db *db, const bm_actor *who, const char *login, const char *key_line,
                    bm_err *err)
{
    bm_user u;
    int rc = bm_user_target(db, who, login, 1, &u, err);
    if (rc != BM_OK)
        return rc;
    if (!key_line || !*key_line || strlen(key_line) > 16384 || strchr(key_line, '\n'))
        return bm_fail(err, BM_EINVALID, N_("A key is one line of authorized_keys"), NULL);
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_ACCOUNT_KEY_INSERT, err);
    if (!st)
        return bm_tx_end(db, BM_EDB, err);
    bm_bind_int(st, 1, u.id);
    bm_bind_text(st, 2, key_line);
    bm_bind_int(st, 3, (int64_t)bm_now());
    rc = bm_step_done(db, st, err);
    if (rc == BM_ECONFLICT && err)
        err->reason = N_("This key is already registered for the user");
    if (rc != BM_OK)
        return bm_tx_end(db, rc, err);
    bm_json j;
    bm_json_begin(&j);
    bm_json_str(&j, "key", key_line);
    char *after = bm_json_end(&j);
    rc = bm_audit_append(db, who, "user.key_add", "user", login, NULL, after, NULL, err);
    free(after);
    return bm_tx_end(db, rc, err);
}

int bm_user_keys(bm_db *db, const char *login, int (*each)(const char *key_line, void *ctx),
                 void *ctx, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_ACCOUNT_KEYS, err);
    if (!st)
        return BM_EDB;
    bm_bind_text(st, 1, login ? login : "");
    int r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        if (each(bm_col_str(st, 0), ctx)) {
            bm_stmt_reset(st);
            return BM_OK;
        }
    }
    return r < 0 ? BM_EDB : BM_OK;
}

int bm_user_list(bm_db *db, int (*each)(const bm_user *u, void *ctx), void *ctx, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_ACCOUNT_LIST, err);
    if (!st)
        return BM_EDB;
    int r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        bm_user u;
        read_user(st, &u);
        if (each(&u, ctx)) {
            bm_stmt_reset(st);
            return BM_OK;
        }
    }
    return r < 0 ? BM_EDB : BM_OK;
}

int bm_user_set_prefs(bm_db *db, const bm_actor *who, const char *lang, const char *charset,
                      const char *lines, bm_err *err)
{
    if (!who || who->user_id <= 0)
        return bm_fail(err, BM_EINVALID, N_("Preferences belong to a logged-in user"), NULL);
    if ((lang && strlen(lang) >= sizeof ((bm_user *)0)->lang) ||
        (charset && strlen(charset) >= sizeof ((bm_user *)0)->charset))
        return bm_fail(err, BM_EINVALID, N_("Unknown language or character set"), NULL);
    if (lines && lines[0] && strcmp(lines, "dec") && strcmp(lines, "unicode") &&
        strcmp(lines, "ascii"))
        return bm_fail(err, BM_EINVALID, N_("Line drawing is dec, unicode or ascii"), "%s", lines);
    bm_user u;
    int rc = bm_user_get_by_id(db, who->user_id, &u, err);
    if (rc != BM_OK)
        return rc;
    if (!lang)
        lang = u.lang;
    if (!charset)
        charset = u.charset;
    if (!lines)
        lines = u.lines;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_ACCOUNT_SET_PREFS, err);
    if (!st)
        return bm_tx_end(db, BM_EDB, err);
    bm_bind_int(st, 1, u.id);
    bm_bind_text(st, 2, lang);
    bm_bind_text(st, 3, charset);
    bm_bind_text(st, 4, lines);
    bm_json b, a;
    bm_json_begin(&b);
    bm_json_str(&b, "lang", u.lang);
    bm_json_str(&b, "charset", u.charset);
    bm_json_str(&b, "lines", u.lines);
    bm_json_begin(&a);
    bm_json_str(&a, "lang", lang);
    bm_json_str(&a, "charset", charset);
    bm_json_str(&a, "lines", lines);
    char *bs = bm_json_end(&b), *as = bm_json_end(&a);
    rc = bm_user_audited_update(db, who, st, "user.prefs", u.login, bs, as, err);
    free(bs);
    free(as);
    return rc;
}

int bm_login_failure_add(bm_db *db, const char *login, const char *addr, time_t when, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_LOGIN_FAILURE_INSERT, err);
    if (!st)
        return BM_EDB;
    bm_bind_text(st, 1, login ? login : "");
    bm_bind_text(st, 2, addr ? addr : "");
    bm_bind_int(st, 3, (int64_t)when);
    return bm_step_done(db, st, err);
}

int bm_login_failures(bm_db *db, const char *login, time_t since, int *n, bm_err *err)
{
    *n = 0;
    bm_stmt *st = bm_sql(db, BM_SQL_LOGIN_FAILURE_COUNT, err);
    if (!st)
        return BM_EDB;
    bm_bind_text(st, 1, login ? login : "");
    bm_bind_int(st, 2, (int64_t)since);
    int r = bm_step_row(db, st, err);
    if (r < 0)
        return BM_EDB;
    if (r == 1) {
        *n = bm_col_int(st, 0);
        bm_stmt_reset(st);
    }
    return BM_OK;
}

int bm_audit_session(bm_db *db, const bm_actor *who, const char *what, const char *note,
                     bm_err *err)
{
    static const char *const allowed[] = {"login", "logout", "login-failed", "refused"};
    int ok = 0;
    for (size_t i = 0; what && i < sizeof allowed / sizeof allowed[0]; i++)
        ok |= strcmp(what, allowed[i]) == 0;
    if (!ok)
        return bm_fail(err, BM_EINVALID, N_("Unknown session event"), "%s", what ? what : "");
    int rc = bm_audit_append(db, who, what, "session", who && who->session ? who->session : "",
                             NULL, NULL, note, err);
    /* Logging in again ends a whereabouts note: the person is back. */
    if (rc == BM_OK && strcmp(what, "login") == 0)
        rc = bm_where_clear(db, who, BM_WHERE_AT_LOGIN, err);
    /* The last login, for the administrator's user list. */
    if (rc == BM_OK && !strcmp(what, "login") && who && who->user_id > 0) {
        bm_stmt *st = bm_sql(db, BM_SQL_ADMIN_ACCOUNT_LAST_LOGIN, err);
        if (!st)
            return BM_EDB;
        bm_bind_int(st, 1, who->user_id);
        bm_bind_int(st, 2, (int64_t)bm_now());
        rc = bm_step_done(db, st, err);
    }
    return rc;
}
