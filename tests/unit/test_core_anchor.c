/* The audit log's anchor and an all-or-nothing init: someone with the database file but not
 * the key cannot rewrite the log unseen (the entries are sealed with a key kept outside it),
 * nor cut its newest entries (the head written outside it says how long it was); an init
 * killed half-way leaves no database that nobody can log in to. */
#include <openssl/evp.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include "core/audit.h"
#include "core/audit_internal.h"
#include "core/db_internal.h"
#include "test_core_util.h"

static sqlite3 *raw(const char *path)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;",
                                  NULL, NULL, NULL), SQLITE_OK);
    return h;
}

static void field(EVP_MD_CTX *md, const char *s)
{
    char len[24];
    int k = snprintf(len, sizeof len, "%zu:", strlen(s));
    EVP_DigestUpdate(md, len, (size_t)k);
    EVP_DigestUpdate(md, s, strlen(s));
    EVP_DigestUpdate(md, "\n", 1);
}

/* What a forger without the key does: every hash from `from` on made again by the published
 * canonical form (SHA-256 of the length-prefixed fields), each linked to the one before. */
static void recompute_plain(sqlite3 *h, int64_t from)
{
    sqlite3_stmt *rd, *wr, *pv;
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT id, at, account_id, login, role, session, "
                     "addr, what, object, object_id, before, after, note FROM audit WHERE id >= ?1 "
                     "ORDER BY id", -1, &rd, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, "UPDATE audit SET prev_hash = ?1, hash = ?2 WHERE id = ?3",
                     -1, &wr, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT coalesce((SELECT hash FROM audit WHERE id = ?1), '')",
                     -1, &pv, NULL), SQLITE_OK);
    sqlite3_bind_int64(pv, 1, from - 1);
    assert_int_equal(sqlite3_step(pv), SQLITE_ROW);
    char prev[65];
    snprintf(prev, sizeof prev, "%s", (const char *)sqlite3_column_text(pv, 0));
    sqlite3_finalize(pv);
    sqlite3_bind_int64(rd, 1, from);
    sqlite3_exec(h, "BEGIN", NULL, NULL, NULL);
    while (sqlite3_step(rd) == SQLITE_ROW) {
        EVP_MD_CTX *md = EVP_MD_CTX_new();
        EVP_DigestInit_ex(md, EVP_sha256(), NULL);
        field(md, prev);
        for (int c = 0; c < 13; c++) {
            const char *t = (const char *)sqlite3_column_text(rd, c);
            field(md, t ? t : "");
        }
        unsigned char dig[32];
        unsigned len;
        EVP_DigestFinal_ex(md, dig, &len);
        EVP_MD_CTX_free(md);
        char hash[65];
        for (int i = 0; i < 32; i++)
            snprintf(hash + 2 * i, 3, "%02x", dig[i]);
        sqlite3_bind_text(wr, 1, prev, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(wr, 2, hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(wr, 3, sqlite3_column_int64(rd, 0));
        assert_int_equal(sqlite3_step(wr), SQLITE_DONE);
        sqlite3_reset(wr);
        memcpy(prev, hash, sizeof prev);
    }
    sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
    sqlite3_finalize(rd);
    sqlite3_finalize(wr);
}

static bm_audit_report check(const char *path)
{
    bm_db *db;
    bm_err err;
    assert_int_equal(bm_db_open(path, &db, &err), BM_OK);
    bm_audit_report r;
    assert_int_equal(bm_audit_check(db, &r, &err), BM_OK);
    bm_db_close(db);
    return r;
}

static const char *fresh(const char *name)
{
    bm_db *db = tu_demo_db(name);
    bm_db_close(db);
    return tu_path(name);
}

static void the_key_is_private_and_a_new_log_is_sealed_from_its_first_entry(void **state)
{
    (void)state;
    const char *path = fresh("anchor-new.db");
    struct stat sb;
    assert_int_equal(stat(tu_path("audit.key"), &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    bm_audit_report r = check(path);
    assert_int_equal(r.first_broken, 0);
    assert_int_equal(r.anchor_id, 1);
    assert_int_equal(r.unsealed, 0);
    assert_true(r.intact > 1000);
    assert_int_equal(r.head_count, 0);   /* a copy of the file, without its head */
    /* init wrote the head of the database it made */
    r = check(tu_path("demo-master.db"));
    assert_int_equal(r.head_count, r.intact);
    assert_false(r.truncated);
    assert_false(r.head_mismatch);
}

static void a_rewrite_without_the_key_is_found(void **state)
{
    (void)state;
    const char *path = fresh("anchor-rewrite.db");
    sqlite3 *h = raw(path);
    assert_int_equal(sqlite3_exec(h, "UPDATE audit SET login = 'nobody' WHERE id = 40", NULL, NULL,
                                  NULL), SQLITE_OK);
    recompute_plain(h, 40);
    sqlite3_close(h);
    bm_audit_report r = check(path);
    assert_int_equal(r.first_broken, 40);
    /* "one entry too many" no more: the entries before the broken one, not counting it */
    assert_int_equal(r.intact, 39);
}

static void removing_the_newest_entries_is_reported_as_truncation(void **state)
{
    (void)state;
    const char *path = fresh("anchor-cut.db");
    bm_db *db;
    bm_err err;
    assert_int_equal(bm_db_open(path, &db, &err), BM_OK);
    assert_int_equal(bm_audit_write_head(db, &err), BM_OK);   /* as the server does hourly */
    bm_db_close(db);
    bm_audit_report before = check(path);
    assert_int_equal(before.head_count, before.intact);
    sqlite3 *h = raw(path);
    assert_int_equal(sqlite3_exec(h, "DELETE FROM audit WHERE id > (SELECT max(id) - 3 FROM audit)",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    assert_int_equal(bm_db_open(path, &db, &err), BM_OK);
    /* The server's next head would hide it: refused, the old head stays as evidence. */
    assert_int_equal(bm_audit_write_head(db, &err), BM_ECONFLICT);
    bm_actor clerk = tu_actor(db, "clerk");
    assert_int_equal(bm_audit_session(db, &clerk, "login", "password", &err), BM_OK);
    bm_audit_report r;
    assert_int_equal(bm_audit_check(db, &r, &err), BM_OK);
    bm_db_close(db);
    assert_int_equal(r.first_broken, 0);
    assert_true(r.truncated);
    assert_int_equal(r.head_count, before.head_count);
    assert_int_equal(r.last_id, before.head_count - 2);   /* 3 cut, 1 new login */
}

static void an_older_log_is_sealed_from_where_the_key_began(void **state)
{
    (void)state;
    const char *path = tu_path("anchor-old.db");
    bm_err err;
    assert_int_equal(bm_db_create_at_version(path, bm_schema_latest(), &err), BM_OK);
    bm_db *db;
    assert_int_equal(bm_db_open_raw(path, 0, &db, &err), BM_OK);
    for (int i = 0; i < 5; i++)   /* written as a version before the anchor wrote them */
        assert_int_equal(bm_audit_append(db, NULL, "login", "session", "", NULL, NULL, "old",
                                         &err), BM_OK);
    bm_db_close(db);
    assert_int_equal(bm_db_open(path, &db, &err), BM_OK);
    assert_int_equal(bm_audit_append(db, NULL, "logout", "session", "", NULL, NULL, "new", &err),
                     BM_OK);
    bm_db_close(db);
    bm_audit_report r = check(path);
    assert_int_equal(r.first_broken, 0);
    assert_int_equal(r.unsealed, 5);
    assert_int_equal(r.anchor_id, 6);
    assert_int_equal(r.intact, 7);
    /* The entries after the anchor cannot be rewritten without the key either. */
    sqlite3 *h = raw(path);
    assert_int_equal(sqlite3_exec(h, "UPDATE audit SET note = 'changed' WHERE id = 7", NULL,
                                  NULL, NULL), SQLITE_OK);
    recompute_plain(h, 7);
    sqlite3_close(h);
    assert_int_equal(check(path).first_broken, 7);
}

static void without_the_key_a_sealed_log_takes_no_entries(void **state)
{
    (void)state;
    const char *path = fresh("anchor-nokey.db");
    char keep[600];
    snprintf(keep, sizeof keep, "%s.kept", tu_path("audit.key"));
    assert_int_equal(rename(tu_path("audit.key"), keep), 0);
    bm_db *db;
    bm_err err;
    assert_int_equal(bm_db_open(path, &db, &err), BM_OK);
    bm_actor clerk = tu_actor(db, "clerk");
    assert_int_equal(bm_audit_session(db, &clerk, "login", "password", &err), BM_EDB);
    assert_string_equal(err.reason, "The audit key file is missing; restore it from the backup");
    bm_audit_report r;
    assert_int_equal(bm_audit_check(db, &r, &err), BM_OK);
    assert_true(r.key_missing);
    assert_int_equal(r.anchor_id, 1);
    bm_db_close(db);
    assert_int_equal(rename(keep, tu_path("audit.key")), 0);
    assert_int_equal(check(path).first_broken, 0);
}

/* An init killed while it builds the database (here: as soon as a file appears) leaves no
 * database under the final name, so the next init simply runs. */
static void an_init_killed_half_way_leaves_nothing_behind(void **state)
{
    (void)state;
    const char *path = tu_path("killed-init.db");
    char building[600];
    snprintf(building, sizeof building, "%s.init", path);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        char pw[64];
        bm_err err;
        _exit(bm_db_init(path, BM_INIT_DEMO, pw, sizeof pw, &err) == BM_OK ? 0 : 1);
    }
    struct timespec nap = {0, 200000};
    while (access(path, F_OK) != 0 && access(building, F_OK) != 0 && waitpid(child, NULL, WNOHANG) == 0)
        nanosleep(&nap, NULL);
    kill(child, SIGKILL);
    int st;
    waitpid(child, &st, 0);
    assert_true(WIFSIGNALED(st));   /* it was cut short, not finished */
    assert_int_not_equal(access(path, F_OK), 0);
    char pw[64];
    bm_err err;
    assert_int_equal(bm_db_init(path, 0, pw, sizeof pw, &err), BM_OK);
    bm_db *db;
    assert_int_equal(bm_db_open(path, &db, &err), BM_OK);
    bm_user u;
    assert_int_equal(bm_user_get(db, "admin", &u, &err), BM_OK);
    bm_db_close(db);
    assert_int_not_equal(access(building, F_OK), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_key_is_private_and_a_new_log_is_sealed_from_its_first_entry),
        cmocka_unit_test(a_rewrite_without_the_key_is_found),
        cmocka_unit_test(removing_the_newest_entries_is_reported_as_truncation),
        cmocka_unit_test(an_older_log_is_sealed_from_where_the_key_began),
        cmocka_unit_test(without_the_key_a_sealed_log_takes_no_entries),
        cmocka_unit_test(an_init_killed_half_way_leaves_nothing_behind),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return failed;
}
