/* The screen table walked as users meet it: every home-menu entry of every role opens its
 * screen or says it is not built yet; every key a screen's legend shows does something there;
 * and every screen, drawn at 80x24 in each language, shows its title, its whole legend and
 * (on the home menus) every entry's whole text, none of it cut. */
#include "tui/kit/pick.h"
#include "tui/session/app.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tests/unit/app_fixture.h"

static bm_db *db;
static const char *const logins[] = { "clerk", "agent", "duty", "supervisor", "admin" };
static const char *const langs[] = { "zh_CN", "en" };

static int setup(void **state)
{
    return app_fixture_setup("2026-09-29 10:00", "screens.db", &db, state);
}

static int teardown(void **state)
{
    return app_fixture_teardown(db, state);
}

static app *login(const char *who, const char *lang)
{
    app *a = malloc(sizeof *a);
    bm_user u;
    bm_err err;
    assert_non_null(a);
    assert_int_equal(bm_user_get(db, who, &u, &err), BM_OK);
    app_init(a, db, &u, "test", "127.0.0.1");
    app_set_language(a, lang);
    app_push(a, &screen_home);
    return a;
}

static void logout(app *a)
{
    app_free(a);
    free(a);
}

static void press(app *a, int code)
{
    app_key(a, (fm_key){ code, 0 });
}

static void type(app *a, const char *ascii)
{
    for (const char *p = ascii; *p; p++)
        app_key(a, (fm_key){ FM_KEY_CHAR, (wchar_t)*p });
}

static const screen_def *top(const app *a)
{
    return a->depth ? a->stack[a->depth - 1].def : NULL;
}

/* Whether the screen as drawn holds text on one row. */
static int drawn(const char *text)
{
    char row[512];
    for (int y = 0; y < LINES; y++)
        if (strstr(row_text(y, row, sizeof row), text))
            return 1;
    return 0;
}

/* Draws the top screen and checks its title and whole legend are there. */
static void check_drawn(app *a)
{
    const screen_def *def = top(a);
    werase(stdscr);
    app_draw(a, stdscr);
    char legend[256], row[512];
    /* The app leaves room for the Esc hint at the right end of the legend line. */
    fm_fkeys_legend(def->keys, tr, COLS - fm_width(_("(Esc+digit = F-key)")) - 2, legend,
                    sizeof legend);
    if (!drawn(_(def->title)))
        fail_msg("%s (%s): title \"%s\" cut: \"%s\"", def->id, i18n_current(), _(def->title),
                 row_text(0, row, sizeof row));
    if (strncmp(row_text(LINES - 2, row, sizeof row), legend, strlen(legend)) != 0)
        fail_msg("%s (%s): legend \"%s\" drawn as \"%s\"", def->id, i18n_current(), legend, row);
}

static void test_home_menus(void **state)
{
    (void)state;
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        for (size_t i = 0; i < sizeof logins / sizeof logins[0]; i++) {
            app *a = login(logins[i], langs[l]);
            const screen_row *rows[16];
            int n = screen_menu(a->user.role, rows, 16);
            assert_true(n >= 6);
            check_drawn(a);
            for (int e = 0; e < n; e++) {
                if (!drawn(_(rows[e]->label)) || !drawn(_(rows[e]->desc)))
                    fail_msg("%s home menu (%s): entry %c \"%s\" / \"%s\" cut", logins[i],
                             langs[l], rows[e]->menu_key[a->user.role], _(rows[e]->label),
                             _(rows[e]->desc));
            }
            for (int e = 0; e < n; e++) {
                char key[2] = { rows[e]->menu_key[a->user.role], 0 };
                type(a, key);
                press(a, FM_KEY_ENTER);
                if (rows[e]->screen) {
                    assert_ptr_equal(top(a), rows[e]->screen);
                    if (a->message_error)
                        fail_msg("%s opened with an error: %s", rows[e]->screen->id, a->message);
                    check_drawn(a);
                    while (a->depth > 1)
                        app_pop(a);
                } else {
                    assert_ptr_equal(top(a), &screen_home);
                    char want[256];
                    snprintf(want, sizeof want,
                             _("\"%s\" is not available yet: it comes in a later version."),
                             _(rows[e]->label));
                    assert_string_equal(a->message, want);
                }
            }
            logout(a);
        }
    }
}

