/* A work list in the 5250 manner (see worklist.h). */
#include "forms/worklist.h"
#include "forms/text.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

void fm_worklist_init(fm_worklist *wl, const fm_worklist_spec *spec, fm_column *cols, void *ctx)
{
    memset(wl, 0, sizeof *wl);
    wl->spec = spec;
    wl->ctx = ctx;
    wl->cols = cols;
    fm_field_init(&wl->find, 20, 40, 0);
    fm_list_init(&wl->list, cols, spec->ncols, spec->options, spec->cell, ctx);
    wl->in_find = spec->find_only;
}

/* The next page of the whole list. */
static void load_more(fm_worklist *wl)
{
    if (wl->exhausted || wl->query[0])
        return;
    int n = wl->spec->fetch(wl->ctx, "", wl->count, wl->spec->page_rows);
    if (n > 0)
        wl->count += n;
    if (n < wl->spec->page_rows)
        wl->exhausted = 1;
    fm_list_set_count(&wl->list, wl->count);
}

void fm_worklist_reload(fm_worklist *wl)
{
    int cursor = wl->list.cursor;
    wl->spec->reset(wl->ctx);
    wl->count = 0;
    wl->exhausted = 0;
    fm_list_clear_options(&wl->list);
    if (wl->query[0]) {
        int n = wl->spec->fetch(wl->ctx, wl->query, 0, 0);
        wl->count = n > 0 ? n : 0;
        wl->exhausted = 1;
    } else if (!wl->spec->find_only) {
        load_more(wl);
    }
    fm_list_set_count(&wl->list, wl->count);
    fm_list_goto(&wl->list, cursor);
    wl->stale = 0;
}

void fm_worklist_mark_stale(fm_worklist *wl)
{
    wl->stale = 1;
}

/* Enter in the find field: the text found (or, through the owner's hook, taken at once). */
static int apply_find(fm_worklist *wl)
{
    char text[FM_WORKLIST_FIND_MAX];
    fm_field_get(&wl->find, text, sizeof text);
    fm_field_select(&wl->find);   /* the next find replaces this one */
    snprintf(wl->query, sizeof wl->query, "%s", text);
    wl->list.cursor = wl->list.top = 0;
    fm_worklist_reload(wl);
    if (wl->spec->find_hook && wl->spec->find_hook(wl->ctx, text))
        return FM_HANDLED;
    if (wl->count > 0)
        wl->in_find = 0;
    return !text[0] && wl->spec->find_only ? FM_REJECTED : FM_HANDLED;
}

/* Enter on the list: the first row with an option typed against it (the rest stay for the
 * next Enter), or the row under the cursor with the default option. */
static void submit(fm_worklist *wl)
{
    for (int i = 0; i < wl->count; i++) {
        if (wl->list.options[i]) {
            char option = wl->list.options[i];
            wl->list.options[i] = 0;
            fm_list_goto(&wl->list, i);
            wl->spec->act(wl->ctx, i, option);
            return;
        }
    }
    if (wl->count > 0)
        wl->spec->act(wl->ctx, wl->list.cursor, wl->spec->default_option);
}

static void enter_find(fm_worklist *wl)
{
    wl->in_find = 1;
    fm_field_select(&wl->find);
}

