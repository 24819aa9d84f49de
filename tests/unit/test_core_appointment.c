/* Appointments at 石桥镇 (08:30-12:00, 14:00-18:00) in the week of Monday 2026-12-14, the
 * clock pinned to the Monday before: slots opened on working days only, a booking beyond a
 * slot's capacity refused with the next free slots offered, no slot over lunch, a move
 * frees the old place, cancel and arrival, extended hours outside office hours with a named
 * member of staff, the day's list, and who may do what. */
#include "core/appointment.h"
#include "core/date.h"
#include "test_core_util.h"

static bm_db *db;
static int64_t person[4];

static int keep(const bm_applicant *a, void *ctx)
{
    int *n = ctx;
    if (a->kind == BM_APPLICANT_PERSON && *n < 4)
        person[(*n)++] = a->id;
    return *n >= 4;
}

static int setup(void **state)
{
    (void)state;
    db = tu_demo_db("appointment.db");
    bm_clock_set(tu_at("2026-12-07", 8, 0));
    bm_actor sup = tu_actor(db, "wucm"), clerk = tu_actor(db, "zhouq");
    bm_err err;
    if (bm_appt_open_slots(db, &sup, "shiqiao", tu_day("2026-12-14"), tu_day("2026-12-21"), 30,
                           2, &err) != BM_OK)
        fail_msg("open: %s", err.reason);
    int n = 0;
    assert_int_equal(bm_applicant_search(db, &clerk, "王", 20, 0, keep, &n, NULL), BM_OK);
    assert_int_equal(n, 4);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    bm_clock_set(0);
    bm_db_close(db);
    return 0;
}

static int book(const char *login, int who, const char *day, int hh, int mm, int64_t *id,
                bm_err *err)
{
    bm_actor a = tu_actor(db, login);
    bm_appt_new in = {.applicant_id = person[who], .matter_code = "SB-001",
                      .channel = BM_APPT_BY_PHONE, .start = tu_at(day, hh, mm)};
    return bm_appt_book(db, &a, &in, id, err);
}

static void slots_on_working_days_only(void **state)
{
    (void)state;
    int64_t centre;
    bm_org o;
    assert_int_equal(bm_org_get_by_code(db, "shiqiao", &o, NULL), BM_OK);
    centre = o.id;
    bm_appt_slot s[8];
    int n;
    /* From Saturday morning the next free slot is Monday 12-21 08:30. */
    assert_int_equal(bm_appt_free_slots(db, centre, tu_at("2026-12-19", 8, 0), s, 8, &n, NULL),
                     BM_OK);
    assert_int_equal(n, 8);
    assert_int_equal(s[0].start, tu_at("2026-12-21", 8, 30));
    /* 7 morning slots (08:30..11:30), then 14:00. */
    assert_int_equal(s[6].start, tu_at("2026-12-21", 11, 30));
    assert_int_equal(s[7].start, tu_at("2026-12-21", 14, 0));
    assert_int_equal(s[0].capacity, 2);
}

static void capacity_refused_and_next_free_offered(void **state)
{
    (void)state;
    int64_t a, b, c;
    bm_err err;
    assert_int_equal(book("zhouq", 0, "2026-12-14", 8, 30, &a, &err), BM_OK);
    assert_int_equal(book("luoyong", 1, "2026-12-14", 8, 30, &b, &err), BM_OK);
    assert_int_equal(book("zhouq", 2, "2026-12-14", 8, 30, &c, &err), BM_ECONFLICT);
    assert_int_equal(c, 0);
    bm_org o;
    assert_int_equal(bm_org_get_by_code(db, "shiqiao", &o, NULL), BM_OK);
    bm_appt_slot s[3];
    int n;
    assert_int_equal(bm_appt_free_slots(db, o.id, tu_at("2026-12-14", 8, 30), s, 3, &n, NULL),
                     BM_OK);
    assert_int_equal(n, 3);
    assert_int_equal(s[0].start, tu_at("2026-12-14", 9, 0));
    /* Over lunch there is no slot at all. */
    assert_int_equal(book("zhouq", 2, "2026-12-14", 12, 30, &c, &err), BM_ENOTFOUND);

    /* Moving the first to 09:00 frees its place at 08:30 for the third person. */
    bm_actor zq = tu_actor(db, "zhouq");
    assert_int_equal(bm_appt_move(db, &zq, a, tu_at("2026-12-14", 9, 0), &err), BM_OK);
    assert_int_equal(book("zhouq", 2, "2026-12-14", 8, 30, &c, &err), BM_OK);
    bm_appointment p;
    assert_int_equal(bm_appt_get(db, &zq, a, &p, NULL), BM_OK);
    assert_int_equal(p.start, tu_at("2026-12-14", 9, 0));
    assert_string_equal(p.matter_name, "城乡居民基本养老保险参保登记");

    /* Cancelling frees a place; a cancelled appointment is not moved or cancelled again. */
    assert_int_equal(book("zhouq", 3, "2026-12-14", 8, 30, &c, &err), BM_ECONFLICT);
    assert_int_equal(bm_appt_set_status(db, &zq, b, BM_APPT_CANCELLED, 0, &err), BM_OK);
    assert_int_equal(book("zhouq", 3, "2026-12-14", 8, 30, &c, &err), BM_OK);
    assert_int_equal(bm_appt_move(db, &zq, b, tu_at("2026-12-15", 9, 0), &err), BM_ESTATE);
    assert_int_equal(bm_appt_set_status(db, &zq, b, BM_APPT_CANCELLED, 0, &err), BM_ESTATE);
    assert_int_equal(bm_appt_set_status(db, &zq, a, BM_APPT_ARRIVED, 0, &err), BM_OK);
}

