/* The server's side of the live-session registry (see registry.h). The entries of this
 * process are kept beside the connections, each connection knowing its own; a refresh looks
 * only at the sessions that had work since the last one (the loop marks them), so ten
 * thousand idle sessions cost it nothing, and one transaction carries those that changed. */
#include "tui/transport/registry.h"
#include "tui/transport/conn.h"
#include "core/date.h"
#include "core/live_session.h"
#include "tui/session/i18n.h"
#include "tui/session/log.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct entry {
    conn *c;
    int64_t row;              /* the registry's number for the session; 0 when not entered */
    int64_t key_ms;           /* the last key seen, on the loop's clock */
    bm_live_touch written;    /* what the store holds */
} entry;

struct live_registry {
    char host[64];
    int pid;
    int64_t next_ms;
    int failing;              /* the last write failed: logged once until one succeeds */
    entry *e;
    size_t n, cap;
    conn *marked;             /* sessions with work since the last refresh (registry_mark) */
};

static int process_alive(int pid)
{
    return kill(pid, 0) == 0 || errno == EPERM;
}

static void note_failure(struct live_registry *r, const char *what, const bm_err *err)
{
    if (!r->failing)
        log_event("error", "live-session registry: %s failed: %s %s", what, err->reason,
                  err->detail);
    r->failing = 1;
}

void registry_open(server *s)
{
    struct live_registry *r = calloc(1, sizeof *r);
    if (!r) {
        log_event("error", "live-session registry: out of memory");
        return;
    }
    if (gethostname(r->host, sizeof r->host) != 0 || !r->host[0])
        snprintf(r->host, sizeof r->host, "localhost");
    r->host[sizeof r->host - 1] = 0;
    r->pid = (int)getpid();
    s->registry = r;
    int swept = 0;
    bm_err err;
    if (bm_live_sweep(s->db, r->host, r->pid, process_alive, &swept, &err) != BM_OK)
        note_failure(r, "sweep", &err);
    else if (swept)
        log_event("sessions-swept", "host=%s count=%d (of processes no longer running)",
                  r->host, swept);
}

void registry_close(server *s)
{
    if (!s->registry)
        return;
    free(s->registry->e);
    free(s->registry);
    s->registry = NULL;
}

/* What the session shows now, as the store keeps it. */
static void current(const conn *c, bm_live_touch *t)
{
    const app *a = c->ui.app;
    snprintf(t->screen, sizeof t->screen, "%s", a->depth ? a->stack[a->depth - 1].def->id : "");
    snprintf(t->charset, sizeof t->charset, "%s", a->charset_name ? a->charset_name : "");
    snprintf(t->lang, sizeof t->lang, "%s", a->lang);
    t->cols = c->cols;
    t->rows = c->rows;
}

void registry_join(server *s, conn *c)
{
    struct live_registry *r = s->registry;
    if (!r || !c->ui.app || c->registry_slot)
        return;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        entry *e = realloc(r->e, cap * sizeof *e);
        if (!e)
            return;
        r->e = e;
        r->cap = cap;
    }
    entry *e = &r->e[r->n];
    memset(e, 0, sizeof *e);
    e->c = c;
    e->key_ms = c->last_key_ms;
    current(c, &e->written);
    e->written.last_key_at = bm_now();
    bm_live_session l;
    memset(&l, 0, sizeof l);
    snprintf(l.host, sizeof l.host, "%s", r->host);
    l.pid = r->pid;
    snprintf(l.session, sizeof l.session, "%s", c->sid);
    l.user_id = c->user.id;
    snprintf(l.login, sizeof l.login, "%s", c->user.login);
    l.role = c->user.role;
    l.org_id = c->user.org_id;
    snprintf(l.addr, sizeof l.addr, "%s", c->addr);
    snprintf(l.term, sizeof l.term, "%s", c->term);
    l.cols = c->cols;
    l.rows = c->rows;
    snprintf(l.charset, sizeof l.charset, "%s", e->written.charset);
    snprintf(l.lang, sizeof l.lang, "%s", e->written.lang);
    snprintf(l.screen, sizeof l.screen, "%s", e->written.screen);
    l.started_at = l.last_key_at = e->written.last_key_at;
    bm_err err;
    if (bm_live_register(s->db, &l, &e->row, &err) != BM_OK) {
        note_failure(r, "register", &err);
        return;
    }
    e->written.id = e->row;
    c->registry_slot = ++r->n;
}

