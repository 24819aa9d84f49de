/* The lists of the centre head's desk (supervisions, rectifications, callbacks, could-not-
 * get-it-done records, overdue cases) on the work list: each kind says its columns, its
 * options and their words, how to read its rows from core (all at once: these lists are
 * short) and what an option does to a row. A find keeps the rows holding the text. */
#ifndef TUI_KIT_DESK_LIST_H
#define TUI_KIT_DESK_LIST_H

#include <stdint.h>
#include "core/err.h"
#include "tui/kit/listkeys.h"

#define DESK_COLS 6

typedef struct desk_row {
    int64_t id;               /* the record the options act on */
    int64_t case_id;          /* its case, when it has one */
    int state;
    int mark;                 /* FM_MARK_* of the row's last column */
    char cell[DESK_COLS][160];
} desk_row;

typedef struct desk_list desk_list;

typedef struct desk_list_kind {
    int ncols;
    const char *titles[DESK_COLS];   /* msgids */
    int widths[DESK_COLS];
    const char *options;             /* option characters */
    const char *words;               /* msgid: "Options: 5=Display ..." */
    const char *empty;               /* msgid: what an empty list says */
    const char *refused;             /* msgid: an option not offered */
    /* Reads every row (desk_list_add each); BM_OK or the code with err filled. */
    int (*load)(app *a, desk_list *l, bm_err *err);
    void (*act)(app *a, desk_list *l, const desk_row *r, char option);
} desk_list_kind;

struct desk_list {
    list_screen ls;           /* first: the shared list keys find it there */
    const desk_list_kind *kind;
    desk_row *rows;
    int count, cap;
    int loaded;               /* rows read for the list in force */
    fm_column cols[DESK_COLS];
    fm_worklist_spec spec;    /* the work list keeps a pointer to it */
};

/* A new empty row at the end (zeroed), or NULL when memory ran out. */
desk_row *desk_list_add(desk_list *l);
/* The screen_def callbacks of a desk list: open with the kind, close, draw and key. */
void desk_list_open(app *a, desk_list *l, const desk_list_kind *kind);
void desk_list_close(app *a, void *st);
void desk_list_draw(app *a, void *st, WINDOW *w);
int desk_list_key(app *a, void *st, fm_key k);
/* Has the list read again when it is next drawn (after a step on one of its rows). */
void desk_list_stale(desk_list *l);

#endif
