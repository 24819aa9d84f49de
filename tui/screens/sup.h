/* The centre head's desk as the home screen sees it: the line naming what waits for the user
 * there (supervisions to answer, a case sent back by a callback with its reason; for the
 * head, answered supervisions waiting to be closed). */
#ifndef TUI_SCREENS_SUP_H
#define TUI_SCREENS_SUP_H

#include <stddef.h>
#include "tui/session/app.h"

/* The line for this user now, translated; "" when nothing waits. */
void desk_home_line(app *a, char *buf, size_t cap);

#endif
