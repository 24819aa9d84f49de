/* One session's user interface: screen stack, dialog, message line, shared keys (see app.h). */
#include "tui/session/app.h"
#include "core/date.h"
#include "core/draft.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"
#include "forms/frame.h"
#include "forms/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void app_init(app *a, bm_db *db, const bm_user *user, const char *session_id, const char *addr)
{
    memset(a, 0, sizeof *a);
    a->db = db;
    a->user = *user;
    snprintf(a->session_id, sizeof a->session_id, "%s", session_id);
    snprintf(a->addr, sizeof a->addr, "%s", addr);
    snprintf(a->lang, sizeof a->lang, "%s", user->lang);
    a->actor.user_id = a->user.id;
    a->actor.login = a->user.login;
    a->actor.role = a->user.role;
    a->actor.org_id = a->user.org_id;
    a->actor.session = a->session_id;
    a->actor.addr = a->addr;
}

void app_rebind(app *a, const char *session_id, const char *addr)
{
    snprintf(a->session_id, sizeof a->session_id, "%s", session_id);
    snprintf(a->addr, sizeof a->addr, "%s", addr);
    a->quit = 0;
    a->resume_answer = 0;
}

void app_free(app *a)
{
    while (a->depth > 0)
        app_pop(a);
    fm_dialog_close(&a->dialog);
}

void app_push(app *a, const screen_def *def)
{
    if (!screen_allowed(def, a->user.role)) {
        app_message(a, 1, "%s", _("This screen is not for your role."));
        return;
    }
    if (a->depth >= APP_MAX_DEPTH) {
        app_message(a, 1, "%s", _("Too many screens open: go back (F3) first."));
        return;
    }
    void *st = def->state_size ? calloc(1, def->state_size) : NULL;
    if (def->state_size && !st) {
        app_message(a, 1, "%s", _("Out of memory."));
        return;
    }
    a->stack[a->depth].def = def;
    a->stack[a->depth].state = st;
    a->depth++;
    if (def->open)
        def->open(a, st);
}

void *app_top_state(app *a, const screen_def *def)
{
    if (a->depth < 1 || a->stack[a->depth - 1].def != def)
        return NULL;
    return a->stack[a->depth - 1].state;
}

void app_pop(app *a)
{
    if (a->depth == 0)
        return;
    a->depth--;
    const screen_def *def = a->stack[a->depth].def;
    if (def->close)
        def->close(a, a->stack[a->depth].state);
    free(a->stack[a->depth].state);
    a->stack[a->depth].def = NULL;
    a->stack[a->depth].state = NULL;
}

void app_work_start(app *a)
{
    a->working = 1;
}

int app_work(app *a)
{
    const screen_def *def = a->depth > 0 ? a->stack[a->depth - 1].def : NULL;
    a->working = a->working && def && def->work ? def->work(a, a->stack[a->depth - 1].state) : 0;
    return a->working;
}

void app_message(app *a, int error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->message, sizeof a->message, fmt, ap);
    va_end(ap);
    a->message_error = error;
}

int app_print(app *a, const char *utf8)
{
    if (!a->print)
        return -1;
    a->print(a->print_ctx, utf8);
    return 0;
}

void app_cursor(app *a, int y, int x)
{
    a->cursor_y = y;
    a->cursor_x = x;
    a->cursor_set = 1;
}

const char *app_role_label(int role)
{
    switch (role) {
    case BM_ROLE_CLERK: return _("Window clerk");
    case BM_ROLE_AGENT: return _("Proxy agent");
    case BM_ROLE_DUTY: return _("Duty staff");
    case BM_ROLE_SUPERVISOR: return _("Centre head");
    case BM_ROLE_ADMIN: return _("Administrator");
    default: return "?";
    }
}

