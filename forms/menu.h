/* A numbered menu with a command field ("选择 ===> _"): type the number and Enter, or move
 * with Up/Down and Enter. Each entry may carry a short live status (counts) after its text. */
#ifndef FM_MENU_H
#define FM_MENU_H

#include <curses.h>
#include "forms/field.h"
#include "forms/key.h"

typedef struct fm_menu_item {
    char key;              /* '1'..'9', 'A'..'Z' */
    const char *label;     /* short name, e.g. "受理办件" */
    const char *desc;      /* one-line description, may be NULL */
    const char *status;    /* live figures, may be NULL */
} fm_menu_item;

typedef struct fm_menu {
    const fm_menu_item *items;
    int count;
    int selected;          /* highlighted entry */
    int chosen;            /* set on FM_SUBMIT */
    fm_field command;
} fm_menu;

void fm_menu_init(fm_menu *m, const fm_menu_item *items, int count);
/* FM_SUBMIT when an entry is chosen (m->chosen), FM_REJECTED for a key that names no entry,
 * FM_HANDLED for movement and typing, FM_IGNORED for keys that are not the menu's. */
int fm_menu_key(fm_menu *m, fm_key k);
/* Entries from row y; the command prompt on row prompt_y. Returns the cursor column. */
int fm_menu_draw(fm_menu *m, WINDOW *w, int y, int label_cols, int prompt_y, const char *prompt);

#endif
