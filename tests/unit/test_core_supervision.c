/* Supervision (督办) and could-not-get-it-done records (办不成事) in core: a supervision opened
 * on an overdue case with its working-day deadline, answered only by its handler and closed by
 * the head; pressing again starts round 2; a case given to another clerk keeps the reason in
 * its history; the head's lists and desk are refused to a clerk and to another centre's head
 * (and the refusals are audited); the desk's counts match the tables; a 办不成事 record goes
 * up tier by tier with each tier's deadline on the official calendar and closes only with
 * the person's feedback. The clock is pinned. */
#include "core/impossible.h"
#include "core/supervision.h"
#include "test_core_supervision_util.h"

static int setup(void **state)
{
    (void)state;
    bm_clock_set(tu_at("2026-11-26", 10, 0));   /* a Thursday */
    return sv_setup("supervision.db");
}

static bm_supervision open_on(const bm_case *c, const char *handler, int days)
{
    bm_sup_new in = {.kind = BM_SUP_CASE, .object_id = c->id, .asked = "请说明超期原因并加快办理",
                     .handler = handler, .days = days};
    bm_supervision s;
    SV_OK(bm_sup_open(db, &head, &in, &s, err_));
    return s;
}

static int history_with(int64_t case_id, const char *action, const char *like)
{
    bm_stmt *st;
    bm_err err;
    assert_int_equal(bm_store_prepare(db->store,
                                      "SELECT count(*) FROM case_history WHERE case_id = ?1 "
                                      "AND action = ?2 AND note LIKE ?3", &st, &err), BM_OK);
    bm_bind_id(st, 1, case_id);
    bm_bind_text(st, 2, action);
    bm_bind_text(st, 3, like);
    assert_int_equal(bm_stmt_step(st, &err), 1);
    int n = bm_col_int(st, 0);
    bm_stmt_finalize(st);
    return n;
}

/* The done-when path in core: overdue case, given to 李娟 with the reason, supervised for 2
 * working days (Wed 12-02 -> Fri 12-04), answered by her alone, closed by the head. */
static void test_assign_open_answer_close(void **state)
{
    (void)state;
    bm_clock_set(tu_at("2026-11-26", 10, 0));
    bm_case c = sv_intake(&clerk, 0);
    assert_string_equal(c.deadline, "2026-11-30");
    bm_clock_set(tu_at("2026-12-02", 9, 30));
    bm_err err;
    /* The reason is required, and only the head gives a case away. */
    assert_int_equal(bm_sup_assign(db, &head, c.id, "lijuan", "", &err), BM_EINVALID);
    assert_int_equal(bm_sup_assign(db, &duty, c.id, "lijuan", "AB岗", &err), BM_EDENIED);
    SV_OK(bm_sup_assign(db, &head, c.id, "lijuan", "张敏休假，AB岗顶岗", err_));
    bm_case now;
    SV_OK(bm_case_get(db, &head, c.id, &now, err_));
    assert_int_equal(now.handler_id, colleague.user_id);
    assert_int_equal(history_with(c.id, "supervise", "%lijuan: 张敏休假，AB岗顶岗%"), 1);

    int before_hers, before_mine;
    SV_OK(bm_sup_count_mine(db, &colleague, &before_hers, err_));
    SV_OK(bm_sup_count_mine(db, &clerk, &before_mine, err_));
    bm_supervision s = open_on(&c, NULL, 2);   /* the case's handler: now 李娟 */
    assert_int_equal(s.handler_id, colleague.user_id);
    assert_string_equal(s.due_day, "2026-12-04");
    assert_int_equal(s.round, 1);
    assert_int_equal(s.state, BM_SUP_OPEN);
    int mine;
    SV_OK(bm_sup_count_mine(db, &colleague, &mine, err_));
    assert_int_equal(mine, before_hers + 1);
    SV_OK(bm_sup_count_mine(db, &clerk, &mine, err_));
    assert_int_equal(mine, before_mine);

    /* Someone else cannot answer; an empty answer is refused; the head cannot close what is
     * then answered twice. */
    assert_int_equal(bm_sup_answer(db, &clerk, s.id, "已办", &err), BM_EDENIED);
    assert_int_equal(bm_sup_answer(db, &colleague, s.id, "  ", &err), BM_EINVALID);
    SV_OK(bm_sup_answer(db, &colleague, s.id, "已联系申请人，明日办结", err_));
    assert_int_equal(bm_sup_answer(db, &colleague, s.id, "再答", &err), BM_ESTATE);
    SV_OK(bm_sup_get(db, &head, s.id, &s, err_));
    assert_int_equal(s.state, BM_SUP_ANSWERED);
    assert_string_equal(s.answer, "已联系申请人，明日办结");
    SV_OK(bm_sup_close(db, &head, s.id, 1, "", err_));
    SV_OK(bm_sup_get(db, &head, s.id, &s, err_));
    assert_int_equal(s.state, BM_SUP_SATISFIED);
    assert_int_equal(bm_sup_close(db, &head, s.id, 1, "", &err), BM_ESTATE);
    /* The handler sees every turn in the case's history; the audit log has each change. */
    assert_int_equal(history_with(c.id, "supervise", "%请说明超期原因%"), 1);
    assert_int_equal(history_with(c.id, "supervise", "已联系申请人%"), 1);
    assert_int_equal(sv_count("SELECT count(*) FROM audit WHERE object = 'supervision' AND "
                              "object_id = CAST(?1 AS TEXT) AND what IN ('supervision.open', "
                              "'supervision.answer', 'supervision.close')", s.id), 3);
}

