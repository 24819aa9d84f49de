/* The administrator's catalogue work: editing a matter's fields (a new version, cases keep
 * theirs), retiring a matter (new intake refused, old cases untouched), and what changed
 * between two versions of a matter. */
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

int bm_matter_edit(bm_db *db, const bm_actor *who, const char *code, const char *const *keys,
                   const char *const *values, int n, int *version, bm_err *err)
{
    int rc = bm_audit_authz(db, who, BM_ACT_CATALOGUE_EDIT, NULL, "matter", code, err);
    if (rc != BM_OK)
        return rc;
    bm_matter *m = malloc(sizeof *m);
    if (!m)
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    rc = bm_matter_current(db, code, m, err);
    for (int i = 0; rc == BM_OK && i < n; i++)
        rc = bm_matter_apply_key(m, keys[i], values[i], err);
    if (rc == BM_OK)
        rc = bm_matter_save(db, who, m, version, err);
    free(m);
    return rc;
}

int bm_matter_is_retired(bm_db *db, const char *code, bm_matter_retired_info *out, bm_err *err)
{
    bm_stmt *st;
    int r = bm_fetch_one(db, BM_SQL_CAT_RETIRED_GET, code, 0, &st, err);
    if (r == 1) {
        if (out) {
            memset(out, 0, sizeof *out);
            out->at = (time_t)bm_col_int64(st, 0);
            bm_col_text(st, 1, out->by, sizeof out->by);
            bm_col_text(st, 2, out->reason, sizeof out->reason);
        }
        bm_stmt_reset(st);
    }
    return r;
}

int bm_matter_retire_tx(bm_db *db, const bm_actor *who, const char *code, const char *reason,
                        char *name, size_t name_cap, int *did, bm_err *err)
{
    *did = 0;
    if (!reason || !*reason)
        return bm_err_at(err, BM_FIELD_REASON,
                         bm_fail(err, BM_EINVALID, N_("Say why the matter is retired"), NULL));
    bm_matter *m = malloc(sizeof *m);
    if (!m)
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    int rc = bm_matter_current(db, code, m, err);
    if (rc == BM_ENOTFOUND)
        rc = bm_fail(err, BM_ENOTFOUND, N_("The catalogue has no such matter"), "%s", code);
    if (rc == BM_OK)
        bm_strlcpy(name, m->name, name_cap);
    free(m);
    int r = rc == BM_OK ? bm_matter_is_retired(db, code, NULL, err) : 0;
    if (rc != BM_OK || r != 0)
        return rc != BM_OK ? rc : r < 0 ? BM_EDB : BM_OK;   /* retired already: nothing to do */
    bm_stmt *st = bm_sql(db, BM_SQL_CAT_RETIRED_INSERT, err);
    if (!st)
        return BM_EDB;
    bm_bind_text(st, 1, code);
    bm_bind_int(st, 2, (int64_t)bm_now());
    bm_bind_int(st, 3, who ? who->user_id : 0);
    bm_bind_text(st, 4, reason);
    if ((rc = bm_step_done(db, st, err)) != BM_OK)
        return rc;
    bm_json j;
    bm_json_begin(&j);
    bm_json_str(&j, "retired", "yes");
    bm_json_str(&j, "reason", reason);
    char *after = bm_json_end(&j);
    if (!after)
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    rc = bm_audit_append(db, who, "matter.retire", "matter", code, "{\"retired\":\"no\"}", after,
                         NULL, err);
    free(after);
    if (rc == BM_OK)
        *did = 1;
    return rc;
}

int bm_matter_retire(bm_db *db, const bm_actor *who, const char *code, const char *reason,
                     bm_err *err)
{
    int rc = bm_audit_authz(db, who, BM_ACT_CATALOGUE_EDIT, NULL, "matter", code, err);
    if (rc != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    char name[192];
    int did = 0;
    rc = bm_matter_retire_tx(db, who, code, reason, name, sizeof name, &did, err);
    if (rc == BM_OK && !did)
        rc = bm_fail(err, BM_ESTATE, N_("The matter is retired already"), "%s", code);
    return bm_tx_end(db, rc, err);
}

static int refuse_if_retired(bm_db *db, const char *code, bm_err *err)
{
    int r = bm_matter_is_retired(db, code, NULL, err);
    if (r < 0)
        return BM_EDB;
    if (r == 0)
        return BM_OK;
    return bm_err_at(err, BM_FIELD_MATTER,
                     bm_fail(err, BM_EINVALID,
                             N_("This matter is retired from the catalogue: no new case is "
                                "taken for it"), "%s", code));
}

int bm_catalogue_intake_open(bm_db *db, const char *matter_code, const char *bundle_code,
                             bm_err *err)
{
    if (!(bundle_code && *bundle_code))
        return refuse_if_retired(db, matter_code ? matter_code : "", err);
    bm_bundle b;
    int rc = bm_bundle_current(db, bundle_code, &b, err);
    for (int i = 0; rc == BM_OK && i < b.nmatters; i++)
        rc = refuse_if_retired(db, b.matters[i], err);
    return rc == BM_ENOTFOUND ? BM_OK : rc;   /* intake names a missing bundle itself */
}

/* ---- what changed between two versions ---- */

struct differ {
    const char *(*word)(const char *msgid);
    void (*each)(const char *label, const char *before, const char *after, void *ctx);
    void *ctx;
    int n;
};

static const char *same_word(const char *msgid)
{
    return msgid;
}

static void text_diff(struct differ *d, const char *label, const char *a, const char *b)
{
    if (strcmp(a, b) != 0) {
        d->each(label, a, b, d->ctx);
        d->n++;
    }
}

static void int_diff(struct differ *d, const char *label, long long a, long long b)
{
    char x[24], y[24];
    snprintf(x, sizeof x, "%lld", a);
    snprintf(y, sizeof y, "%lld", b);
    text_diff(d, label, x, y);
}

static const char *level_word(struct differ *d, const char *level)
{
    static const char *const levels[] = {N_("county"), N_("township"), N_("village")};
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
        if (strcmp(level, levels[i]) == 0)
            return d->word(levels[i]);
    return level;
}

static const char *flag_words(struct differ *d, unsigned flags, char *buf, size_t n)
{
    static const char *const words[] = {N_("zero-material"), N_("city-wide"), N_("inspection"),
                                        N_("notification-commitment")};
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < 4 && len < n; i++)
        if (flags & (1u << i))
            len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? " " : "",
                                    d->word(words[i]));
    return buf;
}

