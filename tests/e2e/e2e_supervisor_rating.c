/* Bad ratings, callbacks and could-not-get-it-done over real SSH, the clock pinned to Tuesday
 * 2026-09-22 10:00 (before the Mid-Autumn and National Day holidays): the clerk completes a
 * case and the applicant rates it 非常不满意, which opens a rectification due 2026-10-20 (15
 * working days on the official calendar); the head records the verification and what was
 * done, the callback records 满意, and the rectification counts as on time. A callback of
 * "not satisfied" sends another case back to its handler, who reads the reason on the home
 * screen. A could-not-get-it-done record goes from tier 1 to tier 3, each tier's deadline
 * shown, and is closed with the person's feedback. */
#include "tests/e2e/e2e_supervisor.h"

#define NOW "2026-09-22 10:00"

static int start_shared(void **state)
{
    (void)state;
    return e2e_shared_start(NOW);
}

static void test_bad_rating_rectified_and_called_back(void **state)
{
    (void)state;
    char *no = demo_db_text(e2e_shared,
                            "SELECT c.no FROM bcase c JOIN account a ON a.id = c.handler_id "
                            "WHERE a.login = 'clerk' AND c.status = 4 AND c.parent_id IS NULL "
                            "AND c.bundle_id IS NULL AND c.commit_due IS NULL ORDER BY c.id "
                            "LIMIT 1", NULL);
    assert_non_null(no);
    bmt_term *t = e2e_login(e2e_shared, "clerk");
    keys(t, "\"2\" Enter");
    wait_for(t, "BM220");
    find_one(t, no);
    keys(t, "Enter");
    wait_for(t, "BM230");
    keys(t, "F2");
    wait_for(t, "步骤 ===>");
    char key = bmt_menu_key(t, "办结");
    assert_true(key != 0);
    char spec[96];
    snprintf(spec, sizeof spec, "\"%c\" Enter", key);
    keys(t, spec);
    wait_for(t, "领取方式");
    keys(t, "F2");
    wait_for(t, "确认");
    keys(t, "\"y\"");
    wait_for(t, "请记录申请人评价");
    keys(t, "\"1\" Tab \"等候太久\"");
    wait_for(t, "等候太久");
    keys(t, "F2");
    wait_for(t, "确认");
    keys(t, "\"y\"");
    wait_for(t, "已记录评价 1");
    e2e_logout(t);
    /* Fifteen working days from Tuesday 09-22 skip 09-25..27 and 10-01..07 and count the
     * make-up Saturday 10-10. */
    assert_int_equal(db_long("SELECT count(*) FROM rectification r JOIN bcase c ON c.id = "
                             "r.case_id WHERE c.no = ?1 AND r.due_day = '2026-10-20' AND "
                             "r.state = 1 AND r.rating = 1", no), 1);

    t = e2e_login(e2e_shared, "supervisor");
    keys(t, "\"4\" Enter");
    wait_for(t, "BM510");
    find_one(t, no);
    assert_true(bmt_screen_has(t, "2026-10-20"));
    assert_true(bmt_screen_has(t, "待整改"));
    keys(t, "\"1\" Enter");
    wait_for(t, "整改办件");
    keys(t, "\"情况属实：等候时间过长\" Tab \"已向申请人道歉并增开窗口\" Enter");
    wait_for(t, "整改已记录");
    keys(t, "F3");
    wait_for(t, "BM100");
    keys(t, "\"1\" Enter");
    wait_for(t, "BM500");
    keys(t, "\"5\" Enter");
    wait_for(t, "BM521");
    find_one(t, no);
    assert_true(bmt_screen_has(t, "差评已整改"));
    keys(t, "\"1\" Enter");
    wait_for(t, "回访");
    keys(t, "Tab \"4\" Tab \"现在满意了\" Enter");
    wait_for(t, "回访已记录");
    keys(t, "F3");
    wait_for(t, "BM500");
    keys(t, "F3");
    wait_for(t, "BM100");
    keys(t, "\"4\" Enter");
    wait_for(t, "BM510");
    find_one(t, no);
    assert_true(bmt_screen_has(t, "已回访"));
    assert_true(bmt_screen_has(t, "按时"));
    assert_int_equal(db_long("SELECT count(*) FROM rectification r JOIN bcase c ON c.id = "
                             "r.case_id WHERE c.no = ?1 AND r.state = 4 AND r.new_rating = 4 "
                             "AND r.done_day <= r.due_day AND c.rating = 4 AND "
                             "c.rating_channel = 'callback'", no), 1);
    free(no);
    e2e_logout(t);
}

