/* End-to-end tests of the screen pool across sizes: a screen an idle session gave back (so it
 * went through endwin at 80x24) is taken by logins of other sizes, by a session coming back
 * from idle at its own size, and everyone keeps typing on correct screens. The server runs
 * under the sanitizers in the sanitizer build, so a screen used in a state curses does not
 * allow ends the test with the server's error. */
#include "tests/e2e/harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static bmt_term *login_sized(bmt_server *s, int cols, int rows)
{
    char *why = NULL;
    bmt_login l = { .user = "clerk", .password = "demo", .term = "xterm", .cols = cols,
                    .rows = rows };
    bmt_term *t = bmt_connect(s, &l, &why);
    if (!t)
        fprintf(stderr, "# login at %dx%d failed: %s\n", cols, rows, why ? why : "?");
    free(why);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "===>", 20000));
    return t;
}

static void test_screens_given_back_serve_other_sizes(void **state)
{
    (void)state;
    const char *args[] = { "--screen-idle", "1", NULL };
    bmt_server *s = bmt_server_start(args);
    assert_non_null(s);
    enum { N = 4 };
    static const int size[N][2] = { { 80, 24 }, { 132, 43 }, { 100, 30 }, { 200, 60 } };
    bmt_term *t[N];
    for (int i = 0; i < N; i++) {
        t[i] = login_sized(s, size[i][0], size[i][1]);
        /* Idle past --screen-idle: this screen goes back to the pool for the next login. */
        bmt_pump(2500);
    }
    /* Each comes back from idle at its own size and types; each sees its own screen. */
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < N; i++) {
            assert_int_equal(bmt_send_keys(t[i], "F1"), 0);
            assert_true(bmt_wait_text(t[i], "各画面通用按键", 20000));
            assert_int_equal(bmt_send_keys(t[i], "F3"), 0);
            assert_true(bmt_wait_gone(t[i], "各画面通用按键", 20000));
            assert_true(bmt_screen_has(t[i], "===>"));
            bmt_pump(1500);
        }
    for (int i = 0; i < N; i++)
        bmt_close(t[i]);
    assert_int_equal(bmt_server_stop(s), 0);
}

/* A crowd of sessions of five widths and four heights logging in while earlier ones go idle
 * and give their screens back: logins take screens of their own size, resized ones are never
 * shared, and every session answers its own typing. */
static void test_a_crowd_of_sizes_logs_in_while_others_idle(void **state)
{
    (void)state;
    const char *args[] = { "--screen-idle", "1", NULL };
    bmt_server *s = bmt_server_start(args);
    assert_non_null(s);
    enum { N = 25 };
    bmt_term *t[N];
    for (int i = 0; i < N; i++) {
        char *why = NULL;
        bmt_login l = { .user = "clerk", .password = "demo", .term = "xterm",
                        .cols = 80 + (i % 5) * 10, .rows = 24 + (i % 4) * 4 };
        t[i] = bmt_connect(s, &l, &why);
        free(why);
        assert_non_null(t[i]);
        if (i % 5 == 4)
            bmt_pump(1200);
    }
    for (int i = 0; i < N; i++)
        assert_true(bmt_wait_text(t[i], "===>", 20000));
    for (int i = 0; i < N; i++) {
        char keys[16];
        snprintf(keys, sizeof keys, "\"%c%c\"", 'A' + i / 10, 'A' + i % 10);
        assert_int_equal(bmt_send_keys(t[i], keys), 0);
    }
    for (int i = 0; i < N; i++) {
        char field[16];
        snprintf(field, sizeof field, "[%c%c]", 'A' + i / 10, 'A' + i % 10);
        assert_true(bmt_wait_text(t[i], field, 20000));
        assert_true(bmt_screen_has(t[i], "BM100"));
    }
    for (int i = 0; i < N; i++)
        bmt_close(t[i]);
    assert_int_equal(bmt_server_stop(s), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_screens_given_back_serve_other_sizes),
        cmocka_unit_test(test_a_crowd_of_sizes_logs_in_while_others_idle),
    };
    return cmocka_run_group_tests_name("pool", tests, NULL, NULL);
}
