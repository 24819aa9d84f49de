/* The PostgreSQL engine behind the storage seam (libpq): opening by URL, statements prepared
 * on the server with ?N spelled $N and parameters sent as text, transactions and savepoints,
 * the named lock as a transaction-scoped advisory lock, the schema version in a table of its
 * own, and PostgreSQL's failures mapped onto bm_err. A lost connection fails the transaction
 * that was open (the server rolls it back) and is made again at the next statement outside
 * one (store_pg_conn.c), so the server stays up. With store_pg_conn.c, the only files of core
 * that speak libpq. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "core/store_pg_internal.h"

extern char **environ;

/* The schema in PostgreSQL's dialect (schema_pg.c). */
extern const char *const bm_pg_migrations[];

extern const bm_store_ops bm_store_pg_ops;

#define MAX_PARAMS 64

typedef struct pg_stmt {
    bm_stmt base;
    pg_store *s;
    char *sql;             /* with $N */
    char name[24];
    unsigned gen;          /* the connection it was prepared on; 0 = not prepared */
    int write;             /* not a SELECT: runs under a statement savepoint in a transaction */
    int nparams;
    unsigned char used[MAX_PARAMS];   /* which of $1..$nparams the text names */
    char **params;
    PGresult *res;         /* the rows of the current run; NULL before it runs */
    int row;               /* the row the cursor is on */
} pg_stmt;

static pg_store *PS(bm_store *s) { return (pg_store *)s; }
static pg_stmt *PT(bm_stmt *st) { return (pg_stmt *)st; }

/* ---- Errors ---- */

/* A failed result as bm_err, by its SQLSTATE; `what` names the operation for the log. */
static int fail_res(pg_store *s, PGresult *r, bm_err *err, const char *what)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = r ? PQresultErrorMessage(r) : PQerrorMessage(s->c);
    if (pg_conn_gone(s, r))
        return pg_unavailable(s, err, what);
    if (strcmp(state, "23505") == 0)
        return bm_fail(err, BM_ECONFLICT, N_("It already exists"), "%s: %s", what, msg);
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
        strcmp(state, "55P03") == 0)
        return bm_fail(err, BM_EDB, N_("The database is busy; try again"), "%s: %s", what, msg);
    if (strncmp(state, "53", 2) == 0)
        return bm_fail(err, BM_EDB, N_("The server's disk is full; call the administrator"),
                       "%s: %s", what, msg);
    if (strcmp(state, "25006") == 0 || strcmp(state, "42501") == 0)
        return bm_fail(err, BM_EDB, N_("The database cannot be written to; nothing was saved"),
                       "%s: %s", what, msg);
    return bm_fail(err, BM_EDB, N_("Database error"), "%s: %s", what, msg);
}

/* ---- Connections ---- */

static void full_url(const char *target, char *out, size_t cap)
{
    snprintf(out, cap, "postgresql:%s", target);
}

static int missing_database(PGconn *c)
{
    const char *m = PQerrorMessage(c);
    return strstr(m, "does not exist") && strstr(m, "database");
}

/* The first column of the first row of a query without parameters; NULL when none. */
static char *query_value(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    char *v = NULL;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
        v = strdup(PQgetvalue(r, 0, 0));
    PQclear(r);
    return v;
}

/* 1 when the database holds a finished bianmin schema (init published it). */
static int published(PGconn *c)
{
    char *has = query_value(c, "SELECT to_regclass('bianmin_meta')::text");
    char *v = has ? query_value(c, "SELECT value FROM bianmin_meta WHERE key = 'published'")
                  : NULL;
    int yes = v != NULL;
    free(has);
    free(v);
    return yes;
}

/* Makes the named database on the server: UTF-8, byte order for text (as SQLite's). */
static int create_database(const char *url, bm_err *err)
{
    char name[256];
    pg_url_dbname(url, name, sizeof name);
    if (!name[0])
        return bm_fail(err, BM_EINVALID, N_("The database address names no database"), "%s",
                       url);
    PGconn *c = pg_connect_url(url, "postgres");
    if (PQstatus(c) != CONNECTION_OK) {
        int rc = bm_fail(err, BM_EDB, N_("Cannot open the database"), "%s", PQerrorMessage(c));
        PQfinish(c);
        return rc;
    }
    char *id = PQescapeIdentifier(c, name, strlen(name));
    char sql[600];
    snprintf(sql, sizeof sql,
             "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'",
             id ? id : "\"\"");
    PQfreemem(id);
    PGresult *r = PQexec(c, sql);
    int rc = BM_OK;
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        rc = bm_fail(err, BM_EDB, N_("The database could not be created"), "%s: %s", name,
                     PQresultErrorMessage(r));
    PQclear(r);
    PQfinish(c);
    return rc;
}

