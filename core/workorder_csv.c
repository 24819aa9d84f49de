/* Work orders: the hotline platform's CSV files. Import reads a file the platform exports
 * (UTF-8, with or without a BOM, or GB18030) and enters every row or none: a bad row is named
 * by its line. Export writes the answered orders in the same shape, for uploading back.
 *
 * Column mapping (the header row names the columns, in any order; others are ignored):
 *   工单编号  order number (required)      受理时间  received, "YYYY-MM-DD HH:MM[:SS]" (required)
 *   诉求类型  咨询/求助/意见建议/投诉/举报 (required)   诉求摘要  summary (required)
 *   来电人    caller ("" anonymous)        联系电话  phone
 *   诉求内容  full text                    所属村    village name or code ("" the centre)
 * Export adds: 办理状态, 答复方式 (电话/走访/书面), 办理结果 (the reply), 答复时间. */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/audit_internal.h"
#include "core/db_internal.h"
#include "core/textfile.h"
#include "core/validate.h"
#include "core/workorder_internal.h"

#define MAX_FILE (64u << 20)

enum col { C_NO, C_RECEIVED, C_KIND, C_SUMMARY, C_CALLER, C_PHONE, C_TEXT, C_VILLAGE,
           C_STATUS, C_ANSWER_BY, C_ANSWER, C_ANSWERED_AT, C_COUNT };
static const char *const col_names[C_COUNT] = {
    "工单编号", "受理时间", "诉求类型", "诉求摘要", "来电人", "联系电话", "诉求内容", "所属村",
    "办理状态", "答复方式", "办理结果", "答复时间",
};
#define IMPORT_COLS C_STATUS     /* the columns an import reads */
static const char *const kind_words[BM_WO_KIND_COUNT] = {
    [BM_WO_CONSULT] = "咨询", [BM_WO_HELP] = "求助", [BM_WO_SUGGEST] = "意见建议",
    [BM_WO_COMPLAINT] = "投诉", [BM_WO_REPORT] = "举报",
};
static const char *const answer_words[] = {
    [BM_WO_BY_PHONE] = "电话", [BM_WO_BY_VISIT] = "走访", [BM_WO_BY_LETTER] = "书面",
};

/* The file as UTF-8: unchanged when it is valid UTF-8 (a BOM dropped), else read as GB18030.
 * *bad_line names the line a byte neither can read is on. */
static int to_utf8(const char *in, size_t n, char **out, size_t *outlen, int *bad_line,
                   bm_err *err)
{
    if (n >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
        in += 3;
        n -= 3;
    }
    if (bm_utf8_valid(in, n)) {
        if (!(*out = malloc(n + 1)))
            return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
        memcpy(*out, in, n);
        *outlen = n;
        return BM_OK;
    }
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return bm_fail(err, BM_EDB, N_("Cannot convert the file's characters"), "%s",
                       strerror(errno));
    size_t cap = n * 2 + 4, left = cap, inleft = n;
    char *buf = malloc(cap), *ip = (char *)in, *op = buf;
    if (!buf) {
        iconv_close(cd);
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    }
    size_t r = iconv(cd, &ip, &inleft, &op, &left);
    iconv_close(cd);
    if (r == (size_t)-1) {
        int line = 1;
        for (const char *p = in; p < ip; p++)
            line += *p == '\n';
        *bad_line = line;
        free(buf);
        return bm_fail(err, BM_EINVALID, N_("The file is neither UTF-8 nor GB18030"), "line %d",
                       line);
    }
    *out = buf;
    *outlen = cap - left;
    return BM_OK;
}

/* The records of a CSV text, each with the line it starts on. */
typedef struct record {
    int line;
    int n;
    char **fields;
} record;

struct parse {
    record *recs;
    int nrecs, cap;
    record cur;
    int line, started, failed;
};

static void on_field(void *s, size_t len, void *ctx)
{
    struct parse *p = ctx;
    char **f = realloc(p->cur.fields, (size_t)(p->cur.n + 1) * sizeof *f);
    char *copy = malloc(len + 1);
    if (!f || !copy) {
        free(copy);
        if (f)
            p->cur.fields = f;
        p->failed = 1;
        return;
    }
    if (len)
        memcpy(copy, s, len);
    copy[len] = 0;
    p->cur.fields = f;
    p->cur.fields[p->cur.n++] = copy;
}

