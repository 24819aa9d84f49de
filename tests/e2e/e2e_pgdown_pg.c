/* End to end, PostgreSQL stopped for ten seconds while a clerk works (runs only in tests/run's
 * PostgreSQL pass, on a cluster of its own so stopping it disturbs no other group): the clerk
 * logged in over SSH has filled an intake when the database goes; F2 shows the clear message
 * on the status line and the form keeps what was typed; nothing of the case is in the
 * database (no case, no history, no audit row); once the database is back the same F2 accepts
 * the case with its number, served by the same bianmin process all along, which logged the
 * outage once when it began and once when it ended. */
#include "tests/e2e/demo.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/login.h"
#include "tests/pg/own_cluster.h"
#include "core/store_pg_internal.h"

#include <ctype.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#define NOW "2026-09-29 10:00"
/* How long the database stays away. */
#define OUTAGE_MS 10000

static bmt_server *server;

static long long monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Occurrences of text in the server's log. */
static int log_count(const char *text)
{
    char *log = bmt_server_log(server);
    int n = 0;
    for (const char *p = log; p && (p = strstr(p, text)) != NULL; p += strlen(text))
        n++;
    free(log);
    return n;
}

static long db_long(const char *sql, const char *param)
{
    long n = demo_db_long(server, sql, param);
    if (n < 0)
        fprintf(stderr, "# no row for: %s\n", sql);
    return n;
}

static void keys(bmt_term *t, const char *spec)
{
    assert_int_equal(bmt_send_keys(t, spec), 0);
}

