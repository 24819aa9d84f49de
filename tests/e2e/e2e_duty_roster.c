/* The duty roster over real SSH, the clock pinned to Monday 2026-11-30 10:00: the month view
 * at 80 columns (F11) beside the week, with the coverage check (shifts per person, the first
 * uncovered period, "!" on its day); the centre head swaps two days, replaces a person, adds a
 * second and marks leave on BM315, each shown at once; the duty officer may read but not
 * change it; the administrator opens it from menu 5 and turns through the centres (F4). The
 * appointment slots (BM316, F9 on the roster): the centre head raises the next working day's
 * capacity (the full 09:00 takes more, its bookings kept) and opens an extended-hours slot;
 * the duty officer may not open slots. */
#include "tests/e2e/duty.h"
#include "tests/e2e/login.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define NOW "2026-11-30 10:00"

static int start_shared(void **state)
{
    (void)state;
    return e2e_shared_start(NOW);
}



/* The line of the week view with the shift beginning at `from` ("12-01 周二 17:30"). */
static void expect_shift(bmt_term *t, const char *from, const char *who)
{
    char *row = duty_row_with(t, from);
    if (!row || !strstr(row, who)) {
        bmt_screen_dump(t, from);
        fail_msg("%s: want %s", from, who);
    }
    free(row);
}

/* One change on BM315: the fields in order, then F2, then back on the roster. */
static void change(bmt_term *t, const char *what, const char *day, const char *other,
                   const char *login)
{
    e2e_keys(t, "F6");
    duty_wait_for(t, "BM315");
    char spec[160];
    snprintf(spec, sizeof spec, "\"%s\" Enter", what);
    e2e_keys(t, spec);
    /* The day comes filled in (the first of the week shown): type over it. */
    e2e_keys(t, "Bksp Bksp Bksp Bksp Bksp Bksp Bksp Bksp Bksp Bksp");
    snprintf(spec, sizeof spec, "\"%s\" Enter", day);
    e2e_keys(t, spec);
    if (other[0]) {
        snprintf(spec, sizeof spec, "\"%s\"", other);
        e2e_keys(t, spec);
    }
    e2e_keys(t, "Enter");
    if (login[0]) {
        snprintf(spec, sizeof spec, "\"%s\"", login);
        e2e_keys(t, spec);
    }
    e2e_keys(t, "F2");
    duty_wait_for(t, "值班表已调整");
    duty_wait_for(t, "BM310");
}

static void test_month_view_and_coverage(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "duty");
    e2e_keys(t, "\"6\" Enter");
    duty_wait_for(t, "BM310");
    duty_wait_for(t, "每人班次（8 周）:");
    assert_true(bmt_screen_has(t, "孙磊"));
    duty_wait_for(t, "未来 8 周无人值班的非工作时段: 1（最早 01-10 周日 08:30）");
    e2e_keys(t, "F11");
    duty_wait_for(t, "2026 年 11 月");
    /* Monday 30 November, last in the grid: an evening shift, 孙磊's. */
    char *row = duty_row_with(t, "30 夜班");
    assert_non_null(row);
    free(row);
    e2e_keys(t, "PgDn");
    duty_wait_for(t, "2026 年 12 月");
    row = duty_row_with(t, " 5 周末");
    assert_non_null(row);
    assert_non_null(strstr(row, " 6 周末"));
    free(row);
    e2e_keys(t, "PgDn");
    duty_wait_for(t, "2027 年 01 月");
    /* The demo's uncovered Sunday: no shift on the 10th, nobody's name, the "!" mark. */
    row = duty_row_with(t, " 9 周末    10");
    assert_non_null(row);
    assert_null(strstr(row, "10 周末"));
    free(row);
    row = duty_row_with(t, "李娟       !");
    assert_non_null(row);
    free(row);
    /* The duty officer reads, but does not change, the roster. */
    e2e_keys(t, "F6");
    duty_wait_for(t, "值班表由中心负责人和管理员调整");
    assert_false(bmt_screen_has(t, "BM315"));
    e2e_keys(t, "F11");
    duty_wait_for(t, "2026-12-28 至 2027-01-03");
    e2e_logout(t);
}

