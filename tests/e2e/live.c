/* The admin's Live sessions screen as end-to-end tests drive it (see live.h). */
#include "tests/e2e/live.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/e2e/login.h"

/* Opens the admin's Live sessions from the home menu. */
void live_open(bmt_term *t)
{
    char spec[16], key = bmt_menu_key(t, "在线会话  谁在线、发消息、结束会话");
    assert_true(key != 0);
    snprintf(spec, sizeof spec, "\"%c\" Enter", key);
    e2e_keys(t, spec);
    assert_true(bmt_wait_text(t, "BM980", 10000));
    bmt_wait_quiet(t, 200, 3000);
}

/* 1 when one row of the screen holds both a and b. */
int live_row_has(bmt_term *t, const char *a, const char *b)
{
    int cols, rows, found = 0;
    if (bmt_size(t, &cols, &rows) != 0)
        return 0;
    for (int r = 0; r < rows && !found; r++) {
        char *line = bmt_screen_row(t, r);
        found = line && strstr(line, a) && strstr(line, b);
        free(line);
    }
    return found;
}

/* The list is read when it opens and on F5; the servers write a session's screen every few
 * seconds, and a session leaves the list once its link is closed: so F5 until the row shows
 * (present 1) or is gone (present 0), or 20 s pass. */
int live_wait_row(bmt_term *t, const char *a, const char *b, int present)
{
    for (int i = 0; i < 20; i++) {
        if (live_row_has(t, a, b) == present)
            return 1;
        e2e_keys(t, "F5");
        bmt_wait_quiet(t, 300, 3000);
        bmt_pump(700);
    }
    bmt_screen_dump(t, b);
    return 0;
}
