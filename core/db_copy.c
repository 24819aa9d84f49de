/* Moving a county's data into a new database (see db_copy.h): the target's tables in an order
 * that puts each after those it references, each row copied with its own values and ids, in
 * one transaction on each side; counted and the audit chain verified before it is published. */
#include <stdio.h>
#include <string.h>
#include "core/audit.h"
#include "core/audit_internal.h"
#include "core/db_copy.h"
#include "core/db_internal.h"

#define MAX_TABLES 128
#define MAX_COLS 64           /* the most parameters one statement takes on every engine */
#define PROGRESS_EVERY 2000   /* rows between progress calls */

struct table {
    char name[64];
    char cols[2048];   /* "a","b",... quoted for SQL */
    int ncols;
    char refs[1024];
    int placed;
};

struct tables {
    struct table t[MAX_TABLES];
    int n;
    int bad;            /* a name the copy does not take, or too many tables or columns */
    int order[MAX_TABLES];
};

/* Names made of lower-case letters, digits and '_' only: the product's own. */
static int plain_name(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return 0;
    return 1;
}

static int collect(void *ctx, const char *table, const char *columns, const char *refs)
{
    struct tables *l = ctx;
    if (l->n == MAX_TABLES || !plain_name(table, strlen(table)) ||
        strlen(table) >= sizeof l->t[0].name || strlen(refs) >= sizeof l->t[0].refs) {
        l->bad = 1;
        return 1;
    }
    struct table *t = &l->t[l->n++];
    snprintf(t->name, sizeof t->name, "%s", table);
    snprintf(t->refs, sizeof t->refs, "%s", refs);
    size_t at = 0;
    for (const char *p = columns; *p;) {
        size_t len = strcspn(p, ",");
        if (!plain_name(p, len) || t->ncols == MAX_COLS || at + len + 4 >= sizeof t->cols) {
            l->bad = 1;
            return 1;
        }
        at += (size_t)snprintf(t->cols + at, sizeof t->cols - at, "%s\"%.*s\"",
                               t->ncols ? "," : "", (int)len, p);
        t->ncols++;
        p += len + (p[len] == ',');
    }
    return 0;
}

/* 1 when the table named by refs[0..len) is in the list and not placed yet. */
static int waits_for(const struct tables *l, const char *ref, size_t len)
{
    for (int i = 0; i < l->n; i++)
        if (strlen(l->t[i].name) == len && strncmp(l->t[i].name, ref, len) == 0)
            return !l->t[i].placed;
    return 0;
}

/* Each table after those it references; -1 when references go round in a circle. */
static int order_tables(struct tables *l)
{
    for (int k = 0; k < l->n; k++) {
        int found = -1;
        for (int i = 0; i < l->n && found < 0; i++) {
            if (l->t[i].placed)
                continue;
            int ready = 1;
            for (const char *p = l->t[i].refs; *p && ready;) {
                size_t len = strcspn(p, ",");
                ready = !waits_for(l, p, len);
                p += len + (p[len] == ',');
            }
            if (ready)
                found = i;
        }
        if (found < 0)
            return -1;
        l->t[found].placed = 1;
        l->order[k] = found;
    }
    return 0;
}

static int64_t count_rows(bm_store *s, const char *table, bm_err *err)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", table);
    bm_stmt *st;
    if (bm_store_prepare(s, sql, &st, err) != BM_OK)
        return -1;
    int r = bm_stmt_step(st, err);
    int64_t n = r == 1 ? bm_col_int64(st, 0) : -1;
    bm_stmt_finalize(st);
    return n;
}

/* Every row of t from src into dst, values as they are (NULL stays NULL), oldest first so a
 * row that names an earlier one of its own table finds it. */
static int copy_table(bm_store *src, bm_store *dst, const struct table *t, int index, int tables,
                      bm_copy_fn progress, void *ctx, int64_t *rows, bm_err *err)
{
    char sel[2300], ins[2700];
    snprintf(sel, sizeof sel, "SELECT %s FROM \"%s\" ORDER BY 1", t->cols, t->name);
    int at = snprintf(ins, sizeof ins, "INSERT INTO \"%s\" (%s) VALUES (", t->name, t->cols);
    for (int c = 1; c <= t->ncols; c++)
        at += snprintf(ins + at, sizeof ins - (size_t)at, "%s?%d", c > 1 ? "," : "", c);
    snprintf(ins + at, sizeof ins - (size_t)at, ")");
    bm_stmt *from, *to;
    int rc = bm_store_prepare(src, sel, &from, err);
    if (rc != BM_OK)
        return rc;
    if ((rc = bm_store_prepare(dst, ins, &to, err)) != BM_OK) {
        bm_stmt_finalize(from);
        return rc;
    }
    int64_t n = 0;
    int r;
    while ((r = bm_stmt_step(from, err)) == 1) {
        for (int c = 0; c < t->ncols; c++) {
            if (bm_col_is_null(from, c))
                bm_bind_null(to, c + 1);
            else
                bm_bind_text(to, c + 1, bm_col_str(from, c));
        }
        if ((r = bm_stmt_step(to, err)) < 0)
            break;
        bm_stmt_reset(to);
        if (++n % PROGRESS_EVERY == 0 && progress)
            progress(ctx, t->name, index, tables, n, 0);
    }
    bm_stmt_finalize(from);
    bm_stmt_finalize(to);
    if (r < 0)
        return -r;
    *rows = n;
    if (progress)
        progress(ctx, t->name, index, tables, n, 1);
    return bm_store_ids_follow(dst, t->name, err);
}

/* The copy checked as a server would open it: the audit chain whole under the key copied
 * beside it, every entry there. */