/* Ways to reach each screen from a fresh login. */
static void to_menu(app *a, const char *key)
{
    type(a, key);
    press(a, FM_KEY_ENTER);
}

static void to_case(app *a)
{
    to_menu(a, "2");
    press(a, FM_KEY_ENTER);   /* Enter on the first of my cases shows it */
}

static void to_steps(app *a)
{
    to_case(a);
    press(a, FM_KEY_F(2));
}

static void to_document(app *a)
{
    to_case(a);
    press(a, FM_KEY_F(9));
}

static void to_picker(app *a)
{
    to_menu(a, "1");
    type(a, "zh");
    press(a, FM_KEY_F(4));
}

static void to_home(app *a) { (void)a; }
static void to_intake(app *a) { to_menu(a, "1"); }
static void to_mine(app *a) { to_menu(a, "2"); }
static void to_centre(app *a) { to_menu(a, "3"); }
static void to_search(app *a) { to_menu(a, "4"); }
static void to_settings(app *a) { to_menu(a, "7"); }
/* The duty officer's (these routes log in as duty). */
static void to_duty_queue(app *a) { to_menu(a, "1"); }
static void to_roster(app *a) { to_menu(a, "6"); }
static void to_roster_edit(app *a) { to_menu(a, "8"); press(a, FM_KEY_F(6)); }   /* supervisor */
static void to_appt_slots(app *a) { to_menu(a, "8"); press(a, FM_KEY_F(9)); }    /* supervisor */
static void to_orders(app *a) { to_menu(a, "8"); }
/* Hotline orders, at 石桥镇 where the demo's orders are (these routes log in as its duty
 * officer): Enter on the first row shows it, F2 its steps, F6 on the list a new order. */
static void to_order(app *a) { to_orders(a); press(a, FM_KEY_ENTER); }
static void to_order_steps(app *a) { to_order(a); press(a, FM_KEY_F(2)); }
static void to_order_new(app *a) { to_orders(a); press(a, FM_KEY_F(6)); }
/* Always open: the clerk's appointments and duty; the duty officer's hand-overs, the newest
 * read, and the writing of one. */
static void to_duty_hub(app *a) { to_menu(a, "5"); }
static void to_handovers(app *a) { to_menu(a, "3"); }
static void to_handover(app *a)
{
    to_menu(a, "3");
    press(a, FM_KEY_ENTER);
}
static void to_handover_write(app *a)
{
    to_menu(a, "3");
    press(a, FM_KEY_F(6));
}
static void to_appts(app *a) { to_menu(a, "2"); }
static void to_appt_book(app *a)
{
    to_menu(a, "2");
    press(a, FM_KEY_F(6));
}
/* The slip of the first appointment of the next day that has some (the demo books the next
 * five working days). */
static void to_appt_slip(app *a)
{
    to_menu(a, "2");
    for (int i = 0; i < 4; i++) {
        press(a, FM_KEY_F(9));
        press(a, FM_KEY_ENTER);
        if (top(a) == &screen_appt_slip)
            return;
    }
}
static void to_whereabouts(app *a) { to_menu(a, "5"); }
static void to_where_set(app *a)
{
    to_menu(a, "5");
    press(a, FM_KEY_F(6));
}
/* The clerk has the proxy ledger on no menu (the agent's entry 2): opened as a screen would. */
static void to_proxy_ledger(app *a) { app_push(a, &screen_proxy_ledger); }
/* The centre head's reports (these routes log in as supervisor). */
static void to_report(app *a) { to_menu(a, "3"); }
static void to_board(app *a) { to_menu(a, "5"); }
static void to_overdue(app *a)
{
    to_menu(a, "3");
    press(a, FM_KEY_F(4));
}
/* The village agent's (these routes log in as agent), and the clerk's receipt of requests. */
static void to_agent_intake(app *a) { to_menu(a, "1"); }
static void to_proxy_request(app *a)
{
    to_menu(a, "2");
    press(a, FM_KEY_ENTER);   /* Enter on the ledger's first request opens it */
}
static void to_proxy_inbox(app *a) { to_menu(a, "9"); }
static void to_special(app *a) { to_menu(a, "3"); }
static void to_callbacks(app *a) { to_menu(a, "5"); }
static void to_visits(app *a)
{
    to_special(a);
    press(a, FM_KEY_ENTER);   /* Enter on the first person opens their visits */
}

