/* End-to-end test harness (see harness.h), its common ground: small utilities (growing byte
 * buffers, TAP notes, the clock), the state of everything open, the child processes the server
 * and its subcommands run as, and the clean-up at exit. The other parts, each in its own file:
 * harness_server.c (the server under test), harness_ssh.c (SSH sessions and one-shot requests),
 * harness_term.c (terminals: emulator and connection), harness_keys.c (key specs),
 * harness_screen.c (reading the screen and waiting for it).
 *
 * How input moves: every connected terminal's session sits in one ssh_event, so one
 * ssh_event_dopoll serves them all (libssh answers keepalives and window adjusts as it goes);
 * then each terminal's channel buffer is drained into its VTerm, and the replies VTerm makes
 * (cursor position reports, device attributes) are written back, as a real terminal would. */
#include "tests/e2e/harness_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

/* ---- Small utilities ------------------------------------------------------------------------- */

void oom(void)
{
    fputs("# bmt: out of memory\n", stderr);
    abort();
}

void bytes_add(bytes *b, const void *data, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            oom();
        b->p = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->n, data, n);
    b->n += n;
    b->p[b->n] = '\0';   /* always a C string too */
}

void bytes_addf(bytes *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        oom();
    bytes_add(b, s, (size_t)n);
    free(s);
}

/* Hands the contents over as a NUL-terminated string (never NULL) and empties b. */
char *bytes_take(bytes *b)
{
    if (!b->p)
        bytes_add(b, "", 0);
    char *p = b->p;
    *b = (bytes){0};
    return p;
}

void bytes_free(bytes *b)
{
    free(b->p);
    *b = (bytes){0};
}

char *xstrdup(const char *s)
{
    char *p = strdup(s ? s : "");
    if (!p)
        oom();
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        oom();
    return s;
}

long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
    }
}

/* Prints text as TAP comments: every line gets "# ", so multi-line messages (a screen, a log)
 * never break the TAP stream. stdout is flushed first to keep the two streams in order. */
void note(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        oom();
    fflush(stdout);
    for (char *line = s, *end; line; line = end ? end + 1 : NULL) {
        end = strchr(line, '\n');
        if (end && end[1] == '\0') {   /* a final newline adds no empty comment */
            *end = '\0';
            end = NULL;
        }
        if (end)
            *end = '\0';
        fprintf(stderr, "# %s\n", line);
    }
    fflush(stderr);
    free(s);
}

int env_flag(const char *name)
{
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}

int decode_status(int wstatus)
{
    if (WIFEXITED(wstatus))
        return WEXITSTATUS(wstatus);
    if (WIFSIGNALED(wstatus))
        return 128 + WTERMSIG(wstatus);
    return -1;
}

char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    bytes b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        bytes_add(&b, chunk, n);
    fclose(f);
    return bytes_take(&b);
}

/* The last `lines` lines of text, pointing into it. */
const char *tail_lines(const char *text, int lines)
{
    const char *p = text + strlen(text);
    if (p > text && p[-1] == '\n')
        p--;
    while (p > text) {
        if (p[-1] == '\n' && --lines == 0)
            break;
        p--;
    }
    return p;
}

/* ---- Global state: everything open, for pumping and for the clean-up at exit ----------------- */

struct harness_state g;

static void at_exit_cleanup(void);

void harness_init(void)
{
    if (g.ready)
        return;
    g.ready = 1;
    /* A write to a connection the server already closed must be an error, not a death. */
    signal(SIGPIPE, SIG_IGN);
    if (ssh_init() != SSH_OK)
        note("bmt: ssh_init failed");
    /* atexit handlers run last-registered first. OpenSSL registers its clean-up on its first
     * real initialisation (not on one that asks for nothing), so make that happen now: ours,
     * which may still close connections, then runs while the crypto still works. */
    OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CRYPTO_STRINGS | OPENSSL_INIT_ADD_ALL_CIPHERS |
                            OPENSSL_INIT_ADD_ALL_DIGESTS,
                        NULL);
    atexit(at_exit_cleanup);
}

/* ---- Child processes ------------------------------------------------------------------------- */

