/* Bad-rating rectifications (差评整改) and callbacks (回访) in core: a 非常不满意 at the window
 * opens a rectification due 15 working days later on the official calendar (across National
 * Day); verification and action make it done and queue its callback, whose new rating closes
 * it, replaces the case's rating (channel "callback") and counts on time; an accepted appeal
 * takes the bad rating out of the figures but keeps it in the history; a refused one reopens
 * it; the monthly sample is the same every time it is drawn and takes the rate of each
 * clerk's cases rounded up; a "not satisfied" callback sends the case back to its handler.
 * The clock is pinned. */
#include "core/callback.h"
#include "core/rectify.h"
#include "core/supervision.h"
#include "test_core_supervision_util.h"

static int setup(void **state)
{
    (void)state;
    bm_clock_set(tu_at("2026-09-22", 10, 0));
    return sv_setup("rectify.db");
}

/* A case completed at the window by clerk on day, rated `rating` there (0: not rated). */
static bm_case completed(const bm_actor *who, const char *day, int rating)
{
    bm_clock_set(tu_at(day, 10, 0));
    bm_case c = sv_intake(who, 1);
    if (rating)
        SV_OK(bm_case_rate(db, who, c.id, rating, "window", err_));
    return c;
}

static bm_rect rect_of(int64_t case_id)
{
    int64_t id = sv_count("SELECT id FROM rectification WHERE case_id = ?1", case_id);
    bm_rect r;
    SV_OK(bm_rect_get(db, &head, id, &r, err_));
    return r;
}

struct find_cb {
    int64_t case_id;
    bm_callback found;
    int n;
};

static int find_cb(const bm_callback *c, void *ctx)
{
    struct find_cb *f = ctx;
    if (c->case_id == f->case_id) {
        f->found = *c;
        f->n++;
    }
    return 0;
}

static void test_bad_rating_rectified_on_time(void **state)
{
    (void)state;
    bm_case c = completed(&clerk, "2026-09-22", 1);
    bm_rect r = rect_of(c.id);
    assert_int_equal(r.rating, 1);
    assert_int_equal(r.state, BM_RECT_OPEN);
    assert_string_equal(r.opened_day, "2026-09-22");
    assert_string_equal(r.due_day, "2026-10-20");   /* 15 working days, holidays skipped */
    assert_int_equal(r.handler_id, clerk.user_id);

    bm_clock_set(tu_at("2026-10-15", 11, 0));
    bm_err err;
    assert_int_equal(bm_rect_record(db, &head, r.id, "", "已向申请人道歉", &err), BM_EINVALID);
    assert_int_equal(bm_rect_record(db, &other_head, r.id, "属实", "整改", &err), BM_EDENIED);
    SV_OK(bm_rect_record(db, &head, r.id, "情况属实：等候时间过长", "已向申请人道歉并优化叫号",
                         err_));
    r = rect_of(c.id);
    assert_int_equal(r.state, BM_RECT_DONE);
    assert_string_equal(r.done_day, "2026-10-15");
    assert_true(r.on_time);

    /* Its callback is due at once; the person now says 满意. */
    struct find_cb f = {.case_id = c.id};
    SV_OK(bm_cb_list_due(db, &clerk, find_cb, &f, err_));
    assert_int_equal(f.n, 1);
    assert_int_equal(f.found.reason, BM_CB_RECTIFIED);
    bm_cb_result res = {.reached = 1, .rating = 4, .remarks = "态度好多了"};
    SV_OK(bm_cb_record(db, &clerk, f.found.id, &res, err_));
    assert_int_equal(bm_cb_record(db, &clerk, f.found.id, &res, &err), BM_ESTATE);
    r = rect_of(c.id);
    assert_int_equal(r.state, BM_RECT_CLOSED);
    assert_int_equal(r.new_rating, 4);
    bm_case now;
    SV_OK(bm_case_get(db, &clerk, c.id, &now, err_));
    assert_int_equal(now.rating, 4);
    assert_string_equal(now.rating_channel, "callback");
    bm_rect_figures fig;
    SV_OK(bm_rect_figures_get(db, &head, &fig, err_));
    assert_int_equal(fig.on_time, sv_count("SELECT count(*) FROM rectification WHERE "
                                           "centre_id = ?1 AND state IN (3, 4) AND "
                                           "done_day <= due_day", now.centre_id));
    assert_true(fig.called_back >= 1);
    assert_int_equal(bm_rect_figures_get(db, &clerk, &fig, &err), BM_EDENIED);
}

