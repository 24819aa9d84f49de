/* The catalogue as stored: matters and bundles saved as versions (a change makes a new current
 * version, cases keep the one they were made with), read back with their materials, situations
 * and effects, audited as JSON; loading and importing a whole catalogue file. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/audit_internal.h"
#include "core/authz.h"
#include "core/catalogue.h"
#include "core/catalogue_internal.h"
#include "core/date.h"
#include "core/db_internal.h"
#include "core/json.h"
#include "core/textfile.h"

#define MAX_FILE (8 << 20)

/* ---- JSON form: audit records and change detection ---- */

static char *material_json(const bm_material *m)
{
    bm_json j;
    bm_json_begin(&j);
    bm_json_str(&j, "name", m->name);
    bm_json_int(&j, "original", m->original);
    bm_json_int(&j, "copies", m->copies);
    bm_json_int(&j, "required", m->required);
    bm_json_int(&j, "commit", m->commit_ok);
    return bm_json_end(&j);
}

/* Appends "[a,b,...]" of JSON values to the builder buffer by building the array text. */
struct arr {
    char *s;
    size_t len, cap;
    int oom;
};

static void arr_add(struct arr *a, const char *item)
{
    if (!item) {
        a->oom = 1;
        return;
    }
    size_t n = strlen(item);
    if (a->len + n + 3 > a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 256;
        while (cap < a->len + n + 3)
            cap *= 2;
        char *s = realloc(a->s, cap);
        if (!s) {
            a->oom = 1;
            return;
        }
        a->s = s;
        a->cap = cap;
    }
    a->s[a->len] = a->len ? ',' : '[';
    a->len++;
    memcpy(a->s + a->len, item, n);
    a->len += n;
    a->s[a->len] = '\0';
}

static char *arr_end(struct arr *a)
{
    if (a->oom) {
        free(a->s);
        return NULL;
    }
    if (!a->s)
        return strdup("[]");
    arr_add(a, "");
    if (a->oom) {
        free(a->s);
        return NULL;
    }
    a->s[a->len - 1] = ']';
    return a->s;
}

static char *matter_json(const bm_matter *m)
{
    struct arr mats = {0}, sits = {0};
    for (int i = 0; i < m->nmaterials; i++) {
        char *x = material_json(&m->materials[i]);
        arr_add(&mats, x);
        free(x);
    }
    for (int i = 0; i < m->nsituations; i++) {
        struct arr eff = {0};
        for (int k = 0; k < m->situations[i].neffects; k++) {
            const bm_situation_effect *e = &m->situations[i].effects[k];
            /* A removal names a material and nothing else: compare (and record) the name
             * only, or a stored removal would never equal the same line read again. */
            bm_material named = { 0 };
            if (!e->add)
                bm_strlcpy(named.name, e->material.name, sizeof named.name);
            char *mj = material_json(e->add ? &e->material : &named);
            bm_json j;
            bm_json_begin(&j);
            bm_json_str(&j, "op", e->add ? "add" : "remove");
            bm_json_raw(&j, "material", mj);
            char *x = bm_json_end(&j);
            arr_add(&eff, x);
            free(x);
            free(mj);
        }
        char *effs = arr_end(&eff);
        bm_json j;
        bm_json_begin(&j);
        bm_json_str(&j, "question", m->situations[i].question);
        bm_json_raw(&j, "effects", effs);
        char *x = bm_json_end(&j);
        arr_add(&sits, x);
        free(x);
        free(effs);
    }
    char *ms = arr_end(&mats), *ss = arr_end(&sits), flags[64];
    bm_json j;
    bm_json_begin(&j);
    bm_json_str(&j, "code", m->code);
    bm_json_str(&j, "name", m->name);
    bm_json_str(&j, "title", m->title);
    bm_json_str(&j, "dept", m->dept);
    bm_json_str(&j, "level", m->level);
    bm_json_str(&j, "type", m->type);
    bm_json_str(&j, "basis", m->basis);
    bm_json_int(&j, "legal", m->legal_days);
    bm_json_int(&j, "promised", m->promised_days);
    bm_json_int(&j, "fee_fen", m->fee_fen);
    bm_json_str(&j, "fee_basis", m->fee_basis);
    bm_json_str(&j, "flags", bm_flag_names(m->flags, flags, sizeof flags));
    bm_json_raw(&j, "materials", ms);
    bm_json_raw(&j, "situations", ss);
    free(ms);
    free(ss);
    if (!ms || !ss) {
        free(bm_json_end(&j));
        return NULL;
    }
    return bm_json_end(&j);
}

