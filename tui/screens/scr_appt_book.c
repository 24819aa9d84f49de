/* BM321 booking an appointment (by phone or at the window): the person through the applicant
 * block (found, or registered on the spot), the matter's code if known, how they asked, the
 * day and time; F2 books. A time that is full, or where no appointments are taken, is
 * refused and the next free slots are listed under the form (F4 on the time takes the
 * first). Opened on an appointment, the same screen moves it to another time.
 * BM322 the appointment slip as printed for the person. */
#include "core/appointment.h"
#include "core/authz.h"
#include "core/calendar.h"
#include "core/case.h"
#include "forms/form.h"
#include "forms/frame.h"
#include "forms/text.h"
#include "tui/kit/applicant_block.h"
#include "tui/kit/caseui.h"
#include "tui/kit/printview.h"
#include "tui/screens/appt.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OFFERED 6

typedef struct book_state {
    app *a;
    fm_form form;
    applicant_block ab;
    int64_t moving;              /* the appointment being moved, 0 for a new booking */
    bm_appointment appt;         /* it, while moving */
    bm_appt_slot offered[OFFERED];
    int noffered;
} book_state;

/* "12-01 09:30" */
static void slot_time(time_t t, char *buf, size_t cap)
{
    int y, m, d, min = bm_minute_of(t);
    bm_day_to_ymd(bm_day_of(t), &y, &m, &d);
    snprintf(buf, cap, "%02d-%02d %02d:%02d", m, d, min / 60, min % 60);
}

static int book_leave(void *ctx, fm_form *f, int item, char *why, size_t cap);
static int book_choose(void *ctx, fm_form *f, int item);

static void build(book_state *s)
{
    fm_form *f = &s->form;
    fm_form_init(f, book_leave, book_choose, s);
    int lc = fm_form_label_cols(_("Applicant"), _("Matter"));
    int row = 0;
    if (s->moving) {
        char line[400];
        snprintf(line, sizeof line, "%s  %s  %s", s->appt.applicant_name, s->appt.phone,
                 s->appt.matter_name);
        char shown[150];
        ui_copy(shown, sizeof shown, line);
        fm_form_add_text(f, row++, 1, shown, FM_ITEM_BOLD);
        slot_time(s->appt.start, line, sizeof line);
        fm_form_add_textf(f, row++, 1, 0, _("Booked for %s; move it to:"), line);
    } else {
        row = applicant_block_build(&s->ab, row, lc);
        fm_form_add_noted(f, "matter", _("Matter"), row++, 1, lc, 12, 24,
                          FM_FIELD_ASCII | FM_FIELD_UPPER, 0, _("code, if known"));
        char after[FM_FORM_LABEL];
        snprintf(after, sizeof after, "1=%s 2=%s 3=%s 4=%s", _(bm_appt_channel_label(1)),
                 _(bm_appt_channel_label(2)), _(bm_appt_channel_label(3)),
                 _(bm_appt_channel_label(4)));
        fm_form_add_noted(f, "channel", _("Channel"), row++, 1, lc, 1, 1, FM_FIELD_DIGITS, 0,
                          after);
    }
    fm_form_add_noted(f, "day", _("Day"), row++, 1, lc, 10, 10, FM_FIELD_ASCII, 0,
                      "YYYY-MM-DD");
    fm_form_add_noted(f, "time", _("Time"), row++, 1, lc, 5, 5, FM_FIELD_ASCII, 0,
                      _("HH:MM  F4=first free"));
    if (!s->moving)
        fm_form_add_field(f, "note", _("Note"), row++, 1, lc, 50, 120, 0, 0);
    if (s->noffered) {
        row++;
        char line[FM_FORM_LABEL] = "", t[24];
        size_t len = 0;
        for (int i = 0; i < s->noffered && len < sizeof line; i++) {
            slot_time(s->offered[i].start, t, sizeof t);
            len += (size_t)snprintf(line + len, sizeof line - len, "%s%s", i ? "  " : "", t);
        }
        fm_form_add_textf(f, row++, 1, FM_ITEM_BOLD, "%s", _("Next free times:"));
        fm_form_add_text(f, row++, 3, line, 0);
    }
}

