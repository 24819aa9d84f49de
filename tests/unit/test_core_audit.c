/* The audit log: append-only in the database, and a hash chain that shows the first entry
 * edited or removed behind the program's back. On either store: the tampering is done the way
 * someone with the database and its own client would, beside the program. */
#include <sys/wait.h>
#include "core/audit.h"
#include "core/db_internal.h"
#include "test_core_util.h"

/* The database opened by its own client, not by the program. */
static bm_store *raw(const char *url)
{
    bm_store *h;
    bm_err err;
    if (bm_store_open(url, 0, &h, &err) != BM_OK)
        fail_msg("%s: %s", url, err.detail);
    return h;
}

/* Runs sql; BM_OK or the store's code, with what the database said in *said. */
static int exec(bm_store *h, const char *sql, const char **said)
{
    static bm_err err;
    bm_stmt *st;
    int rc = bm_store_prepare(h, sql, &st, &err);
    if (rc == BM_OK) {
        rc = bm_stmt_step(st, &err) < 0 ? err.code : BM_OK;
        bm_stmt_finalize(st);
    }
    if (said)
        *said = err.detail;
    return rc;
}

/* The one number a query returns. */
static int64_t one(bm_store *h, const char *sql)
{
    bm_stmt *st;
    bm_err err;
    if (bm_store_prepare(h, sql, &st, &err) != BM_OK)
        fail_msg("%s: %s", sql, err.detail);
    assert_int_equal(bm_stmt_step(st, &err), 1);
    int64_t n = bm_col_int64(st, 0);
    bm_stmt_finalize(st);
    return n;
}

/* The owner of the database takes the append-only guard away (each engine says it its way). */
static void drop_guard(bm_store *h)
{
    bm_err err;
    const char *sql = tu_pg() ? "DROP TRIGGER audit_no_update ON audit;"
                                "DROP TRIGGER audit_no_delete ON audit;"
                              : "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;";
    if (bm_store_exec(h, sql, &err) != BM_OK)
        fail_msg("%s: %s", sql, err.detail);
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
    return tu_db_url(name);
}

static void the_demo_log_is_intact(void **state)
{
    (void)state;
    const char *path = fresh("audit-intact.db");
    int64_t checked;
    assert_int_equal(verify(path, &checked), 0);
    bm_store *h = raw(path);
    assert_int_equal(checked, one(h, "SELECT count(*) FROM audit"));
    assert_true(checked > 1000);   /* every demo change is on record */
    bm_store_close(h);
}

static void rows_cannot_be_changed_or_removed(void **state)
{
    (void)state;
    const char *path = fresh("audit-triggers.db");
    bm_store *h = raw(path);
    const char *said;
    assert_int_not_equal(exec(h, "UPDATE audit SET note = 'nothing happened' WHERE id = 5", &said),
                         BM_OK);
    assert_non_null(strstr(said, "append-only"));
    assert_int_not_equal(exec(h, "DELETE FROM audit WHERE id = 5", NULL), BM_OK);
    bm_store_close(h);
    assert_int_equal(verify(path, NULL), 0);
}

static void an_edited_row_is_found(void **state)
{
    (void)state;
    const char *path = fresh("audit-edit.db");
    bm_store *h = raw(path);
    /* Someone with the database and its client drops the triggers and rewrites history. */
    drop_guard(h);
    assert_int_equal(exec(h, "UPDATE audit SET after = replace(after, 'completed', 'refused') "
                             "WHERE id = (SELECT min(id) FROM audit WHERE what = 'case.complete' "
                             "AND id > 500)", NULL), BM_OK);
    assert_int_equal(bm_store_changes(h), 1);
    int64_t edited = one(h, "SELECT min(id) FROM audit WHERE what = 'case.complete' AND id > 500");
    bm_store_close(h);
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
        bm_store *h = raw(path);
        drop_guard(h);
        assert_int_equal(exec(h, cases[i].sql, NULL), BM_OK);
        int64_t want = cases[i].want;
        if (want < 0)
            want = one(h, "SELECT max(id) FROM audit");
        bm_store_close(h);
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
