/* Work orders: names of kinds, statuses, events and reasons; entering an order; reading an
 * order with its clocks and its history; keeping the clocks; recomputing them from history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/audit_internal.h"
#include "core/authz.h"
#include "core/db_internal.h"
#include "core/json.h"
#include "core/validate.h"
#include "core/workorder_internal.h"

static const char *const kind_names[BM_WO_KIND_COUNT] = {
    [BM_WO_CONSULT] = N_("Consultation"), [BM_WO_HELP] = N_("Help request"),
    [BM_WO_SUGGEST] = N_("Suggestion"),   [BM_WO_COMPLAINT] = N_("Complaint"),
    [BM_WO_REPORT] = N_("Report"),
};
static const char *const status_names[BM_WO_STATUS_COUNT] = {
    [BM_WO_RECEIVED] = N_("Received"),   [BM_WO_TRANSFERRED] = N_("Transferred"),
    [BM_WO_SIGNED] = N_("Signed for"),   [BM_WO_PAUSED] = N_("Paused"),
    [BM_WO_ANSWERED] = N_("Answered"),   [BM_WO_CLOSED] = N_("Closed"),
    [BM_WO_RETURNED] = N_("Returned as out of scope"),
};
static const char *const event_names[BM_WOE_COUNT] = {
    [BM_WOE_RECEIVED] = N_("Received"),          [BM_WOE_TRANSFERRED] = N_("Transferred"),
    [BM_WOE_SIGNED] = N_("Signed for"),          [BM_WOE_PAUSED] = N_("Paused"),
    [BM_WOE_RESUMED] = N_("Resumed"),            [BM_WOE_REASSIGNED] = N_("Reassigned"),
    [BM_WOE_EXT_REQUESTED] = N_("Extension requested"),
    [BM_WOE_EXT_APPROVED] = N_("Extension approved"),
    [BM_WOE_ANSWERED] = N_("Answered"),          [BM_WOE_CLOSED] = N_("Closed"),
    [BM_WOE_CALLBACK] = N_("Callback"),          [BM_WOE_RATED] = N_("Rated"),
    [BM_WOE_RETURNED] = N_("Returned as out of scope"),
};
/* Short words for the audit log (not shown to users). */
static const char *const event_tokens[BM_WOE_COUNT] = {
    [BM_WOE_RECEIVED] = "receive",  [BM_WOE_TRANSFERRED] = "transfer", [BM_WOE_SIGNED] = "sign",
    [BM_WOE_PAUSED] = "pause",      [BM_WOE_RESUMED] = "resume",   [BM_WOE_REASSIGNED] = "reassign",
    [BM_WOE_EXT_REQUESTED] = "extension_request", [BM_WOE_EXT_APPROVED] = "extension_approve",
    [BM_WOE_ANSWERED] = "answer",   [BM_WOE_CLOSED] = "close",     [BM_WOE_CALLBACK] = "callback",
    [BM_WOE_RATED] = "rate",        [BM_WOE_RETURNED] = "return",
};
static const char *const pause_names[BM_WO_PAUSE_COUNT] = {
    [BM_WO_PAUSE_CALLER] = N_("Waiting for the caller"),
    [BM_WO_PAUSE_JOINT_VISIT] = N_("Joint visit scheduled"),
};
static const char *const oos_names[BM_WO_OOS_COUNT] = {
    [BM_WO_OOS_LEGAL_PROCESS] = N_("To be settled by litigation, arbitration, discipline "
                                   "inspection, administrative review or information "
                                   "disclosure, or already a petition"),
    [BM_WO_OOS_SECRET] = N_("Involves state or trade secrets, privacy, or offends public "
                            "order and morals"),
    [BM_WO_OOS_EMERGENCY] = N_("Belongs to the emergency lines 110, 119, 120, 122"),
    [BM_WO_OOS_MILITARY] = N_("Within the powers of the army or the armed police"),
    [BM_WO_OOS_NO_REQUEST] = N_("Harassment, an unclear request or no real request"),
    [BM_WO_OOS_UNLAWFUL] = N_("Against laws, regulations or rules"),
    [BM_WO_OOS_OTHER_EXCLUDED] = N_("Excluded by other laws, regulations or rules"),
};
static const char *const clock_names[BM_WOC_COUNT] = {
    [BM_WOC_TRANSFER] = N_("Transfer"), [BM_WOC_SIGN] = N_("Sign"),
    [BM_WOC_ANSWER] = N_("Answer"),     [BM_WOC_CALLBACK] = N_("Callback"),
};
static const char *const clock_state_names[] = {
    [BM_WOC_IDLE] = N_("Not started"), [BM_WOC_RUNNING] = N_("Running"),
    [BM_WOC_PAUSED] = N_("Paused"),     [BM_WOC_MET] = N_("Met"),
    [BM_WOC_MISSED] = N_("Missed"),     [BM_WOC_STOPPED] = N_("Stopped"),
    [BM_WOC_OVERDUE] = N_("Overdue"),
};

