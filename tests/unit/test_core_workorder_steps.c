/* 12345 work orders: the steps core offers an actor at each point of an order's life (what
 * the detail screen shows as its menu), the units an order may be sent to, the time an order
 * is entered with, the watch lists (due within two working hours, overdue) and the home
 * screen's reminder, given inside office hours or to the duty officer on duty only. */
#include "core/authz.h"
#include "core/roster.h"
#include "core/workorder.h"
#include "test_core_util.h"

static bm_db *db;
static bm_actor clerk, duty, supervisor;
static int64_t window2;

static int64_t clerk_centre(void)
{
    bm_place p;
    assert_int_equal(bm_actor_place(db, &clerk, &p, NULL), BM_OK);
    return p.centre_id;
}

static int setup(void **state)
{
    (void)state;
    db = tu_demo_db("workorder_steps.db");
    clerk = tu_actor(db, "clerk");
    duty = tu_actor(db, "duty");
    supervisor = tu_actor(db, "supervisor");
    bm_org o;
    assert_int_equal(bm_org_get_by_code(db, "qinglin.w2", &o, NULL), BM_OK);
    window2 = o.id;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    bm_clock_set(0);
    bm_db_close(db);
    return 0;
}

static int64_t entered_at(const char *no, int kind, const char *day, int hh, int mm)
{
    bm_clock_set(tu_at(day, hh, mm));
    bm_wo_new in = {.no = no, .received_at = bm_now(), .caller = "", .kind = kind,
                    .summary = "咨询医保缴费"};
    int64_t id = 0;
    bm_err err;
    if (bm_wo_create(db, &duty, &in, &id, &err) != BM_OK)
        fail_msg("create: %s %s", err.reason, err.detail);
    return id;
}

static int64_t entered(const char *no, int kind)
{
    return entered_at(no, kind, "2026-12-01", 9, 30);
}

/* Whether the actor is offered the step on the order as it is now. */
static int offered(const bm_actor *who, int64_t id, int event)
{
    bm_workorder o;
    assert_int_equal(bm_wo_get(db, id, &o, NULL), BM_OK);
    int steps[BM_WOE_COUNT];
    int n = bm_wo_steps_offered(db, who, &o, steps, BM_WOE_COUNT);
    for (int i = 0; i < n; i++)
        if (steps[i] == event)
            return 1;
    return 0;
}

static void step(const bm_actor *who, int64_t id, bm_wo_event_rec s)
{
    bm_err err;
    if (bm_wo_step(db, who, id, &s, &err) != BM_OK)
        fail_msg("step %d: %s %s", s.event, err.reason, err.detail);
}

static void each_point_offers_what_core_takes(void **state)
{
    (void)state;
    int64_t id = entered("GD2026S00001", BM_WO_CONSULT);
    /* received: transfer, sign, return; nothing that needs signing first */
    assert_true(offered(&duty, id, BM_WOE_TRANSFERRED));
    assert_true(offered(&duty, id, BM_WOE_SIGNED));
    assert_true(offered(&duty, id, BM_WOE_RETURNED));
    assert_false(offered(&duty, id, BM_WOE_PAUSED));
    assert_false(offered(&duty, id, BM_WOE_ANSWERED));
    assert_false(offered(&duty, id, BM_WOE_CALLBACK));
    /* reassigning is the centre head's, not duty staff's */
    assert_false(offered(&duty, id, BM_WOE_REASSIGNED));
    assert_true(offered(&supervisor, id, BM_WOE_REASSIGNED));
    step(&duty, id, (bm_wo_event_rec){.event = BM_WOE_TRANSFERRED, .unit_id = window2,
                                      .note = "转二号窗口"});
    step(&clerk, id, (bm_wo_event_rec){.event = BM_WOE_SIGNED});
    assert_false(offered(&clerk, id, BM_WOE_SIGNED));
    assert_false(offered(&clerk, id, BM_WOE_RETURNED));
    assert_true(offered(&clerk, id, BM_WOE_PAUSED));
    assert_true(offered(&clerk, id, BM_WOE_ANSWERED));
    assert_true(offered(&clerk, id, BM_WOE_EXT_REQUESTED));
    /* an approval only once an extension is asked for */
    assert_false(offered(&supervisor, id, BM_WOE_EXT_APPROVED));
    step(&clerk, id, (bm_wo_event_rec){.event = BM_WOE_EXT_REQUESTED, .days = 2,
                                       .note = "需现场核实"});
    assert_true(offered(&supervisor, id, BM_WOE_EXT_APPROVED));
    step(&clerk, id, (bm_wo_event_rec){.event = BM_WOE_PAUSED, .reason = BM_WO_PAUSE_CALLER});
    assert_true(offered(&clerk, id, BM_WOE_RESUMED));
    assert_false(offered(&clerk, id, BM_WOE_ANSWERED));
    step(&clerk, id, (bm_wo_event_rec){.event = BM_WOE_RESUMED});
    step(&clerk, id, (bm_wo_event_rec){.event = BM_WOE_ANSWERED, .reason = BM_WO_BY_PHONE,
                                       .note = "已电话答复"});
    /* the callback once, then the rating once */
    assert_true(offered(&clerk, id, BM_WOE_CALLBACK));
    assert_false(offered(&clerk, id, BM_WOE_RATED));
    step(&clerk, id, (bm_wo_event_rec){.event = BM_WOE_CALLBACK, .note = "满意"});
    assert_false(offered(&clerk, id, BM_WOE_CALLBACK));
    assert_true(offered(&clerk, id, BM_WOE_RATED));
    step(&clerk, id, (bm_wo_event_rec){.event = BM_WOE_RATED, .reason = 5});
    assert_false(offered(&clerk, id, BM_WOE_RATED));
    assert_true(offered(&clerk, id, BM_WOE_CLOSED));
    /* what is refused is not offered: a second rating */
    bm_err err;
    bm_wo_event_rec again = {.event = BM_WOE_RATED, .reason = 4};
    assert_int_equal(bm_wo_step(db, &clerk, id, &again, &err), BM_ESTATE);
}

