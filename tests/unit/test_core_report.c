/* The report engine: periods (ISO weeks, quarters, ranges, the same period last year), scope
 * checks in core (another centre, the county, a role without reports), every case figure on
 * a small hand-built village whose answers are worked out below by hand (on time across the
 * National Day holiday and its make-up Saturday, a case paused for corrections, a bundle once
 * per bundle and once per sub-case in the matter split, ratings), and the figures of a pinned
 * month of the demo county against plain SQL written here. */
#include <math.h>
#include "core/authz.h"
#include "core/calendar.h"
#include "core/case.h"
#include "core/catalogue.h"
#include "core/callback.h"
#include "core/impossible.h"
#include "core/rectify.h"
#include "core/report.h"
#include "core/workorder.h"
#include "test_core_util.h"

static bm_db *db;
static bm_actor clerk, other_clerk, supervisor, admin, agent;

static int setup(void **state)
{
    (void)state;
    bm_clock_set(tu_at("2026-11-30", 10, 0));   /* the demo's months end here */
    db = tu_demo_db("report.db");
    clerk = tu_actor(db, "clerk");
    other_clerk = tu_actor(db, "zhouq");
    supervisor = tu_actor(db, "supervisor");
    admin = tu_actor(db, "admin");
    agent = tu_actor(db, "agent");
    bm_err err;
    if (bm_catalogue_load(db, &admin, tu_test_catalogue, sizeof tu_test_catalogue - 1, NULL,
                          NULL, NULL, &err) != BM_OK ||
        bm_org_add(db, &tu_shell, "qinglin.ceshi", "测试村", BM_ORG_VILLAGE, "qinglin", "",
                   &err) != BM_OK) {
        fprintf(stderr, "setup: %s %s\n", err.reason, err.detail);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    bm_clock_set(0);
    bm_db_close(db);
    tu_cleanup();
    return 0;
}

static bm_period period(const char *s)
{
    bm_period p;
    bm_err err;
    if (bm_period_parse(s, &p, &err) != BM_OK)
        fail_msg("period %s: %s", s, err.reason);
    return p;
}

/* Runs report `name` for the period as typed; the test fails when core refuses. */
static void run(bm_report *r, const bm_actor *who, const char *name, const char *when,
                const char *scope)
{
    bm_period p = period(when);
    bm_err err;
    if (bm_report_run(db, who, name, &p, scope, r, &err) != BM_OK)
        fail_msg("%s %s: %s %s", name, when, err.reason, err.detail);
}

static void assert_span(const bm_period *p, const char *from, const char *to, const char *label)
{
    char a[11], b[11];
    bm_day_format(p->from, a);
    bm_day_format(p->to, b);
    assert_string_equal(a, from);
    assert_string_equal(b, to);
    assert_string_equal(p->label, label);
}

static void periods(void **state)
{
    (void)state;
    bm_period p = period("2026-W48"), q;
    assert_span(&p, "2026-11-23", "2026-11-29", "2026-W48");
    bm_period_step(&p, -1, &q);
    assert_span(&q, "2026-11-16", "2026-11-22", "2026-W47");
    bm_period_last_year(&p, &q);
    assert_span(&q, "2025-11-24", "2025-11-30", "2025-W48");
    /* 2026 has 53 ISO weeks, 2025 has 52: week 53's last year is week 52. */
    p = period("2026-W53");
    assert_span(&p, "2026-12-28", "2027-01-03", "2026-W53");
    bm_period_last_year(&p, &q);
    assert_span(&q, "2025-12-22", "2025-12-28", "2025-W52");
    p = period("2026-01");
    bm_period_step(&p, -1, &q);
    assert_span(&q, "2025-12-01", "2025-12-31", "2025-12");
    p = period("2026-q1");
    assert_span(&p, "2026-01-01", "2026-03-31", "2026-Q1");
    bm_period_step(&p, -1, &q);
    assert_span(&q, "2025-10-01", "2025-12-31", "2025-Q4");
    p = period("2026");
    assert_span(&p, "2026-01-01", "2026-12-31", "2026");
    p = period("2028-02-29");
    bm_period_last_year(&p, &q);
    assert_span(&q, "2027-02-28", "2027-02-28", "2027-02-28");
    p = period("2026-11-01..2026-11-15");
    bm_period_step(&p, -1, &q);
    assert_span(&q, "2026-10-17", "2026-10-31", "2026-10-17..2026-10-31");
    bm_period_last_year(&p, &q);
    assert_span(&q, "2025-11-01", "2025-11-15", "2025-11-01..2025-11-15");
    bm_err err;
    const char *bad[] = {"", "2026-13", "2026-W54", "2025-W53", "2026-Q5", "26-11",
                         "2026-11-15..2026-11-01", "2026-02-30", "monthly"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(bm_period_parse(bad[i], &p, &err), BM_EINVALID);
}

static void scopes(void **state)
{
    (void)state;
    bm_report_scope s;
    bm_err err;
    assert_int_equal(bm_report_scope_get(db, &supervisor, NULL, &s, &err), BM_OK);
    assert_string_equal(s.code, "qinglin");
    assert_int_equal(s.level, BM_REPORT_CENTRE);
    assert_int_equal(bm_report_scope_get(db, &supervisor, "qinglin.baiyan", &s, &err), BM_OK);
    assert_int_equal(s.level, BM_REPORT_VILLAGE);
    assert_int_equal(bm_report_scope_get(db, &clerk, "qinglin", &s, &err), BM_OK);
    int64_t before = tu_count(db, "SELECT count(*) FROM audit WHERE what = 'refused'");
    assert_int_equal(bm_report_scope_get(db, &clerk, "shiqiao", &s, &err), BM_EDENIED);
    assert_string_equal(err.reason, "This belongs to another centre");
    assert_int_equal(bm_report_scope_get(db, &clerk, "shiqiao.longquan", &s, &err), BM_EDENIED);
    assert_int_equal(bm_report_scope_get(db, &supervisor, "county", &s, &err), BM_EDENIED);
    assert_int_equal(bm_report_scope_get(db, &agent, "qinglin.xinqiao", &s, &err), BM_EDENIED);
    assert_string_equal(err.reason, "Your role does not allow this");
    /* Every refusal is in the audit log. */
    assert_int_equal(tu_count(db, "SELECT count(*) FROM audit WHERE what = 'refused'"),
                     before + 4);
    assert_int_equal(bm_report_scope_get(db, &admin, NULL, &s, &err), BM_OK);
    assert_int_equal(s.level, BM_REPORT_COUNTY);
    assert_int_equal(bm_report_scope_get(db, &admin, "shiqiao", &s, &err), BM_OK);
    assert_int_equal(bm_report_scope_get(db, &admin, "nowhere", &s, &err), BM_ENOTFOUND);
    assert_int_equal(bm_report_scope_get(db, &admin, "qinglin.w1", &s, &err), BM_EINVALID);
    bm_report r;
    assert_int_equal(bm_report_run(db, &other_clerk, "monthly", NULL, "qinglin", &r, &err),
                     BM_EDENIED);
    assert_int_equal(bm_report_run(db, &supervisor, "nonsense", NULL, NULL, &r, &err),
                     BM_EINVALID);
}

/* ---- the hand-built village ---- */

static int64_t person;

static void at(const char *day)
{
    bm_clock_set(tu_at(day, 10, 0));
}

static const char *const papers[] = {"申请表", "户口簿"};

static int64_t take(const char *day, const char *matter, const char *bundle, int channel,
                    int mode)
{
    at(day);
    int papers_for = !matter ? 2 : !strcmp(matter, "T-FIVE") ? 2 : !strcmp(matter, "T-TWO");
    bm_intake in = {.applicant_id = person, .matter_code = matter, .bundle_code = bundle,
                    .channel = channel, .received = papers, .nreceived = papers_for, .mode = mode,
                    .result = "已办结", .delivery = "窗口领取"};
    bm_case c;
    bm_err err;
    if (bm_case_intake(db, &clerk, &in, &c, &err) != BM_OK)
        fail_msg("intake %s: %s %s", day, err.reason, err.detail);
    return c.id;
}

static void act(const char *day, int64_t id, int verb)
{
    at(day);
    bm_case_args args = {.note = "测试", .result = "已办结", .delivery = "窗口领取",
                         .received = papers, .nreceived = 2};
    bm_err err;
    if (bm_case_act(db, &clerk, id, verb, &args, &err) != BM_OK)
        fail_msg("%s on %s: %s %s", bm_verb_name(verb), day, err.reason, err.detail);
}

static void rate(int64_t id, int rating)
{
    bm_err err;
    if (bm_case_rate(db, &clerk, id, rating, "device", &err) != BM_OK)
        fail_msg("rate: %s %s", err.reason, err.detail);
}

static int collect_child(const bm_case *c, void *ctx)
{
    int64_t *ids = ctx;
    ids[ids[0] < 0 ? 0 : 1] = c->id;
    if (ids[0] < 0)
        ids[0] = c->id;
    return 0;
}

/* The cases of 测试村 (the October 2026 working days: 1-7 off, Saturday the 10th on):
 *   A T-FIVE accepted 09-30, deadline 10-13 across the holiday, completed 10-13: on time, 5 days
 *   B T-FIVE accepted 10-12, deadline 10-19, completed 10-20: late, 6 days, rated 1
 *   C T-FIVE accepted 10-14, corrections 10-15..10-19 (2 days), deadline 10-21 + 2 = 10-23,
 *     completed 10-22: on time only because of the pause; 6 - 2 = 4 days; not rated
 *   D T-NOW completed on the spot 10-15: immediate, 0 days, rated 5
 *   E bundle T-B (T-FIVE + T-TWO) accepted 10-16, both completed 10-21: the bundle on time
 *     (deadline 10-23, its slowest), the T-TWO sub-case late (10-20), 3 days, rated 3
 *   F T-TWO accepted 10-26 by the hotline, deadline 10-28, open: overdue on 11-02
 *   G T-TWO accepted 10-27, waiting for corrections since 10-28: paused, not overdue
 * A is rated 4. Channels: A C E G window, B appointment, D online, F hotline. */
static void build_village(void)
{
    person = tu_new_person(db, &clerk, "罗测试", "511725196002020018", "qinglin.ceshi");
    assert_true(person > 0);
    int64_t a = take("2026-09-30", "T-FIVE", NULL, BM_CHANNEL_WINDOW, BM_INTAKE_ACCEPT);
    act("2026-10-08", a, BM_DO_START);
    act("2026-10-13", a, BM_DO_COMPLETE);
    rate(a, 4);
    int64_t b = take("2026-10-12", "T-FIVE", NULL, BM_CHANNEL_APPOINTMENT, BM_INTAKE_ACCEPT);
    act("2026-10-12", b, BM_DO_START);
    act("2026-10-20", b, BM_DO_COMPLETE);
    rate(b, 1);
    int64_t c = take("2026-10-14", "T-FIVE", NULL, BM_CHANNEL_WINDOW, BM_INTAKE_ACCEPT);
    act("2026-10-15", c, BM_DO_RETURN);
    act("2026-10-19", c, BM_DO_RESUME);
    act("2026-10-22", c, BM_DO_COMPLETE);
    int64_t d = take("2026-10-15", "T-NOW", NULL, BM_CHANNEL_ONLINE, BM_INTAKE_COMPLETE);
    rate(d, 5);
    int64_t e = take("2026-10-16", NULL, "T-B", BM_CHANNEL_WINDOW, BM_INTAKE_ACCEPT);
    int64_t kids[2] = {-1, 0};
    bm_err err;
    assert_int_equal(bm_case_children(db, &clerk, e, collect_child, kids, &err), BM_OK);
    for (int k = 0; k < 2; k++) {
        act("2026-10-16", kids[k], BM_DO_START);
        act("2026-10-21", kids[k], BM_DO_COMPLETE);
    }
    rate(e, 3);
    take("2026-10-26", "T-TWO", NULL, BM_CHANNEL_HOTLINE, BM_INTAKE_ACCEPT);
    int64_t g = take("2026-10-27", "T-TWO", NULL, BM_CHANNEL_WINDOW, BM_INTAKE_ACCEPT);
    act("2026-10-28", g, BM_DO_RETURN);
    at("2026-11-02");
}

static const bm_value *cell(const bm_report *r, const char *key, int col)
{
    const bm_report_row *row = bm_report_find(r, key);
    if (!row)
        fail_msg("no row %s", key);
    return &row->cell[col];
}

static void assert_value(const bm_report *r, const char *key, int col, double v)
{
    const bm_value *x = cell(r, key, col);
    if (x->state != BM_VALUE_OK || fabs(x->v - v) > 0.001)
        fail_msg("%s[%d]: %g (state %d), expected %g", key, col, x->v, x->state, v);
}

static void assert_none(const bm_report *r, const char *key, int col)
{
    if (cell(r, key, col)->state != BM_VALUE_NONE)
        fail_msg("%s[%d] has a value", key, col);
}

static void hand_built(void **state)
{
    (void)state;
    build_village();
    bm_report r;
    run(&r, &supervisor, "monthly", "2026-10", "qinglin.ceshi");
    assert_string_equal(r.previous.label, "2026-09");
    assert_string_equal(r.last_year.label, "2025-10");
    assert_value(&r, "received", 0, 6);
    assert_value(&r, "completed", 0, 5);
    assert_value(&r, "on_time_pct", 0, 80);
    assert_value(&r, "overdue_now", 0, 1);
    assert_none(&r, "overdue_now", 1);          /* a snapshot: only now */
    assert_value(&r, "immediate_pct", 0, 20);
    assert_value(&r, "avg_days", 0, 3.6);
    assert_value(&r, "p90_days", 0, 6);
    assert_value(&r, "rated_pct", 0, 80);
    assert_value(&r, "satisfied_pct", 0, 50);
    assert_value(&r, "rating_5", 0, 1);
    assert_value(&r, "rating_4", 0, 1);
    assert_value(&r, "rating_3", 0, 1);
    assert_value(&r, "rating_2", 0, 0);
    assert_value(&r, "rating_1", 0, 1);
    assert_value(&r, "bad_ratings", 0, 1);
    /* B's bad rating opened a rectification on 10-20, due in November: nothing to say yet
     * about "on time" (not 0 %); no callback was due; nobody could not get it done. */
    assert_value(&r, "rect_count", 0, 1);
    assert_none(&r, "rectified_pct", 0);
    assert_value(&r, "appeals_accepted", 0, 0);
    assert_none(&r, "callback_pct", 0);
    assert_value(&r, "impossible", 0, 0);
    for (int i = 0; i < r.nrows; i++)            /* every figure has landed */
        assert_int_not_equal(r.rows[i].cell[0].state, BM_VALUE_MISSING);
    /* September: A received; nothing completed, so no percentage (not 0 %). */
    assert_value(&r, "received", 1, 1);
    assert_value(&r, "completed", 1, 0);
    assert_none(&r, "on_time_pct", 1);
    assert_value(&r, "received", 2, 0);
    assert_value(&r, "received.window", 0, 3);
    assert_value(&r, "received.appointment", 0, 1);
    assert_value(&r, "received.online", 0, 1);
    assert_value(&r, "received.hotline", 0, 1);
    assert_value(&r, "received.agent", 0, 0);
    assert_value(&r, "received.home_visit", 0, 0);
    bm_report_free(&r);

    /* By matter each sub-case of the bundle counts under its own matter. */
    run(&r, &supervisor, "matters", "2026-10", "qinglin.ceshi");
    assert_int_equal(r.nrows, 3);
    assert_value(&r, "T-FIVE", 0, 3);
    assert_value(&r, "T-FIVE", 1, 4);
    assert_value(&r, "T-FIVE", 2, 75);
    assert_value(&r, "T-TWO", 0, 3);
    assert_value(&r, "T-TWO", 1, 1);
    assert_value(&r, "T-TWO", 2, 0);
    assert_value(&r, "T-TWO", 6, 1);             /* F is overdue */
    assert_value(&r, "T-NOW", 3, 100);
    bm_report_free(&r);

    /* The trend: twelve months up to October, September holding A. */
    run(&r, &supervisor, "trend", "2026-10", "qinglin.ceshi");
    assert_int_equal(r.nrows, 12);
    assert_string_equal(r.rows[0].key, "2025-11");
    assert_string_equal(r.rows[11].key, "2026-10");
    assert_value(&r, "2026-10", 0, 6);
    assert_value(&r, "2026-10", 2, 80);
    assert_value(&r, "2026-09", 0, 1);
    assert_value(&r, "2026-08", 0, 0);
    assert_none(&r, "2026-08", 2);
    bm_report_free(&r);

    /* One week: 10-12..10-18 received B C D E. */
    run(&r, &clerk, "weekly", "2026-W42", "qinglin.ceshi");
    assert_value(&r, "received", 0, 4);
    assert_value(&r, "completed", 0, 2);         /* A, D */
    bm_report_free(&r);
}

/* ---- the desk's figures on the same village ---- */

static void ok(int rc, const bm_err *err, const char *what)
{
    if (rc != BM_OK)
        fail_msg("%s: %s %s", what, err->reason, err->detail);
}

static int64_t rect_of(int64_t case_id)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT id FROM rectification WHERE case_id = %lld",
             (long long)case_id);
    return tu_count(db, sql);
}

