/* Cases: intake and numbering. The material plan of a matter or bundle, the day's next case
 * number, and creating a case (a bundle with its sub-cases) in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/applicant.h"
#include "core/audit_internal.h"
#include "core/authz.h"
#include "core/calendar.h"
#include "core/case_internal.h"
#include "core/catalogue.h"
#include "core/org.h"
#include "core/validate.h"

static int merge_plan(bm_material *out, int n, int max, const bm_material *add, int na)
{
    for (int i = 0; i < na; i++) {
        int at = -1;
        for (int k = 0; k < n; k++)
            if (strcmp(out[k].name, add[i].name) == 0)
                at = k;
        if (at >= 0) {
            /* The strictest terms win: required, original, and commitment only if both allow. */
            out[at].required |= add[i].required;
            out[at].original |= add[i].original;
            out[at].commit_ok &= add[i].commit_ok;
            if (add[i].copies > out[at].copies)
                out[at].copies = add[i].copies;
        } else if (n < max) {
            out[n++] = add[i];
        }
    }
    return n;
}

int bm_case_material_plan(bm_db *db, const char *matter_code, const char *bundle_code,
                          const char *situations, bm_material *out, int max, bm_err *err)
{
    bm_matter *m = malloc(sizeof *m);
    if (!m) {
        bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
        return -1;
    }
    bm_material tmp[PLAN_MAX];
    int n = 0, rc = BM_OK;
    if (bundle_code && *bundle_code) {
        bm_bundle b;
        rc = bm_bundle_current(db, bundle_code, &b, err);
        for (int i = 0; rc == BM_OK && i < b.nmatters; i++) {
            if ((rc = bm_matter_current(db, b.matters[i], m, err)) != BM_OK)
                break;
            int k = bm_matter_materials_for(m, NULL, tmp, PLAN_MAX);
            n = merge_plan(out, n, max, tmp, k);
        }
    } else {
        rc = bm_matter_current(db, matter_code ? matter_code : "", m, err);
        if (rc == BM_OK)
            n = bm_matter_materials_for(m, situations, out, max);
    }
    free(m);
    return rc == BM_OK ? n : -1;
}

int bm_case_number_next(bm_db *db, enum bm_sql_id q, const char *prefix, int64_t county_id,
                        bm_day today, char out[16], bm_err *err)
{
    char day[11];
    bm_day_format(today, day);
    bm_stmt *st = bm_sql(db, q, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, county_id);
    bm_bind_text(st, 2, day);
    int r = bm_step_row(db, st, err);
    if (r <= 0)
        return r < 0 ? BM_EDB : bm_fail(err, BM_EDB, N_("Database error"), "no case number");
    int64_t seq = bm_col_int64(st, 0);
    bm_stmt_reset(st);
    if (seq > 9999)
        return bm_fail(err, BM_ECONFLICT, N_("Today's case numbers are used up"), "%s", day);
    snprintf(out, 16, "%.2s%.4s%.2s%.2s%04d", prefix, day, day + 5, day + 8, (int)seq);
    return BM_OK;
}

struct new_case {
    int64_t parent_id, bundle_id, matter_id;
    int64_t applicant_id, agent_id, centre_id, village_id, handler_id;
    int channel, off_hours, promised;
    const char *situations, *note;
};

