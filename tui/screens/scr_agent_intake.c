/* BM251, the village intake (代办收件): the agent finds or registers the person (the applicant
 * block), chooses the matter or writes what the person wants in their own words when nobody
 * knows which matter it is (不知道办什么事), says how the request came and how the person
 * authorised it, ticks the materials collected against the matter's list (originals among
 * them go back to the person), and with F2 forwards it to the township, keeps it for the next
 * trip (collect days), or finishes it on the spot where core says the village can (a
 * village-level matter). The 代办受理单 opens at once; F9 prints it. */
#include "core/proxy.h"
#include "forms/frame.h"
#include "forms/text.h"
#include "tui/kit/applicant_page.h"
#include "tui/kit/caseui.h"
#include "tui/kit/clerk.h"
#include "tui/kit/form_keep.h"
#include "tui/kit/proxy_slip.h"
#include "tui/screens/intake.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum then { THEN_FORWARD = 1, THEN_KEEP, THEN_FINISH };

typedef struct agent_intake {
    app *a;
    fm_form form;
    char lang[16];
    applicant_block ab;
    char code[24];               /* the matter or bundle chosen, "" none */
    int is_bundle;
    char info[400];              /* its name, department and promise */
    bm_material plan[PLAN_MAX];
    int nplan;
    int finishable;              /* core: the village can finish it on the spot */
    pick_spec pick;              /* the catalogue chooser, landing here */
    fm_dialog dialog;
} agent_intake;

static int leave(void *ctx, fm_form *f, int item, char *why, size_t cap);
static int choose(void *ctx, fm_form *f, int item);

static int build_materials(agent_intake *s, int row)
{
    fm_form *f = &s->form;
    fm_form_add_textf(f, row++, 3, FM_ITEM_BOLD, "%s", s->info);
    if (s->nplan == 0) {
        fm_form_add_text(f, row++, 5, _("No materials are needed."), 0);
        return row;
    }
    fm_form_add_textf(f, row++, 3, FM_ITEM_BOLD, "%s",
                      _("Materials collected (X), originals go back to the person"));
    for (int i = 0; i < s->nplan; i++) {
        char fname[FM_FORM_NAME], label[256], name[160], form[32];
        intake_material_field_name(&s->plan[i], fname, sizeof fname);
        ui_pad(s->plan[i].name, 40, name, sizeof name);
        ui_material_form(&s->plan[i], form, sizeof form);
        snprintf(label, sizeof label, "  %2d %s %s", i + 1, name, form);
        fm_form_add_noted(f, fname, label, row++, 1, 62, 1, 1, FM_FIELD_ASCII | FM_FIELD_UPPER,
                          FM_ITEM_AUTOSKIP, NULL);
    }
    return row;
}

static void build(agent_intake *s)
{
    fm_form *f = &s->form;
    fm_form_init(f, leave, choose, s);
    snprintf(s->lang, sizeof s->lang, "%s", i18n_current());
    int lc = fm_form_label_cols(_("Applicant"), _("Authorised"));
    int row = applicant_block_build(&s->ab, 0, lc);
    fm_form_add_noted(f, "matter", _("Matter"), row++, 1, lc, 30, 60, 0, 0, _("F4=Catalogue"));
    if (s->code[0])
        row = build_materials(s, row);
    fm_form_add_noted(f, "wish", _("Wants"), row++, 1, lc, 50, 120, 0, 0, NULL);
    fm_form_add_text(f, row++, 3 + lc, _("(not sure which matter: the person's own words)"), 0);
    fm_form_add_noted(f, "came", _("Came"), row++, 1, lc, 1, 1, FM_FIELD_DIGITS,
                      FM_ITEM_AUTOSKIP, _("1=village room 2=phone 3=market day 4=home visit"));
    fm_form_set(f, "came", "1");
    fm_form_add_noted(f, "auth", _("Authorised"), row++, 1, lc, 1, 1, FM_FIELD_DIGITS,
                      FM_ITEM_AUTOSKIP, _("1=person present 2=signed authorisation seen"));
    fm_form_set(f, "auth", "1");
    fm_form_add_noted(f, "then", _("Then"), row++, 1, lc, 1, 1, FM_FIELD_DIGITS,
                      FM_ITEM_AUTOSKIP,
                      s->finishable ? _("1=forward 2=keep for the trip 3=finish here")
                                    : _("1=forward now 2=keep for the next trip"));
    fm_form_set(f, "then", "1");
    if (s->finishable)
        fm_form_add_noted(f, "result", _("Result"), row++, 1, lc, 50, 120, 0, 0, NULL);
}