static void test_late_rectification_is_not_on_time(void **state)
{
    (void)state;
    bm_case c = completed(&clerk, "2026-09-22", 2);
    bm_rect r = rect_of(c.id);
    bm_clock_set(tu_at("2026-10-21", 9, 0));
    r = rect_of(c.id);
    assert_true(r.overdue);
    SV_OK(bm_rect_record(db, &clerk, r.id, "属实", "已补办", err_));   /* its own handler */
    r = rect_of(c.id);
    assert_false(r.on_time);
    assert_false(r.overdue);
}

/* An appeal accepted by the head takes the bad rating out of the figures; the history keeps
 * it (the rectification, its events, the case's rating). A refused appeal reopens. */
static void test_appeal_accepted_keeps_history(void **state)
{
    (void)state;
    bm_case c = completed(&clerk, "2026-09-23", 2);
    bm_rect r = rect_of(c.id);
    bm_rect_figures before, after;
    SV_OK(bm_rect_figures_get(db, &head, &before, err_));
    bm_err err;
    assert_int_equal(bm_rect_appeal(db, &colleague, r.id, "误评", &err), BM_EDENIED);
    SV_OK(bm_rect_appeal(db, &clerk, r.id, "申请人误按评价器，已书面说明", err_));
    assert_int_equal(bm_rect_decide(db, &clerk, r.id, 1, "同意", &err), BM_EDENIED);
    SV_OK(bm_rect_decide(db, &head, r.id, 0, "证据不足", err_));
    assert_int_equal(rect_of(c.id).state, BM_RECT_OPEN);
    SV_OK(bm_rect_appeal(db, &clerk, r.id, "补充评价器日志", err_));
    SV_OK(bm_rect_decide(db, &head, r.id, 1, "日志证实误按，申诉成立", err_));
    r = rect_of(c.id);
    assert_int_equal(r.state, BM_RECT_VOID);
    assert_int_equal(r.rating, 2);
    assert_string_equal(r.decision, "日志证实误按，申诉成立");
    SV_OK(bm_rect_figures_get(db, &head, &after, err_));
    assert_int_equal(after.bad, before.bad - 1);
    assert_int_equal(sv_count("SELECT count(*) FROM supervision_event WHERE "
                              "object = 'rectification' AND object_id = ?1", r.id), 5);
    assert_int_equal(sv_count("SELECT rating FROM bcase WHERE id = ?1", c.id), 2);
    assert_int_equal(sv_count("SELECT count(*) FROM case_history WHERE case_id = ?1 AND "
                              "action = 'rate'", c.id), 1);
    assert_int_equal(bm_rect_decide(db, &head, r.id, 1, "再次", &err), BM_ESTATE);
}

struct drawn {
    int64_t ids[4096];
    int64_t handlers[4096];
    int n;
};

static int keep_drawn(int64_t case_id, int64_t handler_id, void *ctx)
{
    struct drawn *d = ctx;
    if (d->n < 4096) {
        d->ids[d->n] = case_id;
        d->handlers[d->n++] = handler_id;
    }
    return 0;
}

static int drawn_for(const struct drawn *d, int64_t handler)
{
    int n = 0;
    for (int i = 0; i < d->n; i++)
        n += d->handlers[i] == handler;
    return n;
}

/* The sample is reproducible and takes ceil(rate x cases) of every handler's month. */
static void test_sample_reproducible_and_at_rate(void **state)
{
    (void)state;
    for (int i = 0; i < 7; i++)
        completed(&clerk, "2026-10-12", 5);
    for (int i = 0; i < 3; i++)
        completed(&colleague, "2026-10-13", 0);
    bm_clock_set(tu_at("2026-11-02", 9, 0));
    static struct drawn a, b, full;
    SV_OK(bm_cb_sample(db, &clerk, 2026, 10, 30, keep_drawn, &a, err_));
    SV_OK(bm_cb_sample(db, &head, 2026, 10, 30, keep_drawn, &b, err_));
    assert_int_equal(a.n, b.n);
    assert_memory_equal(a.ids, b.ids, (size_t)a.n * sizeof a.ids[0]);
    SV_OK(bm_cb_sample(db, &clerk, 2026, 10, 100, keep_drawn, &full, err_));
    int64_t centre = sv_count("SELECT o.centre_id FROM account a JOIN org_unit o ON "
                              "o.id = a.org_id WHERE a.id = ?1", clerk.user_id);
    const char *month = "SELECT count(*) FROM bcase WHERE centre_id = ?1 AND status = 8 AND "
                        "completed_day LIKE '2026-10-%' AND parent_id IS NULL";
    assert_int_equal(full.n, sv_count(month, centre));
    const bm_actor *who[] = {&clerk, &colleague};
    for (int k = 0; k < 2; k++) {
        int cases = (int)sv_count("SELECT count(*) FROM bcase WHERE handler_id = ?1 "
                                  "AND status = 8 AND completed_day LIKE '2026-10-%' "
                                  "AND parent_id IS NULL", who[k]->user_id);
        assert_true(cases >= (k == 0 ? 7 : 3));
        assert_int_equal(drawn_for(&a, who[k]->user_id), (cases * 30 + 99) / 100);
    }
    static struct drawn none;
    bm_err err;
    assert_int_equal(bm_cb_sample(db, &clerk, 2026, 10, 0, keep_drawn, &none, &err), BM_EINVALID);
    assert_int_equal(bm_cb_sample(db, &other_clerk, 2026, 10, 30, keep_drawn, &none, &err), BM_OK);
    for (int i = 0; i < none.n; i++)
        for (int j = 0; j < full.n; j++)
            assert_true(none.ids[i] != full.ids[j]);   /* another centre's cases only */
}

