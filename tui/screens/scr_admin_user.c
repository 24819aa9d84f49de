/* BM911 one account (opened from BM910): who it is, its state (locked and why, one-time
 * password, last login), and what an administrator does to it: another role or unit (F2), lock
 * or unlock with a reason (F7), a new one-time password (F8), a public key added by pasting
 * an authorized_keys line (F6; its SHA256 fingerprint shown as `ssh-keygen -lf` prints it) or
 * removed by its number (F9). Core checks and audits every change. */
#include "core/org.h"
#include "core/user_admin.h"
#include "forms/dialog.h"
#include "forms/form.h"
#include "forms/frame.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/screens/admin.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"
#include "tui/transport/sshkeys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_KEYS 9

typedef struct stored_key {
    char *line;           /* as stored */
    char fingerprint[64]; /* SHA256:... */
    char comment[48];
} stored_key;

typedef struct user_state {
    char login[40];
    bm_user_info info;
    int loaded;
    stored_key keys[MAX_KEYS];
    int nkeys, more_keys;
    fm_form form;
    char built_lang[8];
    char sessions[320];   /* the account's live sessions, read with it */
} user_state;

void admin_open_user(app *a, const char *login)
{
    app_push(a, &screen_admin_user);
    user_state *s = app_top_state(a, &screen_admin_user);
    if (s) {
        snprintf(s->login, sizeof s->login, "%s", login);
        s->loaded = 0;
    }
}

const char *admin_role_choices(void)
{
    static char buf[200];
    size_t n = 0;
    buf[0] = 0;
    for (int r = BM_ROLE_CLERK; r <= BM_ROLE_ADMIN && n < sizeof buf; r++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%d=%s", r > 1 ? "  " : "", r,
                              app_role_label(r));
    return buf;
}

static void free_keys(user_state *s)
{
    for (int i = 0; i < s->nkeys; i++)
        free(s->keys[i].line);
    s->nkeys = s->more_keys = 0;
}

static int keep_key(const char *line, void *ctx)
{
    user_state *s = ctx;
    if (s->nkeys == MAX_KEYS) {
        s->more_keys = 1;
        return 1;
    }
    stored_key *k = &s->keys[s->nkeys];
    memset(k, 0, sizeof *k);
    if (!(k->line = strdup(line)))
        return 1;
    ssh_key key;
    char why[128];
    snprintf(k->fingerprint, sizeof k->fingerprint, "?");
    if (pubkey_parse_line(line, &key, why, sizeof why) == 0) {
        pubkey_fingerprint(key, k->fingerprint, sizeof k->fingerprint);
        ssh_key_free(key);
    }
    const char *c = strchr(line, ' ');
    c = c ? strchr(c + 1, ' ') : NULL;
    snprintf(k->comment, sizeof k->comment, "%s", c ? c + 1 : "");
    s->nkeys++;
    return 0;
}

static void build(app *a, user_state *s)
{
    char keep[2048];
    fm_form_save(&s->form, keep, sizeof keep);
    fm_form *f = &s->form;
    fm_form_init(f, NULL, NULL, s);
    int lc = fm_form_label_cols(_("Unit code"), _("Lock reason"));
    int lk = fm_form_label_cols(_("Add key"), _("Remove key no."));
    fm_form_add_field(f, "role", _("Role"), 0, 1, lc, 1, 1, FM_FIELD_DIGITS, 0);
    fm_form_add_text(f, 0, 6 + lc, admin_role_choices(), 0);
    fm_form_add_noted(f, "unit", _("Unit code"), 1, 1, lc, 20, 32, FM_FIELD_ASCII, 0,
                      _("F2=Save role and unit"));
    fm_form_add_noted(f, "reason", _("Lock reason"), 2, 1, lc, 30, 40, 0, 0,
                      s->info.u.locked ? _("F7=Unlock") : _("F7=Lock"));
    fm_form_add_text(f, 4, 1, _("Public keys (paste one authorized_keys line, F6 adds it):"),
                     FM_ITEM_BOLD);
    fm_form_add_field(f, "key", _("Add key"), 5, 1, lk, 60, FM_FIELD_MAX, FM_FIELD_ASCII, 0);
    for (int i = 0; i < s->nkeys; i++)
        fm_form_add_textf(f, 6 + i, 3, 0, "%d  %s  %s", i + 1, s->keys[i].fingerprint,
                          s->keys[i].comment);
    int row = 6 + s->nkeys;
    if (s->more_keys)
        fm_form_add_text(f, row++, 3, _("more keys: bianmin user keys lists them all"), 0);
    if (s->nkeys)
        fm_form_add_noted(f, "remove", _("Remove key no."), row, 1, lk, 1, 1, FM_FIELD_DIGITS,
                          0, _("F9=Remove"));
    fm_form_load(f, keep);
    snprintf(s->built_lang, sizeof s->built_lang, "%s", a->lang);
}

