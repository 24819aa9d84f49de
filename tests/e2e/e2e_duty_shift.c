/* Always open, over real SSH, on Monday evening 2026-11-30 at 19:30 (outside office hours,
 * 孙磊's evening shift): the duty officer writes the hand-over with one item for the clerk;
 * as the clerk it shows as unread on the home screen and is read and signed. The officer
 * books an appointment for tomorrow: the demo's full 09:00 slot is refused with the next free
 * times offered, a 09:00 appointment moved away frees its place, and the booking then takes
 * it; the clerk finds it on tomorrow's list and starts intake from it, on channel 预约. A
 * whereabouts note the clerk leaves shows beside the clerk's name on the duty officer's
 * screen until the clerk logs in again. */
#include "tests/e2e/demo.h"
#include "tests/e2e/duty.h"
#include "tests/e2e/login.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define NOW "2026-11-30 19:30"

static int start_shared(void **state)
{
    (void)state;
    return e2e_shared_start(NOW);
}


/* The duty officer writes the hand-over (F6 on the hand-overs), the item for the clerk by
 * login; the clerk's home screen counts it as waiting; the clerk opens it from 预约与值班,
 * reads who takes what, signs it with F2, and the list shows it signed. */
static void test_handover_duty_to_clerk(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "duty");
    assert_true(bmt_screen_has(t, "今日值班: 孙磊 18781837702"));
    duty_write_handover(t, "夜间来电一个", "已登记", "低保咨询待回电", "回电王秀英 低保材料",
                        "clerk");
    duty_wait_for(t, "低保咨询待回电");
    e2e_logout(t);

    t = e2e_login(e2e_shared, "clerk");
    duty_clerk_opens_handover(t);
    duty_wait_for(t, "回电王秀英 低保材料  -> 张敏");
    assert_true(bmt_screen_has(t, "遗留: 低保咨询待回电"));
    assert_true(bmt_screen_has(t, "孙磊"));
    e2e_keys(t, "F2");
    duty_wait_for(t, "已签收交接班");
    duty_wait_for(t, "您的签收时间 2026-11-30 19:30");
    e2e_keys(t, "F3");
    duty_wait_for(t, "BM312");
    duty_wait_for(t, "已签收 11-30 19:30");
    assert_false(bmt_screen_has(t, "未签收"));
    e2e_logout(t);

    /* At the next login nothing waits any more. */
    t = e2e_login(e2e_shared, "clerk");
    assert_false(bmt_screen_has(t, "待签收的交接班"));
    e2e_logout(t);
}

/* From the day's list, F6 books the person with that ID for SB-001 tomorrow at 09:00. */
static void book_at_nine(bmt_term *t, const char *id, const char *name)
{
    e2e_keys(t, "F6");
    duty_wait_for(t, "BM321");
    char spec[128];
    snprintf(spec, sizeof spec, "\"%s\" Enter", id);
    e2e_keys(t, spec);
    duty_wait_for(t, name);
    e2e_keys(t, "\"SB-001\" Enter Enter Enter \"09:00\" F2");
}

/* The officer's booking for tomorrow 09:00 (full in the demo) is refused with the next free
 * times; F4 on the time would take the first. An appointment at 09:00 moved to 11:00 frees
 * its place; the same booking now goes through and the slip shows it. The clerk then finds
 * it on tomorrow's list, receives the person (option 1), and the intake that opens has the
 * person, the matter and channel 4 预约; accepting it keeps that channel on the case. */
