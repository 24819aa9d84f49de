/* BM231 steps: the steps the status machine allows from the case's state (and the user's role),
 * each asking for its note and details and confirming before core takes it; after completion,
 * the applicant's rating (好差评). */
#include "core/authz.h"
#include "core/calendar.h"
#include "forms/form.h"
#include "forms/frame.h"
#include "forms/menu.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/kit/clerk.h"
#include "tui/session/i18n.h"
#include "tui/kit/receipt.h"
#include "tui/kit/steps.h"
#include "tui/session/screens.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MATERIALS 64
#define COMMIT_DEFAULT_DAYS 5

typedef struct steps_state {
    int64_t id;
    bm_case c;
    steps_menu offered;
    int step;                 /* the step being filled in, 0 while choosing */
    int rating_only;          /* opened for the rating: F12 leaves */
    fm_form form;
    bm_case_material mats[MAX_MATERIALS];
    int nmats;
    fm_dialog dialog;
    char lang[16];
} steps_state;

static int keep_case_material(const bm_case_material *m, void *ctx)
{
    steps_state *s = ctx;
    if (s->nmats < MAX_MATERIALS)
        s->mats[s->nmats++] = *m;
    return 0;
}

static int steps_load(app *a, steps_state *s)
{
    bm_err err;
    if (bm_case_get(a->db, &a->actor, s->id, &s->c, &err) != BM_OK) {
        ui_error(a, &err);
        return -1;
    }
    s->nmats = 0;
    bm_case_materials(a->db, &a->actor, s->id, keep_case_material, s, NULL);
    struct case_offer offer = { a, &s->c };
    steps_menu_fill(&s->offered, case_steps_offer, &offer);
    snprintf(s->lang, sizeof s->lang, "%s", i18n_current());
    return 0;
}

static int steps_leave(void *ctx, fm_form *f, int item, char *why, size_t cap)
{
    (void)ctx;
    fm_form_item *it = &f->items[item];
    char v[512];
    fm_field_get(&it->field, v, sizeof v);
    if (strncmp(it->name, "m", 1) == 0 && it->name[1] >= '0' && it->name[1] <= '9') {
        if (v[0] && strcmp(v, "X") != 0) {
            snprintf(why, cap, "%s", _("Type X to pick it, a space to leave it."));
            return FM_LEAVE_REFUSE;
        }
    } else if (strcmp(it->name, "delivery") == 0) {
        if (strcmp(v, "1") != 0 && strcmp(v, "2") != 0 && strcmp(v, "3") != 0) {
            snprintf(why, cap, "%s", _("Delivery is 1, 2 or 3."));
            return FM_LEAVE_REFUSE;
        }
    } else if (strcmp(it->name, "rating") == 0) {
        if (strlen(v) != 1 || v[0] < '1' || v[0] > '5') {
            snprintf(why, cap, "%s", _("The rating is 1 to 5."));
            return FM_LEAVE_REFUSE;
        }
    } else if (strcmp(it->name, "due") == 0) {
        bm_day d;
        if (bm_day_parse(v, &d) != 0) {
            snprintf(why, cap, "%s", _("Give the date as YYYY-MM-DD."));
            return FM_LEAVE_REFUSE;
        }
    } else if (strcmp(it->name, "reason") == 0 && !v[0]) {
        snprintf(why, cap, "%s", _("A refusal needs its reason"));
        return FM_LEAVE_REFUSE;
    }
    return FM_LEAVE_OK;
}

/* Which materials a step offers to tick: all of them to pick corrections from, or those not
 * received yet to record what was brought. */
static int offers_material(int step, const bm_case_material *m)
{
    if (step == BM_DO_RETURN)
        return 1;
    if (step == BM_DO_SUPPLY)
        return !m->received && m->material.required;
    if (step == BM_DO_RESUME || step == BM_DO_ACCEPT || step == BM_DO_ACCEPT_ON_COMMITMENT)
        return !m->received;
    return 0;
}

static const char *delivery_name(int n)
{
    switch (n) {
    case 2: return _("Free mail");
    case 3: return _("Handed over by the agent");
    default: return _("Pick-up at the window");
    }
}