static void build_page(void *ctx)
{
    build(ctx);
}

static void rebuild(agent_intake *s, const char *focus)
{
    form_rebuild_keeping(&s->form, build_page, s, focus);
}

static void reset(agent_intake *s)
{
    applicant_block_reset(&s->ab);
    s->code[0] = 0;
    s->nplan = 0;
    s->finishable = 0;
    build(s);
    fm_form_focus(&s->form, fm_form_find(&s->form, "find"));
}

static void rebuild_for_block(void *owner, const char *focus)
{
    rebuild(owner, focus);
}

static void applicant_found(void *owner)
{
    rebuild(owner, "matter");
}

/* ---- the matter ---- */

static int choose_matter(agent_intake *s, const char *code, int is_bundle, bm_err *err)
{
    app *a = s->a;
    char promise[64];
    if (is_bundle) {
        bm_bundle b;
        if (bm_bundle_current(a->db, code, &b, err) != BM_OK)
            return -1;
        snprintf(s->info, sizeof s->info, "%s %s", b.code, b.name);
    } else {
        bm_matter *m = malloc(sizeof *m);
        if (!m || bm_matter_current(a->db, code, m, err) != BM_OK) {
            free(m);
            return -1;
        }
        snprintf(s->info, sizeof s->info, "%s %s  [%s]  %s", m->code, m->name, m->dept,
                 ui_promise(m->promised_days, promise, sizeof promise));
        free(m);
    }
    int n = bm_case_material_plan(a->db, is_bundle ? NULL : code, is_bundle ? code : NULL, "",
                                  s->plan, PLAN_MAX, err);
    if (n < 0)
        return -1;
    s->nplan = n;
    snprintf(s->code, sizeof s->code, "%s", code);
    s->is_bundle = is_bundle;
    s->finishable = !is_bundle && bm_proxy_finishable(a->db, code);
    rebuild(s, "matter");
    int mi = fm_form_find(&s->form, "matter");
    if (mi >= 0) {
        fm_field_set(&s->form.items[mi].field, code);
        s->form.items[mi].field.changed = 0;
    }
    return 0;
}

static void matter_chosen(app *a, void *ctx, const char *key)
{
    agent_intake *s = ctx;
    s->a = a;
    bm_err err;
    if (choose_matter(s, key + 2, key[0] == 'B', &err) != 0) {
        ui_error(a, &err);
        return;
    }
    fm_form_focus(&s->form, fm_form_find(&s->form, "matter") + 1);
}

struct found {
    const char *typed;
    int n, has_exact;
    bm_matter_brief one, exact;
};

static int count_found(const bm_matter_brief *m, void *ctx)
{
    struct found *f = ctx;
    if (f->n++ == 0)
        f->one = *m;
    if (!f->has_exact && strcasecmp(m->code, f->typed) == 0) {
        f->exact = *m;
        f->has_exact = 1;
    }
    return 0;
}

