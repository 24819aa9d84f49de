/* The timers of a connection (login grace, idle warning and logout, giving the screen back,
 * SSH keepalive, the key decoder's Esc timeout, delayed login replies): what is due now, and
 * when the connection next needs a look, which the event loop keeps in its heap (dueheap.c)
 * so that a wakeup looks only at the connections that are due. */
#include "tui/transport/conn.h"
#include "tui/session/i18n.h"

#include <stdint.h>
#include <stdio.h>

/* How long a session keeps its screen without a keystroke: --screen-idle, and only a moment
 * while many screens are in use at once (a crowd logging in), since the pool cannot shrink
 * while any of its screens is in use (see display.c) and each keeps its memory until then. */
#define SCREENS_IN_USE_SOFT_CAP 256
#define SCREEN_IDLE_CROWDED_MS 2000

static int64_t screen_idle_ms(const server *s)
{
    int64_t ms = s->o.screen_idle_s * 1000LL;
    if (display_pool_in_use() >= SCREENS_IN_USE_SOFT_CAP && ms > SCREEN_IDLE_CROWDED_MS)
        ms = SCREEN_IDLE_CROWDED_MS;
    return ms;
}

/* How long a connection may take to log in; one being turned away holds a place (perhaps
 * the spare descriptor) that the next client may need, so it has only a moment. */
#define TURN_AWAY_GRACE_MS 10000

static int64_t grace_ms(const server *s, const conn *c)
{
    int64_t ms = s->o.grace_s * 1000LL;
    return c->turn_away && ms > TURN_AWAY_GRACE_MS ? TURN_AWAY_GRACE_MS : ms;
}

/* The silence after which a session is sent an SSH keepalive: --keepalive, stretched in a
 * crowd so that at most KEEPALIVES_PER_S go out a second (at 10,000 sessions every 100 s,
 * not 30): with thousands connected, answering keepalives would otherwise be most of the
 * server's work, and the cost of every key would grow with the sessions that sit idle. A
 * vanished host is still found by TCP keepalive (set_socket_options) within about 90 s. */
#define KEEPALIVES_PER_S 100

static int64_t keepalive_ms(const server *s)
{
    int64_t ms = s->o.keepalive_s * 1000LL;
    int64_t spread = (int64_t)s->nconns * 1000 / KEEPALIVES_PER_S;
    return spread > ms ? spread : ms;
}

