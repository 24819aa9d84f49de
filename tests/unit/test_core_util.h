/* Helpers shared by core's unit tests: a scratch directory, fresh databases, actors. */
#ifndef TEST_CORE_UTIL_H
#define TEST_CORE_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "core/db.h"
#include "core/user.h"

/* The SQLite handle behind a test's database, for tests that inspect the file on purpose
 * (needs <sqlite3.h> and core/db_internal.h where it is used). */
#define DB_H(db) ((struct sqlite3 *)bm_store_native((db)->store))

/* A fresh scratch directory per process, removed by tu_cleanup. */
static char tu_dir[256];

static inline const char *tu_path(const char *name)
{
    static char buf[4][512];
    static int k;
    if (!tu_dir[0]) {
        snprintf(tu_dir, sizeof tu_dir, "/tmp/bm-core-test.XXXXXX");
        if (!mkdtemp(tu_dir)) {
            perror("mkdtemp");
            abort();
        }
    }
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tu_dir, name);
    return buf[k];
}

static inline void tu_remove_db(const char *path)
{
    char p[600];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

static inline void tu_cleanup(void)
{
    if (tu_dir[0]) {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tu_dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", tu_dir);
    }
}

/* The operator's shell: county-wide maintenance rights. */
static const bm_actor tu_shell = {.user_id = 0, .login = "", .role = BM_ROLE_ADMIN,
                                  .session = "", .addr = ""};

/* An actor for a stored account. */
static inline bm_actor tu_actor(bm_db *db, const char *login)
{
    static bm_user users[16];
    static int k;
    bm_user *u = &users[k++ % 16];
    bm_err err;
    if (bm_user_get(db, login, u, &err) != BM_OK) {
        fprintf(stderr, "no user %s: %s\n", login, err.reason);
        abort();
    }
    bm_actor a = {.user_id = u->id, .login = u->login, .role = u->role, .org_id = u->org_id,
                  .session = "test", .addr = "127.0.0.1"};
    return a;
}

/* A demo database made once per test binary and copied for each test that changes data. */
static inline bm_db *tu_demo_db(const char *name)
{
    static int made;
    const char *master = tu_path("demo-master.db");
    char pw[64];
    bm_err err;
    if (!made) {
        if (bm_db_init(master, BM_INIT_DEMO, pw, sizeof pw, &err) != BM_OK) {
            fprintf(stderr, "demo init: %s (%s)\n", err.reason, err.detail);
            abort();
        }
        made = 1;
    }
    const char *path = tu_path(name);
    tu_remove_db(path);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", master, path);
    if (system(cmd) != 0)
        abort();
    bm_db *db;
    if (bm_db_open(path, &db, &err) != BM_OK) {
        fprintf(stderr, "open: %s (%s)\n", err.reason, err.detail);
        abort();
    }
    return db;
}

#endif
