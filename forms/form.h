/* A form: labelled entry fields and lines of text placed on a page of rows, with a focus order,
 * a check when a field is left, a list-choice hook (F4) for the field under the cursor, and the
 * values saved and restored as "name=value" lines. The page scrolls to keep the focused field in
 * view, so a form may have more rows than the screen.
 *
 * Keys: Tab, Enter and Down leave the field forwards (after the check); Shift-Tab and Up go back
 * without checking, so an earlier field can be put right while a later one is still wrong. The
 * owner decides what the check means and says why on its message line. */
#ifndef FM_FORM_H
#define FM_FORM_H

#include <curses.h>
#include <stddef.h>
#include "forms/field.h"
#include "forms/key.h"

#define FM_FORM_MAX_ITEMS 72
#define FM_FORM_NAME 100
#define FM_FORM_LABEL 160

enum fm_item_flags {
    FM_ITEM_HIDDEN = 1,     /* neither drawn nor focused, but saved and restored */
    FM_ITEM_AUTOSKIP = 2,   /* typing the last character that fits moves on (tick boxes) */
    FM_ITEM_BOLD = 4,       /* a text line drawn bold (a heading) */
    FM_ITEM_PROTECTED = 8   /* a field shown but not focused or edited */
};

typedef struct fm_form_item {
    char name[FM_FORM_NAME];     /* "" for a line of text */
    char label[FM_FORM_LABEL];   /* drawn at (row, col); a field follows one column after it */
    char after[FM_FORM_LABEL];   /* text drawn after the field's closing bracket, may be "" */
    int row, col;                /* row of the page (0 = first), screen column */
    int label_cols;              /* columns the label takes at least (aligns fields) */
    int has_field;
    int flags;                   /* enum fm_item_flags */
    fm_field field;
} fm_form_item;

typedef struct fm_form fm_form;

enum fm_leave {
    FM_LEAVE_OK = 0,        /* go on to the next field */
    FM_LEAVE_REFUSE = -1,   /* stay: why says what is wrong */
    FM_LEAVE_STAY = 1       /* accepted, but the owner placed the focus itself (or opened a list) */
};

/* Called when item is left forwards, and for every field by fm_form_check_all. Returns enum
 * fm_leave; on FM_LEAVE_REFUSE writes the reason into why. The item's field.changed tells
 * whether it was edited since it last passed. The owner may change the form's items here, as
 * long as the item it was asked about keeps its name. */
typedef int (*fm_form_leave_fn)(void *ctx, fm_form *f, int item, char *why, size_t cap);
/* F4 on item: open a list to choose from. Returns FM_HANDLED, or FM_IGNORED when the field
 * has no list. */
typedef int (*fm_form_choose_fn)(void *ctx, fm_form *f, int item);

struct fm_form {
    fm_form_item items[FM_FORM_MAX_ITEMS];
    int count;
    int focus;               /* item with the cursor, -1 when none can have it */
    int top;                 /* first page row shown */
    int shown;               /* rows shown at the last draw */
    fm_form_leave_fn leave;
    fm_form_choose_fn choose;
    void *ctx;
    char why[256];           /* the last refusal */
    int skipped;             /* the last key filled a field that moved on by itself */
};

void fm_form_init(fm_form *f, fm_form_leave_fn leave, fm_form_choose_fn choose, void *ctx);
/* Adds a line of text; returns its index, or -1 when the form is full. */
int fm_form_add_text(fm_form *f, int row, int col, const char *text, int flags);
/* Adds a labelled field of `cols` columns holding at most max_chars characters (field.h
 * flags); returns its index, or -1 when the form is full or the name is taken. */
int fm_form_add_field(fm_form *f, const char *name, const char *label, int row, int col,
                      int label_cols, int cols, size_t max_chars, int field_flags, int flags);
/* The same with a note after the field ("F4=List"), which may be NULL. */
int fm_form_add_noted(fm_form *f, const char *name, const char *label, int row, int col,
                      int label_cols, int cols, int max_chars, int field_flags, int flags,
                      const char *after);
/* Adds a line of text made as printf makes it. */
int fm_form_add_textf(fm_form *f, int row, int col, int flags, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The columns the wider of two labels takes, so fields below one another line up. */
int fm_form_label_cols(const char *a, const char *b);
/* Drops the items from index `count` on (the focus moves back to a field that remains). */
void fm_form_truncate(fm_form *f, int count);

int fm_form_find(const fm_form *f, const char *name);
/* The field's value (trimmed UTF-8); "" for an unknown name. */
const char *fm_form_value(const fm_form *f, const char *name, char *buf, size_t cap);
/* Sets a field's value; the field counts as changed. -1 for an unknown name. */
int fm_form_set(fm_form *f, const char *name, const char *value);
void fm_form_set_flags(fm_form *f, int item, int flags);
/* The screen column just right of an item (after its field and `after` text). */
int fm_form_item_end(const fm_form *f, int item);
/* Whether an item can take the focus (a visible, unprotected field). */
int fm_form_focusable(const fm_form *f, int item);
/* Puts the cursor on item (the first focusable one at or after it when it cannot take it). */
void fm_form_focus(fm_form *f, int item);
/* The name of the field with the cursor, or "". */
const char *fm_form_focus_name(const fm_form *f);

/* Editing keys go to the focused field; Tab/Enter/Down check and move on (FM_SUBMIT when the
 * last field was left), BTab/Up move back, F4 calls the choose hook. FM_REJECTED when a check
 * refused (f->why says why, the focus stays); FM_IGNORED for keys the form does not use. */
int fm_form_key(fm_form *f, fm_key k);
/* Runs the check on every visible field from the first; on the first refusal puts the focus
 * there, leaves the reason in f->why and returns -1. A check that answers FM_LEAVE_STAY stops
 * the run with 1 (the owner took over). 0 when all pass. */
int fm_form_check_all(fm_form *f);

/* Draws the page rows [top, top + rows) at screen rows y.., scrolling to keep the focus in
 * view; *cursor_y / *cursor_x receive the cursor's screen position (-1 when no field has it).
 * Returns 1 when rows below the last shown one exist (the owner may say "more"). */
int fm_form_draw(fm_form *f, WINDOW *w, int y, int rows, int *cursor_y, int *cursor_x);

/* The fields' values as "name=value\n" lines (empty values left out); returns the length that
 * the whole text needs (like snprintf: more than cap - 1 means it was cut). */
size_t fm_form_save(const fm_form *f, char *buf, size_t cap);
/* Sets fields from such text; unknown names and malformed lines are skipped. Returns how many
 * fields were set. */
int fm_form_load(fm_form *f, const char *text);

#endif
