/* Hosts one session's UI on one terminal (see host.h). */
#include "tui/session/host.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"
#include "core/user_admin.h"
#include "forms/frame.h"
#include "forms/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The probe: "中文" in UTF-8 takes 4 columns on a UTF-8 terminal but reads as three
 * double-byte characters (6 columns) on a GBK one; two box-drawing characters then take 2
 * columns, or 4 where the terminal draws ambiguous-width characters wide. A cursor-position
 * request follows each. */
static const char probe_bytes[] = "\r\xe4\xb8\xad\xe6\x96\x87\033[6n\xe2\x94\x80\xe2\x94\x80\033[6n";
#define PROBE_UTF8_COL 5   /* 1-based column after "中文" on a UTF-8 terminal */

static void start_app(host *h);

static void settle(host *h, const char *charset_name, int cjk_width, const char *source)
{
    keydec *k = &h->disp.keys;
    k->expect_reports = 0;
    snprintf(h->charset_source, sizeof h->charset_source, "%s", source);
    /* Wipe the probe's or the question's text before the first screen is drawn. */
    display_write_bytes(&h->disp, "\r\033[K\033[H\033[2J", 11);
    /* A UTF-8 terminal that draws ambiguous characters wide gets no Unicode boxes. */
    int line_style = h->lines_pref == LINES_AUTO && cjk_width ? LINES_DEC : h->lines_pref;
    char err[160];
    host_reconfigure(h, charset_name, line_style, err, sizeof err);
    start_app(h);
}

/* The one-key question when the probe got no answer: each offered line is written in the
 * charset it offers, so the line that reads correctly is the one to pick. */
static void ask_charset(host *h)
{
    static const char question[] =
        "\r\033[H\033[2J"
        "bianmin: which line below reads correctly? Press its number.\r\n\r\n"
        "  1 = UTF-8   \xe8\x8b\xa5\xe6\xad\xa4\xe8\xa1\x8c\xe4\xb8\xad\xe6\x96\x87\xe6\x98\xbe"
        "\xe7\xa4\xba\xe6\xad\xa3\xe5\xb8\xb8\xef\xbc\x8c\xe8\xaf\xb7\xe6\x8c\x89 1\r\n"
        /* 若此行中文显示正常，请按 2 — in GBK */
        "  2 = GBK     \xc8\xf4\xb4\xcb\xd0\xd0\xd6\xd0\xce\xc4\xcf\xd4\xca\xbe\xd5\xfd\xb3\xa3"
        "\xa3\xac\xc7\xeb\xb0\xb4 2\r\n";
    h->state = HOST_ASKING;
    h->disp.keys.expect_reports = 0;
    display_write_bytes(&h->disp, question, sizeof question - 1);
}

/* The probe told nothing: the client's LANG if it sent one, else the question. */
static void no_probe_answer(host *h)
{
    if (h->env_fallback)
        settle(h, "UTF-8", 0, "env");
    else
        ask_charset(h);
}

static void on_key(void *ctx, fm_key k)
{
    host *h = ctx;
    if (h->state == HOST_ASKING) {
        if (k.code == FM_KEY_CHAR && (k.ch == L'1' || k.ch == L'2'))
            settle(h, k.ch == L'1' ? "UTF-8" : "GBK", 0, "asked");
        return;
    }
    if (h->state != HOST_RUNNING)
        return;   /* typed while the terminal was being probed: not meant for a screen */
    if (display_too_small(&h->disp)) {
        /* Nothing else can be drawn at this size; log out remains possible. */
        if (k.code == FM_KEY_F(10))
            h->app->quit = 1;
        return;
    }
    app_key(h->app, k);
}

static void on_report(void *ctx, int row, int col)
{
    (void)row;
    host *h = ctx;
    if (h->state != HOST_PROBING || h->reports >= 2)
        return;
    h->report_col[h->reports++] = col;
    if (h->reports < 2)
        return;
    if (h->report_col[0] == PROBE_UTF8_COL)
        settle(h, "UTF-8", h->report_col[1] - h->report_col[0] >= 4, "probe");
    else if (h->report_col[0] > PROBE_UTF8_COL)
        settle(h, "GBK", 0, "probe");
    else
        no_probe_answer(h);
}

/* Transparent print: the terminal passes what lies between ESC [5i and ESC [4i to its
 * printer instead of the screen (VT100 media copy; PuTTY and most emulators honour it). */
static void print_through_terminal(void *ctx, const char *utf8)
{
    host *h = ctx;
    display_write_bytes(&h->disp, "\033[5i", 4);
    display_write_raw(&h->disp, utf8, strlen(utf8));
    display_write_bytes(&h->disp, "\033[4i", 4);
}

static int reconfigure_from_app(void *ctx, const char *charset_name, int line_style)
{
    char err[160];
    return host_reconfigure(ctx, charset_name, line_style, err, sizeof err);
}

