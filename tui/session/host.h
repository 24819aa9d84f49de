/* Hosts one session's UI on one terminal, whatever the transport: bytes in → charset → keys →
 * the app → curses → charset → bytes out into the display's output queue, which the transport
 * drains. Before the app starts, the host settles the terminal's charset: the user's saved
 * choice, else the LANG the client sent, else a probe of the terminal (cursor-position reports
 * around a Chinese test string), else a one-key question. A LANG of UTF-8 is checked by the
 * probe too: a GBK terminal behind a UTF-8 shell forwards it, and the terminal's answer wins. The app lives on the heap so that a
 * session whose link dropped can be kept and attached to a new terminal later. */
#ifndef TUI_HOST_H
#define TUI_HOST_H

#include <stdint.h>
#include "tui/session/app.h"
#include "tui/terminal/display.h"

#define HOST_PROBE_TIMEOUT_MS 1500

enum host_state {
    HOST_CLOSED = 0,
    HOST_PROBING,        /* waiting for the terminal's cursor-position reports */
    HOST_ASKING,         /* the one-key charset question is on the screen */
    HOST_RUNNING         /* the app has the screen */
};

typedef struct host_terminal {
    const char *type;    /* TERM */
    int cols, rows;
    const char *env_charset;   /* from LANG / LC_ALL / LC_CTYPE, may be NULL */
    const char *env_lang;      /* the same variable, for the UI language, may be NULL */
} host_terminal;

typedef struct host {
    display disp;
    app *app;
    int state;
    char type[64];
    int64_t probe_until_ms;
    int reports, report_col[2];
    int lines_pref;              /* enum display_lines chosen by the user */
    char charset_source[16];     /* "saved", "env", "probe", "asked": for the log */
    int env_fallback;            /* the client's LANG said UTF-8: used if the probe tells nothing */
} host;

/* Opens the terminal and either starts the app or begins settling the charset. `resume`:
 * an app kept from a dropped session to attach instead of a new one (NULL for a new one). */
int host_start(host *h, bm_db *db, const bm_user *user, const char *session_id,
               const char *addr, const host_terminal *term, app *resume, int64_t now_ms,
               char *err, size_t errlen);
void host_input(host *h, const void *bytes, size_t n, int64_t now_ms);
void host_tick(host *h, int64_t now_ms);
int64_t host_deadline(const host *h);
void host_resize(host *h, int cols, int rows);
void host_render(host *h);
/* Shows a notice dialog now (idle warning, shutdown). */
void host_notice(host *h, const char *title, const char *text);
/* Applies new display settings (charset name, enum display_lines) at once: a new screen is
 * made when the line drawing needs one, and everything is repainted. */
int host_reconfigure(host *h, const char *charset_name, int line_style, char *err, size_t errlen);
/* An idle session gives its screen back to the pool and keeps its state; the next key or
 * update takes one and repaints. */
void host_release_screen(host *h);
/* Replaces the running app by another (a kept session being resumed); the old one is freed. */
void host_swap_app(host *h, app *other);
/* Clears the screen, restores the terminal and writes a last line for the user; the bytes
 * stay in the display's output queue for the transport's final write, after which the
 * transport calls display_free_output. Frees the app. */
void host_stop(host *h, const char *farewell);
/* Like host_stop without the farewell, but hands the app back instead of freeing it (a
 * dropped link: the session is kept for a while). */
app *host_detach(host *h);

#endif
