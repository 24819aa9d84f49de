/* BM980 live sessions (在线会话): every session on every server process sharing the database,
 * from the registry in the store (core/live_session.h): login, name, role, unit, the screen
 * it is on, how long since its last key, its address. Option 5 (or Enter) opens one (BM981):
 * its terminal, charset, language, start and server; a message typed there is shown on that
 * user's message line until their next key (F2); F9 ends the session after asking (the user
 * is told, and what they typed and did not save is kept as a draft). Options 7 and 4 open it
 * at the message or at the question to end it. */
#include "core/date.h"
#include "core/live_session.h"
#include "forms/dialog.h"
#include "forms/form.h"
#include "forms/pager.h"
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

/* "BM220 我的办件": a screen as its user sees it named. */
static const char *screen_words(const char *id, char *buf, size_t cap)
{
    const screen_def *d = screen_by_id(id);
    snprintf(buf, cap, "%s %s", id, d && d->title ? _(d->title) : "");
    return buf;
}

/* Minutes and seconds since the last key ("12:05"), hours past 99 minutes ("3h"). */
static const char *idle_words(time_t last_key, char *buf, size_t cap)
{
    long s = (long)(bm_now() - last_key);
    if (s < 0)
        s = 0;
    if (s >= 100 * 60)
        snprintf(buf, cap, "%ldh", s / 3600);
    else
        snprintf(buf, cap, "%ld:%02ld", s / 60, s % 60);
    return buf;
}

typedef struct sessions_state {
    list_screen ls;   /* first: the shared list keys find it there */
    bm_live_session *rows;
    int count, cap;
    fm_column cols[NCOLS];
} sessions_state;

static const char *cell(void *ctx, int row, int col, char *buf, size_t cap, int *mark)
{
    sessions_state *s = ctx;
    *mark = FM_MARK_NONE;
    if (row < 0 || row >= s->count)
        return "";
    const bm_live_session *l = &s->rows[row];
    switch (col) {
    case 0: return l->login;
    case 1: return l->name;
    case 2: return app_role_label(l->role);
    case 3: return l->unit;
    case 4: return screen_words(l->screen, buf, cap);
    case 5: return idle_words(l->last_key_at, buf, cap);
    case 6: return l->addr;
    default: return "";
    }
}

static int keep_row(const bm_live_session *l, void *ctx)
{
    sessions_state *s = ctx;
    if (s->count == s->cap) {
        int cap = s->cap ? s->cap * 2 : 64;
        bm_live_session *n = realloc(s->rows, (size_t)cap * sizeof *n);
        if (!n)
            return 1;
        s->rows = n;
        s->cap = cap;
    }
    s->rows[s->count++] = *l;
    return s->count >= FM_LIST_MAX_ROWS;
}

static void reset(void *ctx)
{
    sessions_state *s = ctx;
    s->count = 0;
}

/* The sessions whose login, name, unit or address hold the query. */
static int matches(const bm_live_session *l, const char *q)
{
    return !q[0] || strstr(l->login, q) || strstr(l->name, q) || strstr(l->unit, q) ||
           strstr(l->addr, q);
}

static int fetch(void *ctx, const char *query, int offset, int limit)
{
    (void)limit;
    sessions_state *s = ctx;
    if (offset > 0)
        return 0;   /* every session comes in one read */
    bm_err err;
    if (bm_live_list(s->ls.a->db, &s->ls.a->actor, 0, keep_row, s, &err) != BM_OK) {
        ui_error(s->ls.a, &err);
        return -1;
    }
    int kept = 0;
    for (int i = 0; i < s->count; i++)
        if (matches(&s->rows[i], query))
            s->rows[kept++] = s->rows[i];
    s->count = kept;
    return kept;
}

static void open_session(app *a, int64_t id, char option);

static void act_on(void *ctx, int row, char option)
{
    sessions_state *s = ctx;
    open_session(s->ls.a, s->rows[row].id, option);
    fm_worklist_mark_stale(&s->ls.wl);
}

static const fm_worklist_spec spec = {
    .ncols = NCOLS, .options = "574", .default_option = '5', .page_rows = 200,
    .reset = reset, .fetch = fetch, .cell = cell, .act = act_on,
};

static void sessions_open(app *a, void *st)
{
    sessions_state *s = st;
    s->ls.a = a;
    fm_worklist_init(&s->ls.wl, &spec, s->cols, s);
    fm_worklist_reload(&s->ls.wl);
}

static void sessions_close(app *a, void *st)
{
    (void)a;
    sessions_state *s = st;
    free(s->rows);
    s->rows = NULL;
}

