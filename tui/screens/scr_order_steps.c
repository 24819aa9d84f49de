/* BM262 a work order's steps: those core offers the user on the order now (transfer, sign,
 * pause and resume, extension, answer, callback with the caller's rating, close, return as out
 * of scope with one of the seven reasons), each asking for what core needs and confirming
 * before core takes it. */
#include "core/workorder.h"
#include "forms/form.h"
#include "forms/frame.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/kit/steps.h"
#include "tui/screens/orders.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_UNITS 24

typedef struct order_steps_state {
    int64_t id;
    bm_workorder o;
    steps_menu offered;
    int step;                 /* the event being filled in, 0 while choosing */
    fm_form form;
    fm_dialog dialog;
    int64_t units[MAX_UNITS]; /* the units a transfer may go to, numbered from 1 */
    char unit_names[MAX_UNITS][64];
    int nunits;
    char lang[16];
} order_steps_state;

static const char *step_label(int event)
{
    switch (event) {
    case BM_WOE_TRANSFERRED: return _("Transfer to another unit");
    case BM_WOE_SIGNED: return _("Sign for it");
    case BM_WOE_PAUSED: return _("Pause (waiting, with the reason)");
    case BM_WOE_RESUMED: return _("Resume");
    case BM_WOE_REASSIGNED: return _("Reassign to another unit");
    case BM_WOE_EXT_REQUESTED: return _("Ask for an extension");
    case BM_WOE_EXT_APPROVED: return _("Approve the extension");
    case BM_WOE_ANSWERED: return _("Record the answer");
    case BM_WOE_CLOSED: return _("Close");
    case BM_WOE_CALLBACK: return _("Record the callback and rating");
    case BM_WOE_RATED: return _("Record the caller's rating");
    case BM_WOE_RETURNED: return _("Return as out of scope");
    default: return "?";
    }
}

struct offer_ctx {
    app *a;
    const bm_workorder *o;
};

static void offer(void *ctx, steps_menu *m)
{
    struct offer_ctx *c = ctx;
    int events[STEPS_MAX];
    int n = bm_wo_steps_offered(c->a->db, &c->a->actor, c->o, events, STEPS_MAX);
    for (int i = 0; i < n; i++)
        steps_menu_add(m, events[i], step_label(events[i]));
}

static int keep_unit(const bm_org *u, void *ctx)
{
    order_steps_state *s = ctx;
    if (s->nunits >= MAX_UNITS)
        return 1;
    s->units[s->nunits] = u->id;
    ui_copy(s->unit_names[s->nunits], sizeof s->unit_names[s->nunits], u->name);
    s->nunits++;
    return 0;
}

static int load(app *a, order_steps_state *s)
{
    bm_err err;
    if (bm_wo_open(a->db, &a->actor, s->id, &s->o, &err) != BM_OK) {
        ui_error(a, &err);
        return -1;
    }
    s->nunits = 0;
    bm_wo_units(a->db, &s->o, keep_unit, s, NULL);
    struct offer_ctx c = { a, &s->o };
    steps_menu_fill(&s->offered, offer, &c);
    snprintf(s->lang, sizeof s->lang, "%s", i18n_current());
    return 0;
}

/* A numbered choice: the field holds 1..max. */
static int leave_number(const fm_form_item *it, int max, char *why, size_t cap)
{
    char v[8];
    fm_field_get(&it->field, v, sizeof v);
    int n = atoi(v);
    if (n >= 1 && n <= max)
        return FM_LEAVE_OK;
    snprintf(why, cap, _("Type a number from 1 to %d."), max);
    return FM_LEAVE_REFUSE;
}