/* November in 测试村, counted by hand:
 *   B's bad rating (October) is appealed and the appeal accepted: out of October's figures,
 *     which then have A 4, D 5, E 3 rated among 5 completed: rated 60 %, satisfied 2 of 3.
 *   H (T-NOW, 11-03) rated 2: rectified 11-05, on time; its callback (due 11-05) made, 4.
 *   I (T-NOW, 11-04) rated 1: never rectified, past its day (11-25) by 11-30.
 *   C (unrated) has a callback due 11-06 that nobody made: 1 of 2 callbacks made.
 *   Could not get it done: refused (naming H), too slow (naming I), and one naming no case,
 *     which belongs to the centre but to no village. */
static void desk_figures(void **state)
{
    (void)state;
    bm_err err;
    int64_t b = tu_count(db, "SELECT c.id FROM bcase c JOIN org_unit v ON v.id = c.village_id "
                             "WHERE v.code = 'qinglin.ceshi' AND c.rating = 1");
    int64_t c = tu_count(db, "SELECT c.id FROM bcase c JOIN org_unit v ON v.id = c.village_id "
                             "WHERE v.code = 'qinglin.ceshi' AND c.accepted_day = '2026-10-14'");
    assert_true(b > 0 && c > 0);
    at("2026-11-02");
    ok(bm_rect_appeal(db, &supervisor, rect_of(b), "误按评价器", &err), &err, "appeal");
    ok(bm_rect_decide(db, &supervisor, rect_of(b), 1, "日志证实误按", &err), &err, "decide");
    bm_report r;
    run(&r, &supervisor, "monthly", "2026-10", "qinglin.ceshi");
    assert_value(&r, "rated_pct", 0, 60);
    assert_value(&r, "satisfied_pct", 0, 200.0 / 3);
    assert_value(&r, "rating_1", 0, 0);
    assert_value(&r, "bad_ratings", 0, 0);
    assert_value(&r, "rect_count", 0, 0);
    assert_value(&r, "appeals_accepted", 0, 1);
    assert_none(&r, "rectified_pct", 0);
    bm_report_free(&r);

    int64_t h = take("2026-11-03", "T-NOW", NULL, BM_CHANNEL_WINDOW, BM_INTAKE_COMPLETE);
    rate(h, 2);
    int64_t i = take("2026-11-04", "T-NOW", NULL, BM_CHANNEL_WINDOW, BM_INTAKE_COMPLETE);
    rate(i, 1);
    at("2026-11-05");
    ok(bm_rect_record(db, &supervisor, rect_of(h), "情况属实", "已当面解释", &err), &err,
       "rectify");
    int64_t cb = tu_count(db, "SELECT max(id) FROM callback");
    bm_cb_result res = {.reached = 1, .rating = 4, .remarks = ""};
    ok(bm_cb_record(db, &supervisor, cb, &res, &err), &err, "callback");
    bm_case cc, hc, ic;
    ok(bm_case_get(db, &clerk, c, &cc, &err), &err, "case C");
    ok(bm_case_get(db, &clerk, h, &hc, &err), &err, "case H");
    ok(bm_case_get(db, &clerk, i, &ic, &err), &err, "case I");
    ok(bm_cb_queue(db, c, cc.centre_id, clerk.user_id, BM_CB_UNRATED, "2026-11-06", &err), &err,
       "queue");
    bm_imp_new rec[] = {
        {.person = "罗测试", .wish = "补证", .cause = BM_IMP_REFUSED, .case_no = hc.no},
        {.person = "罗测试", .wish = "快办", .cause = BM_IMP_TOO_SLOW, .case_no = ic.no},
        {.person = "路人", .wish = "问路", .cause = BM_IMP_OTHER},
    };
    for (size_t k = 0; k < sizeof rec / sizeof *rec; k++) {
        bm_impossible out;
        ok(bm_imp_record(db, &clerk, &rec[k], &out, &err), &err, "could not");
    }

    at("2026-11-30");
    run(&r, &supervisor, "monthly", "2026-11", "qinglin.ceshi");
    assert_value(&r, "rect_count", 0, 2);
    assert_value(&r, "rectified_pct", 0, 50);
    assert_value(&r, "callback_pct", 0, 50);
    assert_value(&r, "impossible", 0, 2);
    assert_value(&r, "impossible.refused", 0, 1);
    assert_value(&r, "impossible.too_slow", 0, 1);
    assert_value(&r, "impossible.other", 0, 0);
    assert_value(&r, "impossible.not_listed", 0, 0);
    /* The callback's new rating (4) replaced H's bad one: I is November's only bad rating. */
    assert_value(&r, "bad_ratings", 0, 1);
    assert_value(&r, "satisfied_pct", 0, 50);
    bm_report_free(&r);
}

