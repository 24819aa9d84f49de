/* Choosing a member of the user's centre's staff (F4 on a login field): a list of names,
 * roles, phones and whereabouts notes; the chosen login goes into the owner's field. */
#ifndef TUI_KIT_STAFFPICK_H
#define TUI_KIT_STAFFPICK_H

#include <time.h>
#include "forms/form.h"
#include "tui/session/app.h"

typedef struct staff_pick {
    fm_form *form;
    char field[32];
} staff_pick;

/* Opens the chooser for the field; p lives in the owner's state. */
void staff_pick_open(app *a, staff_pick *p, fm_form *form, const char *field);
/* "下村入户 新桥村 至 16:00" for a note that holds (kind 0: ""). */
void staff_where_text(int kind, const char *place, time_t back_at, char *buf, size_t cap);

#endif
