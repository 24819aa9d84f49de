/* The duty roster: off-hours slots from the calendar and office hours, generation in turn
 * order with leave skipped, overrides, who is on duty, and the coverage check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/audit_internal.h"
#include "core/authz.h"
#include "core/calendar.h"
#include "core/db_internal.h"
#include "core/hours.h"
#include "core/org.h"
#include "core/roster.h"
#include "core/user.h"

#define DEFAULT_HANDOVER (8 * 60 + 30)
#define MAX_MEMBERS 32
#define MAX_RANGE_DAYS 400

const char *bm_shift_kind_label(int kind)
{
    switch (kind) {
    case BM_SHIFT_EVENING: return N_("Evening");
    case BM_SHIFT_WEEKEND: return N_("Weekend");
    case BM_SHIFT_HOLIDAY: return N_("Holiday");
    default: return "";
    }
}

/* One off-hours period to be covered. */
struct slot {
    bm_day day;
    int kind;
    time_t start, end;
};

/* Statutory holidays ("off" days of the calendar) of the years a walk touches. */
struct holidays {
    int year[4];
    int nyears;
    bm_day off[256];
    int n;
};

static int note_off(bm_day day, const char *kind, const char *name, void *ctx)
{
    (void)name;
    struct holidays *h = ctx;
    if (strcmp(kind, "off") == 0 && h->n < (int)(sizeof h->off / sizeof h->off[0]))
        h->off[h->n++] = day;
    return 0;
}

static int is_holiday(bm_db *db, struct holidays *h, bm_day day, int *holiday, bm_err *err)
{
    int y, m, d;
    bm_day_to_ymd(day, &y, &m, &d);
    int known = 0;
    for (int i = 0; i < h->nyears; i++)
        known |= h->year[i] == y;
    if (!known && h->nyears < 4) {
        h->year[h->nyears++] = y;
        int rc = bm_calendar_days(db, y, note_off, h, err);
        if (rc != BM_OK)
            return rc;
    }
    *holiday = 0;
    for (int i = 0; i < h->n; i++)
        *holiday |= h->off[i] == day;
    return BM_OK;
}

static int handover_of(bm_db *db, int64_t centre_id, int *handover, bm_err *err)
{
    bm_stmt *st;
    int r = bm_fetch_one(db, BM_SQL_DUTY_SETTING_GET, NULL, centre_id, &st, err);
    if (r < 0)
        return -r;
    *handover = DEFAULT_HANDOVER;
    if (r == 1) {
        *handover = bm_col_int(st, 0);
        bm_stmt_reset(st);
    }
    return BM_OK;
}

/* Calls each for the off-hours slots of days [from, to], in time order. */
static int walk_slots(bm_db *db, int64_t centre_id, bm_day from, bm_day to,
                      int (*each)(const struct slot *s, void *ctx), void *ctx, bm_err *err)
{
    if (to < from || to - from > MAX_RANGE_DAYS)
        return bm_fail(err, BM_EINVALID, N_("The dates are too far apart"), NULL);
    bm_centre_hours h;
    struct holidays *hol = calloc(1, sizeof *hol);
    if (!hol)
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    int handover, rc = bm_hours_load(db, centre_id, &h, err);
    if (rc == BM_OK)
        rc = handover_of(db, centre_id, &handover, err);
    for (bm_day d = from; rc == BM_OK && d <= to; d++) {
        int working, open, close, next_working, next_open, next_close;
        if ((rc = bm_hours_day_span(db, &h, d, &working, &open, &close, err)) != BM_OK ||
            (rc = bm_hours_day_span(db, &h, d + 1, &next_working, &next_open, &next_close,
                                    err)) != BM_OK)
            break;
        struct slot s = {.day = d};
        s.end = bm_time_at(d + 1, next_working ? next_open : handover);
        if (working) {
            s.kind = BM_SHIFT_EVENING;
            s.start = bm_time_at(d, close);
        } else {
            int holiday;
            if ((rc = is_holiday(db, hol, d, &holiday, err)) != BM_OK)
                break;
            s.kind = holiday ? BM_SHIFT_HOLIDAY : BM_SHIFT_WEEKEND;
            s.start = bm_time_at(d, handover);
        }
        if (s.end > s.start && each(&s, ctx) != 0)
            break;
    }
    free(hol);
    return rc;
}

