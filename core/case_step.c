/* Cases: the steps taken on them. One transition under the status machine with its history
 * and audit, a bundle passing steps on to its sub-cases and following them, and the other
 * changes: take, assign, note, rate. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/applicant.h"
#include "core/audit_internal.h"
#include "core/authz.h"
#include "core/calendar.h"
#include "core/case_internal.h"
#include "core/json.h"
#include "core/desk_internal.h"
#include "core/user.h"
#include "core/validate.h"

int bm_case_save(bm_db *db, const bm_case *c, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_CASE_UPDATE, err);
    if (!st)
        return BM_EDB;
    int k = 1;
    bm_bind_int(st, k++, c->id);
    bm_bind_int(st, k++, c->status);
    bm_bind_int(st, k++, bm_status_is_open(c->status));
    bm_bind_id(st, k++, c->handler_id);
    if (c->accepted_at)
        bm_bind_int(st, k++, (int64_t)c->accepted_at);
    else
        bm_bind_null(st, k++);
    bm_bind_text(st, k++, c->accepted_day[0] ? c->accepted_day : NULL);
    bm_bind_int(st, k++, c->promised_days);
    bm_bind_text(st, k++, c->deadline[0] ? c->deadline : NULL);
    bm_bind_text(st, k++, c->paused_since[0] ? c->paused_since : NULL);
    bm_bind_int(st, k++, c->paused_days);
    bm_bind_text(st, k++, c->commit_due[0] ? c->commit_due : NULL);
    if (c->completed_at)
        bm_bind_int(st, k++, (int64_t)c->completed_at);
    else
        bm_bind_null(st, k++);
    bm_bind_text(st, k++, c->completed_day[0] ? c->completed_day : NULL);
    bm_bind_text(st, k++, c->result);
    bm_bind_text(st, k++, c->delivery);
    bm_bind_text(st, k++, c->refuse_reason);
    bm_bind_text(st, k++, c->note);
    if (c->rating)
        bm_bind_int(st, k++, c->rating);
    else
        bm_bind_null(st, k++);
    bm_bind_text(st, k++, c->rating_channel[0] ? c->rating_channel : NULL);
    if (c->rated_at)
        bm_bind_int(st, k++, (int64_t)c->rated_at);
    else
        bm_bind_null(st, k++);
    bm_bind_int(st, k++, (int64_t)bm_now());
    return bm_step_done(db, st, err);
}

static int add_history(bm_db *db, const bm_actor *who, int64_t case_id, const char *action,
                       int from, int to, const char *note, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_CASE_HISTORY_INSERT, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, case_id);
    bm_bind_int(st, 2, (int64_t)bm_now());
    bm_bind_int(st, 3, who ? who->user_id : 0);
    bm_bind_text(st, 4, who && who->login ? who->login : "");
    bm_bind_text(st, 5, action);
    bm_bind_int(st, 6, from);
    bm_bind_int(st, 7, to);
    bm_bind_text(st, 8, who && who->session ? who->session : "");
    bm_bind_text(st, 9, who && who->addr ? who->addr : "");
    bm_bind_text(st, 10, note ? note : "");
    return bm_step_done(db, st, err);
}

static char *case_json(const bm_case *c)
{
    bm_json j;
    bm_json_begin(&j);
    bm_json_str(&j, "status", bm_status_name(c->status));
    bm_json_int(&j, "handler", c->handler_id);
    bm_json_str(&j, "deadline", c->deadline);
    if (c->paused_since[0] || c->paused_days)
        bm_json_str(&j, "paused_since", c->paused_since);
    if (c->paused_days)
        bm_json_int(&j, "paused_days", c->paused_days);
    if (c->commit_due[0])
        bm_json_str(&j, "commit_due", c->commit_due);
    if (c->refuse_reason[0])
        bm_json_str(&j, "reason", c->refuse_reason);
    if (c->result[0])
        bm_json_str(&j, "result", c->result);
    if (c->rating)
        bm_json_int(&j, "rating", c->rating);
    return bm_json_end(&j);
}

/* History and audit for a change from `before` to `after`. */
int bm_case_record(bm_db *db, const bm_actor *who, const bm_case *before, const bm_case *after,
                   const char *action, const char *note, bm_err *err)
{
    int rc = add_history(db, who, after->id, action, before ? before->status : 0, after->status,
                         note, err);
    if (rc != BM_OK)
        return rc;
    char what[48], oid[24];
    snprintf(what, sizeof what, "case.%s", action);
    bm_case_oid(after, oid);
    char *bj = before ? case_json(before) : NULL, *aj = case_json(after);
    rc = bm_audit_append(db, who, what, "case", oid, bj, aj, note, err);
    free(bj);
    free(aj);
    return rc;
}

