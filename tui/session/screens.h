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
/* 12345 hotline work orders: BM260 the list, BM261 an order, BM262 its steps, BM263 a new
 * order entered by hand. */
extern const screen_def screen_orders;
extern const screen_def screen_order;
extern const screen_def screen_order_steps;
extern const screen_def screen_order_new;
extern const screen_def screen_case;
extern const screen_def screen_steps;
extern const screen_def screen_document;
/* BM310: the duty roster of a centre, a week or a month at a time; BM315 changing it. */
extern const screen_def screen_roster;
extern const screen_def screen_roster_edit;
/* Always open (duty): BM312 the centre's hand-overs, BM313 one of them, BM314 writing one;
 * BM319 the clerk's appointments and duty. */
extern const screen_def screen_handovers;
extern const screen_def screen_handover;
extern const screen_def screen_handover_write;
extern const screen_def screen_duty_hub;
/* BM320 the day's appointments, BM321 booking or moving one, BM322 its slip. */
extern const screen_def screen_appts;
extern const screen_def screen_appt_book;
extern const screen_def screen_appt_slip;
/* BM316 the appointment slots of a centre (opened from the roster). */
extern const screen_def screen_appt_slots;
/* BM330 where the centre's staff are (whereabouts notes), BM331 leaving one's own. */
extern const screen_def screen_whereabouts;
extern const screen_def screen_where_set;
/* BM250: the proxy ledger (代办台账) of the agent's village. */
extern const screen_def screen_proxy_ledger;
/* Reports (issue 15): BM600 the figures of a period, BM601 rankings and the disclosure board,
 * BM603 the overdue cases behind a report (on the case list of scr_cases.c). */
extern const screen_def screen_report;
extern const screen_def screen_board;
extern const screen_def screen_cases_overdue;
/* The village agent and the township's receipt (issue 11): BM251 the village intake (代办收件),
 * BM252 one proxy request and its moves, BM253 the requests forwarded to the centre (镇审核). */
extern const screen_def screen_agent_intake;
extern const screen_def screen_proxy_request;
extern const screen_def screen_proxy_inbox;
/* BM254 the special-group ledger (特殊人群台账), BM255 one person's home visits. */
extern const screen_def screen_agent_special;
extern const screen_def screen_agent_visit;
/* BM256 the requests whose person is to be called back (回访). */
extern const screen_def screen_agent_callbacks;
/* ---- the centre head's desk (issue 14) ---- begin
 * BM500 the head's desk; BM501 overdue and BM503 due-soon cases; BM502 the centre's
 * supervisions, BM504 those addressed to me; BM510 bad ratings and their rectifications,
 * BM511 mine; BM520 the clerk's ratings and callbacks; BM521 callbacks due; BM522 cases sent
 * back by a callback; BM530 could-not-get-it-done; BM540 a desk step's form. */
extern const screen_def screen_sup_desk;
extern const screen_def screen_sup_overdue;
extern const screen_def screen_sup_due_soon;
extern const screen_def screen_sup_list;
extern const screen_def screen_sup_mine;
extern const screen_def screen_sup_rect;
extern const screen_def screen_sup_rect_mine;
extern const screen_def screen_clerk_desk;
extern const screen_def screen_callbacks;
extern const screen_def screen_sent_back;
extern const screen_def screen_sup_impossible;
extern const screen_def screen_sup_ask;
/* ---- the centre head's desk ---- end */
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
/* The matter catalogue (issue 16): BM940 the list, BM941 a matter, BM942 editing it, BM943
 * its versions, BM944 retiring it, BM945 importing a file with a preview, BM946 a text (what
 * changed, a bundle's matters). */
extern const screen_def screen_admin_catalogue;
extern const screen_def screen_admin_cat_matter;
extern const screen_def screen_admin_cat_edit;
extern const screen_def screen_admin_cat_versions;
extern const screen_def screen_admin_cat_retire;
extern const screen_def screen_admin_cat_import;
extern const screen_def screen_admin_cat_text;
/* BM930 the working-day calendar, a year at a glance. */
extern const screen_def screen_admin_calendar;
/* BM960 the audit log and its chain check; BM970 backups. */
extern const screen_def screen_admin_audit;
extern const screen_def screen_admin_backup;
/* BM980 live sessions on every server process, BM981 one of them (message, end). */
extern const screen_def screen_admin_sessions;
extern const screen_def screen_admin_session;
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
