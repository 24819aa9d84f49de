/* `bianmin console`: the same UI on the local terminal, one session, for the admin at the
 * server's own keyboard. The terminal is put in raw mode and restored on every way out. */
#include "tui/transport/console.h"
#include "tui/session/host.h"
#include "tui/session/i18n.h"
#include "tui/session/log.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int signal_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
    int saved = errno;
    char c = (char)sig;
    if (write(signal_pipe[1], &c, 1) < 0) {
        /* the pipe is full: a signal is already waiting to be read */
    }
    errno = saved;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void window_size(int *cols, int *rows)
{
    struct winsize ws;
    *cols = 80;
    *rows = 24;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
        *cols = ws.ws_col;
        *rows = ws.ws_row;
    }
}

/* Writes the whole queue to the terminal (blocking: one session, nobody else waits). */
static int write_out(host *h)
{
    outq *q = &h->disp.out;
    while (outq_pending(q) > 0) {
        ssize_t n = write(STDOUT_FILENO, outq_peek(q), outq_pending(q));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        outq_consume(q, (size_t)n);
    }
    return 0;
}

int console_run(const char *data_dir, const char *login)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "bianmin console: needs a terminal on standard input and output\n");
        return 1;
    }
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/bianmin.db", data_dir);
    bm_db *db;
    bm_err err;
    if (bm_db_open(path, &db, &err) != BM_OK) {
        fprintf(stderr, "bianmin console: %s: %s %s\n", path, err.reason, err.detail);
        return 1;
    }
    bm_user user;
    if (bm_user_get(db, login, &user, &err) != BM_OK) {
        fprintf(stderr, "bianmin console: no account \"%s\" (bianmin user list shows them)\n",
                login);
        bm_db_close(db);
        return 1;
    }
    if (user.locked) {
        fprintf(stderr, "bianmin console: account \"%s\" is locked\n", login);
        bm_db_close(db);
        return 1;
    }
    if (pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        perror("bianmin console: pipe");
        bm_db_close(db);
        return 1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGWINCH, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGTSTP, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    display_global_init();

    struct termios saved, raw;
    tcgetattr(STDIN_FILENO, &saved);
    raw = saved;
    cfmakeraw(&raw);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);

    /* Log lines would land in the middle of the screen; the audit log still records. */
    log_silenced = isatty(STDERR_FILENO);
    bm_actor actor = { user.id, user.login, user.role, user.org_id, "console", "local" };
    bm_audit_session(db, &actor, "login", "console", &err);
    log_event("login", "user=%s addr=local session=console method=console", user.login);

    int cols, rows;
    window_size(&cols, &rows);
    const char *type = getenv("TERM");
    /* The local terminal's charset and language, as the C library would read them. */
    const char *locale = NULL;
    const char *vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
    for (int i = 0; i < 3 && !locale; i++)
        if (getenv(vars[i]) && getenv(vars[i])[0])
            locale = getenv(vars[i]);
    host_terminal term = { type ? type : "vt100", cols, rows, locale, locale };
    host h;
    char why[256];
    int status = 0;
    if (host_start(&h, db, &user, "console", "local", &term, NULL, now_ms(), why,
                   sizeof why) != 0) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        fprintf(stderr, "bianmin console: %s\n", why);
        status = 1;
        goto out;
    }
    write_out(&h);
    const char *farewell = _("Logged out. Goodbye.");
    while (h.app && !h.app->quit) {
        int64_t now = now_ms();
        int64_t due = host_deadline(&h);
        int timeout = due < 0 ? -1 : (int)(due > now ? due - now : 0);
        struct pollfd fds[2] = { { STDIN_FILENO, POLLIN, 0 }, { signal_pipe[0], POLLIN, 0 } };
        int n = poll(fds, 2, timeout);
        if (n < 0 && errno != EINTR)
            break;
        if (fds[1].revents & POLLIN) {
            char sig[16];
            ssize_t got = read(signal_pipe[0], sig, sizeof sig);
            int stop = 0;
            for (ssize_t i = 0; i < got; i++)
                stop |= sig[i] != SIGWINCH;
            if (stop) {
                farewell = "";
                break;
            }
            window_size(&cols, &rows);
            host_resize(&h, cols, rows);
        }
        if (fds[0].revents & (POLLIN | POLLHUP)) {
            char buf[4096];
            ssize_t got = read(STDIN_FILENO, buf, sizeof buf);
            if (got <= 0) {
                farewell = "";
                break;
            }
            host_input(&h, buf, (size_t)got, now_ms());
        }
        host_tick(&h, now_ms());
        if (write_out(&h) != 0)
            break;
    }
    host_stop(&h, farewell);
    write_out(&h);
    display_free_output(&h.disp);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    printf("\n");
out:
    bm_audit_session(db, &actor, "logout", "console", &err);
    log_event("logout", "user=%s addr=local session=console", user.login);
    bm_db_close(db);
    display_global_free();
    close(signal_pipe[0]);
    close(signal_pipe[1]);
    return status;
}
