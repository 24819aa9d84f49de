/* 12345 work orders: the statutory clocks on pinned times (a weekend, the National Day
 * holiday, a make-up Sunday, a pause, a reassignment, an extension, a missed clock), the
 * steps' permissions and particulars, and a year of generated orders whose stored clocks
 * must equal those recomputed from their histories. */
#include "core/calendar.h"
#include "core/workorder.h"
#include "test_core_util.h"

static bm_db *db;
static bm_actor clerk, duty, supervisor, agent;
static int64_t window2, window3, xinqiao;
static bm_office_hours hours;

static int setup(void **state)
{
    (void)state;
    db = tu_demo_db("workorder.db");
    clerk = tu_actor(db, "clerk");
    duty = tu_actor(db, "duty");
    supervisor = tu_actor(db, "supervisor");
    agent = tu_actor(db, "agent");
    bm_org o;
    assert_int_equal(bm_org_get_by_code(db, "qinglin.w2", &o, NULL), BM_OK);
    window2 = o.id;
    assert_int_equal(bm_org_get_by_code(db, "qinglin.w3", &o, NULL), BM_OK);
    window3 = o.id;
    assert_int_equal(bm_org_get_by_code(db, "qinglin.xinqiao", &o, NULL), BM_OK);
    xinqiao = o.id;
    /* the hours the statutory examples are stated in */
    assert_int_equal(bm_org_set_office_hours(db, &tu_shell, "qinglin", "09:00-12:00,13:30-17:30",
                                             NULL), BM_OK);
    assert_int_equal(bm_org_get_by_code(db, "qinglin", &o, NULL), BM_OK);
    hours = o.hours;
    assert_int_equal(hours.start[1], 13 * 60 + 30);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    bm_clock_set(0);
    bm_db_close(db);
    return 0;
}

static int serial;

/* An order of `kind` received at `at` (the clock pinned there), entered by duty staff. */
static int64_t received(const char *day, int hh, int mm, int kind)
{
    time_t at = tu_at(day, hh, mm);
    bm_clock_set(at);
    char no[32];
    snprintf(no, sizeof no, "GD2026%06d", ++serial);
    bm_wo_new in = {.no = no, .received_at = at, .caller = "张三", .phone = "13812345678",
                    .kind = kind, .summary = "路灯不亮", .text = "新桥村二组路灯坏了一周",
                    .village_id = xinqiao};
    int64_t id = 0;
    bm_err err;
    if (bm_wo_create(db, &duty, &in, &id, &err) != BM_OK)
        fail_msg("create: %s %s", err.reason, err.detail);
    return id;
}

/* A step by `who` at hh:mm of day. */
static int step_at(const bm_actor *who, int64_t id, const char *day, int hh, int mm,
                   bm_wo_event_rec s, bm_err *err)
{
    bm_clock_set(tu_at(day, hh, mm));
    return bm_wo_step(db, who, id, &s, err);
}

#define STEP_OK(who, id, day, hh, mm, ...) \
    do { \
        bm_err e_; \
        bm_wo_event_rec s_ = {__VA_ARGS__}; \
        if (step_at(who, id, day, hh, mm, s_, &e_) != BM_OK) \
            fail_msg("step %d at %s: %s %s", s_.event, day, e_.reason, e_.detail); \
    } while (0)

static bm_workorder order(int64_t id)
{
    bm_workorder o;
    assert_int_equal(bm_wo_get(db, id, &o, NULL), BM_OK);
    return o;
}

static void assert_at(time_t got, const char *day, int hh, int mm)
{
    time_t want = tu_at(day, hh, mm);
    if (got != want) {
        char d[11];
        bm_day_format(bm_day_of(got), d);
        fail_msg("got %s %02d:%02d, want %s %02d:%02d", d, bm_minute_of(got) / 60,
                 bm_minute_of(got) % 60, day, hh, mm);
    }
}

