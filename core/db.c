/* Opening, checking, migrating and closing the SQLite database; the statement cache and
 * transactions every other core module uses. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/db_internal.h"

/* Above this size the open-time check is PRAGMA quick_check (no index cross-check), so a
 * large county's server still starts in seconds. */
#define FULL_CHECK_MAX_BYTES (256LL * 1024 * 1024)

void bm_strlcpy(char *dst, const char *src, size_t n)
{
    if (n == 0)
        return;
    if (!src)
        src = "";
    size_t len = strlen(src);
    if (len >= n) {
        len = n - 1;
        /* Back up to the start of a UTF-8 sequence so no character is cut in half. */
        while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(dst, src, len);
    dst[len] = '\0';
}

int bm_db_fail(bm_db *db, bm_err *err, const char *what)
{
    int ext = sqlite3_extended_errcode(db->h);
    if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
        return bm_fail(err, BM_ECONFLICT, N_("It already exists"), "%s: %s", what,
                       sqlite3_errmsg(db->h));
    if ((ext & 0xff) == SQLITE_BUSY || (ext & 0xff) == SQLITE_LOCKED)
        return bm_fail(err, BM_EDB, N_("The database is busy; try again"), "%s: %s", what,
                       sqlite3_errmsg(db->h));
    return bm_fail(err, BM_EDB, N_("Database error"), "%s: %s", what, sqlite3_errmsg(db->h));
}

int bm_sql_exec(bm_db *db, const char *sql, bm_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc = bm_db_fail(db, err, msg ? msg : "exec");
        sqlite3_free(msg);
        return rc;
    }
    return BM_OK;
}

sqlite3_stmt *bm_sql(bm_db *db, enum bm_sql_id id, bm_err *err)
{
    sqlite3_stmt *st = db->stmt[id];
    if (!st) {
        if (!bm_sql_text[id]) {
            bm_fail(err, BM_EDB, N_("Database error"), "statement %d has no text", (int)id);
            return NULL;
        }
        if (sqlite3_prepare_v3(db->h, bm_sql_text[id], -1, SQLITE_PREPARE_PERSISTENT, &st,
                               NULL) != SQLITE_OK) {
            bm_db_fail(db, err, bm_sql_text[id]);
            return NULL;
        }
        db->stmt[id] = st;
    } else {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
    return st;
}

int bm_step_done(bm_db *db, sqlite3_stmt *st, bm_err *err)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        rc = bm_db_fail(db, err, sqlite3_sql(st));
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    return BM_OK;
}

int bm_step_row(bm_db *db, sqlite3_stmt *st, bm_err *err)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE) {
        sqlite3_reset(st);
        return 0;
    }
    bm_db_fail(db, err, sqlite3_sql(st));
    sqlite3_reset(st);
    return -1;
}

int bm_fetch_one(bm_db *db, int q, const char *text_key, int64_t int_key, sqlite3_stmt **row,
                 bm_err *err)
{
    sqlite3_stmt *st = bm_sql(db, (enum bm_sql_id)q, err);
    if (!st)
        return -1;
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
    int rc;
    if (db->tx_depth == 0) {
        rc = bm_sql_exec(db, "BEGIN IMMEDIATE", err);
    } else {
        char sp[32];
        snprintf(sp, sizeof sp, "SAVEPOINT s%d", db->tx_depth);
        rc = bm_sql_exec(db, sp, err);
    }
    if (rc == BM_OK)
        db->tx_depth++;
    return rc;
}

int bm_tx_end(bm_db *db, int rc, bm_err *err)
{
    if (db->tx_depth <= 0)
        return rc;
    db->tx_depth--;
    if (db->tx_depth == 0) {
        if (rc == BM_OK)
            return bm_sql_exec(db, "COMMIT", err);
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
        bm_calendar_cache_free(db);  /* it may hold rolled-back data */
        bm_audit_flush_refusal(db);
        return rc;
    }
    char sp[64];
    if (rc == BM_OK) {
        snprintf(sp, sizeof sp, "RELEASE s%d", db->tx_depth);
        return bm_sql_exec(db, sp, err);
    }
    snprintf(sp, sizeof sp, "ROLLBACK TO s%d; RELEASE s%d", db->tx_depth, db->tx_depth);
    sqlite3_exec(db->h, sp, NULL, NULL, NULL);
    bm_calendar_cache_free(db);
    return rc;
}

