/* The SSH server's event loop: one process and one thread for every connection; accepting,
 * waiting, timers, the end of connections, and shutdown.
 *
 * A wakeup costs in proportion to the connections that have work, not to all of them: epoll
 * says which sockets are ready, a heap (dueheap.c) which connections' timers are due, and only
 * those are looked at. Each libssh session keeps its own poll context (none joins a shared
 * ssh_event): reading a ready session polls its own socket only, so a neighbour's closing
 * socket can never fail it, and nothing is added to or removed from a shared set per packet.
 *
 * libssh 0.10 is used with its message queue, not its server callbacks: a password check is
 * handed to the authwork threads and answered later, which the callbacks (answering on
 * return) cannot do. A ready session's messages are taken with ssh_message_get, which reads
 * its socket when the queue is empty; channel data arrives through channel callbacks meanwhile.
 * Timers (login grace, idle logout, keepalive, the key decoder's Esc timeout, delayed replies
 * to failed logins) bound the wait, so nothing sleeps. Connections are only marked dead inside
 * callbacks and freed once the wakeup's work is done. */
#include "tui/transport/conn.h"
#include "tui/transport/authwork.h"
#include "tui/transport/datadir.h"
#include "tui/transport/limits.h"
#include "tui/transport/registry.h"
#include "tui/session/i18n.h"
#include "tui/session/log.h"
#include "tui/transport/sshkeys.h"
#include "tui/transport/workers.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t signal_pipe_w = -1;

int64_t now_ms(void)
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

int conn_audit(server *s, conn *c, const char *what, const char *note)
{
    bm_actor a = conn_actor(c);
    bm_err err;
    if (bm_audit_session(s->db, &a, what, note, &err) == BM_OK)
        return 0;
    log_event("error", "session=%s audit failed: %s %s", c->sid, err.reason, err.detail);
    return -1;
}

/* ---- output ---- */

void conn_flush(conn *c)
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

void conn_end(server *s, conn *c, const char *farewell, int exit_status, const char *why)
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
                  log_clean(c->user.login, u, sizeof u), c->addr, c->sid,
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
    dueheap_remove(&s->due, c);
    if (c->ep_events)
        epoll_ctl(s->epoll_fd, EPOLL_CTL_DEL, ssh_get_fd(c->ssh), NULL);
    ssh_disconnect(c->ssh);
    ssh_free(c->ssh);   /* frees its channels too */
    free(c);
}

/* A connection over the limit, its key exchange done: its first request to log in gets the
 * reason as a banner (OpenSSH shows a banner in the user's charset, a disconnect message only
 * in ASCII), and the disconnect repeats it. Nobody is known yet, so both languages are used. */
static const char full_text[] = N_("The server is full. Please try again later.");

/* "The server is full" in the default language and in English, ending in a line break. */
static void full_message(char *text, size_t cap)
{
    i18n_use(NULL);
    if (strcmp(_(full_text), full_text) != 0)
        snprintf(text, cap, "%s (%s)\r\n", _(full_text), full_text);
    else
        snprintf(text, cap, "%s\r\n", full_text);
}

static void turn_away(server *s, conn *c, ssh_message msg)
{
    int type = ssh_message_type(msg);
    if (type == SSH_REQUEST_SERVICE)
        ssh_message_service_reply_success(msg);
    ssh_message_free(msg);
    if (type == SSH_REQUEST_SERVICE)
        return;
    char text[256];
    full_message(text, sizeof text);
    auth_banner(c, text);
    text[strlen(text) - 2] = 0;
    ssh_session_set_disconnect_message(c->ssh, text);
    if (c->out_of_files)
        log_event("refused", "addr=%s session=%s reason=\"server full\" "
                  "open_files=\"all in use\" sessions=%d", c->addr, c->sid, s->nconns);
    else
        log_event("refused", "addr=%s session=%s reason=\"server full\" max_sessions=%d",
                  c->addr, c->sid, s->o.max_conns);
    c->end_reason = "server full";
    ssh_disconnect(c->ssh);
    c->state = C_DEAD;
}

void conn_touch(server *s, conn *c)
{
    if (c->touched)
        return;
    c->touched = 1;
    c->next_touched = s->touched;
    s->touched = c;
}

/* A ready socket: takes every message its session has. ssh_message_get reads the socket when
 * the queue is empty, through the session's own poll context (its socket alone). */
