/* The live-session registry in the store (see live_session.h): sessions registered by the
 * process that holds them, refreshed in batches, swept when their process is gone, and the
 * administrator's messages and end requests left as rows for that process to pick up. */
#include "core/live_session.h"
#include "core/audit_internal.h"
#include "core/date.h"
#include "core/db_internal.h"
#include "core/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bm_live_register(bm_db *db, const bm_live_session *s, int64_t *id, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_LIVE_INSERT, err);
    if (!st)
        return BM_EDB;
    bm_bind_text(st, 1, s->host);
    bm_bind_int(st, 2, s->pid);
    bm_bind_text(st, 3, s->session);
    bm_bind_int(st, 4, s->user_id);
    bm_bind_text(st, 5, s->login);
    bm_bind_int(st, 6, s->role);
    bm_bind_int(st, 7, s->org_id);
    bm_bind_text(st, 8, s->addr);
    bm_bind_text(st, 9, s->term);
    bm_bind_int(st, 10, s->cols);
    bm_bind_int(st, 11, s->rows);
    bm_bind_text(st, 12, s->charset);
    bm_bind_text(st, 13, s->lang);
    bm_bind_text(st, 14, s->screen);
    bm_bind_int(st, 15, (int64_t)s->started_at);
    bm_bind_int(st, 16, (int64_t)s->last_key_at);
    int rc = bm_step_done(db, st, err);
    if (rc == BM_OK && id)
        *id = bm_store_last_id(db->store);
    return rc;
}

int bm_live_touch_all(bm_db *db, const bm_live_touch *rows, size_t n, bm_err *err)
{
    if (n == 0)
        return BM_OK;
    int rc = bm_tx_begin(db, err);
    if (rc != BM_OK)
        return rc;
    for (size_t i = 0; i < n && rc == BM_OK; i++) {
        bm_stmt *st = bm_sql(db, BM_SQL_LIVE_TOUCH, err);
        if (!st) {
            rc = BM_EDB;
            break;
        }
        bm_bind_int(st, 1, rows[i].id);
        bm_bind_text(st, 2, rows[i].screen);
        bm_bind_int(st, 3, (int64_t)rows[i].last_key_at);
        bm_bind_text(st, 4, rows[i].charset);
        bm_bind_text(st, 5, rows[i].lang);
        bm_bind_int(st, 6, rows[i].cols);
        bm_bind_int(st, 7, rows[i].rows);
        rc = bm_step_done(db, st, err);
    }
    return bm_tx_end(db, rc, err);
}

/* Runs statement q with ?1 = id (a text key when host is not NULL, with ?2 = pid). */
static int run_keyed(bm_db *db, int q, int64_t id, const char *host, int pid, bm_err *err)
{
    bm_stmt *st = bm_sql(db, q, err);
    if (!st)
        return BM_EDB;
    if (host) {
        bm_bind_text(st, 1, host);
        bm_bind_int(st, 2, pid);
    } else {
        bm_bind_int(st, 1, id);
    }
    return bm_step_done(db, st, err);
}

int bm_live_unregister(bm_db *db, int64_t id, bm_err *err)
{
    int rc = bm_tx_begin(db, err);
    if (rc != BM_OK)
        return rc;
    rc = run_keyed(db, BM_SQL_LIVE_REQ_DELETE_SESSION, id, NULL, 0, err);
    if (rc == BM_OK)
        rc = run_keyed(db, BM_SQL_LIVE_DELETE, id, NULL, 0, err);
    return bm_tx_end(db, rc, err);
}

int bm_live_elsewhere(bm_db *db, int64_t user_id, const char *host, int pid, int *n,
                      bm_err *err)
{
    *n = 0;
    bm_stmt *st = bm_sql(db, BM_SQL_LIVE_ELSEWHERE, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, user_id);
    bm_bind_text(st, 2, host);
    bm_bind_int(st, 3, pid);
    int r = bm_step_row(db, st, err);
    if (r < 0)
        return BM_EDB;
    if (r == 1) {
        *n = bm_col_int(st, 0);
        bm_stmt_reset(st);
    }
    return BM_OK;
}

static void read_pid(bm_stmt *st, void *out)
{
    *(int *)out = bm_col_int(st, 0);
}