static void test_appointment_full_move_and_intake(void **state)
{
    (void)state;
    char id[19];
    assert_int_equal(demo_known_applicant(e2e_shared, 7, id), 0);
    char *name = demo_db_text(e2e_shared, "SELECT name FROM applicant WHERE id_no = ?1", id);
    assert_non_null(name);

    bmt_term *t = e2e_login(e2e_shared, "duty");
    e2e_keys(t, "\"2\" Enter");
    duty_wait_for(t, "BM320");
    duty_wait_for(t, "2026-11-30");
    e2e_keys(t, "F9");
    duty_wait_for(t, "2026-12-01");
    duty_wait_for(t, "09:00");
    book_at_nine(t, id, name);
    duty_wait_for(t, "该时段已约满");
    duty_wait_for(t, "后面的空闲时间:");
    duty_wait_for(t, "12-01 09:30");
    assert_false(bmt_screen_has(t, "12-01 09:00  "));
    e2e_keys(t, "F3");
    duty_wait_for(t, "BM320");

    /* Move the first 09:00 appointment to 11:00: 09:00 has a place again. */
    e2e_keys(t, "2 Enter");
    duty_wait_for(t, "原约 12-01 09:00");
    e2e_keys(t, "Enter \"11:00\" F2");
    duty_wait_for(t, "已改期");
    duty_wait_for(t, "11:00");

    book_at_nine(t, id, name);
    duty_wait_for(t, "BM322");
    duty_wait_for(t, "预约单");
    assert_true(bmt_screen_has(t, "2026-12-01 09:00"));
    assert_true(bmt_screen_has(t, name));
    assert_true(bmt_screen_has(t, "城乡居民基本养老保险参保登记"));
    e2e_keys(t, "F3");
    duty_wait_for(t, "BM320");
    e2e_logout(t);

    t = e2e_login(e2e_shared, "clerk");
    e2e_keys(t, "\"5\" Enter");
    duty_wait_for(t, "BM319");
    e2e_keys(t, "\"1\" Enter");
    char spec[128];
    duty_wait_for(t, "BM320");
    e2e_keys(t, "F9");
    duty_wait_for(t, "2026-12-01");
    snprintf(spec, sizeof spec, "\"/\" \"%s\" Enter", name);
    e2e_keys(t, spec);
    duty_wait_for(t, "已预约");
    e2e_keys(t, "1 Enter");
    duty_wait_for(t, "BM210");
    duty_wait_for(t, "来自预约");
    assert_true(bmt_screen_has(t, "城乡居民基本养老保险参保登记"));
    assert_true(bmt_screen_has(t, "预约"));
    e2e_keys(t, "\"N\" \"N\" \"X\" \"X\" \"X\" F2");
    duty_wait_for(t, "已受理并当场办结");
    e2e_keys(t, "F3");
    long channel = demo_db_long(e2e_shared, "SELECT c.channel FROM bcase c JOIN applicant a "
                                "ON a.id = c.applicant_id WHERE a.id_no = ?1 "
                                "ORDER BY c.id DESC LIMIT 1", id);
    assert_int_equal(channel, 4);
    long status = demo_db_long(e2e_shared, "SELECT p.status FROM appointment p JOIN applicant a "
                               "ON a.id = p.applicant_id WHERE a.id_no = ?1 "
                               "ORDER BY p.id DESC LIMIT 1", id);
    assert_int_equal(status, 2);   /* arrived */
    e2e_logout(t);
    free(name);
}

/* The clerk leaves a whereabouts note (in the villages, 新桥村, back at 21:00); the duty
 * officer's whereabouts screen shows it beside the clerk's name; once the clerk logs in
 * again it is gone. */
static void test_whereabouts_note_until_next_login(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "clerk");
    e2e_keys(t, "\"5\" Enter");
    duty_wait_for(t, "BM319");
    e2e_keys(t, "\"4\" Enter");
    duty_wait_for(t, "BM330");
    e2e_keys(t, "F6");
    duty_wait_for(t, "BM331");
    e2e_keys(t, "Enter \"新桥村\" Enter Enter \"21:00\" F2");
    duty_wait_for(t, "已留言");
    duty_wait_for(t, "BM330");
    duty_wait_for(t, "下村入户 新桥村 21:00 回");
    e2e_logout(t);

    t = e2e_login(e2e_shared, "duty");
    e2e_keys(t, "\"5\" Enter");
    duty_wait_for(t, "BM330");
    duty_wait_for(t, "张敏");
    char *row = duty_row_with(t, "张敏");
    assert_non_null(row);
    assert_non_null(strstr(row, "下村入户 新桥村 21:00 回"));
    free(row);
    e2e_logout(t);

    t = e2e_login(e2e_shared, "clerk");
    e2e_logout(t);
    t = e2e_login(e2e_shared, "duty");
    e2e_keys(t, "\"5\" Enter");
    duty_wait_for(t, "BM330");
    duty_wait_for(t, "张敏");
    assert_false(bmt_screen_has(t, "下村入户 新桥村"));
    e2e_logout(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_handover_duty_to_clerk),
        cmocka_unit_test(test_appointment_full_move_and_intake),
        cmocka_unit_test(test_whereabouts_note_until_next_login),
    };
    return cmocka_run_group_tests(tests, start_shared, e2e_shared_stop);
}
