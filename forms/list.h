/* A scrolling list with a one-character option column (5=display, 2=handle …) in the manner
 * of a 5250 work list: type options against rows, Enter to act on them. The owner supplies
 * cells by callback, so the list never copies the data it shows. */
#ifndef FM_LIST_H
#define FM_LIST_H

#include <curses.h>
#include "forms/key.h"

typedef struct fm_column {
    const char *title;
    int width;             /* columns */
    int right;             /* right-aligned */
} fm_column;

/* Fills the text of one cell; returns it (may be buf or a constant). *mark may be set to
 * FM_MARK_WARN / FM_MARK_ALERT to draw the row bold / reverse where the terminal can. */
typedef const char *(*fm_cell_fn)(void *ctx, int row, int col, char *buf, size_t cap, int *mark);

enum { FM_MARK_NONE = 0, FM_MARK_WARN = 1, FM_MARK_ALERT = 2 };

#define FM_LIST_MAX_ROWS 10000

typedef struct fm_list {
    const fm_column *cols;
    int ncols;
    int count;             /* rows in the list */
    int top;               /* first row shown */
    int cursor;            /* row with the cursor */
    int page;              /* rows shown at the last draw */
    char options[FM_LIST_MAX_ROWS];  /* option typed against each row, 0 = none */
    const char *valid;     /* option characters allowed, e.g. "25" */
    fm_cell_fn cell;
    void *ctx;
} fm_list;

void fm_list_init(fm_list *l, const fm_column *cols, int ncols, const char *valid,
                  fm_cell_fn cell, void *ctx);
void fm_list_set_count(fm_list *l, int count);
/* Up/Down/PgUp/PgDn (and F7/F8) move; an option character sets it on the cursor row and moves
 * down; space or Bksp clears it; Enter is FM_SUBMIT (read options[] then fm_list_clear_options);
 * an option not in `valid` is FM_REJECTED. */
int fm_list_key(fm_list *l, fm_key k);
void fm_list_clear_options(fm_list *l);
/* Header on row y, rows below it up to `rows` rows; "more…" text drawn by the owner when
 * fm_list_has_more. Returns the cursor's screen column (the option column). */
int fm_list_draw(fm_list *l, WINDOW *w, int y, int rows);
int fm_list_has_more(const fm_list *l);
/* Moves the cursor to row (scrolling it into view). */
void fm_list_goto(fm_list *l, int row);

#endif