static void build_step_form(app *a, steps_state *s)
{
    fm_form *f = &s->form;
    fm_form_init(f, steps_leave, NULL, s);
    int row = 0, step = s->step;
    const char *hint = NULL;
    switch (step) {
    case BM_DO_RETURN: hint = _("Tick (X) what must be corrected or brought, and say what."); break;
    case BM_DO_RESUME: hint = _("Tick (X) what the applicant brought now."); break;
    case BM_DO_SUPPLY: hint = _("Tick (X) the promised materials brought now."); break;
    case BM_DO_ACCEPT: hint = _("Tick (X) the missing materials brought now: all required ones are needed."); break;
    case BM_DO_ACCEPT_ON_COMMITMENT: hint = _("Tick (X) what was brought; the rest is due by the date."); break;
    case BM_DO_COMPLETE: hint = _("The result, and how the applicant gets it."); break;
    case STEP_RATE: hint = _("The applicant's rating of the service, and their words if any."); break;
    default: break;
    }
    if (hint)
        fm_form_add_text(f, row++, 1, hint, 0);
    int n = 0;
    for (int i = 0; i < s->nmats; i++) {
        if (!offers_material(step, &s->mats[i]))
            continue;
        char name[16], label[FM_FORM_LABEL + 64], pad[160], form[48];
        snprintf(name, sizeof name, "m%d", i);
        ui_pad(s->mats[i].material.name, 44, pad, sizeof pad);
        ui_material_form(&s->mats[i].material, form, sizeof form);
        snprintf(label, sizeof label, "  %2d %s %s", ++n, pad, form);
        fm_form_add_field(f, name, label, row++, 1, 66, 1, 1, FM_FIELD_ASCII | FM_FIELD_UPPER,
                          FM_ITEM_AUTOSKIP);
    }
    if (n)
        row++;
    if (step == BM_DO_COMPLETE) {
        int i = fm_form_add_field(f, "result", _("Result"), row++, 1, 10, 40, 120, 0, 0);
        fm_field_set(&f->items[i].field, _("Done as applied for"));
        i = fm_form_add_field(f, "delivery", _("Delivery"), row++, 1, 10, 1, 1,
                              FM_FIELD_DIGITS, 0);
        fm_field_set(&f->items[i].field, "1");
        snprintf(f->items[i].after, sizeof f->items[i].after, "1=%s 2=%s 3=%s",
                 delivery_name(1), delivery_name(2), delivery_name(3));
    }
    if (step == BM_DO_ACCEPT_ON_COMMITMENT) {
        int i = fm_form_add_field(f, "due", _("Due by"), row++, 1, 10, 10, 10, FM_FIELD_ASCII, 0);
        bm_day due;
        char d[11] = "";
        if (bm_workdays_add(a->db, bm_day_of(bm_now()), COMMIT_DEFAULT_DAYS, &due, NULL,
                            NULL) == BM_OK)
            bm_day_format(due, d);
        fm_field_set(&f->items[i].field, d);
    }
    if (step == BM_DO_REFUSE) {
        fm_form_add_field(f, "reason", _("Reason"), row++, 1, 10, 60, 240, 0, 0);
        return;
    }
    if (step == STEP_RATE) {
        int i = fm_form_add_field(f, "rating", _("Rating"), row++, 1, 10, 1, 1,
                                  FM_FIELD_DIGITS, FM_ITEM_AUTOSKIP);
        snprintf(f->items[i].after, sizeof f->items[i].after, "5=%s 4=%s 3=%s 2=%s 1=%s",
                 ui_rating(5), ui_rating(4), ui_rating(3), ui_rating(2), ui_rating(1));
        fm_form_add_field(f, "comment", _("Comment"), row++, 1, 10, 60, 200, 0, 0);
        return;
    }
    if (step == STEP_TAKE)
        return;
    const char *label = step == BM_DO_TRANSFER   ? _("Where to, and why")
                        : step == BM_DO_ESCALATE ? _("Why it goes up")
                        : step == BM_DO_RETURN   ? _("What to correct")
                                                 : _("Note");
    fm_form_add_field(f, "note", label, row++, 1, 10, 60, 240, 0, 0);
}

static void choose_step(app *a, steps_state *s, int step)
{
    s->step = step;
    build_step_form(a, s);
    if (s->form.focus < 0 && step != STEP_TAKE)
        fm_form_focus(&s->form, 0);
}

void steps_open(app *a, int64_t id)
{
    app_push(a, &screen_steps);
    steps_state *s = app_top_state(a, &screen_steps);
    if (!s)
        return;
    s->id = id;
    if (steps_load(a, s) != 0) {
        app_pop(a);
        return;
    }
    if (s->offered.count == 0) {
        app_pop(a);
        app_message(a, 1, "%s", _("No step is open to you on this case in its present state."));
    }
}

