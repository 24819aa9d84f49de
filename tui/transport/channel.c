/* The SSH server's channel requests: the session channel and its pty, shell, env and
 * window-change requests, the start of the UI, and the refusals (exec, subsystems such as
 * sftp, forwarding of ports, agents and X11). */
#include "tui/transport/conn.h"
#include "tui/transport/registry.h"
#include "tui/transport/exec.h"
#include "tui/session/i18n.h"
#include "tui/session/log.h"

#include <stdio.h>
#include <string.h>

/* ---- channel callbacks ---- */

void conn_log_charset(conn *c)
{
    char u[40];
    log_event("charset", "user=%s session=%s charset=%s from=%s lines=%d",
              log_clean(c->user.login, u, sizeof u), c->sid, c->ui.disp.cs.name,
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
        conn_log_charset(c);
    conn_flush(c);
    return (int)len;
}

static void client_closed(conn *c)
{
    c->remote_closed = 1;
    if (c->state < C_DRAINING) {
        c->end_reason = "client closed the channel";
        c->state = C_CLOSING;
        c->close_by_ms = now_ms() + CLOSE_WAIT_MS;
    }
}

static void on_channel_eof(ssh_session session, ssh_channel channel, void *userdata)
{
    (void)session;
    (void)channel;
    conn *c = userdata;
    /* `ssh host cmd </dev/null` sends its EOF right behind the request: that request still
     * gets its answer (a refusal, logged and audited, with its exit status), and the client
     * still closes the channel once it has shown it. */
    if (c->state >= C_SHELL)
        client_closed(c);
}

static void on_channel_close(ssh_session session, ssh_channel channel, void *userdata)
{
    (void)session;
    (void)channel;
    client_closed(userdata);
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
              log_clean(c->user.login, u, sizeof u), c->addr, c->sid);
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

/* ---- channels and their requests ---- */

static void refuse_on_channel(server *s, conn *c, ssh_message msg, const char *what,
                              const char *reason_for_client)
{
    char u[40];
    log_event("refused", "user=%s addr=%s session=%s request=\"%s\"",
              log_clean(c->user.login, u, sizeof u), c->addr, c->sid, what);
    conn_audit(s, c, "refused", what);
    /* Accept the request so the client reads our reason, then end with status 1. */
    ssh_message_channel_request_reply_success(msg);
    ssh_channel_write_stderr(c->chan, reason_for_client, (uint32_t)strlen(reason_for_client));
    conn_end(s, c, NULL, 1, what);
}

static void start_shell(server *s, conn *c)
{
    char err[256];
    i18n_use(c->user.lang);
    kept_session *k = kept_find(s, c->user.id);
    host_terminal term = { c->term, c->cols, c->rows, c->env_lang, c->env_lang };
    if (host_start(&c->ui, s->db, &c->user, c->sid, c->addr, &term, NULL, now_ms(), err,
                   sizeof err) != 0) {
        log_event("error", "session=%s cannot start the screen: %s", c->sid, err);
        int full = display_pool_full();
        const char *msg = full ? _("The server is full. Please try again later.")
                               : _("bianmin could not start a screen for your terminal.\n");
        ssh_channel_write_stderr(c->chan, msg, (uint32_t)strlen(msg));
        if (full)
            ssh_channel_write_stderr(c->chan, "\r\n", 2);
        conn_end(s, c, NULL, 1, "screen failed");
        return;
    }
    c->state = C_SHELL;
    c->last_key_ms = now_ms();
    registry_join(s, c);
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
              log_clean(c->user.login, u, sizeof u), c->addr, c->sid, log_clean(c->term, t, sizeof t),
              c->ui.disp.cols, c->ui.disp.rows);
    if (c->ui.state == HOST_RUNNING)
        conn_log_charset(c);
    conn_flush(c);
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
        if (exec_allowed_command(s, c, msg))
            return;   /* `report ...` (exec.c); every other command is refused */
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
                  log_clean(c->user.login, u, sizeof u), c->addr, c->sid);
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
                  log_clean(c->user.login, u, sizeof u), c->addr, c->sid, what);
        conn_audit(s, c, "refused", what);
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

void channel_handle_message(server *s, conn *c, ssh_message msg)
{
    /* Text for the client before the UI starts (banners, refusals) is in the user's language
     * once the user is known, else in the default one. */
    i18n_use(c->user.id ? c->user.lang : NULL);
    switch (ssh_message_type(msg)) {
    case SSH_REQUEST_AUTH:
        auth_handle(s, c, msg);
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
                      log_clean(c->user.login, u, sizeof u), c->addr, c->sid);
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
