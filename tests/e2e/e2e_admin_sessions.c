/* End-to-end tests of live sessions over real SSH (issue 16): the admin's Live sessions
 * screen lists a second session (the clerk's) with the screen it is on; a message sent to it
 * appears on the clerk's screen until the clerk's next key; ending it tells the clerk, closes
 * the link, and the intake the clerk had typed comes back as a draft at the next login. The
 * shell twins `bianmin session list|message|end` do the same against the running server. The
 * clock is pinned to Monday 2026-11-30, 10:00. */
#include "tests/e2e/demo.h"
#include "tests/e2e/live.h"
#include "tests/e2e/login.h"
#include "core/validate.h"

#include <ctype.h>
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

/* The clerk opens intake and finds a known applicant: typed, nothing saved. */
static void clerk_types_an_intake(bmt_term *t, char id[19])
{
    assert_int_equal(demo_known_applicant(e2e_shared, 4, id), 0);
    e2e_keys(t, "\"1\" Enter");
    assert_true(bmt_wait_text(t, "BM210", 10000));
    char spec[64];
    snprintf(spec, sizeof spec, "\"%s\" Enter", id);
    e2e_keys(t, spec);
    assert_true(bmt_wait_gone(t, "输入身份证号、电话、姓名或拼音首字母后回车", 10000));
    bmt_wait_quiet(t, 300, 3000);
}

static void test_list_message_and_end(void **state)
{
    (void)state;
    bmt_term *clerk = e2e_login(e2e_shared, "clerk");
    char id[19];
    clerk_types_an_intake(clerk, id);

    bmt_term *admin = e2e_login(e2e_shared, "admin");
    live_open(admin);
    /* The second session, with its user, role, unit and the screen it is on. */
    assert_true(live_wait_row(admin, "clerk", "BM210 受理办件", 1));
    assert_true(live_row_has(admin, "clerk", "窗口人员"));
    assert_true(live_row_has(admin, "clerk", "127.0.0.1"));
    /* The admin's own session too, once its screen is written (every few seconds, as the
     * clerk's is: the two writes need not land between the same two reads). */
    assert_true(live_wait_row(admin, "admin", "BM980", 1));

    /* One session: found by its login, opened with 5. */
    e2e_keys(admin, "\"/clerk\" Enter");
    bmt_wait_quiet(admin, 300, 3000);
    e2e_keys(admin, "\"5\" Enter");
    assert_true(bmt_wait_text(admin, "BM981", 10000));
    assert_true(bmt_screen_has(admin, "xterm 80x24"));
    assert_true(bmt_screen_has(admin, "BM210 受理办件"));

    /* A message: on the clerk's message line within a few seconds, until the clerk's key. */
    e2e_keys(admin, "\"请在17点前保存\" F2");
    assert_true(bmt_wait_text(admin, "消息已发给 clerk", 10000));
    if (!bmt_wait_text(clerk, "管理员 admin 的消息：请在17点前保存", 15000))
        bmt_screen_dump(clerk, "no message");
    assert_true(bmt_screen_has(clerk, "管理员 admin 的消息：请在17点前保存"));
    assert_true(bmt_screen_has(clerk, "BM210"));   /* still at work where they were */
    e2e_keys(clerk, "C-l");
    assert_true(bmt_wait_gone(clerk, "请在17点前保存", 10000));

    /* Ending it: asked first; the clerk is told and the link closes. */
    e2e_keys(admin, "F9");
    assert_true(bmt_wait_text(admin, "结束会话", 10000));
    e2e_keys(admin, "\"y\"");
    assert_true(bmt_wait_text(admin, "BM980", 10000));
    assert_true(bmt_wait_text(admin, "clerk 的会话将在几秒内结束", 10000));
    if (!bmt_wait_text(clerk, "管理员结束了此会话", 15000))
        bmt_screen_dump(clerk, "not told");
    assert_true(bmt_screen_has(clerk, "草稿"));
    assert_true(bmt_closed(clerk, 10000));
    bmt_close(clerk);
    assert_true(bmt_server_log_wait(e2e_shared, "session-ended user=clerk", 5000));
    assert_true(bmt_server_log_wait(e2e_shared, "drafts user=clerk", 5000));
    /* Gone from the list. */
    assert_true(live_wait_row(admin, "clerk", "BM210", 0));
    assert_false(live_row_has(admin, "clerk", "BM210"));

    /* The typed intake comes back as a draft at the next login. */
    bmt_login l = { .user = "clerk", .password = "demo", .term = "xterm" };
    char *why = NULL;
    clerk = bmt_connect(e2e_shared, &l, &why);
    free(why);
    assert_non_null(clerk);
    assert_true(bmt_wait_text(clerk, "未完成的草稿", 10000));
    e2e_keys(clerk, "\"y\"");
    assert_true(bmt_wait_text(clerk, "BM210", 10000));
    char masked[19];
    bm_id_mask(id, masked, sizeof masked);
    assert_true(bmt_wait_text(clerk, masked, 5000) || bmt_screen_has(clerk, id));
    e2e_keys(clerk, "F3");
    e2e_keys(admin, "F3");
    e2e_logout(admin);
    bmt_close(clerk);
}

/* The number at the start of the line of `session list` output holding login (and need,
 * when not NULL). */