/* The centre with that code, and the editor's right to its roster. */
static int centre_for_edit(bm_db *db, const bm_actor *who, const char *code, bm_org *centre,
                           bm_err *err)
{
    int rc = bm_org_get_by_code(db, code, centre, err);
    if (rc != BM_OK)
        return rc;
    if (centre->kind != BM_ORG_TOWNSHIP)
        return bm_fail(err, BM_EINVALID, N_("A duty roster belongs to a township centre"),
                       "%s", code);
    bm_place place = {.centre_id = centre->id};
    return bm_audit_authz(db, who, BM_ACT_ROSTER_EDIT, &place, "roster", code, err);
}

/* The account with that login, which must work at the centre. */
static int staff_of(bm_db *db, const char *login, int64_t centre_id, bm_user *u, bm_err *err)
{
    int rc = bm_user_get(db, login ? login : "", u, err);
    if (rc != BM_OK)
        return rc;
    bm_org o;
    if ((rc = bm_org_get(db, u->org_id, &o, err)) != BM_OK)
        return rc;
    if (o.centre_id != centre_id || u->locked)
        return bm_fail(err, BM_EINVALID, N_("That person is not on the staff of this centre"),
                       "%s", login);
    return BM_OK;
}

static int on_leave(bm_db *db, int64_t user_id, bm_day day, int *leave, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_DUTY_LEAVE_ON, err);
    if (!st)
        return BM_EDB;
    bm_bind_id(st, 1, user_id);
    bm_bind_int(st, 2, day);
    int r = bm_step_row(db, st, err);
    if (r < 0)
        return BM_EDB;
    *leave = r == 1 && bm_col_int(st, 0) > 0;
    bm_stmt_reset(st);
    return BM_OK;
}

/* Statement q bound to a centre and days [from, to]; NULL when it cannot be prepared. */
static bm_stmt *days_query(bm_db *db, int q, int64_t centre_id, bm_day from, bm_day to,
                           bm_err *err)
{
    bm_stmt *st = bm_sql(db, q, err);
    if (st) {
        bm_bind_id(st, 1, centre_id);
        bm_bind_int(st, 2, from);
        bm_bind_int(st, 3, to);
    }
    return st;
}

int bm_roster_set_rotation(bm_db *db, const bm_actor *who, const char *centre_code,
                           const bm_rotation_member *members, int n, int handover,
                           bm_err *err)
{
    bm_org centre;
    int rc = centre_for_edit(db, who, centre_code, &centre, err);
    if (rc != BM_OK)
        return rc;
    if (n < 0 || n > MAX_MEMBERS || handover < 0 || handover >= 24 * 60)
        return bm_fail(err, BM_EINVALID, N_("A rotation has at most 32 people and a hand-over "
                                            "time within the day"), NULL);
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_DUTY_ROTATION_CLEAR, err);
    if (!st)
        return bm_tx_end(db, BM_EDB, err);
    bm_bind_id(st, 1, centre.id);
    rc = bm_step_done(db, st, err);
    char after[1024];
    size_t len = (size_t)snprintf(after, sizeof after, "{\"handover\":%d,\"members\":\"",
                                  handover);
    for (int i = 0; rc == BM_OK && i < n; i++) {
        bm_user u;
        if ((rc = staff_of(db, members[i].login, centre.id, &u, err)) != BM_OK)
            break;
        if (!(members[i].kinds & BM_SHIFT_ALL) || (members[i].kinds & ~BM_SHIFT_ALL)) {
            rc = bm_fail(err, BM_EINVALID, N_("Each person on the rotation takes some kind of "
                                              "shift"), "%s", members[i].login);
            break;
        }
        if (!(st = bm_sql(db, BM_SQL_DUTY_ROTATION_INSERT, err))) {
            rc = BM_EDB;
            break;
        }
        bm_bind_id(st, 1, centre.id);
        bm_bind_int(st, 2, i);
        bm_bind_id(st, 3, u.id);
        bm_bind_int(st, 4, members[i].kinds);
        rc = bm_step_done(db, st, err);
        if (len < sizeof after)
            len += (size_t)snprintf(after + len, sizeof after - len, "%s%s:%d", i ? " " : "",
                                    u.login, members[i].kinds);
    }
    if (len < sizeof after)
        snprintf(after + len, sizeof after - len, "\"}");
    if (rc == BM_OK && (st = bm_sql(db, BM_SQL_DUTY_SETTING_SET, err)) == NULL)
        rc = BM_EDB;
    if (rc == BM_OK) {
        bm_bind_id(st, 1, centre.id);
        bm_bind_int(st, 2, handover);
        rc = bm_step_done(db, st, err);
    }
    if (rc == BM_OK)
        rc = bm_audit_append(db, who, "roster.rotation", "roster", centre_code, NULL, after,
                             NULL, err);
    return bm_tx_end(db, rc, err);
}

