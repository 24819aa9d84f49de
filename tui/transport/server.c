/* The SSH server: one process, one thread and one libssh event loop for every connection.
 *
 * libssh 0.10 is used with its message queue, not its server callbacks: a password check is
 * handed to the authwork threads and answered later, which the callbacks (answering on
 * return) cannot do. After each poll, every connection that received packets has its queued
 * messages taken with ssh_message_get. Channel data arrives through channel callbacks.
 * Timers (login grace, idle logout, keepalive, the key decoder's Esc timeout, delayed replies
 * to failed logins) are per connection and bound the poll's timeout, so nothing sleeps.
 * Connections are only marked dead inside callbacks and freed between polls. */
#include "tui/transport/server.h"
#include "tui/transport/authwork.h"
#include "tui/session/host.h"
#include "tui/session/i18n.h"
#include "tui/session/log.h"
#include "tui/transport/sshkeys.h"
#include "core/date.h"
#include "core/user.h"

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The message API's accessors for passwords, keys and pty sizes are marked deprecated in
 * favour of the server callbacks, which cannot defer an answer (see the top of this file). */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

#define MAX_FAILURES 5                 /* failed passwords per account ... */
#define FAILURE_WINDOW_S (15 * 60)     /* ... within this window, then a lockout */
#define MAX_AUTH_TRIES 6               /* attempts on one connection before it is dropped */
#define CLOSE_WAIT_MS 3000             /* to send the last bytes before disconnecting */

enum conn_state {
    C_LOGIN,      /* key exchange and authentication */
    C_READY,      /* authenticated, waiting for the channel, pty and shell */
    C_SHELL,      /* the UI runs */
    C_DRAINING,   /* the UI ended; last bytes going out before the channel closes */
    C_CLOSING,    /* channel closed; waiting for libssh to flush, then disconnect */
    C_DEAD        /* to be freed */
};

typedef struct conn {
    struct conn *next;
    uint64_t id;
    char sid[24];                 /* session id in logs and audit */
    char addr[64];
    ssh_session ssh;
    ssh_channel chan;
    struct ssh_channel_callbacks_struct chan_cb;
    struct ssh_counter_struct rx, tx;
    uint64_t rx_seen;             /* rx.in_packets when the queue was last emptied */
    uint64_t rx_bytes_seen;
    int state;
    int in_event;                 /* the session has joined the event loop */
    int64_t accepted_ms, last_rx_ms, last_key_ms, keepalive_ms, close_by_ms;
    int keepalives_unanswered;
    int idle_warned;
    /* authentication */
    int auth_tries;
    ssh_message pending_auth;     /* a password check under way, or a failure being delayed */
    int pending_is_check;         /* 1: waiting for authwork; 0: delayed failure reply */
    int64_t reply_at_ms;
    char pending_login[33];
    int pending_user_known;
    bm_user user;
    const char *method;
    /* terminal */
    int have_pty;
    char term[64];
    int cols, rows;
    char env_lang[64];
    int refused_forwarding;       /* REFUSED_AGENT | REFUSED_X11, told on the first screen */
    int remote_closed;            /* the client sent EOF or closed the channel */
    host ui;
    int exit_status;
    const char *end_reason;       /* for the log line when it closes */
} conn;

enum { REFUSED_AGENT = 1, REFUSED_X11 = 2 };

typedef struct addr_failures {
    char addr[64];
    int count;
    int64_t last_ms;
} addr_failures;

#define ADDR_SLOTS 256

/* A session whose link dropped, kept for a while so its user can take it back. */
typedef struct kept_session {
    struct kept_session *next;
    app *app;
    int64_t user_id;
    char login[33];
    int64_t until_ms;
    char since[24];      /* "HH:MM", Beijing time, when the link dropped */
    char what[128];      /* the screen it was on */
} kept_session;

typedef struct server {
    server_opts o;
    kept_session *kept;
    bm_db *db;
    ssh_bind bind;
    ssh_event event;
    int listen_fd;
    int port;                     /* the port listened on (the kernel's choice for port 0) */
    int signal_fd[2];
    int auth_fd;
    conn *conns;
    int nconns;
    uint64_t next_id;
    unsigned start_tag;
    int stopping;
    int64_t stop_by_ms;
    char dummy_hash[160];         /* checked for unknown logins, so timing does not tell */
    addr_failures failures[ADDR_SLOTS];
} server;

static volatile sig_atomic_t signal_pipe_w = -1;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_signal(int sig)
{
    int saved = errno;
    char c = (char)sig;
    if (signal_pipe_w >= 0 && write(signal_pipe_w, &c, 1) < 0) {
        /* nothing to do: the pipe is full, a stop is already pending */
    }
    errno = saved;
}

static const char *clean(const char *s, char *buf, size_t cap)
{
    return log_clean(s, buf, cap);
}

static bm_actor conn_actor(conn *c)
{
    bm_actor a = {
        .user_id = c->user.id,
        .login = c->user.id ? c->user.login : c->pending_login,
        .role = c->user.role,
        .org_id = c->user.org_id,
        .session = c->sid,
        .addr = c->addr,
    };
    return a;
}

static void audit(server *s, conn *c, const char *what, const char *note)
{
    bm_actor a = conn_actor(c);
    bm_err err;
    if (bm_audit_session(s->db, &a, what, note, &err) != BM_OK)
        log_event("error", "session=%s audit failed: %s %s", c->sid, err.reason, err.detail);
}

/* ---- failures per address: a growing delay for the address, nobody else waits ---- */

static addr_failures *addr_slot(server *s, const char *addr, int create)
{
    addr_failures *oldest = &s->failures[0];
    for (int i = 0; i < ADDR_SLOTS; i++) {
        addr_failures *f = &s->failures[i];
        if (f->count && strcmp(f->addr, addr) == 0)
            return f;
        if (f->last_ms < oldest->last_ms)
            oldest = f;
    }
    if (!create)
        return NULL;
    memset(oldest, 0, sizeof *oldest);
    snprintf(oldest->addr, sizeof oldest->addr, "%s", addr);
    return oldest;
}