static void conn_read(server *s, conn *c)
{
    conn_touch(s, c);
    ssh_message msg;
    while (c->state != C_DEAD && (msg = ssh_message_get(c->ssh)) != NULL) {
        if (c->turn_away)
            turn_away(s, c, msg);
        else
            channel_handle_message(s, c, msg);
    }
    c->rx_seen = c->rx.in_packets;
}

/* What epoll watches the socket for: always input, and room to write while libssh holds
 * bytes the socket did not take. 0, or -1 (logged) when epoll refuses. */
static int conn_watch(server *s, conn *c)
{
    int want = EPOLLIN | ((ssh_get_poll_flags(c->ssh) & SSH_WRITE_PENDING) ? EPOLLOUT : 0);
    if (want == c->ep_events)
        return 0;
    struct epoll_event ev = { .events = (uint32_t)want, .data.ptr = c };
    if (epoll_ctl(s->epoll_fd, c->ep_events ? EPOLL_CTL_MOD : EPOLL_CTL_ADD,
                  ssh_get_fd(c->ssh), &ev) != 0) {
        log_event("error", "addr=%s session=%s cannot watch the connection: %s", c->addr,
                  c->sid, strerror(errno));
        return -1;
    }
    c->ep_events = want;
    return 0;
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

/* Stops or resumes taking connections (while no file descriptor can be had at all). */
static void watch_listener(server *s, int on)
{
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &s->listen_fd };
    if (epoll_ctl(s->epoll_fd, on ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, s->listen_fd, &ev) != 0)
        log_event("error", "cannot %s taking connections: %s", on ? "resume" : "pause",
                  strerror(errno));
    s->accept_resume_ms = on ? 0 : now_ms() + 200;
}

/* A connection taken: its session set up, its key exchange begun. `out_of_files`: taken on
 * the spare descriptor, so it is only told the server is full. 0, or -1 when no descriptor
 * could be had for it (it waits in the backlog). */
static int accept_session(server *s, int out_of_files)
{
    ssh_session ssh = ssh_new();
    if (!ssh)
        return 0;
    if (listener_accept(s, ssh) != 0) {
        int why = errno;
        ssh_free(ssh);
        if (why == EMFILE || why == ENFILE || why == ENOBUFS || why == ENOMEM)
            return -1;
        if (why != EAGAIN && why != EWOULDBLOCK)   /* another worker took it */
            log_event("error", "accept failed: %s", strerror(why));
        return 0;
    }
    int sock = ssh_get_fd(ssh);
    char addr[64];
    peer_address(sock, addr, sizeof addr);
    /* A connection past the limit is told so in SSH's own words (a disconnect message the
     * client shows) once the key exchange is done; past a further margin it is cut at once. */
    int full = out_of_files || s->nconns - s->nturning_away >= s->o.max_conns;
    if (s->stopping || (full && s->nturning_away >= TURN_AWAY_MAX)) {
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
    /* Key exchange starts here and goes on each time the socket is ready (conn_read). */
    if (ssh_handle_key_exchange(ssh) == SSH_ERROR) {
        log_event("error", "addr=%s session=%s key exchange failed: %s", addr, c->sid,
                  ssh_get_error(ssh));
        ssh_disconnect(ssh);
        ssh_free(ssh);
        free(c);
        return 0;
    }
    if (full) {
        c->turn_away = 1;
        c->out_of_files = out_of_files;
        s->nturning_away++;
    }
    c->next = s->conns;
    if (s->conns)
        s->conns->prev = c;
    s->conns = c;
    s->nconns++;
    c->heap_slot = 0;
    if (conn_watch(s, c) != 0) {
        c->end_reason = "event loop refused the session";
        c->state = C_DEAD;
    }
    conn_touch(s, c);
    log_event("connect", "addr=%s session=%s", addr, c->sid);
    if (getenv("BIANMIN_DEBUG"))
        log_event("debug", "session=%s fd=%d", c->sid, sock);
    return 0;
}

/* No file descriptor is left for a waiting connection: that is a full server, and the client
 * is told so in words. Two descriptors are kept spare for this moment. The first takes the
 * connection as an SSH session that is only told the server is full, in SSH's own words (a
 * banner and a disconnect message its client shows); it is opened again once a connection
 * ends. While that one is in use, the second takes the next connection just long enough to
 * say it before any SSH, as a plain line, and is opened again at once. Left waiting, the
 * connection would keep the listening socket ready and the loop awake for nothing; with no
 * spare either, taking connections pauses a moment. */
static void refuse_for_capacity(server *s)
{
    if (s->spare_fd >= 0) {
        close(s->spare_fd);
        s->spare_fd = -1;
        int taken = accept_session(s, 1) == 0;
        /* Fails while the connection just taken holds the last descriptor (it is opened
         * again when a connection ends); succeeds when it was cut at once. */
        s->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (taken)
            return;
    }
    int fd = -1;
    if (s->spare_line_fd >= 0) {
        close(s->spare_line_fd);
        s->spare_line_fd = -1;
        fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    }
    if (fd >= 0) {
        char text[256], addr[64];
        peer_address(fd, addr, sizeof addr);
        full_message(text, sizeof text);
        if (send(fd, text, strlen(text), MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
            /* the client left already: nothing to tell */
        }
        close(fd);
        log_event("refused", "addr=%s reason=\"server full\" open_files=\"all in use\" "
                  "sessions=%d", addr, s->nconns);
    }
    s->spare_line_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd < 0 && s->accept_resume_ms == 0) {
        log_event("refused", "reason=\"server full\" open_files=\"all in use\" sessions=%d",
                  s->nconns);
        watch_listener(s, 0);
    }
}

static int on_accept(socket_t fd, int revents, void *userdata)
{
    (void)fd;
    (void)revents;
    server *s = userdata;
    if (accept_session(s, 0) != 0)
        refuse_for_capacity(s);
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
        if (c && c->pending_auth && c->pending == PENDING_CHECK && c->state == C_LOGIN) {
            auth_password_checked(s, c, r.matches);
            conn_touch(s, c);
        }
        /* otherwise the connection went away while its password was checked */
    }
    return 0;
}

