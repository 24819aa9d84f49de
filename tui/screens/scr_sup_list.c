/* The centre head's case lists and supervisions: BM501 overdue cases and BM503 cases due
 * within a working day (5 shows the case, 1 gives it to another clerk with the reason, 7
 * opens a supervision), BM502 the centre's supervisions with state and rounds (5 shows, 3
 * closes satisfied, 4 closes not satisfied, 7 presses again) and BM504 the supervisions
 * addressed to the user (5 shows, 1 answers). */
#include "core/case.h"
#include "core/supervision.h"
#include "forms/field.h"
#include "tui/kit/caseui.h"
#include "tui/kit/clerk.h"
#include "tui/kit/desk_ask.h"
#include "tui/kit/desk_list.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The working days a supervision is given unless the head says otherwise. */
#define SUP_DEFAULT_DAYS "2"

/* ---- overdue and due-soon cases ---- */

struct case_load {
    desk_list *l;
    int only_clock;           /* keep rows whose clock is this, 0: all */
};

static int keep_case(const bm_case_row *r, void *ctx)
{
    struct case_load *c = ctx;
    if (c->only_clock && r->clock != c->only_clock)
        return 0;
    desk_row *d = desk_list_add(c->l);
    if (!d)
        return 1;
    d->id = d->case_id = r->id;
    ui_copy(d->cell[0], sizeof d->cell[0], r->no);
    ui_copy(d->cell[1], sizeof d->cell[1], r->applicant_name);
    ui_copy(d->cell[2], sizeof d->cell[2], r->matter_name);
    ui_copy(d->cell[3], sizeof d->cell[3], r->handler_name[0] ? r->handler_name : "-");
    ui_days_left(r->clock, r->days_left, d->cell[4], sizeof d->cell[4], &d->mark);
    return 0;
}

static int load_cases(app *a, desk_list *l, int kind, int only_clock, bm_err *err)
{
    struct case_load c = {l, only_clock};
    bm_case_query q = {.kind = kind, .limit = 500};
    return bm_case_list(a->db, &a->actor, &q, keep_case, &c, err);
}

static int load_overdue(app *a, desk_list *l, bm_err *err)
{
    return load_cases(a, l, BM_LIST_OVERDUE, 0, err);
}

static int load_due_soon(app *a, desk_list *l, bm_err *err)
{
    return load_cases(a, l, BM_LIST_CENTRE_OPEN, BM_CLOCK_DUE_SOON, err);
}

static int submit_assign(app *a, int64_t id, const fm_form *f, bm_err *err)
{
    char login[40], reason[400];
    fm_form_value(f, "login", login, sizeof login);
    fm_form_value(f, "reason", reason, sizeof reason);
    return bm_sup_assign(a->db, &a->actor, id, login, reason, err);
}

static int submit_supervise(app *a, int64_t id, const fm_form *f, bm_err *err)
{
    char asked[600], handler[40], days[8];
    fm_form_value(f, "asked", asked, sizeof asked);
    fm_form_value(f, "handler", handler, sizeof handler);
    fm_form_value(f, "days", days, sizeof days);
    bm_sup_new in = {.kind = BM_SUP_CASE, .object_id = id, .asked = asked, .handler = handler,
                     .days = atoi(days)};
    return bm_sup_open(a->db, &a->actor, &in, NULL, err);
}

static void act_case(app *a, desk_list *l, const desk_row *r, char option)
{
    char title[200];
    desk_list_stale(l);
    if (option == '1') {
        snprintf(title, sizeof title, _("Give case %s to another clerk"), r->cell[0]);
        ask_spec s = {.title = title, .hint = _("The login of a clerk or duty officer of this "
                                               "centre, and why (kept in the case's history)."),
                      .nfields = 2, .submit = submit_assign, .id = r->id,
                      .done = _("The case has a new handler.")};
        s.fields[0] = (ask_field){"login", _("Login"), 16, 32, FM_FIELD_ASCII, NULL, NULL};
        s.fields[1] = (ask_field){"reason", _("Reason"), 50, 200, 0, NULL, NULL};
        ask_open(a, &s);
        return;
    }
    if (option == '7') {
        snprintf(title, sizeof title, _("Supervise case %s"), r->cell[0]);
        ask_spec s = {.title = title, .hint = _("What is asked, of whom (empty: the case's "
                                               "handler), within how many working days."),
                      .nfields = 3, .submit = submit_supervise, .id = r->id,
                      .done = _("Supervision opened: the handler sees it on their home screen.")};
        s.fields[0] = (ask_field){"asked", _("Asked"), 50, 200, 0, NULL, NULL};
        s.fields[1] = (ask_field){"handler", _("Of whom"), 16, 32, FM_FIELD_ASCII, NULL, NULL};
        s.fields[2] = (ask_field){"days", _("Working days"), 2, 2, FM_FIELD_DIGITS,
                                  SUP_DEFAULT_DAYS, NULL};
        ask_open(a, &s);
        return;
    }
    case_detail_open(a, r->case_id, 0);
}

