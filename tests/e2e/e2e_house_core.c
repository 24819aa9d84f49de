/* Defects a new user hit on the clerk's window whose cure lives in core, each seen over real SSH
 * as the user saw it, on the demo county with the clock at 2026-09-29 10:00: a refusal reads as
 * words only (no internal token); duty staff are not offered a refusal on a clerk's case; the
 * full ID number shows only where the work needs it (and the view is logged), masked in lists
 * and for staff who do not handle the person; a one-time notice has a notice number of its own
 * and does not wait in My cases as 待受理; a bundle's sub-cases the clerk handles are in My
 * cases; materials promised on commitment and brought back with the corrections settle the
 * commitment, so the case completes. */
#include "tests/e2e/demo.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/login.h"
#include "core/case.h"
#include "core/validate.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define NOW "2026-09-29 10:00"
#define CLERK_ID "(SELECT id FROM account WHERE login = 'clerk')"

static int start_shared(void **state)
{
    (void)state;
    return e2e_shared_start(NOW);
}

static void keys(bmt_term *t, const char *spec)
{
    assert_int_equal(bmt_send_keys(t, spec), 0);
}

static void logout(bmt_term *t)
{
    keys(t, "F10");
    assert_true(bmt_wait_text(t, "现在退出", 5000));
    keys(t, "\"y\"");
    assert_true(bmt_closed(t, 5000));
    bmt_close(t);
}

/* Search (home entry 4 for every case role), then a case number typed: its detail opens. */
static void open_case(bmt_term *t, const char *no)
{
    keys(t, "4 Enter");
    assert_true(bmt_wait_text(t, "BM222", 5000));
    char spec[64];
    snprintf(spec, sizeof spec, "\"%s\" Enter", no);
    keys(t, spec);
}

/* My cases (home entry 2 of the clerk), the find field, text and Enter. */
static void find_in_my_cases(bmt_term *t, const char *text)
{
    keys(t, "2 Enter");
    assert_true(bmt_wait_text(t, "BM220", 5000));
    char spec[64];
    snprintf(spec, sizeof spec, "\"/\" \"%s\" Enter", text);
    keys(t, spec);
    assert_true(bmt_wait_text(t, "找到", 5000));
}

/* Home, then intake with a known applicant and a matter typed into their fields. */
static void start_intake(bmt_term *t, const char *id, const char *matter, const char *expect)
{
    keys(t, "1 Enter");
    assert_true(bmt_wait_text(t, "BM210", 5000));
    char spec[128];
    snprintf(spec, sizeof spec, "\"%s\" Enter", id);
    keys(t, spec);
    assert_true(bmt_wait_gone(t, "输入身份证号、电话、姓名或拼音首字母后回车", 5000));
    snprintf(spec, sizeof spec, "\"%s\" Enter", matter);
    keys(t, spec);
    assert_true(bmt_wait_text(t, expect, 5000));
}

/* The clerk logs in and takes the nth known applicant's matter in, ticks (and answers) typed as
 * marks, then F2. */
static bmt_term *clerk_intake(int nth, char id[19], const char *matter, const char *expect,
                              const char *marks)
{
    assert_int_equal(demo_known_applicant(e2e_shared, nth, id), 0);
    bmt_term *t = e2e_login(e2e_shared, "clerk");
    assert_non_null(t);
    start_intake(t, id, matter, expect);
    keys(t, marks);
    keys(t, "F2");
    return t;
}

/* The 12 digits after `label` on the screen. */
static void digits_after(bmt_term *t, const char *label, char out[13])
{
    char *s = bmt_screen_text(t);
    const char *p = s ? strstr(s, label) : NULL;
    if (!p)
        bmt_screen_dump(t, label);
    assert_non_null(p);
    p += strlen(label);
    for (int i = 0; i < 12; i++)
        assert_true(isdigit((unsigned char)p[i]));
    memcpy(out, p, 12);
    out[12] = 0;
    free(s);
}

static void choose_step(bmt_term *t, const char *label)
{
    char key = bmt_menu_key(t, label);
    assert_true(key != 0);
    char spec[16];
    snprintf(spec, sizeof spec, "\"%c\" Enter", key);
    keys(t, spec);
}

