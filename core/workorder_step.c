/* Work orders: the steps. Each is allowed from some statuses only and needs a permission
 * (duty staff and clerks handle orders; the supervisor reassigns and approves extensions;
 * callbacks and ratings are recorded by whoever may rate); each is recorded in the history
 * and the audit log and moves the clocks. */
#include <string.h>
#include "core/audit_internal.h"
#include "core/date.h"
#include "core/db_internal.h"
#include "core/workorder_internal.h"

#define S(x) (1u << (x))

static const struct step_rule {
    int event;
    unsigned from;      /* statuses it may be taken from */
    int to;             /* 0: the status stays */
    int action;         /* the permission it needs */
} rules[] = {
    {BM_WOE_TRANSFERRED, S(BM_WO_RECEIVED) | S(BM_WO_TRANSFERRED) | S(BM_WO_SIGNED),
     BM_WO_TRANSFERRED, BM_ACT_CASE_PROCESS},
    {BM_WOE_SIGNED, S(BM_WO_RECEIVED) | S(BM_WO_TRANSFERRED), BM_WO_SIGNED, BM_ACT_CASE_PROCESS},
    {BM_WOE_PAUSED, S(BM_WO_SIGNED), BM_WO_PAUSED, BM_ACT_CASE_PROCESS},
    {BM_WOE_RESUMED, S(BM_WO_PAUSED), BM_WO_SIGNED, BM_ACT_CASE_PROCESS},
    {BM_WOE_REASSIGNED, S(BM_WO_RECEIVED) | S(BM_WO_TRANSFERRED) | S(BM_WO_SIGNED),
     BM_WO_TRANSFERRED, BM_ACT_CASE_ASSIGN},
    {BM_WOE_EXT_REQUESTED, S(BM_WO_SIGNED) | S(BM_WO_PAUSED), 0, BM_ACT_CASE_PROCESS},
    {BM_WOE_EXT_APPROVED, S(BM_WO_SIGNED) | S(BM_WO_PAUSED), 0, BM_ACT_CASE_ASSIGN},
    {BM_WOE_ANSWERED, S(BM_WO_SIGNED), BM_WO_ANSWERED, BM_ACT_CASE_PROCESS},
    {BM_WOE_CLOSED, S(BM_WO_ANSWERED), BM_WO_CLOSED, BM_ACT_CASE_PROCESS},
    {BM_WOE_CALLBACK, S(BM_WO_ANSWERED) | S(BM_WO_CLOSED), 0, BM_ACT_CASE_RATE},
    {BM_WOE_RATED, S(BM_WO_ANSWERED) | S(BM_WO_CLOSED), 0, BM_ACT_CASE_RATE},
    {BM_WOE_RETURNED, S(BM_WO_RECEIVED) | S(BM_WO_TRANSFERRED), BM_WO_RETURNED,
     BM_ACT_CASE_PROCESS},
};

static const struct step_rule *rule_of(int event)
{
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (rules[i].event == event)
            return &rules[i];
    return NULL;
}

/* The days of the extension asked for and not yet granted (0 when none is pending). */
struct pending {
    int days;
};

static int pending_one(const bm_wo_event_rec *e, void *ctx)
{
    struct pending *p = ctx;
    if (e->event == BM_WOE_EXT_REQUESTED)
        p->days = e->days;
    else if (e->event == BM_WOE_EXT_APPROVED)
        p->days = 0;
    return 0;
}

static int pending_days(bm_db *db, const bm_workorder *o, int *days, bm_err *err)
{
    struct pending p = {0};
    int rc = bm_wo_history(db, o->id, pending_one, &p, err);
    *days = p.days;
    return rc;
}

/* Whether the order's state allows the step beyond its status: a callback once, the rating
 * after it and once, an approval only of an extension asked for. */
static int state_allows(bm_db *db, const bm_workorder *o, int event, bm_err *err)
{
    switch (event) {
    case BM_WOE_CALLBACK:
        if (o->clocks[BM_WOC_CALLBACK].state != BM_WOC_RUNNING)
            return bm_fail(err, BM_ESTATE, N_("The callback is already recorded"), NULL);
        return BM_OK;
    case BM_WOE_RATED:
        if (o->clocks[BM_WOC_CALLBACK].state == BM_WOC_RUNNING || o->rating)
            return bm_fail(err, BM_ESTATE, N_("Rate after the callback, once"), NULL);
        return BM_OK;
    case BM_WOE_EXT_APPROVED: {
        int asked = 0;
        int rc = pending_days(db, o, &asked, err);
        if (rc == BM_OK && !asked)
            rc = bm_fail(err, BM_ESTATE, N_("No extension has been asked for"), NULL);
        return rc;
    }
    default:
        return BM_OK;
    }
}

static int need_note(const bm_wo_event_rec *s, const char *reason, bm_err *err)
{
    if (s->note[0])
        return BM_OK;
    return bm_err_at(err, BM_FIELD_NOTE, bm_fail(err, BM_EINVALID, reason, NULL));
}

