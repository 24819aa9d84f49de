/* End-to-end tests of thin-station reach: GBK and GB18030 terminals (by LANG and by probe),
 * characters a charset lacks shown as '?' without shifting a line, the one-key question for
 * terminals that answer no probe, every terminal type a township has at 80x24, the English
 * UI switched in settings and with F11, and a session cut off by a dropped link taken back at
 * the next login exactly where it was. */
#include "tests/e2e/demo.h"
#include "tests/e2e/harness.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static bmt_server *shared;

static int start_shared(void **state)
{
    (void)state;
    shared = bmt_server_start(NULL);
    return shared ? 0 : -1;
}

static int stop_shared(void **state)
{
    (void)state;
    int status = bmt_server_stop(shared);
    shared = NULL;
    return status == 0 ? 0 : -1;
}

static bmt_term *login(bmt_server *s, const char *user, const char *term, const char *charset,
                       const char *const *env)
{
    bmt_login l = { .user = user, .password = "demo", .term = term, .charset = charset,
                    .env = env };
    char *why = NULL;
    bmt_term *t = bmt_connect(s, &l, &why);
    if (!t)
        fprintf(stderr, "# login as %s failed: %s\n", user, why ? why : "?");
    free(why);
    return t;
}

/* Display width of a UTF-8 row as a terminal of that width lays it out (CJK = 2). */
static int row_width(const char *row)
{
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)row; *p; p++) {
        if ((*p & 0xc0) == 0x80)
            continue;
        w += *p >= 0xe3 ? 2 : 1;   /* CJK and full-width forms are 3-byte and wide here */
    }
    return w;
}

static void assert_home_readable(bmt_term *t, const char *role, const char *first_entry)
{
    assert_true(bmt_wait_text(t, "选择 ===>", 10000));
    char *title = bmt_screen_row(t, 0);
    assert_non_null(strstr(title, "BM100  便民服务"));
    assert_non_null(strstr(title, role));
    assert_int_equal(row_width(title), 79);   /* the date ends at the right edge: aligned */
    free(title);
    assert_true(bmt_screen_has(t, first_entry));
    char *legend = bmt_screen_row(t, 22);
    assert_non_null(strstr(legend, "F1=帮助"));
    free(legend);
}

static void test_gbk_by_lang(void **state)
{
    (void)state;
    const char *env[] = { "LANG", "zh_CN.GBK", NULL };
    bmt_term *t = login(shared, "clerk", "xterm", "GBK", env);
    assert_non_null(t);
    assert_home_readable(t, "窗口人员", "1  受理办件");
    assert_true(bmt_screen_has(t, "字符集 GBK"));
    /* What went over the wire was GBK, not UTF-8: 便民 is B1E3 C3F1. */
    const char *raw;
    size_t n = bmt_raw_output(t, &raw);
    assert_non_null(memmem(raw, n, "\xb1\xe3\xc3\xf1", 4));
    assert_null(memmem(raw, n, "便民", strlen("便民")));
    bmt_close(t);
    assert_true(bmt_server_log_wait(shared, "charset=GBK from=env", 5000));
}

static void test_gb18030_by_lang(void **state)
{
    (void)state;
    const char *env[] = { "LC_ALL", "zh_CN.GB18030", NULL };
    bmt_term *t = login(shared, "duty", "xterm", "GB18030", env);
    assert_non_null(t);
    assert_home_readable(t, "值班人员", "1  非工作时间收件");
    assert_true(bmt_screen_has(t, "字符集 GB18030"));
    bmt_close(t);
}

/* Stored text with characters GBK lacks: a two-column one shows as "??", a one-column one
 * as "?", and the line keeps its width. */
static void test_missing_characters_in_gbk(void **state)
{
    (void)state;
    assert_int_equal(demo_db_exec(shared, "UPDATE account SET name = '张𠀀ཀ' "
                                          "WHERE login = 'supervisor'"), 0);
    const char *env[] = { "LANG", "zh_CN.GBK", NULL };
    bmt_term *t = login(shared, "supervisor", "xterm", "GBK", env);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "选择 ===>", 10000));
    char *title = bmt_screen_row(t, 0);
    assert_non_null(strstr(title, "张?" "?" "?(中心负责人)"));   /* split: no trigraph */
    assert_int_equal(row_width(title), 79);
    free(title);
    bmt_close(t);
    /* The same name on a UTF-8 terminal is shown as it is. */
    t = login(shared, "supervisor", "xterm", NULL, NULL);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "张𠀀ཀ(中心负责人)", 10000));
    bmt_close(t);
}

/* No LANG: the probe tells a UTF-8 terminal from a GBK one by where the cursor lands. */
static void test_probe(void **state)
{
    (void)state;
    bmt_term *t = login(shared, "agent", "xterm", NULL, NULL);
    assert_non_null(t);
    assert_home_readable(t, "代办员", "1  代办收件");
    assert_true(bmt_screen_has(t, "字符集 UTF-8"));
    bmt_close(t);
    assert_true(bmt_server_log_wait(shared, "charset=UTF-8 from=probe", 5000));

    t = login(shared, "agent", "xterm", "GBK", NULL);
    assert_non_null(t);
    assert_home_readable(t, "代办员", "1  代办收件");
    assert_true(bmt_screen_has(t, "字符集 GBK"));
    bmt_close(t);
    assert_true(bmt_server_log_wait(shared, "charset=GBK from=probe", 5000));
}