int bm_roster_leave_add(bm_db *db, const bm_actor *who, const char *login, bm_day from,
                        bm_day to, bm_err *err)
{
    bm_user u;
    int rc = bm_user_get(db, login ? login : "", &u, err);
    if (rc != BM_OK)
        return rc;
    bm_org unit, centre;
    if ((rc = bm_org_get(db, u.org_id, &unit, err)) != BM_OK)
        return rc;
    if ((rc = bm_org_get(db, unit.centre_id ? unit.centre_id : unit.id, &centre, err)) != BM_OK)
        return rc;
    if ((rc = centre_for_edit(db, who, centre.code, &centre, err)) != BM_OK)
        return rc;
    if (to < from || to - from > MAX_RANGE_DAYS)
        return bm_fail(err, BM_EINVALID, N_("Leave ends on or after the day it begins"), NULL);
    char range[40], a[11], b[11];
    bm_day_format(from, a);
    bm_day_format(to, b);
    snprintf(range, sizeof range, "{\"leave\":\"%s..%s\"}", a, b);
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_DUTY_LEAVE_INSERT, err);
    if (!st)
        return bm_tx_end(db, BM_EDB, err);
    bm_bind_id(st, 1, u.id);
    bm_bind_int(st, 2, from);
    bm_bind_int(st, 3, to);
    rc = bm_step_done(db, st, err);
    if (rc == BM_OK)
        rc = bm_audit_append(db, who, "roster.leave", "account", login, NULL, range, NULL, err);
    return bm_tx_end(db, rc, err);
}

struct generation {
    bm_db *db;
    int64_t centre_id;
    int64_t member[MAX_MEMBERS];
    int kinds[MAX_MEMBERS];
    int n;
    int next[BM_SHIFT_HOLIDAY + 1];   /* per kind: the position whose turn it is */
    int rc;
    bm_err *err;
};

static int generate_slot(const struct slot *s, void *ctx)
{
    struct generation *g = ctx;
    for (int k = 0; k < g->n; k++) {
        int i = (g->next[s->kind] + k) % g->n;
        if (!(g->kinds[i] & BM_SHIFT_KIND_BIT(s->kind)))
            continue;
        int leave;
        if ((g->rc = on_leave(g->db, g->member[i], s->day, &leave, g->err)) != BM_OK)
            return 1;
        if (leave)
            continue;
        g->next[s->kind] = (i + 1) % g->n;
        bm_stmt *st = bm_sql(g->db, BM_SQL_DUTY_SHIFT_INSERT, g->err);
        if (!st) {
            g->rc = BM_EDB;
            return 1;
        }
        bm_bind_id(st, 1, g->centre_id);
        bm_bind_int(st, 2, s->day);
        bm_bind_int(st, 3, s->kind);
        bm_bind_int(st, 4, (int64_t)s->start);
        bm_bind_int(st, 5, (int64_t)s->end);
        bm_bind_id(st, 6, g->member[i]);
        g->rc = bm_step_done(g->db, st, g->err);
        return g->rc != BM_OK;
    }
    return 0;   /* nobody free: left empty for the coverage check to show */
}

/* Loads the rotation and, per kind, whose turn comes first on `from`. */
static int load_rotation(bm_db *db, struct generation *g, bm_day from, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_DUTY_ROTATION_LIST, err);
    if (!st)
        return BM_EDB;
    bm_bind_id(st, 1, g->centre_id);
    int r;
    while ((r = bm_step_row(db, st, err)) == 1)
        if (g->n < MAX_MEMBERS) {
            g->member[g->n] = bm_col_int64(st, 0);
            g->kinds[g->n++] = bm_col_int(st, 1);
        }
    if (r < 0)
        return BM_EDB;
    for (int kind = BM_SHIFT_EVENING; kind <= BM_SHIFT_HOLIDAY; kind++) {
        if (!(st = bm_sql(db, BM_SQL_DUTY_SHIFT_LAST_BEFORE, err)))
            return BM_EDB;
        bm_bind_id(st, 1, g->centre_id);
        bm_bind_int(st, 2, kind);
        bm_bind_int(st, 3, from);
        if ((r = bm_step_row(db, st, err)) < 0)
            return BM_EDB;
        if (r == 0)
            continue;
        int64_t last = bm_col_int64(st, 0);
        bm_stmt_reset(st);
        for (int i = 0; i < g->n; i++)
            if (g->member[i] == last)
                g->next[kind] = (i + 1) % g->n;
    }
    return BM_OK;
}