static void on_record(int c, void *ctx)
{
    (void)c;
    struct parse *p = ctx;
    if (p->nrecs == p->cap) {
        int cap = p->cap ? p->cap * 2 : 64;
        record *r = realloc(p->recs, (size_t)cap * sizeof *r);
        if (!r) {
            p->failed = 1;
            return;
        }
        p->recs = r;
        p->cap = cap;
    }
    p->recs[p->nrecs++] = p->cur;
    memset(&p->cur, 0, sizeof p->cur);
    p->started = 0;
}

static void free_records(struct parse *p)
{
    p->recs = realloc(p->recs, (size_t)(p->nrecs + 1) * sizeof *p->recs);
    if (p->recs)
        p->recs[p->nrecs++] = p->cur;   /* an unfinished record too */
    else
        p->nrecs = 0;
    for (int i = 0; i < p->nrecs; i++) {
        for (int k = 0; k < p->recs[i].n; k++)
            free(p->recs[i].fields[k]);
        free(p->recs[i].fields);
    }
    free(p->recs);
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
}

/* Splits text into records, fed a line at a time so each record knows its line. */
static int parse_csv(const char *text, size_t n, struct parse *p, int *bad_line, bm_err *err)
{
    struct csv_parser cp;
    if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    size_t at = 0;
    int rc = BM_OK;
    for (p->line = 1; at < n && rc == BM_OK; p->line++) {
        const char *nl = memchr(text + at, '\n', n - at);
        size_t len = nl ? (size_t)(nl - (text + at)) + 1 : n - at;
        if (!p->started && !is_blank(text + at, len)) {
            p->cur.line = p->line;
            p->started = 1;
        }
        if (csv_parse(&cp, text + at, len, on_field, on_record, p) != len || p->failed) {
            *bad_line = p->line;
            rc = bm_fail(err, BM_EINVALID, N_("A line of the file is not well-formed CSV"),
                         "line %d", p->line);
        }
        at += len;
    }
    p->line--;
    if (rc == BM_OK && csv_fini(&cp, on_field, on_record, p) != 0) {
        *bad_line = p->cur.line ? p->cur.line : p->line;
        rc = bm_fail(err, BM_EINVALID, N_("A line of the file is not well-formed CSV"),
                     "line %d", *bad_line);
    }
    csv_free(&cp);
    return rc;
}

struct village_find {
    const char *name;
    int64_t id;
};

static int village_one(const bm_org *o, void *ctx)
{
    struct village_find *f = ctx;
    if (o->kind == BM_ORG_VILLAGE && (!strcmp(o->name, f->name) || !strcmp(o->code, f->name)))
        f->id = o->id;
    return f->id != 0;
}

static int find_village(bm_db *db, int64_t centre, const char *name, int64_t *out, bm_err *err)
{
    struct village_find f = {.name = name};
    int rc = bm_org_children(db, centre, village_one, &f, err);
    if (rc != BM_OK)
        return rc;
    if (!f.id)
        return bm_err_at(err, BM_FIELD_VILLAGE,
                         bm_fail(err, BM_EINVALID, N_("Choose a village of this centre"), "%s",
                                 name));
    *out = f.id;
    return BM_OK;
}

int bm_wo_time_parse(const char *s, time_t *out)
{
    int y, mo, d, hh, mm, ss = 0, used = 0, more = 0;
    if (sscanf(s, "%4d-%2d-%2d %2d:%2d%n", &y, &mo, &d, &hh, &mm, &used) != 5)
        return -1;
    if (s[used] == ':' && sscanf(s + used, ":%2d%n", &ss, &more) == 1)
        used += more;
    char day[24];
    snprintf(day, sizeof day, "%04d-%02d-%02d", y, mo, d);
    bm_day bd;
    if (s[used] || bm_day_parse(day, &bd) != 0 || hh < 0 || hh > 23 || mm < 0 || mm > 59 ||
        ss < 0 || ss > 59)
        return -1;
    *out = bm_time_at(bd, hh * 60 + mm) + ss;
    return 0;
}

static const char *field(const record *r, const int *cols, int c)
{
    return cols[c] >= 0 && cols[c] < r->n ? r->fields[cols[c]] : "";
}

