/* Logging in and out as a demo user the way a person does (password "demo", xterm), for
 * end-to-end tests that open several sessions on one server. */
#ifndef BIANMIN_TESTS_E2E_LOGIN_H
#define BIANMIN_TESTS_E2E_LOGIN_H

#include "tests/e2e/harness.h"

/* The server a test group shares: started by e2e_shared_start (BIANMIN_NOW pinned to now
 * unless now is NULL), stopped by e2e_shared_stop (a cmocka group teardown). */
extern bmt_server *e2e_shared;
int e2e_shared_start(const char *now);
int e2e_shared_stop(void **state);

/* Logs in as user and waits for the home menu; fails the test when it cannot. */
bmt_term *e2e_login(bmt_server *s, const char *user);
/* Sends keys (bmt_send_keys' notation); fails the test when they cannot be sent. */
void e2e_keys(bmt_term *t, const char *spec);
/* F10, confirms, waits for the server to close the session, and frees the terminal. */
void e2e_logout(bmt_term *t);
/* The bytes the terminal was asked to print (between ESC [5i and ESC [4i, transparent
 * print) after the first `from` bytes of its output; NULL when none. Caller frees. */
char *e2e_printed(bmt_term *t, size_t from);

#endif
