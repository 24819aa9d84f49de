/* Core storage on SQLite: creating, opening, migrating and checking the database file, the
 * demo county made by init, and the plans of the hot queries. Accounts, keys, drafts and
 * session audit, which do not look into the file, are in test_core_accounts (both stores). */
#include <sqlite3.h>
#include <time.h>
#include "core/applicant.h"
#include "core/audit.h"
#include "core/case.h"
#include "core/date.h"
#include "core/draft.h"
#include "core/validate.h"
#include "core/db_internal.h"
#include "core/org.h"
#include "test_core_util.h"

/* The SQLite handle behind a test's database: this group looks into SQLite's file on purpose
 * (and runs on SQLite only). */
#define DB_H(db) ((sqlite3 *)bm_store_native((db)->store))

static void init_plain_makes_admin_with_random_password(void **state)
{
    (void)state;
    const char *path = tu_path("plain.db");
    char pw[64];
    bm_err err;
    assert_int_equal(bm_db_init(path, 0, pw, sizeof pw, &err), BM_OK);
    assert_int_equal(strlen(pw), 16);
    bm_db *db;
    assert_int_equal(bm_db_open(path, &db, &err), BM_OK);
    bm_user u;
    assert_int_equal(bm_user_get(db, "admin", &u, &err), BM_OK);
    assert_int_equal(u.role, BM_ROLE_ADMIN);
    char hash[256];
    assert_int_equal(bm_user_password_hash(db, "admin", hash, sizeof hash, &err), BM_OK);
    assert_memory_equal(hash, "$y$", 3);
    assert_null(strstr(hash, pw));
    assert_true(bm_password_matches(pw, hash));
    assert_false(bm_password_matches("demo", hash));
    /* Only the county and the admin: no demo staff. */
    assert_int_equal(bm_user_get(db, "clerk", &u, &err), BM_ENOTFOUND);
    bm_org county;
    assert_int_equal(bm_org_county(db, &county, &err), BM_OK);
    assert_int_equal(county.kind, BM_ORG_COUNTY);
    bm_db_close(db);

    /* A second init refuses to overwrite, and two inits give different passwords. */
    char pw2[64];
    assert_int_equal(bm_db_init(path, 0, pw2, sizeof pw2, &err), BM_ECONFLICT);
    const char *other = tu_path("plain2.db");
    assert_int_equal(bm_db_init(other, 0, pw2, sizeof pw2, &err), BM_OK);
    assert_string_not_equal(pw, pw2);
    /* A too small buffer is refused before anything is created. */
    assert_int_equal(bm_db_init(tu_path("plain3.db"), 0, pw2, 8, &err), BM_EINVALID);
    assert_int_not_equal(access(tu_path("plain3.db"), F_OK), 0);
}

