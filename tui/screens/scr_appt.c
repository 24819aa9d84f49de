/* BM320 the day's appointments (预约) at the user's centre, by time: person, phone, matter,
 * how it was booked, its state, and who serves an extended-hours slot. F11 / F9 the day
 * before and after; F6 books one. Options: 5 the slip (BM322, printable), 2 move it, 4
 * cancel it, 9 mark a no-show, 1 the person has come: intake starts with them and their
 * matter, the case on channel 预约. */
#include "core/appointment.h"
#include "core/case.h"
#include "forms/frame.h"
#include "forms/text.h"
#include "forms/worklist.h"
#include "tui/kit/caseui.h"
#include "tui/kit/listkeys.h"
#include "tui/screens/appt.h"
#include "tui/screens/duty.h"
#include "tui/screens/intake.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCOLS 6
#define DAY_MAX 300

typedef struct appts_state {
    list_screen ls;   /* first: the shared list keys find it there */
    bm_day day;
    bm_appointment *rows;
    int count;
    int booked;       /* live ones of the day */
    fm_column cols[NCOLS];
} appts_state;

static const char *cell(void *ctx, int row, int col, char *buf, size_t cap, int *mark)
{
    appts_state *s = ctx;
    *mark = FM_MARK_NONE;
    if (row < 0 || row >= s->count)
        return "";
    const bm_appointment *p = &s->rows[row];
    switch (col) {
    case 0: {
        int m = bm_minute_of(p->start);
        snprintf(buf, cap, "%02d:%02d%s", m / 60, m % 60, p->staff_id ? " *" : "");
        return buf;
    }
    case 1: return p->applicant_name;
    case 2: return p->phone;
    case 3: return p->matter_name[0] ? p->matter_name : p->note;
    case 4: return _(bm_appt_channel_label(p->channel));
    case 5: return _(bm_appt_status_label(p->status));
    default: return "";
    }
}

static int keep(const bm_appointment *p, void *ctx)
{
    appts_state *s = ctx;
    if (s->count >= DAY_MAX)
        return 1;
    s->rows[s->count++] = *p;
    s->booked += p->status == BM_APPT_BOOKED || p->status == BM_APPT_ARRIVED;
    return 0;
}

static void reset(void *ctx)
{
    appts_state *s = ctx;
    s->count = s->booked = 0;
}

/* The whole day at once; a find keeps the rows whose person, phone or matter holds it. */
static int fetch(void *ctx, const char *query, int offset, int limit)
{
    (void)limit;
    appts_state *s = ctx;
    if (offset > 0)
        return 0;
    if (!s->rows && !(s->rows = calloc(DAY_MAX, sizeof *s->rows)))
        return -1;
    bm_err err;
    if (bm_appt_day(s->ls.a->db, &s->ls.a->actor, s->day, keep, s, &err) != BM_OK) {
        ui_error(s->ls.a, &err);
        return -1;
    }
    if (query[0]) {
        int k = 0;
        for (int i = 0; i < s->count; i++) {
            const bm_appointment *p = &s->rows[i];
            if (strstr(p->applicant_name, query) || strstr(p->phone, query) ||
                strstr(p->matter_name, query))
                s->rows[k++] = *p;
        }
        s->count = k;
    }
    return s->count;
}

/* Option 1: the person has come. Their appointment is marked arrived and intake opens with
 * them, their matter and the channel 预约. */
