/* Bad-rating rectifications (差评整改): BM510 the centre's, for the head (5 shows, 1 records the
 * verification and what was done, 8 appeals an unfounded complaint, 3 accepts an appeal, 4
 * refuses it), BM511 those addressed to the user (5, 1, 8). The due day is 15 working days
 * from the rating; "!" past it. The head's list shows the centre's figures on its title. */
#include "core/rectify.h"
#include "tui/kit/caseui.h"
#include "tui/kit/desk_ask.h"
#include "tui/kit/desk_list.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <string.h>

static int keep_rect(const bm_rect *r, void *ctx)
{
    desk_list *l = ctx;
    desk_row *d = desk_list_add(l);
    if (!d)
        return 1;
    d->id = r->id;
    d->case_id = r->case_id;
    d->state = r->state;
    ui_copy(d->cell[0], sizeof d->cell[0], r->case_no);
    ui_copy(d->cell[1], sizeof d->cell[1], r->applicant_name);
    ui_copy(d->cell[2], sizeof d->cell[2], r->handler_name[0] ? r->handler_name : "-");
    ui_copy(d->cell[3], sizeof d->cell[3], ui_rating(r->rating));
    snprintf(d->cell[4], sizeof d->cell[4], "%s%s", r->due_day, r->overdue ? " !" : "");
    if (r->state == BM_RECT_DONE || r->state == BM_RECT_CLOSED)
        snprintf(d->cell[5], sizeof d->cell[5], "%s, %s", _(bm_rect_state_name(r->state)),
                 r->on_time ? _("on time") : _("late"));
    else
        ui_copy(d->cell[5], sizeof d->cell[5], _(bm_rect_state_name(r->state)));
    d->mark = r->overdue ? FM_MARK_ALERT : FM_MARK_NONE;
    return 0;
}

static int load_centre(app *a, desk_list *l, bm_err *err)
{
    return bm_rect_list(a->db, &a->actor, BM_RECT_LIST_CENTRE, keep_rect, l, err);
}

static int load_mine(app *a, desk_list *l, bm_err *err)
{
    return bm_rect_list(a->db, &a->actor, BM_RECT_LIST_MINE, keep_rect, l, err);
}

static int submit_record(app *a, int64_t id, const fm_form *f, bm_err *err)
{
    char found[600], done[600];
    fm_form_value(f, "found", found, sizeof found);
    fm_form_value(f, "done", done, sizeof done);
    return bm_rect_record(a->db, &a->actor, id, found, done, err);
}

static int submit_appeal(app *a, int64_t id, const fm_form *f, bm_err *err)
{
    char text[600];
    return bm_rect_appeal(a->db, &a->actor, id, fm_form_value(f, "text", text, sizeof text), err);
}

static int submit_decide(app *a, int64_t id, const fm_form *f, bm_err *err, int accepted)
{
    char text[600];
    return bm_rect_decide(a->db, &a->actor, id, accepted,
                          fm_form_value(f, "text", text, sizeof text), err);
}

static int submit_accept(app *a, int64_t id, const fm_form *f, bm_err *err)
{
    return submit_decide(a, id, f, err, 1);
}

static int submit_refuse(app *a, int64_t id, const fm_form *f, bm_err *err)
{
    return submit_decide(a, id, f, err, 0);
}

