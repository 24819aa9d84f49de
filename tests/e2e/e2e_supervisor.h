/* What the centre head's end-to-end tests share: keys, waiting for text (dumping the screen
 * when it does not come), a find on a list that finds one row, and a number from the demo
 * database read beside the server. */
#ifndef BIANMIN_TESTS_E2E_SUPERVISOR_H
#define BIANMIN_TESTS_E2E_SUPERVISOR_H

#include "tests/e2e/demo.h"
#include "tests/e2e/login.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static inline long db_long(const char *sql, const char *param)
{
    return demo_db_long(e2e_shared, sql, param);
}

static inline void keys(bmt_term *t, const char *spec)
{
    e2e_keys(t, spec);
}

static inline void wait_for(bmt_term *t, const char *text)
{
    if (!bmt_wait_text(t, text, 15000)) {
        bmt_screen_dump(t, text);
        fail_msg("waited for \"%s\"", text);
    }
}

/* On the list on screen: finds the rows holding text, and there is one. */
static inline void find_one(bmt_term *t, const char *text)
{
    char spec[96];
    snprintf(spec, sizeof spec, "\"/\" \"%s\" Enter", text);
    keys(t, spec);
    wait_for(t, "找到 1 条");
}

#endif