static int leave_matter(agent_intake *s, fm_form_item *it, char *why, size_t cap)
{
    char text[128];
    fm_field_get(&it->field, text, sizeof text);
    if (!it->field.changed)
        return FM_LEAVE_OK;
    if (!text[0]) {   /* no matter: what the person wants goes in their words */
        s->code[0] = 0;
        s->nplan = 0;
        s->finishable = 0;
        it->field.changed = 0;
        rebuild(s, "matter");
        return FM_LEAVE_OK;
    }
    struct found f = { .typed = text };
    bm_err err;
    if (bm_matter_search(s->a->db, text, count_found, &f, &err) != BM_OK) {
        snprintf(why, cap, "%s", _(err.reason));
        return FM_LEAVE_REFUSE;
    }
    if (f.n == 1 || f.has_exact) {
        const bm_matter_brief *m = f.has_exact ? &f.exact : &f.one;
        if (choose_matter(s, m->code, m->is_bundle, &err) != 0) {
            snprintf(why, cap, "%s", _(err.reason));
            return FM_LEAVE_REFUSE;
        }
        return FM_LEAVE_OK;
    }
    if (f.n == 0) {
        snprintf(why, cap, "%s", _("No matter matches that: F4 opens the catalogue, or leave "
                                   "it empty and write what the person wants."));
        return FM_LEAVE_REFUSE;
    }
    pick_open(s->a, &screen_pick_matter, &s->pick, s, text);
    return FM_LEAVE_STAY;
}

/* ---- the other fields ---- */

static int leave_digit(fm_form_item *it, int max, char *why, size_t cap)
{
    char v[8];
    fm_field_get(&it->field, v, sizeof v);
    if (v[0] < '1' || v[0] - '0' > max || v[1]) {
        snprintf(why, cap, _("Type a number from 1 to %d."), max);
        return FM_LEAVE_REFUSE;
    }
    return FM_LEAVE_OK;
}

static int leave_tick(fm_form_item *it, char *why, size_t cap)
{
    char v[8];
    fm_field_get(&it->field, v, sizeof v);
    if (v[0] && strcmp(v, "X") != 0) {
        snprintf(why, cap, "%s", _("Type X for a material collected, a space for one not "
                                   "brought."));
        return FM_LEAVE_REFUSE;
    }
    return FM_LEAVE_OK;
}

static int leave(void *ctx, fm_form *f, int item, char *why, size_t cap)
{
    agent_intake *s = ctx;
    fm_form_item *it = &f->items[item];
    int r = applicant_block_leave(&s->ab, it, why, cap);
    if (r != AB_NOT_MINE)
        return r;
    if (strcmp(it->name, "matter") == 0)
        return leave_matter(s, it, why, cap);
    if (strncmp(it->name, "m:", 2) == 0)
        return leave_tick(it, why, cap);
    if (strcmp(it->name, "came") == 0)
        return leave_digit(it, BM_CAME_HOME_VISIT, why, cap);
    if (strcmp(it->name, "auth") == 0)
        return leave_digit(it, 2, why, cap);
    if (strcmp(it->name, "then") == 0)
        return leave_digit(it, s->finishable ? THEN_FINISH : THEN_KEEP, why, cap);
    return FM_LEAVE_OK;
}

static int choose(void *ctx, fm_form *f, int item)
{
    agent_intake *s = ctx;
    int r = applicant_block_choose(&s->ab, item);
    if (r != AB_NOT_MINE)
        return r;
    if (strcmp(f->items[item].name, "matter") == 0) {
        char text[128];
        fm_field_get(&f->items[item].field, text, sizeof text);
        pick_open(s->a, &screen_pick_matter, &s->pick, s,
                  f->items[item].field.changed ? text : "");
        return FM_HANDLED;
    }
    return FM_IGNORED;
}

/* ---- saving ---- */

static void focus(agent_intake *s, const char *name)
{
    int i = fm_form_find(&s->form, name);
    if (i >= 0)
        fm_form_focus(&s->form, i);
}

static void focus_refused(agent_intake *s, const bm_err *err)
{
    char first[FM_FORM_NAME] = "matter";
    if (s->nplan)
        intake_material_field_name(&s->plan[0], first, sizeof first);
    switch (err->field) {
    case BM_FIELD_MATTER: focus(s, "matter"); break;
    case BM_FIELD_CHANNEL: focus(s, "came"); break;
    case BM_FIELD_NOTE: focus(s, "auth"); break;
    case BM_FIELD_RESULT: focus(s, "result"); break;
    case BM_FIELD_MATERIALS: focus(s, first); break;
    default: focus(s, "find"); break;
    }
}