struct day_list {
    int n;
    time_t last;
    int ordered;
};

static int count(const bm_appointment *p, void *ctx)
{
    struct day_list *d = ctx;
    d->ordered &= p->start >= d->last;
    d->last = p->start;
    d->n++;
    return 0;
}

static void day_list_and_who_may(void **state)
{
    (void)state;
    bm_actor zq = tu_actor(db, "zhouq"), clerk = tu_actor(db, "clerk"),
             agent = tu_actor(db, "tangwei"), sup = tu_actor(db, "wucm");
    struct day_list d = {.ordered = 1};
    assert_int_equal(bm_appt_day(db, &zq, tu_day("2026-12-14"), count, &d, NULL), BM_OK);
    assert_int_equal(d.n, 4);   /* two at 08:30, the moved one at 09:00, one cancelled */
    assert_true(d.ordered);
    /* Another centre sees none of them; an agent books none. */
    struct day_list other = {.ordered = 1};
    assert_int_equal(bm_appt_day(db, &clerk, tu_day("2026-12-14"), count, &other, NULL), BM_OK);
    bm_err err;
    int64_t id;
    bm_appt_new in = {.applicant_id = person[0], .channel = BM_APPT_BY_PHONE,
                      .start = tu_at("2026-12-15", 9, 0)};
    assert_int_equal(bm_appt_book(db, &agent, &in, &id, &err), BM_EDENIED);
    assert_int_equal(bm_appt_book(db, &sup, &in, &id, &err), BM_EDENIED);
    /* A clerk does not open slots. */
    assert_int_equal(bm_appt_open_slots(db, &zq, "shiqiao", tu_day("2026-12-21"),
                                        tu_day("2026-12-21"), 30, 2, &err), BM_EDENIED);
}

static void extended_hours(void **state)
{
    (void)state;
    bm_actor sup = tu_actor(db, "wucm");
    bm_err err;
    assert_int_equal(bm_appt_open_extended(db, &sup, "shiqiao", tu_at("2026-12-15", 18, 30),
                                           tu_at("2026-12-15", 20, 0), 2, "luoyong", &err), BM_OK);
    assert_int_equal(bm_appt_open_extended(db, &sup, "shiqiao", tu_at("2026-12-15", 10, 0),
                                           tu_at("2026-12-15", 11, 0), 2, "luoyong", &err),
                     BM_EINVALID);
    assert_int_equal(bm_appt_open_extended(db, &sup, "shiqiao", tu_at("2026-12-16", 18, 30),
                                           tu_at("2026-12-16", 20, 0), 2, "clerk", &err),
                     BM_EINVALID);   /* 青林镇's clerk serves no evening at 石桥镇 */
    int64_t id;
    assert_int_equal(book("zhouq", 1, "2026-12-15", 18, 30, &id, &err), BM_OK);
    bm_actor zq = tu_actor(db, "zhouq");
    bm_appointment p;
    assert_int_equal(bm_appt_get(db, &zq, id, &p, NULL), BM_OK);
    assert_string_equal(p.staff_name, "罗勇");
    /* Past slots are not booked. */
    bm_clock_set(tu_at("2026-12-15", 19, 0));
    assert_int_equal(book("zhouq", 2, "2026-12-15", 18, 30, &id, &err), BM_EINVALID);
    bm_clock_set(tu_at("2026-12-07", 8, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(slots_on_working_days_only),
        cmocka_unit_test(capacity_refused_and_next_free_offered),
        cmocka_unit_test(day_list_and_who_may),
        cmocka_unit_test(extended_hours),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    tu_cleanup();
    return rc;
}