/* ---- the centre head's desk (issue 14) ---- begin: the head's desk lines, the clerk's
 * ratings and callbacks, and the step form (F6 on could-not-get-it-done). */
static void to_desk_line(app *a, const char *menu, const char *line)
{
    to_menu(a, menu);
    to_menu(a, line);
}
static void to_sup_desk(app *a) { to_menu(a, "1"); }
static void to_sup_overdue(app *a) { to_desk_line(a, "1", "1"); }
static void to_sup_due_soon(app *a) { to_desk_line(a, "1", "2"); }
static void to_sup_list(app *a) { to_desk_line(a, "1", "3"); }
static void to_sup_callbacks(app *a) { to_desk_line(a, "1", "5"); }
static void to_sup_rect(app *a) { to_menu(a, "4"); }
static void to_sup_impossible(app *a) { to_menu(a, "2"); }
static void to_sup_ask(app *a)
{
    to_menu(a, "2");
    press(a, FM_KEY_F(6));
}
static void to_clerk_desk(app *a) { to_menu(a, "6"); }
static void to_sup_mine(app *a) { to_desk_line(a, "6", "1"); }
static void to_rect_mine(app *a) { to_desk_line(a, "6", "2"); }
static void to_sent_back(app *a) { to_desk_line(a, "6", "4"); }
/* ---- the centre head's desk ---- end */

/* The administrator's (these routes log in as admin). */
static void to_admin_users(app *a) { to_menu(a, "1"); }
static void to_admin_user(app *a) { to_menu(a, "1"); press(a, FM_KEY_ENTER); }
static void to_admin_user_add(app *a) { to_menu(a, "1"); press(a, FM_KEY_F(6)); }
static void to_admin_password(app *a) { app_push(a, &screen_admin_password); }
static void to_admin_org(app *a) { to_menu(a, "2"); }
static void to_admin_unit(app *a) { to_menu(a, "2"); press(a, FM_KEY_ENTER); }
static void to_admin_unit_add(app *a) { to_menu(a, "2"); press(a, FM_KEY_F(6)); }
static void to_admin_calendar(app *a) { to_menu(a, "4"); }
static void to_admin_audit(app *a) { to_menu(a, "6"); }
static void to_admin_backup(app *a) { to_menu(a, "7"); }
/* The matter catalogue: the list, its first matter and what opens from there. */
static void to_cat(app *a) { to_menu(a, "3"); }
static void to_cat_matter(app *a) { to_menu(a, "3"); press(a, FM_KEY_ENTER); }
static void to_cat_edit(app *a) { to_cat_matter(a); press(a, FM_KEY_F(2)); }
static void to_cat_versions(app *a) { to_cat_matter(a); press(a, FM_KEY_F(6)); }
static void to_cat_retire(app *a) { to_cat_matter(a); press(a, FM_KEY_F(9)); }
static void to_cat_import(app *a) { to_menu(a, "3"); press(a, FM_KEY_F(6)); }
/* A bundle's matters: found by its code on the catalogue, opened with Enter. */
static void to_cat_text(app *a)
{
    to_menu(a, "3");
    type(a, "/YJS-01");
    press(a, FM_KEY_ENTER);
    press(a, FM_KEY_ENTER);
}
/* Live sessions: the list, and one session (none is registered here: it says it ended). */
static void to_admin_sessions(app *a) { to_menu(a, "8"); }
static void to_admin_session(app *a) { app_push(a, &screen_admin_session); }

