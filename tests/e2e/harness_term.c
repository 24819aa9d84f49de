/* End-to-end test harness (see harness.h): terminals. The emulator side (libvterm, the
 * terminal's charset, replies to the server's queries) and the connection side (an
 * interactive session with a pty, pumping, resizing, hanging up or vanishing). */
#include "tests/e2e/harness_internal.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- Terminals: emulator side ---------------------------------------------------------------- */

static void vterm_output(const char *s, size_t len, void *user)
{
    bmt_term *t = user;
    bytes_add(t->capture ? t->capture : &t->replies, s, len);
}

bmt_term *term_new(int cols, int rows)
{
    harness_init();
    bmt_term *t = calloc(1, sizeof *t);
    if (!t)
        oom();
    t->vt = vterm_new(rows, cols);
    if (!t->vt)
        oom();
    vterm_set_utf8(t->vt, 1);
    vterm_output_set_callback(t->vt, vterm_output, t);
    t->screen = vterm_obtain_screen(t->vt);
    vterm_screen_enable_altscreen(t->screen, 1);
    vterm_screen_reset(t->screen, 1);
    t->last_rx_ms = now_ms();
    t->decode = t->encode = (iconv_t)-1;
    t->next = g.terms;
    g.terms = t;
    return t;
}

static void close_charset(bmt_term *t)
{
    if (t->decode != (iconv_t)-1)
        iconv_close(t->decode);
    if (t->encode != (iconv_t)-1)
        iconv_close(t->encode);
    t->decode = t->encode = (iconv_t)-1;
    t->npending = 0;
}

int bmt_set_charset(bmt_term *t, const char *charset)
{
    if (!t)
        return -1;
    close_charset(t);
    if (!charset || !strcasecmp(charset, "UTF-8") || !strcasecmp(charset, "UTF8"))
        return 0;
    t->decode = iconv_open("UTF-8", charset);
    t->encode = iconv_open(charset, "UTF-8");
    if (t->decode == (iconv_t)-1 || t->encode == (iconv_t)-1) {
        note("bmt_set_charset: iconv knows no charset %s", charset);
        close_charset(t);
        return -1;
    }
    return 0;
}

/* Converts with cd, '?' for what it cannot convert; an incomplete tail is left in *tail when
 * tail != NULL (input from the server arrives in arbitrary packets). */
static void convert_text(iconv_t cd, const unsigned char *in, size_t n, bytes *out,
                         unsigned char *tail, size_t *ntail)
{
    char *inp = (char *)in;
    size_t left = n;
    if (ntail)
        *ntail = 0;
    while (left > 0) {
        char buf[4096], *o = buf;
        size_t room = sizeof buf;
        size_t r = iconv(cd, &inp, &left, &o, &room);
        bytes_add(out, buf, (size_t)(o - buf));
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG)
            continue;
        if (errno == EINVAL && tail && left < 8) {
            memcpy(tail, inp, left);
            *ntail = left;
            break;
        }
        bytes_add(out, "?", 1);
        inp++;
        left--;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
}

/* Typed text in the terminal's charset (keys are ASCII and pass unchanged). */
void encode_typed(bmt_term *t, bytes *b)
{
    if (t->encode == (iconv_t)-1 || b->n == 0)
        return;
    bytes out = {0};
    convert_text(t->encode, (const unsigned char *)b->p, b->n, &out, NULL, NULL);
    bytes_free(b);
    *b = out;
}

bmt_term *bmt_term_offline(int cols, int rows)
{
    bmt_term *t = term_new(cols > 0 ? cols : 80, rows > 0 ? rows : 24);
    snprintf(t->label, sizeof t->label, "offline %dx%d", cols, rows);
    return t;
}

/* One channel write of exactly these bytes (libssh splits it into packets as the window
 * allows). Offline it is only recorded. */
int term_write(bmt_term *t, const void *data, size_t n)
{
    if (n == 0)
        return 0;
    if (t->session) {
        if (t->closed || t->vanished) {
            note("bmt: %s: cannot send, the connection is %s", t->label,
                 t->closed ? "closed" : "vanished");
            return -1;
        }
        int w = ssh_channel_write(t->channel, data, (uint32_t)n);
        if (w < 0 || (size_t)w != n) {
            note("bmt: %s: channel write of %zu bytes failed: %s", t->label, n,
                 ssh_get_error(t->session));
            return -1;
        }
    }
    bytes_add(&t->sent, data, n);
    return 0;
}

static void flush_replies(bmt_term *t)
{
    if (t->replies.n == 0)
        return;
    if (t->mute) {
        bytes_free(&t->replies);
        return;
    }
    bytes r = t->replies;
    t->replies = (bytes){0};
    term_write(t, r.p, r.n);
    bytes_free(&r);
}