static int64_t failure_delay_ms(server *s, const char *addr, int64_t now)
{
    addr_failures *f = addr_slot(s, addr, 1);
    if (f->count && now - f->last_ms > FAILURE_WINDOW_S * 1000LL)
        f->count = 0;
    f->count++;
    f->last_ms = now;
    if (f->count <= 3)
        return 0;
    int64_t d = 250LL << (f->count - 4 > 5 ? 5 : f->count - 4);
    return d > 8000 ? 8000 : d;
}

/* ---- output ---- */

static void conn_flush(conn *c)
{
    if (!c->chan || c->state < C_SHELL)
        return;
    outq *q = &c->ui.disp.out;
    while (outq_pending(q) > 0) {
        /* Leave libssh's own buffer empty before adding: it has no bound of its own. */
        if (ssh_get_poll_flags(c->ssh) & SSH_WRITE_PENDING)
            break;
        uint32_t window = ssh_channel_window_size(c->chan);
        size_t n = outq_pending(q);
        if (n > window)
            n = window;
        if (n > 32768)
            n = 32768;
        if (n == 0)
            break;
        int rc = ssh_channel_write(c->chan, outq_peek(q), (uint32_t)n);
        if (rc == SSH_ERROR) {
            c->end_reason = "write failed";
            c->state = C_DEAD;
            return;
        }
        if (rc <= 0)
            break;   /* a rekey or a closed window: the rest waits in the queue */
        outq_consume(q, (size_t)rc);
    }
}

/* ---- ending a connection ---- */

static void conn_end(server *s, conn *c, const char *farewell, int exit_status, const char *why)
{
    (void)s;
    if (c->state >= C_DRAINING)
        return;
    c->end_reason = why;
    c->exit_status = exit_status;
    if (c->ui.app) {
        /* Ended by the server, not by the user: what was typed and not saved is kept. */
        if (strcmp(why, "logout") != 0) {
            int drafts = app_save_drafts(c->ui.app);
            if (drafts)
                log_event("drafts", "user=%s session=%s saved=%d", c->user.login, c->sid,
                          drafts);
        }
        host_stop(&c->ui, farewell);
        conn_flush(c);
    }
    c->state = C_DRAINING;
    c->close_by_ms = now_ms() + CLOSE_WAIT_MS;
}

static void conn_log_end(conn *c)
{
    char u[40];
    if (c->user.id)
        log_event("logout", "user=%s addr=%s session=%s reason=\"%s\"",
                  clean(c->user.login, u, sizeof u), c->addr, c->sid,
                  c->end_reason ? c->end_reason : "closed");
    else
        log_event("disconnect", "addr=%s session=%s reason=\"%s\"", c->addr, c->sid,
                  c->end_reason ? c->end_reason : "closed before login");
}

static void conn_free(server *s, conn *c)
{
    if (c->ui.app)
        host_stop(&c->ui, NULL);
    display_free_output(&c->ui.disp);
    if (c->pending_auth)
        ssh_message_free(c->pending_auth);
    if (getenv("BIANMIN_DEBUG"))
        log_event("debug", "free session=%s fd=%d", c->sid, ssh_get_fd(c->ssh));
    if (c->in_event)
        ssh_event_remove_session(s->event, c->ssh);
    ssh_disconnect(c->ssh);
    ssh_free(c->ssh);   /* frees its channels too */
    free(c);
}

/* ---- channel callbacks ---- */

static void log_charset(conn *c)
{
    char u[40];
    log_event("charset", "user=%s session=%s charset=%s from=%s lines=%d",
              clean(c->user.login, u, sizeof u), c->sid, c->ui.disp.cs.name,
              c->ui.charset_source, c->ui.disp.line_style);
}

static int on_channel_data(ssh_session session, ssh_channel channel, void *data, uint32_t len,
                           int is_stderr, void *userdata)
{
    (void)session;
    (void)channel;
    (void)is_stderr;
    conn *c = userdata;
    if (c->state != C_SHELL || !c->ui.app)
        return (int)len;   /* typed before the UI started, or after it ended: dropped */
    int64_t now = now_ms();
    c->last_key_ms = now;
    c->idle_warned = 0;
    int was_settled = c->ui.state == HOST_RUNNING;
    host_input(&c->ui, data, len, now);
    if (!was_settled && c->ui.state == HOST_RUNNING)
        log_charset(c);
    conn_flush(c);
    return (int)len;
}

static void on_channel_eof(ssh_session session, ssh_channel channel, void *userdata)
{
    (void)session;
    (void)channel;
    conn *c = userdata;
    c->remote_closed = 1;
    if (c->state < C_DRAINING) {
        c->end_reason = "client closed the channel";
        c->state = C_CLOSING;
        c->close_by_ms = now_ms() + CLOSE_WAIT_MS;
    }
}

static void on_channel_close(ssh_session session, ssh_channel channel, void *userdata)
{
    on_channel_eof(session, channel, userdata);
}

/* OpenSSH asks for agent forwarding without wanting a reply, so a refusal is never seen by
 * the client; this callback lets the server log it and say so on the screen. No agent
 * channel is ever opened, so the client's agent stays out of reach. */
static void on_agent_request(ssh_session session, ssh_channel channel, void *userdata)
{
    (void)session;
    (void)channel;
    conn *c = userdata;
    char u[40];
    log_event("refused", "user=%s addr=%s session=%s request=\"agent forwarding\"",
              clean(c->user.login, u, sizeof u), c->addr, c->sid);
    c->refused_forwarding |= REFUSED_AGENT;
}

static int on_write_wontblock(ssh_session session, ssh_channel channel, uint32_t bytes,
                              void *userdata)
{
    (void)session;
    (void)channel;
    (void)bytes;
    conn_flush(userdata);
    return 0;
}

/* ---- authentication ---- */

static void send_banner(conn *c, const char *text)
{
    ssh_string s = ssh_string_from_char(text);
    if (s) {
        ssh_send_issue_banner(c->ssh, s);
        ssh_string_free(s);
    }
}

static void auth_fail_now(ssh_message msg)
{
    ssh_message_auth_set_methods(msg, SSH_AUTH_METHOD_PASSWORD | SSH_AUTH_METHOD_PUBLICKEY);
    ssh_message_reply_default(msg);
}

static void auth_succeed(server *s, conn *c, ssh_message msg, const char *method)
{
    ssh_message_auth_reply_success(msg, 0);
    c->state = C_READY;
    c->method = method;
    char u[40];
    log_event("login", "user=%s addr=%s session=%s method=%s",
              clean(c->user.login, u, sizeof u), c->addr, c->sid, method);
    audit(s, c, "login", method);
}

