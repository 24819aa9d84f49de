/* The centre head's desk over real SSH: as `supervisor` the desk's counts match the demo
 * database (counted here independently); from the overdue list the first case goes to 王海燕
 * with the reason, and a supervision is opened on it due in 2 working days; 王海燕 sees it on
 * her home screen and answers it from 好差评与回访; the head closes it satisfied. A clerk's
 * home menu offers none of the head's lists. The clock is pinned to Monday 2026-11-30 10:00. */
#include "tests/e2e/e2e_supervisor.h"

#define NOW "2026-11-30 10:00"
#define TODAY "2026-11-30"
#define NEXT_WORKING_DAY "2026-12-01"

/* 青林镇's open top-level cases, as the desk and the overdue list read them. */
#define CENTRE_OPEN                                                                       \
    "FROM bcase c WHERE c.centre_id = (SELECT id FROM org_unit WHERE code = 'qinglin') " \
    "AND c.is_open = 1 AND c.parent_id IS NULL AND c.status != 5 "

static int start_shared(void **state)
{
    (void)state;
    return e2e_shared_start(NOW);
}

/* The row of the screen holding text, or NULL (the caller frees). */
static char *row_with(bmt_term *t, const char *text)
{
    for (int y = 0; y < 24; y++) {
        char *row = bmt_screen_row(t, y);
        if (row && strstr(row, text))
            return row;
        free(row);
    }
    return NULL;
}

/* The desk line labelled label shows status (its count and marks). */
static void desk_line_shows(bmt_term *t, const char *label, const char *status)
{
    char *row = row_with(t, label);
    if (!row || !strstr(row, status)) {
        bmt_screen_dump(t, label);
        fail_msg("desk line %s: want \"%s\" in \"%s\"", label, status, row ? row : "(none)");
    }
    free(row);
}