int bm_roster_generate(bm_db *db, const bm_actor *who, const char *centre_code, bm_day from,
                       bm_day to, bm_err *err)
{
    bm_org centre;
    int rc = centre_for_edit(db, who, centre_code, &centre, err);
    if (rc != BM_OK)
        return rc;
    struct generation g = {.db = db, .centre_id = centre.id, .err = err};
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    rc = load_rotation(db, &g, from, err);
    if (rc == BM_OK && g.n == 0)
        rc = bm_fail(err, BM_EINVALID, N_("The centre has nobody on its duty rotation"), NULL);
    if (rc == BM_OK) {
        bm_stmt *st = days_query(db, BM_SQL_DUTY_SHIFT_CLEAR, centre.id, from, to, err);
        rc = st ? bm_step_done(db, st, err) : BM_EDB;
    }
    if (rc == BM_OK)
        rc = walk_slots(db, centre.id, from, to, generate_slot, &g, err);
    if (rc == BM_OK)
        rc = g.rc;
    if (rc == BM_OK) {
        char a[11], b[11], range[48];
        bm_day_format(from, a);
        bm_day_format(to, b);
        snprintf(range, sizeof range, "{\"days\":\"%s..%s\"}", a, b);
        rc = bm_audit_append(db, who, "roster.generate", "roster", centre_code, NULL, range,
                             NULL, err);
    }
    return bm_tx_end(db, rc, err);
}

static void read_shift(bm_stmt *st, bm_shift *s)
{
    memset(s, 0, sizeof *s);
    s->id = bm_col_int64(st, 0);
    s->centre_id = bm_col_int64(st, 1);
    s->day = (bm_day)bm_col_int64(st, 2);
    s->kind = bm_col_int(st, 3);
    s->start = (time_t)bm_col_int64(st, 4);
    s->end = (time_t)bm_col_int64(st, 5);
    s->user_id = bm_col_int64(st, 6);
    bm_col_text(st, 7, s->name, sizeof s->name);
    bm_col_text(st, 8, s->phone, sizeof s->phone);
    s->second_id = bm_col_int64(st, 9);
    bm_col_text(st, 10, s->second_name, sizeof s->second_name);
    s->overridden = bm_col_int(st, 11);
}

static int shift_get(bm_db *db, int64_t id, bm_shift *out, bm_err *err)
{
    bm_stmt *st;
    int r = bm_fetch_one(db, BM_SQL_DUTY_SHIFT_GET, NULL, id, &st, err);
    if (r < 0)
        return -r;
    if (r == 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such shift"), "%lld", (long long)id);
    read_shift(st, out);
    bm_stmt_reset(st);
    return BM_OK;
}

/* Checks the editor's right to the shift's roster; fills centre. */
static int shift_for_edit(bm_db *db, const bm_actor *who, int64_t id, bm_shift *s, bm_org *centre,
                          bm_err *err)
{
    int rc = shift_get(db, id, s, err);
    if (rc == BM_OK)
        rc = bm_org_get(db, s->centre_id, centre, err);
    if (rc == BM_OK)
        rc = centre_for_edit(db, who, centre->code, centre, err);
    return rc;
}

static int shift_set(bm_db *db, const bm_actor *who, const bm_shift *s, int64_t user,
                     int64_t second, const char *what, const char *note, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_DUTY_SHIFT_SET, err);
    if (!st)
        return BM_EDB;
    bm_bind_id(st, 1, s->id);
    bm_bind_id(st, 2, user);
    bm_bind_int(st, 3, second);
    int rc = bm_step_done(db, st, err);
    char id[24], before[160], after[48];
    snprintf(id, sizeof id, "%lld", (long long)s->id);
    snprintf(before, sizeof before, "{\"user\":%lld,\"second\":%lld}", (long long)s->user_id,
             (long long)s->second_id);
    snprintf(after, sizeof after, "{\"user\":%lld,\"second\":%lld}", (long long)user,
             (long long)second);
    if (rc == BM_OK)
        rc = bm_audit_append(db, who, what, "shift", id, before, after, note, err);
    return rc;
}

