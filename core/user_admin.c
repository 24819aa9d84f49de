/* The administrator's account maintenance (see user_admin.h): one-time passwords, resets,
 * role and unit, locks with a reason, key removal, and finding accounts by what an admin
 * knows of them (login, name, pinyin initials, unit, role). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "core/audit_internal.h"
#include "core/db_internal.h"
#include "core/json.h"
#include "core/org.h"
#include "core/password.h"
#include "core/pinyin.h"
#include "core/user_admin.h"
#include "core/user_internal.h"

static int read_extra(bm_db *db, bm_user_info *out, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_ADMIN_ACCOUNT_EXTRA, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, out->u.id);
    int r = bm_step_row(db, st, err);
    if (r < 0)
        return BM_EDB;
    if (r == 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such user"), "%s", out->u.login);
    bm_col_text(st, 0, out->phone, sizeof out->phone);
    out->must_change = bm_col_int(st, 1);
    bm_col_text(st, 2, out->lock_reason, sizeof out->lock_reason);
    out->last_login = bm_col_is_null(st, 3) ? 0 : (time_t)bm_col_int64(st, 3);
    out->keys = bm_col_int(st, 4);
    bm_stmt_reset(st);
    return BM_OK;
}

int bm_user_info_get(bm_db *db, const char *login, bm_user_info *out, bm_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = bm_user_get(db, login, &out->u, err);
    return rc != BM_OK ? rc : read_extra(db, out, err);
}

struct found {
    bm_user *rows;
    size_t n, cap;
};

static int keep_user(const bm_user *u, void *ctx)
{
    struct found *f = ctx;
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 64;
        bm_user *n = realloc(f->rows, cap * sizeof *n);
        if (!n)
            return 1;
        f->rows = n;
        f->cap = cap;
    }
    f->rows[f->n++] = *u;
    return 0;
}

static int user_matches(const bm_user *u, const char *q)
{
    if (!q[0] || strstr(u->login, q) || strstr(u->name, q) || strstr(u->org_name, q))
        return 1;
    const char *role = bm_role_name(u->role);
    if (role && !strcmp(role, q))
        return 1;
    if (bm_pinyin_is_query(q)) {
        char v[BM_INITIALS_MAX][BM_INITIALS_LEN];
        int n = bm_pinyin_initials(u->name, v, BM_INITIALS_MAX);
        size_t ql = strlen(q);
        for (int i = 0; i < n; i++)
            if (!strncasecmp(v[i], q, ql))
                return 1;
    }
    return 0;
}

int bm_user_find(bm_db *db, const bm_actor *who, const char *query,
                 int (*each)(const bm_user_info *u, void *ctx), void *ctx, bm_err *err)
{
    int rc = bm_audit_authz(db, who, BM_ACT_USER_ADMIN, NULL, "user", "", err);
    if (rc != BM_OK)
        return rc;
    /* Collect first: reading each account's extras runs statements of its own. A county has
     * hundreds of staff, so the filter runs here rather than in SQL (pinyin is not SQL's). */
    struct found f = {0};
    if ((rc = bm_user_list(db, keep_user, &f, err)) != BM_OK) {
        free(f.rows);
        return rc;
    }
    for (size_t i = 0; i < f.n && rc == BM_OK; i++) {
        if (!user_matches(&f.rows[i], query ? query : ""))
            continue;
        bm_user_info info;
        memset(&info, 0, sizeof info);
        info.u = f.rows[i];
        if ((rc = read_extra(db, &info, err)) == BM_OK && each(&info, ctx))
            break;
    }
    free(f.rows);
    return rc;
}