static int insert_case(bm_db *db, const bm_actor *who, int64_t county_id,
                       const struct new_case *nc, const bm_material *plan, int nplan,
                       const bm_intake *in, bm_case *out, bm_err *err)
{
    time_t now = bm_now();
    char no[16];
    int rc = bm_case_number_next(db, BM_SQL_CASE_NUMBER_NEXT, "", county_id, bm_day_of(now), no, err);
    if (rc != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_CASE_INSERT, err);
    if (!st)
        return BM_EDB;
    int k = 1;
    bm_bind_text(st, k++, no);
    bm_bind_id(st, k++, nc->parent_id);
    bm_bind_id(st, k++, nc->bundle_id);
    bm_bind_id(st, k++, nc->matter_id);
    bm_bind_int(st, k++, nc->applicant_id);
    bm_bind_id(st, k++, nc->agent_id);
    bm_bind_int(st, k++, nc->channel);
    bm_bind_int(st, k++, BM_CASE_DRAFT);
    bm_bind_int(st, k++, nc->centre_id);
    bm_bind_id(st, k++, nc->village_id);
    bm_bind_int(st, k++, who->user_id);
    bm_bind_id(st, k++, nc->handler_id);
    bm_bind_int(st, k++, nc->off_hours);
    bm_bind_int(st, k++, (int64_t)now);
    bm_bind_int(st, k++, nc->promised);
    bm_bind_text(st, k++, nc->situations ? nc->situations : "");
    bm_bind_text(st, k++, nc->note ? nc->note : "");
    if ((rc = bm_step_done(db, st, err)) != BM_OK)
        return rc;
    int64_t id = bm_store_last_id(db->store);
    for (int i = 0; i < nplan && rc == BM_OK; i++) {
        int received = 0;
        for (int r = 0; r < in->nreceived; r++)
            received |= strcmp(in->received[r], plan[i].name) == 0;
        if (!(st = bm_sql(db, BM_SQL_CASE_MATERIAL_INSERT, err)))
            return BM_EDB;
        bm_bind_int(st, 1, id);
        bm_bind_int(st, 2, i);
        bm_bind_text(st, 3, plan[i].name);
        bm_bind_int(st, 4, plan[i].original);
        bm_bind_int(st, 5, plan[i].copies);
        bm_bind_int(st, 6, plan[i].required);
        bm_bind_int(st, 7, plan[i].commit_ok);
        bm_bind_int(st, 8, received);
        rc = bm_step_done(db, st, err);
    }
    if (rc != BM_OK || (rc = bm_case_load(db, BM_SQL_CASE_GET, id, NULL, out, err)) != BM_OK)
        return rc;
    return bm_case_record(db, who, NULL, out, "intake", nc->note, err);
}

int bm_case_promise(bm_db *db, const char *matter_code, const char *bundle_code, bm_day today,
                    int *days, bm_day *deadline, bm_err *err)
{
    int rc;
    *days = 0;
    if (bundle_code && *bundle_code) {
        bm_bundle b;
        if ((rc = bm_bundle_current(db, bundle_code, &b, err)) != BM_OK)
            return bm_err_at(err, BM_FIELD_MATTER, rc);
        bm_matter *m = malloc(sizeof *m);
        if (!m)
            return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
        /* The bundle's promise is its slowest matter's. */
        for (int i = 0; i < b.nmatters && i < BM_BUNDLE_MATTERS; i++) {
            if ((rc = bm_matter_current(db, b.matters[i], m, err)) != BM_OK) {
                free(m);
                return bm_err_at(err, BM_FIELD_MATTER, rc);
            }
            if (m->promised_days > *days)
                *days = m->promised_days;
        }
        free(m);
    } else {
        bm_matter *m = malloc(sizeof *m);
        if (!m)
            return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
        if ((rc = bm_matter_current(db, matter_code ? matter_code : "", m, err)) == BM_OK)
            *days = m->promised_days;
        free(m);
        if (rc != BM_OK)
            return bm_err_at(err, BM_FIELD_MATTER, rc);
    }
    return bm_workdays_add(db, today, *days, deadline, NULL, err);
}