static char *bundle_json(const bm_bundle *b)
{
    struct arr codes = {0};
    for (int i = 0; i < b->nmatters; i++) {
        char buf[32];   /* codes hold no characters that need escaping */
        snprintf(buf, sizeof buf, "\"%s\"", b->matters[i]);
        arr_add(&codes, buf);
    }
    char *cs = arr_end(&codes);
    bm_json j;
    bm_json_begin(&j);
    bm_json_str(&j, "code", b->code);
    bm_json_str(&j, "name", b->name);
    bm_json_str(&j, "title", b->title);
    bm_json_raw(&j, "matters", cs);
    free(cs);
    if (!cs) {
        free(bm_json_end(&j));
        return NULL;
    }
    return bm_json_end(&j);
}

/* ---- reading ---- */

static void read_matter_row(bm_stmt *st, bm_matter *m)
{
    memset(m, 0, sizeof *m);
    m->id = bm_col_int64(st, 0);
    bm_col_text(st, 1, m->code, sizeof m->code);
    m->version = bm_col_int(st, 2);
    m->current = bm_col_int(st, 3);
    bm_col_text(st, 4, m->name, sizeof m->name);
    bm_col_text(st, 5, m->title, sizeof m->title);
    bm_col_text(st, 6, m->dept, sizeof m->dept);
    bm_col_text(st, 7, m->level, sizeof m->level);
    bm_col_text(st, 8, m->type, sizeof m->type);
    bm_col_text(st, 9, m->basis, sizeof m->basis);
    m->legal_days = bm_col_int(st, 10);
    m->promised_days = bm_col_int(st, 11);
    m->fee_fen = bm_col_int64(st, 12);
    bm_col_text(st, 13, m->fee_basis, sizeof m->fee_basis);
    m->flags = (unsigned)bm_col_int(st, 14);
    m->created_at = (time_t)bm_col_int64(st, 15);
}

static void read_material(bm_stmt *st, int col, bm_material *m)
{
    bm_col_text(st, col, m->name, sizeof m->name);
    m->original = bm_col_int(st, col + 1);
    m->copies = bm_col_int(st, col + 2);
    m->required = bm_col_int(st, col + 3);
    m->commit_ok = bm_col_int(st, col + 4);
}

static int load_children(bm_db *db, bm_matter *m, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_MATTER_MATERIALS, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, m->id);
    int r;
    while ((r = bm_step_row(db, st, err)) == 1)
        if (m->nmaterials < BM_MATTER_MATERIALS)
            read_material(st, 0, &m->materials[m->nmaterials++]);
    if (r < 0 || !(st = bm_sql(db, BM_SQL_MATTER_SITUATIONS, err)))
        return BM_EDB;
    bm_bind_int(st, 1, m->id);
    while ((r = bm_step_row(db, st, err)) == 1)
        if (m->nsituations < BM_MATTER_SITUATIONS)
            bm_col_text(st, 0, m->situations[m->nsituations++].question,
                        sizeof m->situations[0].question);
    if (r < 0 || !(st = bm_sql(db, BM_SQL_SITUATION_EFFECTS, err)))
        return BM_EDB;
    bm_bind_int(st, 1, m->id);
    while ((r = bm_step_row(db, st, err)) == 1) {
        int si = bm_col_int(st, 0);
        if (si < 0 || si >= m->nsituations)
            continue;
        bm_situation *s = &m->situations[si];
        if (s->neffects == BM_SITUATION_EFFECTS)
            continue;
        bm_situation_effect *e = &s->effects[s->neffects++];
        const char *op = bm_col_str(st, 1);
        e->add = op && strcmp(op, "add") == 0;
        read_material(st, 2, &e->material);
    }
    return r < 0 ? BM_EDB : BM_OK;
}

static int matter_get(bm_db *db, enum bm_sql_id q, const char *code, int64_t id, bm_matter *out,
                      bm_err *err)
{
    bm_stmt *st;
    int r = bm_fetch_one(db, q, code, id, &st, err);
    if (r < 0)
        return BM_EDB;
    if (r == 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such matter in the catalogue"), "%s",
                       code ? code : "");
    read_matter_row(st, out);
    bm_stmt_reset(st);
    return load_children(db, out, err);
}

