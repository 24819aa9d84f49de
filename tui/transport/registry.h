/* The server's side of the live-session registry (core/live_session.h): each session is
 * entered when its screens start and taken out when it ends; every few seconds the sessions
 * whose screen or last key changed are written in one batch, and what administrators left for
 * this process's sessions (a message, an end) is picked up and carried out. Stale entries of
 * processes that died are swept when the server starts. A registry that cannot be written is
 * logged and never stops a session. Private to tui/transport. */
#ifndef TUI_TRANSPORT_REGISTRY_H
#define TUI_TRANSPORT_REGISTRY_H

#include <stdint.h>

struct server;
struct conn;

#define REGISTRY_POLL_MS 2000

/* At start, with the database open: sweeps the entries of dead processes on this host. */
void registry_open(struct server *s);
void registry_close(struct server *s);
/* A session's screens have started / it is ending (before it is freed). */
void registry_join(struct server *s, struct conn *c);
void registry_leave(struct server *s, struct conn *c);
/* The session had work (input, a timer): the next refresh looks at it; the others are not
 * looked at. */
void registry_mark(struct server *s, struct conn *c);
/* From the event loop at each wakeup: acts when the poll interval has passed. */
void registry_tick(struct server *s, int64_t now);

#endif