static int pg_exists(const char *target)
{
    char url[1024];
    full_url(target, url, sizeof url);
    PGconn *c = pg_connect_url(url, NULL);
    int yes;
    if (PQstatus(c) != CONNECTION_OK)
        yes = missing_database(c) ? 0 : -1;   /* cannot tell: opening says why */
    else
        yes = published(c);
    PQfinish(c);
    return yes;
}

/* What a failed init left: the tables of a database that was never published. A published
 * database is never touched. */
static void pg_remove(const char *target)
{
    char url[1024];
    full_url(target, url, sizeof url);
    PGconn *c = pg_connect_url(url, NULL);
    if (PQstatus(c) == CONNECTION_OK && !published(c)) {
        char *has = query_value(c, "SELECT to_regclass('bianmin_meta')::text");
        if (has)
            pg_run(c, "DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        free(has);
    }
    PQfinish(c);
}

/* A database is built in place (init names the same one) and marked whole here: until the
 * mark, exists() says there is none and no server opens it. */
static int pg_publish(const char *from, const char *to)
{
    if (strcmp(from, to) != 0) {
        errno = EXDEV;
        return -1;
    }
    char url[1024];
    full_url(to, url, sizeof url);
    PGconn *c = pg_connect_url(url, NULL);
    int ok = PQstatus(c) == CONNECTION_OK &&
             pg_run(c, "INSERT INTO bianmin_meta (key, value) VALUES ('published', "
                    "to_char(now(), 'YYYY-MM-DD HH24:MI:SS')) ON CONFLICT (key) DO NOTHING");
    PQfinish(c);
    if (!ok)
        errno = EIO;
    return ok ? 0 : -1;
}

static void pg_close(bm_store *s)
{
    PQfinish(PS(s)->c);
    free(s);
}

static int pg_open(const char *target, int create, bm_store **out, bm_err *err)
{
    *out = NULL;
    pg_store *s = calloc(1, sizeof *s);
    if (!s)
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    s->base.ops = &bm_store_pg_ops;
    full_url(target, s->url, sizeof s->url);
    s->gen = 1;
    s->c = pg_connect_url(s->url, NULL);
    if (create && PQstatus(s->c) != CONNECTION_OK && missing_database(s->c)) {
        int rc = create_database(s->url, err);
        if (rc != BM_OK) {
            pg_close(&s->base);
            return rc;
        }
        PQfinish(s->c);
        s->c = pg_connect_url(s->url, NULL);
    }
    if (PQstatus(s->c) != CONNECTION_OK) {
        int rc = bm_fail(err, BM_EDB, N_("Cannot open the database"), "%s",
                         s->c ? PQerrorMessage(s->c) : "out of memory");
        pg_close(&s->base);
        return rc;
    }
    /* Notices (e.g. "relation exists, skipping") are not the program's output. */
    pg_run(s->c, "SET client_min_messages = warning");
    *out = &s->base;
    return BM_OK;
}

static int pg_exec(bm_store *s, const char *sql, bm_err *err)
{
    int rc = pg_conn_ready(PS(s), err, "exec");
    if (rc != BM_OK)
        return rc;
    PGresult *r = PQexec(PS(s)->c, sql);
    ExecStatusType t = PQresultStatus(r);
    if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK)
        rc = fail_res(PS(s), r, err, sql);
    PQclear(r);
    return rc;
}

/* ---- Statements ---- */

/* The type a parameter the text never names is declared with (text), so a statement that
 * skips a number still prepares; the others the server infers from where they stand. */
#define UNUSED_PARAM_TYPE 25

/* ?N becomes $N outside quoted text; *max is the highest N, used[N - 1] set for each N named.
 * NULL when out of memory. */