int bm_matter_current(bm_db *db, const char *code, bm_matter *out, bm_err *err)
{
    return matter_get(db, BM_SQL_MATTER_CURRENT, code ? code : "", 0, out, err);
}

int bm_matter_by_id(bm_db *db, int64_t id, bm_matter *out, bm_err *err)
{
    return matter_get(db, BM_SQL_MATTER_BY_ID, NULL, id, out, err);
}

static int bundle_get(bm_db *db, enum bm_sql_id q, const char *code, int64_t id, bm_bundle *out,
                      bm_err *err)
{
    bm_stmt *st;
    int r = bm_fetch_one(db, q, code, id, &st, err);
    if (r < 0)
        return BM_EDB;
    if (r == 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such bundle in the catalogue"), "%s",
                       code ? code : "");
    memset(out, 0, sizeof *out);
    out->id = bm_col_int64(st, 0);
    bm_col_text(st, 1, out->code, sizeof out->code);
    out->version = bm_col_int(st, 2);
    out->current = bm_col_int(st, 3);
    bm_col_text(st, 4, out->name, sizeof out->name);
    bm_col_text(st, 5, out->title, sizeof out->title);
    bm_stmt_reset(st);
    if (!(st = bm_sql(db, BM_SQL_BUNDLE_MATTERS, err)))
        return BM_EDB;
    bm_bind_int(st, 1, out->id);
    while ((r = bm_step_row(db, st, err)) == 1)
        if (out->nmatters < BM_BUNDLE_MATTERS)
            bm_col_text(st, 0, out->matters[out->nmatters++], sizeof out->matters[0]);
    return r < 0 ? BM_EDB : BM_OK;
}

int bm_bundle_current(bm_db *db, const char *code, bm_bundle *out, bm_err *err)
{
    return bundle_get(db, BM_SQL_BUNDLE_CURRENT, code ? code : "", 0, out, err);
}

int bm_bundle_by_id(bm_db *db, int64_t id, bm_bundle *out, bm_err *err)
{
    return bundle_get(db, BM_SQL_BUNDLE_BY_ID, NULL, id, out, err);
}

int bm_matter_versions(bm_db *db, const char *code,
                       int (*each)(int64_t id, int version, void *ctx), void *ctx, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_MATTER_VERSIONS, err);
    if (!st)
        return BM_EDB;
    bm_bind_text(st, 1, code ? code : "");
    int r, n = 0;
    while ((r = bm_step_row(db, st, err)) == 1) {
        n++;
        if (each(bm_col_int64(st, 0), bm_col_int(st, 1), ctx)) {
            bm_stmt_reset(st);
            break;
        }
    }
    if (r < 0)
        return BM_EDB;
    return n ? BM_OK : bm_fail(err, BM_ENOTFOUND, N_("No such matter in the catalogue"), "%s",
                               code ? code : "");
}

/* ---- saving ---- */

static int check_matter(const bm_matter *m, bm_err *err)
{
    if (!bm_catalogue_valid_code(m->code))
        return bm_fail(err, BM_EINVALID, N_("A matter code is letters, digits, '-', '_' or '.'"),
                       "%s", m->code);
    if (!m->name[0] || !m->title[0] || !m->dept[0])
        return bm_fail(err, BM_EINVALID, N_("A matter needs a name, a title and a department"),
                       "%s", m->code);
    if (strcmp(m->level, "county") && strcmp(m->level, "township") && strcmp(m->level, "village"))
        return bm_fail(err, BM_EINVALID, N_("A matter's level is county, township or village"),
                       "%s", m->level);
    if (m->legal_days < 0 || m->promised_days < 0 || m->promised_days > m->legal_days ||
        m->legal_days > 365)
        return bm_fail(err, BM_EINVALID,
                       N_("Time limits are 0-365 working days, the promised one within the "
                          "legal one"), "%s", m->code);
    if (m->fee_fen < 0 || (m->fee_fen > 0 && !m->fee_basis[0]))
        return bm_fail(err, BM_EINVALID, N_("A matter with a fee needs its basis"), "%s",
                       m->code);
    if (m->nmaterials < 0 || m->nmaterials > BM_MATTER_MATERIALS || m->nsituations < 0 ||
        m->nsituations > BM_MATTER_SITUATIONS)
        return bm_fail(err, BM_EINVALID, N_("Too many materials or situations"), "%s", m->code);
    return BM_OK;
}

