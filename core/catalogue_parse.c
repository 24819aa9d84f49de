/* The catalogue file: parsing matters (materials, situations and their effects) and bundles
 * from the text format of core/data/catalogue.txt, with a reason and line for every error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/catalogue.h"
#include "core/catalogue_internal.h"
#include "core/validate.h"
#include "core/db_internal.h"
#include "core/pinyin.h"

static const char *const flag_names[] = {"zero_material", "citywide", "inspection",
                                         "notify_commit"};

const char *bm_flag_names(unsigned flags, char *buf, size_t n)
{
    size_t len = 0;
    if (n)
        buf[0] = '\0';
    for (int i = 0; i < 4 && n; i++)
        if (flags & (1u << i) && len < n)
            len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? " " : "", flag_names[i]);
    return buf;
}

/* ---- parsing ---- */

struct parser {
    bm_catalogue *c;
    int lineno;
    bm_err *err;
    char line[1024];
    enum { NONE, MATTER, BUNDLE, RETIRE } block;
    unsigned seen;   /* keys seen in the current block */
    int block_line;  /* where the current block starts */
    char block_head[64];
};

/* A block's fault is reported at its first line. */
static int bfail(struct parser *p, const char *reason)
{
    return bm_fail(p->err, BM_EINVALID, reason, "line %d: %s", p->block_line, p->block_head);
}

