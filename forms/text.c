/* Display-width arithmetic and clipped drawing for UTF-8 text (see text.h). */
#include "forms/text.h"

#include <string.h>

int fm_wcwidth(wchar_t c)
{
    int w = wcwidth(c);
    return w < 0 ? 1 : w;   /* unprintable: shown as one '?' */
}

int fm_utf8_decode(const unsigned char *s, size_t n, wchar_t *out)
{
    if (n == 0)
        return 0;
    unsigned char b = s[0];
    int len;
    wchar_t c;
    if (b < 0x80) {
        *out = b;
        return 1;
    } else if (b >= 0xc2 && b <= 0xdf) {
        len = 2; c = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
        len = 3; c = b & 0x0f;
    } else if (b >= 0xf0 && b <= 0xf4) {
        len = 4; c = b & 0x07;
    } else {
        return -1;
    }
    for (int i = 1; i < len; i++) {
        if ((size_t)i >= n)
            return 0;
        if ((s[i] & 0xc0) != 0x80)
            return -1;
        c = (c << 6) | (s[i] & 0x3f);
    }
    /* Overlong forms, surrogates and values past U+10FFFF are not characters. */
    if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
        (c >= 0xd800 && c <= 0xdfff))
        return -1;
    *out = c;
    return len;
}

int fm_utf8_encode(wchar_t c, char *out)
{
    unsigned u = (unsigned)c;
    if (u < 0x80) {
        out[0] = (char)u;
        return 1;
    } else if (u < 0x800) {
        out[0] = (char)(0xc0 | (u >> 6));
        out[1] = (char)(0x80 | (u & 0x3f));
        return 2;
    } else if (u < 0x10000) {
        out[0] = (char)(0xe0 | (u >> 12));
        out[1] = (char)(0x80 | ((u >> 6) & 0x3f));
        out[2] = (char)(0x80 | (u & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (u >> 18));
    out[1] = (char)(0x80 | ((u >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((u >> 6) & 0x3f));
    out[3] = (char)(0x80 | (u & 0x3f));
    return 4;
}

/* Steps over one character of a NUL-terminated string; invalid bytes become U+FFFD width 1. */
static const char *next_char(const char *s, wchar_t *c)
{
    size_t n = strnlen(s, 4);
    int used = fm_utf8_decode((const unsigned char *)s, n, c);
    if (used <= 0) {
        *c = L'?';
        return s + 1;
    }
    return s + used;
}

int fm_width(const char *utf8)
{
    int cols = 0;
    wchar_t c;
    while (*utf8) {
        utf8 = next_char(utf8, &c);
        cols += fm_wcwidth(c);
    }
    return cols;
}

int fm_wcswidth(const wchar_t *s, size_t n)
{
    int cols = 0;
    for (size_t i = 0; i < n && s[i]; i++)
        cols += fm_wcwidth(s[i]);
    return cols;
}

size_t fm_utf8_to_wcs(const char *utf8, wchar_t *out, size_t cap)
{
    size_t n = 0;
    if (cap == 0)
        return 0;
    while (*utf8 && n + 1 < cap)
        utf8 = next_char(utf8, &out[n++]);
    out[n] = 0;
    return n;
}

size_t fm_wcs_to_utf8(const wchar_t *s, size_t n, char *out, size_t cap)
{
    size_t used = 0;
    char buf[4];
    if (cap == 0)
        return 0;
    for (size_t i = 0; i < n && s[i]; i++) {
        int len = fm_utf8_encode(s[i], buf);
        if (used + (size_t)len + 1 > cap)
            break;
        memcpy(out + used, buf, (size_t)len);
        used += (size_t)len;
    }
    out[used] = 0;
    return used;
}

int fm_clip(const char *utf8, int cols, char *out, size_t cap)
{
    int width = 0;
    size_t used = 0;
    wchar_t c;
    while (*utf8) {
        const char *next = next_char(utf8, &c);
        int w = fm_wcwidth(c);
        size_t len = (size_t)(next - utf8);
        if (width + w > cols || used + len + 1 > cap)
            break;
        memcpy(out + used, utf8, len);
        used += len;
        width += w;
        utf8 = next;
    }
    if (cap)
        out[used] = 0;
    return width;
}

int fm_put(WINDOW *w, int y, int x, const char *utf8, int cols)
{
    int drawn = 0;
    wchar_t c;
    int maxx = getmaxx(w);
    if (x + cols > maxx)
        cols = maxx - x;
    while (*utf8 && drawn < cols) {
        utf8 = next_char(utf8, &c);
        int cw = fm_wcwidth(c);
        if (cw == 0)
            continue;   /* combining marks and controls would upset the column count */
        if (drawn + cw > cols)
            break;
        if (wcwidth(c) < 0)
            c = L'?';
        cchar_t cc;
        wchar_t wc[2] = { c, 0 };
        attr_t attrs;
        short pair;
        wattr_get(w, &attrs, &pair, NULL);
        setcchar(&cc, wc, attrs, pair, NULL);
        mvwadd_wch(w, y, x + drawn, &cc);
        drawn += cw;
    }
    return drawn;
}

void fm_put_padded(WINDOW *w, int y, int x, const char *utf8, int cols)
{
    int drawn = fm_put(w, y, x, utf8, cols);
    int maxx = getmaxx(w);
    for (int i = drawn; i < cols && x + i < maxx; i++)
        mvwaddch(w, y, x + i, ' ');
}

void fm_put_right(WINDOW *w, int y, int x_end, const char *utf8)
{
    int width = fm_width(utf8);
    int x = x_end - width;
    if (x < 0)
        x = 0;
    fm_put(w, y, x, utf8, x_end - x);
}

void fm_put_centred(WINDOW *w, int y, int x, int cols, const char *utf8)
{
    int width = fm_width(utf8);
    int pad = width < cols ? (cols - width) / 2 : 0;
    fm_put(w, y, x + pad, utf8, cols - pad);
}

int fm_wrap(const char *utf8, int cols, void (*each)(const char *line, size_t len, void *ctx),
            void *ctx)
{
    int lines = 0;
    if (cols < 2)
        cols = 2;
    while (*utf8) {
        const char *p = utf8, *brk = NULL;
        int width = 0;
        wchar_t c;
        while (*p && *p != '\n') {
            const char *next = next_char(p, &c);
            int w = fm_wcwidth(c);
            if (width + w > cols)
                break;
            width += w;
            if (c == L' ')
                brk = next;          /* break after a space */
            else if (w == 2)
                brk = next;          /* or after any wide character */
            p = next;
        }
        const char *end = p;
        if (*p && *p != '\n' && brk && brk > utf8)
            end = brk;
        if (end == utf8 && *p && *p != '\n')
            end = next_char(p, &c);  /* a character wider than the line: emit it alone */
        size_t len = (size_t)(end - utf8);
        while (len > 0 && utf8[len - 1] == ' ')
            len--;
        if (each)
            each(utf8, len, ctx);
        lines++;
        utf8 = end;
        if (*utf8 == '\n')
            utf8++;
        else
            while (*utf8 == ' ')
                utf8++;
    }
    return lines;
}
