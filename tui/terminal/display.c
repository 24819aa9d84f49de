/* One terminal's curses side (see display.h).
 *
 * Debian 12's ncurses 6.4 keeps one list of windows for all screens: delscreen() frees other
 * screens' windows (fixed upstream in 2023-09), and resizeterm() resizes every screen's
 * windows that had the old size, so a screen of that size updated next reads past its rows.
 * Hence a SCREEN is never resized, and never deleted alone: each is made at one size and goes
 * back to a pool, keyed by terminal family, line-drawing mode and size, for the next session
 * of that kind; a client that resizes its window moves to a screen of the new size. Once no
 * screen has been in use for a while (everyone left, or all sessions idle), the whole pool is
 * deleted at once, which that delscreen() allows, and its memory returns to the system.
 *
 * Every SCREEN writes into one shared in-memory file (a memfd, which never blocks), so a
 * screen costs no file descriptor: ten thousand sessions need ten thousand sockets and no
 * more. One thread draws one screen at a time, and whatever a screen wrote is moved to its
 * session's output queue before another screen is made current (make_current), so bytes never
 * reach the wrong session.
 *
 * While any screen is in use the pool cannot shrink, so it is kept small on purpose: a
 * client's TERM is served by one of a few terminal families (so a thousand names make no more
 * than a few kinds of screen), windows are capped in size, and the number of screens has a
 * ceiling. */
#include "tui/terminal/display.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <term.h>
#include <time.h>
#include <unistd.h>

struct pooled_screen {
    SCREEN *scr;
    display *owner;      /* the session drawing on it now (NULL while pooled) */
    char type[64];
    int utf8_acs;        /* line drawing as Unicode (Linux console) rather than DEC graphics */
    int cols, rows;      /* its size, for ever */
    WINDOW *canvas;      /* what the screens draw on: all but the last column */
    int in_use;
    pooled_screen *next;
};

static pooled_screen *pool;
static FILE *null_input;
/* The shared output file, and the screen whose bytes it may hold. */
static FILE *sink;
static int sink_fd = -1;
static pooled_screen *sink_writer;
static int pool_created;  /* screens alive, in use and idle */
static int pool_taken;    /* screens handed out since the pool was last looked at */
static int pool_limit = DISPLAY_POOL_DEFAULT_LIMIT;
static int pool_full;     /* the last screen could not be made for want of room */
/* Memory was freed since it was last returned to the system: a session ended, or the pool
 * was deleted. Not a screen given back to the pool (it keeps its cells): malloc_trim walks
 * the whole heap and advises every free page again, a cost that grows with the sessions
 * connected, so it is not paid for a screen that freed nothing. */
static int trim_wanted;
static int pool_in_use;   /* screens held by a session now */

/* The terminal families served, and the TERM names each stands for (by prefix). Sequences
 * for the screen are all these programs need: keys are decoded by the session, not curses,
 * and no screen needs more than 8 colours. */
static const struct family {
    const char *terminfo;
    const char *prefixes[12];
} families[] = {
    { "xterm", { "xterm", "gnome", "konsole", "rxvt", "alacritty", "kitty", "foot", "vte",
                 "iterm", "mintty", "Eterm", "st-" } },
    { "vt100", { "vt100", "vt101", "vt102" } },
    { "vt220", { "vt2", "vt3", "vt4", "vt5" } },
    { "linux", { "linux" } },
    { "putty", { "putty" } },
    { "screen", { "screen" } },
    { "tmux", { "tmux" } },
    { "ansi", { "ansi" } },
};

const char *display_family(const char *type)
{
    if (!type)
        return NULL;
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++)
        for (int j = 0; j < 12 && families[i].prefixes[j]; j++) {
            const char *p = families[i].prefixes[j];
            if (strncmp(type, p, strlen(p)) == 0)
                return families[i].terminfo;
        }
    return strcmp(type, "st") == 0 ? "xterm" : NULL;
}

int display_pool_full(void)
{
    return pool_full;
}

void display_pool_set_limit(int screens)
{
    pool_limit = screens > 0 ? screens : DISPLAY_POOL_DEFAULT_LIMIT;
}

void display_global_init(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "");
    /* Padding would make ncurses sleep inside the one event loop (vt100's $<n> delays). */
    setenv("NCURSES_NO_PADDING", "1", 1);
    /* Sizes come from the client's pty request: newterm reads LINES and COLUMNS, set just
     * before it (terminal types without lines#/cols#, such as linux and putty, would else
     * have no size and fail). */
    use_tioctl(FALSE);
}

