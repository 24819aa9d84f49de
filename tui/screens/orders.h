/* 12345 hotline work orders as the screens see them: the list (BM260, scr_orders.c) opens an
 * order (BM261, scr_order.c), its steps (BM262, scr_order_steps.c) and the entry of a new
 * order by hand (BM263, scr_order_new.c); the words for a clock's time that they share. */
#ifndef TUI_SCREENS_ORDERS_H
#define TUI_SCREENS_ORDERS_H

#include <stddef.h>
#include <stdint.h>
#include "core/workorder.h"
#include "tui/session/app.h"

/* Shows the order; with handle, its steps straight away. 0, or -1 with the reason shown. */
int order_detail_open(app *a, int64_t id, int handle);
/* The steps the user may take on the order now; says so when there is none. */
void order_steps_open(app *a, int64_t id);
/* An order entered by hand from the hotline's notification. */
void order_new_open(app *a);

/* Working minutes as hours and minutes ("12h05m"), translated. */
const char *order_minutes(int minutes, char *buf, size_t cap);
/* A clock seen now, in words for the order's page: its state, due time, time left or by how
 * much it was missed, with "*" due within two working hours and "!" overdue or missed. */
void order_clock_words(const bm_wo_clock *c, const bm_wo_clock_view *v, char *buf, size_t cap);

/* The home screen's reminder of orders due within two working hours and overdue, given as
 * core allows (inside office hours, or to the duty officer on duty); "" when none. */
void orders_reminder_line(app *a, char *buf, size_t cap);

#endif
