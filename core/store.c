/* The storage seam's engine-independent half: choosing the engine from a URL, and the calls
 * domain files make, each handed to the engine's table of operations. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "core/store.h"

extern const bm_store_ops bm_store_sqlite_ops;
extern const bm_store_ops bm_store_pg_ops;

/* The engines this program carries; a new one adds its ops here. */
static const bm_store_ops *const engines[] = {&bm_store_sqlite_ops, &bm_store_pg_ops};

static char data_dir[512] = ".";
static bm_store_watch_fn watcher;

/* The engine for url and the part after "scheme:"; NULL for an unknown scheme. A bare path
 * (no scheme, or a one-letter one that is a drive) is SQLite. */
static const bm_store_ops *engine_for(const char *url, const char **target)
{
    const char *colon = strchr(url, ':');
    const char *slash = strchr(url, '/');
    if (!colon || (slash && slash < colon)) {
        *target = url;
        return &bm_store_sqlite_ops;
    }
    size_t n = (size_t)(colon - url);
    for (size_t i = 0; i < sizeof engines / sizeof engines[0]; i++)
        if (strlen(engines[i]->scheme) == n && strncmp(engines[i]->scheme, url, n) == 0) {
            *target = colon + 1;
            return engines[i];
        }
    return NULL;
}

int bm_store_open(const char *url, int create, bm_store **out, bm_err *err)
{
    *out = NULL;
    const char *target;
    const bm_store_ops *ops = engine_for(url, &target);
    if (!ops) {
        int n = (int)(strchr(url, ':') - url);
        return bm_fail(err, BM_EINVALID,
                       N_("This kind of database is not supported; use sqlite:PATH or "
                          "postgresql://..."),
                       "%.*s", n > 40 ? 40 : n, url);
    }
    return ops->open(target, create, out, err);
}

int bm_store_exists(const char *url)
{
    const char *target;
    const bm_store_ops *ops = engine_for(url, &target);
    return ops ? ops->exists(target) : -1;
}

void bm_store_remove(const char *url)
{
    const char *target;
    const bm_store_ops *ops = engine_for(url, &target);
    if (ops)
        ops->remove(target);
}

int bm_store_publish(const char *from_url, const char *to_url, bm_err *err)
{
    const char *from, *to;
    const bm_store_ops *ops = engine_for(from_url, &from);
    if (!ops || engine_for(to_url, &to) != ops)
        return bm_fail(err, BM_EINVALID,
                       N_("This kind of database is not supported; use sqlite:PATH or "
                          "postgresql://..."),
                       "%s", to_url);
    if (ops->publish(from, to) != 0)
        return bm_fail(err, BM_EDB, N_("The new database could not be put in place"), "%s: %s",
                       to, strerror(errno));
    return BM_OK;
}

void bm_store_building_url(const char *url, char *out, size_t cap)
{
    const char *target;
    const bm_store_ops *ops = engine_for(url, &target);
    if (ops && ops->builds_in_place)
        snprintf(out, cap, "%s", url);
    else
        snprintf(out, cap, "%s.init", url);
}

void bm_store_set_data_dir(const char *dir)
{
    bm_strlcpy(data_dir, dir && *dir ? dir : ".", sizeof data_dir);
}

void bm_store_files_base(const char *url, char *out, size_t cap)
{
    const char *target;
    const bm_store_ops *ops = engine_for(url, &target);
    if (ops)
        ops->files_base(target, data_dir, out, cap);
    else
        bm_strlcpy(out, url, cap);
}

int bm_store_backup(bm_store *s, const char *dest_path, bm_err *err)
{
    return s->ops->backup(s, dest_path, err);
}

void bm_store_close(bm_store *s)
{
    if (s)
        s->ops->close(s);
}

int bm_store_exec(bm_store *s, const char *sql, bm_err *err)
{
    return s->ops->exec(s, sql, err);
}

int bm_store_prepare(bm_store *s, const char *sql, bm_stmt **out, bm_err *err)
{
    return s->ops->prepare(s, sql, out, err);
}

void bm_stmt_finalize(bm_stmt *st)
{
    if (st)
        st->ops->finalize(st);
}

