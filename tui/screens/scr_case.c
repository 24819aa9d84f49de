/* BM230 case detail: every field, the materials, a bundle's sub-cases and the full history
 * (who, when, what, note) with the deadline's state. BM231 steps: the steps the status machine
 * allows from the case's state (and the user's role), each asking for its note and details and
 * confirming before core takes it; after completion, the applicant's rating (好差评). BM240 a
 * document of the case (receipt, one-time notice, notice of corrections) on screen, F9 prints
 * it through the terminal's printer. */
#include "core/applicant.h"
#include "core/authz.h"
#include "core/calendar.h"
#include "core/case.h"
#include "forms/dialog.h"
#include "forms/form.h"
#include "forms/frame.h"
#include "forms/list.h"
#include "forms/menu.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/kit/clerk.h"
#include "tui/session/i18n.h"
#include "tui/kit/receipt.h"
#include "tui/session/screens.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MATERIALS 64
#define COMMIT_DEFAULT_DAYS 5

/* ==== BM230 detail ==== */

typedef struct detail_line {
    char text[256];
    int64_t sub_id;       /* a sub-case row: Enter opens it */
    int heading;
} detail_line;

typedef struct detail_state {
    int64_t id;
    bm_case c;
    bm_applicant ap;
    int clock, days_left;
    detail_line *lines;
    int nlines, cap;
    int top, cursor, shown;  /* the scrolling part below the fixed lines */
    int stale;
    char names[8][2][64];   /* staff id -> name, a small cache for the history */
    int nnames;
} detail_state;

static detail_line *add_line(detail_state *s, int64_t sub, int heading, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static detail_line *add_line(detail_state *s, int64_t sub, int heading, const char *fmt, ...)
{
    if (s->nlines == s->cap) {
        int cap = s->cap ? s->cap * 2 : 64;
        detail_line *p = realloc(s->lines, (size_t)cap * sizeof *p);
        if (!p)
            return NULL;
        s->lines = p;
        s->cap = cap;
    }
    detail_line *l = &s->lines[s->nlines++];
    l->sub_id = sub;
    l->heading = heading;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(l->text, sizeof l->text, fmt, ap);
    va_end(ap);
    return l;
}

static int material_row(const bm_case_material *m, void *ctx)
{
    detail_state *s = ctx;
    char name[192], form[48], state[64];
    ui_pad(m->material.name, 36, name, sizeof name);
    ui_material_form(&m->material, form, sizeof form);
    ui_pad(form, 10, form, sizeof form);
    if (m->received)
        snprintf(state, sizeof state, "%s", _("received"));
    else if (m->material.required && s->c.commit_due[0])
        snprintf(state, sizeof state, _("due %s"), s->c.commit_due);
    else
        snprintf(state, sizeof state, "%s", m->material.required ? _("missing") : _("not brought"));
    char req[32];
    ui_pad(m->material.required ? _("req.") : _("opt."), 4, req, sizeof req);
    add_line(s, 0, 0, " %2d %s %s %s  %s", m->seq + 1, name, form, req, state);
    return 0;
}

static int sub_row(const bm_case *k, void *ctx)
{
    detail_state *s = ctx;
    char matter[128], status[32];
    ui_pad(k->matter_name, 30, matter, sizeof matter);
    ui_pad(ui_status(k->status), 10, status, sizeof status);
    add_line(s, k->id, 0, " %s %s %s %s", k->no, matter, status, k->deadline);
    return 0;
}

struct history_ctx {
    detail_state *s;
    app *a;
};

static const char *staff_name(detail_state *s, app *a, int64_t id, const char *login)
{
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)id);
    for (int i = 0; i < s->nnames; i++)
        if (strcmp(s->names[i][0], key) == 0)
            return s->names[i][1];
    int slot = s->nnames < 8 ? s->nnames++ : 7;
    snprintf(s->names[slot][0], sizeof s->names[slot][0], "%s", key);
    ui_staff_name(a, id, login, s->names[slot][1], sizeof s->names[slot][1]);
    return s->names[slot][1];
}

struct wrap_lines {
    detail_state *s;
    int first;
    char lead[160];
};

