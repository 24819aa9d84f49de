/* Printing a report: aligned text for an 80-column printer or terminal (Chinese characters
 * two columns wide), CSV for Excel (RFC 4180, UTF-8 with a byte-order mark, one header row,
 * numbers without units) and JSON. Words come through the caller's translator. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/report_internal.h"

void bm_rbuf_put(bm_rbuf *o, const char *fmt, ...)
{
    if (o->oom)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(o->buf ? o->buf + o->len : NULL, o->buf ? o->cap - o->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            o->oom = 1;
            return;
        }
        if (o->buf && o->len + (size_t)n < o->cap) {
            o->len += (size_t)n;
            return;
        }
        size_t cap = (o->cap ? o->cap * 2 : 4096) + (size_t)n;
        char *b = realloc(o->buf, cap);
        if (!b) {
            o->oom = 1;
            return;
        }
        o->buf = b;
        o->cap = cap;
    }
}

/* Decodes one UTF-8 character at s; returns its length (1 for a stray byte). */
static int utf8_next(const char *s, unsigned *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    int n = u[0] < 0x80 ? 1 : u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 1;
    unsigned c = n == 1 ? u[0] : u[0] & (0x3F >> (n - 1));
    for (int i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return *cp = u[0], 1;
        c = (c << 6) | (u[i] & 0x3F);
    }
    *cp = c;
    return n;
}

static int wide(unsigned c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

int bm_text_width(const char *s)
{
    int w = 0;
    unsigned c;
    while (*s) {
        s += utf8_next(s, &c);
        w += wide(c) ? 2 : 1;
    }
    return w;
}

/* s cut to at most `width` columns and padded to exactly that (left or right aligned). */
static void cell(bm_rbuf *o, const char *s, int width, int right)
{
    int w = 0;
    size_t n = 0;
    unsigned c;
    while (s[n]) {
        int len = utf8_next(s + n, &c), cw = wide(c) ? 2 : 1;
        if (w + cw > width)
            break;
        w += cw;
        n += (size_t)len;
    }
    if (right)
        bm_rbuf_put(o, "%*s%.*s", width - w, "", (int)n, s);
    else
        bm_rbuf_put(o, "%.*s%*s", (int)n, s, width - w, "");
}

static const char *as_is(const char *s)
{
    return s;
}

void bm_value_text(const bm_value *v, char *buf, size_t n)
{
    if (v->state != BM_VALUE_OK)
        snprintf(buf, n, "-");
    else if (v->unit == BM_UNIT_PERCENT)
        snprintf(buf, n, "%.1f%%", v->v);
    else if (v->unit == BM_UNIT_DAYS)
        snprintf(buf, n, "%.1f", v->v);
    else
        snprintf(buf, n, "%.0f", v->v);
}

/* The number alone, as CSV and JSON carry it ("" when there is none). */
static void value_plain(const bm_value *v, char *buf, size_t n)
{
    if (v->state != BM_VALUE_OK)
        buf[0] = '\0';
    else if (v->unit == BM_UNIT_COUNT)
        snprintf(buf, n, "%.0f", v->v);
    else
        snprintf(buf, n, "%.1f", v->v);
}

static const char *row_label(const bm_report_row *row, const char *(*tr)(const char *))
{
    return row->label_msgid ? tr(row->label) : row->label;
}

static int is_summary(const bm_report *r)
{
    return r->ncols == 3 && !strcmp(r->col[0].key, "value");
}

/* Columns of a printed line: an 80-column printer with a margin, as receipts use. */
#define TEXT_WIDTH 78

static void text(bm_rbuf *o, const bm_report *r, const char *(*tr)(const char *))
{
    bm_rbuf_put(o, "%s  %s  %s\n", tr(r->title), r->period.label, r->scope.name);
    if (is_summary(r))
        bm_rbuf_put(o, "%s %s   %s %s   ", tr(r->col[1].label), r->previous.label, tr(r->col[2].label),
            r->last_year.label);
    bm_rbuf_put(o, "%s %s\n", tr(N_("Made")), r->generated);
    if (r->min_count)
        bm_rbuf_put(o, "%s %d\n", tr(N_("Minimum completed cases to be ranked:")), r->min_count);
    int vw = is_summary(r) ? 12 : r->ncols > 5 ? 9 : 10;
    int lead = r->min_count ? 4 : 0;
    int lw = TEXT_WIDTH - vw * r->ncols - lead;
    bm_rbuf_put(o, "\n%*s", lead + lw, "");
    for (int c = 0; c < r->ncols; c++) {
        bm_rbuf_put(o, " ");
        cell(o, tr(r->col[c].label), vw - 1, 1);
    }
    bm_rbuf_put(o, "\n");
    const char *group = NULL;
    for (int i = 0; i < r->nrows; i++) {
        const bm_report_row *row = &r->rows[i];
        if (row->group && (!group || strcmp(group, row->group))) {
            group = row->group;
            bm_rbuf_put(o, "%s\n", tr(group));
        }
        if (lead) {
            if (i > 0 && row->rank == r->rows[i - 1].rank)
                bm_rbuf_put(o, "%3s ", "=");
            else
                bm_rbuf_put(o, "%3d ", row->rank);
        }
        bm_rbuf_put(o, "%s", group ? "  " : "");
        cell(o, row_label(row, tr), lw - (group ? 2 : 0), 0);
        if (row->cell[0].state == BM_VALUE_MISSING && row->note) {
            bm_rbuf_put(o, " ");
            cell(o, tr(row->note), vw * r->ncols - 1, 0);
        } else {
            for (int c = 0; c < r->ncols; c++) {
                char v[32];
                bm_value_text(&row->cell[c], v, sizeof v);
                cell(o, v, vw, 1);
            }
        }
        bm_rbuf_put(o, "\n");
    }
    if (r->footnote)
        bm_rbuf_put(o, "\n%s\n", tr(r->footnote));
}

static void csv_field(bm_rbuf *o, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        bm_rbuf_put(o, "%s", s);
        return;
    }
    bm_rbuf_put(o, "\"");
    for (; *s; s++)
        bm_rbuf_put(o, "%s%c", *s == '"' ? "\"" : "", *s);
    bm_rbuf_put(o, "\"");
}