static const char *common_keys_help(void)
{
    return _("Keys on every screen:\n"
             "  F1  help for this screen        F3  back to the previous screen\n"
             "  F10 log out (asks first)         F12 cancel\n"
             "  Tab / Enter next field           Shift-Tab / Up previous field\n"
             "  F7 / F8 or PgUp / PgDn page through lists\n"
             "Terminals whose function keys do not arrive: press Esc, then a digit:\n"
             "  Esc 1 = F1 ... Esc 9 = F9, Esc 0 = F10, Esc - = F11, Esc = = F12.\n"
             "A lone Esc cancels, like F12.");
}

void app_help(app *a)
{
    const screen_def *def = a->depth ? a->stack[a->depth - 1].def : NULL;
    char title[160];
    snprintf(title, sizeof title, "%s %s", _("Help:"), def ? _(def->title) : "");
    size_t cap = 8192;
    char *text = malloc(cap);
    if (!text)
        return;
    snprintf(text, cap, "%s\n\n%s", def && def->help ? _(def->help) : "", common_keys_help());
    fm_dialog_open(&a->dialog, FM_DIALOG_TEXT, title, text, _("Enter/F3=Close  Up/Down=Scroll"),
                   "", "");
    free(text);
    a->confirm = CONFIRM_NONE;
}

void app_notice(app *a, const char *title, const char *text)
{
    fm_dialog_open(&a->dialog, FM_DIALOG_NOTICE, title, text, _("Enter=OK"), "", "");
    a->confirm = CONFIRM_NONE;
}

void app_set_language(app *a, const char *lang)
{
    snprintf(a->lang, sizeof a->lang, "%s", lang ? lang : "");
    i18n_use(a->lang);
}

void app_offer_resume(app *a, const char *what, const char *since)
{
    char text[512];
    snprintf(text, sizeof text,
             _("Your last session ended when the link dropped (%s, at %s). Take it back exactly "
               "where you left it?"), what, since);
    fm_dialog_open(&a->dialog, FM_DIALOG_CONFIRM, _("Resume your session"), text,
                   _("Y/Enter=Resume  N=Start afresh"), "Yy", "Nn");
    a->confirm = CONFIRM_RESUME;
}

struct newest_draft {
    bm_draft d;
    int count;
};

static int keep_newest(const bm_draft *d, void *ctx)
{
    struct newest_draft *n = ctx;
    if (n->count++ == 0)
        n->d = *d;
    return 0;
}

int app_offer_drafts(app *a)
{
    struct newest_draft *n = calloc(1, sizeof *n);
    bm_err err;
    if (!n)
        return 0;
    if (bm_draft_list(a->db, &a->actor, keep_newest, n, &err) != BM_OK || n->count == 0) {
        free(n);
        return 0;
    }
    char when[32], text[640];
    bm_day_format(bm_day_of(n->d.created_at), when);
    int minute = bm_minute_of(n->d.created_at);
    snprintf(when + 10, sizeof when - 10, " %02d:%02d", minute / 60, minute % 60);
    snprintf(text, sizeof text,
             _("You have %d unfinished draft(s). The newest: \"%s\", kept %s when a session "
               "ended before it was saved. Continue it now?"), n->count, n->d.title, when);
    fm_dialog_open(&a->dialog, FM_DIALOG_CONFIRM, _("Unfinished draft"), text,
                   _("Y/Enter=Continue  N=Later  D=Discard"), "Yy", "Nn");
    a->confirm = CONFIRM_DRAFT;
    a->draft_offered = n->d.id;
    free(n);
    return 1;
}

struct find_draft {
    int64_t id;
    bm_draft *out;
    int found;
};

static int match_draft(const bm_draft *d, void *ctx)
{
    struct find_draft *f = ctx;
    if (d->id != f->id)
        return 0;
    *f->out = *d;
    f->found = 1;
    return 1;
}