/* Hashes a one-time password and stores it with the must-change mark, audited as what. */
static int store_onetime(bm_db *db, const bm_actor *who, const bm_user *u, const char *what,
                         const char *onetime, bm_err *err)
{
    char hash[256];
    int rc = bm_password_make(onetime, hash, sizeof hash, err);
    if (rc != BM_OK || (rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_ADMIN_ACCOUNT_SET_HASH, err);
    if (!st)
        return bm_tx_end(db, BM_EDB, err);
    bm_bind_int(st, 1, u->id);
    bm_bind_text(st, 2, hash);
    bm_bind_int(st, 3, 1);
    return bm_user_audited_update(db, who, st, what, u->login, NULL,
                                  "{\"must_change\":1}", err);
}

int bm_user_add_onetime(bm_db *db, const bm_actor *who, const char *login, const char *name,
                        int role, const char *org_code, const char *phone, char *onetime,
                        size_t cap, bm_err *err)
{
    int rc = bm_audit_authz(db, who, BM_ACT_USER_ADMIN, NULL, "user", login, err);
    if (rc != BM_OK || (rc = bm_password_onetime(login, onetime, cap, err)) != BM_OK)
        return rc;
    if (phone && strlen(phone) >= sizeof ((bm_user_info *)0)->phone)
        return bm_fail(err, BM_EINVALID, N_("The phone number is too long"), NULL);
    char hash[256];
    if ((rc = bm_password_make(onetime, hash, sizeof hash, err)) != BM_OK)
        return rc;
    /* One transaction: the account never exists without its must-change mark. */
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    int64_t id = 0;
    rc = bm_user_add_hashed(db, who, login, name, role, org_code, hash, phone, &id, err);
    if (rc == BM_OK) {
        bm_stmt *st = bm_sql(db, BM_SQL_ADMIN_ACCOUNT_SET_HASH, err);
        if (!st)
            return bm_tx_end(db, BM_EDB, err);
        bm_bind_int(st, 1, id);
        bm_bind_text(st, 2, hash);
        bm_bind_int(st, 3, 1);
        rc = bm_step_done(db, st, err);
    }
    rc = bm_tx_end(db, rc, err);
    if (rc != BM_OK)
        explicit_bzero(onetime, cap);
    return rc;
}

int bm_user_reset_password(bm_db *db, const bm_actor *who, const char *login, char *onetime,
                           size_t cap, bm_err *err)
{
    bm_user u;
    int rc = bm_user_target(db, who, login, 0, &u, err);
    if (rc != BM_OK || (rc = bm_password_onetime(login, onetime, cap, err)) != BM_OK)
        return rc;
    rc = store_onetime(db, who, &u, "user.reset", onetime, err);
    if (rc != BM_OK)
        explicit_bzero(onetime, cap);
    return rc;
}

int bm_user_change_own_password(bm_db *db, const bm_actor *who, const char *password,
                                bm_err *err)
{
    if (!who || who->user_id <= 0)
        return bm_fail(err, BM_EINVALID, N_("Only a logged-in user changes their own password"),
                       NULL);
    bm_user u;
    int rc = bm_user_get_by_id(db, who->user_id, &u, err);
    if (rc != BM_OK)
        return rc;
    return bm_user_set_password(db, who, u.login, password, err);
}

int bm_user_must_change(bm_db *db, int64_t user_id)
{
    bm_user_info info;
    memset(&info, 0, sizeof info);
    info.u.id = user_id;
    bm_err err;
    if (read_extra(db, &info, &err) != BM_OK)
        return -1;
    return info.must_change != 0;
}

int bm_user_lock(bm_db *db, const bm_actor *who, const char *login, int locked,
                 const char *reason, bm_err *err)
{
    bm_user_info info;
    int rc = bm_user_target(db, who, login, 0, &info.u, err);
    if (rc != BM_OK || (rc = bm_user_info_get(db, login, &info, err)) != BM_OK)
        return rc;
    if (!reason)
        reason = "";
    if (locked && !*reason)
        return bm_fail(err, BM_EINVALID, N_("Say why the account is locked"), NULL);
    if (strlen(reason) >= sizeof info.lock_reason)
        return bm_fail(err, BM_EINVALID, N_("The reason is too long (up to 40 characters)"),
                       NULL);
    if (locked && who && who->user_id == info.u.id)
        return bm_fail(err, BM_EINVALID, N_("You cannot lock your own account"), NULL);
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_ADMIN_ACCOUNT_LOCK, err);
    if (!st)
        return bm_tx_end(db, BM_EDB, err);
    bm_bind_int(st, 1, info.u.id);
    bm_bind_int(st, 2, locked ? 1 : 0);
    bm_bind_text(st, 3, locked ? reason : "");
    bm_json b, a;
    bm_json_begin(&b);
    bm_json_int(&b, "locked", info.u.locked);
    bm_json_str(&b, "reason", info.lock_reason);
    bm_json_begin(&a);
    bm_json_int(&a, "locked", locked ? 1 : 0);
    bm_json_str(&a, "reason", reason);
    char *bs = bm_json_end(&b), *as = bm_json_end(&a);
    rc = bm_user_audited_update(db, who, st, locked ? "user.lock" : "user.unlock", login, bs, as,
                                err);
    free(bs);
    free(as);
    return rc;
}