static void start_intake(app *a, const bm_appointment *p)
{
    bm_err err;
    bm_applicant ap;
    if (bm_applicant_get(a->db, &a->actor, p->applicant_id, &ap, &err) != BM_OK ||
        bm_appt_set_status(a->db, &a->actor, p->id, BM_APPT_ARRIVED, 0, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    app_push(a, &screen_intake);
    intake_state *s = app_top_state(a, &screen_intake);
    if (!s)
        return;
    s->ab.ap = ap;
    if (p->matter_code[0] && intake_choose_matter(s, p->matter_code, 0, &err) != 0)
        ui_error(a, &err);
    intake_rebuild(s, NULL, 0);
    char channel[4];
    snprintf(channel, sizeof channel, "%d", BM_CHANNEL_APPOINTMENT);
    fm_form_set(&s->form, "channel", channel);
    if (s->code[0])
        fm_form_set(&s->form, "matter", p->matter_code);
    intake_rebuild(s, NULL, 0);
    for (int i = 0; i < s->form.count; i++)
        s->form.items[i].field.changed = 0;
    int mi = fm_form_find(&s->form, "matter");
    fm_form_focus(&s->form, s->code[0] ? mi + 1 : mi);
    app_message(a, 0, "%s", _("From the appointment: the person and the matter are filled in; "
                              "the case is taken on channel Appointment."));
}

static void act_on(void *ctx, int row, char option)
{
    appts_state *s = ctx;
    app *a = s->ls.a;
    const bm_appointment *p = &s->rows[row];
    bm_err err;
    fm_worklist_mark_stale(&s->ls.wl);
    switch (option) {
    case '5': appt_slip_open(a, p->id); return;
    case '2': appt_book_open(a, p->id); return;
    case '1': start_intake(a, p); return;
    case '4':
    case '9':
        if (bm_appt_set_status(a->db, &a->actor, p->id,
                               option == '4' ? BM_APPT_CANCELLED : BM_APPT_NO_SHOW, 0, &err) !=
            BM_OK) {
            ui_error(a, &err);
            return;
        }
        app_message(a, 0, _("%s: %s."), p->applicant_name,
                    _(bm_appt_status_label(option == '4' ? BM_APPT_CANCELLED : BM_APPT_NO_SHOW)));
        return;
    default: return;
    }
}

static const fm_worklist_spec spec = {
    .ncols = NCOLS, .options = "52491", .default_option = '5', .page_rows = DAY_MAX,
    .reset = reset, .fetch = fetch, .cell = cell, .act = act_on,
};

void appts_changed(app *a)
{
    appts_state *s = app_top_state(a, &screen_appts);
    if (s)
        fm_worklist_mark_stale(&s->ls.wl);
}

static void appts_open(app *a, void *st)
{
    appts_state *s = st;
    s->ls.a = a;
    s->day = bm_day_of(bm_now());
    fm_worklist_init(&s->ls.wl, &spec, s->cols, s);
    fm_worklist_reload(&s->ls.wl);
}

static void appts_close(app *a, void *st)
{
    (void)a;
    appts_state *s = st;
    free(s->rows);
    s->rows = NULL;
}

static void appts_status(app *a, void *st, char *buf, size_t cap)
{
    (void)a;
    appts_state *s = st;
    char d[11];
    bm_day_format(s->day, d);
    snprintf(buf, cap, _("%s %s  booked %d"), d, duty_weekday(bm_day_weekday(s->day)), s->booked);
}

static void appts_draw(app *a, void *st, WINDOW *w)
{
    appts_state *s = st;
    s->ls.a = a;
    static const char *const titles[NCOLS] = { N_("Time"), N_("Person"), N_("Phone"),
                                               N_("Matter"), N_("Channel"), N_("State") };
    static const int widths[NCOLS] = { 7, 8, 11, 24, 8, 6 };
    for (int i = 0; i < NCOLS; i++) {
        s->cols[i].title = _(titles[i]);
        s->cols[i].width = widths[i];
        s->cols[i].right = 0;
    }
    const list_screen_words words = {
        .options = _("5=Slip 2=Move 4=Cancel 9=No-show 1=Intake"),
        .prompt = "",
        .none_found = _("No appointment matches."),
        .empty = _("No appointments this day."),
    };
    list_screen_draw(a, &s->ls, w, &words);
    fm_put(w, getmaxy(w) - 3, 1, _("F11=Day before  F9=Day after"), 40);
}

static int appts_key(app *a, void *st, fm_key k)
{
    return list_screen_key(a, st, k, N_("Options here: 5 slip, 2 move, 4 cancel, 9 no-show, "
                                        "1 intake."));
}

static int day_key(void *owner, void *st, fm_key k)
{
    (void)owner;
    appts_state *s = st;
    s->day += k.code == FM_KEY_F(9) ? 1 : -1;
    fm_worklist_reload(&s->ls.wl);
    return FM_HANDLED;
}

static int book_key(void *owner, void *st, fm_key k)
{
    (void)st, (void)k;
    appt_book_open(owner, 0);
    return FM_HANDLED;
}

static const fm_fkey appts_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    { FM_KEY_F(6), NULL, N_("Book"), book_key, 0 },
    /* The legend has no room for these: the line under the list names them. */
    { FM_KEY_F(11), NULL, NULL, day_key, 0 },
    { FM_KEY_F(9), NULL, NULL, day_key, 0 },
    LIST_SCREEN_KEYS_COMPACT,
    FM_FKEYS_END,
};

const screen_def screen_appts = {
    .id = "BM320",
    .title = N_("Appointments"),
    .keys = appts_keys,
    .help = N_("The appointments of your centre on one day, by time (\"*\": an extended-hours "
               "slot). F11 and F9 show the day before and after; F6 books an appointment.\n"
               "Type an option before a row and press Enter: 5 the slip to print for the person, "
               "2 move it to another time, 4 cancel it, 9 the person did not come, 1 the person "
               "has come: intake opens with them and their matter, on channel Appointment."),
    .state_size = sizeof(appts_state),
    .open = appts_open,
    .close = appts_close,
    .draw = appts_draw,
    .key = appts_key,
    .status = appts_status,
};
