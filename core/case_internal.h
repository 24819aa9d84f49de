/* Inside core only: what the case files share. The status machine (case_status.c), intake and
 * numbering (case_intake.c), steps (case_step.c) and queries (case_query.c) each keep one
 * concern; these are the joints between them. */
#ifndef BM_CASE_INTERNAL_H
#define BM_CASE_INTERNAL_H

#include "core/case.h"
#include "core/db_internal.h"

/* The most materials one case's plan holds. */
#define PLAN_MAX 64

/* case_status.c: which permission each verb needs. */
int bm_case_verb_action(int verb);

/* case_query.c: the row as stored (no permission check, no masking), by id or number. */
int bm_case_load(bm_db *db, enum bm_sql_id q, int64_t id, const char *no, bm_case *c,
                 bm_err *err);
/* The case's name in the audit log. */
void bm_case_oid(const bm_case *c, char oid[24]);
/* The permission for action on this case; a refusal is recorded. */
int bm_case_check(bm_db *db, const bm_actor *who, int action, const bm_case *c, bm_err *err);
/* Masks the applicant's ID number unless this actor may see it in full. */
void bm_case_mask(bm_db *db, const bm_actor *who, bm_case *c);

/* case_intake.c: the next number of the day from counter q: prefix, YYYYMMDD and a 4-digit
 * sequence (case numbers have no prefix, notices of advice "GZ"). */
int bm_case_number_next(bm_db *db, enum bm_sql_id q, const char *prefix, int64_t county_id,
                        bm_day today, char out[16], bm_err *err);
/* Where a case (or advice) taken in by who for applicant ap belongs: the actor's centre, and
 * the applicant's village when it is one of that centre's. */
struct bm_applicant;
struct bm_place;
int bm_case_place_for(bm_db *db, const bm_actor *who, const struct bm_applicant *ap,
                      struct bm_place *place, bm_err *err);

/* case_step.c: writes the case row. */
int bm_case_save(bm_db *db, const bm_case *c, bm_err *err);
/* History and audit for a change from `before` (NULL for a new case) to `after`. */
int bm_case_record(bm_db *db, const bm_actor *who, const bm_case *before, const bm_case *after,
                   const char *action, const char *note, bm_err *err);
/* One step on a loaded case, inside a transaction, permission already checked (a bundle
 * passes it on to its sub-cases). */
int bm_case_apply(bm_db *db, const bm_actor *who, bm_case *c, int verb, const bm_case_args *a,
                  bm_err *err);
/* The ids of a bundle's sub-cases (*ids malloc'd). */
int bm_case_children_ids(bm_db *db, int64_t parent, int64_t **ids, int *n, bm_err *err);
/* Loads a case and checks the permission for action on it. */
int bm_case_load_checked(bm_db *db, const bm_actor *who, int64_t id, int action, bm_case *c,
                         bm_err *err);

#endif
