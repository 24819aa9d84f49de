/* Logging in and out as a demo user, as a person does, for end-to-end tests. */
#include "tests/e2e/login.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

bmt_server *e2e_shared;

int e2e_shared_start(const char *now)
{
    if (now)
        setenv("BIANMIN_NOW", now, 1);
    e2e_shared = bmt_server_start(NULL);
    return e2e_shared ? 0 : -1;
}

int e2e_shared_stop(void **state)
{
    (void)state;
    int status = bmt_server_stop(e2e_shared);
    e2e_shared = NULL;
    return status == 0 ? 0 : -1;
}

bmt_term *e2e_login(bmt_server *s, const char *user)
{
    bmt_login l = { .user = user, .password = "demo", .term = "xterm" };
    char *why = NULL;
    bmt_term *t = bmt_connect(s, &l, &why);
    if (!t)
        fprintf(stderr, "# login as %s failed: %s\n", user, why ? why : "?");
    free(why);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "===>", 10000));
    bmt_wait_quiet(t, 200, 3000);
    return t;
}

void e2e_keys(bmt_term *t, const char *spec)
{
    assert_int_equal(bmt_send_keys(t, spec), 0);
}

void e2e_logout(bmt_term *t)
{
    e2e_keys(t, "F10");
    assert_true(bmt_wait_text(t, "现在退出", 5000));
    e2e_keys(t, "\"y\"");
    assert_true(bmt_closed(t, 5000));
    bmt_close(t);
}

char *e2e_printed(bmt_term *t, size_t from)
{
    const char *raw;
    size_t n = bmt_raw_output(t, &raw);
    const char *end = raw + n;
    for (const char *p = raw + from; p + 4 <= end; p++) {
        if (memcmp(p, "\033[5i", 4) != 0)
            continue;
        for (const char *q = p + 4; q + 4 <= end; q++)
            if (memcmp(q, "\033[4i", 4) == 0)
                return strndup(p + 4, (size_t)(q - p - 4));
    }
    return NULL;
}