static void transfer_clock_runs_over_the_weekend(void **state)
{
    (void)state;
    int64_t id = received("2026-12-04", 16, 30, BM_WO_HELP);   /* a Friday */
    bm_workorder o = order(id);
    assert_int_equal(o.status, BM_WO_RECEIVED);
    assert_int_equal(o.clocks[BM_WOC_TRANSFER].state, BM_WOC_RUNNING);
    assert_at(o.clocks[BM_WOC_TRANSFER].due_at, "2026-12-07", 11, 0);
    assert_int_equal(o.clocks[BM_WOC_SIGN].state, BM_WOC_IDLE);
    assert_int_equal(o.clocks[BM_WOC_ANSWER].state, BM_WOC_IDLE);
    /* on Saturday the time left has not moved since Friday's close */
    bm_wo_clock_view v;
    assert_int_equal(bm_wo_clock_at(db, &hours, &o.clocks[BM_WOC_TRANSFER],
                                    tu_at("2026-12-05", 11, 0), &v, NULL), BM_OK);
    assert_int_equal(v.state, BM_WOC_RUNNING);
    assert_int_equal(v.left, 120);
    assert_int_equal(bm_wo_clock_at(db, &hours, &o.clocks[BM_WOC_TRANSFER],
                                    tu_at("2026-12-07", 11, 30), &v, NULL), BM_OK);
    assert_int_equal(v.state, BM_WOC_OVERDUE);
    assert_int_equal(v.left, -30);
}

static void national_day_eve_counts_past_the_holiday(void **state)
{
    (void)state;
    int64_t id = received("2026-09-30", 15, 30, BM_WO_CONSULT);
    bm_workorder o = order(id);
    /* two hours on the 30th, the holiday 10-01..07 skipped, one hour on Thursday 10-08 */
    assert_at(o.clocks[BM_WOC_TRANSFER].due_at, "2026-10-08", 10, 0);
    /* signed for the same afternoon: a day of seven working hours, then five to answer */
    STEP_OK(&duty, id, "2026-09-30", 16, 0, .event = BM_WOE_SIGNED);
    o = order(id);
    assert_int_equal(o.clocks[BM_WOC_TRANSFER].state, BM_WOC_MET);
    assert_int_equal(o.clocks[BM_WOC_SIGN].state, BM_WOC_MET);
    /* 10-08, 09, Saturday 10-10 (make-up), 10-12, 10-13 */
    assert_at(o.clocks[BM_WOC_ANSWER].due_at, "2026-10-13", 16, 0);
}

static void make_up_sunday_is_a_working_day(void **state)
{
    (void)state;
    int64_t id = received("2026-09-19", 10, 0, BM_WO_CONSULT);   /* Saturday, a rest day */
    /* Sunday 09-20 is a make-up working day: three hours from its opening */
    assert_at(order(id).clocks[BM_WOC_TRANSFER].due_at, "2026-09-20", 12, 0);
    id = received("2026-09-12", 10, 0, BM_WO_CONSULT);           /* an ordinary Saturday */
    assert_at(order(id).clocks[BM_WOC_TRANSFER].due_at, "2026-09-14", 12, 0);
}