static void test_not_satisfied_callback_goes_home(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "supervisor");
    keys(t, "\"1\" Enter");
    wait_for(t, "BM500");
    keys(t, "\"5\" Enter");
    wait_for(t, "BM521");
    /* A due callback of a case 李娟 handled (the list has queued what became due). */
    char *no = demo_db_text(e2e_shared,
                            "SELECT c.no FROM callback k JOIN bcase c ON c.id = k.case_id "
                            "JOIN account a ON a.id = k.handler_id WHERE a.login = 'lijuan' AND "
                            "k.state IN (1, 3) AND k.due_day <= '2026-09-22' ORDER BY k.id "
                            "LIMIT 1", NULL);
    assert_non_null(no);
    find_one(t, no);
    keys(t, "\"1\" Enter");
    wait_for(t, "回访");
    keys(t, "Tab \"2\" Tab \"证件寄错地址\" Enter");
    wait_for(t, "回访已记录");
    e2e_logout(t);

    t = e2e_login(e2e_shared, "lijuan");
    char want[96];
    snprintf(want, sizeof want, "回访退回: %s: 证件寄错地址", no);
    wait_for(t, want);
    keys(t, "\"6\" Enter");
    wait_for(t, "BM520");
    keys(t, "\"4\" Enter");
    wait_for(t, "BM522");
    assert_true(bmt_screen_has(t, "证件寄错地址"));
    free(no);
    e2e_logout(t);
}

static void test_could_not_get_it_done_tiers(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "supervisor");
    keys(t, "\"2\" Enter");
    wait_for(t, "BM530");
    keys(t, "F6");
    wait_for(t, "登记办不成事");
    keys(t, "\"李秀兰\" Tab \"13990001111\" Tab \"办理宅基地确权\" Tab \"3\" Tab Enter");
    wait_for(t, "已登记");
    find_one(t, "李秀兰");
    assert_true(bmt_screen_has(t, "1 窗口"));
    assert_true(bmt_screen_has(t, "2026-09-22"));
    keys(t, "\"7\" Enter");
    wait_for(t, "升级");
    keys(t, "\"窗口当日无法解决\" Enter");
    wait_for(t, "已升级");
    wait_for(t, "2 分管");
    assert_true(bmt_screen_has(t, "2026-09-28"));
    keys(t, "\"7\" Enter");
    wait_for(t, "升级");
    keys(t, "\"需召集自然资源所会商\" Enter");
    wait_for(t, "3 负责人");
    assert_true(bmt_screen_has(t, "2026-10-13"));
    keys(t, "\"3\" Enter");
    wait_for(t, "办理结果");
    keys(t, "\"已联合办理\" Tab \"群众表示满意\" Enter");
    wait_for(t, "已办结。");
    wait_for(t, "已办结");
    assert_int_equal(db_long("SELECT count(*) FROM impossible WHERE person = ?1 AND state = 2 "
                             "AND tier = 3 AND feedback = '群众表示满意'", "李秀兰"), 1);
    e2e_logout(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_rating_rectified_and_called_back),
        cmocka_unit_test(test_not_satisfied_callback_goes_home),
        cmocka_unit_test(test_could_not_get_it_done_tiers),
    };
    return cmocka_run_group_tests(tests, start_shared, e2e_shared_stop);
}