static void term_input(bmt_term *t, const void *data, size_t n)
{
    bytes_add(&t->received, data, n);
    if (t->decode != (iconv_t)-1) {
        /* What a terminal set to another charset shows: its bytes read in that charset. */
        bytes joined = {0}, text = {0};
        bytes_add(&joined, t->pending, t->npending);
        bytes_add(&joined, data, n);
        convert_text(t->decode, (const unsigned char *)joined.p, joined.n, &text, t->pending,
                     &t->npending);
        vterm_input_write(t->vt, text.p, text.n);
        bytes_free(&joined);
        bytes_free(&text);
    } else {
        vterm_input_write(t->vt, data, n);
    }
    free(t->text);
    t->text = NULL;
    t->last_rx_ms = now_ms();
    flush_replies(t);
}

void bmt_feed(bmt_term *t, const void *data, size_t n)
{
    if (t)
        term_input(t, data, n);
}

/* ---- Terminals: connection side -------------------------------------------------------------- */

static void leave_event(bmt_term *t)
{
    if (t->in_event) {
        ssh_event_remove_session(g.event, t->session);
        t->in_event = 0;
        g.event_sessions--;
    }
}

/* Closes our side of the channel and the connection, as a client does. ssh_disconnect frees
 * the session's channels, hence channel = NULL. */
static void term_hang_up(bmt_term *t)
{
    leave_event(t);
    if (!t->channel)
        return;
    if (ssh_is_connected(t->session)) {
        if (!ssh_channel_is_closed(t->channel))
            ssh_channel_close(t->channel);
        ssh_disconnect(t->session);
    } else {
        ssh_channel_free(t->channel);
    }
    t->channel = NULL;
}

/* The server ended the session: answer as a client would. */
static void term_mark_closed(bmt_term *t)
{
    if (t->closed)
        return;
    t->closed = 1;
    term_hang_up(t);
}

/* Moves whatever the session has buffered into the emulator. Returns the bytes taken. */
static size_t term_drain(bmt_term *t)
{
    if (!t->session || t->vanished || t->closed)
        return 0;
    size_t total = 0;
    char chunk[8192];
    for (;;) {
        int got = 0;
        for (int is_stderr = 0; is_stderr <= 1; is_stderr++) {
            int n = ssh_channel_read_nonblocking(t->channel, chunk, sizeof chunk, is_stderr);
            if (n > 0) {
                /* A terminal shows the session's stderr as well. */
                term_input(t, chunk, (size_t)n);
                total += (size_t)n;
                got = 1;
            } else if (n == SSH_ERROR) {
                term_mark_closed(t);
                return total;
            }
        }
        if (!got)
            break;
    }
    if (ssh_channel_is_closed(t->channel) || !ssh_is_connected(t->session))
        term_mark_closed(t);
    return total;
}

size_t drain_all(void)
{
    size_t total = 0;
    for (bmt_term *t = g.terms; t; t = t->next)
        total += term_drain(t);
    return total;
}

/* Takes in what has arrived; if nothing had, waits up to timeout_ms for more. */
void pump_all(int timeout_ms)
{
    if (drain_all() > 0 || timeout_ms <= 0)
        return;
    if (g.event && g.event_sessions > 0) {
        long long start = now_ms();
        /* SSH_ERROR here only means some socket closed; the drain below finds which. A
         * stubborn error must not turn the wait into a busy loop, hence the short sleep. */
        if (ssh_event_dopoll(g.event, timeout_ms) == SSH_ERROR && now_ms() - start < 2)
            sleep_ms(2);
    } else {
        sleep_ms(timeout_ms);
    }
    drain_all();
}

void bmt_pump(int ms)
{
    harness_init();
    long long deadline = now_ms() + ms;
    for (long long left; (left = deadline - now_ms()) > 0;)
        pump_all(left < PUMP_STEP_MS ? (int)left : PUMP_STEP_MS);
}

