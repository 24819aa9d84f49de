/* Modal dialogs drawn over the current screen (see dialog.h). */
#include "forms/dialog.h"
#include "forms/frame.h"
#include "forms/text.h"

#include <stdlib.h>
#include <string.h>

void fm_dialog_open(fm_dialog *d, int kind, const char *title, const char *text,
                    const char *buttons, const char *yes_keys, const char *no_keys)
{
    fm_dialog_close(d);
    d->kind = kind;
    snprintf(d->title, sizeof d->title, "%s", title ? title : "");
    d->text = strdup(text ? text : "");
    snprintf(d->buttons, sizeof d->buttons, "%s", buttons ? buttons : "");
    snprintf(d->yes_keys, sizeof d->yes_keys, "%s", yes_keys ? yes_keys : "");
    snprintf(d->no_keys, sizeof d->no_keys, "%s", no_keys ? no_keys : "");
}

void fm_dialog_close(fm_dialog *d)
{
    free(d->text);
    memset(d, 0, sizeof *d);
}

static int is_close_key(fm_key k)
{
    return k.code == FM_KEY_ESC || k.code == FM_KEY_F(3) || k.code == FM_KEY_F(12);
}

static int in_keys(const char *keys, fm_key k)
{
    return k.code == FM_KEY_CHAR && k.ch < 0x80 && k.ch > 0 && strchr(keys, (int)k.ch);
}

int fm_dialog_key(fm_dialog *d, fm_key k)
{
    if (d->kind == FM_DIALOG_CONFIRM) {
        if (k.code == FM_KEY_ENTER && d->enter_is_no)
            return FM_CANCEL;
        if (k.code == FM_KEY_ENTER || in_keys(d->yes_keys, k))
            return FM_SUBMIT;
        if (is_close_key(k) || in_keys(d->no_keys, k))
            return FM_CANCEL;
        return FM_HANDLED;
    }
    if (d->kind == FM_DIALOG_TEXT) {
        int page = 8;
        switch (k.code) {
        case FM_KEY_UP: d->top--; break;
        case FM_KEY_DOWN: d->top++; break;
        case FM_KEY_PGUP: case FM_KEY_F1 + 6: d->top -= page; break;
        case FM_KEY_PGDN: case FM_KEY_F1 + 7: d->top += page; break;
        case FM_KEY_HOME: d->top = 0; break;
        default:
            if (k.code == FM_KEY_ENTER || is_close_key(k) || k.code == FM_KEY_F(1))
                return FM_SUBMIT;
            return FM_HANDLED;
        }
        if (d->top > d->lines - 1)
            d->top = d->lines - 1;
        if (d->top < 0)
            d->top = 0;
        return FM_HANDLED;
    }
    if (k.code == FM_KEY_ENTER || is_close_key(k) || in_keys(d->yes_keys, k))
        return FM_SUBMIT;
    return FM_HANDLED;
}

struct layout {
    WINDOW *w;
    int y, x, cols, first, shown, rows_max, count;
};

static void draw_line(const char *line, size_t len, void *ctx)
{
    struct layout *l = ctx;
    int i = l->count++;
    if (!l->w || i < l->first || i - l->first >= l->rows_max)
        return;
    char buf[512];
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, line, len);
    buf[len] = 0;
    fm_put(l->w, l->y + (i - l->first), l->x, buf, l->cols);
    l->shown++;
}

void fm_dialog_draw(fm_dialog *d, WINDOW *w)
{
    int rows = getmaxy(w), cols = getmaxx(w);
    int box_cols = d->kind == FM_DIALOG_TEXT ? cols - 4 : 56;
    if (box_cols > cols - 2)
        box_cols = cols - 2;
    int inner = box_cols - 4;
    struct layout count = { NULL, 0, 0, inner, 0, 0, 1000, 0 };
    d->lines = fm_wrap(d->text, inner, draw_line, &count);
    int max_text = rows - 6;
    int text_rows = d->kind == FM_DIALOG_TEXT ? max_text : (d->lines < max_text ? d->lines : max_text);
    if (text_rows < 1)
        text_rows = 1;
    int box_rows = text_rows + 4;
    int y = (rows - box_rows) / 2, x = (cols - box_cols) / 2;
    if (y < 1)
        y = 1;
    fm_box(w, y, x, box_rows, box_cols, d->title);
    if (d->top > d->lines - text_rows)
        d->top = d->lines - text_rows > 0 ? d->lines - text_rows : 0;
    struct layout l = { w, y + 1, x + 2, inner, d->top, 0, text_rows, 0 };
    fm_wrap(d->text, inner, draw_line, &l);
    char legend[160];
    if (d->kind == FM_DIALOG_TEXT && d->lines > text_rows)
        snprintf(legend, sizeof legend, "%s  %d/%d", d->buttons, d->top + 1, d->lines);
    else
        snprintf(legend, sizeof legend, "%s", d->buttons);
    fm_put_centred(w, y + box_rows - 2, x + 1, box_cols - 2, legend);
}
