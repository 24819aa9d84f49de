/* The duty roster (值班表) of a centre: the staff who rotate through the off-hours shifts
 * (weekday evenings, weekend days, holiday days), generated ahead on the working-day calendar
 * and office hours, with overrides (swap, replace, a second person), leave skipped, who is on
 * duty at an instant, and a coverage check. Edited by the centre's supervisor and admins;
 * read by everyone. */
#ifndef BM_ROSTER_H
#define BM_ROSTER_H

#include <stdint.h>
#include <time.h>
#include "core/actor.h"
#include "core/date.h"
#include "core/db.h"

/* The shift kinds. Off hours are covered end to end: a working day's evening runs from the
 * last closing to the next opening (or to the hand-over time when a rest day follows); a rest
 * day's shift runs from the hand-over time to the next opening or hand-over. A make-up
 * working day (调休) is a working day: it has an evening shift, not a day shift. */
enum bm_shift_kind {
    BM_SHIFT_EVENING = 1,    /* 工作日夜间 */
    BM_SHIFT_WEEKEND,        /* 周末白天 */
    BM_SHIFT_HOLIDAY         /* 节假日白天 */
};
#define BM_SHIFT_KIND_BIT(k) (1 << (k))
#define BM_SHIFT_ALL (BM_SHIFT_KIND_BIT(BM_SHIFT_EVENING) | BM_SHIFT_KIND_BIT(BM_SHIFT_WEEKEND) | \
                      BM_SHIFT_KIND_BIT(BM_SHIFT_HOLIDAY))

/* The word for a kind, to be passed through _(). */
const char *bm_shift_kind_label(int kind);

typedef struct bm_shift {
    int64_t id;
    int64_t centre_id;
    bm_day day;            /* the day the shift begins */
    int kind;
    time_t start, end;     /* [start, end) */
    int64_t user_id;
    char name[64];
    char phone[24];
    int64_t second_id;     /* a second person, 0 none */
    char second_name[64];
    int overridden;        /* changed by hand; regeneration keeps it */
} bm_shift;

/* One member of the rotation: the login and the kinds (BM_SHIFT_KIND_BIT ...) they take. */
typedef struct bm_rotation_member {
    const char *login;
    int kinds;
} bm_rotation_member;

/* Replaces the centre's rotation (members in turn order) and its hand-over minute (e.g. 8 * 60
 * + 30). Members must be staff of that centre. Audited. */
int bm_roster_set_rotation(bm_db *db, const bm_actor *who, const char *centre_code,
                           const bm_rotation_member *members, int n, int handover,
                           bm_err *err);
/* Records leave for login over [from, to]: generation skips them. Audited. */
int bm_roster_leave_add(bm_db *db, const bm_actor *who, const char *login, bm_day from,
                        bm_day to, bm_err *err);
/* Generates the shifts of [from, to] (regenerating what was generated before, keeping
 * overrides). Each kind continues its turn order from the last shift of that kind before
 * `from`. A shift nobody can take (all on leave) is left empty: the coverage check shows it. */
int bm_roster_generate(bm_db *db, const bm_actor *who, const char *centre_code, bm_day from,
                       bm_day to, bm_err *err);

/* Overrides. Swap exchanges the people of two shifts of one centre; replace gives a shift to
 * login; second adds login as a second person (NULL removes them). Audited. */
int bm_roster_swap(bm_db *db, const bm_actor *who, int64_t shift_a, int64_t shift_b,
                   bm_err *err);
int bm_roster_replace(bm_db *db, const bm_actor *who, int64_t shift_id, const char *login,
                      bm_err *err);
int bm_roster_second(bm_db *db, const bm_actor *who, int64_t shift_id, const char *login,
                     bm_err *err);

/* Records leave for login over [from, to] and generates those days again, so the person's
 * shifts there go to the next in turn (shifts changed by hand are kept). Audited. */
int bm_roster_leave(bm_db *db, const bm_actor *who, const char *login, bm_day from, bm_day to,
                    bm_err *err);
/* The centre's shift beginning on `day` (each day has at most one off-hours shift):
 * BM_ENOTFOUND when none is on the roster. */
int bm_roster_shift_on(bm_db *db, int64_t centre_id, bm_day day, bm_shift *out, bm_err *err);

/* The shifts of the centre beginning on days [from, to], in time order. */
int bm_roster_shifts(bm_db *db, int64_t centre_id, bm_day from, bm_day to,
                     int (*each)(const bm_shift *s, void *ctx), void *ctx, bm_err *err);
/* The shift on duty at t, or when none is, the next one to begin (*found 0 when there is no
 * later shift). *on_now says which. */
int bm_roster_on_duty(bm_db *db, int64_t centre_id, time_t t, bm_shift *out, int *found,
                      int *on_now, bm_err *err);

/* The coverage check over days [from, to]: calls gap(start, end, kind, ctx) for each
 * off-hours period with nobody on duty, and sets *ngaps. */
int bm_roster_gaps(bm_db *db, int64_t centre_id, bm_day from, bm_day to,
                   int (*gap)(time_t start, time_t end, int kind, void *ctx), void *ctx,
                   int *ngaps, bm_err *err);
/* Shifts per person over days [from, to] (a second person counts too), by name. */
int bm_roster_counts(bm_db *db, int64_t centre_id, bm_day from, bm_day to,
                     int (*each)(const char *name, int shifts, void *ctx), void *ctx,
                     bm_err *err);

#endif