static void history_part(const char *line, size_t len, void *ctx)
{
    struct wrap_lines *w = ctx;
    if (w->first)
        add_line(w->s, 0, 0, "%s%.*s", w->lead, (int)len, line);
    else
        add_line(w->s, 0, 0, "%*s%.*s", fm_width(w->lead), "", (int)len, line);
    w->first = 0;
}

static int history_row(const bm_case_event *e, void *ctx)
{
    struct history_ctx *h = ctx;
    char when[17], who[64], what[96];
    ui_time(e->at, when);
    ui_pad(staff_name(h->s, h->a, e->user_id, e->login), 8, who, sizeof who);
    const char *action = ui_history_action(e->action);
    if (e->to_status && e->to_status != e->from_status)
        snprintf(what, sizeof what, "%s -> %s", action, ui_status(e->to_status));
    else
        snprintf(what, sizeof what, "%s", action);
    struct wrap_lines w = { h->s, 1, "" };
    snprintf(w.lead, sizeof w.lead, " %s %s ", when, who);
    char text[1200];
    snprintf(text, sizeof text, "%s%s%s", what, e->note && e->note[0] ? "  " : "",
             e->note ? e->note : "");
    fm_wrap(text, 76 - fm_width(w.lead), history_part, &w);
    return 0;
}

static int detail_load(app *a, detail_state *s)
{
    bm_err err;
    if (bm_case_get(a->db, &a->actor, s->id, &s->c, &err) != BM_OK) {
        ui_error(a, &err);
        return -1;
    }
    if (bm_applicant_get(a->db, &a->actor, s->c.applicant_id, &s->ap, NULL) != BM_OK)
        memset(&s->ap, 0, sizeof s->ap);
    bm_case_clock(a->db, &s->c, bm_day_of(bm_now()), &s->clock, &s->days_left, NULL);
    s->nlines = 0;
    /* The situations as they were answered at intake (a bundle has none of its own). */
    if (s->c.matter_id > 0 && s->c.situations[0]) {
        bm_matter *m = malloc(sizeof *m);
        if (m && bm_matter_by_id(a->db, s->c.matter_id, m, NULL) == BM_OK &&
            m->nsituations > 0) {
            add_line(s, 0, 1, "%s", _("Situations"));
            for (int i = 0; i < m->nsituations && s->c.situations[i]; i++)
                add_line(s, 0, 0, " %2d %s  %s", i + 1, m->situations[i].question,
                         s->c.situations[i] == 'Y' ? _("yes") : _("no"));
        }
        free(m);
    }
    if (s->c.off_hours)
        add_line(s, 0, 0, "%s", _("Came in outside office hours."));
    if (s->c.note[0])
        add_line(s, 0, 0, "%s %s", _("Intake note:"), s->c.note);
    add_line(s, 0, 1, "%s", _("Materials"));
    bm_case_materials(a->db, &a->actor, s->id, material_row, s, NULL);
    if (s->c.nchildren > 0) {
        add_line(s, 0, 1, _("Sub-cases (%d): Enter shows one"), s->c.nchildren);
        bm_case_children(a->db, &a->actor, s->id, sub_row, s, NULL);
    }
    add_line(s, 0, 1, "%s", _("History"));
    struct history_ctx h = { s, a };
    bm_case_history(a->db, &a->actor, s->id, history_row, &h, NULL);
    if (s->cursor >= s->nlines)
        s->cursor = s->nlines > 0 ? s->nlines - 1 : 0;
    s->stale = 0;
    return 0;
}

static void detail_close(app *a, void *st)
{
    (void)a;
    detail_state *s = st;
    free(s->lines);
    s->lines = NULL;
}

static void clock_text(const detail_state *s, char *buf, size_t cap)
{
    switch (s->clock) {
    case BM_CLOCK_OVERDUE:
        snprintf(buf, cap, _("overdue by %d working days !"), -s->days_left);
        break;
    case BM_CLOCK_DUE_SOON:
        snprintf(buf, cap, _("%d working days left *"), s->days_left);
        break;
    case BM_CLOCK_ON_TIME:
        snprintf(buf, cap, _("%d working days left"), s->days_left);
        break;
    case BM_CLOCK_PAUSED:
        snprintf(buf, cap, _("paused for corrections since %s"), s->c.paused_since);
        break;
    case BM_CLOCK_DONE_ON_TIME: snprintf(buf, cap, "%s", _("done on time")); break;
    case BM_CLOCK_DONE_LATE: snprintf(buf, cap, "%s", _("done late")); break;
    default: buf[0] = 0; break;
    }
}