void case_rate_open(app *a, int64_t case_id)
{
    app_push(a, &screen_steps);
    steps_state *s = app_top_state(a, &screen_steps);
    if (!s)
        return;
    s->id = case_id;
    if (steps_load(a, s) != 0) {
        app_pop(a);
        return;
    }
    s->rating_only = 1;
    choose_step(a, s, STEP_RATE);
}

static void steps_close(app *a, void *st)
{
    (void)a;
    steps_state *s = st;
    fm_dialog_close(&s->dialog);
}

static void steps_draw(app *a, void *st, WINDOW *w)
{
    steps_state *s = st;
    int rows = getmaxy(w), cols = getmaxx(w);
    const bm_case *c = &s->c;
    char line[400];
    int y = FM_BODY_TOP;
    snprintf(line, sizeof line, "%s %s  %s  %s", _("Case"), c->no, c->matter_name,
             ui_status(c->status));
    wattron(w, A_BOLD);
    fm_put(w, y, 1, line, cols - 2);
    wattroff(w, A_BOLD);
    y += 2;
    if (!s->step) {
        if (strcmp(s->lang, i18n_current()) != 0)
            steps_load(a, s);
        int x = steps_menu_draw(&s->offered, w, y, 36, rows - 4, _("Step ===>"));
        app_cursor(a, rows - 4, x);
    } else {
        snprintf(line, sizeof line, "%s: %s", _("Step"), case_step_label(s->step));
        wattron(w, A_BOLD);
        fm_put(w, y, 1, line, cols - 2);
        wattroff(w, A_BOLD);
        y += 2;
        int cy, cx;
        int more = fm_form_draw(&s->form, w, y, rows - 3 - y, &cy, &cx);
        if (more)
            fm_put_right(w, rows - 3, cols - 1, _("more..."));
        const char *tail = s->step == STEP_RATE
                               ? _("F2 records the rating; F3 leaves it for later.")
                               : _("F2 takes the step (it asks first); F12 chooses another.");
        fm_put(w, rows - 3, 1, tail, cols - 14);
        if (cy >= 0)
            app_cursor(a, cy, cx);
    }
    if (s->dialog.kind)
        fm_dialog_draw(&s->dialog, w);
}

/* The materials ticked in the form, as names for core. */
static int ticked(steps_state *s, const char **names, int max, char *list, size_t cap)
{
    int n = 0;
    size_t len = 0;
    if (cap)
        list[0] = 0;
    for (int i = 0; i < s->nmats && n < max; i++) {
        char fname[16], v[8];
        snprintf(fname, sizeof fname, "m%d", i);
        if (strcmp(fm_form_value(&s->form, fname, v, sizeof v), "X") != 0)
            continue;
        names[n++] = s->mats[i].material.name;
        if (len < cap)
            len += (size_t)snprintf(list + len, cap - len, "%s%s", len ? _(", ") : "",
                                    s->mats[i].material.name);
    }
    return n;
}

static void after_step(app *a, steps_state *s, int step)
{
    int64_t id = s->id;
    char no[16];
    snprintf(no, sizeof no, "%s", s->c.no);
    if (step == BM_DO_COMPLETE) {
        /* Straight on to the applicant's rating while they are at the window. */
        steps_load(a, s);
        if (steps_menu_offers(&s->offered, STEP_RATE)) {
            s->rating_only = 1;
            choose_step(a, s, STEP_RATE);
            app_message(a, 0, _("Case %s completed. Now the applicant's rating (1-5)."), no);
            return;
        }
    }
    app_pop(a);
    if (step == BM_DO_RETURN) {
        doc_view_open(a, id, DOC_CORRECTIONS, 1);
        app_message(a, 0, _("Case %s returned for corrections: the clock is paused; the notice "
                            "of corrections was sent to the printer."), no);
        return;
    }
    app_message(a, 0, _("Done: %s (case %s)."), case_step_label(step), no);
}

