/* The matter catalogue: parsing the catalogue file, saving matters and bundles as versions,
 * reading them back, searching, and working out a case's material list. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/authz.h"
#include "core/catalogue.h"
#include "core/date.h"
#include "core/audit_internal.h"
#include "core/db_internal.h"
#include "core/json.h"
#include "core/pinyin.h"

#define MAX_FILE (8 << 20)

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
    enum { NONE, MATTER, BUNDLE } block;
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
    K_FEE_BASIS = 1 << 9, K_FLAGS = 1 << 10, K_MATTERS = 1 << 11,
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

static int valid_code(const char *s)
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
            if (!valid_code(t))
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
        if (indented)
            return pfail(p, N_("Catalogue file: a block starts with matter: or bundle:"));
        if (strcmp(key, "matter") && strcmp(key, "bundle"))
            return pfail(p, N_("Catalogue file: a block starts with matter: or bundle:"));
        if (!valid_code(v))
            return pfail(p, N_("Catalogue file: a code is letters, digits, '-', '_' or '.'"));
        for (size_t i = 0; i < c->nmatters; i++)
            if (strcmp(c->matters[i].code, v) == 0)
                return pfail(p, N_("Catalogue file: the code is used twice"));
        for (size_t i = 0; i < c->nbundles; i++)
            if (strcmp(c->bundles[i].code, v) == 0)
                return pfail(p, N_("Catalogue file: the code is used twice"));
        p->block_line = p->lineno;
        snprintf(p->block_head, sizeof p->block_head, "%.8s: %.40s", key, v);
        if (strcmp(key, "matter") == 0) {
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
    return bundle_key(p, &c->bundles[c->nbundles - 1], key, v);
}

void bm_catalogue_free(bm_catalogue *c)
{
    if (!c)
        return;
    free(c->matters);
    free(c->bundles);
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
        if (memchr(s, '\0', n)) {
            p.line[0] = '\0';
            rc = pfail(&p, N_("Catalogue file: not a text file"));
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
    if (rc == BM_OK && out->nmatters == 0 && out->nbundles == 0)
        rc = bm_fail(err, BM_EINVALID, N_("Catalogue file: no matters in it"), NULL);
    if (rc != BM_OK)
        bm_catalogue_free(out);
    return rc;
}

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
    if (!valid_code(m->code))
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

/* Inside a transaction, permission already checked. */
static int save_matter(bm_db *db, const bm_actor *who, const bm_matter *in, int *version,
                       int *changed, bm_err *err)
{
    int rc = check_matter(in, err);
    if (rc != BM_OK)
        return rc;
    /* Compare and store the matter as it will read back (a missing type is 其他). */
    bm_matter *old = malloc(sizeof *old), *m = malloc(sizeof *m);
    if (!old || !m) {
        free(old);
        free(m);
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    }
    *m = *in;
    if (!m->type[0])
        bm_strlcpy(m->type, "其他", sizeof m->type);
    char *after = matter_json(m), *before = NULL;
    int have_old = 0;
    rc = bm_matter_current(db, m->code, old, err);
    if (rc == BM_OK) {
        have_old = 1;
        before = matter_json(old);
    } else if (rc == BM_ENOTFOUND) {
        rc = BM_OK;
    }
    if (rc == BM_OK && (!after || (have_old && !before)))
        rc = bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    if (rc == BM_OK && have_old && strcmp(before, after) == 0) {
        *version = old->version;
        *changed = 0;
        goto out;
    }
    int v = have_old ? old->version + 1 : 1;
    bm_stmt *st;
    if (rc == BM_OK && have_old) {
        if (!(st = bm_sql(db, BM_SQL_MATTER_RETIRE, err)))
            rc = BM_EDB;
        else {
            bm_bind_int(st, 1, old->id);
            rc = bm_step_done(db, st, err);
        }
    }
    int64_t id = 0;
    if (rc == BM_OK) {
        if (!(st = bm_sql(db, BM_SQL_MATTER_INSERT, err))) {
            rc = BM_EDB;
        } else {
            bm_bind_text(st, 1, m->code);
            bm_bind_int(st, 2, v);
            bm_bind_text(st, 3, m->name);
            bm_bind_text(st, 4, m->title);
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
            rc = bm_step_done(db, st, err);
            id = bm_store_last_id(db->store);
        }
    }
    for (int i = 0; rc == BM_OK && i < m->nmaterials; i++)
        rc = insert_material(db, BM_SQL_MATTER_MATERIAL_INSERT, id, 0, i, NULL, &m->materials[i],
                             err);
    for (int i = 0; rc == BM_OK && i < m->nsituations; i++) {
        if (!(st = bm_sql(db, BM_SQL_MATTER_SITUATION_INSERT, err))) {
            rc = BM_EDB;
            break;
        }
        bm_bind_int(st, 1, id);
        bm_bind_int(st, 2, i);
        bm_bind_text(st, 3, m->situations[i].question);
        rc = bm_step_done(db, st, err);
        for (int k = 0; rc == BM_OK && k < m->situations[i].neffects && k < BM_SITUATION_EFFECTS;
             k++) {
            const bm_situation_effect *e = &m->situations[i].effects[k];
            rc = insert_material(db, BM_SQL_SITUATION_EFFECT_INSERT, id, i, k,
                                 e->add ? "add" : "remove", &e->material, err);
        }
    }
    if (rc == BM_OK) {
        char oid[40];
        snprintf(oid, sizeof oid, "%s@%d", m->code, v);
        rc = bm_audit_append(db, who, have_old ? "matter.change" : "matter.add", "matter", oid,
                             before, after, NULL, err);
    }
    if (rc == BM_OK) {
        *version = v;
        *changed = have_old ? 1 : 2;
    }
out:
    free(before);
    free(after);
    free(old);
    free(m);
    return rc;
}

