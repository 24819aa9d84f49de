/* BM312 the hand-overs (交接班) of the user's centre, newest first, "*" on those waiting for
 * the user's signature; BM313 one hand-over as it is printed, F2 signs it as read, F9
 * prints it. Also the home screen's line counting the hand-overs the user has not signed. */
#include "core/handover.h"
#include "forms/frame.h"
#include "forms/worklist.h"
#include "tui/kit/caseui.h"
#include "tui/kit/listkeys.h"
#include "tui/kit/printview.h"
#include "tui/screens/duty.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCOLS 4
#define LIST_MAX 200

void handover_unread_line(app *a, char *buf, size_t cap)
{
    buf[0] = '\0';
    int n = 0;
    if (bm_handover_unread(a->db, &a->actor, &n, NULL) == BM_OK && n > 0)
        snprintf(buf, cap, _("Hand-overs waiting for your signature: %d *"), n);
}

typedef struct handover_row {
    int64_t id;
    char when[17];
    char author[64];
    char left[120];
    int unread;
    time_t signed_at;
} handover_row;

typedef struct handovers_state {
    list_screen ls;   /* first: the shared list keys find it there */
    handover_row rows[LIST_MAX];
    int count;
    fm_column cols[NCOLS];
} handovers_state;

static const char *cell(void *ctx, int row, int col, char *buf, size_t cap, int *mark)
{
    handovers_state *s = ctx;
    *mark = FM_MARK_NONE;
    if (row < 0 || row >= s->count)
        return "";
    const handover_row *r = &s->rows[row];
    switch (col) {
    case 0: return r->when;
    case 1: return r->author;
    case 2: return r->left;
    case 3: {
        if (r->unread) {
            *mark = FM_MARK_WARN;
            return _("Unread *");
        }
        if (!r->signed_at)
            return "";
        char t[17];
        ui_time(r->signed_at, t);
        snprintf(buf, cap, "%s %s", _("Signed"), t + 5);
        return buf;
    }
    default: return "";
    }
}

static int keep(const bm_handover *h, void *ctx)
{
    handovers_state *s = ctx;
    if (s->count >= LIST_MAX)
        return 1;
    handover_row *r = &s->rows[s->count++];
    r->id = h->id;
    ui_time(h->written_at, r->when);
    snprintf(r->author, sizeof r->author, "%s", h->author_name);
    ui_copy(r->left, sizeof r->left, h->left_over[0] ? h->left_over : h->came_in);
    for (char *p = r->left; *p; p++)
        if (*p == '\n')
            *p = ' ';
    r->unread = h->unread;
    r->signed_at = h->signed_at;
    return 0;
}

static void reset(void *ctx)
{
    handovers_state *s = ctx;
    s->count = 0;
}

/* The whole list comes at once (a centre writes one or two a day); a find keeps the rows
 * whose writer or text holds it. */
static int fetch(void *ctx, const char *query, int offset, int limit)
{
    (void)limit;
    handovers_state *s = ctx;
    if (offset > 0)
        return 0;
    bm_err err;
    if (bm_handover_list(s->ls.a->db, &s->ls.a->actor, LIST_MAX, keep, s, &err) != BM_OK) {
        ui_error(s->ls.a, &err);
        return -1;
    }
    if (query[0]) {
        int k = 0;
        for (int i = 0; i < s->count; i++)
            if (strstr(s->rows[i].author, query) || strstr(s->rows[i].left, query))
                s->rows[k++] = s->rows[i];
        s->count = k;
    }
    return s->count;
}

static void act_on(void *ctx, int row, char option)
{
    (void)option;
    handovers_state *s = ctx;
    fm_worklist_mark_stale(&s->ls.wl);   /* signed there: "*" goes when we are back */
    handover_open(s->ls.a, s->rows[row].id);
}

static const fm_worklist_spec spec = {
    .ncols = NCOLS, .options = "5", .default_option = '5', .page_rows = LIST_MAX,
    .reset = reset, .fetch = fetch, .cell = cell, .act = act_on,
};

static void handovers_open(app *a, void *st)
{
    handovers_state *s = st;
    s->ls.a = a;
    fm_worklist_init(&s->ls.wl, &spec, s->cols, s);
    fm_worklist_reload(&s->ls.wl);
}

void handovers_changed(app *a)
{
    handovers_state *s = app_top_state(a, &screen_handovers);
    if (s)
        fm_worklist_mark_stale(&s->ls.wl);
}

static void handovers_draw(app *a, void *st, WINDOW *w)
{
    handovers_state *s = st;
    s->ls.a = a;
    static const char *const titles[NCOLS] = { N_("Written"), N_("By"), N_("Left to do"),
                                               N_("Read") };
    static const int widths[NCOLS] = { 16, 8, 26, 18 };
    for (int i = 0; i < NCOLS; i++) {
        s->cols[i].title = _(titles[i]);
        s->cols[i].width = widths[i];
        s->cols[i].right = 0;
    }
    const list_screen_words words = {
        .options = _("Options: 5=Read and sign"),
        .prompt = "",
        .none_found = _("No hand-over matches."),
        .empty = _("No hand-overs at this centre yet."),
    };
    list_screen_draw(a, &s->ls, w, &words);
}

