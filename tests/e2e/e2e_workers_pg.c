/* Two bianmin server processes on one PostgreSQL database, as two hosts of a cluster (issue
 * 17): two clerks accept 50 cases each at the same moment from two processes and get 100
 * distinct case numbers, and the audit chain verifies; five wrong passwords spread over both
 * servers lock the account on both; the admin's session list on one server shows a clerk
 * logged in on the other, and a message sent from it reaches that clerk's screen. Run only in
 * the PostgreSQL pass (BIANMIN_TEST_PG). The clock is pinned to Monday 2026-11-30, 10:00.
 *
 * The 100 accepts are made twice: by two clerks on their screens, one logged in on each
 * server, pressing F2 together 50 times; and through the core's intake call in two processes
 * of their own, as fast as they go. The lockout and the message go over SSH. */
#include "tests/e2e/demo.h"
#include "tests/e2e/live.h"
#include "tests/e2e/login.h"
#include "core/audit.h"
#include "core/case.h"
#include "core/store.h"
#include "core/user.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#define NOW "2026-11-30 10:00"
#define ACCEPTS 50

static bmt_server *one, *two;

static int start_both(void **state)
{
    (void)state;
    if (!getenv("BIANMIN_TEST_PG") || !*getenv("BIANMIN_TEST_PG"))
        return -1;
    setenv("BIANMIN_NOW", NOW, 1);
    one = bmt_server_start(NULL);
    two = one ? bmt_server_start_beside(one, NULL) : NULL;
    return two ? 0 : -1;
}

static int stop_both(void **state)
{
    (void)state;
    int a = bmt_server_stop(two), b = bmt_server_stop(one);
    return a == 0 && b == 0 ? 0 : -1;
}

/* ---- 100 accepts from two processes ---- */

/* One clerk's process: waits for the start signal, accepts ACCEPTS cases for residents from
 * the nth on, and writes each case number on a line to out. Exits 0 when all were accepted. */
static void clerk_accepts(const char *login, int first, int start_fd, int out_fd)
{
    bm_store_set_data_dir(bmt_server_datadir(one));
    bm_db *db;
    bm_err err;
    bm_user u;
    if (bm_db_open(bmt_server_db(one), &db, &err) != BM_OK ||
        bm_user_get(db, login, &u, &err) != BM_OK) {
        fprintf(stderr, "# %s: %s %s\n", login, err.reason, err.detail);
        _exit(2);
    }
    bm_actor clerk = { .user_id = u.id, .login = u.login, .role = u.role, .org_id = u.org_id,
                       .session = "e2e-workers", .addr = "127.0.0.1" };
    static const char *const got[] = { "居民身份证", "城乡居民基本养老保险参保登记表" };
    char go;
    if (read(start_fd, &go, 1) != 1)
        _exit(3);
    for (int i = 0; i < ACCEPTS; i++) {
        char sql[300];
        snprintf(sql, sizeof sql,
                 "SELECT id FROM applicant WHERE kind = 1 AND village_id IN (SELECT id FROM "
                 "org_unit WHERE code LIKE 'qinglin.%%') ORDER BY id LIMIT 1 OFFSET %d",
                 first + i);
        long person = demo_db_long(one, sql, NULL);
        bm_intake in = { .applicant_id = person, .matter_code = "SB-001",
                         .channel = BM_CHANNEL_WINDOW, .received = got, .nreceived = 2,
                         .mode = BM_INTAKE_ACCEPT };
        bm_case c;
        if (person <= 0 || bm_case_intake(db, &clerk, &in, &c, &err) != BM_OK) {
            fprintf(stderr, "# %s: intake %d: %s %s\n", login, i, err.reason, err.detail);
            _exit(4);
        }
        char line[64];
        int n = snprintf(line, sizeof line, "%s\n", c.no);
        if (write(out_fd, line, (size_t)n) != n)
            _exit(5);
    }
    bm_db_close(db);
    _exit(0);
}

/* Another clerk of the demo clerk's centre (caller frees). */
static char *second_clerk(void)
{
    return demo_db_text(one, "SELECT login FROM account WHERE role = (SELECT role FROM "
                             "account WHERE login = 'clerk') AND org_id = (SELECT org_id FROM "
                             "account WHERE login = 'clerk') AND login <> 'clerk' ORDER BY "
                             "login LIMIT 1", NULL);
}

