/* The audit log: append-only in the database, and a hash chain that shows the first entry
 * edited or removed behind the program's back. */
#include <sqlite3.h>
#include <sys/wait.h>
#include "core/audit.h"
#include "core/db_internal.h"
#include "test_core_util.h"

static sqlite3 *raw(const char *path)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    return h;
}

static int exec(sqlite3 *h, const char *sql)
{
    return sqlite3_exec(h, sql, NULL, NULL, NULL);
}

static int64_t verify(const char *path, int64_t *checked)
{
    bm_db *db;
    bm_err err;
    assert_int_equal(bm_db_open(path, &db, &err), BM_OK);
    int64_t broken, n;
    assert_int_equal(bm_audit_verify(db, &broken, &n, &err), BM_OK);
    bm_db_close(db);
    if (checked)
        *checked = n;
    return broken;
}

static const char *fresh(const char *name)
{
    bm_db *db = tu_demo_db(name);
    bm_db_close(db);
    return tu_path(name);
}

static void the_demo_log_is_intact(void **state)
{
    (void)state;
    const char *path = fresh("audit-intact.db");
    int64_t checked;
    assert_int_equal(verify(path, &checked), 0);
    sqlite3 *h = raw(path);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM audit", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(checked, sqlite3_column_int64(st, 0));
    assert_true(checked > 1000);   /* every demo change is on record */
    sqlite3_finalize(st);
    sqlite3_close(h);
}

static void rows_cannot_be_changed_or_removed(void **state)
{
    (void)state;
    const char *path = fresh("audit-triggers.db");
    sqlite3 *h = raw(path);
    assert_int_not_equal(exec(h, "UPDATE audit SET note = 'nothing happened' WHERE id = 5"),
                         SQLITE_OK);
    assert_non_null(strstr(sqlite3_errmsg(h), "append-only"));
    assert_int_not_equal(exec(h, "DELETE FROM audit WHERE id = 5"), SQLITE_OK);
    sqlite3_close(h);
    assert_int_equal(verify(path, NULL), 0);
}

