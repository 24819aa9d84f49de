/* The working-day calendar: hand-checked deadlines on the official 2026 schedule (weekends,
 * holidays, make-up working days, a year boundary), properties of the arithmetic, working-hour
 * clocks, and importing / editing the calendar. */
#include "core/calendar.h"
#include "core/db_internal.h"
#include "test_core_util.h"

static bm_db *db;

static int setup(void **state)
{
    (void)state;
    db = tu_demo_db("calendar.db");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    bm_db_close(db);
    return 0;
}

static bm_day D(const char *s)
{
    bm_day d;
    if (bm_day_parse(s, &d) != 0)
        fail_msg("bad date in test: %s", s);
    return d;
}

static void working_days_added(void **state)
{
    (void)state;
    static const struct { const char *from; int n; const char *want; int missing; } cases[] = {
        /* 国庆 and 中秋: 10-01..07 off, Saturday 10-10 a make-up working day. */
        {"2026-09-30", 1, "2026-10-08", 0},
        {"2026-09-30", 3, "2026-10-10", 0},
        {"2026-09-30", 4, "2026-10-12", 0},
        /* An ordinary weekend. */
        {"2026-03-06", 1, "2026-03-09", 0},
        {"2026-03-06", 0, "2026-03-06", 0},
        {"2026-03-07", 1, "2026-03-09", 0},   /* from a Saturday */
        /* 春节: Saturday 02-14 works, 02-15..23 off, Saturday 02-28 works. */
        {"2026-02-13", 1, "2026-02-14", 0},
        {"2026-02-13", 2, "2026-02-24", 0},
        {"2026-02-27", 1, "2026-02-28", 0},
        /* 劳动节: 05-01..05 off, Saturday 05-09 works. */
        {"2026-04-30", 1, "2026-05-06", 0},
        {"2026-04-30", 4, "2026-05-09", 0},
        /* 端午 falls on Friday 06-19. */
        {"2026-06-18", 1, "2026-06-22", 0},
        /* Into 2026 across 元旦 (01-01..03 off, Sunday 01-04 works). */
        {"2025-12-31", 1, "2026-01-04", 0},
        {"2025-12-31", 2, "2026-01-05", 0},
        /* Out of 2026 into a year without data: weekends only, and reported. */
        {"2026-12-31", 1, "2027-01-01", 2027},
        {"2026-12-31", 2, "2027-01-04", 2027},
        {"2026-12-30", 1, "2026-12-31", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bm_day out;
        int missing = -1;
        bm_err err;
        assert_int_equal(bm_workdays_add(db, D(cases[i].from), cases[i].n, &out, &missing, &err),
                         BM_OK);
        char got[11];
        bm_day_format(out, got);
        if (strcmp(got, cases[i].want) != 0 || missing != cases[i].missing)
            fail_msg("%s + %d: got %s (missing %d), want %s (missing %d)", cases[i].from,
                     cases[i].n, got, missing, cases[i].want, cases[i].missing);
    }
}

static void working_days_between(void **state)
{
    (void)state;
    static const struct { const char *a, *b; int want; } cases[] = {
        {"2026-09-30", "2026-10-10", 3},
        {"2026-10-10", "2026-09-30", -3},
        {"2026-10-01", "2026-10-07", 0},      /* the whole holiday */
        {"2026-11-23", "2026-11-23", 0},
        {"2026-11-20", "2026-11-23", 1},      /* Friday to Monday */
        /* All of 2026: 261 weekdays - 19 weekday holidays + 6 make-up days = 248. */
        {"2025-12-31", "2026-12-31", 248},
        {"2026-01-01", "2026-12-31", 248},    /* 01-01 is a holiday, so the same */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int n;
        assert_int_equal(bm_workdays_between(db, D(cases[i].a), D(cases[i].b), &n, NULL, NULL),
                         BM_OK);
        if (n != cases[i].want)
            fail_msg("%s .. %s: got %d, want %d", cases[i].a, cases[i].b, n, cases[i].want);
    }
    int w;
    assert_int_equal(bm_is_working_day(db, D("2026-01-04"), &w, NULL, NULL), BM_OK);
    assert_int_equal(w, 1);   /* a make-up Sunday */
    assert_int_equal(bm_is_working_day(db, D("2026-01-03"), &w, NULL, NULL), BM_OK);
    assert_int_equal(w, 0);
    assert_int_equal(bm_is_working_day(db, D("2026-10-02"), &w, NULL, NULL), BM_OK);
    assert_int_equal(w, 0);   /* a Friday in the holiday */
}

/* xorshift for the property test: any fixed sequence will do. */
static uint32_t next_rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void adding_then_counting_back_gives_n(void **state)
{
    (void)state;
    uint32_t seed = 2463534242u;
    bm_day first = D("2025-11-01"), span = D("2027-03-01") - first;
    for (int i = 0; i < 3000; i++) {
        bm_day from = first + (bm_day)(next_rand(&seed) % (uint32_t)span);
        int n = (int)(next_rand(&seed) % 45);
        bm_day to;
        int back, w;
        assert_int_equal(bm_workdays_add(db, from, n, &to, NULL, NULL), BM_OK);
        assert_int_equal(bm_workdays_between(db, from, to, &back, NULL, NULL), BM_OK);
        if (back != n)
            fail_msg("day %d + %d -> %d counts back %d", from, n, to, back);
        if (n > 0) {
            assert_int_equal(bm_is_working_day(db, to, &w, NULL, NULL), BM_OK);
            assert_int_equal(w, 1);
            /* and one day less lands strictly earlier */
            bm_day shorter;
            assert_int_equal(bm_workdays_add(db, from, n - 1, &shorter, NULL, NULL), BM_OK);
            assert_true(shorter < to);
        }
    }
}

static time_t T(const char *day, int hh, int mm)
{
    return bm_time_at(D(day), hh * 60 + mm);
}

static void working_hours(void **state)
{
    (void)state;
    bm_office_hours def, market;
    bm_office_hours_default(&def);
    assert_int_equal(bm_office_hours_parse("08:30-12:00,14:00-18:00", &market), 0);
    static const struct {
        const char *day; int hh, mm; int minutes; int custom;
        const char *want_day; int want_hh, want_mm;
    } cases[] = {
        {"2026-11-23", 11, 0, 180, 0, "2026-11-23", 16, 0},   /* across lunch */
        {"2026-11-23", 9, 0, 180, 0, "2026-11-23", 12, 0},    /* to the end of the morning */
        {"2026-11-23", 12, 30, 30, 0, "2026-11-23", 14, 30},  /* from lunch time */
        {"2026-11-23", 20, 0, 60, 0, "2026-11-24", 10, 0},    /* from the night */
        {"2026-11-23", 6, 0, 60, 0, "2026-11-23", 10, 0},     /* from early morning */
        {"2026-11-27", 17, 0, 60, 0, "2026-11-30", 9, 30},    /* Friday evening to Monday */
        {"2026-11-28", 10, 0, 60, 0, "2026-11-30", 10, 0},    /* from a Saturday */
        {"2026-09-30", 17, 0, 180, 0, "2026-10-08", 11, 30},  /* across 国庆 */
        {"2026-10-09", 17, 0, 60, 0, "2026-10-10", 9, 30},    /* into a make-up Saturday */
        {"2026-11-23", 17, 30, 60, 1, "2026-11-24", 8, 59},   /* longer market-town hours */
        {"2026-11-23", 10, 0, 0, 0, "2026-11-23", 10, 0},
        {"2026-11-23", 9, 0, 3 * 390, 0, "2026-11-25", 17, 30},  /* three full days */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        time_t out;
        const bm_office_hours *h = cases[i].custom ? &market : &def;
        assert_int_equal(bm_workminutes_add(db, h, T(cases[i].day, cases[i].hh, cases[i].mm),
                                            cases[i].minutes, &out, NULL, NULL), BM_OK);
        time_t want = T(cases[i].want_day, cases[i].want_hh, cases[i].want_mm);
        if (cases[i].custom)
            want = T(cases[i].want_day, 9, 0);   /* 30 minutes on Monday, 30 from 08:30 */
        if (out != want) {
            char got[11];
            bm_day_format(bm_day_of(out), got);
            fail_msg("case %zu: got %s %02d:%02d", i, got, bm_minute_of(out) / 60,
                     bm_minute_of(out) % 60);
        }
        int back;
        assert_int_equal(bm_workminutes_between(db, h, T(cases[i].day, cases[i].hh, cases[i].mm),
                                                out, &back, NULL, NULL), BM_OK);
        assert_int_equal(back, cases[i].minutes);
    }
    int inside;
    assert_int_equal(bm_in_office_hours(db, &def, T("2026-11-23", 10, 0), &inside, NULL), BM_OK);
    assert_int_equal(inside, 1);
    assert_int_equal(bm_in_office_hours(db, &def, T("2026-11-23", 12, 30), &inside, NULL), BM_OK);
    assert_int_equal(inside, 0);
    assert_int_equal(bm_in_office_hours(db, &def, T("2026-10-03", 10, 0), &inside, NULL), BM_OK);
    assert_int_equal(inside, 0);
    assert_int_equal(bm_office_hours_parse("14:00-17:30,09:00-12:00", &market), -1);  /* order */
    assert_int_equal(bm_office_hours_parse("9:00-12:00", &market), -1);
    assert_int_equal(bm_office_hours_parse("12:00-09:00", &market), -1);
}

static void hotline_clock_property(void **state)
{
    (void)state;
    bm_office_hours def;
    bm_office_hours_default(&def);
    uint32_t seed = 88172645u;
    time_t base = T("2026-01-01", 0, 0);
    for (int i = 0; i < 1000; i++) {
        time_t from = base + (time_t)(next_rand(&seed) % (365u * 86400u));
        int minutes = (int)(next_rand(&seed) % 3000);
        time_t to;
        int back, inside;
        assert_int_equal(bm_workminutes_add(db, &def, from, minutes, &to, NULL, NULL), BM_OK);
        assert_int_equal(bm_workminutes_between(db, &def, from, to, &back, NULL, NULL), BM_OK);
        assert_int_equal(back, minutes);
        if (minutes > 0) {
            /* the clock ends within office hours (or exactly at a period's end) */
            assert_int_equal(bm_in_office_hours(db, &def, to - 60, &inside, NULL), BM_OK);
            assert_int_equal(inside, 1);
        }
    }
}

static int count_year_rows(int year)
{
    char from[16], to[16];
    snprintf(from, sizeof from, "%d-01-01", year);
    snprintf(to, sizeof to, "%d-12-31", year);
    char sql[120];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM calendar_day WHERE day BETWEEN '%s' AND '%s'",
             from, to);
    return (int)tu_count(db, sql);
}

