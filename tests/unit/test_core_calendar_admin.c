/* The administrator's calendar view in core: which year needs its schedule (this year when it
 * has none, next year from 1 November), and a year at a glance with weekends, holidays and
 * make-up working days. */
#include "tests/unit/test_core_util.h"
#include "core/calendar.h"

static bm_db *db;

static int setup(void **state)
{
    (void)state;
    setenv("BIANMIN_NOW", "2026-11-30 10:00", 1);
    db = tu_demo_db("calendar-admin.db");
    return db ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bm_db_close(db);
    tu_cleanup();
    return 0;
}

static void year_to_confirm(void **state)
{
    (void)state;
    bm_err err;
    int year = -1;
    /* The demo carries 2026 only. */
    assert_int_equal(bm_calendar_year_to_confirm(db, tu_day("2026-10-31"), &year, &err), BM_OK);
    assert_int_equal(year, 0);
    assert_int_equal(bm_calendar_year_to_confirm(db, tu_day("2026-11-01"), &year, &err), BM_OK);
    assert_int_equal(year, 2027);
    assert_int_equal(bm_calendar_year_to_confirm(db, tu_day("2025-03-01"), &year, &err), BM_OK);
    assert_int_equal(year, 2025);
    bm_actor admin = tu_actor(db, "admin");
    static const char text[] = "# Source: test\n2027-01-01 off 元旦\n2027-02-06 work 春节\n";
    int days;
    assert_int_equal(bm_calendar_import_text(db, &admin, text, sizeof text - 1, "test", &days,
                                             &err), BM_OK);
    assert_int_equal(bm_calendar_year_to_confirm(db, tu_day("2026-11-30"), &year, &err), BM_OK);
    assert_int_equal(year, 0);
}

static void year_marks(void **state)
{
    (void)state;
    bm_err err;
    char marks[12][32];
    assert_int_equal(bm_calendar_year_marks(db, 2027, marks, &err), BM_OK);
    assert_int_equal(marks[0][0], BM_CAL_HOLIDAY);   /* 1 January */
    assert_int_equal(marks[0][1], BM_CAL_WEEKEND);   /* Saturday 2 January 2027 */
    assert_int_equal(marks[0][3], BM_CAL_WORK);      /* Monday 4 January */
    assert_int_equal(marks[1][5], BM_CAL_MAKEUP);    /* Saturday 6 February, worked */
    assert_int_equal(marks[1][28], BM_CAL_NONE);     /* no 29 February 2027 */
    assert_int_equal(marks[3][30], BM_CAL_NONE);     /* no 31 April */
    assert_int_equal(marks[11][30], BM_CAL_WORK);    /* Friday 31 December */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(year_to_confirm),
        cmocka_unit_test(year_marks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