static void an_edited_row_is_found(void **state)
{
    (void)state;
    const char *path = fresh("audit-edit.db");
    sqlite3 *h = raw(path);
    /* Someone with the file and sqlite3 drops the triggers and rewrites history. */
    assert_int_equal(exec(h, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"),
                     SQLITE_OK);
    assert_int_equal(exec(h, "UPDATE audit SET after = replace(after, 'completed', 'refused') "
                             "WHERE id = (SELECT min(id) FROM audit WHERE what = 'case.complete' "
                             "AND id > 500)"), SQLITE_OK);
    assert_int_equal(sqlite3_changes(h), 1);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT min(id) FROM audit WHERE what = 'case.complete' "
                                        "AND id > 500", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t edited = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    int64_t checked;
    assert_int_equal(verify(path, &checked), edited);
    assert_int_equal(checked, edited);   /* it stops at the first broken link */
}

static void other_tampering_is_found(void **state)
{
    (void)state;
    static const struct { const char *name, *sql; int64_t want; } cases[] = {
        /* a row removed: the next one no longer links to its predecessor */
        {"audit-del.db", "DELETE FROM audit WHERE id = 300", 301},
        /* who did it, changed */
        {"audit-who.db", "UPDATE audit SET login = 'lijuan' WHERE id = 420", 420},
        /* the time, changed */
        {"audit-time.db", "UPDATE audit SET at = at + 86400 WHERE id = 77", 77},
        /* a link pointed elsewhere */
        {"audit-link.db", "UPDATE audit SET prev_hash = (SELECT hash FROM audit WHERE id = 5) "
                          "WHERE id = 1000", 1000},
        /* a row's stored hash replaced by its successor's */
        {"audit-hash.db", "UPDATE audit SET hash = (SELECT hash FROM audit WHERE id = 1001) "
                          "WHERE id = 1000", 1000},
        /* the first row */
        {"audit-first.db", "UPDATE audit SET what = 'org.remove' WHERE id = 1", 1},
        /* renumbering */
        {"audit-renumber.db", "UPDATE audit SET id = id + 100000 WHERE id = (SELECT max(id) FROM audit)", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *path = fresh(cases[i].name);
        sqlite3 *h = raw(path);
        assert_int_equal(exec(h, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"),
                         SQLITE_OK);
        assert_int_equal(exec(h, cases[i].sql), SQLITE_OK);
        sqlite3_close(h);
        int64_t want = cases[i].want;
        if (want < 0) {
            h = raw(path);
            sqlite3_stmt *st;
            assert_int_equal(sqlite3_prepare_v2(h, "SELECT max(id) FROM audit", -1, &st, NULL),
                             SQLITE_OK);
            assert_int_equal(sqlite3_step(st), SQLITE_ROW);
            want = sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
            sqlite3_close(h);
        }
        int64_t got = verify(path, NULL);
        if (got != want)
            fail_msg("%s: first broken %lld, want %lld", cases[i].name, (long long)got,
                     (long long)want);
    }
}

static int count_entries(const bm_audit_entry *e, void *ctx)
{
    assert_non_null(e->what);
    (*(int *)ctx)++;
    return 0;
}

static int newest_what(const bm_audit_entry *e, void *ctx)
{
    snprintf(ctx, 32, "%s", e->what);
    return 1;
}

static void only_admins_read_the_log(void **state)
{
    (void)state;
    bm_db *db = tu_demo_db("audit-read.db");
    bm_actor admin = tu_actor(db, "admin"), supervisor = tu_actor(db, "supervisor");
    int n = 0;
    bm_err err;
    assert_int_equal(bm_audit_list(db, &admin, NULL, NULL, 50, 0, count_entries, &n, &err), BM_OK);
    assert_int_equal(n, 50);
    n = 0;
    assert_int_equal(bm_audit_list(db, &admin, "user", "clerk", 50, 0, count_entries, &n, &err),
                     BM_OK);
    assert_int_equal(n, 1);   /* the account's creation */
    assert_int_equal(bm_audit_list(db, &supervisor, NULL, NULL, 50, 0, count_entries, &n, &err),
                     BM_EDENIED);
    /* the refusal itself is the newest entry */
    char what[32] = "";
    assert_int_equal(bm_audit_list(db, &admin, NULL, NULL, 1, 0, newest_what, what, &err), BM_OK);
    assert_string_equal(what, "refused");
    bm_db_close(db);
}

/* Several server processes on one database: each entry still chains to the one before it,
 * because the next hash is taken under the store's audit lock inside the writer's
 * transaction. Each writer also records refusals (written after their rollback). */
static void writers_in_several_processes_keep_one_chain(void **state)
{
    (void)state;
    const char *path = fresh("audit-writers.db");
    int64_t before;
    assert_int_equal(verify(path, &before), 0);
    enum { WRITERS = 4, EACH = 25 };
    pid_t pids[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
        pids[w] = fork();
        assert_true(pids[w] >= 0);
        if (pids[w] == 0) {
            bm_db *db;
            bm_err err;
            if (bm_db_open(path, &db, &err) != BM_OK)
                _exit(2);
            bm_actor who = tu_actor(db, "clerk");
            int bad = 0;
            for (int i = 0; i < EACH; i++) {
                bad |= bm_audit_session(db, &who, "login", "writer", &err) != BM_OK;
                /* a clerk may not read the log: refused, and the refusal is an entry */
                bad |= bm_audit_list(db, &who, NULL, NULL, 1, 0, NULL, NULL, &err) != BM_EDENIED;
            }
            bm_db_close(db);
            _exit(bad);
        }
    }
    for (int w = 0; w < WRITERS; w++) {
        int st;
        assert_int_equal(waitpid(pids[w], &st, 0), pids[w]);
        assert_true(WIFEXITED(st));
        assert_int_equal(WEXITSTATUS(st), 0);
    }
    int64_t after;
    assert_int_equal(verify(path, &after), 0);
    assert_int_equal(after, before + 2 * WRITERS * EACH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_demo_log_is_intact),
        cmocka_unit_test(rows_cannot_be_changed_or_removed),
        cmocka_unit_test(an_edited_row_is_found),
        cmocka_unit_test(other_tampering_is_found),
        cmocka_unit_test(only_admins_read_the_log),
        cmocka_unit_test(writers_in_several_processes_keep_one_chain),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return failed;
}
