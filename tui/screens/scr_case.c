/* BM230 case detail: every field, the materials, a bundle's sub-cases and the full history
 * (who, when, what, note) with the deadline's state. F2 opens its steps (scr_steps.c), F9 its
 * document (scr_document.c). */
#include "core/applicant.h"
#include "forms/frame.h"
#include "forms/pager.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/kit/clerk.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"
#include "tui/kit/receipt.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MATERIALS 64
#define COMMIT_DEFAULT_DAYS 5

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
    fm_pager view;           /* the scrolling part below the fixed lines */
    int cursor;              /* its line with the cursor */
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
    if (c->agent_id) {   /* taken by a village agent: who to tell */
        size_t n = strlen(line);
        snprintf(line + n, sizeof line - n, "  %s %s", _("Agent"),
                 staff_name(s, a, c->agent_id, ""));
    }
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
    s->view.rows = rows - 3 - y > 1 ? rows - 3 - y : 1;
    s->view.lines = s->nlines;
    fm_pager_show(&s->view, s->cursor);
    int top = s->view.top;
    for (int i = 0; i < s->view.rows && top + i < s->nlines; i++) {
        const detail_line *l = &s->lines[top + i];
        if (l->heading)
            wattron(w, A_BOLD);
        fm_put(w, y + i, 2, l->text, cols - 3);
        if (l->heading)
            wattroff(w, A_BOLD);
    }
    if (fm_pager_more(&s->view))
        fm_put_right(w, rows - 3, cols - 1, _("more..."));
    if (s->nlines > 0) {
        mvwaddch(w, y + s->cursor - top, 0, '>');
        app_cursor(a, y + s->cursor - top, 0);
    }
}

static int detail_key(app *a, void *st, fm_key k)
{
    detail_state *s = st;
    switch (k.code) {
    case FM_KEY_UP: s->cursor--; break;
    case FM_KEY_DOWN: s->cursor++; break;
    case FM_KEY_PGUP:
    case FM_KEY_PGDN:
        /* A page of the history, the cursor moving with it. */
        fm_pager_key(&s->view, k);
        s->cursor += (k.code == FM_KEY_PGDN ? 1 : -1) * s->view.rows;
        break;
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
    fm_pager_show(&s->view, s->cursor);
    return FM_HANDLED;
}

static int detail_steps_key(void *owner, void *st, fm_key k)
{
    (void)k;
    detail_state *s = st;
    s->stale = 1;
    steps_open(owner, s->id);
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
        steps_open(a, case_id);
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