void display_global_free(void)
{
    /* Deleting SCREENs is what the delscreen bug forbids while any other lives; at exit the
     * pool stays reachable and the OS reclaims it. Only the input stream is closed. */
    if (null_input) {
        fclose(null_input);
        null_input = NULL;
    }
}

int display_pool_in_use(void)
{
    return pool_in_use;
}

void display_pool_stats(int *created, int *idle)
{
    int n = 0;
    for (pooled_screen *p = pool; p; p = p->next)
        n += !p->in_use;
    *created = pool_created;
    *idle = n;
}

/* Whether terminfo knows the type, and whether it has an alternate character set. */
static int type_known(const char *type, int *has_acs)
{
    int err = 0;
    TERMINAL *saved = cur_term;
    /* setupterm would replace cur_term; a private TERMINAL is made and freed instead. */
    if (setupterm(type, -1, &err) != OK || err != 1) {
        set_curterm(saved);
        return 0;
    }
    TERMINAL *probe = cur_term;
    char acsc[] = "acsc", smacs[] = "smacs";
    const char *a = tigetstr(acsc), *on = tigetstr(smacs);
    *has_acs = a && a != (char *)-1 && on && on != (char *)-1;
    set_curterm(saved);
    del_curterm(probe);
    return 1;
}

int display_lines_for(const char *type, int cjk_charset)
{
    int has_acs = 0;
    if (!type || !type_known(type, &has_acs))
        return LINES_DEC;   /* the vt100 stand-in has DEC graphics */
    /* The ANSI (PC) character set's line drawing is CP437 bytes, unreadable in UTF-8 or GBK. */
    if (!has_acs || strcmp(type, "ansi") == 0 || strncmp(type, "ansi.", 5) == 0)
        return LINES_ASCII;
    /* The Linux console ignores DEC graphics in UTF-8 mode but draws Unicode boxes; on a
     * CJK terminal Unicode boxes are two columns wide, so never there. */
    if (strncmp(type, "linux", 5) == 0 && !cjk_charset)
        return LINES_UNICODE;
    return LINES_DEC;
}

static pooled_screen *pool_take(const char *type, int utf8_acs, int cols, int rows)
{
    for (pooled_screen *p = pool; p; p = p->next)
        if (!p->in_use && p->utf8_acs == utf8_acs && p->cols == cols && p->rows == rows &&
            strcmp(p->type, type) == 0) {
            p->in_use = 1;
            pool_in_use++;
            pool_taken++;
            return p;
        }
    return NULL;
}

/* ncurses takes a screen's size from LINES and COLUMNS when it is made, and again when it is
 * started after endwin: they must say that screen's own size at both moments. */
static void size_env(int cols, int rows)
{
    char number[16];
    snprintf(number, sizeof number, "%d", cols);
    setenv("COLUMNS", number, 1);
    snprintf(number, sizeof number, "%d", rows);
    setenv("LINES", number, 1);
}

/* ---- the shared output file ---- */

static void sink_discard(void)
{
    fflush(sink);
    if (ftruncate(sink_fd, 0) == 0)
        lseek(sink_fd, 0, SEEK_SET);
}

/* Queues converted bytes; a full queue means the client stopped reading: drawing waits,
 * and everything is repainted once it drains. */
static void push_encoded(const void *bytes, size_t n, void *ctx)
{
    display *t = ctx;
    if (!t->stalled && outq_push(&t->out, bytes, n) != 0)
        t->stalled = 1;
}

/* Moves what the current screen wrote into t's output queue (nothing, with t NULL), leaving
 * the shared file empty. */
static void sink_collect(display *t)
{
    if (!sink)
        return;
    fflush(sink);
    off_t size = lseek(sink_fd, 0, SEEK_CUR);
    char buf[16384];
    for (off_t off = 0; t && off < size;) {
        size_t want = (size_t)(size - off) < sizeof buf ? (size_t)(size - off) : sizeof buf;
        ssize_t n = pread(sink_fd, buf, want, off);
        if (n <= 0)
            break;
        if (!t->stalled)
            charset_encode(&t->cs, buf, (size_t)n, push_encoded, t);
        off += n;
    }
    if (size > 0)
        sink_discard();
}