static int verify_audit(const char *building, const char *to_url, int64_t want, int64_t *checked,
                        bm_err *err)
{
    bm_db *v;
    int rc = bm_db_open_raw(building, 0, &v, err);
    if (rc != BM_OK)
        return rc;
    int64_t broken = 0;
    if ((rc = bm_audit_anchor_open(v, to_url, 0, err)) == BM_OK &&
        (rc = bm_audit_verify(v, &broken, checked, err)) == BM_OK &&
        (broken != 0 || *checked != want))
        rc = bm_fail(err, BM_EDB, N_("The copy's audit log does not verify; it was not kept"),
                     "first broken entry %lld, %lld of %lld checked", (long long)broken,
                     (long long)*checked, (long long)want);
    bm_db_close(v);
    return rc;
}

static int copy_all(bm_db *src, bm_db *dst, struct tables *l, bm_copy_fn progress, void *ctx,
                    bm_copy_report *out, bm_err *err)
{
    int rc = bm_store_begin(dst->store, err);
    if (rc != BM_OK)
        return rc;
    for (int k = 0; k < l->n && rc == BM_OK; k++) {
        struct table *t = &l->t[l->order[k]];
        int64_t rows = 0;
        /* A table the target's schema filled itself starts empty: the source's rows are
         * the whole truth. */
        char sql[128];
        snprintf(sql, sizeof sql, "DELETE FROM \"%s\"", t->name);
        if (count_rows(dst->store, t->name, err) != 0)
            rc = bm_store_exec(dst->store, sql, err);
        if (rc == BM_OK)
            rc = copy_table(src->store, dst->store, t, k + 1, l->n, progress, ctx, &rows, err);
        out->rows += rows;
    }
    if (rc == BM_OK)
        rc = bm_store_commit(dst->store, err);
    else
        bm_store_rollback(dst->store);
    /* The planner's statistics of the copy: without them PostgreSQL guesses at first (an
     * open case's page took ten times longer on a freshly copied county). */
    if (rc == BM_OK)
        rc = bm_store_exec(dst->store, "ANALYZE", err);
    /* Counted again on both sides, the source still held at the same moment. */
    for (int k = 0; k < l->n && rc == BM_OK; k++) {
        const char *name = l->t[l->order[k]].name;
        int64_t a = count_rows(src->store, name, err), b = count_rows(dst->store, name, err);
        if (a < 0 || b < 0)
            rc = BM_EDB;
        else if (a != b)
            rc = bm_fail(err, BM_EDB, N_("The copy does not hold every row; it was not kept"),
                         "%s: %lld rows, %lld copied", name, (long long)a, (long long)b);
        else
            out->tables++;
    }
    return rc;
}

static int list_target(bm_db *dst, struct tables *l, bm_err *err)
{
    memset(l, 0, sizeof *l);
    int rc = bm_store_tables(dst->store, collect, l, err);
    if (rc == BM_OK && l->bad)
        rc = bm_fail(err, BM_EINVALID, N_("The target database holds tables this program does "
                                          "not know"), NULL);
    return rc;
}

int bm_db_copy(const char *from_url, const char *to_url, bm_copy_fn progress, void *ctx,
               bm_copy_report *out, bm_err *err)
{
    static struct tables l;
    memset(out, 0, sizeof *out);
    if (bm_store_exists(to_url) == 1)
        return bm_fail(err, BM_ECONFLICT, N_("The target database is not empty; copy into a new "
                                             "one"), "%s", to_url);
    bm_db *src, *dst;
    int rc = bm_db_open(from_url, &src, err);
    if (rc != BM_OK)
        return rc;
    char building[1024];
    bm_store_building_url(to_url, building, sizeof building);
    bm_store_remove(building);   /* what an interrupted copy left */
    if ((rc = bm_db_open_raw(building, 1, &dst, err)) != BM_OK) {
        bm_db_close(src);
        return rc;
    }
    /* Nothing of anyone else's in the target: no table at all before the schema is made. */
    int refused = 0;
    if ((rc = list_target(dst, &l, err)) == BM_OK && (refused = l.n > 0) != 0)
        rc = bm_fail(err, BM_ECONFLICT, N_("The target database is not empty; copy into a new "
                                           "one"), "%s: %s", to_url, l.t[0].name);
    if (rc == BM_OK)
        rc = bm_schema_migrate(dst, bm_schema_latest(), err);
    if (rc == BM_OK && (rc = list_target(dst, &l, err)) == BM_OK && order_tables(&l) != 0)
        rc = bm_fail(err, BM_EINVALID, N_("The tables' references go round in a circle"), NULL);
    /* The source held still for the whole copy: its write lock, released by the rollback. */
    if (rc == BM_OK && (rc = bm_store_begin(src->store, err)) == BM_OK) {
        rc = copy_all(src, dst, &l, progress, ctx, out, err);
        int64_t entries = rc == BM_OK ? count_rows(src->store, "audit", err) : -1;
        bm_store_rollback(src->store);
        if (rc == BM_OK && entries < 0)
            rc = BM_EDB;
        if (rc == BM_OK)
            rc = bm_audit_copy_anchor(src, to_url, err);
        bm_db_close(dst);
        dst = NULL;
        if (rc == BM_OK)
            rc = verify_audit(building, to_url, entries, &out->audit_entries, err);
    }
    if (dst)
        bm_db_close(dst);
    bm_db_close(src);
    if (rc == BM_OK)
        rc = bm_store_publish(building, to_url, err);
    if (rc != BM_OK && !refused)
        bm_store_remove(building);
    return rc;
}