/* Pressing again is a second round with a new day; closing unsatisfied needs a note. */
static void test_press_again_is_round_two(void **state)
{
    (void)state;
    bm_clock_set(tu_at("2026-11-26", 10, 0));
    bm_case c = sv_intake(&clerk, 0);
    bm_supervision s = open_on(&c, "clerk", 1);
    assert_string_equal(s.due_day, "2026-11-27");
    bm_err err;
    assert_int_equal(bm_sup_press(db, &head, s.id, "请今日内答复", 0, &err), BM_EINVALID);
    assert_int_equal(bm_sup_press(db, &clerk, s.id, "请今日内答复", 1, &err), BM_EDENIED);
    bm_clock_set(tu_at("2026-11-30", 9, 0));
    SV_OK(bm_sup_get(db, &head, s.id, &s, err_));
    assert_true(s.overdue);
    SV_OK(bm_sup_press(db, &head, s.id, "请今日内答复", 3, err_));
    SV_OK(bm_sup_get(db, &head, s.id, &s, err_));
    assert_int_equal(s.round, 2);
    assert_int_equal(s.state, BM_SUP_OPEN);
    assert_string_equal(s.due_day, "2026-12-03");
    assert_false(s.overdue);
    SV_OK(bm_sup_answer(db, &clerk, s.id, "已办结", err_));
    assert_int_equal(bm_sup_close(db, &head, s.id, 0, "", &err), BM_EINVALID);
    SV_OK(bm_sup_close(db, &head, s.id, 0, "答复不实", err_));
    SV_OK(bm_sup_get(db, &head, s.id, &s, err_));
    assert_int_equal(s.state, BM_SUP_UNSATISFIED);
    assert_string_equal(s.close_note, "答复不实");
}

static int count_rows(const bm_supervision *s, void *ctx)
{
    (void)s;
    ++*(int *)ctx;
    return 0;
}

static int count_imp(const bm_impossible *r, void *ctx)
{
    (void)r;
    ++*(int *)ctx;
    return 0;
}

/* A clerk cannot see the head's lists or desk; another centre's head cannot supervise ours;
 * each refusal is in the audit log. */
static void test_scope_refused_in_core(void **state)
{
    (void)state;
    bm_clock_set(tu_at("2026-11-26", 10, 0));
    bm_case c = sv_intake(&clerk, 0);
    bm_err err;
    int n = 0;
    const char *refused = "SELECT count(*) FROM audit WHERE note LIKE 'supervise: %' AND "
                          "account_id = ?1";
    int64_t by_clerk = sv_count(refused, clerk.user_id), by_other = sv_count(refused, other_head.user_id);
    assert_int_equal(bm_sup_list(db, &clerk, BM_SUP_LIST_CENTRE, count_rows, &n, &err),
                     BM_EDENIED);
    bm_desk_counts dc;
    assert_int_equal(bm_desk_count(db, &clerk, &dc, &err), BM_EDENIED);
    assert_int_equal(bm_imp_list(db, &clerk, count_imp, &n, &err), BM_EDENIED);
    bm_sup_new in = {.kind = BM_SUP_CASE, .object_id = c.id, .asked = "跨中心督办", .days = 2};
    assert_int_equal(bm_sup_open(db, &other_head, &in, NULL, &err), BM_EDENIED);
    assert_int_equal(bm_sup_open(db, &clerk, &in, NULL, &err), BM_EDENIED);
    assert_int_equal(n, 0);
    assert_int_equal(sv_count(refused, clerk.user_id), by_clerk + 4);
    assert_int_equal(sv_count(refused, other_head.user_id), by_other + 1);
    /* The same lists are the head's. */
    SV_OK(bm_sup_list(db, &head, BM_SUP_LIST_CENTRE, count_rows, &n, err_));
    SV_OK(bm_desk_count(db, &head, &dc, err_));
}

