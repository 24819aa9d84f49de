/* Inside core only: the demo county's applicants and cases (demo_cases.c). */
#ifndef BM_DEMO_INTERNAL_H
#define BM_DEMO_INTERNAL_H

#include "core/actor.h"
#include "core/db.h"

int bm_demo_people_and_cases(bm_db *db, const bm_actor *shell, bm_err *err);
/* The duty roster and seasonal office hours (demo_duty.c). */
int bm_demo_duty(bm_db *db, const bm_actor *shell, bm_err *err);
/* Three months of 12345 work orders (workorder_demo.c). */
int bm_demo_workorders(bm_db *db, bm_err *err);
/* demo_proxy.c: the demo village's proxy requests. */
int bm_demo_proxy(bm_db *db, bm_err *err);
/* demo_supervisor.c: the centre head's desk (issue 14). */
int bm_demo_supervisor(bm_db *db, bm_err *err);

#endif
