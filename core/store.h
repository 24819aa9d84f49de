/* The storage seam: the one small interface through which core reaches its database. Each
 * engine (today SQLite, store_sqlite.c) fills in one table of operations; domain files speak
 * only this interface and the portable SQL of sql.c, so another engine adds one implementation
 * and one schema and changes no domain file.
 *
 * Statements use numbered parameters ?1, ?2 ... (an engine that spells them otherwise rewrites
 * them when preparing). Column reads are by position, valid until the next step or reset.
 *
 * Adding a statement: an id in enum bm_sql_id (core/sql.h) and its portable text in
 * core/sql.c; the domain file takes it with bm_sql(db, BM_SQL_..., err) (core/db_internal.h),
 * binds with bm_bind_*, steps with bm_stmt_step (or bm_fetch_one for one row) and reads with
 * bm_col_*. A new table or column is a numbered migration at the end of core/schema_sqlite.c. */
#ifndef BM_STORE_H
#define BM_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "core/err.h"

typedef struct bm_store bm_store;
typedef struct bm_stmt bm_stmt;
/* One table of a database (bm_store_tables): nonzero stops the listing. */
typedef int (*bm_table_fn)(void *ctx, const char *table, const char *columns, const char *refs);

/* One engine's operations. Failures fill err through the engine's own error mapping: a
 * uniqueness violation is BM_ECONFLICT; busy, disk full and read-only have reasons of their
 * own; the detail keeps the engine's text for the log only. */
typedef struct bm_store_ops {
    const char *scheme;   /* the URL scheme, e.g. "sqlite" */
    /* target is what follows "scheme:"; create makes it when missing. */
    int (*open)(const char *target, int create, bm_store **out, bm_err *err);
    void (*close)(bm_store *s);
    /* 1 when the target already exists (a file, a database), 0 when not, -1 when it cannot
     * be told (a server that does not answer: opening says why). */
    int (*exists)(const char *target);
    /* Removes a database that could not be made whole (init failed half-way). */
    void (*remove)(const char *target);
    /* Puts a finished database `from` (closed) in place as `to` in one step that a crash
     * cannot split: made durable first, then renamed over nothing. 0 or -1 with errno. */
    int (*publish)(const char *from, const char *to);
    /* Runs text without parameters or rows (DDL, several statements allowed). */
    int (*exec)(bm_store *s, const char *sql, bm_err *err);
    int (*prepare)(bm_store *s, const char *sql, bm_stmt **out, bm_err *err);
    void (*finalize)(bm_stmt *st);
    void (*bind_text)(bm_stmt *st, int idx, const char *s);
    void (*bind_int)(bm_stmt *st, int idx, int64_t v);
    void (*bind_null)(bm_stmt *st, int idx);
    /* 1 a row, 0 done, or minus the bm_code of the failure (err filled). */
    int (*step)(bm_stmt *st, bm_err *err);
    /* Ready to run again; bindings are cleared too. */
    void (*reset)(bm_stmt *st);
    int64_t (*col_int)(bm_stmt *st, int col);
    const char *(*col_text)(bm_stmt *st, int col);   /* NULL for SQL NULL */
    int (*col_is_null)(bm_stmt *st, int col);
    /* Transactions: begin takes the write lock at once (writers queue here, not at commit). */
    int (*begin)(bm_store *s, bm_err *err);
    int (*commit)(bm_store *s, bm_err *err);
    void (*rollback)(bm_store *s);
    int (*savepoint)(bm_store *s, int depth, bm_err *err);
    int (*release)(bm_store *s, int depth, bm_err *err);
    void (*rollback_to)(bm_store *s, int depth);
    /* A lock named `name` held until the current write transaction ends. */
    int (*lock)(bm_store *s, const char *name, bm_err *err);
    int64_t (*last_id)(bm_store *s);
    int64_t (*changes)(bm_store *s);
    /* The schema version recorded in the database, and setting it (inside a transaction). */
    int (*schema_version)(bm_store *s, int *version, bm_err *err);
    int (*set_schema_version)(bm_store *s, int version, bm_err *err);
    /* The open-time check that the data is whole. */
    int (*check)(bm_store *s, bm_err *err);
    /* The engine's schema as numbered migrations (DDL in the engine's dialect), NULL-ended. */
    const char *const *migrations;
    /* A consistent copy of the whole database, taken while others work, written to a new
     * file at dest_path whole or not at all. */
    int (*backup)(bm_store *s, const char *dest_path, bm_err *err);
    /* The engine's own handle, for tests that inspect the file on purpose. */
    void *(*native)(bm_store *s);
    /* 1: init builds the database at its final name and publish only marks it whole (a
     * server's database cannot be renamed into place); 0: built beside it and renamed. */
    int builds_in_place;
    /* The path beside which files that belong to the database live (the audit key and head):
     * a file database's own path; for a server's, data_dir/<database name>. */
    void (*files_base)(const char *target, const char *data_dir, char *out, size_t cap);
    /* Copying a whole database into this engine (bianmin migrate); NULL where it cannot be
     * a target. The product's tables (not the engine's own bookkeeping), each with its
     * columns "a,b,c" in order and the other tables it references "t,u" ("" when none). */
    int (*tables)(bm_store *s, bm_table_fn each, void *ctx, bm_err *err);
    /* After rows were copied in with their own ids: the ids the table gives next follow. */
    int (*ids_follow)(bm_store *s, const char *table, bm_err *err);
} bm_store_ops;