void bm_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
    if (s)
        sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, idx);
}

void bm_bind_id(sqlite3_stmt *st, int idx, int64_t id)
{
    if (id > 0)
        sqlite3_bind_int64(st, idx, id);
    else
        sqlite3_bind_null(st, idx);
}

void bm_bind_int(sqlite3_stmt *st, int idx, int64_t v)
{
    sqlite3_bind_int64(st, idx, v);
}

void bm_col_text(sqlite3_stmt *st, int col, char *buf, size_t n)
{
    bm_strlcpy(buf, (const char *)sqlite3_column_text(st, col), n);
}

static int set_pragmas(bm_db *db, bm_err *err)
{
    int rc;
    sqlite3_busy_timeout(db->h, 5000);
    if ((rc = bm_sql_exec(db, "PRAGMA journal_mode = WAL", err)) != BM_OK ||
        (rc = bm_sql_exec(db, "PRAGMA synchronous = FULL", err)) != BM_OK ||
        (rc = bm_sql_exec(db, "PRAGMA foreign_keys = ON", err)) != BM_OK ||
        (rc = bm_sql_exec(db, "PRAGMA trusted_schema = OFF", err)) != BM_OK)
        return rc;
    return BM_OK;
}

int bm_db_open_raw(const char *path, int create, bm_db **out, bm_err *err)
{
    *out = NULL;
    bm_db *db = sqlite3_malloc(sizeof *db);
    if (!db)
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    memset(db, 0, sizeof *db);
    bm_strlcpy(db->path, path, sizeof db->path);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
        int rc = bm_fail(err, BM_EDB, N_("Cannot open the database"), "%s: %s", path,
                         db->h ? sqlite3_errmsg(db->h) : "out of memory");
        sqlite3_close(db->h);
        sqlite3_free(db);
        return rc;
    }
    sqlite3_extended_result_codes(db->h, 1);
    int rc = set_pragmas(db, err);
    if (rc != BM_OK) {
        if (err && rc == BM_EDB)
            err->reason = N_("Cannot open the database: it is not a bianmin database or is damaged");
        bm_db_close(db);
        return rc;
    }
    *out = db;
    return BM_OK;
}

static int integrity_check(bm_db *db, const char *path, bm_err *err)
{
    struct stat sb;
    int full = stat(path, &sb) != 0 || sb.st_size <= FULL_CHECK_MAX_BYTES;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->h, full ? "PRAGMA integrity_check(20)" : "PRAGMA quick_check(20)",
                           -1, &st, NULL) != SQLITE_OK)
        return bm_fail(err, BM_EDB,
                       N_("The database failed its integrity check; restore it from a backup"),
                       "%s", sqlite3_errmsg(db->h));
    int rc = sqlite3_step(st);
    const char *first = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
    if (rc != SQLITE_ROW || !first || strcmp(first, "ok") != 0) {
        int r = bm_fail(err, BM_EDB,
                        N_("The database failed its integrity check; restore it from a backup"),
                        "%s", first ? first : sqlite3_errmsg(db->h));
        sqlite3_finalize(st);
        return r;
    }
    sqlite3_finalize(st);
    return BM_OK;
}

int bm_db_open(const char *path, bm_db **out, bm_err *err)
{
    *out = NULL;
    if (access(path, F_OK) != 0)
        return bm_fail(err, BM_ENOTFOUND,
                       N_("There is no database yet; create one with `bianmin init`"), "%s", path);
    bm_db *db;
    int rc = bm_db_open_raw(path, 0, &db, err);
    if (rc != BM_OK)
        return rc;
    if ((rc = integrity_check(db, path, err)) != BM_OK ||
        (rc = bm_schema_migrate(db, bm_schema_latest(), err)) != BM_OK) {
        bm_db_close(db);
        return rc;
    }
    *out = db;
    return BM_OK;
}

int bm_db_create_at_version(const char *path, int version, bm_err *err)
{
    if (access(path, F_OK) == 0)
        return bm_fail(err, BM_ECONFLICT, N_("The database file already exists"), "%s", path);
    bm_db *db;
    int rc = bm_db_open_raw(path, 1, &db, err);
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
        if (db->stmt[i])
            sqlite3_finalize(db->stmt[i]);
    bm_calendar_cache_free(db);
    sqlite3_close(db->h);
    sqlite3_free(db);
}
