/* End-to-end test of a server that runs out of file descriptors before it reaches its session
 * limit: the connection that finds none left is told, in words, that the server is full (never
 * that its terminal type is the trouble), the server keeps serving, and once descriptors come
 * back a login works again. */
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

static int count_in_log(bmt_server *s, const char *text)
{
    char *log = bmt_server_log(s);
    int n = 0;
    for (const char *p = log; p && (p = strstr(p, text)) != NULL; p += strlen(text))
        n++;
    free(log);
    return n;
}

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

static void test_out_of_descriptors_is_a_full_server(void **state)
{
    (void)state;
    const char *args[] = { "--max-sessions", "1000", NULL };
    setenv("BIANMIN_WRAPPER", "prlimit --nofile=256:256", 1);
    bmt_server *s = bmt_server_start(args);
    unsetenv("BIANMIN_WRAPPER");
    assert_non_null(s);
    assert_true(bmt_server_log_wait(s, "open_files=256", 5000));
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
    /* A real login now is refused for capacity, never for its terminal type. */
    char *why = NULL;
    assert_null(bmt_connect(s, &(bmt_login){ .user = "clerk", .password = "demo",
                                             .term = "vt100" }, &why));
    free(why);
    assert_true(bmt_server_log_wait(s, "open_files=\"all in use\"", 2000));
    assert_int_equal(count_in_log(s, "cannot start the screen"), 0);
    /* Descriptors come back as those connections leave, and so does room for a login. */
    for (int i = 0; i < nraw; i++)
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_out_of_descriptors_is_a_full_server),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
