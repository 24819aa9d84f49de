/* One pager for scrolling text (see pager.h). */
#include "forms/pager.h"
#include "forms/text.h"

#include <string.h>

int fm_pager_key(fm_pager *p, fm_key k)
{
    int page = p->step > 0 ? p->step : (p->rows > 0 ? p->rows : 1);
    switch (k.code) {
    case FM_KEY_UP: p->top--; break;
    case FM_KEY_DOWN: p->top++; break;
    case FM_KEY_PGUP: case FM_KEY_F(7): p->top -= page; break;
    case FM_KEY_PGDN: case FM_KEY_F(8): p->top += page; break;
    case FM_KEY_HOME: p->top = 0; break;
    case FM_KEY_END: p->top = p->lines; break;
    default: return FM_IGNORED;
    }
    /* The draw keeps the last page full; here only the bounds of the text. */
    if (p->top > p->lines - 1)
        p->top = p->lines - 1;
    if (p->top < 0)
        p->top = 0;
    return FM_HANDLED;
}

struct rows {
    WINDOW *w;
    int y, x, cols, first, shown, max, count;
};

static void put_line(const char *line, size_t len, void *ctx)
{
    struct rows *r = ctx;
    int i = r->count++;
    if (!r->w || i < r->first || i - r->first >= r->max)
        return;
    char buf[512];
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, line, len);
    buf[len] = 0;
    fm_put(r->w, r->y + (i - r->first), r->x, buf, r->cols);
    r->shown++;
}

int fm_pager_draw(fm_pager *p, WINDOW *w, int y, int x, int rows, int cols, const char *text)
{
    if (!text)
        text = "";
    struct rows count = { NULL, 0, 0, cols, 0, 0, 0, 0 };
    p->lines = fm_wrap(text, cols, put_line, &count);
    p->rows = rows;
    if (p->top > p->lines - rows)
        p->top = p->lines - rows > 0 ? p->lines - rows : 0;
    if (p->top < 0)
        p->top = 0;
    struct rows r = { w, y, x, cols, p->top, 0, rows, 0 };
    fm_wrap(text, cols, put_line, &r);
    return p->lines;
}

void fm_pager_show(fm_pager *p, int line)
{
    if (line < p->top)
        p->top = line;
    if (p->rows > 0 && line >= p->top + p->rows)
        p->top = line - p->rows + 1;
    if (p->top < 0)
        p->top = 0;
}

int fm_pager_more(const fm_pager *p)
{
    return p->top + p->rows < p->lines;
}