static int insert_material(bm_db *db, enum bm_sql_id q, int64_t id, int s, int seq,
                           const char *op, const bm_material *m, bm_err *err)
{
    bm_stmt *st = bm_sql(db, q, err);
    if (!st)
        return BM_EDB;
    int k = 1;
    bm_bind_int(st, k++, id);
    if (q == BM_SQL_SITUATION_EFFECT_INSERT) {
        bm_bind_int(st, k++, s);
        bm_bind_int(st, k++, seq);
        bm_bind_text(st, k++, op);
    } else {
        bm_bind_int(st, k++, seq);
    }
    bm_bind_text(st, k++, m->name);
    bm_bind_int(st, k++, m->original ? 1 : 0);
    bm_bind_int(st, k++, m->copies > 0 ? m->copies : 1);
    bm_bind_int(st, k++, m->required ? 1 : 0);
    bm_bind_int(st, k++, m->commit_ok ? 1 : 0);
    return bm_step_done(db, st, err);
}

/* One numbered line of text under an entry: a matter's situation, a bundle's matter. */
static int insert_line(bm_db *db, enum bm_sql_id q, int64_t id, int seq, const char *text,
                       bm_err *err)
{
    bm_stmt *st = bm_sql(db, q, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, id);
    bm_bind_int(st, 2, seq);
    bm_bind_text(st, 3, text);
    return bm_step_done(db, st, err);
}

/* One versioned entry of the catalogue (a matter or a bundle) being saved: a new version is
 * stored only when the entry as it will read back differs from the current one. */
struct versioned {
    const char *kind;          /* "matter" or "bundle": the audit's object and actions */
    const char *code;
    enum bm_sql_id retire;     /* marks the current version as no longer current */
    char *after;               /* the entry as JSON, as it will read back; NULL: out of memory */
    /* The current version as JSON, its id and its number; BM_ENOTFOUND when there is none. */
    int (*current)(bm_db *db, const char *code, char **json, int64_t *id, int *version,
                   bm_err *err);
    /* Stores the entry as version v, with its rows. */
    int (*insert)(bm_db *db, const bm_actor *who, const void *entry, int v, bm_err *err);
    const void *entry;
};

/* Inside a transaction, permission already checked. *changed: 0 unchanged, 1 changed, 2 new. */
static int save_version(bm_db *db, const bm_actor *who, const struct versioned *e, int *version,
                        int *changed, bm_err *err)
{
    char *before = NULL;
    int64_t old_id = 0;
    int old_version = 0, have_old = 0;
    int rc = e->current(db, e->code, &before, &old_id, &old_version, err);
    if (rc == BM_OK)
        have_old = 1;
    else if (rc == BM_ENOTFOUND)
        rc = BM_OK;
    if (rc == BM_OK && (!e->after || (have_old && !before)))
        rc = bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    if (rc == BM_OK && have_old && strcmp(before, e->after) == 0) {
        *version = old_version;
        *changed = 0;
        free(before);
        return BM_OK;
    }
    int v = have_old ? old_version + 1 : 1;
    if (rc == BM_OK && have_old) {
        bm_stmt *st = bm_sql(db, e->retire, err);
        if (!st) {
            rc = BM_EDB;
        } else {
            bm_bind_int(st, 1, old_id);
            rc = bm_step_done(db, st, err);
        }
    }
    if (rc == BM_OK)
        rc = e->insert(db, who, e->entry, v, err);
    if (rc == BM_OK) {
        char oid[40], action[32];
        snprintf(oid, sizeof oid, "%.23s@%d", e->code, v);
        snprintf(action, sizeof action, "%s.%s", e->kind, have_old ? "change" : "add");
        rc = bm_audit_append(db, who, action, e->kind, oid, before, e->after, NULL, err);
    }
    if (rc == BM_OK) {
        *version = v;
        *changed = have_old ? 1 : 2;
    }
    free(before);
    return rc;
}

/* The insert of a catalogue entry's new version, its leading columns bound: every entry has a
 * code, a version number, a name and a title. */
static bm_stmt *entry_insert(bm_db *db, enum bm_sql_id q, const char *code, int v,
                             const char *name, const char *title, bm_err *err)
{
    bm_stmt *st = bm_sql(db, q, err);
    if (st) {
        bm_bind_text(st, 1, code);
        bm_bind_int(st, 2, v);
        bm_bind_text(st, 3, name);
        bm_bind_text(st, 4, title);
    }
    return st;
}