/* What the last screen wrote belongs to its session: it is queued there before another
 * screen writes. */
static void sink_settle(pooled_screen *next)
{
    if (sink_writer && sink_writer != next)
        sink_collect(sink_writer->owner);
    sink_writer = next;
}

/* Makes t's screen the current one (set_term), its session the owner of what it writes. */
static void make_current(display *t)
{
    sink_settle(t->ps);
    t->ps->owner = t;
    set_term(t->ps->scr);
}

static int sink_open(char *err, size_t errlen)
{
    if (sink)
        return 0;
    sink_fd = memfd_create("bianmin-screens", MFD_CLOEXEC);
    if (sink_fd < 0) {
        pool_full = errno == EMFILE || errno == ENFILE || errno == ENOMEM;
        snprintf(err, errlen, "memfd_create: %s", strerror(errno));
        return -1;
    }
    sink = fdopen(sink_fd, "w");
    if (!sink) {
        snprintf(err, errlen, "fdopen: %s", strerror(errno));
        close(sink_fd);
        sink_fd = -1;
        return -1;
    }
    return 0;
}

/* Whether the process has no file descriptor left (curses reads terminfo through one). */
static int out_of_descriptors(void)
{
    int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        close(fd);
        return 0;
    }
    return errno == EMFILE || errno == ENFILE;
}

