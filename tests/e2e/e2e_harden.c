/* End-to-end tests of the server on a hostile or unlucky day, over real SSH: a lockout that
 * holds when the database cannot be written (and a login that cannot be audited is refused),
 * an admin-locked account that answers as an unknown name does until the password is right,
 * an address that keeps failing whose next attempt waits before it is checked even when the
 * client hangs up and reconnects, the memory of many terminal types in large windows given
 * back when their sessions end, and a connection over the session limit (set, or following
 * the open-file limit) refused as such instead of being cut. */
#include "tests/e2e/harness.h"

#include <libssh/libssh.h>

#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

static const char *bianmin_bin(void)
{
    const char *b = getenv("BIANMIN_BIN");
    return b && *b ? b : "build/bianmin";
}

/* Logs in with a password; 1 when let in, 0 when refused. *why gets the reason (with the
 * server's banner, if any), caller frees. */
static int try_login(bmt_server *s, const char *user, const char *password, char **why)
{
    *why = NULL;
    bmt_term *t = bmt_connect(s, &(bmt_login){ .user = user, .password = password }, why);
    if (!t)
        return 0;
    bmt_close(t);
    return 1;
}

/* 1 when the login is refused with a reason that contains text; else says what happened. */
static int refused_saying(bmt_server *s, const char *user, const char *password,
                          const char *text)
{
    char *why = NULL;
    int in = try_login(s, user, password, &why);
    int ok = !in && why && strstr(why, text);
    if (!ok)
        fprintf(stderr, "# %s: %s, not refused saying \"%s\"\n", user,
                in ? "let in" : why ? why : "?", text);
    free(why);
    return ok;
}

static int count_in_log(bmt_server *s, const char *text)
{
    char *log = bmt_server_log(s);
    int n = 0;
    for (const char *p = log; p && (p = strstr(p, text)) != NULL; p += strlen(text))
        n++;
    free(log);
    return n;
}

/* Whether the server logged that it freed its screens after the last line saying text. */
static int freed_after_last(bmt_server *s, const char *text)
{
    char *log = bmt_server_log(s);
    const char *last = NULL;
    for (const char *p = log; p && (p = strstr(p, text)) != NULL; p += strlen(text))
        last = p;
    int freed = last && strstr(last, "screens freed=") != NULL;
    free(log);
    return freed;
}

/* ---- the lockout and the audit when the database cannot be written ---- */

