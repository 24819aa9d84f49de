/* Always open: a centre's office hours through the year (a season, weekends, a statutory
 * holiday, make-up working days) and the duty roster (generation across the 2026 National Day
 * holiday with leave and a swap, who is on duty, the coverage check), on pinned dates. */
#include "core/hours.h"
#include "core/roster.h"
#include "test_core_util.h"

static bm_db *db;

static int setup(void **state)
{
    (void)state;
    db = tu_demo_db("duty.db");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    bm_db_close(db);
    return 0;
}

static int64_t centre_id(const char *code)
{
    bm_org o;
    assert_int_equal(bm_org_get_by_code(db, code, &o, NULL), BM_OK);
    return o.id;
}

/* 青林镇: 09:00-12:00 and 13:30-17:30, in summer (05-01..09-30) 08:30-12:00 and 14:30-18:00. */
static void seasonal_hours(bm_centre_hours *h)
{
    bm_err err;
    assert_int_equal(bm_org_set_office_hours(db, &tu_shell, "qinglin", "09:00-12:00,13:30-17:30",
                                             &err), BM_OK);
    assert_int_equal(bm_hours_set_season(db, &tu_shell, "qinglin", "05-01", "09-30",
                                         "08:30-12:00,14:30-18:00", &err), BM_OK);
    assert_int_equal(bm_hours_load(db, centre_id("qinglin"), h, &err), BM_OK);
    assert_int_equal(h->nseasons, 1);
}

static void office_hours_open_and_next(void **state)
{
    (void)state;
    bm_centre_hours h;
    seasonal_hours(&h);
    static const struct { const char *day; int hh, mm, open; } at[] = {
        {"2026-09-21", 8, 45, 1},    /* summer morning */
        {"2026-11-23", 8, 45, 0},    /* winter: opens at 09:00 */
        {"2026-11-23", 13, 45, 1},
        {"2026-09-21", 13, 45, 0},   /* summer lunch runs to 14:30 */
        {"2026-10-10", 10, 0, 1},    /* make-up Saturday */
        {"2026-10-03", 10, 0, 0},    /* 国庆 */
        {"2026-10-11", 10, 0, 0},    /* Sunday */
        {"2026-09-20", 10, 0, 1},    /* make-up Sunday */
    };
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        int open = -1;
        assert_int_equal(bm_hours_open_at(db, &h, tu_at(at[i].day, at[i].hh, at[i].mm), &open,
                                          NULL), BM_OK);
        if (open != at[i].open)
            fail_msg("%s %02d:%02d: open %d, want %d", at[i].day, at[i].hh, at[i].mm, open,
                     at[i].open);
    }
    static const struct { const char *day; int hh, mm; const char *want; int wh, wm; } next[] = {
        {"2026-11-27", 18, 0, "2026-11-30", 9, 0},     /* over a weekend */
        {"2026-09-30", 18, 30, "2026-10-08", 9, 0},    /* over 国庆, into winter hours */
        {"2026-10-09", 17, 45, "2026-10-10", 9, 0},    /* to a make-up Saturday */
        {"2026-11-23", 12, 30, "2026-11-23", 13, 30},  /* after lunch */
        {"2026-11-23", 10, 0, "2026-11-23", 10, 0},    /* open now */
    };
    for (size_t i = 0; i < sizeof next / sizeof next[0]; i++) {
        time_t out = 0;
        assert_int_equal(bm_hours_next_opening(db, &h, tu_at(next[i].day, next[i].hh, next[i].mm),
                                               &out, NULL), BM_OK);
        if (out != tu_at(next[i].want, next[i].wh, next[i].wm))
            fail_msg("next opening after %s %02d:%02d is wrong", next[i].day, next[i].hh,
                     next[i].mm);
    }
}

