/* End-to-end tests of the village proxy agent over real SSH: the demo agent of 新桥村 opens the
 * proxy ledger (代办台账) and reads their village's requests with their stages, the one refused
 * by the township marked as not yet told and counted on the status line; the agent of another
 * village sees none of them. The bytes the server sent to draw the ledger are printed as a
 * figure (a slow village link pays for every one). */
#include "tests/e2e/harness.h"
#include "tests/e2e/login.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static int start_shared(void **state)
{
    (void)state;
    return e2e_shared_start(NULL);
}

static bmt_term *login(const char *user)
{
    bmt_login l = { .user = user, .password = "demo", .term = "xterm" };
    char *why = NULL;
    bmt_term *t = bmt_connect(e2e_shared, &l, &why);
    if (!t)
        fprintf(stderr, "# login as %s failed: %s\n", user, why ? why : "?");
    free(why);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "选择 ===>", 10000));
    return t;
}

/* The agent's home menu entry 2, 代办台账. */
static void open_ledger(bmt_term *t)
{
    assert_true(bmt_screen_has(t, "2  代办台账"));
    assert_int_equal(bmt_send_keys(t, "2 Enter"), 0);
    assert_true(bmt_wait_text(t, "BM250", 10000));
}

static void the_agent_reads_the_village_ledger_with_the_untold_count(void **state)
{
    (void)state;
    bmt_term *t = login("agent");
    const char *bytes;
    size_t before = bmt_raw_output(t, &bytes);
    open_ledger(t);
    assert_true(bmt_wait_text(t, "代办件号", 5000));
    assert_true(bmt_wait_text(t, "老房子想办危房改造", 5000));
    assert_true(bmt_screen_has(t, "罗德贵"));
    assert_true(bmt_screen_has(t, "陈素芬"));
    assert_true(bmt_screen_has(t, "不予受理"));   /* the stage of the refused one */
    assert_true(bmt_screen_has(t, "告知群众"));   /* and what to do next */
    assert_true(bmt_screen_has(t, "已转镇"));
    assert_true(bmt_screen_has(t, "已收件"));
    assert_true(bmt_screen_has(t, "未办结 3  未告知 1 *"));
    size_t after = bmt_raw_output(t, &bytes);
    printf("# figure: bytes sent by the server to open the proxy ledger from the menu: %zu\n",
           after - before);
    /* 5 on a row shows the request: what the person wants and the township's reason. */
    assert_int_equal(bmt_send_keys(t, "Down Down \"5\" Enter"), 0);
    assert_true(bmt_wait_text(t, "不能重复申请", 5000));
    bmt_close(t);
}

static void another_villages_agent_sees_none_of_them(void **state)
{
    (void)state;
    bmt_term *t = login("yangli");   /* 白岩村 */
    open_ledger(t);
    assert_true(bmt_wait_text(t, "没有代办件。", 5000));
    assert_false(bmt_screen_has(t, "罗德贵"));
    assert_true(bmt_screen_has(t, "未办结 0  未告知 0"));
    bmt_close(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_agent_reads_the_village_ledger_with_the_untold_count),
        cmocka_unit_test(another_villages_agent_sees_none_of_them),
    };
    return cmocka_run_group_tests(tests, start_shared, e2e_shared_stop);
}
