/* BM310, the duty roster (值班表) of a centre: a week (each off-hours shift with its times and
 * who is on duty) or, with F11, a month as a calendar at 80 columns; under either the coverage
 * check of the next 8 weeks (off-hours periods nobody covers, the first of them named, and
 * the shifts per person). The centre head and the administrator change it with F6 (BM315,
 * scr_roster_edit.c); the administrator, whose account has no centre, turns through the
 * township centres with F4. Everyone else reads it. */
#include "tui/screens/appt.h"
#include "tui/screens/duty.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"
#include "core/authz.h"
#include "core/date.h"
#include "core/org.h"
#include "core/roster.h"
#include "forms/frame.h"
#include "forms/text.h"

#include <stdio.h>
#include <string.h>

#define SPAN_SHIFTS 42          /* a month's days at most, one off-hours shift a day */
#define COVERAGE_DAYS (8 * 7)
#define CELL 11                 /* a month view's day: 7 of them across 80 columns */

typedef struct roster_state {
    int64_t centre;
    char centre_code[33], centre_name[128];
    int month_view;
    bm_day monday;              /* the week shown */
    bm_day first;               /* the month shown: its first day */
    bm_shift shift[SPAN_SHIFTS];
    int count;
    bm_day gap_day[SPAN_SHIFTS]; /* days of the span with an uncovered period */
    int ngap_days;
    int gaps;                   /* uncovered periods in the 8 weeks from today, -1 unknown */
    time_t first_gap;           /* the first of them */
    char per_person[160];       /* "每人班次: 孙磊 20  郑红 19" */
    int stale;                  /* changed on BM315: read again at the next draw */
    char error[160];
} roster_state;

static int keep(const bm_shift *s, void *ctx)
{
    roster_state *r = ctx;
    if (r->count < SPAN_SHIFTS)
        r->shift[r->count++] = *s;
    return 0;
}

static int note_gap_day(time_t start, time_t end, int kind, void *ctx)
{
    (void)end, (void)kind;
    roster_state *r = ctx;
    if (r->ngap_days < SPAN_SHIFTS)
        r->gap_day[r->ngap_days++] = bm_day_of(start);
    return 0;
}

static int note_first_gap(time_t start, time_t end, int kind, void *ctx)
{
    (void)end, (void)kind;
    roster_state *r = ctx;
    if (!r->first_gap)
        r->first_gap = start;
    return 0;
}

static int add_person(const char *name, int shifts, void *ctx)
{
    roster_state *r = ctx;
    size_t len = strlen(r->per_person);
    if (len < sizeof r->per_person)
        snprintf(r->per_person + len, sizeof r->per_person - len, "  %s %d", name, shifts);
    return 0;
}

/* The shifts of the week or month shown, and the coverage of the next 8 weeks. */
static void load(app *a, roster_state *r)
{
    bm_err err;
    bm_day from = r->month_view ? r->first : r->monday, to = from + 6;
    if (r->month_view) {
        int y, m, d;
        bm_day_to_ymd(r->first, &y, &m, &d);
        to = (m == 12 ? bm_day_from_ymd(y + 1, 1, 1) : bm_day_from_ymd(y, m + 1, 1)) - 1;
    }
    r->count = r->ngap_days = 0;
    r->error[0] = '\0';
    r->stale = 0;
    if (bm_roster_shifts(a->db, r->centre, from, to, keep, r, &err) != BM_OK ||
        bm_roster_gaps(a->db, r->centre, from, to, note_gap_day, r, &r->gaps, &err) != BM_OK)
        snprintf(r->error, sizeof r->error, "%s", _(err.reason));
    bm_day today = bm_day_of(bm_now());
    r->first_gap = 0;
    snprintf(r->per_person, sizeof r->per_person, "%s", _("Shifts per person (8 weeks):"));
    if (bm_roster_gaps(a->db, r->centre, today, today + COVERAGE_DAYS - 1, note_first_gap, r,
                       &r->gaps, &err) != BM_OK ||
        bm_roster_counts(a->db, r->centre, today, today + COVERAGE_DAYS - 1, add_person, r,
                         &err) != BM_OK)
        r->gaps = -1;
}