/* A terminal that answers no probe is asked, on lines each written in the charset it offers. */
static void test_question_when_no_answer(void **state)
{
    (void)state;
    bmt_login l = { .user = "clerk", .password = "demo", .term = "vt100", .charset = "GBK",
                    .mute = 1 };
    char *why = NULL;
    bmt_term *t = bmt_connect(shared, &l, &why);
    assert_non_null(t);
    free(why);
    assert_true(bmt_wait_text(t, "which line below reads correctly", 10000));
    /* On a GBK terminal the GBK line reads correctly. */
    assert_true(bmt_wait_text(t, "2 = GBK     若此行中文显示正常，请按 2", 1000));
    assert_int_equal(bmt_send_keys(t, "2"), 0);
    assert_home_readable(t, "窗口人员", "1  受理办件");
    assert_true(bmt_screen_has(t, "字符集 GBK"));
    bmt_close(t);
    assert_true(bmt_server_log_wait(shared, "charset=GBK from=asked", 5000));
}

/* Every terminal type a township may have shows the same home screen at 80x24: the rows of
 * an xterm session, with only the clock, the line drawing and a notice allowed to differ. */
static void test_terminal_types(void **state)
{
    (void)state;
    static const char *const types[] = {
        "xterm", "xterm-256color", "screen", "tmux", "linux", "putty", "vt100", "vt220", "ansi",
        "no-such-terminal",
    };
    char *reference[24] = { 0 };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        bmt_term *t = login(shared, "clerk", types[i], NULL, NULL);
        assert_non_null(t);
        assert_true(bmt_wait_text(t, "选择 ===>", 10000));
        assert_true(bmt_wait_quiet(t, 200, 3000));
        for (int r = 0; r < 24; r++) {
            char *row = bmt_screen_row(t, r);
            assert_non_null(row);
            assert_true(row_width(row) <= 80);
            if (r == 0) {
                /* The clock may have turned a minute: compare without it. */
                size_t len = strlen(row);
                if (len > 5)
                    row[len - 5] = 0;
            }
            if (i == 0) {
                reference[r] = row;
                continue;
            }
            if (r == 1) {
                /* The rule: DEC or Unicode lines read as ─, ASCII as '-'. */
                if (!(strspn(row, "-") == 79 || strstr(row, "────────") == row)) {
                    fprintf(stderr, "# %s rule: \"%s\"\n", types[i], row);
                    fail();
                }
            } else if (r == 23 && !strcmp(types[i], "no-such-terminal")) {
                assert_non_null(strstr(row, "no-such-terminal"));
                assert_non_null(strstr(row, "vt100"));
            } else if (strcmp(row, reference[r]) != 0) {
                fprintf(stderr, "# %s row %d: \"%s\"\n#  xterm row %d: \"%s\"\n", types[i], r, row,
                        r, reference[r]);
                fail();
            }
            free(row);
        }
        bmt_close(t);
    }
    for (int r = 0; r < 24; r++)
        free(reference[r]);
}

/* Settings: the language changes the very next screen, and is kept for the next login. */
static void test_english_from_settings(void **state)
{
    (void)state;
    bmt_term *t = login(shared, "clerk", "xterm", NULL, NULL);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "选择 ===>", 10000));
    assert_int_equal(bmt_send_keys(t, "7 Enter"), 0);
    assert_true(bmt_wait_text(t, "BM900", 5000));
    assert_true(bmt_wait_text(t, "终端字符集", 5000));
    assert_int_equal(bmt_send_keys(t, "Down Down Right F2"), 0);
    assert_true(bmt_wait_text(t, "Terminal charset", 5000));
    assert_true(bmt_wait_text(t, "Saved: in use now", 5000));
    assert_int_equal(bmt_send_keys(t, "F3"), 0);
    assert_true(bmt_wait_text(t, "Choose ===>", 5000));
    assert_true(bmt_screen_has(t, "1  Intake"));
    assert_true(bmt_screen_has(t, "Window clerk"));
    assert_true(bmt_screen_has(t, "F1=Help"));
    bmt_close(t);
    t = login(shared, "clerk", "xterm", NULL, NULL);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "Choose ===>", 10000));
    /* Dates read the same in both languages. */
    char *title = bmt_screen_row(t, 0);
    assert_non_null(strstr(title, "-"));
    assert_int_equal(row_width(title), 79);
    free(title);
    /* And back to Chinese, saved. */
    assert_int_equal(bmt_send_keys(t, "7 Enter"), 0);
    assert_true(bmt_wait_text(t, "Terminal charset", 5000));
    assert_int_equal(bmt_send_keys(t, "Down Down Left F2"), 0);
    assert_true(bmt_wait_text(t, "终端字符集", 5000));
    assert_int_equal(bmt_send_keys(t, "F3"), 0);
    assert_true(bmt_wait_text(t, "选择 ===>", 5000));
    bmt_close(t);
}

