/* The screen table (see screens.h): each screen once, with its roles and home menu entries.
 *
 * Adding a screen: one tui/screens/scr_*.c holding its screen_def (id, title, help, its keys
 * as one fm_fkey list that draws the legend and dispatches, state size, draw and key), its
 * extern in screens.h, and one row below (the home menu label and description, the menu
 * number per role with KEYS/CLERK/..., the roles that may open it). A list screen is built on
 * forms/worklist.h (model: scr_cases.c), a record's actions on tui/kit/steps.h, a person on
 * tui/kit/applicant_block.h; the rules are core's to answer. Its words go through _() and
 * scripts/update-po. */
#include "tui/session/screens.h"
#include "tui/kit/pick.h"
#include "tui/session/i18n.h"

#include <string.h>

#define SEARCH_DESC N_("Case no. / ID no. / phone / name / pinyin initials")
#define SETTINGS_DESC N_("Charset, line drawing, language")
#define ALL_ROLES (ROLE_BIT(BM_ROLE_CLERK) | ROLE_BIT(BM_ROLE_AGENT) | ROLE_BIT(BM_ROLE_DUTY) | \
                   ROLE_BIT(BM_ROLE_SUPERVISOR) | ROLE_BIT(BM_ROLE_ADMIN))
/* Those who look cases up, and so open a case, its steps and its documents. */
#define CASE_ROLES (ALL_ROLES & ~ROLE_BIT(BM_ROLE_ADMIN))
/* Those who read hand-overs, book appointments and see the centre's staff notes. */
#define DUTY_READERS (ROLE_BIT(BM_ROLE_CLERK) | ROLE_BIT(BM_ROLE_DUTY) | \
                      ROLE_BIT(BM_ROLE_SUPERVISOR))

/* Menu numbers by role: CLERK, AGENT, DUTY, SUPERVISOR, ADMIN. */
#define KEYS(c, ag, d, s, ad) { [BM_ROLE_CLERK] = c, [BM_ROLE_AGENT] = ag, [BM_ROLE_DUTY] = d, \
                                [BM_ROLE_SUPERVISOR] = s, [BM_ROLE_ADMIN] = ad }
#define CLERK(k) KEYS(k, 0, 0, 0, 0)
#define AGENT(k) KEYS(0, k, 0, 0, 0)
#define DUTY(k) KEYS(0, 0, k, 0, 0)
#define SUPERVISOR(k) KEYS(0, 0, 0, k, 0)
#define ADMIN(k) KEYS(0, 0, 0, 0, k)