/* Reads the account again; the fields show what is stored now. */
static void load(app *a, user_state *s)
{
    bm_err err;
    free_keys(s);
    if (bm_user_info_get(a->db, s->login, &s->info, &err) != BM_OK ||
        bm_user_keys(a->db, s->login, keep_key, s, &err) != BM_OK) {
        ui_error(a, &err);
    }
    s->loaded = 1;
    admin_session_line(a, s->info.u.id, s->sessions, sizeof s->sessions);
    memset(&s->form, 0, sizeof s->form);
    build(a, s);
    char role[4], unit[40] = "";
    snprintf(role, sizeof role, "%d", s->info.u.role);
    bm_org o;
    if (bm_org_get(a->db, s->info.u.org_id, &o, &err) == BM_OK)
        snprintf(unit, sizeof unit, "%s", o.code);
    fm_form_set(&s->form, "role", role);
    fm_form_set(&s->form, "unit", unit);
    fm_form_set(&s->form, "reason", s->info.lock_reason);
}

static void user_close(app *a, void *st)
{
    (void)a;
    free_keys(st);
}

static void user_draw(app *a, void *st, WINDOW *w)
{
    user_state *s = st;
    if (!s->loaded)
        load(a, s);
    if (strcmp(s->built_lang, a->lang) != 0)
        build(a, s);
    int cols = getmaxx(w), rows = getmaxy(w), y = FM_BODY_TOP;
    char line[400], last[17] = "-";
    if (s->info.last_login)
        ui_time(s->info.last_login, last);
    snprintf(line, sizeof line, "%s  %s  %s  %s  %s", s->info.u.login, s->info.u.name,
             app_role_label(s->info.u.role), s->info.u.org_name, s->info.phone);
    wattron(w, A_BOLD);
    fm_put(w, y, 1, line, cols - 2);
    wattroff(w, A_BOLD);
    snprintf(line, sizeof line, "%s%s%s  %s %s  %s %s",
             s->info.u.locked ? _("LOCKED: ") : _("Active"),
             s->info.u.locked ? s->info.lock_reason : "", s->info.u.locked ? " !" : "",
             _("Password:"), s->info.must_change ? _("one-time, not changed yet") : _("own"),
             _("Last login:"), last);
    fm_put(w, y + 1, 1, line, cols - 2);
    fm_put(w, y + 2, 1, s->sessions, cols - 2);
    int cy, cx;
    if (fm_form_draw(&s->form, w, y + 3, rows - 3 - (y + 3), &cy, &cx))
        fm_put_right(w, rows - 3, cols - 1, _("more..."));
    fm_put(w, rows - 3, 1, _("F8 gives a new one-time password."), cols - 14);
    if (cy >= 0)
        app_cursor(a, cy, cx);
}

static int user_key(app *a, void *st, fm_key k)
{
    user_state *s = st;
    int r = fm_form_key(&s->form, k);
    if (r == FM_REJECTED) {
        app_message(a, 1, "%s", s->form.why);
        return FM_HANDLED;
    }
    return r == FM_SUBMIT ? FM_HANDLED : r;
}

static int done(app *a, user_state *s, int rc, const bm_err *err, const char *said)
{
    if (rc != BM_OK) {
        ui_error(a, err);
        return FM_HANDLED;
    }
    load(a, s);
    app_message(a, 0, "%s", said);
    return FM_HANDLED;
}