static void csv(bm_rbuf *o, const bm_report *r, int bom, const char *(*tr)(const char *))
{
    if (bom)
        bm_rbuf_put(o, "\xEF\xBB\xBF");
    const bm_period *ps[3] = {&r->period, &r->previous, &r->last_year};
    if (r->min_count)
        bm_rbuf_put(o, "%s,", tr(N_("Rank")));
    csv_field(o, tr(N_("Key")));
    bm_rbuf_put(o, ",");
    if (is_summary(r)) {
        csv_field(o, tr(N_("Heading")));
        bm_rbuf_put(o, ",");
    }
    csv_field(o, tr(N_("Item")));
    for (int c = 0; c < r->ncols; c++) {
        char h[128];
        if (is_summary(r))
            snprintf(h, sizeof h, "%s %s", tr(r->col[c].label), ps[c]->label);
        else
            snprintf(h, sizeof h, "%s", tr(r->col[c].label));
        bm_rbuf_put(o, ",");
        csv_field(o, h);
    }
    bm_rbuf_put(o, "\r\n");
    for (int i = 0; i < r->nrows; i++) {
        const bm_report_row *row = &r->rows[i];
        if (r->min_count)
            bm_rbuf_put(o, "%d,", row->rank);
        csv_field(o, row->key);
        bm_rbuf_put(o, ",");
        if (is_summary(r)) {
            csv_field(o, row->group ? tr(row->group) : "");
            bm_rbuf_put(o, ",");
        }
        csv_field(o, row_label(row, tr));
        for (int c = 0; c < r->ncols; c++) {
            char v[32];
            value_plain(&row->cell[c], v, sizeof v);
            bm_rbuf_put(o, ",%s", v);
        }
        bm_rbuf_put(o, "\r\n");
    }
}

void bm_rbuf_json(bm_rbuf *o, const char *s)
{
    bm_rbuf_put(o, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            bm_rbuf_put(o, "\\%c", c);
        else if (c < 0x20)
            bm_rbuf_put(o, "\\u%04x", c);
        else
            bm_rbuf_put(o, "%c", c);
    }
    bm_rbuf_put(o, "\"");
}

