/* The case database over the storage seam: opening, checking, migrating and closing it; the
 * named-statement cache, nested transactions and the hooks every other core module uses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/db_internal.h"

void bm_db_on_event(bm_db *db, bm_db_hook hook)
{
    for (int i = 0; i < db->nhooks; i++)
        if (db->hooks[i] == hook)
            return;
    if (db->nhooks < BM_DB_MAX_HOOKS)
        db->hooks[db->nhooks++] = hook;
}

static void tell(bm_db *db, int event)
{
    for (int i = 0; i < db->nhooks; i++)
        db->hooks[i](db, event);
}

bm_stmt *bm_sql(bm_db *db, enum bm_sql_id id, bm_err *err)
{
    bm_stmt *st = db->stmt[id];
    if (!st) {
        if (!bm_sql_text[id]) {
            bm_fail(err, BM_EDB, N_("Database error"), "statement %d has no text", (int)id);
            return NULL;
        }
        if (bm_store_prepare(db->store, bm_sql_text[id], &st, err) != BM_OK)
            return NULL;
        db->stmt[id] = st;
    } else {
        bm_stmt_reset(st);
    }
    return st;
}

int bm_step_done(bm_db *db, bm_stmt *st, bm_err *err)
{
    (void)db;
    int r = bm_stmt_step(st, err);
    if (r < 0)
        return -r;
    bm_stmt_reset(st);
    return BM_OK;
}

int bm_step_row(bm_db *db, bm_stmt *st, bm_err *err)
{
    (void)db;
    return bm_stmt_step(st, err);
}

int bm_collect_rows(bm_db *db, bm_stmt *st, size_t elem_size, void (*read)(bm_stmt *, void *),
                    void **rows, size_t *n, bm_err *err)
{
    char *list = NULL;
    size_t count = 0, cap = 0;
    int r;
    *rows = NULL;
    *n = 0;
    while ((r = bm_step_row(db, st, err)) == 1) {
        if (count == cap) {
            cap = cap ? cap * 2 : 16;
            char *l = realloc(list, cap * elem_size);
            if (!l) {
                free(list);
                bm_stmt_reset(st);
                return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
            }
            list = l;
        }
        read(st, list + count++ * elem_size);
    }
    if (r < 0) {
        free(list);
        return BM_EDB;
    }
    *rows = list;
    *n = count;
    return BM_OK;
}

int bm_fetch_one(bm_db *db, int q, const char *text_key, int64_t int_key, bm_stmt **row,
                 bm_err *err)
{
    bm_stmt *st = bm_sql(db, (enum bm_sql_id)q, err);
    if (!st)
        return -BM_EDB;
    if (text_key)
        bm_bind_text(st, 1, text_key);
    else
        bm_bind_int(st, 1, int_key);
    int r = bm_step_row(db, st, err);
    *row = r == 1 ? st : NULL;
    return r;
}

int bm_tx_begin(bm_db *db, bm_err *err)
{
    int rc = db->tx_depth == 0 ? bm_store_begin(db->store, err)
                               : bm_store_savepoint(db->store, db->tx_depth, err);
    if (rc == BM_OK)
        db->tx_depth++;
    return rc;
}

int bm_tx_end(bm_db *db, int rc, bm_err *err)
{
    if (db->tx_depth <= 0)
        return rc;
    db->tx_depth--;
    if (rc == BM_OK && db->tx_depth > 0)
        return bm_store_release(db->store, db->tx_depth, err);
    if (rc == BM_OK) {
        rc = bm_store_commit(db->store, err);
        if (rc == BM_OK)
            tell(db, BM_DB_COMMITTED);
        return rc;
    }
    if (db->tx_depth == 0)
        bm_store_rollback(db->store);
    else
        bm_store_rollback_to(db->store, db->tx_depth);
    tell(db, BM_DB_ROLLED_BACK);
    return rc;
}

int bm_schema_latest(void)
{
    return bm_store_latest_version();
}

int bm_schema_migrate(bm_db *db, int to_version, bm_err *err)
{
    int v = 0, count, rc;
    const char *const *migrations = bm_store_migrations(db->store, &count);
    if ((rc = bm_store_schema_version(db->store, &v, err)) != BM_OK)
        return rc;
    if (v > count)
        return bm_fail(err, BM_EINVALID,
                       N_("The database was made by a newer version of bianmin; upgrade the program"),
                       "schema version %d, this program knows up to %d", v, count);
    for (; v < to_version && v < count; v++) {
        if ((rc = bm_store_begin(db->store, err)) != BM_OK)
            return rc;
        if ((rc = bm_store_exec(db->store, migrations[v], err)) != BM_OK ||
            (rc = bm_store_set_schema_version(db->store, v + 1, err)) != BM_OK) {
            bm_store_rollback(db->store);
            if (err)
                err->reason = N_("Upgrading the database schema failed");
            return rc;
        }
        if ((rc = bm_store_commit(db->store, err)) != BM_OK)
            return rc;
    }
    return BM_OK;
}

int bm_db_open_raw(const char *url, int create, bm_db **out, bm_err *err)
{
    *out = NULL;
    bm_db *db = calloc(1, sizeof *db);
    if (!db)
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    int rc = bm_store_open(url, create, &db->store, err);
    if (rc != BM_OK) {
        free(db);
        return rc;
    }
    *out = db;
    return BM_OK;
}

int bm_db_create_at_version(const char *url, int version, bm_err *err)
{
    if (bm_store_exists(url) == 1)
        return bm_fail(err, BM_ECONFLICT, N_("The database file already exists"), "%s", url);
    bm_db *db;
    int rc = bm_db_open_raw(url, 1, &db, err);
    if (rc != BM_OK)
        return rc;
    rc = bm_schema_migrate(db, version, err);
    bm_db_close(db);
    return rc;
}

void bm_db_close(bm_db *db)
{
    if (!db)
        return;
    for (int i = 0; i < BM_SQL_COUNT; i++)
        bm_stmt_finalize(db->stmt[i]);
    tell(db, BM_DB_CLOSING);
    bm_store_close(db->store);
    free(db);
}
