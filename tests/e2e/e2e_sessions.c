/* End-to-end tests of many sessions in the one server process: 50 at once, each typing into
 * its own home screen and seeing only its own typing (the server's memory per session is
 * printed as a figure), and 10 sessions logging in and out repeatedly, run under valgrind for
 * the normal build (AddressSanitizer covers the sanitizer build) with the server's exit status
 * carrying any error it found. */
#include "tests/e2e/harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define SESSIONS 50

static const char *const logins[] = { "clerk", "agent", "duty", "supervisor", "admin" };

static bmt_term *login_as(bmt_server *s, const char *user, int cols, int rows)
{
    bmt_login l = { .user = user, .password = "demo", .term = "xterm", .cols = cols,
                    .rows = rows };
    char *why = NULL;
    bmt_term *t = bmt_connect(s, &l, &why);
    if (!t)
        fprintf(stderr, "# login as %s failed: %s\n", user, why ? why : "?");
    free(why);
    return t;
}

/* Two letters unique to session i, typed into its command field. */
static void session_mark(int i, char out[3])
{
    out[0] = (char)('A' + i / 26);
    out[1] = (char)('A' + i % 26);
    out[2] = 0;
}

static void test_fifty_sessions(void **state)
{
    (void)state;
    bmt_server *s = bmt_server_start(NULL);
    assert_non_null(s);
    long rss_before = bmt_server_rss_kb(s);
    bmt_term *t[SESSIONS];
    for (int i = 0; i < SESSIONS; i++) {
        /* Sizes vary so no two screens are laid out alike. */
        t[i] = login_as(s, logins[i % 5], 80 + (i % 5) * 10, 24 + (i % 4) * 4);
        assert_non_null(t[i]);
    }
    for (int i = 0; i < SESSIONS; i++)
        assert_true(bmt_wait_text(t[i], "===>", 20000));
    long rss_after = bmt_server_rss_kb(s);

    /* Everyone types at once: the keys of all 50 go out before anyone's screen is read. */
    for (int i = 0; i < SESSIONS; i++) {
        char mark[3], keys[16];
        session_mark(i, mark);
        snprintf(keys, sizeof keys, "\"%s\"", mark);
        assert_int_equal(bmt_send_keys(t[i], keys), 0);
    }
    for (int i = 0; i < SESSIONS; i++) {
        char mark[3], field[16];
        session_mark(i, mark);
        snprintf(field, sizeof field, "[%s]", mark);
        assert_true(bmt_wait_text(t[i], field, 10000));
        char *screen = bmt_screen_text(t[i]);
        assert_non_null(screen);
        /* No other session's typing shows up here. */
        for (int j = 0; j < SESSIONS; j++) {
            char other[3], other_field[16];
            session_mark(j, other);
            snprintf(other_field, sizeof other_field, "[%s]", other);
            if (j != i && strstr(screen, other_field)) {
                fprintf(stderr, "# session %d shows session %d's typing\n", i, j);
                fail();
            }
        }
        free(screen);
    }
    /* Enter on a code that names no entry: an error on each session's own message line. */
    for (int i = 0; i < SESSIONS; i++)
        assert_int_equal(bmt_send_keys(t[i], "Enter"), 0);
    for (int i = 0; i < SESSIONS; i++) {
        assert_true(bmt_wait_text(t[i], "没有这一项", 10000));
        int cols, rows;
        assert_int_equal(bmt_size(t[i], &cols, &rows), 0);
        char *legend = bmt_screen_row(t[i], rows - 2);
        assert_non_null(strstr(legend, "F1=帮助"));
        free(legend);
    }
    if (rss_before > 0 && rss_after > 0)
        printf("# figure: server RSS %ld kB idle, %ld kB with %d sessions: %.0f kB per session\n",
               rss_before, rss_after, SESSIONS, (double)(rss_after - rss_before) / SESSIONS);
    for (int i = 0; i < SESSIONS; i++)
        bmt_close(t[i]);
    assert_int_equal(bmt_server_stop(s), 0);
}

/* Runs the serve command under valgrind when testing the normal build and valgrind exists. */
static int use_valgrind(void)
{
    const char *build = getenv("BIANMIN_BUILD");
    if (build && strstr(build, "build-san"))
        return 0;   /* ASan and valgrind do not mix; the sanitizer build checks itself */
    return system("command -v valgrind >/dev/null 2>&1") == 0;
}

static void test_login_logout_churn(void **state)
{
    (void)state;
    int valgrind = use_valgrind();
    if (valgrind)
        setenv("BIANMIN_WRAPPER",
               "valgrind --quiet --error-exitcode=99 --leak-check=full "
               "--errors-for-leak-kinds=definite --show-leak-kinds=definite", 1);
    bmt_server *s = bmt_server_start(NULL);
    unsetenv("BIANMIN_WRAPPER");
    assert_non_null(s);
    const int rounds = valgrind ? 2 : 4;
    for (int round = 0; round < rounds; round++) {
        bmt_term *t[10];
        for (int i = 0; i < 10; i++) {
            t[i] = login_as(s, logins[i % 5], 80, 24);
            assert_non_null(t[i]);
        }
        for (int i = 0; i < 10; i++) {
            assert_true(bmt_wait_text(t[i], "===>", valgrind ? 60000 : 20000));
            assert_int_equal(bmt_send_keys(t[i], "F1"), 0);
        }
        for (int i = 0; i < 10; i++) {
            assert_true(bmt_wait_text(t[i], "各画面通用按键", 20000));
            /* Half log out properly, half just drop the connection. */
            if (i % 2 == 0)
                assert_int_equal(bmt_send_keys(t[i], "Enter F10 \"y\""), 0);
        }
        for (int i = 0; i < 10; i++) {
            if (i % 2 == 0)
                assert_true(bmt_closed(t[i], 20000));
            bmt_close(t[i]);
        }
    }
    int status = bmt_server_stop(s);
    if (status == 99)
        fprintf(stderr, "# valgrind found errors: see the server log above\n");
    assert_int_equal(status, 0);
    printf("# %d rounds of 10 sessions, %s\n", rounds,
           valgrind ? "server under valgrind" : "server built with sanitizers");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fifty_sessions),
        cmocka_unit_test(test_login_logout_churn),
    };
    return cmocka_run_group_tests_name("sessions", tests, NULL, NULL);
}