#define NAME_OF(table, i) \
    ((i) > 0 && (size_t)(i) < sizeof table / sizeof table[0] && table[i] ? table[i] : "?")

const char *bm_wo_kind_name(int kind) { return NAME_OF(kind_names, kind); }
const char *bm_wo_status_name(int status) { return NAME_OF(status_names, status); }
const char *bm_wo_event_name(int event) { return NAME_OF(event_names, event); }
const char *bm_wo_pause_name(int reason) { return NAME_OF(pause_names, reason); }
const char *bm_wo_oos_name(int reason) { return NAME_OF(oos_names, reason); }
const char *bm_wo_event_token(int event) { return NAME_OF(event_tokens, event); }

const char *bm_clock_name(int clock)
{
    return clock >= 0 && clock < BM_WOC_COUNT ? clock_names[clock] : "?";
}

const char *bm_clock_state_name(int state)
{
    return state >= BM_WOC_IDLE && state <= BM_WOC_OVERDUE ? clock_state_names[state] : "?";
}

static void read_order(bm_stmt *st, bm_workorder *o)
{
    int k = 0;
    o->id = bm_col_int64(st, k++);
    bm_col_text(st, k++, o->no, sizeof o->no);
    o->received_at = (time_t)bm_col_int64(st, k++);
    o->applicant_id = bm_col_int64(st, k++);
    bm_col_text(st, k++, o->caller, sizeof o->caller);
    bm_col_text(st, k++, o->phone, sizeof o->phone);
    o->kind = bm_col_int(st, k++);
    bm_col_text(st, k++, o->summary, sizeof o->summary);
    bm_col_text(st, k++, o->text, sizeof o->text);
    o->centre_id = bm_col_int64(st, k++);
    o->village_id = bm_col_int64(st, k++);
    o->unit_id = bm_col_int64(st, k++);
    bm_col_text(st, k++, o->unit_name, sizeof o->unit_name);
    o->status = bm_col_int(st, k++);
    o->redo_count = bm_col_int(st, k++);
    o->rating = bm_col_int(st, k++);
}

static int load_clocks(bm_db *db, bm_workorder *o, bm_err *err)
{
    memset(o->clocks, 0, sizeof o->clocks);
    bm_stmt *st = bm_sql(db, BM_SQL_WO_CLOCKS, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, o->id);
    int r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        int c = bm_col_int(st, 0);
        if (c < 0 || c >= BM_WOC_COUNT)
            continue;
        bm_wo_clock *k = &o->clocks[c];
        k->state = bm_col_int(st, 1);
        k->budget = bm_col_int(st, 2);
        k->used = bm_col_int(st, 3);
        k->seg_start = (time_t)bm_col_int64(st, 4);
        k->due_at = (time_t)bm_col_int64(st, 5);
        k->done_at = (time_t)bm_col_int64(st, 6);
        k->pause_reason = bm_col_int(st, 7);
    }
    return r < 0 ? -r : BM_OK;
}