static void a_pause_moves_the_answer_by_exactly_its_length(void **state)
{
    (void)state;
    int64_t id = received("2026-11-02", 9, 30, BM_WO_CONSULT);   /* a Monday */
    STEP_OK(&duty, id, "2026-11-02", 10, 0, .event = BM_WOE_SIGNED);
    bm_workorder o = order(id);
    time_t before = o.clocks[BM_WOC_ANSWER].due_at;
    assert_at(before, "2026-11-09", 10, 0);
    STEP_OK(&duty, id, "2026-11-03", 10, 0, .event = BM_WOE_PAUSED,
            .reason = BM_WO_PAUSE_CALLER);
    o = order(id);
    assert_int_equal(o.status, BM_WO_PAUSED);
    assert_int_equal(o.clocks[BM_WOC_ANSWER].state, BM_WOC_PAUSED);
    assert_int_equal(o.clocks[BM_WOC_ANSWER].pause_reason, BM_WO_PAUSE_CALLER);
    bm_wo_clock_view v1, v2;
    assert_int_equal(bm_wo_clock_at(db, &hours, &o.clocks[BM_WOC_ANSWER],
                                    tu_at("2026-11-03", 15, 0), &v1, NULL), BM_OK);
    assert_int_equal(bm_wo_clock_at(db, &hours, &o.clocks[BM_WOC_ANSWER],
                                    tu_at("2026-11-04", 16, 0), &v2, NULL), BM_OK);
    assert_int_equal(v1.state, BM_WOC_PAUSED);
    assert_int_equal(v1.left, v2.left);          /* paused time does not count */
    assert_int_equal(v1.left, 5 * 420 - 420);    /* one working day used */
    STEP_OK(&duty, id, "2026-11-05", 10, 0, .event = BM_WOE_RESUMED);
    o = order(id);
    time_t after = o.clocks[BM_WOC_ANSWER].due_at;
    assert_int_equal(o.clocks[BM_WOC_ANSWER].state, BM_WOC_RUNNING);
    int days;
    assert_int_equal(bm_workdays_between(db, bm_day_of(before), bm_day_of(after), &days, NULL,
                                         NULL), BM_OK);
    assert_int_equal(days, 2);
    assert_int_equal(bm_minute_of(after), bm_minute_of(before));
    assert_at(after, "2026-11-11", 10, 0);
}

static void reassignment_restarts_only_the_sign_clock(void **state)
{
    (void)state;
    int64_t id = received("2026-11-16", 9, 0, BM_WO_COMPLAINT);
    STEP_OK(&duty, id, "2026-11-16", 10, 0, .event = BM_WOE_TRANSFERRED, .unit_id = window2,
            .note = "归二号窗口");
    STEP_OK(&clerk, id, "2026-11-17", 9, 30, .event = BM_WOE_SIGNED);
    bm_workorder o = order(id);
    bm_wo_clock tr = o.clocks[BM_WOC_TRANSFER], an = o.clocks[BM_WOC_ANSWER];
    assert_int_equal(tr.state, BM_WOC_MET);
    assert_int_equal(o.clocks[BM_WOC_SIGN].state, BM_WOC_MET);
    assert_int_equal(an.state, BM_WOC_RUNNING);
    bm_err err;
    bm_wo_event_rec s = {.event = BM_WOE_REASSIGNED, .unit_id = window3, .note = "改派"};
    assert_int_equal(step_at(&clerk, id, "2026-11-18", 10, 0, s, &err), BM_EDENIED);
    STEP_OK(&supervisor, id, "2026-11-18", 10, 0, .event = BM_WOE_REASSIGNED,
            .unit_id = window3, .note = "改派三号窗口");
    o = order(id);
    assert_int_equal(o.status, BM_WO_TRANSFERRED);
    assert_int_equal(o.unit_id, window3);
    assert_memory_equal(&o.clocks[BM_WOC_TRANSFER], &tr, sizeof tr);
    assert_memory_equal(&o.clocks[BM_WOC_ANSWER], &an, sizeof an);
    assert_int_equal(o.clocks[BM_WOC_SIGN].state, BM_WOC_RUNNING);
    assert_at(o.clocks[BM_WOC_SIGN].due_at, "2026-11-19", 10, 0);
    STEP_OK(&clerk, id, "2026-11-19", 11, 0, .event = BM_WOE_SIGNED);   /* an hour late */
    o = order(id);
    assert_int_equal(o.clocks[BM_WOC_SIGN].state, BM_WOC_MISSED);
    assert_int_equal(o.clocks[BM_WOC_SIGN].used - o.clocks[BM_WOC_SIGN].budget, 60);
    assert_memory_equal(&o.clocks[BM_WOC_ANSWER], &an, sizeof an);
}

