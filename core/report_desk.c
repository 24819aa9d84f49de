/* The report figures that come from the centre head's desk: bad-rating rectifications (how
 * many count, put right on time, appeals accepted), callbacks made among those due, and the
 * could-not-get-it-done records by cause, for a period and a scope. */
#include <string.h>
#include "core/callback.h"
#include "core/date.h"
#include "core/rectify.h"
#include "core/report_internal.h"

static int rectifications(bm_db *db, const bm_report_scope *sc, const bm_period *p,
                          const char *today, bm_rpt_data *d, bm_err *err)
{
    bm_stmt *st;
    if (bm_rpt_prepare(db, bm_report_sql_rect, sc, &st, err) != BM_OK)
        return BM_EDB;
    bm_rpt_bind_days(st, p->from, p->to);
    bm_bind_int(st, 5, BM_RECT_VOID);
    bm_bind_int(st, 6, BM_RECT_DONE);
    bm_bind_int(st, 7, BM_RECT_CLOSED);
    bm_bind_text(st, 8, today);
    int r = bm_stmt_step(st, err);
    if (r == 1) {
        d->rect_count = bm_col_int64(st, 0);
        d->rect_on_time = bm_col_int64(st, 1);
        d->rect_void = bm_col_int64(st, 2);
        d->rect_due = bm_col_int64(st, 3);
    }
    bm_stmt_finalize(st);
    return r < 0 ? BM_EDB : BM_OK;
}

/* Callbacks due in the period up to today: those due later are not yet to be made. */
static int callbacks(bm_db *db, const bm_report_scope *sc, const bm_period *p, bm_day today,
                     bm_rpt_data *d, bm_err *err)
{
    if (p->from > today)
        return BM_OK;
    bm_stmt *st;
    if (bm_rpt_prepare(db, bm_report_sql_callbacks, sc, &st, err) != BM_OK)
        return BM_EDB;
    bm_rpt_bind_days(st, p->from, p->to < today ? p->to : today);
    bm_bind_int(st, 5, BM_CB_DONE);
    int r = bm_stmt_step(st, err);
    if (r == 1) {
        d->cb_due = bm_col_int64(st, 0);
        d->cb_done = bm_col_int64(st, 1);
    }
    bm_stmt_finalize(st);
    return r < 0 ? BM_EDB : BM_OK;
}

static int impossible(bm_db *db, const bm_report_scope *sc, const bm_period *p, bm_rpt_data *d,
                      bm_err *err)
{
    bm_stmt *st;
    if (bm_rpt_prepare(db, bm_report_sql_impossible, sc, &st, err) != BM_OK)
        return BM_EDB;
    bm_rpt_bind_days(st, p->from, p->to);
    int r;
    while ((r = bm_stmt_step(st, err)) == 1) {
        int cause = bm_col_int(st, 0);
        int64_t n = bm_col_int64(st, 1);
        if (cause < 1 || cause >= BM_IMP_CAUSE_COUNT)
            cause = BM_IMP_OTHER;
        d->imp[cause] += n;
        d->imp_total += n;
    }
    bm_stmt_finalize(st);
    return r < 0 ? BM_EDB : BM_OK;
}

int bm_rpt_desk_data(bm_db *db, const bm_report_scope *sc, const bm_period *p, bm_rpt_data *d,
                     bm_err *err)
{
    bm_day today = bm_day_of(bm_now());
    char day[11];
    bm_day_format(today, day);
    int rc = rectifications(db, sc, p, day, d, err);
    if (rc == BM_OK)
        rc = callbacks(db, sc, p, today, d, err);
    if (rc == BM_OK)
        rc = impossible(db, sc, p, d, err);
    return rc;
}