int bm_roster_swap(bm_db *db, const bm_actor *who, int64_t shift_a, int64_t shift_b,
                   bm_err *err)
{
    bm_shift a, b;
    bm_org centre;
    int rc = shift_for_edit(db, who, shift_a, &a, &centre, err);
    if (rc == BM_OK)
        rc = shift_get(db, shift_b, &b, err);
    if (rc != BM_OK)
        return rc;
    if (a.centre_id != b.centre_id || a.id == b.id)
        return bm_fail(err, BM_EINVALID, N_("Shifts are swapped between two shifts of one "
                                            "centre"), NULL);
    int leave_a, leave_b;
    if ((rc = on_leave(db, b.user_id, a.day, &leave_a, err)) != BM_OK ||
        (rc = on_leave(db, a.user_id, b.day, &leave_b, err)) != BM_OK)
        return rc;
    if (leave_a || leave_b)
        return bm_fail(err, BM_EINVALID, N_("That person is on leave that day"), NULL);
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    rc = shift_set(db, who, &a, b.user_id, a.second_id, "roster.swap", NULL, err);
    if (rc == BM_OK)
        rc = shift_set(db, who, &b, a.user_id, b.second_id, "roster.swap", NULL, err);
    return bm_tx_end(db, rc, err);
}

/* Replace (second 0) or add a second person (second 1). */
static int put_person(bm_db *db, const bm_actor *who, int64_t shift_id, const char *login,
                      int second, bm_err *err)
{
    bm_shift s;
    bm_org centre;
    int rc = shift_for_edit(db, who, shift_id, &s, &centre, err);
    if (rc != BM_OK)
        return rc;
    bm_user u = {0};
    if (login || !second) {
        if ((rc = staff_of(db, login, centre.id, &u, err)) != BM_OK)
            return rc;
        int leave;
        if ((rc = on_leave(db, u.id, s.day, &leave, err)) != BM_OK)
            return rc;
        if (leave)
            return bm_fail(err, BM_EINVALID, N_("That person is on leave that day"), "%s",
                           login);
        if (u.id == (second ? s.user_id : s.second_id))
            return bm_fail(err, BM_EINVALID, N_("That person is already on this shift"), "%s",
                           login);
    }
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    rc = second ? shift_set(db, who, &s, s.user_id, u.id, "roster.second", NULL, err)
                : shift_set(db, who, &s, u.id, s.second_id, "roster.replace", NULL, err);
    return bm_tx_end(db, rc, err);
}

int bm_roster_replace(bm_db *db, const bm_actor *who, int64_t shift_id, const char *login,
                      bm_err *err)
{
    return put_person(db, who, shift_id, login, 0, err);
}

int bm_roster_second(bm_db *db, const bm_actor *who, int64_t shift_id, const char *login,
                     bm_err *err)
{
    return put_person(db, who, shift_id, login, 1, err);
}