static void detail_draw(app *a, void *st, WINDOW *w)
{
    detail_state *s = st;
    if (s->stale && detail_load(a, s) != 0) {
        s->stale = 0;
        return;
    }
    int rows = getmaxy(w), cols = getmaxx(w);
    const bm_case *c = &s->c;
    char line[512], tmp[256], tmp2[128];
    int y = FM_BODY_TOP;
    snprintf(tmp, sizeof tmp, _("First contact %s  Handler %s"), c->first_contact_name,
             c->handler_name[0] ? c->handler_name : _("(centre queue)"));
    snprintf(line, sizeof line, "%s %s  %s", _("Case"), c->no, ui_status(c->status));
    wattron(w, A_BOLD);
    fm_put(w, y, 1, line, cols - 2);
    wattroff(w, A_BOLD);
    if (fm_width(line) + fm_width(tmp) + 4 <= cols)
        fm_put_right(w, y, cols - 1, tmp);
    y++;
    if (c->bundle_id && !c->parent_id)
        snprintf(line, sizeof line, _("Bundle  %s (%d matters)"), c->matter_name, c->nchildren);
    else
        snprintf(line, sizeof line, _("Matter  %s %s (version %d)"), c->matter_code,
                 c->matter_name, c->matter_version);
    fm_put(w, y++, 1, line, cols - 2);
    snprintf(line, sizeof line, _("Applicant  %s  %s  phone %s  %s"), c->applicant_name,
             c->applicant_id_no, s->ap.phone, ui_channel(c->channel));
    fm_put(w, y++, 1, line, cols - 2);
    clock_text(s, tmp2, sizeof tmp2);
    char promise[64];
    ui_promise(c->promised_days, promise, sizeof promise);
    if (c->accepted_day[0])
        snprintf(line, sizeof line, _("Accepted %s  %s  deadline %s"), c->accepted_day,
                 promise, c->deadline);
    else
        snprintf(line, sizeof line, "%s", _("Not accepted: kept as the record of a one-time "
                                            "notice (2 accepts it when the materials come)."));
    fm_put(w, y++, 1, line, cols - 2);
    /* The clock first on the next line, then what else the state says. */
    snprintf(line, sizeof line, "%s", tmp2);
    size_t at = strlen(line);
    if (at)
        at += (size_t)snprintf(line + at, sizeof line - at, "  ");
    if (c->commit_due[0])
        snprintf(line + at, sizeof line - at, _("Accepted on commitment: missing items due %s."),
                 c->commit_due);
    else if (c->status == BM_CASE_COMPLETED)
        snprintf(line + at, sizeof line - at, _("Completed %s: %s  %s"), c->completed_day,
                 c->result, c->delivery);
    else if (c->status == BM_CASE_REFUSED)
        snprintf(line + at, sizeof line - at, _("Refused %s: %s"), c->completed_day,
                 c->refuse_reason);
    else if (c->status == BM_CASE_WITHDRAWN)
        snprintf(line + at, sizeof line - at, _("Withdrawn %s."), c->completed_day);
    if (c->rating) {
        size_t len = strlen(line);
        snprintf(line + len, sizeof line - len, "%s%s %d %s%s", len ? "  " : "", _("Rating"),
                 c->rating, ui_rating(c->rating), c->rating <= 2 ? " !" : "");
    }
    fm_put(w, y++, 1, line, cols - 2);
    /* Below the fixed lines the materials, sub-cases and history scroll; '>' marks the
     * line with the cursor (Enter on a sub-case opens it). */
    fm_rule(w, y++);
    s->shown = rows - 3 - y > 1 ? rows - 3 - y : 1;
    if (s->cursor < s->top)
        s->top = s->cursor;
    if (s->cursor >= s->top + s->shown)
        s->top = s->cursor - s->shown + 1;
    for (int i = 0; i < s->shown && s->top + i < s->nlines; i++) {
        const detail_line *l = &s->lines[s->top + i];
        if (l->heading)
            wattron(w, A_BOLD);
        fm_put(w, y + i, 2, l->text, cols - 3);
        if (l->heading)
            wattroff(w, A_BOLD);
    }
    if (s->top + s->shown < s->nlines)
        fm_put_right(w, rows - 3, cols - 1, _("more..."));
    if (s->nlines > 0) {
        mvwaddch(w, y + s->cursor - s->top, 0, '>');
        app_cursor(a, y + s->cursor - s->top, 0);
    }
}

