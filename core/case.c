/* Cases: intake, the status machine, deadlines, history, ratings and lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/applicant.h"
#include "core/authz.h"
#include "core/calendar.h"
#include "core/case.h"
#include "core/audit_internal.h"
#include "core/db_internal.h"
#include "core/json.h"
#include "core/org.h"
#include "core/pinyin.h"
#include "core/user.h"
#include "core/validate.h"

#define PLAN_MAX 64

static const char *const status_names[BM_CASE_STATUS_COUNT] = {
    [BM_CASE_DRAFT] = "draft",           [BM_CASE_ACCEPTED] = "accepted",
    [BM_CASE_COMMITMENT] = "commitment", [BM_CASE_PROCESSING] = "processing",
    [BM_CASE_CORRECTIONS] = "corrections", [BM_CASE_TRANSFERRED] = "transferred",
    [BM_CASE_ESCALATED] = "escalated",   [BM_CASE_COMPLETED] = "completed",
    [BM_CASE_REFUSED] = "refused",       [BM_CASE_WITHDRAWN] = "withdrawn",
};

static const char *const verb_names[BM_VERB_COUNT] = {
    [BM_DO_ACCEPT] = "accept",     [BM_DO_ACCEPT_ON_COMMITMENT] = "accept_on_commitment",
    [BM_DO_START] = "start",       [BM_DO_RETURN] = "return",
    [BM_DO_RESUME] = "resume",     [BM_DO_SUPPLY] = "supply",
    [BM_DO_TRANSFER] = "transfer", [BM_DO_ESCALATE] = "escalate",
    [BM_DO_RECEIVE] = "receive",   [BM_DO_COMPLETE] = "complete",
    [BM_DO_REFUSE] = "refuse",     [BM_DO_WITHDRAW] = "withdraw",
};

static const char *const channel_names[] = {
    [BM_CHANNEL_WINDOW] = "window",   [BM_CHANNEL_AGENT] = "agent",
    [BM_CHANNEL_HOME_VISIT] = "home_visit", [BM_CHANNEL_APPOINTMENT] = "appointment",
    [BM_CHANNEL_HOTLINE] = "hotline", [BM_CHANNEL_ONLINE] = "online",
};

const char *bm_status_name(int s)
{
    return s > 0 && s < BM_CASE_STATUS_COUNT ? status_names[s] : "unknown";
}

const char *bm_verb_name(int v)
{
    return v > 0 && v < BM_VERB_COUNT ? verb_names[v] : "unknown";
}

const char *bm_channel_name(int c)
{
    return c >= BM_CHANNEL_WINDOW && c <= BM_CHANNEL_ONLINE ? channel_names[c] : "unknown";
}

int bm_status_is_open(int s)
{
    return s >= BM_CASE_DRAFT && s <= BM_CASE_ESCALATED;
}

/* The status machine: every allowed (from, verb) -> to. Nothing else is allowed. */
const bm_transition bm_case_transitions[] = {
    {BM_CASE_DRAFT, BM_DO_ACCEPT, BM_CASE_ACCEPTED},
    {BM_CASE_DRAFT, BM_DO_ACCEPT_ON_COMMITMENT, BM_CASE_COMMITMENT},
    {BM_CASE_DRAFT, BM_DO_REFUSE, BM_CASE_REFUSED},
    {BM_CASE_DRAFT, BM_DO_WITHDRAW, BM_CASE_WITHDRAWN},

    {BM_CASE_ACCEPTED, BM_DO_START, BM_CASE_PROCESSING},
    {BM_CASE_ACCEPTED, BM_DO_COMPLETE, BM_CASE_COMPLETED},
    {BM_CASE_ACCEPTED, BM_DO_RETURN, BM_CASE_CORRECTIONS},
    {BM_CASE_ACCEPTED, BM_DO_TRANSFER, BM_CASE_TRANSFERRED},
    {BM_CASE_ACCEPTED, BM_DO_ESCALATE, BM_CASE_ESCALATED},
    {BM_CASE_ACCEPTED, BM_DO_REFUSE, BM_CASE_REFUSED},
    {BM_CASE_ACCEPTED, BM_DO_WITHDRAW, BM_CASE_WITHDRAWN},

    {BM_CASE_COMMITMENT, BM_DO_SUPPLY, BM_CASE_ACCEPTED},
    {BM_CASE_COMMITMENT, BM_DO_START, BM_CASE_PROCESSING},
    {BM_CASE_COMMITMENT, BM_DO_REFUSE, BM_CASE_REFUSED},
    {BM_CASE_COMMITMENT, BM_DO_WITHDRAW, BM_CASE_WITHDRAWN},

    {BM_CASE_PROCESSING, BM_DO_SUPPLY, BM_CASE_PROCESSING},   /* commitment items, late */
    {BM_CASE_PROCESSING, BM_DO_COMPLETE, BM_CASE_COMPLETED},
    {BM_CASE_PROCESSING, BM_DO_RETURN, BM_CASE_CORRECTIONS},
    {BM_CASE_PROCESSING, BM_DO_TRANSFER, BM_CASE_TRANSFERRED},
    {BM_CASE_PROCESSING, BM_DO_ESCALATE, BM_CASE_ESCALATED},
    {BM_CASE_PROCESSING, BM_DO_REFUSE, BM_CASE_REFUSED},
    {BM_CASE_PROCESSING, BM_DO_WITHDRAW, BM_CASE_WITHDRAWN},

    {BM_CASE_CORRECTIONS, BM_DO_RESUME, BM_CASE_PROCESSING},
    {BM_CASE_CORRECTIONS, BM_DO_REFUSE, BM_CASE_REFUSED},
    {BM_CASE_CORRECTIONS, BM_DO_WITHDRAW, BM_CASE_WITHDRAWN},

    {BM_CASE_TRANSFERRED, BM_DO_RECEIVE, BM_CASE_PROCESSING},
    {BM_CASE_TRANSFERRED, BM_DO_WITHDRAW, BM_CASE_WITHDRAWN},

    {BM_CASE_ESCALATED, BM_DO_RECEIVE, BM_CASE_PROCESSING},
    {BM_CASE_ESCALATED, BM_DO_COMPLETE, BM_CASE_COMPLETED},
    {BM_CASE_ESCALATED, BM_DO_REFUSE, BM_CASE_REFUSED},
    {BM_CASE_ESCALATED, BM_DO_WITHDRAW, BM_CASE_WITHDRAWN},
};
const int bm_case_transition_count = sizeof bm_case_transitions / sizeof bm_case_transitions[0];