/* The chain, as `bianmin audit verify` checks it, with both servers still running. */
static void audit_verifies(void)
{
    const char *const verify[] = { "audit", "verify", "--db", bmt_server_db(one), NULL };
    char *said = NULL;
    int status = bmt_run_bianmin(one, verify, &said);
    if (status != 0)
        fprintf(stderr, "# audit verify: %s\n", said ? said : "");
    assert_int_equal(status, 0);
    free(said);
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_hundred_distinct_numbers_and_the_chain_verifies(void **state)
{
    (void)state;
    char *second = second_clerk();
    assert_non_null(second);
    int start[2], out[2];
    assert_int_equal(pipe(start), 0);
    assert_int_equal(pipe(out), 0);
    pid_t pids[2];
    const char *logins[2] = { "clerk", second };
    for (int k = 0; k < 2; k++) {
        pids[k] = fork();
        assert_true(pids[k] >= 0);
        if (pids[k] == 0) {
            close(start[1]);
            close(out[0]);
            clerk_accepts(logins[k], k * ACCEPTS, start[0], out[1]);
        }
    }
    close(start[0]);
    close(out[1]);
    /* The same moment: both wait on one pipe, opened by two bytes at once. */
    assert_int_equal(write(start[1], "gg", 2), 2);
    close(start[1]);
    char text[2 * ACCEPTS * 40 + 1];
    size_t len = 0;
    ssize_t n;
    while (len < sizeof text - 1 && (n = read(out[0], text + len, sizeof text - 1 - len)) > 0)
        len += (size_t)n;
    text[len] = 0;
    close(out[0]);
    for (int k = 0; k < 2; k++) {
        int status;
        assert_int_equal(waitpid(pids[k], &status, 0), pids[k]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    char *numbers[2 * ACCEPTS + 1];
    int count = 0;
    for (char *line = strtok(text, "\n"); line && count <= 2 * ACCEPTS; line = strtok(NULL, "\n"))
        numbers[count++] = line;
    assert_int_equal(count, 2 * ACCEPTS);
    qsort(numbers, (size_t)count, sizeof numbers[0], by_text);
    for (int i = 1; i < count; i++)
        if (strcmp(numbers[i - 1], numbers[i]) == 0)
            fail_msg("case number %s given twice", numbers[i]);
    fprintf(stderr, "# figure: case numbers %s .. %s\n", numbers[0], numbers[count - 1]);

    audit_verifies();
    long cases = demo_db_long(one, "SELECT count(*) FROM bcase WHERE first_contact_id IN (SELECT id "
                                   "FROM account WHERE login IN ('clerk', ?1))", second);
    assert_true(cases >= 2 * ACCEPTS);
    free(second);
}

/* ---- 100 accepts by two clerks on their screens, one on each server ---- */

#define PROMPT "输入身份证号、电话、姓名或拼音首字母后回车"

/* The person and the matter typed, two materials ticked: the form waits for F2. */
static void fill_intake(bmt_term *t, const char *id)
{
    char spec[64];
    snprintf(spec, sizeof spec, "\"%s\" Enter", id);
    e2e_keys(t, spec);
    assert_true(bmt_wait_gone(t, PROMPT, 15000));
    e2e_keys(t, "\"NY-006\" Enter");
    assert_true(bmt_wait_text(t, "动物产地检疫申报", 15000));
    e2e_keys(t, "\"X\" \"X\" \" \"");
    bmt_wait_quiet(t, 150, 3000);
}

/* The receipt's case number, as the clerk reads it. */
static void receipt_number(bmt_term *t, char out[13])
{
    assert_true(bmt_wait_text(t, "受理回执", 15000));
    char *s = bmt_screen_text(t);
    const char *p = s ? strstr(s, "办件号：") : NULL;
    if (!p)
        bmt_screen_dump(t, "no case number on the receipt");
    assert_non_null(p);
    p += strlen("办件号：");
    for (int i = 0; i < 12; i++)
        assert_true(isdigit((unsigned char)p[i]));
    memcpy(out, p, 12);
    out[12] = 0;
    free(s);
}

static void test_two_clerks_on_two_servers_press_f2_together(void **state)
{
    (void)state;
    char *second = second_clerk();
    assert_non_null(second);
    bmt_term *t[2] = { e2e_login(one, "clerk"), e2e_login(two, second) };
    for (int k = 0; k < 2; k++) {
        e2e_keys(t[k], "\"1\" Enter");
        assert_true(bmt_wait_text(t[k], "BM210", 15000));
        assert_true(bmt_wait_text(t[k], PROMPT, 15000));
    }
    static char numbers[2 * ACCEPTS][13];
    for (int i = 0; i < ACCEPTS; i++) {
        for (int k = 0; k < 2; k++) {
            char id[19];
            assert_int_equal(demo_known_applicant(one, k * ACCEPTS + i, id), 0);
            fill_intake(t[k], id);
        }
        /* Both F2s leave before either answer is read. */
        e2e_keys(t[0], "F2");
        e2e_keys(t[1], "F2");
        for (int k = 0; k < 2; k++) {
            receipt_number(t[k], numbers[2 * i + k]);
            e2e_keys(t[k], "Enter");
        }
        for (int k = 0; k < 2; k++)
            assert_true(bmt_wait_text(t[k], PROMPT, 15000));
    }
    char *sorted[2 * ACCEPTS];
    for (int i = 0; i < 2 * ACCEPTS; i++)
        sorted[i] = numbers[i];
    qsort(sorted, 2 * ACCEPTS, sizeof sorted[0], by_text);
    for (int i = 1; i < 2 * ACCEPTS; i++)
        if (strcmp(sorted[i - 1], sorted[i]) == 0)
            fail_msg("case number %s shown to both clerks", sorted[i]);
    fprintf(stderr, "# figure: on screens, case numbers %s .. %s\n", sorted[0],
            sorted[2 * ACCEPTS - 1]);
    /* Each number is a case of its clerk, accepted, of the person typed. */
    for (int i = 0; i < 2 * ACCEPTS; i++)
        assert_int_equal(demo_db_long(one, "SELECT count(*) FROM bcase WHERE no = ?1 AND "
                                           "status = 2", numbers[i]), 1);
    audit_verifies();
    e2e_keys(t[0], "F3");
    e2e_keys(t[1], "F3");
    for (int k = 0; k < 2; k++) {
        assert_true(bmt_wait_text(t[k], "BM100", 15000));
        e2e_logout(t[k]);
    }
    free(second);
}

/* ---- the lockout on both ---- */

static char *try_login(bmt_server *s, const char *user, const char *password)
{
    bmt_login l = { .user = user, .password = password, .term = "xterm" };
    char *why = NULL;
    bmt_term *t = bmt_connect(s, &l, &why);
    if (t) {
        bmt_close(t);
        free(why);
        return NULL;
    }
    return why ? why : strdup("");
}

static void test_five_failures_over_both_lock_on_both(void **state)
{
    (void)state;
    /* Wrong passwords, alternating: three on the first server, two on the second. */
    for (int i = 0; i < 5; i++) {
        char *why = try_login(i % 2 ? two : one, "wanghy", "wrong-password");
        assert_non_null(why);
        assert_null(strstr(why, "密码错误次数过多"));
        free(why);
    }
    /* The right password now: refused on both, and both say why. */
    for (int k = 0; k < 2; k++) {
        bmt_server *s = k ? two : one;
        char *why = try_login(s, "wanghy", "demo");
        assert_non_null(why);
        if (!strstr(why, "密码错误次数过多"))
            fprintf(stderr, "# right password on server %d refused with: %s\n", k + 1, why);
        assert_non_null(strstr(why, "密码错误次数过多"));
        free(why);
        assert_true(bmt_server_log_wait(s, "lockout user=wanghy", 5000));
    }
    /* Another account is let in on both. */
    bmt_term *t = e2e_login(two, "supervisor");
    e2e_logout(t);
    t = e2e_login(one, "supervisor");
    e2e_logout(t);
}

/* ---- the session list and a message across servers ---- */

static void test_admin_on_one_sees_and_reaches_a_clerk_on_two(void **state)
{
    (void)state;
    bmt_term *clerk = e2e_login(two, "clerk");
    bmt_term *admin = e2e_login(one, "admin");
    live_open(admin);
    /* The other server enters its session at once; the list is read on F5. */
    assert_true(live_wait_row(admin, "clerk", "窗口人员", 1));
    e2e_keys(admin, "\"/clerk\" Enter");
    bmt_wait_quiet(admin, 300, 3000);
    e2e_keys(admin, "\"5\" Enter");
    assert_true(bmt_wait_text(admin, "BM981", 10000));
    /* Held by the second server's process, not the admin's own. */
    char held[32];
    snprintf(held, sizeof held, "/ %d", (int)bmt_server_pid(two));
    if (!getenv("BIANMIN_WRAPPER") || !*getenv("BIANMIN_WRAPPER"))
        assert_true(bmt_screen_has(admin, held));
    e2e_keys(admin, "\"两台服务器之间的消息\" F2");
    assert_true(bmt_wait_text(admin, "消息已发给 clerk", 10000));
    if (!bmt_wait_text(clerk, "管理员 admin 的消息：两台服务器之间的消息", 15000))
        bmt_screen_dump(clerk, "no message");
    assert_true(bmt_screen_has(clerk, "管理员 admin 的消息：两台服务器之间的消息"));
    assert_true(bmt_server_log_wait(two, "session-message user=clerk", 5000));
    e2e_keys(admin, "F3");
    e2e_logout(clerk);
    e2e_logout(admin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_clerks_on_two_servers_press_f2_together),
        cmocka_unit_test(test_hundred_distinct_numbers_and_the_chain_verifies),
        cmocka_unit_test(test_five_failures_over_both_lock_on_both),
        cmocka_unit_test(test_admin_on_one_sees_and_reaches_a_clerk_on_two),
    };
    return cmocka_run_group_tests(tests, start_both, stop_both);
}
