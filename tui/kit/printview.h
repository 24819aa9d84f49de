/* A printable text on screen (a hand-over, an appointment slip): the text in a pager, F7/F8
 * to page and F9 to print it at the user's terminal. The screen that shows one keeps a
 * printview in its state and adds its own keys around PRINTVIEW_KEYS. */
#ifndef TUI_KIT_PRINTVIEW_H
#define TUI_KIT_PRINTVIEW_H

#include <curses.h>
#include "forms/fkeys.h"
#include "forms/pager.h"
#include "tui/session/app.h"

typedef struct printview {
    char *text;        /* owned, UTF-8, lines at most DOC_WIDTH columns */
    char what[96];     /* what was printed, for the message line (translated) */
    fm_pager pager;
} printview;

/* Takes a copy of text. */
void printview_set(printview *v, const char *text, const char *what);
void printview_free(printview *v);
void printview_draw(printview *v, WINDOW *w);
int printview_print(app *a, printview *v);
/* Keys for a state that begins with a printview. */
int printview_page_key(void *owner, void *st, fm_key k);
int printview_print_key(void *owner, void *st, fm_key k);

#define PRINTVIEW_KEYS                                                        \
    { FM_KEY_F(7), N_("F7/F8"), N_("Page"), printview_page_key, 0 },          \
    { FM_KEY_F(8), NULL, NULL, printview_page_key, 0 },                       \
    { FM_KEY_PGUP, NULL, NULL, printview_page_key, 0 },                       \
    { FM_KEY_PGDN, NULL, NULL, printview_page_key, 0 },                       \
    { FM_KEY_F(9), NULL, N_("Print"), printview_print_key, 0 }

#endif
