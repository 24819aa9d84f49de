/* Cases: the status machine (every allowed step from each status, nothing else), the names of
 * statuses, steps and channels, which permission each step needs, and a case's clock. */
#include "core/authz.h"
#include "core/calendar.h"
#include "core/case_internal.h"

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
int bm_case_verb_action(int verb)
{
    switch (verb) {
    case BM_DO_RESUME:
    case BM_DO_SUPPLY: return BM_ACT_CASE_SUPPLY;
    case BM_DO_ESCALATE: return BM_ACT_CASE_ESCALATE;
    case BM_DO_RECEIVE: return BM_ACT_CASE_TAKE;
    case BM_DO_WITHDRAW: return BM_ACT_CASE_WITHDRAW;
    case BM_DO_REFUSE: return BM_ACT_CASE_REFUSE;
    default: return BM_ACT_CASE_PROCESS;
    }
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
