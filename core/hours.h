/* A centre's office hours through the year: its everyday hours (org.h) and seasonal hours
 * (summer / winter) for a range of days of the year, on the working-day calendar. Answers
 * "is the centre open at T", "when does it next open" and working minutes between two
 * instants; the arithmetic within one set of hours is calendar.c's. */
#ifndef BM_HOURS_H
#define BM_HOURS_H

#include <stdint.h>
#include <time.h>
#include "core/actor.h"
#include "core/date.h"
#include "core/db.h"
#include "core/org.h"

#define BM_HOURS_MAX_SEASONS 4

/* A season runs from month-day `from` to month-day `to` inclusive (as month * 100 + day,
 * e.g. 501 for 05-01); from > to wraps the new year (1001 .. 430 is the winter). */
typedef struct bm_hours_season {
    int from, to;
    bm_office_hours hours;
} bm_hours_season;

typedef struct bm_centre_hours {
    int64_t centre_id;
    bm_office_hours base;     /* outside every season */
    int nseasons;
    bm_hours_season season[BM_HOURS_MAX_SEASONS];
} bm_centre_hours;

/* The hours of the centre with that id (a township or the county). */
int bm_hours_load(bm_db *db, int64_t centre_id, bm_centre_hours *out, bm_err *err);
/* The hours that apply on `day` (whether or not it is a working day). */
const bm_office_hours *bm_hours_on(const bm_centre_hours *h, bm_day day);

/* Sets the season starting at `from` ("MM-DD") to end at `to` ("MM-DD") with the hours in
 * spec ("09:00-12:00,13:30-17:30"); spec NULL or "" removes the season starting at `from`.
 * Seasons may not overlap. Admins only; audited. */
int bm_hours_set_season(bm_db *db, const bm_actor *who, const char *centre_code,
                        const char *from, const char *to, const char *spec, bm_err *err);

/* Whether the centre is open at t (a working day, inside that day's hours). */
int bm_hours_open_at(bm_db *db, const bm_centre_hours *h, time_t t, int *open, bm_err *err);
/* The first instant at or after t when the centre is open. */
int bm_hours_next_opening(bm_db *db, const bm_centre_hours *h, time_t t, time_t *out,
                          bm_err *err);
/* Working minutes from a to b (0 when b <= a), and the instant `minutes` working minutes
 * after from, each day counted in that day's hours. */
int bm_hours_minutes_between(bm_db *db, const bm_centre_hours *h, time_t a, time_t b,
                             int *minutes, bm_err *err);
int bm_hours_minutes_add(bm_db *db, const bm_centre_hours *h, time_t from, int minutes,
                         time_t *out, bm_err *err);

/* On a working day: the first opening and the last closing minute (the centre is staffed in
 * between, lunch included); *working 0 on a rest day. */
int bm_hours_day_span(bm_db *db, const bm_centre_hours *h, bm_day day, int *working,
                      int *open, int *close, bm_err *err);

#endif
