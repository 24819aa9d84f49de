/* The Open311 GeoReport v2 export: the catalogue as services and service definitions, and
 * cases as service requests, in the JSON of that specification (see tests/schema/ for the
 * schema the tests hold it to). Only what a public tracker may show leaves: no applicant,
 * no ID number, no phone, no note or result typed by staff. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/audit_internal.h"
#include "core/authz.h"
#include "core/case.h"
#include "core/catalogue.h"
#include "core/db_internal.h"
#include "core/report_internal.h"

/* The status words, as the screens say them. */
static const char *status_words(int status)
{
    switch (status) {
    case BM_CASE_DRAFT: return N_("Draft");
    case BM_CASE_ACCEPTED: return N_("Accepted");
    case BM_CASE_COMMITMENT: return N_("Commitment");
    case BM_CASE_PROCESSING: return N_("Processing");
    case BM_CASE_CORRECTIONS: return N_("Corrections");
    case BM_CASE_TRANSFERRED: return N_("Transferred");
    case BM_CASE_ESCALATED: return N_("Escalated");
    case BM_CASE_COMPLETED: return N_("Completed");
    case BM_CASE_REFUSED: return N_("Refused");
    default: return N_("Withdrawn");
    }
}

/* ISO 8601 in Beijing time: 2026-11-30T10:00:00+08:00. */
static void iso_time(time_t t, char out[32])
{
    char day[11];
    bm_day_format(bm_day_of(t), day);
    int min = bm_minute_of(t), sec = (int)(((t % 60) + 60) % 60);
    snprintf(out, 32, "%sT%02d:%02d:%02d+08:00", day, (min / 60) % 24, min % 60, sec);
}

static void key_str(bm_rbuf *o, const char *key, const char *val, int comma)
{
    bm_rbuf_put(o, "%s\"%s\":", comma ? "," : "", key);
    bm_rbuf_json(o, val);
}

/* ---- services and their definitions ---- */

struct svc {
    bm_db *db;
    bm_rbuf *o;
    int definitions;
    int n;
    const char *(*tr)(const char *);
};

static void attribute(bm_rbuf *o, int order, const char *code, int variable, const char *type,
                      int required, const char *description, const char *(*tr)(const char *))
{
    bm_rbuf_put(o, "%s{\"variable\":%s", order > 1 ? "," : "", variable ? "true" : "false");
    key_str(o, "code", code, 1);
    key_str(o, "datatype", type, 1);
    bm_rbuf_put(o, ",\"required\":%s", required ? "true" : "false");
    key_str(o, "datatype_description", "", 1);
    bm_rbuf_put(o, ",\"order\":%d", order);
    key_str(o, "description", description, 1);
    if (!strcmp(type, "singlevaluelist")) {
        bm_rbuf_put(o, ",\"values\":[{\"key\":\"Y\",\"name\":");
        bm_rbuf_json(o, tr(N_("Answer: yes")));
        bm_rbuf_put(o, "},{\"key\":\"N\",\"name\":");
        bm_rbuf_json(o, tr(N_("Answer: no")));
        bm_rbuf_put(o, "}]");
    }
    bm_rbuf_put(o, "}");
}

static void definition(struct svc *s, const bm_matter *m)
{
    bm_rbuf *o = s->o;
    bm_rbuf_put(o, "%s\n{", s->n++ ? "," : "");
    key_str(o, "service_code", m->code, 0);
    bm_rbuf_put(o, ",\"attributes\":[");
    int order = 0;
    char code[32], text[320];
    for (int i = 0; i < m->nsituations; i++) {
        snprintf(code, sizeof code, "situation_%d", i + 1);
        attribute(o, ++order, code, 1, "singlevaluelist", 1, m->situations[i].question, s->tr);
    }
    for (int i = 0; i < m->nmaterials; i++) {
        const bm_material *x = &m->materials[i];
        snprintf(code, sizeof code, "material_%d", i + 1);
        snprintf(text, sizeof text, "%s (%s x%d)", x->name,
                 s->tr(x->original ? N_("original") : N_("copy")), x->copies);
        attribute(o, ++order, code, 0, "string", x->required, text, s->tr);
    }
    bm_rbuf_put(o, "]}");
}

static int one_service(const bm_matter_brief *b, void *ctx)
{
    struct svc *s = ctx;
    bm_rbuf *o = s->o;
    bm_matter *m = NULL;
    if (!b->is_bundle) {
        m = malloc(sizeof *m);
        if (!m || bm_matter_current(s->db, b->code, m, NULL) != BM_OK) {
            free(m);
            return 0;
        }
    }
    if (s->definitions) {
        if (m)
            definition(s, m);
        free(m);
        return 0;
    }
    bm_rbuf_put(o, "%s\n{", s->n++ ? "," : "");
    key_str(o, "service_code", b->code, 0);
    key_str(o, "service_name", b->name, 1);
    key_str(o, "description", b->title, 1);
    bm_rbuf_put(o, ",\"metadata\":%s,\"type\":\"realtime\"",
                m && m->nmaterials + m->nsituations > 0 ? "true" : "false");
    char words[160];
    const char *level = !strcmp(b->level, "county") ? N_("County level")
                        : !strcmp(b->level, "village") ? N_("Village level") : N_("Township level");
    if (b->is_bundle)
        snprintf(words, sizeof words, "%s", s->tr(N_("One-thing bundle")));
    else
        snprintf(words, sizeof words, "%s,%s", b->dept, s->tr(level));
    key_str(o, "keywords", words, 1);
    key_str(o, "group", b->is_bundle ? s->tr(N_("One-thing bundle")) : b->dept, 1);
    bm_rbuf_put(o, "}");
    free(m);
    return 0;
}

