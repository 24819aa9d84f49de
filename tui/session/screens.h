/* Every screen of the program, one file each (tui/scr_*.c). The home menu opens them. */
#ifndef TUI_SCREENS_H
#define TUI_SCREENS_H

#include "tui/session/app.h"

/* BM100: the home menu for the user's role. */
extern const screen_def screen_home;
/* The clerk's window (tui/scr_intake.c, scr_cases.c, scr_case.c): BM210 intake; BM220 my
 * cases, BM221 the centre's open cases, BM222 search; BM230 a case, BM231 its steps, BM240 a
 * receipt or notice of it. */
extern const screen_def screen_intake;
extern const screen_def screen_cases_mine;
extern const screen_def screen_cases_centre;
extern const screen_def screen_search;
extern const screen_def screen_case;
extern const screen_def screen_steps;
extern const screen_def screen_document;
/* BM900: my settings: charset, line drawing, language. */
extern const screen_def screen_settings;

/* The screen with this id (drafts name their screen by id), or NULL. */
const screen_def *screen_by_id(const char *id);

#endif
