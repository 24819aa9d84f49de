/* Steps: the actions a record allows now (a case today; a work order or a rectification
 * later), as a numbered menu (1..9, then A..), fed by a callback that knows the record and
 * the user; each step, once chosen and filled in, is confirmed before it is taken. */
#ifndef TUI_STEPS_H
#define TUI_STEPS_H

#include <curses.h>
#include "forms/dialog.h"
#include "forms/form.h"
#include "forms/key.h"
#include "forms/menu.h"
#include "tui/session/app.h"

#define STEPS_MAX 16

typedef struct steps_menu {
    int codes[STEPS_MAX];          /* the owner's step codes, in the order offered */
    char labels[STEPS_MAX][96];
    int count;
    fm_menu_item items[STEPS_MAX];
    fm_menu menu;
} steps_menu;

/* Adds a step with its label (translated). 0, or -1 when the menu is full. */
int steps_menu_add(steps_menu *m, int code, const char *label);
/* Empties the menu, has offer add the steps allowed now, and numbers them. */
void steps_menu_fill(steps_menu *m, void (*offer)(void *ctx, steps_menu *m), void *ctx);
/* Whether code is among the steps offered. */
int steps_menu_offers(const steps_menu *m, int code);
/* A key on the menu: FM_SUBMIT with *code set to the step chosen, FM_REJECTED for a number
 * that names none, else as fm_menu_key. */
int steps_menu_key(steps_menu *m, fm_key k, int *code);
/* The menu from row y, labels label_cols wide, and the prompt on prompt_y; returns the
 * cursor's column. */
int steps_menu_draw(steps_menu *m, WINDOW *w, int y, int label_cols, int prompt_y, const char *prompt);
/* Opens the confirmation of a step: question, title and buttons translated by the owner. */
void steps_menu_confirm(fm_dialog *d, const char *title, const char *question, const char *buttons);

/* A steps screen's parts, for the keys every steps screen handles alike: the open question
 * first (yes runs the step), then the menu while no step is chosen, then the chosen step's
 * form (Enter on its last field asks the question). The owner says what each moment does. */
typedef struct steps_screen {
    steps_menu *menu;
    int *step;                               /* the step being filled in, 0 while choosing */
    fm_form *form;
    fm_dialog *dialog;
    void (*chosen)(app *a, void *owner, int step);   /* build the step's form */
    void (*ask)(app *a, void *owner);                /* the form is filled in: confirm */
    void (*run)(app *a, void *owner);                /* yes: take the step */
} steps_screen;
int steps_screen_key(app *a, void *owner, const steps_screen *ss, fm_key k);
/* F2, take the step: asks the question of the chosen step, or says to choose one first. */
int steps_screen_take(app *a, void *owner, const steps_screen *ss);

#endif