static void init_demo_has_the_five_logins(void **state)
{
    (void)state;
    const char *path = tu_path("demo-logins.db");
    char pw[64];
    bm_err err;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(bm_db_init(path, BM_INIT_DEMO, pw, sizeof pw, &err), BM_OK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    print_message("# demo init took %.3f s\n", secs);
    assert_string_equal(pw, "demo");
    bm_db *db;
    assert_int_equal(bm_db_open(path, &db, &err), BM_OK);
    static const struct { const char *login; int role; const char *org; } want[] = {
        {"clerk", BM_ROLE_CLERK, "青林镇便民服务中心"},
        {"agent", BM_ROLE_AGENT, "新桥村"},
        {"duty", BM_ROLE_DUTY, "青林镇便民服务中心"},
        {"supervisor", BM_ROLE_SUPERVISOR, "青林镇便民服务中心"},
        {"admin", BM_ROLE_ADMIN, "青溪县政务服务中心"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        bm_user u;
        char hash[256];
        assert_int_equal(bm_user_get(db, want[i].login, &u, &err), BM_OK);
        assert_int_equal(u.role, want[i].role);
        assert_string_equal(u.org_name, want[i].org);
        assert_true(strlen(u.name) >= 6);   /* two or more Chinese characters */
        assert_int_equal(bm_user_password_hash(db, want[i].login, hash, sizeof hash, &err), BM_OK);
        assert_true(bm_password_matches("demo", hash));
        assert_false(bm_password_matches("Demo", hash));
    }
    bm_db_close(db);
}

static void open_missing_file_says_run_init(void **state)
{
    (void)state;
    bm_db *db;
    bm_err err;
    assert_int_equal(bm_db_open(tu_path("nothing-here.db"), &db, &err), BM_ENOTFOUND);
    assert_non_null(strstr(err.reason, "bianmin init"));
    assert_null(db);
}

static void open_refuses_a_file_that_is_not_a_database(void **state)
{
    (void)state;
    const char *path = tu_path("junk.db");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; i < 500; i++)
        fputs("this is not a database, just a text file that happens to be here\n", f);
    fclose(f);
    bm_db *db;
    bm_err err;
    assert_int_equal(bm_db_open(path, &db, &err), BM_EDB);
    assert_non_null(err.reason);
}

static void open_reports_a_damaged_database(void **state)
{
    (void)state;
    const char *path = tu_path("damaged.db");
    char pw[64];
    bm_err err;
    assert_int_equal(bm_db_init(path, BM_INIT_DEMO, pw, sizeof pw, &err), BM_OK);
    /* Overwrite a page in the middle of the file (not the header) with garbage. */
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    assert_true(size > 8 * 4096);
    fseek(f, (size / 4096 / 2) * 4096, SEEK_SET);
    for (int i = 0; i < 4096; i++)
        fputc((i * 7 + 13) & 0xff, f);
    fclose(f);
    bm_db *db;
    assert_int_not_equal(bm_db_open(path, &db, &err), BM_OK);
    assert_non_null(strstr(err.reason, "integrity"));
}

static int schema_version(const char *path)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

static void an_older_schema_is_upgraded(void **state)
{
    (void)state;
    const char *path = tu_path("v1.db");
    bm_err err;
    assert_int_equal(bm_db_create_at_version(path, 1, &err), BM_OK);
    assert_int_equal(schema_version(path), 1);
    /* Data made under version 1 survives the upgrade. */
    sqlite3 *h;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h,
        "INSERT INTO org_unit (code, name, kind) VALUES ('county', '老县', 'county');"
        "INSERT INTO account (login, name, role, org_id, pw_hash, created_at) "
        "VALUES ('old', '老用户', 5, 1, '$y$x', 0);", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    bm_db *db;
    assert_int_equal(bm_db_open(path, &db, &err), BM_OK);
    bm_user u;
    assert_int_equal(bm_user_get(db, "old", &u, &err), BM_OK);
    assert_string_equal(u.org_name, "老县");
    bm_db_close(db);
    assert_int_equal(schema_version(path), bm_schema_latest());
    assert_true(bm_schema_latest() >= 2);
}

static void a_newer_schema_is_refused(void **state)
{
    (void)state;
    const char *path = tu_path("future.db");
    char pw[64];
    bm_err err;
    assert_int_equal(bm_db_init(path, 0, pw, sizeof pw, &err), BM_OK);
    sqlite3 *h;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", bm_schema_latest() + 1);
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    bm_db *db;
    assert_int_equal(bm_db_open(path, &db, &err), BM_EINVALID);
    assert_non_null(strstr(err.reason, "newer"));
    assert_int_equal(schema_version(path), bm_schema_latest() + 1);   /* untouched */
}

static void open_sets_wal_and_foreign_keys(void **state)
{
    (void)state;
    bm_db *db = tu_demo_db("pragmas.db");
    struct { const char *sql; const char *want; } q[] = {
        {"PRAGMA journal_mode", "wal"},
        {"PRAGMA synchronous", "2"},
        {"PRAGMA foreign_keys", "1"},
    };
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(DB_H(db), q[i].sql, -1, &st, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_string_equal((const char *)sqlite3_column_text(st, 0), q[i].want);
        sqlite3_finalize(st);
    }
    bm_db_close(db);
}

static void demo_summary(const char *path, char *out, size_t n)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h,
        "SELECT (SELECT group_concat(status || ':' || n) FROM (SELECT status, count(*) n FROM bcase "
        "WHERE parent_id IS NULL GROUP BY status)) || ' / ' || "
        "(SELECT group_concat(name, ',') FROM (SELECT name FROM applicant ORDER BY id LIMIT 20)) "
        "|| ' / ' || (SELECT group_concat(no, ',') FROM (SELECT no FROM bcase ORDER BY id DESC "
        "LIMIT 5))", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(h);
}

