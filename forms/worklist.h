/* A work list in the 5250 manner, for every list screen: rows fetched a page at a time from
 * the owner, a one-character option column (the owner declares the options and which one
 * Enter means), a find field (press / or just type letters), paging by cursor, PgUp/PgDn and
 * F7/F8, the row count and "more..." under the list, marks ('!', '*') from the cells and an
 * optional colour per row. The owner keeps the rows; the list asks for them by callback.
 *
 * A list screen on it (model: tui/screens/scr_cases.c): its state holds the rows and an
 * fm_worklist; a static fm_worklist_spec names the options and the fetch, cell and act
 * callbacks; open calls fm_worklist_init and fm_worklist_reload; draw calls fm_worklist_draw
 * and key passes keys to fm_worklist_key first. */
#ifndef FM_WORKLIST_H
#define FM_WORKLIST_H

#include <curses.h>
#include "forms/field.h"
#include "forms/list.h"

typedef struct fm_worklist_spec {
    int ncols;
    const char *options;       /* option characters offered, e.g. "526" */
    char default_option;       /* what Enter on a row without an option does */
    int page_rows;             /* rows asked of fetch at a time */
    int find_only;             /* nothing is listed until a find (a search screen) */
    /* Forgets the rows held: a reload follows. */
    void (*reset)(void *ctx);
    /* Appends rows: for query "" the next limit rows of the whole list from offset; for a
     * find, every row found, in one call. Returns the rows added, -1 on error (the owner has
     * said why). */
    int (*fetch)(void *ctx, const char *query, int offset, int limit);
    fm_cell_fn cell;
    /* The colour pair of a row (added to its marks where the terminal has colour), 0 none;
     * may be NULL. */
    int (*colour)(void *ctx, int row);
    /* Acts on a row with an option. */
    void (*act)(void *ctx, int row, char option);
    /* Optional: a find text the owner takes itself (a whole case number opens the case);
     * returns 1 when it did. */
    int (*find_hook)(void *ctx, const char *text);
} fm_worklist_spec;

/* The words of the list, translated by the owner, given at each draw. */
typedef struct fm_worklist_words {
    const char *options;       /* "Options: 5=Display 2=Handle" */
    const char *find;          /* the find field's label */
    const char *prompt;        /* empty find-only list: what to type */
    const char *none_found;    /* a find found nothing */
    const char *empty;         /* the whole list is empty */
    const char *rows_fmt;      /* "%d rows" */
    const char *found_fmt;     /* "%d found for \"%s\"  (F12 shows all)" */
    const char *more;          /* "more..." */
} fm_worklist_words;

#define FM_WORKLIST_FIND_MAX 128

typedef struct fm_worklist {
    const fm_worklist_spec *spec;
    void *ctx;
    fm_column *cols;           /* the owner's; titles may change with the language */
    fm_list list;
    fm_field find;
    char query[FM_WORKLIST_FIND_MAX];   /* the find in force, "" for the whole list */
    int count;                 /* rows held */
    int exhausted;             /* the owner has no more rows for this list */
    int in_find;               /* the cursor is in the find field */
    int stale;                 /* reload at the next draw */
} fm_worklist;

void fm_worklist_init(fm_worklist *wl, const fm_worklist_spec *spec, fm_column *cols, void *ctx);
/* Reads the list again from the first page (or the find in force), keeping the cursor row. */
void fm_worklist_reload(fm_worklist *wl);
/* Reload at the next draw (after a screen on top changed a row). */
void fm_worklist_mark_stale(fm_worklist *wl);

/* Typing, moving, options and Enter. FM_HANDLED; FM_REJECTED for an option not offered, or
 * Enter on an empty find of a find-only list (the owner says why); FM_IGNORED for keys that
 * are not the list's (function keys: the owner's key list calls the actions below). */
int fm_worklist_key(fm_worklist *wl, fm_key k);
/* F7/F8 (or PgUp/PgDn): a page up or down, fetching as the cursor goes. */
void fm_worklist_page(fm_worklist *wl, fm_key k);
/* '/': into the find field, emptied. */
void fm_worklist_find(fm_worklist *wl);
/* F12: the whole list again after a find, or out of the find field. Returns 0 when there
 * was nothing to undo (the owner may leave the screen). */
int fm_worklist_show_all(fm_worklist *wl);

/* Draws the options line and find field on row y, the list below it down to row last, and
 * the count on row last + 1. *cy, *cx get the cursor's place. */
void fm_worklist_draw(fm_worklist *wl, WINDOW *w, int y, int last, const fm_worklist_words *words,
                      int *cy, int *cx);

#endif
