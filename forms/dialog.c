/* Modal dialogs drawn over the current screen (see dialog.h). */
#include "forms/dialog.h"
#include "forms/frame.h"
#include "forms/pager.h"
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
    d->pager.step = 8;
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
        if (k.code != FM_KEY_END && fm_pager_key(&d->pager, k) == FM_HANDLED)
            return FM_HANDLED;
        if (k.code == FM_KEY_ENTER || is_close_key(k) || k.code == FM_KEY_F(1))
            return FM_SUBMIT;
        return FM_HANDLED;
    }
    if (k.code == FM_KEY_ENTER || is_close_key(k) || in_keys(d->yes_keys, k))
        return FM_SUBMIT;
    return FM_HANDLED;
}

/* Counts the lines of a text without drawing it. */
static void count_line(const char *line, size_t len, void *ctx)
{
    (void)line, (void)len, (void)ctx;
}

void fm_dialog_draw(fm_dialog *d, WINDOW *w)
{
    int rows = getmaxy(w), cols = getmaxx(w);
    int box_cols = d->kind == FM_DIALOG_TEXT ? cols - 4 : 56;
    if (box_cols > cols - 2)
        box_cols = cols - 2;
    int inner = box_cols - 4;
    int lines = fm_wrap(d->text, inner, count_line, NULL);
    int max_text = rows - 6;
    int text_rows = d->kind == FM_DIALOG_TEXT ? max_text : (lines < max_text ? lines : max_text);
    if (text_rows < 1)
        text_rows = 1;
    int box_rows = text_rows + 4;
    int y = (rows - box_rows) / 2, x = (cols - box_cols) / 2;
    if (y < 1)
        y = 1;
    fm_box(w, y, x, box_rows, box_cols, d->title);
    fm_pager_draw(&d->pager, w, y + 1, x + 2, text_rows, inner, d->text);
    char legend[160];
    if (d->kind == FM_DIALOG_TEXT && lines > text_rows)
        snprintf(legend, sizeof legend, "%s  %d/%d", d->buttons, d->pager.top + 1, lines);
    else
        snprintf(legend, sizeof legend, "%s", d->buttons);
    fm_put_centred(w, y + box_rows - 2, x + 1, box_cols - 2, legend);
}
