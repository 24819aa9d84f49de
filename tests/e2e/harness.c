/* End-to-end test harness (see harness.h): the server under test as a child process, SSH
 * terminals as libssh client sessions rendered by libvterm, key specs, and the one-shot
 * requests the server must refuse.
 *
 * How input moves: every connected terminal's session sits in one ssh_event, so one
 * ssh_event_dopoll serves them all (libssh answers keepalives and window adjusts as it goes);
 * then each terminal's channel buffer is drained into its VTerm, and the replies VTerm makes
 * (cursor position reports, device attributes) are written back, as a real terminal would. */
#include "tests/e2e/harness.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <ftw.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <openssl/crypto.h>
#include <vterm.h>

enum {
    START_TIMEOUT_MS = 20000,   /* serve until "listening on" */
    STOP_TIMEOUT_MS = 20000,    /* SIGTERM until exit, then SIGKILL */
    RUN_TIMEOUT_MS = 60000,     /* init and other one-off subcommands */
    SSH_TIMEOUT_S = 20,         /* libssh's limit for each blocking step */
    PUMP_STEP_MS = 20,          /* how often waits re-check their condition */
    LOG_TAIL_LINES = 20,        /* server log lines shown with a failure */
};

/* ---- Small utilities ------------------------------------------------------------------------- */

typedef struct bytes {
    char *p;
    size_t n, cap;
} bytes;

static void oom(void)
{
    fputs("# bmt: out of memory\n", stderr);
    abort();
}

static void bytes_add(bytes *b, const void *data, size_t n)
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

static void bytes_addf(bytes *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bytes_addf(bytes *b, const char *fmt, ...)
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
static char *bytes_take(bytes *b)
{
    if (!b->p)
        bytes_add(b, "", 0);
    char *p = b->p;
    *b = (bytes){0};
    return p;
}

static void bytes_free(bytes *b)
{
    free(b->p);
    *b = (bytes){0};
}

static char *xstrdup(const char *s)
{
    char *p = strdup(s ? s : "");
    if (!p)
        oom();
    return p;
}

static char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xasprintf(const char *fmt, ...)
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

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
    }
}

/* Prints text as TAP comments: every line gets "# ", so multi-line messages (a screen, a log)
 * never break the TAP stream. stdout is flushed first to keep the two streams in order. */
static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note(const char *fmt, ...)
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

static int env_flag(const char *name)
{
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}

static int decode_status(int wstatus)
{
    if (WIFEXITED(wstatus))
        return WEXITSTATUS(wstatus);
    if (WIFSIGNALED(wstatus))
        return 128 + WTERMSIG(wstatus);
    return -1;
}

static char *read_file(const char *path)
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
static const char *tail_lines(const char *text, int lines)
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

struct bmt_server {
    bmt_server *next;
    pid_t pid;
    int port;
    int failed;          /* a wait timed out or the test said so: keep the data dir */
    char *dir;
    char *log_path;
};

struct bmt_term {
    bmt_term *next;
    bmt_server *server;  /* NULL offline, or once the server was stopped */
    char label[96];      /* "clerk xterm 80x24", for messages */
    ssh_session session; /* NULL offline */
    ssh_channel channel;
    int in_event;        /* its session is in g.event (pumped) */
    int vanished;
    int closed;          /* the server closed the channel or the connection dropped */
    VTerm *vt;
    VTermScreen *screen;
    bytes received;      /* every byte from the server */
    bytes sent;          /* every byte to the server */
    bytes replies;       /* VTerm's answers not yet sent */
    bytes *capture;      /* when set, VTerm output goes here instead (key encoding) */
    char *text;          /* cached screen text; NULL when the screen changed */
    long long last_rx_ms;
    iconv_t decode;      /* terminal charset → UTF-8 for the emulator, or (iconv_t)-1 */
    iconv_t encode;      /* UTF-8 → terminal charset for typed text, or (iconv_t)-1 */
    unsigned char pending[8];   /* a character cut between two packets */
    size_t npending;
    int mute;            /* answers no queries */
};

static struct {
    int ready;
    ssh_event event;
    int event_sessions;
    bmt_term *terms;
    bmt_server *servers;
} g;

static void at_exit_cleanup(void);

static void harness_init(void)
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
static pid_t spawn(char *const argv[], int out_fd)
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

/* Waits for pid up to timeout_ms; then SIGKILL. Returns the decoded status. */
static int wait_child(pid_t pid, int timeout_ms, int pump_terms);
static size_t drain_all(void);
static void pump_all(int timeout_ms);

/* Runs argv to completion (timeout_ms), collecting stdout+stderr. Returns its status. */
static int run_capture(char *const argv[], char **output, int timeout_ms)
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

static const char *bianmin_bin(void)
{
    const char *bin = getenv("BIANMIN_BIN");
    return bin && *bin ? bin : "build/bianmin";
}

/* ---- The server ------------------------------------------------------------------------------ */

static int pick_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd == -1) {
        note("bmt: socket failed: %s", strerror(errno));
        return -1;
    }
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = -1;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    else
        note("bmt: cannot find a free port: %s", strerror(errno));
    close(fd);
    return port;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)type;
    (void)ftw;
    if (remove(path) == -1)
        note("bmt: cannot remove %s: %s", path, strerror(errno));
    return 0;
}