/* Marks the named materials received; unknown names are refused. */
static int receive_materials(bm_db *db, int64_t case_id, const char *const *names, int n,
                             bm_err *err)
{
    for (int i = 0; i < n; i++) {
        bm_stmt *st = bm_sql(db, BM_SQL_CASE_MATERIAL_RECEIVE, err);
        if (!st)
            return BM_EDB;
        bm_bind_int(st, 1, case_id);
        bm_bind_text(st, 2, names[i]);
        int rc = bm_step_done(db, st, err);
        if (rc != BM_OK)
            return rc;
        if (bm_store_changes(db->store) == 0)
            return bm_err_at(err, BM_FIELD_MATERIALS,
                             bm_fail(err, BM_EINVALID,
                                     N_("That material is not on this case's list"), "%s",
                                     names[i]));
    }
    return BM_OK;
}

struct missing {
    int required_missing;     /* required and not received */
    int not_committable;      /* of those, how many may not be promised */
    char list[512];           /* their names, for the one-time notice */
};

static int missing_materials(bm_db *db, int64_t case_id, struct missing *m, bm_err *err)
{
    memset(m, 0, sizeof *m);
    bm_stmt *st = bm_sql(db, BM_SQL_CASE_MATERIALS, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, case_id);
    int r;
    size_t len = 0;
    while ((r = bm_step_row(db, st, err)) == 1) {
        int required = bm_col_int(st, 5), commit = bm_col_int(st, 6);
        int received = bm_col_int(st, 7);
        if (!required || received)
            continue;
        m->required_missing++;
        if (!commit)
            m->not_committable++;
        const char *name = bm_col_str(st, 2);
        if (len < sizeof m->list)
            len += (size_t)snprintf(m->list + len, sizeof m->list - len, "%s%s", len ? "、" : "",
                                    name ? name : "");
    }
    return r < 0 ? BM_EDB : BM_OK;
}

static int accept_now(bm_db *db, bm_case *c, int promised, bm_err *err)
{
    time_t now = bm_now();
    bm_day today = bm_day_of(now), deadline;
    int rc = bm_workdays_add(db, today, promised, &deadline, NULL, err);
    if (rc != BM_OK)
        return rc;
    c->accepted_at = now;
    bm_day_format(today, c->accepted_day);
    c->promised_days = promised;
    bm_day_format(deadline, c->deadline);
    return BM_OK;
}

static int parse_due(const char *due, bm_day *out, bm_err *err)
{
    if (!due || bm_day_parse(due, out) != 0)
        return bm_err_at(err, BM_FIELD_COMMIT_DATE,
                         bm_fail(err, BM_EINVALID,
                                 N_("Accepting on commitment needs the date the missing items "
                                    "are due"), "%s", due ? due : ""));
    if (*out < bm_day_of(bm_now()))
        return bm_err_at(err, BM_FIELD_COMMIT_DATE,
                         bm_fail(err, BM_EINVALID,
                                 N_("The date the missing items are due has passed"), "%s", due));
    return BM_OK;
}

static int need_text(const char *s, int field, const char *reason, bm_err *err)
{
    while (s && *s == ' ')
        s++;
    if (!s || !*s)
        return bm_err_at(err, field, bm_fail(err, BM_EINVALID, reason, NULL));
    return BM_OK;
}

/* Materials brought at any step count towards a commitment: once nothing required is missing
 * the commitment is settled, whichever step brought the last item. */