static int pfail(struct parser *p, const char *reason)
{
    char shown[96];
    bm_strlcpy(shown, p->line, sizeof shown);
    return bm_fail(p->err, BM_EINVALID, reason, "line %d: %s", p->lineno, shown);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static int set_text(struct parser *p, char *dst, size_t n, const char *v)
{
    if (!*v)
        return pfail(p, N_("Catalogue file: the value is empty"));
    if (strlen(v) >= n)
        return pfail(p, N_("Catalogue file: the value is too long"));
    memcpy(dst, v, strlen(v) + 1);
    return BM_OK;
}

static int parse_int(struct parser *p, const char *v, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (!*v || *end || errno || x < lo || x > hi)
        return pfail(p, N_("Catalogue file: expected a whole number in range"));
    *out = (int)x;
    return BM_OK;
}

static int parse_fee(struct parser *p, const char *v, int64_t *fen)
{
    int64_t yuan = 0, frac = 0;
    int digits = 0, dot = 0, fd = 0;
    for (const char *s = v; *s; s++) {
        if (*s == '.' && !dot && digits) {
            dot = 1;
        } else if (*s >= '0' && *s <= '9' && !dot && digits < 9) {
            yuan = yuan * 10 + (*s - '0');
            digits++;
        } else if (*s >= '0' && *s <= '9' && dot && fd < 2) {
            frac = frac * 10 + (*s - '0');
            fd++;
        } else {
            return pfail(p, N_("Catalogue file: a fee is yuan with at most two decimals"));
        }
    }
    if (!digits || (dot && !fd))
        return pfail(p, N_("Catalogue file: a fee is yuan with at most two decimals"));
    if (fd == 1)
        frac *= 10;
    *fen = yuan * 100 + frac;
    return BM_OK;
}

/* "名称 | original|copy | count | required|optional [| commit]" */
static int parse_material(struct parser *p, char *v, bm_material *m)
{
    char *field[6];
    int n = 0;
    for (char *s = v;; ) {
        char *bar = strchr(s, '|');
        if (n == 6)
            return pfail(p, N_("Catalogue file: a material has at most five fields"));
        field[n++] = s;
        if (!bar)
            break;
        *bar = '\0';
        s = bar + 1;
    }
    for (int i = 0; i < n; i++)
        field[i] = trim(field[i]);
    if (n < 4)
        return pfail(p, N_("Catalogue file: a material is \"name | original|copy | count | "
                           "required|optional [| commit]\""));
    memset(m, 0, sizeof *m);
    int rc = set_text(p, m->name, sizeof m->name, field[0]);
    if (rc)
        return rc;
    if (strcmp(field[1], "original") == 0)
        m->original = 1;
    else if (strcmp(field[1], "copy") != 0)
        return pfail(p, N_("Catalogue file: the second field of a material is original or copy"));
    if ((rc = parse_int(p, field[2], 1, 99, &m->copies)))
        return rc;
    if (strcmp(field[3], "required") == 0)
        m->required = 1;
    else if (strcmp(field[3], "optional") != 0)
        return pfail(p, N_("Catalogue file: the fourth field of a material is required or "
                           "optional"));
    if (n == 5) {
        if (strcmp(field[4], "commit") != 0)
            return pfail(p, N_("Catalogue file: the fifth field of a material can only be "
                               "commit"));
        m->commit_ok = 1;
    }
    return BM_OK;
}

enum {
    K_NAME = 1 << 0, K_TITLE = 1 << 1, K_DEPT = 1 << 2, K_LEVEL = 1 << 3, K_TYPE = 1 << 4,
    K_BASIS = 1 << 5, K_LEGAL = 1 << 6, K_PROMISED = 1 << 7, K_FEE = 1 << 8,
    K_FEE_BASIS = 1 << 9, K_FLAGS = 1 << 10, K_MATTERS = 1 << 11, K_REASON = 1 << 12,
};

static int once(struct parser *p, unsigned key)
{
    if (p->seen & key)
        return pfail(p, N_("Catalogue file: a key appears twice in one block"));
    p->seen |= key;
    return BM_OK;
}

static int finish_block(struct parser *p)
{
    if (p->block == MATTER) {
        bm_matter *m = &p->c->matters[p->c->nmatters - 1];
        unsigned need = K_NAME | K_TITLE | K_DEPT | K_LEVEL | K_TYPE | K_LEGAL | K_PROMISED;
        if ((p->seen & need) != need)
            return bfail(p, N_("Catalogue file: a matter needs name, title, dept, level, type, "
                               "legal and promised"));
        if (m->promised_days > m->legal_days)
            return bfail(p, N_("Catalogue file: the promised time limit exceeds the legal one"));
        if (m->fee_fen > 0 && !m->fee_basis[0])
            return bfail(p, N_("Catalogue file: a matter with a fee needs fee_basis"));
    } else if (p->block == BUNDLE) {
        if ((p->seen & (K_NAME | K_MATTERS)) != (K_NAME | K_MATTERS))
            return bfail(p, N_("Catalogue file: a bundle needs name and matters"));
    } else if (p->block == RETIRE && !(p->seen & K_REASON)) {
        return bfail(p, N_("Catalogue file: a retired matter needs its reason"));
    }
    p->block = NONE;
    p->seen = 0;
    return BM_OK;
}

static int grow(void **arr, size_t n, size_t size)
{
    /* Doubling at powers of two. */
    if (n && (n & (n - 1)))
        return 0;
    void *a = realloc(*arr, (n ? n * 2 : 8) * size);
    if (!a)
        return -1;
    *arr = a;
    return 0;
}

int bm_catalogue_valid_code(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= 24)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
              (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_' || s[i] == '.'))
            return 0;
    return 1;
}

static int matter_key(struct parser *p, bm_matter *m, const char *key, char *v)
{
    int rc;
    if (strcmp(key, "name") == 0)
        return (rc = once(p, K_NAME)) ? rc : set_text(p, m->name, sizeof m->name, v);
    if (strcmp(key, "title") == 0)
        return (rc = once(p, K_TITLE)) ? rc : set_text(p, m->title, sizeof m->title, v);
    if (strcmp(key, "dept") == 0)
        return (rc = once(p, K_DEPT)) ? rc : set_text(p, m->dept, sizeof m->dept, v);
    if (strcmp(key, "basis") == 0)
        return (rc = once(p, K_BASIS)) ? rc : set_text(p, m->basis, sizeof m->basis, v);
    if (strcmp(key, "fee_basis") == 0)
        return (rc = once(p, K_FEE_BASIS)) ? rc : set_text(p, m->fee_basis, sizeof m->fee_basis, v);
    if (strcmp(key, "level") == 0) {
        if ((rc = once(p, K_LEVEL)))
            return rc;
        if (strcmp(v, "county") && strcmp(v, "township") && strcmp(v, "village"))
            return pfail(p, N_("Catalogue file: level is county, township or village"));
        return set_text(p, m->level, sizeof m->level, v);
    }
    if (strcmp(key, "type") == 0) {
        static const char *const types[] = {"许可", "给付", "确认", "征收", "裁决",
                                            "奖励", "其他", "公共服务"};
        if ((rc = once(p, K_TYPE)))
            return rc;
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (strcmp(v, types[i]) == 0)
                return set_text(p, m->type, sizeof m->type, v);
        return pfail(p, N_("Catalogue file: type is one of 许可 给付 确认 征收 裁决 奖励 其他 "
                           "公共服务"));
    }
    if (strcmp(key, "legal") == 0)
        return (rc = once(p, K_LEGAL)) ? rc : parse_int(p, v, 0, 365, &m->legal_days);
    if (strcmp(key, "promised") == 0)
        return (rc = once(p, K_PROMISED)) ? rc : parse_int(p, v, 0, 365, &m->promised_days);
    if (strcmp(key, "fee") == 0)
        return (rc = once(p, K_FEE)) ? rc : parse_fee(p, v, &m->fee_fen);
    if (strcmp(key, "flags") == 0) {
        if ((rc = once(p, K_FLAGS)))
            return rc;
        for (char *save = NULL, *t = strtok_r(v, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
            int found = 0;
            for (int i = 0; i < 4; i++)
                if (strcmp(t, flag_names[i]) == 0) {
                    m->flags |= 1u << i;
                    found = 1;
                }
            if (!found)
                return pfail(p, N_("Catalogue file: flags are zero_material, citywide, "
                                   "inspection, notify_commit"));
        }
        return BM_OK;
    }
    if (strcmp(key, "material") == 0) {
        if (m->nmaterials == BM_MATTER_MATERIALS)
            return pfail(p, N_("Catalogue file: too many materials"));
        bm_material mat;
        if ((rc = parse_material(p, v, &mat)))
            return rc;
        for (int i = 0; i < m->nmaterials; i++)
            if (strcmp(m->materials[i].name, mat.name) == 0)
                return pfail(p, N_("Catalogue file: the material is listed twice"));
        m->materials[m->nmaterials++] = mat;
        return BM_OK;
    }
    if (strcmp(key, "situation") == 0) {
        if (m->nsituations == BM_MATTER_SITUATIONS)
            return pfail(p, N_("Catalogue file: too many situations"));
        bm_situation *s = &m->situations[m->nsituations];
        memset(s, 0, sizeof *s);
        if ((rc = set_text(p, s->question, sizeof s->question, v)))
            return rc;
        m->nsituations++;
        return BM_OK;
    }
    return pfail(p, N_("Catalogue file: unknown key"));
}

static int situation_line(struct parser *p, bm_matter *m, const char *key, char *v)
{
    if (m->nsituations == 0)
        return pfail(p, N_("Catalogue file: an indented line must follow a situation"));
    bm_situation *s = &m->situations[m->nsituations - 1];
    if (s->neffects == BM_SITUATION_EFFECTS)
        return pfail(p, N_("Catalogue file: too many effects for one situation"));
    bm_situation_effect *e = &s->effects[s->neffects];
    memset(e, 0, sizeof *e);
    int rc;
    if (strcmp(key, "add") == 0) {
        e->add = 1;
        if ((rc = parse_material(p, v, &e->material)))
            return rc;
    } else if (strcmp(key, "remove") == 0) {
        if ((rc = set_text(p, e->material.name, sizeof e->material.name, v)))
            return rc;
    } else {
        return pfail(p, N_("Catalogue file: a situation's lines are add: or remove:"));
    }
    s->neffects++;
    return BM_OK;
}

static int bundle_key(struct parser *p, bm_bundle *b, const char *key, char *v)
{
    int rc;
    if (strcmp(key, "name") == 0)
        return (rc = once(p, K_NAME)) ? rc : set_text(p, b->name, sizeof b->name, v);
    if (strcmp(key, "title") == 0)
        return (rc = once(p, K_TITLE)) ? rc : set_text(p, b->title, sizeof b->title, v);
    if (strcmp(key, "matters") == 0) {
        if ((rc = once(p, K_MATTERS)))
            return rc;
        for (char *save = NULL, *t = strtok_r(v, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
            if (b->nmatters == BM_BUNDLE_MATTERS)
                return pfail(p, N_("Catalogue file: too many matters in a bundle"));
            if (!bm_catalogue_valid_code(t))
                return pfail(p, N_("Catalogue file: a code is letters, digits, '-', '_' or '.'"));
            for (int i = 0; i < b->nmatters; i++)
                if (strcmp(b->matters[i], t) == 0)
                    return pfail(p, N_("Catalogue file: a matter appears twice in a bundle"));
            bm_strlcpy(b->matters[b->nmatters++], t, sizeof b->matters[0]);
        }
        if (b->nmatters < 2)
            return pfail(p, N_("Catalogue file: a bundle has at least two matters"));
        return BM_OK;
    }
    return pfail(p, N_("Catalogue file: unknown key"));
}

static int parse_line(struct parser *p, char *raw)
{
    bm_catalogue *c = p->c;
    int indented = raw[0] == ' ' && raw[1] == ' ';
    /* Strip a trailing comment: '#' after whitespace. */
    for (char *h = raw; (h = strchr(h, '#')); h++)
        if (h > raw && (h[-1] == ' ' || h[-1] == '\t')) {
            *h = '\0';
            break;
        }
    char *s = trim(raw);
    if (*s == '\0')
        return finish_block(p);
    char *colon = strchr(s, ':');
    if (!colon)
        return pfail(p, N_("Catalogue file: expected \"key: value\""));
    *colon = '\0';
    char *key = trim(s), *v = trim(colon + 1);
    int rc;
    if (p->block == NONE) {
        if (indented || (strcmp(key, "matter") && strcmp(key, "bundle") && strcmp(key, "retire")))
            return pfail(p, N_("Catalogue file: a block starts with matter:, bundle: or "
                               "retire:"));
        if (!bm_catalogue_valid_code(v))
            return pfail(p, N_("Catalogue file: a code is letters, digits, '-', '_' or '.'"));
        for (size_t i = 0; i < c->nretired; i++)
            if (strcmp(c->retired[i].code, v) == 0)
                return pfail(p, N_("Catalogue file: the code is used twice"));
        for (size_t i = 0; i < c->nmatters; i++)
            if (strcmp(c->matters[i].code, v) == 0)
                return pfail(p, N_("Catalogue file: the code is used twice"));
        for (size_t i = 0; i < c->nbundles; i++)
            if (strcmp(c->bundles[i].code, v) == 0)
                return pfail(p, N_("Catalogue file: the code is used twice"));
        p->block_line = p->lineno;
        snprintf(p->block_head, sizeof p->block_head, "%.8s: %.40s", key, v);
        if (strcmp(key, "retire") == 0) {
            if (grow((void **)&c->retired, c->nretired, sizeof *c->retired))
                return bm_fail(p->err, BM_EDB, N_("Out of memory"), NULL);
            bm_retirement *r = &c->retired[c->nretired++];
            memset(r, 0, sizeof *r);
            bm_strlcpy(r->code, v, sizeof r->code);
            p->block = RETIRE;
        } else if (strcmp(key, "matter") == 0) {
            if (grow((void **)&c->matters, c->nmatters, sizeof *c->matters))
                return bm_fail(p->err, BM_EDB, N_("Out of memory"), NULL);
            bm_matter *m = &c->matters[c->nmatters++];
            memset(m, 0, sizeof *m);
            bm_strlcpy(m->code, v, sizeof m->code);
            p->block = MATTER;
        } else {
            if (grow((void **)&c->bundles, c->nbundles, sizeof *c->bundles))
                return bm_fail(p->err, BM_EDB, N_("Out of memory"), NULL);
            bm_bundle *b = &c->bundles[c->nbundles++];
            memset(b, 0, sizeof *b);
            bm_strlcpy(b->code, v, sizeof b->code);
            p->block = BUNDLE;
        }
        return BM_OK;
    }
    if (p->block == MATTER) {
        bm_matter *m = &c->matters[c->nmatters - 1];
        rc = indented ? situation_line(p, m, key, v) : matter_key(p, m, key, v);
        return rc;
    }
    if (indented)
        return pfail(p, N_("Catalogue file: a bundle has no indented lines"));
    if (p->block == RETIRE) {
        bm_retirement *r = &c->retired[c->nretired - 1];
        if (strcmp(key, "reason") != 0)
            return pfail(p, N_("Catalogue file: a retire: block has only a reason:"));
        return (rc = once(p, K_REASON)) ? rc : set_text(p, r->reason, sizeof r->reason, v);
    }
    return bundle_key(p, &c->bundles[c->nbundles - 1], key, v);
}

void bm_catalogue_free(bm_catalogue *c)
{
    if (!c)
        return;
    free(c->matters);
    free(c->bundles);
    free(c->retired);
    memset(c, 0, sizeof *c);
}

int bm_catalogue_parse(const char *text, size_t len, bm_catalogue *out, bm_err *err)
{
    memset(out, 0, sizeof *out);
    struct parser p = {.c = out, .err = err};
    const char *s = text, *end = text + len;
    int rc = BM_OK;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3;   /* a byte-order mark from a Windows editor */
    while (s < end && rc == BM_OK) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
        p.lineno++;
        if (n >= sizeof p.line) {
            memcpy(p.line, s, 80);
            p.line[80] = '\0';
            rc = pfail(&p, N_("Catalogue file: line too long"));
            break;
        }
        if (!bm_text_line_plain(s, n)) {   /* a NUL, or an Esc that would reach a printout */
            p.line[0] = '\0';
            rc = pfail(&p, N_("Catalogue file: not a text file"));
            break;
        }
        if (!bm_utf8_valid(s, n)) {
            p.line[0] = '\0';
            rc = pfail(&p, N_("Catalogue file: not UTF-8 text; save it as UTF-8"));
            break;
        }
        memcpy(p.line, s, n);
        p.line[n] = '\0';
        s += n + (nl ? 1 : 0);
        char work[sizeof p.line];
        memcpy(work, p.line, n + 1);
        if (work[0] == '#' || (trim(work)[0] == '#'))
            continue;
        memcpy(work, p.line, n + 1);
        rc = parse_line(&p, work);
    }
    if (rc == BM_OK) {
        p.line[0] = '\0';
        rc = finish_block(&p);
    }
    /* Bundle matters must exist in the file (the loader also accepts those already stored). */
    if (rc == BM_OK && out->nmatters == 0 && out->nbundles == 0 && out->nretired == 0)
        rc = bm_fail(err, BM_EINVALID, N_("Catalogue file: no matters in it"), NULL);
    if (rc != BM_OK)
        bm_catalogue_free(out);
    return rc;
}

/* ---- one field, as a file line sets it (the administrator's edits) ---- */

int bm_matter_apply_key(bm_matter *m, const char *key, const char *value, bm_err *err)
{
    static const char *const simple[] = {"name", "title", "dept", "basis", "level", "type",
                                         "legal", "promised", "fee", "fee_basis", "flags"};
    int known = 0;
    for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++)
        known |= strcmp(key, simple[i]) == 0;
    struct parser p = {.err = err, .block = MATTER};
    snprintf(p.line, sizeof p.line, "%s: %s", key, value ? value : "");
    if (!known)
        return bm_fail(err, BM_EINVALID, N_("That field cannot be edited here"), "%.60s", key);
    char v[sizeof p.line];
    bm_strlcpy(v, value ? value : "", sizeof v);
    char *t = trim(v);
    /* Clearing: a matter without a fee basis or without flags. */
    if (strcmp(key, "flags") == 0)
        m->flags = 0;
    if (strcmp(key, "fee_basis") == 0 && !*t) {
        m->fee_basis[0] = '\0';
        return BM_OK;
    }
    if (strcmp(key, "flags") == 0 && !*t)
        return BM_OK;
    int rc = matter_key(&p, m, key, t);
    if (rc != BM_OK && err)   /* the detail names the field and value, not a file's line */
        snprintf(err->detail, sizeof err->detail, "%.200s", p.line);
    return rc;
}

const char *bm_fee_text(int64_t fen, char *buf, size_t n)
{
    snprintf(buf, n, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
    return buf;
}
