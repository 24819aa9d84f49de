/* BM261 a hotline work order: the order on top, each of its four clocks on its own line with
 * its state (running with the time left, paused and why, met, missed by how much), then the
 * caller's full text and the whole history, scrolling. F2 opens its steps (scr_order_steps.c). */
#include "core/workorder.h"
#include "forms/frame.h"
#include "forms/pager.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/screens/orders.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* History lines are wrapped to this width, so the pager never wraps them again. */
#define HISTORY_COLS 76

typedef struct order_state {
    int64_t id;
    bm_workorder o;
    bm_wo_clock_view views[BM_WOC_COUNT];
    char *text;              /* the full text and the history, '\n' between lines */
    fm_pager view;
    int stale;               /* read again at the next draw (a step may have been taken) */
    char lang[16];
} order_state;

const char *order_minutes(int minutes, char *buf, size_t cap)
{
    if (minutes < 0)
        minutes = -minutes;
    snprintf(buf, cap, _("%dh%02dm"), minutes / 60, minutes % 60);
    return buf;
}

void order_clock_words(const bm_wo_clock *c, const bm_wo_clock_view *v, char *buf, size_t cap)
{
    char due[17], at[17], left[32];
    ui_time(v->due_at, due);
    ui_time(c->done_at, at);
    order_minutes(v->left, left, sizeof left);
    switch (v->state) {
    case BM_WOC_RUNNING:
        snprintf(buf, cap, _("running, due %s, %s left%s"), due, left,
                 v->left <= BM_WO_DUE_SOON_MINUTES ? " *" : "");
        break;
    case BM_WOC_OVERDUE:
        snprintf(buf, cap, _("overdue by %s since %s !"), left, due);
        break;
    case BM_WOC_PAUSED:
        snprintf(buf, cap, _("paused (%s), %s left"), _(bm_wo_pause_name(v->pause_reason)),
                 left);
        break;
    case BM_WOC_MET:
        snprintf(buf, cap, _("met %s"), at);
        break;
    case BM_WOC_MISSED:
        snprintf(buf, cap, _("missed by %s, done %s !"), left, at);
        break;
    case BM_WOC_STOPPED:
        snprintf(buf, cap, "%s", _("stopped: returned to the platform"));
        break;
    default:
        snprintf(buf, cap, "%s", _("not started"));
        break;
    }
}

static const char *answer_way(int by)
{
    switch (by) {
    case BM_WO_BY_PHONE: return _("by phone");
    case BM_WO_BY_VISIT: return _("by a visit");
    case BM_WO_BY_LETTER: return _("by letter");
    default: return "";
    }
}

struct history_ctx {
    app *a;
    FILE *out;
};

/* The particulars of an event in words: where it went, why it waits, the reason, the rating. */
static void particulars(app *a, const bm_wo_event_rec *e, char *buf, size_t cap)
{
    bm_org u;
    buf[0] = 0;
    switch (e->event) {
    case BM_WOE_RECEIVED:
    case BM_WOE_TRANSFERRED:
    case BM_WOE_REASSIGNED:
        if (e->unit_id > 0 && bm_org_get(a->db, e->unit_id, &u, NULL) == BM_OK)
            snprintf(buf, cap, "-> %s", u.name);
        break;
    case BM_WOE_PAUSED: snprintf(buf, cap, "(%s)", _(bm_wo_pause_name(e->reason))); break;
    case BM_WOE_RETURNED: snprintf(buf, cap, "(%s)", _(bm_wo_oos_name(e->reason))); break;
    case BM_WOE_ANSWERED: snprintf(buf, cap, "%s", answer_way(e->reason)); break;
    case BM_WOE_RATED:
        snprintf(buf, cap, "%d %s%s", e->reason, ui_rating(e->reason),
                 e->reason <= BM_WO_REDO_RATING ? " !" : "");
        break;
    case BM_WOE_EXT_REQUESTED:
    case BM_WOE_EXT_APPROVED: snprintf(buf, cap, _("%d working days"), e->days); break;
    default: break;
    }
}

struct wrap_ctx {
    FILE *out;
    int first;
    char lead[160];
};

/* One line of an event: the lead (when, who) on the first, the same width of blanks after. */
static void history_part(const char *line, size_t len, void *ctx)
{
    struct wrap_ctx *w = ctx;
    if (w->first)
        fprintf(w->out, "%s%.*s\n", w->lead, (int)len, line);
    else
        fprintf(w->out, "%*s%.*s\n", fm_width(w->lead), "", (int)len, line);
    w->first = 0;
}

static int history_row(const bm_wo_event_rec *e, void *ctx)
{
    struct history_ctx *h = ctx;
    char when[17], who[64], what[300], text[1200];
    ui_time(e->at, when);
    ui_staff_name(h->a, e->account_id, e->login, who, sizeof who);
    particulars(h->a, e, what, sizeof what);
    struct wrap_ctx w = { h->out, 1, "" };
    snprintf(w.lead, sizeof w.lead, " %s %s  ", when, who);
    snprintf(text, sizeof text, "%s%s%s%s%s", _(bm_wo_event_name(e->event)), what[0] ? " " : "",
             what, e->note[0] ? "  " : "", e->note);
    fm_wrap(text, HISTORY_COLS - fm_width(w.lead), history_part, &w);
    return 0;
}

