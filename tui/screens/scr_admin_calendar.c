/* BM930 working-day calendar (工作日历): a year at a glance at 80 columns, one line a month,
 * two columns a day: "." a working day, "-" a weekend, 休 (H) a holiday, 班 (W) a make-up
 * working day (legible without colour). A year no admin has loaded is provisional (weekends only) and
 * says so. Mark or unmark one day (F2); import the State Council's schedule from a file on the
 * server (F6); PgUp/PgDn (F7/F8) another year. Also the home screen's warning that next
 * year's schedule is missing (from 1 November). */
#include "core/calendar.h"
#include "forms/form.h"
#include "forms/frame.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/screens/admin.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct calendar_state {
    int year;
    char marks[12][32];
    int loaded;
    char source[160];
    int stale;
    fm_form form;
    char built_lang[8];
} calendar_state;

void admin_calendar_note(app *a, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (a->user.role != BM_ROLE_ADMIN)
        return;
    int year;
    bm_err err;
    if (bm_calendar_year_to_confirm(a->db, bm_day_of(bm_now()), &year, &err) != BM_OK)
        snprintf(buf, cap, "%s", _(err.reason));
    else if (year)
        snprintf(buf, cap, _("! The %d working-day calendar is not confirmed: import it "
                             "(Calendar)."), year);
}

static void build(app *a, calendar_state *s)
{
    char keep[1024];
    fm_form_save(&s->form, keep, sizeof keep);
    fm_form *f = &s->form;
    fm_form_init(f, NULL, NULL, s);
    int i = fm_form_add_field(f, "day", _("Date"), 0, 1, 0, 10, 10, FM_FIELD_ASCII, 0);
    i = fm_form_add_noted(f, "kind", _("Mark"), 0, fm_form_item_end(f, i) + 2, 0, 1, 1,
                          FM_FIELD_DIGITS, 0, _("1=off 2=work 0=none"));
    fm_form_add_noted(f, "name", _("Holiday"), 0, fm_form_item_end(f, i) + 2, 0, 8, 20, 0, 0,
                      _("F2"));
    fm_form_add_noted(f, "file", _("File on the server"), 1, 1, 0, 40, 200, FM_FIELD_ASCII, 0,
                      _("F6=Import"));
    fm_form_load(f, keep);
    snprintf(s->built_lang, sizeof s->built_lang, "%s", a->lang);
}

static void load(app *a, calendar_state *s)
{
    bm_err err;
    if (bm_calendar_year_info(a->db, s->year, &s->loaded, s->source, sizeof s->source, &err) !=
            BM_OK ||
        bm_calendar_year_marks(a->db, s->year, s->marks, &err) != BM_OK)
        ui_error(a, &err);
    s->stale = 0;
}

static void calendar_open(app *a, void *st)
{
    calendar_state *s = st;
    int y, m, d, want;
    bm_err err;
    bm_day_to_ymd(bm_day_of(bm_now()), &y, &m, &d);
    /* Open on the year that needs the admin, else this one. */
    s->year = bm_calendar_year_to_confirm(a->db, bm_day_of(bm_now()), &want, &err) == BM_OK &&
                      want ? want : y;
    load(a, s);
    build(a, s);
}

static const char *mark_cell(int mark)
{
    switch (mark) {
    case BM_CAL_WORK: return " .";
    case BM_CAL_WEEKEND: return " -";
    case BM_CAL_HOLIDAY: return _(" H");    /* 休 */
    case BM_CAL_MAKEUP: return _(" W");     /* 班 */
    default: return "";
    }
}

static void calendar_draw(app *a, void *st, WINDOW *w)
{
    calendar_state *s = st;
    if (s->stale)
        load(a, s);
    if (strcmp(s->built_lang, a->lang) != 0)
        build(a, s);
    int cols = getmaxx(w), y = FM_BODY_TOP;
    char line[300];
    if (s->loaded)
        snprintf(line, sizeof line, _("%d  confirmed  (%s)"), s->year, s->source);
    else
        snprintf(line, sizeof line, _("%d  NOT CONFIRMED: provisional, weekends only !"),
                 s->year);
    wattron(w, A_BOLD);
    fm_put(w, y, 1, line, cols - 2);
    wattroff(w, A_BOLD);
    for (int d = 1; d <= 31; d++) {
        snprintf(line, sizeof line, "%2d", d);
        fm_put(w, y + 1, 6 + 2 * (d - 1), line, 2);
    }
    for (int m = 0; m < 12; m++) {
        snprintf(line, sizeof line, _("M%-2d"), m + 1);
        fm_put(w, y + 2 + m, 1, line, 5);
        for (int d = 0; d < 31; d++)
            fm_put_padded(w, y + 2 + m, 6 + 2 * d, mark_cell(s->marks[m][d]), 2);
    }
    fm_put(w, y + 14, 1, _(" . working day   - weekend   H holiday   W make-up working day"),
           cols - 2);
    int cy, cx;
    fm_form_draw(&s->form, w, y + 16, 2, &cy, &cx);
    if (cy >= 0)
        app_cursor(a, cy, cx);
}

