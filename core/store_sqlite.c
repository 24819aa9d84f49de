/* The SQLite engine behind the storage seam: opening the file (WAL, synchronous=FULL, foreign
 * keys, a busy timeout), statements, transactions, the schema version in PRAGMA user_version,
 * the open-time integrity check, and SQLite's failures mapped onto bm_err. The only file of
 * core that speaks SQLite's API. */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/store.h"

/* The schema in SQLite's dialect (schema_sqlite.c). */
extern const char *const bm_sqlite_migrations[];

/* Above this size the open-time check is PRAGMA quick_check (no index cross-check), so a
 * large county's server still starts in seconds. */
#define FULL_CHECK_MAX_BYTES (256LL * 1024 * 1024)

typedef struct sq_store {
    bm_store base;
    sqlite3 *h;
    char path[512];
} sq_store;

typedef struct sq_stmt {
    bm_stmt base;
    sq_store *s;
    sqlite3_stmt *st;
} sq_stmt;

extern const bm_store_ops bm_store_sqlite_ops;

static sq_store *SQ(bm_store *s) { return (sq_store *)s; }
static sq_stmt *ST(bm_stmt *st) { return (sq_stmt *)st; }

/* The handle's last error as bm_err; `what` names the operation for the detail (the log). */
static int fail(sq_store *s, bm_err *err, const char *what)
{
    int ext = sqlite3_extended_errcode(s->h);
    const char *msg = sqlite3_errmsg(s->h);
    if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
        return bm_fail(err, BM_ECONFLICT, N_("It already exists"), "%s: %s", what, msg);
    switch (ext & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return bm_fail(err, BM_EDB, N_("The database is busy; try again"), "%s: %s", what, msg);
    case SQLITE_FULL:
        return bm_fail(err, BM_EDB, N_("The server's disk is full; call the administrator"),
                       "%s: %s", what, msg);
    case SQLITE_IOERR:
        if (sqlite3_system_errno(s->h) == ENOSPC)
            return bm_fail(err, BM_EDB, N_("The server's disk is full; call the administrator"),
                           "%s: %s", what, msg);
        return bm_fail(err, BM_EDB, N_("Database error"), "%s: %s", what, msg);
    case SQLITE_READONLY:
        return bm_fail(err, BM_EDB, N_("The database cannot be written to; nothing was saved"),
                       "%s: %s", what, msg);
    default:
        return bm_fail(err, BM_EDB, N_("Database error"), "%s: %s", what, msg);
    }
}

static int sq_exists(const char *target)
{
    return access(target, F_OK) == 0;
}

/* The file and the WAL, shared-memory and journal files beside it. */
static void sq_remove(const char *target)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char p[600];
        snprintf(p, sizeof p, "%s%s", target, suffixes[i]);
        unlink(p);
    }
}

/* The directory part of path ("." when none), for the fsync that makes a rename durable. */
static void dir_of(const char *path, char *out, size_t cap)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(out, cap, ".");
    else if (slash == path)
        snprintf(out, cap, "/");
    else
        snprintf(out, cap, "%.*s", (int)(slash - path), path);
}

static int fsync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

/* A closed WAL database has no -wal file left (the last close checkpoints it), so the main
 * file is the whole database: synced, renamed, and the directory synced so the name stays. */
static int sq_publish(const char *from, const char *to)
{
    char wal[600];
    snprintf(wal, sizeof wal, "%s-wal", from);
    if (access(wal, F_OK) == 0) {
        errno = EBUSY;
        return -1;
    }
    if (fsync_path(from, O_RDONLY) != 0 || rename(from, to) != 0)
        return -1;
    char dir[512];
    dir_of(to, dir, sizeof dir);
    return fsync_path(dir, O_RDONLY | O_DIRECTORY);
}

static int sq_exec(bm_store *s, const char *sql, bm_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(SQ(s)->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc = fail(SQ(s), err, msg ? msg : "exec");
        sqlite3_free(msg);
        return rc;
    }
    return BM_OK;
}

static void sq_close(bm_store *s)
{
    sqlite3_close(SQ(s)->h);
    free(s);
}

static int set_pragmas(bm_store *s, bm_err *err)
{
    int rc;
    sqlite3_busy_timeout(SQ(s)->h, 5000);
    if ((rc = sq_exec(s, "PRAGMA journal_mode = WAL", err)) != BM_OK ||
        (rc = sq_exec(s, "PRAGMA synchronous = FULL", err)) != BM_OK ||
        (rc = sq_exec(s, "PRAGMA foreign_keys = ON", err)) != BM_OK ||
        (rc = sq_exec(s, "PRAGMA trusted_schema = OFF", err)) != BM_OK)
        return rc;
    return BM_OK;
}

