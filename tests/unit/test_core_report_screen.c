/* The reports screen (BM600) counting a report a part at a time: with one part per slice it
 * shows how far it got between slices, Esc stops it and leaves no figures behind, F5 counts
 * again to the end, and the figures drawn then are core's for that period. The core side:
 * the stepped job gives the same report as bm_report_run, and a job freed half-way leaves
 * the database as it was. */
#include "core/report.h"
#include "tui/screens/report.h"
#include "tui/session/app.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tests/unit/app_fixture.h"

static bm_db *db;

static int setup(void **state)
{
    return app_fixture_setup("2026-11-30 10:00", "report-screen.db", &db, state);
}

static int teardown(void **state)
{
    return app_fixture_teardown(db, state);
}

/* The whole screen as text, one row after another. */
static char *screen_text(app *a, char *buf, size_t cap)
{
    werase(stdscr);
    app_draw(a, stdscr);
    size_t used = 0;
    buf[0] = 0;
    for (int y = 0; y < 24 && used + 200 < cap; y++) {
        char row[400];
        used += (size_t)snprintf(buf + used, cap - used, "%s\n", row_text(y, row, sizeof row));
    }
    return buf;
}

static void press(app *a, int code)
{
    app_key(a, (fm_key){code, 0});
}

static void counted_in_slices(void **state)
{
    (void)state;
    bm_user u;
    bm_err err;
    assert_int_equal(bm_user_get(db, "supervisor", &u, &err), BM_OK);
    app a;
    app_init(&a, db, &u, "test", "127.0.0.1");
    app_set_language(&a, "en");
    i18n_use("en");
    app_push(&a, &screen_home);
    report_slice_ms = 0;   /* one part per slice */
    app_push(&a, &screen_report);
    char text[8192];
    /* The monthly report has five parts for each of its three periods. */
    assert_true(a.working);
    assert_non_null(strstr(screen_text(&a, text, sizeof text), "Counting 2026-11: part 1 of 15"));
    assert_non_null(strstr(text, "Esc or F12 stops counting"));
    assert_int_equal(app_work(&a), 1);
    assert_int_equal(app_work(&a), 1);
    assert_non_null(strstr(screen_text(&a, text, sizeof text), "part 3 of 15"));
    assert_null(strstr(text, "Completed on time"));
    /* Esc stops it: no figures, the screen stays, the work is over. */
    press(&a, FM_KEY_ESC);
    assert_int_equal(app_work(&a), 0);
    assert_non_null(strstr(screen_text(&a, text, sizeof text), "Counting stopped"));
    assert_null(strstr(text, "part 3 of 15"));
    assert_null(strstr(text, "Completed on time"));
    assert_ptr_equal(a.stack[a.depth - 1].def, &screen_report);
    /* F5 counts again, to the end. */
    press(&a, FM_KEY_F(5));
    int slices = 1;   /* the first part is counted with the key */
    for (int more = 1; more; slices++)
        more = app_work(&a);
    assert_int_equal(slices, 15);
    screen_text(&a, text, sizeof text);
    assert_null(strstr(text, "Counting"));
    bm_report r;
    assert_int_equal(bm_report_run(db, &a.actor, "monthly", NULL, NULL, &r, &err), BM_OK);
    assert_string_equal(r.rows[0].key, "received");
    /* The row reads "Received" and its three values; compare its first. */
    char *line = strstr(text, "Received ");
    assert_non_null(line);
    double shown_received = -1;
    for (char *p = line + 9; *p && *p != '\n'; p++)
        if (*p >= '0' && *p <= '9') {
            shown_received = strtod(p, NULL);
            break;
        }
    assert_true(shown_received == r.rows[0].cell[0].v);
    bm_report_free(&r);
    /* F2 counts the figures and then the twelve periods. */
    press(&a, FM_KEY_F(2));
    assert_true(a.working);
    while (app_work(&a))
        ;
    assert_non_null(strstr(screen_text(&a, text, sizeof text), "Received, twelve periods"));
    app_free(&a);
    report_slice_ms = 100;
}

static void job_like_run(void **state)
{
    (void)state;
    bm_actor who = tu_actor(db, "supervisor");
    bm_err err;
    bm_period p;
    assert_int_equal(bm_period_parse("2026", &p, &err), BM_OK);
    bm_report whole, stepped;
    assert_int_equal(bm_report_run(db, &who, "yearly", &p, NULL, &whole, &err), BM_OK);
    bm_report_job *j;
    assert_int_equal(bm_report_begin(db, &who, "yearly", &p, NULL, &j, &err), BM_OK);
    int done = 0, total = 0, r, steps = 0;
    while ((r = bm_report_step(j, &done, &total, &err)) == 1) {
        steps++;
        assert_int_equal(done, steps);
    }
    assert_int_equal(r, 0);
    assert_int_equal(done, total);
    bm_report_take(j, &stepped);
    bm_report_job_free(j);
    assert_int_equal(stepped.nrows, whole.nrows);
    for (int i = 0; i < whole.nrows; i++) {
        assert_string_equal(stepped.rows[i].key, whole.rows[i].key);
        for (int c = 0; c < whole.ncols; c++)
            assert_true(stepped.rows[i].cell[c].v == whole.rows[i].cell[c].v &&
                        stepped.rows[i].cell[c].state == whole.rows[i].cell[c].state);
    }
    bm_report_free(&whole);
    bm_report_free(&stepped);
    /* Given up half-way: nothing was written (the audit log is as it was). */
    int64_t audit = tu_count(db, "SELECT count(*) FROM audit");
    assert_int_equal(bm_report_begin(db, &who, "trend", &p, NULL, &j, &err), BM_OK);
    assert_int_equal(bm_report_step(j, &done, &total, &err), 1);
    assert_int_equal(total, 12);
    bm_report_job_free(j);
    assert_int_equal(tu_count(db, "SELECT count(*) FROM audit"), audit);
    /* A job for another centre is refused before any counting. */
    assert_int_equal(bm_report_begin(db, &who, "monthly", &p, "shiqiao", &j, &err), BM_EDENIED);
    assert_null(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counted_in_slices),
        cmocka_unit_test(job_like_run),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
