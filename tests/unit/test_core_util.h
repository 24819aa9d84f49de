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
#include "core/applicant.h"
#include "core/date.h"
#include "core/db.h"
#include "core/db_internal.h"
#include "core/org.h"
#include "core/store.h"
#include "core/user.h"

/* The engine the tests run on: SQLite files in a scratch directory, or, when BIANMIN_TEST_PG
 * names a PostgreSQL server's maintenance database (tests/pg/cluster prints it), a database
 * of its own on that server per test. */
static inline const char *tu_pg(void)
{
    const char *u = getenv("BIANMIN_TEST_PG");
    return u && *u ? u : NULL;
}

/* The one number a query returns (a count, a sum), through the store. */
static inline int64_t tu_count(bm_db *db, const char *sql)
{
    bm_stmt *st;
    bm_err err;
    if (bm_store_prepare(db->store, sql, &st, &err) != BM_OK)
        fail_msg("%s: %s", sql, err.detail);
    int r = bm_stmt_step(st, &err);
    if (r != 1)
        fail_msg("%s: no row (%s)", sql, r < 0 ? err.detail : "");
    int64_t n = bm_col_int64(st, 0);
    bm_stmt_finalize(st);
    return n;
}

/* Runs sql (no rows) on the test's database; the store's code. */
static inline int tu_exec(bm_db *db, const char *sql)
{
    bm_err err;
    return bm_store_exec(db->store, sql, &err);
}

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
        bm_store_set_data_dir(tu_dir);
    }
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tu_dir, name);
    return buf[k];
}

/* The test server's database for name: this process's own prefix, letters kept. */
static inline void tu_pg_name(const char *name, char *out, size_t cap)
{
    size_t j = (size_t)snprintf(out, cap, "t%d_", (int)getpid());
    for (; *name && j + 1 < cap; name++)
        out[j++] = (char)((*name >= 'a' && *name <= 'z') || (*name >= '0' && *name <= '9')
                              ? *name
                              : (*name >= 'A' && *name <= 'Z') ? *name - 'A' + 'a' : '_');
    out[j] = '\0';
}

/* Runs sql on the test server's maintenance database (creating and dropping databases). */
static inline void tu_pg_admin(const char *sql)
{
    bm_store *s;
    bm_err err;
    if (bm_store_open(tu_pg(), 0, &s, &err) != BM_OK)
        fail_msg("test server: %s %s", err.reason, err.detail);
    if (bm_store_exec(s, sql, &err) != BM_OK)
        fail_msg("%s: %s", sql, err.detail);
    bm_store_close(s);
}

/* The address of the database called name: a file in the scratch directory, or on the test
 * server a database of that name (this process's prefix, letters kept) on the same server. */
static inline const char *tu_db_url(const char *name)
{
    const char *path = tu_path(name);
    if (!tu_pg())
        return path;
    static char buf[4][1024];
    static int k;
    k = (k + 1) % 4;
    char db[128];
    tu_pg_name(name, db, sizeof db);
    const char *base = tu_pg(), *q = strchr(base, '?'), *slash = base;
    for (const char *p = base; *p && (!q || p < q); p++)
        if (*p == '/')
            slash = p + 1;   /* just after the last '/' of the part before '?' */
    snprintf(buf[k], sizeof buf[k], "%.*s%s%s", (int)(slash - base), base, db, q ? q : "");
    return buf[k];
}

/* Removes the database at url (a file and its WAL, or a database on the test server). */
static inline void tu_remove_db(const char *url)
{
    if (tu_pg() && strncmp(url, "postgresql:", 11) == 0) {
        const char *q = strchr(url, '?'), *slash = url;
        for (const char *p = url; *p && (!q || p < q); p++)
            if (*p == '/')
                slash = p + 1;
        char sql[300];
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%.*s\" WITH (FORCE)",
                 (int)((q ? q : slash + strlen(slash)) - slash), slash);
        tu_pg_admin(sql);
        return;
    }
    char p[1100];
    unlink(url);
    snprintf(p, sizeof p, "%s-wal", url);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", url);
    unlink(p);
}

/* A fresh, empty database called name (nothing made in it yet): its address. */
static inline const char *tu_fresh_url(const char *name)
{
    const char *url = tu_db_url(name);
    tu_remove_db(url);
    return url;
}

static inline void tu_cleanup(void)
{
    if (tu_pg()) {
        /* This process's databases on the test server. */
        bm_store *s;
        bm_err err;
        char like[64], sql[200];
        tu_pg_name("", like, sizeof like);
        snprintf(sql, sizeof sql, "SELECT datname FROM pg_database WHERE datname LIKE '%s%%'",
                 like);
        if (bm_store_open(tu_pg(), 0, &s, &err) == BM_OK) {
            bm_stmt *st;
            char names[256][64];
            int n = 0;
            if (bm_store_prepare(s, sql, &st, &err) == BM_OK) {
                while (n < 256 && bm_stmt_step(st, &err) == 1)
                    bm_col_text(st, 0, names[n++], sizeof names[0]);
                bm_stmt_finalize(st);
            }
            for (int i = 0; i < n; i++) {
                snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%.63s\" WITH (FORCE)",
                         names[i]);
                bm_store_exec(s, sql, &err);
            }
            bm_store_close(s);
        }
    }
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

/* The demo database every test binary of a run copies on the test server, made once by the
 * first (BIANMIN_TEST_PG_SHARED: the directory for its audit key; tests/run sets it), so a
 * PostgreSQL pass builds the demo county once and not once per binary. NULL: each binary
 * makes its own. */