/* Forks and execs argv (PATH searched) with stdin from /dev/null and stdout+stderr to out_fd.
 * The child dies with the test process, and inherits none of its sockets: an inherited copy of
 * a client socket would keep a "vanished" or closed connection alive. */
pid_t spawn(char *const argv[], int out_fd)
{
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == -1) {
        note("bmt: fork failed: %s", strerror(errno));
        return -1;
    }
    if (pid > 0)
        return pid;
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)
        _exit(127);
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0)
        dup2(null_fd, 0);
    dup2(out_fd, 1);
    dup2(out_fd, 2);
    if (close_range(3, ~0U, 0) == -1)
        for (int fd = 3; fd < 1024; fd++)
            close(fd);
    signal(SIGPIPE, SIG_DFL);
    execvp(argv[0], argv);
    dprintf(2, "bmt: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

/* Waits for pid up to timeout_ms (pumping the terminals meanwhile when pump_terms); then
 * SIGKILL. Returns the decoded status. */
int wait_child(pid_t pid, int timeout_ms, int pump_terms)
{
    long long deadline = now_ms() + timeout_ms;
    int wstatus;
    for (;;) {
        pid_t r = waitpid(pid, &wstatus, WNOHANG);
        if (r == pid)
            return decode_status(wstatus);
        if (r == -1 && errno != EINTR) {
            note("bmt: waitpid %d: %s", (int)pid, strerror(errno));
            return -1;
        }
        if (now_ms() >= deadline)
            break;
        if (pump_terms)
            pump_all(PUMP_STEP_MS);
        else
            sleep_ms(5);
    }
    note("bmt: process %d still running after %d ms; sending SIGKILL", (int)pid, timeout_ms);
    kill(pid, SIGKILL);
    while (waitpid(pid, &wstatus, 0) == -1) {
        if (errno != EINTR) {
            note("bmt: waitpid %d: %s", (int)pid, strerror(errno));
            return -1;
        }
    }
    return decode_status(wstatus);
}

/* Runs argv to completion (timeout_ms), collecting stdout+stderr. Returns its status. */
int run_capture(char *const argv[], char **output, int timeout_ms)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) == -1) {
        note("bmt: pipe failed: %s", strerror(errno));
        return -1;
    }
    pid_t pid = spawn(argv, fds[1]);
    close(fds[1]);
    if (pid == -1) {
        close(fds[0]);
        return -1;
    }
    bytes out = {0};
    long long deadline = now_ms() + timeout_ms;
    for (;;) {
        long long left = deadline - now_ms();
        if (left <= 0) {
            note("bmt: %s did not finish within %d ms; killing it", argv[0], timeout_ms);
            kill(pid, SIGKILL);
            break;
        }
        /* Short polls, pumping the terminals in between: they keep answering keepalives. */
        drain_all();
        struct pollfd pfd = {fds[0], POLLIN, 0};
        int r = poll(&pfd, 1, left < PUMP_STEP_MS ? (int)left : PUMP_STEP_MS);
        if (r == -1 && errno == EINTR)
            continue;
        if (r <= 0)
            continue;
        char chunk[4096];
        ssize_t n = read(fds[0], chunk, sizeof chunk);
        if (n == -1 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        bytes_add(&out, chunk, (size_t)n);
    }
    close(fds[0]);
    int status = wait_child(pid, 5000, 1);
    if (output)
        *output = bytes_take(&out);
    else
        bytes_free(&out);
    return status;
}

const char *bianmin_bin(void)
{
    const char *bin = getenv("BIANMIN_BIN");
    return bin && *bin ? bin : "build/bianmin";
}

/* ---- Clean-up at exit ------------------------------------------------------------------------ */

/* A test that failed an assert jumped out past its own clean-up: close what it left, stop its
 * servers (keeping their data for the post-mortem), so nothing outlives the test process and
 * the leak checker reports only real leaks. */
static void at_exit_cleanup(void)
{
    while (g.terms)
        bmt_close(g.terms);
    while (g.servers) {
        bmt_server *s = g.servers;
        note("bmt: server %d on port %d was still running at exit (did a test stop early?)",
             (int)s->pid, s->port);
        s->failed = 1;
        bmt_server_stop(s);
    }
    if (g.event) {
        ssh_event_free(g.event);
        g.event = NULL;
    }
}