static char *rewrite_params(const char *sql, int *max, unsigned char used[MAX_PARAMS])
{
    size_t n = strlen(sql);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    char quote = 0;
    size_t j = 0;
    *max = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = sql[i];
        if (quote) {
            if (ch == quote)
                quote = 0;
        } else if (ch == '\'' || ch == '"') {
            quote = ch;
        } else if (ch == '?' && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
            ch = '$';
            int v = atoi(sql + i + 1);
            if (v > *max)
                *max = v;
            if (v >= 1 && v <= MAX_PARAMS)
                used[v - 1] = 1;
        }
        out[j++] = ch;
    }
    out[j] = '\0';
    return out;
}

static int prepare_on_server(pg_stmt *st, bm_err *err)
{
    Oid types[MAX_PARAMS];
    for (int i = 0; i < st->nparams && i < MAX_PARAMS; i++)
        types[i] = st->used[i] ? 0 : UNUSED_PARAM_TYPE;
    PGresult *r = PQprepare(st->s->c, st->name, st->sql, st->nparams, types);
    int rc = BM_OK;
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        rc = fail_res(st->s, r, err, st->sql);
    else
        st->gen = st->s->gen;
    PQclear(r);
    return rc;
}

static void pg_finalize(bm_stmt *base)
{
    pg_stmt *st = PT(base);
    PQclear(st->res);
    if (st->gen == st->s->gen && PQstatus(st->s->c) == CONNECTION_OK && !st->s->in_tx) {
        char sql[64];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
        pg_run(st->s->c, sql);
    }
    for (int i = 0; i < st->nparams; i++)
        free(st->params[i]);
    free(st->params);
    free(st->sql);
    free(st);
}

static int pg_prepare(bm_store *s, const char *sql, bm_stmt **out, bm_err *err)
{
    *out = NULL;
    pg_stmt *st = calloc(1, sizeof *st);
    if (!st)
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    st->base.ops = &bm_store_pg_ops;
    st->s = PS(s);
    snprintf(st->name, sizeof st->name, "bm%u", ++PS(s)->names);
    st->sql = rewrite_params(sql, &st->nparams, st->used);
    if (st->sql && st->nparams > MAX_PARAMS) {
        pg_finalize(&st->base);
        return bm_fail(err, BM_EDB, N_("Database error"), "more than %d parameters", MAX_PARAMS);
    }
    st->params = st->nparams ? calloc((size_t)st->nparams, sizeof *st->params) : NULL;
    if (!st->sql || (st->nparams && !st->params)) {
        pg_finalize(&st->base);
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    }
    while (*sql == ' ' || *sql == '\n' || *sql == '(')
        sql++;
    st->write = strncmp(sql, "SELECT", 6) != 0 && strncmp(sql, "select", 6) != 0;
    int rc = pg_conn_ready(PS(s), err, sql);
    if (rc == BM_OK && (rc = prepare_on_server(st, err)) != BM_OK && pg_conn_again(PS(s)))
        rc = prepare_on_server(st, err);
    if (rc != BM_OK) {
        pg_finalize(&st->base);
        return rc;
    }
    *out = &st->base;
    return BM_OK;
}

static void set_param(pg_stmt *st, int idx, char *v)
{
    if (idx < 1 || idx > st->nparams) {
        free(v);
        return;
    }
    free(st->params[idx - 1]);
    st->params[idx - 1] = v;
}

static void pg_bind_text(bm_stmt *st, int idx, const char *v)
{
    set_param(PT(st), idx, strdup(v));
}

static void pg_bind_int(bm_stmt *st, int idx, int64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    set_param(PT(st), idx, strdup(buf));
}

static void pg_bind_null(bm_stmt *st, int idx)
{
    set_param(PT(st), idx, NULL);
}

/* A write inside a transaction, between SAVEPOINT and RELEASE sent with it in one pipeline
 * (one round trip): a failed write (a duplicate the caller handles) is rolled back alone and
 * leaves the transaction usable, as in SQLite. The write's result, or NULL when the
 * connection failed; *released: the savepoint was released. */
