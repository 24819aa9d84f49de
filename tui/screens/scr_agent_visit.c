/* BM255, one person of the special-group ledger: opened for a person already paired it shows
 * their needs, the pairing and schedule with the next visit due, and the last visits (who,
 * what was done, the request taken), and logs today's visit with F2: what was done and, when
 * the person asked for something, the request in their words, which goes into the proxy
 * ledger as a home-visit request. Opened to pair someone new it finds or registers the person
 * (the applicant block) and takes their needs and how often they are to be visited. */
#include "core/proxy_special.h"
#include "forms/frame.h"
#include "forms/text.h"
#include "tui/kit/applicant_page.h"
#include "tui/kit/caseui.h"
#include "tui/kit/form_keep.h"
#include "tui/screens/proxy.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VISITS_SHOWN 5

typedef struct visit_row {
    char day[11], by[64], done[256], no[16];
} visit_row;

typedef struct visit_state {
    app *a;
    int64_t applicant_id;        /* 0: pairing someone new */
    bm_special person;
    visit_row visits[VISITS_SHOWN];
    int nvisits;
    applicant_block ab;
    fm_form form;
    char lang[16];
} visit_state;

static int leave(void *ctx, fm_form *f, int item, char *why, size_t cap)
{
    visit_state *s = ctx;
    fm_form_item *it = &f->items[item];
    if (!s->applicant_id) {
        int r = applicant_block_leave(&s->ab, it, why, cap);
        if (r != AB_NOT_MINE)
            return r;
    }
    if (strcmp(it->name, "every") == 0) {
        char v[8];
        fm_field_get(&it->field, v, sizeof v);
        if (atoi(v) < 1 || atoi(v) > 366) {
            snprintf(why, cap, "%s", _("Visits are every 1 to 366 days (30: monthly)"));
            return FM_LEAVE_REFUSE;
        }
    }
    return FM_LEAVE_OK;
}

static int choose(void *ctx, fm_form *f, int item)
{
    (void)f;
    visit_state *s = ctx;
    int r = s->applicant_id ? AB_NOT_MINE : applicant_block_choose(&s->ab, item);
    return r == AB_NOT_MINE ? FM_IGNORED : r;
}

static void build(void *ctx)
{
    visit_state *s = ctx;
    fm_form *f = &s->form;
    fm_form_init(f, leave, choose, s);
    snprintf(s->lang, sizeof s->lang, "%s", i18n_current());
    int lc = fm_form_label_cols(_("Needs"), _("Request"));
    if (!s->applicant_id) {
        int row = applicant_block_build(&s->ab, 0, lc);
        fm_form_add_noted(f, "needs", _("Needs"), row++, 1, lc, 50, 120, 0, 0, NULL);
        fm_form_add_noted(f, "every", _("Every"), row++, 1, lc, 3, 3, FM_FIELD_DIGITS, 0,
                          _("days between visits (30: monthly)"));
        fm_form_set(f, "every", "30");
        return;
    }
    fm_form_add_noted(f, "done", _("Done"), 0, 1, lc, 50, 120, 0, 0, NULL);
    fm_form_add_noted(f, "wish", _("Request"), 1, 1, lc, 50, 120, 0, 0, NULL);
    fm_form_add_text(f, 2, 3 + lc, _("(asked for on the visit, in the person's words; may be "
                                     "empty)"), 0);
}

static void rebuild_for_block(void *owner, const char *focus)
{
    visit_state *s = owner;
    form_rebuild_keeping(&s->form, build, s, focus);
}

static void person_found(void *owner)
{
    rebuild_for_block(owner, "needs");
}

static int keep_visit(bm_day day, const char *by, const char *done, const char *no, void *ctx)
{
    visit_state *s = ctx;
    visit_row *v = &s->visits[s->nvisits++];
    bm_day_format(day, v->day);
    ui_copy(v->by, sizeof v->by, by);
    ui_copy(v->done, sizeof v->done, done);
    ui_copy(v->no, sizeof v->no, no);
    return s->nvisits >= VISITS_SHOWN;
}

static int load(visit_state *s)
{
    app *a = s->a;
    bm_err err;
    s->nvisits = 0;
    if (bm_special_get(a->db, &a->actor, s->applicant_id, &s->person, &err) != BM_OK ||
        bm_special_visits(a->db, &a->actor, s->applicant_id, VISITS_SHOWN, keep_visit, s,
                          &err) != BM_OK) {
        ui_error(a, &err);
        return -1;
    }
    build(s);
    fm_form_focus(&s->form, 0);
    return 0;
}

void special_person_open(app *a, int64_t applicant_id)
{
    app_push(a, &screen_agent_visit);
    visit_state *s = app_top_state(a, &screen_agent_visit);
    if (!s)
        return;
    s->a = a;
    s->applicant_id = applicant_id;
    applicant_block_init(&s->ab, a, &s->form, s, rebuild_for_block, person_found);
    if (!applicant_id) {
        build(s);
        fm_form_focus(&s->form, 0);
    } else if (load(s) != 0)
        app_pop(a);
}

/* ---- F2 ---- */

