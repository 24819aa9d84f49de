/* What the demo database holds, read beside the running server (see demo.h). */
#include "tests/e2e/demo.h"
#include "core/validate.h"

#include "core/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Through the storage seam, so the same queries read SQLite or PostgreSQL. The first column of
 * the first row, or with sep of every row joined by sep. */
static char *db_column(bmt_server *s, const char *sql, const char *param, const char *sep)
{
    bm_store *db;
    bm_err err;
    if (bm_store_open(bmt_server_db(s), 0, &db, &err) != BM_OK) {
        fprintf(stderr, "# cannot open %s: %s\n", bmt_server_db(s), err.detail);
        return NULL;
    }
    bm_stmt *st;
    char *out = NULL;
    if (bm_store_prepare(db, sql, &st, &err) != BM_OK) {
        fprintf(stderr, "# bad query %s: %s\n", sql, err.detail);
        bm_store_close(db);
        return NULL;
    }
    if (param)
        bm_bind_text(st, 1, param);
    while (bm_stmt_step(st, &err) == 1) {
        if (bm_col_is_null(st, 0))
            continue;
        const char *v = bm_col_str(st, 0);
        size_t had = out ? strlen(out) : 0, add = strlen(v) + (out ? strlen(sep) : 0);
        char *grown = realloc(out, had + add + 1);
        if (!grown)
            abort();
        snprintf(grown + had, add + 1, "%s%s", out ? sep : "", v);
        out = grown;
        if (!sep)
            break;
    }
    bm_stmt_finalize(st);
    bm_store_close(db);
    return out;
}

char *demo_db_text(bmt_server *s, const char *sql, const char *param)
{
    return db_column(s, sql, param, NULL);
}

char *demo_db_list(bmt_server *s, const char *sql, const char *sep)
{
    return db_column(s, sql, NULL, sep);
}

int demo_db_exec(bmt_server *s, const char *sql)
{
    bm_store *db;
    bm_err err;
    if (bm_store_open(bmt_server_db(s), 0, &db, &err) != BM_OK) {
        fprintf(stderr, "# cannot open %s: %s\n", bmt_server_db(s), err.detail);
        return -1;
    }
    int rc = bm_store_exec(db, sql, &err);
    if (rc != BM_OK)
        fprintf(stderr, "# %s failed: %s\n", sql, err.detail);
    bm_store_close(db);
    return rc == BM_OK ? 0 : -1;
}

long demo_db_long(bmt_server *s, const char *sql, const char *param)
{
    char *v = demo_db_text(s, sql, param);
    long n = v ? strtol(v, NULL, 10) : -1;
    free(v);
    return n;
}

int demo_known_applicant(bmt_server *s, int nth, char id[19])
{
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT id_no FROM applicant a WHERE kind = 1 AND village_id IN (SELECT id FROM "
             "org_unit WHERE code LIKE 'qinglin.%%') ORDER BY id LIMIT 1 OFFSET %d", nth);
    char *v = demo_db_text(s, sql, NULL);
    if (!v)
        return -1;
    snprintf(id, 19, "%s", v);
    free(v);
    return 0;
}

void demo_new_id(const char *first17, char out[19])
{
    memcpy(out, first17, 17);
    out[17] = bm_id_check_char(first17);
    out[18] = 0;
}