/* The page again with what was typed kept (the applicant block changes its fields). */
static void rebuild(book_state *s, const char *focus)
{
    char *saved = malloc(8192);
    char name[FM_FORM_NAME];
    snprintf(name, sizeof name, "%s", focus ? focus : fm_form_focus_name(&s->form));
    if (saved)
        fm_form_save(&s->form, saved, 8192);
    build(s);
    if (saved)
        fm_form_load(&s->form, saved);
    for (int i = 0; i < s->form.count; i++)
        s->form.items[i].field.changed = 0;
    free(saved);
    int at = fm_form_find(&s->form, name);
    fm_form_focus(&s->form, at >= 0 ? at : 0);
}

static void rebuild_for_block(void *owner, const char *focus)
{
    rebuild(owner, focus);
}

static void applicant_found(void *owner)
{
    rebuild(owner, "matter");
}

static int book_leave(void *ctx, fm_form *f, int item, char *why, size_t cap)
{
    book_state *s = ctx;
    fm_form_item *it = &f->items[item];
    int r = s->moving ? AB_NOT_MINE : applicant_block_leave(&s->ab, it, why, cap);
    if (r != AB_NOT_MINE)
        return r;
    char v[64];
    fm_field_get(&it->field, v, sizeof v);
    bm_day d;
    if (strcmp(it->name, "channel") == 0 && (strlen(v) != 1 || v[0] < '1' || v[0] > '4')) {
        snprintf(why, cap, "%s", _("The channel is 1 to 4."));
        return FM_LEAVE_REFUSE;
    }
    if (strcmp(it->name, "day") == 0 && bm_day_parse(v, &d) != 0) {
        snprintf(why, cap, "%s", _("Give the date as YYYY-MM-DD."));
        return FM_LEAVE_REFUSE;
    }
    return FM_LEAVE_OK;
}

/* The instant typed into day and time; -1 when malformed. */
static time_t typed_start(book_state *s)
{
    char day[16], tm[16];
    fm_form_value(&s->form, "day", day, sizeof day);
    fm_form_value(&s->form, "time", tm, sizeof tm);
    bm_day d;
    int hh, mm;
    char rest;
    if (bm_day_parse(day, &d) != 0 || sscanf(tm, "%d:%d%c", &hh, &mm, &rest) != 2 || hh < 0 ||
        hh > 23 || mm < 0 || mm > 59)
        return -1;
    return bm_time_at(d, hh * 60 + mm);
}

static int64_t my_centre(app *a)
{
    bm_place p;
    return bm_actor_place(a->db, &a->actor, &p, NULL) == BM_OK ? p.centre_id : 0;
}

/* Reads the next free slots from t (or from now) into the offer under the form. */
static void offer_from(book_state *s, time_t t)
{
    time_t now = bm_now();
    s->noffered = 0;
    bm_appt_free_slots(s->a->db, my_centre(s->a), t > now ? t : now, s->offered, OFFERED,
                       &s->noffered, NULL);
}

static void put_slot(book_state *s, const bm_appt_slot *slot)
{
    char day[11], tm[16];
    int m = bm_minute_of(slot->start);
    bm_day_format(bm_day_of(slot->start), day);
    snprintf(tm, sizeof tm, "%02d:%02d", m / 60, m % 60);
    fm_form_set(&s->form, "day", day);
    fm_form_set(&s->form, "time", tm);
}

static int book_choose(void *ctx, fm_form *f, int item)
{
    book_state *s = ctx;
    int r = s->moving ? AB_NOT_MINE : applicant_block_choose(&s->ab, item);
    if (r != AB_NOT_MINE)
        return r;
    if (strcmp(f->items[item].name, "time") != 0 && strcmp(f->items[item].name, "day") != 0)
        return FM_IGNORED;
    time_t t = typed_start(s);
    if (t < 0) {
        char day[16];
        bm_day d;
        t = bm_day_parse(fm_form_value(f, "day", day, sizeof day), &d) == 0 ? bm_time_at(d, 0)
                                                                            : 0;
    }
    offer_from(s, t);
    if (s->noffered)
        put_slot(s, &s->offered[0]);
    rebuild(s, "time");
    return FM_HANDLED;
}