/* The end of a connection: kept if its user may come back, logged, freed. */
static void conn_finish(server *s, conn *c)
{
    if (c->prev)
        c->prev->next = c->next;
    else
        s->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    registry_leave(s, c);
    if (c->ui.app && !s->stopping && app_worth_keeping(c->ui.app))
        kept_keep(s, c);
    if (c->user.id)
        conn_audit(s, c, "logout", c->end_reason ? c->end_reason : "closed");
    conn_log_end(c);
    s->nturning_away -= c->turn_away;
    conn_free(s, c);
    s->nconns--;
    if (s->spare_fd < 0)
        s->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
}

/* After a connection's input, or when its timers are due: answers what the UI asked for,
 * runs its timers, sends what is queued, and either ends it or says when it is next due. */
static void conn_settle(server *s, conn *c, int64_t now)
{
    if (c->rx.in_bytes != c->rx_bytes_seen) {
        c->rx_bytes_seen = c->rx.in_bytes;
        c->last_rx_ms = now;
        c->keepalives_unanswered = 0;
    }
    if (c->state == C_SHELL) {
        registry_mark(s, c);
        if (c->ui.app->resume_answer)
            kept_answer_resume(s, c);
    }
    if (c->state == C_SHELL && c->ui.app->quit)
        conn_end(s, c, _("Logged out. Goodbye."), 0, "logout");
    conn_run_timers(s, c, now);
    if (c->state == C_SHELL || c->state == C_DRAINING)
        conn_flush(c);
    /* A write can read the socket too (libssh handles packets while it waits for room):
     * what arrived then is taken now, as its socket may have nothing more to say. */
    for (int pass = 0; pass < 4 && c->state != C_DEAD && c->rx.in_packets != c->rx_seen;
         pass++) {
        conn_read(s, c);
        if (c->state == C_SHELL || c->state == C_DRAINING)
            conn_flush(c);
    }
    int st = ssh_get_status(c->ssh);
    if (c->state != C_DEAD && (st & (SSH_CLOSED | SSH_CLOSED_ERROR))) {
        if (getenv("BIANMIN_DEBUG"))
            log_event("debug", "session=%s status=%x state=%d error=\"%s\"", c->sid, st,
                      c->state, ssh_get_error(c->ssh));
        if (!c->end_reason)
            c->end_reason = c->state == C_SHELL ? "connection lost" : "client disconnected";
        c->state = C_DEAD;
    }
    if (c->state != C_DEAD && conn_watch(s, c) != 0) {
        c->end_reason = "event loop refused the session";
        c->state = C_DEAD;
    }
    if (c->state != C_DEAD && dueheap_set(&s->due, c, conn_due(s, c, now)) != 0) {
        c->end_reason = "out of memory";
        c->state = C_DEAD;
    }
    if (c->state == C_DEAD)
        conn_finish(s, c);
}