static void run_step(app *a, steps_state *s)
{
    int step = s->step;
    char note[600], text[512], reason[512], result[256], delivery[8], due[16], list[512];
    const char *names[MAX_MATERIALS];
    int n = ticked(s, names, MAX_MATERIALS, list, sizeof list);
    fm_form_value(&s->form, "note", text, sizeof text);
    fm_form_value(&s->form, "reason", reason, sizeof reason);
    fm_form_value(&s->form, "result", result, sizeof result);
    fm_form_value(&s->form, "delivery", delivery, sizeof delivery);
    fm_form_value(&s->form, "due", due, sizeof due);
    if (step == BM_DO_RETURN && n) {
        /* The items go into the note: the history keeps them, the notice prints them. */
        if (text[0])
            snprintf(note, sizeof note, _("To correct: %s. %s"), list, text);
        else
            snprintf(note, sizeof note, _("To correct: %s."), list);
        n = 0;
    } else {
        snprintf(note, sizeof note, "%s", text);
    }
    bm_err err;
    int rc;
    if (step == STEP_TAKE) {
        rc = bm_case_take(a->db, &a->actor, s->id, &err);
    } else if (step == STEP_NOTE) {
        rc = bm_case_note(a->db, &a->actor, s->id, note, &err);
    } else if (step == STEP_RATE) {
        char r[8], comment[400];
        fm_form_value(&s->form, "rating", r, sizeof r);
        fm_form_value(&s->form, "comment", comment, sizeof comment);
        int rating = atoi(r);
        rc = bm_case_rate(a->db, &a->actor, s->id, rating, "window", &err);
        if (rc == BM_OK && comment[0]) {
            char c[480];
            snprintf(c, sizeof c, _("Applicant's comment: %s"), comment);
            rc = bm_case_note(a->db, &a->actor, s->id, c, &err);
        }
        /* Core keeps the rating; an unsatisfied one is marked in the history for the
         * centre head, whose list of bad ratings picks it up. */
        if (rc == BM_OK && rating <= 2)
            rc = bm_case_note(a->db, &a->actor, s->id,
                              _("Unsatisfied rating: for the centre head to follow up."), &err);
        if (rc == BM_OK) {
            char no[16];
            snprintf(no, sizeof no, "%s", s->c.no);
            app_pop(a);
            if (rating <= 2)
                app_message(a, 0, _("Rating %d (%s) recorded for case %s and flagged for the "
                                    "centre head."), rating, ui_rating(rating), no);
            else
                app_message(a, 0, _("Rating %d (%s) recorded for case %s."), rating,
                            ui_rating(rating), no);
            return;
        }
    } else {
        bm_case_args args = {
            .note = note[0] ? note : NULL,
            .reason = reason,
            .commit_due = due,
            .result = result,
            .delivery = delivery_name(atoi(delivery)),
            .received = names,
            .nreceived = n,
        };
        rc = bm_case_act(a->db, &a->actor, s->id, step, &args, &err);
    }
    if (rc != BM_OK) {
        ui_error(a, &err);
        steps_load(a, s);   /* the case may have moved on meanwhile */
        return;
    }
    after_step(a, s, step);
}

static void confirm_step(app *a, steps_state *s)
{
    int r = fm_form_check_all(&s->form);
    if (r < 0) {
        app_message(a, 1, "%s", s->form.why);
        return;
    }
    char text[400];
    snprintf(text, sizeof text, _("%s: case %s, %s?"), case_step_label(s->step), s->c.no,
             s->c.matter_name);
    steps_menu_confirm(&s->dialog, _("Confirm"), text, _("Y/Enter=Yes  N/F12=No"));
}

static void chosen(app *a, void *owner, int step)
{
    steps_state *s = owner;
    choose_step(a, s, step);
    if (s->step == STEP_TAKE)
        confirm_step(a, s);
}

static void ask(app *a, void *owner) { confirm_step(a, owner); }
static void run(app *a, void *owner) { run_step(a, owner); }

static steps_screen screen_of(steps_state *s)
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

/* F12 goes back to the list of steps; from that list (or a rating alone), back to the case. */
static int other_step_key(void *owner, void *st, fm_key k)
{
    steps_state *s = st;
    if (!s->step || s->rating_only)
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

const screen_def screen_steps = {
    .id = "BM231",
    .title = N_("Steps"),
    .keys = steps_keys,
    .help = N_("The steps this case can take now, as its state and your role allow. Type the "
               "number and Enter. Each step asks what it needs: materials to tick (X), a note "
               "(required to return for corrections, transfer or escalate), the reason of a "
               "refusal, the result and the way of delivery of a completion. F2 takes the "
               "step after a yes/no question; core records who, when and the note in the "
               "history.\n"
               "Return for corrections pauses the clock and prints the notice of corrections. "
               "After a completion the applicant's rating follows: 5 very satisfied to 1 very "
               "unsatisfied, one per case; 2 or 1 is flagged for the centre head."),
    .state_size = sizeof(steps_state),
    .close = steps_close,
    .draw = steps_draw,
    .key = steps_key,
};

