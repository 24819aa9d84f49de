/* Modal dialogs drawn over the current screen: a yes/no question, a notice, and a scrolling
 * text viewer (help). The owner redraws the screen underneath first, then the dialog. */
#ifndef FM_DIALOG_H
#define FM_DIALOG_H

#include <curses.h>
#include "forms/key.h"
#include "forms/pager.h"

enum fm_dialog_kind {
    FM_DIALOG_CONFIRM = 1,  /* yes / no: Y or Enter = yes (Enter = no with enter_is_no);
                               N, Esc, F3, F12 = no */
    FM_DIALOG_NOTICE,       /* one button: any of Enter, Esc, F3, F12 closes */
    FM_DIALOG_TEXT          /* scrolling text: Up/Down/PgUp/PgDn (F7/F8) scroll, Enter/Esc/F3/F12 close */
};

typedef struct fm_dialog {
    int kind;
    char title[128];
    char *text;             /* owned, UTF-8, '\n' breaks lines */
    char buttons[128];      /* button legend drawn on the bottom edge, e.g. "Y=是  N=否" */
    char yes_keys[8];       /* extra characters meaning yes besides Enter, e.g. "Yy" */
    char no_keys[8];        /* characters meaning no, e.g. "Nn" */
    int enter_is_no;        /* a question whose safe answer is no: Enter means no */
    fm_pager pager;         /* the text, scrolled */
} fm_dialog;

void fm_dialog_open(fm_dialog *d, int kind, const char *title, const char *text,
                    const char *buttons, const char *yes_keys, const char *no_keys);
void fm_dialog_close(fm_dialog *d);
/* FM_SUBMIT for yes (or close of a notice/text), FM_CANCEL for no, FM_HANDLED otherwise. */
int fm_dialog_key(fm_dialog *d, fm_key k);
void fm_dialog_draw(fm_dialog *d, WINDOW *w);

#endif