static int handovers_key(app *a, void *st, fm_key k)
{
    return list_screen_key(a, st, k, N_("Options here: 5 read and sign."));
}

static int write_key(void *owner, void *st, fm_key k)
{
    (void)st, (void)k;
    app_push(owner, &screen_handover_write);
    return FM_HANDLED;
}

static const fm_fkey handovers_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    { FM_KEY_F(6), NULL, N_("Write"), write_key, 0 },
    LIST_SCREEN_KEYS,
    FM_FKEYS_END,
};

const screen_def screen_handovers = {
    .id = "BM312",
    .title = N_("Hand-overs"),
    .keys = handovers_keys,
    .help = N_("The hand-overs of your centre, newest first: when and by whom each was "
               "written, what it leaves to do, and whether you have signed it (\"*\": it waits "
               "for your signature).\n"
               "5 (or Enter) reads one; F2 there signs it as read, F9 prints it. F6 writes the "
               "hand-over of your shift (duty staff)."),
    .state_size = sizeof(handovers_state),
    .open = handovers_open,
    .draw = handovers_draw,
    .key = handovers_key,
};

/* ---- BM313: one hand-over ---- */

typedef struct handover_state {
    printview view;   /* first: the print and page keys find it there */
    int64_t id;
    int unread;
    char status[64];
} handover_state;

static void add(char **p, size_t *left, const char *fmt, const char *a, const char *b)
{
    int n = snprintf(*p, *left, fmt, a, b);
    if (n > 0 && (size_t)n < *left) {
        *p += n;
        *left -= (size_t)n;
    }
}

/* The hand-over as printed: the heading, the three texts, the items with who takes each. */
static void format(app *a, const bm_handover *h, char *buf, size_t cap)
{
    char when[17], *p = buf;
    size_t left = cap;
    buf[0] = '\0';
    ui_time(h->written_at, when);
    add(&p, &left, "%s  %s\n", _("Duty hand-over"), a->user.org_name);
    add(&p, &left, "%s  %s\n\n", when, h->author_name);
    add(&p, &left, "%s: %s\n", _("Came in"), h->came_in);
    add(&p, &left, "%s: %s\n", _("Done"), h->done);
    add(&p, &left, "%s: %s\n\n", _("Left to do"), h->left_over);
    for (int i = 0; i < h->nitems; i++) {
        char no[16];
        snprintf(no, sizeof no, "%d. ", i + 1);
        add(&p, &left, "%s%s", no, h->item[i].text);
        add(&p, &left, "  -> %s%s\n", h->item[i].assignee_id ? h->item[i].assignee_name
                                                             : _("The centre's pool"), "");
    }
    if (h->signed_at) {
        ui_time(h->signed_at, when);
        add(&p, &left, "\n%s %s\n", _("Signed as read by you at"), when);
    }
}

static int load(app *a, handover_state *s)
{
    bm_handover *h = malloc(sizeof *h);
    bm_err err;
    if (!h)
        return -1;
    int rc = bm_handover_get(a->db, &a->actor, s->id, h, &err);
    if (rc != BM_OK) {
        ui_error(a, &err);
        free(h);
        return -1;
    }
    char *text = malloc(8192);
    if (text) {
        format(a, h, text, 8192);
        printview_set(&s->view, text, _("The hand-over"));
    }
    free(text);
    s->unread = h->unread;
    snprintf(s->status, sizeof s->status, "%s", h->unread ? _("Unread *") : "");
    free(h);
    return 0;
}

void handover_open(app *a, int64_t id)
{
    app_push(a, &screen_handover);
    handover_state *s = app_top_state(a, &screen_handover);
    if (!s)
        return;
    s->id = id;
    if (load(a, s) != 0)
        app_pop(a);
}

static void handover_close(app *a, void *st)
{
    (void)a;
    printview_free(&((handover_state *)st)->view);
}

static void handover_draw(app *a, void *st, WINDOW *w)
{
    (void)a;
    printview_draw(&((handover_state *)st)->view, w);
}

static void handover_status(app *a, void *st, char *buf, size_t cap)
{
    (void)a;
    snprintf(buf, cap, "%s", ((handover_state *)st)->status);
}

static int sign_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    handover_state *s = st;
    bm_err err;
    if (bm_handover_sign(a->db, &a->actor, s->id, &err) != BM_OK) {
        ui_error(a, &err);
        return FM_HANDLED;
    }
    load(a, s);
    app_message(a, 0, "%s", _("Signed: the hand-over is read."));
    return FM_HANDLED;
}

static const fm_fkey handover_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Sign as read"), sign_key, 0 },
    APP_KEY_BACK,
    PRINTVIEW_KEYS,
    FM_FKEYS_END,
};

const screen_def screen_handover = {
    .id = "BM313",
    .title = N_("Hand-over"),
    .keys = handover_keys,
    .help = N_("A hand-over as it is printed: what came in during the shift, what was done, "
               "what is left, and each open item with who takes it (a named member of staff "
               "or the centre's pool). F2 signs it as read: it no longer shows as waiting on "
               "your home screen. F9 prints it. F3 goes back."),
    .state_size = sizeof(handover_state),
    .open = NULL,
    .close = handover_close,
    .draw = handover_draw,
    .status = handover_status,
};