static PGresult *exec_guarded(pg_stmt *st, int *released)
{
    PGconn *c = st->s->c;
    PGresult *res[3] = {NULL, NULL, NULL};
    *released = 0;
    if (!PQenterPipelineMode(c))
        return NULL;
    int sent = PQsendQueryParams(c, "SAVEPOINT bm_stmt", 0, NULL, NULL, NULL, NULL, 0) &&
               PQsendQueryPrepared(c, st->name, st->nparams, (const char *const *)st->params,
                                   NULL, NULL, 0) &&
               PQsendQueryParams(c, "RELEASE SAVEPOINT bm_stmt", 0, NULL, NULL, NULL, NULL, 0) &&
               PQpipelineSync(c);
    if (sent) {
        for (int q = 0; q < 3; q++) {
            PGresult *r;
            while ((r = PQgetResult(c)) != NULL) {
                if (!res[q] && PQresultStatus(r) != PGRES_PIPELINE_SYNC)
                    res[q] = r;
                else
                    PQclear(r);
            }
        }
        PGresult *sync = PQgetResult(c);   /* the pipeline's end */
        PQclear(sync);
    }
    PQexitPipelineMode(c);
    *released = PQresultStatus(res[2]) == PGRES_COMMAND_OK;
    PQclear(res[0]);
    PQclear(res[2]);
    return res[1];
}

/* Runs the statement once, its rows kept for stepping. */
static int run_once(pg_stmt *st, bm_err *err)
{
    pg_store *s = st->s;
    int rc = pg_conn_ready(s, err, st->sql);
    if (rc != BM_OK)
        return rc;
    if (st->gen != s->gen && (rc = prepare_on_server(st, err)) != BM_OK)
        return rc;
    int guarded = st->write && s->in_tx, released = 0;
    PGresult *r = guarded ? exec_guarded(st, &released)
                          : PQexecPrepared(s->c, st->name, st->nparams,
                                           (const char *const *)st->params, NULL, NULL, 0);
    ExecStatusType t = PQresultStatus(r);
    if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
        rc = fail_res(s, r, err, st->sql);
        PQclear(r);
        if (guarded && !s->lost && PQstatus(s->c) == CONNECTION_OK)
            pg_run(s->c, "ROLLBACK TO SAVEPOINT bm_stmt; RELEASE SAVEPOINT bm_stmt");
        return rc;
    }
    if (guarded && !released) {
        PQclear(r);
        return fail_res(s, NULL, err, st->sql);
    }
    const char *n = PQcmdTuples(r);
    s->changes = n && *n ? strtoll(n, NULL, 10) : 0;
    st->res = r;
    st->row = -1;
    return BM_OK;
}

/* A read outside a transaction that found the connection gone (it dropped while idle: the
 * server restarted between two clerks' keys) is sent again on a new one: it changed nothing.
 * A write is not: the server may have done it before the link went. */
static int run_stmt(pg_stmt *st, bm_err *err)
{
    int rc = run_once(st, err);
    if (rc != BM_OK && !st->write && pg_conn_again(st->s))
        rc = run_once(st, err);
    return rc;
}

static int pg_step(bm_stmt *base, bm_err *err)
{
    pg_stmt *st = PT(base);
    if (!st->res) {
        int rc = run_stmt(st, err);
        if (rc != BM_OK)
            return -rc;
    }
    if (++st->row < PQntuples(st->res))
        return 1;
    return 0;
}

static void pg_reset(bm_stmt *base)
{
    pg_stmt *st = PT(base);
    PQclear(st->res);
    st->res = NULL;
    for (int i = 0; i < st->nparams; i++) {
        free(st->params[i]);
        st->params[i] = NULL;
    }
}

static int on_row(pg_stmt *st, int col)
{
    return st->res && st->row >= 0 && st->row < PQntuples(st->res) && col >= 0 &&
           col < PQnfields(st->res);
}

static int pg_col_is_null(bm_stmt *base, int col)
{
    pg_stmt *st = PT(base);
    return !on_row(st, col) || PQgetisnull(st->res, st->row, col);
}

static const char *pg_col_text(bm_stmt *base, int col)
{
    pg_stmt *st = PT(base);
    return pg_col_is_null(base, col) ? NULL : PQgetvalue(st->res, st->row, col);
}