static int insert_matter(bm_db *db, const bm_actor *who, const void *entry, int v, bm_err *err)
{
    const bm_matter *m = entry;
    bm_stmt *st = entry_insert(db, BM_SQL_MATTER_INSERT, m->code, v, m->name, m->title, err);
    if (!st)
        return BM_EDB;
    bm_bind_text(st, 5, m->dept);
    bm_bind_text(st, 6, m->level);
    bm_bind_text(st, 7, m->type);
    bm_bind_text(st, 8, m->basis);
    bm_bind_int(st, 9, m->legal_days);
    bm_bind_int(st, 10, m->promised_days);
    bm_bind_int(st, 11, m->fee_fen);
    bm_bind_text(st, 12, m->fee_basis);
    bm_bind_int(st, 13, m->flags);
    bm_bind_int(st, 14, (int64_t)bm_now());
    bm_bind_int(st, 15, who ? who->user_id : 0);
    int rc = bm_step_done(db, st, err);
    int64_t id = bm_store_last_id(db->store);
    for (int i = 0; rc == BM_OK && i < m->nmaterials; i++)
        rc = insert_material(db, BM_SQL_MATTER_MATERIAL_INSERT, id, 0, i, NULL, &m->materials[i],
                             err);
    for (int i = 0; rc == BM_OK && i < m->nsituations; i++) {
        rc = insert_line(db, BM_SQL_MATTER_SITUATION_INSERT, id, i, m->situations[i].question,
                         err);
        for (int k = 0; rc == BM_OK && k < m->situations[i].neffects && k < BM_SITUATION_EFFECTS;
             k++) {
            const bm_situation_effect *e = &m->situations[i].effects[k];
            rc = insert_material(db, BM_SQL_SITUATION_EFFECT_INSERT, id, i, k,
                                 e->add ? "add" : "remove", &e->material, err);
        }
    }
    return rc;
}

static int matter_current_json(bm_db *db, const char *code, char **json, int64_t *id,
                               int *version, bm_err *err)
{
    bm_matter *old = malloc(sizeof *old);
    if (!old)
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    int rc = bm_matter_current(db, code, old, err);
    if (rc == BM_OK) {
        *json = matter_json(old);
        *id = old->id;
        *version = old->version;
    }
    free(old);
    return rc;
}

/* Inside a transaction, permission already checked. */
static int save_matter(bm_db *db, const bm_actor *who, const bm_matter *in, int *version,
                       int *changed, bm_err *err)
{
    int rc = check_matter(in, err);
    if (rc != BM_OK)
        return rc;
    /* Compare and store the matter as it will read back (a missing type is 其他). */
    bm_matter *m = malloc(sizeof *m);
    if (!m)
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    *m = *in;
    if (!m->type[0])
        bm_strlcpy(m->type, "其他", sizeof m->type);
    struct versioned e = {"matter", m->code, BM_SQL_MATTER_RETIRE, matter_json(m),
                          matter_current_json, insert_matter, m};
    rc = save_version(db, who, &e, version, changed, err);
    free(e.after);
    free(m);
    return rc;
}

static int insert_bundle(bm_db *db, const bm_actor *who, const void *entry, int v, bm_err *err)
{
    const bm_bundle *b = entry;
    bm_stmt *st = entry_insert(db, BM_SQL_BUNDLE_INSERT, b->code, v, b->name, b->title, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 5, (int64_t)bm_now());
    bm_bind_int(st, 6, who ? who->user_id : 0);
    int rc = bm_step_done(db, st, err);
    int64_t id = bm_store_last_id(db->store);
    for (int i = 0; rc == BM_OK && i < b->nmatters; i++)
        rc = insert_line(db, BM_SQL_BUNDLE_MATTER_INSERT, id, i, b->matters[i], err);
    return rc;
}

static int bundle_current_json(bm_db *db, const char *code, char **json, int64_t *id,
                               int *version, bm_err *err)
{
    bm_bundle old;
    int rc = bm_bundle_current(db, code, &old, err);
    if (rc == BM_OK) {
        *json = bundle_json(&old);
        *id = old.id;
        *version = old.version;
    }
    return rc;
}

