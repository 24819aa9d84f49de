/* BM260 hotline work orders (12345工单): the centre's open orders on the work list, the
 * nearest due clock first, with one column per clock (transfer, sign, answer, callback):
 * working hours left, "*" due within two working hours, "!" overdue, or the clock's outcome.
 * Option 5 shows an order (BM261), 2 its steps (BM262); F6 enters a new one (BM263). */
#include "core/workorder.h"
#include "forms/frame.h"
#include "forms/worklist.h"
#include "tui/kit/caseui.h"
#include "tui/kit/listkeys.h"
#include "tui/screens/orders.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_ROWS 50
#define NCOLS (3 + BM_WOC_COUNT)

typedef struct order_row {
    int64_t id;
    char no[33];
    int kind, status;
    char summary[160];
    char unit[128];
    bm_wo_clock_view views[BM_WOC_COUNT];
} order_row;

typedef struct orders_state {
    list_screen ls;   /* first: the shared list keys find it there */
    int watch;        /* enum bm_wo_watch: all, due within two working hours, overdue */
    order_row *rows;
    int count, cap;
    fm_column cols[NCOLS];
} orders_state;

static const char *clock_cell(const bm_wo_clock_view *v, char *buf, size_t cap, int *mark)
{
    int hours = v->left >= 0 ? (v->left + 59) / 60 : -((-v->left + 59) / 60);
    switch (v->state) {
    case BM_WOC_RUNNING:
        if (v->left <= BM_WO_DUE_SOON_MINUTES)
            *mark = FM_MARK_WARN;
        snprintf(buf, cap, "%dh%s", hours, v->left <= BM_WO_DUE_SOON_MINUTES ? " *" : "  ");
        return buf;
    case BM_WOC_OVERDUE:
        *mark = FM_MARK_ALERT;
        snprintf(buf, cap, "%dh !", hours);
        return buf;
    case BM_WOC_PAUSED: return _("paused");
    case BM_WOC_MET: return _("on time");
    case BM_WOC_MISSED:
        *mark = FM_MARK_ALERT;
        return _("late");
    default: return "-";
    }
}

static const char *cell(void *ctx, int row, int col, char *buf, size_t cap, int *mark)
{
    orders_state *s = ctx;
    *mark = FM_MARK_NONE;
    if (row < 0 || row >= s->count)
        return "";
    const order_row *r = &s->rows[row];
    switch (col) {
    case 0: return r->no;
    case 1: return _(bm_wo_kind_name(r->kind));
    case 2: return r->summary;
    default:
        return col - 3 < BM_WOC_COUNT ? clock_cell(&r->views[col - 3], buf, cap, mark) : "";
    }
}

struct keep {
    orders_state *s;
    time_t now;
    bm_err *err;
    int rc;
};

static int add_row(orders_state *s, const bm_workorder *o)
{
    if (s->count == s->cap) {
        int cap = s->cap ? s->cap * 2 : PAGE_ROWS;
        order_row *p = realloc(s->rows, (size_t)cap * sizeof *p);
        if (!p)
            return -1;
        s->rows = p;
        s->cap = cap;
    }
    order_row *r = &s->rows[s->count++];
    memset(r, 0, sizeof *r);
    r->id = o->id;
    r->kind = o->kind;
    r->status = o->status;
    snprintf(r->no, sizeof r->no, "%s", o->no);
    snprintf(r->summary, sizeof r->summary, "%s", o->summary);
    snprintf(r->unit, sizeof r->unit, "%s", o->unit_name);
    return 0;
}

static int keep_row(const bm_workorder *o, void *ctx)
{
    struct keep *k = ctx;
    orders_state *s = k->s;
    if (add_row(s, o) != 0)
        return 1;
    if ((k->rc = bm_wo_views(s->ls.a->db, o, k->now, s->rows[s->count - 1].views, k->err)) !=
        BM_OK)
        return 1;
    return s->count >= FM_LIST_MAX_ROWS;
}

static int keep_watched(const bm_workorder *o, const bm_wo_clock_view *v, void *ctx)
{
    orders_state *s = ctx;
    if (add_row(s, o) != 0)
        return 1;
    memcpy(s->rows[s->count - 1].views, v, sizeof s->rows[0].views);
    return s->count >= FM_LIST_MAX_ROWS;
}

static void reset(void *ctx)
{
    orders_state *s = ctx;
    s->count = 0;
}

/* A page of the list; a find keeps the orders whose number or summary holds the text. */
static int fetch(void *ctx, const char *query, int offset, int limit)
{
    orders_state *s = ctx;
    app *a = s->ls.a;
    int before = s->count;
    bm_err err;
    struct keep k = { .s = s, .now = bm_now(), .err = &err };
    int rc;
    if (s->watch != BM_WO_WATCH_ALL)   /* the whole watch list comes as one page */
        rc = offset ? BM_OK : bm_wo_list_watch(a->db, &a->actor, s->watch, k.now, keep_watched,
                                               s, &err);
    else if ((rc = bm_wo_list_open(a->db, &a->actor, query[0] ? FM_LIST_MAX_ROWS : limit,
                                   query[0] ? 0 : offset, keep_row, &k, &err)) == BM_OK)
        rc = k.rc;
    if (rc != BM_OK) {
        ui_error(a, &err);
        return -1;
    }
    if (query[0]) {
        int kept = before;
        for (int i = before; i < s->count; i++)
            if (strstr(s->rows[i].no, query) || strstr(s->rows[i].summary, query))
                s->rows[kept++] = s->rows[i];
        s->count = kept;
    }
    return s->count - before;
}