static int settle_commitment(bm_db *db, bm_case *c, struct missing *miss, bm_err *err)
{
    if (!c->commit_due[0])
        return BM_OK;
    int rc = missing_materials(db, c->id, miss, err);
    if (rc == BM_OK && !miss->required_missing)
        c->commit_due[0] = '\0';
    return rc;
}

static int update_parent(bm_db *db, const bm_actor *who, int64_t parent_id, bm_err *err);

/* One transition of one case, inside a transaction; permission already checked. */
static int transition(bm_db *db, const bm_actor *who, bm_case *c, int verb,
                      const bm_case_args *a, bm_err *err)
{
    static const bm_case_args none;
    if (!a)
        a = &none;
    int to = bm_case_next_status(c->status, verb);
    if (!to)
        return bm_fail(err, BM_ESTATE, N_("This step is not possible in the case's current state"),
                       "%s: %s from %s", c->no, bm_verb_name(verb), bm_status_name(c->status));
    bm_case before = *c;
    bm_day today = bm_day_of(bm_now());
    int rc = BM_OK;
    struct missing miss;
    switch (verb) {
    case BM_DO_ACCEPT:
    case BM_DO_ACCEPT_ON_COMMITMENT: {
        bm_day due = 0;
        if (verb == BM_DO_ACCEPT_ON_COMMITMENT && (rc = parse_due(a->commit_due, &due, err)))
            return rc;
        if ((rc = receive_materials(db, c->id, a->received, a->nreceived, err)) ||
            (rc = missing_materials(db, c->id, &miss, err)))
            return rc;
        if (verb == BM_DO_ACCEPT && miss.required_missing)
            return bm_err_at(err, BM_FIELD_MATERIALS,
                             bm_fail(err, BM_EINVALID,
                                     N_("Required materials are missing: give the one-time "
                                        "notice, or accept on commitment"), "%s", miss.list));
        if (verb == BM_DO_ACCEPT_ON_COMMITMENT) {
            if (!miss.required_missing)
                return bm_err_at(err, BM_FIELD_MATERIALS,
                                 bm_fail(err, BM_EINVALID,
                                         N_("Nothing is missing: accept the case normally"),
                                         NULL));
            if (miss.not_committable)
                return bm_err_at(err, BM_FIELD_MATERIALS,
                                 bm_fail(err, BM_EINVALID,
                                         N_("Some missing materials cannot be promised for later"),
                                         "%s", miss.list));
            bm_day_format(due, c->commit_due);
        }
        int promised = c->promised_days;
        if ((rc = accept_now(db, c, promised, err)))
            return rc;
        break;
    }
    case BM_DO_START:
        if (!c->handler_id && who)
            c->handler_id = who->user_id;
        break;
    case BM_DO_RETURN:
        if ((rc = need_text(a->note, BM_FIELD_NOTE, N_("Say what must be corrected"), err)))
            return rc;
        bm_day_format(today, c->paused_since);
        break;
    case BM_DO_RESUME: {
        bm_day since, deadline, newdl;
        int paused = 0;
        if ((rc = receive_materials(db, c->id, a->received, a->nreceived, err)) ||
            (rc = settle_commitment(db, c, &miss, err)))
            return rc;
        if (bm_day_parse(c->paused_since, &since) == 0 &&
            bm_day_parse(c->deadline, &deadline) == 0) {
            if ((rc = bm_workdays_between(db, since, today, &paused, NULL, err)))
                return rc;
            if (paused < 0)
                paused = 0;
            if ((rc = bm_workdays_add(db, deadline, paused, &newdl, NULL, err)))
                return rc;
            bm_day_format(newdl, c->deadline);
        }
        c->paused_days += paused;
        c->paused_since[0] = '\0';
        break;
    }
    case BM_DO_SUPPLY:
        if (!c->commit_due[0])
            return bm_fail(err, BM_ESTATE, N_("No materials are outstanding on this case"),
                           "%s", c->no);
        if ((rc = receive_materials(db, c->id, a->received, a->nreceived, err)) ||
            (rc = missing_materials(db, c->id, &miss, err)))
            return rc;
        if (miss.required_missing)
            to = c->status;   /* still waiting for the rest */
        else
            c->commit_due[0] = '\0';
        break;
    case BM_DO_TRANSFER:
        if ((rc = need_text(a->note, BM_FIELD_NOTE, N_("Say where the case goes and why"), err)))
            return rc;
        c->handler_id = 0;   /* the receiving side signs for it */
        break;
    case BM_DO_ESCALATE:
        if ((rc = need_text(a->note, BM_FIELD_NOTE, N_("Say why the case goes up"), err)))
            return rc;
        break;
    case BM_DO_RECEIVE:
        c->handler_id = who ? who->user_id : 0;
        break;
    case BM_DO_COMPLETE:
        if ((rc = settle_commitment(db, c, &miss, err)))
            return rc;
        if (c->commit_due[0])   /* the detail names what is missing, in the catalogue's words */
            return bm_fail(err, BM_ESTATE,
                           N_("Materials promised on commitment have not been brought yet"),
                           "%s", miss.list);
        c->completed_at = bm_now();
        bm_day_format(today, c->completed_day);
        bm_strlcpy(c->result, a->result ? a->result : "", sizeof c->result);
        bm_strlcpy(c->delivery, a->delivery ? a->delivery : "", sizeof c->delivery);
        if (!c->handler_id && who)
            c->handler_id = who->user_id;
        break;
    case BM_DO_REFUSE:
        if ((rc = need_text(a->reason, BM_FIELD_REASON, N_("A refusal needs its reason"), err)))
            return rc;
        bm_strlcpy(c->refuse_reason, a->reason, sizeof c->refuse_reason);
        c->completed_at = bm_now();
        bm_day_format(today, c->completed_day);
        break;
    case BM_DO_WITHDRAW:
        c->completed_at = bm_now();
        bm_day_format(today, c->completed_day);
        break;
    default:
        break;
    }
    c->status = to;
    if ((rc = bm_case_save(db, c, err)) != BM_OK)
        return rc;
    const char *note = verb == BM_DO_REFUSE ? a->reason : a->note;
    return bm_case_record(db, who, &before, c, bm_verb_name(verb), note, err);
}

