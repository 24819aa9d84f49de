/* End-to-end tests of what a session costs the server: idle sessions give their screens back
 * and repaint at the next key (the repaint's bytes and the memory saved are printed as
 * figures), and a server that runs out of file descriptors before its session limit tells the
 * connection that finds none left, in words, that it is full (never that its terminal type is
 * the trouble; a login is told in SSH's own words, which its client shows), keeps serving,
 * and lets logins in again once descriptors come back; under 256 open files a login past the
 * session limit is told the server is full. */
#include "tests/e2e/harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#define RAW_MAX 400

/* A plain TCP connection to the server; its first line (the SSH banner, or what the server
 * says instead) goes to `line`. Returns the socket, or -1. */
static int raw_connect(int port, char *line, size_t cap)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return -1;
    }
    size_t got = 0;
    line[0] = 0;
    while (got + 1 < cap && !strchr(line, '\n')) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (poll(&p, 1, 5000) <= 0)
            break;
        ssize_t n = read(fd, line + got, cap - 1 - got);
        if (n <= 0)
            break;
        got += (size_t)n;
        line[got] = 0;
    }
    return fd;
}

/* A server allowed 256 open files, once it says so; fails the test otherwise. */
static bmt_server *start_with_256_open_files(const char **args)
{
    setenv("BIANMIN_WRAPPER", "prlimit --nofile=256:256", 1);
    bmt_server *s = bmt_server_start(args);
    unsetenv("BIANMIN_WRAPPER");
    assert_non_null(s);
    assert_true(bmt_server_log_wait(s, "open_files=256", 5000));
    return s;
}

static void test_out_of_descriptors_is_a_full_server(void **state)
{
    (void)state;
    const char *args[] = { "--max-sessions", "1000", NULL };
    bmt_server *s = start_with_256_open_files(args);
    /* Connections that never log in hold a descriptor each, until none is left. */
    static int raw[RAW_MAX];
    int nraw = 0, told_full = 0;
    char line[512];
    while (nraw < RAW_MAX && !told_full) {
        int fd = raw_connect(bmt_server_port(s), line, sizeof line);
        assert_true(fd >= 0);
        raw[nraw++] = fd;
        if (strstr(line, "The server is full"))
            told_full = 1;
        else
            assert_non_null(strstr(line, "SSH-2.0"));
    }
    printf("# figure: under 256 open files, connection %d was told the server is full\n", nraw);
    assert_true(told_full);
    assert_non_null(strstr(line, "服务器已满"));
    /* A real login now is refused for capacity, never for its terminal type. A descriptor
     * may come free meanwhile (a connection being turned away has its moment end): a login
     * let in on it keeps it, and the next one is tried. */
    bmt_term *let_in[4] = { 0 };
    int nlet = 0;
    char *why = NULL;
    bmt_term *got;
    while ((got = bmt_connect(s, &(bmt_login){ .user = "clerk", .password = "demo",
                                               .term = "vt100" }, &why)) != NULL) {
        assert_true(nlet < 4);
        let_in[nlet++] = got;
        printf("# figure: login %d after the descriptors ran out was let in on one come free\n",
               nlet);
    }
    free(why);
    assert_true(bmt_server_log_wait(s, "open_files=\"all in use\"", 2000));
    char *log = bmt_server_log(s);
    assert_non_null(log);
    assert_null(strstr(log, "cannot start the screen"));
    free(log);
    /* The connection before the plain line took the spare kept for an SSH session that is
     * only told the server is full; once it leaves (or its moment is over), a real login is
     * told so in SSH's own words, which its client shows, in both languages. */
    close(raw[nraw - 2]);
    raw[nraw - 2] = -1;
    int told_in_ssh = 0;
    for (int attempt = 0; attempt < 40 && !told_in_ssh; attempt++) {
        why = NULL;
        assert_null(bmt_connect(s, &(bmt_login){ .user = "clerk", .password = "demo",
                                                 .term = "vt100" }, &why));
        if (why && strstr(why, "The server is full")) {
            printf("# a login with no descriptor left was refused: %s\n", why);
            assert_non_null(strstr(why, "服务器已满"));
            assert_null(strstr(why, "terminal"));
            told_in_ssh = 1;
        } else {
            bmt_pump(500);
        }
        free(why);
    }
    assert_true(told_in_ssh);
    /* Descriptors come back as those connections leave, and so does room for a login. */
    for (int i = 0; i < nlet; i++)
        bmt_close(let_in[i]);
    for (int i = 0; i < nraw; i++)
        if (raw[i] >= 0)
            close(raw[i]);
    bmt_term *t = NULL;
    for (int attempt = 0; attempt < 50 && !t; attempt++) {
        why = NULL;
        t = bmt_connect(s, &(bmt_login){ .user = "clerk", .password = "demo", .term = "vt100" },
                        &why);
        free(why);
        if (!t)
            usleep(100 * 1000);
    }
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "===>", 10000));
    bmt_close(t);
    assert_int_equal(bmt_server_stop(s), 0);
}

/* The number the server's log gives after key (its first mention), or 0. */
static int logged_number(bmt_server *s, const char *key)
{
    char *log = bmt_server_log(s);
    const char *at = log ? strstr(log, key) : NULL;
    int n = at ? atoi(at + strlen(key)) : 0;
    free(log);
    return n;
}

/* Under 256 open files the session limit follows the descriptors: once it is reached (here by
 * connections that never log in), a login is refused for capacity, in words its client shows,
 * never for its terminal type (as once, when every screen took a descriptor of its own). */