static void office_hours_minutes(void **state)
{
    (void)state;
    bm_centre_hours h;
    seasonal_hours(&h);
    static const struct { const char *a; int ah, am; const char *b; int bh, bm_, want; } cases[] = {
        /* weekend: 17:00-17:30 Friday, 09:00-10:00 Monday */
        {"2026-11-27", 17, 0, "2026-11-30", 10, 0, 90},
        /* 中秋 (Friday 09-25 to Sunday 09-27 off), summer hours */
        {"2026-09-24", 17, 0, "2026-09-28", 9, 0, 90},
        /* a make-up Sunday (09-20) in summer: 60 + 210 + 210 + 30 */
        {"2026-09-18", 17, 0, "2026-09-21", 9, 0, 510},
        /* 国庆, summer into winter: 60 + 60 */
        {"2026-09-30", 17, 0, "2026-10-08", 10, 0, 120},
        /* a make-up Saturday (10-10): 30 + 180 + 240 + 30 */
        {"2026-10-09", 17, 0, "2026-10-12", 9, 30, 480},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        time_t a = tu_at(cases[i].a, cases[i].ah, cases[i].am);
        time_t b = tu_at(cases[i].b, cases[i].bh, cases[i].bm_);
        int m = -1;
        time_t back = 0;
        assert_int_equal(bm_hours_minutes_between(db, &h, a, b, &m, NULL), BM_OK);
        if (m != cases[i].want)
            fail_msg("%s..%s: %d minutes, want %d", cases[i].a, cases[i].b, m, cases[i].want);
        assert_int_equal(bm_hours_minutes_add(db, &h, a, m, &back, NULL), BM_OK);
        if (back != b)
            fail_msg("%s + %d minutes does not come back to %s", cases[i].a, m, cases[i].b);
        assert_int_equal(bm_hours_minutes_between(db, &h, b, a, &m, NULL), BM_OK);
        assert_int_equal(m, 0);
    }
}

static void office_hours_editing(void **state)
{
    (void)state;
    bm_centre_hours h;
    seasonal_hours(&h);
    bm_err err;
    /* A second season may not overlap the summer. */
    assert_int_equal(bm_hours_set_season(db, &tu_shell, "qinglin", "09-01", "10-31",
                                         "09:00-12:00", &err), BM_EINVALID);
    assert_int_equal(bm_hours_set_season(db, &tu_shell, "qinglin", "13-01", "10-31",
                                         "09:00-12:00", &err), BM_EINVALID);
    assert_int_equal(bm_hours_set_season(db, &tu_shell, "qinglin", "12-01", "01-31",
                                         "9-12", &err), BM_EINVALID);
    /* A winter that wraps the new year. */
    assert_int_equal(bm_hours_set_season(db, &tu_shell, "qinglin", "12-01", "01-31",
                                         "09:30-12:00,13:30-17:00", &err), BM_OK);
    bm_actor clerk = tu_actor(db, "clerk");
    assert_int_equal(bm_hours_set_season(db, &clerk, "qinglin", "12-01", NULL, NULL, &err),
                     BM_EDENIED);
    assert_int_equal(bm_hours_load(db, centre_id("qinglin"), &h, &err), BM_OK);
    assert_int_equal(h.nseasons, 2);
    assert_int_equal(bm_hours_on(&h, tu_day("2027-01-15"))->start[0], 9 * 60 + 30);
    assert_int_equal(bm_hours_on(&h, tu_day("2026-12-15"))->end[1], 17 * 60);
    assert_int_equal(bm_hours_on(&h, tu_day("2026-11-15"))->start[1], 13 * 60 + 30);
    assert_int_equal(bm_hours_on(&h, tu_day("2026-07-15"))->start[0], 8 * 60 + 30);
    /* Removing it returns December to the everyday hours. */
    assert_int_equal(bm_hours_set_season(db, &tu_shell, "qinglin", "12-01", NULL, NULL, &err),
                     BM_OK);
    assert_int_equal(bm_hours_load(db, centre_id("qinglin"), &h, &err), BM_OK);
    assert_int_equal(h.nseasons, 1);
    assert_int_equal(bm_hours_on(&h, tu_day("2026-12-15"))->end[1], 17 * 60 + 30);
    assert_true(tu_count(db, "SELECT count(*) FROM audit WHERE what = 'org.office_season'")
                >= 2);
}

/* 石桥镇 (08:30-12:00, 14:00-18:00): 罗勇, 周强, 陈静 take every kind of shift; hand-over at
 * 08:30; the supervisor 吴春梅 edits. */
static bm_actor shiqiao_rotation(void)
{
    bm_actor sup = tu_actor(db, "wucm");
    const bm_rotation_member m[] = {{"luoyong", BM_SHIFT_ALL}, {"zhouq", BM_SHIFT_ALL},
                                    {"chenj", BM_SHIFT_ALL}};
    bm_err err;
    if (bm_roster_set_rotation(db, &sup, "shiqiao", m, 3, 8 * 60 + 30, &err) != BM_OK)
        fail_msg("rotation: %s %s", err.reason, err.detail);
    return sup;
}

