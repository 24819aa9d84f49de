/* The panel frame every screen shares (DESIGN.md's screen grammar): line 1 the screen id,
 * title, unit, user and date; line 2 a rule; the last two lines the function-key legend and
 * the message line (errors in reverse video). The body is everything in between. */
#ifndef FM_FRAME_H
#define FM_FRAME_H

#include <curses.h>

typedef struct fm_frame {
    const char *id;        /* screen id, e.g. "BM100" */
    const char *title;     /* e.g. "便民服务" */
    const char *status;    /* extra text after the title (counts), may be NULL */
    const char *unit;      /* the user's centre */
    const char *user;      /* "张敏(窗口人员)" */
    const char *date;      /* "2026-11-23 09:12" */
    const char *legend;    /* "F1=帮助  F3=返回 …" */
    const char *legend_hint; /* right end of the legend line, e.g. "(Esc+数字 = F键)", may be NULL */
    const char *message;   /* message line text, may be NULL */
    int message_is_error;  /* draw the message in reverse video */
} fm_frame;

/* Body rows are [FM_BODY_TOP, rows - 3]. */
#define FM_BODY_TOP 2

void fm_frame_draw(WINDOW *w, const fm_frame *f);
int fm_frame_body_rows(WINDOW *w);

/* Draws rules and boxes with plain ASCII -|+ instead of line-drawing characters (for
 * terminals that have none); applies to the drawing that follows. */
void fm_set_ascii_lines(int on);

/* A horizontal rule across the window at row y (line-drawing character or '-'). */
void fm_rule(WINDOW *w, int y);

/* A box with an optional title in its top edge, interior cleared. */
void fm_box(WINDOW *w, int y, int x, int rows, int cols, const char *title);

#endif
