/* The storage seam: opening by URL or bare path, refusing an unknown engine, statements,
 * transactions and the named lock, and the engine's failures mapped onto bm_err. */
#include <sqlite3.h>
#include "core/db_internal.h"
#include "core/store.h"
#include "test_core_util.h"

static bm_store *open_store(const char *url)
{
    bm_store *s;
    bm_err err;
    assert_int_equal(bm_store_open(url, 1, &s, &err), BM_OK);
    assert_int_equal(bm_store_exec(s, "CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, n INTEGER)",
                                   &err), BM_OK);
    return s;
}

static int64_t count_rows(bm_store *s)
{
    bm_stmt *st;
    bm_err err;
    assert_int_equal(bm_store_prepare(s, "SELECT count(*) FROM t", &st, &err), BM_OK);
    assert_int_equal(bm_stmt_step(st, &err), 1);
    int64_t n = bm_col_int64(st, 0);
    bm_stmt_finalize(st);
    return n;
}

static void opens_by_url_and_by_bare_path_the_same_file(void **state)
{
    (void)state;
    const char *path = tu_path("store.db");
    char url[600];
    snprintf(url, sizeof url, "sqlite:%s", path);
    assert_int_equal(bm_store_exists(url), 0);
    bm_store *s = open_store(url);
    assert_string_equal(s->ops->scheme, "sqlite");
    bm_err err;
    bm_stmt *st;
    assert_int_equal(bm_store_prepare(s, "INSERT INTO t (k, n) VALUES (?1, ?2)", &st, &err), BM_OK);
    bm_bind_text(st, 1, "甲");
    bm_bind_int(st, 2, 7);
    assert_int_equal(bm_stmt_step(st, &err), 0);
    assert_int_equal(bm_store_last_id(s), 1);
    assert_int_equal(bm_store_changes(s), 1);
    bm_stmt_finalize(st);
    bm_store_close(s);

    /* The bare path is the same database: the row written through the URL is there. */
    assert_int_equal(bm_store_exists(path), 1);
    assert_int_equal(bm_store_exists(url), 1);
    s = open_store(path);
    assert_int_equal(bm_store_prepare(s, "SELECT k, n, NULL FROM t", &st, &err), BM_OK);
    assert_int_equal(bm_stmt_step(st, &err), 1);
    assert_string_equal(bm_col_str(st, 0), "甲");
    assert_int_equal(bm_col_int(st, 1), 7);
    assert_true(bm_col_is_null(st, 2));
    assert_false(bm_col_is_null(st, 1));
    assert_string_equal(bm_col_str(st, 2), "");
    assert_int_equal(bm_stmt_step(st, &err), 0);
    bm_stmt_finalize(st);
    bm_store_close(s);
    tu_remove_db(path);
}

static void a_database_opens_by_url_too(void **state)
{
    (void)state;
    const char *path = tu_path("byurl.db");
    char url[600], pw[64];
    snprintf(url, sizeof url, "sqlite:%s", path);
    bm_err err;
    assert_int_equal(bm_db_init(url, 0, pw, sizeof pw, &err), BM_OK);
    bm_db *db;
    assert_int_equal(bm_db_open(url, &db, &err), BM_OK);
    bm_user u;
    assert_int_equal(bm_user_get(db, "admin", &u, &err), BM_OK);
    bm_db_close(db);
    assert_int_equal(bm_db_open(path, &db, &err), BM_OK);
    assert_int_equal(bm_user_get(db, "admin", &u, &err), BM_OK);
    bm_db_close(db);
    tu_remove_db(path);
}

static void an_unknown_engine_is_refused_with_a_reason(void **state)
{
    (void)state;
    bm_store *s = (bm_store *)1;
    bm_err err;
    assert_int_equal(bm_store_open("mysql://db.example/bianmin", 1, &s, &err), BM_EINVALID);
    assert_null(s);
    assert_string_equal(err.reason, "This kind of database is not supported; use sqlite:PATH or "
                                    "postgresql://...");
    assert_string_equal(err.detail, "mysql");
    assert_int_equal(bm_store_exists("mysql://db.example/bianmin"), -1);
    bm_db *db;
    assert_int_equal(bm_db_open("mysql://db.example/bianmin", &db, &err), BM_EINVALID);
    char pw[64];
    assert_int_equal(bm_db_init("mysql://x/y", 0, pw, sizeof pw, &err), BM_EINVALID);
    /* A PostgreSQL server that cannot be reached is neither an existing database nor a missing
     * one: opening and creating say why. */
    const char *away = "postgresql:///y?host=/nonexistent-bianmin-socket-dir";
    assert_int_equal(bm_store_exists(away), -1);
    assert_int_equal(bm_db_open(away, &db, &err), BM_EDB);
    assert_string_equal(err.reason, "Cannot open the database");
    assert_int_equal(bm_db_init(away, 0, pw, sizeof pw, &err), BM_EDB);
    assert_string_equal(err.reason, "Cannot open the database");
}