static int get_order(bm_db *db, int q, const char *no, int64_t id, bm_workorder *out,
                     bm_err *err)
{
    memset(out, 0, sizeof *out);
    bm_stmt *row;
    int r = bm_fetch_one(db, q, no, id, &row, err);
    if (r < 0)
        return -r;
    if (r == 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such work order"), "%s",
                       no ? no : "by id");
    read_order(row, out);
    bm_stmt_reset(row);
    return load_clocks(db, out, err);
}

int bm_wo_get(bm_db *db, int64_t id, bm_workorder *out, bm_err *err)
{
    return get_order(db, BM_SQL_WO_GET, NULL, id, out, err);
}

int bm_wo_get_by_no(bm_db *db, const char *no, bm_workorder *out, bm_err *err)
{
    return get_order(db, BM_SQL_WO_GET_BY_NO, no ? no : "", 0, out, err);
}

int bm_wo_open(bm_db *db, const bm_actor *who, int64_t id, bm_workorder *out, bm_err *err)
{
    int rc = bm_wo_get(db, id, out, err);
    bm_place place = bm_wo_place(out);
    if (rc == BM_OK)
        rc = bm_audit_authz(db, who, BM_ACT_CASE_VIEW, &place, "work_order", out->no, err);
    if (rc != BM_OK)
        memset(out, 0, sizeof *out);
    return rc;
}

int bm_wo_hours(bm_db *db, const bm_workorder *o, bm_office_hours *out, bm_err *err)
{
    bm_org centre;
    int rc = bm_org_get(db, o->centre_id, &centre, err);
    if (rc == BM_OK)
        *out = centre.hours;
    return rc;
}

int bm_wo_history(bm_db *db, int64_t id, int (*each)(const bm_wo_event_rec *e, void *ctx),
                  void *ctx, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_WO_EVENTS, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, id);
    /* Collect first: the callback may itself read the database. */
    bm_wo_event_rec *ev = NULL;
    int n = 0, cap = 0, r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            bm_wo_event_rec *p = realloc(ev, (size_t)cap * sizeof *p);
            if (!p) {
                free(ev);
                bm_stmt_reset(st);
                return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
            }
            ev = p;
        }
        bm_wo_event_rec *e = &ev[n++];
        memset(e, 0, sizeof *e);
        e->id = bm_col_int64(st, 0);
        e->event = bm_col_int(st, 1);
        e->at = (time_t)bm_col_int64(st, 2);
        e->account_id = bm_col_int64(st, 3);
        bm_col_text(st, 4, e->login, sizeof e->login);
        e->unit_id = bm_col_int64(st, 5);
        e->reason = bm_col_int(st, 6);
        e->days = bm_col_int(st, 7);
        bm_col_text(st, 8, e->note, sizeof e->note);
    }
    for (int i = 0; r == 0 && i < n; i++)
        if (each(&ev[i], ctx))
            break;
    free(ev);
    return r < 0 ? -r : BM_OK;
}

int bm_wo_views(bm_db *db, const bm_workorder *o, time_t now,
                bm_wo_clock_view views[BM_WOC_COUNT], bm_err *err)
{
    bm_office_hours hours;
    int rc = bm_wo_hours(db, o, &hours, err);
    for (int c = 0; rc == BM_OK && c < BM_WOC_COUNT; c++)
        rc = bm_wo_clock_at(db, &hours, &o->clocks[c], now, &views[c], err);
    return rc;
}