/* Integers come as text; a boolean (a comparison in a select list) as t or f. */
static int64_t pg_col_int(bm_stmt *base, int col)
{
    const char *v = pg_col_text(base, col);
    if (!v)
        return 0;
    if (v[0] == 't' && !v[1])
        return 1;
    return strtoll(v, NULL, 10);
}

/* ---- Transactions ---- */

static int pg_begin(bm_store *s, bm_err *err)
{
    int rc = pg_exec(s, "BEGIN", err);
    if (rc != BM_OK && pg_conn_again(PS(s)))
        rc = pg_exec(s, "BEGIN", err);
    if (rc == BM_OK)
        PS(s)->in_tx = 1;
    return rc;
}

/* A transaction the server already aborted cannot commit: said, and ended. Ended too when
 * COMMIT itself finds the connection gone, so the next call starts afresh. */
static int pg_commit(bm_store *s, bm_err *err)
{
    pg_store *p = PS(s);
    if (p->lost || PQtransactionStatus(p->c) == PQTRANS_INERROR) {
        int rc = p->lost ? pg_unavailable(p, err, "commit")
                         : bm_fail(err, BM_EDB, N_("Database error"), "commit after a failure");
        pg_run(p->c, "ROLLBACK");
        p->in_tx = p->lost = 0;
        p->nheld = 0;
        return rc;
    }
    int rc = pg_exec(s, "COMMIT", err);
    p->in_tx = p->lost = 0;
    p->nheld = 0;
    return rc;
}

static void pg_rollback(bm_store *s)
{
    pg_store *p = PS(s);
    if (PQstatus(p->c) == CONNECTION_OK)
        pg_run(p->c, "ROLLBACK");
    p->in_tx = 0;
    p->lost = 0;
    p->nheld = 0;
}

static int pg_savepoint(bm_store *s, int depth, bm_err *err)
{
    char sp[32];
    snprintf(sp, sizeof sp, "SAVEPOINT s%d", depth);
    return pg_exec(s, sp, err);
}

static int pg_release(bm_store *s, int depth, bm_err *err)
{
    char sp[32];
    snprintf(sp, sizeof sp, "RELEASE SAVEPOINT s%d", depth);
    return pg_exec(s, sp, err);
}

static void pg_rollback_to(bm_store *s, int depth)
{
    char sp[64];
    snprintf(sp, sizeof sp, "ROLLBACK TO SAVEPOINT s%d; RELEASE SAVEPOINT s%d", depth, depth);
    if (!PS(s)->lost && PQstatus(PS(s)->c) == CONNECTION_OK)
        pg_run(PS(s)->c, sp);
    PS(s)->nheld = 0;   /* a lock taken inside the savepoint went with it */
}

/* Writers of one kind from every process queue here until their transaction ends (asked for
 * once per transaction); outside a transaction there is nothing to hold it to: refused, as in
 * SQLite. */
static int pg_lock(bm_store *s, const char *name, bm_err *err)
{
    pg_store *p = PS(s);
    if (!p->in_tx)
        return bm_fail(err, BM_EDB, N_("Database error"), "lock %s outside a transaction", name);
    if (p->lost)
        return pg_unavailable(p, err, "advisory lock");
    for (int i = 0; i < p->nheld; i++)
        if (strcmp(p->held[i], name) == 0)
            return BM_OK;
    const char *v[1] = {name};
    PGresult *r = PQexecParams(p->c, "SELECT pg_advisory_xact_lock(hashtext($1::text))", 1, NULL,
                               v, NULL, NULL, 0);
    int rc = PQresultStatus(r) == PGRES_TUPLES_OK ? BM_OK : fail_res(p, r, err, "advisory lock");
    PQclear(r);
    if (rc == BM_OK && p->nheld < 4 && strlen(name) < sizeof p->held[0])
        bm_strlcpy(p->held[p->nheld++], name, sizeof p->held[0]);
    return rc;
}

/* The id the last insert drew from its table's identity column (this connection's own). */
static int64_t pg_last_id(bm_store *s)
{
    char *v = query_value(PS(s)->c, "SELECT lastval()");
    int64_t id = v ? strtoll(v, NULL, 10) : 0;
    free(v);
    return id;
}