static void pair(visit_state *s)
{
    app *a = s->a;
    if (applicant_page_ready(&s->ab) != 0)
        return;
    char needs[512], every[8];
    fm_form_value(&s->form, "needs", needs, sizeof needs);
    fm_form_value(&s->form, "every", every, sizeof every);
    bm_err err;
    if (bm_special_pair(a->db, &a->actor, s->ab.ap.id, needs, atoi(every), &s->person, &err) !=
        BM_OK) {
        ui_error(a, &err);
        return;
    }
    s->applicant_id = s->ab.ap.id;
    if (load(s) == 0)
        app_message(a, 0, _("%s is paired with you: a visit every %d days."), s->person.name,
                    s->person.every_days);
}

static void log_visit(visit_state *s)
{
    app *a = s->a;
    char done[512], wish[512];
    fm_form_value(&s->form, "done", done, sizeof done);
    fm_form_value(&s->form, "wish", wish, sizeof wish);
    bm_proxy made;
    bm_err err;
    memset(&made, 0, sizeof made);
    if (bm_special_visit(a->db, &a->actor, s->applicant_id, done, wish, &made, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    if (load(s) != 0)
        return;
    if (made.no[0])
        app_message(a, 0, _("Visit logged; request %s taken on it is in the proxy ledger."),
                    made.no);
    else
        app_message(a, 0, "%s", _("Visit logged."));
}

static void submit(visit_state *s)
{
    if (!s->applicant_id) {
        pair(s);
        return;
    }
    int r = fm_form_check_all(&s->form);
    if (r < 0)
        app_message(s->a, 1, "%s", s->form.why);
    if (r == 0)
        log_visit(s);
}

/* ---- the screen ---- */

static int line(WINDOW *w, int y, const char *text)
{
    fm_put(w, y, 1, text, getmaxx(w) - 2);
    return y + 1;
}

static int draw_person(visit_state *s, WINDOW *w, int y)
{
    const bm_special *p = &s->person;
    char text[640], groups[128], due[11];
    bm_special_names(p->flags, groups, sizeof groups);
    snprintf(text, sizeof text, "%s  %s  %s  %s", p->name, p->phone, p->village_name, groups);
    wattron(w, A_BOLD);
    y = line(w, y, text);
    wattroff(w, A_BOLD);
    snprintf(text, sizeof text, "%s: %s", _("Needs"), p->needs);
    y = line(w, y, text);
    bm_day_format(p->next_due, due);
    snprintf(text, sizeof text, _("Paired with %s %s, a visit every %d days; next due %s%s"),
             p->cadre_name, p->cadre_phone, p->every_days, due,
             p->due == BM_VISIT_OVERDUE ? " !" : p->due == BM_VISIT_SOON ? " *" : "");
    y = line(w, y, text);
    y = line(w, y, s->nvisits ? _("Last visits:") : _("Not visited yet."));
    for (int i = 0; i < s->nvisits; i++) {
        const visit_row *v = &s->visits[i];
        snprintf(text, sizeof text, "  %s  %s  %s%s%s", v->day, v->by, v->done,
                 v->no[0] ? "  " : "", v->no);
        y = line(w, y, text);
    }
    return y + 1;
}

static void draw(app *a, void *st, WINDOW *w)
{
    visit_state *s = st;
    s->a = a;
    if (strcmp(s->lang, i18n_current()) != 0)
        form_rebuild_keeping(&s->form, build, s, NULL);
    int y = FM_BODY_TOP, cy, cx;
    if (s->applicant_id)
        y = draw_person(s, w, y);
    else
        y = line(w, y, _("Pair a person with you: find or register them, their needs, how "
                         "often to visit; F2."));
    fm_form_draw(&s->form, w, y, getmaxy(w) - 3 - y, &cy, &cx);
    if (cy >= 0)
        app_cursor(a, cy, cx);
}

static int key(app *a, void *st, fm_key k)
{
    visit_state *s = st;
    s->a = a;
    int r = fm_form_key(&s->form, k);
    if (r == FM_REJECTED) {
        app_message(a, 1, "%s", s->form.why);
        return FM_HANDLED;
    }
    if (r == FM_SUBMIT) {
        submit(s);
        return FM_HANDLED;
    }
    return r;
}

static int save_key(void *owner, void *st, fm_key k)
{
    (void)owner, (void)k;
    submit(st);
    return FM_HANDLED;
}

static const fm_fkey keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Save"), save_key, 0 },
    APP_KEY_BACK,
    APP_KEY_CANCEL,
    FM_FKEYS_END,
};

const screen_def screen_agent_visit = {
    .id = "BM255",
    .title = N_("Home visits"),
    .keys = keys,
    .help = N_("A person on the special-group ledger: needs, who is paired with them and how "
               "often they are visited, the next visit due (\"!\" overdue, \"*\" within a week) "
               "and the last visits.\n"
               "Today's visit: what was done, and what the person asked for, if anything, in "
               "their words: it becomes a home-visit request in the proxy ledger, to forward "
               "from there. Enter on the last field or F2 logs the visit.\n"
               "Pairing someone new: find or register the person, write their needs and the "
               "days between visits (30 for monthly), F2."),
    .state_size = sizeof(visit_state),
    .draw = draw,
    .key = key,
};
