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
#include <sqlite3.h>
#include "core/applicant.h"
#include "core/date.h"
#include "core/db.h"
#include "core/db_internal.h"
#include "core/org.h"
#include "core/user.h"

/* The SQLite handle behind a test's database, for tests that inspect the file on purpose. */
#define DB_H(db) ((sqlite3 *)bm_store_native((db)->store))

/* The one number a query of the file returns (a count, a sum). */
static inline int64_t tu_count(bm_db *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(DB_H(db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
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