static int steps_leave(void *ctx, fm_form *f, int item, char *why, size_t cap)
{
    order_steps_state *s = ctx;
    const fm_form_item *it = &f->items[item];
    if (strcmp(it->name, "unit") == 0)
        return leave_number(it, s->nunits, why, cap);
    if (strcmp(it->name, "reason") == 0)
        return leave_number(it, s->step == BM_WOE_PAUSED ? BM_WO_PAUSE_COUNT - 1
                                                         : BM_WO_OOS_COUNT - 1, why, cap);
    if (strcmp(it->name, "how") == 0)
        return leave_number(it, BM_WO_BY_LETTER, why, cap);
    if (strcmp(it->name, "rating") == 0)
        return leave_number(it, 5, why, cap);
    if (strcmp(it->name, "days") == 0)
        return leave_number(it, 30, why, cap);
    return FM_LEAVE_OK;
}

/* The units, two to a line. */
static int add_units(order_steps_state *s, int row)
{
    for (int i = 0; i < s->nunits; i += 2) {
        char left[96], line[200];
        snprintf(left, sizeof left, "%2d %s", i + 1, s->unit_names[i]);
        ui_pad(left, 36, line, sizeof line);
        if (i + 1 < s->nunits) {
            size_t n = strlen(line);
            snprintf(line + n, sizeof line - n, "%2d %s", i + 2, s->unit_names[i + 1]);
        }
        fm_form_add_text(&s->form, row++, 3, line, 0);
    }
    return row;
}

static void add_note(fm_form *f, int row, const char *label)
{
    fm_form_add_field(f, "note", label, row, 1, 16, 56, 160, 0, 0);
}

static void build_form(order_steps_state *s)
{
    fm_form *f = &s->form;
    fm_form_init(f, steps_leave, NULL, s);
    int row = 0;
    switch (s->step) {
    case BM_WOE_TRANSFERRED:
    case BM_WOE_REASSIGNED:
        row = add_units(s, row);
        fm_form_add_field(f, "unit", _("Unit no."), ++row, 1, 16, 2, 2, FM_FIELD_DIGITS, 0);
        add_note(f, ++row, _("Reason"));
        break;
    case BM_WOE_PAUSED:
        for (int r = 1; r < BM_WO_PAUSE_COUNT; r++)
            fm_form_add_textf(f, row++, 3, 0, "%d %s", r, _(bm_wo_pause_name(r)));
        fm_form_add_field(f, "reason", _("Why it waits"), ++row, 1, 16, 1, 1, FM_FIELD_DIGITS,
                          FM_ITEM_AUTOSKIP);
        add_note(f, ++row, _("Note"));
        break;
    case BM_WOE_EXT_REQUESTED:
    case BM_WOE_EXT_APPROVED:
        fm_form_add_field(f, "days", _("Working days"), row, 1, 16, 2, 2, FM_FIELD_DIGITS, 0);
        add_note(f, ++row, s->step == BM_WOE_EXT_REQUESTED ? _("Reason") : _("Note"));
        break;
    case BM_WOE_ANSWERED: {
        int i = fm_form_add_field(f, "how", _("Answered"), row, 1, 16, 1, 1, FM_FIELD_DIGITS,
                                  FM_ITEM_AUTOSKIP);
        snprintf(f->items[i].after, sizeof f->items[i].after, "1=%s 2=%s 3=%s", _("phone"),
                 _("visit"), _("letter"));
        fm_form_add_field(f, "done", _("What was done"), ++row, 1, 16, 56, 80, 0, 0);
        fm_form_add_field(f, "reply", _("Reply to caller"), ++row, 1, 16, 56, 80, 0, 0);
        break;
    }
    case BM_WOE_CALLBACK:
    case BM_WOE_RATED: {
        if (s->step == BM_WOE_CALLBACK)
            add_note(f, row++, _("Caller said"));
        int i = fm_form_add_field(f, "rating", _("Rating"), row++, 1, 16, 1, 1, FM_FIELD_DIGITS,
                                  FM_ITEM_AUTOSKIP);
        snprintf(f->items[i].after, sizeof f->items[i].after, "5=%s 4=%s 3=%s 2=%s 1=%s",
                 ui_rating(5), ui_rating(4), ui_rating(3), ui_rating(2), ui_rating(1));
        break;
    }
    case BM_WOE_RETURNED:
        for (int r = 1; r < BM_WO_OOS_COUNT; r++) {
            char line[400];
            snprintf(line, sizeof line, "%d %s", r, _(bm_wo_oos_name(r)));
            char cut[400];
            fm_clip(line, 74, cut, sizeof cut);
            fm_form_add_text(f, row++, 3, cut, 0);
        }
        fm_form_add_field(f, "reason", _("Reason no."), ++row, 1, 16, 1, 1, FM_FIELD_DIGITS,
                          FM_ITEM_AUTOSKIP);
        add_note(f, ++row, _("Explanation"));
        break;
    default:
        add_note(f, row, _("Note"));
        break;
    }
    fm_form_focus(f, 0);
}