const screen_row screen_table[] = {
    { &screen_home, NULL, NULL, KEYS(0, 0, 0, 0, 0), ALL_ROLES },
    { &screen_settings, N_("My settings"), SETTINGS_DESC, KEYS('7', '7', '7', '7', '9'),
      ALL_ROLES },
    /* The clerk's window. */
    { &screen_intake, N_("Intake"), N_("One-window intake: applicant, matter, materials, receipt"),
      CLERK('1'), ROLE_BIT(BM_ROLE_DUTY) },   /* duty: F6 on the off-hours queue */
    { &screen_cases_mine, N_("My cases"), N_("Cases waiting for me, due soon and overdue"),
      CLERK('2'), CASE_ROLES },
    { &screen_cases_centre, N_("Centre cases"), N_("All open cases of this centre (AB-post cover)"),
      CLERK('3'), CASE_ROLES },
    { &screen_search, N_("Search"), SEARCH_DESC, KEYS('4', '4', '4', '6', 0), CASE_ROLES },
    { &screen_orders, N_("Hotline orders"),
      N_("12345 work orders and their clocks"), KEYS('8', 0, '8', '9', 0),
      CASE_ROLES & ~ROLE_BIT(BM_ROLE_AGENT) },
    { &screen_order, NULL, NULL, KEYS(0, 0, 0, 0, 0), CASE_ROLES & ~ROLE_BIT(BM_ROLE_AGENT) },
    { &screen_order_steps, NULL, NULL, KEYS(0, 0, 0, 0, 0),
      CASE_ROLES & ~ROLE_BIT(BM_ROLE_AGENT) },
    { &screen_order_new, NULL, NULL, KEYS(0, 0, 0, 0, 0),
      CASE_ROLES & ~ROLE_BIT(BM_ROLE_AGENT) },
    { &screen_duty_hub, N_("Appointments and duty"),
      N_("Today's appointments, this week's roster"), CLERK('5'), 0 },
    { &screen_clerk_desk, N_("Ratings and callbacks"), N_("Record ratings, make callbacks"),
      CLERK('6'), 0 },
    { &screen_case, NULL, NULL, KEYS(0, 0, 0, 0, 0), CASE_ROLES },
    { &screen_steps, NULL, NULL, KEYS(0, 0, 0, 0, 0), CASE_ROLES },
    { &screen_document, NULL, NULL, KEYS(0, 0, 0, 0, 0), CASE_ROLES },
    { &screen_pick_applicant, NULL, NULL, KEYS(0, 0, 0, 0, 0), ALL_ROLES },
    { &screen_pick_matter, NULL, NULL, KEYS(0, 0, 0, 0, 0), ALL_ROLES },
    { &screen_pick_list, NULL, NULL, KEYS(0, 0, 0, 0, 0), ALL_ROLES },
    /* Village proxy agents. */
    { &screen_agent_intake, N_("Take a request"), N_("Record a villager's request and materials"),
      AGENT('1'), 0 },
    { &screen_proxy_ledger, N_("Proxy ledger"), N_("Every request until its answer is back"),
      AGENT('2'), CASE_ROLES },
    { &screen_agent_special, N_("Special groups"), N_("Elderly, disabled, left-behind: visits"),
      AGENT('3'), CASE_ROLES & ~ROLE_BIT(BM_ROLE_AGENT) },
    { &screen_agent_visit, NULL, NULL, KEYS(0, 0, 0, 0, 0), CASE_ROLES },
    { &screen_agent_callbacks, N_("Callbacks"), N_("Report results back to villagers"),
      AGENT('5'), 0 },
    { &screen_proxy_request, NULL, NULL, KEYS(0, 0, 0, 0, 0), CASE_ROLES },
    { &screen_proxy_inbox, N_("Proxy requests"), N_("Requests forwarded by the village agents"),
      CLERK('9'), ROLE_BIT(BM_ROLE_CLERK) | ROLE_BIT(BM_ROLE_SUPERVISOR) },
    /* Duty staff. */
    { &screen_cases_duty, N_("Off-hours queue"), N_("Requests that came in outside office hours"),
      DUTY('1'), CASE_ROLES },
    { &screen_appts, N_("Appointments"), N_("Book a time slot, extended hours"), DUTY('2'),
      DUTY_READERS },
    { &screen_appt_book, NULL, NULL, KEYS(0, 0, 0, 0, 0), DUTY_READERS },
    { &screen_appt_slip, NULL, NULL, KEYS(0, 0, 0, 0, 0), DUTY_READERS },
    { &screen_handovers, N_("Handover"), N_("Hand over to the next working day"), DUTY('3'),
      DUTY_READERS },
    { &screen_handover, NULL, NULL, KEYS(0, 0, 0, 0, 0), DUTY_READERS },
    { &screen_handover_write, NULL, NULL, KEYS(0, 0, 0, 0, 0), DUTY_READERS },
    { &screen_whereabouts, N_("Whereabouts notes"), N_("Where staff are and when they are back"),
      DUTY('5'), DUTY_READERS },
    { &screen_where_set, NULL, NULL, KEYS(0, 0, 0, 0, 0), DUTY_READERS },
    { &screen_roster, N_("Duty roster"), N_("Who is on duty when"), KEYS(0, 0, '6', '8', '5'),
      CASE_ROLES },
    { &screen_roster_edit, NULL, NULL, KEYS(0, 0, 0, 0, 0),
      ROLE_BIT(BM_ROLE_SUPERVISOR) | ROLE_BIT(BM_ROLE_ADMIN) },
    { &screen_appt_slots, NULL, NULL, KEYS(0, 0, 0, 0, 0),
      ROLE_BIT(BM_ROLE_SUPERVISOR) | ROLE_BIT(BM_ROLE_ADMIN) },
    /* Centre heads. */
    { &screen_sup_desk, N_("Supervision"), N_("Overdue and due-soon cases, follow-ups"),
      SUPERVISOR('1'), 0 },
    { &screen_sup_impossible, N_("Could-not-get-it-done"),
      N_("Escalations from the could-not-get-it-done window"), SUPERVISOR('2'), 0 },
    { &screen_report, N_("Reports"), N_("Daily, weekly and monthly figures"), SUPERVISOR('3'),
      ROLE_BIT(BM_ROLE_CLERK) },
    { &screen_cases_overdue, NULL, NULL, KEYS(0, 0, 0, 0, 0),
      ROLE_BIT(BM_ROLE_SUPERVISOR) | ROLE_BIT(BM_ROLE_CLERK) },
    { &screen_sup_rect, N_("Bad ratings"), N_("Rectification of unsatisfied ratings"),
      SUPERVISOR('4'), 0 },
    /* ---- the centre head's desk (issue 14) ---- begin: screens opened from its lists */
    { &screen_sup_overdue, NULL, NULL, KEYS(0, 0, 0, 0, 0), ROLE_BIT(BM_ROLE_SUPERVISOR) },
    { &screen_sup_due_soon, NULL, NULL, KEYS(0, 0, 0, 0, 0), ROLE_BIT(BM_ROLE_SUPERVISOR) },
    { &screen_sup_list, NULL, NULL, KEYS(0, 0, 0, 0, 0), ROLE_BIT(BM_ROLE_SUPERVISOR) },
    { &screen_sup_mine, NULL, NULL, KEYS(0, 0, 0, 0, 0),
      ROLE_BIT(BM_ROLE_CLERK) | ROLE_BIT(BM_ROLE_DUTY) },
    { &screen_sup_rect_mine, NULL, NULL, KEYS(0, 0, 0, 0, 0),
      ROLE_BIT(BM_ROLE_CLERK) | ROLE_BIT(BM_ROLE_DUTY) },
    { &screen_callbacks, NULL, NULL, KEYS(0, 0, 0, 0, 0),
      ROLE_BIT(BM_ROLE_CLERK) | ROLE_BIT(BM_ROLE_SUPERVISOR) },
    { &screen_sent_back, NULL, NULL, KEYS(0, 0, 0, 0, 0),
      ROLE_BIT(BM_ROLE_CLERK) | ROLE_BIT(BM_ROLE_DUTY) },
    { &screen_sup_ask, NULL, NULL, KEYS(0, 0, 0, 0, 0),
      ROLE_BIT(BM_ROLE_CLERK) | ROLE_BIT(BM_ROLE_DUTY) | ROLE_BIT(BM_ROLE_SUPERVISOR) },
    /* ---- the centre head's desk ---- end */
    { &screen_board, N_("Rankings and disclosure"), N_("Windows and staff, monthly boards"),
      SUPERVISOR('5'), 0 },
    /* Administrators. */
    { &screen_admin_users, N_("Users"), N_("Accounts, roles, passwords, keys, locks"),
      ADMIN('1'), 0 },
    { &screen_admin_user, NULL, NULL, KEYS(0, 0, 0, 0, 0), ROLE_BIT(BM_ROLE_ADMIN) },
    { &screen_admin_user_add, NULL, NULL, KEYS(0, 0, 0, 0, 0), ROLE_BIT(BM_ROLE_ADMIN) },
    { &screen_admin_password, NULL, NULL, KEYS(0, 0, 0, 0, 0), ALL_ROLES },
    { &screen_admin_org, N_("Organisation"), N_("County, centres, villages, windows"),
      ADMIN('2'), 0 },
    { &screen_admin_unit, NULL, NULL, KEYS(0, 0, 0, 0, 0), ROLE_BIT(BM_ROLE_ADMIN) },
    { &screen_admin_unit_add, NULL, NULL, KEYS(0, 0, 0, 0, 0), ROLE_BIT(BM_ROLE_ADMIN) },
    { &screen_admin_catalogue, N_("Matter catalogue"), N_("Matters, materials, bundles, versions"),
      ADMIN('3'), 0 },
    { &screen_admin_cat_matter, NULL, NULL, KEYS(0, 0, 0, 0, 0), ROLE_BIT(BM_ROLE_ADMIN) },
    { &screen_admin_cat_edit, NULL, NULL, KEYS(0, 0, 0, 0, 0), ROLE_BIT(BM_ROLE_ADMIN) },
    { &screen_admin_cat_versions, NULL, NULL, KEYS(0, 0, 0, 0, 0), ROLE_BIT(BM_ROLE_ADMIN) },
    { &screen_admin_cat_retire, NULL, NULL, KEYS(0, 0, 0, 0, 0), ROLE_BIT(BM_ROLE_ADMIN) },
    { &screen_admin_cat_import, NULL, NULL, KEYS(0, 0, 0, 0, 0), ROLE_BIT(BM_ROLE_ADMIN) },
    { &screen_admin_cat_text, NULL, NULL, KEYS(0, 0, 0, 0, 0), ROLE_BIT(BM_ROLE_ADMIN) },
    { &screen_admin_calendar, N_("Working-day calendar"), N_("Holidays and make-up working days"),
      ADMIN('4'), 0 },
    { &screen_admin_audit, N_("Audit log"), N_("Who changed what, and the chain check"),
      ADMIN('6'), 0 },
    { &screen_admin_backup, N_("Backup"), N_("Copies of the case database"), ADMIN('7'), 0 },
    /* ---- live sessions (issue 16) ---- begin */
    { &screen_admin_sessions, N_("Live sessions"), N_("Who is logged in, messages, ending"),
      ADMIN('8'), 0 },
    { &screen_admin_session, NULL, NULL, KEYS(0, 0, 0, 0, 0), ROLE_BIT(BM_ROLE_ADMIN) },
    /* ---- live sessions ---- end */
};