static int64_t pg_changes(bm_store *s)
{
    return PS(s)->changes;
}

/* ---- Schema version, check, backup ---- */

static int pg_schema_version(bm_store *s, int *v, bm_err *err)
{
    int rc = pg_conn_ready(PS(s), err, "schema version");
    if (rc != BM_OK)
        return rc;
    /* The table is made with the first migration: none yet is version 0. */
    PGresult *r = PQexec(PS(s)->c, "SELECT to_regclass('bianmin_meta') IS NOT NULL");
    int has = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
              PQgetvalue(r, 0, 0)[0] == 't';
    if (PQresultStatus(r) == PGRES_TUPLES_OK && has) {
        PQclear(r);
        r = PQexec(PS(s)->c, "SELECT coalesce(max(value), '0') FROM bianmin_meta "
                             "WHERE key = 'schema_version'");
    }
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
        rc = fail_res(PS(s), r, err, "reading the schema version");
        PQclear(r);
        return rc;
    }
    *v = has ? atoi(PQgetvalue(r, 0, 0)) : 0;
    PQclear(r);
    return BM_OK;
}

static int pg_set_schema_version(bm_store *s, int v, bm_err *err)
{
    char sql[300];
    snprintf(sql, sizeof sql,
             "CREATE TABLE IF NOT EXISTS bianmin_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
             "INSERT INTO bianmin_meta (key, value) VALUES ('schema_version', '%d') "
             "ON CONFLICT (key) DO UPDATE SET value = excluded.value", v);
    return pg_exec(s, sql, err);
}

/* The server keeps its own data whole (WAL, checksums where the DBA enabled them); at open
 * the check is that it answers, speaks UTF-8 and orders text by bytes as SQLite does (prefix
 * searches are ranges over text). */
static int pg_check(bm_store *s, bm_err *err)
{
    int rc = pg_conn_ready(PS(s), err, "check");
    if (rc != BM_OK)
        return rc;
    char *enc = query_value(PS(s)->c, "SELECT pg_encoding_to_char(encoding) || ' ' || "
                                      "datcollate FROM pg_database "
                                      "WHERE datname = current_database()");
    int ok = enc && (strcmp(enc, "UTF8 C") == 0 || strcmp(enc, "UTF8 POSIX") == 0);
    rc = ok ? BM_OK
            : bm_fail(err, BM_EDB,
                      N_("The database must be UTF-8 with byte-order text (createdb -T template0 "
                         "-E UTF8 -l C)"),
                      "%s", enc ? enc : PQerrorMessage(PS(s)->c));
    free(enc);
    return rc;
}

/* pg_dump in its custom format into a temp file beside dest, then fsync and rename: a reader
 * of dest sees nothing or the whole dump. pg_dump takes a consistent snapshot itself. */
static int pg_backup(bm_store *s, const char *dest, bm_err *err)
{
    char tmp[600], file_opt[620], db_opt[1100];
    snprintf(tmp, sizeof tmp, "%s.partial", dest);
    snprintf(file_opt, sizeof file_opt, "--file=%s", tmp);
    snprintf(db_opt, sizeof db_opt, "--dbname=%s", PS(s)->url);   /* the whole URI */
    unlink(tmp);
    char *argv[] = {"pg_dump", "--format=custom", "--no-owner", file_opt, db_opt, NULL};
    pid_t pid;
    int status = -1;
    if (posix_spawnp(&pid, "pg_dump", NULL, NULL, argv, environ) != 0 ||
        waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        unlink(tmp);
        return bm_fail(err, BM_EDB, N_("The backup could not be written"),
                       "%s: pg_dump failed (status %d)", dest, status);
    }
    chmod(tmp, 0600);
    int fd = open(tmp, O_RDONLY | O_CLOEXEC);
    int ok = fd >= 0 && fsync(fd) == 0;
    if (fd >= 0)
        close(fd);
    if (!ok || rename(tmp, dest) != 0) {
        int e = errno;
        unlink(tmp);
        return bm_fail(err, BM_EDB, N_("The backup could not be written"), "%s: %s", dest,
                       strerror(e));
    }
    return BM_OK;
}

static void *pg_native(bm_store *s)
{
    return PS(s)->c;
}

