/* The SSH server's authentication: password and public-key attempts, the lockout after
 * failed passwords, and the growing delay for an address that keeps failing. */
#include "tui/transport/conn.h"
#include "tui/transport/authwork.h"
#include "tui/session/i18n.h"
#include "tui/session/log.h"
#include "tui/transport/sshkeys.h"
#include "core/throttle.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define MAX_FAILURES 5                 /* failed passwords per account ... */
#define FAILURE_WINDOW_S (15 * 60)     /* ... within this window, then a lockout */
_Static_assert(FAILURE_WINDOW_S * 1000LL == BM_THROTTLE_WINDOW_MS, "one window for both");
#define MAX_AUTH_TRIES 6               /* attempts on one connection before it is dropped */

/* ---- failures per address and per account ---- */

/* The record for key in table (an address's or an account's); with create, a new one takes
 * the place of the one that failed longest ago. */
static failure_record *failure_slot(failure_record *table, int n, const char *key, int create)
{
    failure_record *oldest = &table[0];
    for (int i = 0; i < n; i++) {
        failure_record *f = &table[i];
        if (f->key[0] && strcmp(f->key, key) == 0)
            return f;
        if (f->last_ms < oldest->last_ms)
            oldest = f;
    }
    if (!create)
        return NULL;
    memset(oldest, 0, sizeof *oldest);
    snprintf(oldest->key, sizeof oldest->key, "%s", key);
    return oldest;
}

/* The wall clock in milliseconds: the address's delay is shared with processes whose loop
 * clocks (now_ms) started elsewhere. */
static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The address's failures as this process saw them: used when the store refuses. */
static int64_t remembered_delay_ms(server *s, const char *addr, int64_t now)
{
    failure_record *f = failure_slot(s->by_addr, ADDR_SLOTS, addr, 1);
    if (f->count && now - f->last_ms > BM_THROTTLE_WINDOW_MS)
        f->count = 0;
    f->count++;
    f->last_ms = now;
    int64_t d = bm_throttle_delay_ms(f->count);
    f->next_ms = now + d;
    return d;
}

/* Records a failure and returns how long the address now waits: its failure reply, and its
 * next attempt on any connection to any server process sharing the database (a client that
 * hangs up and reconnects waits as long); nobody else waits. */
static int64_t failure_delay_ms(server *s, const char *addr, int64_t now)
{
    int64_t remembered = remembered_delay_ms(s, addr, now);
    int64_t shared;
    bm_err err;
    if (bm_throttle_fail(s->db, addr, wall_ms(), &shared, NULL, &err) != BM_OK) {
        log_event("error", "addr=%s recording the address's failed login: %s %s", addr,
                  err.reason, err.detail);
        return remembered;
    }
    return shared > remembered ? shared : remembered;
}

/* When the address may next have a password checked, on the loop's clock; 0 when it need
 * not wait. */
static int64_t addr_wait_until(server *s, const char *addr, int64_t now)
{
    failure_record *f = failure_slot(s->by_addr, ADDR_SLOTS, addr, 0);
    int64_t until = f && f->next_ms > now ? f->next_ms : 0;
    int64_t wall = wall_ms(), shared;
    bm_err err;
    if (bm_throttle_until(s->db, addr, wall, &shared, &err) != BM_OK)
        log_event("error", "addr=%s reading the address's failed logins: %s %s", addr,
                  err.reason, err.detail);
    else if (shared && shared - wall + now > until)
        until = shared - wall + now;
    return until;
}

/* The database may refuse to record an account's failure (disk full, read-only); the lockout
 * must hold all the same, so the count kept here is used when it is higher. */
static void remember_failure(server *s, const char *login, time_t when)
{
    failure_record *f = failure_slot(s->by_login, LOGIN_SLOTS, login, 1);
    f->at[f->next] = when;
    f->next = (f->next + 1) % FAILURES_KEPT;
    f->last_ms = now_ms();
}

static int remembered_failures(server *s, const char *login, time_t since)
{
    failure_record *f = failure_slot(s->by_login, LOGIN_SLOTS, login, 0);
    int n = 0;
    for (int i = 0; f && i < FAILURES_KEPT; i++)
        n += f->at[i] && f->at[i] >= since;
    return n;
}

/* ---- authentication ---- */

void auth_banner(conn *c, const char *text)
{
    ssh_string s = ssh_string_from_char(text);
    if (s) {
        ssh_send_issue_banner(c->ssh, s);
        ssh_string_free(s);
    }
}

void auth_fail_now(ssh_message msg)
{
    ssh_message_auth_set_methods(msg, SSH_AUTH_METHOD_PASSWORD | SSH_AUTH_METHOD_PUBLICKEY);
    ssh_message_reply_default(msg);
}

/* A login is let in only once its audit entry is written: a login nobody can trace later
 * is refused (fail closed), with a reason the user can pass on. */
static void auth_succeed(server *s, conn *c, const bm_user *u, ssh_message msg,
                         const char *method)
{
    char l[40];
    c->user = *u;
    if (conn_audit(s, c, "login", method) != 0) {
        memset(&c->user, 0, sizeof c->user);
        i18n_use(u->lang);
        auth_banner(c, _("The server cannot record this login: its database cannot be "
                         "written. Please tell your administrator.\n"));
        log_event("refused", "user=%s addr=%s session=%s reason=\"login cannot be audited\"",
                  log_clean(u->login, l, sizeof l), c->addr, c->sid);
        auth_fail_now(msg);
        return;
    }
    ssh_message_auth_reply_success(msg, 0);
    c->state = C_READY;
    c->method = method;
    log_event("login", "user=%s addr=%s session=%s method=%s",
              log_clean(c->user.login, l, sizeof l), c->addr, c->sid, method);
}

