/* BM500 the centre head's desk (督办台): the live counts of what needs the head's attention,
 * each line opening its list: overdue cases, cases due within a working day, supervisions,
 * bad ratings and their rectifications, callbacks due, could-not-get-it-done records by tier.
 * BM520 the clerk's ratings and callbacks (好差评与回访): supervisions and rectifications
 * addressed to them, callbacks due, cases a callback sent back. Also the home screen's line
 * for what waits for the user here. Counts are read again each time the screen is drawn
 * anew (opening, coming back, F5). */
#include "core/callback.h"
#include "core/rectify.h"
#include "core/supervision.h"
#include "forms/frame.h"
#include "forms/menu.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/screens/sup.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <string.h>

#define DESK_LINES 6

typedef struct desk_state {
    int head;                          /* the head's desk, else the clerk's */
    fm_menu_item items[DESK_LINES];
    const screen_def *opens[DESK_LINES];
    char status[DESK_LINES][96];
    char figures[160];
    int count;
    fm_menu menu;
    int stale;                         /* count again at the next draw */
} desk_state;

static void add(desk_state *s, const char *label, const char *desc, const screen_def *opens)
{
    int i = s->count++;
    s->items[i].key = (char)('1' + i);
    s->items[i].label = _(label);
    s->items[i].desc = _(desc);
    s->items[i].status = s->status[i];
    s->opens[i] = opens;
}