struct seen {
    int n, township, windows, villages, other;
    int64_t ids[32];
};

static int seen_one(const bm_org *u, void *ctx)
{
    struct seen *s = ctx;
    if (s->n < 32)
        s->ids[s->n] = u->id;
    s->n++;
    s->township += u->kind == BM_ORG_TOWNSHIP;
    s->windows += u->kind == BM_ORG_WINDOW;
    s->villages += u->kind == BM_ORG_VILLAGE;
    s->other += u->kind != BM_ORG_TOWNSHIP && u->kind != BM_ORG_WINDOW &&
                u->kind != BM_ORG_VILLAGE;
    return 0;
}

static void units_are_the_centres_own(void **state)
{
    (void)state;
    int64_t id = entered("GD2026S00002", BM_WO_HELP);
    bm_workorder o;
    assert_int_equal(bm_wo_get(db, id, &o, NULL), BM_OK);
    struct seen s = {0};
    bm_err err;
    assert_int_equal(bm_wo_units(db, &o, seen_one, &s, &err), BM_OK);
    /* entered by duty staff of the centre: the centre itself is where it is, so not listed */
    assert_int_equal(s.township, o.unit_id == o.centre_id ? 0 : 1);
    assert_int_equal(s.windows, 4);
    assert_int_equal(s.villages, 4);
    assert_int_equal(s.other, 0);
    for (int i = 0; i < s.n && i < 32; i++)
        assert_true(s.ids[i] != o.unit_id);
    /* a window of another township is refused */
    bm_org far;
    assert_int_equal(bm_org_get_by_code(db, "shiqiao.w1", &far, NULL), BM_OK);
    assert_false(bm_wo_unit_takes(&o, &far));
    bm_wo_event_rec t = {.event = BM_WOE_TRANSFERRED, .unit_id = far.id, .note = "转石桥"};
    assert_int_equal(bm_wo_step(db, &duty, id, &t, &err), BM_EINVALID);
    /* a village group is no unit to send it to */
    bm_org group;
    assert_int_equal(bm_org_get_by_code(db, "qinglin.xinqiao.g1", &group, NULL), BM_OK);
    assert_false(bm_wo_unit_takes(&o, &group));
}

static void entry_time_is_strict(void **state)
{
    (void)state;
    time_t t;
    assert_int_equal(bm_wo_time_parse("2026-12-04 16:30", &t), 0);
    assert_int_equal(t, tu_at("2026-12-04", 16, 30));
    assert_int_equal(bm_wo_time_parse("2026-12-04 16:30:15", &t), 0);
    assert_int_equal(t, tu_at("2026-12-04", 16, 30) + 15);
    assert_int_equal(bm_wo_time_parse("2026-02-30 10:00", &t), -1);
    assert_int_equal(bm_wo_time_parse("2026-12-04 24:00", &t), -1);
    assert_int_equal(bm_wo_time_parse("2026-12-04", &t), -1);
    assert_int_equal(bm_wo_time_parse("2026-12-04 10:00x", &t), -1);
}

struct listed {
    int64_t want;
    int found, count;
};

static int listed_one(const bm_workorder *o, const bm_wo_clock_view *v, void *ctx)
{
    (void)v;
    struct listed *l = ctx;
    l->found |= o->id == l->want;
    l->count++;
    return 0;
}

static int on_watch(int64_t id, int watch, time_t now)
{
    struct listed l = {id, 0, 0};
    bm_err err;
    assert_int_equal(bm_wo_list_watch(db, &supervisor, watch, now, listed_one, &l, &err), BM_OK);
    return l.found;
}

