/* Advice given (一次性告知): a registration that ended in a one-time notice, nothing accepted.
 * It is a record of its own with a notice number (GZ + YYYYMMDD + a daily sequence), not a
 * draft case: it waits in nobody's work and is listed on its own, newest first. */
#ifndef BM_ADVICE_H
#define BM_ADVICE_H

#include <stdint.h>
#include <time.h>
#include "core/actor.h"
#include "core/case.h"
#include "core/db.h"

typedef struct bm_advice {
    int64_t id;
    char no[16];              /* e.g. GZ202609280003 */
    int64_t applicant_id;
    char applicant_name[64];
    char matter_code[24];     /* the matter's, or the bundle's */
    char matter_name[192];
    char missing[512];        /* the required materials still to bring, as the notice lists them */
    char given_by_name[64];
    time_t given_at;
} bm_advice;

/* Records the notice for in (its applicant, matter or bundle, situations, the materials
 * received; in->mode is not used) and fills out. The actor must be allowed to take cases in
 * where the applicant belongs; audited ("advice.give"). */
int bm_advice_give(bm_db *db, const bm_actor *who, const bm_intake *in, bm_advice *out,
                   bm_err *err);

/* The notices given at the actor's centre, newest first, paged. */
int bm_advice_list(bm_db *db, const bm_actor *who, int limit, int offset,
                   int (*each)(const bm_advice *a, void *ctx), void *ctx, bm_err *err);

#endif
