/* The permission table and its checks. One row per role, one column per action; the cell is
 * the scope in which the role may act. Changing who may do what is an edit of this table. */
#include "core/authz.h"
#include "core/db_internal.h"

#define N BM_SCOPE_NONE
#define V BM_SCOPE_VILLAGE
#define C BM_SCOPE_CENTRE
#define A BM_SCOPE_ALL

static const unsigned char table[BM_ROLE_ADMIN + 1][BM_ACT_COUNT] = {
    /*                 view in  proc wdr  sup  take asgn esc  note rate | aview aedit rep catv cate cal  user org  audit | refuse roster pxv  pxt  pxr | hw hr ab as */
    [BM_ROLE_CLERK]      = {C, C, C, C, C, C, N, C, C, C, A, A, C, A, N, N, N, N, N, C, N, C, N, C, N, C, C, N},
    [BM_ROLE_AGENT]      = {V, V, N, V, V, N, N, N, V, V, V, V, N, A, N, N, N, N, N, N, N, V, V, N, N, N, N, N},
    [BM_ROLE_DUTY]       = {C, C, C, C, C, C, N, N, C, C, A, A, N, A, N, N, N, N, N, N, N, C, N, N, C, C, C, N},
    [BM_ROLE_SUPERVISOR] = {C, N, N, N, N, N, C, C, C, N, A, N, C, A, N, N, N, N, N, N, C, C, N, N, N, C, N, C},
    [BM_ROLE_ADMIN]      = {N, N, N, N, N, N, N, N, N, N, N, N, A, A, A, A, A, A, A, N, A, N, N, N, N, N, N, A},
};

/* ---- the centre head's desk (issue 14) ---- begin: its actions' own columns. */
#define SUP_FIRST BM_ACT_SUPERVISE
#define SUP_COUNT (BM_ACT_IMPOSSIBLE - BM_ACT_SUPERVISE + 1)
static const unsigned char desk_table[BM_ROLE_ADMIN + 1][SUP_COUNT] = {
    /*                   supervise answer callback impossible */
    [BM_ROLE_CLERK]      = {N, C, C, C},
    [BM_ROLE_AGENT]      = {N, N, N, N},
    [BM_ROLE_DUTY]       = {N, C, N, C},
    [BM_ROLE_SUPERVISOR] = {C, N, C, C},
    [BM_ROLE_ADMIN]      = {N, N, N, N},
};
/* ---- the centre head's desk ---- end */

#undef N
#undef V
#undef C
#undef A

static const char *const action_names[BM_ACT_COUNT] = {
    [BM_ACT_CASE_VIEW] = "case.view",         [BM_ACT_CASE_INTAKE] = "case.intake",
    [BM_ACT_CASE_PROCESS] = "case.process",   [BM_ACT_CASE_WITHDRAW] = "case.withdraw",
    [BM_ACT_CASE_SUPPLY] = "case.supply",     [BM_ACT_CASE_TAKE] = "case.take",
    [BM_ACT_CASE_ASSIGN] = "case.assign",     [BM_ACT_CASE_ESCALATE] = "case.escalate",
    [BM_ACT_CASE_NOTE] = "case.note",         [BM_ACT_CASE_RATE] = "case.rate",
    [BM_ACT_APPLICANT_VIEW] = "applicant.view", [BM_ACT_APPLICANT_EDIT] = "applicant.edit",
    [BM_ACT_REPORT_VIEW] = "report.view",     [BM_ACT_CATALOGUE_VIEW] = "catalogue.view",
    [BM_ACT_CATALOGUE_EDIT] = "catalogue.edit", [BM_ACT_CALENDAR_EDIT] = "calendar.edit",
    [BM_ACT_USER_ADMIN] = "user.admin",       [BM_ACT_ORG_ADMIN] = "org.admin",
    [BM_ACT_AUDIT_READ] = "audit.read",       [BM_ACT_CASE_REFUSE] = "case.refuse",
    [BM_ACT_ROSTER_EDIT] = "roster.edit",
    [BM_ACT_PROXY_VIEW] = "proxy.view",       [BM_ACT_PROXY_TAKE] = "proxy.take",
    [BM_ACT_PROXY_RECEIVE] = "proxy.receive",
    [BM_ACT_SUPERVISE] = "supervise",         [BM_ACT_SUPERVISION_ANSWER] = "supervision.answer",
    [BM_ACT_CALLBACK] = "callback",           [BM_ACT_IMPOSSIBLE] = "impossible.record",
    [BM_ACT_HANDOVER_WRITE] = "handover.write", [BM_ACT_HANDOVER_READ] = "handover.read",
    [BM_ACT_APPT_BOOK] = "appointment.book", [BM_ACT_APPT_SLOTS] = "appointment.slots",
};

const char *bm_action_name(int action)
{
    return action >= 0 && action < BM_ACT_COUNT ? action_names[action] : "unknown";
}

int bm_authz_scope(const bm_actor *who, int action)
{
    if (!who || action < 0 || action >= BM_ACT_COUNT)
        return BM_SCOPE_NONE;
    int role = who->user_id == 0 ? BM_ROLE_ADMIN : who->role;
    if (role < BM_ROLE_CLERK || role > BM_ROLE_ADMIN)
        return BM_SCOPE_NONE;
    if (action >= SUP_FIRST && action < SUP_FIRST + SUP_COUNT)
        return desk_table[role][action - SUP_FIRST];
    return table[role][action];
}

int bm_actor_place(bm_db *db, const bm_actor *who, bm_place *out, bm_err *err)
{
    out->centre_id = out->village_id = 0;
    if (!who || who->org_id <= 0)
        return BM_OK;
    bm_stmt *st;
    int r = bm_fetch_one(db, BM_SQL_ORG_GET, NULL, who->org_id, &st, err);
    if (r < 0)
        return -r;
    if (r == 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such unit"), "%lld", (long long)who->org_id);
    out->centre_id = bm_col_int64(st, 5);   /* ORG_COLS: id, code, name, kind, parent_id, */
    out->village_id = bm_col_int64(st, 6);  /* centre_id, village_id, ... */
    bm_stmt_reset(st);
    return BM_OK;
}

/* 0 allowed; else the reason. */
static const char *decide(bm_db *db, const bm_actor *who, int action, const bm_place *place)
{
    int scope = bm_authz_scope(who, action);
    if (scope == BM_SCOPE_NONE)
        return N_("Your role does not allow this");
    if (scope == BM_SCOPE_ALL || !place)
        return scope == BM_SCOPE_ALL ? NULL : N_("Your role does not allow this");
    bm_place mine;
    if (bm_actor_place(db, who, &mine, NULL) != BM_OK)
        return N_("Your account's unit could not be read");
    if (scope == BM_SCOPE_CENTRE) {
        if (mine.centre_id == 0 || mine.centre_id != place->centre_id)
            return N_("This belongs to another centre");
        return NULL;
    }
    if (mine.village_id == 0 || mine.village_id != place->village_id)
        return N_("This belongs to another village");
    return NULL;
}

int bm_authz_allows(bm_db *db, const bm_actor *who, int action, const bm_place *place)
{
    return decide(db, who, action, place) == NULL;
}

int bm_authz_check(bm_db *db, const bm_actor *who, int action, const bm_place *place,
                   bm_err *err)
{
    const char *why = decide(db, who, action, place);
    return why ? bm_fail(err, BM_EDENIED, why, NULL) : BM_OK;
}