struct seen {
    bm_shift s[64];
    int n;
};

static int collect(const bm_shift *s, void *ctx)
{
    struct seen *seen = ctx;
    if (seen->n < 64)
        seen->s[seen->n++] = *s;
    return 0;
}

static const bm_shift *find(const struct seen *seen, const char *day, int kind)
{
    for (int i = 0; i < seen->n; i++)
        if (seen->s[i].day == tu_day(day) && seen->s[i].kind == kind)
            return &seen->s[i];
    return NULL;
}

static void load(struct seen *seen)
{
    seen->n = 0;
    assert_int_equal(bm_roster_shifts(db, centre_id("shiqiao"), tu_day("2026-09-28"), tu_day("2026-10-12"),
                                      collect, seen, NULL), BM_OK);
}

static void expect_holidays(const struct seen *seen, const char *const names[7])
{
    char day[24];
    for (int i = 0; i < 7; i++) {
        snprintf(day, sizeof day, "2026-10-%02d", i + 1);
        const bm_shift *s = find(seen, day, BM_SHIFT_HOLIDAY);
        if (!s)
            fail_msg("no holiday shift on %s", day);
        if (strcmp(s->name, names[i]) != 0)
            fail_msg("%s: %s on duty, want %s", day, s->name, names[i]);
    }
}

static void roster_across_national_day(void **state)
{
    (void)state;
    bm_actor sup = shiqiao_rotation();
    bm_err err;
    assert_int_equal(bm_roster_leave_add(db, &sup, "zhouq", tu_day("2026-10-01"), tu_day("2026-10-04"),
                                         &err), BM_OK);
    assert_int_equal(bm_roster_generate(db, &sup, "shiqiao", tu_day("2026-09-28"), tu_day("2026-10-12"),
                                        &err), BM_OK);
    struct seen seen;
    load(&seen);
    /* Holiday days in turn, 周强 skipped while on leave. */
    static const char *const first[7] = {"罗勇", "陈静", "罗勇", "陈静", "罗勇", "周强", "陈静"};
    expect_holidays(&seen, first);
    /* The eve of the holiday runs from closing to the hand-over; the last holiday day to the
     * next opening. */
    const bm_shift *eve = find(&seen, "2026-09-30", BM_SHIFT_EVENING);
    assert_non_null(eve);
    assert_true(eve->start == tu_at("2026-09-30", 18, 0));
    assert_true(eve->end == tu_at("2026-10-01", 8, 30));
    const bm_shift *last = find(&seen, "2026-10-07", BM_SHIFT_HOLIDAY);
    assert_true(last->end == tu_at("2026-10-08", 8, 30));
    /* The make-up Saturday is a working day with an evening shift, not a duty day; Sunday
     * 10-11 is an ordinary weekend day. */
    assert_non_null(find(&seen, "2026-10-10", BM_SHIFT_EVENING));
    assert_null(find(&seen, "2026-10-10", BM_SHIFT_WEEKEND));
    assert_null(find(&seen, "2026-10-10", BM_SHIFT_HOLIDAY));
    const bm_shift *sun = find(&seen, "2026-10-11", BM_SHIFT_WEEKEND);
    assert_non_null(sun);
    assert_true(sun->start == tu_at("2026-10-11", 8, 30));
    assert_true(sun->end == tu_at("2026-10-12", 8, 30));
    /* Off hours are covered end to end: each shift ends where the next begins, or at an
     * opening of the centre. */
    assert_int_equal(seen.n, 15);

    /* A swap with someone on leave that day is refused; a swap with 陈静 is honoured, and
     * kept when the roster is generated again. */
    const bm_shift *d1 = find(&seen, "2026-10-01", BM_SHIFT_HOLIDAY);
    const bm_shift *d6 = find(&seen, "2026-10-06", BM_SHIFT_HOLIDAY);
    const bm_shift *d7 = find(&seen, "2026-10-07", BM_SHIFT_HOLIDAY);
    assert_int_equal(bm_roster_swap(db, &sup, d1->id, d6->id, &err), BM_EINVALID);
    assert_int_equal(bm_roster_swap(db, &sup, d1->id, d7->id, &err), BM_OK);
    assert_int_equal(bm_roster_generate(db, &sup, "shiqiao", tu_day("2026-09-28"), tu_day("2026-10-12"),
                                        &err), BM_OK);
    load(&seen);
    static const char *const swapped[7] = {"陈静", "陈静", "罗勇", "陈静", "罗勇", "周强", "罗勇"};
    expect_holidays(&seen, swapped);
    assert_true(find(&seen, "2026-10-01", BM_SHIFT_HOLIDAY)->overridden);

    /* A second person on 10-03; replacing with someone on leave is refused. */
    const bm_shift *d3 = find(&seen, "2026-10-03", BM_SHIFT_HOLIDAY);
    assert_int_equal(bm_roster_second(db, &sup, d3->id, "chenj", &err), BM_OK);
    assert_int_equal(bm_roster_replace(db, &sup, d3->id, "zhouq", &err), BM_EINVALID);
    assert_int_equal(bm_roster_replace(db, &sup, d3->id, "lijuan", &err), BM_EINVALID);

    /* Who is on duty: during the holiday, and in office hours the next shift to come. */
    bm_shift now;
    int found, on_now;
    assert_int_equal(bm_roster_on_duty(db, centre_id("shiqiao"), tu_at("2026-10-03", 23, 0), &now,
                                       &found, &on_now, &err), BM_OK);
    assert_true(found && on_now);
    assert_string_equal(now.name, "罗勇");
    assert_string_equal(now.second_name, "陈静");
    assert_string_equal(now.phone, "18090357261");
    assert_int_equal(bm_roster_on_duty(db, centre_id("shiqiao"), tu_at("2026-10-08", 10, 0), &now,
                                       &found, &on_now, &err), BM_OK);
    assert_true(found && !on_now);
    assert_int_equal(now.kind, BM_SHIFT_EVENING);
    assert_int_equal(now.day, tu_day("2026-10-08"));
}

