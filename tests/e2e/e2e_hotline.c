/* End-to-end tests of 12345 hotline work orders: duty staff of a township open the hotline
 * list over SSH and read each clock's state on the screen (the demo's three months of orders:
 * some paused, some overdue); a file of 1,000 orders from the platform is imported into the
 * server's database and shows on the list, while a file with one bad row imports nothing and
 * names the line. The centre head keeps only the orders due soon or overdue, and is reminded
 * of them on the home screen in office hours. */
#include "tests/e2e/harness.h"
#include "tests/e2e/hotline.h"
#include "tests/e2e/login.h"
#include "core/db.h"
#include "core/store.h"
#include "core/user.h"
#include "core/workorder.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#define NOW "2026-11-30 10:00"

static int start_shared(void **state)
{
    (void)state;
    return e2e_shared_start(NOW);
}

static bmt_term *login(const char *user)
{
    bmt_login l = { .user = user, .password = "demo", .term = "xterm", .charset = "UTF-8" };
    char *why = NULL;
    bmt_term *t = bmt_connect(e2e_shared, &l, &why);
    if (!t)
        fail_msg("login as %s failed: %s", user, why ? why : "?");
    free(why);
    assert_true(bmt_wait_text(t, "BM100", 10000));
    return t;
}

static void duty_reads_each_clock_on_the_list(void **state)
{
    (void)state;
    bmt_term *t = login("luoyong");   /* duty staff of 石桥镇, where the demo's orders are */
    hotline_open_list(t);
    static const char *const titles[] = { "工单编号", "转办", "签收", "答复", "回访" };
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
        if (!bmt_screen_has(t, titles[i])) {
            bmt_screen_dump(t, "hotline list");
            fail_msg("column %s missing", titles[i]);
        }
    /* the nearest due clock first: the top row is overdue, some order is paused */
    int top = hotline_row_with(t, "SC2026");
    assert_true(top > 0);
    char *row = bmt_screen_row(t, top);
    if (!strchr(row, '!')) {
        bmt_screen_dump(t, "hotline list");
        fail_msg("the first order is not overdue: %s", row);
    }
    free(row);
    bmt_screen_dump(t, "hotline list");
    /* 5 against the first row opens the order: where it stands, in words, and with whom */
    assert_int_equal(bmt_send_keys(t, "\"5\" Enter"), 0);
    assert_true(bmt_wait_text(t, "BM261", 10000));
    assert_true(bmt_wait_text(t, "承办 ", 10000));
    assert_true(bmt_screen_has(t, "超期"));   /* the first row is overdue: its page says so */
    bmt_close(t);
}

/* The centre head's lists: F9 keeps the orders due within two working hours, again only the
 * overdue ones (every row with a "!"), again all; in office hours the home screen reminds. */
static void supervisor_filters_due_soon_and_overdue(void **state)
{
    (void)state;
    bmt_term *t = login("wucm");   /* the centre head of 石桥镇 */
    if (!bmt_screen_has(t, "热线工单: 2个工作小时内到期")) {
        bmt_screen_dump(t, "home");
        fail_msg("no hotline reminder on the home screen in office hours");
    }
    hotline_open_list(t);
    assert_int_equal(bmt_send_keys(t, "F9"), 0);
    assert_true(bmt_wait_text(t, "显示2个工作小时内到期", 10000));
    assert_int_equal(bmt_send_keys(t, "F9"), 0);
    assert_true(bmt_wait_text(t, "显示已超期", 10000));
    bmt_wait_quiet(t, 300, 3000);
    int rows = 0;
    for (int r = 0; r < 24; r++) {
        char *row = bmt_screen_row(t, r);
        if (row && strstr(row, "SC2026")) {
            rows++;
            if (!strchr(row, '!')) {
                bmt_screen_dump(t, "overdue");
                fail_msg("a row of the overdue list is not overdue: %s", row);
            }
        }
        free(row);
    }
    assert_true(rows > 0);
    assert_int_equal(bmt_send_keys(t, "F9"), 0);
    assert_true(bmt_wait_text(t, "显示全部未办结工单", 10000));
    bmt_close(t);
}

static char *orders_csv(int n, int bad_at)
{
    size_t cap = (size_t)n * 160 + 256, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    len += (size_t)snprintf(s + len, cap - len,
                            "工单编号,受理时间,诉求类型,来电人,联系电话,诉求摘要,所属村\r\n");
    static const char *const kinds[] = { "咨询", "求助", "意见建议", "投诉", "举报" };
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(s + len, cap - len,
                                "GD2026110%05d,2026-11-%02d %02d:%02d,%s,来电人%d,1380000%04d,"
                                "反映问题第%d件,%s\r\n", i, 2 + i % 27, 8 + i % 10, i % 60,
                                i == bad_at ? "来访" : kinds[i % 5], i, i, i,
                                i % 3 ? "新桥村" : "");
    return s;
}

static void a_thousand_orders_import_and_a_bad_row_none(void **state)
{
    (void)state;
    bm_db *db;
    bm_err err;
    bm_store_set_data_dir(bmt_server_datadir(e2e_shared));   /* where the audit key is */
    assert_int_equal(bm_db_open(bmt_server_db(e2e_shared), &db, &err), BM_OK);
    bm_user u;
    assert_int_equal(bm_user_get(db, "duty", &u, &err), BM_OK);
    bm_actor duty = { .user_id = u.id, .login = u.login, .role = u.role, .org_id = u.org_id,
                      .session = "e2e", .addr = "" };
    int imported, line;
    char *bad = orders_csv(20, 11);   /* line 13: a kind the platform does not have */
    assert_int_equal(bm_wo_import_text(db, &duty, bad, strlen(bad), &imported, &line, &err),
                     BM_EINVALID);
    assert_int_equal(line, 13);
    assert_int_equal(imported, 0);
    free(bad);
    char *good = orders_csv(1000, -1);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = bm_wo_import_text(db, &duty, good, strlen(good), &imported, &line, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    free(good);
    if (rc != BM_OK)
        fail_msg("import: %s %s line %d", err.reason, err.detail, line);
    assert_int_equal(imported, 1000);
    printf("# figure: 1000 orders imported in %.2f s\n",
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    bm_db_close(db);

    bmt_term *t = login("duty");
    hotline_open_list(t);
    if (hotline_row_with(t, "GD2026110") < 0) {
        bmt_screen_dump(t, "imported orders");
        fail_msg("the imported orders are not on the list");
    }
    assert_true(bmt_screen_has(t, "!"));   /* received weeks ago, none transferred */
    bmt_close(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(duty_reads_each_clock_on_the_list),
        cmocka_unit_test(supervisor_filters_due_soon_and_overdue),
        cmocka_unit_test(a_thousand_orders_import_and_a_bad_row_none),
    };
    return cmocka_run_group_tests(tests, start_shared, e2e_shared_stop);
}
