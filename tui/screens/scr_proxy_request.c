/* BM252, one proxy request (代办件): who, what, how it came, the materials and originals, its
 * stage with the township's answer, and the moves core allows this user now, numbered. The
 * agent forwards it (again, once a sent-back request has what was missing), finishes a
 * village-level one, and records the answer told to the person; the township's clerk accepts
 * it into a case (matching a matter to a request taken in the person's words), sends it back
 * with what is missing, or refuses it with the reason. A move that needs words asks for them
 * below the menu; Enter on the last field (or F2) makes it. F9 shows the paper for the person,
 * F5 the case it became. */
#include "core/authz.h"
#include "forms/frame.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/kit/clerk.h"
#include "tui/kit/pick.h"
#include "tui/kit/proxy_slip.h"
#include "tui/kit/proxyui.h"
#include "tui/kit/steps.h"
#include "tui/screens/intake.h"
#include "tui/screens/proxy.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct request_state {
    app *a;
    int64_t id;
    bm_proxy p;
    char lang[16];
    steps_menu menu;
    int move;            /* the move whose words are being typed, 0 none */
    fm_form form;
    pick_spec pick;      /* the catalogue, for matching a matter on acceptance */
} request_state;

/* The callback (回访) is a step of its own: it is no move of the table, though it may lead to
 * one (reopening). */
#define STEP_CALLBACK 100

static void offer(void *ctx, steps_menu *m)
{
    request_state *s = ctx;
    int moves[BM_PX_MOVE_COUNT];
    int n = bm_proxy_moves_offered(s->a->db, &s->a->actor, &s->p, moves, BM_PX_MOVE_COUNT);
    for (int i = 0; i < n; i++)
        steps_menu_add(m, moves[i], proxy_move_word(moves[i]));
    bm_place place = {.centre_id = s->p.centre_id, .village_id = s->p.village_id};
    if (bm_proxy_callback_due(&s->p) &&
        bm_authz_allows(s->a->db, &s->a->actor, BM_ACT_PROXY_TAKE, &place))
        steps_menu_add(m, STEP_CALLBACK, _("Call back: satisfied or not"));
}

static const char *step_word(int code)
{
    return code == STEP_CALLBACK ? _("Call back: satisfied or not") : proxy_move_word(code);
}

static int load(request_state *s)
{
    bm_err err;
    if (bm_proxy_get(s->a->db, &s->a->actor, s->id, &s->p, &err) != BM_OK) {
        ui_error(s->a, &err);
        return -1;
    }
    snprintf(s->lang, sizeof s->lang, "%s", i18n_current());
    steps_menu_fill(&s->menu, offer, s);
    return 0;
}