static int sq_open(const char *target, int create, bm_store **out, bm_err *err)
{
    *out = NULL;
    sq_store *s = calloc(1, sizeof *s);
    if (!s)
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    s->base.ops = &bm_store_sqlite_ops;
    bm_strlcpy(s->path, target, sizeof s->path);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(target, &s->h, flags, NULL) != SQLITE_OK) {
        int rc = bm_fail(err, BM_EDB, N_("Cannot open the database"), "%s: %s", target,
                         s->h ? sqlite3_errmsg(s->h) : "out of memory");
        sq_close(&s->base);
        return rc;
    }
    sqlite3_extended_result_codes(s->h, 1);
    int rc = set_pragmas(&s->base, err);
    if (rc != BM_OK) {
        if (err && rc == BM_EDB)
            err->reason = N_("Cannot open the database: it is not a bianmin database or is damaged");
        sq_close(&s->base);
        return rc;
    }
    *out = &s->base;
    return BM_OK;
}

static int sq_prepare(bm_store *s, const char *sql, bm_stmt **out, bm_err *err)
{
    *out = NULL;
    sq_stmt *st = calloc(1, sizeof *st);
    if (!st)
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    st->base.ops = &bm_store_sqlite_ops;
    st->s = SQ(s);
    if (sqlite3_prepare_v3(SQ(s)->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->st, NULL) !=
        SQLITE_OK) {
        int rc = fail(SQ(s), err, sql);
        sqlite3_finalize(st->st);
        free(st);
        return rc;
    }
    *out = &st->base;
    return BM_OK;
}

static void sq_finalize(bm_stmt *st)
{
    sqlite3_finalize(ST(st)->st);
    free(st);
}

static void sq_bind_text(bm_stmt *st, int idx, const char *v)
{
    sqlite3_bind_text(ST(st)->st, idx, v, -1, SQLITE_TRANSIENT);
}

static void sq_bind_int(bm_stmt *st, int idx, int64_t v)
{
    sqlite3_bind_int64(ST(st)->st, idx, v);
}

static void sq_bind_null(bm_stmt *st, int idx)
{
    sqlite3_bind_null(ST(st)->st, idx);
}