struct townships {
    bm_org org[32];
    int n;
};

static int keep_township(const bm_org *o, int depth, void *ctx)
{
    (void)depth;
    struct townships *t = ctx;
    if (o->kind == BM_ORG_TOWNSHIP && o->active && t->n < 32)
        t->org[t->n++] = *o;
    return 0;
}

/* The administrator's next township centre after the one shown (the first when none). */
static void next_centre(app *a, roster_state *r)
{
    struct townships t = {0};
    bm_err err;
    if (bm_org_list(a->db, keep_township, &t, &err) != BM_OK || t.n == 0)
        return;
    int at = 0;
    for (int i = 0; i < t.n; i++)
        if (t.org[i].id == r->centre)
            at = (i + 1) % t.n;
    r->centre = t.org[at].id;
    snprintf(r->centre_code, sizeof r->centre_code, "%s", t.org[at].code);
    snprintf(r->centre_name, sizeof r->centre_name, "%s", t.org[at].name);
}

static void roster_open(app *a, void *st)
{
    roster_state *r = st;
    bm_place p;
    bm_org o;
    r->centre = 0;
    if (bm_actor_place(a->db, &a->actor, &p, NULL) == BM_OK && p.centre_id &&
        bm_org_get(a->db, p.centre_id, &o, NULL) == BM_OK) {
        r->centre = o.id;
        snprintf(r->centre_code, sizeof r->centre_code, "%s", o.code);
        snprintf(r->centre_name, sizeof r->centre_name, "%s", o.name);
    } else if (bm_authz_scope(&a->actor, BM_ACT_ROSTER_EDIT) == BM_SCOPE_ALL) {
        next_centre(a, r);
    }
    bm_day today = bm_day_of(bm_now());
    int y, m, d;
    bm_day_to_ymd(today, &y, &m, &d);
    r->monday = today - bm_day_weekday(today);
    r->first = bm_day_from_ymd(y, m, 1);
    if (r->centre)
        load(a, r);
}

void roster_changed(app *a)
{
    roster_state *r = app_top_state(a, &screen_roster);
    if (r)
        r->stale = 1;
}


/* "10-01 周四 08:30" */
static void when(time_t t, char *buf, size_t cap)
{
    bm_day d = bm_day_of(t);
    int y, m, dd, minute = bm_minute_of(t);
    bm_day_to_ymd(d, &y, &m, &dd);
    snprintf(buf, cap, "%02d-%02d %s %02d:%02d", m, dd, duty_weekday(bm_day_weekday(d)),
             minute / 60, minute % 60);
}

static int draw_week(roster_state *r, WINDOW *w, int y, int last)
{
    char from[40], to[40], people[160];
    /* Columns: kind, from, to, a mark for a shift changed by hand, who is on duty. */
    enum { X_KIND = 1, X_FROM = 10, X_TO = 28, X_MARK = 46, X_WHO = 47 };
    fm_put(w, y, X_KIND, _("Shift"), X_FROM - X_KIND - 1);
    fm_put(w, y, X_FROM, _("From"), X_TO - X_FROM - 1);
    fm_put(w, y, X_TO, _("To"), X_MARK - X_TO);
    fm_put(w, y++, X_WHO, _("On duty"), 79 - X_WHO);
    for (int i = 0; i < r->count && y <= last; i++, y++) {
        const bm_shift *s = &r->shift[i];
        when(s->start, from, sizeof from);
        when(s->end, to, sizeof to);
        duty_shift_people(s, people, sizeof people);
        fm_put(w, y, X_KIND, _(bm_shift_kind_label(s->kind)), X_FROM - X_KIND - 1);
        fm_put(w, y, X_FROM, from, X_TO - X_FROM - 1);
        fm_put(w, y, X_TO, to, X_MARK - X_TO);
        if (s->overridden)
            fm_put(w, y, X_MARK, "*", 1);
        fm_put(w, y, X_WHO, people, 79 - X_WHO);
    }
    return y;
}