/* Another centre's case: the refusal is the sentence, with no "case.view" behind it. */
static void test_refusal_reads_as_words(void **state)
{
    (void)state;
    char *no = demo_db_text(e2e_shared, "SELECT no FROM bcase WHERE parent_id IS NULL AND centre_id = "
                                    "(SELECT id FROM org_unit WHERE code = 'shiqiao') LIMIT 1",
                            NULL);
    assert_non_null(no);
    bmt_term *t = e2e_login(e2e_shared, "duty");
    assert_non_null(t);
    open_case(t, no);
    assert_true(bmt_wait_text(t, "这属于其他便民服务中心", 5000));
    bmt_wait_quiet(t, 200, 2000);
    assert_false(bmt_screen_has(t, "case.view"));
    assert_false(bmt_screen_has(t, "这属于其他便民服务中心:"));
    free(no);
    logout(t);
}

/* An accepted case the clerk handles: duty staff may work on it, but refusing is the
 * window's, so 不予受理 is not among the steps duty staff are offered. The clerk has it. */
static void test_duty_not_offered_refusal(void **state)
{
    (void)state;
    char *no = demo_db_text(e2e_shared, "SELECT no FROM bcase WHERE parent_id IS NULL AND bundle_id "
                                    "IS NULL AND status = 2 AND handler_id = " CLERK_ID
                                    " ORDER BY id LIMIT 1", NULL);
    assert_non_null(no);
    static const struct { const char *user; int offered; } who[] = {
        { "clerk", 1 },
        { "duty", 0 },
    };
    for (size_t i = 0; i < 2; i++) {
        bmt_term *t = e2e_login(e2e_shared, who[i].user);
        assert_non_null(t);
        open_case(t, no);
        assert_true(bmt_wait_text(t, "BM230", 5000));
        keys(t, "F2");
        assert_true(bmt_wait_text(t, "步骤 ===>", 5000));
        assert_true(bmt_screen_has(t, "开始办理"));
        if (bmt_screen_has(t, "不予受理") != who[i].offered)
            bmt_screen_dump(t, who[i].user);
        assert_int_equal(bmt_screen_has(t, "不予受理"), who[i].offered);
        logout(t);
    }
    free(no);
}

/* One rule for the full ID number: the handler's case detail shows it (and the view is
 * logged); My cases masks it (nothing logged); a clerk of the same centre who handles none of
 * the person's cases sees it masked in the detail too. */
static void test_full_id_only_where_the_work_needs_it(void **state)
{
    (void)state;
    const char *pick =
        "SELECT %s FROM bcase c JOIN applicant a ON a.id = c.applicant_id "
        "WHERE c.parent_id IS NULL AND c.bundle_id IS NULL AND c.status = 2 AND "
        "c.handler_id = " CLERK_ID " AND length(a.id_no) = 18 AND NOT EXISTS (SELECT 1 FROM "
        "bcase d WHERE d.applicant_id = c.applicant_id AND (d.handler_id = (SELECT id FROM "
        "account WHERE login = 'lijuan') OR d.first_contact_id = (SELECT id FROM account WHERE "
        "login = 'lijuan') OR d.agent_id IS NOT NULL)) ORDER BY c.id LIMIT 1";
    char sql[1024];
    snprintf(sql, sizeof sql, pick, "c.no");
    char *no = demo_db_text(e2e_shared, sql, NULL);
    snprintf(sql, sizeof sql, pick, "a.id_no");
    char *id = demo_db_text(e2e_shared, sql, NULL);
    assert_non_null(no);
    assert_non_null(id);
    char masked[19];
    bm_id_mask(id, masked, sizeof masked);
    const char *views = "SELECT count(*) FROM audit WHERE what = 'personal.view'";

    bmt_term *t = e2e_login(e2e_shared, "clerk");
    assert_non_null(t);
    long before = demo_db_long(e2e_shared, views, NULL);
    find_in_my_cases(t, no);
    assert_true(bmt_wait_text(t, no, 5000));
    assert_false(bmt_screen_has(t, id));         /* the list: never in full, nothing logged */
    assert_int_equal(demo_db_long(e2e_shared, views, NULL), before);
    keys(t, "Enter");
    assert_true(bmt_wait_text(t, "BM230", 5000));
    assert_true(bmt_wait_text(t, id, 5000));     /* the handler's detail: in full, logged */
    assert_true(demo_db_long(e2e_shared, views, NULL) > before);
    logout(t);

    t = e2e_login(e2e_shared, "lijuan");
    assert_non_null(t);
    open_case(t, no);
    assert_true(bmt_wait_text(t, "BM230", 5000));
    assert_true(bmt_wait_text(t, masked, 5000));
    assert_false(bmt_screen_has(t, id));
    logout(t);
    free(no);
    free(id);
}

