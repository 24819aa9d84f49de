/* The working-day calendar: weekends off, statutory holidays off, make-up working days (调休)
 * on, per year as published by the State Council; deadlines in working days and hotline
 * clocks in working hours. A year with no data still works (weekends only) and is reported
 * through *missing_year so an admin can be warned ("calendar missing"). */
#ifndef BM_CALENDAR_H
#define BM_CALENDAR_H

#include <stddef.h>
#include <time.h>
#include "core/date.h"
#include "core/org.h"
#include "core/actor.h"
#include "core/db.h"

/* Imports a calendar file: lines "YYYY-MM-DD off|work [name]", '#' comments, blank lines.
 * Each year that appears is replaced as a whole. A "# Source: ..." comment is kept as the
 * year's source (else the file name). Bad input: BM_EINVALID, the reason says what is wrong,
 * the detail gives the line number; nothing is changed. Admins only; audited. */
int bm_calendar_import(bm_db *db, const bm_actor *who, const char *path, int *days_loaded,
                       bm_err *err);
/* The same from text in memory; `source` names it when the text has no Source comment. */
int bm_calendar_import_text(bm_db *db, const bm_actor *who, const char *text, size_t len,
                            const char *source, int *days_loaded, bm_err *err);

/* Sets one day: kind "off" (holiday), "work" (make-up working day) or NULL / "" to return it
 * to the default (weekday works, weekend rests). Admins only; audited. Marks the year as
 * having data. */
int bm_calendar_set_day(bm_db *db, const bm_actor *who, bm_day day, const char *kind,
                        const char *name, bm_err *err);

/* Whether a year has calendar data, and from where. */
int bm_calendar_year_info(bm_db *db, int year, int *loaded, char *source, size_t srclen,
                          bm_err *err);
/* Calls each(day, kind, name, ctx) for every exception of the year, in date order. */
int bm_calendar_days(bm_db *db, int year,
                     int (*each)(bm_day day, const char *kind, const char *name, void *ctx),
                     void *ctx, bm_err *err);

/* In all the functions below *missing_year (if not NULL) is set to the first year touched
 * that has no calendar data, or 0. */
int bm_is_working_day(bm_db *db, bm_day day, int *working, int *missing_year, bm_err *err);
/* The n-th working day after `from` (n >= 0; n == 0 gives `from` itself). */
int bm_workdays_add(bm_db *db, bm_day from, int n, bm_day *out, int *missing_year, bm_err *err);
/* Working days in (a, b] when b >= a, minus those in (b, a] when b < a: so
 * between(a, add(a, n)) == n. */
int bm_workdays_between(bm_db *db, bm_day a, bm_day b, int *n, int *missing_year, bm_err *err);
/* The instant `minutes` working minutes after `from`, counting only office hours of
 * working days. */
int bm_workminutes_add(bm_db *db, const bm_office_hours *hours, time_t from, int minutes,
                       time_t *out, int *missing_year, bm_err *err);
/* Working minutes elapsed from a to b (0 if b <= a). */
int bm_workminutes_between(bm_db *db, const bm_office_hours *hours, time_t a, time_t b,
                           int *minutes, int *missing_year, bm_err *err);
/* Whether `t` falls inside office hours on a working day. */
int bm_in_office_hours(bm_db *db, const bm_office_hours *hours, time_t t, int *inside,
                       bm_err *err);

/* The administrator's view (calendar_admin.c). The year whose schedule an admin should load
 * now (this year when it has none; from BM_CALENDAR_WARN_MONTH on, next year when it has
 * none), else 0. */
#define BM_CALENDAR_WARN_MONTH 11
int bm_calendar_year_to_confirm(bm_db *db, bm_day today, int *year, bm_err *err);

/* A year at a glance: marks[month - 1][day - 1], BM_CAL_NONE past the month's end. */
enum bm_cal_mark { BM_CAL_NONE = 0, BM_CAL_WORK, BM_CAL_WEEKEND, BM_CAL_HOLIDAY, BM_CAL_MAKEUP };
int bm_calendar_year_marks(bm_db *db, int year, char marks[12][32], bm_err *err);

#endif
