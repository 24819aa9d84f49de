/* Always open, over real SSH: the home screen of every user at 青林镇 names who is on duty
 * today (from the demo roster), a centre without a roster says so, and the duty officer's
 * roster screen shows the week's shifts and the uncovered off-hours period the demo leaves
 * in the next 8 weeks. The clock is pinned to Monday 2026-11-30, 10:00 (office hours). */
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

/* Tonight's evening shift at 青林镇 is 孙磊's: the duty officer, the clerk and the village
 * agent of that centre all see it on their home screen. */
static void test_home_shows_who_is_on_duty(void **state)
{
    (void)state;
    const char *const users[] = {"duty", "clerk", "agent"};
    for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
        bmt_term *t = e2e_login(e2e_shared, users[i]);
        if (!bmt_screen_has(t, "今日值班: 孙磊 18781837702"))
            bmt_screen_dump(t, users[i]);
        assert_true(bmt_screen_has(t, "今日值班: 孙磊 18781837702"));
        e2e_logout(t);
    }
}

/* 石桥镇 has no roster in the demo: its clerk is told, not shown someone else's. */
static void test_centre_without_roster_says_so(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "zhouq");
    assert_true(bmt_screen_has(t, "今日值班: 暂无排班"));
    assert_false(bmt_screen_has(t, "孙磊"));
    e2e_logout(t);
}

/* The roster screen: this week's evenings and weekend days with who is on duty, the next
 * week on PgDn, and the demo's deliberately uncovered Sunday (2027-01-10) counted. */
static void test_roster_week_view(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "duty");
    assert_true(bmt_screen_has(t, "6  值班排班"));
    e2e_keys(t, "\"6\" Enter");
    assert_true(bmt_wait_text(t, "BM310", 5000));
    assert_true(bmt_wait_text(t, "2026-11-30 至 2026-12-06", 5000));
    assert_true(bmt_screen_has(t, "11-30 周一 17:30"));
    assert_true(bmt_screen_has(t, "12-01 周二 09:00"));
    assert_true(bmt_screen_has(t, "12-05 周六 08:30"));
    assert_true(bmt_screen_has(t, "郑红 13350661847"));
    assert_true(bmt_screen_has(t, "未来 8 周无人值班的非工作时段: 1"));
    e2e_keys(t, "PgDn");
    assert_true(bmt_wait_text(t, "2026-12-07 至 2026-12-13", 5000));
    assert_true(bmt_screen_has(t, "12-12 周六 08:30"));
    e2e_keys(t, "F3");
    assert_true(bmt_wait_text(t, "BM100", 5000));
    e2e_logout(t);
}

/* The duty officer's first entry is the off-hours queue on the work list, with core's counts
 * of what waits (the demo's off-hours requests all have a handler already). */
static void test_off_hours_queue_opens(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "duty");
    assert_true(bmt_screen_has(t, "1  非工作时间收件"));
    e2e_keys(t, "\"1\" Enter");
    assert_true(bmt_wait_text(t, "BM223", 5000));
    assert_true(bmt_screen_has(t, "非工作时间收件"));
    assert_true(bmt_screen_has(t, "办件号"));
    e2e_keys(t, "F3");
    assert_true(bmt_wait_text(t, "BM100", 5000));
    e2e_logout(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_home_shows_who_is_on_duty),
        cmocka_unit_test(test_centre_without_roster_says_so),
        cmocka_unit_test(test_roster_week_view),
        cmocka_unit_test(test_off_hours_queue_opens),
    };
    return cmocka_run_group_tests(tests, start_shared, e2e_shared_stop);
}
