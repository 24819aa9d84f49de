/* Fuzz target for the entry field (forms/field.c) driven by keystrokes through its public
 * API: typing (Chinese, wide and zero-width characters, whatever the key decoder can deliver),
 * editing keys, overwrite mode, setting text, drawing. After every step the field stays
 * consistent (length within its limit, cursor within the text, no control or zero-width
 * character kept), a refused character changes nothing, the text it gives back is valid UTF-8
 * without outer spaces, and drawing keeps to its [ ] box with the cursor inside it.
 * Input: byte 0 the flags, byte 1 the columns, byte 2 the character limit, then one step per
 * byte (some steps take the next bytes as their argument). */
#include "forms/field.h"
#include "forms/text.h"

#include <curses.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Characters that trouble column arithmetic: wide, zero-width, combining, unassigned,
 * private use, ambiguous, emoji, and the ID field's X. */
static const wchar_t samples[] = {
    L'a', L'Z', L'0', L'9', L'x', L'X', L' ', L'-', 0x4e2d, 0x5f20, 0x3000, 0xff21, 0x20000,
    0x0301, 0x200b, 0x00ad, 0x0378, 0xe000, 0x2500, 0x00b7, 0x1f600, 0x1100, 0x00e9, 0xfeff,
    0x0085, 0x10ffff,
};

#define ROW 1
#define COL 2
#define SENTINEL '#'

static WINDOW *screen_window(void)
{
    static SCREEN *scr;
    if (!scr) {
        setlocale(LC_ALL, "C.UTF-8");
        FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
        if (!out || !in || !(scr = newterm("xterm", out, in)))
            abort();
        set_term(scr);
        resizeterm(3, FM_FIELD_MAX * 2 + 8);
    }
    return stdscr;
}

static wchar_t cell_char(WINDOW *w, int y, int x)
{
    cchar_t cc;
    wchar_t wc[CCHARW_MAX + 1] = { 0 };
    attr_t attrs;
    short pair;
    if (mvwin_wch(w, y, x, &cc) != OK)
        abort();
    getcchar(&cc, wc, &attrs, &pair, NULL);
    return wc[0];
}

static void check_state(const fm_field *f)
{
    if (f->max > FM_FIELD_MAX || f->len > f->max || f->cursor > f->len || f->text[f->len] != 0)
        abort();
    for (size_t i = 0; i < f->len; i++)
        if (f->text[i] < 0x20 || fm_wcwidth(f->text[i]) < 1)
            abort();
    char out[FM_FIELD_MAX * 4 + 1];
    fm_field_get(f, out, sizeof out);
    size_t n = strlen(out);
    const unsigned char *p = (const unsigned char *)out;
    for (size_t left = n; left > 0;) {
        wchar_t wc;
        int len = fm_utf8_decode(p, left, &wc);
        if (len <= 0)
            abort();
        p += len;
        left -= (size_t)len;
    }
    if (n && (out[0] == ' ' || out[n - 1] == ' '))
        abort();
    if (fm_width(out) > fm_wcswidth(f->text, f->len))
        abort();
}

static void check_draw(fm_field *f, int focused)
{
    WINDOW *w = screen_window();
    int width = getmaxx(w);
    for (int x = 0; x < width; x++)
        mvwaddch(w, ROW, x, SENTINEL);
    int cursor = fm_field_draw(f, w, ROW, COL, focused);
    if (cell_char(w, ROW, COL) != L'[' || cell_char(w, ROW, COL + 1 + f->cols) != L']')
        abort();
    if (cell_char(w, ROW, COL - 1) != SENTINEL || cell_char(w, ROW, COL + 2 + f->cols) != SENTINEL)
        abort();   /* drawn outside its box */
    if (cursor < COL + 1 || cursor > COL + 1 + f->cols)
        abort();
    if (f->scroll > f->cursor ||
        fm_wcswidth(f->text + f->scroll, f->cursor - f->scroll) > f->cols)
        abort();   /* the cursor scrolled out of sight */
}

static int same_field(const fm_field *a, const fm_field *b)
{
    return a->len == b->len && a->cursor == b->cursor && a->overwrite == b->overwrite &&
           a->changed == b->changed && wmemcmp(a->text, b->text, a->len + 1) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    screen_window();
    fm_field f;
    fm_field_init(&f, 1 + data[1] % 40, data[2] == 255 ? FM_FIELD_MAX + 10 : data[2],
                  data[0] & 31);
    check_state(&f);
    for (size_t pos = 3; pos < size; pos++) {
        unsigned op = data[pos] % 20;
        unsigned arg = pos + 1 < size ? data[pos + 1] : 0;
        fm_key k = { FM_KEY_NONE, 0 };
        switch (op) {
        case 0: case 1: case 2: case 3: case 4: case 5:
            k = (fm_key){ FM_KEY_CHAR, samples[arg % (sizeof samples / sizeof *samples)] };
            pos++;
            break;
        case 6:   /* any character a UTF-8 terminal can send */
            if (pos + 3 < size) {
                unsigned v = (unsigned)data[pos + 1] << 16 | (unsigned)data[pos + 2] << 8 |
                             data[pos + 3];
                wchar_t c = (wchar_t)(v % 0x110000);
                if (c >= 0xd800 && c <= 0xdfff)
                    c = L'?';
                k = (fm_key){ FM_KEY_CHAR, c };
                pos += 3;
            }
            break;
        case 7: k.code = FM_KEY_BKSP; break;
        case 8: k.code = FM_KEY_DEL; break;
        case 9: k.code = FM_KEY_LEFT; break;
        case 10: k.code = FM_KEY_RIGHT; break;
        case 11: k.code = FM_KEY_HOME; break;
        case 12: k.code = FM_KEY_END; break;
        case 13: k.code = FM_KEY_INS; break;
        case 14:
            k = (fm_key){ FM_KEY_CTRL, (wchar_t)(L'a' + arg % 26) };
            pos++;
            break;
        case 15:   /* keys the field leaves to its owner */
            k.code = (int)(arg % (FM_KEY_F12 + 1));
            pos++;
            break;
        case 16: case 17:
            check_draw(&f, op == 16);
            continue;
        default: {   /* text set by the program: any bytes, up to the next NUL or the end */
            char text[FM_FIELD_MAX * 4 + 1];
            size_t n = 0;
            while (pos + 1 < size && n + 1 < sizeof text && data[pos + 1]) {
                text[n++] = (char)data[pos + 1];
                pos++;
            }
            text[n] = 0;
            fm_field_set(&f, text);
            check_state(&f);
            continue;
        }
        }
        if (k.code == FM_KEY_NONE)
            continue;
        fm_field before = f;
        int r = fm_field_key(&f, k);
        int editing = k.code == FM_KEY_CHAR || k.code == FM_KEY_BKSP || k.code == FM_KEY_DEL ||
                      (k.code >= FM_KEY_LEFT && k.code <= FM_KEY_END) || k.code == FM_KEY_INS ||
                      (k.code == FM_KEY_CTRL && k.ch && wcschr(L"aeku", k.ch));
        if (r != (editing ? FM_HANDLED : FM_IGNORED))
            abort();
        if (((k.code == FM_KEY_CHAR && !fm_field_accepts(&before, k.ch)) || !editing) &&
            !same_field(&f, &before))
            abort();   /* a refused character or someone else's key changed the field */
        check_state(&f);
    }
    check_draw(&f, 1);
    return 0;
}
