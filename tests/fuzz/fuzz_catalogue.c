/* Fuzz target for the catalogue importer (`bianmin catalogue import`): the file parsed by
 * bm_catalogue_parse, then loaded into a fresh database by bm_catalogue_load. A refused file
 * is BM_EINVALID with a reason and leaves nothing behind; an accepted one holds only what the
 * format allows (codes, levels, types, time limits, fees, counts, UTF-8 text without control
 * characters), loads
 * whole or not at all, reads back as parsed, and loading it again changes nothing.
 * Input: the file's bytes. */
#include "core/catalogue.h"
#include "forms/text.h"
#include "tests/fuzz/fuzz_db.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int valid_text(const char *s, size_t cap, int may_be_empty)
{
    size_t n = strnlen(s, cap);
    if (n == cap || (!may_be_empty && n == 0))
        return 0;
    const unsigned char *p = (const unsigned char *)s;
    while (n > 0) {
        wchar_t wc;
        int len = fm_utf8_decode(p, n, &wc);
        if (len <= 0 || (wc < 0x20 && wc != L'\t') || wc == 0x7f)
            return 0;   /* (a control character would reach screens and printouts) */
        p += len;
        n -= (size_t)len;
    }
    return 1;
}

static int valid_code(const char *s)
{
    size_t n = strnlen(s, 24);
    if (n == 0 || n == 24)
        return 0;
    return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") == n;
}

static int valid_material(const bm_material *m)
{
    return valid_text(m->name, sizeof m->name, 0) && m->copies >= 1 && m->copies <= 99;
}

static void check_matter(const bm_matter *m)
{
    static const char *const types[] = { "许可", "给付", "确认", "征收", "裁决", "奖励", "其他",
                                         "公共服务" };
    int type_ok = 0;
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        type_ok |= strcmp(m->type, types[i]) == 0;
    if (!valid_code(m->code) || !valid_text(m->name, sizeof m->name, 0) ||
        !valid_text(m->title, sizeof m->title, 0) || !valid_text(m->dept, sizeof m->dept, 0) ||
        !valid_text(m->basis, sizeof m->basis, 1) ||
        !valid_text(m->fee_basis, sizeof m->fee_basis, 1) || !type_ok ||
        (strcmp(m->level, "county") && strcmp(m->level, "township") &&
         strcmp(m->level, "village")))
        abort();
    if (m->legal_days < 0 || m->legal_days > 365 || m->promised_days < 0 ||
        m->promised_days > m->legal_days || m->fee_fen < 0 ||
        (m->fee_fen > 0 && !m->fee_basis[0]) || m->flags > 15)
        abort();
    if (m->nmaterials < 0 || m->nmaterials > BM_MATTER_MATERIALS || m->nsituations < 0 ||
        m->nsituations > BM_MATTER_SITUATIONS)
        abort();
    for (int i = 0; i < m->nmaterials; i++)
        if (!valid_material(&m->materials[i]))
            abort();
    for (int i = 0; i < m->nsituations; i++) {
        const bm_situation *s = &m->situations[i];
        if (!valid_text(s->question, sizeof s->question, 0) || s->neffects < 0 ||
            s->neffects > BM_SITUATION_EFFECTS)
            abort();
        for (int e = 0; e < s->neffects; e++)
            if (!valid_text(s->effects[e].material.name, sizeof s->effects[e].material.name, 0) ||
                (s->effects[e].add && !valid_material(&s->effects[e].material)))
                abort();
    }
}

static void check_bundle(const bm_bundle *b)
{
    if (!valid_code(b->code) || !valid_text(b->name, sizeof b->name, 0) ||
        !valid_text(b->title, sizeof b->title, 1) || b->nmatters < 2 ||
        b->nmatters > BM_BUNDLE_MATTERS)
        abort();
    for (int i = 0; i < b->nmatters; i++)
        if (!valid_code(b->matters[i]))
            abort();
}

