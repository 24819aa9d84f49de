/* What the hotline end-to-end tests share (see hotline.h). */
#include "tests/e2e/hotline.h"
#include "tests/e2e/login.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

int hotline_row_with(bmt_term *t, const char *text)
{
    for (int r = 0; r < 24; r++) {
        char *row = bmt_screen_row(t, r);
        int hit = row && strstr(row, text);
        free(row);
        if (hit)
            return r;
    }
    return -1;
}

char hotline_menu_key(bmt_term *t, const char *label)
{
    char want[256];
    snprintf(want, sizeof want, "  %s", label);
    int r = hotline_row_with(t, want);
    char *row = r >= 0 ? bmt_screen_row(t, r) : NULL;
    char key = 0;
    if (row) {
        char *p = strstr(row, want);
        while (p > row && p[-1] == ' ')
            p--;
        key = p > row ? p[-1] : 0;
    }
    free(row);
    if (!key)
        bmt_screen_dump(t, label);
    return key;
}

void hotline_open_list(bmt_term *t)
{
    char key = hotline_menu_key(t, "热线工单");
    if (!key)
        fail_msg("no hotline entry on the home menu");
    char spec[16];
    snprintf(spec, sizeof spec, "\"%c\" Enter", key);
    e2e_keys(t, spec);
    if (!bmt_wait_text(t, "BM260", 10000))
        fail_msg("the hotline list did not open");
    bmt_wait_quiet(t, 200, 3000);
}