/* What each step must carry, and whether the order's state allows it beyond its status. */
static int check_particulars(bm_db *db, const bm_workorder *o, const bm_wo_event_rec *s,
                             bm_err *err)
{
    switch (s->event) {
    case BM_WOE_TRANSFERRED:
    case BM_WOE_REASSIGNED: {
        bm_org u;
        if (s->unit_id <= 0 || bm_org_get(db, s->unit_id, &u, err) != BM_OK ||
            !bm_wo_unit_takes(o, &u))
            return bm_fail(err, BM_EINVALID, N_("Choose the unit it goes to"), NULL);
        if (s->unit_id == o->unit_id)
            return bm_fail(err, BM_EINVALID, N_("The order is already with this unit"), NULL);
        return need_note(s, N_("Give the reason for the transfer"), err);
    }
    case BM_WOE_PAUSED:
        if (s->reason <= 0 || s->reason >= BM_WO_PAUSE_COUNT)
            return bm_err_at(err, BM_FIELD_REASON,
                             bm_fail(err, BM_EINVALID, N_("Choose why the order waits"), NULL));
        return BM_OK;
    case BM_WOE_EXT_REQUESTED:
        if (s->days <= 0 || s->days > 30)
            return bm_fail(err, BM_EINVALID, N_("Ask for 1 to 30 working days"), NULL);
        return need_note(s, N_("Give the reason for the extension"), err);
    case BM_WOE_EXT_APPROVED: {
        int asked = 0;
        int rc = pending_days(db, o, &asked, err);
        if (rc == BM_OK && (s->days <= 0 || s->days > asked))
            rc = bm_fail(err, BM_EINVALID, N_("Grant at most the days asked for"), NULL);
        return rc;
    }
    case BM_WOE_ANSWERED:
        if (s->reason < BM_WO_BY_PHONE || s->reason > BM_WO_BY_LETTER)
            return bm_fail(err, BM_EINVALID, N_("Choose how the caller was answered"), NULL);
        return need_note(s, N_("Give what was done and the reply to the caller"), err);
    case BM_WOE_CALLBACK:
        return need_note(s, N_("Give what the caller said"), err);
    case BM_WOE_RATED:
        if (s->reason < 1 || s->reason > 5)
            return bm_err_at(err, BM_FIELD_RATING,
                             bm_fail(err, BM_EINVALID, N_("Choose a rating from 1 to 5"), NULL));
        return BM_OK;
    case BM_WOE_RETURNED:
        if (s->reason <= 0 || s->reason >= BM_WO_OOS_COUNT)
            return bm_err_at(err, BM_FIELD_REASON,
                             bm_fail(err, BM_EINVALID,
                                     N_("Choose which of the seven out-of-scope reasons "
                                        "applies"), NULL));
        return need_note(s, N_("Give the explanation for the caller"), err);
    default:
        return BM_OK;
    }
}

static int step(bm_db *db, const bm_actor *who, bm_workorder *o, const struct step_rule *r,
                const bm_wo_event_rec *s, bm_err *err)
{
    bm_wo_event_rec e = *s;
    e.at = bm_now();
    if (e.at < o->received_at)
        e.at = o->received_at;
    if (r->to)
        o->status = r->to;
    if (s->event == BM_WOE_TRANSFERRED || s->event == BM_WOE_REASSIGNED)
        o->unit_id = s->unit_id;
    if (s->event == BM_WOE_RATED) {
        o->rating = s->reason;
        if (o->kind == BM_WO_COMPLAINT && s->reason <= BM_WO_REDO_RATING) {
            o->redo_count++;
            o->rating = 0;
            o->status = BM_WO_SIGNED;
        }
    }
    return bm_wo_record(db, who, o, &e, err);
}

int bm_wo_step(bm_db *db, const bm_actor *who, int64_t id, const bm_wo_event_rec *s,
               bm_err *err)
{
    const struct step_rule *r = rule_of(s->event);
    if (!r)
        return bm_fail(err, BM_EINVALID, N_("No such step"), "%d", s->event);
    bm_workorder o;
    int rc = bm_wo_get(db, id, &o, err);
    if (rc != BM_OK)
        return rc;
    bm_place place = bm_wo_place(&o);
    if ((rc = bm_audit_authz(db, who, r->action, &place, "work_order", o.no, err)) != BM_OK)
        return rc;
    if (!(r->from & S(o.status)))
        return bm_fail(err, BM_ESTATE, N_("This step is not allowed for the order now"), "%s",
                       bm_wo_event_token(s->event));
    if ((rc = state_allows(db, &o, s->event, err)) != BM_OK ||
        (rc = check_particulars(db, &o, s, err)) != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    return bm_tx_end(db, step(db, who, &o, r, s, err), err);
}

int bm_wo_steps_offered(bm_db *db, const bm_actor *who, const bm_workorder *o, int out[],
                        int max)
{
    bm_place place = bm_wo_place(o);
    int n = 0;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0] && n < max; i++) {
        const struct step_rule *r = &rules[i];
        if ((r->from & S(o->status)) && bm_authz_allows(db, who, r->action, &place) &&
            state_allows(db, o, r->event, NULL) == BM_OK)
            out[n++] = r->event;
    }
    return n;
}

int bm_wo_unit_takes(const bm_workorder *o, const bm_org *u)
{
    return u->active && u->centre_id == o->centre_id &&
           (u->kind == BM_ORG_TOWNSHIP || u->kind == BM_ORG_WINDOW || u->kind == BM_ORG_VILLAGE);
}

struct units {
    const bm_workorder *o;
    int (*each)(const bm_org *u, void *ctx);
    void *ctx;
    int stopped;
};

static int unit_one(const bm_org *u, void *ctx)
{
    struct units *w = ctx;
    if (u->id != w->o->unit_id && bm_wo_unit_takes(w->o, u))
        w->stopped = w->each(u, w->ctx);
    return w->stopped;
}

int bm_wo_units(bm_db *db, const bm_workorder *o, int (*each)(const bm_org *u, void *ctx),
                void *ctx, bm_err *err)
{
    bm_org centre;
    int rc = bm_org_get(db, o->centre_id, &centre, err);
    struct units w = {o, each, ctx, 0};
    if (rc == BM_OK && !unit_one(&centre, &w))
        rc = bm_org_children(db, o->centre_id, unit_one, &w, err);
    return rc;
}
