/* Calendar dates and the clock, in Beijing time (UTC+08:00, no daylight saving) whatever the
 * server's TZ: a case accepted at 23:30 in the county is accepted on that county's date. */
#ifndef BM_DATE_H
#define BM_DATE_H

#include <stdint.h>
#include <time.h>

/* Days since 1970-01-01 (the proleptic Gregorian calendar). */
typedef int32_t bm_day;

#define BM_TZ_OFFSET (8 * 3600)

bm_day bm_day_from_ymd(int y, int m, int d);
void bm_day_to_ymd(bm_day day, int *y, int *m, int *d);
/* Strict "YYYY-MM-DD" with a real month and day; 0 on success, -1 otherwise. */
int bm_day_parse(const char *s, bm_day *out);
/* Writes "YYYY-MM-DD" (11 bytes with the NUL). */
void bm_day_format(bm_day day, char out[11]);
/* 0 = Monday ... 6 = Sunday. */
int bm_day_weekday(bm_day day);
int bm_days_in_month(int y, int m);

/* The Beijing date and minute of the day (0..1439) of an instant. */
bm_day bm_day_of(time_t t);
int bm_minute_of(time_t t);
/* The instant at minute `minute` of Beijing date `day`. */
time_t bm_time_at(bm_day day, int minute);

/* The current time. Tests (and demos) may pin it: bm_clock_set(t) with t != 0, or the
 * environment variable BIANMIN_NOW="YYYY-MM-DD HH:MM" (Beijing time) read at first use. */
time_t bm_now(void);
void bm_clock_set(time_t t);      /* 0 = follow the real clock again */
time_t bm_clock_pinned(void);     /* the pinned time, 0 when the clock is real */

#endif
