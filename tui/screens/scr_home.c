/* BM100, the home menu: what a user of each role can do, one key away. Entries whose screens
 * are not built yet say so when chosen. */
#include "tui/session/app.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"
#include "forms/frame.h"
#include "forms/menu.h"
#include "forms/text.h"

#include <string.h>

typedef struct home_entry {
    char key;
    const char *label;   /* msgid */
    const char *desc;    /* msgid */
    const screen_def *screen;   /* NULL: not built yet, and the menu says so */
} home_entry;

static const home_entry clerk_entries[] = {
    { '1', N_("Intake"), N_("One-window intake: applicant, matter, materials, receipt"),
      &screen_intake },
    { '2', N_("My cases"), N_("Cases waiting for me, due soon and overdue"), &screen_cases_mine },
    { '3', N_("Centre cases"), N_("All open cases of this centre (AB-post cover)"),
      &screen_cases_centre },
    { '4', N_("Search"), N_("Case no. / ID no. / phone / name / pinyin initials"),
      &screen_search },
    { '5', N_("Appointments and duty"), N_("Today's appointments, this week's roster"), NULL },
    { '6', N_("Ratings and callbacks"), N_("Record ratings, make callbacks"), NULL },
    { '7', N_("My settings"), N_("Charset, line drawing, language"), &screen_settings },
};

static const home_entry agent_entries[] = {
    { '1', N_("Take a request"), N_("Record a villager's request and materials"), NULL },
    { '2', N_("Proxy ledger"), N_("Every request until its answer is back"), NULL },
    { '3', N_("Special groups"), N_("Elderly, disabled, left-behind: visits"), NULL },
    { '4', N_("Search"), N_("Case no. / ID no. / phone / name / pinyin initials"),
      &screen_search },
    { '5', N_("Callbacks"), N_("Report results back to villagers"), NULL },
    { '7', N_("My settings"), N_("Charset, line drawing, language"), &screen_settings },
};

static const home_entry duty_entries[] = {
    { '1', N_("Off-hours queue"), N_("Requests that came in outside office hours"), NULL },
    { '2', N_("Appointments"), N_("Book a time slot, extended hours"), NULL },
    { '3', N_("Handover"), N_("Hand over to the next working day"), NULL },
    { '4', N_("Search"), N_("Case no. / ID no. / phone / name / pinyin initials"),
      &screen_search },
    { '5', N_("Whereabouts notes"), N_("Where staff are and when they are back"), NULL },
    { '7', N_("My settings"), N_("Charset, line drawing, language"), &screen_settings },
};

static const home_entry supervisor_entries[] = {
    { '1', N_("Supervision"), N_("Overdue and due-soon cases, follow-ups"), NULL },
    { '2', N_("Could-not-get-it-done"), N_("Escalations from the could-not-get-it-done window"), NULL },
    { '3', N_("Reports"), N_("Daily, weekly and monthly figures"), NULL },
    { '4', N_("Bad ratings"), N_("Rectification of unsatisfied ratings"), NULL },
    { '5', N_("Rankings and disclosure"), N_("Windows and staff, monthly boards"), NULL },
    { '6', N_("Search"), N_("Case no. / ID no. / phone / name / pinyin initials"),
      &screen_search },
    { '7', N_("My settings"), N_("Charset, line drawing, language"), &screen_settings },
};

static const home_entry admin_entries[] = {
    { '1', N_("Users"), N_("Accounts, roles, passwords, keys, locks"), NULL },
    { '2', N_("Organisation"), N_("County, centres, villages, windows"), NULL },
    { '3', N_("Matter catalogue"), N_("Matters, materials, bundles, versions"), NULL },
    { '4', N_("Working-day calendar"), N_("Holidays and make-up working days"), NULL },
    { '5', N_("Duty roster"), N_("Who is on duty when"), NULL },
    { '6', N_("Audit log"), N_("Who changed what, and the chain check"), NULL },
    { '7', N_("Backup"), N_("Copies of the case database"), NULL },
    { '8', N_("My settings"), N_("Charset, line drawing, language"), &screen_settings },
};