static inline const char *tu_pg_shared(void)
{
    const char *d = getenv("BIANMIN_TEST_PG_SHARED");
    return tu_pg() && d && *d ? d : NULL;
}

/* The demo master's address and, for a shared one, its data directory's key copied into this
 * process's scratch directory so copies of it verify here. */
static inline const char *tu_demo_master(void)
{
    static char url[1024];
    bm_err err;
    char pw[64];
    const char *shared = tu_pg_shared();
    if (!shared) {
        snprintf(url, sizeof url, "%s", tu_db_url("demo-master.db"));
        tu_remove_db(url);
        if (bm_db_init(url, BM_INIT_DEMO, pw, sizeof pw, &err) != BM_OK)
            fail_msg("demo init: %s (%s)", err.reason, err.detail);
        return url;
    }
    const char *base = tu_pg(), *q = strchr(base, '?'), *slash = base;
    for (const char *p = base; *p && (!q || p < q); p++)
        if (*p == '/')
            slash = p + 1;
    snprintf(url, sizeof url, "%.*sshared_demo%s", (int)(slash - base), base, q ? q : "");
    if (bm_store_exists(url) != 1) {
        tu_path("");
        bm_store_set_data_dir(shared);
        int rc = bm_db_init(url, BM_INIT_DEMO, pw, sizeof pw, &err);
        bm_store_set_data_dir(tu_dir);
        if (rc != BM_OK)
            fail_msg("demo init: %s (%s)", err.reason, err.detail);
    }
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "cp '%s/audit.key' '%s'", shared, tu_path("audit.key"));
    if (system(cmd) != 0)
        fail_msg("%s failed", cmd);
    return url;
}

/* A demo database made once (see above) and copied for each test that changes data (a file
 * copy, or on the test server a database made from it as a template). */
static inline bm_db *tu_demo_db(const char *name)
{
    static char master[1024];
    bm_err err;
    if (!master[0])
        snprintf(master, sizeof master, "%s", tu_demo_master());
    const char *path = tu_db_url(name);
    tu_remove_db(path);
    if (tu_pg()) {
        char to[128], sql[1400];
        tu_pg_name(name, to, sizeof to);
        const char *q = strchr(master, '?'), *from = master;
        for (const char *p = master; *p && (!q || p < q); p++)
            if (*p == '/')
                from = p + 1;
        snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\" TEMPLATE \"%.*s\"", to,
                 (int)((q ? q : from + strlen(from)) - from), from);
        tu_pg_admin(sql);
    } else {
        char cmd[2200];
        snprintf(cmd, sizeof cmd, "cp '%s' '%s'", master, path);
        if (system(cmd) != 0)
            abort();
    }
    bm_db *db;
    if (bm_db_open(path, &db, &err) != BM_OK) {
        fprintf(stderr, "open: %s (%s)\n", err.reason, err.detail);
        abort();
    }
    return db;
}

/* Matters of the tests' own, so the tests don't depend on the demo catalogue's contents. */
static const char tu_test_catalogue[] =
    "matter: T-FIVE\nname: 测试五日事项\ntitle: 我要测试五日\ndept: 民政\nlevel: township\n"
    "type: 给付\nlegal: 10\npromised: 5\n"
    "material: 申请表 | original | 1 | required\n"
    "material: 户口簿 | copy | 1 | required | commit\n"
    "material: 照片 | original | 2 | optional\n"
    "situation: 是否委托代办？\n  add: 委托书 | original | 1 | required\n\n"
    "matter: T-TWO\nname: 测试两日事项\ntitle: 我要测试两日\ndept: 社保\nlevel: township\n"
    "type: 确认\nlegal: 5\npromised: 2\nmaterial: 申请表 | original | 1 | required\n\n"
    "matter: T-NOW\nname: 测试即办事项\ntitle: 我要即办\ndept: 社保\nlevel: village\n"
    "type: 公共服务\nlegal: 0\npromised: 0\nflags: zero_material\n\n"
    "bundle: T-B\nname: 测试一件事\ntitle: 我要测试一件事\nmatters: T-FIVE T-TWO\n";

/* The day "YYYY-MM-DD". */
static inline bm_day tu_day(const char *day)
{
    bm_day d;
    if (bm_day_parse(day, &d) != 0)
        fail_msg("bad date %s", day);
    return d;
}

/* The moment hh:mm of day ("YYYY-MM-DD"). */
static inline time_t tu_at(const char *day, int hh, int mm)
{
    bm_day d;
    if (bm_day_parse(day, &d) != 0)
        fail_msg("bad date %s", day);
    return bm_time_at(d, hh * 60 + mm);
}

/* A person registered by `who` in the village with that code; 0 when it fails. */
static inline int64_t tu_new_person(bm_db *db, const bm_actor *who, const char *name,
                                    const char *id, const char *village)
{
    bm_org v;
    if (bm_org_get_by_code(db, village, &v, NULL) != BM_OK)
        return 0;
    bm_applicant a;
    memset(&a, 0, sizeof a);
    a.kind = BM_APPLICANT_PERSON;
    snprintf(a.name, sizeof a.name, "%s", name);
    snprintf(a.id_no, sizeof a.id_no, "%s", id);
    snprintf(a.phone, sizeof a.phone, "13990001111");
    a.village_id = v.id;
    bm_err err;
    if (bm_applicant_add(db, who, &a, &err) != BM_OK) {
        fprintf(stderr, "add %s: %s %s\n", name, err.reason, err.detail);
        return 0;
    }
    return a.id;
}

#endif