int bm_roster_leave(bm_db *db, const bm_actor *who, const char *login, bm_day from, bm_day to,
                    bm_err *err)
{
    bm_user u;
    bm_org unit, centre;
    int rc = bm_user_get(db, login ? login : "", &u, err);
    if (rc == BM_OK)
        rc = bm_org_get(db, u.org_id, &unit, err);
    if (rc == BM_OK)
        rc = bm_org_get(db, unit.centre_id ? unit.centre_id : unit.id, &centre, err);
    if (rc != BM_OK || (rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    rc = bm_roster_leave_add(db, who, login, from, to, err);
    static const int drop[] = { BM_SQL_DUTY_SHIFT_DROP_PERSON, BM_SQL_DUTY_SHIFT_DROP_SECOND };
    for (size_t i = 0; rc == BM_OK && i < sizeof drop / sizeof drop[0]; i++) {
        bm_stmt *st = days_query(db, drop[i], centre.id, from, to, err);
        if (!st) {
            rc = BM_EDB;
            break;
        }
        bm_bind_id(st, 4, u.id);
        rc = bm_step_done(db, st, err);
    }
    if (rc == BM_OK)
        rc = bm_roster_generate(db, who, centre.code, from, to, err);
    return bm_tx_end(db, rc, err);
}

static int keep_one(const bm_shift *s, void *ctx)
{
    *(bm_shift *)ctx = *s;
    return 1;
}

int bm_roster_shift_on(bm_db *db, int64_t centre_id, bm_day day, bm_shift *out, bm_err *err)
{
    out->id = 0;
    int rc = bm_roster_shifts(db, centre_id, day, day, keep_one, out, err);
    if (rc == BM_OK && out->id == 0) {
        char d[11];
        bm_day_format(day, d);
        rc = bm_fail(err, BM_ENOTFOUND, N_("No shift on the roster that day"), "%s", d);
    }
    return rc;
}

int bm_roster_shifts(bm_db *db, int64_t centre_id, bm_day from, bm_day to,
                     int (*each)(const bm_shift *s, void *ctx), void *ctx, bm_err *err)
{
    bm_stmt *st = days_query(db, BM_SQL_DUTY_SHIFT_RANGE, centre_id, from, to, err);
    if (!st)
        return BM_EDB;
    int r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        bm_shift s;
        read_shift(st, &s);
        if (each(&s, ctx) != 0) {
            bm_stmt_reset(st);
            return BM_OK;
        }
    }
    return r < 0 ? BM_EDB : BM_OK;
}

int bm_roster_on_duty(bm_db *db, int64_t centre_id, time_t t, bm_shift *out, int *found,
                      int *on_now, bm_err *err)
{
    *found = *on_now = 0;
    bm_stmt *st = bm_sql(db, BM_SQL_DUTY_SHIFT_AT, err);
    if (!st)
        return BM_EDB;
    bm_bind_id(st, 1, centre_id);
    bm_bind_int(st, 2, (int64_t)t);
    int r = bm_step_row(db, st, err);
    if (r < 0)
        return BM_EDB;
    if (r == 1) {
        read_shift(st, out);
        bm_stmt_reset(st);
        *found = 1;
        *on_now = out->start <= t;
    }
    return BM_OK;
}

struct coverage {
    bm_shift *shift;
    size_t n, cap;
    int (*gap)(time_t, time_t, int, void *);
    void *ctx;
    int ngaps;
    int oom;
};

static int keep_shift(const bm_shift *s, void *ctx)
{
    struct coverage *c = ctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        bm_shift *p = realloc(c->shift, cap * sizeof *p);
        if (!p) {
            c->oom = 1;
            return 1;
        }
        c->shift = p;
        c->cap = cap;
    }
    c->shift[c->n++] = *s;
    return 0;
}

static int check_slot(const struct slot *s, void *ctx)
{
    struct coverage *c = ctx;
    for (size_t i = 0; i < c->n; i++)
        if (c->shift[i].day == s->day && c->shift[i].kind == s->kind)
            return 0;
    c->ngaps++;
    return c->gap ? c->gap(s->start, s->end, s->kind, c->ctx) : 0;
}

int bm_roster_gaps(bm_db *db, int64_t centre_id, bm_day from, bm_day to,
                   int (*gap)(time_t start, time_t end, int kind, void *ctx), void *ctx,
                   int *ngaps, bm_err *err)
{
    struct coverage c = {.gap = gap, .ctx = ctx};
    int rc = bm_roster_shifts(db, centre_id, from, to, keep_shift, &c, err);
    if (rc == BM_OK && c.oom)
        rc = bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    if (rc == BM_OK)
        rc = walk_slots(db, centre_id, from, to, check_slot, &c, err);
    free(c.shift);
    *ngaps = c.ngaps;
    return rc;
}

int bm_roster_counts(bm_db *db, int64_t centre_id, bm_day from, bm_day to,
                     int (*each)(const char *name, int shifts, void *ctx), void *ctx,
                     bm_err *err)
{
    bm_stmt *st = days_query(db, BM_SQL_DUTY_SHIFT_COUNTS, centre_id, from, to, err);
    if (!st)
        return BM_EDB;
    int r;
    while ((r = bm_step_row(db, st, err)) == 1)
        if (each(bm_col_str(st, 0), bm_col_int(st, 1), ctx) != 0) {
            bm_stmt_reset(st);
            return BM_OK;
        }
    return r < 0 ? BM_EDB : BM_OK;
}