/* Verbs a bundle case takes itself (passing them on to its sub-cases). */
static int bundle_verb(int verb)
{
    return verb == BM_DO_ACCEPT || verb == BM_DO_ACCEPT_ON_COMMITMENT || verb == BM_DO_SUPPLY ||
           verb == BM_DO_REFUSE || verb == BM_DO_WITHDRAW;
}

int bm_case_apply(bm_db *db, const bm_actor *who, bm_case *c, int verb, const bm_case_args *a,
                  bm_err *err)
{
    int is_bundle = c->bundle_id > 0 && c->parent_id == 0;
    if (is_bundle && !bundle_verb(verb))
        return bm_fail(err, BM_ESTATE, N_("Take this step on the bundle's sub-cases"), "%s",
                       c->no);
    if (c->parent_id && (verb == BM_DO_ACCEPT || verb == BM_DO_ACCEPT_ON_COMMITMENT))
        return bm_fail(err, BM_ESTATE, N_("A bundle is accepted as a whole"), "%s", c->no);
    if (!is_bundle) {
        int rc = transition(db, who, c, verb, a, err);
        if (rc == BM_OK && c->parent_id)
            rc = update_parent(db, who, c->parent_id, err);
        return rc;
    }
    /* The bundle first (its own rules decide), then every sub-case the step applies to. */
    int64_t *ids = NULL;
    int n = 0, rc;
    if (verb == BM_DO_SUPPLY && !c->commit_due[0])
        return bm_fail(err, BM_ESTATE, N_("No materials are outstanding on this case"), "%s",
                       c->no);
    if ((rc = bm_case_children_ids(db, c->id, &ids, &n, err)) != BM_OK)
        return rc;
    bm_case_args sub = a ? *a : (bm_case_args){0};
    for (int i = 0; rc == BM_OK && i < n; i++) {
        bm_case k;
        if ((rc = bm_case_load(db, BM_SQL_CASE_GET, ids[i], NULL, &k, err)) != BM_OK)
            break;
        if (!bm_case_next_status(k.status, verb))
            continue;
        if (verb == BM_DO_SUPPLY && !k.commit_due[0])
            continue;
        /* Each sub-case is told only of the materials on its own list. */
        const char *kept[PLAN_MAX];
        int nk = 0;
        for (int m = 0; m < sub.nreceived && nk < PLAN_MAX; m++) {
            bm_stmt *st = bm_sql(db, BM_SQL_CASE_MATERIAL_HAS, err);
            if (!st) {
                rc = BM_EDB;
                break;
            }
            bm_bind_int(st, 1, k.id);
            bm_bind_text(st, 2, sub.received[m]);
            int r = bm_step_row(db, st, err);
            if (r < 0) {
                rc = BM_EDB;
                break;
            }
            if (r == 1) {
                bm_stmt_reset(st);
                kept[nk++] = sub.received[m];
            }
        }
        if (rc != BM_OK)
            break;
        bm_case_args ka = sub;
        ka.received = kept;
        ka.nreceived = nk;
        if (verb == BM_DO_ACCEPT_ON_COMMITMENT) {
            /* Sub-cases with nothing missing are simply accepted. */
            struct missing miss;
            if ((rc = receive_materials(db, k.id, kept, nk, err)) ||
                (rc = missing_materials(db, k.id, &miss, err)))
                break;
            ka.nreceived = 0;
            rc = transition(db, who, &k, miss.required_missing ? verb : BM_DO_ACCEPT, &ka, err);
        } else {
            rc = transition(db, who, &k, verb, &ka, err);
        }
    }
    free(ids);
    if (rc == BM_OK)
        rc = transition(db, who, c, verb, a, err);
    if (rc == BM_OK && c->status == BM_CASE_ACCEPTED) {
        /* The bundle's deadline is its slowest sub-case's. */
        rc = update_parent(db, who, c->id, err);
    }
    return rc;
}