/* Checks that stop a login whatever the password: an admin's lock, too many failures. The
 * banner tells the client why; returns 1 when refused. */
static int refuse_locked(server *s, conn *c, const bm_user *u, const char *login)
{
    char l[40];
    i18n_use(u ? u->lang : NULL);
    if (u && u->locked) {
        send_banner(c, _("This account is locked. Ask your administrator to unlock it.\n"));
        log_event("refused", "user=%s addr=%s session=%s reason=\"account locked\"",
                  clean(login, l, sizeof l), c->addr, c->sid);
        audit(s, c, "refused", "account locked");
        return 1;
    }
    int n = 0;
    bm_err err;
    if (bm_login_failures(s->db, login, time(NULL) - FAILURE_WINDOW_S, &n, &err) != BM_OK) {
        log_event("error", "session=%s failure count: %s %s", c->sid, err.reason, err.detail);
        return 0;
    }
    if (n >= MAX_FAILURES) {
        char text[256];
        snprintf(text, sizeof text,
                 _("Too many wrong passwords: this account is locked out for %d minutes.\n"),
                 FAILURE_WINDOW_S / 60);
        send_banner(c, text);
        log_event("lockout", "user=%s addr=%s session=%s failures=%d",
                  clean(login, l, sizeof l), c->addr, c->sid, n);
        audit(s, c, "refused", "locked out after failed passwords");
        return 1;
    }
    return 0;
}

static void password_attempt(server *s, conn *c, ssh_message msg)
{
    const char *login = ssh_message_auth_user(msg);
    const char *password = ssh_message_auth_password(msg);
    if (!login || !password || c->pending_auth) {
        auth_fail_now(msg);
        return;
    }
    snprintf(c->pending_login, sizeof c->pending_login, "%s", login);
    bm_user u;
    bm_err err;
    char hash[256];
    int known = bm_user_get(s->db, login, &u, &err) == BM_OK &&
                bm_user_password_hash(s->db, login, hash, sizeof hash, &err) == BM_OK;
    if (refuse_locked(s, c, known ? &u : NULL, login)) {
        auth_fail_now(msg);
        return;
    }
    /* Unknown logins are checked against a dummy hash so the reply takes as long. */
    if (authwork_submit(c->id, password, known ? hash : s->dummy_hash) != 0) {
        log_event("error", "session=%s cannot queue a password check", c->sid);
        auth_fail_now(msg);
        return;
    }
    c->pending_auth = msg;
    c->pending_is_check = 1;
    c->pending_user_known = known;
}

static void password_checked(server *s, conn *c, int matches)
{
    ssh_message msg = c->pending_auth;
    c->pending_auth = NULL;
    char l[40];
    if (matches && c->pending_user_known) {
        /* The account may have been locked while the check ran. */
        bm_user u;
        bm_err err;
        int found = bm_user_get(s->db, c->pending_login, &u, &err) == BM_OK;
        if (!found)
            log_event("error", "session=%s account vanished during login: %s %s", c->sid,
                      err.reason, err.detail);
        if (!found || u.locked) {
            if (found)
                refuse_locked(s, c, &u, c->pending_login);
            auth_fail_now(msg);
            ssh_message_free(msg);
            return;
        }
        c->user = u;
        auth_succeed(s, c, msg, "password");
        ssh_message_free(msg);
        return;
    }
    bm_err err;
    if (bm_login_failure_add(s->db, c->pending_login, c->addr, time(NULL), &err) != BM_OK)
        log_event("error", "session=%s recording a failed login: %s %s", c->sid, err.reason,
                  err.detail);
    log_event("login-failed", "user=%s addr=%s session=%s method=password reason=\"%s\"",
              clean(c->pending_login, l, sizeof l), c->addr, c->sid,
              c->pending_user_known ? "wrong password" : "no such user");
    audit(s, c, "login-failed", c->pending_user_known ? "wrong password" : "no such user");
    int64_t delay = failure_delay_ms(s, c->addr, now_ms());
    if (delay == 0) {
        auth_fail_now(msg);
        ssh_message_free(msg);
        return;
    }
    c->pending_auth = msg;       /* answered when the delay is over */
    c->pending_is_check = 0;
    c->reply_at_ms = now_ms() + delay;
}

struct key_match {
    ssh_key offered;
    int found;
};

static int compare_key(const char *line, void *ctx)
{
    struct key_match *m = ctx;
    ssh_key k;
    char err[160];
    if (pubkey_parse_line(line, &k, err, sizeof err) != 0)
        return 0;
    if (ssh_key_cmp(k, m->offered, SSH_KEY_CMP_PUBLIC) == 0)
        m->found = 1;
    ssh_key_free(k);
    return m->found;
}

static void pubkey_attempt(server *s, conn *c, ssh_message msg)
{
    const char *login = ssh_message_auth_user(msg);
    ssh_key offered = ssh_message_auth_pubkey(msg);
    int state = ssh_message_auth_publickey_state(msg);
    bm_user u;
    bm_err err;
    if (!login || !offered || bm_user_get(s->db, login, &u, &err) != BM_OK) {
        auth_fail_now(msg);
        return;
    }
    struct key_match m = { offered, 0 };
    if (bm_user_keys(s->db, login, compare_key, &m, &err) != BM_OK)
        log_event("error", "session=%s reading keys: %s %s", c->sid, err.reason, err.detail);
    if (!m.found) {
        auth_fail_now(msg);
        return;
    }
    if (state == SSH_PUBLICKEY_STATE_NONE) {
        ssh_message_auth_reply_pk_ok_simple(msg);   /* "this key would do": client signs next */
        return;
    }
    if (state != SSH_PUBLICKEY_STATE_VALID) {
        char l[40];
        log_event("login-failed", "user=%s addr=%s session=%s method=publickey "
                  "reason=\"bad signature\"", clean(login, l, sizeof l), c->addr, c->sid);
        auth_fail_now(msg);
        return;
    }
    snprintf(c->pending_login, sizeof c->pending_login, "%s", login);
    if (refuse_locked(s, c, &u, login)) {
        auth_fail_now(msg);
        return;
    }
    c->user = u;
    auth_succeed(s, c, msg, "publickey");
}

