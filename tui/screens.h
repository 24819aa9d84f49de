/* Every screen of the program, one file each (tui/scr_*.c). The home menu opens them. */
#ifndef TUI_SCREENS_H
#define TUI_SCREENS_H

#include "tui/app.h"

/* BM100: the home menu for the user's role. */
extern const screen_def screen_home;
/* BM900: my settings: charset, line drawing, language. */
extern const screen_def screen_settings;

/* The screen with this id (drafts name their screen by id), or NULL. */
const screen_def *screen_by_id(const char *id);

#endif