static void pg_files_base(const char *target, const char *data_dir, char *out, size_t cap)
{
    char url[1024], name[256];
    full_url(target, url, sizeof url);
    pg_url_dbname(url, name, sizeof name);
    for (char *p = name; *p; p++)
        if (*p == '/')
            *p = '_';
    snprintf(out, cap, "%s/%s", data_dir, name[0] ? name : "bianmin");
}

/* ---- A whole database copied in (bianmin migrate) ---- */

/* The tables of the current schema but bianmin_meta, with their columns in order and the
 * other tables their foreign keys name. */
static int pg_tables(bm_store *s, bm_table_fn each, void *ctx, bm_err *err)
{
    int rc = pg_conn_ready(PS(s), err, "tables");
    if (rc != BM_OK)
        return rc;
    static const char sql[] =
        "SELECT c.relname, (SELECT string_agg(a.attname, ',' ORDER BY a.attnum) "
        "FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), "
        "coalesce((SELECT string_agg(DISTINCT f.relname, ',') FROM pg_constraint k "
        "JOIN pg_class f ON f.oid = k.confrelid WHERE k.conrelid = c.oid AND k.contype = 'f' "
        "AND k.confrelid <> c.oid), '') FROM pg_class c WHERE c.relkind = 'r' AND "
        "c.relnamespace = current_schema()::regnamespace AND c.relname <> 'bianmin_meta' "
        "ORDER BY c.relname";
    PGresult *r = PQexec(PS(s)->c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        rc = fail_res(PS(s), r, err, "tables");
        PQclear(r);
        return rc;
    }
    for (int i = 0; i < PQntuples(r); i++)
        if (each(ctx, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2)))
            break;
    PQclear(r);
    return BM_OK;
}

/* A table with an identity column (its id): the sequence moved past the largest value copied. */
static int pg_ids_follow(bm_store *s, const char *table, bm_err *err)
{
    int rc = pg_conn_ready(PS(s), err, "ids");
    if (rc != BM_OK)
        return rc;
    const char *param = table;
    PGresult *r = PQexecParams(PS(s)->c,
                               "SELECT pg_get_serial_sequence(quote_ident($1), a.attname), "
                               "quote_ident(a.attname) FROM pg_attribute a WHERE a.attrelid = "
                               "quote_ident($1)::regclass AND a.attidentity <> ''",
                               1, NULL, &param, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        rc = fail_res(PS(s), r, err, "ids");
        PQclear(r);
        return rc;
    }
    char *tid = PQescapeIdentifier(PS(s)->c, table, strlen(table));
    for (int i = 0; rc == BM_OK && i < PQntuples(r); i++) {
        char sql[600];
        snprintf(sql, sizeof sql, "SELECT setval($1::regclass, max(%s)) FROM %s",
                 PQgetvalue(r, i, 1), tid ? tid : "\"\"");
        param = PQgetvalue(r, i, 0);
        PGresult *q = PQexecParams(PS(s)->c, sql, 1, NULL, &param, NULL, NULL, 0);
        if (PQresultStatus(q) != PGRES_TUPLES_OK)
            rc = fail_res(PS(s), q, err, "ids");
        PQclear(q);
    }
    PQfreemem(tid);
    PQclear(r);
    return rc;
}

const bm_store_ops bm_store_pg_ops = {
    .scheme = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .exists = pg_exists,
    .remove = pg_remove,
    .publish = pg_publish,
    .exec = pg_exec,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .bind_text = pg_bind_text,
    .bind_int = pg_bind_int,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .reset = pg_reset,
    .col_int = pg_col_int,
    .col_text = pg_col_text,
    .col_is_null = pg_col_is_null,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .savepoint = pg_savepoint,
    .release = pg_release,
    .rollback_to = pg_rollback_to,
    .lock = pg_lock,
    .last_id = pg_last_id,
    .changes = pg_changes,
    .schema_version = pg_schema_version,
    .set_schema_version = pg_set_schema_version,
    .check = pg_check,
    .migrations = bm_pg_migrations,
    .backup = pg_backup,
    .native = pg_native,
    .builds_in_place = 1,
    .files_base = pg_files_base,
    .tables = pg_tables,
    .ids_follow = pg_ids_follow,
};
