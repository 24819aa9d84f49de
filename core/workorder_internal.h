/* Inside core only: what the work-order files share (saving an order with its clocks,
 * recording an event, the order's place for permission checks). */
#ifndef BM_WORKORDER_INTERNAL_H
#define BM_WORKORDER_INTERNAL_H

#include "core/authz.h"
#include "core/store.h"
#include "core/workorder.h"

const char *bm_wo_event_token(int event);
int bm_wo_save(bm_db *db, const bm_workorder *o, bm_err *err);
int bm_wo_record(bm_db *db, const bm_actor *who, bm_workorder *o, const bm_wo_event_rec *e,
                 bm_err *err);
/* The ids in the first column of every row of st (*ids malloc'd, NULL when none). */
int bm_wo_ids(bm_db *db, bm_stmt *st, int64_t **ids, int *n, bm_err *err);
bm_place bm_wo_place(const bm_workorder *o);

#endif
