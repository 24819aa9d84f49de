/* Hosts one session's UI on one terminal, whatever the transport: bytes in → keys → the app
 * → curses → bytes out into the display's output queue, which the transport drains. */
#ifndef TUI_HOST_H
#define TUI_HOST_H

#include <stdint.h>
#include "tui/app.h"
#include "tui/display.h"

typedef struct host {
    display disp;
    app app;
    int open;
} host;

int host_start(host *h, bm_db *db, const bm_user *user, const char *session_id,
               const char *addr, const char *term_type, int cols, int rows,
               char *err, size_t errlen);
void host_input(host *h, const void *bytes, size_t n, int64_t now_ms);
/* Runs the key decoder's timer; returns 1 if it produced keys (the screen was redrawn). */
void host_tick(host *h, int64_t now_ms);
int64_t host_deadline(const host *h);
void host_resize(host *h, int cols, int rows);
void host_render(host *h);
/* Shows a notice dialog now (idle warning, shutdown). */
void host_notice(host *h, const char *title, const char *text);
/* Clears the screen, writes a last line for the user, restores the terminal; the bytes stay
 * in the display's output queue for the transport's final write, after which the transport
 * calls display_free_output. */
void host_stop(host *h, const char *farewell);

#endif