const int screen_table_count = (int)(sizeof screen_table / sizeof screen_table[0]);

const screen_def *screen_by_id(const char *id)
{
    for (int i = 0; id && i < screen_table_count; i++)
        if (screen_table[i].screen && strcmp(screen_table[i].screen->id, id) == 0)
            return screen_table[i].screen;
    return NULL;
}

const screen_row *screen_row_of(const screen_def *def)
{
    for (int i = 0; def && i < screen_table_count; i++)
        if (screen_table[i].screen == def)
            return &screen_table[i];
    return NULL;
}

int screen_allowed(const screen_def *def, int role)
{
    const screen_row *r = screen_row_of(def);
    if (!r || role <= 0 || role >= SCREEN_ROLES)
        return 0;
    return r->menu_key[role] != 0 || (r->roles & ROLE_BIT(role)) != 0;
}

int screen_menu(int role, const screen_row **out, int cap)
{
    int n = 0;
    if (role <= 0 || role >= SCREEN_ROLES)
        return 0;
    /* Menu numbers are single characters: walk them in order. */
    for (int key = 1; key < 128 && n < cap; key++)
        for (int i = 0; i < screen_table_count && n < cap; i++)
            if (screen_table[i].menu_key[role] == key)
                out[n++] = &screen_table[i];
    return n;
}
