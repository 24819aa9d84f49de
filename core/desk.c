/* What the files of the centre head's desk share (see desk_internal.h): the events of its
 * records, the scope checks, loading a record, and the due day of a request. */
#include <stdio.h>
#include <string.h>
#include "core/calendar.h"
#include "core/desk_internal.h"


int bm_desk_event(bm_db *db, const bm_actor *who, const char *object, int64_t id,
                  const char *action, const char *note, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_DESK_EVENT_INSERT, err);
    if (!st)
        return BM_EDB;
    bm_bind_text(st, 1, object);
    bm_bind_int(st, 2, id);
    bm_bind_int(st, 3, (int64_t)bm_now());
    bm_bind_int(st, 4, who ? who->user_id : 0);
    bm_bind_text(st, 5, who && who->login ? who->login : "");
    bm_bind_text(st, 6, action);
    bm_bind_text(st, 7, note ? note : "");
    bm_bind_text(st, 8, who && who->session ? who->session : "");
    bm_bind_text(st, 9, who && who->addr ? who->addr : "");
    int rc = bm_step_done(db, st, err);
    if (rc != BM_OK)
        return rc;
    char what[64], oid[24];
    snprintf(what, sizeof what, "%s.%s", object, action);
    snprintf(oid, sizeof oid, "%lld", (long long)id);
    return bm_audit_append(db, who, what, object, oid, NULL, NULL, note, err);
}

int bm_desk_need_text(const char *s, const char *reason, bm_err *err)
{
    const char *p = s;
    while (p && *p == ' ')
        p++;
    if (!p || !*p)
        return bm_err_at(err, BM_FIELD_NOTE, bm_fail(err, BM_EINVALID, reason, NULL));
    if (strlen(s) > 1000)
        return bm_err_at(err, BM_FIELD_NOTE,
                         bm_fail(err, BM_EINVALID, N_("The text is too long"), NULL));
    return BM_OK;
}

int bm_desk_check(bm_db *db, const bm_actor *who, int action, int64_t centre_id,
                  const char *object, int64_t id, bm_err *err)
{
    bm_place p = {centre_id, 0};
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", (long long)id);
    return bm_audit_authz(db, who, action, &p, object, oid, err);
}

int bm_desk_scope(bm_db *db, const bm_actor *who, int action, const char *object,
                  int64_t *centre_id, bm_err *err)
{
    bm_place mine;
    int rc = bm_actor_place(db, who, &mine, err);
    if (rc != BM_OK)
        return rc;
    *centre_id = mine.centre_id;
    return bm_desk_check(db, who, action, mine.centre_id, object, 0, err);
}

int bm_desk_load(bm_db *db, int q, int64_t key, void (*read)(bm_stmt *, void *), void *out,
                 const char *missing, bm_err *err)
{
    bm_stmt *st;
    int r = bm_fetch_one(db, q, NULL, key, &st, err);
    if (r < 0)
        return -r;
    if (r == 0)
        return bm_fail(err, BM_ENOTFOUND, missing, "%lld", (long long)key);
    read(st, out);
    bm_stmt_reset(st);
    return BM_OK;
}

void bm_desk_bind_opt(bm_stmt *st, int idx, int64_t v)
{
    if (v)
        bm_bind_int(st, idx, v);
    else
        bm_bind_null(st, idx);
}

int bm_desk_due(bm_db *db, int n, char today[11], char due[11], bm_err *err)
{
    bm_day t = bm_day_of(bm_now()), d = t;
    int rc = n > 0 ? bm_workdays_add(db, t, n, &d, NULL, err) : BM_OK;
    bm_day_format(t, today);
    bm_day_format(d, due);
    return rc;
}
