/* Finding matters: by code, by name or "I want to" title, by pinyin initials or department;
 * and a matter's material list for the situations answered. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/catalogue.h"
#include "core/db_internal.h"
#include "core/pinyin.h"

/* ---- lists and search ---- */

static int contains_initials(const char *text, const char *q)
{
    char v[BM_INITIALS_MAX][BM_INITIALS_LEN];
    int n = bm_pinyin_initials(text, v, BM_INITIALS_MAX);
    for (int i = 0; i < n; i++)
        if (strstr(v[i], q))
            return 1;
    return 0;
}

static int brief_matches(const bm_matter_brief *b, const char *q, const char *lower)
{
    if (!q || !*q)
        return 1;
    if (strncasecmp(b->code, q, strlen(q)) == 0 || strstr(b->name, q) || strstr(b->title, q))
        return 1;
    return lower && (contains_initials(b->name, lower) || contains_initials(b->title, lower));
}

static void read_code(bm_stmt *st, void *out)
{
    bm_col_text(st, 0, out, 24);
}

static int is_listed(const char (*codes)[24], size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(codes[i], code) == 0)
            return 1;
    return 0;
}

/* Current matters (retired ones left out, or kept and marked) and bundles matching query. */
static int find(bm_db *db, const char *query, int with_retired,
                int (*each)(const bm_matter_brief *m, void *ctx), void *ctx, bm_err *err)
{
    void *rows = NULL;
    size_t nretired = 0;
    bm_stmt *rs = bm_sql(db, BM_SQL_CAT_RETIRED_CODES, err);
    if (!rs || bm_collect_rows(db, rs, 24, read_code, &rows, &nretired, err) != BM_OK)
        return BM_EDB;
    const char (*retired)[24] = rows;
    int rc = BM_OK;
    char lower[BM_INITIALS_LEN] = "";
    const char *lq = NULL;
    if (query && bm_pinyin_is_query(query)) {
        for (size_t i = 0; query[i]; i++)
            lower[i] = (char)(query[i] | 0x20);
        lower[strlen(query)] = '\0';
        lq = lower;
    }
    /* Collect, then call: the callback may query the database. */
    size_t n = 0, cap = 0;
    bm_matter_brief *list = NULL;
    for (int pass = 0; pass < 2; pass++) {
        bm_stmt *st = bm_sql(db, pass ? BM_SQL_BUNDLE_LIST : BM_SQL_MATTER_LIST, err);
        if (!st) {
            rc = BM_EDB;
            break;
        }
        int r;
        while ((r = bm_step_row(db, st, err)) == 1) {
            bm_matter_brief b;
            memset(&b, 0, sizeof b);
            b.id = bm_col_int64(st, 0);
            bm_col_text(st, 1, b.code, sizeof b.code);
            b.version = bm_col_int(st, 2);
            bm_col_text(st, 3, b.name, sizeof b.name);
            bm_col_text(st, 4, b.title, sizeof b.title);
            if (pass == 0) {
                bm_col_text(st, 5, b.dept, sizeof b.dept);
                bm_col_text(st, 6, b.level, sizeof b.level);
                b.legal_days = bm_col_int(st, 7);
                b.promised_days = bm_col_int(st, 8);
                b.fee_fen = bm_col_int64(st, 9);
                b.flags = (unsigned)bm_col_int(st, 10);
            } else {
                b.is_bundle = 1;
            }
            b.retired = pass == 0 && is_listed(retired, nretired, b.code);
            /* A retired matter is offered nowhere, but its exact code still finds it, so
             * intake can say it is retired instead of "no such matter". */
            if ((b.retired && !with_retired && !(query && strcasecmp(query, b.code) == 0)) ||
                !brief_matches(&b, query, lq))
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                bm_matter_brief *l = realloc(list, cap * sizeof *l);
                if (!l) {
                    bm_stmt_reset(st);
                    r = bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
                    break;
                }
                list = l;
            }
            list[n++] = b;
        }
        if (r != 0) {
            rc = BM_EDB;
            break;
        }
    }
    for (size_t i = 0; rc == BM_OK && i < n; i++)
        if (each(&list[i], ctx))
            break;
    free(list);
    free(rows);
    return rc;
}

int bm_matter_search(bm_db *db, const char *query, int (*each)(const bm_matter_brief *m, void *ctx),
                     void *ctx, bm_err *err)
{
    return find(db, query, 0, each, ctx, err);
}

int bm_catalogue_browse(bm_db *db, const char *query,
                        int (*each)(const bm_matter_brief *m, void *ctx), void *ctx, bm_err *err)
{
    return find(db, query, 1, each, ctx, err);
}

int bm_matter_materials_for(const bm_matter *m, const char *answers, bm_material *out, int max)
{
    int n = 0;
    for (int i = 0; i < m->nmaterials && n < max; i++)
        out[n++] = m->materials[i];
    size_t na = answers ? strlen(answers) : 0;
    for (int s = 0; s < m->nsituations && (size_t)s < na; s++) {
        if (answers[s] != 'Y' && answers[s] != 'y')
            continue;
        for (int k = 0; k < m->situations[s].neffects; k++) {
            const bm_situation_effect *e = &m->situations[s].effects[k];
            int at = -1;
            for (int i = 0; i < n; i++)
                if (strcmp(out[i].name, e->material.name) == 0)
                    at = i;
            if (e->add && at < 0 && n < max)
                out[n++] = e->material;
            else if (e->add && at >= 0)
                out[at] = e->material;     /* the situation's terms win */
            else if (!e->add && at >= 0) {
                memmove(&out[at], &out[at + 1], (size_t)(n - at - 1) * sizeof *out);
                n--;
            }
        }
    }
    return n;
}