int bm_case_children_ids(bm_db *db, int64_t parent, int64_t **ids, int *n, bm_err *err)
{
    *ids = NULL;
    *n = 0;
    bm_stmt *st = bm_sql(db, BM_SQL_CASE_CHILD_IDS, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, parent);
    int r, cap = 0;
    while ((r = bm_step_row(db, st, err)) == 1) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            int64_t *p = realloc(*ids, (size_t)cap * sizeof *p);
            if (!p) {
                bm_stmt_reset(st);
                free(*ids);
                *ids = NULL;
                return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
            }
            *ids = p;
        }
        (*ids)[(*n)++] = bm_col_int64(st, 0);
    }
    if (r < 0) {
        free(*ids);
        *ids = NULL;
        return BM_EDB;
    }
    return BM_OK;
}

/* A bundle follows its sub-cases: processing once any moves on, done when all are done. */
static int update_parent(bm_db *db, const bm_actor *who, int64_t parent_id, bm_err *err)
{
    bm_case p;
    int rc = bm_case_load(db, BM_SQL_CASE_GET, parent_id, NULL, &p, err);
    if (rc != BM_OK)
        return rc;
    int64_t *ids;
    int n;
    if ((rc = bm_case_children_ids(db, parent_id, &ids, &n, err)) != BM_OK)
        return rc;
    int open = 0, completed = 0, refused = 0, moved = 0;
    char latest[11] = "", last_done[11] = "";
    for (int i = 0; i < n && rc == BM_OK; i++) {
        bm_case k;
        if ((rc = bm_case_load(db, BM_SQL_CASE_GET, ids[i], NULL, &k, err)) != BM_OK)
            break;
        open += bm_status_is_open(k.status);
        completed += k.status == BM_CASE_COMPLETED;
        refused += k.status == BM_CASE_REFUSED;
        moved += k.status != BM_CASE_DRAFT && k.status != BM_CASE_ACCEPTED &&
                 k.status != BM_CASE_COMMITMENT;
        if (strcmp(k.deadline, latest) > 0 && bm_status_is_open(k.status))
            memcpy(latest, k.deadline, sizeof latest);
        if (strcmp(k.completed_day, last_done) > 0)
            memcpy(last_done, k.completed_day, sizeof last_done);
    }
    free(ids);
    if (rc != BM_OK)
        return rc;
    bm_case before = p;
    if (n > 0 && open == 0) {
        p.status = completed ? BM_CASE_COMPLETED : refused ? BM_CASE_REFUSED : BM_CASE_WITHDRAWN;
        p.completed_at = bm_now();
        memcpy(p.completed_day, last_done, sizeof p.completed_day);
        p.commit_due[0] = '\0';
    } else if (moved && (p.status == BM_CASE_ACCEPTED || p.status == BM_CASE_COMMITMENT)) {
        p.status = BM_CASE_PROCESSING;
    }
    if (latest[0] && strcmp(latest, p.deadline) > 0)
        memcpy(p.deadline, latest, sizeof p.deadline);
    if (p.status == before.status && strcmp(p.deadline, before.deadline) == 0)
        return BM_OK;
    if ((rc = bm_case_save(db, &p, err)) != BM_OK)
        return rc;
    if (p.status == before.status)
        return BM_OK;   /* a deadline follows its sub-cases silently */
    return bm_case_record(db, who, &before, &p, "bundle",
                  open == 0 ? "all sub-cases done" : "sub-cases in progress", err);
}