static void test_supervisor_changes_the_roster(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "supervisor");
    e2e_keys(t, "\"8\" Enter");
    duty_wait_for(t, "BM310");
    duty_wait_for(t, "2026-11-30 至 2026-12-06");
    expect_shift(t, "12-01 周二 17:30", "郑红");
    expect_shift(t, "12-02 周三 17:30", "孙磊");

    change(t, "1", "2026-12-01", "2026-12-02", "");
    expect_shift(t, "12-01 周二 17:30", "*孙磊");
    expect_shift(t, "12-02 周三 17:30", "*郑红");

    change(t, "2", "2026-12-03", "", "lijuan");
    expect_shift(t, "12-03 周四 17:30", "*李娟");

    change(t, "3", "2026-12-05", "", "clerk");
    expect_shift(t, "周末     12-05 周六 08:30", "孙磊 18781837702, 张敏");

    /* Leave for 李娟 on the 3rd: the shift goes back to the rotation. */
    change(t, "4", "2026-12-03", "2026-12-03", "lijuan");
    char *row = duty_row_with(t, "12-03 周四 17:30");
    assert_non_null(row);
    assert_null(strstr(row, "李娟"));
    free(row);

    /* A swap with a day that has no shift is refused on the form. */
    e2e_keys(t, "F6");
    duty_wait_for(t, "BM315");
    e2e_keys(t, "\"1\" Enter");
    e2e_keys(t, "Bksp Bksp Bksp Bksp Bksp Bksp Bksp Bksp Bksp Bksp");
    e2e_keys(t, "\"2026-12-01\" Enter \"2030-01-01\" F2");
    duty_wait_for(t, "当天没有排班");
    assert_true(bmt_screen_has(t, "BM315"));
    e2e_keys(t, "F3");
    duty_wait_for(t, "BM310");
    e2e_logout(t);
}

static void test_admin_roster_by_centre(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "admin");
    assert_true(bmt_screen_has(t, "5  值班排班"));
    e2e_keys(t, "\"5\" Enter");
    duty_wait_for(t, "BM310");
    duty_wait_for(t, "青林镇便民服务中心");
    duty_wait_for(t, "孙磊");
    e2e_keys(t, "F4");
    duty_wait_for(t, "石桥镇");
    duty_wait_for(t, "本周值班表上没有班次");
    e2e_keys(t, "F4");
    duty_wait_for(t, "青林镇便民服务中心");
    e2e_logout(t);
}

static void test_appointment_slots(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "duty");
    e2e_keys(t, "\"6\" Enter");
    duty_wait_for(t, "BM310");
    e2e_keys(t, "F9");
    duty_wait_for(t, "预约时段由中心负责人和管理员开放");
    assert_false(bmt_screen_has(t, "BM316"));
    e2e_logout(t);

    t = e2e_login(e2e_shared, "supervisor");
    e2e_keys(t, "\"8\" Enter");
    duty_wait_for(t, "BM310");
    e2e_keys(t, "F9");
    duty_wait_for(t, "BM316");
    duty_wait_for(t, "2026-12-01 周二 的预约时段");
    char *row = duty_row_with(t, "09:00-09:30");
    assert_non_null(row);
    assert_non_null(strstr(row, "09:00-09:30     4     4"));   /* the demo's full 09:00 */
    free(row);
    /* Six a half hour on the 1st (From and To come filled in with it). */
    e2e_keys(t, "Tab Tab Tab Bksp \"6\" F2");
    duty_wait_for(t, "已在工作时间内开放预约时段");
    duty_wait_for(t, "09:00-09:30     6     4");
    /* A second extended-hours hour on the 1st after the demo's 18:30-20:00, served by the
     * duty officer 孙磊. */
    e2e_keys(t, "Tab Tab Tab Tab \"20:00\" Enter \"21:00\" Enter Enter \"duty\" F6");
    duty_wait_for(t, "已开放延时服务时段");
    duty_wait_for(t, "20:00-21:00     2     0   孙磊");
    /* The day after has its own slots, four a half hour as before. */
    e2e_keys(t, "PgDn");
    duty_wait_for(t, "2026-12-02 周三 的预约时段");
    row = duty_row_with(t, "09:00-09:30");
    assert_non_null(row);
    assert_non_null(strstr(row, "09:00-09:30     4"));
    free(row);
    e2e_logout(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_month_view_and_coverage),
        cmocka_unit_test(test_supervisor_changes_the_roster),
        cmocka_unit_test(test_admin_roster_by_centre),
        cmocka_unit_test(test_appointment_slots),
    };
    return cmocka_run_group_tests(tests, start_shared, e2e_shared_stop);
}