int bm_user_set_locked(bm_db *db, const bm_actor *who, const char *login, int locked,
                       bm_err *err)
{
    return bm_user_lock(db, who, login, locked, locked ? "locked" : "", err);
}

int bm_user_set_place(bm_db *db, const bm_actor *who, const char *login, int role,
                      const char *org_code, bm_err *err)
{
    bm_user u;
    int rc = bm_user_target(db, who, login, 0, &u, err);
    if (rc != BM_OK)
        return rc;
    bm_org org;
    if (org_code && *org_code)
        rc = bm_org_get_by_code(db, org_code, &org, err);
    else
        rc = bm_org_get(db, u.org_id, &org, err);
    if (rc != BM_OK)
        return rc;
    if (!role)
        role = u.role;
    if (!bm_role_name(role))
        return bm_fail(err, BM_EINVALID, N_("Unknown role"), "%d", role);
    if (!org.active)
        return bm_fail(err, BM_EINVALID, N_("This unit is retired"), "%s", org.code);
    if (!bm_role_fits_unit(role, org.kind))
        return bm_fail(err, BM_EINVALID,
                       N_("This role does not belong in this unit (agents in villages; clerks, "
                          "duty staff and supervisors in centres; admins at the county)"),
                       "%s in %s", bm_role_name(role), org.code);
    if (who && who->user_id == u.id && role != u.role)
        return bm_fail(err, BM_EINVALID, N_("You cannot change your own role"), NULL);
    bm_org before_org;
    if ((rc = bm_org_get(db, u.org_id, &before_org, err)) != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_ADMIN_ACCOUNT_PLACE, err);
    if (!st)
        return bm_tx_end(db, BM_EDB, err);
    bm_bind_int(st, 1, u.id);
    bm_bind_int(st, 2, role);
    bm_bind_int(st, 3, org.id);
    bm_json b, a;
    bm_json_begin(&b);
    bm_json_str(&b, "role", bm_role_name(u.role));
    bm_json_str(&b, "org", before_org.code);
    bm_json_begin(&a);
    bm_json_str(&a, "role", bm_role_name(role));
    bm_json_str(&a, "org", org.code);
    char *bs = bm_json_end(&b), *as = bm_json_end(&a);
    rc = bm_user_audited_update(db, who, st, "user.place", login, bs, as, err);
    free(bs);
    free(as);
    return rc;
}

int bm_user_key_remove(bm_db *db, const bm_actor *who, const char *login, const char *key_line,
                       bm_err *err)
{
    bm_user u;
    int rc = bm_user_target(db, who, login, 1, &u, err);
    if (rc != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_ADMIN_ACCOUNT_KEY_DELETE, err);
    if (!st)
        return bm_tx_end(db, BM_EDB, err);
    bm_bind_int(st, 1, u.id);
    bm_bind_text(st, 2, key_line ? key_line : "");
    if ((rc = bm_step_done(db, st, err)) != BM_OK)
        return bm_tx_end(db, rc, err);
    if (bm_store_changes(db->store) == 0)
        return bm_tx_end(db, bm_fail(err, BM_ENOTFOUND, N_("The user has no such key"), NULL),
                         err);
    bm_json j;
    bm_json_begin(&j);
    bm_json_str(&j, "key", key_line);
    char *before = bm_json_end(&j);
    rc = bm_audit_append(db, who, "user.key_remove", "user", login, before, NULL, NULL, err);
    free(before);
    return bm_tx_end(db, rc, err);
}
