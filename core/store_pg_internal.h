/* Inside the PostgreSQL store only: its handle, shared by the file that runs statements
 * (store_pg.c) and the file that keeps the connection to the server (store_pg_conn.c). */
#ifndef BM_STORE_PG_INTERNAL_H
#define BM_STORE_PG_INTERNAL_H

#include <libpq-fe.h>
#include <stdint.h>
#include "core/store.h"

/* Between two attempts to reach a server that did not answer. */
#define PG_RETRY_MS 2000

typedef struct pg_store {
    bm_store base;
    PGconn *c;
    char url[1024];        /* "postgresql:" + target, as libpq takes it */
    unsigned gen;          /* bumped at each reconnect: statements prepare again */
    unsigned names;        /* statement names handed out */
    int in_tx;             /* inside BEGIN ... COMMIT/ROLLBACK as the caller sees it */
    int lost;              /* the connection dropped inside the open transaction */
    int down;              /* the server stopped answering: said once, until it answers again */
    int64_t next_try_ms;   /* no attempt to connect again before this (monotonic clock) */
    int64_t changes;
    char held[4][32];      /* named locks taken in the open transaction (asked for once) */
    int nheld;
} pg_store;

/* Connects to the database the URL names, or to `dbname` on the same server when not NULL
 * (the maintenance database, to create or look for the named one). */
PGconn *pg_connect_url(const char *url, const char *dbname);
/* The database name the URL names ("" when none), for messages and for CREATE DATABASE. */
void pg_url_dbname(const char *url, char *out, size_t cap);
/* Runs one command; 1 when it worked. */
int pg_run(PGconn *c, const char *sql);

/* The failure every call gives while the server cannot be reached (BM_EDB with
 * bm_reason_unavailable); `what` and libpq's words go to the detail, for the log. */
int pg_unavailable(pg_store *s, bm_err *err, const char *what);
/* 1 when the failed result r (NULL: none came) means the connection is gone; then the open
 * transaction is marked lost and the outage noted (once). */
int pg_conn_gone(pg_store *s, const PGresult *r);
/* Before work: BM_OK with a working connection, made again when it had dropped outside a
 * transaction (at most one attempt per PG_RETRY_MS while the server does not answer). */
int pg_conn_ready(pg_store *s, bm_err *err, const char *what);
/* After a statement that has no effect (a read, BEGIN, PREPARE) found the connection gone
 * outside a transaction: 1 when it was made again at once, so the statement can be sent
 * again; a connection that dropped while idle costs the clerk nothing. */
int pg_conn_again(pg_store *s);

#endif
