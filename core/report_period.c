/* Report periods: a day, an ISO week, a month, a quarter, a year or a range of days, parsed
 * as typed, stepped back and forth, and moved back a year for the same-period comparison. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/report.h"

/* Monday of ISO week 1 of year y (the week holding 4 January). */
static bm_day iso_week1(int y)
{
    bm_day jan4 = bm_day_from_ymd(y, 1, 4);
    return jan4 - bm_day_weekday(jan4);
}

static int iso_weeks(int y)
{
    return (int)((iso_week1(y + 1) - iso_week1(y)) / 7);
}

/* The ISO year and week of a day. */
static void iso_week_of(bm_day day, int *year, int *week)
{
    int y, m, d;
    bm_day_to_ymd(day, &y, &m, &d);
    if (day >= iso_week1(y + 1))
        y++;
    else if (day < iso_week1(y))
        y--;
    *year = y;
    *week = (int)((day - iso_week1(y)) / 7) + 1;
}

static void set_label(bm_period *p)
{
    int y, m, d;
    bm_day_to_ymd(p->from, &y, &m, &d);
    char a[11], b[11];
    switch (p->kind) {
    case BM_PERIOD_DAY:
        bm_day_format(p->from, p->label);
        break;
    case BM_PERIOD_WEEK: {
        int wy, w;
        iso_week_of(p->from, &wy, &w);
        snprintf(p->label, sizeof p->label, "%04d-W%02d", wy, w);
        break;
    }
    case BM_PERIOD_MONTH:
        snprintf(p->label, sizeof p->label, "%04d-%02d", y, m);
        break;
    case BM_PERIOD_QUARTER:
        snprintf(p->label, sizeof p->label, "%04d-Q%d", y, (m - 1) / 3 + 1);
        break;
    case BM_PERIOD_YEAR:
        snprintf(p->label, sizeof p->label, "%04d", y);
        break;
    default:
        bm_day_format(p->from, a);
        bm_day_format(p->to, b);
        snprintf(p->label, sizeof p->label, "%s..%s", a, b);
        break;
    }
}

void bm_period_of(int kind, bm_day day, bm_period *out)
{
    memset(out, 0, sizeof *out);
    int y, m, d;
    bm_day_to_ymd(day, &y, &m, &d);
    out->kind = kind;
    switch (kind) {
    case BM_PERIOD_WEEK:
        out->from = day - bm_day_weekday(day);
        out->to = out->from + 6;
        break;
    case BM_PERIOD_MONTH:
        out->from = bm_day_from_ymd(y, m, 1);
        out->to = bm_day_from_ymd(y, m, bm_days_in_month(y, m));
        break;
    case BM_PERIOD_QUARTER: {
        int q0 = (m - 1) / 3 * 3 + 1;
        out->from = bm_day_from_ymd(y, q0, 1);
        out->to = bm_day_from_ymd(y, q0 + 2, bm_days_in_month(y, q0 + 2));
        break;
    }
    case BM_PERIOD_YEAR:
        out->from = bm_day_from_ymd(y, 1, 1);
        out->to = bm_day_from_ymd(y, 12, 31);
        break;
    default:
        out->kind = BM_PERIOD_DAY;
        out->from = out->to = day;
        break;
    }
    set_label(out);
}