static void show(app *a, int64_t id)
{
    bm_rect r;
    bm_err err;
    if (bm_rect_get(a->db, &a->actor, id, &r, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    char text[3000], rating[40];
    snprintf(rating, sizeof rating, "%s", r.new_rating ? ui_rating(r.new_rating) : "-");
    snprintf(text, sizeof text,
             _("Case %s %s, %s: rated %s on %s, due %s (%s)\nVerification: %s\nDone: %s\n"
               "Appeal: %s\nDecision: %s\nRating at the callback: %s"),
             r.case_no, r.applicant_name, r.matter_name, ui_rating(r.rating), r.opened_day,
             r.due_day, _(bm_rect_state_name(r.state)), r.verification[0] ? r.verification : "-",
             r.action[0] ? r.action : "-", r.appeal[0] ? r.appeal : "-",
             r.decision[0] ? r.decision : "-", rating);
    app_notice(a, _("Rectification"), text);
}

static void act(app *a, desk_list *l, const desk_row *r, char option)
{
    char title[200];
    desk_list_stale(l);
    ask_spec s = {.id = r->id, .nfields = 1, .title = title};
    switch (option) {
    case '1':
        snprintf(title, sizeof title, _("Rectify the bad rating of case %s"), r->cell[0]);
        s.hint = _("What the verification found, and what was done about it.");
        s.submit = submit_record;
        s.nfields = 2;
        s.done = _("Rectification recorded: the callback to the person is due now.");
        s.fields[0] = (ask_field){"found", _("Verification"), 52, 300, 0, NULL, NULL};
        s.fields[1] = (ask_field){"done", _("Done"), 52, 300, 0, NULL, NULL};
        break;
    case '8':
        snprintf(title, sizeof title, _("Appeal the bad rating of case %s"), r->cell[0]);
        s.hint = _("Why the complaint was unfounded: the centre head decides.");
        s.submit = submit_appeal;
        s.done = _("Appeal sent to the centre head.");
        s.fields[0] = (ask_field){"text", _("Reason"), 52, 300, 0, NULL, NULL};
        break;
    case '3':
    case '4':
        snprintf(title, sizeof title, option == '3' ? _("Accept the appeal on case %s")
                                                    : _("Refuse the appeal on case %s"),
                 r->cell[0]);
        s.hint = option == '3' ? _("Accepted: the bad rating leaves the figures; its history "
                                   "stays.")
                               : _("Refused: the rectification is open again.");
        s.submit = option == '3' ? submit_accept : submit_refuse;
        s.done = _("Appeal decided.");
        s.fields[0] = (ask_field){"text", _("Why"), 52, 300, 0, NULL, NULL};
        break;
    default:
        show(a, r->id);
        return;
    }
    ask_open(a, &s);
}

#define RECT_COLUMNS                                                                      \
    .ncols = 6, .titles = {N_("Case no."), N_("Applicant"), N_("Handler"), N_("Rating"),    \
                           N_("Due"), N_("State")},                                        \
    .widths = {12, 8, 6, 10, 12, 18}, .act = act

static const desk_list_kind centre_kind = {
    RECT_COLUMNS, .options = "51834",
    .words = N_("Options: 5=Display 1=Rectify 8=Appeal 3=Accept appeal 4=Refuse appeal"),
    .refused = N_("Options here: 5 display, 1 rectify, 8 appeal, 3 accept or 4 refuse an "
                  "appeal."),
    .empty = N_("No bad ratings to rectify."),
    .load = load_centre,
};
static const desk_list_kind mine_kind = {
    RECT_COLUMNS, .options = "518",
    .words = N_("Options: 5=Display 1=Rectify 8=Appeal"),
    .refused = N_("Options here: 5 display, 1 rectify, 8 appeal."),
    .empty = N_("No bad rating of yours waits for a rectification."),
    .load = load_mine,
};

static void open_centre(app *a, void *st) { desk_list_open(a, st, &centre_kind); }
static void open_mine(app *a, void *st) { desk_list_open(a, st, &mine_kind); }

/* On the title: rectified on time and called back, of the bad ratings that count. */
static void centre_status(app *a, void *st, char *buf, size_t cap)
{
    (void)st;
    bm_rect_figures f;
    if (bm_rect_figures_get(a->db, &a->actor, &f, NULL) != BM_OK)
        return;
    snprintf(buf, cap, _("bad %d  on time %d%%  called back %d%%"), f.bad,
             f.done ? f.on_time * 100 / f.done : 100, f.done ? f.called_back * 100 / f.done : 100);
}

static const fm_fkey list_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    LIST_SCREEN_KEYS,
    FM_FKEYS_END,
};

const screen_def screen_sup_rect = {
    .id = "BM510",
    .title = N_("Bad ratings"),
    .keys = list_keys,
    .help = N_("Every unsatisfied or very unsatisfied rating of the centre opens a "
               "rectification due 15 working days later (\"!\" past it). 1 records what the "
               "verification found and what was done; then the person is called back and "
               "gives a new rating. 8 appeals an unfounded complaint; 3 accepts the appeal "
               "(the rating leaves the figures, its history stays), 4 refuses it. 5 shows "
               "everything recorded. The title shows the share rectified on time and called "
               "back."),
    .state_size = sizeof(desk_list),
    .open = open_centre,
    .close = desk_list_close,
    .draw = desk_list_draw,
    .key = desk_list_key,
    .status = centre_status,
};

const screen_def screen_sup_rect_mine = {
    .id = "BM511",
    .title = N_("My bad ratings"),
    .keys = list_keys,
    .help = N_("Bad ratings of cases you handled, waiting for their rectification. 1 records "
               "what the verification found and what was done; 8 appeals an unfounded "
               "complaint to the centre head. 5 shows everything recorded."),
    .state_size = sizeof(desk_list),
    .open = open_mine,
    .close = desk_list_close,
    .draw = desk_list_draw,
    .key = desk_list_key,
};