static int intake(bm_db *db, const bm_actor *who, const bm_intake *in, const bm_applicant *ap,
                  const bm_place *place, bm_case *out, bm_err *err)
{
    bm_org county, centre;
    int rc;
    if ((rc = bm_org_county(db, &county, err)) || (rc = bm_org_get(db, place->centre_id, &centre, err)))
        return rc;
    time_t now = bm_now();
    int inside = 1;
    if ((rc = bm_in_office_hours(db, &centre.hours, now, &inside, err)) != BM_OK)
        return rc;
    struct new_case nc = {
        .applicant_id = ap->id,
        .agent_id = who->role == BM_ROLE_AGENT ? who->user_id : 0,
        .centre_id = place->centre_id,
        .village_id = place->village_id,
        .channel = in->channel,
        .off_hours = !inside,
        .situations = in->situations,
        .note = in->note,
    };
    /* Clerks handle what they take in; agents' cases and night-time duty intake wait in the
     * centre's queue for a clerk to sign for them. */
    if (who->role == BM_ROLE_CLERK || (who->role == BM_ROLE_DUTY && inside))
        nc.handler_id = who->user_id;
    if ((rc = bm_catalogue_intake_open(db, in->matter_code, in->bundle_code, err)) != BM_OK)
        return rc;   /* a retired matter takes no new case */
    bm_material plan[PLAN_MAX];
    bm_matter *m = malloc(sizeof *m);
    if (!m)
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    int nplan = bm_case_material_plan(db, in->matter_code, in->bundle_code, in->situations, plan,
                                      PLAN_MAX, err);
    if (nplan < 0) {
        free(m);
        return err ? err->code : BM_EDB;
    }
    for (int r = 0; r < in->nreceived; r++) {
        int known = 0;
        for (int i = 0; i < nplan; i++)
            known |= strcmp(in->received[r], plan[i].name) == 0;
        if (!known) {
            free(m);
            return bm_err_at(err, BM_FIELD_MATERIALS,
                             bm_fail(err, BM_EINVALID,
                                     N_("That material is not on this case's list"), "%s",
                                     in->received[r]));
        }
    }
    if (in->bundle_code && *in->bundle_code) {
        bm_bundle b;
        if ((rc = bm_bundle_current(db, in->bundle_code, &b, err)) != BM_OK) {
            free(m);
            return rc;
        }
        nc.bundle_id = b.id;
        nc.promised = 0;
        nc.situations = NULL;   /* situations belong to single matters */
        rc = insert_case(db, who, county.id, &nc, plan, nplan, in, out, err);
        struct new_case sub = nc;
        sub.parent_id = out->id;
        for (int i = 0; rc == BM_OK && i < b.nmatters; i++) {
            if ((rc = bm_matter_current(db, b.matters[i], m, err)) != BM_OK)
                break;
            bm_material mp[PLAN_MAX];
            int k = bm_matter_materials_for(m, NULL, mp, PLAN_MAX);
            sub.matter_id = m->id;
            sub.promised = m->promised_days;
            bm_case child;
            rc = insert_case(db, who, county.id, &sub, mp, k, in, &child, err);
        }
        bm_day deadline;
        if (rc == BM_OK &&
            (rc = bm_case_promise(db, NULL, in->bundle_code, bm_day_of(now), &out->promised_days,
                                  &deadline, err)) == BM_OK)
            rc = bm_case_save(db, out, err);
    } else {
        if ((rc = bm_matter_current(db, in->matter_code ? in->matter_code : "", m, err)) == BM_OK) {
            nc.matter_id = m->id;
            nc.promised = m->promised_days;
            rc = insert_case(db, who, county.id, &nc, plan, nplan, in, out, err);
        }
    }
    free(m);
    if (rc != BM_OK)
        return rc;
    if (in->mode != BM_INTAKE_DRAFT) {
        bm_case_args a = {.commit_due = in->commit_due, .note = NULL};
        rc = bm_case_apply(db, who, out, in->mode == BM_INTAKE_COMMIT ? BM_DO_ACCEPT_ON_COMMITMENT
                                                                      : BM_DO_ACCEPT, &a, err);
    }
    if (rc == BM_OK && in->mode == BM_INTAKE_COMPLETE) {
        /* Done on the spot: accepted and completed in this one transaction, so a failure
         * leaves nothing accepted. */
        bm_case_args a = {.result = in->result, .delivery = in->delivery};
        rc = bm_case_apply(db, who, out, BM_DO_COMPLETE, &a, err);
    }
    if (rc == BM_OK)
        rc = bm_case_load(db, BM_SQL_CASE_GET, out->id, NULL, out, err);
    return rc;
}