/* F11 on the home screen switches the language for the session. */
static void test_f11_switches_language(void **state)
{
    (void)state;
    bmt_term *t = login(shared, "duty", "xterm", NULL, NULL);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "选择 ===>", 10000));
    assert_int_equal(bmt_send_keys(t, "F11"), 0);
    assert_true(bmt_wait_text(t, "Off-hours queue", 5000));
    assert_int_equal(bmt_send_keys(t, "Esc \"-\""), 0);
    assert_true(bmt_wait_text(t, "非工作时间收件", 5000));
    bmt_close(t);
}

/* Charset changed in settings: applied at once (the next bytes are GBK), saved for the next
 * login, which needs no LANG to be right. */
static void test_charset_from_settings(void **state)
{
    (void)state;
    bmt_term *t = login(shared, "agent", "xterm", NULL, NULL);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "选择 ===>", 10000));
    assert_int_equal(bmt_send_keys(t, "7 Enter"), 0);
    assert_true(bmt_wait_text(t, "BM900", 5000));
    /* UTF-8 → GB18030 → GBK */
    assert_int_equal(bmt_send_keys(t, "Right Right F2"), 0);
    assert_int_equal(bmt_set_charset(t, "GBK"), 0);   /* the user switches PuTTY too */
    assert_true(bmt_wait_text(t, "已保存", 5000));
    assert_true(bmt_screen_has(t, "[GBK]"));
    bmt_close(t);
    t = login(shared, "agent", "xterm", "GBK", NULL);
    assert_non_null(t);
    assert_home_readable(t, "代办员", "1  代办收件");
    bmt_close(t);
    assert_true(bmt_server_log_wait(shared, "charset=GBK from=saved", 5000));
}

/* A session cut off (its socket closed abruptly) is kept; the next login offers it back and
 * lands on the same screen with the same unsaved choices and cursor. */
static void test_resume_after_dropped_link(void **state)
{
    (void)state;
    bmt_term *t = login(shared, "admin", "xterm", NULL, NULL);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "选择 ===>", 10000));
    assert_int_equal(bmt_send_keys(t, "9 Enter"), 0);
    assert_true(bmt_wait_text(t, "BM900", 5000));
    assert_int_equal(bmt_send_keys(t, "Down Right Right Right"), 0);   /* line drawing: ASCII */
    assert_true(bmt_wait_text(t, "[ASCII +-|]", 5000));
    bmt_vanish(t);
    bmt_close(t);   /* the socket goes without a word */
    assert_true(bmt_server_log_wait(shared, "session-kept user=admin", 10000));

    t = login(shared, "admin", "xterm", NULL, NULL);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "恢复会话", 10000));
    assert_true(bmt_screen_has(t, "我的设置"));
    assert_int_equal(bmt_send_keys(t, "\"y\""), 0);
    assert_true(bmt_wait_text(t, "BM900", 5000));
    assert_true(bmt_screen_has(t, "[ASCII +-|]"));   /* the unsaved choice is still there */
    int row, col;
    assert_int_equal(bmt_cursor(t, &row, &col), 0);
    char *line = bmt_screen_row(t, row);
    assert_non_null(strstr(line, "ASCII"));   /* the cursor on the line-drawing row */
    free(line);
    assert_true(bmt_server_log_wait(shared, "resume user=admin", 5000));
    bmt_close(t);
}

/* Two logins of one user at once are two sessions. */
static void test_two_logins_of_one_user(void **state)
{
    (void)state;
    bmt_term *a = login(shared, "duty", "xterm", NULL, NULL);
    bmt_term *b = login(shared, "duty", "xterm", NULL, NULL);
    assert_non_null(a);
    assert_non_null(b);
    assert_true(bmt_wait_text(a, "===>", 10000));
    assert_true(bmt_wait_text(b, "===>", 10000));
    assert_int_equal(bmt_send_keys(a, "\"3\""), 0);
    assert_true(bmt_wait_text(a, "[3 ]", 5000));
    assert_true(bmt_wait_quiet(b, 300, 3000));
    assert_false(bmt_screen_has(b, "[3 ]"));
    bmt_close(a);
    bmt_close(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gbk_by_lang),
        cmocka_unit_test(test_gb18030_by_lang),
        cmocka_unit_test(test_missing_characters_in_gbk),
        cmocka_unit_test(test_probe),
        cmocka_unit_test(test_question_when_no_answer),
        cmocka_unit_test(test_terminal_types),
        cmocka_unit_test(test_english_from_settings),
        cmocka_unit_test(test_f11_switches_language),
        cmocka_unit_test(test_charset_from_settings),
        cmocka_unit_test(test_resume_after_dropped_link),
        cmocka_unit_test(test_two_logins_of_one_user),
    };
    return cmocka_run_group_tests_name("reach", tests, start_shared, stop_shared);
}
