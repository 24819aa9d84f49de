/* BM211-BM213, choosers: a filter field over a list; typing filters at once, Up/Down move,
 * Enter picks the row under the cursor, F3/F12 go back without choosing (see pick.h). */
#include "tui/kit/pick.h"
#include "forms/field.h"
#include "forms/frame.h"
#include "forms/text.h"
#include "tui/session/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PICK_MAX_ROWS 500

typedef struct pick_state {
    const pick_spec *spec;
    void *ctx;
    fm_field filter;
    fm_list list;
    pick_rows rows;
    fm_column cols[PICK_COLS];   /* titles translated at each draw */
} pick_state;

int pick_add(pick_rows *r, const char *key, const char *c0, const char *c1, const char *c2,
             const char *c3, const char *c4)
{
    if (r->count >= PICK_MAX_ROWS) {
        r->more = 1;
        return -1;
    }
    if (r->count == r->cap) {
        int cap = r->cap ? r->cap * 2 : 32;
        pick_row *p = realloc(r->rows, (size_t)cap * sizeof *p);
        if (!p)
            return -1;
        r->rows = p;
        r->cap = cap;
    }
    pick_row *row = &r->rows[r->count++];
    memset(row, 0, sizeof *row);
    snprintf(row->key, sizeof row->key, "%s", key ? key : "");
    const char *cells[PICK_COLS] = { c0, c1, c2, c3, c4 };
    for (int i = 0; i < PICK_COLS; i++)
        snprintf(row->cells[i], PICK_CELL, "%s", cells[i] ? cells[i] : "");
    return 0;
}

static const char *pick_cell(void *ctx, int row, int col, char *buf, size_t cap, int *mark)
{
    (void)buf;
    (void)cap;
    (void)mark;
    pick_state *s = ctx;
    if (row < 0 || row >= s->rows.count || col < 0 || col >= PICK_COLS)
        return "";
    return s->rows.rows[row].cells[col];
}

static void refill(app *a, pick_state *s)
{
    char filter[FM_FIELD_MAX * 4];
    fm_field_get(&s->filter, filter, sizeof filter);
    s->rows.count = 0;
    s->rows.more = 0;
    if (s->spec && s->spec->fill)
        s->spec->fill(a, s->ctx, filter, &s->rows);
    fm_list_set_count(&s->list, s->rows.count);
    fm_list_goto(&s->list, 0);
    s->filter.changed = 0;
}

void pick_set_field(app *a, fm_form *f, const char *field, const char *key)
{
    fm_form_set(f, field, key);
    int i = fm_form_find(f, field);
    if (i >= 0) {
        fm_form_focus(f, i);
        /* The chosen value passes its check and the cursor moves on, as Enter would. */
        fm_form_key(f, (fm_key){ FM_KEY_ENTER, 0 });
        if (f->why[0])
            app_message(a, 1, "%s", f->why);
    }
}

void pick_open(app *a, const screen_def *def, const pick_spec *spec, void *ctx,
               const char *filter)
{
    app_push(a, def);
    pick_state *s = app_top_state(a, def);
    if (!s)
        return;
    s->spec = spec;
    s->ctx = ctx;
    fm_field_set(&s->filter, filter ? filter : "");
    refill(a, s);
}

static void pick_screen_open(app *a, void *st)
{
    (void)a;
    pick_state *s = st;
    fm_field_init(&s->filter, 30, 60, 0);
    fm_list_init(&s->list, s->cols, 0, "", pick_cell, s);
}

static void pick_close(app *a, void *st)
{
    (void)a;
    pick_state *s = st;
    free(s->rows.rows);
    s->rows.rows = NULL;
}