static void handle_auth(server *s, conn *c, ssh_message msg)
{
    if (c->state != C_LOGIN) {
        auth_fail_now(msg);
        ssh_message_free(msg);
        return;
    }
    int method = ssh_message_subtype(msg);
    if (method == SSH_AUTH_METHOD_PASSWORD || method == SSH_AUTH_METHOD_PUBLICKEY) {
        if (++c->auth_tries > MAX_AUTH_TRIES * 2) {
            auth_fail_now(msg);
            ssh_message_free(msg);
            conn_end(s, c, NULL, 1, "too many authentication attempts");
            return;
        }
    }
    if (method == SSH_AUTH_METHOD_PASSWORD) {
        password_attempt(s, c, msg);
        if (c->pending_auth == msg)
            return;   /* kept until the check is done */
    } else if (method == SSH_AUTH_METHOD_PUBLICKEY) {
        pubkey_attempt(s, c, msg);
    } else {
        auth_fail_now(msg);   /* "none" and others: tell the client what we take */
    }
    ssh_message_free(msg);
}

/* ---- channels and their requests ---- */

static void refuse_on_channel(server *s, conn *c, ssh_message msg, const char *what,
                              const char *reason_for_client)
{
    char u[40];
    log_event("refused", "user=%s addr=%s session=%s request=\"%s\"",
              clean(c->user.login, u, sizeof u), c->addr, c->sid, what);
    audit(s, c, "refused", what);
    /* Accept the request so the client reads our reason, then end with status 1. */
    ssh_message_channel_request_reply_success(msg);
    ssh_channel_write_stderr(c->chan, reason_for_client, (uint32_t)strlen(reason_for_client));
    conn_end(s, c, NULL, 1, what);
}

static kept_session *find_kept(server *s, int64_t user_id)
{
    for (kept_session *k = s->kept; k; k = k->next)
        if (k->user_id == user_id)
            return k;
    return NULL;
}

static void drop_kept(server *s, kept_session *gone)
{
    for (kept_session **p = &s->kept; *p; p = &(*p)->next)
        if (*p == gone) {
            *p = gone->next;
            free(gone);
            return;
        }
}

/* Ends a kept session for good: what its screens held unsaved becomes drafts. */
static void expire_kept(server *s, kept_session *k, const char *why)
{
    int drafts = app_save_drafts(k->app);
    log_event("session-dropped", "user=%s drafts=%d reason=\"%s\"", k->login, drafts, why);
    app_free(k->app);
    free(k->app);
    drop_kept(s, k);
}

static void start_shell(server *s, conn *c)
{
    char err[256];
    i18n_use(c->user.lang);
    kept_session *k = find_kept(s, c->user.id);
    host_terminal term = { c->term, c->cols, c->rows, c->env_lang, c->env_lang };
    if (host_start(&c->ui, s->db, &c->user, c->sid, c->addr, &term, NULL, now_ms(), err,
                   sizeof err) != 0) {
        log_event("error", "session=%s cannot start the screen: %s", c->sid, err);
        const char *msg = _("bianmin could not start a screen for your terminal.\n");
        ssh_channel_write_stderr(c->chan, msg, (uint32_t)strlen(msg));
        conn_end(s, c, NULL, 1, "screen failed");
        return;
    }
    c->state = C_SHELL;
    c->last_key_ms = now_ms();
    i18n_use(c->ui.app->lang);
    if (k)
        app_offer_resume(c->ui.app, k->what, k->since);
    if (c->refused_forwarding)
        app_message(c->ui.app, 0, "%s",
                    c->refused_forwarding == REFUSED_X11 ? _("X11 forwarding is not offered here.")
                    : c->refused_forwarding == REFUSED_AGENT
                        ? _("Agent forwarding is not offered here: your SSH agent stays unused.")
                        : _("Agent and X11 forwarding are not offered here."));
    host_render(&c->ui);
    char u[40], t[70];
    log_event("session", "user=%s addr=%s session=%s term=%s size=%dx%d",
              clean(c->user.login, u, sizeof u), c->addr, c->sid, clean(c->term, t, sizeof t),
              c->ui.disp.cols, c->ui.disp.rows);
    if (c->ui.state == HOST_RUNNING)
        log_charset(c);
    conn_flush(c);
}

/* The user answered the offer of a kept session: take it over, or let it go as drafts. */
static void answer_resume(server *s, conn *c)
{
    int answer = c->ui.app->resume_answer;
    c->ui.app->resume_answer = 0;
    kept_session *k = find_kept(s, c->user.id);
    if (!k)
        return;
    char u[40];
    if (answer > 0) {
        app *a = k->app;
        drop_kept(s, k);
        app_rebind(a, c->sid, c->addr);
        host_swap_app(&c->ui, a);
        log_event("resume", "user=%s addr=%s session=%s", clean(c->user.login, u, sizeof u),
                  c->addr, c->sid);
        audit(s, c, "login", "resumed a session kept after a dropped link");
    } else {
        expire_kept(s, k, "declined at login");
        app_offer_drafts(c->ui.app);
        host_render(&c->ui);
    }
}