bmt_term *bmt_connect(bmt_server *s, const bmt_login *login, char **why)
{
    harness_init();
    if (why)
        *why = NULL;
    char *reason = NULL;
    if (!login || !login->user) {
        reason = xstrdup("bmt_connect: no login or no user");
        goto fail;
    }
    const char *term = login->term ? login->term : "xterm";
    int cols = login->cols > 0 ? login->cols : 80;
    int rows = login->rows > 0 ? login->rows : 24;

    long long deadline = now_ms() + SSH_TIMEOUT_S * 1000;
    ssh_session ss =
        open_session(s, login->user, login->password, login->keyfile, deadline, &reason);
    if (!ss)
        goto fail;
    ssh_channel ch = ssh_channel_new(ss);
    if (!ch)
        oom();
    /* Each request is repeated while libssh says "again" (non-blocking), as OpenSSH orders
     * them: pty, env, shell. */
    const char *step = "open a session channel";
    int rc;
    while ((rc = ssh_channel_open_session(ch)) == SSH_AGAIN && step_wait(ss, deadline) == 0) {
    }
    if (rc == SSH_OK) {
        step = "request a pty";
        while ((rc = ssh_channel_request_pty_size(ch, term, cols, rows)) == SSH_AGAIN &&
               step_wait(ss, deadline) == 0) {
        }
    }
    for (int i = 0; rc == SSH_OK && login->env && login->env[i] && login->env[i + 1]; i += 2) {
        int env_rc;
        while ((env_rc = ssh_channel_request_env(ch, login->env[i], login->env[i + 1])) ==
                   SSH_AGAIN &&
               step_wait(ss, deadline) == 0) {
        }
        if (env_rc != SSH_OK)
            note("bmt_connect: the server refused env %s=%s (going on, as OpenSSH does)",
                 login->env[i], login->env[i + 1]);
    }
    if (rc == SSH_OK) {
        step = "start a shell";
        while ((rc = ssh_channel_request_shell(ch)) == SSH_AGAIN && step_wait(ss, deadline) == 0) {
        }
    }
    if (rc != SSH_OK) {
        reason = xasprintf("logged in as %s but could not %s: %s", login->user, step,
                           rc == SSH_AGAIN ? "timed out" : ssh_get_error(ss));
        ssh_channel_free(ch);
        ssh_disconnect(ss);
        ssh_free(ss);
        goto fail;
    }

    /* From here on blocking (a write completes or fails), each call limited by the session
     * timeout; reads never block: they only take what has arrived. */
    ssh_set_blocking(ss, 1);
    bmt_term *t = term_new(cols, rows);
    snprintf(t->label, sizeof t->label, "%s %s %dx%d", login->user, term, cols, rows);
    t->server = s;
    t->session = ss;
    t->channel = ch;
    if (!g.event) {
        g.event = ssh_event_new();
        if (!g.event)
            oom();
    }
    if (ssh_event_add_session(g.event, ss) == SSH_OK) {
        t->in_event = 1;
        g.event_sessions++;
    } else {
        note("bmt_connect: ssh_event_add_session failed for %s; it will not be pumped", t->label);
    }
    t->mute = login->mute;
    if (login->charset && bmt_set_charset(t, login->charset) != 0) {
        reason = xstrdup("bmt_connect: unknown terminal charset");
        bmt_close(t);
        goto fail;
    }
    return t;

fail:
    if (why)
        *why = reason;
    else {
        note("bmt_connect: %s", reason);
        free(reason);
    }
    return NULL;
}

static void term_unlink(bmt_term *t)
{
    for (bmt_term **p = &g.terms; *p; p = &(*p)->next)
        if (*p == t) {
            *p = t->next;
            return;
        }
}

void bmt_vanish(bmt_term *t)
{
    if (!t || !t->session)
        return;
    leave_event(t);
    t->vanished = 1;
}

void bmt_close(bmt_term *t)
{
    if (!t)
        return;
    term_unlink(t);
    if (t->session) {
        /* A vanished client sends nothing more, not even a close: ssh_free just drops the
         * socket (and frees the channel). */
        if (t->vanished)
            leave_event(t);
        else
            term_hang_up(t);
        ssh_free(t->session);
    }
    vterm_free(t->vt);
    close_charset(t);
    bytes_free(&t->received);
    bytes_free(&t->sent);
    bytes_free(&t->replies);
    free(t->text);
    free(t);
}

int bmt_resize(bmt_term *t, int cols, int rows)
{
    if (!t || cols <= 0 || rows <= 0)
        return -1;
    if (t->session) {
        if (t->closed || t->vanished ||
            ssh_channel_change_pty_size(t->channel, cols, rows) != SSH_OK) {
            note("bmt_resize: %s: window-change to %dx%d failed: %s", t->label, cols, rows,
                 t->closed     ? "connection closed"
                 : t->vanished ? "the client has vanished"
                               : ssh_get_error(t->session));
            return -1;
        }
    }
    vterm_set_size(t->vt, rows, cols);
    free(t->text);
    t->text = NULL;
    /* Keep the label's size current, for messages. */
    char *x = strrchr(t->label, ' ');
    if (x)
        snprintf(x + 1, sizeof t->label - (size_t)(x + 1 - t->label), "%dx%d", cols, rows);
    return 0;
}

char *bmt_host_fingerprint(bmt_term *t)
{
    if (!t || !t->session)
        return NULL;
    ssh_key key = NULL;
    if (ssh_get_server_publickey(t->session, &key) != SSH_OK)
        return NULL;
    unsigned char *hash = NULL;
    size_t hlen = 0;
    char *result = NULL;
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &hlen) == 0) {
        char *fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen);
        if (fp) {
            result = xstrdup(fp);
            ssh_string_free_char(fp);
        }
        ssh_clean_pubkey_hash(&hash);
    }
    ssh_key_free(key);
    return result;
}