void order_steps_open(app *a, int64_t id)
{
    app_push(a, &screen_order_steps);
    order_steps_state *s = app_top_state(a, &screen_order_steps);
    if (!s)
        return;
    s->id = id;
    if (load(a, s) != 0) {
        app_pop(a);
        return;
    }
    if (s->offered.count == 0) {
        app_pop(a);
        app_message(a, 1, "%s", _("No step is open to you on this order in its present state."));
    }
}

static void steps_close(app *a, void *st)
{
    (void)a;
    order_steps_state *s = st;
    fm_dialog_close(&s->dialog);
}

static void steps_draw(app *a, void *st, WINDOW *w)
{
    order_steps_state *s = st;
    int rows = getmaxy(w), cols = getmaxx(w);
    char line[400];
    int y = FM_BODY_TOP;
    snprintf(line, sizeof line, "%s %s  %s  %s", _("Order"), s->o.no, s->o.summary,
             _(bm_wo_status_name(s->o.status)));
    wattron(w, A_BOLD);
    fm_put(w, y, 1, line, cols - 2);
    wattroff(w, A_BOLD);
    y += 2;
    if (!s->step) {
        if (strcmp(s->lang, i18n_current()) != 0)
            load(a, s);
        int x = steps_menu_draw(&s->offered, w, y, 40, rows - 4, _("Step ===>"));
        app_cursor(a, rows - 4, x);
    } else {
        snprintf(line, sizeof line, "%s: %s", _("Step"), step_label(s->step));
        wattron(w, A_BOLD);
        fm_put(w, y, 1, line, cols - 2);
        wattroff(w, A_BOLD);
        y += 2;
        int cy, cx;
        if (fm_form_draw(&s->form, w, y, rows - 3 - y, &cy, &cx))
            fm_put_right(w, rows - 3, cols - 1, _("more..."));
        fm_put(w, rows - 3, 1, _("F2 takes the step (it asks first); F12 chooses another."),
               cols - 14);
        if (cy >= 0)
            app_cursor(a, cy, cx);
    }
    if (s->dialog.kind)
        fm_dialog_draw(&s->dialog, w);
}

static int number(const order_steps_state *s, const char *field)
{
    char v[8];
    return atoi(fm_form_value(&s->form, field, v, sizeof v));
}

/* The step as core takes it, from the form. */
static bm_wo_event_rec step_of(order_steps_state *s)
{
    bm_wo_event_rec e;
    memset(&e, 0, sizeof e);
    e.event = s->step;
    char note[sizeof e.note];
    fm_form_value(&s->form, "note", note, sizeof note);
    if (s->step == BM_WOE_ANSWERED) {
        char done[300], reply[300];
        fm_form_value(&s->form, "done", done, sizeof done);
        fm_form_value(&s->form, "reply", reply, sizeof reply);
        if (done[0] || reply[0])
            snprintf(note, sizeof note, _("Done: %s  Reply: %s"), done, reply);
        e.reason = number(s, "how");
    } else if (s->step == BM_WOE_RATED) {
        e.reason = number(s, "rating");
    } else {
        e.reason = number(s, "reason");
    }
    ui_copy(e.note, sizeof e.note, note);
    int unit = number(s, "unit");
    if (unit >= 1 && unit <= s->nunits)
        e.unit_id = s->units[unit - 1];
    e.days = number(s, "days");
    return e;
}

