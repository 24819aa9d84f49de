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
/* The short name of a weekday (0 Monday .. 6 Sunday), translated: "周一". */
const char *duty_weekday(int weekday);
/* Who is on a shift: "孙磊 18781837702", and a second person after a comma. */
struct bm_shift;
void duty_shift_people(const struct bm_shift *s, char *buf, size_t cap);
/* BM315 on the roster of the centre with that code, the day given as the first to change. */
void roster_edit_open(app *a, const char *centre_code, int32_t day);
/* The roster on top (BM310), if it is, reads its shifts again at the next draw. */
void roster_changed(app *a);
/* "待签收的交接班: 1 *" when hand-overs wait for the user's signature, else "". */
void handover_unread_line(app *a, char *buf, size_t cap);
/* The hand-over list on top (BM312), if it is, reads its rows again at the next draw. */
void handovers_changed(app *a);
/* Opens BM313 on one hand-over. */
void handover_open(app *a, int64_t id);

#endif
