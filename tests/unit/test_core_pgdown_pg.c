/* The PostgreSQL server stopped while bianmin works (runs only in tests/run's PostgreSQL pass,
 * on a cluster of its own so stopping it disturbs no other group): a write fails with the
 * unavailable reason and leaves nothing behind, the transaction it was in is over for core and
 * store alike, the same open database works again once the server is back (statements
 * prepared again on the new connection), a restart between two calls costs the caller
 * nothing, and the outage is told once when it starts and once when it ends. */
#include <time.h>
#include "core/store_pg_internal.h"
#include "test_core_util.h"
#include "tests/pg/own_cluster.h"

/* The store tries a server that did not answer again at most every PG_RETRY_MS: waiting that
 * long after the server is back makes the next call the one that finds it. */
static void wait_for_the_next_try(void)
{
    struct timespec ts = {.tv_sec = PG_RETRY_MS / 1000 + 1, .tv_nsec = 0};
    nanosleep(&ts, NULL);
}

static int unreachable_told, reachable_told;

static void watch(int reachable, const char *detail)
{
    (void)detail;
    if (reachable)
        reachable_told++;
    else
        unreachable_told++;
}

/* An ID number with its check digit (GB 11643), from 17 digits. */
static void id_number(const char *first17, char out[19])
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (first17[i] - '0') * w[i];
    snprintf(out, 19, "%s%c", first17, "10X98765432"[sum % 11]);
}

/* A person of 新桥村 registered by who: the write that meets the stopped server. */
static int add_person(bm_db *db, const bm_actor *who, const char *name, const char *id,
                      bm_err *err)
{
    bm_org village;
    if (bm_org_get_by_code(db, "qinglin.xinqiao", &village, err) != BM_OK)
        return err->code;
    bm_applicant person = {.kind = BM_APPLICANT_PERSON, .village_id = village.id};
    bm_strlcpy(person.name, name, sizeof person.name);
    bm_strlcpy(person.id_no, id, sizeof person.id_no);
    bm_strlcpy(person.phone, "13990001111", sizeof person.phone);
    return bm_applicant_add(db, who, &person, err);
}

static int64_t people_with(bm_db *db, const char *id)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM applicant WHERE id_no = '%s'", id);
    return tu_count(db, sql);
}