static void the_database_goes_for_ten_seconds_while_a_clerk_accepts(void **state)
{
    (void)state;
    char id[19];
    assert_int_equal(demo_known_applicant(server, 4, id), 0);
    pid_t pid = bmt_server_pid(server);
    bmt_term *t = e2e_login(server, "clerk");
    keys(t, "1 Enter");
    assert_true(bmt_wait_text(t, "BM210", 10000));
    char spec[64];
    snprintf(spec, sizeof spec, "\"%s\" Enter", id);
    keys(t, spec);
    assert_true(bmt_wait_gone(t, "输入身份证号、电话、姓名或拼音首字母后回车", 10000));
    keys(t, "\"NY-006\" Enter");
    assert_true(bmt_wait_text(t, "动物产地检疫申报", 10000));
    keys(t, "\"X\" \"X\" \" \"");
    bmt_wait_quiet(t, 300, 5000);
    char *filled = bmt_screen_text(t);
    assert_non_null(filled);
    long cases = db_long("SELECT count(*) FROM bcase", NULL);
    long history = db_long("SELECT count(*) FROM case_history", NULL);
    long audited = db_long("SELECT count(*) FROM audit WHERE object = 'case'", NULL);
    long theirs = db_long("SELECT count(*) FROM bcase WHERE applicant_id = (SELECT id FROM "
                          "applicant WHERE id_no = ?1)", id);
    assert_true(cases > 0 && history > 0 && theirs >= 0);

    /* The database goes; the clerk presses F2. */
    long long gone_at = monotonic_ms();
    assert_int_equal(own_cluster("halt"), 0);
    keys(t, "F2");
    assert_true(bmt_wait_text(t, "数据库暂时连不上", 15000));
    assert_true(bmt_screen_has(t, "已填的内容没有丢失"));
    assert_false(bmt_screen_has(t, "受理回执"));
    /* The form as it was: the same screen, the applicant, the matter, the ticks. */
    char *kept = bmt_screen_text(t);
    assert_non_null(kept);
    assert_non_null(strstr(kept, "BM210"));
    assert_non_null(strstr(kept, "动物产地检疫申报"));
    const char *ticks_before = strstr(filled, "[X]"), *ticks_now = strstr(kept, "[X]");
    assert_non_null(ticks_before);
    assert_non_null(ticks_now);
    /* Every line of the filled form but the status line is still there. */
    char *line = filled;
    for (int row = 0; row < 22 && line; row++) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        if (row > 0 && *line && !strstr(kept, line)) {
            bmt_screen_dump(t, "after F2 with the database gone");
            fail_msg("row %d of the form is gone: %s", row, line);
        }
        line = end ? end + 1 : NULL;
    }
    free(filled);
    free(kept);

    /* Ten seconds away, the bianmin process still serving its sessions meanwhile. */
    long long left = OUTAGE_MS - (monotonic_ms() - gone_at);
    if (left > 0)
        bmt_pump((int)left);
    assert_int_equal(kill(pid, 0), 0);
    assert_int_equal(own_cluster("resume"), 0);
    printf("# figure: the database was away %lld ms\n", monotonic_ms() - gone_at);

    /* Nothing of the refused intake reached the database. */
    assert_int_equal(db_long("SELECT count(*) FROM bcase", NULL), cases);
    assert_int_equal(db_long("SELECT count(*) FROM case_history", NULL), history);
    assert_int_equal(db_long("SELECT count(*) FROM audit WHERE object = 'case'", NULL), audited);
    assert_int_equal(db_long("SELECT count(*) FROM bcase WHERE applicant_id = (SELECT id FROM "
                             "applicant WHERE id_no = ?1)", id), theirs);

    /* bianmin tries the server again at most every PG_RETRY_MS; after that long the next F2 is
     * the call that finds it back. */
    bmt_pump(PG_RETRY_MS + 1000);
    keys(t, "F2");
    assert_true(bmt_wait_text(t, "受理回执", 15000));
    char *screen = bmt_screen_text(t);
    const char *p = screen ? strstr(screen, "办件号：") : NULL;
    assert_non_null(p);
    char no[13];
    p += strlen("办件号：");
    for (int i = 0; i < 12; i++)
        assert_true(isdigit((unsigned char)p[i]));
    memcpy(no, p, 12);
    no[12] = '\0';
    free(screen);
    assert_int_equal(db_long("SELECT status FROM bcase WHERE no = ?1", no), 2);
    assert_int_equal(db_long("SELECT count(*) FROM bcase", NULL), cases + 1);
    assert_int_equal(db_long("SELECT count(*) FROM bcase WHERE applicant_id = (SELECT id FROM "
                             "applicant WHERE id_no = ?1)", id), theirs + 1);
    assert_true(db_long("SELECT count(*) FROM case_history WHERE case_id = (SELECT id FROM "
                        "bcase WHERE no = ?1)", no) > 0);
    assert_true(db_long("SELECT count(*) FROM audit WHERE object = 'case'", NULL) > audited);

    /* The same process served it all, and said so in its log once each way. */
    assert_int_equal(bmt_server_pid(server), pid);
    assert_int_equal(kill(pid, 0), 0);
    assert_int_equal(log_count("database unreachable"), 1);
    assert_int_equal(log_count("database reachable again"), 1);
    keys(t, "Enter");
    e2e_logout(t);
}

static int setup(void **state)
{
    (void)state;
    setenv("BIANMIN_NOW", NOW, 1);
    server = bmt_server_start(NULL);
    return server ? 0 : -1;
}

/* The cluster serves again whatever the test left (a failed assert with it halted), so the
 * server stops cleanly; then the cluster goes. */
static int teardown(void **state)
{
    (void)state;
    int rc = 0;
    if (own_cluster_serving() != 0)
        rc = -1;
    if (server && bmt_server_stop(server) != 0)
        rc = -1;
    server = NULL;
    return rc;
}

int main(void)
{
    if (!getenv("BIANMIN_TEST_PG")) {
        fprintf(stderr, "e2e_pgdown_pg: runs in tests/run's PostgreSQL pass\n");
        return 1;
    }
    /* The server's database is made on this cluster (init --demo), not on the shared one. */
    if (own_cluster_start("e2e_pgdown_pg") != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_database_goes_for_ten_seconds_while_a_clerk_accepts),
    };
    int failed = cmocka_run_group_tests_name("pgdown", tests, setup, teardown);
    if (own_cluster("stop") != 0)
        failed++;
    return failed;
}
