/* End-to-end test harness (see harness.h): the server under test. Each server gets a throwaway
 * data directory with the demo database, a free loopback port and a log file; a failed wait
 * keeps the directory for the post-mortem. */
#include "tests/e2e/harness_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>

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

void print_log_tail(const bmt_server *s, int lines)
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
    if (s->db_url) {
        argv[argc++] = "--db";
        argv[argc++] = s->db_url;
    }
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

/* With BIANMIN_TEST_PG (a PostgreSQL server's maintenance database, as tests/pg/cluster
 * prints it), the URL of a database of this server's own on that server: the same URL with
 * the database name replaced by one made of this process's id and a count. NULL without. */
static char *pg_db_url(void)
{
    static int count;
    const char *base = getenv("BIANMIN_TEST_PG");
    if (!base || !*base)
        return NULL;
    char name[48];
    snprintf(name, sizeof name, "e2e_%d_%d", (int)getpid(), ++count);
    return pg_url_with_db(base, name);
}

/* A server not started yet: its throwaway data directory and log path. NULL when the
 * directory cannot be made. */
static bmt_server *new_server(void)
{
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
    return s;
}

/* Starts serve on a free port (another one when it was taken meanwhile) and lists the
 * server; 0, or -1. */
static int serve_on_free_port(bmt_server *s, const char *const *extra_args)
{
    for (int attempt = 0;; attempt++) {
        int port_taken = 0;
        s->port = pick_free_port();
        if (s->port <= 0)
            return -1;
        int r = start_serve(s, extra_args, &port_taken);
        if (r == 1)
            break;
        if (r == -1 || attempt == 2)
            return -1;
        note("bmt_server_start: port %d was taken meanwhile; trying another", s->port);
    }
    s->next = g.servers;
    g.servers = s;
    return 0;
}

/* A server that did not start: its log's tail is shown and its directory kept. */
static void give_up(bmt_server *s)
{
    print_log_tail(s, LOG_TAIL_LINES);
    note("bmt_server_start: data dir kept: %s", s->dir);
    free(s->dir);
    free(s->log_path);
    free(s->db_url);
    free(s);
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
    bmt_server *s = new_server();
    if (!s)
        return NULL;
    s->db_url = pg_db_url();

    /* On PostgreSQL the demo county is made there by init (or copied from one it made: see
     * harness_pg.c), or with BIANMIN_TEST_PG_MIGRATE made on SQLite and moved there by
     * `bianmin migrate`, as a county would move. */
    int migrate = s->db_url && env_flag("BIANMIN_TEST_PG_MIGRATE");
    char *sqlite_url = xasprintf("sqlite:%s/bianmin.db", s->dir);
    char *init_argv[] = {(char *)bin, "init", "--demo", "--data", s->dir,
                         s->db_url && !migrate ? "--db" : NULL, s->db_url, NULL};
    char *migrate_argv[] = {(char *)bin, "migrate", sqlite_url, s->db_url, "--data", s->dir,
                            NULL};
    char *out = NULL;
    int copied = s->db_url && !migrate ? pg_demo_copy(s->db_url, s->dir) : 1;
    int status = copied == 1 ? run_capture(init_argv, &out, RUN_TIMEOUT_MS) : copied;
    if (status == 0 && migrate) {
        free(out);
        out = NULL;
        status = run_capture(migrate_argv, &out, RUN_TIMEOUT_MS);
    }
    free(sqlite_url);
    if (status != 0) {
        note("bmt_server_start: `%s init --demo --data %s`%s failed with status %d:\n%s", bin,
             s->dir, migrate ? " or migrate" : "", status, out ? out : "");
        free(out);
        goto fail;
    }
    free(out);

    if (serve_on_free_port(s, extra_args) == 0)
        return s;
fail:
    give_up(s);
    return NULL;
}

bmt_server *bmt_server_start_beside(bmt_server *first, const char *const *extra_args)
{
    if (!first)
        return NULL;
    bmt_server *s = new_server();
    if (!s)
        return NULL;
    s->db_url = first->db_url ? xstrdup(first->db_url)
                              : xasprintf("sqlite:%s/bianmin.db", first->dir);
    /* What a second host is given: the audit key, the chain's head and the host key. */
    char *copy = xasprintf("cp -p '%s'/audit.key '%s'/*.audit-head '%s'/host_ed25519 '%s'/",
                           first->dir, first->dir, first->dir, s->dir);
    char *cp_argv[] = {"sh", "-c", copy, NULL};
    char *out = NULL;
    int status = run_capture(cp_argv, &out, RUN_TIMEOUT_MS);
    free(copy);
    if (status != 0)
        note("bmt_server_start_beside: copying the keys failed: %s", out ? out : "");
    free(out);
    if (status == 0 && serve_on_free_port(s, extra_args) == 0)
        return s;
    give_up(s);
    return NULL;
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
    free(s->db_url);
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

const char *bmt_server_db(const bmt_server *s)
{
    static char path[600];
    if (!s)
        return NULL;
    if (s->db_url)
        return s->db_url;
    snprintf(path, sizeof path, "%s/bianmin.db", s->dir);
    return path;
}

int bmt_on_postgresql(void)
{
    const char *base = getenv("BIANMIN_TEST_PG");
    return base && *base;
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
    char *argv[132];
    int argc = 0;
    argv[argc++] = (char *)bianmin_bin();
    for (int i = 0; args && args[i] && argc < 127; i++)
        argv[argc++] = (char *)args[i];
    argv[argc++] = "--data";
    argv[argc++] = s->dir;
    if (s->db_url) {
        argv[argc++] = "--db";
        argv[argc++] = s->db_url;
    }
    argv[argc] = NULL;
    return run_capture(argv, output, RUN_TIMEOUT_MS);
}
