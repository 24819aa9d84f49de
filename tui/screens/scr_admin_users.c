/* BM910 users (用户管理): every account on the work list with its name, role, unit, lock, last
 * login and keys; typing finds by login, name, pinyin initials, unit or role. Option 5 (or
 * Enter) opens the account (BM911), F6 adds one (BM912): the new user gets a one-time password,
 * shown once here, which they must change at their first login. */
#include "core/user_admin.h"
#include "forms/form.h"
#include "forms/frame.h"
#include "forms/text.h"
#include "forms/worklist.h"
#include "tui/kit/caseui.h"
#include "tui/kit/listkeys.h"
#include "tui/screens/admin.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCOLS 7

typedef struct users_state {
    list_screen ls;   /* first: the shared list keys find it there */
    bm_user_info *rows;
    int count, cap;
    fm_column cols[NCOLS];
} users_state;

static const char *cell(void *ctx, int row, int col, char *buf, size_t cap, int *mark)
{
    users_state *s = ctx;
    *mark = FM_MARK_NONE;
    if (row < 0 || row >= s->count)
        return "";
    const bm_user_info *u = &s->rows[row];
    switch (col) {
    case 0: return u->u.login;
    case 1: return u->u.name;
    case 2: return app_role_label(u->u.role);
    case 3: return u->u.org_name;
    case 4:
        *mark = u->u.locked ? FM_MARK_ALERT : FM_MARK_NONE;
        return u->u.locked ? _("locked !") : u->must_change ? _("new") : "";
    case 5: {
        if (!u->last_login)
            return "-";
        char t[17];
        ui_time(u->last_login, t);
        snprintf(buf, cap, "%s", t + 5);   /* MM-DD HH:MM */
        return buf;
    }
    case 6:
        snprintf(buf, cap, "%d", u->keys);
        return buf;
    default: return "";
    }
}

static int keep_row(const bm_user_info *u, void *ctx)
{
    users_state *s = ctx;
    if (s->count == s->cap) {
        int cap = s->cap ? s->cap * 2 : 64;
        bm_user_info *n = realloc(s->rows, (size_t)cap * sizeof *n);
        if (!n)
            return 1;
        s->rows = n;
        s->cap = cap;
    }
    s->rows[s->count++] = *u;
    return s->count >= FM_LIST_MAX_ROWS;
}

static void reset(void *ctx)
{
    users_state *s = ctx;
    s->count = 0;
}

/* A county's staff fit in one read: the first page brings every account found. */
static int fetch(void *ctx, const char *query, int offset, int limit)
{
    (void)limit;
    users_state *s = ctx;
    if (offset > 0 && !query[0])
        return 0;
    int before = s->count;
    bm_err err;
    if (bm_user_find(s->ls.a->db, &s->ls.a->actor, query, keep_row, s, &err) != BM_OK) {
        ui_error(s->ls.a, &err);
        return -1;
    }
    return s->count - before;
}

static void act_on(void *ctx, int row, char option)
{
    (void)option;
    users_state *s = ctx;
    admin_open_user(s->ls.a, s->rows[row].u.login);
    fm_worklist_mark_stale(&s->ls.wl);
}

static const fm_worklist_spec spec = {
    .ncols = NCOLS, .options = "5", .default_option = '5', .page_rows = 50,
    .reset = reset, .fetch = fetch, .cell = cell, .act = act_on,
};

static void users_open(app *a, void *st)
{
    users_state *s = st;
    s->ls.a = a;
    fm_worklist_init(&s->ls.wl, &spec, s->cols, s);
    fm_worklist_reload(&s->ls.wl);
}

static void users_close(app *a, void *st)
{
    (void)a;
    users_state *s = st;
    free(s->rows);
    s->rows = NULL;
}

static void users_draw(app *a, void *st, WINDOW *w)
{
    users_state *s = st;
    s->ls.a = a;
    static const char *const titles[NCOLS] = { N_("Login"), N_("Name"), N_("Role"), N_("Unit"),
                                               N_("Lock"), N_("Last login"), N_("Keys") };
    static const int widths[NCOLS] = { 12, 8, 10, 14, 8, 11, 4 };
    for (int i = 0; i < NCOLS; i++) {
        s->cols[i].title = _(titles[i]);
        s->cols[i].width = widths[i];
        s->cols[i].right = i == 6;
    }
    const list_screen_words words = {
        .options = _("Options: 5=Open  F6=New user"),
        .prompt = "",
        .none_found = _("No account matches."),
        .empty = _("No accounts."),
    };
    list_screen_draw(a, &s->ls, w, &words);
}

static int users_key(app *a, void *st, fm_key k)
{
    return list_screen_key(a, st, k, N_("Options here: 5 open."));
}

static int new_key(void *owner, void *st, fm_key k)
{
    (void)k;
    users_state *s = st;
    app_push(owner, &screen_admin_user_add);
    fm_worklist_mark_stale(&s->ls.wl);
    return FM_HANDLED;
}

