/* The appointment screens share: BM320 the day's list (scr_appt.c), BM321 booking or moving
 * one (scr_appt_book.c), BM322 its slip. */
#ifndef TUI_SCREENS_APPT_H
#define TUI_SCREENS_APPT_H

#include <stdint.h>
#include "tui/session/app.h"

/* Opens BM321: a new booking (id 0) or moving appointment id. */
void appt_book_open(app *a, int64_t id);
/* Opens BM321 on a new booking for the person and matter of a case (the off-hours queue). */
void appt_book_for_case(app *a, int64_t case_id);
/* Opens BM322 on an appointment's slip. */
void appt_slip_open(app *a, int64_t id);
/* Opens BM316 on the appointment slots of the centre with that code. */
void appt_slots_open(app *a, const char *centre_code);
/* The day's list on top (BM320), if it is, reads its rows again at the next draw. */
void appts_changed(app *a);

#endif
