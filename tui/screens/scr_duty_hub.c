/* BM319 the clerk's "appointments and duty": one menu to today's appointments at the
 * centre, this week's duty roster, the hand-overs and the staff's whereabouts notes. */
#include "forms/frame.h"
#include "forms/menu.h"
#include "forms/text.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <string.h>

typedef struct hub_entry {
    const screen_def *screen;
    const char *label, *desc;   /* msgids */
} hub_entry;

static const hub_entry entries[] = {
    { &screen_appts, N_("Appointments"), N_("Today's appointments; book, move, receive") },
    { &screen_roster, N_("Duty roster"), N_("Who is on duty when") },
    { &screen_handovers, N_("Handover"), N_("Hand-overs of the duty shifts, to read and sign") },
    { &screen_whereabouts, N_("Whereabouts notes"), N_("Where staff are; leave your own note") },
};
#define NENTRIES ((int)(sizeof entries / sizeof entries[0]))

typedef struct hub_state {
    fm_menu_item items[NENTRIES];
    fm_menu menu;
} hub_state;

static void hub_open(app *a, void *st)
{
    (void)a;
    hub_state *s = st;
    for (int i = 0; i < NENTRIES; i++)
        s->items[i].key = (char)('1' + i);
    fm_menu_init(&s->menu, s->items, NENTRIES);
}

static void hub_draw(app *a, void *st, WINDOW *w)
{
    hub_state *s = st;
    int label_cols = 0;
    for (int i = 0; i < NENTRIES; i++) {
        s->items[i].label = _(entries[i].label);
        s->items[i].desc = _(entries[i].desc);
        if (fm_width(s->items[i].label) > label_cols)
            label_cols = fm_width(s->items[i].label);
    }
    int prompt_y = getmaxy(w) - 4;
    int x = fm_menu_draw(&s->menu, w, FM_BODY_TOP + 1, label_cols, prompt_y, _("Choose ===>"));
    app_cursor(a, prompt_y, x);
}

static int hub_key(app *a, void *st, fm_key k)
{
    hub_state *s = st;
    int r = fm_menu_key(&s->menu, k);
    if (r == FM_REJECTED) {
        app_message(a, 1, "%s", _("No such entry: type one of the numbers shown, then Enter."));
        return FM_HANDLED;
    }
    if (r == FM_SUBMIT) {
        app_push(a, entries[s->menu.chosen].screen);
        return FM_HANDLED;
    }
    return r;
}

static const fm_fkey hub_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    APP_KEY_LOGOUT,
    FM_FKEYS_END,
};

const screen_def screen_duty_hub = {
    .id = "BM319",
    .title = N_("Appointments and duty"),
    .keys = hub_keys,
    .help = N_("Today's appointments at your centre, this week's duty roster, the hand-overs "
               "of the duty shifts (those naming you wait for your signature) and where the "
               "staff are. Type a number and press Enter."),
    .state_size = sizeof(hub_state),
    .open = hub_open,
    .draw = hub_draw,
    .key = hub_key,
};