static void a_duplicate_is_a_conflict_and_the_detail_keeps_the_engine_text(void **state)
{
    (void)state;
    const char *path = tu_path("dup.db");
    bm_store *s = open_store(path);
    bm_err err;
    assert_int_equal(bm_store_exec(s, "INSERT INTO t (k, n) VALUES ('a', 1)", &err), BM_OK);
    bm_stmt *st;
    assert_int_equal(bm_store_prepare(s, "INSERT INTO t (k, n) VALUES (?1, ?2)", &st, &err), BM_OK);
    bm_bind_text(st, 1, "a");
    bm_bind_int(st, 2, 2);
    assert_int_equal(bm_stmt_step(st, &err), -BM_ECONFLICT);
    assert_int_equal(err.code, BM_ECONFLICT);
    assert_string_equal(err.reason, "It already exists");
    assert_non_null(strstr(err.detail, "UNIQUE"));
    bm_stmt_finalize(st);
    bm_store_close(s);
    tu_remove_db(path);
}

static void busy_and_read_only_have_reasons_of_their_own(void **state)
{
    (void)state;
    const char *path = tu_path("busy.db");
    bm_store *a = open_store(path), *b = open_store(path);
    bm_err err;
    sqlite3_busy_timeout(bm_store_native(b), 1);   /* do not wait the usual five seconds */
    assert_int_equal(bm_store_begin(a, &err), BM_OK);
    assert_int_equal(bm_store_begin(b, &err), BM_EDB);
    assert_string_equal(err.reason, "The database is busy; try again");
    bm_store_rollback(a);
    bm_store_close(b);
    assert_int_equal(bm_store_exec(a, "PRAGMA query_only = ON", &err), BM_OK);
    assert_int_equal(bm_store_exec(a, "INSERT INTO t (k, n) VALUES ('r', 1)", &err), BM_EDB);
    assert_string_equal(err.reason, "The database cannot be written to; nothing was saved");
    bm_store_close(a);
    tu_remove_db(path);
}

static void savepoints_roll_back_alone_and_the_lock_needs_a_transaction(void **state)
{
    (void)state;
    const char *path = tu_path("tx.db");
    bm_store *s = open_store(path);
    bm_err err;
    assert_int_equal(bm_store_lock(s, "audit", &err), BM_EDB);   /* fails closed outside */
    assert_int_equal(bm_store_begin(s, &err), BM_OK);
    assert_int_equal(bm_store_lock(s, "audit", &err), BM_OK);
    assert_int_equal(bm_store_exec(s, "INSERT INTO t (k, n) VALUES ('kept', 1)", &err), BM_OK);
    assert_int_equal(bm_store_savepoint(s, 1, &err), BM_OK);
    assert_int_equal(bm_store_exec(s, "INSERT INTO t (k, n) VALUES ('gone', 1)", &err), BM_OK);
    bm_store_rollback_to(s, 1);
    assert_int_equal(bm_store_commit(s, &err), BM_OK);
    assert_int_equal(count_rows(s), 1);
    int v = -1;
    assert_int_equal(bm_store_schema_version(s, &v, &err), BM_OK);
    assert_int_equal(v, 0);
    assert_int_equal(bm_store_set_schema_version(s, 3, &err), BM_OK);
    assert_int_equal(bm_store_schema_version(s, &v, &err), BM_OK);
    assert_int_equal(v, 3);
    bm_store_close(s);
    tu_remove_db(path);
}

/* Every engine brings the same schema: migration N of one list makes what migration N of the
 * other makes. A SQLite migration added without its PostgreSQL twin fails here. */
extern const char *const bm_sqlite_migrations[];
extern const char *const bm_pg_migrations[];

static void both_engines_have_as_many_migrations(void **state)
{
    (void)state;
    int sq = 0, pg = 0;
    while (bm_sqlite_migrations[sq])
        sq++;
    while (bm_pg_migrations[pg])
        pg++;
    assert_true(sq > 0);
    assert_int_equal(pg, sq);
    assert_int_equal(bm_store_latest_version(), sq);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(both_engines_have_as_many_migrations),
        cmocka_unit_test(opens_by_url_and_by_bare_path_the_same_file),
        cmocka_unit_test(a_database_opens_by_url_too),
        cmocka_unit_test(an_unknown_engine_is_refused_with_a_reason),
        cmocka_unit_test(a_duplicate_is_a_conflict_and_the_detail_keeps_the_engine_text),
        cmocka_unit_test(busy_and_read_only_have_reasons_of_their_own),
        cmocka_unit_test(savepoints_roll_back_alone_and_the_lock_needs_a_transaction),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
