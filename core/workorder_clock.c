/* Work orders: the four statutory clocks. Each clock counts working minutes of the centre's
 * office hours on working days (make-up days included) in stretches: a pause closes a stretch,
 * a resume opens the next, so paused time never counts. One event at a time moves them; the
 * same steps over the whole history give what is stored. */
#include <string.h>
#include "core/calendar.h"
#include "core/workorder.h"

static int day_minutes(const bm_office_hours *h)
{
    int n = 0;
    for (int i = 0; i < h->n; i++)
        n += h->end[i] - h->start[i];
    return n;
}

int bm_wo_answer_days(int kind)
{
    switch (kind) {
    case BM_WO_CONSULT:
        return 5;
    case BM_WO_HELP:
    case BM_WO_SUGGEST:
        return 7;
    case BM_WO_COMPLAINT:
    case BM_WO_REPORT:
        return 15;
    default:
        return 0;
    }
}

static int clock_start(bm_db *db, const bm_office_hours *h, bm_wo_clock *c, time_t at,
                       int budget, bm_err *err)
{
    memset(c, 0, sizeof *c);
    c->state = BM_WOC_RUNNING;
    c->budget = budget;
    c->seg_start = at;
    return bm_workminutes_add(db, h, at, budget, &c->due_at, NULL, err);
}

/* Closes the running stretch at `at`, adding its working minutes. */
static int clock_close_stretch(bm_db *db, const bm_office_hours *h, bm_wo_clock *c, time_t at,
                               bm_err *err)
{
    if (c->state != BM_WOC_RUNNING)
        return BM_OK;
    int m = 0;
    int rc = bm_workminutes_between(db, h, c->seg_start, at, &m, NULL, err);
    if (rc != BM_OK)
        return rc;
    c->used += m;
    return BM_OK;
}

static int clock_finish(bm_db *db, const bm_office_hours *h, bm_wo_clock *c, time_t at,
                        int stopped, bm_err *err)
{
    if (c->state != BM_WOC_RUNNING && c->state != BM_WOC_PAUSED)
        return BM_OK;
    int rc = clock_close_stretch(db, h, c, at, err);
    if (rc != BM_OK)
        return rc;
    c->done_at = at;
    c->pause_reason = 0;
    c->state = stopped ? BM_WOC_STOPPED : c->used <= c->budget ? BM_WOC_MET : BM_WOC_MISSED;
    return BM_OK;
}

/* Due time of a running stretch: unchanged once the allowance was used up in an earlier
 * stretch, since it fell due then. */
static int clock_due(bm_db *db, const bm_office_hours *h, bm_wo_clock *c, bm_err *err)
{
    if (c->used >= c->budget)
        return BM_OK;
    return bm_workminutes_add(db, h, c->seg_start, c->budget - c->used, &c->due_at, NULL, err);
}

static int clock_pause(bm_db *db, const bm_office_hours *h, bm_wo_clock *c, time_t at,
                       int reason, bm_err *err)
{
    if (c->state != BM_WOC_RUNNING)
        return BM_OK;
    int rc = clock_close_stretch(db, h, c, at, err);
    c->state = BM_WOC_PAUSED;
    c->pause_reason = reason;
    return rc;
}

static int clock_resume(bm_db *db, const bm_office_hours *h, bm_wo_clock *c, time_t at,
                        bm_err *err)
{
    if (c->state != BM_WOC_PAUSED)
        return BM_OK;
    c->state = BM_WOC_RUNNING;
    c->pause_reason = 0;
    c->seg_start = at;
    return clock_due(db, h, c, err);
}