static void handle_channel_request(server *s, conn *c, ssh_message msg)
{
    int type = ssh_message_subtype(msg);
    if (!c->chan || ssh_message_channel_request_channel(msg) != c->chan ||
        c->state >= C_DRAINING) {
        ssh_message_reply_default(msg);
        return;
    }
    switch (type) {
    case SSH_CHANNEL_REQUEST_PTY: {
        const char *term = ssh_message_channel_request_pty_term(msg);
        snprintf(c->term, sizeof c->term, "%s", term ? term : "");
        c->cols = ssh_message_channel_request_pty_width(msg);
        c->rows = ssh_message_channel_request_pty_height(msg);
        c->have_pty = 1;
        ssh_message_channel_request_reply_success(msg);
        return;
    }
    case SSH_CHANNEL_REQUEST_WINDOW_CHANGE:
        c->cols = ssh_message_channel_request_pty_width(msg);
        c->rows = ssh_message_channel_request_pty_height(msg);
        if (c->state == C_SHELL) {
            host_resize(&c->ui, c->cols, c->rows);
            conn_flush(c);
        }
        ssh_message_channel_request_reply_success(msg);
        return;
    case SSH_CHANNEL_REQUEST_ENV: {
        const char *name = ssh_message_channel_request_env_name(msg);
        const char *value = ssh_message_channel_request_env_value(msg);
        if (name && value && (!strcmp(name, "LANG") || !strcmp(name, "LC_ALL") ||
                              !strcmp(name, "LC_CTYPE"))) {
            /* LC_ALL outranks LC_CTYPE outranks LANG, as in a C library. */
            if (strcmp(name, "LANG") != 0 || !c->env_lang[0])
                snprintf(c->env_lang, sizeof c->env_lang, "%s", value);
            ssh_message_channel_request_reply_success(msg);
        } else {
            ssh_message_reply_default(msg);
        }
        return;
    }
    case SSH_CHANNEL_REQUEST_SHELL:
        if (c->state != C_READY) {
            ssh_message_reply_default(msg);
            return;
        }
        if (!c->have_pty) {
            refuse_on_channel(s, c, msg, "shell without a terminal",
                              _("bianmin needs a terminal: connect with ssh -t.\n"));
            return;
        }
        ssh_message_channel_request_reply_success(msg);
        start_shell(s, c);
        return;
    case SSH_CHANNEL_REQUEST_EXEC:
        refuse_on_channel(s, c, msg, "exec",
                          _("bianmin runs no commands: log in without one to use the service "
                            "desk.\n"));
        return;
    case SSH_CHANNEL_REQUEST_SUBSYSTEM:
        refuse_on_channel(s, c, msg, "subsystem",
                          _("bianmin offers no file transfer or other subsystems.\n"));
        return;
    case SSH_CHANNEL_REQUEST_X11: {
        char u[40];
        log_event("refused", "user=%s addr=%s session=%s request=\"x11 forwarding\"",
                  clean(c->user.login, u, sizeof u), c->addr, c->sid);
        c->refused_forwarding |= REFUSED_X11;
        ssh_message_reply_default(msg);
        return;
    }
    default:
        ssh_message_reply_default(msg);
        return;
    }
}

static void handle_channel_open(server *s, conn *c, ssh_message msg)
{
    int type = ssh_message_subtype(msg);
    char u[40];
    if (c->state != C_READY || c->chan) {
        ssh_message_reply_default(msg);
        return;
    }
    if (type != SSH_CHANNEL_SESSION) {
        const char *what = type == SSH_CHANNEL_DIRECT_TCPIP ? "port forwarding"
                         : type == SSH_CHANNEL_X11 ? "x11 channel"
                         : type == SSH_CHANNEL_AUTH_AGENT ? "agent channel" : "channel";
        log_event("refused", "user=%s addr=%s session=%s request=\"%s\"",
                  clean(c->user.login, u, sizeof u), c->addr, c->sid, what);
        audit(s, c, "refused", what);
        ssh_message_reply_default(msg);   /* "administratively prohibited" */
        return;
    }
    c->chan = ssh_message_channel_request_open_reply_accept(msg);
    if (!c->chan) {
        conn_end(s, c, NULL, 1, "channel open failed");
        return;
    }
    memset(&c->chan_cb, 0, sizeof c->chan_cb);
    c->chan_cb.userdata = c;
    c->chan_cb.channel_data_function = on_channel_data;
    c->chan_cb.channel_eof_function = on_channel_eof;
    c->chan_cb.channel_close_function = on_channel_close;
    c->chan_cb.channel_write_wontblock_function = on_write_wontblock;
    c->chan_cb.channel_auth_agent_req_function = on_agent_request;
    ssh_callbacks_init(&c->chan_cb);
    ssh_set_channel_callbacks(c->chan, &c->chan_cb);
}

static void handle_message(server *s, conn *c, ssh_message msg)
{
    /* Text for the client before the UI starts (banners, refusals) is in the user's language
     * once the user is known, else in the default one. */
    i18n_use(c->user.id ? c->user.lang : NULL);
    switch (ssh_message_type(msg)) {
    case SSH_REQUEST_AUTH:
        handle_auth(s, c, msg);
        return;   /* handle_auth frees or keeps msg */
    case SSH_REQUEST_SERVICE:
        ssh_message_service_reply_success(msg);
        break;
    case SSH_REQUEST_CHANNEL_OPEN:
        handle_channel_open(s, c, msg);
        break;
    case SSH_REQUEST_CHANNEL:
        handle_channel_request(s, c, msg);
        break;
    case SSH_REQUEST_GLOBAL: {
        if (ssh_message_subtype(msg) == SSH_GLOBAL_REQUEST_TCPIP_FORWARD) {
            char u[40];
            log_event("refused", "user=%s addr=%s session=%s request=\"remote forwarding\"",
                      clean(c->user.login, u, sizeof u), c->addr, c->sid);
        }
        ssh_message_reply_default(msg);
        break;
    }
    default:
        ssh_message_reply_default(msg);
        break;
    }
    ssh_message_free(msg);
}

/* Takes every queued message of a connection that received packets since the last look.
 * ssh_message_get polls when the queue is empty; on the shared event that poll would serve
 * every other connection too, and libssh marks the asking session failed when any of those
 * sockets closes. So the session steps out of the event (back to its own poll context) while
 * its queue is emptied. Returns 1 if any connection had packets: a poll inside may bring
 * more, so the caller looks again. */
static int drain_messages(server *s)
{
    int any = 0;
    for (conn *c = s->conns; c; c = c->next) {
        if (c->state == C_DEAD || !c->in_event)
            continue;
        if (c->rx.in_bytes != c->rx_bytes_seen) {
            c->rx_bytes_seen = c->rx.in_bytes;
            c->last_rx_ms = now_ms();
            c->keepalives_unanswered = 0;
        }
        if (c->rx.in_packets == c->rx_seen)
            continue;
        c->rx_seen = c->rx.in_packets;
        any = 1;
        ssh_event_remove_session(s->event, c->ssh);
        ssh_message msg;
        while (c->state != C_DEAD && (msg = ssh_message_get(c->ssh)) != NULL)
            handle_message(s, c, msg);
        if (ssh_event_add_session(s->event, c->ssh) != SSH_OK) {
            c->in_event = 0;
            if (!c->end_reason)
                c->end_reason = "event loop refused the session";
            c->state = C_DEAD;
        }
    }
    return any;
}

