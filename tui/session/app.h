/* One session's user interface: the screen stack, the modal dialog, the message line and the
 * keys every screen shares (F1 help, F3 back, F10 / Esc 0 log out). Screens are described by
 * a screen_def and draw into the body of the shared frame; the app draws the rest. */
#ifndef TUI_APP_H
#define TUI_APP_H

#include <curses.h>
#include <stddef.h>
#include "core/db.h"
#include "core/user.h"
#include "forms/dialog.h"
#include "forms/fkeys.h"
#include "forms/key.h"

typedef struct app app;

typedef struct screen_def {
    const char *id;        /* "BM100" */
    const char *title;     /* msgid */
    /* Its function keys: the legend is drawn from this list and the app dispatches from it
     * the keys the screen's key handler leaves (ends with FM_FKEYS_END). */
    const fm_fkey *keys;
    const char *help;      /* msgid: F1 text for this screen */
    size_t state_size;     /* bytes of per-screen state, zeroed before open */
    void (*open)(app *a, void *st);
    void (*close)(app *a, void *st);
    /* Draws the body (rows FM_BODY_TOP .. rows-3); may call app_cursor. */
    void (*draw)(app *a, void *st, WINDOW *w);
    /* Returns FM_HANDLED when the key was the screen's, FM_IGNORED to let the app act. */
    int (*key)(app *a, void *st, fm_key k);
    /* Optional: live figures after the title (counts), written into buf. */
    void (*status)(app *a, void *st, char *buf, size_t cap);
    /* Optional: what the user typed and has not saved, as "name=value" lines, so that a
     * session ended by a dropped link can give it back as a draft; returns the bytes written,
     * 0 when nothing is unsaved. draft_load puts such text back into a freshly opened screen. */
    size_t (*draft_save)(app *a, void *st, char *buf, size_t cap);
    void (*draft_load)(app *a, void *st, const char *text);
    /* Optional: one slice of long work the screen asked for with app_work_start (a report
     * over a year, counted a part at a time); called while it returns 1 and the screen is on
     * top, with keys read and the screen drawn between slices, so it can show how far it got
     * and Esc can stop it. */
    int (*work)(app *a, void *st);
} screen_def;

enum app_confirm { CONFIRM_NONE = 0, CONFIRM_LOGOUT, CONFIRM_RESUME, CONFIRM_DRAFT };

#define APP_MAX_DEPTH 8

struct app {
    bm_db *db;
    bm_user user;
    bm_actor actor;
    char session_id[24];
    char addr[64];
    char lang[8];
    struct {
        const screen_def *def;
        void *state;
    } stack[APP_MAX_DEPTH];
    int depth;
    fm_dialog dialog;
    int confirm;           /* what a yes in the dialog means (enum app_confirm) */
    char message[512];
    int message_error;
    int cursor_y, cursor_x, cursor_set;
    int quit;              /* the user logged out: the host closes the session */
    int repaint;           /* draw every cell again at the next update (Ctrl-L, F5, a
                              dialog closed) */
    char notice[256];      /* a one-time line shown after login (e.g. unknown TERM) */
    /* Set by the host: sends text to the printer attached to the user's terminal. */
    void (*print)(void *ctx, const char *utf8);
    void *print_ctx;
    /* Set by the host: applies display settings (charset, enum display_lines) at once. */
    int (*reconfigure)(void *ctx, const char *charset_name, int line_style);
    void *reconfigure_ctx;
    const char *charset_name;   /* the session's terminal charset, for the settings screen */
    int line_style;                  /* the session's line drawing in use (enum display_lines) */
    /* A session kept from a dropped link was offered: 1 the user wants it back, -1 not. */
    int resume_answer;
    int64_t draft_offered;      /* the draft the dialog is about */
    int working;                /* the top screen has long work left (screen_def.work) */
};

void app_init(app *a, bm_db *db, const bm_user *user, const char *session_id, const char *addr);
void app_free(app *a);
/* A kept app taken over by a new login: the session id and address are the new ones. */
void app_rebind(app *a, const char *session_id, const char *addr);
void app_push(app *a, const screen_def *def);
/* The state of the top screen when it is `def`'s (e.g. just pushed), else NULL: how a screen
 * hands arguments to one it opens. */
void *app_top_state(app *a, const screen_def *def);
void app_pop(app *a);
void app_key(app *a, fm_key k);
/* Draws the whole UI onto stdscr of the current SCREEN (the host selects it first). */
void app_draw(app *a, WINDOW *w);
/* The message line: an error is drawn in reverse video. The text is copied. */
void app_message(app *a, int error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void app_cursor(app *a, int y, int x);
/* Has the next update draw the whole terminal again, not only what changed: after a dialog
 * closes (wide characters under its edges) and on Ctrl-L / F5. */
void app_repaint(app *a);
/* Opens the help for the current screen. */
void app_help(app *a);
/* Actions every screen may list in its keys: F1 help, F3 back (log out from the home menu,
 * after asking), F12 cancel (back), F10 log out (asks first). */
int app_key_help(void *owner, void *state, fm_key k);
int app_key_back(void *owner, void *state, fm_key k);
int app_key_cancel(void *owner, void *state, fm_key k);
int app_key_logout(void *owner, void *state, fm_key k);
#define APP_KEY_HELP { FM_KEY_F(1), NULL, N_("Help"), app_key_help, 0 }
#define APP_KEY_BACK { FM_KEY_F(3), NULL, N_("Back"), app_key_back, 0 }
#define APP_KEY_CANCEL { FM_KEY_F(12), NULL, N_("Cancel"), app_key_cancel, 0 }
#define APP_KEY_LOGOUT { FM_KEY_F(10), NULL, N_("Log out"), app_key_logout, 0 }

/* The top screen has long work: the host calls app_work, between keys, until it is done. */
void app_work_start(app *a);
/* One slice of the top screen's long work; 1 while more is left. */
int app_work(app *a);

/* Shows a notice dialog. */
void app_notice(app *a, const char *title, const char *text);

/* Prints text (UTF-8, lines ending in "\r\n") on the printer attached to the user's terminal,
 * with the ANSI transparent-print sequences ESC [5i … ESC [4i. Returns -1 when the session
 * has no terminal to print through. */
int app_print(app *a, const char *utf8);

/* Asks whether to take back a session kept from a dropped link (what it was doing, since
 * when); the answer lands in a->resume_answer. */
void app_offer_resume(app *a, const char *what, const char *since);
/* Offers the newest of the user's drafts, if any: continue it, keep it for later, or throw it
 * away. Returns 1 when one was offered. */
int app_offer_drafts(app *a);
/* Whether the session holds anything to come back to: a screen beyond the home menu, or
 * unsaved input. A session on its bare home menu is not worth keeping. */
int app_worth_keeping(app *a);
/* Saves what each open screen holds unsaved as drafts (session ending without a save).
 * Returns the number of drafts saved. */
int app_save_drafts(app *a);
/* Switches the session's UI language ("zh_CN", "en"); the next screen drawn uses it. */
void app_set_language(app *a, const char *lang);

/* Role names as the UI shows them (translated). */
const char *app_role_label(int role);


#endif