void conn_run_timers(server *s, conn *c, int64_t now)
{
    if (c->state == C_DEAD)
        return;
    auth_timer(s, c, now);
    if (c->state < C_SHELL && now - c->accepted_ms > grace_ms(s, c)) {
        c->end_reason = "login grace time over";
        if (c->chan)
            conn_end(s, c, NULL, 1, c->end_reason);
        else
            c->state = C_DEAD;
        return;
    }
    if (c->state == C_SHELL) {
        int64_t idle = now - c->last_key_ms;
        int64_t warn_at = s->o.idle_s > 120 ? (s->o.idle_s - 60) * 1000LL : s->o.idle_s * 500LL;
        if (idle >= s->o.idle_s * 1000LL) {
            char text[200];
            i18n_use(c->ui.app->lang);
            snprintf(text, sizeof text, _("Logged out after %d minutes without a keystroke."),
                     s->o.idle_s / 60 > 0 ? s->o.idle_s / 60 : 1);
            conn_end(s, c, text, 0, "idle");
        } else if (idle >= warn_at && !c->idle_warned) {
            c->idle_warned = 1;
            i18n_use(c->ui.app->lang);
            char text[200];
            snprintf(text, sizeof text,
                     _("No keystroke for a while: you will be logged out in %d seconds. "
                       "Press any key to stay."), (int)((s->o.idle_s * 1000LL - idle) / 1000));
            host_notice(&c->ui, _("Still there?"), text);
            conn_flush(c);
        } else {
            int was_settled = c->ui.state == HOST_RUNNING;
            host_tick(&c->ui, now);
            if (!was_settled && c->ui.state == HOST_RUNNING)
                conn_log_charset(c);
            if (c->ui.app->resume_answer)
                kept_answer_resume(s, c);
            if (c->ui.app->quit)
                conn_end(s, c, _("Logged out. Goodbye."), 0, "logout");
            else
                conn_flush(c);
        }
    }
    /* Without a keystroke for a while the screen goes back to the pool (the client keeps
     * what it shows); the next key takes one and repaints. */
    if (c->state == C_SHELL && now - c->last_key_ms >= screen_idle_ms(s))
        host_release_screen(&c->ui);
    /* An SSH keepalive after silence: a vanished client (its host gone, no FIN) answers
     * nothing and is let go; TCP keepalive backs this up for the kernel's view. */
    if (c->state <= C_SHELL && s->o.keepalive_s > 0 &&
        now - c->last_rx_ms >= keepalive_ms(s) && now - c->keepalive_ms >= keepalive_ms(s)) {
        if (c->keepalives_unanswered >= s->o.keepalive_max) {
            c->end_reason = "no answer to keepalive";
            c->state = C_DEAD;
            return;
        }
        c->keepalive_ms = now;
        c->keepalives_unanswered++;
        ssh_send_keepalive(c->ssh);
    }
    if (c->state == C_DRAINING) {
        conn_flush(c);
        if (outq_pending(&c->ui.disp.out) == 0 || now >= c->close_by_ms) {
            if (c->chan && ssh_channel_is_open(c->chan)) {
                ssh_channel_request_send_exit_status(c->chan, c->exit_status);
                ssh_channel_send_eof(c->chan);
                ssh_channel_close(c->chan);
            }
            c->state = C_CLOSING;
        }
    }
    /* The client hangs up itself once it has shown the last bytes: a disconnect sent first
     * can make it quit with the farewell still unwritten. So wait for its close (or the
     * deadline). */
    if (c->state == C_CLOSING &&
        ((c->remote_closed && !(ssh_get_poll_flags(c->ssh) & SSH_WRITE_PENDING)) ||
         now >= c->close_by_ms))
        c->state = C_DEAD;
}

static int64_t later_of(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

/* Timers of seconds (login grace, idle logout, giving the screen back, keepalive) are
 * rounded up to a whole tick of this length, so that with thousands of sessions one wakeup
 * serves all those due in the same tick instead of one wakeup each. */
#define COARSE_TICK_MS 1000

static int64_t coarse(int64_t t)
{
    return (t + COARSE_TICK_MS - 1) / COARSE_TICK_MS * COARSE_TICK_MS;
}

/* When the connection's timers next need a look (run_timers is the other half). */
int64_t conn_due(server *s, conn *c, int64_t now)
{
    int64_t due = INT64_MAX;
#define EARLIER(t) do { if ((t) < due) due = (t); } while (0)
    if (auth_deadline(c) >= 0)
        EARLIER(auth_deadline(c));
    if (c->state < C_SHELL)
        EARLIER(coarse(c->accepted_ms + grace_ms(s, c) + 1));
    if (c->state == C_SHELL) {
        int64_t warn_at = s->o.idle_s > 120 ? (s->o.idle_s - 60) * 1000LL : s->o.idle_s * 500LL;
        EARLIER(coarse(c->last_key_ms + (c->idle_warned ? s->o.idle_s * 1000LL : warn_at)));
        int64_t d = host_deadline(&c->ui);
        if (d >= 0)
            EARLIER(d);
        if (c->ui.disp.stalled)
            EARLIER(now + 50);
        if (c->ui.disp.ps && c->ui.state == HOST_RUNNING && !c->ui.disp.stalled)
            EARLIER(coarse(c->last_key_ms + screen_idle_ms(s)));
    }
    if (c->state <= C_SHELL && s->o.keepalive_s > 0)
        EARLIER(coarse(later_of(c->last_rx_ms, c->keepalive_ms) + keepalive_ms(s)));
    if (c->state == C_DRAINING || c->state == C_CLOSING)
        EARLIER(now + 20);
#undef EARLIER
    return due;
}