static void bind_app(host *h)
{
    h->app->print = print_through_terminal;
    h->app->print_ctx = h;
    h->app->reconfigure = reconfigure_from_app;
    h->app->reconfigure_ctx = h;
    h->app->charset_name = h->disp.cs.name;
    h->app->line_style = h->disp.line_style;
}

static void start_app(host *h)
{
    h->state = HOST_RUNNING;
    bind_app(h);
    i18n_use(h->app->lang);
    if (h->app->depth == 0) {
        app_push(h->app, &screen_home);
        /* A one-time password from an administrator is changed before anything else. */
        if (bm_user_must_change(h->app->db, h->app->user.id) == 1)
            app_push(h->app, &screen_admin_password);
        else if (!h->app->dialog.kind)
            app_offer_drafts(h->app);
    }
    if (h->disp.unknown_type)
        app_message(h->app, 0, _("Terminal type \"%s\" is unknown here: using vt100."), h->type);
    display_select(&h->disp);
    clearok(curscr, TRUE);
    host_render(h);
}

static const char *pick_language(const bm_user *user, const char *env_lang)
{
    if (user->lang[0])
        return user->lang;
    if (env_lang && strncmp(env_lang, "en", 2) == 0)
        return "en";
    return "";
}

int host_start(host *h, bm_db *db, const bm_user *user, const char *session_id,
               const char *addr, const host_terminal *term, app *resume, int64_t now_ms,
               char *err, size_t errlen)
{
    memset(h, 0, sizeof *h);
    snprintf(h->type, sizeof h->type, "%s", term->type && term->type[0] ? term->type : "?");
    h->lines_pref = !strcmp(user->lines, "dec") ? LINES_DEC
                  : !strcmp(user->lines, "unicode") ? LINES_UNICODE
                  : !strcmp(user->lines, "ascii") ? LINES_ASCII : LINES_AUTO;
    const char *saved = charset_canonical(user->charset);
    const char *from_env = charset_canonical(term->env_charset);
    const char *known = saved ? saved : from_env;
    if (display_open(&h->disp, term->type, term->cols, term->rows, known ? known : "UTF-8",
                     h->lines_pref, err, errlen) != 0)
        return -1;
    keydec_init(&h->disp.keys, on_key, on_report, h);
    if (resume) {
        h->app = resume;
        app_rebind(h->app, session_id, addr);
    } else {
        h->app = malloc(sizeof *h->app);
        if (!h->app) {
            display_close(&h->disp);
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        app_init(h->app, db, user, session_id, addr);
        snprintf(h->app->lang, sizeof h->app->lang, "%s", pick_language(user, term->env_lang));
    }
    /* A client's LANG of UTF-8 is often not the terminal's: OpenSSH forwards the LANG of the
     * shell it runs in, and `luit -encoding GBK ssh ...` runs it in a UTF-8 one. So a UTF-8
     * LANG is checked by the probe, and the terminal's own answer wins. */
    h->env_fallback = !saved && from_env && !strcmp(from_env, "UTF-8");
    if (known && !h->env_fallback) {
        snprintf(h->charset_source, sizeof h->charset_source, "%s", saved ? "saved" : "env");
        start_app(h);
        return 0;
    }
    h->state = HOST_PROBING;
    h->probe_until_ms = now_ms + HOST_PROBE_TIMEOUT_MS;
    h->disp.keys.expect_reports = 1;
    display_write_bytes(&h->disp, probe_bytes, sizeof probe_bytes - 1);
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
    if (h->state != HOST_RUNNING || h->disp.stalled)
        return;
    if (display_select(&h->disp) != 0)
        return;   /* no screen to be had now: the next key tries again */
    i18n_use(h->app->lang);
    fm_set_ascii_lines(h->disp.line_style == LINES_ASCII);
    if (display_too_small(&h->disp))
        draw_too_small(h, h->disp.canvas);
    else
        app_draw(h->app, h->disp.canvas);
    wnoutrefresh(h->disp.canvas);
    display_flush(&h->disp);
}

struct key_feed {
    keydec *keys;
    int64_t now;
};

static void feed_keys(const void *bytes, size_t n, void *ctx)
{
    struct key_feed *f = ctx;
    keydec_feed(f->keys, bytes, n, f->now);
}

void host_input(host *h, const void *bytes, size_t n, int64_t now_ms)
{
    if (h->state == HOST_CLOSED)
        return;
    display_select(&h->disp);
    if (h->app)
        i18n_use(h->app->lang);
    /* The terminal's bytes become UTF-8 first; the key decoder works on UTF-8. */
    struct key_feed f = { &h->disp.keys, now_ms };
    charset_decode(&h->disp.cs, bytes, n, feed_keys, &f);
    host_render(h);
}

int64_t host_deadline(const host *h)
{
    if (h->state == HOST_PROBING)
        return h->probe_until_ms;
    if (h->state == HOST_RUNNING && h->app && h->app->working)
        return 0;   /* long work goes on as soon as other sessions are served */
    return h->state == HOST_CLOSED ? -1 : keydec_deadline(&h->disp.keys);
}

void host_tick(host *h, int64_t now_ms)
{
    if (h->state == HOST_CLOSED)
        return;
    if (h->state == HOST_PROBING && now_ms >= h->probe_until_ms) {
        /* One answer is enough to tell; none means this terminal does not answer. */
        if (h->reports == 1 && h->report_col[0] == PROBE_UTF8_COL)
            settle(h, "UTF-8", 0, "probe");
        else if (h->reports == 1 && h->report_col[0] > PROBE_UTF8_COL)
            settle(h, "GBK", 0, "probe");
        else
            no_probe_answer(h);
        return;
    }
    if (display_resume_if_drained(&h->disp))
        host_render(h);
    int64_t due = keydec_deadline(&h->disp.keys);
    if (due >= 0 && now_ms >= due) {
        display_select(&h->disp);
        if (h->app)
            i18n_use(h->app->lang);
        keydec_tick(&h->disp.keys, now_ms);
        host_render(h);
    }
    if (h->state == HOST_RUNNING && h->app && h->app->working) {
        display_select(&h->disp);
        i18n_use(h->app->lang);
        app_work(h->app);
        host_render(h);
    }
}

void host_resize(host *h, int cols, int rows)
{
    if (h->state == HOST_CLOSED)
        return;
    display_resize(&h->disp, cols, rows);
    host_render(h);
}

void host_notice(host *h, const char *title, const char *text)
{
    if (h->state != HOST_RUNNING)
        return;
    i18n_use(h->app->lang);
    app_notice(h->app, title, text);
    host_render(h);
}

int host_reconfigure(host *h, const char *charset_name, int line_style, char *err, size_t errlen)
{
    int cjk = charset_canonical(charset_name) && strcmp(charset_canonical(charset_name), "UTF-8");
    int want = line_style == LINES_AUTO ? display_lines_for(h->disp.name, cjk) : line_style;
    if (want == LINES_UNICODE && cjk)
        want = LINES_DEC;
    int rc = 0;
    if ((want == LINES_UNICODE) != (h->disp.line_style == LINES_UNICODE)) {
        /* DEC and Unicode line drawing are decided when curses starts a screen: start another
         * one for this terminal, keeping what is queued for the client. */
        display old = h->disp;
        display_close(&old);
        charset_close(&old.cs);
        if (display_open(&h->disp, old.name, old.cols, old.rows, charset_name, want, err,
                         errlen) != 0) {
            rc = -1;
            h->disp = old;   /* keep going on the old settings' queue; nothing drawn */
        } else {
            outq_free(&h->disp.out);
            h->disp.out = old.out;
            h->disp.unknown_type = old.unknown_type;
            keydec_init(&h->disp.keys, on_key, on_report, h);
        }
    } else {
        charset_close(&h->disp.cs);
        charset_open(&h->disp.cs, charset_name);
        h->disp.line_style = want;
    }
    if (h->app) {
        h->app->charset_name = h->disp.cs.name;
        h->app->line_style = h->disp.line_style;
    }
    display_select(&h->disp);
    clearok(curscr, TRUE);
    host_render(h);
    return rc;
}

void host_swap_app(host *h, app *other)
{
    if (h->app) {
        app_free(h->app);
        free(h->app);
    }
    h->app = other;
    bind_app(h);
    i18n_use(h->app->lang);
    display_select(&h->disp);
    clearok(curscr, TRUE);
    host_render(h);
}

void host_release_screen(host *h)
{
    if (h->state == HOST_RUNNING && keydec_deadline(&h->disp.keys) < 0)
        display_release(&h->disp);
}

app *host_detach(host *h)
{
    app *a = h->app;
    h->app = NULL;
    if (h->state != HOST_CLOSED)
        display_close(&h->disp);
    h->state = HOST_CLOSED;
    return a;
}

void host_stop(host *h, const char *farewell)
{
    if (h->state == HOST_CLOSED && !h->app)
        return;
    if (h->app)
        i18n_use(h->app->lang);
    app *a = host_detach(h);
    if (a) {
        app_free(a);
        free(a);
    }
    /* The farewell goes after the terminal has left the alternate screen, so it stays in
     * view above the client's prompt instead of vanishing with the alternate screen. */
    if (farewell && farewell[0]) {
        display_write_raw(&h->disp, "\r\n", 2);
        display_write_raw(&h->disp, farewell, strlen(farewell));
        display_write_raw(&h->disp, "\r\n", 2);
    }
}
