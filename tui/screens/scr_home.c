/* BM100, the home menu: what a user of each role can do, one key away. Entries whose screens
 * are not built yet say so when chosen. */
#include "tui/kit/home_notes.h"
#include "tui/session/app.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"
#include "forms/frame.h"
#include "forms/menu.h"
#include "forms/text.h"

#include <string.h>

#define MAX_ENTRIES 12

typedef struct home_state {
    const screen_row *entries[MAX_ENTRIES];
    int count;
    fm_menu_item items[MAX_ENTRIES];
    fm_menu menu;
    int role;       /* whose menu it is */
    char lang[8];   /* the language the items were translated in */
    char notes[HOME_NOTES_MAX][200]; /* lines under the menu: who is on duty, ... */
    int notes_stale;  /* an entry was opened: read the notes again when the menu is back */
} home_state;

/* Menu items hold translated text, so they are rebuilt when the language changes. */
static void translate_items(app *a, home_state *s)
{
    for (int i = 0; i < HOME_NOTES_MAX; i++) {
        s->notes[i][0] = 0;
        if (home_notes[i])
            home_notes[i](a, s->notes[i], sizeof s->notes[i]);
        else
            break;
    }
    for (int i = 0; i < s->count; i++) {
        s->items[i].key = s->entries[i]->menu_key[s->role];
        s->items[i].label = _(s->entries[i]->label);
        s->items[i].desc = _(s->entries[i]->desc);
        s->items[i].status = NULL;
    }
    snprintf(s->lang, sizeof s->lang, "%s", i18n_current());
}

static void home_open(app *a, void *st)
{
    home_state *s = st;
    s->role = a->user.role;
    s->count = screen_menu(s->role, s->entries, MAX_ENTRIES);
    if (s->count == 0) {   /* a role the table does not know sees the clerk's menu */
        s->role = BM_ROLE_CLERK;
        s->count = screen_menu(s->role, s->entries, MAX_ENTRIES);
    }
    translate_items(a, s);
    fm_menu_init(&s->menu, s->items, s->count);
}

static void home_draw(app *a, void *st, WINDOW *w)
{
    home_state *s = st;
    if (s->notes_stale || strcmp(s->lang, i18n_current()) != 0)
        translate_items(a, s);
    s->notes_stale = 0;
    /* The settings entry shows what is in use, as a reminder of where to change it. */
    static char settings_status[96];
    snprintf(settings_status, sizeof settings_status, _("Charset %s   Language %s"),
             a->charset_name ? a->charset_name : "UTF-8",
             strcmp(a->lang, "en") == 0 ? "English" : "中文");
    for (int i = 0; i < s->count; i++)
        if (s->entries[i]->screen == &screen_settings)
            s->items[i].status = settings_status;
    int label_cols = 0;
    for (int i = 0; i < s->count; i++) {
        int lw = fm_width(s->items[i].label);
        if (lw > label_cols)
            label_cols = lw;
    }
    int prompt_y = getmaxy(w) - 4;
    for (int i = 0, y = prompt_y - 2; i < HOME_NOTES_MAX; i++)
        if (s->notes[i][0] && y > FM_BODY_TOP + 1 + s->count)
            fm_put(w, y--, 1, s->notes[i], getmaxx(w) - 2);
    int x = fm_menu_draw(&s->menu, w, FM_BODY_TOP + 1, label_cols, prompt_y,
                         _("Choose ===>"));
    app_cursor(a, prompt_y, x);
}

/* F11: the other language, for this session only; My settings saves it. */
static int switch_language(void *owner, void *st, fm_key k)
{
    (void)st, (void)k;
    app *a = owner;
    app_set_language(a, strcmp(a->lang, "en") == 0 ? "zh_CN" : "en");
    app_message(a, 0, "%s", _("Language switched for this session. My settings keeps it."));
    return FM_HANDLED;
}

static const fm_fkey home_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    APP_KEY_LOGOUT,
    { FM_KEY_F(11), NULL, N_("中文/English"), switch_language, 0 },
    FM_FKEYS_END,
};

static int home_key(app *a, void *st, fm_key k)
{
    home_state *s = st;
    int r = fm_menu_key(&s->menu, k);
    if (r == FM_REJECTED) {
        app_message(a, 1, "%s", _("No such entry: type one of the numbers shown, then Enter."));
        return FM_HANDLED;
    }
    if (r == FM_SUBMIT) {
        const screen_row *e = s->entries[s->menu.chosen];
        if (e->screen) {
            s->notes_stale = 1;
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
    .keys = home_keys,
    .help = N_("This is your home menu. Type the number of what you want to do and press "
               "Enter, or move with Up and Down and press Enter.\n"
               "The first line shows the screen id, your centre, your name and role, and the "
               "date. Messages appear on the last line; errors in reverse video."),
    .state_size = sizeof(home_state),
    .open = home_open,
    .draw = home_draw,
    .key = home_key,
};
