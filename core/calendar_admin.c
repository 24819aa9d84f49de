/* What the administrator's calendar screen (BM930) and the home screen's warning ask of the
 * working-day calendar: the year that still needs its schedule, and a year's days at a glance
 * (see calendar.h). */
#include <string.h>
#include "core/calendar.h"

int bm_calendar_year_to_confirm(bm_db *db, bm_day today, int *year, bm_err *err)
{
    int y, m, d, loaded;
    *year = 0;
    bm_day_to_ymd(today, &y, &m, &d);
    int rc = bm_calendar_year_info(db, y, &loaded, NULL, 0, err);
    if (rc != BM_OK)
        return rc;
    if (!loaded) {
        *year = y;
        return BM_OK;
    }
    /* The State Council publishes next year's schedule in autumn: from 1 November on, a year
     * not loaded yet is worth a warning while deadlines start to reach into it. */
    if (m < BM_CALENDAR_WARN_MONTH)
        return BM_OK;
    if ((rc = bm_calendar_year_info(db, y + 1, &loaded, NULL, 0, err)) != BM_OK)
        return rc;
    if (!loaded)
        *year = y + 1;
    return BM_OK;
}

struct year_fill {
    int year;
    char (*marks)[32];
};

static int mark_day(bm_day day, const char *kind, const char *name, void *ctx)
{
    (void)name;
    struct year_fill *f = ctx;
    int y, m, d;
    bm_day_to_ymd(day, &y, &m, &d);
    if (y == f->year)
        f->marks[m - 1][d - 1] = !strcmp(kind, "off") ? BM_CAL_HOLIDAY : BM_CAL_MAKEUP;
    return 0;
}

int bm_calendar_year_marks(bm_db *db, int year, char marks[12][32], bm_err *err)
{
    for (int m = 1; m <= 12; m++)
        for (int d = 1; d <= 31; d++) {
            if (d > bm_days_in_month(year, m)) {
                marks[m - 1][d - 1] = BM_CAL_NONE;
                continue;
            }
            int wd = bm_day_weekday(bm_day_from_ymd(year, m, d));
            marks[m - 1][d - 1] = wd >= 5 ? BM_CAL_WEEKEND : BM_CAL_WORK;
        }
    struct year_fill f = { year, marks };
    return bm_calendar_days(db, year, mark_day, &f, err);
}