int bm_case_next_status(int from, int verb)
{
    for (int i = 0; i < bm_case_transition_count; i++)
        if (bm_case_transitions[i].from == from && bm_case_transitions[i].verb == verb)
            return bm_case_transitions[i].to;
    return 0;
}

/* Which permission each verb needs. */
static int verb_action(int verb)
{
    switch (verb) {
    case BM_DO_RESUME:
    case BM_DO_SUPPLY: return BM_ACT_CASE_SUPPLY;
    case BM_DO_ESCALATE: return BM_ACT_CASE_ESCALATE;
    case BM_DO_RECEIVE: return BM_ACT_CASE_TAKE;
    case BM_DO_WITHDRAW: return BM_ACT_CASE_WITHDRAW;
    default: return BM_ACT_CASE_PROCESS;
    }
}

/* ---- reading ---- */

static void read_case(bm_stmt *st, bm_case *c)
{
    memset(c, 0, sizeof *c);
    int k = 0;
    c->id = bm_col_int64(st, k++);
    bm_col_text(st, k++, c->no, sizeof c->no);
    c->parent_id = bm_col_int64(st, k++);
    c->bundle_id = bm_col_int64(st, k++);
    c->matter_id = bm_col_int64(st, k++);
    bm_col_text(st, k++, c->matter_code, sizeof c->matter_code);
    c->matter_version = bm_col_int(st, k++);
    bm_col_text(st, k++, c->matter_name, sizeof c->matter_name);
    c->nchildren = bm_col_int(st, k++);
    c->applicant_id = bm_col_int64(st, k++);
    bm_col_text(st, k++, c->applicant_name, sizeof c->applicant_name);
    bm_col_text(st, k++, c->applicant_id_no, sizeof c->applicant_id_no);
    c->agent_id = bm_col_int64(st, k++);
    c->channel = bm_col_int(st, k++);
    c->status = bm_col_int(st, k++);
    c->centre_id = bm_col_int64(st, k++);
    c->village_id = bm_col_int64(st, k++);
    c->first_contact_id = bm_col_int64(st, k++);
    bm_col_text(st, k++, c->first_contact_name, sizeof c->first_contact_name);
    c->handler_id = bm_col_int64(st, k++);
    bm_col_text(st, k++, c->handler_name, sizeof c->handler_name);
    c->off_hours = bm_col_int(st, k++);
    c->created_at = (time_t)bm_col_int64(st, k++);
    c->accepted_at = (time_t)bm_col_int64(st, k++);
    c->completed_at = (time_t)bm_col_int64(st, k++);
    bm_col_text(st, k++, c->accepted_day, sizeof c->accepted_day);
    c->promised_days = bm_col_int(st, k++);
    bm_col_text(st, k++, c->deadline, sizeof c->deadline);
    bm_col_text(st, k++, c->paused_since, sizeof c->paused_since);
    c->paused_days = bm_col_int(st, k++);
    bm_col_text(st, k++, c->commit_due, sizeof c->commit_due);
    bm_col_text(st, k++, c->completed_day, sizeof c->completed_day);
    bm_col_text(st, k++, c->result, sizeof c->result);
    bm_col_text(st, k++, c->delivery, sizeof c->delivery);
    bm_col_text(st, k++, c->refuse_reason, sizeof c->refuse_reason);
    bm_col_text(st, k++, c->situations, sizeof c->situations);
    bm_col_text(st, k++, c->note, sizeof c->note);
    c->rating = bm_col_int(st, k++);
    bm_col_text(st, k++, c->rating_channel, sizeof c->rating_channel);
    c->rated_at = (time_t)bm_col_int64(st, k++);
}