static int sq_step(bm_stmt *st, bm_err *err)
{
    int rc = sqlite3_step(ST(st)->st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    return -fail(ST(st)->s, err, sqlite3_sql(ST(st)->st));
}

static void sq_reset(bm_stmt *st)
{
    sqlite3_reset(ST(st)->st);
    sqlite3_clear_bindings(ST(st)->st);
}

static int64_t sq_col_int(bm_stmt *st, int col)
{
    return sqlite3_column_int64(ST(st)->st, col);
}

static const char *sq_col_text(bm_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(ST(st)->st, col);
}

static int sq_col_is_null(bm_stmt *st, int col)
{
    return sqlite3_column_type(ST(st)->st, col) == SQLITE_NULL;
}

/* IMMEDIATE: the write lock is taken at the start, so two writers queue on the busy timeout
 * instead of one failing at commit. */
static int sq_begin(bm_store *s, bm_err *err)
{
    return sq_exec(s, "BEGIN IMMEDIATE", err);
}

static int sq_commit(bm_store *s, bm_err *err)
{
    return sq_exec(s, "COMMIT", err);
}

static void sq_rollback(bm_store *s)
{
    sqlite3_exec(SQ(s)->h, "ROLLBACK", NULL, NULL, NULL);
}

static int sq_savepoint(bm_store *s, int depth, bm_err *err)
{
    char sp[32];
    snprintf(sp, sizeof sp, "SAVEPOINT s%d", depth);
    return sq_exec(s, sp, err);
}

static int sq_release(bm_store *s, int depth, bm_err *err)
{
    char sp[32];
    snprintf(sp, sizeof sp, "RELEASE s%d", depth);
    return sq_exec(s, sp, err);
}

static void sq_rollback_to(bm_store *s, int depth)
{
    char sp[64];
    snprintf(sp, sizeof sp, "ROLLBACK TO s%d; RELEASE s%d", depth, depth);
    sqlite3_exec(SQ(s)->h, sp, NULL, NULL, NULL);
}

/* SQLite has one writer per database: inside BEGIN IMMEDIATE this connection already holds
 * the write lock, which serialises every writer, so any named lock is held already. Outside
 * a transaction there is nothing to hold it to: refused, so a caller that forgot the
 * transaction fails instead of racing. */
static int sq_lock(bm_store *s, const char *name, bm_err *err)
{
    if (sqlite3_get_autocommit(SQ(s)->h))
        return bm_fail(err, BM_EDB, N_("Database error"), "lock %s outside a transaction", name);
    return BM_OK;
}

static int64_t sq_last_id(bm_store *s)
{
    return sqlite3_last_insert_rowid(SQ(s)->h);
}

static int64_t sq_changes(bm_store *s)
{
    return sqlite3_changes(SQ(s)->h);
}

static int sq_schema_version(bm_store *s, int *v, bm_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(SQ(s)->h, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return fail(SQ(s), err, "reading the schema version");
    if (sqlite3_step(st) != SQLITE_ROW) {
        int rc = fail(SQ(s), err, "reading the schema version");
        sqlite3_finalize(st);
        return rc;
    }
    *v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return BM_OK;
}

static int sq_set_schema_version(bm_store *s, int v, bm_err *err)
{
    char setv[64];
    snprintf(setv, sizeof setv, "PRAGMA user_version = %d", v);
    return sq_exec(s, setv, err);
}

static int sq_check(bm_store *s, bm_err *err)
{
    struct stat sb;
    int full = stat(SQ(s)->path, &sb) != 0 || sb.st_size <= FULL_CHECK_MAX_BYTES;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(SQ(s)->h, full ? "PRAGMA integrity_check(20)" : "PRAGMA quick_check(20)",
                           -1, &st, NULL) != SQLITE_OK)
        return bm_fail(err, BM_EDB,
                       N_("The database failed its integrity check; restore it from a backup"),
                       "%s", sqlite3_errmsg(SQ(s)->h));
    int rc = sqlite3_step(st);
    const char *first = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
    if (rc != SQLITE_ROW || !first || strcmp(first, "ok") != 0) {
        int r = bm_fail(err, BM_EDB,
                        N_("The database failed its integrity check; restore it from a backup"),
                        "%s", first ? first : sqlite3_errmsg(SQ(s)->h));
        sqlite3_finalize(st);
        return r;
    }
    sqlite3_finalize(st);
    return BM_OK;
}

/* SQLite's online backup into a temp file beside dest, then fsync and rename: a reader of
 * dest sees the old file or the whole new one. */
static int sq_backup(bm_store *s, const char *dest, bm_err *err)
{
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s.partial", dest);
    unlink(tmp);
    sqlite3 *out = NULL;
    int rc = sqlite3_open_v2(tmp, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    /* A copy holds personal data: the server's account alone reads it, from the start. */
    if (rc == SQLITE_OK && chmod(tmp, 0600) != 0) {
        int e = errno;
        sqlite3_close(out);
        unlink(tmp);
        return bm_fail(err, BM_EDB, N_("The backup could not be written"), "%s: %s", dest,
                       strerror(e));
    }
    sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(out, "main", SQ(s)->h, "main") : NULL;
    if (b) {
        sqlite3_backup_step(b, -1);
        sqlite3_backup_finish(b);
    }
    rc = out ? sqlite3_errcode(out) : SQLITE_NOMEM;
    char msg[200];
    snprintf(msg, sizeof msg, "%s", out ? sqlite3_errmsg(out) : "out of memory");
    if (sqlite3_close(out) != SQLITE_OK && rc == SQLITE_OK)
        rc = SQLITE_IOERR;
    if (rc != SQLITE_OK) {
        unlink(tmp);
        return bm_fail(err, BM_EDB, (rc & 0xff) == SQLITE_FULL
                                        ? N_("The server's disk is full; call the administrator")
                                        : N_("The backup could not be written"),
                       "%s: %s", dest, msg);
    }
    if (sq_publish(tmp, dest) != 0) {
        int e = errno;
        unlink(tmp);
        return bm_fail(err, BM_EDB, N_("The backup could not be written"), "%s: %s", dest,
                       strerror(e));
    }
    return BM_OK;
}

static void *sq_native(bm_store *s)
{
    return SQ(s)->h;
}

static void sq_files_base(const char *target, const char *data_dir, char *out, size_t cap)
{
    (void)data_dir;
    bm_strlcpy(out, target, cap);
}

const bm_store_ops bm_store_sqlite_ops = {
    .scheme = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .exists = sq_exists,
    .remove = sq_remove,
    .publish = sq_publish,
    .exec = sq_exec,
    .prepare = sq_prepare,
    .finalize = sq_finalize,
    .bind_text = sq_bind_text,
    .bind_int = sq_bind_int,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .reset = sq_reset,
    .col_int = sq_col_int,
    .col_text = sq_col_text,
    .col_is_null = sq_col_is_null,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .savepoint = sq_savepoint,
    .release = sq_release,
    .rollback_to = sq_rollback_to,
    .lock = sq_lock,
    .last_id = sq_last_id,
    .changes = sq_changes,
    .schema_version = sq_schema_version,
    .set_schema_version = sq_set_schema_version,
    .check = sq_check,
    .migrations = bm_sqlite_migrations,
    .backup = sq_backup,
    .native = sq_native,
    .builds_in_place = 0,
    .files_base = sq_files_base,
};