/* Inside a transaction, permission already checked. */
static int save_bundle(bm_db *db, const bm_actor *who, const bm_bundle *in, int *version,
                       int *changed, bm_err *err)
{
    /* Compare and store the bundle as it will read back: a missing title is its name. */
    bm_bundle nb = *in;
    const bm_bundle *b = &nb;
    if (!nb.title[0])
        memcpy(nb.title, nb.name, sizeof nb.title);
    if (!bm_catalogue_valid_code(b->code) || !b->name[0] || b->nmatters < 2 || b->nmatters > BM_BUNDLE_MATTERS)
        return bm_fail(err, BM_EINVALID,
                       N_("A bundle needs a code, a name and two or more matters"), "%s", b->code);
    bm_matter *m = malloc(sizeof *m);
    if (!m)
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    int rc = BM_OK;
    for (int i = 0; rc == BM_OK && i < b->nmatters; i++) {
        rc = bm_matter_current(db, b->matters[i], m, err);
        if (rc == BM_ENOTFOUND)
            rc = bm_fail(err, BM_EINVALID, N_("A bundle's matter is not in the catalogue"),
                         "%s: %s", b->code, b->matters[i]);
    }
    free(m);
    if (rc != BM_OK)
        return rc;
    struct versioned e = {"bundle", b->code, BM_SQL_BUNDLE_RETIRE, bundle_json(b),
                          bundle_current_json, insert_bundle, b};
    rc = save_version(db, who, &e, version, changed, err);
    free(e.after);
    return rc;
}

/* One matter or bundle saved on its own: permission, then its own transaction. */
static int save_one(bm_db *db, const bm_actor *who, const char *kind, const char *code,
                    int (*save)(bm_db *, const bm_actor *, const void *, int *, int *, bm_err *),
                    const void *entry, int *version, bm_err *err)
{
    int rc = bm_audit_authz(db, who, BM_ACT_CATALOGUE_EDIT, NULL, kind, code, err);
    if (rc != BM_OK)
        return rc;
    int v = 0, changed;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    rc = bm_tx_end(db, save(db, who, entry, &v, &changed, err), err);
    if (rc == BM_OK && version)
        *version = v;
    return rc;
}

static int save_matter_entry(bm_db *db, const bm_actor *who, const void *entry, int *version,
                             int *changed, bm_err *err)
{
    return save_matter(db, who, entry, version, changed, err);
}

static int save_bundle_entry(bm_db *db, const bm_actor *who, const void *entry, int *version,
                             int *changed, bm_err *err)
{
    return save_bundle(db, who, entry, version, changed, err);
}

int bm_matter_save(bm_db *db, const bm_actor *who, const bm_matter *m, int *version,
                   bm_err *err)
{
    return save_one(db, who, "matter", m->code, save_matter_entry, m, version, err);
}

int bm_bundle_save(bm_db *db, const bm_actor *who, const bm_bundle *b, int *version,
                   bm_err *err)
{
    return save_one(db, who, "bundle", b->code, save_bundle_entry, b, version, err);
}

/* The entries of one kind in a parsed catalogue: where they are and how one is saved. */
struct entries {
    const char *kind;
    const char *first;         /* the array's first entry */
    size_t n, size;            /* its count and the size of one */
    size_t code_at, name_at;   /* offsets of the entry's code and name */
    int (*save)(bm_db *db, const bm_actor *who, const void *entry, int *version, int *changed,
                bm_err *err);
};

static int save_matter_entry(bm_db *db, const bm_actor *who, const void *entry, int *version,
                             int *changed, bm_err *err);
static int save_bundle_entry(bm_db *db, const bm_actor *who, const void *entry, int *version,
                             int *changed, bm_err *err);

/* Stores every entry of a parsed catalogue inside the caller's transaction: counts[0]
 * unchanged, [1] changed, [2] new, [3] retired; each (may be NULL) hears of every entry that
 * changes and may stop the walk. */
