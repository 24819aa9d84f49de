/* The admin's Live sessions screen (BM980) as end-to-end tests drive it: opened from the home
 * menu, and its rows looked for as the servers refresh them. */
#ifndef BIANMIN_TESTS_E2E_LIVE_H
#define BIANMIN_TESTS_E2E_LIVE_H

#include "tests/e2e/harness.h"

/* Opens Live sessions from the admin's home menu (asserts it opened). */
void live_open(bmt_term *t);
/* 1 when one row of the screen holds both a and b. */
int live_row_has(bmt_term *t, const char *a, const char *b);
/* The list is read when it opens and on F5; the servers write a session's screen every few
 * seconds, and a session leaves the list once its link is closed: so F5 until the row shows
 * (present 1) or is gone (present 0), or 20 s pass. 1 when it did. */
int live_wait_row(bmt_term *t, const char *a, const char *b, int present);

#endif