/* The row as stored, no permission check, no masking. */
static int load_case(bm_db *db, enum bm_sql_id q, int64_t id, const char *no, bm_case *c,
                     bm_err *err)
{
    bm_stmt *st;
    int r = bm_fetch_one(db, q, no, id, &st, err);
    if (r < 0)
        return BM_EDB;
    if (r == 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such case"), "%s", no ? no : "");
    read_case(st, c);
    bm_stmt_reset(st);
    return BM_OK;
}

static void case_oid(const bm_case *c, char oid[24])
{
    snprintf(oid, 24, "%s", c->no);
}

static int check(bm_db *db, const bm_actor *who, int action, const bm_case *c, bm_err *err)
{
    bm_place p = {c->centre_id, c->village_id};
    char oid[24];
    case_oid(c, oid);
    return bm_audit_authz(db, who, action, &p, "case", oid, err);
}

static void mask_for(bm_db *db, const bm_actor *who, bm_case *c)
{
    if (c->applicant_id_no[0] && !bm_applicant_may_see_full_id(db, who, c->applicant_id)) {
        char m[19];
        bm_id_mask(c->applicant_id_no, m, sizeof m);
        memcpy(c->applicant_id_no, m, sizeof m);
    }
}

int bm_case_get(bm_db *db, const bm_actor *who, int64_t case_id, bm_case *out, bm_err *err)
{
    int rc = load_case(db, BM_SQL_CASE_GET, case_id, NULL, out, err);
    if (rc == BM_OK && (rc = check(db, who, BM_ACT_CASE_VIEW, out, err)) == BM_OK)
        mask_for(db, who, out);
    if (rc != BM_OK)
        memset(out, 0, sizeof *out);
    return rc;
}

int bm_case_get_by_no(bm_db *db, const bm_actor *who, const char *no, bm_case *out, bm_err *err)
{
    char n[32];
    if (bm_normalise_ascii(no, n, sizeof n) != 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such case"), NULL);
    int rc = load_case(db, BM_SQL_CASE_GET_BY_NO, 0, n, out, err);
    if (rc == BM_OK && (rc = check(db, who, BM_ACT_CASE_VIEW, out, err)) == BM_OK)
        mask_for(db, who, out);
    if (rc != BM_OK)
        memset(out, 0, sizeof *out);
    return rc;
}

/* ---- the clock ---- */

int bm_case_clock(bm_db *db, const bm_case *c, bm_day today, int *state, int *days_left,
                  bm_err *err)
{
    *state = BM_CLOCK_NONE;
    *days_left = 0;
    bm_day deadline;
    if (!c->deadline[0] || bm_day_parse(c->deadline, &deadline) != 0)
        return BM_OK;
    if (c->status == BM_CASE_REFUSED || c->status == BM_CASE_WITHDRAWN) {
        *state = BM_CLOCK_CLOSED;
        return BM_OK;
    }
    if (c->status == BM_CASE_COMPLETED) {
        bm_day done;
        if (bm_day_parse(c->completed_day, &done) != 0)
            done = deadline;
        *state = done <= deadline ? BM_CLOCK_DONE_ON_TIME : BM_CLOCK_DONE_LATE;
        return BM_OK;
    }
    int rc = bm_workdays_between(db, today, deadline, days_left, NULL, err);
    if (rc != BM_OK)
        return rc;
    if (c->status == BM_CASE_CORRECTIONS)
        *state = BM_CLOCK_PAUSED;
    else if (today > deadline)
        *state = BM_CLOCK_OVERDUE;
    else if (*days_left <= 1)
        *state = BM_CLOCK_DUE_SOON;
    else
        *state = BM_CLOCK_ON_TIME;
    return BM_OK;
}

/* ---- writing ---- */

static int save_case(bm_db *db, const bm_case *c, bm_err *err)
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
static int record(bm_db *db, const bm_actor *who, const bm_case *before, const bm_case *after,
                  const char *action, const char *note, bm_err *err)
{
    int rc = add_history(db, who, after->id, action, before ? before->status : 0, after->status,
                         note, err);
    if (rc != BM_OK)
        return rc;
    char what[48], oid[24];
    snprintf(what, sizeof what, "case.%s", action);
    case_oid(after, oid);
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
            return bm_fail(err, BM_EINVALID, N_("That material is not on this case's list"),
                           "%s", names[i]);
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
        return bm_fail(err, BM_EINVALID,
                       N_("Accepting on commitment needs the date the missing items are due"),
                       "%s", due ? due : "");
    if (*out < bm_day_of(bm_now()))
        return bm_fail(err, BM_EINVALID, N_("The date the missing items are due has passed"),
                       "%s", due);
    return BM_OK;
}

static int need_text(const char *s, const char *reason, bm_err *err)
{
    while (s && *s == ' ')
        s++;
    if (!s || !*s)
        return bm_fail(err, BM_EINVALID, reason, NULL);
    return BM_OK;
}

static int children_ids(bm_db *db, int64_t parent, int64_t **ids, int *n, bm_err *err);
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
            return bm_fail(err, BM_EINVALID,
                           N_("Required materials are missing: give the one-time notice, or "
                              "accept on commitment"), "%s", miss.list);
        if (verb == BM_DO_ACCEPT_ON_COMMITMENT) {
            if (!miss.required_missing)
                return bm_fail(err, BM_EINVALID,
                               N_("Nothing is missing: accept the case normally"), NULL);
            if (miss.not_committable)
                return bm_fail(err, BM_EINVALID,
                               N_("Some missing materials cannot be promised for later"), "%s",
                               miss.list);
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
        if ((rc = need_text(a->note, N_("Say what must be corrected"), err)))
            return rc;
        bm_day_format(today, c->paused_since);
        break;
    case BM_DO_RESUME: {
        bm_day since, deadline, newdl;
        int paused = 0;
        if ((rc = receive_materials(db, c->id, a->received, a->nreceived, err)))
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
        if ((rc = need_text(a->note, N_("Say where the case goes and why"), err)))
            return rc;
        c->handler_id = 0;   /* the receiving side signs for it */
        break;
    case BM_DO_ESCALATE:
        if ((rc = need_text(a->note, N_("Say why the case goes up"), err)))
            return rc;
        break;
    case BM_DO_RECEIVE:
        c->handler_id = who ? who->user_id : 0;
        break;
    case BM_DO_COMPLETE:
        if (c->commit_due[0])
            return bm_fail(err, BM_ESTATE,
                           N_("Materials promised on commitment have not been brought yet"),
                           "%s due %s", c->no, c->commit_due);
        c->completed_at = bm_now();
        bm_day_format(today, c->completed_day);
        bm_strlcpy(c->result, a->result ? a->result : "", sizeof c->result);
        bm_strlcpy(c->delivery, a->delivery ? a->delivery : "", sizeof c->delivery);
        if (!c->handler_id && who)
            c->handler_id = who->user_id;
        break;
    case BM_DO_REFUSE:
        if ((rc = need_text(a->reason, N_("A refusal needs its reason"), err)))
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
    if ((rc = save_case(db, c, err)) != BM_OK)
        return rc;
    const char *note = verb == BM_DO_REFUSE ? a->reason : a->note;
    return record(db, who, &before, c, bm_verb_name(verb), note, err);
}

/* Verbs a bundle case takes itself (passing them on to its sub-cases). */
static int bundle_verb(int verb)
{
    return verb == BM_DO_ACCEPT || verb == BM_DO_ACCEPT_ON_COMMITMENT || verb == BM_DO_SUPPLY ||
           verb == BM_DO_REFUSE || verb == BM_DO_WITHDRAW;
}

static int act(bm_db *db, const bm_actor *who, bm_case *c, int verb, const bm_case_args *a,
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
    if ((rc = children_ids(db, c->id, &ids, &n, err)) != BM_OK)
        return rc;
    bm_case_args sub = a ? *a : (bm_case_args){0};
    for (int i = 0; rc == BM_OK && i < n; i++) {
        bm_case k;
        if ((rc = load_case(db, BM_SQL_CASE_GET, ids[i], NULL, &k, err)) != BM_OK)
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

static int children_ids(bm_db *db, int64_t parent, int64_t **ids, int *n, bm_err *err)
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
    int rc = load_case(db, BM_SQL_CASE_GET, parent_id, NULL, &p, err);
    if (rc != BM_OK)
        return rc;
    int64_t *ids;
    int n;
    if ((rc = children_ids(db, parent_id, &ids, &n, err)) != BM_OK)
        return rc;
    int open = 0, completed = 0, refused = 0, moved = 0;
    char latest[11] = "", last_done[11] = "";
    for (int i = 0; i < n && rc == BM_OK; i++) {
        bm_case k;
        if ((rc = load_case(db, BM_SQL_CASE_GET, ids[i], NULL, &k, err)) != BM_OK)
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
    if ((rc = save_case(db, &p, err)) != BM_OK)
        return rc;
    if (p.status == before.status)
        return BM_OK;   /* a deadline follows its sub-cases silently */
    return record(db, who, &before, &p, "bundle",
                  open == 0 ? "all sub-cases done" : "sub-cases in progress", err);
}

int bm_case_act(bm_db *db, const bm_actor *who, int64_t case_id, int verb,
                const bm_case_args *args, bm_err *err)
{
    if (verb <= 0 || verb >= BM_VERB_COUNT)
        return bm_fail(err, BM_EINVALID, N_("Unknown step"), "%d", verb);
    bm_case c;
    int rc = load_case(db, BM_SQL_CASE_GET, case_id, NULL, &c, err);
    if (rc != BM_OK || (rc = check(db, who, verb_action(verb), &c, err)) != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    return bm_tx_end(db, act(db, who, &c, verb, args, err), err);
}

/* ---- intake ---- */

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

static int next_number(bm_db *db, int64_t county_id, bm_day today, char out[16], bm_err *err)
{
    char day[11];
    bm_day_format(today, day);
    bm_stmt *st = bm_sql(db, BM_SQL_CASE_NUMBER_NEXT, err);
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
    snprintf(out, 16, "%.4s%.2s%.2s%04d", day, day + 5, day + 8, (int)seq);
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
    int rc = next_number(db, county_id, bm_day_of(now), no, err);
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
    if (rc != BM_OK || (rc = load_case(db, BM_SQL_CASE_GET, id, NULL, out, err)) != BM_OK)
        return rc;
    return record(db, who, NULL, out, "intake", nc->note, err);
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
            return bm_fail(err, BM_EINVALID, N_("That material is not on this case's list"),
                           "%s", in->received[r]);
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
            if (m->promised_days > nc.promised)
                nc.promised = m->promised_days;
            bm_case child;
            rc = insert_case(db, who, county.id, &sub, mp, k, in, &child, err);
        }
        if (rc == BM_OK) {
            /* The bundle's promise is its slowest matter's. */
            out->promised_days = nc.promised;
            rc = save_case(db, out, err);
        }
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
    if (in->mode == BM_INTAKE_ACCEPT || in->mode == BM_INTAKE_COMMIT) {
        bm_case_args a = {.commit_due = in->commit_due, .note = NULL};
        rc = act(db, who, out, in->mode == BM_INTAKE_ACCEPT ? BM_DO_ACCEPT
                                                            : BM_DO_ACCEPT_ON_COMMITMENT, &a, err);
    }
    if (rc == BM_OK)
        rc = load_case(db, BM_SQL_CASE_GET, out->id, NULL, out, err);
    return rc;
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
    bm_place mine, place;
    if ((rc = bm_actor_place(db, who, &mine, err)) != BM_OK)
        return rc;
    place.centre_id = mine.centre_id;
    place.village_id = mine.village_id;
    if (!place.village_id && ap.village_id > 0) {
        /* A villager at the township window: the case belongs to their village too, so the
         * village's agent can follow it up. */
        bm_org v;
        if ((rc = bm_org_get(db, ap.village_id, &v, err)) != BM_OK)
            return rc;
        if (v.centre_id == place.centre_id)
            place.village_id = v.id;
    }
    if ((rc = bm_audit_authz(db, who, BM_ACT_CASE_INTAKE, &place, "case", "", err)) != BM_OK)
        return rc;
    /* Accepting (受理) is the centre's decision: an agent receives (收件) and forwards a draft. */
    if (in->mode != BM_INTAKE_DRAFT &&
        (rc = bm_audit_authz(db, who, BM_ACT_CASE_PROCESS, &place, "case", "", err)) != BM_OK)
        return rc;
    if (in->channel < BM_CHANNEL_WINDOW || in->channel > BM_CHANNEL_ONLINE)
        return bm_fail(err, BM_EINVALID, N_("Unknown channel"), "%d", in->channel);
    if (who->role == BM_ROLE_AGENT && in->channel != BM_CHANNEL_AGENT &&
        in->channel != BM_CHANNEL_HOME_VISIT)
        return bm_fail(err, BM_EINVALID, N_("An agent takes cases in by proxy or on a home visit"),
                       NULL);
    if (!(in->matter_code && *in->matter_code) == !(in->bundle_code && *in->bundle_code))
        return bm_fail(err, BM_EINVALID, N_("Choose one matter or one bundle"), NULL);
    if (in->mode < BM_INTAKE_DRAFT || in->mode > BM_INTAKE_COMMIT)
        return bm_fail(err, BM_EINVALID, N_("Unknown intake mode"), "%d", in->mode);
    if (in->situations && strlen(in->situations) > BM_MATTER_SITUATIONS)
        return bm_fail(err, BM_EINVALID, N_("Too many situation answers"), NULL);
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    rc = bm_tx_end(db, intake(db, who, in, &ap, &place, out, err), err);
    if (rc == BM_OK)
        mask_for(db, who, out);
    else
        memset(out, 0, sizeof *out);
    return rc;
}

/* ---- other changes ---- */

static int load_checked(bm_db *db, const bm_actor *who, int64_t id, int action, bm_case *c,
                        bm_err *err)
{
    int rc = load_case(db, BM_SQL_CASE_GET, id, NULL, c, err);
    if (rc == BM_OK)
        rc = check(db, who, action, c, err);
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
    rc = save_case(db, c, err);
    if (rc == BM_OK)
        rc = record(db, who, &before, c, action, note, err);
    return bm_tx_end(db, rc, err);
}

int bm_case_take(bm_db *db, const bm_actor *who, int64_t case_id, bm_err *err)
{
    bm_case c;
    int rc = load_checked(db, who, case_id, BM_ACT_CASE_TAKE, &c, err);
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
    int rc = load_checked(db, who, case_id, BM_ACT_CASE_ASSIGN, &c, err);
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
    int rc = load_checked(db, who, case_id, BM_ACT_CASE_NOTE, &c, err);
    if (rc != BM_OK || (rc = need_text(note, N_("The note is empty"), err)) != BM_OK)
        return rc;
    if (strlen(note) > 1000)
        return bm_fail(err, BM_EINVALID, N_("The note is too long"), NULL);
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    rc = record(db, who, &c, &c, who->role == BM_ROLE_SUPERVISOR ? "supervise" : "note", note,
                err);
    return bm_tx_end(db, rc, err);
}

int bm_case_rate(bm_db *db, const bm_actor *who, int64_t case_id, int rating,
                 const char *channel, bm_err *err)
{
    bm_case c;
    int rc = load_checked(db, who, case_id, BM_ACT_CASE_RATE, &c, err);
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
    rc = save_case(db, &c, err);
    if (rc == BM_OK)
        rc = record(db, who, &before, &c, "rate", NULL, err);
    return bm_tx_end(db, rc, err);
}

/* ---- details ---- */

int bm_case_children(bm_db *db, const bm_actor *who, int64_t case_id,
                     int (*each)(const bm_case *c, void *ctx), void *ctx, bm_err *err)
{
    bm_case parent;
    int rc = load_checked(db, who, case_id, BM_ACT_CASE_VIEW, &parent, err);
    if (rc != BM_OK)
        return rc;
    int64_t *ids;
    int n;
    if ((rc = children_ids(db, case_id, &ids, &n, err)) != BM_OK)
        return rc;
    for (int i = 0; i < n; i++) {
        bm_case k;
        if ((rc = load_case(db, BM_SQL_CASE_GET, ids[i], NULL, &k, err)) != BM_OK)
            break;
        mask_for(db, who, &k);
        if (each(&k, ctx))
            break;
    }
    free(ids);
    return rc;
}

int bm_case_materials(bm_db *db, const bm_actor *who, int64_t case_id,
                      int (*each)(const bm_case_material *m, void *ctx), void *ctx, bm_err *err)
{
    bm_case c;
    int rc = load_checked(db, who, case_id, BM_ACT_CASE_VIEW, &c, err);
    if (rc != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_CASE_MATERIALS, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, case_id);
    int r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        bm_case_material m;
        memset(&m, 0, sizeof m);
        m.seq = bm_col_int(st, 1);
        bm_col_text(st, 2, m.material.name, sizeof m.material.name);
        m.material.original = bm_col_int(st, 3);
        m.material.copies = bm_col_int(st, 4);
        m.material.required = bm_col_int(st, 5);
        m.material.commit_ok = bm_col_int(st, 6);
        m.received = bm_col_int(st, 7);
        if (each(&m, ctx)) {
            bm_stmt_reset(st);
            break;
        }
    }
    return r < 0 ? BM_EDB : BM_OK;
}

int bm_case_history(bm_db *db, const bm_actor *who, int64_t case_id,
                    int (*each)(const bm_case_event *e, void *ctx), void *ctx, bm_err *err)
{
    bm_case c;
    int rc = load_checked(db, who, case_id, BM_ACT_CASE_VIEW, &c, err);
    if (rc != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_CASE_HISTORY, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, case_id);
    int r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        bm_case_event e = {
            .id = bm_col_int64(st, 0),
            .at = (time_t)bm_col_int64(st, 1),
            .user_id = bm_col_int64(st, 2),
            .login = bm_col_str(st, 3),
            .action = bm_col_str(st, 4),
            .from_status = bm_col_int(st, 5),
            .to_status = bm_col_int(st, 6),
            .session = bm_col_str(st, 7),
            .station = bm_col_str(st, 8),
            .note = bm_col_str(st, 9),
        };
        if (each(&e, ctx)) {
            bm_stmt_reset(st);
            break;
        }
    }
    return r < 0 ? BM_EDB : BM_OK;
}

/* ---- lists ---- */

struct row_x {
    bm_case_row row;
    int64_t applicant_id;
    int handler_is_me;
    char paused_since[11], completed_day[11];
};

static void read_row(bm_stmt *st, struct row_x *x)
{
    memset(x, 0, sizeof *x);
    bm_case_row *r = &x->row;
    r->id = bm_col_int64(st, 0);
    bm_col_text(st, 1, r->no, sizeof r->no);
    r->status = bm_col_int(st, 2);
    r->channel = bm_col_int(st, 3);
    bm_col_text(st, 4, r->applicant_name, sizeof r->applicant_name);
    bm_col_text(st, 5, r->applicant_id_no, sizeof r->applicant_id_no);
    bm_col_text(st, 6, r->matter_name, sizeof r->matter_name);
    r->nchildren = bm_col_int(st, 7);
    bm_col_text(st, 8, r->deadline, sizeof r->deadline);
    bm_col_text(st, 9, r->handler_name, sizeof r->handler_name);
    r->off_hours = bm_col_int(st, 10);
    bm_col_text(st, 11, r->commit_due, sizeof r->commit_due);
    bm_col_text(st, 12, x->paused_since, sizeof x->paused_since);
    bm_col_text(st, 13, x->completed_day, sizeof x->completed_day);
    x->applicant_id = bm_col_int64(st, 14);
}

static int list_scope(bm_db *db, const bm_actor *who, int kind, bm_place *mine, int *scope,
                      bm_err *err)
{
    *scope = bm_authz_scope(who, BM_ACT_CASE_VIEW);
    int rc = bm_actor_place(db, who, mine, err);
    if (rc != BM_OK)
        return rc;
    int ok;
    switch (kind) {
    case BM_LIST_MINE:
    case BM_LIST_SEARCH:
        ok = *scope != BM_SCOPE_NONE;
        break;
    case BM_LIST_VILLAGE_OPEN:
        ok = *scope != BM_SCOPE_NONE && mine->village_id > 0;
        break;
    case BM_LIST_CENTRE_OPEN:
    case BM_LIST_DUTY_QUEUE:
    case BM_LIST_OVERDUE:
        ok = (*scope == BM_SCOPE_CENTRE || *scope == BM_SCOPE_ALL) && mine->centre_id > 0;
        break;
    default:
        return bm_fail(err, BM_EINVALID, N_("Unknown list"), "%d", kind);
    }
    if (!ok)
        return bm_audit_authz(db, who, BM_ACT_CASE_VIEW, NULL, "", "", err);
    return BM_OK;
}

/* What a search text is: a case number, an ID number, a phone, initials or a name. */
static enum bm_sql_id search_kind(const char *text, char *q, size_t n, char *hi, size_t hn)
{
    if (bm_normalise_ascii(text, q, n) != 0)
        bm_strlcpy(q, text, n);
    size_t len = strlen(q), digits = 0;
    for (size_t i = 0; i < len; i++)
        digits += q[i] >= '0' && q[i] <= '9';
    if (len == 12 && digits == 12)
        return BM_SQL_CASE_LIST_NO;
    if (len == 18 && digits >= 17) {
        for (char *p = q; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p = (char)(*p - 32);
        return BM_SQL_CASE_LIST_APPLICANT_IDNO;
    }
    if (len == 18) {   /* a credit code */
        for (char *p = q; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p = (char)(*p - 32);
        return BM_SQL_CASE_LIST_APPLICANT_IDNO;
    }
    if (digits && digits + 4 >= len) {
        char p[16];
        if (bm_phone_check(q, p, sizeof p, NULL, NULL) == BM_OK)
            bm_strlcpy(q, p, n);
        return BM_SQL_CASE_LIST_APPLICANT_PHONE;
    }
    if (bm_pinyin_is_query(q)) {
        for (char *p = q; *p; p++)
            *p = (char)(*p | 0x20);
        snprintf(hi, hn, "%s", q);
        hi[strlen(hi) - 1]++;
        return BM_SQL_CASE_LIST_APPLICANT_INITIALS;
    }
    bm_strlcpy(q, text, n);
    snprintf(hi, hn, "%s\xF4\x8F\xBF\xBF", q);
    return BM_SQL_CASE_LIST_APPLICANT_NAME;
}

int bm_case_list(bm_db *db, const bm_actor *who, const bm_case_query *q,
                 int (*each)(const bm_case_row *r, void *ctx), void *ctx, bm_err *err)
{
    bm_place mine;
    int scope;
    int rc = list_scope(db, who, q->kind, &mine, &scope, err);
    if (rc != BM_OK)
        return rc;
    time_t now = bm_now();
    bm_day today = bm_day_of(now);
    char today_s[11];
    bm_day_format(today, today_s);
    int limit = q->limit > 0 ? q->limit : 20, offset = q->offset > 0 ? q->offset : 0;
    enum bm_sql_id sql;
    char text[96] = "", hi[100] = "";
    int64_t key = 0;
    switch (q->kind) {
    case BM_LIST_MINE:
        sql = who->role == BM_ROLE_AGENT ? BM_SQL_CASE_LIST_AGENT : BM_SQL_CASE_LIST_HANDLER;
        key = who->user_id;
        break;
    case BM_LIST_CENTRE_OPEN: sql = BM_SQL_CASE_LIST_CENTRE_OPEN; key = mine.centre_id; break;
    case BM_LIST_VILLAGE_OPEN: sql = BM_SQL_CASE_LIST_VILLAGE_OPEN; key = mine.village_id; break;
    case BM_LIST_DUTY_QUEUE: sql = BM_SQL_CASE_LIST_DUTY; key = mine.centre_id; break;
    case BM_LIST_OVERDUE: sql = BM_SQL_CASE_LIST_OVERDUE; key = mine.centre_id; break;
    default:
        if (!q->text || !*q->text)
            return bm_fail(err, BM_EINVALID,
                           N_("Type a case number, an ID number, a phone, a name or initials"),
                           NULL);
        sql = search_kind(q->text, text, sizeof text, hi, sizeof hi);
        break;
    }
    bm_stmt *st = bm_sql(db, sql, err);
    if (!st)
        return BM_EDB;
    if (q->kind == BM_LIST_SEARCH) {
        bm_bind_text(st, 1, text);
        bm_bind_id(st, 5, scope == BM_SCOPE_CENTRE ? mine.centre_id : 0);
        bm_bind_id(st, 6, scope == BM_SCOPE_VILLAGE ? mine.village_id : 0);
        if (sql == BM_SQL_CASE_LIST_APPLICANT_INITIALS || sql == BM_SQL_CASE_LIST_APPLICANT_NAME)
            bm_bind_text(st, 7, hi);
        if (scope == BM_SCOPE_VILLAGE && mine.village_id <= 0)
            return bm_audit_authz(db, who, BM_ACT_CASE_VIEW, NULL, "", "", err);
    } else {
        bm_bind_int(st, 1, key);
        if (sql == BM_SQL_CASE_LIST_OVERDUE) {
            bm_bind_text(st, 4, today_s);
            bm_bind_int(st, 5, BM_CASE_CORRECTIONS);
        }
    }
    bm_bind_int(st, 2, limit);
    bm_bind_int(st, 3, offset);
    struct row_x *page = NULL;
    int n = 0, cap = 0, r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            struct row_x *p = realloc(page, (size_t)cap * sizeof *p);
            if (!p) {
                free(page);
                bm_stmt_reset(st);
                return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
            }
            page = p;
        }
        read_row(st, &page[n++]);
    }
    if (r < 0) {
        free(page);
        return BM_EDB;
    }
    for (int i = 0; i < n && rc == BM_OK; i++) {
        bm_case_row *row = &page[i].row;
        bm_case c;
        memset(&c, 0, sizeof c);
        c.status = row->status;
        memcpy(c.deadline, row->deadline, sizeof c.deadline);
        memcpy(c.completed_day, page[i].completed_day, sizeof c.completed_day);
        if ((rc = bm_case_clock(db, &c, today, &row->clock, &row->days_left, err)) != BM_OK)
            break;
        if (row->applicant_id_no[0] && !bm_applicant_may_see_full_id(db, who, page[i].applicant_id)) {
            char m[19];
            bm_id_mask(row->applicant_id_no, m, sizeof m);
            memcpy(row->applicant_id_no, m, sizeof m);
        }
        if (each(row, ctx))
            break;
    }
    free(page);
    return rc;
}

int bm_case_count(bm_db *db, const bm_actor *who, int kind, bm_case_counts *out, bm_err *err)
{
    memset(out, 0, sizeof *out);
    bm_place mine;
    int scope;
    if (kind == BM_LIST_SEARCH)
        return bm_fail(err, BM_EINVALID, N_("Unknown list"), "%d", kind);
    int rc = list_scope(db, who, kind, &mine, &scope, err);
    if (rc != BM_OK)
        return rc;
    bm_day today = bm_day_of(bm_now()), next;
    if ((rc = bm_workdays_add(db, today, 1, &next, NULL, err)) != BM_OK)
        return rc;
    char t[11], nx[11];
    bm_day_format(today, t);
    bm_day_format(next, nx);
    enum bm_sql_id sql;
    int64_t key;
    switch (kind) {
    case BM_LIST_MINE:
        sql = who->role == BM_ROLE_AGENT ? BM_SQL_CASE_COUNT_AGENT : BM_SQL_CASE_COUNT_HANDLER;
        key = who->user_id;
        break;
    case BM_LIST_VILLAGE_OPEN: sql = BM_SQL_CASE_COUNT_VILLAGE; key = mine.village_id; break;
    case BM_LIST_DUTY_QUEUE: sql = BM_SQL_CASE_COUNT_DUTY; key = mine.centre_id; break;
    default: sql = BM_SQL_CASE_COUNT_CENTRE; key = mine.centre_id; break;
    }
    bm_stmt *st = bm_sql(db, sql, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, key);
    bm_bind_text(st, 2, t);
    bm_bind_text(st, 3, nx);
    bm_bind_int(st, 4, BM_CASE_CORRECTIONS);
    int r = bm_step_row(db, st, err);
    if (r < 0)
        return BM_EDB;
    if (r == 1) {
        out->open = bm_col_int(st, 0);
        out->due_soon = bm_col_int(st, 1);
        out->overdue = bm_col_int(st, 2);
        bm_stmt_reset(st);
    }
    if (kind == BM_LIST_OVERDUE)
        out->open = out->overdue;
    return BM_OK;
}
