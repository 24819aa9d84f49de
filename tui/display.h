/* One terminal's curses side, whatever carries its bytes (an SSH channel or the local tty):
 * a SCREEN from the pool writing into an in-memory file, the key decoder, and the bounded
 * output queue the transport drains. Call display_select before any curses call for it. */
#ifndef TUI_DISPLAY_H
#define TUI_DISPLAY_H

#include <curses.h>
#include "tui/keys.h"
#include "tui/outq.h"

#define DISPLAY_MIN_COLS 80
#define DISPLAY_MIN_ROWS 24

typedef struct pooled_screen pooled_screen;

typedef struct display {
    pooled_screen *ps;
    int cols, rows;          /* the client's window */
    char name[64];           /* the terminal type in use */
    int unknown_type;        /* the client's TERM was unknown: vt100 is used instead */
    keydec keys;
    outq out;
    int stalled;             /* output queue full: drawing waits, then repaints everything */
} display;

/* Process set-up before the first terminal: locale, signals left to the caller, padding off. */
void display_global_init(void);
/* Releases every pooled SCREEN's memory that can safely be released (at exit). */
void display_global_free(void);

int display_open(display *t, const char *type, int cols, int rows, char *err, size_t errlen);
/* Restores the client's terminal (leaves the alternate screen, resets modes): the bytes go to
 * the output queue for the transport's last write. The SCREEN returns to the pool. */
void display_close(display *t);
/* Frees the output queue once the transport has sent (or given up on) its last bytes. */
void display_free_output(display *t);
void display_select(display *t);
/* Sizes are clamped to sane values (a client may send 0x0). */
void display_resize(display *t, int cols, int rows);
int display_too_small(const display *t);
/* Sends what curses has drawn (doupdate) into the output queue. */
void display_flush(display *t);
/* Appends raw bytes (a bell, a farewell line) to the output queue. */
void display_write_raw(display *t, const void *bytes, size_t n);
/* If drawing was suspended for a full queue and the queue has drained, forces a full repaint
 * on the next flush and returns 1. */
int display_resume_if_drained(display *t);
/* Number of SCREENs created / idle in the pool (for figures). */
void display_pool_stats(int *created, int *idle);

#endif