/* ---- requests ---- */

static int requests(bm_db *db, const bm_report_scope *sc, const bm_period *p, bm_rbuf *o,
                    const char *(*tr)(const char *), bm_err *err)
{
    bm_stmt *st;
    if (bm_store_prepare(db->store, bm_report_sql_requests, &st, err) != BM_OK)
        return BM_EDB;
    char from[11], to[11];
    bm_day_format(p->from, from);
    bm_day_format(p->to, to);
    bm_bind_text(st, 1, from);
    bm_bind_text(st, 2, to);
    bm_bind_id(st, 3, sc->centre_id);
    bm_bind_id(st, 4, sc->village_id);
    int r, n = 0;
    while ((r = bm_stmt_step(st, err)) == 1) {
        int status = bm_col_int(st, 1), promised = bm_col_int(st, 10);
        char at[32], upd[32], notice[128], addr[320];
        bm_rbuf_put(o, "%s\n{", n++ ? "," : "");
        key_str(o, "service_request_id", bm_col_str(st, 0), 0);
        key_str(o, "status", bm_status_is_open(status) ? "open" : "closed", 1);
        key_str(o, "status_notes", tr(status_words(status)), 1);
        key_str(o, "service_name", bm_col_str(st, 3), 1);
        key_str(o, "service_code", bm_col_str(st, 2), 1);
        key_str(o, "agency_responsible",
                bm_col_str(st, 4)[0] ? bm_col_str(st, 4) : bm_col_str(st, 9), 1);
        if (promised == 0)
            snprintf(notice, sizeof notice, "%s", tr(N_("Completed on the spot")));
        else
            snprintf(notice, sizeof notice, tr(N_("Promised within %d working days")), promised);
        key_str(o, "service_notice", notice, 1);
        iso_time((time_t)bm_col_int64(st, 5), at);
        iso_time((time_t)bm_col_int64(st, 6), upd);
        key_str(o, "requested_datetime", at, 1);
        key_str(o, "updated_datetime", upd, 1);
        if (!bm_col_is_null(st, 7)) {
            char expected[40];
            snprintf(expected, sizeof expected, "%sT23:59:59+08:00", bm_col_str(st, 7));
            key_str(o, "expected_datetime", expected, 1);
        }
        snprintf(addr, sizeof addr, "%s%s%s", bm_col_str(st, 9), bm_col_str(st, 8)[0] ? " " : "",
                 bm_col_str(st, 8));
        key_str(o, "address", addr, 1);
        bm_rbuf_put(o, "}");
    }
    bm_stmt_finalize(st);
    return r < 0 ? BM_EDB : BM_OK;
}

static const char *as_is(const char *s)
{
    return s;
}

int bm_open311_export(bm_db *db, const bm_actor *who, int kind, const bm_period *period,
                      const char *scope_code, const char *(*tr)(const char *), char **out,
                      size_t *len, bm_err *err)
{
    *out = NULL;
    *len = 0;
    if (!tr)
        tr = as_is;
    bm_rbuf o = {0};
    int rc;
    bm_rbuf_put(&o, "[");
    if (kind == BM_OPEN311_REQUESTS) {
        bm_report_scope sc;
        if ((rc = bm_report_scope_get(db, who, scope_code, &sc, err)) != BM_OK)
            return rc;
        bm_period p;
        if (period)
            p = *period;
        else
            bm_period_of(BM_PERIOD_MONTH, bm_day_of(bm_now()), &p);
        rc = requests(db, &sc, &p, &o, tr, err);
    } else if (kind == BM_OPEN311_SERVICES || kind == BM_OPEN311_DEFINITIONS) {
        if ((rc = bm_audit_authz(db, who, BM_ACT_CATALOGUE_VIEW, NULL, "catalogue", "", err)))
            return rc;
        struct svc s = {db, &o, kind == BM_OPEN311_DEFINITIONS, 0, tr};
        rc = bm_matter_search(db, NULL, one_service, &s, err);
    } else {
        return bm_fail(err, BM_EINVALID, N_("Open311 exports: services, definitions, requests"),
                       "%d", kind);
    }
    bm_rbuf_put(&o, "\n]\n");
    if (rc == BM_OK && o.oom)
        rc = bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    if (rc != BM_OK) {
        free(o.buf);
        return rc;
    }
    *out = o.buf;
    *len = o.len;
    return BM_OK;
}