static int apply_catalogue(bm_db *db, const bm_actor *who, const bm_catalogue *c,
                           int (*each)(const char *kind, const char *code, const char *name,
                                       int change, void *ctx),
                           void *ctx, int counts[4], bm_err *err)
{
    const struct entries kinds[] = {
        {"matter", (const char *)c->matters, c->nmatters, sizeof *c->matters,
         offsetof(bm_matter, code), offsetof(bm_matter, name), save_matter_entry},
        {"bundle", (const char *)c->bundles, c->nbundles, sizeof *c->bundles,
         offsetof(bm_bundle, code), offsetof(bm_bundle, name), save_bundle_entry},
    };
    int rc = BM_OK, stop = 0;
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; rc == BM_OK && !stop && i < kinds[k].n; i++) {
            const char *e = kinds[k].first + i * kinds[k].size;
            int v, ch = 0;
            rc = kinds[k].save(db, who, e, &v, &ch, err);
            counts[ch]++;
            if (rc == BM_OK && ch && each)
                stop = each(kinds[k].kind, e + kinds[k].code_at, e + kinds[k].name_at, ch, ctx);
        }
    for (size_t i = 0; rc == BM_OK && !stop && i < c->nretired; i++) {
        int did = 0;
        char name[192] = "";
        rc = bm_matter_retire_tx(db, who, c->retired[i].code, c->retired[i].reason, name,
                                 sizeof name, &did, err);
        counts[did ? BM_CAT_RETIRED : 0]++;
        if (rc == BM_OK && did && each)
            stop = each("matter", c->retired[i].code, name, BM_CAT_RETIRED, ctx);
    }
    return rc;
}

int bm_catalogue_load(bm_db *db, const bm_actor *who, const char *text, size_t len,
                      int *added, int *changed, int *unchanged, bm_err *err)
{
    int counts[4] = {0, 0, 0, 0};
    int rc = bm_audit_authz(db, who, BM_ACT_CATALOGUE_EDIT, NULL, "catalogue", "", err);
    if (rc != BM_OK)
        return rc;
    bm_catalogue c;
    if ((rc = bm_catalogue_parse(text, len, &c, err)) != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) == BM_OK)
        rc = bm_tx_end(db, apply_catalogue(db, who, &c, NULL, NULL, counts, err), err);
    bm_catalogue_free(&c);
    if (rc == BM_OK) {
        if (added)
            *added = counts[2];
        if (changed)
            *changed = counts[1] + counts[3];
        if (unchanged)
            *unchanged = counts[0];
    }
    return rc;
}

/* Permission, then the file's text (free it). */
static int read_catalogue_file(bm_db *db, const bm_actor *who, const char *path, char **buf,
                               size_t *n, bm_err *err)
{
    int rc = bm_audit_authz(db, who, BM_ACT_CATALOGUE_EDIT, NULL, "catalogue", "", err);
    if (rc != BM_OK)
        return rc;
    return bm_text_file_read(path, MAX_FILE, N_("Cannot read the catalogue file"), buf, n, err);
}

int bm_catalogue_import(bm_db *db, const bm_actor *who, const char *path, int *added,
                        int *changed, int *unchanged, bm_err *err)
{
    char *buf;
    size_t n;
    int rc = read_catalogue_file(db, who, path, &buf, &n, err);
    if (rc != BM_OK)
        return rc;
    rc = bm_catalogue_load(db, who, buf, n, added, changed, unchanged, err);
    free(buf);
    return rc;
}

/* ---- admin maintenance (issue 16): what an import would change, and nothing written ---- */
int bm_catalogue_preview(bm_db *db, const bm_actor *who, const char *text, size_t len,
                         int (*each)(const char *kind, const char *code, const char *name,
                                     int change, void *ctx),
                         void *ctx, bm_err *err)
{
    int rc = bm_audit_authz(db, who, BM_ACT_CATALOGUE_EDIT, NULL, "catalogue", "", err);
    if (rc != BM_OK)
        return rc;
    bm_catalogue c;
    if ((rc = bm_catalogue_parse(text, len, &c, err)) != BM_OK)
        return rc;
    /* The import itself, run and rolled back: the preview can never disagree with it. */
    if ((rc = bm_tx_begin(db, err)) == BM_OK) {
        int counts[4] = {0, 0, 0, 0};
        rc = apply_catalogue(db, who, &c, each, ctx, counts, err);
        bm_err undo;
        bm_tx_end(db, BM_ECONFLICT, &undo);
    }
    bm_catalogue_free(&c);
    return rc;
}

int bm_catalogue_preview_file(bm_db *db, const bm_actor *who, const char *path,
                              int (*each)(const char *kind, const char *code, const char *name,
                                          int change, void *ctx),
                              void *ctx, bm_err *err)
{
    char *buf;
    size_t n;
    int rc = read_catalogue_file(db, who, path, &buf, &n, err);
    if (rc != BM_OK)
        return rc;
    rc = bm_catalogue_preview(db, who, buf, n, each, ctx, err);
    free(buf);
    return rc;
}