/* The request taken, then forwarded or finished as chosen; its slip opens. */
static void save(agent_intake *s)
{
    app *a = s->a;
    const char *got[PLAN_MAX], *originals[PLAN_MAX];
    int ngot = 0, norig = 0;
    for (int i = 0; i < s->nplan; i++) {
        char fname[FM_FORM_NAME], v[8];
        intake_material_field_name(&s->plan[i], fname, sizeof fname);
        if (strcmp(fm_form_value(&s->form, fname, v, sizeof v), "X") != 0)
            continue;
        got[ngot++] = s->plan[i].name;
        if (s->plan[i].original)
            originals[norig++] = s->plan[i].name;
    }
    char wish[512], came[8], auth[8], then[8], result[512];
    fm_form_value(&s->form, "wish", wish, sizeof wish);
    fm_form_value(&s->form, "came", came, sizeof came);
    fm_form_value(&s->form, "auth", auth, sizeof auth);
    fm_form_value(&s->form, "then", then, sizeof then);
    fm_form_value(&s->form, "result", result, sizeof result);
    int next = atoi(then);
    if (next == THEN_FINISH && !result[0]) {
        focus(s, "result");
        app_message(a, 1, "%s", _("Write the result given to the person."));
        return;
    }
    bm_proxy_new in = {
        .applicant_id = s->ab.ap.id,
        .matter_code = s->is_bundle ? NULL : s->code,
        .bundle_code = s->is_bundle ? s->code : NULL,
        .wish = wish,
        .came = atoi(came),
        .authority = atoi(auth) == 2 ? BM_AUTH_PAPER : BM_AUTH_PRESENT,
        .materials = got, .nmaterials = ngot,
        .originals = originals, .noriginals = norig,
    };
    bm_proxy p;
    bm_err err;
    if (bm_proxy_take(a->db, &a->actor, &in, &p, &err) != BM_OK) {
        ui_error(a, &err);
        focus_refused(s, &err);
        return;
    }
    const bm_proxy_args args = { .result = result };
    int rc = BM_OK;
    if (next == THEN_FORWARD || next == THEN_FINISH)
        rc = bm_proxy_act(a->db, &a->actor, p.id, next == THEN_FINISH ? BM_PX_FINISH
                                                                       : BM_PX_FORWARD,
                          &args, &err);
    reset(s);
    if (rc == BM_OK)
        rc = bm_proxy_get(a->db, &a->actor, p.id, &p, &err);
    char *text = rc == BM_OK ? proxy_paper_text(a->db, &a->actor, &p, PROXY_SLIP, &err) : NULL;
    if (!text) {
        ui_error(a, &err);   /* taken all the same: the ledger shows what to do next */
        return;
    }
    doc_show_text(a, proxy_paper_title(PROXY_SLIP), p.no, text, 0);
    app_message(a, 0, next == THEN_FINISH ? _("Request %s finished on the spot. F9 prints the "
                                              "receipt.")
                      : next == THEN_FORWARD ? _("Request %s taken and forwarded to the township. "
                                                 "F9 prints the receipt.")
                                             : _("Request %s taken, kept for the next trip. F9 "
                                                 "prints the receipt."),
                p.no);
}

static void submit(agent_intake *s)
{
    if (applicant_page_ready(&s->ab) == 0)
        save(s);
}

/* ---- the screen ---- */

static void open_screen(app *a, void *st)
{
    agent_intake *s = st;
    s->a = a;
    s->pick = intake_matter_pick;
    s->pick.chosen = matter_chosen;
    applicant_block_init(&s->ab, a, &s->form, s, rebuild_for_block, applicant_found);
    reset(s);
}

