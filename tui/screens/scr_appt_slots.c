/* BM316 the appointment slots of a centre (the centre head, the administrator; opened with F9
 * on the duty roster): a day's slots with their capacity, the people booked and who serves an
 * extended-hours slot; PgUp and PgDn the day before and after. Under them F2 opens slots in
 * the office hours of the working days From .. To (minutes each, for so many people; a slot
 * already open takes the new capacity and keeps its bookings), F6 an extended-hours slot
 * (预约延时) on the day From outside office hours, served by a named member of staff. Core
 * checks the right and the rules; a refusal stays on the form. */
#include "core/appointment.h"
#include "core/calendar.h"
#include "core/date.h"
#include "core/org.h"
#include "forms/form.h"
#include "forms/frame.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/kit/staffpick.h"
#include "tui/screens/appt.h"
#include "tui/screens/duty.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY_SLOTS 32
#define SLOT_ROWS 8     /* two columns of them */

typedef struct slots_state {
    fm_form form;
    staff_pick pick;
    app *a;
    bm_org centre;
    bm_day day;
    bm_appt_slot slot[DAY_SLOTS];
    int count;
} slots_state;

static int keep_slot(const bm_appt_slot *s, void *ctx)
{
    slots_state *st = ctx;
    if (st->count < DAY_SLOTS)
        st->slot[st->count++] = *s;
    return 0;
}

static void load(slots_state *s)
{
    bm_err err;
    s->count = 0;
    if (bm_appt_slots_day(s->a->db, s->centre.id, s->day, keep_slot, s, &err) != BM_OK)
        ui_error(s->a, &err);
}

static int slots_choose(void *ctx, fm_form *f, int item)
{
    slots_state *s = ctx;
    if (strcmp(f->items[item].name, "staff") != 0)
        return FM_IGNORED;
    staff_pick_open(s->a, &s->pick, f, "staff");
    return FM_HANDLED;
}

static void build(slots_state *s)
{
    fm_form *f = &s->form;
    fm_form_init(f, NULL, slots_choose, s);
    int lc = fm_form_label_cols(_("From"), _("Extended"));
    int i = fm_form_add_noted(f, "from", _("From"), 0, 1, lc, 10, 10, FM_FIELD_ASCII, 0, NULL);
    i = fm_form_add_noted(f, "to", _("To"), 0, fm_form_item_end(f, i) + 2, 0, 10, 10,
                          FM_FIELD_ASCII, 0, NULL);
    i = fm_form_add_noted(f, "minutes", _("Minutes"), 0, fm_form_item_end(f, i) + 2, 0, 3, 3,
                          FM_FIELD_DIGITS, 0, NULL);
    fm_form_add_noted(f, "capacity", _("People"), 0, fm_form_item_end(f, i) + 2, 0, 2, 2,
                      FM_FIELD_DIGITS, 0, _("F2 opens"));
    i = fm_form_add_noted(f, "start", _("Extended"), 1, 1, lc, 5, 5, FM_FIELD_ASCII, 0, NULL);
    i = fm_form_add_noted(f, "end", _("To"), 1, fm_form_item_end(f, i) + 2, 0, 5, 5,
                          FM_FIELD_ASCII, 0, NULL);
    i = fm_form_add_noted(f, "ext_capacity", _("People"), 1, fm_form_item_end(f, i) + 2, 0, 2, 2,
                          FM_FIELD_DIGITS, 0, NULL);
    fm_form_add_noted(f, "staff", _("Served by"), 1, fm_form_item_end(f, i) + 2, 0, 10, 32,
                      FM_FIELD_ASCII, 0, _("F6 opens"));
}