/* Every engine's store and statement begin with these. */
struct bm_store {
    const bm_store_ops *ops;
};
struct bm_stmt {
    const bm_store_ops *ops;
};

/* Opens "scheme:target", or a bare path as SQLite. An unknown scheme is refused (BM_EINVALID)
 * with a reason naming it. create: make the database when it is missing. */
int bm_store_open(const char *url, int create, bm_store **out, bm_err *err);
/* 1 when the database the URL names already exists, 0 when not, -1 for an unknown scheme or
 * when it cannot be told (a server that does not answer). */
int bm_store_exists(const char *url);
void bm_store_close(bm_store *s);
/* Removes the database the URL names (after a failed creation). */
void bm_store_remove(const char *url);
/* Moves the closed database `from_url` to `to_url` (same engine) durably and atomically, so
 * a database under construction never appears under its final name half made. */
int bm_store_publish(const char *from_url, const char *to_url, bm_err *err);
/* The name a database is built under before it is published as url. */
void bm_store_building_url(const char *url, char *out, size_t cap);
/* The directory for the files a database on a server keeps on this machine (its audit key and
 * head); "." until set. A file database keeps them beside itself. */
void bm_store_set_data_dir(const char *dir);
/* The path the database's own files are named from (see files_base above). */
void bm_store_files_base(const char *url, char *out, size_t cap);

int bm_store_exec(bm_store *s, const char *sql, bm_err *err);
int bm_store_prepare(bm_store *s, const char *sql, bm_stmt **out, bm_err *err);
void bm_stmt_finalize(bm_stmt *st);

/* Binding: NULL text binds SQL NULL; ids <= 0 bind NULL (no row has id 0). */
void bm_bind_text(bm_stmt *st, int idx, const char *s);
void bm_bind_id(bm_stmt *st, int idx, int64_t id);
void bm_bind_int(bm_stmt *st, int idx, int64_t v);
void bm_bind_null(bm_stmt *st, int idx);

/* 1 a row, 0 done (statement reset), or minus the bm_code of the failure (err filled,
 * statement reset). */
int bm_stmt_step(bm_stmt *st, bm_err *err);
void bm_stmt_reset(bm_stmt *st);

int64_t bm_col_int64(bm_stmt *st, int col);
int bm_col_int(bm_stmt *st, int col);
/* The text of a column ("" for NULL), valid until the next step or reset. */
const char *bm_col_str(bm_stmt *st, int col);
/* Copies a text column (NULL -> ""), truncating at a character boundary. */
void bm_col_text(bm_stmt *st, int col, char *buf, size_t n);
int bm_col_is_null(bm_stmt *st, int col);

int bm_store_begin(bm_store *s, bm_err *err);
int bm_store_commit(bm_store *s, bm_err *err);
void bm_store_rollback(bm_store *s);
int bm_store_savepoint(bm_store *s, int depth, bm_err *err);
int bm_store_release(bm_store *s, int depth, bm_err *err);
void bm_store_rollback_to(bm_store *s, int depth);
/* Takes the named lock until the current write transaction ends; call it inside one. */
int bm_store_lock(bm_store *s, const char *name, bm_err *err);
int64_t bm_store_last_id(bm_store *s);
int64_t bm_store_changes(bm_store *s);
int bm_store_schema_version(bm_store *s, int *version, bm_err *err);
int bm_store_set_schema_version(bm_store *s, int version, bm_err *err);
int bm_store_check(bm_store *s, bm_err *err);
int bm_store_backup(bm_store *s, const char *dest_path, bm_err *err);
const char *const *bm_store_migrations(bm_store *s, int *count);
/* The schema version this program brings (every engine's list has as many migrations). */
int bm_store_latest_version(void);
void *bm_store_native(bm_store *s);
/* The tables of a database this engine can copy into, and the ids after such a copy (see the
 * ops above); BM_EINVALID from an engine that cannot be a target. */
int bm_store_tables(bm_store *s, bm_table_fn each, void *ctx, bm_err *err);
int bm_store_ids_follow(bm_store *s, const char *table, bm_err *err);

/* Told when a database server stops answering (reachable 0, with the engine's words) and when
 * it answers again (1), once per outage: the server logs it. None by default. */
typedef void (*bm_store_watch_fn)(int reachable, const char *detail);
void bm_store_watch(bm_store_watch_fn fn);
/* An engine says so here. */
void bm_store_tell_reachable(int reachable, const char *detail);

/* Copies src into dst (size n) without splitting a UTF-8 sequence. */
void bm_strlcpy(char *dst, const char *src, size_t n);

#endif