static void draw(app *a, void *st, WINDOW *w)
{
    agent_intake *s = st;
    s->a = a;
    if (strcmp(s->lang, i18n_current()) != 0)
        rebuild(s, NULL);
    int status_row = getmaxy(w) - 3, cy, cx;
    int more = fm_form_draw(&s->form, w, FM_BODY_TOP, status_row - FM_BODY_TOP, &cy, &cx);
    wmove(w, status_row, 0);
    wclrtoeol(w);
    if (more)
        fm_put_right(w, status_row, getmaxx(w) - 1, _("more..."));
    if (s->dialog.kind) {
        fm_dialog_draw(&s->dialog, w);
        return;
    }
    if (cy >= 0)
        app_cursor(a, cy, cx);
}

static int typed(agent_intake *s)
{
    char v[128];
    return applicant_block_typed(&s->ab) || s->code[0] ||
           fm_form_value(&s->form, "wish", v, sizeof v)[0];
}

static int key(app *a, void *st, fm_key k)
{
    agent_intake *s = st;
    s->a = a;
    if (s->dialog.kind) {
        int r = fm_dialog_key(&s->dialog, k);
        if (r == FM_SUBMIT || r == FM_CANCEL) {
            fm_dialog_close(&s->dialog);
            app_repaint(a);
            if (r == FM_SUBMIT)
                app_pop(a);
        }
        return FM_HANDLED;
    }
    int r = fm_form_key(&s->form, k);
    if (r == FM_REJECTED) {
        app_message(a, 1, "%s", s->form.why);
        return FM_HANDLED;
    }
    if (r == FM_SUBMIT) {
        app_message(a, 0, "%s", _("All filled in: F2 saves the request."));
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

static int register_key(void *owner, void *st, fm_key k)
{
    (void)owner, (void)k;
    applicant_page_new(&((agent_intake *)st)->ab);
    return FM_HANDLED;
}

static int back_key(void *owner, void *st, fm_key k)
{
    agent_intake *s = st;
    if (!typed(s))
        return app_key_back(owner, st, k);
    fm_dialog_open(&s->dialog, FM_DIALOG_CONFIRM, _("Discard the request"),
                   _("Throw away what has been typed for this request? Nothing of it has been "
                     "saved."),
                   _("Y/Enter=Discard  N/F12=Keep"), "Yy", "Nn");
    return FM_HANDLED;
}

static void close_screen(app *a, void *st)
{
    (void)a;
    fm_dialog_close(&((agent_intake *)st)->dialog);
}

static const fm_fkey keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Save"), save_key, 0 },
    { FM_KEY_F(3), NULL, N_("Back"), back_key, 0 },
    { FM_KEY_F(6), NULL, N_("New applicant"), register_key, 0 },
    FM_FKEYS_END,
};

const screen_def screen_agent_intake = {
    .id = "BM251",
    .title = N_("Take a request"),
    .keys = keys,
    .help = N_("A request taken in the village, top to bottom; Enter or Tab moves on.\n"
               "Applicant: ID number, phone, name or pinyin initials, then Enter; nobody "
               "found opens the new applicant's fields (F6 at any time).\n"
               "Matter: code, name or initials (F4 the catalogue). Not sure which matter it "
               "is? Leave it empty and write what the person wants in their words: the "
               "township matches it on receipt.\n"
               "Materials: X against each one collected; originals among them are listed to "
               "go back to the person.\n"
               "Came: how the request came. Authorised: the person present, or their signed "
               "authorisation seen.\n"
               "Then: 1 forwards it to the township now, 2 keeps it for the next trip (collect "
               "days), 3 finishes it here, offered for a village-level matter, with the result.\n"
               "F2 saves and shows the receipt (代办受理单) with the request number, your name "
               "and phone and when the person will hear back; F9 there prints it."),
    .state_size = sizeof(agent_intake),
    .open = open_screen,
    .close = close_screen,
    .draw = draw,
    .key = key,
};
