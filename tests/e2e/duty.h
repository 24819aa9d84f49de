/* What the always-open end-to-end tests (e2e_duty*.c) share: waiting for text with a dump of
 * the screen when it does not come, the screen row that holds a text, the newest case's
 * number on its receipt, and the hand-over written by the duty officer and opened by the clerk. */
#ifndef BIANMIN_TESTS_E2E_DUTY_H
#define BIANMIN_TESTS_E2E_DUTY_H

#include "tests/e2e/harness.h"

/* A long wait: the machine may be busy with other tests. */
#define DUTY_WAIT_MS 15000

/* Waits for text; fails the test with the screen dumped when it does not come. */
void duty_wait_for(bmt_term *t, const char *text);
/* The screen row holding text (the caller frees), or NULL. */
char *duty_row_with(bmt_term *t, const char *text);
/* The newest case's number as the receipt on the screen shows it ("办件号：" and the number);
 * fails the test when the screen does not show it. */
void duty_newest_case(bmt_server *s, bmt_term *t, char out[13]);

/* From the duty officer's home menu: the hand-over written (F6 on the hand-overs) with one
 * open item for login, and the hand-over list back with it. */
void duty_write_handover(bmt_term *t, const char *came_in, const char *done, const char *left,
                         const char *item, const char *login);
/* From the clerk's home menu, where one hand-over waits for the signature: it is opened
 * through 预约与值班 and the hand-over list (BM313 on the screen). */
void duty_clerk_opens_handover(bmt_term *t);

#endif
