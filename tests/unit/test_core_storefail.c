/* A disk that fills: the store's failure reaches the caller as a sentence a clerk can act
 * on ("the server's disk is full; call the administrator"), with SQLite's words and the SQL
 * kept in the detail for the log only; nothing half-saved, and work goes on once there is
 * room again. The full disk is SQLite's page limit, so this runs without root. */
#include <sqlite3.h>
#include "core/applicant.h"
#include "core/case.h"
#include "core/catalogue.h"
#include "core/db_internal.h"
#include "test_core_util.h"

/* The SQLite handle behind a test's database: this group looks into SQLite's file on purpose
 * (and runs on SQLite only). */
#define DB_H(db) ((sqlite3 *)bm_store_native((db)->store))

static int first_matter(const bm_matter_brief *m, void *ctx)
{
    if (m->is_bundle || m->promised_days == 0)
        return 0;
    snprintf(ctx, 24, "%s", m->code);
    return 1;
}

static int any_person(const bm_applicant *a, void *ctx)
{
    *(int64_t *)ctx = a->id;
    return 1;
}

static void a_full_disk_is_told_in_words_and_loses_nothing(void **state)
{
    (void)state;
    bm_db *db = tu_demo_db("storefail.db");
    bm_err err;
    bm_actor clerk = tu_actor(db, "clerk");
    char matter[24] = "";
    int64_t person = 0;
    bm_matter_search(db, NULL, first_matter, matter, &err);
    bm_applicant_search(db, &clerk, "z", 50, 0, any_person, &person, &err);
    assert_true(matter[0] && person);
    int64_t pages = tu_count(db, "PRAGMA page_count");
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", (long long)pages + 2);
    assert_int_equal(sqlite3_exec(DB_H(db), sql, NULL, NULL, NULL), SQLITE_OK);
    int64_t cases_before = tu_count(db, "SELECT count(*) FROM bcase");
    int accepted = 0, rc = BM_OK;
    bm_intake in = {.applicant_id = person, .matter_code = matter,
                    .channel = BM_CHANNEL_WINDOW, .mode = BM_INTAKE_DRAFT};
    bm_case c;
    while (accepted < 500 && (rc = bm_case_intake(db, &clerk, &in, &c, &err)) == BM_OK)
        accepted++;
    assert_int_equal(rc, BM_EDB);
    assert_string_equal(err.reason, "The server's disk is full; call the administrator");
    assert_true(err.detail[0] != '\0');   /* the particulars, for the log */
    /* Every intake that returned OK is there, and the refused one left nothing. */
    assert_int_equal(tu_count(db, "SELECT count(*) FROM bcase"), cases_before + accepted);
    assert_int_equal(sqlite3_exec(DB_H(db), "PRAGMA max_page_count = 1073741823", NULL, NULL,
                                  NULL), SQLITE_OK);
    assert_int_equal(bm_case_intake(db, &clerk, &in, &c, &err), BM_OK);
    assert_int_equal(tu_count(db, "SELECT count(*) FROM bcase"), cases_before + accepted + 1);
    bm_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_full_disk_is_told_in_words_and_loses_nothing),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return failed;
}
