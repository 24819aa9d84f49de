/* End-to-end tests of thin-station reach on the intake screen (BM210): Chinese typed on a GBK
 * terminal is stored as UTF-8, a character whose bytes arrive in two packets arrives whole,
 * the intake screen reads alike on every terminal type, and an intake cut off by a dropped
 * link is taken back at the next login with every typed field in place. */
#include "tests/e2e/demo.h"
#include "tests/e2e/harness.h"

#include <setjmp.h>
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

static bmt_term *connect_as(const char *user, const char *term, const char *charset,
                            const char *const *env)
{
    bmt_login l = { .user = user, .password = "demo", .term = term, .charset = charset,
                    .env = env };
    char *why = NULL;
    bmt_term *t = bmt_connect(shared, &l, &why);
    if (!t)
        fprintf(stderr, "# login as %s failed: %s\n", user, why ? why : "?");
    free(why);
    return t;
}

/* Logs in and lands on the home menu: a kept session or a draft from an earlier test is
 * declined. */
static bmt_term *login(const char *user, const char *term, const char *charset,
                       const char *const *env)
{
    bmt_term *t = connect_as(user, term, charset, env);
    if (!t || !bmt_wait_text(t, "===>", 10000))
        return t;
    bmt_wait_quiet(t, 200, 3000);
    for (int i = 0; i < 3; i++) {
        char *s = bmt_screen_text(t);
        int resume = s && strstr(s, "恢复会话"), draft = s && strstr(s, "未完成的草稿");
        free(s);
        if (!resume && !draft)
            break;
        bmt_send_keys(t, resume ? "\"n\"" : "\"d\"");
        bmt_wait_quiet(t, 200, 3000);
    }
    return t;
}

static void keys(bmt_term *t, const char *spec)
{
    assert_int_equal(bmt_send_keys(t, spec), 0);
    bmt_wait_quiet(t, 100, 2000);
}

/* A new applicant's name typed on a GBK terminal, the first character's two bytes sent in two
 * packets: the server joins them, and the database holds the name in UTF-8. */
static void test_gbk_typing_stored_as_utf8(void **state)
{
    (void)state;
    const char *env[] = { "LANG", "zh_CN.GBK", NULL };
    bmt_term *t = login("clerk", "xterm", "GBK", env);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "选择 ===>", 10000));
    keys(t, "1 Enter");
    assert_true(bmt_wait_text(t, "BM210", 5000));
    char id[19];
    demo_new_id("51072219900512003", id);
    char spec[64];
    snprintf(spec, sizeof spec, "\"%s\" Enter", id);
    keys(t, spec);
    assert_true(bmt_wait_text(t, "尚无此申请人", 5000));
    /* 柯 is BF C2 in GBK: one byte, a pause, the other. */
    assert_int_equal(bmt_send_raw(t, "\xbf", 1), 0);
    bmt_pump(300);
    assert_int_equal(bmt_send_raw(t, "\xc2", 1), 0);
    keys(t, "\"雨桐\" Enter \"13908161236\" Enter \"xq\" Enter \"3\" Enter Enter Enter");
    assert_true(bmt_wait_text(t, "柯雨桐", 5000));
    keys(t, "\"MZ-008\" Enter");
    assert_true(bmt_wait_text(t, "基本殡葬服务费用减免", 5000));
    keys(t, "\"XXXXX\" F2");
    assert_true(bmt_wait_text(t, "受理回执", 5000));
    char *name = demo_db_text(shared, "SELECT name FROM applicant WHERE id_no = ?1", id);
    assert_non_null(name);
    assert_string_equal(name, "柯雨桐");
    free(name);
    keys(t, "Enter F3");
    assert_true(bmt_wait_text(t, "选择 ===>", 5000));
    bmt_close(t);
}