void appt_book_open(app *a, int64_t id)
{
    bm_appointment p;
    bm_err err;
    if (id && bm_appt_get(a->db, &a->actor, id, &p, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    app_push(a, &screen_appt_book);
    book_state *s = app_top_state(a, &screen_appt_book);
    if (!s)
        return;
    s->a = a;
    applicant_block_init(&s->ab, a, &s->form, s, rebuild_for_block, applicant_found);
    if (id) {
        s->moving = id;
        s->appt = p;
    }
    build(s);
    /* The first working day after today is the usual choice. */
    bm_day next;
    char d[11] = "";
    if (bm_workdays_add(a->db, bm_day_of(bm_now()), 1, &next, NULL, NULL) == BM_OK)
        bm_day_format(next, d);
    fm_form_set(&s->form, "day", d);
    if (!id)
        fm_form_set(&s->form, "channel", "1");
    for (int i = 0; i < s->form.count; i++)
        s->form.items[i].field.changed = 0;
    fm_form_focus(&s->form, 0);
}

/* A booking for a request waiting in the off-hours queue: its person and matter are filled
 * in, the channel is the phone and the note names the case, so the window knows what the
 * person comes about. */
void appt_book_for_case(app *a, int64_t case_id)
{
    bm_case c;
    bm_applicant ap;
    bm_err err;
    if (bm_case_get(a->db, &a->actor, case_id, &c, &err) != BM_OK ||
        bm_applicant_get(a->db, &a->actor, c.applicant_id, &ap, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    appt_book_open(a, 0);
    book_state *s = app_top_state(a, &screen_appt_book);
    if (!s)
        return;
    s->ab.ap = ap;
    rebuild(s, "matter");
    char note[64];
    snprintf(note, sizeof note, _("Case %s"), c.no);
    if (!c.bundle_id)
        fm_form_set(&s->form, "matter", c.matter_code);
    fm_form_set(&s->form, "note", note);
    for (int i = 0; i < s->form.count; i++)
        s->form.items[i].field.changed = 0;
    fm_form_focus(&s->form, fm_form_find(&s->form, "time"));
    app_message(a, 0, "%s", _("For the case: the person and the matter are filled in; give the "
                              "time (F4 the first free one)."));
}

static void book_draw(app *a, void *st, WINDOW *w)
{
    book_state *s = st;
    s->a = a;
    int cy, cx;
    fm_form_draw(&s->form, w, FM_BODY_TOP + 1, getmaxy(w) - FM_BODY_TOP - 4, &cy, &cx);
    if (cy >= 0)
        app_cursor(a, cy, cx);
}

static int book_key(app *a, void *st, fm_key k)
{
    book_state *s = st;
    int r = fm_form_key(&s->form, k);
    if (r == FM_REJECTED)
        app_message(a, 1, "%s", s->form.why);
    if (r == FM_SUBMIT) {
        fm_form_focus(&s->form, fm_form_find(&s->form, "time"));
        app_message(a, 0, "%s", s->moving ? _("F2 moves the appointment.")
                                           : _("F2 books the appointment."));
    }
    return r == FM_IGNORED ? FM_IGNORED : FM_HANDLED;
}

/* A refusal: the reason, and for a full or closed time the next free ones under the form. */
static void refused(book_state *s, const bm_err *err, time_t start)
{
    ui_error(s->a, err);
    if (err->code == BM_ECONFLICT || err->code == BM_ENOTFOUND || err->code == BM_EINVALID) {
        offer_from(s, start);
        rebuild(s, "time");
        if (err->code != BM_EINVALID || err->field == BM_FIELD_COMMIT_DATE)
            fm_form_focus(&s->form, fm_form_find(&s->form, "time"));
    }
}

static int save_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    book_state *s = st;
    if (fm_form_check_all(&s->form) != 0) {
        app_message(a, 1, "%s", s->form.why);
        return FM_HANDLED;
    }
    time_t start = typed_start(s);
    if (start < 0) {
        fm_form_focus(&s->form, fm_form_find(&s->form, "time"));
        app_message(a, 1, "%s", _("Give the time as HH:MM."));
        return FM_HANDLED;
    }
    bm_err err;
    if (s->moving) {
        if (bm_appt_move(a->db, &a->actor, s->moving, start, &err) != BM_OK) {
            refused(s, &err, start);
            return FM_HANDLED;
        }
        app_pop(a);
        appts_changed(a);
        app_message(a, 0, "%s", _("Moved: the old time is free again."));
        return FM_HANDLED;
    }
    if (s->ab.registering && applicant_block_register(&s->ab) != 0)
        return FM_HANDLED;
    if (!s->ab.ap.id) {
        fm_form_focus(&s->form, fm_form_find(&s->form, "find"));
        app_message(a, 1, "%s", _("Find the person first (ID number, phone or name)."));
        return FM_HANDLED;
    }
    char matter[32], channel[4], note[400];
    bm_appt_new in = {
        .applicant_id = s->ab.ap.id,
        .matter_code = fm_form_value(&s->form, "matter", matter, sizeof matter),
        .channel = atoi(fm_form_value(&s->form, "channel", channel, sizeof channel)),
        .start = start,
        .note = fm_form_value(&s->form, "note", note, sizeof note),
    };
    int64_t id;
    if (bm_appt_book(a->db, &a->actor, &in, &id, &err) != BM_OK) {
        if (err.field == BM_FIELD_MATTER)
            fm_form_focus(&s->form, fm_form_find(&s->form, "matter"));
        refused(s, &err, start);
        return FM_HANDLED;
    }
    app_pop(a);
    appts_changed(a);
    appt_slip_open(a, id);
    app_message(a, 0, "%s", _("Booked: F9 prints the slip for the person."));
    return FM_HANDLED;
}

static int no_list_key(void *owner, void *st, fm_key k)
{
    (void)st, (void)k;
    app_message(owner, 1, "%s", _("This field has no list to choose from."));
    return FM_HANDLED;
}

static const fm_fkey book_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Book"), save_key, 0 },
    APP_KEY_BACK,
    { FM_KEY_F(4), NULL, N_("List"), no_list_key, 0 },
    APP_KEY_CANCEL,
    FM_FKEYS_END,
};

const screen_def screen_appt_book = {
    .id = "BM321",
    .title = N_("Book an appointment"),
    .keys = book_keys,
    .help = N_("Find the person by ID number, phone, name or pinyin initials (F4 lists those "
               "found; F6 registers someone new), give the matter's code if known, how they "
               "asked (1 phone, 2 at the window, 3 through the agent, 4 the 12345 hotline), "
               "the day and the time. F2 books and shows the slip to print.\n"
               "A full time, or one when no appointments are taken, is refused and the next "
               "free times are listed; F4 on the day or time puts in the first free one.\n"
               "Opened with option 2 on an appointment, the screen moves it: F2 takes the new "
               "time and frees the old one."),
    .state_size = sizeof(book_state),
    .draw = book_draw,
    .key = book_key,
};

/* ---- BM322: the slip ---- */

typedef struct slip_state {
    printview view;   /* first: the print and page keys find it there */
} slip_state;

static void slip_text(app *a, const bm_appointment *p, char *buf, size_t cap)
{
    char when[17], end[17], no[16];
    ui_time(p->start, when);
    ui_time(p->end, end);
    snprintf(no, sizeof no, "Y%06lld", (long long)p->id);
    int n = snprintf(buf, cap, "%s\n%s\n\n%s: %s\n%s: %s  %s\n%s: %s\n%s: %s - %s\n",
                     _("Appointment slip"), a->user.org_name, _("Appointment no."), no,
                     _("Person"), p->applicant_name, p->phone, _("Matter"),
                     p->matter_name[0] ? p->matter_name : p->note, _("Time"), when, end + 11);
    if (n > 0 && (size_t)n < cap && p->staff_id)
        n += snprintf(buf + n, cap - (size_t)n, "%s: %s\n", _("Served by (extended hours)"),
                      p->staff_name);
    if (n > 0 && (size_t)n < cap)
        snprintf(buf + n, cap - (size_t)n, "\n%s\n%s: %s\n",
                 _("Please bring your ID card and the materials of the matter, and come on "
                   "time."), _("Booked by"), p->booked_by_name);
}

void appt_slip_open(app *a, int64_t id)
{
    bm_appointment p;
    bm_err err;
    if (bm_appt_get(a->db, &a->actor, id, &p, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    app_push(a, &screen_appt_slip);
    slip_state *s = app_top_state(a, &screen_appt_slip);
    if (!s)
        return;
    char text[2048];
    slip_text(a, &p, text, sizeof text);
    printview_set(&s->view, text, _("The appointment slip"));
}

static void slip_close(app *a, void *st)
{
    (void)a;
    printview_free(&((slip_state *)st)->view);
}

static void slip_draw(app *a, void *st, WINDOW *w)
{
    (void)a;
    printview_draw(&((slip_state *)st)->view, w);
}

static const fm_fkey slip_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    PRINTVIEW_KEYS,
    FM_FKEYS_END,
};

const screen_def screen_appt_slip = {
    .id = "BM322",
    .title = N_("Appointment slip"),
    .keys = slip_keys,
    .help = N_("The slip for the person, as printed: the appointment number, the time, the "
               "matter and what to bring. F9 prints it at your terminal; F3 goes back."),
    .state_size = sizeof(slip_state),
    .close = slip_close,
    .draw = slip_draw,
};
