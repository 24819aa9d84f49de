/* The live-session registry, kept in the store so that every server process sharing one
 * database sees every session: who is logged in where (login, role, unit, address, terminal,
 * the screen they are on, when they started and last pressed a key) and which process on
 * which host holds each session. An administrator's message to a session, or a request to end
 * it, is a row the owning process picks up on its next poll; the registry never reaches into
 * a process's memory. Registering and refreshing are the server's own bookkeeping (not
 * audited); listing, messages and ends are an administrator's and are checked and audited. */
#ifndef BM_LIVE_SESSION_H
#define BM_LIVE_SESSION_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "core/actor.h"
#include "core/db.h"

#define BM_LIVE_MESSAGE_MAX 120   /* bytes of a message: it must fit the message line */

enum bm_live_request_kind { BM_LIVE_MESSAGE = 1, BM_LIVE_END = 2 };

typedef struct bm_live_session {
    int64_t id;              /* the registry's number for the session (0 before it is in) */
    char session[24];        /* the session id of the logs and the audit log */
    int64_t user_id;
    char login[33];
    char name[64];           /* from the account (listing only) */
    int role;
    int64_t org_id;
    char unit[96];           /* the unit's name (listing only) */
    char addr[64];
    char term[64];
    int cols, rows;
    char charset[16];
    char lang[8];
    char screen[16];         /* the id of the screen on top, e.g. BM220 */
    time_t started_at, last_key_at;
    char host[64];           /* the host and process holding the session */
    int pid;
} bm_live_session;

typedef struct bm_live_request {
    int64_t id;
    int64_t session_id;      /* bm_live_session.id */
    int kind;                /* enum bm_live_request_kind */
    char text[BM_LIVE_MESSAGE_MAX * 2];
    char from_login[33];
} bm_live_request;

/* ---- the server's bookkeeping ---- */

/* Enters a session (every field but id, name and unit); *id gets its number. */
int bm_live_register(bm_db *db, const bm_live_session *s, int64_t *id, bm_err *err);
/* What changes while a session runs. */
typedef struct bm_live_touch {
    int64_t id;
    char screen[16];
    time_t last_key_at;
    char charset[16];
    char lang[8];
    int cols, rows;
} bm_live_touch;
/* Writes the changes of n sessions in one transaction (a server refreshes them together every
 * few seconds, never per key). */
int bm_live_touch_all(bm_db *db, const bm_live_touch *rows, size_t n, bm_err *err);
/* Takes a session out, with whatever still waited for it. */
int bm_live_unregister(bm_db *db, int64_t id, bm_err *err);
/* At a server's start: removes the sessions of processes on this host that no longer run
 * (alive(pid) says 0), and any left under this process's own id by a process that had it
 * before. *swept (may be NULL) gets the number of sessions removed. */
int bm_live_sweep(bm_db *db, const char *host, int my_pid, int (*alive)(int pid), int *swept,
                  bm_err *err);
/* Takes (reads and removes, in one transaction) what administrators left for the sessions of
 * one process, oldest first; each is called for every request after the removal commits. */
int bm_live_take_requests(bm_db *db, const char *host, int pid,
                          void (*each)(const bm_live_request *r, void *ctx), void *ctx,
                          bm_err *err);

/* How many sessions of the account other processes than host/pid hold (a user whose link
 * dropped and who logged in again through another server process). */
int bm_live_elsewhere(bm_db *db, int64_t user_id, const char *host, int pid, int *n,
                      bm_err *err);

/* ---- the administrator's ---- */

/* Every session (user_id 0) or one account's, ordered by login then start; admins only. */
int bm_live_list(bm_db *db, const bm_actor *who, int64_t user_id,
                 int (*each)(const bm_live_session *s, void *ctx), void *ctx, bm_err *err);
/* One session by its number; admins only. BM_ENOTFOUND once it has ended. */
int bm_live_get(bm_db *db, const bm_actor *who, int64_t id, bm_live_session *out, bm_err *err);
/* Leaves a message for session id (shown on its message line until the user's next key). */
int bm_live_message(bm_db *db, const bm_actor *who, int64_t id, const char *text, bm_err *err);
/* Asks the process holding session id to end it: the user is told, and what they typed and
 * did not save is kept as a draft. */
int bm_live_end(bm_db *db, const bm_actor *who, int64_t id, bm_err *err);

#endif