static void test_desk_assign_supervise_answer_close(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "supervisor");
    keys(t, "\"1\" Enter");
    wait_for(t, "BM500");
    char want[64];
    long overdue = db_long("SELECT count(*) " CENTRE_OPEN "AND c.deadline < '" TODAY "'", NULL);
    long soon = db_long("SELECT count(*) " CENTRE_OPEN "AND c.deadline >= '" TODAY
                        "' AND c.deadline <= '" NEXT_WORKING_DAY "'", NULL);
    assert_true(overdue > 0);
    snprintf(want, sizeof want, "%ld !", overdue);
    desk_line_shows(t, "超期办件", want);
    snprintf(want, sizeof want, soon ? "%ld *" : "%ld", soon);
    desk_line_shows(t, "即将到期", want);
    long waiting = db_long("SELECT count(*) FROM supervision WHERE state = 1 AND centre_id = "
                           "(SELECT id FROM org_unit WHERE code = 'qinglin')", NULL);
    long answered = db_long("SELECT count(*) FROM supervision WHERE state = 2 AND centre_id = "
                            "(SELECT id FROM org_unit WHERE code = 'qinglin')", NULL);
    snprintf(want, sizeof want, "待答复 %ld  已答复 %ld", waiting, answered);
    desk_line_shows(t, "督办事项", want);
    long rect = db_long("SELECT count(*) FROM rectification WHERE state <= 2 AND centre_id = "
                        "(SELECT id FROM org_unit WHERE code = 'qinglin')", NULL);
    snprintf(want, sizeof want, "整改中 %ld", rect);
    desk_line_shows(t, "差评整改", want);
    long tier[3];
    for (int i = 0; i < 3; i++) {
        const char tier_no[2] = {(char)('1' + i), 0};
        tier[i] = db_long("SELECT count(*) FROM impossible WHERE state = 1 AND tier = ?1 AND "
                          "centre_id = (SELECT id FROM org_unit WHERE code = 'qinglin')", tier_no);
    }
    snprintf(want, sizeof want, "一级 %ld  二级 %ld  三级 %ld", tier[0], tier[1], tier[2]);
    desk_line_shows(t, "办不成事", want);

    /* The overdue list, the most overdue first: give it to 王海燕 with the reason. */
    char *no = demo_db_text(e2e_shared, "SELECT c.no " CENTRE_OPEN "AND c.deadline < '" TODAY
                                        "' ORDER BY c.deadline, c.id LIMIT 1", NULL);
    assert_non_null(no);
    keys(t, "\"1\" Enter");
    wait_for(t, "BM501");
    wait_for(t, no);
    keys(t, "\"1\" Enter");
    wait_for(t, "交给其他窗口人员");
    keys(t, "\"wanghy\" Tab \"李娟休假，AB岗顶岗\" Enter");
    wait_for(t, "办件已转交新承办人");
    assert_int_equal(db_long("SELECT count(*) FROM bcase c JOIN account a ON a.id = c.handler_id "
                             "WHERE a.login = 'wanghy' AND c.no = ?1", no), 1);
    assert_int_equal(db_long("SELECT count(*) FROM case_history h JOIN bcase c ON c.id = "
                             "h.case_id WHERE c.no = ?1 AND h.note LIKE '%李娟休假，AB岗顶岗'", no),
                     1);
    /* Then a supervision on it: 2 working days, to its handler (now 王海燕). */
    wait_for(t, no);
    keys(t, "\"7\" Enter");
    wait_for(t, "督办办件");
    keys(t, "\"请说明超期原因并尽快办结\" Tab Tab Enter");
    wait_for(t, "已发起督办");
    assert_int_equal(db_long("SELECT count(*) FROM supervision s JOIN account a ON a.id = "
                             "s.handler_id WHERE s.object_no = ?1 AND a.login = 'wanghy' AND "
                             "s.due_day = '2026-12-02' AND s.state = 1", no), 1);
    e2e_logout(t);

    /* 王海燕 sees it on her home screen and answers it. */
    t = e2e_login(e2e_shared, "wanghy");
    long mine = db_long("SELECT count(*) FROM supervision s JOIN account a ON a.id = "
                        "s.handler_id WHERE a.login = ?1 AND s.state = 1", "wanghy");
    snprintf(want, sizeof want, "督办待答复: %ld", mine);
    wait_for(t, want);
    keys(t, "\"6\" Enter");
    wait_for(t, "BM520");
    keys(t, "\"1\" Enter");
    wait_for(t, "BM504");
    char spec[64];
    snprintf(spec, sizeof spec, "\"/\" \"%s\" Enter", no);
    keys(t, spec);
    wait_for(t, "找到 1 条");
    keys(t, "\"1\" Enter");
    wait_for(t, "答复");
    keys(t, "\"已联系申请人，今日办结\" Enter");
    wait_for(t, "答复已送中心负责人");
    e2e_logout(t);

    /* The head sees the answer waiting and closes the supervision, satisfied. */
    t = e2e_login(e2e_shared, "supervisor");
    wait_for(t, "督办已答复待您处理");
    keys(t, "\"1\" Enter");
    wait_for(t, "BM500");
    keys(t, "\"3\" Enter");
    wait_for(t, "BM502");
    keys(t, spec);
    wait_for(t, "找到 1 条");
    assert_true(bmt_screen_has(t, "已答复"));
    keys(t, "\"3\" Enter");
    wait_for(t, "满意");
    keys(t, "\"按时答复\" Enter");
    wait_for(t, "督办已办结");
    assert_int_equal(db_long("SELECT state FROM supervision WHERE object_no = ?1 ORDER BY id DESC "
                             "LIMIT 1", no), 3);
    free(no);
    e2e_logout(t);
}

/* The clerk's home menu has none of the head's entries (core refuses the lists too: unit
 * tests). */
static void test_clerk_has_no_head_lists(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "clerk");
    assert_true(bmt_screen_has(t, "好差评与回访"));
    assert_false(bmt_screen_has(t, "办不成事"));
    assert_false(bmt_screen_has(t, "督办  "));
    e2e_logout(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_desk_assign_supervise_answer_close),
        cmocka_unit_test(test_clerk_has_no_head_lists),
    };
    return cmocka_run_group_tests(tests, start_shared, e2e_shared_stop);
}
