/* The screen table: every screen of the program declared once. A row names the screen (its
 * scr_*.c file holds the id, title, help, keys and draft support), the roles that may open it,
 * and its entry on each role's home menu. The home menu, the drafts' screen_by_id and the
 * opening of screens all read this table. Adding a screen = one scr_*.c file and one row. */
#ifndef TUI_SCREENS_H
#define TUI_SCREENS_H

#include "core/user.h"
#include "tui/session/app.h"

/* BM100: the home menu for the user's role. */
extern const screen_def screen_home;
/* The clerk's window: BM210 intake; BM220 my cases, BM221 the centre's open cases, BM222
 * search; BM230 a case, BM231 its steps, BM240 a receipt or notice of it. */
extern const screen_def screen_intake;
extern const screen_def screen_cases_mine;
extern const screen_def screen_cases_centre;
extern const screen_def screen_search;
/* BM223: the duty officer's off-hours queue, on the same work list. */
extern const screen_def screen_cases_duty;
extern const screen_def screen_orders;
extern const screen_def screen_case;
extern const screen_def screen_steps;
extern const screen_def screen_document;
/* BM310: the duty roster of the user's centre, a week at a time. */
extern const screen_def screen_roster;
/* BM250: the proxy ledger (代办台账) of the agent's village. */
extern const screen_def screen_proxy_ledger;
/* The administrator's maintenance screens (BM910-BM989): BM910 users, BM911 one account,
 * BM912 a new user; BM913 change my password (every role; forced after a one-time one). */
extern const screen_def screen_admin_users;
extern const screen_def screen_admin_user;
extern const screen_def screen_admin_user_add;
extern const screen_def screen_admin_password;
/* BM920 the organisation tree, BM921 one unit, BM922 a new unit. */
extern const screen_def screen_admin_org;
extern const screen_def screen_admin_unit;
extern const screen_def screen_admin_unit_add;
/* BM930 the working-day calendar, a year at a glance. */
extern const screen_def screen_admin_calendar;
/* BM960 the audit log and its chain check; BM970 backups. */
extern const screen_def screen_admin_audit;
extern const screen_def screen_admin_backup;
/* BM900: my settings: charset, line drawing, language. */
extern const screen_def screen_settings;

#define SCREEN_ROLES (BM_ROLE_ADMIN + 1)
#define ROLE_BIT(r) (1u << (r))

typedef struct screen_row {
    const screen_def *screen;      /* NULL: not built yet, and the home menu says so */
    const char *label;             /* msgid: the home menu entry, NULL when on no menu */
    const char *desc;              /* msgid: its one-line description */
    char menu_key[SCREEN_ROLES];   /* per role: its number on that role's home menu, 0: none */
    unsigned roles;                /* ROLE_BITs of roles that open it from elsewhere too */
} screen_row;

/* The rows, and how many. */
extern const screen_row screen_table[];
extern const int screen_table_count;

/* The screen with this id (drafts name their screen by id), or NULL. */
const screen_def *screen_by_id(const char *id);
/* The row of a screen, or NULL when the table does not know it. */
const screen_row *screen_row_of(const screen_def *def);
/* Whether a user of this role may open the screen (on their menu or among its roles). */
int screen_allowed(const screen_def *def, int role);
/* The home menu of a role: rows in the order of their numbers; returns how many (at most cap). */
int screen_menu(int role, const screen_row **out, int cap);

#endif
