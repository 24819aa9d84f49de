/* Inside core only: the database handle, its cached statements, transactions and the mapping
 * of SQLite failures onto bm_err. Modules outside core never see SQLite. */
#ifndef BM_DB_INTERNAL_H
#define BM_DB_INTERNAL_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include "core/db.h"
#include "core/user.h"
#include "core/sql.h"

struct bm_cal_cache;

/* A refusal waiting to be written to the audit log once the transaction it happened in has
 * been rolled back (so that "refused" is recorded although nothing else is). */
struct bm_refusal {
    int pending;
    int64_t user_id;
    int role;
    char login[33];
    char session[64];
    char addr[64];
    char object[16];
    char object_id[24];
    char note[320];
};

struct bm_db {
    sqlite3 *h;
    sqlite3_stmt *stmt[BM_SQL_COUNT];   /* prepared on first use, kept until close */
    int tx_depth;                       /* 0 = no transaction; >1 = nested savepoints */
    struct bm_cal_cache *cal;           /* working-day data, loaded on first use */
    struct bm_refusal refusal;
    char path[512];
};

/* The statement `id`, prepared once per handle, reset and with its bindings cleared.
 * NULL (err filled) when preparing fails. */
sqlite3_stmt *bm_sql(bm_db *db, enum bm_sql_id id, bm_err *err);

/* Runs SQL text without parameters (pragmas, DDL, transaction control). */
int bm_sql_exec(bm_db *db, const char *sql, bm_err *err);

/* Turns the handle's last SQLite error into BM_EDB (or BM_ECONFLICT for a uniqueness
 * violation); `what` names the operation for the detail. */
int bm_db_fail(bm_db *db, bm_err *err, const char *what);

/* Steps a statement that returns no rows; resets it. */
int bm_step_done(bm_db *db, sqlite3_stmt *st, bm_err *err);
/* Steps once: 1 = a row, 0 = done (statement reset), <0 = failed (err filled, reset). */
int bm_step_row(bm_db *db, sqlite3_stmt *st, bm_err *err);
/* The one row of query q keyed by ?1: text_key when not NULL, else int_key. Returns 1 with
 * *row positioned on it (read it, then sqlite3_reset), 0 when there is none (the caller
 * names what is missing), <0 when SQLite failed (err filled). */
int bm_fetch_one(bm_db *db, int q, const char *text_key, int64_t int_key, sqlite3_stmt **row,
                 bm_err *err);

/* Write transactions: BEGIN IMMEDIATE at the outside, savepoints inside. bm_tx_end commits
 * when rc == BM_OK, else rolls back; it returns rc, or the commit's failure. */
int bm_tx_begin(bm_db *db, bm_err *err);
int bm_tx_end(bm_db *db, int rc, bm_err *err);

/* Binding: NULL text binds SQL NULL; ids <= 0 bind NULL (no row has id 0). */
void bm_bind_text(sqlite3_stmt *st, int idx, const char *s);
void bm_bind_id(sqlite3_stmt *st, int idx, int64_t id);
void bm_bind_int(sqlite3_stmt *st, int idx, int64_t v);
/* Copies a text column (NULL -> ""), truncating at a character boundary. */
void bm_col_text(sqlite3_stmt *st, int col, char *buf, size_t n);

/* Copies src into dst (size n) without splitting a UTF-8 sequence. */
void bm_strlcpy(char *dst, const char *src, size_t n);

/* Appends one audit entry chained to the last (inside the caller's transaction, or its own).
 * before / after are compact JSON or NULL. */
int bm_audit_append(bm_db *db, const bm_actor *who, const char *what, const char *object,
                    const char *object_id, const char *before, const char *after,
                    const char *note, bm_err *err);
/* Records a refusal: written at once outside a transaction, else after the rollback. */
void bm_audit_refusal(bm_db *db, const bm_actor *who, const char *object,
                      const char *object_id, const char *note);
void bm_audit_flush_refusal(bm_db *db);

/* bm_authz_check naming the object refused, for the audit entry. */
struct bm_place;
int bm_authz_check_on(bm_db *db, const bm_actor *who, int action, const struct bm_place *place,
                      const char *object, const char *object_id, bm_err *err);

/* Schema migrations (schema.c). */
int bm_schema_latest(void);
int bm_schema_migrate(bm_db *db, int to_version, bm_err *err);

/* Opening without the integrity check and migrations, for init and tests. */
int bm_db_open_raw(const char *path, int create, bm_db **out, bm_err *err);
/* Creates a database at schema version `version` (tests of upgrades). */
int bm_db_create_at_version(const char *path, int version, bm_err *err);

/* The calendar cache is dropped when calendar data changes. */
void bm_calendar_cache_free(bm_db *db);

#endif