static const struct route {
    const screen_def *def;
    void (*go)(app *a);
    const char *user;   /* who logs in; NULL: the clerk */
} routes[] = {
    { &screen_home, to_home, NULL },
    { &screen_intake, to_intake, NULL },
    { &screen_cases_mine, to_mine, NULL },
    { &screen_cases_centre, to_centre, NULL },
    { &screen_search, to_search, NULL },
    { &screen_settings, to_settings, NULL },
    { &screen_case, to_case, NULL },
    { &screen_steps, to_steps, NULL },
    { &screen_document, to_document, NULL },
    { &screen_pick_applicant, to_picker, NULL },
    { &screen_cases_duty, to_duty_queue, "duty" },
    { &screen_roster, to_roster, "duty" },
    { &screen_roster_edit, to_roster_edit, "supervisor" },
    { &screen_appt_slots, to_appt_slots, "supervisor" },
    { &screen_orders, to_orders, NULL },
    { &screen_proxy_ledger, to_proxy_ledger, NULL },
    { &screen_report, to_report, "supervisor" },
    { &screen_board, to_board, "supervisor" },
    { &screen_cases_overdue, to_overdue, "supervisor" },
    { &screen_agent_intake, to_agent_intake, "agent" },
    { &screen_proxy_request, to_proxy_request, "agent" },
    { &screen_proxy_inbox, to_proxy_inbox, NULL },
    { &screen_agent_special, to_special, "agent" },
    { &screen_agent_visit, to_visits, "agent" },
    { &screen_agent_callbacks, to_callbacks, "agent" },
    /* ---- the centre head's desk (issue 14) ---- begin */
    { &screen_sup_desk, to_sup_desk, "supervisor" },
    { &screen_sup_overdue, to_sup_overdue, "supervisor" },
    { &screen_sup_due_soon, to_sup_due_soon, "supervisor" },
    { &screen_sup_list, to_sup_list, "supervisor" },
    { &screen_callbacks, to_sup_callbacks, "supervisor" },
    { &screen_sup_rect, to_sup_rect, "supervisor" },
    { &screen_sup_impossible, to_sup_impossible, "supervisor" },
    { &screen_sup_ask, to_sup_ask, "supervisor" },
    { &screen_clerk_desk, to_clerk_desk, NULL },
    { &screen_sup_mine, to_sup_mine, NULL },
    { &screen_sup_rect_mine, to_rect_mine, NULL },
    { &screen_sent_back, to_sent_back, NULL },
    /* ---- the centre head's desk ---- end */
    { &screen_order, to_order, "luoyong" },
    { &screen_order_steps, to_order_steps, "luoyong" },
    { &screen_order_new, to_order_new, "luoyong" },
    { &screen_duty_hub, to_duty_hub, NULL },
    { &screen_handovers, to_handovers, "duty" },
    { &screen_handover, to_handover, "duty" },
    { &screen_handover_write, to_handover_write, "duty" },
    { &screen_appts, to_appts, "duty" },
    { &screen_appt_book, to_appt_book, "duty" },
    { &screen_appt_slip, to_appt_slip, "duty" },
    { &screen_whereabouts, to_whereabouts, "duty" },
    { &screen_where_set, to_where_set, "duty" },
    { &screen_admin_users, to_admin_users, "admin" },
    { &screen_admin_user, to_admin_user, "admin" },
    { &screen_admin_user_add, to_admin_user_add, "admin" },
    { &screen_admin_password, to_admin_password, NULL },
    { &screen_admin_org, to_admin_org, "admin" },
    { &screen_admin_unit, to_admin_unit, "admin" },
    { &screen_admin_unit_add, to_admin_unit_add, "admin" },
    { &screen_admin_calendar, to_admin_calendar, "admin" },
    { &screen_admin_audit, to_admin_audit, "admin" },
    { &screen_admin_backup, to_admin_backup, "admin" },
    { &screen_admin_catalogue, to_cat, "admin" },
    { &screen_admin_cat_matter, to_cat_matter, "admin" },
    { &screen_admin_cat_edit, to_cat_edit, "admin" },
    { &screen_admin_cat_versions, to_cat_versions, "admin" },
    { &screen_admin_cat_retire, to_cat_retire, "admin" },
    { &screen_admin_cat_import, to_cat_import, "admin" },
    { &screen_admin_cat_text, to_cat_text, "admin" },
    { &screen_admin_sessions, to_admin_sessions, "admin" },
    { &screen_admin_session, to_admin_session, "admin" },
};

