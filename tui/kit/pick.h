/* Choosers (F4 and ambiguous look-ups): a list to pick one row from, filtered as the user types.
 * The caller says how to fill the rows for a filter text and what to do with the chosen row's
 * key; the chooser screen is pushed over the caller and pops itself before calling back. */
#ifndef TUI_PICK_H
#define TUI_PICK_H

#include "forms/form.h"
#include "forms/list.h"
#include "tui/session/app.h"

#define PICK_COLS 5
#define PICK_CELL 160

typedef struct pick_row {
    char key[64];                        /* handed to `chosen` */
    char cells[PICK_COLS][PICK_CELL];
} pick_row;

typedef struct pick_rows {
    pick_row *rows;
    int count, cap;
    int more;               /* fill had more than it kept */
} pick_rows;

/* Adds a row; cells beyond those given are empty. Returns 0, or -1 when the list is full. */
int pick_add(pick_rows *r, const char *key, const char *c0, const char *c1, const char *c2,
             const char *c3, const char *c4);

typedef struct pick_spec {
    const fm_column *cols;  /* titles are msgids */
    int ncols;
    const char *hint;       /* msgid: what can be typed into the filter */
    /* Fills `out` for the filter text (may be ""). */
    void (*fill)(app *a, void *ctx, const char *filter, pick_rows *out);
    /* The user chose the row with this key; the chooser is gone already. */
    void (*chosen)(app *a, void *ctx, const char *key);
} pick_spec;

/* Pushes chooser `def` (one of the screen_pick_* below) over the current screen. ctx is the
 * caller's state, alive while the chooser is on top. */
void pick_open(app *a, const screen_def *def, const pick_spec *spec, void *ctx,
               const char *filter);

/* Puts a chosen key into the form's field and moves on from it as Enter would (its check
 * runs; a refusal shows on the message line). */
void pick_set_field(app *a, fm_form *f, const char *field, const char *key);

/* BM211 applicants, BM212 the matter catalogue, BM213 other short lists (villages, groups,
 * channels, ways of delivery). */
extern const screen_def screen_pick_applicant;
extern const screen_def screen_pick_matter;
extern const screen_def screen_pick_list;

#endif