static void stop_sessions(server *s)
{
    kept_expire(s, 0, 1);
    for (conn *c = s->conns; c; c = c->next) {
        conn_touch(s, c);
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
    /* A worker's supervisor holds the lock for all its workers (workers.c). */
    s->lock_fd = s->o.worker ? 0 : datadir_lock(s->o.data_dir, err, errlen);
    if (s->lock_fd < 0)
        return -1;
    if (s->o.db_url)
        snprintf(path, sizeof path, "%s", s->o.db_url);
    else
        snprintf(path, sizeof path, "%s/bianmin.db", s->o.data_dir);
    bm_err e;
    if (bm_db_open(path, &s->db, &e) != BM_OK) {
        snprintf(err, errlen, "%.200s: %.100s%s%.150s", path, e.reason, e.detail[0] ? ": " : "", e.detail);
        return -1;
    }
    char why[PATH_MAX + 128];
    /* A database on a server is not a file here: the server itself refuses what it cannot
     * write, and the data directory must still take the audit head. */
    int on_server = strncmp(path, "postgresql:", 11) == 0;
    if (!datadir_writable(s->o.data_dir, on_server ? s->o.data_dir : path, why, sizeof why)) {
        /* Served anyway, so staff can still read cases; but no login can be recorded, so
         * none is let in (see auth.c): the admin has to hear of it now. */
        log_event("warning", "database read-only: %s", why);
        fprintf(stderr, "bianmin: WARNING: the database is READ-ONLY (%s).\n"
                "bianmin: WARNING: logins cannot be recorded, so nobody can log in until it "
                "can be written again.\n", why);
    }
    registry_open(s);
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
    log_event(created ? "hostkey-created" : "hostkey", "file=%s fingerprint=%s (%s)", path,
              fp, ssh_key_type_to_char(ssh_key_type(key)));
    if (created)
        fprintf(stderr, "bianmin: new host key %s\nbianmin: its fingerprint is %s — clerks "
                "can compare it with what ssh shows at the first login.\n", path, fp);
    s->bind = ssh_bind_new();
    if (!s->bind) {
        ssh_key_free(key);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    ssh_bind_options_set(s->bind, SSH_BIND_OPTIONS_IMPORT_KEY, key);   /* the bind owns it */
    if (listener_open(s, err, errlen) != 0)
        return -1;
    s->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (s->epoll_fd < 0 || pipe2(s->signal_fd, O_CLOEXEC | O_NONBLOCK) != 0) {
        snprintf(err, errlen, "cannot create the event loop");
        return -1;
    }
    signal_pipe_w = s->signal_fd[1];
    s->auth_fd = authwork_start(2);
    if (s->auth_fd < 0) {
        snprintf(err, errlen, "cannot start password-check threads");
        return -1;
    }
    s->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    s->spare_line_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    /* The server's own descriptors are told apart from connections by their address. */
    int *own[] = { &s->listen_fd, &s->signal_fd[0], &s->auth_fd };
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) {
        struct epoll_event ev = { .events = EPOLLIN, .data.ptr = own[i] };
        if (epoll_ctl(s->epoll_fd, EPOLL_CTL_ADD, *own[i], &ev) != 0) {
            snprintf(err, errlen, "cannot create the event loop: %s", strerror(errno));
            return -1;
        }
    }
    return 0;
}

static void teardown(server *s)
{
    while (s->conns) {
        s->conns->state = C_DEAD;
        conn_finish(s, s->conns);
    }
    registry_close(s);
    dueheap_free(&s->due);
    if (s->epoll_fd > 0)
        close(s->epoll_fd);
    if (s->spare_fd > 0)
        close(s->spare_fd);
    if (s->spare_line_fd > 0)
        close(s->spare_line_fd);
    if (s->auth_fd > 0)
        authwork_stop();
    if (s->bind)
        ssh_bind_free(s->bind);
    if (s->listen_fd > 0)
        close(s->listen_fd);
    signal_pipe_w = -1;
    if (s->signal_fd[0] > 0) {
        close(s->signal_fd[0]);
        close(s->signal_fd[1]);
    }
    if (s->db)
        bm_db_close(s->db);
    if (s->lock_fd > 0)
        close(s->lock_fd);
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
    o->max_conns = 0;   /* from the open-file limit */
    o->keep_s = 15 * 60;
    o->screen_idle_s = 30;
}

int server_run(const server_opts *o)
{
    server *s = calloc(1, sizeof *s);
    if (!s)
        return 1;
    s->o = *o;
    /* Session ids stay apart between processes started in the same second. */
    s->start_tag = ((unsigned)time(NULL) ^ ((unsigned)getpid() << 8)) & 0xffffff;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* Installed before the first newterm, which otherwise takes SIGINT/SIGTERM/SIGTSTP and
     * ends every screen. */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGTSTP, SIG_IGN);
    signal(SIGWINCH, SIG_IGN);
    long open_files = limits_raise_open_files();
    long memory_mb = limits_memory_mb();
    if (s->o.max_conns <= 0) {
        int by_files = limits_sessions_for(open_files);
        int by_memory = limits_sessions_for_memory(memory_mb);
        s->o.max_conns = by_files < by_memory ? by_files : by_memory;
    }
    /* Screens are never freed (see display.c): room for every session and the idle ones. */
    display_pool_set_limit(2 * s->o.max_conns + 16);
    display_global_init();
    char err[512];
    if (setup(s, err, sizeof err) != 0) {
        fprintf(stderr, "bianmin: %s\n", err);
        teardown(s);
        free(s);
        return 1;
    }
    log_event("start", "version=%s max_sessions=%d%s open_files=%ld memory_mb=%ld",
              BIANMIN_VERSION, s->o.max_conns, s->o.worker ? " (of this worker)" : "",
              open_files, memory_mb);
    fprintf(stderr, "bianmin: listening on %s:%d\n", o->listen_addr, s->port);
    fflush(stderr);

    int stop_requested = 0;
    struct epoll_event ready[256];
    for (;;) {
        int64_t now = now_ms();
        conn *first = dueheap_first(&s->due);
        int64_t wait = first ? first->due_ms - now : 1000;
        if (s->stopping && wait > 20)
            wait = 20;
        if (s->kept && wait > s->kept_check_ms - now)
            wait = s->kept_check_ms - now;
        if (s->accept_resume_ms && wait > s->accept_resume_ms - now)
            wait = s->accept_resume_ms - now;
        int n = epoll_wait(s->epoll_fd, ready, (int)(sizeof ready / sizeof ready[0]),
                           wait < 0 ? 0 : wait > 1000 ? 1000 : (int)wait);
        if (n < 0 && errno != EINTR) {
            log_event("error", "waiting for connections failed: %s", strerror(errno));
            break;
        }
        for (int i = 0; i < n; i++) {
            void *what = ready[i].data.ptr;
            if (what == &s->listen_fd)
                on_accept(s->listen_fd, 0, s);
            else if (what == &s->signal_fd[0])
                on_signal_fd(s->signal_fd[0], 0, s);
            else if (what == &s->auth_fd)
                on_auth_result(s->auth_fd, 0, s);
            else
                conn_read(s, what);
        }
        if (s->stopping && !stop_requested) {
            stop_requested = 1;
            stop_sessions(s);
        }
        now = now_ms();
        for (conn *c; (c = dueheap_first(&s->due)) && c->due_ms <= now;) {
            dueheap_remove(&s->due, c);
            conn_touch(s, c);
        }
        /* Settling one connection may touch another: the list is taken whole, and what is
         * touched meanwhile is settled in the next round. */
        while (s->touched) {
            conn *list = s->touched;
            s->touched = NULL;
            while (list) {
                conn *c = list;
                list = c->next_touched;
                c->touched = 0;
                conn_settle(s, c, now);
            }
        }
        if (s->accept_resume_ms && now >= s->accept_resume_ms)
            watch_listener(s, 1);
        registry_tick(s, now);
        if (now >= s->kept_check_ms) {
            kept_expire(s, now, 0);
            int freed = display_pool_trim();
            if (freed > 0)
                log_event("screens", "freed=%d reason=\"no screen in use\"", freed);
            s->kept_check_ms = now + 1000;
        }
        if (s->stopping && (!s->conns || now >= s->stop_by_ms))
            break;
    }
    log_event("stopped", "database closed cleanly");
    teardown(s);
    free(s);
    return 0;
}
