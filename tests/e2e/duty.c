/* What the always-open end-to-end tests share (see duty.h). */
#include "tests/e2e/duty.h"
#include "tests/e2e/demo.h"
#include "tests/e2e/login.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

void duty_wait_for(bmt_term *t, const char *text)
{
    if (!bmt_wait_text(t, text, DUTY_WAIT_MS)) {
        bmt_screen_dump(t, text);
        fail_msg("did not see: %s", text);
    }
}

char *duty_row_with(bmt_term *t, const char *text)
{
    for (int r = 0; r < 24; r++) {
        char *line = bmt_screen_row(t, r);
        if (line && strstr(line, text))
            return line;
        free(line);
    }
    return NULL;
}

void duty_newest_case(bmt_server *s, bmt_term *t, char out[13])
{
    char *no = demo_db_text(s, "SELECT no FROM bcase ORDER BY id DESC LIMIT 1", NULL);
    assert_non_null(no);
    char shown[48];
    snprintf(shown, sizeof shown, "办件号：%s", no);
    snprintf(out, 13, "%s", no);
    free(no);
    duty_wait_for(t, shown);
}

void duty_write_handover(bmt_term *t, const char *came_in, const char *done, const char *left,
                         const char *item, const char *login)
{
    e2e_keys(t, "\"3\" Enter");
    duty_wait_for(t, "BM312");
    e2e_keys(t, "F6");
    duty_wait_for(t, "BM314");
    char spec[512];
    snprintf(spec, sizeof spec, "\"%s\" Enter \"%s\" Enter \"%s\" Enter \"%s\" Enter \"%s\"",
             came_in, done, left, item, login);
    e2e_keys(t, spec);
    snprintf(spec, sizeof spec, "[%s", login);
    duty_wait_for(t, spec);
    e2e_keys(t, "F2");
    duty_wait_for(t, "交接班已提交");
    duty_wait_for(t, "BM312");
}

void duty_clerk_opens_handover(bmt_term *t)
{
    duty_wait_for(t, "待签收的交接班: 1 *");
    e2e_keys(t, "\"5\" Enter");
    duty_wait_for(t, "BM319");
    e2e_keys(t, "\"3\" Enter");
    duty_wait_for(t, "BM312");
    duty_wait_for(t, "未签收 *");
    e2e_keys(t, "Enter");
    duty_wait_for(t, "BM313");
}