static void a_late_transfer_is_missed_by_its_overrun(void **state)
{
    (void)state;
    int64_t id = received("2026-11-23", 9, 0, BM_WO_SUGGEST);
    STEP_OK(&duty, id, "2026-11-23", 14, 30, .event = BM_WOE_TRANSFERRED, .unit_id = window2,
            .note = "转办");
    bm_workorder o = order(id);
    assert_int_equal(o.clocks[BM_WOC_TRANSFER].state, BM_WOC_MISSED);
    bm_wo_clock_view v;
    assert_int_equal(bm_wo_clock_at(db, &hours, &o.clocks[BM_WOC_TRANSFER], bm_now(), &v,
                                    NULL), BM_OK);
    assert_int_equal(v.left, -60);   /* 3 hours + 1 working hour (12:00-13:30 off) */
    assert_int_equal(o.clocks[BM_WOC_SIGN].state, BM_WOC_RUNNING);
    assert_at(o.clocks[BM_WOC_SIGN].due_at, "2026-11-24", 14, 30);
}

/* The whole way: extension, answer, close, callback, rating; a complaint rated unsatisfied
 * goes back for redo. */
static void extension_answer_callback_and_redo(void **state)
{
    (void)state;
    int64_t id = received("2026-11-02", 9, 0, BM_WO_COMPLAINT);
    STEP_OK(&duty, id, "2026-11-02", 9, 0, .event = BM_WOE_SIGNED);
    time_t due = order(id).clocks[BM_WOC_ANSWER].due_at;
    bm_err err;
    bm_wo_event_rec s = {.event = BM_WOE_EXT_APPROVED, .days = 3};
    assert_int_equal(step_at(&supervisor, id, "2026-11-03", 9, 0, s, &err), BM_ESTATE);
    STEP_OK(&duty, id, "2026-11-03", 9, 0, .event = BM_WOE_EXT_REQUESTED, .days = 3,
            .note = "需联合勘查");
    assert_int_equal(step_at(&duty, id, "2026-11-03", 9, 30, s, &err), BM_EDENIED);
    s.days = 4;
    assert_int_equal(step_at(&supervisor, id, "2026-11-03", 9, 30, s, &err), BM_EINVALID);
    STEP_OK(&supervisor, id, "2026-11-03", 10, 0, .event = BM_WOE_EXT_APPROVED, .days = 3);
    int days;
    assert_int_equal(bm_workdays_between(db, bm_day_of(due),
                                         bm_day_of(order(id).clocks[BM_WOC_ANSWER].due_at),
                                         &days, NULL, NULL), BM_OK);
    assert_int_equal(days, 3);
    s = (bm_wo_event_rec){.event = BM_WOE_ANSWERED, .reason = BM_WO_BY_PHONE};
    assert_int_equal(step_at(&duty, id, "2026-11-04", 9, 0, s, &err), BM_EINVALID);
    STEP_OK(&duty, id, "2026-11-04", 9, 0, .event = BM_WOE_ANSWERED, .reason = BM_WO_BY_VISIT,
            .note = "已修复路灯并当面告知");
    STEP_OK(&duty, id, "2026-11-04", 10, 0, .event = BM_WOE_CLOSED);
    bm_workorder o = order(id);
    assert_int_equal(o.clocks[BM_WOC_ANSWER].state, BM_WOC_MET);
    assert_int_equal(o.clocks[BM_WOC_CALLBACK].state, BM_WOC_RUNNING);
    s = (bm_wo_event_rec){.event = BM_WOE_RATED, .reason = 2};
    assert_int_equal(step_at(&duty, id, "2026-11-05", 9, 0, s, &err), BM_ESTATE);
    STEP_OK(&duty, id, "2026-11-05", 9, 0, .event = BM_WOE_CALLBACK, .note = "群众表示不满意");
    STEP_OK(&duty, id, "2026-11-05", 9, 10, .event = BM_WOE_RATED, .reason = 2);
    o = order(id);
    assert_int_equal(o.status, BM_WO_SIGNED);
    assert_int_equal(o.redo_count, 1);
    assert_int_equal(o.clocks[BM_WOC_ANSWER].state, BM_WOC_RUNNING);
    assert_int_equal(o.clocks[BM_WOC_CALLBACK].state, BM_WOC_IDLE);
    STEP_OK(&duty, id, "2026-11-06", 9, 0, .event = BM_WOE_ANSWERED, .reason = BM_WO_BY_PHONE,
            .note = "重新处理");
    STEP_OK(&duty, id, "2026-11-06", 10, 0, .event = BM_WOE_CALLBACK, .note = "满意");
    STEP_OK(&duty, id, "2026-11-06", 10, 5, .event = BM_WOE_RATED, .reason = 5);
    o = order(id);
    assert_int_equal(o.rating, 5);
    assert_int_equal(o.redo_count, 1);
    assert_int_equal(o.status, BM_WO_ANSWERED);
}

