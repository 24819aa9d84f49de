/* Whereabouts notes: set, cleared (by hand, at the next login, by a newer note), read per
 * person and for a centre's staff list. */
#include <stdio.h>
#include <string.h>
#include "core/audit_internal.h"
#include "core/authz.h"
#include "core/date.h"
#include "core/db_internal.h"
#include "core/whereabouts.h"

#define MAX_AWAY_DAYS 60

const char *bm_where_kind_label(int kind)
{
    switch (kind) {
    case BM_WHERE_VILLAGE: return N_("In the villages");
    case BM_WHERE_MEETING: return N_("In a meeting");
    case BM_WHERE_ERRAND: return N_("Out on business");
    case BM_WHERE_LEAVE: return N_("On leave");
    default: return "";
    }
}

static int clear(bm_db *db, int64_t account_id, int how, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_WHERE_CLEAR, err);
    if (!st)
        return BM_EDB;
    bm_bind_id(st, 1, account_id);
    bm_bind_int(st, 2, (int64_t)bm_now());
    bm_bind_int(st, 3, how);
    return bm_step_done(db, st, err);
}

int bm_where_set(bm_db *db, const bm_actor *who, int kind, const char *place, time_t back_at,
                 bm_err *err)
{
    if (!who || who->user_id <= 0)
        return bm_fail(err, BM_EDENIED, N_("Only a logged-in member of staff leaves a note"),
                       NULL);
    if (kind < BM_WHERE_VILLAGE || kind >= BM_WHERE_KIND_COUNT)
        return bm_err_at(err, BM_FIELD_KIND,
                         bm_fail(err, BM_EINVALID, N_("Choose where you are"), "%d", kind));
    if (place && strlen(place) >= 128)
        return bm_err_at(err, BM_FIELD_NOTE,
                         bm_fail(err, BM_EINVALID, N_("That text is too long"), NULL));
    time_t now = bm_now();
    if (back_at <= now || back_at - now > (time_t)MAX_AWAY_DAYS * 86400)
        return bm_err_at(err, BM_FIELD_COMMIT_DATE,
                         bm_fail(err, BM_EINVALID, N_("The return time is later today or "
                                                      "within 60 days"), NULL));
    int rc = bm_tx_begin(db, err);
    if (rc != BM_OK)
        return rc;
    rc = clear(db, who->user_id, BM_WHERE_REPLACED, err);
    bm_stmt *st = rc == BM_OK ? bm_sql(db, BM_SQL_WHERE_INSERT, err) : NULL;
    if (rc == BM_OK && !st)
        rc = BM_EDB;
    if (rc == BM_OK) {
        bm_bind_id(st, 1, who->user_id);
        bm_bind_int(st, 2, kind);
        bm_bind_text(st, 3, place ? place : "");
        bm_bind_int(st, 4, (int64_t)back_at);
        bm_bind_int(st, 5, (int64_t)now);
        rc = bm_step_done(db, st, err);
    }
    char after[64];
    snprintf(after, sizeof after, "{\"kind\":%d,\"back\":%lld}", kind, (long long)back_at);
    if (rc == BM_OK)
        rc = bm_audit_append(db, who, "whereabouts.set", "account", who->login ? who->login : "",
                             NULL, after, place, err);
    return bm_tx_end(db, rc, err);
}

int bm_where_clear(bm_db *db, const bm_actor *who, int how, bm_err *err)
{
    if (!who || who->user_id <= 0)
        return BM_OK;
    if (how != BM_WHERE_BY_HAND && how != BM_WHERE_AT_LOGIN)
        return bm_fail(err, BM_EINVALID, N_("Unknown way of clearing a note"), "%d", how);
    return clear(db, who->user_id, how, err);
}

static void read_note(bm_stmt *st, int col, bm_whereabouts *w)
{
    w->kind = bm_col_int(st, col);
    bm_col_text(st, col + 1, w->place, sizeof w->place);
    w->back_at = (time_t)bm_col_int64(st, col + 2);
}

int bm_where_current(bm_db *db, int64_t account_id, bm_whereabouts *out, bm_err *err)
{
    memset(out, 0, sizeof *out);
    bm_stmt *st = bm_sql(db, BM_SQL_WHERE_CURRENT, err);
    if (!st)
        return BM_EDB;
    bm_bind_id(st, 1, account_id);
    bm_bind_int(st, 2, (int64_t)bm_now());
    int r = bm_step_row(db, st, err);
    if (r < 0)
        return BM_EDB;
    if (r == 1) {
        read_note(st, 0, out);
        out->set_at = (time_t)bm_col_int64(st, 3);
        bm_stmt_reset(st);
    }
    return BM_OK;
}

int bm_where_history(bm_db *db, int64_t account_id, int limit,
                     int (*each)(const bm_whereabouts *w, void *ctx), void *ctx, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_WHERE_HISTORY, err);
    if (!st)
        return BM_EDB;
    bm_bind_id(st, 1, account_id);
    bm_bind_int(st, 2, limit > 0 ? limit : 20);
    int r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        bm_whereabouts w = {0};
        read_note(st, 0, &w);
        w.set_at = (time_t)bm_col_int64(st, 3);
        w.cleared_at = (time_t)bm_col_int64(st, 4);
        w.cleared_how = bm_col_int(st, 5);
        if (each(&w, ctx) != 0) {
            bm_stmt_reset(st);
            return BM_OK;
        }
    }
    return r < 0 ? BM_EDB : BM_OK;
}

int bm_staff_of_centre(bm_db *db, const bm_actor *who,
                       int (*each)(const bm_staff *s, void *ctx), void *ctx, bm_err *err)
{
    bm_place place;
    int rc = bm_actor_place(db, who, &place, err);
    if (rc != BM_OK)
        return rc;
    if (!place.centre_id)
        return bm_fail(err, BM_EINVALID, N_("Your account belongs to no centre"), NULL);
    bm_stmt *st = bm_sql(db, BM_SQL_WHERE_STAFF, err);
    if (!st)
        return BM_EDB;
    bm_bind_id(st, 1, place.centre_id);
    bm_bind_int(st, 2, (int64_t)bm_now());
    bm_bind_int(st, 3, BM_ROLE_ADMIN);
    int r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        bm_staff s;
        memset(&s, 0, sizeof s);
        s.id = bm_col_int64(st, 0);
        bm_col_text(st, 1, s.name, sizeof s.name);
        s.role = bm_col_int(st, 2);
        bm_col_text(st, 3, s.phone, sizeof s.phone);
        bm_col_text(st, 4, s.unit, sizeof s.unit);
        bm_col_text(st, 5, s.login, sizeof s.login);
        read_note(st, 6, &s.where);
        if (each(&s, ctx) != 0) {
            bm_stmt_reset(st);
            return BM_OK;
        }
    }
    return r < 0 ? BM_EDB : BM_OK;
}