static int check_applicant(const bm_applicant *a, void *ctx)
{
    char out[19];
    int *bad = ctx;
    if (a->kind == BM_APPLICANT_PERSON && bm_id_number_check(a->id_no, out, NULL, NULL) != BM_OK)
        (*bad)++;
    if (a->kind == BM_APPLICANT_LEGAL && bm_credit_code_check(a->id_no, out, NULL) != BM_OK)
        (*bad)++;
    return 0;
}

static void demo_data_is_deterministic_and_covers_every_state(void **state)
{
    (void)state;
    /* Pinned to a date, two demo databases are the same, whatever the day the tests run. */
    bm_clock_set(bm_time_at(bm_day_from_ymd(2026, 11, 23), 10 * 60));
    char pw[64], a[4096], b[4096];
    bm_err err;
    const char *p1 = tu_path("demo-a.db"), *p2 = tu_path("demo-b.db");
    assert_int_equal(bm_db_init(p1, BM_INIT_DEMO, pw, sizeof pw, &err), BM_OK);
    assert_int_equal(bm_db_init(p2, BM_INIT_DEMO, pw, sizeof pw, &err), BM_OK);
    demo_summary(p1, a, sizeof a);
    demo_summary(p2, b, sizeof b);
    assert_string_equal(a, b);
    /* Every state has cases, and a few hundred in all. */
    bm_db *db;
    assert_int_equal(bm_db_open(p1, &db, &err), BM_OK);
    for (int s = BM_CASE_DRAFT; s < BM_CASE_STATUS_COUNT; s++) {
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(DB_H(db), "SELECT count(*) FROM bcase WHERE status = ?1",
                                            -1, &st, NULL), SQLITE_OK);
        sqlite3_bind_int(st, 1, s);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        if (sqlite3_column_int(st, 0) == 0)
            fail_msg("no demo case is %s", bm_status_name(s));
        sqlite3_finalize(st);
    }
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(DB_H(db), "SELECT count(*), sum(rating IS NOT NULL), "
        "sum(status = 8 AND deadline IS NULL), min(created_at), count(DISTINCT channel) "
        "FROM bcase WHERE parent_id IS NULL", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_true(sqlite3_column_int(st, 0) >= 300);
    assert_true(sqlite3_column_int(st, 1) >= 100);          /* rated */
    assert_int_equal(sqlite3_column_int(st, 2), 0);         /* completed cases had deadlines */
    assert_true(sqlite3_column_int64(st, 3) <
                bm_time_at(bm_day_from_ymd(2026, 11, 23) - 90, 0));   /* months of history */
    assert_int_equal(sqlite3_column_int(st, 4), 6);         /* every channel */
    sqlite3_finalize(st);
    /* Every ID number and credit code is valid (read raw: lists show them masked). */
    int bad = 0, people = 0;
    assert_int_equal(sqlite3_prepare_v2(DB_H(db), "SELECT kind, id_no FROM applicant", -1, &st, NULL),
                     SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        bm_applicant ap = {.kind = sqlite3_column_int(st, 0)};
        snprintf(ap.id_no, sizeof ap.id_no, "%s", (const char *)sqlite3_column_text(st, 1));
        check_applicant(&ap, &bad);
        people++;
    }
    sqlite3_finalize(st);
    assert_int_equal(bad, 0);
    assert_true(people >= 250);
    /* The demo clerk has work waiting. */
    bm_actor clerk = tu_actor(db, "clerk");
    bm_case_counts c;
    assert_int_equal(bm_case_count(db, &clerk, BM_LIST_MINE, &c, &err), BM_OK);
    assert_true(c.open > 0);
    bm_db_close(db);
    bm_clock_set(0);
}

