/* BM900, my settings: the terminal's charset, how lines are drawn, and the UI language.
 * F2 applies them to this session at once and saves them for the next login. */
#include "tui/session/screens.h"
#include "tui/terminal/charset.h"
#include "tui/terminal/display.h"
#include "tui/session/i18n.h"
#include "forms/frame.h"
#include "forms/text.h"

#include <stdio.h>
#include <string.h>

enum { ROW_CHARSET, ROW_LINES, ROW_LANGUAGE, ROW_COUNT };

static const char *const line_names[] = {
    N_("Automatic"), N_("DEC graphics"), N_("Unicode"), N_("ASCII +-|"),
};
static const char *const line_codes[] = { "", "dec", "unicode", "ascii" };

static const char *const language_codes[] = { "zh_CN", "en" };
static const char *const language_names[] = { "中文", "English" };

typedef struct settings_state {
    int row;
    int choice[ROW_COUNT];
    int count[ROW_COUNT];
} settings_state;

static int index_of(const char *const *list, int n, const char *value)
{
    for (int i = 0; i < n; i++)
        if (value && strcmp(list[i], value) == 0)
            return i;
    return 0;
}

static void settings_open(app *a, void *st)
{
    settings_state *s = st;
    s->count[ROW_CHARSET] = charset_count;
    s->count[ROW_LINES] = 4;
    s->count[ROW_LANGUAGE] = 2;
    s->choice[ROW_CHARSET] = index_of(charset_names, charset_count,
                                      a->charset_name ? a->charset_name : "UTF-8");
    /* The line drawing the user chose; "automatic" unless a choice was saved. */
    s->choice[ROW_LINES] = index_of(line_codes, 4, a->user.lines);
    s->choice[ROW_LANGUAGE] = strcmp(a->lang, "en") == 0 ? 1 : 0;
}

static const char *value_text(int row, int i)
{
    switch (row) {
    case ROW_CHARSET: return charset_names[i];
    case ROW_LINES: return _(line_names[i]);
    default: return language_names[i];
    }
}

static void settings_draw(app *a, void *st, WINDOW *w)
{
    settings_state *s = st;
    static const char *const labels[ROW_COUNT] = {
        N_("Terminal charset"), N_("Line drawing"), N_("Language"),
    };
    int y = FM_BODY_TOP + 1, label_cols = 0;
    for (int r = 0; r < ROW_COUNT; r++)
        if (fm_width(_(labels[r])) > label_cols)
            label_cols = fm_width(_(labels[r]));
    int cursor_x = 0;
    for (int r = 0; r < ROW_COUNT; r++) {
        int row_y = y + 2 * r;
        fm_put(w, row_y, 3, _(labels[r]), label_cols);
        int x = 3 + label_cols + 2;
        /* Every choice shown, the chosen one between brackets: no colour needed. */
        for (int i = 0; i < s->count[r]; i++) {
            char item[64];
            int chosen = i == s->choice[r];
            snprintf(item, sizeof item, chosen ? "[%s]" : " %s ", value_text(r, i));
            if (chosen && r == s->row) {
                wattron(w, A_REVERSE);
                cursor_x = x + 1;
            }
            x += fm_put(w, row_y, x, item, getmaxx(w) - x);
            if (chosen && r == s->row)
                wattroff(w, A_REVERSE);
            x++;
        }
    }
    char now[256];
    snprintf(now, sizeof now, _("In use now: charset %s, line drawing %s."),
             a->charset_name ? a->charset_name : "UTF-8",
             _(line_names[a->line_style >= 0 && a->line_style < 4 ? a->line_style : 0]));
    fm_put(w, y + 2 * ROW_COUNT + 1, 3, now, getmaxx(w) - 4);
    fm_put(w, y + 2 * ROW_COUNT + 3, 3,
           _("Up/Down chooses a setting, Left/Right or Space changes it, F2 saves."),
           getmaxx(w) - 4);
    app_cursor(a, y + 2 * s->row, cursor_x);
}

static void save(app *a, settings_state *s)
{
    const char *charset_name = charset_names[s->choice[ROW_CHARSET]];
    int line_style = s->choice[ROW_LINES];   /* the order of enum display_lines */
    const char *lang = language_codes[s->choice[ROW_LANGUAGE]];
    bm_err err;
    if (bm_user_set_prefs(a->db, &a->actor, lang, charset_name, line_codes[line_style], &err) !=
        BM_OK) {
        app_message(a, 1, "%s", _(err.reason));
        return;
    }
    snprintf(a->user.charset, sizeof a->user.charset, "%s", charset_name);
    snprintf(a->user.lines, sizeof a->user.lines, "%s", line_codes[line_style]);
    snprintf(a->user.lang, sizeof a->user.lang, "%s", lang);
    app_set_language(a, lang);
    if (a->reconfigure)
        a->reconfigure(a->reconfigure_ctx, charset_name, line_style);
    app_message(a, 0, "%s", _("Saved: in use now, and at your next login."));
}

static int settings_key(app *a, void *st, fm_key k)
{
    settings_state *s = st;
    switch (k.code) {
    case FM_KEY_UP:
    case FM_KEY_BTAB:
        s->row = (s->row + ROW_COUNT - 1) % ROW_COUNT;
        return FM_HANDLED;
    case FM_KEY_DOWN:
    case FM_KEY_TAB:
    case FM_KEY_ENTER:
        s->row = (s->row + 1) % ROW_COUNT;
        return FM_HANDLED;
    case FM_KEY_LEFT:
        s->choice[s->row] = (s->choice[s->row] + s->count[s->row] - 1) % s->count[s->row];
        return FM_HANDLED;
    case FM_KEY_RIGHT:
        s->choice[s->row] = (s->choice[s->row] + 1) % s->count[s->row];
        return FM_HANDLED;
    case FM_KEY_CHAR:
        if (k.ch == L' ') {
            s->choice[s->row] = (s->choice[s->row] + 1) % s->count[s->row];
            return FM_HANDLED;
        }
        app_message(a, 1, "%s", _("Change a setting with Left/Right or Space."));
        return FM_HANDLED;
    default:
        return FM_IGNORED;
    }
}

static int save_key(void *owner, void *st, fm_key k)
{
    (void)k;
    save(owner, st);
    return FM_HANDLED;
}

static const fm_fkey settings_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Save"), save_key, 0 },
    APP_KEY_BACK,
    APP_KEY_CANCEL,
    FM_FKEYS_END,
};

const screen_def screen_settings = {
    .id = "BM900",
    .title = N_("My settings"),
    .keys = settings_keys,
    .help = N_("Terminal charset: what your terminal program is set to. Chinese in the wrong "
               "charset shows as garbage: UTF-8 for modern terminals, GBK or GB18030 for many "
               "Windows programs (PuTTY: Window > Translation).\n"
               "Line drawing: DEC graphics suit most terminals; Unicode suits the Linux console; "
               "choose ASCII if lines show as letters like qqqq or as question marks.\n"
               "Language: the language of the screens.\n"
               "F2 applies the settings at once and keeps them for your next login; F3 or F12 "
               "leaves without changing anything."),
    .state_size = sizeof(settings_state),
    .open = settings_open,
    .draw = settings_draw,
    .key = settings_key,
};
