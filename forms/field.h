/* A one-line entry field that edits by character and lays out by column, so Chinese text
 * (two columns a character) edits and scrolls correctly. Drawn as [text   ]. */
#ifndef FM_FIELD_H
#define FM_FIELD_H

#include <curses.h>
#include <stddef.h>
#include <wchar.h>
#include "forms/key.h"

#define FM_FIELD_MAX 256   /* characters */

enum fm_field_flags {
    FM_FIELD_DIGITS = 1,   /* 0-9 only */
    FM_FIELD_ID     = 2,   /* 0-9 and X (x is taken as X): ID numbers */
    FM_FIELD_UPPER  = 4,   /* letters are upper-cased as typed */
    FM_FIELD_SECRET = 8,   /* shown as '*' */
    FM_FIELD_ASCII  = 16   /* printable ASCII only */
};

typedef struct fm_field {
    wchar_t text[FM_FIELD_MAX + 1];
    size_t len;          /* characters in text */
    size_t max;          /* character limit (<= FM_FIELD_MAX) */
    size_t cursor;       /* insertion point, 0..len */
    size_t scroll;       /* first character shown */
    int cols;            /* columns inside the brackets */
    int flags;
    int overwrite;       /* Ins toggles insert / overwrite */
    int changed;         /* set on every edit; the owner clears it */
    int selected;        /* selected for replace: the next character typed replaces it all */
} fm_field;

void fm_field_init(fm_field *f, int cols, size_t max_chars, int flags);
void fm_field_set(fm_field *f, const char *utf8);
/* The text as UTF-8 with leading and trailing spaces removed. */
void fm_field_get(const fm_field *f, char *out, size_t cap);
void fm_field_clear(fm_field *f);
/* Selects the whole text for replace, as a 5250 does with a field you come back to: the first
 * character typed replaces it; any other editing key (arrows, Home, End, Bksp) keeps it. */
void fm_field_select(fm_field *f);
/* Whether the field would accept this character. */
int fm_field_accepts(const fm_field *f, wchar_t c);

/* Editing keys: characters, Bksp, Del, Left, Right, Home, End, Ins, C-a, C-e, C-k, C-u.
 * Everything else (Enter, Tab, F-keys …) is FM_IGNORED and left to the owner. */
int fm_field_key(fm_field *f, fm_key k);

/* Draws "[...]" at (y, x): cols + 2 columns. Returns the screen column of the cursor. */
int fm_field_draw(fm_field *f, WINDOW *w, int y, int x, int focused);

#endif