static int order_load(app *a, order_state *s)
{
    bm_err err;
    if (bm_wo_open(a->db, &a->actor, s->id, &s->o, &err) != BM_OK ||
        bm_wo_views(a->db, &s->o, bm_now(), s->views, &err) != BM_OK) {
        ui_error(a, &err);
        return -1;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out) {
        app_message(a, 1, "%s", _("Out of memory"));
        return -1;
    }
    if (s->o.text[0] && strcmp(s->o.text, s->o.summary) != 0)
        fprintf(out, "%s\n %s\n", _("What the caller said"), s->o.text);
    fprintf(out, "%s\n", _("History"));
    struct history_ctx h = { a, out };
    int rc = bm_wo_history(a->db, s->id, history_row, &h, &err);
    fclose(out);
    free(s->text);
    s->text = text;
    if (rc != BM_OK)
        ui_error(a, &err);
    snprintf(s->lang, sizeof s->lang, "%s", i18n_current());
    s->stale = 0;
    return 0;
}

static void order_close(app *a, void *st)
{
    (void)a;
    order_state *s = st;
    free(s->text);
    s->text = NULL;
}

static void order_draw(app *a, void *st, WINDOW *w)
{
    order_state *s = st;
    if ((s->stale || strcmp(s->lang, i18n_current()) != 0) && order_load(a, s) != 0)
        return;
    int rows = getmaxy(w), cols = getmaxx(w);
    const bm_workorder *o = &s->o;
    char line[600], when[17], where[160];
    int y = FM_BODY_TOP;
    snprintf(line, sizeof line, "%s %s  %s  %s", _("Order"), o->no, _(bm_wo_kind_name(o->kind)),
             _(bm_wo_status_name(o->status)));
    if (o->redo_count) {
        size_t n = strlen(line);
        snprintf(line + n, sizeof line - n, _("  redone %d times"), o->redo_count);
    }
    wattron(w, A_BOLD);
    fm_put(w, y, 1, line, cols - 2);
    wattroff(w, A_BOLD);
    snprintf(where, sizeof where, _("With %s"), o->unit_name);
    if (fm_width(line) + fm_width(where) + 4 <= cols)
        fm_put_right(w, y, cols - 1, where);
    y++;
    ui_time(o->received_at, when);
    snprintf(line, sizeof line, _("Caller %s  phone %s  received %s"),
             o->caller[0] ? o->caller : _("(anonymous)"), o->phone[0] ? o->phone : "-", when);
    if (o->rating) {
        size_t n = strlen(line);
        snprintf(line + n, sizeof line - n, "  %s %d %s", _("Rating"), o->rating,
                 ui_rating(o->rating));
    }
    fm_put(w, y++, 1, line, cols - 2);
    snprintf(line, sizeof line, "%s  %s", _("Summary"), o->summary);
    fm_put(w, y++, 1, line, cols - 2);
    for (int c = 0; c < BM_WOC_COUNT; c++) {
        char name[64], state[300];
        ui_pad(_(bm_clock_name(c)), 10, name, sizeof name);
        order_clock_words(&o->clocks[c], &s->views[c], state, sizeof state);
        snprintf(line, sizeof line, "%s %s", name, state);
        fm_put(w, y++, 2, line, cols - 3);
    }
    fm_rule(w, y++);
    int shown = rows - 3 - y > 1 ? rows - 3 - y : 1;
    fm_pager_draw(&s->view, w, y, 1, shown, cols - 2, s->text ? s->text : "");
    if (fm_pager_more(&s->view))
        fm_put_right(w, rows - 3, cols - 1, _("more..."));
    app_cursor(a, rows - 4, 0);
}

static int order_key(app *a, void *st, fm_key k)
{
    order_state *s = st;
    if (k.code == FM_KEY_ENTER) {
        app_message(a, 0, "%s", _("F2 lists the steps for this order."));
        return FM_HANDLED;
    }
    (void)a;
    return fm_pager_key(&s->view, k);
}

static int order_steps_key(void *owner, void *st, fm_key k)
{
    (void)k;
    order_state *s = st;
    s->stale = 1;
    order_steps_open(owner, s->id);
    return FM_HANDLED;
}

static int order_refresh_key(void *owner, void *st, fm_key k)
{
    (void)k;
    if (order_load(owner, st) == 0)
        app_message(owner, 0, "%s", _("Refreshed."));
    return FM_HANDLED;
}

static int order_page_key(void *owner, void *st, fm_key k)
{
    (void)owner;
    order_state *s = st;
    return fm_pager_key(&s->view, k);
}

static const fm_fkey order_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Steps"), order_steps_key, 0 },
    APP_KEY_BACK,
    { FM_KEY_F(5), NULL, N_("Refresh"), order_refresh_key, 0 },
    { FM_KEY_F(7), N_("F7/F8"), N_("Page"), order_page_key, 0 },
    { FM_KEY_F(8), NULL, NULL, order_page_key, 0 },
    FM_FKEYS_END,
};

const screen_def screen_order = {
    .id = "BM261",
    .title = N_("Hotline order"),
    .keys = order_keys,
    .help = N_("One 12345 hotline work order: its number, kind, state and the unit it is "
               "with; the caller; then each clock on its own line: Transfer (3 working hours "
               "from receipt), Sign (1 working day from each transfer), Answer (5, 7 or 15 "
               "working days from signing, by kind), Callback. A clock is running with the "
               "working time left (\"*\" within two working hours), overdue (\"!\"), paused "
               "with its reason (paused time does not count), met, or missed by how much.\n"
               "Below: what the caller said and the whole history, who did what and when. "
               "F2 lists the steps the order can take now; F5 reads it again."),
    .state_size = sizeof(order_state),
    .close = order_close,
    .draw = order_draw,
    .key = order_key,
};

int order_detail_open(app *a, int64_t id, int handle)
{
    app_push(a, &screen_order);
    order_state *s = app_top_state(a, &screen_order);
    if (!s)
        return -1;
    s->id = id;
    if (order_load(a, s) != 0) {
        app_pop(a);
        return -1;
    }
    if (handle) {
        s->stale = 1;
        order_steps_open(a, id);
    }
    return 0;
}
