/* What the demo database holds, read beside the running server (or changed there for a test's
 * set-up), for end-to-end tests: a query's first value, and applicants and ID numbers to type. */
#ifndef BIANMIN_TESTS_E2E_DEMO_H
#define BIANMIN_TESTS_E2E_DEMO_H

#include "tests/e2e/harness.h"

/* The first column of the first row of sql (one optional text parameter ?1), as text the
 * caller frees; NULL when there is no row or the database cannot be read. */
char *demo_db_text(bmt_server *s, const char *sql, const char *param);
/* The first column of every row of sql, joined by sep, as text the caller frees; NULL when there
 * is no row or the database cannot be read. */
char *demo_db_list(bmt_server *s, const char *sql, const char *sep);
/* Runs sql (no parameters) on the server's database beside the running server, as a person
 * with the database's own tools would: 0, or -1 said on stderr. */
int demo_db_exec(bmt_server *s, const char *sql);
/* The same as a number; -1 when there is no row. */
long demo_db_long(bmt_server *s, const char *sql, const char *param);
/* The full ID number of the nth resident applicant of the demo clerk's township (青林镇);
 * 0, or -1 when there is none. */
int demo_known_applicant(bmt_server *s, int nth, char id[19]);
/* A new, valid resident ID number: 17 digits and the check character they call for. */
void demo_new_id(const char *first17, char out[19]);

#endif
