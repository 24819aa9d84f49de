/* A fresh database for each input of the importers' fuzz targets: one is made with
 * `bianmin init` (without demo data, unless the target defines FDB_INIT_FLAGS as
 * BM_INIT_DEMO before including this) in a scratch directory the first time, and copied for
 * every input, so each input meets the same starting state. Only core's public API. */
#ifndef TESTS_FUZZ_DB_H
#define TESTS_FUZZ_DB_H

#include "core/db.h"
#include "core/user.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FDB_INIT_FLAGS
#define FDB_INIT_FLAGS 0
#endif

static char fdb_dir[64];

static void fdb_path(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", fdb_dir, name);
}

static void fdb_remove(const char *name)
{
    static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        char base[128], p[160];
        fdb_path(base, sizeof base, name);
        snprintf(p, sizeof p, "%s%s", base, suffixes[i]);
        unlink(p);
    }
}

static void fdb_cleanup(void)
{
    fdb_remove("master.db");
    fdb_remove("work.db");
    rmdir(fdb_dir);
}

static void fdb_copy(const char *from, const char *to)
{
    int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0)
        abort();
    char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n)
            abort();
    if (n < 0)
        abort();
    close(in);
    close(out);
}

/* The operator's shell, as `bianmin catalogue import` and `calendar import` run. */
static const bm_actor fdb_shell = { .user_id = 0, .login = "", .role = BM_ROLE_ADMIN,
                                    .session = "", .addr = "" };

/* Opens a fresh copy of the initial database; close it with bm_db_close. */
static bm_db *fdb_fresh(void)
{
    char master[128], work[128];
    if (!fdb_dir[0]) {
        /* In memory where there is a tmpfs: the store syncs every write, as it should. */
        snprintf(fdb_dir, sizeof fdb_dir, "%s/bianmin-fuzz.XXXXXX",
                 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
        if (!mkdtemp(fdb_dir))
            abort();
        atexit(fdb_cleanup);
        fdb_path(master, sizeof master, "master.db");
        char pw[64];
        bm_err err;
        if (bm_db_init(master, FDB_INIT_FLAGS, pw, sizeof pw, &err) != BM_OK) {
            fprintf(stderr, "init: %s (%s)\n", err.reason, err.detail);
            abort();
        }
    }
    fdb_path(master, sizeof master, "master.db");
    fdb_path(work, sizeof work, "work.db");
    fdb_remove("work.db");
    fdb_copy(master, work);
    bm_db *db;
    bm_err err;
    if (bm_db_open(work, &db, &err) != BM_OK) {
        fprintf(stderr, "open: %s (%s)\n", err.reason, err.detail);
        abort();
    }
    return db;
}

#endif
