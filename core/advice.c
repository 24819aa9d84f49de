/* Advice given: recording a one-time notice with its own number, and listing the notices. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/advice.h"
#include "core/applicant.h"
#include "core/audit_internal.h"
#include "core/authz.h"
#include "core/case_internal.h"
#include "core/org.h"

static void read_advice(bm_stmt *st, bm_advice *a)
{
    memset(a, 0, sizeof *a);
    a->id = bm_col_int64(st, 0);
    bm_col_text(st, 1, a->no, sizeof a->no);
    a->applicant_id = bm_col_int64(st, 2);
    bm_col_text(st, 3, a->applicant_name, sizeof a->applicant_name);
    bm_col_text(st, 4, a->matter_code, sizeof a->matter_code);
    bm_col_text(st, 5, a->matter_name, sizeof a->matter_name);
    bm_col_text(st, 6, a->missing, sizeof a->missing);
    bm_col_text(st, 7, a->given_by_name, sizeof a->given_by_name);
    a->given_at = (time_t)bm_col_int64(st, 8);
}

/* The required materials of the plan not among those received, joined by "、". */
static int missing_list(bm_db *db, const bm_intake *in, char *out, size_t n, bm_err *err)
{
    bm_material plan[PLAN_MAX];
    int k = bm_case_material_plan(db, in->matter_code, in->bundle_code, in->situations, plan,
                                  PLAN_MAX, err);
    if (k < 0)
        return bm_err_at(err, BM_FIELD_MATTER, err ? err->code : BM_EDB);
    out[0] = '\0';
    for (int i = 0; i < k; i++) {
        int have = 0;
        for (int r = 0; r < in->nreceived; r++)
            have |= strcmp(in->received[r], plan[i].name) == 0;
        if (!plan[i].required || have)
            continue;
        const char *sep = out[0] ? "、" : "";
        if (strlen(out) + strlen(sep) + strlen(plan[i].name) >= n)
            break;   /* the notice's list is full: the rest is on the matter's own list */
        strcat(out, sep);
        strcat(out, plan[i].name);
    }
    return BM_OK;
}

static int give(bm_db *db, const bm_actor *who, const bm_intake *in, const bm_place *place,
                bm_advice *out, bm_err *err)
{
    char missing[512];
    bm_org county;
    int64_t matter_id = 0, bundle_id = 0;
    int rc = missing_list(db, in, missing, sizeof missing, err);
    if (rc != BM_OK || (rc = bm_org_county(db, &county, err)) != BM_OK)
        return rc;
    if (in->bundle_code && *in->bundle_code) {
        bm_bundle b;
        if ((rc = bm_bundle_current(db, in->bundle_code, &b, err)) != BM_OK)
            return bm_err_at(err, BM_FIELD_MATTER, rc);
        bundle_id = b.id;
    } else {
        bm_matter *m = malloc(sizeof *m);
        if (!m)
            return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
        if ((rc = bm_matter_current(db, in->matter_code, m, err)) == BM_OK)
            matter_id = m->id;
        free(m);
        if (rc != BM_OK)
            return bm_err_at(err, BM_FIELD_MATTER, rc);
    }
    time_t now = bm_now();
    char no[16];
    if ((rc = bm_case_number_next(db, BM_SQL_ADVICE_NUMBER_NEXT, "GZ", county.id, bm_day_of(now),
                                  no, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_ADVICE_INSERT, err);
    if (!st)
        return BM_EDB;
    bm_bind_text(st, 1, no);
    bm_bind_int(st, 2, in->applicant_id);
    bm_bind_id(st, 3, matter_id);
    bm_bind_id(st, 4, bundle_id);
    bm_bind_int(st, 5, place->centre_id);
    bm_bind_id(st, 6, place->village_id);
    bm_bind_int(st, 7, who->user_id);
    bm_bind_int(st, 8, (int64_t)now);
    bm_bind_text(st, 9, missing);
    bm_bind_text(st, 10, in->situations ? in->situations : "");
    bm_bind_text(st, 11, in->note ? in->note : "");
    if ((rc = bm_step_done(db, st, err)) != BM_OK)
        return rc;
    int64_t id = bm_store_last_id(db->store);
    if ((rc = bm_audit_append(db, who, "advice.give", "advice", no, NULL, NULL, missing, err)))
        return rc;
    bm_stmt *row;
    int r = bm_fetch_one(db, BM_SQL_ADVICE_GET, NULL, id, &row, err);
    if (r <= 0)
        return r < 0 ? -r : bm_fail(err, BM_EDB, N_("Database error"), "advice %s", no);
    read_advice(row, out);
    bm_stmt_reset(row);
    return BM_OK;
}

int bm_advice_give(bm_db *db, const bm_actor *who, const bm_intake *in, bm_advice *out,
                   bm_err *err)
{
    memset(out, 0, sizeof *out);
    if (!who || who->user_id <= 0)
        return bm_fail(err, BM_EDENIED, N_("Cases are taken in by a logged-in member of staff"),
                       NULL);
    if (!(in->matter_code && *in->matter_code) == !(in->bundle_code && *in->bundle_code))
        return bm_err_at(err, BM_FIELD_MATTER,
                         bm_fail(err, BM_EINVALID, N_("Choose one matter or one bundle"), NULL));
    bm_applicant ap;
    bm_place place;
    int rc = bm_applicant_get(db, who, in->applicant_id, &ap, err);
    if (rc != BM_OK || (rc = bm_case_place_for(db, who, &ap, &place, err)) != BM_OK ||
        (rc = bm_audit_authz(db, who, BM_ACT_CASE_INTAKE, &place, "advice", "", err)) != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    rc = bm_tx_end(db, give(db, who, in, &place, out, err), err);
    if (rc != BM_OK)
        memset(out, 0, sizeof *out);
    return rc;
}

int bm_advice_list(bm_db *db, const bm_actor *who, int limit, int offset,
                   int (*each)(const bm_advice *a, void *ctx), void *ctx, bm_err *err)
{
    bm_place mine;
    int rc = bm_actor_place(db, who, &mine, err);
    if (rc != BM_OK)
        return rc;
    if ((rc = bm_audit_authz(db, who, BM_ACT_CASE_VIEW, &mine, "advice", "", err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_ADVICE_LIST_CENTRE, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, mine.centre_id);
    bm_bind_int(st, 2, limit > 0 ? limit : 50);
    bm_bind_int(st, 3, offset > 0 ? offset : 0);
    /* Collect first: the callback may itself read the database. */
    bm_advice *page = NULL;
    int n = 0, cap = 0, r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            bm_advice *p = realloc(page, (size_t)cap * sizeof *p);
            if (!p) {
                free(page);
                bm_stmt_reset(st);
                return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
            }
            page = p;
        }
        read_advice(st, &page[n++]);
    }
    for (int i = 0; r == 0 && i < n; i++)
        if (each(&page[i], ctx))
            break;
    free(page);
    return r < 0 ? -r : BM_OK;
}