static void check_codes_unique(const bm_catalogue *c)
{
    for (size_t i = 0; i < c->nmatters + c->nbundles; i++)
        for (size_t k = 0; k < i; k++) {
            const char *a = i < c->nmatters ? c->matters[i].code : c->bundles[i - c->nmatters].code;
            const char *b = k < c->nmatters ? c->matters[k].code : c->bundles[k - c->nmatters].code;
            if (strcmp(a, b) == 0)
                abort();
        }
}

/* What the database holds for a parsed matter is what was parsed. */
static void check_stored(bm_db *db, const bm_matter *m)
{
    static bm_matter got;
    bm_err err;
    if (bm_matter_current(db, m->code, &got, &err) != BM_OK)
        abort();
    if (strcmp(got.name, m->name) || strcmp(got.title, m->title) || strcmp(got.dept, m->dept) ||
        strcmp(got.level, m->level) || strcmp(got.type, m->type) ||
        strcmp(got.basis, m->basis) || got.legal_days != m->legal_days ||
        got.promised_days != m->promised_days || got.fee_fen != m->fee_fen ||
        got.flags != m->flags || got.nmaterials != m->nmaterials ||
        got.nsituations != m->nsituations || got.version != 1)
        abort();
    for (int i = 0; i < m->nmaterials; i++)
        if (strcmp(got.materials[i].name, m->materials[i].name) ||
            got.materials[i].copies != m->materials[i].copies ||
            got.materials[i].original != m->materials[i].original ||
            got.materials[i].required != m->materials[i].required ||
            got.materials[i].commit_ok != m->materials[i].commit_ok)
            abort();
}

static void check_load(const char *text, size_t len, const bm_catalogue *c)
{
    bm_db *db = fdb_fresh();
    bm_err err;
    int added = -1, changed = -1, unchanged = -1;
    int rc = bm_catalogue_load(db, &fdb_shell, text, len, &added, &changed, &unchanged, &err);
    int total = (int)(c->nmatters + c->nbundles);
    if (rc == BM_OK) {
        if (added != total || changed != 0 || unchanged != 0)
            abort();
        for (size_t i = 0; i < c->nmatters; i++)
            check_stored(db, &c->matters[i]);
        for (size_t i = 0; i < c->nbundles; i++) {
            static bm_bundle got;
            if (bm_bundle_current(db, c->bundles[i].code, &got, &err) != BM_OK ||
                got.nmatters != c->bundles[i].nmatters || strcmp(got.name, c->bundles[i].name))
                abort();
        }
        /* The same file again: nothing new, nothing changed. */
        if (bm_catalogue_load(db, &fdb_shell, text, len, &added, &changed, &unchanged, &err) !=
                BM_OK || added != 0 || changed != 0 || unchanged != total)
            abort();
    } else {
        /* Only a bundle naming a matter neither in the file nor stored may fail here; then
         * nothing of the file is kept. */
        if (rc != BM_EINVALID || !err.reason || c->nbundles == 0)
            abort();
        static bm_matter got;
        for (size_t i = 0; i < c->nmatters; i++)
            if (bm_matter_current(db, c->matters[i].code, &got, &err) != BM_ENOTFOUND)
                abort();
    }
    bm_db_close(db);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    bm_catalogue c;
    bm_err err;
    int rc = bm_catalogue_parse(text, size, &c, &err);
    if (rc != BM_OK) {
        if (rc != BM_EINVALID || !err.reason || c.matters || c.bundles || c.nmatters ||
            c.nbundles)
            abort();
        return 0;
    }
    if (c.nmatters + c.nbundles == 0)
        abort();
    for (size_t i = 0; i < c.nmatters; i++)
        check_matter(&c.matters[i]);
    for (size_t i = 0; i < c.nbundles; i++)
        check_bundle(&c.bundles[i]);
    check_codes_unique(&c);
    check_load(text, size, &c);
    bm_catalogue_free(&c);
    return 0;
}
