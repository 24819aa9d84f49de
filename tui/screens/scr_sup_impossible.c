/* BM530 could-not-get-it-done (办不成事): the centre's records, open ones first and the highest
 * tier first, each with its tier and that tier's deadline ("!" past it). F6 records a new
 * one; 5 shows it, 7 sends it up a tier with the reason, 3 closes it with the outcome and
 * the person's feedback. The title counts this month's records by cause. */
#include "core/impossible.h"
#include "forms/field.h"
#include "tui/kit/caseui.h"
#include "tui/kit/desk_ask.h"
#include "tui/kit/desk_list.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *tier_name(int tier)
{
    switch (tier) {
    case 1: return _("1 window");
    case 2: return _("2 deputy");
    default: return _("3 head");
    }
}

static int keep(const bm_impossible *r, void *ctx)
{
    desk_list *l = ctx;
    desk_row *d = desk_list_add(l);
    if (!d)
        return 1;
    d->id = r->id;
    d->case_id = r->case_id;
    d->state = r->state;
    ui_copy(d->cell[0], sizeof d->cell[0], r->no);
    ui_copy(d->cell[1], sizeof d->cell[1], r->person);
    ui_copy(d->cell[2], sizeof d->cell[2], r->wish);
    ui_copy(d->cell[3], sizeof d->cell[3], _(bm_imp_cause_name(r->cause)));
    if (r->state == BM_IMP_OPEN) {
        ui_copy(d->cell[4], sizeof d->cell[4], tier_name(r->tier));
        snprintf(d->cell[5], sizeof d->cell[5], "%s%s", r->tier_due, r->overdue ? " !" : "");
    } else {
        ui_copy(d->cell[4], sizeof d->cell[4], _("closed"));
        ui_copy(d->cell[5], sizeof d->cell[5], r->recorded_day);
    }
    d->mark = r->overdue ? FM_MARK_ALERT : FM_MARK_NONE;
    return 0;
}

static int load(app *a, desk_list *l, bm_err *err)
{
    return bm_imp_list(a->db, &a->actor, keep, l, err);
}

static int submit_new(app *a, int64_t id, const fm_form *f, bm_err *err)
{
    (void)id;
    char person[100], phone[40], wish[600], cause[4], no[20];
    bm_imp_new in = {
        .person = fm_form_value(f, "person", person, sizeof person),
        .phone = fm_form_value(f, "phone", phone, sizeof phone),
        .wish = fm_form_value(f, "wish", wish, sizeof wish),
        .cause = atoi(fm_form_value(f, "cause", cause, sizeof cause)),
        .case_no = fm_form_value(f, "case", no, sizeof no),
    };
    return bm_imp_record(a->db, &a->actor, &in, NULL, err);
}

static int submit_escalate(app *a, int64_t id, const fm_form *f, bm_err *err)
{
    char text[600];
    return bm_imp_escalate(a->db, &a->actor, id, fm_form_value(f, "text", text, sizeof text),
                           err);
}

static int submit_close(app *a, int64_t id, const fm_form *f, bm_err *err)
{
    char outcome[600], feedback[600];
    return bm_imp_close(a->db, &a->actor, id,
                        fm_form_value(f, "outcome", outcome, sizeof outcome),
                        fm_form_value(f, "feedback", feedback, sizeof feedback), err);
}