int bm_wo_ids(bm_db *db, bm_stmt *st, int64_t **ids, int *n, bm_err *err)
{
    *ids = NULL;
    *n = 0;
    int r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        int64_t *p = realloc(*ids, (size_t)(*n + 1) * sizeof *p);
        if (!p) {
            bm_stmt_reset(st);
            free(*ids);
            *ids = NULL;
            *n = 0;
            return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
        }
        *ids = p;
        p[(*n)++] = bm_col_int64(st, 0);
    }
    return r < 0 ? -r : BM_OK;
}

int bm_wo_list_open(bm_db *db, const bm_actor *who, int limit, int offset,
                    int (*each)(const bm_workorder *o, void *ctx), void *ctx, bm_err *err)
{
    bm_place mine;
    int rc = bm_actor_place(db, who, &mine, err);
    bm_place centre = {.centre_id = mine.centre_id};
    if (rc == BM_OK)
        rc = bm_audit_authz(db, who, BM_ACT_CASE_VIEW, &centre, "work_order", "", err);
    if (rc != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_WO_LIST_OPEN, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, mine.centre_id);
    bm_bind_int(st, 2, limit > 0 ? limit : 50);
    bm_bind_int(st, 3, offset > 0 ? offset : 0);
    bm_bind_int(st, 4, BM_WO_CLOSED);
    bm_bind_int(st, 5, BM_WO_RETURNED);
    /* Collect the ids first: each order is read whole, and the callback may read too. */
    int64_t *ids;
    int n;
    rc = bm_wo_ids(db, st, &ids, &n, err);
    for (int i = 0; rc == BM_OK && i < n; i++) {
        bm_workorder o;
        if ((rc = bm_wo_get(db, ids[i], &o, err)) == BM_OK && each(&o, ctx))
            break;
    }
    free(ids);
    return rc;
}

struct replay {
    bm_db *db;
    bm_office_hours hours;
    int kind;
    bm_wo_clock *clocks;
    int rc;
    bm_err *err;
};

static int replay_one(const bm_wo_event_rec *e, void *ctx)
{
    struct replay *r = ctx;
    r->rc = bm_wo_clocks_apply(r->db, &r->hours, r->kind, r->clocks, e, r->err);
    return r->rc != BM_OK;
}

int bm_wo_recompute(bm_db *db, int64_t id, bm_wo_clock clocks[BM_WOC_COUNT], bm_err *err)
{
    memset(clocks, 0, sizeof(bm_wo_clock) * BM_WOC_COUNT);
    bm_workorder o;
    int rc = bm_wo_get(db, id, &o, err);
    struct replay r = {.db = db, .kind = o.kind, .clocks = clocks, .err = err};
    if (rc == BM_OK)
        rc = bm_wo_hours(db, &o, &r.hours, err);
    if (rc == BM_OK)
        rc = bm_wo_history(db, id, replay_one, &r, err);
    return rc != BM_OK ? rc : r.rc;
}

/* The nearest due time among running clocks, 0 when none runs. */
static time_t next_due(const bm_workorder *o)
{
    time_t best = 0;
    for (int c = 0; c < BM_WOC_COUNT; c++)
        if (o->clocks[c].state == BM_WOC_RUNNING && (!best || o->clocks[c].due_at < best))
            best = o->clocks[c].due_at;
    return best;
}

int bm_wo_save(bm_db *db, const bm_workorder *o, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_WO_UPDATE, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, o->id);
    bm_bind_int(st, 2, o->status);
    bm_bind_int(st, 3, o->unit_id);
    bm_bind_int(st, 4, o->redo_count);
    bm_bind_int(st, 5, o->rating);
    time_t due = next_due(o);
    if (due)
        bm_bind_int(st, 6, (int64_t)due);
    else
        bm_bind_null(st, 6);
    int rc = bm_step_done(db, st, err);
    for (int c = 0; rc == BM_OK && c < BM_WOC_COUNT; c++) {
        const bm_wo_clock *k = &o->clocks[c];
        if (!(st = bm_sql(db, BM_SQL_WO_CLOCK_SET, err)))
            return BM_EDB;
        bm_bind_int(st, 1, o->id);
        bm_bind_int(st, 2, c);
        bm_bind_int(st, 3, k->state);
        bm_bind_int(st, 4, k->budget);
        bm_bind_int(st, 5, k->used);
        bm_bind_int(st, 6, (int64_t)k->seg_start);
        bm_bind_int(st, 7, (int64_t)k->due_at);
        bm_bind_int(st, 8, (int64_t)k->done_at);
        bm_bind_int(st, 9, k->pause_reason);
        rc = bm_step_done(db, st, err);
    }
    return rc;
}