static const bm_shift *shift_of(const roster_state *r, bm_day day)
{
    for (int i = 0; i < r->count; i++)
        if (r->shift[i].day == day)
            return &r->shift[i];
    return NULL;
}

/* A calendar: per week a line of days with the kind of their shift, and a line of who is on
 * duty ("*" changed by hand, "+" a second person, "!" nobody for an off-hours period). */
static int draw_month(roster_state *r, WINDOW *w, int y, int last)
{
    for (int i = 0; i < 7; i++)
        fm_put(w, y, 1 + i * CELL, duty_weekday(i), CELL - 1);
    y++;
    int fy, fm, fd;
    bm_day_to_ymd(r->first, &fy, &fm, &fd);
    for (bm_day week = r->first - bm_day_weekday(r->first); y + 1 <= last; week += 7, y += 2) {
        int any = 0;
        for (int i = 0; i < 7; i++) {
            bm_day day = week + i;
            int yy, mm, dd;
            bm_day_to_ymd(day, &yy, &mm, &dd);
            if (mm != fm)
                continue;
            any = 1;
            const bm_shift *s = shift_of(r, day);
            char top[48], who[80];
            snprintf(top, sizeof top, "%2d %s", dd, s ? _(bm_shift_kind_label(s->kind)) : "");
            who[0] = '\0';
            if (s)
                snprintf(who, sizeof who, "%s", s->name);
            int x = 1 + i * CELL;
            fm_put(w, y, x, top, CELL - 1);
            int used = fm_put(w, y + 1, x, who, CELL - 3);
            char marks[4] = "";
            size_t n = 0;
            if (s && s->overridden)
                marks[n++] = '*';
            if (s && s->second_id)
                marks[n++] = '+';
            for (int g = 0; g < r->ngap_days; g++)
                if (r->gap_day[g] == day && n < 3) {
                    marks[n++] = '!';
                    break;
                }
            marks[n] = '\0';
            fm_put(w, y + 1, x + used, marks, CELL - 1 - used);
        }
        if (!any && week > r->first)
            break;
    }
    return y;
}

static void roster_draw(app *a, void *st, WINDOW *w)
{
    roster_state *r = st;
    char line[256], a_day[11], z_day[11];
    int y = FM_BODY_TOP;
    if (!r->centre) {
        fm_put(w, y, 1, _("Your account belongs to no centre, so it has no duty roster."), 78);
        return;
    }
    if (r->stale)
        load(a, r);
    if (r->month_view) {
        int yy, mm, dd;
        bm_day_to_ymd(r->first, &yy, &mm, &dd);
        snprintf(line, sizeof line, _("%s  month %04d-%02d"), r->centre_name, yy, mm);
    } else {
        bm_day_format(r->monday, a_day);
        bm_day_format(r->monday + 6, z_day);
        char week[96];
        snprintf(week, sizeof week, _("Week %s to %s"), a_day, z_day);
        snprintf(line, sizeof line, "%s  %s", r->centre_name, week);
    }
    fm_put(w, y++, 1, line, 78);
    int last = getmaxy(w) - 6;
    int end = r->month_view ? draw_month(r, w, y, last) : draw_week(r, w, y, last);
    if (r->count == 0 && !r->month_view)
        fm_put(w, end, 1, r->error[0] ? r->error : _("No shifts on the roster this week."), 78);
    y = last + 1;
    fm_put(w, y++, 1, r->per_person, 78);
    if (r->gaps > 0) {
        char first[40];
        when(r->first_gap, first, sizeof first);
        snprintf(line, sizeof line, _("Off-hours periods with nobody on duty in the next 8 "
                                      "weeks: %d (first %s)"), r->gaps, first);
    } else {
        snprintf(line, sizeof line, "%s", r->gaps == 0
                 ? _("Every off-hours period of the next 8 weeks has someone on duty.")
                 : _("The coverage of the next 8 weeks could not be checked."));
    }
    fm_put(w, y, 1, line, 78);
}