static void steps_open_for(app *a, int64_t id);

static int detail_key(app *a, void *st, fm_key k)
{
    detail_state *s = st;
    switch (k.code) {
    case FM_KEY_UP: s->cursor--; break;
    case FM_KEY_DOWN: s->cursor++; break;
    case FM_KEY_PGUP: s->cursor -= s->shown; s->top -= s->shown; break;
    case FM_KEY_PGDN: s->cursor += s->shown; s->top += s->shown; break;
    case FM_KEY_HOME: s->cursor = 0; break;
    case FM_KEY_END: s->cursor = s->nlines - 1; break;
    case FM_KEY_ENTER: {
        int row = s->cursor;
        if (row >= 0 && row < s->nlines && s->lines[row].sub_id) {
            s->stale = 1;
            case_detail_open(a, s->lines[row].sub_id, 0);
        } else {
            app_message(a, 0, "%s", _("F2 lists the steps for this case; Enter on a sub-case "
                                      "shows it."));
        }
        return FM_HANDLED;
    }
    default:
        return FM_IGNORED;
    }
    if (s->cursor >= s->nlines)
        s->cursor = s->nlines - 1;
    if (s->cursor < 0)
        s->cursor = 0;
    if (s->top > s->cursor)
        s->top = s->cursor;
    if (s->top < 0)
        s->top = 0;
    return FM_HANDLED;
}

static int detail_steps_key(void *owner, void *st, fm_key k)
{
    (void)k;
    detail_state *s = st;
    s->stale = 1;
    steps_open_for(owner, s->id);
    return FM_HANDLED;
}

static int detail_refresh_key(void *owner, void *st, fm_key k)
{
    (void)k;
    detail_load(owner, st);
    app_message(owner, 0, "%s", _("Refreshed."));
    return FM_HANDLED;
}

static int detail_print_key(void *owner, void *st, fm_key k)
{
    (void)k;
    detail_state *s = st;
    s->stale = 1;
    doc_view_open(owner, s->id, doc_kind_for(&s->c), 1);
    return FM_HANDLED;
}

/* F7 / F8 page like PgUp / PgDn. */
static fm_key as_page_key(fm_key k)
{
    return (fm_key){ k.code == FM_KEY_F(7) ? FM_KEY_PGUP : FM_KEY_PGDN, 0 };
}

static int detail_page_key(void *owner, void *st, fm_key k)
{
    return detail_key(owner, st, as_page_key(k));
}

static const fm_fkey detail_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Steps"), detail_steps_key, 0 },
    APP_KEY_BACK,
    { FM_KEY_F(5), NULL, N_("Refresh"), detail_refresh_key, 0 },
    { FM_KEY_F(7), N_("F7/F8"), N_("Page"), detail_page_key, 0 },
    { FM_KEY_F(8), NULL, NULL, detail_page_key, 0 },
    { FM_KEY_F(9), NULL, N_("Print"), detail_print_key, 0 },
    FM_FKEYS_END,
};

const screen_def screen_case = {
    .id = "BM230",
    .title = N_("Case"),
    .keys = detail_keys,
    .help = N_("Everything about one case: its state and deadline on top (\"!\" overdue, \"*\" "
               "due in a day or less), then the materials, a bundle's sub-cases and the whole "
               "history: who did what, when, with their note.\n"
               "F2 lists the steps the case can take now (start, return for corrections, "
               "resume, transfer, escalate, refuse, complete, withdraw, a note, the rating); "
               "each asks for its details and confirms.\n"
               "F9 prints the receipt again (for a one-time notice record the notice, while "
               "waiting for corrections the notice of corrections). Enter on a sub-case "
               "shows it."),
    .state_size = sizeof(detail_state),
    .close = detail_close,
    .draw = detail_draw,
    .key = detail_key,
};