static void roster_editing_is_the_supervisors(void **state)
{
    (void)state;
    shiqiao_rotation();
    bm_actor clerk = tu_actor(db, "chenj"), other = tu_actor(db, "supervisor");
    bm_err err;
    assert_int_equal(bm_roster_generate(db, &clerk, "shiqiao", tu_day("2026-11-30"), tu_day("2026-12-06"),
                                        &err), BM_EDENIED);
    assert_int_equal(bm_roster_generate(db, &other, "shiqiao", tu_day("2026-11-30"), tu_day("2026-12-06"),
                                        &err), BM_EDENIED);
    /* Only the centre's own staff go on its rotation. */
    const bm_rotation_member stranger[] = {{"clerk", BM_SHIFT_ALL}};
    bm_actor sup = tu_actor(db, "wucm");
    assert_int_equal(bm_roster_set_rotation(db, &sup, "shiqiao", stranger, 1, 510, &err),
                     BM_EINVALID);
    assert_int_equal(tu_count(db, "SELECT count(*) FROM duty_shift s JOIN org_unit o "
                                         "ON o.id = s.centre_id WHERE o.code = 'shiqiao'"), 0);
}

/* Leave marked on the roster (bm_roster_leave): the person's shifts of those days go to the
 * next in turn, even one given to them by hand, and they stop being a second person; the
 * shift of a day is found by its day. The administrator edits any centre's roster; a duty
 * officer none. */
static void leave_takes_the_person_off(void **state)
{
    (void)state;
    bm_actor sup = shiqiao_rotation();
    bm_err err;
    assert_int_equal(bm_roster_generate(db, &sup, "shiqiao", tu_day("2026-09-28"),
                                        tu_day("2026-10-12"), &err), BM_OK);
    bm_shift d2, d3;
    assert_int_equal(bm_roster_shift_on(db, centre_id("shiqiao"), tu_day("2026-10-02"), &d2,
                                        &err), BM_OK);
    assert_int_equal(d2.kind, BM_SHIFT_HOLIDAY);
    assert_int_equal(bm_roster_replace(db, &sup, d2.id, "zhouq", &err), BM_OK);
    assert_int_equal(bm_roster_shift_on(db, centre_id("shiqiao"), tu_day("2026-10-03"), &d3,
                                        &err), BM_OK);
    assert_int_equal(bm_roster_second(db, &sup, d3.id, strcmp(d3.name, "周强") ? "zhouq"
                                                                             : "chenj", &err),
                     BM_OK);
    assert_int_equal(bm_roster_leave(db, &sup, "zhouq", tu_day("2026-10-01"),
                                     tu_day("2026-10-04"), &err), BM_OK);
    struct seen seen;
    load(&seen);
    for (int i = 0; i < seen.n; i++)
        if (seen.s[i].day >= tu_day("2026-10-01") && seen.s[i].day <= tu_day("2026-10-04")) {
            assert_string_not_equal(seen.s[i].name, "周强");
            assert_string_not_equal(seen.s[i].second_name, "周强");
        }
    assert_int_equal(seen.n, 15);   /* nothing left uncovered */
    assert_int_equal(bm_roster_shift_on(db, centre_id("shiqiao"), tu_day("2026-10-02"), &d2,
                                        &err), BM_OK);
    assert_false(d2.overridden);
    assert_int_equal(bm_roster_shift_on(db, centre_id("shiqiao"), tu_day("2027-03-02"), &d2,
                                        &err), BM_ENOTFOUND);

    bm_actor admin = tu_actor(db, "admin"), duty = tu_actor(db, "duty");
    assert_int_equal(bm_roster_shift_on(db, centre_id("shiqiao"), tu_day("2026-10-05"), &d2,
                                        &err), BM_OK);
    assert_int_equal(bm_roster_second(db, &duty, d2.id, "chenj", &err), BM_EDENIED);
    assert_int_equal(bm_roster_leave(db, &duty, "chenj", tu_day("2026-10-05"),
                                     tu_day("2026-10-05"), &err), BM_EDENIED);
    assert_int_equal(bm_roster_replace(db, &admin, d2.id, "chenj", &err), BM_OK);
}

