/* The SSH server's kept sessions: a session whose link dropped is kept for a while, offered
 * back at its user's next login, and saved as drafts when it expires or is declined. */
#include "tui/transport/conn.h"
#include "tui/session/i18n.h"
#include "tui/session/log.h"
#include "core/date.h"
#include "core/live_session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

kept_session *kept_find(server *s, int64_t user_id)
{
    for (kept_session *k = s->kept; k; k = k->next)
        if (k->user_id == user_id)
            return k;
    return NULL;
}

static void drop_kept(server *s, kept_session *gone)
{
    for (kept_session **p = &s->kept; *p; p = &(*p)->next)
        if (*p == gone) {
            *p = gone->next;
            free(gone);
            return;
        }
}

/* Ends a kept session for good: what its screens held unsaved becomes drafts. */
static void expire_kept(server *s, kept_session *k, const char *why)
{
    int drafts = app_save_drafts(k->app);
    log_event("session-dropped", "user=%s drafts=%d reason=\"%s\"", k->login, drafts, why);
    app_free(k->app);
    free(k->app);
    drop_kept(s, k);
}

/* The user answered the offer of a kept session: take it over, or let it go as drafts. */
void kept_answer_resume(server *s, conn *c)
{
    int answer = c->ui.app->resume_answer;
    c->ui.app->resume_answer = 0;
    kept_session *k = kept_find(s, c->user.id);
    if (!k)
        return;
    char u[40];
    if (answer > 0) {
        app *a = k->app;
        drop_kept(s, k);
        app_rebind(a, c->sid, c->addr);
        host_swap_app(&c->ui, a);
        log_event("resume", "user=%s addr=%s session=%s", log_clean(c->user.login, u, sizeof u),
                  c->addr, c->sid);
        conn_audit(s, c, "login", "resumed a session kept after a dropped link");
    } else {
        expire_kept(s, k, "declined at login");
        app_offer_drafts(c->ui.app);
        host_render(&c->ui);
    }
}

/* The link of a running session dropped (no logout): its app is kept for the grace period,
 * to be taken back at the user's next login. */
void kept_keep(server *s, conn *c)
{
    kept_session *k = calloc(1, sizeof *k);
    if (!k)
        return;
    k->app = host_detach(&c->ui);
    k->user_id = c->user.id;
    snprintf(k->login, sizeof k->login, "%s", c->user.login);
    k->until_ms = now_ms() + s->o.keep_s * 1000LL;
    int minute = bm_minute_of(bm_now());
    snprintf(k->since, sizeof k->since, "%02d:%02d", minute / 60, minute % 60);
    const app *a = k->app;
    i18n_use(a->lang);
    snprintf(k->what, sizeof k->what, "%s",
             a->depth ? _(a->stack[a->depth - 1].def->title) : "");
    k->next = s->kept;
    s->kept = k;
    if (!c->end_reason || !strcmp(c->end_reason, "closed"))
        c->end_reason = "connection lost";
    char u[40];
    log_event("session-kept", "user=%s session=%s for=%ds", log_clean(k->login, u, sizeof u),
              c->sid, s->o.keep_s);
}

/* Several server processes share the port: a user whose link dropped may come back through
 * another one, which cannot offer this process's kept session. Once the user is seen logged
 * in elsewhere, what the kept session held becomes drafts at once, offered at the user's next
 * login, instead of after the whole keeping time. */
void kept_release_elsewhere(server *s, const char *host, int pid)
{
    kept_session *k = s->kept;
    while (k) {
        kept_session *next = k->next;
        int n = 0;
        bm_err err;
        if (bm_live_elsewhere(s->db, k->user_id, host, pid, &n, &err) != BM_OK)
            log_event("error", "user=%s kept session: %s %s", k->login, err.reason, err.detail);
        else if (n > 0)
            expire_kept(s, k, "logged in through another server process");
        k = next;
    }
}

void kept_expire(server *s, int64_t now, int all)
{
    kept_session *k = s->kept;
    while (k) {
        kept_session *next = k->next;
        if (all || now >= k->until_ms)
            expire_kept(s, k, all ? "server shutdown" : "kept too long");
        k = next;
    }
}

