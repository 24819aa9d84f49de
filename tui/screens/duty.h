/* Always open, as the screens see it: the lines of every home screen (who is on duty at the
 * user's centre, hand-overs waiting for the user's signature), BM310 the duty roster week by
 * week, the hand-overs, appointments and whereabouts notes. */
#ifndef TUI_SCREENS_DUTY_H
#define TUI_SCREENS_DUTY_H

#include <stddef.h>
#include <stdint.h>
#include "tui/session/app.h"

/* "今日值班: 孙磊 18781837702" for the user's centre now; "" when the user has no centre. */
void duty_today_line(app *a, char *buf, size_t cap);
/* "待签收的交接班: 1 *" when hand-overs wait for the user's signature, else "". */
void handover_unread_line(app *a, char *buf, size_t cap);
/* The hand-over list on top (BM312), if it is, reads its rows again at the next draw. */
void handovers_changed(app *a);
/* Opens BM313 on one hand-over. */
void handover_open(app *a, int64_t id);

#endif
