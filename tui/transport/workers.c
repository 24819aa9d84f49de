/* Several server processes behind one port (`serve --workers N`): the listening socket each
 * event loop accepts on, and the small supervisor that starts the workers, starts again one
 * that dies, and passes a stop on.
 *
 * Each worker is a whole server (loop.c) with its own listening socket on the same port:
 * SO_REUSEPORT lets the kernel share the incoming connections out among them, so no worker
 * waits on another and one that dies takes only its own sessions with it. libssh cannot set
 * that option on a socket it makes, so the socket is made here and each accepted connection
 * is handed to libssh (ssh_bind_accept_fd). What the workers must agree on (failed logins,
 * an address's delay, the live sessions) lives in the store, not in a worker's memory. */
#include "tui/transport/conn.h"
#include "tui/transport/datadir.h"
#include "tui/transport/sshkeys.h"
#include "tui/transport/workers.h"
#include "tui/session/log.h"

#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- the listening socket ---- */

/* A socket bound to addr:port; listening when listen_too. With share, other sockets of this
 * user may bind the same port (SO_REUSEPORT). -1 with a reason. */
static int bind_socket(const char *addr, int port, int share, int listen_too, char *err,
                       size_t errlen)
{
    char service[16];
    snprintf(service, sizeof service, "%d", port);
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
    struct addrinfo *list = NULL;
    int rc = getaddrinfo(addr, service, &hints, &list);
    if (rc != 0) {
        snprintf(err, errlen, "cannot listen on %s:%d: %s", addr, port, gai_strerror(rc));
        return -1;
    }
    int fd = -1, why = 0;
    for (struct addrinfo *ai = list; ai && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
                    ai->ai_protocol);
        if (fd < 0) {
            why = errno;
            continue;
        }
        int on = 1;
        if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
            (share && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) != 0) ||
            bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
            (listen_too && listen(fd, SOMAXCONN) != 0)) {
            why = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(list);
    if (fd < 0)
        snprintf(err, errlen, "cannot listen on %s:%d: %s", addr, port, strerror(why));
    return fd;
}

static int bound_port(int fd, int fallback)
{
    struct sockaddr_storage bound;
    socklen_t len = sizeof bound;
    if (getsockname(fd, (struct sockaddr *)&bound, &len) != 0)
        return fallback;
    return ntohs(bound.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
                                             : ((struct sockaddr_in *)&bound)->sin_port);
}

int listener_open(server *s, char *err, size_t errlen)
{
    /* A burst of logins (a centre opening at 8:30) needs a long backlog: SOMAXCONN. */
    s->listen_fd = bind_socket(s->o.listen_addr, s->o.port, s->o.worker > 0, 1, err, errlen);
    if (s->listen_fd < 0)
        return -1;
    s->port = bound_port(s->listen_fd, s->o.port);   /* port 0: the kernel's choice */
    return 0;
}

int listener_accept(server *s, ssh_session ssh)
{
    int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0)
        return -1;
    if (ssh_bind_accept_fd(s->bind, ssh, fd) != SSH_OK) {
        /* the session owns the socket once it was handed over; closed with it */
        errno = EPROTO;
        return -1;
    }
    return 0;
}

/* ---- the supervisor ---- */

#define QUICK_EXIT_S 5        /* a worker gone this soon after its start did not come up */
#define QUICK_EXITS_MAX 5     /* ... this many times running: the supervisor gives up */

typedef struct worker_slot {
    pid_t pid;
    time_t started;
    int quick_exits;
    time_t restart_at;        /* when a dead worker is started again; 0 while it runs */
} worker_slot;

/* The signal that stops the workers (SIGTERM, or SIGHUP passed on as it came); 0 while
 * serving. SIGALRM only wakes the supervisor for a restart that is due. */
static volatile sig_atomic_t stop_signal;

static void on_supervisor_signal(int sig)
{
    if (sig == SIGHUP)
        stop_signal = SIGHUP;
    else if (sig != SIGALRM)
        stop_signal = SIGTERM;
}

int workers_resolve(const char *text)
{
    if (!text)
        return 1;
    if (strcmp(text, "auto") == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        return cores < 1 ? 1 : cores > WORKERS_MAX ? WORKERS_MAX : (int)cores;
    }
    char *end;
    errno = 0;
    long n = strtol(text, &end, 10);
    if (errno || *end || end == text || n < 1 || n > WORKERS_MAX)
        return -1;
    return (int)n;
}

static pid_t start_worker(const server_opts *o, int k, int reserve_fd)
{
    pid_t pid = fork();
    if (pid != 0) {
        if (pid < 0)
            log_event("error", "cannot start worker=%d: %s", k, strerror(errno));
        return pid;
    }
    close(reserve_fd);
    prctl(PR_SET_PDEATHSIG, SIGTERM);   /* no worker outlives its supervisor */
    struct sigaction dfl = { .sa_handler = SIG_DFL };
    sigemptyset(&dfl.sa_mask);
    sigaction(SIGTERM, &dfl, NULL);
    sigaction(SIGINT, &dfl, NULL);
    sigaction(SIGHUP, &dfl, NULL);
    server_opts mine = *o;
    mine.worker = k;
    log_worker = k;
    fflush(stderr);
    _exit(server_run(&mine));
}