static void test_login_under_256_open_files_told_full(void **state)
{
    (void)state;
    bmt_server *s = start_with_256_open_files(NULL);
    int limit = logged_number(s, "max_sessions=");
    printf("# figure: 256 open files allow %d sessions\n", limit);
    assert_true(limit > 1 && limit < RAW_MAX);
    /* One real session, and connections that hold the rest of the places. */
    char *why = NULL;
    bmt_term *t = bmt_connect(s, &(bmt_login){ .user = "clerk", .password = "demo",
                                               .term = "vt100" }, &why);
    free(why);
    why = NULL;
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "===>", 20000));
    static int raw[RAW_MAX];
    char line[512];
    for (int i = 0; i < limit - 1; i++) {
        raw[i] = raw_connect(bmt_server_port(s), line, sizeof line);
        assert_true(raw[i] >= 0);
        assert_non_null(strstr(line, "SSH-2.0"));
    }
    for (int i = 0; i < 2; i++) {
        assert_null(bmt_connect(s, &(bmt_login){ .user = "clerk", .password = "demo",
                                                 .term = i ? "xterm" : "vt100" }, &why));
        printf("# login %d past the limit was refused: %s\n", i + 1, why ? why : "(no reason)");
        assert_non_null(why);
        assert_non_null(strstr(why, "The server is full"));
        assert_null(strstr(why, "terminal"));
        free(why);
        why = NULL;
    }
    char *log_after = bmt_server_log(s);
    assert_non_null(log_after);
    assert_null(strstr(log_after, "cannot start the screen"));
    free(log_after);
    /* The session in before goes on. */
    assert_int_equal(bmt_send_keys(t, "\"QQ\""), 0);
    assert_true(bmt_wait_text(t, "QQ", 20000));
    bmt_close(t);
    for (int i = 0; i < limit - 1; i++)
        close(raw[i]);
    assert_int_equal(bmt_server_stop(s), 0);
}

/* Where `needle` last occurs in the bytes (an offset), or -1. */
static long last_at(const char *bytes, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;)
        if (memcmp(bytes + i, needle, k) == 0)
            return (long)i;
    return -1;
}

#define IDLE_SESSIONS 20

static void test_idle_sessions_give_their_screens_back(void **state)
{
    (void)state;
    const char *args[] = { "--screen-idle", "1", NULL };
    bmt_server *s = bmt_server_start(args);
    assert_non_null(s);
    long before = bmt_server_rss_kb(s);
    bmt_term *t[IDLE_SESSIONS];
    for (int i = 0; i < IDLE_SESSIONS; i++) {
        char *why = NULL;
        t[i] = bmt_connect(s, &(bmt_login){ .user = "clerk", .password = "demo" }, &why);
        free(why);
        assert_non_null(t[i]);
    }
    for (int i = 0; i < IDLE_SESSIONS; i++)
        assert_true(bmt_wait_text(t[i], "===>", 20000));
    long busy = bmt_server_rss_kb(s);
    /* Idle past --screen-idle: each screen goes back to the pool; the client sees nothing. */
    const char *bytes;
    size_t shown = bmt_raw_output(t[0], &bytes);
    bmt_pump(2500);
    long idle = bmt_server_rss_kb(s);
    assert_int_equal(bmt_raw_output(t[0], &bytes), shown);
    assert_true(bmt_screen_has(t[0], "===>"));
    printf("# figure: server RSS %ld kB at start, %ld kB with %d sessions just logged in, "
           "%ld kB once they sat idle\n", before, busy, IDLE_SESSIONS, idle);
    /* The next key takes a screen and everything is repainted, not only what changed. */
    assert_int_equal(bmt_send_keys(t[0], "F1"), 0);
    assert_true(bmt_wait_text(t[0], "各画面通用按键", 10000));
    assert_true(bmt_wait_quiet(t[0], 300, 5000));
    size_t after_key = bmt_raw_output(t[0], &bytes);
    printf("# figure: the first key after the screen was given back brought %zu bytes "
           "(a repaint of the help screen)\n", after_key - shown);
    assert_true(bmt_screen_has(t[0], "BM100") || bmt_screen_has(t[0], "F3"));
    /* Back on the home menu, idle again, then logging out: the terminal is left as found
     * (the alternate screen left after it was last entered), the farewell shown. */
    assert_int_equal(bmt_send_keys(t[0], "F3"), 0);
    assert_true(bmt_wait_gone(t[0], "各画面通用按键", 10000));
    bmt_pump(2500);
    assert_int_equal(bmt_send_keys(t[0], "F10 \"y\""), 0);
    assert_true(bmt_closed(t[0], 10000));
    size_t n = bmt_raw_output(t[0], &bytes);
    assert_true(last_at(bytes, n, "\033[?1049l") > last_at(bytes, n, "\033[?1049h"));
    assert_true(bmt_server_log_wait(s, "logout user=clerk", 5000));
    /* Every other session still answers its next key on a screen taken again. */
    for (int i = 1; i < IDLE_SESSIONS; i++)
        assert_int_equal(bmt_send_keys(t[i], "F1"), 0);
    for (int i = 1; i < IDLE_SESSIONS; i++) {
        assert_true(bmt_wait_text(t[i], "各画面通用按键", 20000));
        bmt_close(t[i]);
    }
    bmt_close(t[0]);
    assert_int_equal(bmt_server_stop(s), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idle_sessions_give_their_screens_back),
        cmocka_unit_test(test_out_of_descriptors_is_a_full_server),
        cmocka_unit_test(test_login_under_256_open_files_told_full),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