void bm_bind_text(bm_stmt *st, int idx, const char *s)
{
    if (s)
        st->ops->bind_text(st, idx, s);
    else
        st->ops->bind_null(st, idx);
}

void bm_bind_id(bm_stmt *st, int idx, int64_t id)
{
    if (id > 0)
        st->ops->bind_int(st, idx, id);
    else
        st->ops->bind_null(st, idx);
}

void bm_bind_int(bm_stmt *st, int idx, int64_t v)
{
    st->ops->bind_int(st, idx, v);
}

void bm_bind_null(bm_stmt *st, int idx)
{
    st->ops->bind_null(st, idx);
}

int bm_stmt_step(bm_stmt *st, bm_err *err)
{
    int r = st->ops->step(st, err);
    if (r != 1)
        st->ops->reset(st);
    return r;
}

void bm_stmt_reset(bm_stmt *st)
{
    st->ops->reset(st);
}

int64_t bm_col_int64(bm_stmt *st, int col)
{
    return st->ops->col_int(st, col);
}

int bm_col_int(bm_stmt *st, int col)
{
    return (int)st->ops->col_int(st, col);
}

const char *bm_col_str(bm_stmt *st, int col)
{
    const char *s = st->ops->col_text(st, col);
    return s ? s : "";
}

void bm_col_text(bm_stmt *st, int col, char *buf, size_t n)
{
    bm_strlcpy(buf, st->ops->col_text(st, col), n);
}

int bm_col_is_null(bm_stmt *st, int col)
{
    return st->ops->col_is_null(st, col);
}

int bm_store_begin(bm_store *s, bm_err *err)
{
    return s->ops->begin(s, err);
}

int bm_store_commit(bm_store *s, bm_err *err)
{
    return s->ops->commit(s, err);
}

void bm_store_rollback(bm_store *s)
{
    s->ops->rollback(s);
}

int bm_store_savepoint(bm_store *s, int depth, bm_err *err)
{
    return s->ops->savepoint(s, depth, err);
}

int bm_store_release(bm_store *s, int depth, bm_err *err)
{
    return s->ops->release(s, depth, err);
}

void bm_store_rollback_to(bm_store *s, int depth)
{
    s->ops->rollback_to(s, depth);
}

int bm_store_lock(bm_store *s, const char *name, bm_err *err)
{
    return s->ops->lock(s, name, err);
}

int64_t bm_store_last_id(bm_store *s)
{
    return s->ops->last_id(s);
}

int64_t bm_store_changes(bm_store *s)
{
    return s->ops->changes(s);
}

int bm_store_schema_version(bm_store *s, int *version, bm_err *err)
{
    return s->ops->schema_version(s, version, err);
}

int bm_store_set_schema_version(bm_store *s, int version, bm_err *err)
{
    return s->ops->set_schema_version(s, version, err);
}

int bm_store_check(bm_store *s, bm_err *err)
{
    return s->ops->check(s, err);
}

const char *const *bm_store_migrations(bm_store *s, int *count)
{
    int n = 0;
    while (s->ops->migrations[n])
        n++;
    *count = n;
    return s->ops->migrations;
}

int bm_store_latest_version(void)
{
    int n = 0;
    while (engines[0]->migrations[n])
        n++;
    return n;
}

void *bm_store_native(bm_store *s)
{
    return s->ops->native(s);
}

int bm_store_tables(bm_store *s, bm_table_fn each, void *ctx, bm_err *err)
{
    if (!s->ops->tables)
        return bm_fail(err, BM_EINVALID,
                       N_("This kind of database cannot be the target of a copy; use "
                          "postgresql://..."), "%s", s->ops->scheme);
    return s->ops->tables(s, each, ctx, err);
}

int bm_store_ids_follow(bm_store *s, const char *table, bm_err *err)
{
    return s->ops->ids_follow ? s->ops->ids_follow(s, table, err) : BM_OK;
}

void bm_store_watch(bm_store_watch_fn fn)
{
    watcher = fn;
}

void bm_store_tell_reachable(int reachable, const char *detail)
{
    if (watcher)
        watcher(reachable, detail ? detail : "");
}

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
