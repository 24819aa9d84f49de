/* What the administrator's screens (BM910-BM989) share: opening an account from a list, and
 * the role choices as typed into a Role field. */
#ifndef TUI_SCREENS_ADMIN_H
#define TUI_SCREENS_ADMIN_H

#include "tui/session/app.h"

/* Opens BM911 for the account login. */
void admin_open_user(app *a, const char *login);
/* "1=Window clerk  2=Proxy agent ..." in the session's language (the number is the role). */
const char *admin_role_choices(void);

/* The home screen's line for an admin while a year's working-day calendar is not loaded
 * (next year's from 1 November); "" otherwise. */
void admin_calendar_note(app *a, char *buf, size_t cap);

/* "Sessions now: 2  BM220 我的办件 10.0.0.5 0:12 ..." for the account user_id (BM911). */
void admin_session_line(app *a, int64_t user_id, char *buf, size_t cap);

#endif
