/* Calendar dates as day numbers, Beijing time, and the (pinnable) clock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/date.h"

/* Howard Hinnant's days_from_civil / civil_from_days. */
bm_day bm_day_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (bm_day)(era * 146097 + doe - 719468);
}

void bm_day_to_ymd(bm_day day, int *y, int *m, int *d)
{
    int z = day + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int dd = doy - (153 * mp + 2) / 5 + 1;
    int mm = mp + (mp < 10 ? 3 : -9);
    *y = yy + (mm <= 2);
    *m = mm;
    *d = dd;
}

int bm_days_in_month(int y, int m)
{
    static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return len[m - 1];
}

int bm_day_parse(const char *s, bm_day *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (y < 1900 || y > 2999 || d < 1 || d > bm_days_in_month(y, m))
        return -1;
    *out = bm_day_from_ymd(y, m, d);
    return 0;
}

void bm_day_format(bm_day day, char out[11])
{
    int y, m, d;
    bm_day_to_ymd(day, &y, &m, &d);
    unsigned uy = (unsigned)y % 10000, um = (unsigned)m % 100, ud = (unsigned)d % 100;
    out[0] = (char)('0' + uy / 1000);
    out[1] = (char)('0' + uy / 100 % 10);
    out[2] = (char)('0' + uy / 10 % 10);
    out[3] = (char)('0' + uy % 10);
    out[4] = '-';
    out[5] = (char)('0' + um / 10);
    out[6] = (char)('0' + um % 10);
    out[7] = '-';
    out[8] = (char)('0' + ud / 10);
    out[9] = (char)('0' + ud % 10);
    out[10] = '\0';
}

int bm_day_weekday(bm_day day)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    int w = (day + 3) % 7;
    return w < 0 ? w + 7 : w;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

bm_day bm_day_of(time_t t)
{
    return (bm_day)floor_div((int64_t)t + BM_TZ_OFFSET, 86400);
}

int bm_minute_of(time_t t)
{
    int64_t local = (int64_t)t + BM_TZ_OFFSET;
    return (int)((local - floor_div(local, 86400) * 86400) / 60);
}

time_t bm_time_at(bm_day day, int minute)
{
    return (time_t)((int64_t)day * 86400 + (int64_t)minute * 60 - BM_TZ_OFFSET);
}

static time_t pinned;
static int env_read;

void bm_clock_set(time_t t)
{
    pinned = t;
    env_read = 1;
}

time_t bm_now(void)
{
    if (!env_read) {
        env_read = 1;
        const char *s = getenv("BIANMIN_NOW");
        char day[11];
        int hh = 0, mm = 0;
        bm_day d;
        if (s && strlen(s) >= 10) {
            memcpy(day, s, 10);
            day[10] = '\0';
            if (bm_day_parse(day, &d) == 0) {
                if (s[10] == ' ' || s[10] == 'T')
                    sscanf(s + 11, "%d:%d", &hh, &mm);
                if (hh < 0 || hh > 23 || mm < 0 || mm > 59)
                    hh = mm = 0;
                pinned = bm_time_at(d, hh * 60 + mm);
            }
        }
    }
    return pinned ? pinned : time(NULL);
}

time_t bm_clock_pinned(void)
{
    bm_now();   /* reads BIANMIN_NOW once */
    return pinned;
}