static int save_place_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    user_state *s = st;
    char role[4], unit[40];
    fm_form_value(&s->form, "role", role, sizeof role);
    fm_form_value(&s->form, "unit", unit, sizeof unit);
    bm_err err;
    int rc = bm_user_set_place(a->db, &a->actor, s->login, atoi(role), unit, &err);
    return done(a, s, rc, &err, _("Role and unit saved."));
}

static int lock_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    user_state *s = st;
    char reason[160];
    fm_form_value(&s->form, "reason", reason, sizeof reason);
    int lock = !s->info.u.locked;
    bm_err err;
    int rc = bm_user_lock(a->db, &a->actor, s->login, lock, reason, &err);
    if (rc != BM_OK)
        fm_form_focus(&s->form, fm_form_find(&s->form, "reason"));
    return done(a, s, rc, &err,
                lock ? _("Locked: the next login is refused.") : _("Unlocked."));
}

static int reset_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    user_state *s = st;
    char onetime[32], text[400];
    bm_err err;
    if (bm_user_reset_password(a->db, &a->actor, s->login, onetime, sizeof onetime, &err) !=
        BM_OK)
        return done(a, s, BM_EINVALID, &err, "");
    snprintf(text, sizeof text,
             _("New one-time password for %s:  %s\n\nIt is shown only now. The user must "
               "change it at the next login."), s->login, onetime);
    explicit_bzero(onetime, sizeof onetime);
    load(a, s);
    app_notice(a, _("Password reset"), text);
    explicit_bzero(text, sizeof text);
    return FM_HANDLED;
}

static int add_key_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    user_state *s = st;
    char line[FM_FIELD_MAX * 4 + 1], why[256], fp[128], said[300];
    fm_form_value(&s->form, "key", line, sizeof line);
    ssh_key key;
    if (pubkey_parse_line(line, &key, why, sizeof why) != 0) {
        app_message(a, 1, "%s: %s", _("Not a public key line"), why);
        fm_form_focus(&s->form, fm_form_find(&s->form, "key"));
        return FM_HANDLED;
    }
    pubkey_fingerprint(key, fp, sizeof fp);
    ssh_key_free(key);
    bm_err err;
    int rc = bm_user_key_add(a->db, &a->actor, s->login, line, &err);
    if (rc == BM_OK)
        fm_form_set(&s->form, "key", "");
    snprintf(said, sizeof said, _("Key added: %s"), fp);
    return done(a, s, rc, &err, said);
}

static int remove_key_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    user_state *s = st;
    char no[4], said[300];
    fm_form_value(&s->form, "remove", no, sizeof no);
    int i = atoi(no) - 1;
    if (i < 0 || i >= s->nkeys) {
        app_message(a, 1, "%s", _("Type the number of a key shown, then F9."));
        return FM_HANDLED;
    }
    bm_err err;
    int rc = bm_user_key_remove(a->db, &a->actor, s->login, s->keys[i].line, &err);
    snprintf(said, sizeof said, _("Key removed: %s"), s->keys[i].fingerprint);
    if (rc == BM_OK)
        fm_form_set(&s->form, "remove", "");
    return done(a, s, rc, &err, said);
}

static const fm_fkey user_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Save"), save_place_key, 0 },
    APP_KEY_BACK,
    { FM_KEY_F(6), NULL, N_("Add key"), add_key_key, 0 },
    { FM_KEY_F(7), NULL, N_("Lock"), lock_key, 0 },
    { FM_KEY_F(8), NULL, N_("Reset password"), reset_key, 0 },
    { FM_KEY_F(9), NULL, N_("Remove key"), remove_key_key, 0 },
    FM_FKEYS_END,
};

const screen_def screen_admin_user = {
    .id = "BM911",
    .title = N_("User"),
    .keys = user_keys,
    .help = N_("One account. Role (its number) and unit code: F2 saves them. Lock reason: "
               "say why, then F7 locks (the next login is refused); F7 on a locked account "
               "unlocks it. F8 gives a new one-time password, shown once; the user must change "
               "it at the next login. Add key: paste one line of the user's id_ed25519.pub "
               "(or another .pub file) and press F6; the fingerprint shown is the one "
               "ssh-keygen -lf prints. Remove key no.: a key's number, then F9."),
    .state_size = sizeof(user_state),
    .close = user_close,
    .draw = user_draw,
    .key = user_key,
};