static pooled_screen *pool_new(const char *type, int utf8_acs, int cols, int rows, char *err,
                               size_t errlen)
{
    pool_full = pool_created >= pool_limit;
    if (pool_full) {
        snprintf(err, errlen, "no room for another screen: all %d are in use", pool_limit);
        return NULL;
    }
    if (!null_input) {
        null_input = fopen("/dev/null", "r");
        if (!null_input) {
            pool_full = out_of_descriptors();
            snprintf(err, errlen, "/dev/null: %s", strerror(errno));
            return NULL;
        }
    }
    if (sink_open(err, errlen) != 0)
        return NULL;
    pooled_screen *p = calloc(1, sizeof *p);
    if (!p) {
        pool_full = 1;
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    sink_settle(NULL);   /* newterm makes the new screen current */
    setenv("NCURSES_NO_UTF8_ACS", utf8_acs ? "1" : "0", 1);
    size_env(cols, rows);
    char type_copy[64];
    snprintf(type_copy, sizeof type_copy, "%s", type);
    p->scr = newterm(type_copy, sink, null_input);
    if (!p->scr) {
        /* With no descriptor left to read terminfo through, the server is full; the type
         * itself was checked before (type_known). */
        pool_full = out_of_descriptors();
        snprintf(err, errlen, pool_full ? "no file descriptor left for another screen"
                                        : "cannot start the screen for terminal type %s", type);
        free(p);
        return NULL;
    }
    /* REP (repeat the last character) saves a few bytes but many emulators and thin terminals
     * that claim it (ansi, some PuTTY and xterm clones) mishandle it: lines lose characters. */
    set_term(p->scr);
    repeat_char = NULL;
    /* Nothing is drawn in the last column: terminals disagree on where the cursor goes after
     * writing it (terminfo's am/xenl; TERM=ansi on a modern emulator is wrong either way), and
     * a line that wraps unexpectedly shifts everything below it. */
    p->canvas = newwin(rows, cols - 1, 0, 0);
    if (!p->canvas)   /* the SCREEN cannot be deleted (see above): kept, never handed out */
        snprintf(err, errlen, "out of memory for a %dx%d screen", cols, rows);
    snprintf(p->type, sizeof p->type, "%s", type);
    p->utf8_acs = utf8_acs;
    p->cols = cols;
    p->rows = rows;
    p->in_use = 1;   /* a screen without its canvas stays "in use": never handed out */
    pool_in_use += p->canvas != NULL;
    pool_taken++;
    p->next = pool;
    pool = p;
    pool_created++;
    return p->canvas ? p : NULL;
}

static int take_screen(display *t, int cols, int rows, char *err, size_t errlen);

int display_open(display *t, const char *type, int cols, int rows, const char *charset_name,
                 int line_style, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    outq_init(&t->out);
    int has_acs = 0;
    type = display_family(type);
    if (!type || !type_known(type, &has_acs)) {
        t->unknown_type = 1;
        type = "vt100";
    }
    snprintf(t->name, sizeof t->name, "%s", type);
    charset_open(&t->cs, charset_name);
    t->line_style = line_style == LINES_AUTO ? display_lines_for(type, charset_is_cjk(&t->cs)) : line_style;
    if (t->line_style == LINES_UNICODE && charset_is_cjk(&t->cs))
        t->line_style = LINES_DEC;   /* two columns wide there: never */
    if (take_screen(t, cols, rows, err, errlen) != 0)
        return -1;
    if (t->ps_reused && ena_acs && ena_acs != (char *)-1) {
        /* A terminal that switches to line drawing with SO/SI (vt100's enacs designates DEC
         * graphics as G1) is told so once, when curses starts a screen; a screen taken from
         * the pool meets a new terminal that was never told. */
        outq_push(&t->out, ena_acs, strlen(ena_acs));
    }
    return 0;
}

/* A screen from the pool (or a new one) for this terminal, set up as the programs need it. */
static void clamp(int *v, int lo, int hi, int dflt)
{
    if (*v <= 0)
        *v = dflt;
    if (*v < lo)
        *v = lo;
    if (*v > hi)
        *v = hi;
}

static void clamp_size(int *cols, int *rows)
{
    clamp(cols, 10, DISPLAY_MAX_COLS, DISPLAY_MIN_COLS);
    clamp(rows, 4, DISPLAY_MAX_ROWS, DISPLAY_MIN_ROWS);
}

static int take_screen(display *t, int cols, int rows, char *err, size_t errlen)
{
    clamp_size(&cols, &rows);
    int utf8_acs = t->line_style == LINES_UNICODE;
    t->ps = pool_take(t->name, utf8_acs, cols, rows);
    t->ps_reused = t->ps != NULL;
    if (!t->ps)
        t->ps = pool_new(t->name, utf8_acs, cols, rows, err, errlen);
    if (!t->ps)
        return -1;
    t->cols = cols;
    t->rows = rows;
    t->canvas = t->ps->canvas;
    make_current(t);
    raw();
    noecho();
    nonl();
    typeahead(-1);            /* /dev/null always "has input": never abandon an update */
    keypad(stdscr, FALSE);    /* keys are decoded by the session, not by curses */
    meta(stdscr, TRUE);
    leaveok(stdscr, FALSE);
    scrollok(stdscr, FALSE);
    idlok(stdscr, FALSE);
    if (has_colors())
        start_color();
    wattrset(stdscr, A_NORMAL);
    wbkgdset(stdscr, ' ');
    werase(stdscr);
    wattrset(t->canvas, A_NORMAL);
    werase(t->canvas);
    /* A pooled screen's set-up bytes are for a terminal already gone; a new screen's go to
     * its session, as they would at its first update. */
    sink_collect(t->ps_reused ? NULL : t);
    if (t->ps_reused) {
        /* A pooled screen went through endwin: what it writes on its first update starts
         * the terminal's screen mode, and is this terminal's. */
        size_env(cols, rows);
        doupdate();
    }
    clearok(curscr, TRUE);    /* the client's screen is unknown: paint it all */
    return 0;
}

int display_select(display *t)
{
    if (!t->ps) {
        /* Given back while idle: another screen (the same kind) repaints it all. */
        char err[160];
        if (!t->released || take_screen(t, t->cols, t->rows, err, sizeof err) != 0)
            return -1;
        t->released = 0;
        return 0;
    }
    make_current(t);
    return 0;
}

/* Back to the pool, after endwin like every pooled screen (the next user's first update
 * starts the terminal's screen mode); what endwin wrote is not this terminal's any more. */
static void retire(pooled_screen *p)
{
    sink_settle(p);
    set_term(p->scr);
    wattrset(stdscr, A_NORMAL);
    werase(stdscr);
    endwin();
    sink_collect(NULL);
    p->owner = NULL;
    p->in_use = 0;
    pool_in_use--;
}

void display_resize(display *t, int cols, int rows)
{
    clamp_size(&cols, &rows);
    if (!t->ps || (cols == t->ps->cols && rows == t->ps->rows)) {
        t->cols = cols;   /* given back: the size is used when a screen is taken again */
        t->rows = rows;
        return;
    }
    /* A screen of the new size (see the top of this file); while none can be had, the old
     * one goes on at the old size. */
    pooled_screen *old = t->ps;
    int old_cols = t->cols, old_rows = t->rows, reused = t->ps_reused;
    char err[160];
    if (take_screen(t, cols, rows, err, sizeof err) != 0) {
        t->ps = old;
        t->ps_reused = reused;
        t->cols = old_cols;
        t->rows = old_rows;
        t->canvas = old->canvas;
        make_current(t);
        return;
    }
    retire(old);   /* what it drew went to this terminal when the new screen was taken */
    make_current(t);
}

int display_too_small(const display *t)
{
    return t->cols < DISPLAY_MIN_COLS || t->rows < DISPLAY_MIN_ROWS;
}

void display_flush(display *t)
{
    make_current(t);
    doupdate();
    sink_collect(t);
}

void display_write_raw(display *t, const void *bytes, size_t n)
{
    charset_encode(&t->cs, bytes, n, push_encoded, t);
}

void display_write_bytes(display *t, const void *bytes, size_t n)
{
    outq_push(&t->out, bytes, n);
}

int display_resume_if_drained(display *t)
{
    if (!t->stalled || outq_pending(&t->out) > OUTQ_LIMIT / 4)
        return 0;
    t->stalled = 0;
    if (display_select(t) != 0)
        return 1;
    clearok(curscr, TRUE);
    return 1;
}

/* Back to the pool: 80x24, blank, normal attributes, nothing pending, and after endwin like
 * every pooled screen (the next user's first update starts the terminal's screen mode). */
static void give_back(display *t)
{
    pooled_screen *p = t->ps;
    werase(stdscr);
    if (p->canvas) {
        wattrset(p->canvas, A_NORMAL);
        werase(p->canvas);
    }
    sink_collect(NULL);
    p->owner = NULL;
    p->in_use = 0;
    pool_in_use--;
    t->ps = NULL;
    t->canvas = NULL;
}

/* Deletes every screen: the windows first, each with its own screen current, then the
 * screens, so the delscreen() that frees all screens' windows finds none left to free. */
static void pool_delete_all(void)
{
    for (pooled_screen *p = pool; p; p = p->next)
        if (p->canvas) {
            set_term(p->scr);
            delwin(p->canvas);
            p->canvas = NULL;
        }
    while (pool) {
        pooled_screen *p = pool;
        pool = p->next;
        delscreen(p->scr);
        free(p);
    }
    set_term(NULL);
    sink_collect(NULL);
    sink_writer = NULL;
    pool_created = 0;
    pool_full = 0;
}

/* Freed cells go back to the system, not only to malloc; at most every TRIM_GAP_MS, so a
 * crowd leaving at once (each leaving asks) pays for a few walks of the heap, not one each.
 * What is left waits for display_pool_trim, called about once a second. */
#define TRIM_GAP_MS 200

static void return_memory(void)
{
    static int64_t last_ms;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    if (trim_wanted && (last_ms == 0 || now - last_ms >= TRIM_GAP_MS)) {
        trim_wanted = 0;
        last_ms = now;
        malloc_trim(0);
    }
}

int display_pool_trim(void)
{
    int deleted = 0;
    /* A pool none of whose screens was taken since the last look (about a second) and none
     * is held: no one is typing, so the next key may well pay for a new screen. */
    if (pool && pool_in_use == 0 && pool_taken == 0) {
        deleted = pool_created;
        pool_delete_all();
        trim_wanted = 1;
    }
    pool_taken = 0;
    return_memory();
    return deleted;
}

void display_release(display *t)
{
    if (!t->ps || t->stalled)
        return;
    int cols = t->cols, rows = t->rows;
    make_current(t);
    sink_collect(t);          /* what was drawn still goes to the client */
    endwin();
    give_back(t);             /* the client keeps its screen: nothing of endwin's is sent */
    t->cols = cols;
    t->rows = rows;
    t->released = 1;
}

int display_released(const display *t)
{
    return t->released;
}

void display_close(display *t)
{
    if (!t->ps) {
        if (!t->released || display_select(t) != 0)
            return;
        doupdate();   /* a screen taken again starts the terminal's screen mode, to end it */
    }
    make_current(t);
    /* Leave the client's terminal as we found it: attributes off, cursor shown, the
     * alternate screen left. */
    wattrset(stdscr, A_NORMAL);
    curs_set(1);
    endwin();
    sink_collect(t);
    give_back(t);
    trim_wanted = 1;
    return_memory();   /* a session that leaves gives its cells back at once */
}

void display_free_output(display *t)
{
    outq_free(&t->out);
    charset_close(&t->cs);
}
