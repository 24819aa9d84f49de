/* Work orders watched: the open orders with a clock due within two working hours or overdue
 * (the supervisor's lists), and the reminder on a handler's home screen, given only inside the
 * centre's office hours or, outside them, to the duty officer on duty then. */
#include <string.h>
#include "core/calendar.h"
#include "core/roster.h"
#include "core/workorder_internal.h"

int bm_wo_watch_matches(const bm_wo_clock_view views[BM_WOC_COUNT], int watch)
{
    int soon = 0, late = 0;
    for (int c = 0; c < BM_WOC_COUNT; c++) {
        late |= views[c].state == BM_WOC_OVERDUE;
        soon |= views[c].state == BM_WOC_RUNNING && views[c].left <= BM_WO_DUE_SOON_MINUTES;
    }
    switch (watch) {
    case BM_WO_WATCH_DUE_SOON: return soon;
    case BM_WO_WATCH_OVERDUE: return late;
    default: return 1;
    }
}

/* The working minutes left on the order's nearest running clock (INT_MAX-like when none). */
static int nearest_left(const bm_wo_clock_view views[BM_WOC_COUNT])
{
    int best = 1 << 30;
    for (int c = 0; c < BM_WOC_COUNT; c++)
        if ((views[c].state == BM_WOC_RUNNING || views[c].state == BM_WOC_OVERDUE) &&
            views[c].left < best)
            best = views[c].left;
    return best;
}

struct walk {
    bm_db *db;
    time_t now;
    int watch;
    int (*each)(const bm_workorder *o, const bm_wo_clock_view *v, void *ctx);
    void *ctx;
    int seen, done, rc;
    bm_err *err;
};

/* The open list runs by the nearest due clock, so the walk ends at the first order whose
 * nearest clock has more than two working hours left: none after it can match. */
static int walk_one(const bm_workorder *o, void *ctx)
{
    struct walk *w = ctx;
    bm_wo_clock_view v[BM_WOC_COUNT];
    w->seen++;
    if ((w->rc = bm_wo_views(w->db, o, w->now, v, w->err)) != BM_OK)
        return 1;
    if (nearest_left(v) > BM_WO_DUE_SOON_MINUTES) {
        w->done = 1;
        return 1;
    }
    if (bm_wo_watch_matches(v, w->watch) && w->each(o, v, w->ctx)) {
        w->done = 1;
        return 1;
    }
    return 0;
}

#define WALK_PAGE 200

int bm_wo_list_watch(bm_db *db, const bm_actor *who, int watch, time_t now,
                     int (*each)(const bm_workorder *o, const bm_wo_clock_view *v, void *ctx),
                     void *ctx, bm_err *err)
{
    struct walk w = {.db = db, .now = now, .watch = watch, .each = each, .ctx = ctx, .err = err};
    for (int offset = 0; !w.done; offset += WALK_PAGE) {
        w.seen = 0;
        int rc = bm_wo_list_open(db, who, WALK_PAGE, offset, walk_one, &w, err);
        if (rc != BM_OK)
            return rc;
        if (w.rc != BM_OK)
            return w.rc;
        if (w.seen < WALK_PAGE)
            break;
    }
    return BM_OK;
}

static int count_one(const bm_workorder *o, const bm_wo_clock_view *v, void *ctx)
{
    (void)o;
    bm_wo_reminder *r = ctx;
    if (bm_wo_watch_matches(v, BM_WO_WATCH_OVERDUE))
        r->overdue++;
    else
        r->due_soon++;
    return 0;
}

/* Whether the actor is on the centre's duty roster at t. */
static int on_duty(bm_db *db, const bm_actor *who, int64_t centre, time_t t, int *yes,
                   bm_err *err)
{
    bm_shift s;
    int found = 0, on_now = 0;
    int rc = bm_roster_on_duty(db, centre, t, &s, &found, &on_now, err);
    *yes = rc == BM_OK && found && on_now &&
           (s.user_id == who->user_id || s.second_id == who->user_id);
    return rc;
}

int bm_wo_reminder_for(bm_db *db, const bm_actor *who, time_t now, bm_wo_reminder *out,
                       bm_err *err)
{
    memset(out, 0, sizeof *out);
    bm_place mine;
    int rc = bm_actor_place(db, who, &mine, err);
    bm_place centre = {.centre_id = mine.centre_id};
    if (rc != BM_OK || !mine.centre_id || mine.village_id ||
        !bm_authz_allows(db, who, BM_ACT_CASE_VIEW, &centre))
        return rc;
    bm_org org;
    int inside = 0;
    if ((rc = bm_org_get(db, mine.centre_id, &org, err)) != BM_OK ||
        (rc = bm_in_office_hours(db, &org.hours, now, &inside, err)) != BM_OK)
        return rc;
    if (!inside) {
        /* outside office hours only the duty officer on duty now is reminded */
        int duty = 0;
        if ((rc = on_duty(db, who, mine.centre_id, now, &duty, err)) != BM_OK || !duty)
            return rc;
        out->off_hours = 1;
    }
    out->shown = 1;
    return bm_wo_list_watch(db, who, BM_WO_WATCH_ALL, now, count_one, out, err);
}