/* ---- accepting ---- */

static void join_new_sessions(server *s)
{
    for (conn *c = s->conns; c; c = c->next) {
        if (c->in_event || c->state == C_DEAD)
            continue;
        if (ssh_event_add_session(s->event, c->ssh) != SSH_OK) {
            log_event("error", "addr=%s session=%s cannot join the event loop: %s", c->addr,
                      c->sid, ssh_get_error(c->ssh));
            c->end_reason = "event loop refused the session";
            c->state = C_DEAD;
            continue;
        }
        c->in_event = 1;
    }
}

static void set_socket_options(int fd)
{
    int on = 1, idle = 60, interval = 10, count = 3;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
}

static void peer_address(int fd, char *out, size_t cap)
{
    struct sockaddr_storage sa;
    socklen_t len = sizeof sa;
    char host[INET6_ADDRSTRLEN] = "?";
    if (getpeername(fd, (struct sockaddr *)&sa, &len) == 0) {
        if (sa.ss_family == AF_INET)
            inet_ntop(AF_INET, &((struct sockaddr_in *)&sa)->sin_addr, host, sizeof host);
        else if (sa.ss_family == AF_INET6)
            inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&sa)->sin6_addr, host, sizeof host);
    }
    snprintf(out, cap, "%s", host);
}

static int on_accept(socket_t fd, int revents, void *userdata)
{
    (void)fd;
    (void)revents;
    server *s = userdata;
    ssh_session ssh = ssh_new();
    if (!ssh)
        return 0;
    if (ssh_bind_accept(s->bind, ssh) != SSH_OK) {
        log_event("error", "accept failed: %s", ssh_get_error(s->bind));
        ssh_free(ssh);
        return 0;
    }
    int sock = ssh_get_fd(ssh);
    char addr[64];
    peer_address(sock, addr, sizeof addr);
    if (s->stopping || s->nconns >= s->o.max_conns) {
        log_event("refused", "addr=%s reason=\"%s\"", addr,
                  s->stopping ? "shutting down" : "too many connections");
        ssh_disconnect(ssh);
        ssh_free(ssh);
        return 0;
    }
    conn *c = calloc(1, sizeof *c);
    if (!c) {
        ssh_disconnect(ssh);
        ssh_free(ssh);
        return 0;
    }
    c->id = ++s->next_id;
    snprintf(c->sid, sizeof c->sid, "%06x-%llu", s->start_tag, (unsigned long long)c->id);
    snprintf(c->addr, sizeof c->addr, "%s", addr);
    c->ssh = ssh;
    c->accepted_ms = c->last_rx_ms = now_ms();
    set_socket_options(sock);
    ssh_set_blocking(ssh, 0);
    ssh_set_counters(ssh, &c->tx, &c->rx);
    ssh_set_auth_methods(ssh, SSH_AUTH_METHOD_PASSWORD | SSH_AUTH_METHOD_PUBLICKEY);
    /* Key exchange starts here and goes on inside the event loop. The session joins the
     * event only after it (libssh refuses it before), and only between polls: adding a poll
     * handle while the event is dispatching another's can hand it that one's events. */
    if (ssh_handle_key_exchange(ssh) == SSH_ERROR) {
        log_event("error", "addr=%s session=%s key exchange failed: %s", addr, c->sid,
                  ssh_get_error(ssh));
        ssh_disconnect(ssh);
        ssh_free(ssh);
        free(c);
        return 0;
    }
    c->next = s->conns;
    s->conns = c;
    s->nconns++;
    log_event("connect", "addr=%s session=%s", addr, c->sid);
    if (getenv("BIANMIN_DEBUG"))
        log_event("debug", "session=%s fd=%d", c->sid, sock);
    return 0;
}

static int on_signal_fd(socket_t fd, int revents, void *userdata)
{
    (void)revents;
    server *s = userdata;
    char buf[16];
    while (read(fd, buf, sizeof buf) > 0)
        ;
    if (!s->stopping) {
        s->stopping = 1;
        s->stop_by_ms = now_ms() + CLOSE_WAIT_MS;
        log_event("stop", "sessions=%d", s->nconns);
    }
    return 0;
}

static conn *find_conn(server *s, uint64_t id)
{
    for (conn *c = s->conns; c; c = c->next)
        if (c->id == id)
            return c;
    return NULL;
}

static int on_auth_result(socket_t fd, int revents, void *userdata)
{
    (void)fd;
    (void)revents;
    server *s = userdata;
    authwork_result r;
    while (authwork_take(&r)) {
        conn *c = find_conn(s, r.ticket);
        if (c && c->pending_auth && c->pending_is_check && c->state == C_LOGIN)
            password_checked(s, c, r.matches);
        /* otherwise the connection went away while its password was checked */
    }
    return 0;
}

/* ---- timers ---- */