/* The desk's counts are those of the tables for 青林镇, and a new supervision moves them. */
static void test_desk_counts_match_tables(void **state)
{
    (void)state;
    bm_clock_set(tu_at("2026-11-26", 10, 0));
    int64_t centre = sv_count("SELECT o.centre_id FROM account a JOIN org_unit o ON "
                              "o.id = a.org_id WHERE a.id = ?1", head.user_id);
    bm_desk_counts before, after;
    SV_OK(bm_desk_count(db, &head, &before, err_));
    assert_int_equal(before.overdue,
                     sv_count("SELECT count(*) FROM bcase WHERE centre_id = ?1 AND is_open = 1 "
                              "AND parent_id IS NULL AND status != 5 AND deadline < '2026-11-26'",
                              centre));
    assert_int_equal(before.bad_unrectified,
                     sv_count("SELECT count(*) FROM bcase c WHERE centre_id = ?1 AND rating <= 2 "
                              "AND NOT EXISTS (SELECT 1 FROM rectification r WHERE "
                              "r.case_id = c.id)", centre));
    assert_int_equal(before.rect_open,
                     sv_count("SELECT count(*) FROM rectification WHERE centre_id = ?1 AND "
                              "state <= 2", centre));
    assert_int_equal(before.sup_open,
                     sv_count("SELECT count(*) FROM supervision WHERE centre_id = ?1 AND "
                              "state = 1", centre));
    bm_case c = sv_intake(&clerk, 0);
    open_on(&c, NULL, 2);
    bm_imp_new in = {.person = "王大爷", .wish = "办理老年证", .cause = BM_IMP_PASSED_AROUND};
    SV_OK(bm_imp_record(db, &clerk, &in, NULL, err_));
    SV_OK(bm_desk_count(db, &head, &after, err_));
    assert_int_equal(after.sup_open, before.sup_open + 1);
    assert_int_equal(after.impossible[0], before.impossible[0] + 1);
}

/* 办不成事 from tier 1 (the same day) to tier 2 (3 working days) to tier 3 (10 working days),
 * counted across the Mid-Autumn and National Day holidays, then closed with the feedback. */
static void test_impossible_tiers(void **state)
{
    (void)state;
    bm_clock_set(tu_at("2026-09-22", 10, 0));   /* a Tuesday */
    bm_imp_new in = {.person = "李秀兰", .phone = "13990001111", .wish = "办理宅基地确权",
                     .cause = BM_IMP_PASSED_AROUND};
    bm_impossible r;
    bm_err err;
    in.cause = 9;
    assert_int_equal(bm_imp_record(db, &clerk, &in, &r, &err), BM_EINVALID);
    in.cause = BM_IMP_PASSED_AROUND;
    SV_OK(bm_imp_record(db, &clerk, &in, &r, err_));
    assert_int_equal(r.tier, 1);
    assert_string_equal(r.tier_due, "2026-09-22");
    assert_int_equal(bm_imp_escalate(db, &clerk, r.id, "窗口无法解决", &err), BM_EDENIED);
    assert_int_equal(bm_imp_escalate(db, &head, r.id, "", &err), BM_EINVALID);
    SV_OK(bm_imp_escalate(db, &head, r.id, "窗口无法解决", err_));
    SV_OK(bm_imp_get(db, &head, r.id, &r, err_));
    assert_int_equal(r.tier, 2);
    assert_string_equal(r.tier_due, "2026-09-28");
    SV_OK(bm_imp_escalate(db, &head, r.id, "需协调自然资源所", err_));
    SV_OK(bm_imp_get(db, &head, r.id, &r, err_));
    assert_int_equal(r.tier, 3);
    assert_string_equal(r.tier_due, "2026-10-13");
    assert_int_equal(bm_imp_escalate(db, &head, r.id, "再升", &err), BM_ESTATE);
    assert_int_equal(bm_imp_close(db, &head, r.id, "已联合办理", "", &err), BM_EINVALID);
    SV_OK(bm_imp_close(db, &head, r.id, "已联合办理", "群众表示满意", err_));
    SV_OK(bm_imp_get(db, &head, r.id, &r, err_));
    assert_int_equal(r.state, BM_IMP_CLOSED);
    assert_string_equal(r.feedback, "群众表示满意");
    assert_int_equal(bm_imp_close(db, &head, r.id, "x", "y", &err), BM_ESTATE);
    int counts[BM_IMP_CAUSE_COUNT];
    SV_OK(bm_imp_by_cause(db, &head, 2026, 9, counts, err_));
    assert_int_equal(counts[BM_IMP_PASSED_AROUND],
                     sv_count("SELECT count(*) FROM impossible WHERE cause = ?1 AND "
                              "recorded_day LIKE '2026-09-%'", BM_IMP_PASSED_AROUND));
    assert_true(counts[BM_IMP_PASSED_AROUND] >= 1);
    assert_int_equal(bm_imp_by_cause(db, &clerk, 2026, 9, counts, &err), BM_EDENIED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_assign_open_answer_close),
        cmocka_unit_test(test_press_again_is_round_two),
        cmocka_unit_test(test_scope_refused_in_core),
        cmocka_unit_test(test_desk_counts_match_tables),
        cmocka_unit_test(test_impossible_tiers),
    };
    int rc = cmocka_run_group_tests(tests, setup, sv_teardown);
    tu_cleanup();
    return rc;
}