static void run_step(app *a, order_steps_state *s)
{
    bm_wo_event_rec e = step_of(s);
    bm_err err;
    int rc = bm_wo_step(a->db, &a->actor, s->id, &e, &err);
    int rating = number(s, "rating");
    /* The callback's form carries the caller's rating too: recorded right after it. */
    if (rc == BM_OK && s->step == BM_WOE_CALLBACK && rating) {
        bm_wo_event_rec r = { .event = BM_WOE_RATED, .reason = rating };
        rc = bm_wo_step(a->db, &a->actor, s->id, &r, &err);
    }
    if (rc != BM_OK) {
        ui_error(a, &err);
        if (load(a, s) == 0 && !steps_menu_offers(&s->offered, s->step))
            s->step = 0;   /* the order moved on meanwhile */
        return;
    }
    char no[sizeof s->o.no];
    snprintf(no, sizeof no, "%s", s->o.no);
    const char *label = step_label(s->step);
    app_pop(a);
    app_message(a, 0, _("Done: %s (order %s)."), label, no);
}

static void confirm_step(app *a, order_steps_state *s)
{
    if (fm_form_check_all(&s->form) < 0) {
        app_message(a, 1, "%s", s->form.why);
        return;
    }
    char text[400];
    snprintf(text, sizeof text, _("%s: order %s, %s?"), step_label(s->step), s->o.no,
             s->o.summary);
    steps_menu_confirm(&s->dialog, _("Confirm"), text, _("Y/Enter=Yes  N/F12=No"));
}

static void chosen(app *a, void *owner, int step)
{
    (void)a;
    order_steps_state *s = owner;
    s->step = step;
    build_form(s);
}

static void ask(app *a, void *owner) { confirm_step(a, owner); }
static void run(app *a, void *owner) { run_step(a, owner); }

static steps_screen screen_of(order_steps_state *s)
{
    return (steps_screen){ &s->offered, &s->step, &s->form, &s->dialog, chosen, ask, run };
}

static int steps_key(app *a, void *st, fm_key k)
{
    const steps_screen ss = screen_of(st);
    return steps_screen_key(a, st, &ss, k);
}

static int take_step_key(void *owner, void *st, fm_key k)
{
    (void)k;
    const steps_screen ss = screen_of(st);
    return steps_screen_take(owner, st, &ss);
}

/* F12 goes back to the list of steps; from that list, back to the order. */
static int other_step_key(void *owner, void *st, fm_key k)
{
    order_steps_state *s = st;
    if (!s->step)
        return app_key_cancel(owner, st, k);
    s->step = 0;
    return FM_HANDLED;
}

static const fm_fkey steps_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Take the step"), take_step_key, 0 },
    APP_KEY_BACK,
    { FM_KEY_F(12), NULL, N_("Other step"), other_step_key, 0 },
    { FM_KEY_ESC, NULL, NULL, other_step_key, 0 },
    FM_FKEYS_END,
};

const screen_def screen_order_steps = {
    .id = "BM262",
    .title = N_("Order steps"),
    .keys = steps_keys,
    .help = N_("The steps this work order can take now, as its state and your role allow. "
               "Type the number and Enter. A transfer names the unit by its number and the "
               "reason; a pause says why the order waits (its clocks stop until it resumes); "
               "the answer says how the caller was answered, what was done and the reply; "
               "the callback records what the caller said and their rating, 5 very satisfied "
               "to 1 very unsatisfied (a complaint rated 2 or 1 is done again). An order "
               "outside the hotline's scope goes back with one of the seven reasons and the "
               "explanation for the caller. F2 takes the step after a yes/no question."),
    .state_size = sizeof(order_steps_state),
    .close = steps_close,
    .draw = steps_draw,
    .key = steps_key,
};