int bm_case_place_for(bm_db *db, const bm_actor *who, const bm_applicant *ap, bm_place *place,
                      bm_err *err)
{
    int rc = bm_actor_place(db, who, place, err);
    if (rc != BM_OK || place->village_id || ap->village_id <= 0)
        return rc;
    /* A villager at the township window: the case belongs to their village too, so the
     * village's agent can follow it up. */
    bm_org v;
    if ((rc = bm_org_get(db, ap->village_id, &v, err)) != BM_OK)
        return rc;
    if (v.centre_id == place->centre_id)
        place->village_id = v.id;
    return BM_OK;
}

int bm_case_intake(bm_db *db, const bm_actor *who, const bm_intake *in, bm_case *out,
                   bm_err *err)
{
    memset(out, 0, sizeof *out);
    if (!who || who->user_id <= 0)
        return bm_fail(err, BM_EDENIED, N_("Cases are taken in by a logged-in member of staff"),
                       NULL);
    bm_applicant ap;
    int rc = bm_applicant_get(db, who, in->applicant_id, &ap, err);
    if (rc != BM_OK)
        return rc;
    bm_place place;
    if ((rc = bm_case_place_for(db, who, &ap, &place, err)) != BM_OK)
        return rc;
    if ((rc = bm_audit_authz(db, who, BM_ACT_CASE_INTAKE, &place, "case", "", err)) != BM_OK)
        return rc;
    /* Accepting (受理) is the centre's decision: an agent receives (收件) and forwards a draft. */
    if (in->mode != BM_INTAKE_DRAFT &&
        (rc = bm_audit_authz(db, who, BM_ACT_CASE_PROCESS, &place, "case", "", err)) != BM_OK)
        return rc;
    if (in->channel < BM_CHANNEL_WINDOW || in->channel > BM_CHANNEL_ONLINE)
        return bm_err_at(err, BM_FIELD_CHANNEL,
                         bm_fail(err, BM_EINVALID, N_("Unknown channel"), "%d", in->channel));
    if (who->role == BM_ROLE_AGENT && in->channel != BM_CHANNEL_AGENT &&
        in->channel != BM_CHANNEL_HOME_VISIT)
        return bm_err_at(err, BM_FIELD_CHANNEL,
                         bm_fail(err, BM_EINVALID,
                                 N_("An agent takes cases in by proxy or on a home visit"), NULL));
    if (!(in->matter_code && *in->matter_code) == !(in->bundle_code && *in->bundle_code))
        return bm_err_at(err, BM_FIELD_MATTER,
                         bm_fail(err, BM_EINVALID, N_("Choose one matter or one bundle"), NULL));
    if (in->mode < BM_INTAKE_DRAFT || in->mode > BM_INTAKE_COMPLETE)
        return bm_fail(err, BM_EINVALID, N_("Unknown intake mode"), "%d", in->mode);
    if (in->mode == BM_INTAKE_COMPLETE && in->bundle_code && *in->bundle_code)
        return bm_err_at(err, BM_FIELD_MATTER,
                         bm_fail(err, BM_EINVALID,
                                 N_("A bundle is done when each of its matters is: it cannot be "
                                    "completed on the spot"), NULL));
    if (in->situations && strlen(in->situations) > BM_MATTER_SITUATIONS)
        return bm_err_at(err, BM_FIELD_SITUATIONS,
                         bm_fail(err, BM_EINVALID, N_("Too many situation answers"), NULL));
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    rc = bm_tx_end(db, intake(db, who, in, &ap, &place, out, err), err);
    if (rc == BM_OK)
        bm_case_mask(db, who, out);
    else
        memset(out, 0, sizeof *out);
    return rc;
}