void registry_mark(server *s, conn *c)
{
    if (!s->registry || !c->registry_slot || c->registry_marked)
        return;
    c->registry_marked = 1;
    c->next_registry_marked = s->registry->marked;
    s->registry->marked = c;
}

void registry_leave(server *s, conn *c)
{
    struct live_registry *r = s->registry;
    if (!r || !c->registry_slot)
        return;
    if (c->registry_marked) {
        conn **p = &r->marked;
        while (*p != c)
            p = &(*p)->next_registry_marked;
        *p = c->next_registry_marked;
        c->registry_marked = 0;
    }
    size_t i = c->registry_slot - 1;
    c->registry_slot = 0;
    bm_err err;
    if (bm_live_unregister(s->db, r->e[i].row, &err) != BM_OK)
        note_failure(r, "unregister", &err);
    r->e[i] = r->e[--r->n];
    if (i < r->n)
        r->e[i].c->registry_slot = i + 1;
}

/* Writes the marked sessions whose screen, terminal or last key moved since the last write. */
static void write_changes(server *s, struct live_registry *r, int64_t now)
{
    size_t marked = 0;
    for (conn *c = r->marked; c; c = c->next_registry_marked)
        marked++;
    bm_live_touch *changed = marked ? malloc(marked * sizeof *changed) : NULL;
    if (marked && !changed)
        return;   /* kept marked: tried again at the next refresh */
    size_t n = 0;
    while (r->marked) {
        conn *c = r->marked;
        r->marked = c->next_registry_marked;
        c->registry_marked = 0;
        entry *e = &r->e[c->registry_slot - 1];
        if (e->c->state != C_SHELL || !e->c->ui.app)
            continue;
        bm_live_touch t = e->written;
        current(e->c, &t);
        if (e->c->last_key_ms != e->key_ms)
            t.last_key_at = bm_now() - (time_t)((now - e->c->last_key_ms) / 1000);
        if (memcmp(&t, &e->written, sizeof t) == 0)
            continue;
        e->key_ms = e->c->last_key_ms;
        e->written = t;
        changed[n++] = t;
    }
    bm_err err;
    if (n && bm_live_touch_all(s->db, changed, n, &err) != BM_OK)
        note_failure(r, "refresh", &err);
    else if (n)
        r->failing = 0;
    free(changed);
}

static void carry_out(const bm_live_request *q, void *ctx)
{
    server *s = ctx;
    struct live_registry *r = s->registry;
    conn *c = NULL;
    for (size_t i = 0; i < r->n && !c; i++)   /* only when an administrator asked */
        if (r->e[i].row == q->session_id)
            c = r->e[i].c;
    if (!c || c->state != C_SHELL || !c->ui.app)
        return;   /* ended meanwhile */
    char u[40], by[40];
    log_clean(c->user.login, u, sizeof u);
    log_clean(q->from_login, by, sizeof by);
    i18n_use(c->ui.app->lang);
    if (q->kind == BM_LIVE_MESSAGE) {
        if (q->from_login[0])
            app_message(c->ui.app, 0, _("Message from the administrator %s: %s"),
                        q->from_login, q->text);
        else   /* left from the server's shell */
            app_message(c->ui.app, 0, _("Message from the administrator: %s"), q->text);
        host_render(&c->ui);
        log_event("session-message", "user=%s session=%s from=%s", u, c->sid, by);
    } else if (q->kind == BM_LIVE_END) {
        log_event("session-ended", "user=%s session=%s by=%s", u, c->sid, by);
        conn_end(s, c, _("An administrator ended this session. What you typed and did not "
                         "save is kept as a draft: it is offered at your next login."),
                 1, "ended by an administrator");
    }
    conn_touch(s, c);
}

void registry_tick(server *s, int64_t now)
{
    struct live_registry *r = s->registry;
    if (!r || now < r->next_ms)
        return;
    r->next_ms = now + REGISTRY_POLL_MS;
    write_changes(s, r, now);
    bm_err err;
    if (bm_live_take_requests(s->db, r->host, r->pid, carry_out, s, &err) != BM_OK)
        note_failure(r, "poll", &err);
    if (s->kept)
        kept_release_elsewhere(s, r->host, r->pid);
}