int case_detail_open(app *a, int64_t case_id, int handle)
{
    bm_case c;
    bm_err err;
    if (bm_case_get(a->db, &a->actor, case_id, &c, &err) != BM_OK) {
        ui_error(a, &err);
        return -1;
    }
    app_push(a, &screen_case);
    detail_state *s = app_top_state(a, &screen_case);
    if (!s)
        return -1;
    s->id = case_id;
    if (detail_load(a, s) != 0) {
        app_pop(a);
        return -1;
    }
    if (handle) {
        s->stale = 1;
        steps_open_for(a, case_id);
    }
    return 0;
}

int case_detail_open_no(app *a, const char *no, int handle)
{
    bm_case c;
    bm_err err;
    if (bm_case_get_by_no(a->db, &a->actor, no, &c, &err) != BM_OK) {
        ui_error(a, &err);
        return -1;
    }
    return case_detail_open(a, c.id, handle);
}

/* ==== BM231 steps ==== */

enum { STEP_TAKE = 100, STEP_NOTE, STEP_RATE };

#define MAX_STEPS 16

typedef struct steps_state {
    int64_t id;
    bm_case c;
    int steps[MAX_STEPS];
    int nsteps;
    char labels[MAX_STEPS][96];
    fm_menu_item items[MAX_STEPS];
    fm_menu menu;
    int step;                 /* the step being filled in, 0 while choosing */
    int rating_only;          /* opened for the rating: F12 leaves */
    fm_form form;
    bm_case_material mats[MAX_MATERIALS];
    int nmats;
    fm_dialog dialog;
    char lang[16];
} steps_state;

static const char *step_label(int step)
{
    switch (step) {
    case STEP_TAKE: return _("Take it over (become the handler)");
    case STEP_NOTE: return _("Add a note");
    case STEP_RATE: return _("Record the applicant's rating");
    default: return ui_verb(step);
    }
}

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
    /* The steps the status machine allows from here, in the order a case usually goes. */
    static const int order[] = { BM_DO_ACCEPT, BM_DO_ACCEPT_ON_COMMITMENT, BM_DO_START,
                                 BM_DO_SUPPLY, BM_DO_RETURN, BM_DO_RESUME, BM_DO_RECEIVE,
                                 BM_DO_COMPLETE, BM_DO_TRANSFER, BM_DO_ESCALATE, BM_DO_REFUSE,
                                 BM_DO_WITHDRAW };
    const bm_case *c = &s->c;
    int bundle = c->bundle_id && !c->parent_id;
    s->nsteps = 0;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        int v = order[i];
        if (!bm_case_next_status(c->status, v) || !ui_may(a, c, v))
            continue;
        if (bundle && v != BM_DO_ACCEPT && v != BM_DO_ACCEPT_ON_COMMITMENT &&
            v != BM_DO_SUPPLY && v != BM_DO_REFUSE && v != BM_DO_WITHDRAW)
            continue;   /* a bundle's other steps are taken on its sub-cases */
        if (c->parent_id && (v == BM_DO_ACCEPT || v == BM_DO_ACCEPT_ON_COMMITMENT))
            continue;
        if (v == BM_DO_SUPPLY && !c->commit_due[0])
            continue;
        s->steps[s->nsteps++] = v;
    }
    bm_place p = { c->centre_id, c->village_id };
    if (bm_status_is_open(c->status) && c->handler_id != a->actor.user_id &&
        bm_authz_allows(a->db, &a->actor, BM_ACT_CASE_TAKE, &p))
        s->steps[s->nsteps++] = STEP_TAKE;
    if (bm_authz_allows(a->db, &a->actor, BM_ACT_CASE_NOTE, &p))
        s->steps[s->nsteps++] = STEP_NOTE;
    if (c->status == BM_CASE_COMPLETED && !c->rating &&
        bm_authz_allows(a->db, &a->actor, BM_ACT_CASE_RATE, &p))
        s->steps[s->nsteps++] = STEP_RATE;
    for (int i = 0; i < s->nsteps; i++) {
        snprintf(s->labels[i], sizeof s->labels[i], "%s", step_label(s->steps[i]));
        s->items[i].key = (char)(i < 9 ? '1' + i : 'A' + i - 9);
        s->items[i].label = s->labels[i];
        s->items[i].desc = NULL;
        s->items[i].status = NULL;
    }
    fm_menu_init(&s->menu, s->items, s->nsteps);
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