static void remove_tree(const char *dir)
{
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void print_log_tail(const bmt_server *s, int lines)
{
    char *log = bmt_server_log(s);
    if (!log) {
        note("bmt: no server log at %s", s->log_path);
        return;
    }
    const char *tail = tail_lines(log, lines);
    note("server log %s (last %d lines):", s->log_path, lines);
    if (*tail) {
        char *copy = xstrdup(tail);
        for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n"))
            note("log| %s", line);
        free(copy);
    }
    free(log);
}

/* Appends the words of BIANMIN_WRAPPER (split on blanks) to argv. */
static void add_wrapper_words(char **argv, int *argc, char *wrapper_copy, int max)
{
    for (char *w = strtok(wrapper_copy, " \t"); w && *argc < max; w = strtok(NULL, " \t"))
        argv[(*argc)++] = w;
}

/* Starts serve on port and waits for "listening on". 1 ready, 0 failed (maybe the port was
 * taken meanwhile: *port_taken), -1 failed for good. */
static int start_serve(bmt_server *s, const char *const *extra_args, int *port_taken)
{
    char port_text[16];
    snprintf(port_text, sizeof port_text, "%d", s->port);
    char *wrapper = xstrdup(getenv("BIANMIN_WRAPPER"));
    char *argv[128];
    int argc = 0;
    add_wrapper_words(argv, &argc, wrapper, 32);
    argv[argc++] = (char *)bianmin_bin();
    argv[argc++] = "serve";
    argv[argc++] = "--listen";
    argv[argc++] = "127.0.0.1";
    argv[argc++] = "--port";
    argv[argc++] = port_text;
    argv[argc++] = "--data";
    argv[argc++] = s->dir;
    for (int i = 0; extra_args && extra_args[i] && argc < 127; i++)
        argv[argc++] = (char *)extra_args[i];
    argv[argc] = NULL;

    int log_fd = open(s->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd == -1) {
        note("bmt: cannot open %s: %s", s->log_path, strerror(errno));
        free(wrapper);
        return -1;
    }
    s->pid = spawn(argv, log_fd);
    close(log_fd);
    free(wrapper);
    if (s->pid == -1)
        return -1;

    long long deadline = now_ms() + START_TIMEOUT_MS;
    for (;;) {
        char *log = bmt_server_log(s);
        int ready = log && strstr(log, "listening on") != NULL;
        int taken = log && strstr(log, "in use") != NULL;
        free(log);
        if (ready)
            return 1;
        int wstatus;
        if (waitpid(s->pid, &wstatus, WNOHANG) == s->pid) {
            note("bmt_server_start: serve exited with status %d before listening",
                 decode_status(wstatus));
            s->pid = -1;
            *port_taken = taken;
            return taken ? 0 : -1;
        }
        if (now_ms() >= deadline) {
            note("bmt_server_start: no \"listening on\" within %d ms", START_TIMEOUT_MS);
            kill(s->pid, SIGKILL);
            wait_child(s->pid, 5000, 0);
            s->pid = -1;
            return -1;
        }
        pump_all(PUMP_STEP_MS);
    }
}

bmt_server *bmt_server_start(const char *const *extra_args)
{
    harness_init();
    const char *bin = bianmin_bin();
    if (access(bin, X_OK) == -1) {
        note("bmt_server_start: %s is not an executable (%s); set BIANMIN_BIN", bin,
             strerror(errno));
        return NULL;
    }
    bmt_server *s = calloc(1, sizeof *s);
    if (!s)
        oom();
    s->pid = -1;
    const char *tmp = getenv("TMPDIR");
    s->dir = xasprintf("%s/bianmin-e2e.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(s->dir)) {
        note("bmt_server_start: mkdtemp %s: %s", s->dir, strerror(errno));
        free(s->dir);
        free(s);
        return NULL;
    }
    s->log_path = xasprintf("%s/server.log", s->dir);

    char *init_argv[] = {(char *)bin, "init", "--demo", "--data", s->dir, NULL};
    char *out = NULL;
    int status = run_capture(init_argv, &out, RUN_TIMEOUT_MS);
    if (status != 0) {
        note("bmt_server_start: `%s init --demo --data %s` failed with status %d:\n%s", bin,
             s->dir, status, out ? out : "");
        free(out);
        goto fail;
    }
    free(out);

    for (int attempt = 0;; attempt++) {
        int port_taken = 0;
        s->port = pick_free_port();
        if (s->port <= 0)
            goto fail;
        int r = start_serve(s, extra_args, &port_taken);
        if (r == 1)
            break;
        if (r == -1 || attempt == 2)
            goto fail;
        note("bmt_server_start: port %d was taken meanwhile; trying another", s->port);
    }
    s->next = g.servers;
    g.servers = s;
    return s;

fail:
    print_log_tail(s, LOG_TAIL_LINES);
    note("bmt_server_start: data dir kept: %s", s->dir);
    free(s->dir);
    free(s->log_path);
    free(s);
    return NULL;
}

static int wait_child(pid_t pid, int timeout_ms, int pump_terms)
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

int bmt_server_stop(bmt_server *s)
{
    if (!s)
        return -1;
    for (bmt_server **p = &g.servers; *p; p = &(*p)->next)
        if (*p == s) {
            *p = s->next;
            break;
        }
    for (bmt_term *t = g.terms; t; t = t->next)
        if (t->server == s)
            t->server = NULL;

    int status = -1;
    if (s->pid > 0) {
        if (kill(s->pid, SIGTERM) == -1)
            note("bmt_server_stop: kill %d: %s", (int)s->pid, strerror(errno));
        /* Terminals are pumped meanwhile, so they take in the goodbye the server sends. */
        status = wait_child(s->pid, STOP_TIMEOUT_MS, 1);
    }
    if (env_flag("BMT_VERBOSE"))
        print_log_tail(s, 1000);
    int keep = status != 0 || s->failed || env_flag("BMT_KEEP");
    if (status != 0) {
        note("bmt_server_stop: server exited with status %d", status);
        if (!env_flag("BMT_VERBOSE"))
            print_log_tail(s, LOG_TAIL_LINES * 2);
    }
    if (keep)
        note("bmt_server_stop: data dir kept: %s", s->dir);
    else
        remove_tree(s->dir);
    free(s->dir);
    free(s->log_path);
    free(s);
    return status;
}

int bmt_server_port(const bmt_server *s)
{
    return s ? s->port : -1;
}

pid_t bmt_server_pid(const bmt_server *s)
{
    return s ? s->pid : -1;
}

const char *bmt_server_datadir(const bmt_server *s)
{
    return s ? s->dir : NULL;
}

void bmt_server_note_failure(bmt_server *s)
{
    if (s)
        s->failed = 1;
}

long bmt_server_rss_kb(const bmt_server *s)
{
    if (!s || s->pid <= 0)
        return -1;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/status", (int)s->pid);
    char *status = read_file(path);
    if (!status)
        return -1;
    long kb = -1;
    const char *line = strstr(status, "\nVmRSS:");
    if (line)
        kb = strtol(line + strlen("\nVmRSS:"), NULL, 10);
    free(status);
    return kb;
}

char *bmt_server_log(const bmt_server *s)
{
    return s ? read_file(s->log_path) : NULL;
}

int bmt_server_log_wait(bmt_server *s, const char *text, int timeout_ms)
{
    if (!s)
        return 0;
    long long deadline = now_ms() + timeout_ms;
    for (;;) {
        char *log = bmt_server_log(s);
        int found = log && strstr(log, text) != NULL;
        free(log);
        if (found)
            return 1;
        if (now_ms() >= deadline)
            break;
        pump_all(PUMP_STEP_MS);
    }
    note("bmt_server_log_wait: \"%s\" not in the server log after %d ms", text, timeout_ms);
    print_log_tail(s, LOG_TAIL_LINES);
    s->failed = 1;
    return 0;
}

int bmt_run_bianmin(bmt_server *s, const char *const *args, char **output)
{
    if (output)
        *output = NULL;
    if (!s)
        return -1;
    char *argv[130];
    int argc = 0;
    argv[argc++] = (char *)bianmin_bin();
    for (int i = 0; args && args[i] && argc < 127; i++)
        argv[argc++] = (char *)args[i];
    argv[argc++] = "--data";
    argv[argc++] = s->dir;
    argv[argc] = NULL;
    return run_capture(argv, output, RUN_TIMEOUT_MS);
}

/* ---- SSH connections ------------------------------------------------------------------------- */

/* A reason for a failed login: libssh's error and, when the server sent one, its banner. */
static char *auth_failure(ssh_session ss, const char *user, const char *what, int rc)
{
    const char *kind = rc == SSH_AUTH_DENIED    ? "denied"
                       : rc == SSH_AUTH_PARTIAL ? "partial (more methods required)"
                       : rc == SSH_AUTH_AGAIN   ? "not finished"
                                                : "error";
    bytes b = {0};
    bytes_addf(&b, "%s authentication as %s %s: %s", what, user, kind, ssh_get_error(ss));
    char *banner = ssh_get_issue_banner(ss);
    if (banner) {
        size_t n = strlen(banner);
        while (n > 0 && (banner[n - 1] == '\n' || banner[n - 1] == '\r'))
            n--;
        bytes_addf(&b, "; banner: %.*s", (int)n, banner);
        ssh_string_free_char(banner);
    }
    return bytes_take(&b);
}

/* Waits a little for the half-made session ss to make progress, pumping the open terminals
 * meanwhile: a connect that takes seconds (the server slows repeated failures down) must not
 * starve the others of keepalive replies. Returns 0, or -1 once deadline has passed. */
static int step_wait(ssh_session ss, long long deadline)
{
    drain_all();
    long long left = deadline - now_ms();
    if (left <= 0)
        return -1;
    struct pollfd pfd = {ssh_get_fd(ss), POLLIN, 0};
    poll(&pfd, 1, left < 10 ? (int)left : 10);
    return 0;
}

/* Connects and authenticates one session, each step non-blocking and the whole within
 * SSH_TIMEOUT_S. Returns the session still non-blocking (the caller finishes its set-up and
 * then makes it blocking), or NULL with *why set. */
static ssh_session open_session(const bmt_server *s, const char *user, const char *password,
                                const char *keyfile, long long deadline, char **why)
{
    *why = NULL;
    if (!s) {
        *why = xstrdup("no server (NULL)");
        return NULL;
    }
    ssh_key key = NULL;
    if (keyfile && ssh_pki_import_privkey_file(keyfile, NULL, NULL, NULL, &key) != SSH_OK) {
        *why = xasprintf("cannot read private key %s", keyfile);
        return NULL;
    }
    ssh_session ss = ssh_new();
    if (!ss)
        oom();
    unsigned int port = (unsigned int)s->port;
    long timeout = SSH_TIMEOUT_S;
    int no = 0, yes = 1;
    /* Nothing from ~/.ssh or /etc/ssh: every run sees the same client. */
    if (ssh_options_set(ss, SSH_OPTIONS_PROCESS_CONFIG, &no) < 0 ||
        ssh_options_set(ss, SSH_OPTIONS_HOST, "127.0.0.1") < 0 ||
        ssh_options_set(ss, SSH_OPTIONS_PORT, &port) < 0 ||
        ssh_options_set(ss, SSH_OPTIONS_USER, user) < 0 ||
        ssh_options_set(ss, SSH_OPTIONS_TIMEOUT, &timeout) < 0 ||
        ssh_options_set(ss, SSH_OPTIONS_NODELAY, &yes) < 0 ||
        ssh_options_set(ss, SSH_OPTIONS_KNOWNHOSTS, "/dev/null") < 0 ||
        ssh_options_set(ss, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null") < 0) {
        *why = xasprintf("ssh_options_set: %s", ssh_get_error(ss));
        goto fail;
    }
    const char *verbosity = getenv("BMT_SSH_LOG");
    if (verbosity && *verbosity) {
        int level = atoi(verbosity);
        ssh_options_set(ss, SSH_OPTIONS_LOG_VERBOSITY, &level);
    }
    ssh_set_blocking(ss, 0);
    int rc;
    while ((rc = ssh_connect(ss)) == SSH_AGAIN)
        if (step_wait(ss, deadline) != 0)
            break;
    if (rc != SSH_OK) {
        *why = xasprintf("cannot connect to 127.0.0.1:%d: %s", s->port,
                         rc == SSH_AGAIN ? "timed out" : ssh_get_error(ss));
        goto fail;
    }
    for (;;) {
        rc = key ? ssh_userauth_publickey(ss, NULL, key)
                 : ssh_userauth_password(ss, NULL, password ? password : "");
        if (rc != SSH_AUTH_AGAIN || step_wait(ss, deadline) != 0)
            break;
    }
    if (rc != SSH_AUTH_SUCCESS) {
        *why = auth_failure(ss, user, key ? "public-key" : "password", rc);
        ssh_disconnect(ss);
        goto fail;
    }
    ssh_key_free(key);
    return ss;

fail:
    ssh_key_free(key);
    ssh_free(ss);
    return NULL;
}

/* ---- Terminals: emulator side ---------------------------------------------------------------- */

static void vterm_output(const char *s, size_t len, void *user)
{
    bmt_term *t = user;
    bytes_add(t->capture ? t->capture : &t->replies, s, len);
}

static bmt_term *term_new(int cols, int rows)
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
static void encode_typed(bmt_term *t, bytes *b)
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
static int term_write(bmt_term *t, const void *data, size_t n)
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

static size_t drain_all(void)
{
    size_t total = 0;
    for (bmt_term *t = g.terms; t; t = t->next)
        total += term_drain(t);
    return total;
}

/* Takes in what has arrived; if nothing had, waits up to timeout_ms for more. */
static void pump_all(int timeout_ms)
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

/* ---- Key specs ------------------------------------------------------------------------------- */

enum keyset { KEYS_XTERM, KEYS_PUTTY, KEYS_LINUX, KEYS_VT100 };

static const char *const fkeys[4][12] = {
    [KEYS_XTERM] = {"\033OP", "\033OQ", "\033OR", "\033OS", "\033[15~", "\033[17~",
                    "\033[18~", "\033[19~", "\033[20~", "\033[21~", "\033[23~", "\033[24~"},
    [KEYS_PUTTY] = {"\033[11~", "\033[12~", "\033[13~", "\033[14~", "\033[15~", "\033[17~",
                    "\033[18~", "\033[19~", "\033[20~", "\033[21~", "\033[23~", "\033[24~"},
    [KEYS_LINUX] = {"\033[[A", "\033[[B", "\033[[C", "\033[[D", "\033[[E", "\033[17~",
                    "\033[18~", "\033[19~", "\033[20~", "\033[21~", "\033[23~", "\033[24~"},
    [KEYS_VT100] = {"\033OP", "\033OQ", "\033OR", "\033OS"},
};

static const struct {
    const char *name;
    const char *bytes;
} plain_keys[] = {
    {"Esc", "\033"},     {"Tab", "\t"},      {"BTab", "\033[Z"},  {"Enter", "\r"},
    {"Bksp", "\177"},    {"Ins", "\033[2~"}, {"Del", "\033[3~"},  {"PgUp", "\033[5~"},
    {"PgDn", "\033[6~"},
};

static const struct {
    const char *name;
    char final;          /* CSI x in normal mode, SS3 x in application cursor mode */
    const char *vt_alt;  /* putty and linux Home/End: fixed sequences */
} cursor_keys[] = {
    {"Up", 'A', NULL},  {"Down", 'B', NULL},         {"Right", 'C', NULL},
    {"Left", 'D', NULL}, {"Home", 'H', "\033[1~"}, {"End", 'F', "\033[4~"},
};

/* Encodes one unquoted key word. Returns 0, or -1 with a message in *why. */
static int encode_word(const char *word, size_t len, int app_cursor, bytes *out, char **why)
{
    enum keyset set = KEYS_XTERM;
    const char *colon = memchr(word, ':', len);
    if (colon) {
        size_t plen = (size_t)(colon - word);
        if (plen == 5 && memcmp(word, "xterm", 5) == 0)
            set = KEYS_XTERM;
        else if (plen == 5 && memcmp(word, "putty", 5) == 0)
            set = KEYS_PUTTY;
        else if (plen == 5 && memcmp(word, "linux", 5) == 0)
            set = KEYS_LINUX;
        else if (plen == 5 && memcmp(word, "vt100", 5) == 0)
            set = KEYS_VT100;
        else {
            *why = xasprintf("unknown terminal \"%.*s\" (xterm, putty, linux, vt100)",
                             (int)plen, word);
            return -1;
        }
        len -= plen + 1;
        word = colon + 1;
    }
    char name[16];
    if (len == 0 || len >= sizeof name)
        goto unknown;
    memcpy(name, word, len);
    name[len] = '\0';

    if (name[0] == 'F' && len <= 3 && name[1] >= '1' && name[1] <= '9' &&
        (len == 2 || (name[2] >= '0' && name[2] <= '9'))) {
        int n = atoi(name + 1);
        if (n < 1 || n > 12)
            goto unknown;
        if (!fkeys[set][n - 1]) {
            *why = xasprintf("a vt100 has no %s", name);
            return -1;
        }
        bytes_add(out, fkeys[set][n - 1], strlen(fkeys[set][n - 1]));
        return 0;
    }
    for (size_t i = 0; i < sizeof cursor_keys / sizeof cursor_keys[0]; i++) {
        if (strcmp(name, cursor_keys[i].name) != 0)
            continue;
        if (cursor_keys[i].vt_alt && set == KEYS_VT100) {
            *why = xasprintf("a vt100 has no %s key", name);
            return -1;
        }
        if (cursor_keys[i].vt_alt && (set == KEYS_PUTTY || set == KEYS_LINUX)) {
            bytes_add(out, cursor_keys[i].vt_alt, strlen(cursor_keys[i].vt_alt));
            return 0;
        }
        char seq[3] = {'\033', app_cursor ? 'O' : '[', cursor_keys[i].final};
        bytes_add(out, seq, sizeof seq);
        return 0;
    }
    for (size_t i = 0; i < sizeof plain_keys / sizeof plain_keys[0]; i++) {
        if (strcmp(name, plain_keys[i].name) != 0)
            continue;
        if (set == KEYS_VT100 && plain_keys[i].bytes[1] == '[') {
            *why = xasprintf("a vt100 has no %s key", name);
            return -1;
        }
        bytes_add(out, plain_keys[i].bytes, strlen(plain_keys[i].bytes));
        return 0;
    }
    if (len == 3 && name[0] == 'C' && name[1] == '-' &&
        ((name[2] >= 'a' && name[2] <= 'z') || (name[2] >= 'A' && name[2] <= 'Z'))) {
        char c = (char)((name[2] | 0x20) - 'a' + 1);
        bytes_add(out, &c, 1);
        return 0;
    }
    if (!colon && strspn(name, "0123456789") == len) {
        bytes_add(out, name, len);
        return 0;
    }
unknown:
    *why = xasprintf("unknown key \"%.*s\" (text must be quoted)", (int)len, word);
    return -1;
}

/* Encodes the next token of *spec into out and moves *spec past it. Returns 1 when a token was
 * encoded, 0 at the end, -1 on an error (message in *why). */
static int next_token(const char **spec, int app_cursor, bytes *out, char **why)
{
    const char *p = *spec;
    while (*p == ' ')
        p++;
    if (!*p) {
        *spec = p;
        return 0;
    }
    if (*p == '"') {
        const char *start = p++;
        for (;; p++) {
            if (*p == '\0') {
                *why = xasprintf("unterminated quote at: %s", start);
                return -1;
            }
            if (*p == '"')
                break;
            if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
                p++;
            bytes_add(out, p, 1);
        }
        p++;
        if (*p && *p != ' ') {
            *why = xasprintf("a space must follow a closing quote, at: %s", start);
            return -1;
        }
        *spec = p;
        return 1;
    }
    const char *start = p;
    while (*p && *p != ' ')
        p++;
    if (encode_word(start, (size_t)(p - start), app_cursor, out, why) != 0)
        return -1;
    *spec = p;
    return 1;
}

/* Whether the screen has switched the cursor keys to application mode (DECCKM), asked of the
 * emulator itself: it sends ESC O A for Up exactly when xterm would. */
static int app_cursor_mode(bmt_term *t)
{
    bytes probe = {0};
    t->capture = &probe;
    vterm_keyboard_key(t->vt, VTERM_KEY_UP, VTERM_MOD_NONE);
    t->capture = NULL;
    int app = probe.n >= 2 && probe.p[1] == 'O';
    bytes_free(&probe);
    return app;
}

static int send_keys(bmt_term *t, const char *spec, int slow, int gap_ms)
{
    if (!t || !spec) {
        note("bmt_send_keys: no terminal or no spec");
        return -1;
    }
    int app = app_cursor_mode(t);
    /* The whole spec is checked before anything is sent: a typo sends nothing. */
    bytes all = {0};
    char *why = NULL;
    const char *p = spec;
    int r;
    while ((r = next_token(&p, app, &all, &why)) == 1) {
    }
    if (r < 0) {
        note("bmt_send_keys: %s; in spec: %s", why, spec);
        free(why);
        bytes_free(&all);
        return -1;
    }
    if (!slow) {
        encode_typed(t, &all);
        r = term_write(t, all.p, all.n);
        bytes_free(&all);
        return r;
    }
    bytes_free(&all);
    p = spec;
    int first = 1;
    for (;;) {
        bytes one = {0};
        r = next_token(&p, app, &one, &why);
        if (r == 1 && !first)
            bmt_pump(gap_ms);
        if (r == 1) {
            encode_typed(t, &one);
            r = term_write(t, one.p, one.n) == 0 ? 1 : -1;
        }
        bytes_free(&one);
        first = 0;
        if (r != 1) {
            free(why);
            return r;
        }
    }
}

int bmt_send_keys(bmt_term *t, const char *spec)
{
    return send_keys(t, spec, 0, 0);
}

int bmt_send_keys_slow(bmt_term *t, const char *spec, int gap_ms)
{
    return send_keys(t, spec, 1, gap_ms);
}

int bmt_send_raw(bmt_term *t, const void *data, size_t n)
{
    if (!t)
        return -1;
    return term_write(t, data, n);
}

/* ---- Reading the screen ---------------------------------------------------------------------- */

static void add_utf8(bytes *out, uint32_t c)
{
    char u[4];
    size_t n;
    if (c < 0x80) {
        u[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        u[0] = (char)(0xc0 | (c >> 6));
        u[1] = (char)(0x80 | (c & 0x3f));
        n = 2;
    } else if (c < 0x10000) {
        u[0] = (char)(0xe0 | (c >> 12));
        u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        u[2] = (char)(0x80 | (c & 0x3f));
        n = 3;
    } else if (c < 0x110000) {
        u[0] = (char)(0xf0 | (c >> 18));
        u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
        u[3] = (char)(0x80 | (c & 0x3f));
        n = 4;
    } else {
        u[0] = '?';
        n = 1;
    }
    bytes_add(out, u, n);
}

static void add_row(bmt_term *t, int row, bytes *out)
{
    int rows, cols;
    vterm_get_size(t->vt, &rows, &cols);
    size_t keep = out->n;   /* end of the last non-blank cell: what trimming keeps */
    for (int col = 0; col < cols;) {
        VTermScreenCell cell;
        vterm_screen_get_cell(t->screen, (VTermPos){row, col}, &cell);
        /* An empty cell (or the orphaned right half of a wide character) reads as a blank. */
        if (cell.chars[0] == 0 || cell.chars[0] == (uint32_t)-1) {
            bytes_add(out, " ", 1);
        } else {
            for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i]; i++)
                add_utf8(out, cell.chars[i]);
            if (cell.chars[0] != ' ')
                keep = out->n;
        }
        col += cell.width > 1 ? cell.width : 1;
    }
    out->n = keep;
    if (out->p)
        out->p[keep] = '\0';
}

static const char *screen_text(bmt_term *t)
{
    if (!t->text) {
        int rows, cols;
        vterm_get_size(t->vt, &rows, &cols);
        bytes b = {0};
        for (int r = 0; r < rows; r++) {
            if (r)
                bytes_add(&b, "\n", 1);
            add_row(t, r, &b);
        }
        t->text = bytes_take(&b);
    }
    return t->text;
}

char *bmt_screen_text(bmt_term *t)
{
    return t ? xstrdup(screen_text(t)) : NULL;
}

static int text_present(bmt_term *t, const void *text)
{
    return strstr(screen_text(t), text) != NULL;
}

int bmt_screen_has(bmt_term *t, const char *utf8)
{
    return t && utf8 && text_present(t, utf8);
}

char bmt_menu_key(bmt_term *t, const char *label)
{
    char *s = bmt_screen_text(t);
    char want[256];
    snprintf(want, sizeof want, "  %s\n", label);
    char *p = s ? strstr(s, want) : NULL;
    char key = 0;
    if (p) {
        while (p > s && p[-1] == ' ')
            p--;
        key = p > s ? p[-1] : 0;
    }
    if (!key)
        bmt_screen_dump(t, label);
    free(s);
    return key;
}

char *bmt_screen_row(bmt_term *t, int row)
{
    int rows, cols;
    if (!t)
        return NULL;
    vterm_get_size(t->vt, &rows, &cols);
    if (row < 0 || row >= rows)
        return NULL;
    bytes b = {0};
    add_row(t, row, &b);
    return bytes_take(&b);
}

int bmt_cursor(bmt_term *t, int *row, int *col)
{
    if (!t)
        return -1;
    VTermPos pos;
    vterm_state_get_cursorpos(vterm_obtain_state(t->vt), &pos);
    if (row)
        *row = pos.row;
    if (col)
        *col = pos.col;
    return 0;
}

int bmt_size(bmt_term *t, int *cols, int *rows)
{
    if (!t)
        return -1;
    int r, c;
    vterm_get_size(t->vt, &r, &c);
    if (cols)
        *cols = c;
    if (rows)
        *rows = r;
    return 0;
}

int bmt_cell_attr(bmt_term *t, int row, int col, int *reverse, int *bold)
{
    int rows, cols;
    if (!t)
        return -1;
    vterm_get_size(t->vt, &rows, &cols);
    if (row < 0 || row >= rows || col < 0 || col >= cols)
        return -1;
    VTermScreenCell cell;
    vterm_screen_get_cell(t->screen, (VTermPos){row, col}, &cell);
    /* libvterm keeps a wide character's attributes in its left cell only. */
    if (cell.chars[0] == (uint32_t)-1 && col > 0)
        vterm_screen_get_cell(t->screen, (VTermPos){row, col - 1}, &cell);
    if (reverse)
        *reverse = cell.attrs.reverse;
    if (bold)
        *bold = cell.attrs.bold;
    return 0;
}

size_t bmt_raw_output(bmt_term *t, const char **data)
{
    if (!t) {
        if (data)
            *data = "";
        return 0;
    }
    if (data)
        *data = t->received.p ? t->received.p : "";
    return t->received.n;
}

size_t bmt_sent_bytes(bmt_term *t, const char **data)
{
    if (!t) {
        if (data)
            *data = "";
        return 0;
    }
    if (data)
        *data = t->sent.p ? t->sent.p : "";
    return t->sent.n;
}

void bmt_screen_dump(bmt_term *t, const char *headline)
{
    if (!t)
        return;
    int row, col, rows, cols;
    bmt_cursor(t, &row, &col);
    vterm_get_size(t->vt, &rows, &cols);
    note("%s", headline ? headline : "screen:");
    note("%s, cursor at row %d col %d, connection %s, %zu bytes received", t->label, row, col,
         !t->session ? "none (offline)"
         : t->closed ? "closed by the server"
         : t->vanished ? "vanished"
                       : "open",
         t->received.n);
    for (int r = 0; r < rows; r++) {
        char *line = bmt_screen_row(t, r);
        note("%02d|%s", r, line);
        free(line);
    }
}

/* A wait gave up: show the screen and the server's last words, and keep its data dir. */
static void wait_failed(bmt_term *t, const char *headline)
{
    bmt_screen_dump(t, headline);
    if (t->server) {
        print_log_tail(t->server, LOG_TAIL_LINES / 2);
        t->server->failed = 1;
    }
}

/* Pumps until want(t, arg) or timeout. Gives up early when nothing more can arrive. */
static int wait_for(bmt_term *t, int (*want)(bmt_term *, const void *), const void *arg,
                    int timeout_ms)
{
    long long deadline = now_ms() + timeout_ms;
    for (;;) {
        if (want(t, arg))
            return 1;
        long long left = deadline - now_ms();
        if (left <= 0 || !t->session || t->closed || t->vanished)
            return 0;
        pump_all(left < PUMP_STEP_MS ? (int)left : PUMP_STEP_MS);
    }
}

static int text_absent(bmt_term *t, const void *text)
{
    return !text_present(t, text);
}

/* Waits until the text is on the screen (present) or off it; says which wait failed. */
static int wait_text_state(bmt_term *t, const char *utf8, int timeout_ms, int present,
                           const char *name)
{
    if (!t || !utf8) {
        note("%s: no terminal (did the connect fail?)", name);
        return 0;
    }
    if (wait_for(t, present ? text_present : text_absent, utf8, timeout_ms))
        return 1;
    char *head = xasprintf("%s: \"%s\" %s the screen after %d ms", name, utf8,
                           present ? "not on" : "still on", timeout_ms);
    wait_failed(t, head);
    free(head);
    return 0;
}

int bmt_wait_text(bmt_term *t, const char *utf8, int timeout_ms)
{
    return wait_text_state(t, utf8, timeout_ms, 1, "bmt_wait_text");
}

int bmt_wait_gone(bmt_term *t, const char *utf8, int timeout_ms)
{
    return wait_text_state(t, utf8, timeout_ms, 0, "bmt_wait_gone");
}

int bmt_wait_quiet(bmt_term *t, int quiet_ms, int timeout_ms)
{
    if (!t)
        return 0;
    long long start = now_ms();
    long long deadline = start + timeout_ms;
    for (;;) {
        long long since = t->last_rx_ms > start ? t->last_rx_ms : start;
        long long now = now_ms();
        if (now - since >= quiet_ms)
            return 1;
        if (now >= deadline) {
            note("bmt_wait_quiet: %s: output did not pause for %d ms within %d ms", t->label,
                 quiet_ms, timeout_ms);
            return 0;
        }
        long long step = deadline - now;
        if (step > PUMP_STEP_MS)
            step = PUMP_STEP_MS;
        pump_all((int)step);
    }
}

static int is_closed(bmt_term *t, const void *unused)
{
    (void)unused;
    return t->closed;
}

int bmt_closed(bmt_term *t, int timeout_ms)
{
    if (!t || !t->session)
        return 0;
    if (t->vanished) {
        note("bmt_closed: %s has vanished; it no longer hears from the server", t->label);
        return 0;
    }
    return wait_for(t, is_closed, NULL, timeout_ms);
}

/* ---- One-shot requests ----------------------------------------------------------------------- */

enum oneshot { ONESHOT_EXEC, ONESHOT_SUBSYSTEM, ONESHOT_FORWARD, ONESHOT_X11, ONESHOT_AGENT };

/* Collects the channel's stdout and stderr until the server closes it or timeout_ms passes.
 * Packets are processed through an event of its own: after an EOF libssh's channel reads
 * return at once without reading the socket, so the CLOSE that follows would go unseen.
 * Returns 1 if the channel is still open at the end. */
static int collect_channel(ssh_session ss, ssh_channel ch, bytes *out, bytes *err,
                           int timeout_ms)
{
    ssh_event ev = ssh_event_new();
    if (!ev || ssh_event_add_session(ev, ss) != SSH_OK)
        oom();
    long long deadline = now_ms() + timeout_ms;
    char chunk[4096];
    int open = 1;
    for (;;) {
        int n, got = 0;
        while ((n = ssh_channel_read_nonblocking(ch, chunk, sizeof chunk, 0)) > 0) {
            bytes_add(out, chunk, (size_t)n);
            got = 1;
        }
        int e;
        while ((e = ssh_channel_read_nonblocking(ch, chunk, sizeof chunk, 1)) > 0) {
            bytes_add(err, chunk, (size_t)e);
            got = 1;
        }
        if (n == SSH_ERROR || e == SSH_ERROR || ssh_channel_is_closed(ch) ||
            !ssh_is_connected(ss)) {
            open = 0;
            break;
        }
        long long left = deadline - now_ms();
        if (left <= 0)
            break;
        if (!got)
            ssh_event_dopoll(ev, left < PUMP_STEP_MS ? (int)left : PUMP_STEP_MS);
    }
    ssh_event_remove_session(ev, ss);
    ssh_event_free(ev);
    return open;
}

/* Records the exit status when it comes: ssh_channel_get_exit_status would block while the
 * channel stays open without one. */
static void on_exit_status(ssh_session session, ssh_channel channel, int status, void *user)
{
    (void)session;
    (void)channel;
    *(int *)user = status;
}

static int try_oneshot(bmt_server *s, const char *user, const char *pw, enum oneshot kind,
                       const char *arg, char **what)
{
    harness_init();
    if (what)
        *what = NULL;
    bytes w = {0};
    char *why = NULL;
    int result = -1;
    ssh_session ss = open_session(s, user, pw, NULL, now_ms() + SSH_TIMEOUT_S * 1000, &why);
    if (ss)
        ssh_set_blocking(ss, 1);
    if (!ss) {
        bytes_addf(&w, "connect: %s\n", why);
        free(why);
        goto done;
    }
    ssh_channel ch = ssh_channel_new(ss);
    if (!ch)
        oom();
    if (kind == ONESHOT_FORWARD) {
        /* What `ssh -L 40000:127.0.0.1:PORT` asks for when a local client connects. */
        if (ssh_channel_open_forward(ch, "127.0.0.1", s->port, "127.0.0.1", 40000) == SSH_OK) {
            bytes_addf(&w, "request: direct-tcpip channel opened\n");
            result = 1;
            ssh_channel_close(ch);
        } else {
            bytes_addf(&w, "request: direct-tcpip channel refused: %s\n", ssh_get_error(ss));
            result = 0;
        }
    } else if (ssh_channel_open_session(ch) != SSH_OK) {
        bytes_addf(&w, "request: session channel refused: %s\n", ssh_get_error(ss));
        result = 0;
    } else if (kind == ONESHOT_X11 || kind == ONESHOT_AGENT) {
        /* What `ssh -X` and `ssh -A` ask for on the session channel, before the shell. */
        const char *name = kind == ONESHOT_X11 ? "x11-req" : "auth-agent-req@openssh.com";
        int rc = kind == ONESHOT_X11 ? ssh_channel_request_x11(ch, 0, NULL, NULL, 0)
                                     : ssh_channel_request_auth_agent(ch);
        if (rc == SSH_OK)
            bytes_addf(&w, "request: %s accepted\n", name);
        else
            bytes_addf(&w, "request: %s denied: %s\n", name, ssh_get_error(ss));
        result = rc == SSH_OK;
        ssh_channel_close(ch);
    } else {
        int status = -1;
        struct ssh_channel_callbacks_struct callbacks = {
            .userdata = &status,
            .channel_exit_status_function = on_exit_status,
        };
        ssh_callbacks_init(&callbacks);
        ssh_set_channel_callbacks(ch, &callbacks);
        const char *name = kind == ONESHOT_EXEC ? "exec" : "subsystem";
        int rc = kind == ONESHOT_EXEC ? ssh_channel_request_exec(ch, arg)
                                      : ssh_channel_request_subsystem(ch, arg);
        if (rc == SSH_OK)
            bytes_addf(&w, "request: %s \"%s\" accepted\n", name, arg);
        else
            bytes_addf(&w, "request: %s \"%s\" denied: %s\n", name, arg, ssh_get_error(ss));
        bytes out = {0}, err = {0};
        /* A denied request may still come with an explanation on stderr; wait briefly. */
        int still_open = collect_channel(ss, ch, &out, &err, rc == SSH_OK ? 5000 : 1000);
        if (err.n)
            bytes_addf(&w, "stderr: %s%s", err.p, err.p[err.n - 1] == '\n' ? "" : "\n");
        if (out.n)
            bytes_addf(&w, "stdout: %s%s", out.p, out.p[out.n - 1] == '\n' ? "" : "\n");
        if (status != -1)
            bytes_addf(&w, "exit status: %d\n", status);
        if (still_open)
            bytes_addf(&w, "channel: still open after 5 s\n");
        else if (status == -1)
            bytes_addf(&w, "channel: closed without an exit status\n");
        bytes_free(&out);
        bytes_free(&err);
        /* Granted: it ran to a clean end, or something is still running there. */
        result = rc == SSH_OK && (status == 0 || (status == -1 && still_open)) ? 1 : 0;
        if (still_open)
            ssh_channel_close(ch);
        ssh_remove_channel_callbacks(ch, &callbacks);
    }
    char *banner = ssh_get_issue_banner(ss);
    if (banner) {
        bytes_addf(&w, "banner: %s\n", banner);
        ssh_string_free_char(banner);
    }
    ssh_channel_free(ch);
    ssh_disconnect(ss);
    ssh_free(ss);
done:
    if (what)
        *what = bytes_take(&w);
    else
        bytes_free(&w);
    return result;
}

int bmt_try_exec(bmt_server *s, const char *user, const char *pw, const char *command, char **what)
{
    return try_oneshot(s, user, pw, ONESHOT_EXEC, command, what);
}

int bmt_try_subsystem(bmt_server *s, const char *user, const char *pw, const char *subsystem,
                      char **what)
{
    return try_oneshot(s, user, pw, ONESHOT_SUBSYSTEM, subsystem, what);
}

int bmt_try_forward(bmt_server *s, const char *user, const char *pw, char **what)
{
    return try_oneshot(s, user, pw, ONESHOT_FORWARD, NULL, what);
}

int bmt_try_x11(bmt_server *s, const char *user, const char *pw, char **what)
{
    return try_oneshot(s, user, pw, ONESHOT_X11, NULL, what);
}

int bmt_try_agent(bmt_server *s, const char *user, const char *pw, char **what)
{
    return try_oneshot(s, user, pw, ONESHOT_AGENT, NULL, what);
}

/* ---- Keys for public-key logins -------------------------------------------------------------- */

int bmt_make_keypair(const char *dir, char **private_path, char **public_line)
{
    static int serial;
    harness_init();
    *private_path = NULL;
    *public_line = NULL;
    ssh_key key = NULL;
    if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) != SSH_OK) {
        note("bmt_make_keypair: ssh_pki_generate failed");
        return -1;
    }
    char *path = xasprintf("%s/bmt_ed25519_%d_%d", dir, (int)getpid(), ++serial);
    char *b64 = NULL;
    int rc = -1;
    if (ssh_pki_export_privkey_file(key, NULL, NULL, NULL, path) != SSH_OK)
        note("bmt_make_keypair: cannot write %s", path);
    else if (chmod(path, 0600) == -1)
        note("bmt_make_keypair: chmod %s: %s", path, strerror(errno));
    else if (ssh_pki_export_pubkey_base64(key, &b64) != SSH_OK)
        note("bmt_make_keypair: cannot export the public key");
    else
        rc = 0;
    if (rc == 0) {
        *private_path = path;
        *public_line = xasprintf("%s %s bmt-test", ssh_key_type_to_char(ssh_key_type(key)), b64);
    } else {
        free(path);
    }
    ssh_string_free_char(b64);
    ssh_key_free(key);
    return rc;
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