static void run_timers(server *s, conn *c, int64_t now)
{
    if (c->state == C_DEAD)
        return;
    if (c->pending_auth && !c->pending_is_check && now >= c->reply_at_ms) {
        auth_fail_now(c->pending_auth);
        ssh_message_free(c->pending_auth);
        c->pending_auth = NULL;
    }
    if (c->state < C_SHELL && now - c->accepted_ms > s->o.grace_s * 1000LL) {
        c->end_reason = "login grace time over";
        if (c->chan)
            conn_end(s, c, NULL, 1, c->end_reason);
        else
            c->state = C_DEAD;
        return;
    }
    if (c->state == C_SHELL) {
        int64_t idle = now - c->last_key_ms;
        int64_t warn_at = s->o.idle_s > 120 ? (s->o.idle_s - 60) * 1000LL : s->o.idle_s * 500LL;
        if (idle >= s->o.idle_s * 1000LL) {
            char text[200];
            i18n_use(c->ui.app->lang);
            snprintf(text, sizeof text, _("Logged out after %d minutes without a keystroke."),
                     s->o.idle_s / 60 > 0 ? s->o.idle_s / 60 : 1);
            conn_end(s, c, text, 0, "idle");
        } else if (idle >= warn_at && !c->idle_warned) {
            c->idle_warned = 1;
            i18n_use(c->ui.app->lang);
            char text[200];
            snprintf(text, sizeof text,
                     _("No keystroke for a while: you will be logged out in %d seconds. "
                       "Press any key to stay."), (int)((s->o.idle_s * 1000LL - idle) / 1000));
            host_notice(&c->ui, _("Still there?"), text);
            conn_flush(c);
        } else {
            int was_settled = c->ui.state == HOST_RUNNING;
            host_tick(&c->ui, now);
            if (!was_settled && c->ui.state == HOST_RUNNING)
                log_charset(c);
            if (c->ui.app->resume_answer)
                answer_resume(s, c);
            if (c->ui.app->quit)
                conn_end(s, c, _("Logged out. Goodbye."), 0, "logout");
            else
                conn_flush(c);
        }
    }
    /* An SSH keepalive after silence: a vanished client (its host gone, no FIN) answers
     * nothing and is let go; TCP keepalive backs this up for the kernel's view. */
    if (c->state <= C_SHELL && s->o.keepalive_s > 0 &&
        now - c->last_rx_ms >= s->o.keepalive_s * 1000LL &&
        now - c->keepalive_ms >= s->o.keepalive_s * 1000LL) {
        if (c->keepalives_unanswered >= s->o.keepalive_max) {
            c->end_reason = "no answer to keepalive";
            c->state = C_DEAD;
            return;
        }
        c->keepalive_ms = now;
        c->keepalives_unanswered++;
        ssh_send_keepalive(c->ssh);
    }
    if (c->state == C_DRAINING) {
        conn_flush(c);
        if (outq_pending(&c->ui.disp.out) == 0 || now >= c->close_by_ms) {
            if (c->chan && ssh_channel_is_open(c->chan)) {
                ssh_channel_request_send_exit_status(c->chan, c->exit_status);
                ssh_channel_send_eof(c->chan);
                ssh_channel_close(c->chan);
            }
            c->state = C_CLOSING;
        }
    }
    /* The client hangs up itself once it has shown the last bytes: a disconnect sent first
     * can make it quit with the farewell still unwritten. So wait for its close (or the
     * deadline). */
    if (c->state == C_CLOSING &&
        ((c->remote_closed && !(ssh_get_poll_flags(c->ssh) & SSH_WRITE_PENDING)) ||
         now >= c->close_by_ms))
        c->state = C_DEAD;
}

static int64_t next_deadline(server *s, int64_t now)
{
    int64_t due = now + 1000;
#define EARLIER(t) do { if ((t) < due) due = (t); } while (0)
    for (conn *c = s->conns; c; c = c->next) {
        if (c->pending_auth && !c->pending_is_check)
            EARLIER(c->reply_at_ms);
        if (c->state == C_SHELL) {
            int64_t d = host_deadline(&c->ui);
            if (d >= 0)
                EARLIER(d);
            if (c->ui.disp.stalled)
                EARLIER(now + 50);
        }
        if (c->state == C_DRAINING || c->state == C_CLOSING)
            EARLIER(now + 20);
    }
    if (s->stopping)
        EARLIER(now + 20);
#undef EARLIER
    return due < now ? now : due;
}

static void keep_session(server *s, conn *c);

static void sweep(server *s)
{
    conn **p = &s->conns;
    while (*p) {
        conn *c = *p;
        int st = ssh_get_status(c->ssh);
        if (c->state != C_DEAD && (st & (SSH_CLOSED | SSH_CLOSED_ERROR))) {
            if (getenv("BIANMIN_DEBUG"))
                log_event("debug", "session=%s status=%x state=%d error=\"%s\"", c->sid, st,
                          c->state, ssh_get_error(c->ssh));
            if (!c->end_reason)
                c->end_reason = c->state == C_SHELL ? "connection lost" : "client disconnected";
            c->state = C_DEAD;
        }
        if (c->state == C_DEAD) {
            *p = c->next;
            if (c->ui.app && !s->stopping && app_worth_keeping(c->ui.app))
                keep_session(s, c);
            if (c->user.id && c->state == C_DEAD)
                audit(s, c, "logout", c->end_reason ? c->end_reason : "closed");
            conn_log_end(c);
            conn_free(s, c);
            s->nconns--;
            continue;
        }
        p = &c->next;
    }
}

/* The link of a running session dropped (no logout): its app is kept for the grace period,
 * to be taken back at the user's next login. */
static void keep_session(server *s, conn *c)
{
    kept_session *k = calloc(1, sizeof *k);
    if (!k)
        return;
    k->app = host_detach(&c->ui);
    k->user_id = c->user.id;
    snprintf(k->login, sizeof k->login, "%s", c->user.login);
    k->until_ms = now_ms() + s->o.keep_s * 1000LL;
    int minute = bm_minute_of(bm_now());
    snprintf(k->since, sizeof k->since, "%02d:%02d", minute / 60, minute % 60);
    const app *a = k->app;
    i18n_use(a->lang);
    snprintf(k->what, sizeof k->what, "%s",
             a->depth ? _(a->stack[a->depth - 1].def->title) : "");
    k->next = s->kept;
    s->kept = k;
    if (!c->end_reason || !strcmp(c->end_reason, "closed"))
        c->end_reason = "connection lost";
    char u[40];
    log_event("session-kept", "user=%s session=%s for=%ds", clean(k->login, u, sizeof u),
              c->sid, s->o.keep_s);
}

static void expire_kept_sessions(server *s, int64_t now, int all)
{
    kept_session *k = s->kept;
    while (k) {
        kept_session *next = k->next;
        if (all || now >= k->until_ms)
            expire_kept(s, k, all ? "server shutdown" : "kept too long");
        k = next;
    }
}

static void stop_sessions(server *s)
{
    expire_kept_sessions(s, 0, 1);
    for (conn *c = s->conns; c; c = c->next) {
        if (c->state == C_SHELL) {
            i18n_use(c->ui.app->lang);
            conn_end(s, c, _("The server is shutting down. Please log in again in a few "
                             "minutes."), 1, "server shutdown");
        } else if (c->state < C_SHELL) {
            c->end_reason = "server shutdown";
            c->state = C_DEAD;
        }
    }
}

/* ---- set-up ---- */

