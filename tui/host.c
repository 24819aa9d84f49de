/* Hosts one session's UI on one terminal (see host.h). */
#include "tui/host.h"
#include "tui/i18n.h"
#include "tui/screens.h"
#include "forms/text.h"

#include <stdio.h>
#include <string.h>

static void on_key(void *ctx, fm_key k)
{
    host *h = ctx;
    if (display_too_small(&h->disp)) {
        /* Nothing else can be drawn at this size; log out remains possible. */
        if (k.code == FM_KEY_F(10))
            h->app.quit = 1;
        return;
    }
    app_key(&h->app, k);
}

/* Transparent print: the terminal passes what lies between ESC [5i and ESC [4i to its
 * printer instead of the screen (VT100 media copy; PuTTY and most emulators honour it). */
static void print_through_terminal(void *ctx, const char *utf8)
{
    host *h = ctx;
    display_write_raw(&h->disp, "\033[5i", 4);
    display_write_raw(&h->disp, utf8, strlen(utf8));
    display_write_raw(&h->disp, "\033[4i", 4);
}

int host_start(host *h, bm_db *db, const bm_user *user, const char *session_id,
               const char *addr, const char *term_type, int cols, int rows,
               char *err, size_t errlen)
{
    memset(h, 0, sizeof *h);
    if (display_open(&h->disp, term_type, cols, rows, err, errlen) != 0)
        return -1;
    keydec_init(&h->disp.keys, on_key, NULL, h);
    app_init(&h->app, db, user, session_id, addr);
    h->app.print = print_through_terminal;
    h->app.print_ctx = h;
    i18n_use(h->app.lang);
    if (h->disp.unknown_type)
        app_message(&h->app, 0, _("Terminal type \"%s\" is unknown here: using vt100."),
                    term_type && term_type[0] ? term_type : "?");
    app_push(&h->app, &screen_home);
    h->open = 1;
    host_render(h);
    return 0;
}

struct wrap_rows {
    WINDOW *w;
    int y;
};

static void put_wrapped_row(const char *line, size_t len, void *ctx)
{
    struct wrap_rows *r = ctx;
    char buf[256];
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, line, len);
    buf[len] = 0;
    if (r->y < getmaxy(r->w))
        fm_put(r->w, r->y, 0, buf, getmaxx(r->w));
    r->y++;
}

static void draw_too_small(host *h, WINDOW *w)
{
    werase(w);
    char text[512];
    snprintf(text, sizeof text,
             _("The window is too small: %dx%d. bianmin needs at least %dx%d. "
               "Please enlarge the window. F10 logs out."),
             h->disp.cols, h->disp.rows, DISPLAY_MIN_COLS, DISPLAY_MIN_ROWS);
    struct wrap_rows rows = { w, 0 };
    fm_wrap(text, getmaxx(w), put_wrapped_row, &rows);
    curs_set(0);
}

void host_render(host *h)
{
    if (!h->open || h->disp.stalled)
        return;
    display_select(&h->disp);
    i18n_use(h->app.lang);
    if (display_too_small(&h->disp))
        draw_too_small(h, stdscr);
    else
        app_draw(&h->app, stdscr);
    wnoutrefresh(stdscr);
    display_flush(&h->disp);
}

void host_input(host *h, const void *bytes, size_t n, int64_t now_ms)
{
    if (!h->open)
        return;
    display_select(&h->disp);
    i18n_use(h->app.lang);
    keydec_feed(&h->disp.keys, bytes, n, now_ms);
    host_render(h);
}

int64_t host_deadline(const host *h)
{
    return h->open ? keydec_deadline(&h->disp.keys) : -1;
}

void host_tick(host *h, int64_t now_ms)
{
    if (!h->open)
        return;
    if (display_resume_if_drained(&h->disp))
        host_render(h);
    int64_t due = keydec_deadline(&h->disp.keys);
    if (due >= 0 && now_ms >= due) {
        display_select(&h->disp);
        i18n_use(h->app.lang);
        keydec_tick(&h->disp.keys, now_ms);
        host_render(h);
    }
}

void host_resize(host *h, int cols, int rows)
{
    if (!h->open)
        return;
    display_resize(&h->disp, cols, rows);
    host_render(h);
}

void host_notice(host *h, const char *title, const char *text)
{
    if (!h->open)
        return;
    i18n_use(h->app.lang);
    app_notice(&h->app, title, text);
    host_render(h);
}

void host_stop(host *h, const char *farewell)
{
    if (!h->open)
        return;
    display_select(&h->disp);
    i18n_use(h->app.lang);
    app_free(&h->app);
    /* The farewell goes after the terminal has left the alternate screen, so it stays in
     * view above the client's prompt instead of vanishing with the alternate screen. */
    display_close(&h->disp);
    if (farewell && farewell[0]) {
        display_write_raw(&h->disp, "\r\n", 2);
        display_write_raw(&h->disp, farewell, strlen(farewell));
        display_write_raw(&h->disp, "\r\n", 2);
    }
    h->open = 0;
}