int bm_wo_clocks_apply(bm_db *db, const bm_office_hours *h, int kind,
                       bm_wo_clock clocks[BM_WOC_COUNT], const bm_wo_event_rec *e,
                       bm_err *err)
{
    bm_wo_clock *tr = &clocks[BM_WOC_TRANSFER], *sg = &clocks[BM_WOC_SIGN],
                *an = &clocks[BM_WOC_ANSWER], *cb = &clocks[BM_WOC_CALLBACK];
    int day = day_minutes(h), rc = BM_OK;
    switch (e->event) {
    case BM_WOE_RECEIVED:
        return clock_start(db, h, tr, e->at, BM_WO_TRANSFER_MINUTES, err);
    case BM_WOE_TRANSFERRED:
    case BM_WOE_REASSIGNED:
        /* the new unit owes a signature; the answer clock (if running) goes on */
        rc = clock_finish(db, h, tr, e->at, 0, err);
        if (rc == BM_OK)
            rc = clock_start(db, h, sg, e->at, BM_WO_SIGN_DAYS * day, err);
        return rc;
    case BM_WOE_SIGNED:
        rc = clock_finish(db, h, tr, e->at, 0, err);
        if (rc == BM_OK && sg->state == BM_WOC_IDLE)   /* signed where it was received */
            rc = clock_start(db, h, sg, e->at, BM_WO_SIGN_DAYS * day, err);
        if (rc == BM_OK)
            rc = clock_finish(db, h, sg, e->at, 0, err);
        if (rc == BM_OK && an->state == BM_WOC_IDLE)
            rc = clock_start(db, h, an, e->at, bm_wo_answer_days(kind) * day, err);
        return rc;
    case BM_WOE_PAUSED:
        rc = clock_pause(db, h, sg, e->at, e->reason, err);
        return rc == BM_OK ? clock_pause(db, h, an, e->at, e->reason, err) : rc;
    case BM_WOE_RESUMED:
        rc = clock_resume(db, h, sg, e->at, err);
        return rc == BM_OK ? clock_resume(db, h, an, e->at, err) : rc;
    case BM_WOE_EXT_APPROVED:
        if (an->state != BM_WOC_RUNNING && an->state != BM_WOC_PAUSED)
            return BM_OK;
        an->budget += e->days * day;
        return an->state == BM_WOC_RUNNING ? clock_due(db, h, an, err) : BM_OK;
    case BM_WOE_ANSWERED:
        rc = clock_finish(db, h, an, e->at, 0, err);
        return rc == BM_OK ? clock_start(db, h, cb, e->at, BM_WO_CALLBACK_DAYS * day, err) : rc;
    case BM_WOE_CALLBACK:
        return clock_finish(db, h, cb, e->at, 0, err);
    case BM_WOE_RATED:
        /* a complaint answered to the caller's dissatisfaction is done again, in full time */
        if (kind != BM_WO_COMPLAINT || e->reason > BM_WO_REDO_RATING)
            return BM_OK;
        memset(cb, 0, sizeof *cb);
        return clock_start(db, h, an, e->at, bm_wo_answer_days(kind) * day, err);
    case BM_WOE_RETURNED:
        rc = clock_finish(db, h, tr, e->at, 0, err);
        if (rc == BM_OK)
            rc = clock_finish(db, h, sg, e->at, 1, err);
        return rc == BM_OK ? clock_finish(db, h, an, e->at, 1, err) : rc;
    default:   /* closing, rating and asking for an extension move no clock */
        return BM_OK;
    }
}

int bm_wo_clock_at(bm_db *db, const bm_office_hours *h, const bm_wo_clock *c, time_t now,
                   bm_wo_clock_view *out, bm_err *err)
{
    memset(out, 0, sizeof *out);
    out->state = c->state;
    out->due_at = c->due_at;
    out->pause_reason = c->pause_reason;
    switch (c->state) {
    case BM_WOC_RUNNING: {
        int m = 0;
        int rc = bm_workminutes_between(db, h, c->seg_start, now, &m, NULL, err);
        if (rc != BM_OK)
            return rc;
        out->left = c->budget - c->used - m;
        if (out->left < 0 || (out->left == 0 && now > c->due_at))
            out->state = BM_WOC_OVERDUE;
        return BM_OK;
    }
    case BM_WOC_PAUSED:
    case BM_WOC_MET:
    case BM_WOC_MISSED:
        out->left = c->budget - c->used;
        return BM_OK;
    default:
        return BM_OK;
    }
}
