/* A scrolling list with an option column (see list.h). */
#include "forms/list.h"
#include "forms/text.h"

#include <string.h>

void fm_list_init(fm_list *l, const fm_column *cols, int ncols, const char *valid,
                  fm_cell_fn cell, void *ctx)
{
    memset(l, 0, sizeof *l);
    l->cols = cols;
    l->ncols = ncols;
    l->valid = valid ? valid : "";
    l->cell = cell;
    l->ctx = ctx;
    l->page = 10;
}

void fm_list_set_count(fm_list *l, int count)
{
    if (count > FM_LIST_MAX_ROWS)
        count = FM_LIST_MAX_ROWS;
    if (count < 0)
        count = 0;
    l->count = count;
    if (l->cursor >= count)
        l->cursor = count > 0 ? count - 1 : 0;
    if (l->top > l->cursor)
        l->top = l->cursor;
    for (int i = count; i < FM_LIST_MAX_ROWS && l->options[i]; i++)
        l->options[i] = 0;
}

void fm_list_clear_options(fm_list *l)
{
    memset(l->options, 0, sizeof l->options);
}

void fm_list_goto(fm_list *l, int row)
{
    if (row >= l->count)
        row = l->count - 1;
    if (row < 0)
        row = 0;
    l->cursor = row;
    if (l->cursor < l->top)
        l->top = l->cursor;
    if (l->page > 0 && l->cursor >= l->top + l->page)
        l->top = l->cursor - l->page + 1;
}

int fm_list_key(fm_list *l, fm_key k)
{
    int page = l->page > 0 ? l->page : 1;
    switch (k.code) {
    case FM_KEY_UP: fm_list_goto(l, l->cursor - 1); return FM_HANDLED;
    case FM_KEY_DOWN: fm_list_goto(l, l->cursor + 1); return FM_HANDLED;
    case FM_KEY_PGUP:
    case FM_KEY_F1 + 6:
        l->top = l->top - page < 0 ? 0 : l->top - page;
        fm_list_goto(l, l->cursor - page);
        return FM_HANDLED;
    case FM_KEY_PGDN:
    case FM_KEY_F1 + 7:
        if (l->top + page < l->count)
            l->top += page;
        fm_list_goto(l, l->cursor + page);
        return FM_HANDLED;
    case FM_KEY_ENTER:
        return FM_SUBMIT;
    case FM_KEY_BKSP:
        if (l->count)
            l->options[l->cursor] = 0;
        return FM_HANDLED;
    case FM_KEY_CHAR:
        if (l->count == 0)
            return FM_IGNORED;
        if (k.ch == L' ') {
            l->options[l->cursor] = 0;
            fm_list_goto(l, l->cursor + 1);
            return FM_HANDLED;
        }
        if (k.ch < 0x80 && strchr(l->valid, (int)k.ch)) {
            l->options[l->cursor] = (char)k.ch;
            if (l->cursor + 1 < l->count)
                fm_list_goto(l, l->cursor + 1);
            return FM_HANDLED;
        }
        return FM_REJECTED;
    default:
        return FM_IGNORED;
    }
}

int fm_list_has_more(const fm_list *l)
{
    return l->top + l->page < l->count;
}

int fm_list_draw(fm_list *l, WINDOW *w, int y, int rows)
{
    int maxx = getmaxx(w);
    l->page = rows - 1 > 0 ? rows - 1 : 1;
    if (l->cursor >= l->top + l->page)
        l->top = l->cursor - l->page + 1;
    wmove(w, y, 0);
    wclrtoeol(w);
    int x = 2;
    x += fm_put(w, y, x, " ", 2) + 2;
    for (int c = 0; c < l->ncols && x < maxx; c++) {
        if (l->cols[c].right)
            fm_put_right(w, y, x + l->cols[c].width, l->cols[c].title);
        else
            fm_put(w, y, x, l->cols[c].title, l->cols[c].width);
        x += l->cols[c].width + 1;
    }
    int cursor_y = y + 1;
    for (int i = 0; i < l->page; i++) {
        int row = l->top + i, sy = y + 1 + i;
        wmove(w, sy, 0);
        wclrtoeol(w);
        if (row >= l->count)
            continue;
        if (row == l->cursor)
            cursor_y = sy;
        char opt[2] = { l->options[row] ? l->options[row] : '_', 0 };
        fm_put(w, sy, 2, opt, 1);
        x = 5;
        int mark = FM_MARK_NONE;
        char buf[256];
        for (int c = 0; c < l->ncols && x < maxx; c++) {
            int cell_mark = FM_MARK_NONE;
            const char *text = l->cell(l->ctx, row, c, buf, sizeof buf, &cell_mark);
            if (cell_mark > mark)
                mark = cell_mark;
            attr_t a = cell_mark == FM_MARK_ALERT ? A_BOLD : 0;
            wattron(w, a);
            if (l->cols[c].right)
                fm_put_right(w, sy, x + l->cols[c].width, text ? text : "");
            else
                fm_put(w, sy, x, text ? text : "", l->cols[c].width);
            wattroff(w, a);
            x += l->cols[c].width + 1;
        }
        (void)mark;
    }
    wmove(w, cursor_y, 2);
    return 2;
}