/* Opens the draft's screen and gives it the typed values back; the draft is then gone. */
static void continue_draft(app *a, int64_t id)
{
    bm_draft *d = malloc(sizeof *d);
    bm_err err;
    if (!d)
        return;
    struct find_draft f = { id, d, 0 };
    if (bm_draft_list(a->db, &a->actor, match_draft, &f, &err) != BM_OK || !f.found) {
        app_message(a, 1, "%s", _("That draft is no longer there."));
        free(d);
        return;
    }
    const screen_def *def = screen_by_id(d->screen);
    if (!def || !def->draft_load) {
        app_message(a, 1, _("Drafts of screen %s cannot be opened here."), d->screen);
        free(d);
        return;
    }
    app_push(a, def);
    void *st = app_top_state(a, def);
    if (st) {
        def->draft_load(a, st, d->body);
        bm_draft_delete(a->db, &a->actor, id, &err);
        app_message(a, 0, "%s", _("The draft is back: check it, then save as usual."));
    }
    free(d);
}

int app_worth_keeping(app *a)
{
    if (a->depth > 1)
        return 1;
    char *probe = malloc(BM_DRAFT_BODY_MAX);
    int worth = 0;
    for (int i = 0; probe && i < a->depth && !worth; i++)
        worth = a->stack[i].def->draft_save &&
                a->stack[i].def->draft_save(a, a->stack[i].state, probe, BM_DRAFT_BODY_MAX) > 0;
    free(probe);
    return worth;
}

int app_save_drafts(app *a)
{
    int saved = 0;
    char *body = malloc(BM_DRAFT_BODY_MAX);
    if (!body)
        return 0;
    i18n_use(a->lang);
    for (int i = 0; i < a->depth; i++) {
        const screen_def *def = a->stack[i].def;
        if (!def->draft_save)
            continue;
        size_t n = def->draft_save(a, a->stack[i].state, body, BM_DRAFT_BODY_MAX);
        if (n == 0 || n >= BM_DRAFT_BODY_MAX)
            continue;
        body[n] = 0;
        bm_err err;
        if (bm_draft_save(a->db, &a->actor, def->id, _(def->title), body, NULL, &err) == BM_OK)
            saved++;
    }
    free(body);
    return saved;
}

static void ask_logout(app *a)
{
    fm_dialog_open(&a->dialog, FM_DIALOG_CONFIRM, _("Log out"),
                   _("Log out of bianmin now? Work you have saved is kept."),
                   _("Y=Log out  Enter/N/F12=Stay"), "Yy", "Nn");
    a->dialog.enter_is_no = 1;   /* staying is the safe answer */
    a->confirm = CONFIRM_LOGOUT;
}

int app_key_help(void *owner, void *state, fm_key k)
{
    (void)state, (void)k;
    app_help(owner);
    return FM_HANDLED;
}

int app_key_back(void *owner, void *state, fm_key k)
{
    (void)state, (void)k;
    app *a = owner;
    if (a->depth > 1)
        app_pop(a);
    else
        ask_logout(a);
    return FM_HANDLED;
}

int app_key_cancel(void *owner, void *state, fm_key k)
{
    (void)state, (void)k;
    app *a = owner;
    if (a->depth > 1)
        app_pop(a);
    return FM_HANDLED;
}

int app_key_logout(void *owner, void *state, fm_key k)
{
    (void)state, (void)k;
    ask_logout(owner);
    return FM_HANDLED;
}