/* "名称, original x1, required" in the reader's words. */
static void material_line(struct differ *d, const bm_material *m, char *buf, size_t n)
{
    snprintf(buf, n, "%s, %s x%d, %s%s%s", m->name, d->word(m->original ? N_("original")
                                                                        : N_("copy")),
             m->copies, d->word(m->required ? N_("required") : N_("optional")),
             m->commit_ok ? ", " : "", m->commit_ok ? d->word(N_("may follow on commitment")) : "");
}

static const bm_material *material_named(const bm_matter *m, const char *name)
{
    for (int i = 0; i < m->nmaterials; i++)
        if (strcmp(m->materials[i].name, name) == 0)
            return &m->materials[i];
    return NULL;
}

/* A situation as one line: its question and its effects (+ adds, - removes a material). */
static void situation_line(const bm_situation *s, char *buf, size_t n)
{
    size_t len = (size_t)snprintf(buf, n, "%s", s->question);
    for (int k = 0; k < s->neffects && len < n; k++)
        len += (size_t)snprintf(buf + len, n - len, " %s%s", s->effects[k].add ? "+" : "-",
                                s->effects[k].material.name);
}

int bm_matter_diff(const bm_matter *a, const bm_matter *b, const char *(*word)(const char *),
                   void (*each)(const char *label, const char *before, const char *after,
                                void *ctx),
                   void *ctx)
{
    struct differ d = {word ? word : same_word, each, ctx, 0};
    char x[512], y[512];
    text_diff(&d, N_("Matter name"), a->name, b->name);
    text_diff(&d, N_("\"I want to\" title"), a->title, b->title);
    text_diff(&d, N_("Department"), a->dept, b->dept);
    text_diff(&d, N_("Level"), level_word(&d, a->level), level_word(&d, b->level));
    text_diff(&d, N_("Matter type"), a->type, b->type);
    text_diff(&d, N_("Legal basis"), a->basis, b->basis);
    int_diff(&d, N_("Legal days"), a->legal_days, b->legal_days);
    int_diff(&d, N_("Promised days"), a->promised_days, b->promised_days);
    text_diff(&d, N_("Fee (yuan)"), bm_fee_text(a->fee_fen, x, sizeof x),
              bm_fee_text(b->fee_fen, y, sizeof y));
    text_diff(&d, N_("Fee basis"), a->fee_basis, b->fee_basis);
    text_diff(&d, N_("Flags"), flag_words(&d, a->flags, x, sizeof x),
              flag_words(&d, b->flags, y, sizeof y));
    /* Materials by name: gone, changed, new. */
    for (int i = 0; i < a->nmaterials; i++) {
        const bm_material *other = material_named(b, a->materials[i].name);
        material_line(&d, &a->materials[i], x, sizeof x);
        if (other)
            material_line(&d, other, y, sizeof y);
        text_diff(&d, N_("Material"), x, other ? y : "");
    }
    for (int i = 0; i < b->nmaterials; i++)
        if (!material_named(a, b->materials[i].name)) {
            material_line(&d, &b->materials[i], y, sizeof y);
            text_diff(&d, N_("Material"), "", y);
        }
    /* Situations by position: they are asked in order. */
    int ns = a->nsituations > b->nsituations ? a->nsituations : b->nsituations;
    for (int i = 0; i < ns; i++) {
        x[0] = y[0] = '\0';
        if (i < a->nsituations)
            situation_line(&a->situations[i], x, sizeof x);
        if (i < b->nsituations)
            situation_line(&b->situations[i], y, sizeof y);
        text_diff(&d, N_("Situation"), x, y);
    }
    return d.n;
}
