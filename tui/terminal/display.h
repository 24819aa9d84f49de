/* One terminal's curses side, whatever carries its bytes (an SSH channel or the local tty):
 * a SCREEN from the pool writing into an in-memory file, the key decoder, and the bounded
 * output queue the transport drains. Call display_select before any curses call for it. */
#ifndef TUI_DISPLAY_H
#define TUI_DISPLAY_H

#include <curses.h>
#include "tui/terminal/charset.h"
#include "tui/terminal/keys.h"
#include "tui/terminal/outq.h"

#define DISPLAY_MIN_COLS 80
#define DISPLAY_MIN_ROWS 24
/* A larger window is drawn in its top-left corner at this size: no screen needs more, and
 * each cell costs memory in every pooled screen of that size (kept while any is in use). */
#define DISPLAY_MAX_COLS 160
#define DISPLAY_MAX_ROWS 50
/* SCREENs at most, in use and idle together, unless display_pool_set_limit says otherwise. */
#define DISPLAY_POOL_DEFAULT_LIMIT 1024

typedef struct pooled_screen pooled_screen;

/* How lines and boxes are drawn. DEC graphics (the terminal's alternate character set) suits
 * most terminals whatever their charset; Unicode box characters only UTF-8 terminals that draw
 * them one column wide (the Linux console needs them); ASCII +-| works everywhere. */
enum display_lines { LINES_AUTO = 0, LINES_DEC, LINES_UNICODE, LINES_ASCII };

typedef struct display {
    pooled_screen *ps;
    int cols, rows;          /* the client's window */
    char name[64];           /* the terminal type in use */
    int unknown_type;        /* the client's TERM was unknown: vt100 is used instead */
    keydec keys;
    charset cs;              /* the terminal's charset: bytes out are converted to it */
    int line_style;               /* enum display_lines in use */
    outq out;
    int stalled;             /* output queue full: drawing waits, then repaints everything */
    WINDOW *canvas;          /* the window screens draw on: the terminal less its last column */
    int ps_reused;           /* the screen came from the pool */
    int released;            /* the screen was given back while idle; display_select takes one */
} display;

/* Process set-up before the first terminal: locale, signals left to the caller, padding off. */
void display_global_init(void);
/* Releases every pooled SCREEN's memory that can safely be released (at exit). */
void display_global_free(void);

/* charset: the terminal's ("" = UTF-8); lines: enum display_lines (AUTO picks by type and
 * charset). */
int display_open(display *t, const char *type, int cols, int rows, const char *charset_name,
                 int line_style, char *err, size_t errlen);
/* What LINES_AUTO means for this terminal type and charset. */
int display_lines_for(const char *type, int cjk_charset);
/* Restores the client's terminal (leaves the alternate screen, resets modes): the bytes go to
 * the output queue for the transport's last write. The SCREEN returns to the pool. */
void display_close(display *t);
/* Frees the output queue and the charset bridge once the transport has sent (or given up
 * on) its last bytes. */
void display_free_output(display *t);
/* Makes the terminal's screen current, taking one from the pool first if it was given back
 * (everything is repainted then). -1 when no screen can be had (the server is full). */
int display_select(display *t);
/* An idle terminal gives its screen back to the pool: the client keeps what it shows, the
 * session keeps its state, and the next display_select takes a screen and repaints. */
void display_release(display *t);
int display_released(const display *t);
/* Sizes are clamped to sane values (a client may send 0x0). */
void display_resize(display *t, int cols, int rows);
int display_too_small(const display *t);
/* Sends what curses has drawn (doupdate) into the output queue. */
void display_flush(display *t);
/* Appends UTF-8 text (a farewell line, a printout) to the output queue in the terminal's
 * charset. */
void display_write_raw(display *t, const void *bytes, size_t n);
/* Appends bytes exactly as given (a probe that must not be converted). */
void display_write_bytes(display *t, const void *bytes, size_t n);
/* If drawing was suspended for a full queue and the queue has drained, forces a full repaint
 * on the next flush and returns 1. */
int display_resume_if_drained(display *t);
/* Called about once a second: deletes the whole pool when no screen was held or taken since
 * the last call, and returns the memory of screens given back to the system (malloc_trim,
 * whose cost follows the size of the heap). Returns the number of screens deleted. */
int display_pool_trim(void);
/* Number of SCREENs held by sessions now. */
int display_pool_in_use(void);
/* Number of SCREENs created / idle in the pool (for figures). */
void display_pool_stats(int *created, int *idle);
/* The ceiling on SCREENs alive (see display.c); display_open fails past it. */
void display_pool_set_limit(int screens);
/* 1 when the last display_open failed for want of room (the ceiling, or no file descriptors
 * or memory left) rather than for the terminal: the server is full. */
int display_pool_full(void);
/* The terminfo entry that serves a client's TERM (xterm for xterm-256color, gnome, rxvt…),
 * or NULL when it belongs to no family served here (vt100 is used then). */
const char *display_family(const char *type);

#endif
