/* Pinyin initials: lookup in the generated table and the bounded set of variants per name. */
#include <stddef.h>
#include <string.h>
#include "core/pinyin.h"

extern const uint32_t bm_pinyin_table[][2];
extern const size_t bm_pinyin_table_len;

int bm_pinyin_of(uint32_t cp, char *usual, uint32_t *all)
{
    size_t lo = 0, hi = bm_pinyin_table_len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (bm_pinyin_table[mid][0] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == bm_pinyin_table_len || bm_pinyin_table[lo][0] != cp)
        return 0;
    uint32_t v = bm_pinyin_table[lo][1];
    if (usual)
        *usual = (char)('a' + (v >> 26));
    if (all)
        *all = v & 0x3FFFFFF;
    return 1;
}

/* Decodes one UTF-8 character; returns its length (1 for a bad byte, cp = 0xFFFD). */
static int utf8_next(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    int n = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0) {
        *cp = 0xFFFD;
        return 1;
    }
    uint32_t c = s[0] & (0x7F >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    *cp = c;
    return n;
}

struct gen {
    int len;                          /* positions */
    char opts[BM_INITIALS_LEN - 1][27];   /* per position: usual letter first, then others */
    int nopt[BM_INITIALS_LEN - 1];
    char (*out)[BM_INITIALS_LEN];
    int n, max;
    int pick[BM_INITIALS_LEN - 1];    /* option index chosen per position */
};

static void emit(struct gen *g)
{
    if (g->n >= g->max)
        return;
    for (int i = 0; i < g->len; i++)
        g->out[g->n][i] = g->opts[i][g->pick[i]];
    g->out[g->n][g->len] = '\0';
    g->n++;
}

/* Variants with exactly `left` more positions, from position `from` on, on another reading. */
static void deviate(struct gen *g, int from, int left)
{
    if (g->n >= g->max)
        return;
    if (left == 0) {
        emit(g);
        return;
    }
    for (int p = from; p < g->len && g->n < g->max; p++) {
        for (int o = 1; o < g->nopt[p] && g->n < g->max; o++) {
            g->pick[p] = o;
            deviate(g, p + 1, left - 1);
        }
        g->pick[p] = 0;
    }
}

int bm_pinyin_initials(const char *name, char out[][BM_INITIALS_LEN], int max)
{
    struct gen g;
    memset(&g, 0, sizeof g);
    g.out = out;
    g.max = max < BM_INITIALS_MAX ? max : BM_INITIALS_MAX;
    const unsigned char *s = (const unsigned char *)(name ? name : "");
    while (*s && g.len < BM_INITIALS_LEN - 1) {
        uint32_t cp;
        s += utf8_next(s, &cp);
        char usual;
        uint32_t all;
        int k = 0;
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
            g.opts[g.len][k++] = (char)(cp | 0x20);
        } else if (bm_pinyin_of(cp, &usual, &all)) {
            g.opts[g.len][k++] = usual;
            for (int l = 0; l < 26; l++)
                if ((all >> l & 1) && 'a' + l != usual)
                    g.opts[g.len][k++] = (char)('a' + l);
        }
        if (k) {
            g.nopt[g.len] = k;
            g.len++;
        }
    }
    if (g.len == 0 || g.max <= 0)
        return 0;
    for (int level = 0; level <= g.len && g.n < g.max; level++)
        deviate(&g, 0, level);
    return g.n;
}

int bm_pinyin_is_query(const char *q)
{
    size_t n = q ? strlen(q) : 0;
    if (n == 0 || n >= BM_INITIALS_LEN)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((q[i] >= 'a' && q[i] <= 'z') || (q[i] >= 'A' && q[i] <= 'Z')))
            return 0;
    return 1;
}