/* Checks that stop a login whatever the password: too many failures and, once the password
 * or key is right, an admin's lock. Before that, a locked account answers exactly as an
 * unknown name does, so the answer never tells that an account exists. The banner tells the
 * client why; returns 1 when refused. */
static int refuse_locked(server *s, conn *c, const bm_user *u, const char *login,
                         int credentials_right)
{
    char l[40];
    i18n_use(u ? u->lang : NULL);
    if (u && u->locked && credentials_right) {
        auth_banner(c, _("This account is locked. Ask your administrator to unlock it.\n"));
        log_event("refused", "user=%s addr=%s session=%s reason=\"account locked\"",
                  log_clean(login, l, sizeof l), c->addr, c->sid);
        conn_audit(s, c, "refused", "account locked");
        return 1;
    }
    int n = 0;
    bm_err err;
    time_t since = time(NULL) - FAILURE_WINDOW_S;
    if (bm_login_failures(s->db, login, since, &n, &err) != BM_OK)
        log_event("error", "session=%s failure count: %s %s", c->sid, err.reason, err.detail);
    int remembered = remembered_failures(s, login, since);
    if (remembered > n)
        n = remembered;
    if (n >= MAX_FAILURES) {
        char text[256];
        snprintf(text, sizeof text,
                 _("Too many wrong passwords: this account is locked out for %d minutes.\n"),
                 FAILURE_WINDOW_S / 60);
        auth_banner(c, text);
        log_event("lockout", "user=%s addr=%s session=%s failures=%d",
                  log_clean(login, l, sizeof l), c->addr, c->sid, n);
        conn_audit(s, c, "refused", "locked out after failed passwords");
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
    int64_t now = now_ms();
    int64_t wait_until = addr_wait_until(s, c->addr, now);
    if (wait_until) {
        /* This address failed lately: the attempt waits before it is even checked. */
        char l[40];
        log_event("login-held", "user=%s addr=%s session=%s wait_ms=%lld",
                  log_clean(login, l, sizeof l), c->addr, c->sid,
                  (long long)(wait_until - now));
        c->pending_auth = msg;
        c->pending = PENDING_HELD;
        c->reply_at_ms = wait_until;
        return;
    }
    bm_user u;
    bm_err err;
    char hash[256];
    int known = bm_user_get(s->db, login, &u, &err) == BM_OK &&
                bm_user_password_hash(s->db, login, hash, sizeof hash, &err) == BM_OK;
    if (refuse_locked(s, c, known ? &u : NULL, login, 0)) {
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
    c->pending = PENDING_CHECK;
    c->pending_user_known = known;
}

void auth_password_checked(server *s, conn *c, int matches)
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
                refuse_locked(s, c, &u, c->pending_login, 1);
            auth_fail_now(msg);
            ssh_message_free(msg);
            return;
        }
        auth_succeed(s, c, &u, msg, "password");
        ssh_message_free(msg);
        return;
    }
    bm_err err;
    remember_failure(s, c->pending_login, time(NULL));
    if (bm_login_failure_add(s->db, c->pending_login, c->addr, time(NULL), &err) != BM_OK)
        log_event("error", "session=%s recording a failed login: %s %s", c->sid, err.reason,
                  err.detail);
    log_event("login-failed", "user=%s addr=%s session=%s method=password reason=\"%s\"",
              log_clean(c->pending_login, l, sizeof l), c->addr, c->sid,
              c->pending_user_known ? "wrong password" : "no such user");
    conn_audit(s, c, "login-failed", c->pending_user_known ? "wrong password" : "no such user");
    int64_t delay = failure_delay_ms(s, c->addr, now_ms());
    if (delay == 0) {
        auth_fail_now(msg);
        ssh_message_free(msg);
        return;
    }
    c->pending_auth = msg;       /* answered when the delay is over */
    c->pending = PENDING_FAIL_REPLY;
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
                  "reason=\"bad signature\"", log_clean(login, l, sizeof l), c->addr, c->sid);
        auth_fail_now(msg);
        return;
    }
    snprintf(c->pending_login, sizeof c->pending_login, "%s", login);
    if (refuse_locked(s, c, &u, login, 1)) {
        auth_fail_now(msg);
        return;
    }
    auth_succeed(s, c, &u, msg, "publickey");
}

void auth_handle(server *s, conn *c, ssh_message msg)
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


/* A delayed failure reply is due, or a held attempt's wait is over. */
void auth_timer(server *s, conn *c, int64_t now)
{
    if (!c->pending_auth || c->pending == PENDING_CHECK || now < c->reply_at_ms)
        return;
    ssh_message msg = c->pending_auth;
    c->pending_auth = NULL;
    if (c->pending == PENDING_HELD) {
        password_attempt(s, c, msg);
        if (c->pending_auth == msg)
            return;
    } else {
        auth_fail_now(msg);
    }
    ssh_message_free(msg);
}

int64_t auth_deadline(const conn *c)
{
    return c->pending_auth && c->pending != PENDING_CHECK ? c->reply_at_ms : -1;
}
