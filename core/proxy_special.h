/* The special-group ledger (特殊人群台账): people of a village who need service at home (elderly
 * living alone, disabled, low-income, left-behind), each paired with one named cadre or agent
 * (1+N 结对) with their needs and a visit schedule (every so many days, e.g. 30 for monthly),
 * the home visits logged (day, who, what was done, and the request taken on the visit, which
 * enters the proxy ledger as a home-visit request), and the visits due or overdue.
 *
 * A visit is due `every_days` after the last one; a person never visited is due on the day
 * they were paired. Scope as proxy requests: an agent pairs and visits the people of their own
 * village (paired with themselves); the township's staff see their villages' ledgers. Pairings
 * and visits are audited ("special.pair", "special.visit"). */
#ifndef BM_PROXY_SPECIAL_H
#define BM_PROXY_SPECIAL_H

#include <stdint.h>
#include "core/actor.h"
#include "core/date.h"
#include "core/db.h"
#include "core/proxy.h"

#define BM_SPECIAL_DUE_SOON_DAYS 7   /* a visit due within a week is marked */

enum bm_visit_due { BM_VISIT_LATER = 0, BM_VISIT_SOON, BM_VISIT_OVERDUE };

typedef struct bm_special {
    int64_t id;                   /* the pairing */
    int64_t applicant_id;
    char name[64], phone[24];
    unsigned flags;               /* enum bm_special_group */
    char needs[256];
    int64_t cadre_id;
    char cadre_name[64], cadre_phone[24];
    int every_days;
    bm_day since, last_visit;     /* last_visit 0: never */
    int visits;
    int64_t centre_id, village_id;
    char village_name[64];
    bm_day next_due;
    int due;                      /* enum bm_visit_due, as of today */
} bm_special;

/* Pairs a person of the actor's village with the actor (again: new needs and schedule). */
int bm_special_pair(bm_db *db, const bm_actor *who, int64_t applicant_id, const char *needs,
                    int every_days, bm_special *out, bm_err *err);

int bm_special_get(bm_db *db, const bm_actor *who, int64_t applicant_id, bm_special *out,
                   bm_err *err);

/* Logs today's home visit by the actor: what was done; with wish set, a request taken on the
 * visit (in the person's words, came home visit, the person present), into *made when not
 * NULL. */
int bm_special_visit(bm_db *db, const bm_actor *who, int64_t applicant_id, const char *done,
                     const char *wish, bm_proxy *made, bm_err *err);

/* The ledger of the actor's village (township staff: every village of the centre), the
 * soonest due first. */
int bm_special_list(bm_db *db, const bm_actor *who, int (*each)(const bm_special *s, void *ctx),
                    void *ctx, bm_err *err);

/* The last visits of a person, newest first: each(day, who, what was done, request no.). */
int bm_special_visits(bm_db *db, const bm_actor *who, int64_t applicant_id, int limit,
                      int (*each)(bm_day day, const char *by, const char *done,
                                  const char *request_no, void *ctx),
                      void *ctx, bm_err *err);

#endif
