/* Always open, over real SSH, on Monday evening 2026-11-30 at 19:30 (outside office hours,
 * 孙磊's evening shift): the duty officer writes the hand-over with one item for the clerk;
 * as the clerk it shows as unread on the home screen and is read and signed. */
#include "tests/e2e/login.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define NOW "2026-11-30 19:30"
#define WAIT 15000

static int start_shared(void **state)
{
    (void)state;
    return e2e_shared_start(NOW);
}

static void wait_for(bmt_term *t, const char *text)
{
    if (!bmt_wait_text(t, text, WAIT)) {
        bmt_screen_dump(t, text);
        fail_msg("did not see: %s", text);
    }
}

/* The duty officer writes the hand-over (F6 on the hand-overs), the item for the clerk by
 * login; the clerk's home screen counts it as waiting; the clerk opens it from 预约与值班,
 * reads who takes what, signs it with F2, and the list shows it signed. */
static void test_handover_duty_to_clerk(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "duty");
    assert_true(bmt_screen_has(t, "今日值班: 孙磊 18781837702"));
    e2e_keys(t, "\"3\" Enter");
    wait_for(t, "BM312");
    e2e_keys(t, "F6");
    wait_for(t, "BM314");
    e2e_keys(t, "\"夜间来电一个\" Enter \"已登记\" Enter \"低保咨询待回电\" Enter");
    e2e_keys(t, "\"回电王秀英 低保材料\" Enter \"clerk\"");
    wait_for(t, "[clerk");
    e2e_keys(t, "F2");
    wait_for(t, "交接班已提交");
    wait_for(t, "BM312");
    wait_for(t, "低保咨询待回电");
    e2e_logout(t);

    t = e2e_login(e2e_shared, "clerk");
    wait_for(t, "待签收的交接班: 1 *");
    e2e_keys(t, "\"5\" Enter");
    wait_for(t, "BM319");
    e2e_keys(t, "\"2\" Enter");
    wait_for(t, "BM312");
    wait_for(t, "未签收 *");
    e2e_keys(t, "Enter");
    wait_for(t, "BM313");
    wait_for(t, "回电王秀英 低保材料  -> 张敏");
    assert_true(bmt_screen_has(t, "遗留: 低保咨询待回电"));
    assert_true(bmt_screen_has(t, "孙磊"));
    e2e_keys(t, "F2");
    wait_for(t, "已签收交接班");
    wait_for(t, "您的签收时间 2026-11-30 19:30");
    e2e_keys(t, "F3");
    wait_for(t, "BM312");
    wait_for(t, "已签收 11-30 19:30");
    assert_false(bmt_screen_has(t, "未签收"));
    e2e_logout(t);

    /* At the next login nothing waits any more. */
    t = e2e_login(e2e_shared, "clerk");
    assert_false(bmt_screen_has(t, "待签收的交接班"));
    e2e_logout(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_handover_duty_to_clerk),
    };
    return cmocka_run_group_tests(tests, start_shared, e2e_shared_stop);
}
