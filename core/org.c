/* The organisation tree and per-centre office hours. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/authz.h"
#include "core/audit_internal.h"
#include "core/db_internal.h"
#include "core/json.h"
#include "core/org.h"
#include "core/org_internal.h"

static const char *const kind_names[] = {
    [BM_ORG_COUNTY] = "county", [BM_ORG_TOWNSHIP] = "township", [BM_ORG_VILLAGE] = "village",
    [BM_ORG_WINDOW] = "window", [BM_ORG_GROUP] = "group",       [BM_ORG_GRID] = "grid",
};

const char *bm_org_kind_name(int kind)
{
    return kind >= BM_ORG_COUNTY && kind <= BM_ORG_GRID ? kind_names[kind] : NULL;
}

int bm_org_kind_from_name(const char *name)
{
    for (int k = BM_ORG_COUNTY; name && k <= BM_ORG_GRID; k++)
        if (strcmp(name, kind_names[k]) == 0)
            return k;
    return 0;
}

void bm_office_hours_default(bm_office_hours *out)
{
    out->n = 2;
    out->start[0] = 9 * 60;
    out->end[0] = 12 * 60;
    out->start[1] = 14 * 60;
    out->end[1] = 17 * 60 + 30;
}

static int hhmm(const char *s, int *minutes)
{
    if (!(s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' && s[2] == ':' &&
          s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9'))
        return -1;
    int h = (s[0] - '0') * 10 + s[1] - '0', m = (s[3] - '0') * 10 + s[4] - '0';
    if (h > 24 || (h == 24 && m != 0))
        return -1;
    *minutes = h * 60 + m;
    return 0;
}

int bm_office_hours_parse(const char *spec, bm_office_hours *out)
{
    if (!spec || !*spec) {
        bm_office_hours_default(out);
        return 0;
    }
    bm_office_hours h = {0};
    const char *p = spec;
    for (;;) {
        if (h.n == 4 || strlen(p) < 11 || p[5] != '-')
            return -1;
        int a, b;
        if (hhmm(p, &a) || hhmm(p + 6, &b) || b <= a)
            return -1;
        if (h.n > 0 && a < h.end[h.n - 1])
            return -1;   /* periods in order, not overlapping */
        h.start[h.n] = a;
        h.end[h.n] = b;
        h.n++;
        p += 11;
        if (*p == '\0')
            break;
        if (*p != ',')
            return -1;
        p++;
    }
    *out = h;
    return 0;
}

void bm_office_hours_format(const bm_office_hours *h, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < h->n && len < n; i++)
        len += (size_t)snprintf(buf + len, n - len, "%s%02d:%02d-%02d:%02d", i ? "," : "",
                                h->start[i] / 60, h->start[i] % 60, h->end[i] / 60,
                                h->end[i] % 60);
}

static void read_org(bm_stmt *st, void *out)
{
    bm_org *o = out;
    memset(o, 0, sizeof *o);
    o->id = bm_col_int64(st, 0);
    bm_col_text(st, 1, o->code, sizeof o->code);
    bm_col_text(st, 2, o->name, sizeof o->name);
    o->kind = bm_org_kind_from_name(bm_col_str(st, 3));
    o->parent_id = bm_col_int64(st, 4);
    o->centre_id = bm_col_int64(st, 5);
    o->village_id = bm_col_int64(st, 6);
    bm_col_text(st, 7, o->phone, sizeof o->phone);
    bm_col_text(st, 8, o->lang, sizeof o->lang);
    if (bm_office_hours_parse(bm_col_str(st, 9), &o->hours) != 0)
        bm_office_hours_default(&o->hours);
    o->active = bm_col_int(st, 10);
}

static int get_one(bm_db *db, bm_stmt *st, bm_org *out, bm_err *err, const char *what)
{
    int r = bm_step_row(db, st, err);
    if (r < 0)
        return BM_EDB;
    if (r == 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such unit"), "%s", what);
    read_org(st, out);
    bm_stmt_reset(st);
    return BM_OK;
}

int bm_org_get(bm_db *db, int64_t id, bm_org *out, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_ORG_GET, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, id);
    char what[32];
    snprintf(what, sizeof what, "id %lld", (long long)id);
    return get_one(db, st, out, err, what);
}

int bm_org_get_by_code(bm_db *db, const char *code, bm_org *out, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_ORG_GET_BY_CODE, err);
    if (!st)
        return BM_EDB;
    bm_bind_text(st, 1, code ? code : "");
    return get_one(db, st, out, err, code ? code : "");
}