/* A one-time notice is advice given: a GZ notice number of its own, and no 待受理 case waiting
 * in the clerk's My cases. */
static void test_notice_is_advice_not_work(void **state)
{
    (void)state;
    char id[19];
    bmt_term *t = clerk_intake(9, id, "MZ-008", "基本殡葬服务费用减免", "\"XX XX\"");
    assert_true(bmt_wait_text(t, "缺少必要材料：火化证明", 5000));
    keys(t, "\"1\"");
    assert_true(bmt_wait_text(t, "登记号：GZ", 5000));
    assert_true(bmt_screen_has(t, "一次性告知书"));
    char digits[13], no[15];
    digits_after(t, "登记号：GZ", digits);
    snprintf(no, sizeof no, "GZ%s", digits);
    assert_int_equal(demo_db_long(e2e_shared, "SELECT count(*) FROM advice WHERE no = ?1", no), 1);
    keys(t, "Enter F3");
    assert_true(bmt_wait_text(t, "选择 ===>", 5000));
    find_in_my_cases(t, id);
    bmt_wait_quiet(t, 200, 2000);
    if (bmt_screen_has(t, "待受理"))
        bmt_screen_dump(t, "a notice in My cases");
    assert_false(bmt_screen_has(t, "待受理"));
    assert_int_equal(demo_db_long(e2e_shared, "SELECT count(*) FROM bcase WHERE status = 1 AND "
                                          "applicant_id = (SELECT id FROM applicant WHERE id_no "
                                          "= ?1)", id), 0);
    logout(t);
}

/* The counts on My cases' title line: open and due soon. */
static void my_counts(bmt_term *t, int *open, int *due_soon)
{
    keys(t, "2 Enter");
    assert_true(bmt_wait_text(t, "BM220", 5000));
    assert_true(bmt_wait_text(t, "在办 ", 5000));
    char *s = bmt_screen_text(t);
    const char *p = strstr(s, "在办 ");
    assert_non_null(p);
    assert_int_equal(sscanf(p, "在办 %d  即将到期 %d", open, due_soon), 2);
    free(s);
    keys(t, "F3");
    assert_true(bmt_wait_text(t, "选择 ===>", 5000));
}

/* 出生一件事 taken in by the clerk: the bundle and every sub-case the clerk handles count in My
 * cases, those due by the next working day in its due-soon count, and a sub-case is found
 * there. */
static void test_bundle_sub_cases_in_my_cases(void **state)
{
    (void)state;
    char id[19];
    bmt_term *t = e2e_login(e2e_shared, "clerk");
    assert_non_null(t);
    int open0, soon0, open1, soon1;
    my_counts(t, &open0, &soon0);
    logout(t);
    t = clerk_intake(10, id, "出生一件事", "YJS-01 出生一件事", "\"XXXXXXXXXXXX\"");
    assert_true(bmt_wait_text(t, "受理回执", 5000));
    char no[13];
    digits_after(t, "办件号：", no);
    const char *mine = "SELECT count(*) FROM bcase WHERE handler_id = " CLERK_ID " AND (no = ?1 OR "
                       "parent_id = (SELECT id FROM bcase WHERE no = ?1))";
    char sql[400];
    long added = demo_db_long(e2e_shared, mine, no);
    snprintf(sql, sizeof sql, "%s AND deadline <= '2026-09-30'", mine);   /* the next working day */
    long due = demo_db_long(e2e_shared, sql, no);
    assert_true(added > 1);   /* the bundle and its sub-cases */
    assert_true(due >= 1);
    char *sub = demo_db_text(e2e_shared, "SELECT no FROM bcase WHERE handler_id = " CLERK_ID " AND "
                                     "parent_id = (SELECT id FROM bcase WHERE no = ?1) "
                                     "ORDER BY deadline, id LIMIT 1", no);
    assert_non_null(sub);
    keys(t, "Enter F3");
    assert_true(bmt_wait_text(t, "选择 ===>", 5000));
    my_counts(t, &open1, &soon1);
    fprintf(stderr, "# My cases: open %d -> %d (%ld added), due soon %d -> %d (%ld due)\n", open0,
            open1, added, soon0, soon1, due);
    assert_int_equal(open1 - open0, added);
    assert_int_equal(soon1 - soon0, due);
    find_in_my_cases(t, sub);
    assert_true(bmt_wait_text(t, "找到 1 条", 5000));
    assert_true(bmt_screen_has(t, sub));
    free(sub);
    logout(t);
}

