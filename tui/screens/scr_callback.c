/* Callbacks (回访): BM521 the centre's callbacks due today (every rectified bad rating, unrated
 * cases 3 working days after completion, the monthly sample), where 1 records the call:
 * reached or not, the person's rating and remarks; 5 shows the case. BM522 the user's cases
 * sent back by a "not satisfied" callback, with the reason: 1 says it was redone. */
#include "core/callback.h"
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

/* The monthly sample of completed cases called back, percent per clerk. */
#define SAMPLE_PERCENT 10

static int keep_due(const bm_callback *c, void *ctx)
{
    desk_list *l = ctx;
    desk_row *d = desk_list_add(l);
    if (!d)
        return 1;
    d->id = c->id;
    d->case_id = c->case_id;
    d->state = c->state;
    ui_copy(d->cell[0], sizeof d->cell[0], c->case_no);
    ui_copy(d->cell[1], sizeof d->cell[1], c->applicant_name);
    ui_copy(d->cell[2], sizeof d->cell[2], c->phone);
    ui_copy(d->cell[3], sizeof d->cell[3], _(bm_cb_reason_name(c->reason)));
    ui_copy(d->cell[4], sizeof d->cell[4], c->due_day);
    snprintf(d->cell[5], sizeof d->cell[5], "%d", c->attempts);
    return 0;
}

/* The queue is filled as it is read: what became due since is added first. */
static int load_due(app *a, desk_list *l, bm_err *err)
{
    int added;
    int rc = bm_cb_plan(a->db, &a->actor, SAMPLE_PERCENT, &added, err);
    return rc == BM_OK ? bm_cb_list_due(a->db, &a->actor, keep_due, l, err) : rc;
}

static int keep_sent(const bm_callback *c, void *ctx)
{
    desk_list *l = ctx;
    desk_row *d = desk_list_add(l);
    if (!d)
        return 1;
    d->id = c->id;
    d->case_id = c->case_id;
    ui_copy(d->cell[0], sizeof d->cell[0], c->case_no);
    ui_copy(d->cell[1], sizeof d->cell[1], c->applicant_name);
    ui_copy(d->cell[2], sizeof d->cell[2], ui_rating(c->rating));
    ui_copy(d->cell[3], sizeof d->cell[3], c->remarks);
    d->mark = FM_MARK_WARN;
    return 0;
}

static int load_sent(app *a, desk_list *l, bm_err *err)
{
    return bm_cb_list_sent_back(a->db, &a->actor, keep_sent, l, err);
}

static int submit_call(app *a, int64_t id, const fm_form *f, bm_err *err)
{
    char reached[4], rating[4], remarks[600];
    fm_form_value(f, "reached", reached, sizeof reached);
    fm_form_value(f, "rating", rating, sizeof rating);
    fm_form_value(f, "remarks", remarks, sizeof remarks);
    bm_cb_result res = {.reached = strcmp(reached, "1") == 0, .rating = atoi(rating),
                        .remarks = remarks};
    return bm_cb_record(a->db, &a->actor, id, &res, err);
}

static int submit_redone(app *a, int64_t id, const fm_form *f, bm_err *err)
{
    char text[600];
    return bm_cb_redone(a->db, &a->actor, id, fm_form_value(f, "text", text, sizeof text), err);
}

static void act_due(app *a, desk_list *l, const desk_row *r, char option)
{
    if (option != '1') {
        case_detail_open(a, r->case_id, 0);
        return;
    }
    desk_list_stale(l);
    char title[200], choices[200];
    snprintf(title, sizeof title, _("Call back %s about case %s, phone %s"), r->cell[1],
             r->cell[0], r->cell[2]);
    snprintf(choices, sizeof choices, "5=%s 4=%s 3=%s 2=%s 1=%s", ui_rating(5), ui_rating(4),
             ui_rating(3), ui_rating(2), ui_rating(1));
    ask_spec s = {.title = title, .id = r->id, .nfields = 3, .submit = submit_call,
                  .hint = _("Not reached: 0, and the call is due again the next working day. "
                            "Not satisfied (2 or 1) sends the case back to its handler."),
                  .done = _("Callback recorded.")};
    s.fields[0] = (ask_field){"reached", _("Reached"), 1, 1, FM_FIELD_DIGITS, "1",
                              _("1=yes 0=no")};
    s.fields[1] = (ask_field){"rating", _("Rating"), 1, 1, FM_FIELD_DIGITS, NULL, choices};
    s.fields[2] = (ask_field){"remarks", _("Remarks"), 50, 300, 0, NULL, NULL};
    ask_open(a, &s);
}

static void act_sent(app *a, desk_list *l, const desk_row *r, char option)
{
    if (option != '1') {
        case_detail_open(a, r->case_id, 0);
        return;
    }
    desk_list_stale(l);
    char title[200];
    snprintf(title, sizeof title, _("Case %s redone"), r->cell[0]);
    ask_spec s = {.title = title, .id = r->id, .nfields = 1, .submit = submit_redone,
                  .hint = r->cell[3], .done = _("Recorded as redone.")};
    s.fields[0] = (ask_field){"text", _("What was redone"), 50, 300, 0, NULL, NULL};
    ask_open(a, &s);
}

static const desk_list_kind due_kind = {
    .ncols = 6,
    .titles = {N_("Case no."), N_("Applicant"), N_("Phone"), N_("Why"), N_("Due"),
               N_("Tries")},
    .widths = {12, 8, 11, 14, 10, 4},
    .options = "15",
    .words = N_("Options: 1=Record the call 5=Display the case"),
    .refused = N_("Options here: 1 record the call, 5 display the case."),
    .empty = N_("No callbacks are due."),
    .load = load_due,
    .act = act_due,
};

static const desk_list_kind sent_kind = {
    .ncols = 4,
    .titles = {N_("Case no."), N_("Applicant"), N_("Rating"), N_("Not satisfied with")},
    .widths = {12, 8, 10, 34},
    .options = "15",
    .words = N_("Options: 1=Redone 5=Display the case"),
    .refused = N_("Options here: 1 redone, 5 display the case."),
    .empty = N_("No case was sent back to you."),
    .load = load_sent,
    .act = act_sent,
};

static void open_due(app *a, void *st) { desk_list_open(a, st, &due_kind); }
static void open_sent(app *a, void *st) { desk_list_open(a, st, &sent_kind); }

static const fm_fkey list_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    LIST_SCREEN_KEYS,
    FM_FKEYS_END,
};

const screen_def screen_callbacks = {
    .id = "BM521",
    .title = N_("Callbacks due"),
    .keys = list_keys,
    .help = N_("The centre's callbacks due today or earlier: every rectified bad rating, "
               "cases not rated 3 working days after completion (invite a rating) and a "
               "monthly sample of the rest. 1 records the call: 1 reached or 0 not (then it "
               "is due again the next working day), the person's rating 5 to 1 and their "
               "remarks. The rating becomes the case's (by phone callback); 2 or 1 sends the "
               "case back to its handler with the remarks. 5 shows the case."),
    .state_size = sizeof(desk_list),
    .open = open_due,
    .close = desk_list_close,
    .draw = desk_list_draw,
    .key = desk_list_key,
};

const screen_def screen_sent_back = {
    .id = "BM522",
    .title = N_("Sent back by callbacks"),
    .keys = list_keys,
    .help = N_("Your cases whose callback found the person not satisfied, with what they "
               "said. Put it right, then 1 records what was redone. 5 shows the case."),
    .state_size = sizeof(desk_list),
    .open = open_sent,
    .close = desk_list_close,
    .draw = desk_list_draw,
    .key = desk_list_key,
};