static long session_number(const char *out, const char *login, const char *need)
{
    char want[40];
    snprintf(want, sizeof want, " %s ", login);
    for (const char *line = out; line && *line;) {
        const char *eol = strchr(line, '\n');
        size_t n = eol ? (size_t)(eol - line) : strlen(line);
        char buf[400];
        snprintf(buf, sizeof buf, "%.*s", (int)(n < sizeof buf ? n : sizeof buf - 1), line);
        if (strstr(buf, want) && (!need || strstr(buf, need)) && isdigit((unsigned char)buf[0]))
            return atol(buf);
        line = eol ? eol + 1 : NULL;
    }
    return -1;
}

static void test_shell_twins(void **state)
{
    (void)state;
    bmt_term *duty = e2e_login(e2e_shared, "duty");
    char *out = NULL;
    const char *list[] = { "session", "list", NULL };
    long n = -1;
    for (int i = 0; i < 20 && n < 0; i++) {
        free(out);
        assert_int_equal(bmt_run_bianmin(e2e_shared, list, &out), 0);
        n = session_number(out, "duty", "BM100");   /* its screen, once written */
        if (n < 0)
            bmt_pump(500);
    }
    if (n < 0)
        fprintf(stderr, "# session list:\n%s", out);
    assert_true(n > 0);
    free(out);
    /* --user keeps one account's sessions. */
    const char *mine[] = { "session", "list", "--user", "admin", NULL };
    assert_int_equal(bmt_run_bianmin(e2e_shared, mine, &out), 0);
    assert_null(strstr(out, " duty "));
    free(out);

    char num[24];
    snprintf(num, sizeof num, "%ld", n);
    const char *message[] = { "session", "message", num, "十点半开会", NULL };
    assert_int_equal(bmt_run_bianmin(e2e_shared, message, &out), 0);
    free(out);
    assert_true(bmt_wait_text(duty, "管理员消息：十点半开会", 15000));
    const char *blank[] = { "session", "message", num, " ", NULL };
    assert_int_not_equal(bmt_run_bianmin(e2e_shared, blank, &out), 0);
    assert_non_null(strstr(out, "消息"));
    free(out);

    const char *end[] = { "session", "end", num, NULL };
    assert_int_equal(bmt_run_bianmin(e2e_shared, end, &out), 0);
    free(out);
    assert_true(bmt_wait_text(duty, "管理员结束了此会话", 15000));
    assert_true(bmt_closed(duty, 10000));
    bmt_close(duty);
    assert_true(bmt_server_log_wait(e2e_shared, "session-ended user=duty", 5000));
    /* Ended: no longer listed, and a second end names it gone (exit 3). */
    n = 0;
    for (int i = 0; i < 20; i++) {
        assert_int_equal(bmt_run_bianmin(e2e_shared, list, &out), 0);
        int listed = session_number(out, "duty", NULL) > 0;
        free(out);
        if (!listed)
            break;
        bmt_pump(500);
    }
    assert_int_equal(bmt_run_bianmin(e2e_shared, list, &out), 0);
    assert_int_equal(session_number(out, "duty", NULL), -1);
    free(out);
    assert_int_equal(bmt_run_bianmin(e2e_shared, end, &out), 3);
    free(out);
}

/* From the home menu (menu: the Users entry's keys), the page of the account yangli. */
static void open_account(bmt_term *admin, const char *menu)
{
    e2e_keys(admin, menu);
    assert_true(bmt_wait_text(admin, "BM910", 10000));
    e2e_keys(admin, "\"/yangli\" Enter");
    bmt_wait_quiet(admin, 300, 3000);
    e2e_keys(admin, "\"5\" Enter");
    assert_true(bmt_wait_text(admin, "BM911", 10000));
    bmt_wait_quiet(admin, 200, 3000);
}

/* The admin's page of an account (BM911) names its live sessions and where they are. */
static void test_user_page_lists_sessions(void **state)
{
    (void)state;
    bmt_term *agent = e2e_login(e2e_shared, "yangli");
    bmt_term *admin = e2e_login(e2e_shared, "admin");
    char spec[40], key = bmt_menu_key(admin, "用户管理  账户、角色、密码、密钥、锁定");
    assert_true(key != 0);
    snprintf(spec, sizeof spec, "\"%c\" Enter", key);
    /* The agent's screen is written within a few seconds of the login: open the page again
     * until it shows (20 s at most). */
    int shown = 0;
    for (int i = 0; i < 10 && !shown; i++) {
        open_account(admin, spec);
        shown = live_row_has(admin, "在线会话: 1", "BM100 便民服务");
        e2e_keys(admin, "F3");
        bmt_wait_quiet(admin, 200, 3000);
        e2e_keys(admin, "F3");
        assert_true(bmt_wait_text(admin, "BM100", 10000));
        if (!shown)
            bmt_pump(2000);
    }
    assert_true(shown);
    e2e_logout(agent);
    open_account(admin, spec);
    assert_true(bmt_wait_text(admin, "在线会话: 无", 10000));
    e2e_keys(admin, "F3");
    e2e_keys(admin, "F3");
    assert_true(bmt_wait_text(admin, "BM100", 10000));
    e2e_logout(admin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_message_and_end),
        cmocka_unit_test(test_shell_twins),
        cmocka_unit_test(test_user_page_lists_sessions),
    };
    return cmocka_run_group_tests(tests, start_shared, e2e_shared_stop);
}
