/* One pager for scrolling text (help, documents, history, reports): the text wrapped to the
 * columns given, shown from a top line, moved with Up/Down, PgUp/PgDn or F7/F8, Home/End. */
#ifndef FM_PAGER_H
#define FM_PAGER_H

#include <curses.h>
#include "forms/key.h"

typedef struct fm_pager {
    int top;        /* first line shown */
    int lines;      /* lines of the text at the last draw */
    int rows;       /* rows shown at the last draw */
    int step;       /* lines a page key moves; 0: the rows shown */
} fm_pager;

/* Up/Down, PgUp/PgDn, F7/F8, Home/End: FM_HANDLED; other keys FM_IGNORED. */
int fm_pager_key(fm_pager *p, fm_key k);
/* Draws text (UTF-8, '\n' breaks lines, long lines wrap at cols) on rows rows from (y, x),
 * starting at p->top, kept so the last page is full. Returns the lines of the text. */
int fm_pager_draw(fm_pager *p, WINDOW *w, int y, int x, int rows, int cols, const char *text);
/* For a view whose owner draws its own lines and keeps a cursor line (a case's history, with
 * sub-cases to open): scrolls so that line is among the rows shown. */
void fm_pager_show(fm_pager *p, int line);
/* Whether lines follow below the last row shown. */
int fm_pager_more(const fm_pager *p);

#endif
