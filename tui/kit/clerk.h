/* Ways into the clerk's case screens from other screens: a case's detail, a document (receipt or
 * notice) of a case, and the rating of a completed case. Each pushes its screen over the
 * current one. */
#ifndef TUI_CLERK_H
#define TUI_CLERK_H

#include <stdint.h>
#include "tui/session/app.h"

/* BM230: the case's detail; with handle set, its list of steps (BM231) opens at once. A case
 * core does not let the user see leaves the current screen with core's reason on the message
 * line; returns 0 when the detail opened. */
int case_detail_open(app *a, int64_t case_id, int handle);
/* The same by case number. */
int case_detail_open_no(app *a, const char *no, int handle);

/* BM240: the document of a case (enum doc_kind) on screen; F9 prints it. With print set it is
 * printed at once as well. */
void doc_view_open(app *a, int64_t case_id, int kind, int print);
/* BM240 showing a document already laid out from its data (a one-time notice of advice given,
 * which has no case); the pointer is a struct doc_data (tui/kit/receipt.h). */
struct doc_data;
void doc_show(app *a, const struct doc_data *d, int64_t case_id, int print);
/* BM240 showing a text laid out elsewhere (a proxy request's slip or notice, no case behind it):
 * its title (translated) and number on the status line; takes the malloc'd text. */
void doc_show_text(app *a, const char *title, const char *no, char *text, int print);

/* BM231: the steps the case can take now. */
void steps_open(app *a, int64_t case_id);

/* BM231 straight at the rating of a completed case (好差评). */
void case_rate_open(app *a, int64_t case_id);

#endif