int bm_case_act(bm_db *db, const bm_actor *who, int64_t case_id, int verb,
                const bm_case_args *args, bm_err *err)
{
    if (verb <= 0 || verb >= BM_VERB_COUNT)
        return bm_fail(err, BM_EINVALID, N_("Unknown step"), "%d", verb);
    bm_case c;
    int rc = bm_case_load(db, BM_SQL_CASE_GET, case_id, NULL, &c, err);
    if (rc != BM_OK || (rc = bm_case_check(db, who, bm_case_verb_action(verb), &c, err)) != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    return bm_tx_end(db, bm_case_apply(db, who, &c, verb, args, err), err);
}

/* ---- other changes ---- */

int bm_case_steps_offered(bm_db *db, const bm_actor *who, const bm_case *c, int out[], int max)
{
    static const int order[] = {BM_DO_ACCEPT, BM_DO_ACCEPT_ON_COMMITMENT, BM_DO_START,
                                BM_DO_SUPPLY, BM_DO_RETURN, BM_DO_RESUME, BM_DO_RECEIVE,
                                BM_DO_COMPLETE, BM_DO_TRANSFER, BM_DO_ESCALATE, BM_DO_REFUSE,
                                BM_DO_WITHDRAW};
    bm_place p = {c->centre_id, c->village_id};
    int bundle = c->bundle_id && !c->parent_id, n = 0;
    for (size_t i = 0; i < sizeof order / sizeof order[0] && n < max; i++) {
        int v = order[i];
        if (!bm_case_next_status(c->status, v) ||
            !bm_authz_allows(db, who, bm_case_verb_action(v), &p))
            continue;
        if (bundle && !bundle_verb(v))
            continue;   /* a bundle's other steps are taken on its sub-cases */
        if (c->parent_id && (v == BM_DO_ACCEPT || v == BM_DO_ACCEPT_ON_COMMITMENT))
            continue;   /* a sub-case is accepted with its bundle */
        if (v == BM_DO_SUPPLY && !c->commit_due[0])
            continue;
        out[n++] = v;
    }
    if (n < max && bm_status_is_open(c->status) && c->handler_id != who->user_id &&
        bm_authz_allows(db, who, BM_ACT_CASE_TAKE, &p))
        out[n++] = BM_STEP_TAKE;
    if (n < max && bm_authz_allows(db, who, BM_ACT_CASE_NOTE, &p))
        out[n++] = BM_STEP_NOTE;
    if (n < max && c->status == BM_CASE_COMPLETED && !c->rating &&
        bm_authz_allows(db, who, BM_ACT_CASE_RATE, &p))
        out[n++] = BM_STEP_RATE;
    return n;
}

int bm_case_load_checked(bm_db *db, const bm_actor *who, int64_t id, int action, bm_case *c,
                         bm_err *err)
{
    int rc = bm_case_load(db, BM_SQL_CASE_GET, id, NULL, c, err);
    if (rc == BM_OK)
        rc = bm_case_check(db, who, action, c, err);
    return rc;
}

static int set_handler(bm_db *db, const bm_actor *who, bm_case *c, int64_t handler,
                       const char *action, const char *note, bm_err *err)
{
    if (!bm_status_is_open(c->status))
        return bm_fail(err, BM_ESTATE, N_("The case is closed"), "%s", c->no);
    int rc = bm_tx_begin(db, err);
    if (rc != BM_OK)
        return rc;
    bm_case before = *c;
    c->handler_id = handler;
    rc = bm_case_save(db, c, err);
    if (rc == BM_OK)
        rc = bm_case_record(db, who, &before, c, action, note, err);
    return bm_tx_end(db, rc, err);
}

int bm_case_take(bm_db *db, const bm_actor *who, int64_t case_id, bm_err *err)
{
    bm_case c;
    int rc = bm_case_load_checked(db, who, case_id, BM_ACT_CASE_TAKE, &c, err);
    if (rc != BM_OK)
        return rc;
    if (c.handler_id == who->user_id)
        return BM_OK;
    return set_handler(db, who, &c, who->user_id, "take", NULL, err);
}

int bm_case_assign(bm_db *db, const bm_actor *who, int64_t case_id, const char *login,
                   bm_err *err)
{
    bm_case c;
    int rc = bm_case_load_checked(db, who, case_id, BM_ACT_CASE_ASSIGN, &c, err);
    if (rc != BM_OK)
        return rc;
    bm_user u;
    if ((rc = bm_user_get(db, login, &u, err)) != BM_OK)
        return rc;
    bm_org o;
    if ((rc = bm_org_get(db, u.org_id, &o, err)) != BM_OK)
        return rc;
    if ((u.role != BM_ROLE_CLERK && u.role != BM_ROLE_DUTY) || o.centre_id != c.centre_id ||
        u.locked)
        return bm_fail(err, BM_EINVALID,
                       N_("A case goes to a clerk or duty officer of its own centre"), "%s",
                       login);
    char note[80];
    snprintf(note, sizeof note, "-> %s", u.login);
    return set_handler(db, who, &c, u.id, "assign", note, err);
}

int bm_case_note(bm_db *db, const bm_actor *who, int64_t case_id, const char *note, bm_err *err)
{
    bm_case c;
    int rc = bm_case_load_checked(db, who, case_id, BM_ACT_CASE_NOTE, &c, err);
    if (rc != BM_OK || (rc = need_text(note, BM_FIELD_NOTE, N_("The note is empty"), err)) != BM_OK)
        return rc;
    if (strlen(note) > 1000)
        return bm_fail(err, BM_EINVALID, N_("The note is too long"), NULL);
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    rc = bm_case_record(db, who, &c, &c, who->role == BM_ROLE_SUPERVISOR ? "supervise" : "note", note,
                err);
    return bm_tx_end(db, rc, err);
}

int bm_case_rate(bm_db *db, const bm_actor *who, int64_t case_id, int rating,
                 const char *channel, bm_err *err)
{
    bm_case c;
    int rc = bm_case_load_checked(db, who, case_id, BM_ACT_CASE_RATE, &c, err);
    if (rc != BM_OK)
        return rc;
    if (rating < 1 || rating > 5)
        return bm_fail(err, BM_EINVALID, N_("A rating is 1 (very unsatisfied) to 5 (very satisfied)"),
                       "%d", rating);
    if (c.status != BM_CASE_COMPLETED)
        return bm_fail(err, BM_ESTATE, N_("Only a completed case is rated"), "%s", c.no);
    if (c.rating)
        return bm_fail(err, BM_ESTATE, N_("The case has been rated already (one rating per case)"),
                       "%s", c.no);
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_case before = c;
    c.rating = rating;
    bm_strlcpy(c.rating_channel, channel && *channel ? channel : "window", sizeof c.rating_channel);
    c.rated_at = bm_now();
    rc = bm_case_save(db, &c, err);
    if (rc == BM_OK)
        rc = bm_case_record(db, who, &before, &c, "rate", NULL, err);
    if (rc == BM_OK)   /* a bad rating opens its rectification (差评整改) */
        rc = bm_rect_open_for_rating(db, who, &c, err);
    return bm_tx_end(db, rc, err);
}
