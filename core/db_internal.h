/* Inside core only: the database handle (a store from the storage seam, its named statements,
 * nested transactions and the hooks other modules register for rollback and close). Modules
 * outside core never see it; no module here sees the engine behind the store. */
#ifndef BM_DB_INTERNAL_H
#define BM_DB_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "core/db.h"
#include "core/sql.h"
#include "core/store.h"

struct bm_cal_cache;
struct bm_refusal;
struct bm_anchor;

/* What a hook is told: a transaction or savepoint was rolled back (db->tx_depth says how far
 * out), the outermost transaction committed, or the handle is closing. */
enum bm_db_event { BM_DB_ROLLED_BACK, BM_DB_CLOSING, BM_DB_COMMITTED };
typedef void (*bm_db_hook)(bm_db *db, int event);
#define BM_DB_MAX_HOOKS 8

struct bm_db {
    bm_store *store;
    bm_stmt *stmt[BM_SQL_COUNT];        /* prepared on first use, kept until close */
    int tx_depth;                       /* 0 = no transaction; >1 = nested savepoints */
    bm_db_hook hooks[BM_DB_MAX_HOOKS];
    int nhooks;
    struct bm_cal_cache *cal;           /* calendar.c: working-day data, loaded on first use */
    struct bm_refusal *refusal;         /* audit.c: a refusal waiting for the rollback */
    struct bm_anchor *anchor;           /* audit.c: the audit key and head files */
};

/* Registers hook for rollbacks and close; registering the same hook again does nothing.
 * Modules that keep data derived from the database (the calendar cache) or work to do after a
 * rollback (the refusal to record) register themselves, so db.c calls up into none of them. */
void bm_db_on_event(bm_db *db, bm_db_hook hook);

/* The statement `id`, prepared once per handle, reset and with its bindings cleared.
 * NULL (err filled) when preparing fails. */
bm_stmt *bm_sql(bm_db *db, enum bm_sql_id id, bm_err *err);

/* Steps a statement that returns no rows; resets it. */
int bm_step_done(bm_db *db, bm_stmt *st, bm_err *err);
/* Steps once: 1 = a row, 0 = done (statement reset), <0 = failed (err filled, reset). */
int bm_step_row(bm_db *db, bm_stmt *st, bm_err *err);
/* Reads every row of st into a growing array, read(st, element) filling each element of
 * elem_size bytes: for lists whose rows go to callbacks that may query the store themselves.
 * BM_OK with *rows (free it, NULL when none) and *n, or BM_EDB (err filled, nothing kept). */
int bm_collect_rows(bm_db *db, bm_stmt *st, size_t elem_size, void (*read)(bm_stmt *, void *),
                    void **rows, size_t *n, bm_err *err);
/* The one row of query q keyed by ?1: text_key when not NULL, else int_key. Returns 1 with
 * *row positioned on it (read it, then bm_stmt_reset), 0 when there is none (the caller
 * names what is missing), minus the bm_code when the store failed (err filled). */
int bm_fetch_one(bm_db *db, int q, const char *text_key, int64_t int_key, bm_stmt **row,
                 bm_err *err);

/* Write transactions: the store's write transaction at the outside, savepoints inside.
 * bm_tx_end commits when rc == BM_OK, else rolls back; it returns rc, or the commit's
 * failure. */
int bm_tx_begin(bm_db *db, bm_err *err);
int bm_tx_end(bm_db *db, int rc, bm_err *err);

/* Schema migrations: the store's own list, applied in order, each in its own transaction. */
int bm_schema_latest(void);
int bm_schema_migrate(bm_db *db, int to_version, bm_err *err);

/* Opening without the integrity check and migrations, for init and tests. */
int bm_db_open_raw(const char *url, int create, bm_db **out, bm_err *err);
/* Creates a database at schema version `version` (tests of upgrades). */
int bm_db_create_at_version(const char *url, int version, bm_err *err);

#endif