static void json_period(bm_rbuf *o, const char *key, const bm_period *p)
{
    char a[11], b[11];
    bm_day_format(p->from, a);
    bm_day_format(p->to, b);
    bm_rbuf_put(o, "\"%s\":{\"label\":", key);
    bm_rbuf_json(o, p->label);
    bm_rbuf_put(o, ",\"from\":\"%s\",\"to\":\"%s\"}", a, b);
}

static void json(bm_rbuf *o, const bm_report *r, const char *(*tr)(const char *))
{
    bm_rbuf_put(o, "{\"report\":");
    bm_rbuf_json(o, r->name);
    bm_rbuf_put(o, ",\"title\":");
    bm_rbuf_json(o, tr(r->title));
    bm_rbuf_put(o, ",");
    json_period(o, "period", &r->period);
    bm_rbuf_put(o, ",");
    json_period(o, "previous", &r->previous);
    bm_rbuf_put(o, ",");
    json_period(o, "last_year", &r->last_year);
    bm_rbuf_put(o, ",\"scope\":{\"code\":");
    bm_rbuf_json(o, r->scope.code);
    bm_rbuf_put(o, ",\"name\":");
    bm_rbuf_json(o, r->scope.name);
    bm_rbuf_put(o, "},\"generated\":");
    bm_rbuf_json(o, r->generated);
    if (r->min_count)
        bm_rbuf_put(o, ",\"min_completed\":%d", r->min_count);
    bm_rbuf_put(o, ",\"columns\":[");
    for (int c = 0; c < r->ncols; c++) {
        bm_rbuf_put(o, "%s{\"key\":", c ? "," : "");
        bm_rbuf_json(o, r->col[c].key);
        bm_rbuf_put(o, ",\"label\":");
        bm_rbuf_json(o, tr(r->col[c].label));
        bm_rbuf_put(o, "}");
    }
    bm_rbuf_put(o, "],\"rows\":[");
    for (int i = 0; i < r->nrows; i++) {
        const bm_report_row *row = &r->rows[i];
        bm_rbuf_put(o, "%s\n{\"key\":", i ? "," : "");
        bm_rbuf_json(o, row->key);
        bm_rbuf_put(o, ",\"label\":");
        bm_rbuf_json(o, row_label(row, tr));
        if (row->group) {
            bm_rbuf_put(o, ",\"group\":");
            bm_rbuf_json(o, tr(row->group));
        }
        if (row->rank)
            bm_rbuf_put(o, ",\"rank\":%d", row->rank);
        if (row->note) {
            bm_rbuf_put(o, ",\"note\":");
            bm_rbuf_json(o, tr(row->note));
        }
        bm_rbuf_put(o, ",\"values\":{");
        for (int c = 0; c < r->ncols; c++) {
            char v[32];
            value_plain(&row->cell[c], v, sizeof v);
            bm_rbuf_put(o, "%s\"%s\":%s", c ? "," : "", r->col[c].key, v[0] ? v : "null");
        }
        bm_rbuf_put(o, "}}");
    }
    bm_rbuf_put(o, "\n]}\n");
}

int bm_report_format_parse(const char *s)
{
    if (!s || !strcmp(s, "text"))
        return BM_FORMAT_TEXT;
    if (!strcmp(s, "csv"))
        return BM_FORMAT_CSV;
    if (!strcmp(s, "json"))
        return BM_FORMAT_JSON;
    return 0;
}

int bm_report_format(const bm_report *r, int format, int bom, const char *(*tr)(const char *),
                     char **text_out, size_t *len, bm_err *err)
{
    bm_rbuf o = {0};
    if (!tr)
        tr = as_is;
    if (format == BM_FORMAT_CSV)
        csv(&o, r, bom, tr);
    else if (format == BM_FORMAT_JSON)
        json(&o, r, tr);
    else
        text(&o, r, tr);
    if (o.oom || !o.buf) {
        free(o.buf);
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    }
    *text_out = o.buf;
    *len = o.len;
    return BM_OK;
}