/* ---- a pinned month of the demo county against plain SQL ---- */

static int64_t q(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int64_t q(const char *fmt, ...)
{
    char sql[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    return tu_count(db, sql);
}

static void assert_pct(const bm_report *r, const char *key, int64_t num, int64_t den)
{
    if (den == 0)
        assert_none(r, key, 0);
    else
        assert_value(r, key, 0, 100.0 * (double)num / (double)den);
}

#define CENTRE "(SELECT id FROM org_unit WHERE code = 'qinglin')"
#define TOPS "FROM bcase WHERE parent_id IS NULL AND centre_id = " CENTRE
#define DONE TOPS " AND status = %d AND completed_day BETWEEN '2026-10-01' AND '2026-10-31'"

static void demo_month(void **state)
{
    (void)state;
    at("2026-11-30");
    bm_report r;
    bm_err err;
    run(&r, &supervisor, "monthly", "2026-10", NULL);
    assert_string_equal(r.scope.code, "qinglin");
    int64_t received = q("SELECT count(*) " TOPS
                         " AND accepted_day BETWEEN '2026-10-01' AND '2026-10-31'");
    int64_t completed = q("SELECT count(*) " DONE, BM_CASE_COMPLETED);
    assert_true(received > 20);                 /* the demo has a busy month here */
    assert_true(completed > 20);
    assert_value(&r, "received", 0, (double)received);
    assert_value(&r, "completed", 0, (double)completed);
    assert_pct(&r, "on_time_pct",
               q("SELECT count(*) " DONE " AND completed_day <= deadline", BM_CASE_COMPLETED),
               completed);
    /* A bad rating whose appeal was accepted is out of the figures. */
    int64_t voided = q("SELECT count(*) " DONE " AND rating <= 2 AND id IN (SELECT case_id FROM "
                       "rectification WHERE state = %d)", BM_CASE_COMPLETED, BM_RECT_VOID);
    int64_t rated = q("SELECT count(*) " DONE " AND rating IS NOT NULL", BM_CASE_COMPLETED) -
                    voided;
    assert_pct(&r, "rated_pct", rated, completed);
    assert_pct(&r, "satisfied_pct",
               q("SELECT count(*) " DONE " AND rating >= 4", BM_CASE_COMPLETED), rated);
    assert_value(&r, "bad_ratings", 0,
                 (double)(q("SELECT count(*) " DONE " AND rating <= 2", BM_CASE_COMPLETED) -
                          voided));
    assert_pct(&r, "immediate_pct",
               q("SELECT count(*) " DONE " AND promised_days = 0 AND completed_day = accepted_day",
                 BM_CASE_COMPLETED), completed);
    assert_value(&r, "overdue_now", 0,
                 (double)q("SELECT count(*) " TOPS " AND is_open = 1 AND deadline < '2026-11-30' "
                           "AND status != %d", BM_CASE_CORRECTIONS));
    int64_t sep = q("SELECT count(*) " TOPS
                    " AND accepted_day BETWEEN '2026-09-01' AND '2026-09-30'");
    assert_value(&r, "received", 1, (double)sep);
    /* The channels add up to what was received. */
    double sum = 0;
    for (int i = 0; i < r.nrows; i++)
        if (!strncmp(r.rows[i].key, "received.", 9))
            sum += r.rows[i].cell[0].v;
    assert_true(fabs(sum - (double)received) < 0.001);
    /* Proxy requests by the instant, in Beijing time. */
    time_t a = tu_at("2026-10-01", 0, 0), b = tu_at("2026-11-01", 0, 0);
    assert_value(&r, "proxy_taken", 0,
                 (double)q("SELECT count(*) FROM proxy_request WHERE centre_id = " CENTRE
                           " AND taken_at >= %lld AND taken_at < %lld", (long long)a,
                           (long long)b));
    assert_value(&r, "proxy_told", 0,
                 (double)q("SELECT count(*) FROM proxy_request WHERE centre_id = " CENTRE
                           " AND told_at >= %lld AND told_at < %lld", (long long)a,
                           (long long)b));
    for (int kind = BM_WO_CONSULT; kind < BM_WO_KIND_COUNT; kind++) {
        static const char *const keys[] = {"", "wo_consult_pct", "wo_help_pct",
                                           "wo_suggest_pct", "wo_complaint_pct",
                                           "wo_report_pct"};
        const char *sql = "SELECT count(*) FROM work_order w JOIN work_order_clock k "
                          "ON k.order_id = w.id WHERE w.centre_id = " CENTRE
                          " AND w.kind = %d AND k.state = %d AND w.received_at >= %lld "
                          "AND w.received_at < %lld";
        int64_t met = q(sql, kind, BM_WOC_MET, (long long)a, (long long)b);
        int64_t missed = q(sql, kind, BM_WOC_MISSED, (long long)a, (long long)b);
        assert_pct(&r, keys[kind], met, met + missed);
    }
    /* Working days, counted here case by case on the calendar. */
    bm_stmt *st;
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT accepted_day, completed_day, paused_days " DONE,
             BM_CASE_COMPLETED);
    assert_int_equal(bm_store_prepare(db->store, sql, &st, &err), BM_OK);
    int days[4096], n = 0;
    double total = 0;
    while (n < 4096 && bm_stmt_step(st, &err) == 1) {
        int wd;
        assert_int_equal(bm_workdays_between(db, tu_day(bm_col_str(st, 0)),
                                             tu_day(bm_col_str(st, 1)), &wd, NULL, &err), BM_OK);
        wd -= bm_col_int(st, 2);
        days[n++] = wd < 0 ? 0 : wd;
        total += days[n - 1];
    }
    bm_stmt_finalize(st);
    assert_int_equal(n, completed);
    assert_value(&r, "avg_days", 0, total / n);
    /* p90: the smallest value with at least 90 % of the cases at or below it. */
    int p90 = -1;
    for (int i = 0; i < n; i++) {
        int below = 0;
        for (int k = 0; k < n; k++)
            below += days[k] <= days[i];
        if (below * 10 >= n * 9 && (p90 < 0 || days[i] < p90))
            p90 = days[i];
    }
    assert_value(&r, "p90_days", 0, p90);
    /* Rectifications opened in October: those that count, past their day or put right. */
#define RECT "SELECT count(*) FROM rectification r JOIN bcase c ON c.id = r.case_id WHERE " \
    "c.centre_id = " CENTRE " AND r.opened_day BETWEEN '2026-10-01' AND '2026-10-31' AND "
    int64_t rect_due = q(RECT "r.state != %d AND (r.state IN (%d, %d) OR r.due_day < '2026-11-30')",
                         BM_RECT_VOID, BM_RECT_DONE, BM_RECT_CLOSED);
    assert_true(rect_due > 0);
    assert_value(&r, "rect_count", 0, (double)q(RECT "r.state != %d", BM_RECT_VOID));
    assert_pct(&r, "rectified_pct",
               q(RECT "r.state IN (%d, %d) AND r.done_day <= r.due_day", BM_RECT_DONE,
                 BM_RECT_CLOSED), rect_due);
    assert_value(&r, "appeals_accepted", 0, (double)q(RECT "r.state = %d", BM_RECT_VOID));
    bm_report_free(&r);

    /* November: callbacks due up to today, could-not-get-it-done records by cause. */
    run(&r, &supervisor, "monthly", "2026-11", NULL);
#define CB "SELECT count(*) FROM callback k JOIN bcase c ON c.id = k.case_id WHERE " \
    "c.centre_id = " CENTRE " AND k.due_day BETWEEN '2026-11-01' AND '2026-11-30'"
    int64_t due = q(CB);
    assert_true(due > 0);
    assert_pct(&r, "callback_pct", q(CB " AND k.state = %d", BM_CB_DONE), due);
    static const char *const causes[] = {"", "impossible.not_listed", "impossible.refused",
                                         "impossible.passed_around", "impossible.too_slow",
                                         "impossible.other"};
    int64_t all = 0;
    for (int k = 1; k < BM_IMP_CAUSE_COUNT; k++) {
        int64_t n = q("SELECT count(*) FROM impossible WHERE centre_id = " CENTRE " AND cause = %d "
                      "AND recorded_day BETWEEN '2026-11-01' AND '2026-11-30'", k);
        assert_value(&r, causes[k], 0, (double)n);
        all += n;
    }
    assert_true(all >= 4);
    assert_value(&r, "impossible", 0, (double)all);
    bm_report_free(&r);

    /* The villages of the centre, and the township itself, add up to the centre. */
    run(&r, &supervisor, "villages", "2026-10", NULL);
    sum = 0;
    for (int i = 0; i < r.nrows; i++)
        sum += r.rows[i].cell[0].v;
    assert_true(fabs(sum - (double)received) < 0.001);
    bm_report_free(&r);
}

static void ranking(void **state)
{
    (void)state;
    at("2026-11-30");
    bm_report r;
    run(&r, &supervisor, "ranking", "2026-10", NULL);
    assert_int_equal(r.min_count, 5);
    assert_true(r.nrows >= 1);
    for (int i = 0; i < r.nrows; i++) {
        const bm_report_row *row = &r.rows[i];
        assert_true(row->cell[0].v >= 5);       /* completed: the minimum stated */
        if (i == 0) {
            assert_int_equal(row->rank, 1);
            continue;
        }
        const bm_report_row *up = &r.rows[i - 1];
        assert_true(row->cell[1].v <= up->cell[1].v + 1e-9);
        int tie = row->cell[1].v == up->cell[1].v && row->cell[2].v == up->cell[2].v &&
                  row->cell[0].v == up->cell[0].v;
        assert_int_equal(row->rank, tie ? up->rank : i + 1);
    }
    bm_report_free(&r);
}

static int no_tr_calls;
static const char *upper_tr(const char *s)
{
    no_tr_calls++;
    return !strcmp(s, "Received") ? "受理, 件" : s;
}

static void formats(void **state)
{
    (void)state;
    at("2026-11-30");
    bm_report r;
    bm_err err;
    run(&r, &supervisor, "monthly", "2026-10", NULL);
    char *t;
    size_t len;
    assert_int_equal(bm_report_format(&r, BM_FORMAT_CSV, 1, upper_tr, &t, &len, &err), BM_OK);
    assert_true(no_tr_calls > 0);
    assert_memory_equal(t, "\xEF\xBB\xBF", 3);
    int lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += t[i] == '\n';
    assert_int_equal(lines, r.nrows + 1);
    /* A label holding a comma is quoted; numbers carry no units. */
    char want[128];
    snprintf(want, sizeof want, "\r\nreceived,Cases,\"受理, 件\",%.0f,", r.rows[0].cell[0].v);
    assert_non_null(strstr(t, want));
    assert_null(strstr(t, "%,"));
    assert_null(strstr(t, "%\r"));
    free(t);
    assert_int_equal(bm_report_format(&r, BM_FORMAT_TEXT, 0, NULL, &t, &len, &err), BM_OK);
    for (char *line = strtok(t, "\n"); line; line = strtok(NULL, "\n"))
        if (bm_text_width(line) > 78)
            fail_msg("wider than 78: %s", line);
    free(t);
    assert_int_equal(bm_report_format(&r, BM_FORMAT_JSON, 0, NULL, &t, &len, &err), BM_OK);
    assert_non_null(strstr(t, "\"period\":{\"label\":\"2026-10\",\"from\":\"2026-10-01\","
                              "\"to\":\"2026-10-31\"}"));
    assert_non_null(strstr(t, "\"key\":\"rectified_pct\""));
    assert_non_null(strstr(t, "\"value\":null"));
    free(t);
    bm_report_free(&r);
    assert_int_equal(bm_text_width("青林镇 ab"), 9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(periods),
        cmocka_unit_test(scopes),
        cmocka_unit_test(hand_built),
        cmocka_unit_test(desk_figures),
        cmocka_unit_test(demo_month),
        cmocka_unit_test(ranking),
        cmocka_unit_test(formats),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
