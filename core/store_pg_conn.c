/* The PostgreSQL store's connection to its server: made from the URL, found gone (a restart,
 * a network cut, the server stopped), and made again lazily at the next call, at most once
 * every PG_RETRY_MS while the server does not answer, so a database that is down costs no
 * connection attempt per keystroke. Every call meanwhile fails with words a clerk understands
 * (bm_reason_unavailable); the log hears of the outage once when it starts and once when it
 * ends (bm_store_watch). The server process never stops for it. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "core/store_pg_internal.h"

/* How long one attempt may wait for a server that neither answers nor refuses (the whole
 * process waits with it), unless the URL says otherwise. */
#define PG_CONNECT_TIMEOUT "5"

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

PGconn *pg_connect_url(const char *url, const char *dbname)
{
    PQconninfoOption *opts = PQconninfoParse(url, NULL);
    if (!opts)
        return NULL;
    const char *keys[64], *vals[64];
    int n = 0, timeout = 0;
    for (PQconninfoOption *o = opts; o->keyword && n < 59; o++) {
        if (strcmp(o->keyword, "dbname") == 0 || !o->val)
            continue;
        timeout |= strcmp(o->keyword, "connect_timeout") == 0;
        keys[n] = o->keyword;
        vals[n++] = o->val;
    }
    const char *db = dbname;
    for (PQconninfoOption *o = opts; !db && o->keyword; o++)
        if (strcmp(o->keyword, "dbname") == 0)
            db = o->val;
    if (db) {
        keys[n] = "dbname";
        vals[n++] = db;
    }
    if (!timeout) {
        keys[n] = "connect_timeout";
        vals[n++] = PG_CONNECT_TIMEOUT;
    }
    keys[n] = "client_encoding";
    vals[n++] = "UTF8";
    keys[n] = "application_name";
    vals[n++] = "bianmin";
    keys[n] = NULL;
    vals[n] = NULL;
    PGconn *c = PQconnectdbParams(keys, vals, 0);
    PQconninfoFree(opts);
    return c;
}

void pg_url_dbname(const char *url, char *out, size_t cap)
{
    out[0] = '\0';
    PQconninfoOption *opts = PQconninfoParse(url, NULL);
    for (PQconninfoOption *o = opts; o && o->keyword; o++)
        if (strcmp(o->keyword, "dbname") == 0 && o->val)
            bm_strlcpy(out, o->val, cap);
    PQconninfoFree(opts);
}

int pg_run(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
    return ok;
}

/* libpq's last words on the connection, on one line with single spaces, for the log. */
static void conn_words(PGconn *c, char *out, size_t cap)
{
    char raw[400];
    bm_strlcpy(raw, c ? PQerrorMessage(c) : "out of memory", sizeof raw);
    size_t j = 0;
    for (const char *p = raw; *p && j + 1 < cap; p++) {
        int blank = *p == ' ' || *p == '\n' || *p == '\r' || *p == '\t';
        if (!blank)
            out[j++] = *p;
        else if (j > 0 && out[j - 1] != ' ')
            out[j++] = ' ';
    }
    while (j > 0 && out[j - 1] == ' ')
        j--;
    out[j] = '\0';
}

int pg_unavailable(pg_store *s, bm_err *err, const char *what)
{
    char words[200];
    conn_words(s->c, words, sizeof words);
    return bm_fail(err, BM_EDB, bm_reason_unavailable, "%.60s: %s", what, words);
}

static void outage_begins(pg_store *s)
{
    if (s->down)
        return;
    s->down = 1;
    char words[200];
    conn_words(s->c, words, sizeof words);
    bm_store_tell_reachable(0, words);
}

int pg_conn_gone(pg_store *s, const PGresult *r)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    /* No SQLSTATE: libpq's own failure ("server closed the connection unexpectedly"); 08:
     * connection exceptions; 57P01-57P03: the server shutting down or not yet started. */
    int gone = !state || PQstatus(s->c) == CONNECTION_BAD || strncmp(state, "08", 2) == 0 ||
               strncmp(state, "57P", 3) == 0;
    if (gone) {
        if (s->in_tx)
            s->lost = 1;   /* the server rolled the transaction back: said until it ends */
        outage_begins(s);
    }
    return gone;
}

static int reconnect(pg_store *s, bm_err *err, const char *what)
{
    int64_t now = monotonic_ms();
    if (now < s->next_try_ms)
        return pg_unavailable(s, err, what);
    PQreset(s->c);
    if (PQstatus(s->c) != CONNECTION_OK) {
        s->next_try_ms = monotonic_ms() + PG_RETRY_MS;
        outage_begins(s);
        return pg_unavailable(s, err, what);
    }
    s->next_try_ms = 0;
    s->gen++;   /* prepared statements stayed on the old connection */
    pg_run(s->c, "SET client_min_messages = warning");
    if (s->down) {
        s->down = 0;
        bm_store_tell_reachable(1, "");
    }
    return BM_OK;
}

int pg_conn_ready(pg_store *s, bm_err *err, const char *what)
{
    if (s->lost)
        return pg_unavailable(s, err, what);
    if (PQstatus(s->c) == CONNECTION_OK)
        return BM_OK;
    if (s->in_tx) {
        s->lost = 1;
        return pg_unavailable(s, err, what);
    }
    return reconnect(s, err, what);
}

int pg_conn_again(pg_store *s)
{
    if (s->in_tx || s->lost || PQstatus(s->c) == CONNECTION_OK)
        return 0;
    return reconnect(s, NULL, "again") == BM_OK;
}