/* Digits only, exactly n of them, as a number; -1 otherwise. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int bm_period_parse(const char *text, bm_period *out, bm_err *err)
{
    memset(out, 0, sizeof *out);
    const char *s = text ? text : "";
    size_t n = strlen(s);
    int y = n >= 4 ? digits(s, 4) : -1;
    bm_day a, b;
    if (y >= 1900 && y <= 2999) {
        if (n == 4) {
            bm_period_of(BM_PERIOD_YEAR, bm_day_from_ymd(y, 1, 1), out);
            return BM_OK;
        }
        if (n == 7 && s[4] == '-' && (s[5] == 'Q' || s[5] == 'q') && s[6] >= '1' &&
            s[6] <= '4') {
            bm_period_of(BM_PERIOD_QUARTER, bm_day_from_ymd(y, (s[6] - '1') * 3 + 1, 1), out);
            return BM_OK;
        }
        int w = n == 8 && s[4] == '-' && (s[5] == 'W' || s[5] == 'w') ? digits(s + 6, 2) : -1;
        if (w >= 1 && w <= iso_weeks(y)) {
            bm_period_of(BM_PERIOD_WEEK, iso_week1(y) + (w - 1) * 7, out);
            return BM_OK;
        }
        int m = n == 7 && s[4] == '-' ? digits(s + 5, 2) : -1;
        if (m >= 1 && m <= 12) {
            bm_period_of(BM_PERIOD_MONTH, bm_day_from_ymd(y, m, 1), out);
            return BM_OK;
        }
        if (n == 10 && bm_day_parse(s, &a) == 0) {
            bm_period_of(BM_PERIOD_DAY, a, out);
            return BM_OK;
        }
        char first[11];
        if (n == 22 && s[10] == '.' && s[11] == '.') {
            memcpy(first, s, 10);
            first[10] = '\0';
            if (bm_day_parse(first, &a) == 0 && bm_day_parse(s + 12, &b) == 0 && a <= b &&
                b - a <= 3660) {
                out->kind = BM_PERIOD_RANGE;
                out->from = a;
                out->to = b;
                set_label(out);
                return BM_OK;
            }
        }
    }
    return bm_fail(err, BM_EINVALID,
                   N_("Type a period as 2026-11-30, 2026-W48, 2026-11, 2026-Q4, 2026 or "
                      "2026-11-01..2026-11-15"),
                   "%s", s);
}

void bm_period_step(const bm_period *p, int step, bm_period *out)
{
    int y, m, d;
    bm_day_to_ymd(p->from, &y, &m, &d);
    switch (p->kind) {
    case BM_PERIOD_DAY:
        bm_period_of(p->kind, p->from + step, out);
        break;
    case BM_PERIOD_WEEK:
        bm_period_of(p->kind, p->from + 7 * step, out);
        break;
    case BM_PERIOD_MONTH:
    case BM_PERIOD_QUARTER: {
        int months = (p->kind == BM_PERIOD_MONTH ? 1 : 3) * step;
        int k = y * 12 + (m - 1) + months;
        bm_period_of(p->kind, bm_day_from_ymd(k / 12, k % 12 + 1, 1), out);
        break;
    }
    case BM_PERIOD_YEAR:
        bm_period_of(p->kind, bm_day_from_ymd(y + step, 1, 1), out);
        break;
    default: {
        bm_day len = p->to - p->from + 1;
        *out = *p;
        out->from = p->from + step * len;
        out->to = p->to + step * len;
        set_label(out);
        break;
    }
    }
}

/* The same date a year earlier; 29 February becomes the 28th. */
static bm_day year_back(bm_day day)
{
    int y, m, d;
    bm_day_to_ymd(day, &y, &m, &d);
    if (d > bm_days_in_month(y - 1, m))
        d = bm_days_in_month(y - 1, m);
    return bm_day_from_ymd(y - 1, m, d);
}

void bm_period_last_year(const bm_period *p, bm_period *out)
{
    if (p->kind == BM_PERIOD_WEEK) {
        int wy, w;
        iso_week_of(p->from, &wy, &w);
        if (w > iso_weeks(wy - 1))
            w = iso_weeks(wy - 1);
        bm_period_of(BM_PERIOD_WEEK, iso_week1(wy - 1) + (w - 1) * 7, out);
        return;
    }
    if (p->kind != BM_PERIOD_RANGE) {
        bm_period_of(p->kind, year_back(p->from), out);
        return;
    }
    *out = *p;
    out->from = year_back(p->from);
    out->to = year_back(p->to);
    set_label(out);
}