#define CASE_COLUMNS                                                                 \
    .ncols = 5, .titles = {N_("Case no."), N_("Applicant"), N_("Matter"), N_("Handler"), \
                           N_("Left")},                                              \
    .widths = {12, 8, 24, 8, 6}, .options = "517",                                   \
    .words = N_("Options: 5=Display 1=Give to a clerk 7=Supervise"),                 \
    .refused = N_("Options here: 5 display, 1 give to a clerk, 7 supervise."),       \
    .act = act_case

static const desk_list_kind overdue_kind = {
    CASE_COLUMNS, .empty = N_("No case is overdue."), .load = load_overdue,
};
static const desk_list_kind due_soon_kind = {
    CASE_COLUMNS, .empty = N_("No case is due within a working day."), .load = load_due_soon,
};

/* ---- supervisions ---- */

static int keep_sup(const bm_supervision *s, void *ctx)
{
    desk_list *l = ctx;
    desk_row *d = desk_list_add(l);
    if (!d)
        return 1;
    d->id = s->id;
    d->case_id = s->kind == BM_SUP_CASE ? s->object_id : 0;
    d->state = s->state;
    ui_copy(d->cell[0], sizeof d->cell[0], s->object_no);
    ui_copy(d->cell[1], sizeof d->cell[1], s->handler_name);
    snprintf(d->cell[2], sizeof d->cell[2], "%s%s", s->due_day, s->overdue ? " !" : "");
    snprintf(d->cell[3], sizeof d->cell[3], "%d", s->round);
    ui_copy(d->cell[4], sizeof d->cell[4], _(bm_sup_state_name(s->state)));
    ui_copy(d->cell[5], sizeof d->cell[5], s->asked);
    d->mark = s->overdue ? FM_MARK_ALERT : FM_MARK_NONE;
    return 0;
}

static int load_sup_centre(app *a, desk_list *l, bm_err *err)
{
    return bm_sup_list(a->db, &a->actor, BM_SUP_LIST_CENTRE, keep_sup, l, err);
}

static int load_sup_mine(app *a, desk_list *l, bm_err *err)
{
    return bm_sup_list(a->db, &a->actor, BM_SUP_LIST_MINE, keep_sup, l, err);
}

static int submit_answer(app *a, int64_t id, const fm_form *f, bm_err *err)
{
    char text[600];
    return bm_sup_answer(a->db, &a->actor, id, fm_form_value(f, "text", text, sizeof text), err);
}

static int submit_close(app *a, int64_t id, const fm_form *f, bm_err *err, int satisfied)
{
    char text[600];
    return bm_sup_close(a->db, &a->actor, id, satisfied,
                        fm_form_value(f, "text", text, sizeof text), err);
}

static int submit_satisfied(app *a, int64_t id, const fm_form *f, bm_err *err)
{
    return submit_close(a, id, f, err, 1);
}

static int submit_unsatisfied(app *a, int64_t id, const fm_form *f, bm_err *err)
{
    return submit_close(a, id, f, err, 0);
}

static int submit_press(app *a, int64_t id, const fm_form *f, bm_err *err)
{
    char text[600], days[8];
    fm_form_value(f, "text", text, sizeof text);
    fm_form_value(f, "days", days, sizeof days);
    return bm_sup_press(a->db, &a->actor, id, text, atoi(days), err);
}