void proxy_request_open(app *a, int64_t id)
{
    bm_proxy p;
    bm_err err;
    if (bm_proxy_get(a->db, &a->actor, id, &p, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    app_push(a, &screen_proxy_request);
    request_state *s = app_top_state(a, &screen_proxy_request);
    if (!s)
        return;
    s->a = a;
    s->id = id;
    s->pick = intake_matter_pick;
    if (load(s) != 0)
        app_pop(a);
}

void proxy_paper_open(app *a, const bm_proxy *p)
{
    int kind = p->stage == BM_PROXY_SENT_BACK ? PROXY_NOTICE : PROXY_SLIP;
    bm_err err;
    char *text = proxy_paper_text(a->db, &a->actor, p, kind, &err);
    if (!text) {
        ui_error(a, &err);
        return;
    }
    doc_show_text(a, proxy_paper_title(kind), p->no, text, 0);
    app_message(a, 0, "%s", _("F9 prints it for the person."));
}

/* ---- a move's words ---- */

static int leave(void *ctx, fm_form *f, int item, char *why, size_t cap)
{
    request_state *s = ctx;
    fm_form_item *it = &f->items[item];
    char v[64];
    fm_field_get(&it->field, v, sizeof v);
    if (strcmp(it->name, "how") == 0 && (v[0] < '1' || v[0] > '3' || v[1])) {
        snprintf(why, cap, _("Type a number from 1 to %d."), 3);
        return FM_LEAVE_REFUSE;
    }
    if (strcmp(it->name, "satisfied") == 0 && strcmp(v, "Y") != 0 && strcmp(v, "N") != 0) {
        snprintf(why, cap, "%s", _("Answer Y (yes) or N (no)."));
        return FM_LEAVE_REFUSE;
    }
    if (strcmp(it->name, "rating") == 0 && v[0] && (v[0] < '1' || v[0] > '5' || v[1])) {
        snprintf(why, cap, "%s", _("Choose a rating from 1 to 5"));
        return FM_LEAVE_REFUSE;
    }
    if (strcmp(it->name, "matter") == 0 && v[0]) {
        bm_bundle b;
        bm_matter *m = malloc(sizeof *m);
        int known = bm_bundle_current(s->a->db, v, &b, NULL) == BM_OK ||
                    (m && bm_matter_current(s->a->db, v, m, NULL) == BM_OK);
        free(m);
        if (!known) {
            snprintf(why, cap, "%s", _("No matter has that code: F4 opens the catalogue."));
            return FM_LEAVE_REFUSE;
        }
    }
    return FM_LEAVE_OK;
}

static void matter_chosen(app *a, void *ctx, const char *key)
{
    request_state *s = ctx;
    pick_set_field(a, &s->form, "matter", key + 2);
}

static int choose(void *ctx, fm_form *f, int item)
{
    request_state *s = ctx;
    if (strcmp(f->items[item].name, "matter") != 0)
        return FM_IGNORED;
    pick_open(s->a, &screen_pick_matter, &s->pick, s, "");
    return FM_HANDLED;
}

static void ask_words(request_state *s, int move)
{
    fm_form *f = &s->form;
    fm_form_init(f, leave, choose, s);
    s->move = move;
    s->pick.chosen = matter_chosen;
    int lc = fm_form_label_cols(_("Matter"), _("What was said"));
    int row = 0;
    switch (move) {
    case BM_PX_ACCEPT:
        fm_form_add_noted(f, "matter", _("Matter"), row++, 1, lc, 12, 24,
                          FM_FIELD_ASCII | FM_FIELD_UPPER, 0, _("F4=Catalogue"));
        fm_form_set(f, "matter", s->p.matter_code);
        fm_form_add_noted(f, "words", _("Note"), row++, 1, lc, 50, 120, 0, 0, NULL);
        break;
    case BM_PX_FINISH:
        fm_form_add_noted(f, "words", _("Result"), row++, 1, lc, 50, 120, 0, 0, NULL);
        break;
    case BM_PX_SEND_BACK:
        fm_form_add_noted(f, "words", _("Missing"), row++, 1, lc, 50, 160, 0, 0, NULL);
        break;
    case BM_PX_REFUSE:
        fm_form_add_noted(f, "words", _("Reason"), row++, 1, lc, 50, 120, 0, 0, NULL);
        break;
    case BM_PX_TELL:
        fm_form_add_noted(f, "how", _("Told how"), row++, 1, lc, 1, 1, FM_FIELD_DIGITS,
                          FM_ITEM_AUTOSKIP, _("1=visit 2=phone 3=result delivered"));
        fm_form_add_noted(f, "words", _("What was said"), row++, 1, lc, 50, 120, 0, 0, NULL);
        break;
    case STEP_CALLBACK:
        fm_form_add_noted(f, "satisfied", _("Satisfied"), row++, 1, lc, 1, 1,
                          FM_FIELD_ASCII | FM_FIELD_UPPER, FM_ITEM_AUTOSKIP,
                          _("Y/N (N: back to the township)"));
        fm_form_set(f, "satisfied", "Y");
        fm_form_add_noted(f, "rating", _("Rating"), row++, 1, lc, 1, 1, FM_FIELD_DIGITS,
                          FM_ITEM_AUTOSKIP, _("1-5, empty when none given"));
        fm_form_add_noted(f, "words", _("Reason"), row++, 1, lc, 50, 120, 0, 0, NULL);
        break;
    default:
        break;
    }
    fm_form_focus(f, 0);
}

/* Makes the move with the words typed; the request is read again either way. */
static void run(request_state *s)
{
    app *a = s->a;
    if (s->form.count && fm_form_check_all(&s->form) != 0) {
        if (s->form.why[0])
            app_message(a, 1, "%s", s->form.why);
        return;
    }
    char words[512], how[8], matter[32];
    fm_form_value(&s->form, "words", words, sizeof words);
    fm_form_value(&s->form, "how", how, sizeof how);
    fm_form_value(&s->form, "matter", matter, sizeof matter);
    bm_case made;
    memset(&made, 0, sizeof made);
    bm_proxy_args args = { .note = words, .result = words, .missing = words, .reason = words,
                           .told_what = words, .told_how = atoi(how), .matter_code = matter,
                           .made = &made };
    if (s->move == BM_PX_ACCEPT)
        args.result = args.missing = args.reason = args.told_what = NULL;
    else
        args.note = NULL;
    bm_err err;
    int move = s->move;
    char yes[8], rating[8];
    fm_form_value(&s->form, "satisfied", yes, sizeof yes);
    fm_form_value(&s->form, "rating", rating, sizeof rating);
    int rc = move == STEP_CALLBACK
                 ? bm_proxy_callback(a->db, &a->actor, s->id, strcmp(yes, "N") != 0,
                                     atoi(rating), words, &err)
                 : bm_proxy_act(a->db, &a->actor, s->id, move, &args, &err);
    if (rc != BM_OK) {
        ui_error(a, &err);
        return;
    }
    s->move = 0;
    fm_form_init(&s->form, NULL, NULL, s);
    if (load(s) != 0)
        return;
    if (move == BM_PX_ACCEPT)
        app_message(a, 0, _("Request %s accepted into case %s. F5 opens the case."), s->p.no,
                    made.no);
    else if (move == STEP_CALLBACK)
        app_message(a, 0, s->p.stage == BM_PROXY_TOLD ? _("Request %s: callback recorded.")
                                                      : _("Request %s: not satisfied, back "
                                                          "to the township."),
                    s->p.no);
    else
        app_message(a, 0, _("Request %s: %s."), s->p.no, proxy_stage_word(s->p.stage));
}

/* ---- the screen ---- */

static int put_line(WINDOW *w, int y, const char *label, const char *value)
{
    if (!value[0])
        return y;
    char line[1024];
    snprintf(line, sizeof line, "%s: %s", label, value);
    fm_put(w, y, 1, line, getmaxx(w) - 2);
    return y + 1;
}

static void draw(app *a, void *st, WINDOW *w)
{
    request_state *s = st;
    s->a = a;
    if (strcmp(s->lang, i18n_current()) != 0)
        load(s);
    const bm_proxy *p = &s->p;
    int rows = getmaxy(w), y = FM_BODY_TOP;
    char line[640], when[17];
    snprintf(line, sizeof line, "%s  %s  %s: %s %s", p->no, p->village_name, _("Agent"),
             p->agent_name, p->agent_phone);
    wattron(w, A_BOLD);
    fm_put(w, y++, 1, line, getmaxx(w) - 2);
    wattroff(w, A_BOLD);
    snprintf(line, sizeof line, "%s  %s", p->applicant_name, p->applicant_phone);
    y = put_line(w, y, _("Applicant"), line);
    y = put_line(w, y, _("Matter"), p->matter_name);
    y = put_line(w, y, _("In the person's words"), p->wish);
    ui_time(p->taken_at, when);
    snprintf(line, sizeof line, "%s  %s  %s", when, proxy_came_word(p->came),
             p->authority == BM_AUTH_PAPER ? _("Signed authorisation seen")
                                           : _("The person was present"));
    y = put_line(w, y, _("Taken"), line);
    y = put_line(w, y, _("Materials"), p->materials);
    y = put_line(w, y, _("Originals to return"), p->originals);
    snprintf(line, sizeof line, "%s%s%s", proxy_stage_word(p->stage), p->case_no[0] ? "  " : "",
             p->case_no);
    y = put_line(w, y, _("Stage"), line);
    if (p->stage == BM_PROXY_SENT_BACK)
        y = put_line(w, y, _("Missing"), p->missing);
    y = put_line(w, y, _("Reason"), p->reason);
    y = put_line(w, y, _("Result"), p->result);
    if (p->told_at) {
        snprintf(line, sizeof line, "%s  %s", proxy_told_word(p->told_how), p->told_what);
        y = put_line(w, y, _("Answer"), line);
    }
    if (p->called_at) {
        ui_time(p->called_at, when);
        snprintf(line, sizeof line, "%s  %s  %s", when,
                 p->called_satisfied ? _("satisfied") : _("not satisfied"), p->called_note);
        y = put_line(w, y, _("Callback"), line);
    }
    y++;
    if (!s->move) {
        if (s->menu.count == 0) {
            fm_put(w, y, 1, _("Nothing to do on this request now."), getmaxx(w) - 2);
            return;
        }
        int x = steps_menu_draw(&s->menu, w, y, 40, rows - 4, _("Step ===>"));
        app_cursor(a, rows - 4, x);
        return;
    }
    snprintf(line, sizeof line, "%s: %s", _("Step"), step_word(s->move));
    wattron(w, A_BOLD);
    fm_put(w, y++, 1, line, getmaxx(w) - 2);
    wattroff(w, A_BOLD);
    int cy, cx;
    fm_form_draw(&s->form, w, y, rows - 3 - y, &cy, &cx);
    if (cy >= 0)
        app_cursor(a, cy, cx);
}

static int key(app *a, void *st, fm_key k)
{
    request_state *s = st;
    s->a = a;
    if (!s->move) {
        int code = 0;
        int r = steps_menu_key(&s->menu, k, &code);
        if (r == FM_REJECTED) {
            app_message(a, 1, "%s", _("No such step: type one of the numbers shown."));
            return FM_HANDLED;
        }
        if (r == FM_SUBMIT) {
            ask_words(s, code);
            if (code == BM_PX_FORWARD)
                run(s);   /* nothing to write: it travels */
            return FM_HANDLED;
        }
        return r;
    }
    int r = fm_form_key(&s->form, k);
    if (r == FM_REJECTED) {
        app_message(a, 1, "%s", s->form.why);
        return FM_HANDLED;
    }
    if (r == FM_SUBMIT) {
        run(s);
        return FM_HANDLED;
    }
    return r;
}

static int do_key(void *owner, void *st, fm_key k)
{
    (void)owner, (void)k;
    request_state *s = st;
    if (s->move)
        run(s);
    return FM_HANDLED;
}

static int case_key(void *owner, void *st, fm_key k)
{
    (void)k;
    request_state *s = st;
    if (s->p.case_id)
        case_detail_open(owner, s->p.case_id, 0);
    else
        app_message(owner, 1, "%s", _("No case yet: the township has not accepted it."));
    return FM_HANDLED;
}

static int paper_key(void *owner, void *st, fm_key k)
{
    (void)k;
    request_state *s = st;
    proxy_paper_open(owner, &s->p);
    return FM_HANDLED;
}

/* F12 leaves a move's words for the menu; on the menu it goes back. */
static int cancel_key(void *owner, void *st, fm_key k)
{
    request_state *s = st;
    if (!s->move)
        return app_key_back(owner, st, k);
    s->move = 0;
    fm_form_init(&s->form, NULL, NULL, s);
    return FM_HANDLED;
}

static const fm_fkey keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Do it"), do_key, 0 },
    APP_KEY_BACK,
    { FM_KEY_F(5), NULL, N_("Case"), case_key, 0 },
    { FM_KEY_F(9), NULL, N_("Paper"), paper_key, 0 },
    { FM_KEY_F(12), NULL, N_("Cancel"), cancel_key, 0 },
    { FM_KEY_ESC, NULL, NULL, cancel_key, 0 },
    FM_FKEYS_END,
};

const screen_def screen_proxy_request = {
    .id = "BM252",
    .title = N_("Proxy request"),
    .keys = keys,
    .help = N_("One request taken by a village agent, and what you can do on it now: type the "
               "step's number and Enter. A step that needs words asks for them below; Enter "
               "on the last one (or F2) makes it, F12 goes back to the steps.\n"
               "The agent forwards a request to the township (again, once a sent-back one has "
               "what was missing), finishes a village-level matter on the spot, and records "
               "the answer told to the person: how, and what was said.\n"
               "The township accepts it into a case (choose the matter for a request taken in "
               "the person's words; F4 the catalogue), sends it back with what is missing "
               "(the agent prints the one-time notice for the person), or refuses it with the "
               "reason. F5 opens the case it became; F9 shows the paper for the person."),
    .state_size = sizeof(request_state),
    .draw = draw,
    .key = key,
};
