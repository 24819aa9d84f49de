/* Always open, the whole chain of one off-hours request over real SSH, on Monday evening
 * 2026-11-30 at 19:30 (outside office hours, 孙磊's evening shift): the duty officer takes a
 * request in (F6 on the off-hours queue) and it waits in the queue; from its row (option 7)
 * the officer books the person an appointment for the next working day, then writes the
 * hand-over with one item for the clerk. As the clerk the hand-over is unread on the home
 * screen, is signed, and the home line is gone when the menu is back; the appointment is on
 * the next day's list and intake starts from it, the case taken on channel 预约. */
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



/* The duty officer takes the request on the queue's F6: a known person, NY-006, two of its
 * three materials brought; the receipt gives the case number. */
static void take_request(bmt_term *t, const char *id, char no[13])
{
    e2e_keys(t, "\"1\" Enter");
    duty_wait_for(t, "BM223");
    e2e_keys(t, "F6");
    duty_wait_for(t, "BM210");
    char spec[64];
    snprintf(spec, sizeof spec, "\"%s\" Enter", id);
    e2e_keys(t, spec);
    assert_true(bmt_wait_gone(t, "输入身份证号、电话、姓名或拼音首字母后回车", DUTY_WAIT_MS));
    e2e_keys(t, "\"NY-006\" Enter");
    duty_wait_for(t, "动物产地检疫申报");
    e2e_keys(t, "\"X\" \"X\" \" \" F2");
    duty_wait_for(t, "受理回执");
    duty_newest_case(e2e_shared, t, no);
    e2e_keys(t, "Enter");
    duty_wait_for(t, "输入身份证号、电话、姓名或拼音首字母后回车");
    e2e_keys(t, "F3");
    duty_wait_for(t, "BM223");
}

static void test_off_hours_request_to_appointment_intake(void **state)
{
    (void)state;
    char id[19], no[13];
    assert_int_equal(demo_known_applicant(e2e_shared, 9, id), 0);
    char *name = demo_db_text(e2e_shared, "SELECT name FROM applicant WHERE id_no = ?1", id);
    assert_non_null(name);

    /* 1. Taken at 19:30 by the duty officer: it waits in the queue, nobody's yet. */
    bmt_term *t = e2e_login(e2e_shared, "duty");
    duty_wait_for(t, "今日值班: 孙磊 18781837702");
    take_request(t, id, no);
    duty_wait_for(t, no);
    assert_true(bmt_screen_has(t, name));
    assert_true(bmt_screen_has(t, "7=预约"));
    assert_int_equal(demo_db_long(e2e_shared, "SELECT off_hours FROM bcase WHERE no = ?1", no), 1);
    assert_int_equal(demo_db_long(e2e_shared, "SELECT count(*) FROM bcase WHERE no = ?1 AND "
                                  "handler_id IS NULL", no), 1);

    /* 2. From its row, option 7: the person and the matter are filled in; F4 on the time
     * takes the first free one of the next working day; F2 books and the slip shows. */
    char spec[64];
    snprintf(spec, sizeof spec, "\"/\" \"%s\" Enter", no);
    e2e_keys(t, spec);
    duty_wait_for(t, "找到 1 条");
    e2e_keys(t, "9");   /* no such option here: the hint names the queue's own 7 */
    duty_wait_for(t, "7 预约");
    e2e_keys(t, "7 Enter");
    duty_wait_for(t, "BM321");
    duty_wait_for(t, name);
    assert_true(bmt_screen_has(t, "NY-006"));
    char note[32];
    snprintf(note, sizeof note, "办件 %s", no);
    assert_true(bmt_screen_has(t, note));
    e2e_keys(t, "F4");
    duty_wait_for(t, "09:30");
    e2e_keys(t, "F2");
    duty_wait_for(t, "BM322");
    duty_wait_for(t, "预约单");
    assert_true(bmt_screen_has(t, "2026-12-01 09:30"));
    assert_true(bmt_screen_has(t, "动物产地检疫申报"));
    char *booked = demo_db_text(e2e_shared, "SELECT p.note FROM appointment p JOIN applicant a "
                                "ON a.id = p.applicant_id WHERE a.id_no = ?1 "
                                "ORDER BY p.id DESC LIMIT 1", id);
    assert_non_null(booked);
    assert_string_equal(booked, note);
    free(booked);
    e2e_keys(t, "F3");
    duty_wait_for(t, "BM223");
    e2e_keys(t, "F3");
    duty_wait_for(t, "BM100");

    /* 3. The hand-over, its one open item for the clerk. */
    char item[96];
    snprintf(item, sizeof item, "接待%s 预约9:30", name);
    duty_write_handover(t, "夜间受理一件", "已预约明早", "检疫申报待办", item, "clerk");
    duty_wait_for(t, "检疫申报待办");
    e2e_logout(t);

    /* 4. The clerk: unread on the home screen, signed, and the home line gone on return. */
    t = e2e_login(e2e_shared, "clerk");
    duty_clerk_opens_handover(t);
    duty_wait_for(t, "-> 张敏");
    e2e_keys(t, "F2");
    duty_wait_for(t, "已签收交接班");
    e2e_keys(t, "F3");
    duty_wait_for(t, "BM312");
    e2e_keys(t, "F3");
    duty_wait_for(t, "BM319");
    e2e_keys(t, "F3");
    duty_wait_for(t, "BM100");
    assert_true(bmt_wait_gone(t, "待签收的交接班", DUTY_WAIT_MS));

    /* 5. The next day's list holds the appointment; 1 starts intake from it (channel 预约). */
    e2e_keys(t, "\"5\" Enter");
    duty_wait_for(t, "BM319");
    e2e_keys(t, "\"1\" Enter");
    duty_wait_for(t, "BM320");
    e2e_keys(t, "F9");
    duty_wait_for(t, "2026-12-01");
    snprintf(spec, sizeof spec, "\"/\" \"%s\" Enter", name);
    e2e_keys(t, spec);
    duty_wait_for(t, "09:30");
    e2e_keys(t, "1 Enter");
    duty_wait_for(t, "BM210");
    duty_wait_for(t, "来自预约");
    assert_true(bmt_screen_has(t, "动物产地检疫申报"));
    e2e_keys(t, "\"X\" \"X\" \"X\" F2");
    duty_wait_for(t, "受理回执");
    char second[13];
    duty_newest_case(e2e_shared, t, second);
    assert_string_not_equal(second, no);
    assert_int_equal(demo_db_long(e2e_shared, "SELECT channel FROM bcase WHERE no = ?1", second),
                     4);   /* 预约 */
    assert_int_equal(demo_db_long(e2e_shared, "SELECT p.status FROM appointment p JOIN "
                                  "applicant a ON a.id = p.applicant_id WHERE a.id_no = ?1 "
                                  "ORDER BY p.id DESC LIMIT 1", id), 2);   /* arrived */
    e2e_keys(t, "Enter F3");
    e2e_logout(t);
    free(name);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_off_hours_request_to_appointment_intake),
    };
    return cmocka_run_group_tests(tests, start_shared, e2e_shared_stop);
}