static int setup(server *s, char *err, size_t errlen)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/bianmin.db", s->o.data_dir);
    bm_err e;
    if (bm_db_open(path, &s->db, &e) != BM_OK) {
        snprintf(err, errlen, "%.200s: %.100s%s%.150s", path, e.reason, e.detail[0] ? ": " : "", e.detail);
        return -1;
    }
    if (bm_password_make("not a password: times unknown logins", s->dummy_hash,
                         sizeof s->dummy_hash, &e) != BM_OK) {
        snprintf(err, errlen, "password hashing does not work: %s", e.reason);
        return -1;
    }
    snprintf(path, sizeof path, "%s/host_ed25519", s->o.data_dir);
    ssh_key key;
    int created;
    char fp[128];
    if (hostkey_load_or_create(path, &key, &created, fp, sizeof fp, err, errlen) != 0)
        return -1;
    log_event(created ? "hostkey-created" : "hostkey", "file=%s fingerprint=%s (ED25519)", path,
              fp);
    if (created)
        fprintf(stderr, "bianmin: new host key %s\nbianmin: its fingerprint is %s — clerks "
                "can compare it with what ssh shows at the first login.\n", path, fp);
    s->bind = ssh_bind_new();
    if (!s->bind) {
        ssh_key_free(key);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    ssh_bind_options_set(s->bind, SSH_BIND_OPTIONS_BINDADDR, s->o.listen_addr);
    ssh_bind_options_set(s->bind, SSH_BIND_OPTIONS_BINDPORT, &s->o.port);
    ssh_bind_options_set(s->bind, SSH_BIND_OPTIONS_IMPORT_KEY, key);   /* the bind owns it */
    if (ssh_bind_listen(s->bind) != SSH_OK) {
        snprintf(err, errlen, "cannot listen on %s:%d: %s", s->o.listen_addr, s->o.port,
                 ssh_get_error(s->bind));
        return -1;
    }
    s->listen_fd = ssh_bind_get_fd(s->bind);
    /* Port 0 lets the kernel choose; the log says which port that was. */
    struct sockaddr_storage bound;
    socklen_t bound_len = sizeof bound;
    if (getsockname(s->listen_fd, (struct sockaddr *)&bound, &bound_len) == 0)
        s->port = ntohs(bound.ss_family == AF_INET6
                            ? ((struct sockaddr_in6 *)&bound)->sin6_port
                            : ((struct sockaddr_in *)&bound)->sin_port);
    else
        s->port = s->o.port;
    s->event = ssh_event_new();
    if (!s->event || pipe2(s->signal_fd, O_CLOEXEC | O_NONBLOCK) != 0) {
        snprintf(err, errlen, "cannot create the event loop");
        return -1;
    }
    signal_pipe_w = s->signal_fd[1];
    s->auth_fd = authwork_start(2);
    if (s->auth_fd < 0) {
        snprintf(err, errlen, "cannot start password-check threads");
        return -1;
    }
    ssh_event_add_fd(s->event, s->listen_fd, POLLIN, on_accept, s);
    ssh_event_add_fd(s->event, s->signal_fd[0], POLLIN, on_signal_fd, s);
    ssh_event_add_fd(s->event, s->auth_fd, POLLIN, on_auth_result, s);
    return 0;
}

static void teardown(server *s)
{
    while (s->conns) {
        s->conns->state = C_DEAD;
        sweep(s);
    }
    if (s->event) {
        if (s->listen_fd > 0)
            ssh_event_remove_fd(s->event, s->listen_fd);
        if (s->signal_fd[0] > 0)
            ssh_event_remove_fd(s->event, s->signal_fd[0]);
        if (s->auth_fd > 0)
            ssh_event_remove_fd(s->event, s->auth_fd);
        ssh_event_free(s->event);
    }
    if (s->auth_fd > 0)
        authwork_stop();
    if (s->bind)
        ssh_bind_free(s->bind);
    signal_pipe_w = -1;
    if (s->signal_fd[0] > 0) {
        close(s->signal_fd[0]);
        close(s->signal_fd[1]);
    }
    if (s->db)
        bm_db_close(s->db);
}

void server_opts_default(server_opts *o)
{
    memset(o, 0, sizeof *o);
    o->data_dir = "var";
    o->listen_addr = "0.0.0.0";
    o->port = 2222;
    o->grace_s = 60;
    o->idle_s = 30 * 60;
    o->keepalive_s = 30;
    o->keepalive_max = 3;
    o->max_conns = 500;
    o->keep_s = 15 * 60;
}

int server_run(const server_opts *o)
{
    server *s = calloc(1, sizeof *s);
    if (!s)
        return 1;
    s->o = *o;
    s->start_tag = (unsigned)time(NULL) & 0xffffff;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* Installed before the first newterm, which otherwise takes SIGINT/SIGTERM/SIGTSTP and
     * ends every screen. */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGTSTP, SIG_IGN);
    signal(SIGWINCH, SIG_IGN);
    display_global_init();
    char err[512];
    if (setup(s, err, sizeof err) != 0) {
        fprintf(stderr, "bianmin: %s\n", err);
        teardown(s);
        free(s);
        return 1;
    }
    log_event("start", "version=%s", BIANMIN_VERSION);
    fprintf(stderr, "bianmin: listening on %s:%d\n", o->listen_addr, s->port);
    fflush(stderr);

    int stop_requested = 0;
    for (;;) {
        int64_t now = now_ms();
        int timeout = (int)(next_deadline(s, now) - now);
        ssh_event_dopoll(s->event, timeout);   /* SSH_ERROR only means some socket closed */
        join_new_sessions(s);
        for (int pass = 0; pass < 4 && drain_messages(s); pass++)
            ;
        if (s->stopping && !stop_requested) {
            stop_requested = 1;
            stop_sessions(s);
        }
        now = now_ms();
        for (conn *c = s->conns; c; c = c->next) {
            if (c->state == C_SHELL && c->ui.app->resume_answer)
                answer_resume(s, c);
            if (c->state == C_SHELL && c->ui.app->quit)
                conn_end(s, c, _("Logged out. Goodbye."), 0, "logout");
            run_timers(s, c, now);
            if (c->state == C_SHELL || c->state == C_DRAINING)
                conn_flush(c);
        }
        sweep(s);
        expire_kept_sessions(s, now, 0);
        if (s->stopping && (!s->conns || now >= s->stop_by_ms))
            break;
    }
    log_event("stopped", "database closed cleanly");
    teardown(s);
    free(s);
    return 0;
}