static int calendar_key(app *a, void *st, fm_key k)
{
    calendar_state *s = st;
    if (k.code == FM_KEY_PGUP || k.code == FM_KEY_PGDN) {
        s->year += k.code == FM_KEY_PGUP ? -1 : 1;
        load(a, s);
        return FM_HANDLED;
    }
    int r = fm_form_key(&s->form, k);
    return r == FM_SUBMIT ? FM_HANDLED : r;
}

static int year_key(void *owner, void *st, fm_key k)
{
    calendar_state *s = st;
    s->year += k.code == FM_KEY_F(7) ? -1 : 1;
    load(owner, s);
    return FM_HANDLED;
}

static int set_day_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    calendar_state *s = st;
    char day[16], kind[4], name[80];
    fm_form_value(&s->form, "day", day, sizeof day);
    fm_form_value(&s->form, "kind", kind, sizeof kind);
    fm_form_value(&s->form, "name", name, sizeof name);
    bm_day d;
    if (bm_day_parse(day, &d) != 0) {
        app_message(a, 1, "%s", _("Type a date as YYYY-MM-DD."));
        return FM_HANDLED;
    }
    const char *how = !strcmp(kind, "1") ? "off" : !strcmp(kind, "2") ? "work" : "";
    bm_err err;
    if (bm_calendar_set_day(a->db, &a->actor, d, how, name, &err) != BM_OK) {
        ui_error(a, &err);
        return FM_HANDLED;
    }
    int y, m, dd;
    bm_day_to_ymd(d, &y, &m, &dd);
    s->year = y;
    s->stale = 1;
    app_message(a, 0, _("%s saved."), day);
    return FM_HANDLED;
}

static int import_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    calendar_state *s = st;
    char path[400];
    fm_form_value(&s->form, "file", path, sizeof path);
    int days = 0;
    bm_err err;
    if (!path[0]) {
        app_message(a, 1, "%s", _("Type the path of the schedule file on the server."));
        return FM_HANDLED;
    }
    if (bm_calendar_import(a->db, &a->actor, path, &days, &err) != BM_OK) {
        ui_error(a, &err);
        return FM_HANDLED;
    }
    s->stale = 1;
    app_message(a, 0, _("Imported %d days from %s."), days, path);
    return FM_HANDLED;
}

static const fm_fkey calendar_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Mark day"), set_day_key, 0 },
    APP_KEY_BACK,
    { FM_KEY_F(6), NULL, N_("Import"), import_key, 0 },
    { FM_KEY_F(7), N_("F7/F8"), N_("Year"), year_key, 0 },
    { FM_KEY_F(8), NULL, NULL, year_key, 0 },
    APP_KEY_CANCEL,
    FM_FKEYS_END,
};

const screen_def screen_admin_calendar = {
    .id = "BM930",
    .title = N_("Working-day calendar"),
    .keys = calendar_keys,
    .help = N_("A year at a glance: a line a month, a column pair a day. \".\" a working day, "
               "\"-\" a weekend, H a holiday, W a make-up working day. A year nobody loaded "
               "is provisional: only weekends rest, and deadlines reaching into it may move "
               "once the schedule is out. F7/F8 (PgUp/PgDn) another year.\n"
               "Date, mark (1 holiday, 2 make-up working day, 0 ordinary) and name, then F2: "
               "one day. File on the server: the State Council's schedule as lines "
               "\"YYYY-MM-DD off|work name\", then F6 imports it (the year is replaced as a "
               "whole)."),
    .state_size = sizeof(calendar_state),
    .open = calendar_open,
    .draw = calendar_draw,
    .key = calendar_key,
};