#define MAX_ENTRIES 12

typedef struct home_state {
    const home_entry *entries;
    int count;
    fm_menu_item items[MAX_ENTRIES];
    fm_menu menu;
    char lang[8];   /* the language the items were translated in */
} home_state;

static void role_entries(int role, const home_entry **entries, int *count)
{
#define PICK(arr) do { *entries = arr; *count = (int)(sizeof arr / sizeof arr[0]); } while (0)
    switch (role) {
    case BM_ROLE_AGENT: PICK(agent_entries); break;
    case BM_ROLE_DUTY: PICK(duty_entries); break;
    case BM_ROLE_SUPERVISOR: PICK(supervisor_entries); break;
    case BM_ROLE_ADMIN: PICK(admin_entries); break;
    default: PICK(clerk_entries); break;
    }
#undef PICK
}

/* Menu items hold translated text, so they are rebuilt when the language changes. */
static void translate_items(home_state *s)
{
    for (int i = 0; i < s->count; i++) {
        s->items[i].key = s->entries[i].key;
        s->items[i].label = _(s->entries[i].label);
        s->items[i].desc = _(s->entries[i].desc);
        s->items[i].status = NULL;
    }
    snprintf(s->lang, sizeof s->lang, "%s", i18n_current());
}

static void home_open(app *a, void *st)
{
    home_state *s = st;
    role_entries(a->user.role, &s->entries, &s->count);
    translate_items(s);
    fm_menu_init(&s->menu, s->items, s->count);
}

static void home_draw(app *a, void *st, WINDOW *w)
{
    home_state *s = st;
    if (strcmp(s->lang, i18n_current()) != 0)
        translate_items(s);
    /* The settings entry shows what is in use, as a reminder of where to change it. */
    static char settings_status[96];
    snprintf(settings_status, sizeof settings_status, _("Charset %s   Language %s"),
             a->charset_name ? a->charset_name : "UTF-8",
             strcmp(a->lang, "en") == 0 ? "English" : "中文");
    for (int i = 0; i < s->count; i++)
        if (s->entries[i].screen == &screen_settings)
            s->items[i].status = settings_status;
    int label_cols = 0;
    for (int i = 0; i < s->count; i++) {
        int lw = fm_width(s->items[i].label);
        if (lw > label_cols)
            label_cols = lw;
    }
    int prompt_y = getmaxy(w) - 4;
    int x = fm_menu_draw(&s->menu, w, FM_BODY_TOP + 1, label_cols, prompt_y,
                         _("Choose ===>"));
    app_cursor(a, prompt_y, x);
}

static int home_key(app *a, void *st, fm_key k)
{
    home_state *s = st;
    if (k.code == FM_KEY_F(11)) {
        /* For this session only; My settings saves it. */
        app_set_language(a, strcmp(a->lang, "en") == 0 ? "zh_CN" : "en");
        app_message(a, 0, "%s", _("Language switched for this session. My settings keeps it."));
        return FM_HANDLED;
    }
    int r = fm_menu_key(&s->menu, k);
    if (r == FM_REJECTED) {
        app_message(a, 1, "%s", _("No such entry: type one of the numbers shown, then Enter."));
        return FM_HANDLED;
    }
    if (r == FM_SUBMIT) {
        const home_entry *e = &s->entries[s->menu.chosen];
        if (e->screen) {
            app_push(a, e->screen);
            return FM_HANDLED;
        }
        app_message(a, 0, _("\"%s\" is not available yet: it comes in a later version."),
                    _(e->label));
        return FM_HANDLED;
    }
    return r;
}

const screen_def screen_home = {
    .id = "BM100",
    .title = N_("Services"),
    .legend = N_("F1=Help  F3=Back  F10=Log out  F11=中文/English"),
    .help = N_("This is your home menu. Type the number of what you want to do and press "
               "Enter, or move with Up and Down and press Enter.\n"
               "The first line shows the screen id, your centre, your name and role, and the "
               "date. Messages appear on the last line; errors in reverse video."),
    .state_size = sizeof(home_state),
    .open = home_open,
    .draw = home_draw,
    .key = home_key,
};
