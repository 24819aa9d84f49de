/* A step of the centre head's desk as a small form (BM540): a title, a hint, a few fields
 * with their starting values, and what F2 does with them. Core decides; a refusal stays on
 * the form with its reason, a success goes back with a message. Lists open it for the row
 * under the cursor and read themselves again afterwards. */
#ifndef TUI_KIT_DESK_ASK_H
#define TUI_KIT_DESK_ASK_H

#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "forms/form.h"
#include "tui/session/app.h"

#define ASK_FIELDS 6

typedef struct ask_field {
    const char *name;         /* the form's name for it */
    const char *label;        /* translated */
    int cols, max;            /* columns shown, characters kept */
    int flags;                /* forms/field.h FM_FIELD_* */
    const char *value;        /* the starting value, or NULL */
    const char *after;        /* translated words after it (the choices), or NULL */
} ask_field;

/* What F2 does: calls core with the record `id` and the form's values; BM_OK, or the code
 * with err filled. */
typedef int (*ask_submit_fn)(app *a, int64_t id, const fm_form *f, bm_err *err);

typedef struct ask_spec {
    const char *title;        /* translated: the step and the record it is taken on */
    const char *hint;         /* translated line under it, or NULL */
    ask_field fields[ASK_FIELDS];
    int nfields;
    ask_submit_fn submit;
    int64_t id;
    const char *done;         /* translated message after success */
} ask_spec;

/* Opens the form over the current screen. */
void ask_open(app *a, const ask_spec *spec);

#endif