static void test_every_built_screen_is_reached(void **state)
{
    (void)state;
    for (int i = 0; i < screen_table_count; i++) {
        const screen_def *def = screen_table[i].screen;
        if (!def || def == &screen_pick_matter || def == &screen_pick_list)
            continue;   /* the choosers share one screen; BM211 stands for them */
        int found = 0;
        for (size_t r = 0; r < sizeof routes / sizeof routes[0]; r++)
            found |= routes[r].def == def;
        if (!found)
            fail_msg("no route to %s in this test", def->id);
    }
}

/* The case lists' words, drawn in full: column titles, and the search's empty prompt. */
static void check_list_words(app *a)
{
    const screen_def *def = top(a);
    if (def != &screen_cases_mine && def != &screen_cases_centre && def != &screen_search &&
        def != &screen_cases_duty)
        return;
    static const char *const words[] = { N_("Case no."), N_("Applicant"), N_("Matter"),
                                         N_("Status"), N_("Left"), N_("Find") };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!drawn(_(words[i])))
            fail_msg("%s (%s): \"%s\" cut", def->id, i18n_current(), _(words[i]));
    const char *prompt = _("Type a case number, ID number, phone, name or pinyin initials in "
                           "Find, then Enter.");
    if (def == &screen_search && !drawn(prompt))
        fail_msg("%s (%s): \"%s\" cut", def->id, i18n_current(), prompt);
}

static void test_legend_keys_work(void **state)
{
    (void)state;
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        for (size_t r = 0; r < sizeof routes / sizeof routes[0]; r++) {
            app *a = login(routes[r].user ? routes[r].user : "clerk", langs[l]);
            routes[r].go(a);
            if (top(a) != routes[r].def)
                fail_msg("route to %s ends on %s: %s", routes[r].def->id,
                         top(a) ? top(a)->id : "-", a->message);
            check_drawn(a);
            check_list_words(a);
            logout(a);
            for (const fm_fkey *k = routes[r].def->keys; k && k->code != FM_KEY_NONE; k++) {
                if (!k->label)
                    continue;
                a = login(routes[r].user ? routes[r].user : "clerk", langs[l]);
                routes[r].go(a);
                app_key(a, (fm_key){ k->code, k->ch });
                char nothing[160] = "";
                if (k->code >= FM_KEY_F1 && k->code <= FM_KEY_F12)
                    snprintf(nothing, sizeof nothing,
                             _("F%d does nothing on this screen. F1 shows the keys."),
                             k->code - FM_KEY_F1 + 1);
                if (nothing[0] && strcmp(a->message, nothing) == 0)
                    fail_msg("%s shows %s=%s but ignores it", routes[r].def->id,
                             k->keyname ? k->keyname : "", k->label);
                logout(a);
            }
        }
    }
}

/* Drafts and help find a screen by its id: no two screens may share one. */
static void test_screen_ids_unique(void **state)
{
    (void)state;
    for (int i = 0; i < screen_table_count; i++)
        for (int j = i + 1; j < screen_table_count; j++) {
            const screen_def *a = screen_table[i].screen, *b = screen_table[j].screen;
            if (a && b && a != b && strcmp(a->id, b->id) == 0)
                fail_msg("screens %d and %d share the id %s", i, j, a->id);
        }
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_home_menus),
        cmocka_unit_test(test_every_built_screen_is_reached),
        cmocka_unit_test(test_legend_keys_work),
        cmocka_unit_test(test_screen_ids_unique),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