int bm_org_county(bm_db *db, bm_org *out, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_ORG_COUNTY, err);
    if (!st)
        return BM_EDB;
    return get_one(db, st, out, err, "county");
}

int bm_org_children(bm_db *db, int64_t parent_id, int (*each)(const bm_org *o, void *ctx),
                    void *ctx, bm_err *err)
{
    bm_stmt *st = bm_sql(db, parent_id > 0 ? BM_SQL_ORG_CHILDREN : BM_SQL_ORG_ROOTS, err);
    if (!st)
        return BM_EDB;
    if (parent_id > 0)
        bm_bind_int(st, 1, parent_id);
    /* Collect first: the callback may itself query units (walking the tree). */
    void *rows;
    size_t n;
    int rc = bm_collect_rows(db, st, sizeof(bm_org), read_org, &rows, &n, err);
    if (rc != BM_OK)
        return rc;
    bm_org *list = rows;
    for (size_t i = 0; i < n; i++)
        if (each(&list[i], ctx))
            break;
    free(list);
    return BM_OK;
}

struct walk {
    bm_db *db;
    int (*each)(const bm_org *o, int depth, void *ctx);
    void *ctx;
    int depth, stopped, rc;
    bm_err *err;
};

static int walk_unit(const bm_org *o, void *ctx)
{
    struct walk *w = ctx;
    if (w->each(o, w->depth, w->ctx))
        return w->stopped = 1;
    w->depth++;
    int rc = bm_org_children(w->db, o->id, walk_unit, w, w->err);
    w->depth--;
    if (rc != BM_OK)
        w->rc = rc;
    return w->stopped || w->rc != BM_OK;
}

int bm_org_list(bm_db *db, int (*each)(const bm_org *o, int depth, void *ctx), void *ctx,
                bm_err *err)
{
    struct walk w = {.db = db, .each = each, .ctx = ctx, .err = err};
    int rc = bm_org_children(db, 0, walk_unit, &w, err);
    return rc != BM_OK ? rc : w.rc;
}

int bm_org_code_valid(const char *code)
{
    size_t n = code ? strlen(code) : 0;
    if (n == 0 || n > 32)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = code[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
              c == '_'))
            return 0;
    }
    return 1;
}

static int fits_under(int kind, int parent_kind)
{
    switch (kind) {
    case BM_ORG_COUNTY: return parent_kind == 0;
    case BM_ORG_TOWNSHIP: return parent_kind == BM_ORG_COUNTY;
    case BM_ORG_VILLAGE:
    case BM_ORG_WINDOW: return parent_kind == BM_ORG_TOWNSHIP;
    case BM_ORG_GROUP:
    case BM_ORG_GRID: return parent_kind == BM_ORG_VILLAGE;
    default: return 0;
    }
}

int bm_org_add(bm_db *db, const bm_actor *who, const char *code, const char *name, int kind,
               const char *parent_code, const char *phone, bm_err *err)
{
    int rc = bm_audit_authz(db, who, BM_ACT_ORG_ADMIN, NULL, "org", code, err);
    if (rc != BM_OK)
        return rc;
    if (!bm_org_code_valid(code))
        return bm_fail(err, BM_EINVALID,
                       N_("A unit code is 1-32 lower-case letters, digits, '.', '-' or '_'"),
                       "%s", code ? code : "");
    if (!name || !*name || strlen(name) >= 128)
        return bm_fail(err, BM_EINVALID, N_("A unit needs a name (up to 40 characters)"), NULL);
    bm_org parent = {0};
    if (parent_code && *parent_code) {
        if ((rc = bm_org_get_by_code(db, parent_code, &parent, err)) != BM_OK)
            return rc;
        if (!parent.active)
            return bm_fail(err, BM_EINVALID, N_("This unit is retired"), "%s", parent.code);
    }
    if (!fits_under(kind, parent.kind))
        return bm_fail(err, BM_EINVALID, N_("This kind of unit cannot be placed there"),
                       "%s under %s", bm_org_kind_name(kind) ? bm_org_kind_name(kind) : "?",
                       parent.kind ? bm_org_kind_name(parent.kind) : "nothing");
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_ORG_INSERT, err);
    if (!st)
        return bm_tx_end(db, BM_EDB, err);
    int64_t centre = kind == BM_ORG_TOWNSHIP ? 0 : parent.centre_id;
    int64_t village = kind == BM_ORG_VILLAGE ? 0 : parent.village_id;
    bm_bind_text(st, 1, code);
    bm_bind_text(st, 2, name);
    bm_bind_text(st, 3, bm_org_kind_name(kind));
    bm_bind_id(st, 4, parent.id);
    bm_bind_id(st, 5, centre);
    bm_bind_id(st, 6, village);
    bm_bind_text(st, 7, phone ? phone : "");
    rc = bm_step_done(db, st, err);
    if (rc == BM_ECONFLICT && err)
        err->reason = N_("A unit with this code already exists");
    int64_t id = bm_store_last_id(db->store);
    /* A township is its own centre, a village its own village: set them now the id exists. */
    if (rc == BM_OK && (kind == BM_ORG_TOWNSHIP || kind == BM_ORG_VILLAGE)) {
        if (!(st = bm_sql(db, BM_SQL_ORG_SET_SELF, err)))
            return bm_tx_end(db, BM_EDB, err);
        bm_bind_int(st, 1, id);
        rc = bm_step_done(db, st, err);
    }
    if (rc == BM_OK) {
        bm_json j;
        bm_json_begin(&j);
        bm_json_str(&j, "code", code);
        bm_json_str(&j, "name", name);
        bm_json_str(&j, "kind", bm_org_kind_name(kind));
        bm_json_str(&j, "parent", parent.id ? parent.code : NULL);
        char *after = bm_json_end(&j);
        rc = bm_audit_append(db, who, "org.add", "org", code, NULL, after, NULL, err);
        free(after);
    }
    return bm_tx_end(db, rc, err);
}

