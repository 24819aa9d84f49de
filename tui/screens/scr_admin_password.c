/* BM913 change my password: the new password twice, checked by core's rules (8 characters or
 * more, not the login, not a common one). Opened over the home menu at the login of a user who
 * holds a one-time password; until it is changed that user can only change it or log out. */
#include "core/user_admin.h"
#include "forms/form.h"
#include "forms/frame.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <string.h>

typedef struct password_state {
    fm_form form;
    int forced;         /* a one-time password: no way back until it is changed */
    char built_lang[8];
} password_state;

static void build(app *a, password_state *s)
{
    fm_form *f = &s->form;
    fm_form_init(f, NULL, NULL, s);
    int lc = fm_form_label_cols(_("New password"), _("Again"));
    fm_form_add_field(f, "new", _("New password"), 0, 3, lc, 30, 64, FM_FIELD_SECRET, 0);
    fm_form_add_field(f, "again", _("Again"), 2, 3, lc, 30, 64, FM_FIELD_SECRET, 0);
    snprintf(s->built_lang, sizeof s->built_lang, "%s", a->lang);
}

static void password_open(app *a, void *st)
{
    password_state *s = st;
    s->forced = bm_user_must_change(a->db, a->user.id) == 1;
    build(a, s);
}

static void password_close(app *a, void *st)
{
    (void)a;
    password_state *s = st;
    explicit_bzero(&s->form, sizeof s->form);
}

static void password_draw(app *a, void *st, WINDOW *w)
{
    password_state *s = st;
    int cols = getmaxx(w), y = FM_BODY_TOP + 1;
    if (strcmp(s->built_lang, a->lang) != 0)
        build(a, s);
    if (s->forced) {
        wattron(w, A_BOLD);
        fm_put(w, y, 3, _("Your password was set by an administrator: choose your own now."),
               cols - 4);
        wattroff(w, A_BOLD);
    }
    fm_put(w, y + 1, 3, _("At least 8 characters; not your login; not a common password."),
           cols - 4);
    int cy, cx;
    fm_form_draw(&s->form, w, y + 3, 4, &cy, &cx);
    fm_put(w, y + 8, 3, _("F2 saves the new password."), cols - 4);
    if (cy >= 0)
        app_cursor(a, cy, cx);
}

static void save(app *a, password_state *s)
{
    char pw[256], again[256];
    fm_form_value(&s->form, "new", pw, sizeof pw);
    fm_form_value(&s->form, "again", again, sizeof again);
    bm_err err;
    if (strcmp(pw, again) != 0) {
        app_message(a, 1, "%s", _("The two passwords differ: type the same one twice."));
        fm_form_set(&s->form, "again", "");
        fm_form_focus(&s->form, fm_form_find(&s->form, "again"));
    } else if (bm_user_change_own_password(a->db, &a->actor, pw, &err) != BM_OK) {
        ui_error(a, &err);
        fm_form_set(&s->form, "new", "");
        fm_form_set(&s->form, "again", "");
        fm_form_focus(&s->form, 0);
    } else {
        app_pop(a);
        app_message(a, 0, "%s", _("Your password is changed: use it at your next login."));
    }
    explicit_bzero(pw, sizeof pw);
    explicit_bzero(again, sizeof again);
}

static int password_key(app *a, void *st, fm_key k)
{
    password_state *s = st;
    int r = fm_form_key(&s->form, k);
    if (r == FM_SUBMIT) {
        save(a, s);
        return FM_HANDLED;
    }
    (void)a;
    return r;
}

static int save_key(void *owner, void *st, fm_key k)
{
    (void)k;
    save(owner, st);
    return FM_HANDLED;
}

/* F3 and F12 leave only a password the user may keep. */
static int leave_key(void *owner, void *st, fm_key k)
{
    password_state *s = st;
    if (s->forced) {
        app_message(owner, 1, "%s", _("Choose your own password first, or log out with F10."));
        return FM_HANDLED;
    }
    return app_key_back(owner, st, k);
}

static const fm_fkey password_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Save"), save_key, 0 },
    { FM_KEY_F(3), NULL, N_("Back"), leave_key, 0 },
    APP_KEY_LOGOUT,
    { FM_KEY_F(12), NULL, NULL, leave_key, 0 },
    { FM_KEY_ESC, NULL, NULL, leave_key, 0 },
    FM_FKEYS_END,
};

const screen_def screen_admin_password = {
    .id = "BM913",
    .title = N_("Change my password"),
    .keys = password_keys,
    .help = N_("Type the new password twice and press F2. A password has at least 8 "
               "characters, does not contain your login and is not one of the 1,000 most "
               "common passwords. After an administrator gave you a one-time password you "
               "must choose your own before anything else (F10 logs out)."),
    .state_size = sizeof(password_state),
    .open = password_open,
    .close = password_close,
    .draw = password_draw,
    .key = password_key,
};