/* Appends the event to the history and the audit log, and moves the clocks with it. */
int bm_wo_record(bm_db *db, const bm_actor *who, bm_workorder *o, const bm_wo_event_rec *e,
                 bm_err *err)
{
    bm_office_hours hours;
    int rc = bm_wo_hours(db, o, &hours, err);
    if (rc == BM_OK)
        rc = bm_wo_clocks_apply(db, &hours, o->kind, o->clocks, e, err);
    if (rc != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_WO_EVENT_INSERT, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, o->id);
    bm_bind_int(st, 2, (int64_t)e->at);
    bm_bind_int(st, 3, e->event);
    bm_bind_int(st, 4, who ? who->user_id : 0);
    bm_bind_text(st, 5, who && who->login ? who->login : "");
    bm_bind_id(st, 6, e->unit_id);
    bm_bind_int(st, 7, e->reason);
    bm_bind_int(st, 8, e->days);
    bm_bind_text(st, 9, e->note);
    bm_bind_text(st, 10, who && who->session ? who->session : "");
    bm_bind_text(st, 11, who && who->addr ? who->addr : "");
    if ((rc = bm_step_done(db, st, err)) != BM_OK || (rc = bm_wo_save(db, o, err)) != BM_OK)
        return rc;
    char what[48];
    snprintf(what, sizeof what, "workorder.%s", bm_wo_event_token(e->event));
    bm_json j;
    bm_json_begin(&j);
    bm_json_int(&j, "status", o->status);
    bm_json_int(&j, "unit", o->unit_id);
    if (e->reason)
        bm_json_int(&j, "reason", e->reason);
    if (e->days)
        bm_json_int(&j, "days", e->days);
    char *after = bm_json_end(&j);
    rc = bm_audit_append(db, who, what, "work_order", o->no, NULL, after, e->note, err);
    free(after);
    return rc;
}

/* The order's place for permission checks: its centre and village. */
bm_place bm_wo_place(const bm_workorder *o)
{
    bm_place p = {.centre_id = o->centre_id, .village_id = o->village_id};
    return p;
}

static int check_new(bm_db *db, const bm_wo_new *in, const bm_place *mine, bm_err *err)
{
    if (!in->no || !in->no[0] || strlen(in->no) >= sizeof((bm_workorder *)0)->no ||
        !bm_text_line_plain(in->no, strlen(in->no)))
        return bm_fail(err, BM_EINVALID, N_("Give the order number as the hotline gives it"),
                       NULL);
    if (in->kind < BM_WO_CONSULT || in->kind >= BM_WO_KIND_COUNT)
        return bm_err_at(err, BM_FIELD_KIND,
                         bm_fail(err, BM_EINVALID, N_("Choose the kind of request"), NULL));
    if (!in->summary || !in->summary[0] || strlen(in->summary) >= 160)
        return bm_err_at(err, BM_FIELD_NOTE,
                         bm_fail(err, BM_EINVALID, N_("Give a short summary"), NULL));
    if (in->text && strlen(in->text) >= 2048)
        return bm_err_at(err, BM_FIELD_NOTE,
                         bm_fail(err, BM_EINVALID, N_("The text is too long"), NULL));
    if (in->caller && strlen(in->caller) >= 64)
        return bm_err_at(err, BM_FIELD_NAME,
                         bm_fail(err, BM_EINVALID, N_("The name is too long"), NULL));
    if (in->received_at <= 0 || in->received_at > bm_now())
        return bm_fail(err, BM_EINVALID, N_("The time received cannot be in the future"), NULL);
    if (in->village_id > 0) {
        bm_org v;
        int rc = bm_org_get(db, in->village_id, &v, err);
        if (rc != BM_OK || v.centre_id != mine->centre_id || v.village_id != v.id)
            return bm_err_at(err, BM_FIELD_VILLAGE,
                             bm_fail(err, BM_EINVALID, N_("Choose a village of this centre"),
                                     NULL));
    }
    return BM_OK;
}