int bm_live_sweep(bm_db *db, const char *host, int my_pid, int (*alive)(int pid), int *swept,
                  bm_err *err)
{
    if (swept)
        *swept = 0;
    bm_stmt *st = bm_sql(db, BM_SQL_LIVE_PIDS, err);
    if (!st)
        return BM_EDB;
    bm_bind_text(st, 1, host);
    void *rows;
    size_t n;
    int rc = bm_collect_rows(db, st, sizeof(int), read_pid, &rows, &n, err);
    if (rc != BM_OK)
        return rc;
    const int *pids = rows;
    for (size_t i = 0; i < n && rc == BM_OK; i++) {
        if (pids[i] != my_pid && alive(pids[i]))
            continue;
        if ((rc = bm_tx_begin(db, err)) != BM_OK)
            break;
        rc = run_keyed(db, BM_SQL_LIVE_REQ_DELETE_PROCESS, 0, host, pids[i], err);
        if (rc == BM_OK)
            rc = run_keyed(db, BM_SQL_LIVE_DELETE_PROCESS, 0, host, pids[i], err);
        if (rc == BM_OK && swept)
            *swept += (int)bm_store_changes(db->store);
        rc = bm_tx_end(db, rc, err);
    }
    free(rows);
    return rc;
}

static void read_request(bm_stmt *st, void *out)
{
    bm_live_request *r = out;
    memset(r, 0, sizeof *r);
    r->id = bm_col_int64(st, 0);
    r->session_id = bm_col_int64(st, 1);
    r->kind = bm_col_int(st, 2);
    bm_col_text(st, 3, r->text, sizeof r->text);
    bm_col_text(st, 4, r->from_login, sizeof r->from_login);
}

int bm_live_take_requests(bm_db *db, const char *host, int pid,
                          void (*each)(const bm_live_request *r, void *ctx), void *ctx,
                          bm_err *err)
{
    /* A look first, without a write transaction: almost always nothing waits. */
    bm_stmt *st = bm_sql(db, BM_SQL_LIVE_REQ_FOR_PROCESS, err);
    if (!st)
        return BM_EDB;
    bm_bind_text(st, 1, host);
    bm_bind_int(st, 2, pid);
    void *rows;
    size_t n;
    int rc = bm_collect_rows(db, st, sizeof(bm_live_request), read_request, &rows, &n, err);
    if (rc != BM_OK || n == 0)
        return rc;
    bm_live_request *list = rows;
    /* Each is removed before it is acted on: a request is carried out at most once. */
    if ((rc = bm_tx_begin(db, err)) == BM_OK) {
        for (size_t i = 0; i < n && rc == BM_OK; i++)
            rc = run_keyed(db, BM_SQL_LIVE_REQ_DELETE, list[i].id, NULL, 0, err);
        rc = bm_tx_end(db, rc, err);
    }
    for (size_t i = 0; i < n && rc == BM_OK; i++)
        each(&list[i], ctx);
    free(list);
    return rc;
}

static void read_session(bm_stmt *st, void *out)
{
    bm_live_session *s = out;
    memset(s, 0, sizeof *s);
    s->id = bm_col_int64(st, 0);
    bm_col_text(st, 1, s->session, sizeof s->session);
    s->user_id = bm_col_int64(st, 2);
    bm_col_text(st, 3, s->login, sizeof s->login);
    bm_col_text(st, 4, s->name, sizeof s->name);
    s->role = bm_col_int(st, 5);
    bm_col_text(st, 6, s->unit, sizeof s->unit);
    bm_col_text(st, 7, s->addr, sizeof s->addr);
    bm_col_text(st, 8, s->term, sizeof s->term);
    s->cols = bm_col_int(st, 9);
    s->rows = bm_col_int(st, 10);
    bm_col_text(st, 11, s->charset, sizeof s->charset);
    bm_col_text(st, 12, s->lang, sizeof s->lang);
    bm_col_text(st, 13, s->screen, sizeof s->screen);
    s->started_at = (time_t)bm_col_int64(st, 14);
    s->last_key_at = (time_t)bm_col_int64(st, 15);
    bm_col_text(st, 16, s->host, sizeof s->host);
    s->pid = bm_col_int(st, 17);
}

