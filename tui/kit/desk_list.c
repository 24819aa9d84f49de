/* The centre head's desk lists on the work list (see desk_list.h). */
#include "tui/kit/desk_list.h"
#include "forms/frame.h"
#include "tui/kit/caseui.h"
#include "tui/session/i18n.h"

#include <stdlib.h>
#include <string.h>

desk_row *desk_list_add(desk_list *l)
{
    if (l->count == l->cap) {
        int cap = l->cap ? l->cap * 2 : 32;
        desk_row *p = realloc(l->rows, (size_t)cap * sizeof *p);
        if (!p)
            return NULL;
        l->rows = p;
        l->cap = cap;
    }
    desk_row *r = &l->rows[l->count++];
    memset(r, 0, sizeof *r);
    return r;
}

static const char *cell(void *ctx, int row, int col, char *buf, size_t cap, int *mark)
{
    (void)buf, (void)cap;
    desk_list *l = ctx;
    *mark = FM_MARK_NONE;
    if (row < 0 || row >= l->count || col < 0 || col >= DESK_COLS)
        return "";
    if (col == l->kind->ncols - 1)
        *mark = l->rows[row].mark;
    return l->rows[row].cell[col];
}

static void reset(void *ctx)
{
    desk_list *l = ctx;
    l->count = 0;
    l->loaded = 0;
}

static int holds(const desk_row *r, int ncols, const char *text)
{
    for (int i = 0; i < ncols; i++)
        if (strstr(r->cell[i], text))
            return 1;
    return 0;
}

/* Everything at the first page; a find keeps the rows that hold its text. */
static int fetch(void *ctx, const char *query, int offset, int limit)
{
    (void)limit;
    desk_list *l = ctx;
    if (l->loaded || offset > 0)
        return 0;
    bm_err err;
    memset(&err, 0, sizeof err);
    if (l->kind->load(l->ls.a, l, &err) != BM_OK) {
        ui_error(l->ls.a, &err);
        return -1;
    }
    l->loaded = 1;
    if (query[0]) {
        int kept = 0;
        for (int i = 0; i < l->count; i++)
            if (holds(&l->rows[i], l->kind->ncols, query))
                l->rows[kept++] = l->rows[i];
        l->count = kept;
    }
    return l->count;
}

static void act(void *ctx, int row, char option)
{
    desk_list *l = ctx;
    if (row < 0 || row >= l->count)
        return;
    desk_row r = l->rows[row];   /* the step may read the list again */
    l->kind->act(l->ls.a, l, &r, option);
}

void desk_list_stale(desk_list *l)
{
    fm_worklist_mark_stale(&l->ls.wl);
}

void desk_list_open(app *a, desk_list *l, const desk_list_kind *kind)
{
    l->spec = (fm_worklist_spec){
        .ncols = kind->ncols, .options = kind->options, .default_option = kind->options[0],
        .page_rows = 50, .reset = reset, .fetch = fetch, .cell = cell, .act = act,
    };
    l->ls.a = a;
    l->kind = kind;
    fm_worklist_init(&l->ls.wl, &l->spec, l->cols, l);
    fm_worklist_reload(&l->ls.wl);
}

void desk_list_close(app *a, void *st)
{
    (void)a;
    desk_list *l = st;
    free(l->rows);
    l->rows = NULL;
    l->count = l->cap = 0;
}

void desk_list_draw(app *a, void *st, WINDOW *w)
{
    desk_list *l = st;
    l->ls.a = a;
    for (int i = 0; i < l->kind->ncols; i++) {
        l->cols[i].title = _(l->kind->titles[i]);
        l->cols[i].width = l->kind->widths[i];
        l->cols[i].right = 0;
    }
    const list_screen_words words = {
        .options = _(l->kind->words),
        .prompt = _("Type words of a row in Find, then Enter."),
        .none_found = _("No row matches."),
        .empty = _(l->kind->empty),
    };
    list_screen_draw(a, &l->ls, w, &words);
}

int desk_list_key(app *a, void *st, fm_key k)
{
    desk_list *l = st;
    return list_screen_key(a, st, k, l->kind->refused);
}