static void a_write_while_the_server_is_stopped_fails_in_words_and_leaves_nothing(void **state)
{
    (void)state;
    bm_db *db = tu_demo_db("write");
    bm_actor clerk = tu_actor(db, "clerk");
    char before[19], during[19];
    id_number("51172519700101003", before);
    id_number("51172519700101004", during);
    bm_err err;
    assert_int_equal(add_person(db, &clerk, "停库前", before, &err), BM_OK);
    int64_t audit_rows = tu_count(db, "SELECT count(*) FROM audit");
    int64_t people = tu_count(db, "SELECT count(*) FROM applicant");
    unreachable_told = reachable_told = 0;

    assert_int_equal(own_cluster("halt"), 0);
    assert_int_equal(add_person(db, &clerk, "停库中", during, &err), BM_EDB);
    assert_true(bm_err_unavailable(&err));
    assert_string_equal(err.reason, bm_reason_unavailable);
    /* While it is down every call says the same, quickly: no connection attempt per call. */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < 50; i++) {
        assert_int_equal(add_person(db, &clerk, "停库中", during, &err), BM_EDB);
        assert_true(bm_err_unavailable(&err));
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("# figure: 50 writes refused while the database was down in %ld ms\n",
           (long)((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000));
    assert_int_equal(unreachable_told, 1);
    assert_int_equal(reachable_told, 0);

    assert_int_equal(own_cluster("resume"), 0);
    wait_for_the_next_try();
    /* Nothing of the refused writes reached the database. */
    assert_int_equal(people_with(db, during), 0);
    assert_int_equal(tu_count(db, "SELECT count(*) FROM applicant"), people);
    assert_int_equal(tu_count(db, "SELECT count(*) FROM audit"), audit_rows);
    assert_int_equal(reachable_told, 1);
    /* The same open database takes the write now (its statements prepared anew). */
    assert_int_equal(add_person(db, &clerk, "停库中", during, &err), BM_OK);
    assert_int_equal(people_with(db, during), 1);
    assert_int_equal(tu_count(db, "SELECT count(*) FROM audit"), audit_rows + 1);
    assert_int_equal(unreachable_told, 1);
    bm_db_close(db);
}

static void a_transaction_cut_by_the_server_stopping_is_rolled_back_whole(void **state)
{
    (void)state;
    bm_db *db = tu_demo_db("tx");
    bm_actor clerk = tu_actor(db, "clerk");
    char first[19], second[19], after[19];
    id_number("51172519700202005", first);
    id_number("51172519700202006", second);
    id_number("51172519700202007", after);
    bm_err err;
    int64_t audit_rows = tu_count(db, "SELECT count(*) FROM audit");
    assert_int_equal(bm_tx_begin(db, &err), BM_OK);
    assert_int_equal(add_person(db, &clerk, "半截甲", first, &err), BM_OK);
    assert_int_equal(own_cluster("halt immediate"), 0);
    int rc = add_person(db, &clerk, "半截乙", second, &err);
    assert_int_equal(rc, BM_EDB);
    assert_true(bm_err_unavailable(&err));
    assert_int_equal(bm_tx_end(db, rc, &err), BM_EDB);
    /* Over for core and for the store: the next transaction is a new one. */
    assert_int_equal(db->tx_depth, 0);
    assert_int_equal(own_cluster("resume"), 0);
    wait_for_the_next_try();
    assert_int_equal(bm_tx_begin(db, &err), BM_OK);
    assert_int_equal(db->tx_depth, 1);
    rc = add_person(db, &clerk, "之后", after, &err);
    assert_int_equal(bm_tx_end(db, rc, &err), BM_OK);
    assert_int_equal(people_with(db, first), 0);
    assert_int_equal(people_with(db, second), 0);
    assert_int_equal(people_with(db, after), 1);
    assert_int_equal(tu_count(db, "SELECT count(*) FROM audit"), audit_rows + 1);
    bm_db_close(db);
}

/* The server restarted while nobody was working: the connection bianmin holds is dead, but
 * the first call after it reads and writes as if nothing had happened. */
static void a_restart_between_two_calls_costs_the_caller_nothing(void **state)
{
    (void)state;
    bm_db *db = tu_demo_db("restart");
    bm_actor clerk = tu_actor(db, "clerk");
    char id[19];
    id_number("51172519700303008", id);
    bm_err err;
    bm_user u;
    assert_int_equal(bm_user_get(db, "clerk", &u, &err), BM_OK);
    assert_int_equal(own_cluster("halt"), 0);
    assert_int_equal(own_cluster("resume"), 0);
    assert_int_equal(bm_user_get(db, "clerk", &u, &err), BM_OK);
    assert_string_equal(u.login, "clerk");
    assert_int_equal(add_person(db, &clerk, "重启后", id, &err), BM_OK);
    assert_int_equal(people_with(db, id), 1);
    bm_db_close(db);
}

/* Whatever a test left, the cluster serves again for the next one. */
static int serving(void **state)
{
    (void)state;
    return own_cluster_serving();
}

static int teardown(void **state)
{
    (void)state;
    own_cluster_serving();
    tu_cleanup();
    return 0;
}

int main(void)
{
    if (!tu_pg()) {
        fprintf(stderr, "test_core_pgdown_pg: set BIANMIN_TEST_PG (tests/run does)\n");
        return 1;
    }
    if (own_cluster_start("test_core_pgdown_pg") != 0)
        return 1;
    bm_store_watch(watch);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(
            a_write_while_the_server_is_stopped_fails_in_words_and_leaves_nothing, serving),
        cmocka_unit_test_teardown(a_transaction_cut_by_the_server_stopping_is_rolled_back_whole,
                                  serving),
        cmocka_unit_test_teardown(a_restart_between_two_calls_costs_the_caller_nothing, serving),
    };
    int failed = cmocka_run_group_tests(tests, NULL, teardown);
    if (own_cluster("stop") != 0)
        failed++;
    return failed;
}