static void head_lines(app *a, desk_state *s)
{
    bm_desk_counts c;
    bm_err err;
    int added;
    /* Callbacks that became due since are queued before they are counted. */
    if (bm_cb_plan(a->db, &a->actor, 10, &added, &err) != BM_OK ||
        bm_desk_count(a->db, &a->actor, &c, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    add(s, N_("Overdue cases"), N_("Give to a clerk, supervise"), &screen_sup_overdue);
    snprintf(s->status[0], sizeof s->status[0], "%d%s", c.overdue, c.overdue ? " !" : "");
    add(s, N_("Due within a day"), N_("Cases due within one working day"), &screen_sup_due_soon);
    snprintf(s->status[1], sizeof s->status[1], "%d%s", c.due_soon, c.due_soon ? " *" : "");
    add(s, N_("Supervisions"), N_("State and rounds"), &screen_sup_list);
    snprintf(s->status[2], sizeof s->status[2], _("waiting %d  answered %d  late %d"),
             c.sup_open, c.sup_answered, c.sup_late);
    add(s, N_("Bad ratings"), N_("Rectifications"), &screen_sup_rect);
    snprintf(s->status[3], sizeof s->status[3], _("unrectified %d  open %d  late %d"),
             c.bad_unrectified, c.rect_open, c.rect_late);
    add(s, N_("Callbacks"), N_("Due today or earlier"), &screen_callbacks);
    snprintf(s->status[4], sizeof s->status[4], "%d", c.callbacks_due);
    add(s, N_("Could-not-get-it-done"), N_("Open, by tier"), &screen_sup_impossible);
    snprintf(s->status[5], sizeof s->status[5], _("tier 1: %d  tier 2: %d  tier 3: %d"),
             c.impossible[0], c.impossible[1], c.impossible[2]);
    bm_rect_figures f;
    if (bm_rect_figures_get(a->db, &a->actor, &f, &err) == BM_OK)
        snprintf(s->figures, sizeof s->figures,
                 _("Bad ratings %d: rectified on time %d%%, called back %d%%"), f.bad,
                 f.done ? f.on_time * 100 / f.done : 100,
                 f.done ? f.called_back * 100 / f.done : 100);
}

struct tally {
    int n;
    char first[600];
};

static int tally_rect(const bm_rect *r, void *ctx)
{
    (void)r;
    ((struct tally *)ctx)->n++;
    return 0;
}

static int tally_cb(const bm_callback *c, void *ctx)
{
    struct tally *t = ctx;
    if (!t->n++)
        snprintf(t->first, sizeof t->first, "%s: %s", c->case_no, c->remarks);
    return 0;
}

static void clerk_lines(app *a, desk_state *s)
{
    bm_err err;
    int sup = 0;
    struct tally rect = {0}, due = {0}, sent = {0};
    int added;
    if (bm_sup_count_mine(a->db, &a->actor, &sup, &err) != BM_OK ||
        bm_rect_list(a->db, &a->actor, BM_RECT_LIST_MINE, tally_rect, &rect, &err) != BM_OK ||
        bm_cb_plan(a->db, &a->actor, 10, &added, &err) != BM_OK ||
        bm_cb_list_due(a->db, &a->actor, tally_cb, &due, &err) != BM_OK ||
        bm_cb_list_sent_back(a->db, &a->actor, tally_cb, &sent, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    add(s, N_("Supervisions for me"), N_("Answer the centre head"), &screen_sup_mine);
    snprintf(s->status[0], sizeof s->status[0], "%d%s", sup, sup ? " !" : "");
    add(s, N_("My bad ratings"), N_("Rectify or appeal"), &screen_sup_rect_mine);
    snprintf(s->status[1], sizeof s->status[1], "%d", rect.n);
    add(s, N_("Callbacks due"), N_("Call back, record the rating"), &screen_callbacks);
    snprintf(s->status[2], sizeof s->status[2], "%d", due.n);
    add(s, N_("Sent back to me"), N_("Not satisfied at the callback"), &screen_sent_back);
    snprintf(s->status[3], sizeof s->status[3], "%d%s", sent.n, sent.n ? " !" : "");
}

static void count_now(app *a, desk_state *s)
{
    s->count = 0;
    s->figures[0] = 0;
    if (s->head)
        head_lines(a, s);
    else
        clerk_lines(a, s);
    int selected = s->menu.selected;
    fm_menu_init(&s->menu, s->items, s->count);
    s->menu.selected = selected < s->count ? selected : 0;
    s->stale = 0;
}

static void open_head(app *a, void *st)
{
    desk_state *s = st;
    s->head = 1;
    count_now(a, s);
}

static void open_clerk(app *a, void *st)
{
    count_now(a, st);
}

static void desk_draw(app *a, void *st, WINDOW *w)
{
    desk_state *s = st;
    if (s->stale)
        count_now(a, s);
    int label_cols = 0;
    for (int i = 0; i < s->count; i++) {
        int lw = fm_width(s->items[i].label);
        label_cols = lw > label_cols ? lw : label_cols;
    }
    int prompt_y = getmaxy(w) - 4;
    if (s->figures[0])
        fm_put(w, prompt_y - 2, 1, s->figures, getmaxx(w) - 2);
    int x = fm_menu_draw(&s->menu, w, FM_BODY_TOP + 1, label_cols, prompt_y, _("Choose ===>"));
    app_cursor(a, prompt_y, x);
}

static int desk_key(app *a, void *st, fm_key k)
{
    desk_state *s = st;
    int r = fm_menu_key(&s->menu, k);
    if (r == FM_REJECTED) {
        app_message(a, 1, "%s", _("No such entry: type one of the numbers shown, then Enter."));
        return FM_HANDLED;
    }
    if (r == FM_SUBMIT) {
        s->stale = 1;   /* the list may change what is counted here */
        app_push(a, s->opens[s->menu.chosen]);
        return FM_HANDLED;
    }
    return r;
}

static int refresh_key(void *owner, void *st, fm_key k)
{
    (void)k;
    ((desk_state *)st)->stale = 1;
    app_message(owner, 0, "%s", _("Refreshed."));
    return FM_HANDLED;
}

static const fm_fkey desk_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    { FM_KEY_F(5), NULL, N_("Refresh"), refresh_key, 0 },
    FM_FKEYS_END,
};

const screen_def screen_sup_desk = {
    .id = "BM500",
    .title = N_("Supervision"),
    .keys = desk_keys,
    .help = N_("What needs your attention at the centre now, counted live for the centre and "
               "its villages. Type a line's number and Enter to open its list: overdue cases "
               "(give one to another clerk, open a supervision), cases due within a working "
               "day, supervisions with their state and rounds, bad ratings and their "
               "rectifications, callbacks due, could-not-get-it-done records by tier. F5 "
               "counts again."),
    .state_size = sizeof(desk_state),
    .open = open_head,
    .draw = desk_draw,
    .key = desk_key,
};

const screen_def screen_clerk_desk = {
    .id = "BM520",
    .title = N_("Ratings and callbacks"),
    .keys = desk_keys,
    .help = N_("What waits for you from the centre head and the callbacks: supervisions to "
               "answer, bad ratings of your cases to rectify (or appeal), the centre's "
               "callbacks due, and your cases a callback sent back. Type a line's number and "
               "Enter to open its list. F5 counts again."),
    .state_size = sizeof(desk_state),
    .open = open_clerk,
    .draw = desk_draw,
    .key = desk_key,
};

void desk_home_line(app *a, char *buf, size_t cap)
{
    buf[0] = 0;
    int role = a->actor.role;
    if (role != BM_ROLE_CLERK && role != BM_ROLE_DUTY && role != BM_ROLE_SUPERVISOR)
        return;
    bm_err err;
    if (role == BM_ROLE_SUPERVISOR) {
        bm_desk_counts c;
        if (bm_desk_count(a->db, &a->actor, &c, &err) == BM_OK && c.sup_answered)
            snprintf(buf, cap, _("Supervisions answered, waiting for you: %d"), c.sup_answered);
        return;
    }
    int sup = 0;
    struct tally sent = {0};
    if (bm_sup_count_mine(a->db, &a->actor, &sup, &err) != BM_OK ||
        bm_cb_list_sent_back(a->db, &a->actor, tally_cb, &sent, &err) != BM_OK)
        return;
    size_t len = 0;
    if (sup)
        len = (size_t)snprintf(buf, cap, _("Supervisions to answer: %d  "), sup);
    if (sent.n && len < cap)
        snprintf(buf + len, cap - len, _("Sent back by a callback: %s"), sent.first);
}
