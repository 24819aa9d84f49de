/* A one-line entry field edited by character and laid out by column (see field.h). */
#include "forms/field.h"
#include "forms/text.h"

#include <string.h>
#include <wctype.h>

void fm_field_init(fm_field *f, int cols, size_t max_chars, int flags)
{
    memset(f, 0, sizeof *f);
    f->cols = cols < 1 ? 1 : cols;
    f->max = max_chars == 0 || max_chars > FM_FIELD_MAX ? FM_FIELD_MAX : max_chars;
    f->flags = flags;
}

void fm_field_clear(fm_field *f)
{
    f->len = f->cursor = f->scroll = 0;
    f->selected = 0;
    f->text[0] = 0;
    f->changed = 1;
}

void fm_field_set(fm_field *f, const char *utf8)
{
    wchar_t tmp[FM_FIELD_MAX + 1];
    size_t n = fm_utf8_to_wcs(utf8 ? utf8 : "", tmp, f->max + 1);
    f->len = 0;
    for (size_t i = 0; i < n; i++)
        if (tmp[i] >= 0x20 && fm_wcwidth(tmp[i]) > 0)
            f->text[f->len++] = tmp[i];
    f->text[f->len] = 0;
    f->cursor = f->len;
    f->scroll = 0;
    f->changed = 1;
}

void fm_field_get(const fm_field *f, char *out, size_t cap)
{
    size_t start = 0, end = f->len;
    while (start < end && iswspace((wint_t)f->text[start]))
        start++;
    while (end > start && iswspace((wint_t)f->text[end - 1]))
        end--;
    fm_wcs_to_utf8(f->text + start, end - start, out, cap);
}

int fm_field_accepts(const fm_field *f, wchar_t c)
{
    if (c < 0x20 || c == 0x7f || fm_wcwidth(c) == 0)
        return 0;
    if (f->flags & FM_FIELD_DIGITS)
        return c >= L'0' && c <= L'9';
    if (f->flags & FM_FIELD_ID)
        return (c >= L'0' && c <= L'9') || c == L'X' || c == L'x';
    if (f->flags & FM_FIELD_ASCII)
        return c < 0x7f;
    return 1;
}

static void insert_char(fm_field *f, wchar_t c)
{
    if ((f->flags & FM_FIELD_UPPER) || (f->flags & FM_FIELD_ID))
        c = (wchar_t)towupper((wint_t)c);
    if (f->overwrite && f->cursor < f->len) {
        f->text[f->cursor++] = c;
    } else {
        if (f->len >= f->max)
            return;
        memmove(f->text + f->cursor + 1, f->text + f->cursor,
                (f->len - f->cursor) * sizeof(wchar_t));
        f->text[f->cursor++] = c;
        f->len++;
        f->text[f->len] = 0;
    }
    f->changed = 1;
}

static void delete_at(fm_field *f, size_t at)
{
    if (at >= f->len)
        return;
    memmove(f->text + at, f->text + at + 1, (f->len - at - 1) * sizeof(wchar_t));
    f->len--;
    f->text[f->len] = 0;
    f->changed = 1;
}

void fm_field_select(fm_field *f)
{
    f->selected = f->len > 0;
}

int fm_field_key(fm_field *f, fm_key k)
{
    int replace = f->selected;
    if (k.code != FM_KEY_NONE)
        f->selected = 0;
    switch (k.code) {
    case FM_KEY_CHAR:
        if (!fm_field_accepts(f, k.ch)) {
            f->selected = replace;
            return FM_HANDLED;   /* swallowed: a letter in a digits field does nothing */
        }
        if (replace)
            fm_field_clear(f);
        insert_char(f, k.ch);
        return FM_HANDLED;
    case FM_KEY_BKSP:
        if (f->cursor > 0)
            delete_at(f, --f->cursor);
        return FM_HANDLED;
    case FM_KEY_DEL:
        delete_at(f, f->cursor);
        return FM_HANDLED;
    case FM_KEY_LEFT:
        if (f->cursor > 0)
            f->cursor--;
        return FM_HANDLED;
    case FM_KEY_RIGHT:
        if (f->cursor < f->len)
            f->cursor++;
        return FM_HANDLED;
    case FM_KEY_HOME:
        f->cursor = 0;
        return FM_HANDLED;
    case FM_KEY_END:
        f->cursor = f->len;
        return FM_HANDLED;
    case FM_KEY_INS:
        f->overwrite = !f->overwrite;
        return FM_HANDLED;
    case FM_KEY_CTRL:
        switch (k.ch) {
        case L'a': f->cursor = 0; return FM_HANDLED;
        case L'e': f->cursor = f->len; return FM_HANDLED;
        case L'k':
            f->len = f->cursor;
            f->text[f->len] = 0;
            f->changed = 1;
            return FM_HANDLED;
        case L'u':
            fm_field_clear(f);
            return FM_HANDLED;
        default:
            return FM_IGNORED;
        }
    default:
        return FM_IGNORED;
    }
}

/* Keeps the cursor inside the visible columns, scrolling by whole characters. */
static void fit_scroll(fm_field *f)
{
    if (f->scroll > f->cursor)
        f->scroll = f->cursor;
    /* The cursor cell itself needs one column (two if it sits on a wide character). */
    for (;;) {
        int need = fm_wcswidth(f->text + f->scroll, f->cursor - f->scroll);
        /* At the end of a full field the cursor needs no column of its own. */
        int at = f->cursor < f->len ? fm_wcwidth(f->text[f->cursor]) : f->len < f->max;
        if (need + at <= f->cols || f->scroll >= f->cursor)
            break;
        f->scroll++;
    }
}

int fm_field_draw(fm_field *f, WINDOW *w, int y, int x, int focused)
{
    fit_scroll(f);
    mvwaddch(w, y, x, '[');
    if (focused)
        wattron(w, A_UNDERLINE);
    int col = 0, cursor_col = 0;
    for (size_t i = f->scroll; i <= f->len; i++) {
        if (i == f->cursor)
            cursor_col = col;
        if (i == f->len)
            break;
        wchar_t c = (f->flags & FM_FIELD_SECRET) ? L'*' : f->text[i];
        int cw = fm_wcwidth(c);
        if (col + cw > f->cols)
            break;
        char buf[8];
        buf[fm_utf8_encode(c, buf)] = 0;
        fm_put(w, y, x + 1 + col, buf, cw);
        col += cw;
    }
    for (; col < f->cols; col++)
        mvwaddch(w, y, x + 1 + col, ' ');
    if (focused)
        wattroff(w, A_UNDERLINE);
    mvwaddch(w, y, x + 1 + f->cols, ']');
    return x + 1 + cursor_col;
}
