/* BM310, the duty roster (值班表) of the user's centre a week at a time: each off-hours shift
 * with its times and who is on duty, and how many off-hours periods of the next 8 weeks
 * nobody covers. Also the duty line of the home screen. */
#include "tui/screens/duty.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"
#include "core/authz.h"
#include "core/date.h"
#include "core/roster.h"
#include "forms/frame.h"
#include "forms/text.h"

#include <stdio.h>
#include <string.h>

#define WEEK_SHIFTS 16

/* Who is on a shift: "孙磊 18781837702", and a second person after a comma. */
static void shift_people(const bm_shift *s, char *buf, size_t cap)
{
    if (s->second_id)
        snprintf(buf, cap, "%s %s, %s", s->name, s->phone, s->second_name);
    else
        snprintf(buf, cap, "%s %s", s->name, s->phone);
}

static int64_t user_centre(app *a)
{
    bm_place p;
    if (bm_actor_place(a->db, &a->actor, &p, NULL) != BM_OK)
        return 0;
    return p.centre_id;
}

void duty_today_line(app *a, char *buf, size_t cap)
{
    buf[0] = '\0';
    int64_t centre = user_centre(a);
    if (!centre)
        return;
    time_t now = bm_now();
    bm_shift s;
    int found, on_now;
    bm_err err;
    if (bm_roster_on_duty(a->db, centre, now, &s, &found, &on_now, &err) != BM_OK) {
        snprintf(buf, cap, "%s", _(err.reason));
        return;
    }
    if (!found || (!on_now && s.day != bm_day_of(now))) {
        snprintf(buf, cap, "%s", _("On duty today: nobody on the roster"));
        return;
    }
    char people[160];
    shift_people(&s, people, sizeof people);
    snprintf(buf, cap, _("On duty today: %s"), people);
}

typedef struct roster_state {
    int64_t centre;
    bm_day monday;              /* the week shown */
    bm_shift shift[WEEK_SHIFTS];
    int count;
    int gaps;                   /* uncovered periods in the 8 weeks from today */
    char error[160];
} roster_state;

static int keep(const bm_shift *s, void *ctx)
{
    roster_state *r = ctx;
    if (r->count < WEEK_SHIFTS)
        r->shift[r->count++] = *s;
    return 0;
}

static void load_week(app *a, roster_state *r)
{
    bm_err err;
    r->count = 0;
    r->error[0] = '\0';
    if (bm_roster_shifts(a->db, r->centre, r->monday, r->monday + 6, keep, r, &err) != BM_OK)
        snprintf(r->error, sizeof r->error, "%s", _(err.reason));
}

static void roster_open(app *a, void *st)
{
    roster_state *r = st;
    r->centre = user_centre(a);
    bm_day today = bm_day_of(bm_now());
    r->monday = today - bm_day_weekday(today);
    bm_err err;
    r->gaps = -1;
    if (r->centre && bm_roster_gaps(a->db, r->centre, today, today + 8 * 7 - 1, NULL, NULL,
                                    &r->gaps, &err) != BM_OK)
        r->gaps = -1;
    load_week(a, r);
}

static const char *const weekday_names[] = {
    N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"),
};

/* "10-01 周四 08:30" */
static void when(time_t t, char *buf, size_t cap)
{
    bm_day d = bm_day_of(t);
    int y, m, dd, minute = bm_minute_of(t);
    bm_day_to_ymd(d, &y, &m, &dd);
    snprintf(buf, cap, "%02d-%02d %s %02d:%02d", m, dd, _(weekday_names[bm_day_weekday(d)]),
             minute / 60, minute % 60);
}

static void roster_draw(app *a, void *st, WINDOW *w)
{
    (void)a;
    roster_state *r = st;
    char line[256], from[40], to[40], people[160], a_day[11], z_day[11];
    int y = FM_BODY_TOP;
    if (!r->centre) {
        fm_put(w, y, 1, _("Your account belongs to no centre, so it has no duty roster."), 78);
        return;
    }
    bm_day_format(r->monday, a_day);
    bm_day_format(r->monday + 6, z_day);
    snprintf(line, sizeof line, _("Week %s to %s"), a_day, z_day);
    fm_put(w, y++, 1, line, 78);
    /* Columns: kind, from, to, a mark for a shift changed by hand, who is on duty. */
    enum { X_KIND = 1, X_FROM = 10, X_TO = 28, X_MARK = 46, X_WHO = 47 };
    fm_put(w, y, X_KIND, _("Shift"), X_FROM - X_KIND - 1);
    fm_put(w, y, X_FROM, _("From"), X_TO - X_FROM - 1);
    fm_put(w, y, X_TO, _("To"), X_MARK - X_TO);
    fm_put(w, y++, X_WHO, _("On duty"), 79 - X_WHO);
    int last = getmaxy(w) - 5;
    for (int i = 0; i < r->count && y <= last; i++, y++) {
        const bm_shift *s = &r->shift[i];
        when(s->start, from, sizeof from);
        when(s->end, to, sizeof to);
        shift_people(s, people, sizeof people);
        fm_put(w, y, X_KIND, _(bm_shift_kind_label(s->kind)), X_FROM - X_KIND - 1);
        fm_put(w, y, X_FROM, from, X_TO - X_FROM - 1);
        fm_put(w, y, X_TO, to, X_MARK - X_TO);
        if (s->overridden)
            fm_put(w, y, X_MARK, "*", 1);
        fm_put(w, y, X_WHO, people, 79 - X_WHO);
    }
    if (r->count == 0)
        fm_put(w, y++, 1, r->error[0] ? r->error : _("No shifts on the roster this week."), 78);
    y = last + 1;
    if (r->gaps > 0)
        snprintf(line, sizeof line, _("Off-hours periods with nobody on duty in the next 8 "
                                      "weeks: %d"), r->gaps);
    else
        snprintf(line, sizeof line, "%s", r->gaps == 0
                 ? _("Every off-hours period of the next 8 weeks has someone on duty.")
                 : _("The coverage of the next 8 weeks could not be checked."));
    fm_put(w, y, 1, line, 78);
}

static int roster_key(app *a, void *st, fm_key k)
{
    roster_state *r = st;
    if (k.code != FM_KEY_PGUP && k.code != FM_KEY_PGDN)
        return FM_IGNORED;
    r->monday += k.code == FM_KEY_PGUP ? -7 : 7;
    load_week(a, r);
    return FM_HANDLED;
}

static const fm_fkey roster_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    APP_KEY_LOGOUT,
    FM_FKEYS_END,
};

const screen_def screen_roster = {
    .id = "BM310",
    .title = N_("Duty roster"),
    .keys = roster_keys,
    .help = N_("The duty roster of your centre, a week at a time: each shift outside office "
               "hours, when it begins and ends, and who is on duty (* changed by hand).\n"
               "PgUp and PgDn show the week before and after. The last line counts the "
               "off-hours periods of the next 8 weeks with nobody on duty."),
    .state_size = sizeof(roster_state),
    .open = roster_open,
    .draw = roster_draw,
    .key = roster_key,
};
