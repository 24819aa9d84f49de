/* The centre head's desk in core: the live counts of what needs the head's attention, each
 * from one query on an index, in the head's scope (their centre and its villages). */
#include <string.h>
#include "core/case.h"
#include "core/supervision.h"
#include "core/desk_internal.h"

int bm_desk_counts_row(bm_db *db, int q, int64_t centre, const char *today, int *out[], int n,
                       bm_err *err)
{
    bm_stmt *st = bm_sql(db, q, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, centre);
    if (today)
        bm_bind_text(st, 2, today);
    int r = bm_step_row(db, st, err);
    if (r < 0)
        return BM_EDB;
    if (r == 1) {
        for (int i = 0; i < n; i++)
            *out[i] = bm_col_int(st, i);
        bm_stmt_reset(st);
    }
    return BM_OK;
}

int bm_desk_count(bm_db *db, const bm_actor *who, bm_desk_counts *out, bm_err *err)
{
    memset(out, 0, sizeof *out);
    int64_t centre = 0;
    int rc = bm_desk_scope(db, who, BM_ACT_SUPERVISE, "desk", &centre, err);
    if (rc != BM_OK)
        return rc;
    bm_case_counts cc;
    if ((rc = bm_case_count(db, who, BM_LIST_CENTRE_OPEN, &cc, err)) != BM_OK)
        return rc;
    out->overdue = cc.overdue;
    out->due_soon = cc.due_soon;
    char today[11];
    bm_day_format(bm_day_of(bm_now()), today);
    int *bad[] = {&out->bad_unrectified};
    int *rect[] = {&out->rect_open, &out->rect_late};
    int *cb[] = {&out->callbacks_due};
    int *imp[] = {&out->impossible[0], &out->impossible[1], &out->impossible[2]};
    int *sup[] = {&out->sup_open, &out->sup_answered, &out->sup_late};
    if ((rc = bm_desk_counts_row(db, BM_SQL_DESK_BAD_UNRECTIFIED, centre, NULL, bad, 1, err)) ||
        (rc = bm_desk_counts_row(db, BM_SQL_RECT_COUNTS_CENTRE, centre, today, rect, 2, err)) ||
        (rc = bm_desk_counts_row(db, BM_SQL_CB_COUNT_DUE, centre, today, cb, 1, err)) ||
        (rc = bm_desk_counts_row(db, BM_SQL_IMP_COUNTS_CENTRE, centre, NULL, imp, 3, err)) ||
        (rc = bm_desk_counts_row(db, BM_SQL_SUP_COUNTS_CENTRE, centre, today, sup, 3, err)))
        return rc;
    return BM_OK;
}