int fm_worklist_key(fm_worklist *wl, fm_key k)
{
    if (k.code == FM_KEY_TAB || k.code == FM_KEY_BTAB) {
        if (!wl->in_find || wl->count == 0)
            enter_find(wl);
        else
            wl->in_find = 0;
        return FM_HANDLED;
    }
    if (wl->in_find) {
        if (k.code == FM_KEY_ENTER)
            return apply_find(wl);
        if (k.code == FM_KEY_DOWN && wl->count > 0) {
            wl->in_find = 0;
            return FM_HANDLED;
        }
        return fm_field_key(&wl->find, k);
    }
    /* Type-to-find: a letter starts a find by initials or name straight away. Digits are
     * options here; a number goes in after '/'. */
    if (k.code == FM_KEY_CHAR && (k.ch > 0x7f || isalpha((int)k.ch))) {
        wl->in_find = 1;
        fm_field_clear(&wl->find);
        fm_field_key(&wl->find, k);
        return FM_HANDLED;
    }
    if (k.code == FM_KEY_CHAR && k.ch == L'/')
        return FM_IGNORED;   /* the owner's key list: fm_worklist_find */
    if (k.code == FM_KEY_ENTER) {
        submit(wl);
        return FM_HANDLED;
    }
    int r = fm_list_key(&wl->list, k);
    if (r == FM_REJECTED)
        return r;
    if (wl->list.cursor >= wl->count - 5)
        load_more(wl);
    if (r == FM_IGNORED && k.code == FM_KEY_UP && wl->list.cursor == 0) {
        enter_find(wl);
        return FM_HANDLED;
    }
    return r;
}

void fm_worklist_page(fm_worklist *wl, fm_key k)
{
    fm_list_key(&wl->list, k);
    if (wl->list.cursor >= wl->count - 5)
        load_more(wl);
}

void fm_worklist_find(fm_worklist *wl)
{
    wl->in_find = 1;
    fm_field_clear(&wl->find);
}

int fm_worklist_show_all(fm_worklist *wl)
{
    if (!wl->query[0] && !wl->in_find)
        return 0;
    fm_field_clear(&wl->find);
    if (wl->query[0]) {
        wl->query[0] = 0;
        fm_worklist_reload(wl);
    }
    if (wl->count > 0)
        wl->in_find = 0;
    return 1;
}

void fm_worklist_draw(fm_worklist *wl, WINDOW *w, int y, int last, const fm_worklist_words *words,
                      int *cy, int *cx)
{
    if (wl->stale)
        fm_worklist_reload(wl);
    int cols = getmaxx(w);
    fm_put(w, y, 1, words->options, cols - 2);
    int lw = fm_width(words->find);
    int fx = cols - wl->find.cols - 3 - lw - 1;
    fm_put(w, y, fx, words->find, lw);
    int find_x = fm_field_draw(&wl->find, w, y, fx + lw + 1, wl->in_find);
    int list_x = fm_list_draw(&wl->list, w, y + 2, last - (y + 2) + 1);
    /* Colour, where there is some, on top of the ! and * marks. */
    for (int i = 0; wl->spec->colour && i < wl->list.page && wl->list.top + i < wl->count; i++) {
        int pair = wl->spec->colour(wl->ctx, wl->list.top + i);
        if (pair)
            mvwchgat(w, y + 3 + i, 5, cols - 6, A_BOLD, (short)pair, NULL);
    }
    /* The cursor row is shown by the cursor in its option column, and by '>' too. */
    if (wl->count > 0 && !wl->in_find)
        mvwaddch(w, y + 3 + wl->list.cursor - wl->list.top, 0, '>');
    if (wl->count == 0) {
        const char *empty = wl->spec->find_only && !wl->query[0] ? words->prompt
                            : wl->query[0]                       ? words->none_found
                                                                 : words->empty;
        fm_put(w, y + 4, 5, empty, cols - 6);
    }
    char foot[256];
    if (wl->query[0])
        snprintf(foot, sizeof foot, words->found_fmt, wl->count, wl->query);
    else
        snprintf(foot, sizeof foot, words->rows_fmt, wl->count);
    if (fm_list_has_more(&wl->list) || !wl->exhausted) {
        size_t len = strlen(foot);
        snprintf(foot + len, sizeof foot - len, "  %s", words->more);
    }
    fm_put_right(w, last + 1, cols - 1, foot);
    *cy = y;
    *cx = find_x;
    if (!wl->in_find && wl->count > 0) {
        *cy = y + 3 + wl->list.cursor - wl->list.top;
        *cx = list_x;
    }
}
