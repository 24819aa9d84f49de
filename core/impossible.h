/* Could-not-get-it-done (办不成事): a person who could not get something done is recorded
 * (who, what they wanted, where it got stuck, the case or order if any) and handled in tiers,
 * each with its own deadline: the window at once (tier 1, the same day), the deputy head
 * (tier 2, 3 working days), the head convening the departments (tier 3, 10 working days).
 * Escalation is a step with a reason; closing needs the outcome and the person's feedback.
 * The monthly count by cause is what fixes the catalogue and the processes. */
#ifndef BM_IMPOSSIBLE_H
#define BM_IMPOSSIBLE_H

#include <stdint.h>
#include "core/actor.h"
#include "core/db.h"

enum bm_imp_cause {
    BM_IMP_NOT_LISTED = 1,    /* no such matter in the catalogue */
    BM_IMP_REFUSED,           /* refused */
    BM_IMP_PASSED_AROUND,     /* sent between departments */
    BM_IMP_TOO_SLOW,
    BM_IMP_OTHER,
    BM_IMP_CAUSE_COUNT
};

enum bm_imp_state { BM_IMP_OPEN = 1, BM_IMP_CLOSED };

#define BM_IMP_TIERS 3

typedef struct bm_impossible {
    int64_t id;
    char no[16];              /* "BB" and the id, as people say it */
    int64_t centre_id;
    char person[64];
    char phone[24];
    char wish[512];
    int cause;                /* enum bm_imp_cause */
    int64_t case_id;
    char case_no[16];
    int64_t order_id;
    int tier;                 /* 1..3 */
    char tier_due[11];        /* the current tier's deadline */
    int state;                /* enum bm_imp_state */
    char outcome[512];
    char feedback[512];
    int64_t recorded_by;
    char recorded_day[11];
    int overdue;              /* open and past the tier's day (computed on reading) */
} bm_impossible;

typedef struct bm_imp_new {
    const char *person, *phone, *wish;
    int cause;
    const char *case_no;      /* a linked case, or NULL */
    int64_t order_id;         /* a linked work order, or 0 */
} bm_imp_new;

/* Working days each tier is given (tier 1: the same day). */
int bm_imp_tier_days(int tier);
const char *bm_imp_cause_name(int cause);   /* msgid */

/* Recording: clerks, duty staff and the head of the centre; it starts at tier 1. */
int bm_imp_record(bm_db *db, const bm_actor *who, const bm_imp_new *in, bm_impossible *out,
                  bm_err *err);
/* The head's steps: one tier up with the reason; close with outcome and feedback. */
int bm_imp_escalate(bm_db *db, const bm_actor *who, int64_t id, const char *reason,
                    bm_err *err);
int bm_imp_close(bm_db *db, const bm_actor *who, int64_t id, const char *outcome,
                 const char *feedback, bm_err *err);
int bm_imp_get(bm_db *db, const bm_actor *who, int64_t id, bm_impossible *out, bm_err *err);
/* The head's list: open first, highest tier first. */
int bm_imp_list(bm_db *db, const bm_actor *who,
                int (*each)(const bm_impossible *r, void *ctx), void *ctx, bm_err *err);
/* Records of the month (YYYY, MM) by cause: counts[cause] for cause 1..BM_IMP_CAUSE_COUNT-1. */
int bm_imp_by_cause(bm_db *db, const bm_actor *who, int year, int month,
                    int counts[BM_IMP_CAUSE_COUNT], bm_err *err);

/* Inside core: the record as stored, without a permission check. */
int bm_impossible_load(bm_db *db, int64_t id, bm_impossible *out, bm_err *err);

#endif