struct found {
    int returned;
    char note[512];
};

static int find_return(const bm_wo_event_rec *e, void *ctx)
{
    struct found *f = ctx;
    if (e->event == BM_WOE_RETURNED) {
        f->returned = e->reason;
        snprintf(f->note, sizeof f->note, "%s", e->note);
    }
    return 0;
}

static void out_of_scope_needs_one_of_seven_reasons(void **state)
{
    (void)state;
    int64_t id = received("2026-11-24", 9, 0, BM_WO_REPORT);
    bm_err err;
    bm_wo_event_rec s = {.event = BM_WOE_RETURNED, .note = "请拨打110"};
    assert_int_equal(step_at(&duty, id, "2026-11-24", 9, 30, s, &err), BM_EINVALID);
    assert_int_equal(err.field, BM_FIELD_REASON);
    s.reason = 8;
    assert_int_equal(step_at(&duty, id, "2026-11-24", 9, 30, s, &err), BM_EINVALID);
    s.reason = BM_WO_OOS_EMERGENCY;
    s.note[0] = 0;
    assert_int_equal(step_at(&duty, id, "2026-11-24", 9, 30, s, &err), BM_EINVALID);
    STEP_OK(&duty, id, "2026-11-24", 9, 30, .event = BM_WOE_RETURNED,
            .reason = BM_WO_OOS_EMERGENCY, .note = "属于110受理范围，已告知来电人拨打110");
    bm_workorder o = order(id);
    assert_int_equal(o.status, BM_WO_RETURNED);
    assert_int_equal(o.clocks[BM_WOC_TRANSFER].state, BM_WOC_MET);
    struct found f = {0};
    assert_int_equal(bm_wo_history(db, id, find_return, &f, NULL), BM_OK);
    assert_int_equal(f.returned, BM_WO_OOS_EMERGENCY);
    assert_string_equal(f.note, "属于110受理范围，已告知来电人拨打110");
    s = (bm_wo_event_rec){.event = BM_WOE_SIGNED};
    assert_int_equal(step_at(&duty, id, "2026-11-24", 10, 0, s, &err), BM_ESTATE);
    for (int r = 1; r < BM_WO_OOS_COUNT; r++)
        assert_string_not_equal(bm_wo_oos_name(r), "?");
}

static void entering_is_checked(void **state)
{
    (void)state;
    bm_clock_set(tu_at("2026-11-25", 10, 0));
    bm_wo_new in = {.no = "GD-DUP-1", .received_at = tu_at("2026-11-25", 9, 0),
                    .kind = BM_WO_CONSULT, .summary = "咨询社保"};
    int64_t id;
    bm_err err;
    assert_int_equal(bm_wo_create(db, &agent, &in, &id, &err), BM_EDENIED);
    assert_int_equal(bm_wo_create(db, &clerk, &in, &id, &err), BM_OK);   /* anonymous */
    assert_int_equal(bm_wo_create(db, &clerk, &in, &id, &err), BM_ECONFLICT);
    in.no = "GD-DUP-2";
    in.kind = 9;
    assert_int_equal(bm_wo_create(db, &clerk, &in, &id, &err), BM_EINVALID);
    assert_int_equal(err.field, BM_FIELD_KIND);
    in.kind = BM_WO_HELP;
    in.received_at = tu_at("2026-11-25", 11, 0);   /* after now */
    assert_int_equal(bm_wo_create(db, &clerk, &in, &id, &err), BM_EINVALID);
    in.received_at = tu_at("2026-11-25", 9, 0);
    in.phone = "12345";
    assert_int_equal(bm_wo_create(db, &clerk, &in, &id, &err), BM_EINVALID);
    assert_int_equal(err.field, BM_FIELD_PHONE);
    assert_int_equal(tu_count(db, "SELECT count(*) FROM work_order WHERE no = 'GD-DUP-2'"), 0);
}