static void test_read_only_database_fails_closed(void **state)
{
    (void)state;
    if (geteuid() != 0) {
        printf("# SKIP read-only database: needs root to run the server as another user "
               "(CI runs as root)\n");
        skip();
    }
    if (bmt_on_postgresql()) {
        printf("# SKIP read-only database: a SQLite file's mode (on PostgreSQL the database "
               "user's grants decide)\n");
        skip();
    }
    /* The server runs as nobody; the database file stays root's, so it opens read-only. */
    char dir[] = "/tmp/bianmin-ro.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[512];
    snprintf(cmd, sizeof cmd, "'%s' init --demo --data %s >/dev/null && chown nobody %s && "
             "chmod 0755 %s && chmod 0644 %s/bianmin.db", bianmin_bin(), dir, dir, dir, dir);
    assert_int_equal(system(cmd), 0);
    setenv("BIANMIN_WRAPPER", "setpriv --reuid=nobody --regid=nogroup --clear-groups", 1);
    const char *args[] = { "--data", dir, NULL };
    bmt_server *s = bmt_server_start(args);
    unsetenv("BIANMIN_WRAPPER");
    assert_non_null(s);
    assert_true(bmt_server_log_wait(s, "database read-only", 5000));

    /* Five wrong passwords, then the right one: the lockout holds. */
    char *why = NULL;
    for (int i = 0; i < 5; i++) {
        assert_int_equal(try_login(s, "clerk", "wrong", &why), 0);
        free(why);
    }
    assert_true(refused_saying(s, "clerk", "demo", "密码错误次数过多"));
    /* Another account, right password first time: refused, because it cannot be audited. */
    assert_true(refused_saying(s, "agent", "demo", "无法记录"));
    assert_true(bmt_server_log_wait(s, "user=agent addr=127.0.0.1", 1000));
    assert_int_equal(count_in_log(s, "reason=\"login cannot be audited\""), 1);
    assert_int_equal(count_in_log(s, "bianmin: login user="), 0);
    assert_int_equal(bmt_server_stop(s), 0);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* ---- an admin-locked account answers as an unknown name does ---- */

static void test_locked_account_not_told(void **state)
{
    (void)state;
    bmt_server *s = bmt_server_start(NULL);
    assert_non_null(s);
    const char *lock[] = { "user", "lock", "duty", NULL };
    assert_int_equal(bmt_run_bianmin(s, lock, NULL), 0);

    char *locked_wrong = NULL, *unknown_wrong = NULL, *locked_right = NULL;
    assert_int_equal(try_login(s, "duty", "wrong", &locked_wrong), 0);
    assert_int_equal(try_login(s, "nobody-here", "wrong", &unknown_wrong), 0);
    fprintf(stderr, "# locked, wrong password: %s\n# unknown name: %s\n", locked_wrong,
            unknown_wrong);
    /* Neither shows a banner, and past the name they read the same: nothing tells that
     * "duty" exists. */
    assert_null(strstr(locked_wrong, "banner"));
    assert_null(strstr(unknown_wrong, "banner"));
    assert_non_null(strstr(locked_wrong, "denied:"));
    assert_non_null(strstr(unknown_wrong, "denied:"));
    assert_string_equal(strstr(locked_wrong, "denied:"), strstr(unknown_wrong, "denied:"));
    /* With the right password the lock is told. */
    assert_int_equal(try_login(s, "duty", "demo", &locked_right), 0);
    assert_non_null(strstr(locked_right, "该账户已被锁定"));
    free(locked_wrong);
    free(unknown_wrong);
    free(locked_right);
    assert_int_equal(bmt_server_stop(s), 0);
}

/* ---- an address that keeps failing: its next attempt waits, even on a new connection ---- */

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One guess as an impatient client makes it: connect, send the password, and hang up if no
 * answer came within patience_ms. Returns 1 answered (refused), 0 gave up, -1 no connection. */
static int impatient_guess(int port, const char *user, const char *password, int patience_ms)
{
    ssh_session ss = ssh_new();
    if (!ss)
        return -1;
    long timeout = 10;
    int verbosity = SSH_LOG_NOLOG;
    ssh_options_set(ss, SSH_OPTIONS_HOST, "127.0.0.1");
    ssh_options_set(ss, SSH_OPTIONS_PORT, &port);
    ssh_options_set(ss, SSH_OPTIONS_USER, user);
    ssh_options_set(ss, SSH_OPTIONS_TIMEOUT, &timeout);
    ssh_options_set(ss, SSH_OPTIONS_LOG_VERBOSITY, &verbosity);
    int result = -1;
    if (ssh_connect(ss) == SSH_OK) {
        ssh_set_blocking(ss, 0);
        int64_t give_up = mono_ms() + patience_ms;
        result = 0;
        for (;;) {
            int rc = ssh_userauth_password(ss, NULL, password);
            if (rc != SSH_AUTH_AGAIN) {
                result = rc == SSH_AUTH_ERROR ? 0 : 1;
                break;
            }
            int64_t left = give_up - mono_ms();
            if (left <= 0)
                break;
            struct pollfd p = { .fd = ssh_get_fd(ss), .events = POLLIN };
            poll(&p, 1, (int)(left < 20 ? left : 20));
        }
    }
    ssh_disconnect(ss);
    ssh_free(ss);
    return result;
}

static void test_reconnecting_guesser_waits(void **state)
{
    (void)state;
    bmt_server *s = bmt_server_start(NULL);
    assert_non_null(s);
    enum { GUESSES = 12, PATIENCE_MS = 1500 };
    int answered = 0;
    for (int i = 0; i < GUESSES; i++) {
        char user[32];
        snprintf(user, sizeof user, "guess%02d", i);   /* no account lockout gets in the way */
        int r = impatient_guess(bmt_server_port(s), user, "123456", PATIENCE_MS);
        assert_true(r >= 0);
        answered += r;
    }
    /* Let every check that was started finish before counting. */
    bmt_pump(1000);
    int checked = count_in_log(s, "login-failed user=guess");
    int held = count_in_log(s, "login-held user=guess");
    printf("# figure: %d guesses from one address, each giving up after %d ms: %d answered, "
           "%d checked, %d held before any check\n", GUESSES, PATIENCE_MS, answered, checked,
           held);
    /* Every guess after the free ones met a wait before its check. */
    assert_true(held >= 1);
    assert_true(checked < GUESSES);
    /* The right password from that address, made patiently, still gets in. */
    char *why = NULL;
    assert_int_equal(try_login(s, "clerk", "demo", &why), 1);
    free(why);
    assert_int_equal(bmt_server_stop(s), 0);
}

/* ---- many terminal types in large windows: the memory is given back ---- */

static void test_terminal_types_memory_bounded(void **state)
{
    (void)state;
    static const char *const types[] = {
        "xterm", "xterm-256color", "xterm-color", "xterm-16color", "xterm-88color",
        "xterm-direct", "xterm-mono", "xterm-new", "xterm-vt220", "xterm-xfree86",
        "vt100", "vt102", "vt220", "vt320", "vt420", "vt100-nav", "linux", "linux-16color",
        "putty", "putty-256color", "screen", "screen-256color", "screen.linux",
        "screen.xterm-256color", "tmux", "tmux-256color", "tmux-direct", "ansi", "rxvt",
        "rxvt-unicode", "rxvt-256color", "gnome", "gnome-256color", "konsole",
        "konsole-256color", "Eterm", "st-256color", "alacritty", "mintty", "kitty",
    };
    enum { TYPES = sizeof types / sizeof types[0] };
    bmt_server *s = bmt_server_start(NULL);
    assert_non_null(s);
    /* One session first, so the figure leaves out what any first login costs. */
    char *why = NULL;
    assert_int_equal(try_login(s, "clerk", "demo", &why), 1);
    free(why);
    assert_true(bmt_server_log_wait(s, "logout user=clerk", 5000));
    long before = bmt_server_rss_kb(s);
    /* Ten at a time, so that screens in use and screens returned both count. */
    enum { BATCH = 10 };
    long peak = 0;
    for (int first = 0; first < TYPES; first += BATCH) {
        bmt_term *t[BATCH];
        int n = TYPES - first < BATCH ? TYPES - first : BATCH;
        for (int i = 0; i < n; i++) {
            const char *type = types[first + i];
            t[i] = bmt_connect(s, &(bmt_login){ .user = "clerk", .password = "demo",
                                                .term = type }, &why);
            if (!t[i])
                fprintf(stderr, "# login with TERM=%s: %s\n", type, why ? why : "?");
            free(why);
            why = NULL;
            assert_non_null(t[i]);
            assert_true(bmt_wait_text(t[i], "===>", 20000));
            assert_int_equal(bmt_resize(t[i], 500, 300), 0);
            /* Typed after the resize, it comes back: the large window has been drawn. */
            assert_int_equal(bmt_send_keys(t[i], "\"ZZ\""), 0);
            assert_true(bmt_wait_text(t[i], "ZZ", 20000));
        }
        long rss = bmt_server_rss_kb(s);
        if (rss > peak)
            peak = rss;
        for (int i = 0; i < n; i++)
            bmt_close(t[i]);
        int want = first + n + 1;
        for (int tries = 0; tries < 100 && count_in_log(s, "logout user=clerk") < want; tries++)
            bmt_pump(100);
        assert_int_equal(count_in_log(s, "logout user=clerk"), want);
    }
    long after = bmt_server_rss_kb(s);
    assert_true(before > 0 && peak > 0 && after > 0);
    printf("# figure: server RSS %ld kB before, %ld kB at most with %d terminal types in "
           "500x300 windows, %d at a time, %ld kB after they left: %+ld kB\n", before, peak,
           TYPES, BATCH, after, after - before);
    /* The bound stated in the hardening issue: less than 40 MB kept after everyone left.
     * AddressSanitizer's allocator keeps what is freed for itself, so under it the figures
     * are printed only. */
    const char *build = getenv("BIANMIN_BUILD");
    int sanitized = build && strstr(build, "build-san");
    if (!sanitized)
        assert_true(after - before < 40 * 1024);
    /* With no one left, the server deletes every screen it made (and says so): what stays
     * is within 20 MB of the figure before (issue 10). */
    for (int tries = 0; tries < 300 && !freed_after_last(s, "logout user=clerk"); tries++)
        bmt_pump(100);
    assert_true(freed_after_last(s, "logout user=clerk"));
    long emptied = bmt_server_rss_kb(s);
    printf("# figure: server RSS %ld kB once its screens were freed: %+ld kB from before\n",
           emptied, emptied - before);
    if (!sanitized)
        assert_true(emptied - before < 20 * 1024);
    assert_int_equal(bmt_server_stop(s), 0);
}

/* ---- over the session limit: told so in SSH's own words ---- */

#define PAST_THE_LIMIT 5

static void test_server_full_is_told(void **state)
{
    (void)state;
    const char *args[] = { "--max-sessions", "2", NULL };
    bmt_server *s = bmt_server_start(args);
    assert_non_null(s);
    assert_true(bmt_server_log_wait(s, "max_sessions=2", 5000));
    char *why = NULL;
    bmt_term *a = bmt_connect(s, &(bmt_login){ .user = "clerk", .password = "demo" }, &why);
    assert_non_null(a);
    bmt_term *b = bmt_connect(s, &(bmt_login){ .user = "agent", .password = "demo" }, &why);
    assert_non_null(b);
    assert_true(bmt_wait_text(a, "===>", 10000));
    assert_true(bmt_wait_text(b, "===>", 10000));
    /* Each connection past the limit is refused, and told why in both languages in the
     * banner its login gets, never about its terminal. (What OpenSSH shows: serve_start.sh.) */
    for (int i = 0; i < PAST_THE_LIMIT; i++) {
        assert_null(bmt_connect(s, &(bmt_login){ .user = "duty", .password = "demo",
                                                 .term = i % 2 ? "vt100" : "xterm" }, &why));
        if (i == 0)
            printf("# a login past the limit was refused: %s\n", why ? why : "(no reason)");
        assert_non_null(why);
        assert_non_null(strstr(why, "The server is full"));
        assert_non_null(strstr(why, "服务器已满"));
        assert_null(strstr(why, "terminal"));
        free(why);
        why = NULL;
    }
    assert_true(bmt_server_log_wait(s, "reason=\"server full\"", 2000));
    assert_int_equal(count_in_log(s, "refused addr="), PAST_THE_LIMIT);
    /* Those in were not disturbed: they still answer a key. */
    assert_int_equal(bmt_send_keys(b, "\"QQ\""), 0);
    assert_true(bmt_wait_text(b, "QQ", 20000));
    /* Once one leaves, there is room again. */
    bmt_close(a);
    assert_true(bmt_server_log_wait(s, "logout user=clerk", 5000));
    bmt_term *c = bmt_connect(s, &(bmt_login){ .user = "duty", .password = "demo" }, &why);
    free(why);
    assert_non_null(c);
    assert_true(bmt_wait_text(c, "===>", 10000));
    bmt_close(b);
    bmt_close(c);
    assert_int_equal(bmt_server_stop(s), 0);
}

/* With few file descriptors the session limit follows them: the sessions past it are told
 * the server is full, and no login fails for a terminal type it cannot start. */
static void test_few_open_files_mean_fewer_sessions(void **state)
{
    (void)state;
    setenv("BIANMIN_WRAPPER", "prlimit --nofile=80:80", 1);
    bmt_server *s = bmt_server_start(NULL);
    unsetenv("BIANMIN_WRAPPER");
    assert_non_null(s);
    assert_true(bmt_server_log_wait(s, "open_files=80", 5000));
    char *log = bmt_server_log(s);
    int limit = 0;
    const char *at = log ? strstr(log, "max_sessions=") : NULL;
    if (at)
        limit = atoi(at + strlen("max_sessions="));
    free(log);
    printf("# figure: 80 open files allow %d sessions\n", limit);
    assert_true(limit >= 1 && limit < 20);
    bmt_term *t[20];
    for (int i = 0; i < limit; i++) {
        char *why = NULL;
        t[i] = bmt_connect(s, &(bmt_login){ .user = "clerk", .password = "demo",
                                            .term = "vt100" }, &why);
        free(why);
        assert_non_null(t[i]);
        assert_true(bmt_wait_text(t[i], "===>", 10000));
    }
    char *why = NULL;
    assert_null(bmt_connect(s, &(bmt_login){ .user = "clerk", .password = "demo" }, &why));
    free(why);
    assert_true(bmt_server_log_wait(s, "reason=\"server full\"", 2000));
    assert_int_equal(count_in_log(s, "cannot start the screen"), 0);
    for (int i = 0; i < limit; i++)
        bmt_close(t[i]);
    assert_int_equal(bmt_server_stop(s), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_only_database_fails_closed),
        cmocka_unit_test(test_locked_account_not_told),
        cmocka_unit_test(test_reconnecting_guesser_waits),
        cmocka_unit_test(test_terminal_types_memory_bounded),
        cmocka_unit_test(test_server_full_is_told),
        cmocka_unit_test(test_few_open_files_mean_fewer_sessions),
    };
    return cmocka_run_group_tests_name("harden", tests, NULL, NULL);
}
