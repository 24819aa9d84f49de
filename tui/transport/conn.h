/* The SSH server's connection and server state, shared by its parts: the event loop
 * (loop.c), authentication and lockout (auth.c), channel requests (channel.c) and kept
 * sessions (kept.c). Private to tui/transport. */
#ifndef TUI_TRANSPORT_CONN_H
#define TUI_TRANSPORT_CONN_H

#include "tui/transport/server.h"
#include "tui/session/host.h"
#include "core/user.h"
#include "tui/transport/dueheap.h"

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>
#include <stdint.h>
#include <time.h>

/* The message API's accessors for passwords, keys and pty sizes are marked deprecated in
 * favour of the server callbacks, which cannot defer an answer (see loop.c). */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

#define CLOSE_WAIT_MS 3000      /* to send the last bytes before disconnecting */
#define TURN_AWAY_MAX 64        /* connections told "server full" at once; past it, cut */

enum conn_state {
    C_LOGIN,      /* key exchange and authentication */
    C_READY,      /* authenticated, waiting for the channel, pty and shell */
    C_SHELL,      /* the UI runs */
    C_DRAINING,   /* the UI ended; last bytes going out before the channel closes */
    C_CLOSING,    /* channel closed; waiting for libssh to flush, then disconnect */
    C_DEAD        /* to be freed */
};

enum pending_auth {
    PENDING_CHECK,       /* the password is being checked by authwork */
    PENDING_FAIL_REPLY,  /* the failure reply waits for the address's delay */
    PENDING_HELD         /* the attempt waits, unchecked, for the address's delay */
};

typedef struct conn {
    struct conn *next, *prev;     /* every connection, for shutdown */
    struct conn *next_touched;    /* this wakeup's list of connections with work */
    int touched;
    int ep_events;                /* what epoll watches its socket for */
    int64_t due_ms;               /* when its timers next need a look (dueheap) */
    int heap_slot;
    size_t registry_slot;         /* its entry in the live-session registry + 1; 0: none */
    int registry_marked;          /* on the registry's list of sessions with work */
    struct conn *next_registry_marked;
    uint64_t id;
    char sid[24];                 /* session id in logs and audit */
    char addr[64];
    ssh_session ssh;
    ssh_channel chan;
    struct ssh_channel_callbacks_struct chan_cb;
    struct ssh_counter_struct rx, tx;
    uint64_t rx_seen;             /* rx.in_packets when the queue was last emptied */
    uint64_t rx_bytes_seen;
    int state;
    int turn_away;                /* over the session limit: told so, then disconnected */
    int out_of_files;             /* turned away because no descriptor was left */
    int64_t accepted_ms, last_rx_ms, last_key_ms, keepalive_ms, close_by_ms;
    int keepalives_unanswered;
    int idle_warned;
    /* authentication */
    int auth_tries;
    ssh_message pending_auth;     /* a password attempt waiting: see pending */
    int pending;                  /* enum pending_auth */
    int64_t reply_at_ms;
    char pending_login[33];
    int pending_user_known;
    bm_user user;
    const char *method;
    /* terminal */
    int have_pty;
    char term[64];
    int cols, rows;
    char env_lang[64];
    int refused_forwarding;       /* REFUSED_AGENT | REFUSED_X11, told on the first screen */
    int remote_closed;            /* the client sent EOF or closed the channel */
    host ui;
    int exit_status;
    const char *end_reason;       /* for the log line when it closes */
} conn;

enum { REFUSED_AGENT = 1, REFUSED_X11 = 2 };

/* Recent failed logins of one address or one account, kept in memory whatever the database
 * does. */
#define FAILURES_KEPT 8
typedef struct failure_record {
    char key[64];                 /* the address, or the login */
    int count;                    /* an address's failures in the current window */
    int64_t last_ms;              /* the latest failure */
    int64_t next_ms;              /* an address's next attempt is not checked before this */
    time_t at[FAILURES_KEPT];     /* an account's latest failures, a ring */
    int next;
} failure_record;

#define ADDR_SLOTS 256
#define LOGIN_SLOTS 1024

/* A session whose link dropped, kept for a while so its user can take it back. */
typedef struct kept_session {
    struct kept_session *next;
    app *app;
    int64_t user_id;
    char login[33];
    int64_t until_ms;
    char since[24];      /* "HH:MM", Beijing time, when the link dropped */
    char what[128];      /* the screen it was on */
} kept_session;

typedef struct server {
    server_opts o;
    kept_session *kept;
    bm_db *db;
    struct live_registry *registry;   /* registry.c: this process's live sessions */
    ssh_bind bind;
    int epoll_fd;
    dueheap due;
    conn *touched;                /* connections to look at before the next wait */
    int64_t kept_check_ms;
    int spare_fd;                 /* kept free to tell a client the server is full, in SSH */
    int spare_line_fd;            /* the same, in a plain line, while spare_fd is in use */
    int64_t accept_resume_ms;     /* taking connections paused until then (no descriptors) */
    int listen_fd;
    int port;                     /* the port listened on (the kernel's choice for port 0) */
    int signal_fd[2];
    int auth_fd;
    int lock_fd;                  /* the data directory's lock, held while serving */
    conn *conns;
    int nconns;
    int nturning_away;            /* of nconns, those over the limit being told so */
    uint64_t next_id;
    unsigned start_tag;
    int stopping;
    int64_t stop_by_ms;
    char dummy_hash[160];         /* checked for unknown logins, so timing does not tell */
    failure_record by_addr[ADDR_SLOTS];
    failure_record by_login[LOGIN_SLOTS];
} server;

/* loop.c: the clock, output and the end of a connection. */
int64_t now_ms(void);
/* 0, or -1 when the entry could not be written (logged). */
int conn_audit(server *s, conn *c, const char *what, const char *note);
void conn_flush(conn *c);
void conn_end(server *s, conn *c, const char *farewell, int exit_status, const char *why);
/* Puts the connection on this wakeup's list of those with work. */
void conn_touch(server *s, conn *c);

/* timers.c: what is due now; when the connection next needs a look (INT64_MAX: never). */
void conn_run_timers(server *s, conn *c, int64_t now);
int64_t conn_due(server *s, conn *c, int64_t now);

/* auth.c */
void auth_handle(server *s, conn *c, ssh_message msg);
void auth_password_checked(server *s, conn *c, int matches);
void auth_fail_now(ssh_message msg);
/* Text the client shows before it is logged in (OpenSSH: in the user's charset). */
void auth_banner(conn *c, const char *text);
/* Delayed replies and held attempts: what is due now, and when the next is due (-1: none). */
void auth_timer(server *s, conn *c, int64_t now);
int64_t auth_deadline(const conn *c);

/* channel.c */
void channel_handle_message(server *s, conn *c, ssh_message msg);
void conn_log_charset(conn *c);

/* kept.c */
kept_session *kept_find(server *s, int64_t user_id);
void kept_keep(server *s, conn *c);
void kept_answer_resume(server *s, conn *c);
/* Ends kept sessions past their time, or all of them. */
void kept_expire(server *s, int64_t now, int all);
/* Ends, as drafts, kept sessions whose user is logged in through another server process. */
void kept_release_elsewhere(server *s, const char *host, int pid);

#endif