static void sessions_draw(app *a, void *st, WINDOW *w)
{
    sessions_state *s = st;
    s->ls.a = a;
    static const char *const titles[NCOLS] = { N_("Login"), N_("Name"), N_("Role"), N_("Unit"),
                                               N_("Screen"), N_("Idle"), N_("Address") };
    static const int widths[NCOLS] = { 9, 6, 8, 10, 14, 5, 15 };
    for (int i = 0; i < NCOLS; i++) {
        s->cols[i].title = _(titles[i]);
        s->cols[i].width = widths[i];
        s->cols[i].right = i == 5;
    }
    const list_screen_words words = {
        .options = _("Options: 5=Open  7=Message  4=End session"),
        .prompt = "",
        .none_found = _("No session matches."),
        .empty = _("No sessions."),
    };
    list_screen_draw(a, &s->ls, w, &words);
}

static void sessions_status(app *a, void *st, char *buf, size_t cap)
{
    (void)a;
    sessions_state *s = st;
    snprintf(buf, cap, _("%d online"), s->count);
}

static int sessions_key(app *a, void *st, fm_key k)
{
    return list_screen_key(a, st, k, N_("Options here: 5 open, 7 message, 4 end."));
}

static const fm_fkey sessions_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    LIST_SCREEN_KEYS,
    FM_FKEYS_END,
};

const screen_def screen_admin_sessions = {
    .id = "BM980",
    .title = N_("Live sessions"),
    .keys = sessions_keys,
    .help = N_("Every session logged in now, on every server process: login, name, role, "
               "unit, the screen it is on, the time since its last key (minutes:seconds) and "
               "the address it comes from. F5 reads the list again.\n"
               "5 (or Enter) opens a session: its terminal and server, a message to the user, "
               "ending it. 7 opens it at the message, 4 asks to end it. Type letters to find by "
               "login, name, unit or address."),
    .state_size = sizeof(sessions_state),
    .open = sessions_open,
    .close = sessions_close,
    .draw = sessions_draw,
    .key = sessions_key,
    .status = sessions_status,
};

/* ---- BM981: one session ----------------------------------------------------------------- */

typedef struct session_state {
    int64_t id;
    bm_live_session l;
    int loaded, gone;
    fm_form form;
    fm_dialog dialog;
    char built_lang[8];
} session_state;

static void ask_end(session_state *s)
{
    char text[400];
    snprintf(text, sizeof text,
             _("End the session of %s (%s)? The user is told; what they typed and did not save "
               "is kept as a draft for their next login."), s->l.login, s->l.name);
    fm_dialog_open(&s->dialog, FM_DIALOG_CONFIRM, _("End the session"), text,
                   _("Y=End  N/F12=Keep"), "Yy", "Nn");
    s->dialog.enter_is_no = 1;
}

static void build(app *a, session_state *s)
{
    char keep[1024];
    fm_form_save(&s->form, keep, sizeof keep);
    fm_form_init(&s->form, NULL, NULL, s);
    fm_form_add_noted(&s->form, "message", _("Message"), 0, 1, 0, 44, 40, 0, 0,
                      _("F2=Send"));
    fm_form_load(&s->form, keep);
    snprintf(s->built_lang, sizeof s->built_lang, "%s", a->lang);
}

static void load(app *a, session_state *s)
{
    bm_err err;
    s->loaded = 1;
    if (bm_live_get(a->db, &a->actor, s->id, &s->l, &err) != BM_OK) {
        s->gone = 1;
        ui_error(a, &err);
    }
}

static void open_session(app *a, int64_t id, char option)
{
    app_push(a, &screen_admin_session);
    session_state *s = app_top_state(a, &screen_admin_session);
    if (!s)
        return;
    s->id = id;
    load(a, s);
    build(a, s);
    if (option == '4' && !s->gone)
        ask_end(s);
}

static void session_close(app *a, void *st)
{
    (void)a;
    fm_dialog_close(&((session_state *)st)->dialog);
}

static void session_draw(app *a, void *st, WINDOW *w)
{
    session_state *s = st;
    if (!s->loaded)
        load(a, s);
    if (strcmp(s->built_lang, a->lang) != 0)
        build(a, s);
    int cols = getmaxx(w), rows = getmaxy(w), y = FM_BODY_TOP;
    const bm_live_session *l = &s->l;
    char line[400], t[17] = "", words[80], idle[16];
    if (s->gone) {
        fm_put(w, y, 1, _("This session has ended."), cols - 2);
    } else {
        snprintf(line, sizeof line, "%s  %s  %s  %s", l->login, l->name,
                 app_role_label(l->role), l->unit);
        wattron(w, A_BOLD);
        fm_put(w, y, 1, line, cols - 2);
        wattroff(w, A_BOLD);
        snprintf(line, sizeof line, "%s %s   %s %s %dx%d  %s  %s", _("Address:"), l->addr,
                 _("Terminal:"), l->term, l->cols, l->rows, l->charset, l->lang);
        fm_put(w, y + 1, 1, line, cols - 2);
        snprintf(line, sizeof line, "%s %s", _("Screen:"),
                 screen_words(l->screen, words, sizeof words));
        fm_put(w, y + 2, 1, line, cols - 2);
        ui_time(l->started_at, t);
        snprintf(line, sizeof line, "%s %s   %s %s", _("Logged in:"), t, _("Idle:"),
                 idle_words(l->last_key_at, idle, sizeof idle));
        fm_put(w, y + 3, 1, line, cols - 2);
        snprintf(line, sizeof line, "%s %s / %d   %s %s", _("Server:"), l->host, l->pid,
                 _("Session:"), l->session);
        fm_put(w, y + 4, 1, line, cols - 2);
    }
    int cy = -1, cx = -1;
    if (!s->gone) {
        fm_form_draw(&s->form, w, y + 6, 2, &cy, &cx);
        fm_pager words_pager = {0};
        fm_pager_draw(&words_pager, w, y + 9, 1, rows - 3 - (y + 9), cols - 2,
                      _("F2 sends the message: it shows on the user's message line until "
                        "their next key. F9 ends the session: the user is told, and what they "
                        "typed and did not save is kept as a draft."));
    }
    if (s->dialog.kind)
        fm_dialog_draw(&s->dialog, w);
    else if (cy >= 0)
        app_cursor(a, cy, cx);
}