static int create(bm_db *db, const bm_actor *who, const bm_wo_new *in, const bm_place *mine,
                  int64_t *id, bm_err *err)
{
    char phone[16] = "";
    if (in->phone && in->phone[0]) {
        int rc = bm_phone_check(in->phone, phone, sizeof phone, NULL, err);
        if (rc != BM_OK)
            return bm_err_at(err, BM_FIELD_PHONE, rc);
    }
    bm_workorder o;
    memset(&o, 0, sizeof o);
    o.kind = in->kind;
    o.centre_id = mine->centre_id;
    o.village_id = in->village_id;
    o.unit_id = in->unit_id > 0 ? in->unit_id : who->org_id;
    o.status = BM_WO_RECEIVED;
    bm_strlcpy(o.no, in->no, sizeof o.no);
    bm_stmt *st = bm_sql(db, BM_SQL_WO_INSERT, err);
    if (!st)
        return BM_EDB;
    bm_bind_text(st, 1, in->no);
    bm_bind_int(st, 2, (int64_t)in->received_at);
    bm_bind_id(st, 3, in->applicant_id);
    bm_bind_text(st, 4, in->caller ? in->caller : "");
    bm_bind_text(st, 5, phone);
    bm_bind_int(st, 6, in->kind);
    bm_bind_text(st, 7, in->summary);
    bm_bind_text(st, 8, in->text ? in->text : "");
    bm_bind_int(st, 9, o.centre_id);
    bm_bind_id(st, 10, in->village_id);
    bm_bind_int(st, 11, o.unit_id);
    bm_bind_int(st, 12, o.status);
    bm_bind_int(st, 13, (int64_t)bm_now());
    bm_bind_int(st, 14, who->user_id);
    int rc = bm_step_done(db, st, err);
    if (rc == BM_ECONFLICT)
        return bm_fail(err, BM_ECONFLICT, N_("An order with this number is already entered"),
                       "%s", in->no);
    if (rc != BM_OK)
        return rc;
    o.id = bm_store_last_id(db->store);
    bm_wo_event_rec e = {.event = BM_WOE_RECEIVED, .at = in->received_at,
                         .unit_id = o.unit_id};
    if ((rc = bm_wo_record(db, who, &o, &e, err)) == BM_OK)
        *id = o.id;
    return rc;
}

int bm_wo_create(bm_db *db, const bm_actor *who, const bm_wo_new *in, int64_t *id, bm_err *err)
{
    *id = 0;
    if (!who || who->user_id <= 0)
        return bm_fail(err, BM_EDENIED, N_("Sign in to enter work orders"), NULL);
    bm_place mine;
    int rc = bm_actor_place(db, who, &mine, err);
    if (rc != BM_OK)
        return rc;
    /* the centre as a whole: a village's agent does not enter hotline orders */
    bm_place centre = {.centre_id = mine.centre_id};
    if ((rc = bm_audit_authz(db, who, BM_ACT_CASE_INTAKE, &centre, "work_order", in->no ? in->no : "",
                             err)) != BM_OK)
        return rc;
    if ((rc = check_new(db, in, &mine, err)) != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    rc = bm_tx_end(db, create(db, who, in, &mine, id, err), err);
    if (rc != BM_OK)
        *id = 0;
    return rc;
}