static void steps_open_for(app *a, int64_t id)
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
    if (s->nsteps == 0) {
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
        int x = fm_menu_draw(&s->menu, w, y, 36, rows - 4, _("Step ===>"));
        app_cursor(a, rows - 4, x);
    } else {
        snprintf(line, sizeof line, "%s: %s", _("Step"), step_label(s->step));
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
        int may_rate = 0;
        for (int i = 0; i < s->nsteps; i++)
            may_rate |= s->steps[i] == STEP_RATE;
        if (may_rate) {
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
    app_message(a, 0, _("Done: %s (case %s)."), step_label(step), no);
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
    snprintf(text, sizeof text, _("%s: case %s, %s?"), step_label(s->step), s->c.no,
             s->c.matter_name);
    fm_dialog_open(&s->dialog, FM_DIALOG_CONFIRM, _("Confirm"), text,
                   _("Y/Enter=Yes  N/F12=No"), "Yy", "Nn");
}

static int steps_key(app *a, void *st, fm_key k)
{
    steps_state *s = st;
    if (s->dialog.kind) {
        int r = fm_dialog_key(&s->dialog, k);
        if (r == FM_SUBMIT || r == FM_CANCEL) {
            fm_dialog_close(&s->dialog);
            app_repaint(a);
            if (r == FM_SUBMIT)
                run_step(a, s);
        }
        return FM_HANDLED;
    }
    if (!s->step) {
        int r = fm_menu_key(&s->menu, k);
        if (r == FM_REJECTED) {
            app_message(a, 1, "%s", _("No such step: type one of the numbers shown."));
            return FM_HANDLED;
        }
        if (r == FM_SUBMIT) {
            choose_step(a, s, s->steps[s->menu.chosen]);
            if (s->step == STEP_TAKE)
                confirm_step(a, s);
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
        confirm_step(a, s);
        return FM_HANDLED;
    }
    return r;
}

static int take_step_key(void *owner, void *st, fm_key k)
{
    (void)k;
    steps_state *s = st;
    if (!s->step) {
        app_message(owner, 1, "%s", _("Choose a step first: type its number and Enter."));
        return FM_HANDLED;
    }
    confirm_step(owner, s);
    return FM_HANDLED;
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

/* ==== BM240 document ==== */

typedef struct doc_state {
    int64_t id;
    int kind;
    char no[16];
    char *text;
    int top, nlines;
} doc_state;

static int count_lines(const char *t)
{
    int n = 0;
    for (; *t; t++)
        n += *t == '\n';
    return n;
}

static void doc_close(app *a, void *st)
{
    (void)a;
    doc_state *s = st;
    free(s->text);
    s->text = NULL;
}

static int doc_print(app *a, doc_state *s)
{
    char *p = s->text ? doc_for_printer(s->text) : NULL;
    int rc = p ? app_print(a, p) : -1;
    free(p);
    /* A terminal without a printer shows the text instead: paint the screen afresh. */
    if (rc == 0)
        clearok(curscr, TRUE);
    if (rc != 0)
        app_message(a, 1, "%s", _("This terminal has no printer connection."));
    else
        app_message(a, 0, _("%s of case %s sent to the printer at your terminal."),
                    doc_title(s->kind), s->no);
    return rc;
}

void doc_view_open(app *a, int64_t case_id, int kind, int print)
{
    doc_data *d = malloc(sizeof *d);
    bm_err err;
    if (!d)
        return;
    if (doc_load(a->db, &a->actor, case_id, kind, d, &err) != BM_OK) {
        free(d);
        ui_error(a, &err);
        return;
    }
    size_t need = doc_format_for_applicant(d, NULL, 0) + 1;
    char *text = malloc(need);
    if (!text) {
        free(d);
        return;
    }
    doc_format_for_applicant(d, text, need);
    app_push(a, &screen_document);
    doc_state *s = app_top_state(a, &screen_document);
    if (!s) {
        free(text);
        free(d);
        return;
    }
    s->id = case_id;
    s->kind = kind;
    snprintf(s->no, sizeof s->no, "%s", d->case_no);
    s->text = text;
    s->nlines = count_lines(text);
    free(d);
    if (print)
        doc_print(a, s);
}

struct doc_rows {
    WINDOW *w;
    int y, first, last, i;
};

static void doc_line(const char *line, size_t len, void *ctx)
{
    struct doc_rows *r = ctx;
    if (r->i >= r->first && r->y <= r->last) {
        char buf[512];
        if (len >= sizeof buf)
            len = sizeof buf - 1;
        memcpy(buf, line, len);
        buf[len] = 0;
        fm_put(r->w, r->y++, 1, buf, getmaxx(r->w) - 1);
    }
    r->i++;
}

static void doc_draw(app *a, void *st, WINDOW *w)
{
    (void)a;
    doc_state *s = st;
    int rows = getmaxy(w);
    int shown = rows - 3 - FM_BODY_TOP;
    if (s->top > s->nlines - shown)
        s->top = s->nlines - shown > 0 ? s->nlines - shown : 0;
    if (s->top < 0)
        s->top = 0;
    struct doc_rows r = { w, FM_BODY_TOP, s->top, rows - 4, 0 };
    /* Lines are at most DOC_WIDTH columns: each is one screen row. */
    fm_wrap(s->text ? s->text : "", DOC_WIDTH, doc_line, &r);
    if (s->top + shown < s->nlines)
        fm_put_right(w, rows - 3, getmaxx(w) - 1, _("more..."));
}

static void doc_status(app *a, void *st, char *buf, size_t cap)
{
    (void)a;
    doc_state *s = st;
    snprintf(buf, cap, "%s %s", doc_title(s->kind), s->no);
}

static int doc_key(app *a, void *st, fm_key k)
{
    (void)a;
    doc_state *s = st;
    int page = 10;
    switch (k.code) {
    case FM_KEY_UP: s->top--; return FM_HANDLED;
    case FM_KEY_DOWN: s->top++; return FM_HANDLED;
    case FM_KEY_PGUP: s->top -= page; return FM_HANDLED;
    case FM_KEY_PGDN: s->top += page; return FM_HANDLED;
    default:
        return FM_IGNORED;
    }
}

static int doc_print_key(void *owner, void *st, fm_key k)
{
    (void)k;
    doc_print(owner, st);
    return FM_HANDLED;
}

static int doc_case_key(void *owner, void *st, fm_key k)
{
    (void)k;
    doc_state *s = st;
    int64_t id = s->id;
    app_pop(owner);
    case_detail_open(owner, id, 0);
    return FM_HANDLED;
}

static int doc_page_key(void *owner, void *st, fm_key k)
{
    return doc_key(owner, st, as_page_key(k));
}

static const fm_fkey doc_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(3), N_("F3/Enter"), N_("Done"), app_key_back, 0 },
    { FM_KEY_ENTER, NULL, NULL, app_key_back, 0 },
    { FM_KEY_F(5), NULL, N_("Case"), doc_case_key, 0 },
    { FM_KEY_F(7), N_("F7/F8"), N_("Page"), doc_page_key, 0 },
    { FM_KEY_F(8), NULL, NULL, doc_page_key, 0 },
    { FM_KEY_F(9), NULL, N_("Print"), doc_print_key, 0 },
    FM_FKEYS_END,
};

const screen_def screen_document = {
    .id = "BM240",
    .title = N_("Document"),
    .keys = doc_keys,
    .help = N_("The receipt or notice as it is printed for the applicant (always in Chinese, "
               "the ID number masked). F9 prints it on the printer attached to your terminal "
               "(the terminal must pass ANSI transparent printing through, as PuTTY does); it "
               "can be printed again at any time from the case (F9 there, or option 6 in the "
               "lists). F5 opens the case. Enter or F3 goes back."),
    .state_size = sizeof(doc_state),
    .close = doc_close,
    .draw = doc_draw,
    .key = doc_key,
    .status = doc_status,
};