void appt_slots_open(app *a, const char *centre_code)
{
    bm_org o;
    bm_err err;
    if (bm_org_get_by_code(a->db, centre_code, &o, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    app_push(a, &screen_appt_slots);
    slots_state *s = app_top_state(a, &screen_appt_slots);
    if (!s)
        return;
    s->a = a;
    s->centre = o;
    build(s);
    bm_day next;
    if (bm_workdays_add(a->db, bm_day_of(bm_now()), 1, &next, NULL, NULL) != BM_OK)
        next = bm_day_of(bm_now()) + 1;
    s->day = next;
    char d[11];
    bm_day_format(next, d);
    fm_form_set(&s->form, "from", d);
    fm_form_set(&s->form, "to", d);
    fm_form_set(&s->form, "minutes", "30");
    fm_form_set(&s->form, "capacity", "4");
    fm_form_set(&s->form, "ext_capacity", "2");
    for (int i = 0; i < s->form.count; i++)
        s->form.items[i].field.changed = 0;
    fm_form_focus(&s->form, 0);
    load(s);
}


static void slots_draw(app *a, void *st, WINDOW *w)
{
    slots_state *s = st;
    s->a = a;
    char line[200], d[11];
    bm_day_format(s->day, d);
    snprintf(line, sizeof line, _("%s  slots of %s %s"), s->centre.name, d,
             duty_weekday(bm_day_weekday(s->day)));
    int y = FM_BODY_TOP;
    fm_put(w, y++, 1, line, 78);
    for (int c = 0; c < 2; c++)
        fm_put(w, y, 1 + c * 40, _("Time         People Booked Served by"), 38);
    y++;
    for (int i = 0; i < s->count && i < 2 * SLOT_ROWS; i++) {
        const bm_appt_slot *p = &s->slot[i];
        int a0 = bm_minute_of(p->start), a1 = bm_minute_of(p->end);
        snprintf(line, sizeof line, "%02d:%02d-%02d:%02d  %4d  %4d   %s", a0 / 60, a0 % 60,
                 a1 / 60 % 24, a1 % 60, p->capacity, p->booked, p->staff_name);
        fm_put(w, y + i % SLOT_ROWS, 1 + (i / SLOT_ROWS) * 40, line, 38);
    }
    if (s->count == 0)
        fm_put(w, y, 1, _("No appointments are taken this day."), 78);
    else if (s->count > 2 * SLOT_ROWS)
        fm_put(w, y + SLOT_ROWS, 1, _("more..."), 20);
    int cy, cx;
    fm_form_draw(&s->form, w, FM_BODY_TOP + SLOT_ROWS + 4, 3, &cy, &cx);
    if (cy >= 0)
        app_cursor(a, cy, cx);
}

static int slots_key(app *a, void *st, fm_key k)
{
    slots_state *s = st;
    if (k.code == FM_KEY_PGUP || k.code == FM_KEY_PGDN) {
        s->day += k.code == FM_KEY_PGUP ? -1 : 1;
        load(s);
        return FM_HANDLED;
    }
    int r = fm_form_key(&s->form, k);
    if (r == FM_REJECTED)
        app_message(a, 1, "%s", s->form.why);
    if (r == FM_SUBMIT)
        fm_form_focus(&s->form, 0);
    return r == FM_IGNORED ? FM_IGNORED : FM_HANDLED;
}

/* The day in field `name`; 0 with the message when it is not a date. */
static int day_in(slots_state *s, const char *name, bm_day *out)
{
    char v[16];
    if (bm_day_parse(fm_form_value(&s->form, name, v, sizeof v), out) == 0)
        return 1;
    fm_form_focus(&s->form, fm_form_find(&s->form, name));
    app_message(s->a, 1, "%s", _("Give the date as YYYY-MM-DD."));
    return 0;
}

static int number_in(slots_state *s, const char *name)
{
    char v[8];
    return atoi(fm_form_value(&s->form, name, v, sizeof v));
}

/* After a change: the day of From is shown with its slots. */
static void done(slots_state *s, bm_day day, const char *what)
{
    s->day = day;
    fm_form_focus(&s->form, 0);
    load(s);
    appts_changed(s->a);
    app_message(s->a, 0, "%s", what);
}

static int open_key(void *owner, void *st, fm_key k)
{
    (void)k, (void)owner;
    slots_state *s = st;
    bm_day from, to;
    if (!day_in(s, "from", &from) || !day_in(s, "to", &to))
        return FM_HANDLED;
    bm_err err;
    if (bm_appt_open_slots(s->a->db, &s->a->actor, s->centre.code, from, to,
                           number_in(s, "minutes"), number_in(s, "capacity"), &err) != BM_OK) {
        ui_error(s->a, &err);
        return FM_HANDLED;
    }
    done(s, from, _("Slots opened in office hours (bookings kept)."));
    return FM_HANDLED;
}

/* "HH:MM" on day; -1 when malformed. */
static time_t typed_time(slots_state *s, const char *name, bm_day day)
{
    char v[16], rest;
    int h, m;
    if (sscanf(fm_form_value(&s->form, name, v, sizeof v), "%d:%d%c", &h, &m, &rest) != 2 ||
        h < 0 || h > 24 || m < 0 || m > 59) {
        fm_form_focus(&s->form, fm_form_find(&s->form, name));
        app_message(s->a, 1, "%s", _("Give the time as HH:MM."));
        return -1;
    }
    return bm_time_at(day, h * 60 + m);
}

static int extended_key(void *owner, void *st, fm_key k)
{
    (void)k, (void)owner;
    slots_state *s = st;
    bm_day day;
    time_t start, end;
    if (!day_in(s, "from", &day) || (start = typed_time(s, "start", day)) < 0 ||
        (end = typed_time(s, "end", day)) < 0)
        return FM_HANDLED;
    char staff[40];
    bm_err err;
    if (bm_appt_open_extended(s->a->db, &s->a->actor, s->centre.code, start, end,
                              number_in(s, "ext_capacity"),
                              fm_form_value(&s->form, "staff", staff, sizeof staff),
                              &err) != BM_OK) {
        ui_error(s->a, &err);
        return FM_HANDLED;
    }
    done(s, day, _("Extended-hours slot opened."));
    return FM_HANDLED;
}

static int no_list_key(void *owner, void *st, fm_key k)
{
    (void)st, (void)k;
    app_message(owner, 1, "%s", _("This field has no list to choose from."));
    return FM_HANDLED;
}

static const fm_fkey slots_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Open"), open_key, 0 },
    APP_KEY_BACK,
    { FM_KEY_F(4), NULL, N_("List"), no_list_key, 0 },
    { FM_KEY_F(6), NULL, N_("Extended"), extended_key, 0 },
    APP_KEY_CANCEL,
    FM_FKEYS_END,
};

const screen_def screen_appt_slots = {
    .id = "BM316",
    .title = N_("Appointment slots"),
    .keys = slots_keys,
    .help = N_("The appointment slots of the centre on one day: the time, how many people a "
               "slot takes, how many are booked, and who serves an extended-hours slot. PgUp "
               "and PgDn show the day before and after.\n"
               "F2 opens slots of Minutes each for People in the office hours of every "
               "working day from From to To; a slot already open takes the new number and "
               "keeps its bookings.\n"
               "F6 opens an extended-hours slot (by appointment, outside office hours) on the "
               "day From, from Extended to To, for People, served by the member of staff "
               "named (F4 lists the staff)."),
    .state_size = sizeof(slots_state),
    .draw = slots_draw,
    .key = slots_key,
};