static int import_row(bm_db *db, const bm_actor *who, int64_t centre, const record *r,
                      const int *cols, bm_err *err)
{
    bm_wo_new in = {.no = field(r, cols, C_NO), .caller = field(r, cols, C_CALLER),
                    .phone = field(r, cols, C_PHONE), .summary = field(r, cols, C_SUMMARY),
                    .text = field(r, cols, C_TEXT)};
    if (bm_wo_time_parse(field(r, cols, C_RECEIVED), &in.received_at) != 0)
        return bm_fail(err, BM_EINVALID, N_("The time received is not YYYY-MM-DD HH:MM"), "%s",
                       field(r, cols, C_RECEIVED));
    for (int k = BM_WO_CONSULT; k < BM_WO_KIND_COUNT; k++)
        if (!strcmp(field(r, cols, C_KIND), kind_words[k]))
            in.kind = k;
    const char *village = field(r, cols, C_VILLAGE);
    if (village[0]) {
        int rc = find_village(db, centre, village, &in.village_id, err);
        if (rc != BM_OK)
            return rc;
    }
    int64_t id;
    return bm_wo_create(db, who, &in, &id, err);
}

static int import_records(bm_db *db, const bm_actor *who, const struct parse *p, int *imported,
                          int *bad_line, bm_err *err)
{
    if (p->nrecs < 1)
        return bm_fail(err, BM_EINVALID, N_("The file is empty"), NULL);
    int cols[C_COUNT];
    for (int c = 0; c < C_COUNT; c++) {
        cols[c] = -1;
        for (int k = 0; k < p->recs[0].n; k++)
            if (!strcmp(p->recs[0].fields[k], col_names[c]))
                cols[c] = k;
        if (c <= C_SUMMARY && cols[c] < 0) {
            *bad_line = p->recs[0].line;
            return bm_fail(err, BM_EINVALID, N_("The header lacks a required column"), "%s",
                           col_names[c]);
        }
    }
    bm_place mine;
    int rc = bm_actor_place(db, who, &mine, err);
    if (rc != BM_OK || (rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    for (int i = 1; rc == BM_OK && i < p->nrecs; i++) {
        rc = import_row(db, who, mine.centre_id, &p->recs[i], cols, err);
        if (rc != BM_OK)
            *bad_line = p->recs[i].line;
        else
            ++*imported;
    }
    rc = bm_tx_end(db, rc, err);
    if (rc != BM_OK)
        *imported = 0;
    return rc;
}

int bm_wo_import_text(bm_db *db, const bm_actor *who, const char *data, size_t len,
                      int *imported, int *bad_line, bm_err *err)
{
    *imported = 0;
    *bad_line = 0;
    char *text = NULL;
    size_t n = 0;
    int rc = to_utf8(data, len, &text, &n, bad_line, err);
    if (rc != BM_OK)
        return rc;
    struct parse p;
    memset(&p, 0, sizeof p);
    rc = parse_csv(text, n, &p, bad_line, err);
    if (rc == BM_OK)
        rc = import_records(db, who, &p, imported, bad_line, err);
    free_records(&p);
    free(text);
    return rc;
}

int bm_wo_import(bm_db *db, const bm_actor *who, const char *path, int *imported,
                 int *bad_line, bm_err *err)
{
    *imported = 0;
    *bad_line = 0;
    char *buf;
    size_t n;
    int rc = bm_text_file_read(path, MAX_FILE, N_("Cannot read the work-order file"), &buf, &n,
                               err);
    if (rc != BM_OK)
        return rc;
    rc = bm_wo_import_text(db, who, buf, n, imported, bad_line, err);
    free(buf);
    return rc;
}

/* ---- export ---- */

typedef struct outbuf {
    char *p;
    size_t n, cap;
    int failed;
} outbuf;

static void put(outbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = (b->n + n + 1) * 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

/* One quoted field, a comma before all but the first. */
static void put_field(outbuf *b, int first, const char *s)
{
    size_t n = strlen(s), need = 2 * n + 2;
    char *q = malloc(need);
    if (!q) {
        b->failed = 1;
        return;
    }
    size_t w = csv_write(q, need, s, n);
    if (!first)
        put(b, ",", 1);
    put(b, q, w);
    free(q);
}

static void put_time(outbuf *b, time_t t)
{
    char day[11], s[32];
    bm_day_format(bm_day_of(t), day);
    snprintf(s, sizeof s, "%s %02d:%02d", day, bm_minute_of(t) / 60, bm_minute_of(t) % 60);
    put_field(b, 0, s);
}

struct answer {
    bm_wo_event_rec last;
};

static int last_answer(const bm_wo_event_rec *e, void *ctx)
{
    struct answer *a = ctx;
    if (e->event == BM_WOE_ANSWERED)
        a->last = *e;
    return 0;
}

static int export_order(bm_db *db, int64_t id, outbuf *b, bm_err *err)
{
    bm_workorder o;
    struct answer a;
    memset(&a, 0, sizeof a);
    int rc = bm_wo_get(db, id, &o, err);
    if (rc == BM_OK)
        rc = bm_wo_history(db, id, last_answer, &a, err);
    if (rc != BM_OK)
        return rc;
    char village[128] = "";
    bm_org v;
    if (o.village_id && (rc = bm_org_get(db, o.village_id, &v, err)) != BM_OK)
        return rc;
    if (o.village_id)
        bm_strlcpy(village, v.name, sizeof village);
    put_field(b, 1, o.no);
    put_time(b, o.received_at);
    put_field(b, 0, o.kind > 0 && o.kind < BM_WO_KIND_COUNT ? kind_words[o.kind] : "");
    put_field(b, 0, o.summary);
    put_field(b, 0, o.caller);
    put_field(b, 0, o.phone);
    put_field(b, 0, o.text);
    put_field(b, 0, village);
    put_field(b, 0, o.status == BM_WO_CLOSED ? "已办结" : "已答复");
    int by = a.last.reason;
    put_field(b, 0, by >= BM_WO_BY_PHONE && by <= BM_WO_BY_LETTER ? answer_words[by] : "");
    put_field(b, 0, a.last.note);
    put_time(b, a.last.at);
    put(b, "\r\n", 2);
    return BM_OK;
}

static int export_rows(bm_db *db, const bm_place *mine, outbuf *b, int *count, bm_err *err)
{
    for (int c = 0; c < C_COUNT; c++)
        put_field(b, c == 0, col_names[c]);
    put(b, "\r\n", 2);
    bm_stmt *st = bm_sql(db, BM_SQL_WO_LIST_CENTRE_STATUS, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, mine->centre_id);
    bm_bind_int(st, 2, BM_WO_ANSWERED);
    bm_bind_int(st, 3, BM_WO_CLOSED);
    int64_t *ids;
    int n;
    int rc = bm_wo_ids(db, st, &ids, &n, err);
    for (int i = 0; rc == BM_OK && i < n; i++)
        rc = export_order(db, ids[i], b, err);
    free(ids);
    if (rc == BM_OK && b->failed)
        rc = bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    if (rc == BM_OK)
        *count = n;
    return rc;
}

int bm_wo_export_text(bm_db *db, const bm_actor *who, int gb18030, char **out, size_t *len,
                      int *count, bm_err *err)
{
    *out = NULL;
    *len = 0;
    *count = 0;
    bm_place mine;
    int rc = bm_actor_place(db, who, &mine, err);
    bm_place centre = {.centre_id = mine.centre_id};
    if (rc == BM_OK)
        rc = bm_audit_authz(db, who, BM_ACT_CASE_VIEW, &centre, "work_order", "", err);
    outbuf b = {0};
    if (rc == BM_OK)
        rc = export_rows(db, &mine, &b, count, err);
    if (rc != BM_OK) {
        free(b.p);
        return rc;
    }
    if (!gb18030) {
        *out = b.p;
        *len = b.n;
        return BM_OK;
    }
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    size_t cap = b.n * 2 + 4, left = cap, inleft = b.n;
    char *conv = cd == (iconv_t)-1 ? NULL : malloc(cap), *ip = b.p, *op = conv;
    if (!conv || iconv(cd, &ip, &inleft, &op, &left) == (size_t)-1)
        rc = bm_fail(err, BM_EDB, N_("Cannot convert the file's characters"), "%s",
                     strerror(errno));
    if (cd != (iconv_t)-1)
        iconv_close(cd);
    free(b.p);
    if (rc != BM_OK) {
        free(conv);
        return rc;
    }
    *out = conv;
    *len = cap - left;
    return BM_OK;
}