static void show_sup(app *a, int64_t id)
{
    bm_supervision s;
    bm_err err;
    if (bm_sup_get(a->db, &a->actor, id, &s, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    char text[2400];
    snprintf(text, sizeof text, _("%s %s, round %d, due %s (%s)\nAsked of %s: %s\nAnswer: %s\n"
                                  "Head's note: %s"),
             _(bm_sup_kind_name(s.kind)), s.object_no, s.round, s.due_day,
             _(bm_sup_state_name(s.state)), s.handler_name, s.asked,
             s.answer[0] ? s.answer : "-", s.close_note[0] ? s.close_note : "-");
    app_notice(a, _("Supervision"), text);
}

static void act_sup(app *a, desk_list *l, const desk_row *r, char option)
{
    char title[200];
    desk_list_stale(l);
    ask_spec s = {.id = r->id, .nfields = 1};
    switch (option) {
    case '1':
        snprintf(title, sizeof title, _("Answer the supervision of %s"), r->cell[0]);
        s.submit = submit_answer;
        s.hint = r->cell[5];
        s.done = _("Answer sent to the centre head.");
        s.fields[0] = (ask_field){"text", _("Answer"), 56, 300, 0, NULL, NULL};
        break;
    case '3':
    case '4':
        snprintf(title, sizeof title, option == '3' ? _("Close the supervision of %s: satisfied")
                                                    : _("Close the supervision of %s: not "
                                                        "satisfied"), r->cell[0]);
        s.submit = option == '3' ? submit_satisfied : submit_unsatisfied;
        s.done = _("Supervision closed.");
        s.fields[0] = (ask_field){"text", _("Note"), 56, 300, 0, NULL, NULL};
        break;
    case '7':
        snprintf(title, sizeof title, _("Press again on %s (a new round)"), r->cell[0]);
        s.submit = submit_press;
        s.nfields = 2;
        s.done = _("Pressed again: a new round is open.");
        s.fields[0] = (ask_field){"text", _("Asked"), 56, 300, 0, NULL, NULL};
        s.fields[1] = (ask_field){"days", _("Working days"), 2, 2, FM_FIELD_DIGITS,
                                  SUP_DEFAULT_DAYS, NULL};
        break;
    default:
        show_sup(a, r->id);
        return;
    }
    s.title = title;
    ask_open(a, &s);
}

#define SUP_COLUMNS                                                                    \
    .ncols = 6, .titles = {N_("Record"), N_("Of whom"), N_("Due"), N_("Rnd"), N_("State"), \
                           N_("Asked")},                                               \
    .widths = {12, 8, 12, 3, 10, 16}, .act = act_sup

static const desk_list_kind sup_centre_kind = {
    SUP_COLUMNS, .options = "5347",
    .words = N_("Options: 5=Display 3=Close, satisfied 4=Close, not satisfied 7=Press again"),
    .refused = N_("Options here: 5 display, 3 close satisfied, 4 close not satisfied, 7 press "
                  "again."),
    .empty = N_("No supervisions yet: open one from the overdue list (7)."),
    .load = load_sup_centre,
};
static const desk_list_kind sup_mine_kind = {
    SUP_COLUMNS, .options = "51",
    .words = N_("Options: 5=Display 1=Answer"),
    .refused = N_("Options here: 5 display, 1 answer."),
    .empty = N_("No supervision waits for your answer."),
    .load = load_sup_mine,
};

static void open_overdue(app *a, void *st) { desk_list_open(a, st, &overdue_kind); }
static void open_due_soon(app *a, void *st) { desk_list_open(a, st, &due_soon_kind); }
static void open_sup_centre(app *a, void *st) { desk_list_open(a, st, &sup_centre_kind); }
static void open_sup_mine(app *a, void *st) { desk_list_open(a, st, &sup_mine_kind); }

static const fm_fkey list_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    LIST_SCREEN_KEYS,
    FM_FKEYS_END,
};

#define DESK_LIST_SCREEN(open_fn)                                                      \
    .keys = list_keys, .state_size = sizeof(desk_list), .open = open_fn,                \
    .close = desk_list_close, .draw = desk_list_draw, .key = desk_list_key

#define CASE_HELP                                                                       \
    N_("Type an option against a row and press Enter: 5 shows the case; 1 gives it to "  \
       "another clerk or duty officer of the centre (AB-post cover), with the reason kept " \
       "in its history; 7 opens a supervision: what is asked, of whom (the handler unless " \
       "you name another) and within how many working days (2 unless you change it). The " \
       "handler sees it on their home screen and answers it.")

const screen_def screen_sup_overdue = {
    .id = "BM501", .title = N_("Overdue cases"), .help = CASE_HELP,
    DESK_LIST_SCREEN(open_overdue),
};

const screen_def screen_sup_due_soon = {
    .id = "BM503", .title = N_("Due within a working day"), .help = CASE_HELP,
    DESK_LIST_SCREEN(open_due_soon),
};

const screen_def screen_sup_list = {
    .id = "BM502",
    .title = N_("Supervisions"),
    .help = N_("Every supervision of the centre: waiting for an answer and answered first, "
               "then the closed ones. Due: the day the answer is due (\"!\" past it). Rnd: the "
               "round, one more each time you press again.\n"
               "5 shows what was asked and answered; 3 closes it satisfied; 4 closes it not "
               "satisfied (say why); 7 presses again with a new question and a new day."),
    DESK_LIST_SCREEN(open_sup_centre),
};

const screen_def screen_sup_mine = {
    .id = "BM504",
    .title = N_("Supervisions for me"),
    .help = N_("The centre head's supervisions addressed to you that wait for your answer. "
               "5 shows one; 1 answers it: say what was done. The head then closes it or "
               "presses again."),
    DESK_LIST_SCREEN(open_sup_mine),
};
