/* `serve --workers 2` on one SQLite database (issue 17): both server processes take logins on
 * the one port (the log shows two worker ids over 20 logins); a worker that dies is started
 * again by the supervisor and logins go on; a lockout taken through one worker holds on every
 * worker; a stop ends every worker and the supervisor with status 0. Two servers on one
 * database: a session kept by one after its link dropped becomes a draft as soon as its user
 * logs in through the other, offered there at the next login. The clock is pinned to
 * Monday 2026-11-30, 10:00. */
#include "tests/e2e/demo.h"
#include "tests/e2e/login.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <cmocka.h>

#define NOW "2026-11-30 10:00"

static const char *const two_workers[] = { "--workers", "2", NULL };

static int count_in(const char *text, const char *what)
{
    int n = 0;
    for (const char *p = text; p && (p = strstr(p, what)); p += strlen(what))
        n++;
    return n;
}

/* Waits until the log holds what at least n times (every worker listening, say). */
static int wait_count(bmt_server *s, const char *what, int n)
{
    for (int i = 0; i < 200; i++) {
        char *log = bmt_server_log(s);
        int have = count_in(log, what);
        free(log);
        if (have >= n)
            return 1;
        bmt_pump(100);
    }
    char *log = bmt_server_log(s);
    fprintf(stderr, "# \"%s\" %d times in the log, not %d\n", what, count_in(log, what), n);
    free(log);
    return 0;
}

/* The pid of one of the workers: the first of the supervisor's children, as the kernel lists
 * them. */
static pid_t a_worker(bmt_server *s)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)bmt_server_pid(s),
             (int)bmt_server_pid(s));
    FILE *f = fopen(path, "re");
    long pid = -1;
    if (f) {
        if (fscanf(f, "%ld", &pid) != 1)
            pid = -1;
        fclose(f);
    }
    return (pid_t)pid;
}

static void test_both_workers_take_logins_and_one_comes_back(void **state)
{
    (void)state;
    setenv("BIANMIN_NOW", NOW, 1);
    bmt_server *s = bmt_server_start(two_workers);
    assert_non_null(s);
    assert_true(wait_count(s, "listening on", 2));
    for (int i = 0; i < 20; i++)
        bmt_close(e2e_login(s, i % 2 ? "clerk" : "duty"));
    assert_true(wait_count(s, "bianmin: login user=", 20));
    char *log = bmt_server_log(s);
    int first = 0, second = 0;
    for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n"))
        if (strstr(line, "bianmin: login user=")) {
            first += strstr(line, " worker=1") != NULL;
            second += strstr(line, " worker=2") != NULL;
        }
    free(log);
    fprintf(stderr, "# figure: logins on worker 1: %d, on worker 2: %d\n", first, second);
    assert_int_equal(first + second, 20);
    assert_true(first > 0);
    assert_true(second > 0);

    /* A worker killed outright is started again, and logins go on. */
    pid_t victim = a_worker(s);
    assert_true(victim > 0);
    assert_int_equal(kill(victim, SIGKILL), 0);
    assert_true(bmt_server_log_wait(s, "worker-died", 10000));
    assert_true(wait_count(s, "listening on", 3));
    for (int i = 0; i < 4; i++)
        bmt_close(e2e_login(s, "clerk"));
    assert_int_equal(bmt_server_stop(s), 0);
}

static void test_a_lockout_holds_on_every_worker(void **state)
{
    (void)state;
    bmt_server *s = bmt_server_start(two_workers);
    assert_non_null(s);
    assert_true(wait_count(s, "listening on", 2));
    for (int i = 0; i < 5; i++) {
        bmt_login l = { .user = "agent", .password = "wrong-password", .term = "xterm" };
        char *why = NULL;
        assert_null(bmt_connect(s, &l, &why));
        free(why);
    }
    /* The right password, 16 times: refused each time, whichever worker takes it (the kernel
     * shares connections out by their addresses and ports, so both take some). */
    for (int i = 0; i < 16; i++) {
        bmt_login l = { .user = "agent", .password = "demo", .term = "xterm" };
        char *why = NULL;
        assert_null(bmt_connect(s, &l, &why));
        assert_non_null(why);
        assert_non_null(strstr(why, "密码错误次数过多"));
        free(why);
    }
    assert_true(wait_count(s, "lockout user=agent", 16));
    char *log = bmt_server_log(s);
    int first = count_in(log, "failures=5 worker=1"), second = count_in(log, "failures=5 worker=2");
    free(log);
    fprintf(stderr, "# figure: lockouts told by worker 1: %d, by worker 2: %d\n", first, second);
    assert_true(first > 0);
    assert_true(second > 0);
    assert_int_equal(bmt_server_stop(s), 0);
}

static void test_a_session_kept_elsewhere_becomes_a_draft(void **state)
{
    (void)state;
    setenv("BIANMIN_NOW", NOW, 1);
    bmt_server *one = bmt_server_start(NULL);
    assert_non_null(one);
    bmt_server *two = bmt_server_start_beside(one, NULL);
    assert_non_null(two);
    char id[19];
    assert_int_equal(demo_known_applicant(one, 12, id), 0);
    bmt_term *t = e2e_login(one, "clerk");
    e2e_keys(t, "1 Enter");
    assert_true(bmt_wait_text(t, "BM210", 10000));
    char spec[64];
    snprintf(spec, sizeof spec, "\"%s\" Enter", id);
    e2e_keys(t, spec);
    e2e_keys(t, "\"SB-003\" Enter");
    assert_true(bmt_wait_text(t, "城乡居民基本养老保险待遇申领", 10000));
    bmt_vanish(t);
    bmt_close(t);
    assert_true(bmt_server_log_wait(one, "session-kept user=clerk", 10000));

    /* Back through the other server: the first lets its kept session go as a draft. */
    bmt_login l = { .user = "clerk", .password = "demo", .term = "xterm" };
    char *why = NULL;
    t = bmt_connect(two, &l, &why);
    free(why);
    assert_non_null(t);
    assert_true(bmt_server_log_wait(one, "reason=\"logged in through another server process\"",
                                    15000));
    assert_true(bmt_server_log_wait(one, "session-dropped user=clerk drafts=1", 1000));
    bmt_wait_quiet(t, 300, 3000);
    if (!bmt_screen_has(t, "未完成的草稿")) {
        /* Logged in before the draft was made: it is offered at the next login. */
        assert_true(bmt_wait_text(t, "===>", 10000));
        e2e_logout(t);
        t = bmt_connect(two, &l, &why);
        free(why);
        assert_non_null(t);
        assert_true(bmt_wait_text(t, "未完成的草稿", 10000));
    }
    e2e_keys(t, "\"y\"");
    assert_true(bmt_wait_text(t, "BM210", 10000));
    assert_true(bmt_wait_text(t, "城乡居民基本养老保险待遇申领", 10000));
    bmt_close(t);
    assert_int_equal(bmt_server_stop(two), 0);
    assert_int_equal(bmt_server_stop(one), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_both_workers_take_logins_and_one_comes_back),
        cmocka_unit_test(test_a_lockout_holds_on_every_worker),
        cmocka_unit_test(test_a_session_kept_elsewhere_becomes_a_draft),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