static int keep_sent(const bm_callback *c, void *ctx)
{
    return find_cb(c, ctx);
}

/* An unrated case is called back 3 working days after completion; not reached, it is due
 * the next working day; "not satisfied" sends it back to its handler with the reason. */
static void test_not_satisfied_sends_back(void **state)
{
    (void)state;
    bm_case c = completed(&colleague, "2026-11-02", 0);
    bm_clock_set(tu_at("2026-11-04", 9, 0));
    int added;
    SV_OK(bm_cb_plan(db, &clerk, 10, &added, err_));
    struct find_cb f = {.case_id = c.id};
    SV_OK(bm_cb_list_due(db, &clerk, find_cb, &f, err_));
    assert_int_equal(f.n, 0);   /* only 2 working days yet */
    bm_clock_set(tu_at("2026-11-05", 9, 0));
    SV_OK(bm_cb_plan(db, &clerk, 10, &added, err_));
    assert_true(added >= 1);
    SV_OK(bm_cb_list_due(db, &clerk, find_cb, &f, err_));
    assert_int_equal(f.n, 1);
    assert_int_equal(f.found.reason, BM_CB_UNRATED);
    bm_cb_result miss = {.reached = 0};
    SV_OK(bm_cb_record(db, &clerk, f.found.id, &miss, err_));
    SV_OK(bm_cb_get(db, &clerk, f.found.id, &f.found, err_));
    assert_int_equal(f.found.state, BM_CB_RETRY);
    assert_string_equal(f.found.due_day, "2026-11-06");
    bm_clock_set(tu_at("2026-11-06", 9, 0));
    bm_err err;
    bm_cb_result bad = {.reached = 1, .rating = 2, .remarks = ""};
    assert_int_equal(bm_cb_record(db, &clerk, f.found.id, &bad, &err), BM_EINVALID);
    bad.remarks = "证件寄错地址";
    SV_OK(bm_cb_record(db, &clerk, f.found.id, &bad, err_));
    struct find_cb sent = {.case_id = c.id};
    SV_OK(bm_cb_list_sent_back(db, &colleague, keep_sent, &sent, err_));
    assert_int_equal(sent.n, 1);
    assert_string_equal(sent.found.remarks, "证件寄错地址");
    assert_int_equal(sv_count("SELECT count(*) FROM case_history WHERE case_id = ?1 AND "
                              "action = 'send-back' AND note = '证件寄错地址'", c.id), 1);
    /* The callback's bad rating is the case's now, and opens its rectification. */
    assert_int_equal(sv_count("SELECT rating FROM bcase WHERE id = ?1", c.id), 2);
    assert_int_equal(rect_of(c.id).rating, 2);
    assert_int_equal(bm_cb_redone(db, &clerk, f.found.id, "已重寄", &err), BM_EDENIED);
    SV_OK(bm_cb_redone(db, &colleague, f.found.id, "已重新邮寄", err_));
    sent.n = 0;
    SV_OK(bm_cb_list_sent_back(db, &colleague, keep_sent, &sent, err_));
    assert_int_equal(sent.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_rating_rectified_on_time),
        cmocka_unit_test(test_late_rectification_is_not_on_time),
        cmocka_unit_test(test_appeal_accepted_keeps_history),
        cmocka_unit_test(test_sample_reproducible_and_at_rate),
        cmocka_unit_test(test_not_satisfied_sends_back),
    };
    int rc = cmocka_run_group_tests(tests, setup, sv_teardown);
    tu_cleanup();
    return rc;
}
