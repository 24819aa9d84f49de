/* Always open, as the screens see it: the line naming who is on duty at the user's centre
 * (drawn on every home screen) and BM310, the duty roster week by week. */
#ifndef TUI_SCREENS_DUTY_H
#define TUI_SCREENS_DUTY_H

#include <stddef.h>
#include "tui/session/app.h"

/* "今日值班: 孙磊 18781837702" for the user's centre now; "" when the user has no centre. */
void duty_today_line(app *a, char *buf, size_t cap);

#endif