static void watch_lists_keep_due_soon_and_overdue(void **state)
{
    (void)state;
    /* Monday 2026-12-07: one received at 9:00 (transfer due 12:00), one the Friday before */
    int64_t fresh = entered_at("GD2026W00001", BM_WO_HELP, "2026-12-07", 9, 0);
    int64_t stale = entered_at("GD2026W00002", BM_WO_HELP, "2026-12-04", 9, 0);
    time_t ten = tu_at("2026-12-07", 10, 0);
    /* at 10:00 the fresh order has two working hours left: due soon, not overdue */
    assert_true(on_watch(fresh, BM_WO_WATCH_DUE_SOON, ten));
    assert_false(on_watch(fresh, BM_WO_WATCH_OVERDUE, ten));
    assert_true(on_watch(stale, BM_WO_WATCH_OVERDUE, ten));
    assert_false(on_watch(stale, BM_WO_WATCH_DUE_SOON, ten));
    /* at 9:30 it has two and a half: on neither list */
    time_t half_past = tu_at("2026-12-07", 9, 30);
    assert_false(on_watch(fresh, BM_WO_WATCH_DUE_SOON, half_past));
    assert_false(on_watch(fresh, BM_WO_WATCH_OVERDUE, half_past));
    /* signed, its answer clock has days left: off both lists */
    bm_clock_set(ten);
    step(&duty, fresh, (bm_wo_event_rec){.event = BM_WOE_SIGNED});
    assert_false(on_watch(fresh, BM_WO_WATCH_DUE_SOON, ten));
    assert_false(on_watch(fresh, BM_WO_WATCH_OVERDUE, ten));
    /* the reminder counts what the lists hold */
    bm_wo_reminder r;
    bm_err err;
    assert_int_equal(bm_wo_reminder_for(db, &clerk, ten, &r, &err), BM_OK);
    assert_true(r.shown);
    assert_false(r.off_hours);
    struct listed soon = {0, 0, 0}, late = {0, 0, 0};
    assert_int_equal(bm_wo_list_watch(db, &clerk, BM_WO_WATCH_DUE_SOON, ten, listed_one, &soon,
                                      &err), BM_OK);
    assert_int_equal(bm_wo_list_watch(db, &clerk, BM_WO_WATCH_OVERDUE, ten, listed_one, &late,
                                      &err), BM_OK);
    assert_true(late.count >= 1);
    assert_int_equal(r.due_soon + r.overdue, soon.count + late.count);
    assert_int_equal(r.overdue, late.count);
}

/* The login of the qinglin duty rota member on duty at t (the demo's rota). */
static const char *on_duty_at(time_t t)
{
    static const char *const rota[] = {"duty", "zhenghong", "lijuan", "wanghy"};
    bm_shift s;
    int found = 0, on_now = 0;
    bm_err err;
    assert_int_equal(bm_roster_on_duty(db, clerk_centre(), t, &s, &found, &on_now, &err), BM_OK);
    assert_true(found && on_now);
    for (size_t i = 0; i < sizeof rota / sizeof rota[0]; i++)
        if (tu_actor(db, rota[i]).user_id == s.user_id)
            return rota[i];
    fail_msg("nobody of the rota is on duty");
    return NULL;
}

static void no_reminder_at_midnight_but_to_the_duty_officer(void **state)
{
    (void)state;
    entered_at("GD2026W00003", BM_WO_COMPLAINT, "2026-12-03", 9, 0);
    time_t midnight = tu_at("2026-12-08", 0, 30);   /* Tuesday, 00:30 */
    bm_wo_reminder r;
    bm_err err;
    /* the clerk and the centre head are off duty: nothing */
    assert_int_equal(bm_wo_reminder_for(db, &clerk, midnight, &r, &err), BM_OK);
    assert_false(r.shown);
    assert_int_equal(r.overdue, 0);
    assert_int_equal(bm_wo_reminder_for(db, &supervisor, midnight, &r, &err), BM_OK);
    assert_false(r.shown);
    /* the duty officer on duty then sees what is overdue */
    bm_actor officer = tu_actor(db, on_duty_at(midnight));
    assert_int_equal(bm_wo_reminder_for(db, &officer, midnight, &r, &err), BM_OK);
    assert_true(r.shown);
    assert_true(r.off_hours);
    assert_true(r.overdue >= 1);
    /* a village agent never: the orders are the centre's */
    bm_actor agent = tu_actor(db, "agent");
    assert_int_equal(bm_wo_reminder_for(db, &agent, tu_at("2026-12-08", 10, 0), &r, &err),
                     BM_OK);
    assert_false(r.shown);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_point_offers_what_core_takes),
        cmocka_unit_test(units_are_the_centres_own),
        cmocka_unit_test(entry_time_is_strict),
        cmocka_unit_test(watch_lists_keep_due_soon_and_overdue),
        cmocka_unit_test(no_reminder_at_midnight_but_to_the_duty_officer),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    tu_cleanup();
    return rc;
}