static void end_now(app *a, session_state *s)
{
    bm_err err;
    if (bm_live_end(a->db, &a->actor, s->id, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    char said[200];
    snprintf(said, sizeof said, _("The session of %s ends within a few seconds."), s->l.login);
    app_pop(a);
    app_message(a, 0, "%s", said);
}

static int session_key(app *a, void *st, fm_key k)
{
    session_state *s = st;
    if (s->dialog.kind) {
        int r = fm_dialog_key(&s->dialog, k);
        if (r == FM_SUBMIT || r == FM_CANCEL) {
            fm_dialog_close(&s->dialog);
            app_repaint(a);
            if (r == FM_SUBMIT)
                end_now(a, s);
        }
        return FM_HANDLED;
    }
    if (s->gone)
        return FM_IGNORED;
    int r = fm_form_key(&s->form, k);
    if (r == FM_REJECTED) {
        app_message(a, 1, "%s", s->form.why);
        return FM_HANDLED;
    }
    return r == FM_SUBMIT ? FM_HANDLED : r;
}

static int send_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    session_state *s = st;
    if (s->gone)
        return FM_HANDLED;
    char text[BM_LIVE_MESSAGE_MAX * 2];
    fm_form_value(&s->form, "message", text, sizeof text);
    bm_err err;
    if (bm_live_message(a->db, &a->actor, s->id, text, &err) != BM_OK) {
        ui_error(a, &err);
        return FM_HANDLED;
    }
    fm_form_set(&s->form, "message", "");
    app_message(a, 0, _("Message sent to %s: it shows within a few seconds."), s->l.login);
    return FM_HANDLED;
}

static int end_key(void *owner, void *st, fm_key k)
{
    (void)owner, (void)k;
    session_state *s = st;
    if (!s->gone)
        ask_end(s);
    return FM_HANDLED;
}

static const fm_fkey session_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Send"), send_key, 0 },
    APP_KEY_BACK,
    { FM_KEY_F(9), NULL, N_("End session"), end_key, 0 },
    APP_KEY_CANCEL,
    FM_FKEYS_END,
};

const screen_def screen_admin_session = {
    .id = "BM981",
    .title = N_("Live session"),
    .keys = session_keys,
    .help = N_("One session: who, from which address, on which terminal (type, size, charset, "
               "language), the screen it is on, when it logged in, the time since its last key "
               "and the server process holding it.\n"
               "Message: one line; F2 sends it, and it shows on the user's message line until "
               "their next key. F9 ends the session after asking: the user is told, and what "
               "they typed and did not save is kept as a draft offered at their next login."),
    .state_size = sizeof(session_state),
    .close = session_close,
    .draw = session_draw,
    .key = session_key,
};

/* ---- the user page's line (BM911) ------------------------------------------------------- */

struct user_sessions {
    char *buf;
    size_t cap, len;
    int n;
};

static int add_to_line(const bm_live_session *l, void *ctx)
{
    struct user_sessions *u = ctx;
    char words[80], idle[16], one[200];
    int n = snprintf(one, sizeof one, "  %s %s %s", screen_words(l->screen, words, sizeof words),
                     l->addr, idle_words(l->last_key_at, idle, sizeof idle));
    /* Whole entries only: a line cut inside a character would show garbage. */
    if (n > 0 && u->len + (size_t)n < u->cap) {
        memcpy(u->buf + u->len, one, (size_t)n + 1);
        u->len += (size_t)n;
    }
    u->n++;
    return 0;
}

void admin_session_line(app *a, int64_t user_id, char *buf, size_t cap)
{
    char list[300] = "";
    struct user_sessions u = { list, sizeof list, 0, 0 };
    bm_err err;
    if (bm_live_list(a->db, &a->actor, user_id, add_to_line, &u, &err) != BM_OK) {
        snprintf(buf, cap, "%s", _(err.reason));
        return;
    }
    if (u.n == 0)
        snprintf(buf, cap, "%s", _("Sessions now: none"));
    else
        snprintf(buf, cap, _("Sessions now: %d%s"), u.n, list);
}
