/* The case database: opening, migrating, checking and closing it. A database is named by a
 * URL, "sqlite:PATH" or a bare path (SQLite); see store.h. */
#ifndef BM_DB_H
#define BM_DB_H

#include <stddef.h>
#include <stdint.h>
#include "core/err.h"

typedef struct bm_db bm_db;

/* Opens an existing database: WAL, synchronous=FULL, foreign keys, busy timeout; applies
 * pending migrations; refuses a newer schema and a failed integrity check with a clear reason.
 * BM_ENOTFOUND when the file does not exist (reason tells to run `bianmin init`). */
int bm_db_open(const char *url, bm_db **out, bm_err *err);
void bm_db_close(bm_db *db);

enum { BM_INIT_DEMO = 1 };

/* Creates the database file (refuses if it exists). Without BM_INIT_DEMO it creates one admin
 * account "admin" with a random password written to admin_password (NUL-terminated, printed
 * once by the caller). With BM_INIT_DEMO it also loads the demo county and the demo logins
 * clerk, agent, duty, supervisor, admin, each with password "demo"; admin_password gets "demo". */
int bm_db_init(const char *url, int flags, char *admin_password, size_t pwlen, bm_err *err);

/* A consistent copy of the database at dest (a path; it must not exist yet), made while the
 * server works: the audit head written first and copied beside it with the audit key, so the
 * copy verifies on its own. BM_ECONFLICT (with the copy made) when the log no longer matches
 * its last head: the copy is kept, and `audit verify` says what is wrong. */
int bm_db_backup(bm_db *db, const char *dest, bm_err *err);

#endif