int bm_matter_save(bm_db *db, const bm_actor *who, const bm_matter *m, int *version,
                   bm_err *err)
{
    int rc = bm_audit_authz(db, who, BM_ACT_CATALOGUE_EDIT, NULL, "matter", m->code, err);
    if (rc != BM_OK)
        return rc;
    int v = 0, changed;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    rc = bm_tx_end(db, save_matter(db, who, m, &v, &changed, err), err);
    if (rc == BM_OK && version)
        *version = v;
    return rc;
}

static int save_bundle(bm_db *db, const bm_actor *who, const bm_bundle *in, int *version,
                       int *changed, bm_err *err)
{
    /* Compare and store the bundle as it will read back: a missing title is its name. */
    bm_bundle nb = *in;
    const bm_bundle *b = &nb;
    if (!nb.title[0])
        memcpy(nb.title, nb.name, sizeof nb.title);
    if (!valid_code(b->code) || !b->name[0] || b->nmatters < 2 || b->nmatters > BM_BUNDLE_MATTERS)
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
    bm_bundle old;
    char *after = bundle_json(b), *before = NULL;
    int have_old = 0;
    rc = bm_bundle_current(db, b->code, &old, err);
    if (rc == BM_OK) {
        have_old = 1;
        before = bundle_json(&old);
    } else if (rc == BM_ENOTFOUND) {
        rc = BM_OK;
    }
    if (rc == BM_OK && (!after || (have_old && !before)))
        rc = bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    if (rc == BM_OK && have_old && strcmp(before, after) == 0) {
        *version = old.version;
        *changed = 0;
        free(before);
        free(after);
        return BM_OK;
    }
    int v = have_old ? old.version + 1 : 1;
    bm_stmt *st;
    if (rc == BM_OK && have_old) {
        if (!(st = bm_sql(db, BM_SQL_BUNDLE_RETIRE, err)))
            rc = BM_EDB;
        else {
            bm_bind_int(st, 1, old.id);
            rc = bm_step_done(db, st, err);
        }
    }
    int64_t id = 0;
    if (rc == BM_OK) {
        if (!(st = bm_sql(db, BM_SQL_BUNDLE_INSERT, err))) {
            rc = BM_EDB;
        } else {
            bm_bind_text(st, 1, b->code);
            bm_bind_int(st, 2, v);
            bm_bind_text(st, 3, b->name);
            bm_bind_text(st, 4, b->title);
            bm_bind_int(st, 5, (int64_t)bm_now());
            bm_bind_int(st, 6, who ? who->user_id : 0);
            rc = bm_step_done(db, st, err);
            id = bm_store_last_id(db->store);
        }
    }
    for (int i = 0; rc == BM_OK && i < b->nmatters; i++) {
        if (!(st = bm_sql(db, BM_SQL_BUNDLE_MATTER_INSERT, err))) {
            rc = BM_EDB;
            break;
        }
        bm_bind_int(st, 1, id);
        bm_bind_int(st, 2, i);
        bm_bind_text(st, 3, b->matters[i]);
        rc = bm_step_done(db, st, err);
    }
    if (rc == BM_OK) {
        char oid[40];
        snprintf(oid, sizeof oid, "%.23s@%d", b->code, v);
        rc = bm_audit_append(db, who, have_old ? "bundle.change" : "bundle.add", "bundle", oid,
                             before, after, NULL, err);
    }
    if (rc == BM_OK) {
        *version = v;
        *changed = have_old ? 1 : 2;
    }
    free(before);
    free(after);
    return rc;
}