struct listed {
    int n, returned_seen, out_of_order;
    time_t last;
};

static time_t nearest_due(const bm_workorder *o)
{
    time_t best = 0;
    for (int c = 0; c < BM_WOC_COUNT; c++)
        if (o->clocks[c].state == BM_WOC_RUNNING && (!best || o->clocks[c].due_at < best))
            best = o->clocks[c].due_at;
    return best;
}

static int list_one(const bm_workorder *o, void *ctx)
{
    struct listed *l = ctx;
    time_t due = nearest_due(o);
    if (l->n && (!due ? 0 : !l->last || due < l->last))
        l->out_of_order++;
    if (o->status == BM_WO_RETURNED || o->status == BM_WO_CLOSED)
        l->returned_seen++;
    if (due || !l->n)
        l->last = due;
    l->n++;
    return 0;
}

static void the_open_list_runs_by_the_nearest_due_clock(void **state)
{
    (void)state;
    struct listed l = {0};
    bm_err err;
    assert_int_equal(bm_wo_list_open(db, &clerk, 500, 0, list_one, &l, &err), BM_OK);
    assert_true(l.n >= 8);
    assert_int_equal(l.returned_seen, 0);
    assert_int_equal(l.out_of_order, 0);
    assert_int_equal(bm_wo_list_open(db, &agent, 500, 0, list_one, &l, &err), BM_EDENIED);
}

/* ---- a year of generated orders ---- */

static uint32_t next_rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* A random step that the order's status allows, with its particulars. */
static bm_wo_event_rec random_step(const bm_workorder *o, uint32_t *seed, const bm_actor **who)
{
    bm_wo_event_rec s;
    memset(&s, 0, sizeof s);
    uint32_t r = next_rand(seed) % 100;
    *who = &duty;
    switch (o->status) {
    case BM_WO_RECEIVED:
    case BM_WO_TRANSFERRED:
        if (r < 5) {
            s.event = BM_WOE_RETURNED;
            s.reason = 1 + (int)(next_rand(seed) % 7);
            snprintf(s.note, sizeof s.note, "不属于受理范围");
        } else if (r < 45) {
            s.event = BM_WOE_TRANSFERRED;
            s.unit_id = o->unit_id == window2 ? window3 : window2;
            snprintf(s.note, sizeof s.note, "转办");
        } else {
            s.event = BM_WOE_SIGNED;
        }
        break;
    case BM_WO_SIGNED:
        if (r < 20) {
            s.event = BM_WOE_PAUSED;
            s.reason = 1 + (int)(next_rand(seed) % 2);
        } else if (r < 30) {
            s.event = BM_WOE_REASSIGNED;
            s.unit_id = o->unit_id == window2 ? window3 : window2;
            snprintf(s.note, sizeof s.note, "改派");
            *who = &supervisor;
        } else if (r < 40) {
            s.event = BM_WOE_EXT_REQUESTED;
            s.days = 1 + (int)(next_rand(seed) % 5);
            snprintf(s.note, sizeof s.note, "延期");
        } else if (r < 50) {
            s.event = BM_WOE_EXT_APPROVED;   /* refused when none is pending: then skipped */
            s.days = 1;
            *who = &supervisor;
        } else {
            s.event = BM_WOE_ANSWERED;
            s.reason = 1 + (int)(next_rand(seed) % 3);
            snprintf(s.note, sizeof s.note, "已答复");
        }
        break;
    case BM_WO_PAUSED:
        s.event = BM_WOE_RESUMED;
        break;
    case BM_WO_ANSWERED:
    case BM_WO_CLOSED:
        if (o->clocks[BM_WOC_CALLBACK].state == BM_WOC_RUNNING) {
            s.event = r < 30 && o->status == BM_WO_ANSWERED ? BM_WOE_CLOSED : BM_WOE_CALLBACK;
            snprintf(s.note, sizeof s.note, "回访");
        } else {
            s.event = BM_WOE_RATED;
            s.reason = 1 + (int)(next_rand(seed) % 5);
        }
        break;
    default:
        break;
    }
    return s;
}

