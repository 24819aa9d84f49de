/* Lines the home screen shows under its menu, each from one area of the product: who is on
 * duty, hand-overs unread, supervisions waiting, a calendar not yet confirmed... Adding one:
 * a function in the area's own file and one row in tui/kit/home_notes.c. */
#ifndef TUI_KIT_HOME_NOTES_H
#define TUI_KIT_HOME_NOTES_H

#include <stddef.h>
#include "tui/session/app.h"

/* Writes the note for this user now into buf (translated), or "" when there is none. */
typedef void (*home_note_fn)(app *a, char *buf, size_t cap);

#define HOME_NOTES_MAX 6
extern const home_note_fn home_notes[HOME_NOTES_MAX + 1];   /* NULL-terminated */

#endif