static int roster_key(app *a, void *st, fm_key k)
{
    roster_state *r = st;
    if (!r->centre || (k.code != FM_KEY_PGUP && k.code != FM_KEY_PGDN))
        return FM_IGNORED;
    int back = k.code == FM_KEY_PGUP;
    if (r->month_view) {
        int y, m, d;
        bm_day_to_ymd(r->first, &y, &m, &d);
        m += back ? -1 : 1;
        r->first = m < 1 ? bm_day_from_ymd(y - 1, 12, 1)
                 : m > 12 ? bm_day_from_ymd(y + 1, 1, 1) : bm_day_from_ymd(y, m, 1);
    } else {
        r->monday += back ? -7 : 7;
    }
    load(a, r);
    return FM_HANDLED;
}

/* F11: the month of the week shown, or the first week of the month shown. */
static int view_key(void *owner, void *st, fm_key k)
{
    (void)k;
    roster_state *r = st;
    if (!r->centre)
        return FM_HANDLED;
    r->month_view = !r->month_view;
    int y, m, d;
    if (r->month_view) {
        bm_day_to_ymd(r->monday, &y, &m, &d);
        r->first = bm_day_from_ymd(y, m, 1);
    } else {
        r->monday = r->first - bm_day_weekday(r->first);
    }
    load(owner, r);
    return FM_HANDLED;
}

static int change_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    roster_state *r = st;
    if (!r->centre)
        return FM_HANDLED;
    if (bm_authz_scope(&a->actor, BM_ACT_ROSTER_EDIT) == BM_SCOPE_NONE) {
        app_message(a, 1, "%s", _("The centre head and the administrator change the roster."));
        return FM_HANDLED;
    }
    roster_edit_open(a, r->centre_code, r->month_view ? r->first : r->monday);
    return FM_HANDLED;
}

/* F9: the appointment slots of the centre shown (those who may open slots). */
static int slots_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    roster_state *r = st;
    if (!r->centre)
        return FM_HANDLED;
    if (bm_authz_scope(&a->actor, BM_ACT_APPT_SLOTS) == BM_SCOPE_NONE) {
        app_message(a, 1, "%s", _("The centre head and the administrator open appointment "
                                  "slots."));
        return FM_HANDLED;
    }
    appt_slots_open(a, r->centre_code);
    return FM_HANDLED;
}

static int centre_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    roster_state *r = st;
    if (bm_authz_scope(&a->actor, BM_ACT_ROSTER_EDIT) != BM_SCOPE_ALL) {
        app_message(a, 1, "%s", _("The roster shown is your centre's."));
        return FM_HANDLED;
    }
    next_centre(a, r);
    load(a, r);
    return FM_HANDLED;
}

static const fm_fkey roster_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    { FM_KEY_F(4), NULL, N_("Centre"), centre_key, 0 },
    { FM_KEY_F(6), NULL, N_("Change"), change_key, 0 },
    { FM_KEY_F(9), NULL, N_("Slots"), slots_key, 0 },
    APP_KEY_LOGOUT,
    { FM_KEY_F(11), NULL, N_("Week/Month"), view_key, 0 },
    FM_FKEYS_END,
};

const screen_def screen_roster = {
    .id = "BM310",
    .title = N_("Duty roster"),
    .keys = roster_keys,
    .help = N_("The duty roster of your centre: each shift outside office hours, when it "
               "begins and ends, and who is on duty (* changed by hand).\n"
               "F11 turns between a week and a month; PgUp and PgDn show the week or month "
               "before and after. In the month each day shows its shift (evening, weekend, "
               "holiday) and who has it: * changed by hand, + a second person, ! an off-hours "
               "period nobody covers.\n"
               "The last lines are the coverage check of the next 8 weeks: the shifts per "
               "person and the off-hours periods with nobody on duty (the first named).\n"
               "F6 changes the roster (the centre head and the administrator): swap two "
               "days, give a shift to someone else, add a second person, mark leave. The "
               "administrator turns through the centres with F4; F9 opens the centre's "
               "appointment slots."),
    .state_size = sizeof(roster_state),
    .open = roster_open,
    .draw = roster_draw,
    .key = roster_key,
};