static void pick_draw(app *a, void *st, WINDOW *w)
{
    pick_state *s = st;
    if (!s->spec)
        return;
    int rows = getmaxy(w), cols = getmaxx(w);
    int n = s->spec->ncols < PICK_COLS ? s->spec->ncols : PICK_COLS;
    for (int i = 0; i < n; i++) {
        s->cols[i] = s->spec->cols[i];
        s->cols[i].title = _(s->spec->cols[i].title);
    }
    s->list.ncols = n;
    int y = FM_BODY_TOP;
    const char *label = _("Find");
    int lw = fm_put(w, y, 1, label, cols - 2);
    int cx = fm_field_draw(&s->filter, w, y, 2 + lw, 1);
    int hx = 2 + lw + s->filter.cols + 4;
    if (s->spec->hint && hx < cols)
        fm_put(w, y, hx, _(s->spec->hint), cols - hx);
    int list_rows = rows - 3 - (y + 2);
    fm_list_draw(&s->list, w, y + 2, list_rows);
    /* No option codes here: the row Enter takes is marked '>' and shown in reverse. */
    for (int i = 0; i < s->list.page && s->list.top + i < s->rows.count; i++) {
        int ry = y + 3 + i;
        if (s->list.top + i == s->list.cursor) {
            mvwaddch(w, ry, 2, '>');
            mvwchgat(w, ry, 4, cols - 5, A_REVERSE, 0, NULL);
        } else {
            mvwaddch(w, ry, 2, ' ');
        }
    }
    char count[96];
    snprintf(count, sizeof count, _("%d rows"), s->rows.count);
    if (fm_list_has_more(&s->list) || s->rows.more) {
        size_t len = strlen(count);
        snprintf(count + len, sizeof count - len, "  %s", _("more..."));
    }
    fm_put_right(w, rows - 3, cols - 1, count);
    if (s->rows.count == 0)
        fm_put(w, y + 3, 5, _("Nothing matches: change the text above."), cols - 6);
    app_cursor(a, y, cx);
}

static int pick_key(app *a, void *st, fm_key k)
{
    pick_state *s = st;
    switch (k.code) {
    case FM_KEY_UP:
    case FM_KEY_DOWN:
    case FM_KEY_PGUP:
    case FM_KEY_PGDN:
        return fm_list_key(&s->list, k) == FM_IGNORED ? FM_IGNORED : FM_HANDLED;
    case FM_KEY_TAB:
        fm_list_goto(&s->list, s->list.cursor + 1);
        return FM_HANDLED;
    case FM_KEY_BTAB:
        fm_list_goto(&s->list, s->list.cursor - 1);
        return FM_HANDLED;
    case FM_KEY_ENTER:
        return FM_IGNORED;   /* the key list's */
    default:
        break;
    }
    int r = fm_field_key(&s->filter, k);
    if (r == FM_HANDLED && s->filter.changed)
        refill(a, s);
    return r;
}

static int choose_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    pick_state *s = st;
    if (s->filter.changed)
        refill(a, s);
    if (s->rows.count == 0) {
        app_message(a, 1, "%s", _("Nothing to choose: change the text above."));
        return FM_HANDLED;
    }
    char key[64];
    snprintf(key, sizeof key, "%s", s->rows.rows[s->list.cursor].key);
    void (*chosen)(app *, void *, const char *) = s->spec->chosen;
    void *ctx = s->ctx;
    app_pop(a);   /* frees s */
    if (chosen)
        chosen(a, ctx, key);
    return FM_HANDLED;
}

static int page_key(void *owner, void *st, fm_key k)
{
    (void)owner;
    pick_state *s = st;
    fm_list_key(&s->list, k);
    return FM_HANDLED;
}

static int refill_key(void *owner, void *st, fm_key k)
{
    (void)k;
    refill(owner, st);
    return FM_HANDLED;
}

static const fm_fkey pick_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    { FM_KEY_ENTER, N_("Enter"), N_("Choose"), choose_key, 0 },
    { FM_KEY_F(7), N_("F7/F8"), N_("Page"), page_key, 0 },
    { FM_KEY_F(8), NULL, NULL, page_key, 0 },
    APP_KEY_CANCEL,
    { FM_KEY_F(5), NULL, NULL, refill_key, 0 },
    FM_FKEYS_END,
};

/* The chooser's three screens differ only in id, title and help. */
#define PICK_SCREEN(name, id_, title_, help_)                                                \
    const screen_def name = {.id = id_, .title = title_, .help = help_, .keys = pick_keys,  \
                             .state_size = sizeof(pick_state), .open = pick_screen_open,    \
                             .close = pick_close, .draw = pick_draw, .key = pick_key}

PICK_SCREEN(screen_pick_applicant, "BM211", N_("Choose the applicant"),
            N_("The applicants that match what you typed. Type more to narrow the list (ID "
               "number, phone, name or pinyin initials), move with Up and Down, Enter takes "
               "the applicant under the cursor. F3 goes back without choosing; F6 on the "
               "intake screen registers a new applicant instead."));

PICK_SCREEN(screen_pick_matter, "BM212", N_("Matter catalogue"),
            N_("The matter catalogue by department, one-thing bundles first. Type to narrow "
               "it: a code (SB-002), a piece of the name or of the \"I want to\" title, "
               "pinyin initials of either (zgrz), or a department. Enter takes the matter "
               "under the cursor."));

PICK_SCREEN(screen_pick_list, "BM213", N_("Choose from the list"),
            N_("Move with Up and Down, or type to narrow the list; Enter takes the row under "
               "the cursor. F3 goes back without choosing."));