static const fm_fkey users_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    { FM_KEY_F(6), NULL, N_("New user"), new_key, 0 },
    LIST_SCREEN_KEYS,
    FM_FKEYS_END,
};

const screen_def screen_admin_users = {
    .id = "BM910",
    .title = N_("Users"),
    .keys = users_keys,
    .help = N_("Every staff account: login, name, role, unit, \"locked !\" for a locked "
               "account and \"new\" for one whose one-time password is not changed yet, the "
               "last login and the number of public keys.\n"
               "Type letters to find by login, name, pinyin initials, unit or role; F12 shows "
               "all again. 5 (or Enter) opens an account: role and unit, lock, password reset, "
               "keys. F6 adds a user."),
    .state_size = sizeof(users_state),
    .open = users_open,
    .close = users_close,
    .draw = users_draw,
    .key = users_key,
};

/* ---- BM912: a new user ------------------------------------------------------------------ */

typedef struct add_state {
    fm_form form;
    char built_lang[8];
} add_state;

static void add_build(app *a, add_state *s)
{
    char keep[1024];
    fm_form_save(&s->form, keep, sizeof keep);
    fm_form *f = &s->form;
    fm_form_init(f, NULL, NULL, s);
    int lc = fm_form_label_cols(_("Login"), _("Unit code"));
    fm_form_add_field(f, "login", _("Login"), 0, 3, lc, 20, 32, FM_FIELD_ASCII, 0);
    fm_form_add_field(f, "name", _("Name"), 1, 3, lc, 20, 20, 0, 0);
    fm_form_add_field(f, "role", _("Role"), 2, 3, lc, 1, 1, FM_FIELD_DIGITS, 0);
    fm_form_add_text(f, 3, 5 + lc, admin_role_choices(), 0);
    fm_form_add_noted(f, "unit", _("Unit code"), 4, 3, lc, 20, 32, FM_FIELD_ASCII, 0,
                      _("(Organisation lists the codes)"));
    fm_form_add_field(f, "phone", _("Phone"), 5, 3, lc, 15, 20, FM_FIELD_ASCII, 0);
    fm_form_load(f, keep);
    snprintf(s->built_lang, sizeof s->built_lang, "%s", a->lang);
}

static void add_open(app *a, void *st)
{
    add_build(a, st);
}

static void add_draw(app *a, void *st, WINDOW *w)
{
    add_state *s = st;
    if (strcmp(s->built_lang, a->lang) != 0)
        add_build(a, s);
    int cy, cx, cols = getmaxx(w);
    fm_form_draw(&s->form, w, FM_BODY_TOP + 1, 7, &cy, &cx);
    fm_put(w, FM_BODY_TOP + 9, 3,
           _("F2 adds the user and shows a one-time password once: give it to the user, who "
             "must change it at the first login."), cols - 4);
    if (cy >= 0)
        app_cursor(a, cy, cx);
}

static void add_save(app *a, add_state *s)
{
    char login[40], name[80], role[4], unit[40], phone[24], onetime[32];
    fm_form_value(&s->form, "login", login, sizeof login);
    fm_form_value(&s->form, "name", name, sizeof name);
    fm_form_value(&s->form, "role", role, sizeof role);
    fm_form_value(&s->form, "unit", unit, sizeof unit);
    fm_form_value(&s->form, "phone", phone, sizeof phone);
    bm_err err;
    if (bm_user_add_onetime(a->db, &a->actor, login, name, atoi(role), unit, phone, onetime,
                            sizeof onetime, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    char text[400];
    snprintf(text, sizeof text,
             _("User %s (%s) is added.\n\nOne-time password:  %s\n\nIt is shown only now. "
               "The user must change it at the first login."), login, name, onetime);
    explicit_bzero(onetime, sizeof onetime);
    app_pop(a);
    app_notice(a, _("New user"), text);
    explicit_bzero(text, sizeof text);
}

static int add_key(app *a, void *st, fm_key k)
{
    add_state *s = st;
    int r = fm_form_key(&s->form, k);
    if (r == FM_SUBMIT) {
        add_save(a, s);
        return FM_HANDLED;
    }
    return r;
}

static int add_save_key(void *owner, void *st, fm_key k)
{
    (void)k;
    add_save(owner, st);
    return FM_HANDLED;
}

static const fm_fkey add_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Add"), add_save_key, 0 },
    APP_KEY_BACK,
    APP_KEY_CANCEL,
    FM_FKEYS_END,
};

const screen_def screen_admin_user_add = {
    .id = "BM912",
    .title = N_("New user"),
    .keys = add_keys,
    .help = N_("Login: lower-case letters, digits, '.', '-' or '_', starting with a letter. "
               "Role: its number. Unit code: as the Organisation screen lists it (agents "
               "belong to a village; clerks, duty staff and supervisors to a centre; admins "
               "to the county). F2 adds the user and shows the one-time password once."),
    .state_size = sizeof(add_state),
    .open = add_open,
    .draw = add_draw,
    .key = add_key,
};