static void act_on(void *ctx, int row, char option)
{
    orders_state *s = ctx;
    fm_worklist_mark_stale(&s->ls.wl);   /* a step may move the order and its clocks */
    order_detail_open(s->ls.a, s->rows[row].id, option == '2');
}

static const fm_worklist_spec list_spec = {
    .ncols = NCOLS, .options = "52", .default_option = '5', .page_rows = PAGE_ROWS,
    .reset = reset, .fetch = fetch, .cell = cell, .act = act_on,
};

static void orders_open(app *a, void *st)
{
    orders_state *s = st;
    s->ls.a = a;
    fm_worklist_init(&s->ls.wl, &list_spec, s->cols, s);
    fm_worklist_reload(&s->ls.wl);
}

static void orders_close(app *a, void *st)
{
    (void)a;
    orders_state *s = st;
    free(s->rows);
    s->rows = NULL;
}

static void orders_draw(app *a, void *st, WINDOW *w)
{
    orders_state *s = st;
    s->ls.a = a;
    static const char *const titles[3] = { N_("Order no."), N_("Kind"), N_("Summary") };
    static const int widths[NCOLS] = { 14, 8, 16, 7, 7, 7, 7 };
    for (int i = 0; i < NCOLS; i++) {
        s->cols[i].title = i < 3 ? _(titles[i]) : _(bm_clock_name(i - 3));
        s->cols[i].width = widths[i];
        s->cols[i].right = i >= 3;
    }
    const list_screen_words words = {
        .options = _("Options: 5=Display  2=Steps"),
        .prompt = _("Type an order number or words of its summary in Find, then Enter."),
        .none_found = _("No order matches."),
        .empty = _("No open work orders."),
    };
    list_screen_draw(a, &s->ls, w, &words);
}

static int orders_key(app *a, void *st, fm_key k)
{
    return list_screen_key(a, st, k, N_("Options here: 5 display, 2 steps."));
}

static const char *watch_name(int watch)
{
    switch (watch) {
    case BM_WO_WATCH_DUE_SOON: return _("due within 2 working hours");
    case BM_WO_WATCH_OVERDUE: return _("overdue");
    default: return _("all open orders");
    }
}

static void orders_status(app *a, void *st, char *buf, size_t cap)
{
    (void)a;
    orders_state *s = st;
    snprintf(buf, cap, "%s", s->watch != BM_WO_WATCH_ALL ? watch_name(s->watch) : "");
}

/* F9: all open orders, then those due within two working hours, then the overdue ones. */
static int watch_key(void *owner, void *st, fm_key k)
{
    (void)k;
    orders_state *s = st;
    s->watch = (s->watch + 1) % 3;
    fm_worklist_reload(&s->ls.wl);
    app_message(owner, 0, _("Showing %s."), watch_name(s->watch));
    return FM_HANDLED;
}

void orders_reminder_line(app *a, char *buf, size_t cap)
{
    buf[0] = 0;
    bm_wo_reminder r;
    bm_err err;
    if (bm_wo_reminder_for(a->db, &a->actor, bm_now(), &r, &err) != BM_OK) {
        snprintf(buf, cap, "%s", _(err.reason));
        return;
    }
    if (!r.shown || (!r.due_soon && !r.overdue))
        return;
    snprintf(buf, cap, _("Hotline orders: %d due within 2 working hours *, %d overdue%s"),
             r.due_soon, r.overdue, r.overdue ? " !" : "");
}

static int new_order_key(void *owner, void *st, fm_key k)
{
    (void)k;
    orders_state *s = st;
    fm_worklist_mark_stale(&s->ls.wl);
    order_new_open(owner);
    return FM_HANDLED;
}

static const fm_fkey list_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    { FM_KEY_F(6), NULL, N_("New"), new_order_key, 0 },
    { FM_KEY_F(9), NULL, N_("Due"), watch_key, 0 },
    LIST_SCREEN_KEYS,
    FM_FKEYS_END,
};

const screen_def screen_orders = {
    .id = "BM260",
    .title = N_("Hotline orders"),
    .keys = list_keys,
    .help = N_("The centre's open 12345 hotline work orders, the nearest due clock first. "
               "Each clock has its column: Transfer (3 working hours from receipt), Sign (1 "
               "working day from each transfer), Answer (5, 7 or 15 working days from signing, "
               "by kind), Callback. A running clock shows the working hours left; \"*\" due "
               "within two working hours, \"!\" overdue; paused time does not count.\n"
               "5 against a row shows the order, its clocks and history; 2 its steps. F6 "
               "enters an order by hand from the hotline's notification. Find: press / and "
               "give an order number or words of its summary; F12 shows the whole list again. "
               "F5 reads the "
               "list again. F9 shows only the orders due within two working hours, again "
               "only the overdue ones, and again all."),
    .state_size = sizeof(orders_state),
    .open = orders_open,
    .close = orders_close,
    .draw = orders_draw,
    .key = orders_key,
    .status = orders_status,
};
