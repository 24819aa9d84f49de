/* End-to-end test harness (see harness.h): SSH client sessions. Connecting and logging in
 * without blocking the other terminals, the one-shot requests (exec, subsystem, forwarding,
 * X11, agent) the server must refuse, and key pairs for public-key logins. */
#include "tests/e2e/harness_internal.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libssh/callbacks.h>

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
int step_wait(ssh_session ss, long long deadline)
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
ssh_session open_session(const bmt_server *s, const char *user, const char *password,
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