static void the_2026_calendar_ships_with_its_source(void **state)
{
    (void)state;
    int loaded;
    char source[256];
    assert_int_equal(bm_calendar_year_info(db, 2026, &loaded, source, sizeof source, NULL), BM_OK);
    assert_int_equal(loaded, 1);
    assert_non_null(strstr(source, "国务院办公厅关于2026年部分节假日安排的通知"));
    assert_int_equal(count_year_rows(2026), 39);
    assert_int_equal(bm_calendar_year_info(db, 2027, &loaded, source, sizeof source, NULL), BM_OK);
    assert_int_equal(loaded, 0);
}

static void importing_checks_every_line_and_changes_nothing_on_error(void **state)
{
    (void)state;
    bm_actor admin = tu_actor(db, "admin"), clerk = tu_actor(db, "clerk");
    static const struct { const char *text; int line; const char *reason; } bad[] = {
        {"2027-01-01 off 元旦\n2027-13-01 off 坏\n", 2, "real date"},
        {"# c\n\n2027-01-01 holiday 元旦\n", 3, "off or work"},
        {"2027-01-01 off 元旦\n2027-01-01 off 元旦\n", 2, "twice"},
        {"2027-01-05 work 周二\n", 1, "Saturday or Sunday"},
        {"2027-01-01\n", 1, "expected"},
        {"2027-02-30 off 春节\n", 1, "real date"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bm_err err;
        int days = -1;
        assert_int_equal(bm_calendar_import_text(db, &admin, bad[i].text, strlen(bad[i].text),
                                                 "t.txt", &days, &err), BM_EINVALID);
        char want[16];
        snprintf(want, sizeof want, "line %d:", bad[i].line);
        if (strncmp(err.detail, want, strlen(want)) != 0 || !strstr(err.reason, bad[i].reason))
            fail_msg("case %zu: %s / %s", i, err.reason, err.detail);
        assert_int_equal(days, 0);
        assert_int_equal(count_year_rows(2027), 0);
    }
    const char *good = "# Source: 国务院办公厅关于2027年部分节假日安排的通知 (a test)\n"
                       "2027-01-01 off 元旦\n2027-02-06 work 春节\n2027-02-07 off 春节\n";
    bm_err err;
    int days;
    assert_int_equal(bm_calendar_import_text(db, &clerk, good, strlen(good), "t", &days, &err),
                     BM_EDENIED);
    assert_int_equal(count_year_rows(2027), 0);
    assert_int_equal(bm_calendar_import_text(db, &admin, good, strlen(good), "t", &days, &err),
                     BM_OK);
    assert_int_equal(days, 3);
    int loaded, missing;
    char source[256];
    assert_int_equal(bm_calendar_year_info(db, 2027, &loaded, source, sizeof source, NULL), BM_OK);
    assert_int_equal(loaded, 1);
    assert_non_null(strstr(source, "2027"));
    /* 2027 is no longer missing, and its holiday counts. */
    bm_day out;
    assert_int_equal(bm_workdays_add(db, D("2026-12-31"), 1, &out, &missing, NULL), BM_OK);
    assert_int_equal(out, D("2027-01-04"));
    assert_int_equal(missing, 0);
    /* Importing the year again replaces it whole. */
    const char *again = "2027-01-01 off 元旦\n";
    assert_int_equal(bm_calendar_import_text(db, &admin, again, strlen(again), "t", &days, &err),
                     BM_OK);
    assert_int_equal(count_year_rows(2027), 1);

    /* From a file, as `bianmin calendar import` does. */
    const char *path = tu_path("cal2028.txt");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("2028-01-01 off 元旦\n2028-01-03 off 元旦\n", f);
    fclose(f);
    assert_int_equal(bm_calendar_import(db, &admin, path, &days, &err), BM_OK);
    assert_int_equal(days, 2);
    assert_int_equal(bm_calendar_import(db, &admin, tu_path("no-such-file"), &days, &err),
                     BM_ENOTFOUND);
}

static void an_admin_edits_single_days(void **state)
{
    (void)state;
    bm_actor admin = tu_actor(db, "admin"), supervisor = tu_actor(db, "supervisor");
    bm_err err;
    int w;
    /* A local holiday (e.g. a county's own festival) as a day off. */
    assert_int_equal(bm_calendar_set_day(db, &supervisor, D("2026-11-25"), "off", "县庆", &err),
                     BM_EDENIED);
    assert_int_equal(bm_is_working_day(db, D("2026-11-25"), &w, NULL, NULL), BM_OK);
    assert_int_equal(w, 1);
    assert_int_equal(bm_calendar_set_day(db, &admin, D("2026-11-25"), "off", "县庆", &err), BM_OK);
    assert_int_equal(bm_is_working_day(db, D("2026-11-25"), &w, NULL, NULL), BM_OK);
    assert_int_equal(w, 0);
    assert_int_equal(bm_calendar_set_day(db, &admin, D("2026-11-25"), NULL, NULL, &err), BM_OK);
    assert_int_equal(bm_is_working_day(db, D("2026-11-25"), &w, NULL, NULL), BM_OK);
    assert_int_equal(w, 1);
    assert_int_equal(bm_calendar_set_day(db, &admin, D("2026-11-25"), "work", "x", &err),
                     BM_EINVALID);   /* a Wednesday cannot be a make-up day */
    assert_int_equal(bm_calendar_set_day(db, &admin, D("2026-11-28"), "work", "补班", &err), BM_OK);
    assert_int_equal(bm_is_working_day(db, D("2026-11-28"), &w, NULL, NULL), BM_OK);
    assert_int_equal(w, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(working_days_added),
        cmocka_unit_test(working_days_between),
        cmocka_unit_test(adding_then_counting_back_gives_n),
        cmocka_unit_test(working_hours),
        cmocka_unit_test(hotline_clock_property),
        cmocka_unit_test(the_2026_calendar_ships_with_its_source),
        cmocka_unit_test(importing_checks_every_line_and_changes_nothing_on_error),
        cmocka_unit_test(an_admin_edits_single_days),
    };
    int failed = cmocka_run_group_tests(tests, setup, teardown);
    tu_cleanup();
    return failed;
}