static void show(app *a, int64_t id)
{
    bm_impossible r;
    bm_err err;
    if (bm_imp_get(a->db, &a->actor, id, &r, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    char text[2400];
    snprintf(text, sizeof text,
             _("%s %s %s, recorded %s\nWanted: %s\nStuck: %s   Case: %s\nTier %s, due %s\n"
               "Outcome: %s\nFeedback: %s"),
             r.no, r.person, r.phone, r.recorded_day, r.wish, _(bm_imp_cause_name(r.cause)),
             r.case_no[0] ? r.case_no : "-", tier_name(r.tier), r.tier_due,
             r.outcome[0] ? r.outcome : "-", r.feedback[0] ? r.feedback : "-");
    app_notice(a, _("Could-not-get-it-done"), text);
}

static void act(app *a, desk_list *l, const desk_row *r, char option)
{
    char title[200];
    desk_list_stale(l);
    ask_spec s = {.id = r->id, .title = title};
    if (option == '7') {
        snprintf(title, sizeof title, _("Send %s up a tier"), r->cell[0]);
        s.hint = _("Tier 2: the deputy head, 3 working days. Tier 3: the head convenes the "
                   "departments, 10 working days.");
        s.submit = submit_escalate;
        s.nfields = 1;
        s.done = _("Sent up a tier.");
        s.fields[0] = (ask_field){"text", _("Why"), 52, 300, 0, NULL, NULL};
    } else if (option == '3') {
        snprintf(title, sizeof title, _("Close %s"), r->cell[0]);
        s.submit = submit_close;
        s.nfields = 2;
        s.done = _("Closed.");
        s.fields[0] = (ask_field){"outcome", _("Outcome"), 52, 300, 0, NULL, NULL};
        s.fields[1] = (ask_field){"feedback", _("Feedback"), 52, 300, 0, NULL, NULL};
    } else {
        show(a, r->id);
        return;
    }
    ask_open(a, &s);
}

static int new_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    desk_list_stale(st);
    char causes[200];
    snprintf(causes, sizeof causes, "1=%s 2=%s 3=%s 4=%s 5=%s", _(bm_imp_cause_name(1)),
             _(bm_imp_cause_name(2)), _(bm_imp_cause_name(3)), _(bm_imp_cause_name(4)),
             _(bm_imp_cause_name(5)));
    ask_spec s = {.title = _("Record a could-not-get-it-done request"), .nfields = 5,
                  .hint = _("Who, what they wanted, where it got stuck; the case number if "
                            "there is one. It starts at tier 1: the window, the same day."),
                  .submit = submit_new, .done = _("Recorded at tier 1.")};
    s.fields[0] = (ask_field){"person", _("Person"), 16, 30, 0, NULL, NULL};
    s.fields[1] = (ask_field){"phone", _("Phone"), 13, 20, FM_FIELD_ASCII, NULL, NULL};
    s.fields[2] = (ask_field){"wish", _("Wanted"), 50, 200, 0, NULL, NULL};
    s.fields[3] = (ask_field){"cause", _("Stuck"), 1, 1, FM_FIELD_DIGITS, NULL, causes};
    s.fields[4] = (ask_field){"case", _("Case no."), 12, 12, FM_FIELD_DIGITS, NULL, NULL};
    ask_open(a, &s);
    return FM_HANDLED;
}

static const desk_list_kind kind = {
    .ncols = 6,
    .titles = {N_("Record"), N_("Person"), N_("Wanted"), N_("Stuck"), N_("Tier"), N_("Due")},
    .widths = {8, 8, 18, 10, 8, 12},
    .options = "573",
    .words = N_("Options: 5=Display 7=Up a tier 3=Close    F6=New"),
    .refused = N_("Options here: 5 display, 7 up a tier, 3 close."),
    .empty = N_("No could-not-get-it-done records. F6 records one."),
    .load = load,
    .act = act,
};

static void open_list(app *a, void *st) { desk_list_open(a, st, &kind); }

/* On the title: this month's records by cause, the figures that fix the catalogue. */
static void month_status(app *a, void *st, char *buf, size_t cap)
{
    (void)st;
    int counts[BM_IMP_CAUSE_COUNT];
    int y, m, d;
    bm_day_to_ymd(bm_day_of(bm_now()), &y, &m, &d);
    buf[0] = 0;
    if (bm_imp_by_cause(a->db, &a->actor, y, m, counts, NULL) != BM_OK)
        return;
    size_t len = (size_t)snprintf(buf, cap, "%s", _("this month:"));
    for (int c = 1; c < BM_IMP_CAUSE_COUNT && len < cap; c++)
        if (counts[c])
            len += (size_t)snprintf(buf + len, cap - len, " %s %d", _(bm_imp_cause_name(c)),
                                    counts[c]);
}

static const fm_fkey list_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    { FM_KEY_F(6), NULL, N_("New"), new_key, 0 },
    LIST_SCREEN_KEYS,
    FM_FKEYS_END,
};

const screen_def screen_sup_impossible = {
    .id = "BM530",
    .title = N_("Could-not-get-it-done"),
    .keys = list_keys,
    .help = N_("People who could not get something done, recorded at the window and handled "
               "in tiers: 1 the window at once (the same day), 2 the deputy head (3 working "
               "days), 3 the head convenes the departments (10 working days). Due: the "
               "current tier's deadline, \"!\" past it.\n"
               "F6 records a new one. 5 shows it; 7 sends it up a tier with the reason; 3 "
               "closes it with the outcome and the person's feedback. The title counts this "
               "month's records by where they got stuck."),
    .state_size = sizeof(desk_list),
    .open = open_list,
    .close = desk_list_close,
    .draw = desk_list_draw,
    .key = desk_list_key,
    .status = month_status,
};