static void signal_all(worker_slot *w, int n, int sig)
{
    for (int i = 0; i < n; i++)
        if (w[i].pid > 0)
            kill(w[i].pid, sig);
}

static int running(const worker_slot *w, int n)
{
    int alive = 0;
    for (int i = 0; i < n; i++)
        alive += w[i].pid > 0;
    return alive;
}

/* A worker ended: while serving, it is started again (at once, or after a pause when it keeps
 * dying at start); while stopping, it is just counted out. 0, or -1 to give up. */
static int worker_ended(worker_slot *w, int k, int status, int stopping)
{
    time_t now = time(NULL);
    char how[48];
    if (WIFSIGNALED(status))
        snprintf(how, sizeof how, "signal=%d", WTERMSIG(status));
    else
        snprintf(how, sizeof how, "status=%d", WEXITSTATUS(status));
    w->pid = 0;
    if (stopping) {
        log_event("worker-stopped", "worker=%d %s", k, how);
        return 0;
    }
    w->quick_exits = now - w->started < QUICK_EXIT_S ? w->quick_exits + 1 : 0;
    if (w->quick_exits >= QUICK_EXITS_MAX) {
        log_event("error", "worker=%d %s: it does not stay up; stopping every worker", k, how);
        return -1;
    }
    w->restart_at = now + (w->quick_exits ? 1 << w->quick_exits : 0);
    log_event("worker-died", "worker=%d %s restart_in=%llds", k, how,
              (long long)(w->restart_at - now));
    return 0;
}

static int supervise(const server_opts *o, int reserve_fd)
{
    int n = o->workers;
    worker_slot w[WORKERS_MAX];
    memset(w, 0, sizeof w);
    int stopping = 0, status = 0;
    for (;;) {
        time_t now = time(NULL);
        for (int i = 0; i < n && !stopping; i++)
            if (w[i].pid == 0 && w[i].restart_at <= now) {
                w[i].pid = start_worker(o, i + 1, reserve_fd);
                w[i].started = now;
                w[i].restart_at = 0;
                if (w[i].pid < 0) {
                    w[i].pid = 0;
                    w[i].restart_at = now + 2;
                }
            }
        if (stop_signal && !stopping) {
            stopping = 1;
            log_event("stop", "workers=%d", running(w, n));
            signal_all(w, n, stop_signal);
        }
        if (stopping && running(w, n) == 0)
            break;
        /* Woken by a worker's end or a signal, and by SIGALRM once a second: a stop signal
         * that came just before the wait began, or a restart that is due, waits no longer. */
        alarm(1);
        int st;
        pid_t pid = waitpid(-1, &st, 0);
        if (pid < 0 && errno == ECHILD && !stopping)
            pause();    /* no worker runs (none could be started): the alarm wakes it */
        if (pid < 0)
            continue;   /* a signal: looked at above */
        for (int i = 0; i < n; i++)
            if (w[i].pid == pid && worker_ended(&w[i], i + 1, st, stopping) != 0) {
                stopping = 1;
                status = 1;
                signal_all(w, n, SIGTERM);
            }
    }
    log_event("stopped", "every worker has stopped");
    return status;
}

int server_serve(const server_opts *o)
{
    if (o->workers <= 1)
        return server_run(o);
    char err[512];
    /* The workers share the data directory: the lock is the supervisor's, held for them. */
    int lock_fd = datadir_lock(o->data_dir, err, sizeof err);
    if (lock_fd < 0) {
        fprintf(stderr, "bianmin: %s\n", err);
        return 1;
    }
    /* Made once here, so workers starting together do not each make a different one. */
    char path[PATH_MAX], fp[128];
    snprintf(path, sizeof path, "%s/host_ed25519", o->data_dir);
    ssh_key key;
    int created;
    if (hostkey_load_or_create(path, &key, &created, fp, sizeof fp, err, sizeof err) != 0) {
        fprintf(stderr, "bianmin: %s\n", err);
        close(lock_fd);
        return 1;
    }
    ssh_key_free(key);
    /* Holds the port (bound, not listening, so it takes no connection): port 0 becomes one
     * port for all, and nobody else takes it while a worker is started again. */
    int reserve_fd = bind_socket(o->listen_addr, o->port, 1, 0, err, sizeof err);
    if (reserve_fd < 0) {
        fprintf(stderr, "bianmin: %s\n", err);
        close(lock_fd);
        return 1;
    }
    server_opts shared = *o;
    shared.port = bound_port(reserve_fd, o->port);
    struct sigaction sa = { .sa_handler = on_supervisor_signal };   /* no SA_RESTART */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    log_event("supervisor", "workers=%d port=%d max_sessions=\"per worker\"", o->workers,
              shared.port);
    int status = supervise(&shared, reserve_fd);
    close(reserve_fd);
    close(lock_fd);
    return status;
}