/* The query plan of a hot statement: every line, joined. */
static void plan_of(bm_db *db, enum bm_sql_id id, char *out, size_t n)
{
    char sql[4096];
    snprintf(sql, sizeof sql, "EXPLAIN QUERY PLAN %s", bm_sql_text[id]);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(DB_H(db), sql, -1, &st, NULL), SQLITE_OK);
    size_t len = 0;
    out[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW && len < n)
        len += (size_t)snprintf(out + len, n - len, "%s\n", (const char *)sqlite3_column_text(st, 3));
    sqlite3_finalize(st);
}

static void hot_queries_are_index_range_scans(void **state)
{
    (void)state;
    bm_db *db = tu_demo_db("plans.db");
    static const struct { enum bm_sql_id id; const char *index; int may_sort; } hot[] = {
        {BM_SQL_APPLICANT_BY_INITIALS, "PRIMARY KEY (initials>? AND initials<?)", 0},
        {BM_SQL_APPLICANT_BY_IDNO, "applicant_id_no (id_no=?)", 0},
        {BM_SQL_APPLICANT_BY_PHONE, "applicant_phone (phone=?)", 1},   /* a family's few */
        {BM_SQL_APPLICANT_BY_NAME, "applicant_name (name>? AND name<?)", 0},
        {BM_SQL_CASE_GET_BY_NO, "(no=?)", 0},
        {BM_SQL_CASE_LIST_CENTRE_OPEN, "bcase_centre_open (centre_id=?)", 0},
        {BM_SQL_CASE_LIST_HANDLER, "bcase_handler_open (handler_id=?)", 0},
        {BM_SQL_CASE_LIST_AGENT, "bcase_agent_open (agent_id=?)", 0},
        {BM_SQL_CASE_LIST_VILLAGE_OPEN, "bcase_village_open (village_id=?)", 0},
    };
    for (size_t i = 0; i < sizeof hot / sizeof hot[0]; i++) {
        char plan[4096];
        plan_of(db, hot[i].id, plan, sizeof plan);
        /* The index named, no full scan of a big table, no sort: rows come in order. */
        if (!strstr(plan, hot[i].index) || strstr(plan, "SCAN a\n") || strstr(plan, "SCAN c\n") ||
            strstr(plan, "SCAN i\n") ||
            (!hot[i].may_sort && strstr(plan, "TEMP B-TREE FOR ORDER BY")))
            fail_msg("statement %d: plan\n%s", (int)hot[i].id, plan);
    }
    bm_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(init_plain_makes_admin_with_random_password),
        cmocka_unit_test(init_demo_has_the_five_logins),
        cmocka_unit_test(open_missing_file_says_run_init),
        cmocka_unit_test(open_refuses_a_file_that_is_not_a_database),
        cmocka_unit_test(open_reports_a_damaged_database),
        cmocka_unit_test(an_older_schema_is_upgraded),
        cmocka_unit_test(a_newer_schema_is_refused),
        cmocka_unit_test(open_sets_wal_and_foreign_keys),
        cmocka_unit_test(hot_queries_are_index_range_scans),
        cmocka_unit_test(demo_data_is_deterministic_and_covers_every_state),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return failed;
}