struct gaps {
    time_t start[8], end[8];
    int kind[8];
    int n;
};

static int note_gap(time_t start, time_t end, int kind, void *ctx)
{
    struct gaps *g = ctx;
    if (g->n < 8) {
        g->start[g->n] = start;
        g->end[g->n] = end;
        g->kind[g->n++] = kind;
    }
    return 0;
}

static int add_count(const char *name, int shifts, void *ctx)
{
    (void)name;
    *(int *)ctx += shifts;
    return 0;
}

static void coverage_finds_a_gap(void **state)
{
    (void)state;
    bm_actor sup = shiqiao_rotation();
    bm_err err;
    bm_day from = tu_day("2026-11-30"), to = from + 8 * 7 - 1;
    int64_t centre = centre_id("shiqiao");
    struct gaps g = {0};
    int n = -1;
    /* Nothing generated yet: every off-hours period of the 8 weeks is a gap. */
    assert_int_equal(bm_roster_gaps(db, centre, from, to, note_gap, &g, &n, &err), BM_OK);
    assert_int_equal(n, 56);
    assert_int_equal(bm_roster_generate(db, &sup, "shiqiao", from, to, &err), BM_OK);
    assert_int_equal(bm_roster_gaps(db, centre, from, to, NULL, NULL, &n, &err), BM_OK);
    assert_int_equal(n, 0);
    /* Everyone away on Saturday 12-12 leaves that day uncovered. */
    const char *const all[] = {"luoyong", "zhouq", "chenj"};
    for (int i = 0; i < 3; i++)
        assert_int_equal(bm_roster_leave_add(db, &sup, all[i], tu_day("2026-12-12"), tu_day("2026-12-12"),
                                             &err), BM_OK);
    assert_int_equal(bm_roster_generate(db, &sup, "shiqiao", from, to, &err), BM_OK);
    memset(&g, 0, sizeof g);
    assert_int_equal(bm_roster_gaps(db, centre, from, to, note_gap, &g, &n, &err), BM_OK);
    assert_int_equal(n, 1);
    assert_true(g.start[0] == tu_at("2026-12-12", 8, 30));
    assert_true(g.end[0] == tu_at("2026-12-13", 8, 30));
    assert_int_equal(g.kind[0], BM_SHIFT_WEEKEND);
    /* Shifts per person add up to the shifts of the period. */
    int total = 0;
    assert_int_equal(bm_roster_counts(db, centre, from, to, add_count, &total, &err), BM_OK);
    assert_int_equal(total, 55);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(office_hours_open_and_next, setup, teardown),
        cmocka_unit_test_setup_teardown(office_hours_minutes, setup, teardown),
        cmocka_unit_test_setup_teardown(office_hours_editing, setup, teardown),
        cmocka_unit_test_setup_teardown(roster_across_national_day, setup, teardown),
        cmocka_unit_test_setup_teardown(roster_editing_is_the_supervisors, setup, teardown),
        cmocka_unit_test_setup_teardown(coverage_finds_a_gap, setup, teardown),
        cmocka_unit_test_setup_teardown(leave_takes_the_person_off, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