/* SB-003 accepted on commitment without the household register; returned for corrections and
 * resumed with it brought: the commitment is settled and the case completes at once. */
static void test_commitment_settled_by_corrections(void **state)
{
    (void)state;
    char id[19];
    bmt_term *t = clerk_intake(11, id, "SB-003", "城乡居民基本养老保险待遇申领", "\"NNX XX\"");
    assert_true(bmt_wait_text(t, "缺少必要材料：户口簿", 5000));
    keys(t, "\"2\"");
    bmt_wait_quiet(t, 200, 2000);
    keys(t, "F2");
    assert_true(bmt_wait_text(t, "受理回执", 5000));
    char no[13];
    digits_after(t, "办件号：", no);
    keys(t, "F5");   /* the case */
    assert_true(bmt_wait_text(t, "BM230", 5000));
    static const char *const path[] = { "开始办理", "退回补正", "补正后继续办理" };
    for (size_t i = 0; i < 3; i++) {
        keys(t, "F2");
        assert_true(bmt_wait_text(t, "步骤 ===>", 5000));
        choose_step(t, path[i]);
        bmt_wait_quiet(t, 200, 2000);
        if (i == 1)
            keys(t, "\" \" \"X\" \" \" \" \" \"请带户口簿\"");
        if (i == 2) {
            /* The household register is brought with the corrections: ticked here. */
            assert_true(bmt_screen_has(t, "1 户口簿"));
            keys(t, "\"X\"");
        }
        keys(t, "F2");
        if (bmt_wait_text(t, "确认", 3000))
            keys(t, "\"y\"");
        bmt_wait_quiet(t, 300, 3000);
        if (bmt_screen_has(t, "补正告知书"))
            keys(t, "Enter");
        assert_true(bmt_wait_text(t, "BM230", 5000));
    }
    keys(t, "F2");
    assert_true(bmt_wait_text(t, "步骤 ===>", 5000));
    choose_step(t, "办结");
    bmt_wait_quiet(t, 200, 2000);
    keys(t, "\"准予\" F2");
    if (bmt_wait_text(t, "确认", 3000))
        keys(t, "\"y\"");
    bmt_wait_quiet(t, 300, 3000);
    assert_false(bmt_screen_has(t, "due"));
    long status = demo_db_long(e2e_shared, "SELECT status FROM bcase WHERE no = ?1", no);
    if (status != BM_CASE_COMPLETED)
        bmt_screen_dump(t, "completing after corrections");
    assert_int_equal(demo_db_long(e2e_shared, "SELECT CASE WHEN commit_due IS NULL OR commit_due = "
                                          "'' THEN 1 ELSE 0 END FROM bcase WHERE no = ?1", no),
                     1);
    assert_int_equal(status, BM_CASE_COMPLETED);
    logout(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refusal_reads_as_words),
        cmocka_unit_test(test_duty_not_offered_refusal),
        cmocka_unit_test(test_full_id_only_where_the_work_needs_it),
        cmocka_unit_test(test_notice_is_advice_not_work),
        cmocka_unit_test(test_bundle_sub_cases_in_my_cases),
        cmocka_unit_test(test_commitment_settled_by_corrections),
    };
    return cmocka_run_group_tests_name("house_core", tests, start_shared, e2e_shared_stop);
}