static void a_year_of_orders_recomputes_to_the_stored_clocks(void **state)
{
    (void)state;
    uint32_t seed = 2463534242u;
    int orders = 0, steps = 0, paused = 0, missed = 0;
    for (int d = 0; d < 365; d++) {
        time_t at = tu_at("2026-01-01", 0, 0) + (time_t)d * 86400 +
                    (time_t)(next_rand(&seed) % 86400);
        bm_clock_set(at);
        char no[32];
        snprintf(no, sizeof no, "GY2026%04d", d);
        bm_wo_new in = {.no = no, .received_at = at, .kind = 1 + (int)(next_rand(&seed) % 5),
                        .summary = "生成的工单"};
        int64_t id;
        bm_err err;
        if (bm_wo_create(db, &duty, &in, &id, &err) != BM_OK)
            fail_msg("create %s: %s %s", no, err.reason, err.detail);
        orders++;
        for (int k = 0; k < 12; k++) {
            bm_workorder o = order(id);
            const bm_actor *who;
            bm_wo_event_rec s = random_step(&o, &seed, &who);
            if (!s.event || (o.rating && o.status != BM_WO_SIGNED))
                break;
            /* from minutes to a few working days later */
            at += (time_t)(next_rand(&seed) % (4u * 86400u));
            bm_clock_set(at);
            int rc = bm_wo_step(db, who, id, &s, &err);
            if (rc == BM_OK)
                steps++;
            else if (!(rc == BM_ESTATE && s.event == BM_WOE_EXT_APPROVED))
                fail_msg("%s step %d: %s %s", no, s.event, err.reason, err.detail);
            paused += s.event == BM_WOE_PAUSED;
        }
        bm_workorder o = order(id);
        bm_wo_clock again[BM_WOC_COUNT];
        assert_int_equal(bm_wo_recompute(db, id, again, &err), BM_OK);
        for (int c = 0; c < BM_WOC_COUNT; c++) {
            missed += o.clocks[c].state == BM_WOC_MISSED;
            if (memcmp(&again[c], &o.clocks[c], sizeof again[c]) != 0)
                fail_msg("%s clock %d: stored state %d due %lld, recomputed %d due %lld", no, c,
                         o.clocks[c].state, (long long)o.clocks[c].due_at, again[c].state,
                         (long long)again[c].due_at);
        }
    }
    /* the year exercised pauses and missed clocks, not only the happy path */
    assert_true(steps > 3 * orders);
    assert_true(paused > 20);
    assert_true(missed > 20);
    printf("# figure: %d orders, %d steps, %d pauses, %d missed clocks\n", orders, steps,
           paused, missed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(transfer_clock_runs_over_the_weekend),
        cmocka_unit_test(national_day_eve_counts_past_the_holiday),
        cmocka_unit_test(make_up_sunday_is_a_working_day),
        cmocka_unit_test(a_pause_moves_the_answer_by_exactly_its_length),
        cmocka_unit_test(reassignment_restarts_only_the_sign_clock),
        cmocka_unit_test(a_late_transfer_is_missed_by_its_overrun),
        cmocka_unit_test(extension_answer_callback_and_redo),
        cmocka_unit_test(out_of_scope_needs_one_of_seven_reasons),
        cmocka_unit_test(entering_is_checked),
        cmocka_unit_test(the_open_list_runs_by_the_nearest_due_clock),
        cmocka_unit_test(a_year_of_orders_recomputes_to_the_stored_clocks),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    tu_cleanup();
    return rc;
}