int bm_bundle_save(bm_db *db, const bm_actor *who, const bm_bundle *b, int *version,
                   bm_err *err)
{
    int rc = bm_audit_authz(db, who, BM_ACT_CATALOGUE_EDIT, NULL, "bundle", b->code, err);
    if (rc != BM_OK)
        return rc;
    int v = 0, changed;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    rc = bm_tx_end(db, save_bundle(db, who, b, &v, &changed, err), err);
    if (rc == BM_OK && version)
        *version = v;
    return rc;
}

int bm_catalogue_load(bm_db *db, const bm_actor *who, const char *text, size_t len,
                      int *added, int *changed, int *unchanged, bm_err *err)
{
    int counts[3] = {0, 0, 0};   /* unchanged, changed, added */
    int rc = bm_audit_authz(db, who, BM_ACT_CATALOGUE_EDIT, NULL, "catalogue", "", err);
    if (rc != BM_OK)
        return rc;
    bm_catalogue c;
    if ((rc = bm_catalogue_parse(text, len, &c, err)) != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) == BM_OK) {
        for (size_t i = 0; rc == BM_OK && i < c.nmatters; i++) {
            int v, ch = 0;
            rc = save_matter(db, who, &c.matters[i], &v, &ch, err);
            counts[ch]++;
        }
        for (size_t i = 0; rc == BM_OK && i < c.nbundles; i++) {
            int v, ch = 0;
            rc = save_bundle(db, who, &c.bundles[i], &v, &ch, err);
            counts[ch]++;
        }
        rc = bm_tx_end(db, rc, err);
    }
    bm_catalogue_free(&c);
    if (rc == BM_OK) {
        if (added)
            *added = counts[2];
        if (changed)
            *changed = counts[1];
        if (unchanged)
            *unchanged = counts[0];
    }
    return rc;
}

int bm_catalogue_import(bm_db *db, const bm_actor *who, const char *path, int *added,
                        int *changed, int *unchanged, bm_err *err)
{
    int rc = bm_audit_authz(db, who, BM_ACT_CATALOGUE_EDIT, NULL, "catalogue", "", err);
    if (rc != BM_OK)
        return rc;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return bm_fail(err, BM_ENOTFOUND, N_("Cannot read the catalogue file"), "%s: %s", path,
                       strerror(errno));
    char *buf = malloc(MAX_FILE + 1);
    if (!buf) {
        fclose(fp);
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    }
    size_t n = fread(buf, 1, MAX_FILE + 1, fp);
    int bad = ferror(fp);
    fclose(fp);
    if (bad || n > MAX_FILE)
        rc = bm_fail(err, BM_EINVALID, N_("Cannot read the catalogue file"), "%s", path);
    else
        rc = bm_catalogue_load(db, who, buf, n, added, changed, unchanged, err);
    free(buf);
    return rc;
}

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

int bm_matter_search(bm_db *db, const char *query, int (*each)(const bm_matter_brief *m, void *ctx),
                     void *ctx, bm_err *err)
{
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
            free(list);
            return BM_EDB;
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
            if (!brief_matches(&b, query, lq))
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                bm_matter_brief *l = realloc(list, cap * sizeof *l);
                if (!l) {
                    free(list);
                    bm_stmt_reset(st);
                    return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
                }
                list = l;
            }
            list[n++] = b;
        }
        if (r < 0) {
            free(list);
            return BM_EDB;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (each(&list[i], ctx))
            break;
    free(list);
    return BM_OK;
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