void app_key(app *a, fm_key k)
{
    a->message[0] = 0;
    a->message_error = 0;
    if (a->dialog.kind) {
        if (a->confirm == CONFIRM_DRAFT && k.code == FM_KEY_CHAR && (k.ch == L'd' || k.ch == L'D')) {
            bm_err err;
            fm_dialog_close(&a->dialog);
            app_repaint(a);
            a->confirm = CONFIRM_NONE;
            if (bm_draft_delete(a->db, &a->actor, a->draft_offered, &err) == BM_OK)
                app_message(a, 0, "%s", _("The draft was thrown away."));
            return;
        }
        int r = fm_dialog_key(&a->dialog, k);
        if (r == FM_SUBMIT || r == FM_CANCEL) {
            int confirm = a->confirm;
            fm_dialog_close(&a->dialog);
            app_repaint(a);
            a->confirm = CONFIRM_NONE;
            if (r == FM_SUBMIT && confirm == CONFIRM_LOGOUT)
                a->quit = 1;
            else if (confirm == CONFIRM_RESUME)
                a->resume_answer = r == FM_SUBMIT ? 1 : -1;
            else if (confirm == CONFIRM_DRAFT && r == FM_SUBMIT)
                continue_draft(a, a->draft_offered);
            else if (confirm == CONFIRM_DRAFT)
                app_message(a, 0, "%s", _("The draft is kept: it is offered again at your next "
                                          "login (for 7 days)."));
        }
        return;
    }
    if (k.code == FM_KEY_F(1)) {
        app_help(a);
        return;
    }
    /* Ctrl-L, and F5 on every screen besides what the screen does with it, draw every cell
     * again: whatever garbled the terminal is gone. */
    if (k.code == FM_KEY_CTRL && k.ch == L'l') {
        app_repaint(a);
        return;
    }
    if (k.code == FM_KEY_F(5))
        app_repaint(a);
    if (k.code == FM_KEY_F(10)) {
        ask_logout(a);
        return;
    }
    if (a->depth > 0) {
        /* The screen's own handler first (typing, its open dialog), then its key list. */
        const screen_def *def = a->stack[a->depth - 1].def;
        void *st = a->stack[a->depth - 1].state;
        if (def->key && def->key(a, st, k) != FM_IGNORED)
            return;
        if (fm_fkeys_dispatch(def->keys, k, a, st) != FM_IGNORED)
            return;
    }
    /* Leaving works on every screen, shown in its legend or not. */
    if (k.code == FM_KEY_F(3)) {
        app_key_back(a, NULL, k);
        return;
    }
    if (k.code == FM_KEY_F(12) || k.code == FM_KEY_ESC) {
        app_key_cancel(a, NULL, k);
        return;
    }
    if (k.code >= FM_KEY_F1 && k.code <= FM_KEY_F12 && k.code != FM_KEY_F(5))
        app_message(a, 1, _("F%d does nothing on this screen. F1 shows the keys."),
                    k.code - FM_KEY_F1 + 1);
}

void app_repaint(app *a)
{
    a->repaint = 1;
}

void app_draw(app *a, WINDOW *w)
{
    if (a->repaint) {
        clearok(curscr, TRUE);   /* the next update clears the terminal and draws it all */
        a->repaint = 0;
    }
    werase(w);
    a->cursor_set = 0;
    const screen_def *def = a->depth ? a->stack[a->depth - 1].def : NULL;
    void *st = a->depth ? a->stack[a->depth - 1].state : NULL;
    if (def && def->draw)
        def->draw(a, st, w);
    char status[160] = "", user[160], date[32];
    if (def && def->status)
        def->status(a, st, status, sizeof status);
    snprintf(user, sizeof user, "%s(%s)", a->user.name, app_role_label(a->user.role));
    /* Beijing time, as core dates every case, whatever the server's TZ. */
    time_t now = bm_now();
    char day[11];
    bm_day_format(bm_day_of(now), day);
    int minute = bm_minute_of(now);
    snprintf(date, sizeof date, "%s %02d:%02d", day, minute / 60, minute % 60);
    const char *hint = _("(Esc+digit = F-key)");
    char legend[256] = "";
    if (def)
        fm_fkeys_legend(def->keys, tr, getmaxx(w) - fm_width(hint) - 2, legend, sizeof legend);
    fm_frame f = {
        .id = def ? def->id : "",
        .title = def ? _(def->title) : "",
        .status = status[0] ? status : NULL,
        .unit = a->user.org_name,
        .user = user,
        .date = date,
        .legend = legend,
        .legend_hint = hint,
        .message = a->message,
        .message_is_error = a->message_error,
    };
    fm_frame_draw(w, &f);
    if (a->dialog.kind) {
        fm_dialog_draw(&a->dialog, w);
        curs_set(0);
        wmove(w, getmaxy(w) - 1, 0);
    } else if (a->cursor_set) {
        curs_set(1);
        wmove(w, a->cursor_y, a->cursor_x);
    } else {
        curs_set(0);
        wmove(w, getmaxy(w) - 1, 0);
    }
}