int bm_live_list(bm_db *db, const bm_actor *who, int64_t user_id,
                 int (*each)(const bm_live_session *s, void *ctx), void *ctx, bm_err *err)
{
    int rc = bm_audit_authz(db, who, BM_ACT_USER_ADMIN, NULL, "session", "", err);
    if (rc != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_LIVE_LIST, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, user_id);
    void *rows;
    size_t n;
    if ((rc = bm_collect_rows(db, st, sizeof(bm_live_session), read_session, &rows, &n, err)) !=
        BM_OK)
        return rc;
    bm_live_session *list = rows;
    for (size_t i = 0; i < n; i++)
        if (each(&list[i], ctx))
            break;
    free(list);
    return BM_OK;
}

int bm_live_get(bm_db *db, const bm_actor *who, int64_t id, bm_live_session *out, bm_err *err)
{
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)id);
    int rc = bm_audit_authz(db, who, BM_ACT_USER_ADMIN, NULL, "session", key, err);
    if (rc != BM_OK)
        return rc;
    bm_stmt *st;
    int r = bm_fetch_one(db, BM_SQL_LIVE_GET, NULL, id, &st, err);
    if (r < 0)
        return -r;
    if (r == 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such session: it may have ended"), "%s", key);
    read_session(st, out);
    bm_stmt_reset(st);
    return BM_OK;
}

/* Leaves a request for the session's process, audited as what with after. */
static int leave_request(bm_db *db, const bm_actor *who, const bm_live_session *s, int kind,
                         const char *text, const char *what, bm_err *err)
{
    bm_json j;
    bm_json_begin(&j);
    bm_json_str(&j, "login", s->login);
    bm_json_str(&j, "address", s->addr);
    if (kind == BM_LIVE_MESSAGE)
        bm_json_str(&j, "message", text);
    char *after = bm_json_end(&j);
    if (!after)
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    int rc = bm_tx_begin(db, err);
    if (rc != BM_OK) {
        free(after);
        return rc;
    }
    bm_stmt *st = bm_sql(db, BM_SQL_LIVE_REQ_INSERT, err);
    if (!st)
        rc = BM_EDB;
    if (rc == BM_OK) {
        bm_bind_int(st, 1, s->id);
        bm_bind_int(st, 2, kind);
        bm_bind_text(st, 3, text);
        /* The server's shell has no account: its messages come from "the administrator". */
        bm_bind_text(st, 4, who->user_id && who->login ? who->login : "");
        bm_bind_int(st, 5, (int64_t)bm_now());
        rc = bm_step_done(db, st, err);
    }
    if (rc == BM_OK)
        rc = bm_audit_append(db, who, what, "session", s->session, NULL, after, NULL, err);
    free(after);
    return bm_tx_end(db, rc, err);
}

int bm_live_message(bm_db *db, const bm_actor *who, int64_t id, const char *text, bm_err *err)
{
    bm_live_session s;
    int rc = bm_live_get(db, who, id, &s, err);
    if (rc != BM_OK)
        return rc;
    size_t len = text ? strlen(text) : 0;
    while (len && text[0] == ' ')
        text++, len--;
    if (len == 0)
        return bm_err_at(err, BM_FIELD_NOTE,
                         bm_fail(err, BM_EINVALID, N_("Type the message first"), NULL));
    if (len > BM_LIVE_MESSAGE_MAX)
        return bm_err_at(err, BM_FIELD_NOTE,
                         bm_fail(err, BM_EINVALID, N_("The message is too long for one line"),
                                 "%zu bytes", len));
    for (const char *p = text; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return bm_err_at(err, BM_FIELD_NOTE,
                             bm_fail(err, BM_EINVALID, N_("The message must be one line"),
                                     NULL));
    return leave_request(db, who, &s, BM_LIVE_MESSAGE, text, "session.message", err);
}

int bm_live_end(bm_db *db, const bm_actor *who, int64_t id, bm_err *err)
{
    bm_live_session s;
    int rc = bm_live_get(db, who, id, &s, err);
    if (rc != BM_OK)
        return rc;
    if (who->session && who->session[0] && strcmp(who->session, s.session) == 0)
        return bm_fail(err, BM_EINVALID, N_("This is your own session: log out with F10"),
                       NULL);
    return leave_request(db, who, &s, BM_LIVE_END, "", "session.end", err);
}