/* The intake screen at 80x24 on every terminal type: the rows of an xterm session. */
static void test_intake_on_every_terminal(void **state)
{
    (void)state;
    static const char *const types[] = {
        "xterm", "xterm-256color", "screen", "tmux", "linux", "putty", "vt100", "vt220", "ansi",
        "no-such-terminal",
    };
    char *reference[24] = { 0 };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        bmt_term *t = login("clerk", types[i], NULL, NULL);
        assert_non_null(t);
        assert_true(bmt_wait_text(t, "选择 ===>", 10000));
        keys(t, "1 Enter");
        assert_true(bmt_wait_text(t, "BM210", 5000));
        assert_true(bmt_wait_quiet(t, 200, 3000));
        for (int r = 0; r < 24; r++) {
            char *row = bmt_screen_row(t, r);
            assert_non_null(row);
            if (r == 0 && strlen(row) > 5)
                row[strlen(row) - 5] = 0;   /* the clock */
            if (i == 0) {
                reference[r] = row;
                continue;
            }
            int rule = r == 1 && (strspn(row, "-") == 79 || strstr(row, "────") == row);
            int notice = r == 23 && !strcmp(types[i], "no-such-terminal");
            if (!rule && !notice && strcmp(row, reference[r]) != 0) {
                fprintf(stderr, "# %s row %d: \"%s\"\n#  xterm row %d: \"%s\"\n", types[i], r,
                        row, r, reference[r]);
                fail();
            }
            free(row);
        }
        keys(t, "F3");   /* back home: nothing left to keep */
        assert_true(bmt_wait_text(t, "选择 ===>", 5000));
        bmt_close(t);
    }
    for (int r = 0; r < 24; r++)
        free(reference[r]);
}

/* The link drops halfway through an intake; the next login takes the session back on the
 * intake screen, applicant, matter, answers and ticks as they were, and it goes on. */
static void test_resume_mid_intake(void **state)
{
    (void)state;
    char id[19];
    assert_int_equal(demo_known_applicant(shared, 12, id), 0);
    bmt_term *t = login("clerk", "xterm", NULL, NULL);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "选择 ===>", 10000));
    keys(t, "1 Enter");
    assert_true(bmt_wait_text(t, "BM210", 5000));
    char spec[64];
    snprintf(spec, sizeof spec, "\"%s\" Enter", id);
    keys(t, spec);
    keys(t, "\"SB-003\" Enter");
    assert_true(bmt_wait_text(t, "城乡居民基本养老保险待遇申领", 5000));
    keys(t, "\"YNX X\"");
    char *before = bmt_screen_text(t);
    assert_non_null(before);
    long cases = demo_db_long(shared, "SELECT count(*) FROM bcase", NULL);
    bmt_vanish(t);
    bmt_close(t);
    assert_true(bmt_server_log_wait(shared, "session-kept user=clerk", 10000));

    t = connect_as("clerk", "xterm", NULL, NULL);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "恢复会话", 10000));
    assert_true(bmt_screen_has(t, "受理办件"));
    keys(t, "\"y\"");
    assert_true(bmt_wait_text(t, "BM210", 5000));
    assert_true(bmt_wait_gone(t, "恢复会话", 5000));
    /* Every row as it was, but for the clock on line 1. */
    char *after = bmt_screen_text(t);
    assert_non_null(after);
    const char *b = strchr(before, '\n'), *a = strchr(after, '\n');
    assert_non_null(a);
    assert_non_null(b);
    if (strcmp(a, b) != 0) {
        bmt_screen_dump(t, "after resuming");
        fprintf(stderr, "# before:\n%s\n", before);
        fail();
    }
    free(before);
    free(after);
    assert_int_equal(demo_db_long(shared, "SELECT count(*) FROM bcase", NULL), cases);
    /* And it goes on from there: F2 weighs the materials as ticked before the drop. */
    keys(t, "F2");
    assert_true(bmt_wait_text(t, "缺少必要材料：户口簿、", 5000));
    bmt_close(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gbk_typing_stored_as_utf8),
        cmocka_unit_test(test_intake_on_every_terminal),
        cmocka_unit_test(test_resume_mid_intake),
    };
    return cmocka_run_group_tests_name("reach-intake", tests, start_shared, stop_shared);
}