int bm_org_set_field(bm_db *db, const bm_actor *who, const char *code, enum bm_sql_id sql,
                     const char *what, const char *key, const char *before, const char *value,
                     bm_org *o, bm_err *err)
{
    int rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, sql, err);
    if (!st)
        return bm_tx_end(db, BM_EDB, err);
    bm_bind_int(st, 1, o->id);
    bm_bind_text(st, 2, value);
    rc = bm_step_done(db, st, err);
    if (rc == BM_OK) {
        bm_json b, a;
        bm_json_begin(&b);
        bm_json_str(&b, key, before);
        bm_json_begin(&a);
        bm_json_str(&a, key, value);
        char *bs = bm_json_end(&b), *as = bm_json_end(&a);
        rc = bm_audit_append(db, who, what, "org", code, bs, as, NULL, err);
        free(bs);
        free(as);
    }
    return bm_tx_end(db, rc, err);
}

int bm_org_set_office_hours(bm_db *db, const bm_actor *who, const char *code, const char *spec,
                            bm_err *err)
{
    int rc = bm_audit_authz(db, who, BM_ACT_ORG_ADMIN, NULL, "org", code, err);
    if (rc != BM_OK)
        return rc;
    bm_office_hours h;
    if (bm_office_hours_parse(spec, &h) != 0)
        return bm_fail(err, BM_EINVALID,
                       N_("Office hours are periods like 09:00-12:00,14:00-17:30, in order"),
                       "%s", spec ? spec : "");
    bm_org o;
    if ((rc = bm_org_get_by_code(db, code, &o, err)) != BM_OK)
        return rc;
    if (o.kind != BM_ORG_TOWNSHIP && o.kind != BM_ORG_COUNTY)
        return bm_fail(err, BM_EINVALID, N_("Office hours belong to a centre"), "%s", code);
    char before[64], after[64];
    bm_office_hours_format(&o.hours, before, sizeof before);
    bm_office_hours_format(&h, after, sizeof after);
    return bm_org_set_field(db, who, code, BM_SQL_ORG_SET_HOURS, "org.office_hours",
                            "office_hours", before, after, &o, err);
}

int bm_org_set_lang(bm_db *db, const bm_actor *who, const char *code, const char *lang,
                    bm_err *err)
{
    int rc = bm_audit_authz(db, who, BM_ACT_ORG_ADMIN, NULL, "org", code, err);
    if (rc != BM_OK)
        return rc;
    if (!lang || strlen(lang) > 7)
        return bm_fail(err, BM_EINVALID, N_("A language is a short code such as bo or ii"), NULL);
    bm_org o;
    if ((rc = bm_org_get_by_code(db, code, &o, err)) != BM_OK)
        return rc;
    return bm_org_set_field(db, who, code, BM_SQL_ORG_SET_LANG, "org.lang", "lang", o.lang, lang,
                            &o, err);
}
