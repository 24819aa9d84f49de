/* Proxy requests (代办件): the table of stages and moves, taking a request in the village,
 * moving it (the township's acceptance makes a case), and the ledger's list and counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/applicant.h"
#include "core/audit_internal.h"
#include "core/authz.h"
#include "core/case_internal.h"
#include "core/json.h"
#include "core/org.h"
#include "core/proxy.h"

static const char *const stage_names[BM_PROXY_STAGE_COUNT] = {
    [BM_PROXY_TAKEN] = "taken",           [BM_PROXY_FORWARDED] = "forwarded",
    [BM_PROXY_SENT_BACK] = "sent_back",   [BM_PROXY_REFUSED] = "refused",
    [BM_PROXY_RECEIVED] = "received",     [BM_PROXY_IN_PROCESS] = "in_process",
    [BM_PROXY_RESULT_BACK] = "result_back", [BM_PROXY_TOLD] = "told",
};

static const char *const move_names[BM_PX_MOVE_COUNT] = {
    [BM_PX_FORWARD] = "forward", [BM_PX_FINISH] = "finish",   [BM_PX_ACCEPT] = "accept",
    [BM_PX_SEND_BACK] = "send_back", [BM_PX_REFUSE] = "refuse", [BM_PX_START] = "start",
    [BM_PX_RESULT] = "result",   [BM_PX_TELL] = "tell",       [BM_PX_REOPEN] = "reopen",
};

const char *bm_proxy_stage_name(int s)
{
    return s > 0 && s < BM_PROXY_STAGE_COUNT ? stage_names[s] : "unknown";
}

const char *bm_proxy_move_name(int m)
{
    return m > 0 && m < BM_PX_MOVE_COUNT ? move_names[m] : "unknown";
}

/* Every allowed (from, move) -> to. Nothing else is allowed. */
const bm_proxy_transition bm_proxy_moves[] = {
    {BM_PROXY_TAKEN, BM_PX_FORWARD, BM_PROXY_FORWARDED},
    {BM_PROXY_TAKEN, BM_PX_FINISH, BM_PROXY_TOLD},
    {BM_PROXY_FORWARDED, BM_PX_ACCEPT, BM_PROXY_RECEIVED},
    {BM_PROXY_FORWARDED, BM_PX_SEND_BACK, BM_PROXY_SENT_BACK},
    {BM_PROXY_FORWARDED, BM_PX_REFUSE, BM_PROXY_REFUSED},
    {BM_PROXY_SENT_BACK, BM_PX_FORWARD, BM_PROXY_FORWARDED},
    {BM_PROXY_REFUSED, BM_PX_TELL, BM_PROXY_TOLD},
    {BM_PROXY_RECEIVED, BM_PX_START, BM_PROXY_IN_PROCESS},
    {BM_PROXY_RECEIVED, BM_PX_RESULT, BM_PROXY_RESULT_BACK},
    {BM_PROXY_IN_PROCESS, BM_PX_RESULT, BM_PROXY_RESULT_BACK},
    {BM_PROXY_RESULT_BACK, BM_PX_TELL, BM_PROXY_TOLD},
    {BM_PROXY_TOLD, BM_PX_REOPEN, BM_PROXY_FORWARDED},
};
const int bm_proxy_move_count = sizeof bm_proxy_moves / sizeof bm_proxy_moves[0];

int bm_proxy_next_stage(int from, int move)
{
    for (int i = 0; i < bm_proxy_move_count; i++)
        if (bm_proxy_moves[i].from == from && bm_proxy_moves[i].move == move)
            return bm_proxy_moves[i].to;
    return 0;
}

int bm_proxy_move_action(int move)
{
    switch (move) {
    case BM_PX_FORWARD:
    case BM_PX_FINISH:
    case BM_PX_TELL:
    case BM_PX_REOPEN: return BM_ACT_PROXY_TAKE;
    default: return BM_ACT_PROXY_RECEIVE;
    }
}

int bm_proxy_stage_with_case(int stage, int case_status)
{
    if (stage != BM_PROXY_RECEIVED && stage != BM_PROXY_IN_PROCESS)
        return stage;
    if (case_status == BM_CASE_COMPLETED || case_status == BM_CASE_REFUSED ||
        case_status == BM_CASE_WITHDRAWN)
        return BM_PROXY_RESULT_BACK;
    if (case_status > BM_CASE_COMMITMENT && bm_status_is_open(case_status))
        return BM_PROXY_IN_PROCESS;
    return stage;
}

int bm_proxy_stage_untold(int stage)
{
    return bm_proxy_next_stage(stage, BM_PX_TELL) != 0;
}

/* ---- reading ---- */

static void read_proxy(bm_stmt *st, bm_proxy *p)
{
    memset(p, 0, sizeof *p);
    p->id = bm_col_int64(st, 0);
    bm_col_text(st, 1, p->no, sizeof p->no);
    p->applicant_id = bm_col_int64(st, 2);
    bm_col_text(st, 3, p->applicant_name, sizeof p->applicant_name);
    bm_col_text(st, 4, p->applicant_phone, sizeof p->applicant_phone);
    bm_col_text(st, 5, p->matter_code, sizeof p->matter_code);
    bm_col_text(st, 6, p->matter_name, sizeof p->matter_name);
    bm_col_text(st, 7, p->wish, sizeof p->wish);
    p->came = bm_col_int(st, 8);
    p->authority = bm_col_int(st, 9);
    bm_col_text(st, 10, p->materials, sizeof p->materials);
    bm_col_text(st, 11, p->originals, sizeof p->originals);
    p->agent_id = bm_col_int64(st, 12);
    bm_col_text(st, 13, p->agent_name, sizeof p->agent_name);
    bm_col_text(st, 14, p->agent_phone, sizeof p->agent_phone);
    p->centre_id = bm_col_int64(st, 15);
    p->village_id = bm_col_int64(st, 16);
    bm_col_text(st, 17, p->village_name, sizeof p->village_name);
    int stored = bm_col_int(st, 18);
    p->taken_at = (time_t)bm_col_int64(st, 19);
    p->forwarded_at = (time_t)bm_col_int64(st, 20);
    p->told_at = (time_t)bm_col_int64(st, 21);
    p->case_id = bm_col_int64(st, 22);
    bm_col_text(st, 23, p->case_no, sizeof p->case_no);
    int case_status = bm_col_int(st, 24);
    bm_col_text(st, 27, p->missing, sizeof p->missing);
    bm_col_text(st, 28, p->reason, sizeof p->reason);
    bm_col_text(st, 29, p->result, sizeof p->result);
    p->told_how = bm_col_int(st, 30);
    bm_col_text(st, 31, p->told_what, sizeof p->told_what);
    bm_col_text(st, 32, p->note, sizeof p->note);
    p->called_at = (time_t)bm_col_int64(st, 33);
    p->called_satisfied = bm_col_int(st, 34);
    bm_col_text(st, 35, p->called_note, sizeof p->called_note);
    p->stage = bm_proxy_stage_with_case(stored, case_status);
    /* The case's outcome is the request's result until one is recorded on the request. */
    if (p->stage == BM_PROXY_RESULT_BACK && !p->result[0])
        bm_col_text(st, case_status == BM_CASE_COMPLETED ? 25 : 26, p->result,
                    sizeof p->result);
}

static int load(bm_db *db, int q, int64_t id, const char *no, bm_proxy *p, bm_err *err)
{
    bm_stmt *st;
    int r = bm_fetch_one(db, q, no, id, &st, err);
    if (r < 0)
        return -r;
    if (r == 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such proxy request"), "%s",
                       no ? no : "");
    read_proxy(st, p);
    bm_stmt_reset(st);
    return BM_OK;
}

/* The permission for action on request p; a refusal is recorded against it. */
static int check(bm_db *db, const bm_actor *who, int action, const bm_proxy *p, bm_err *err)
{
    bm_place place = {.centre_id = p->centre_id, .village_id = p->village_id};
    return bm_audit_authz(db, who, action, &place, "proxy", p->no, err);
}

static int get_checked(bm_db *db, const bm_actor *who, int q, int64_t id, const char *no,
                       bm_proxy *out, bm_err *err)
{
    int rc = load(db, q, id, no, out, err);
    if (rc == BM_OK)
        rc = check(db, who, BM_ACT_PROXY_VIEW, out, err);
    if (rc != BM_OK)
        memset(out, 0, sizeof *out);
    return rc;
}

int bm_proxy_get(bm_db *db, const bm_actor *who, int64_t id, bm_proxy *out, bm_err *err)
{
    return get_checked(db, who, BM_SQL_PROXY_GET, id, NULL, out, err);
}

int bm_proxy_get_by_no(bm_db *db, const bm_actor *who, const char *no, bm_proxy *out,
                       bm_err *err)
{
    return get_checked(db, who, BM_SQL_PROXY_GET_BY_NO, 0, no ? no : "", out, err);
}

/* ---- taking a request in ---- */

/* names joined by "、" into out; BM_EINVALID when they do not fit. */
static int join(const char *const *names, int n, char *out, size_t size, bm_err *err)
{
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        const char *sep = out[0] ? "、" : "";
        if (!names[i] || strlen(out) + strlen(sep) + strlen(names[i]) >= size)
            return bm_err_at(err, BM_FIELD_MATERIALS,
                             bm_fail(err, BM_EINVALID, N_("Too many materials"), NULL));
        strcat(out, sep);
        strcat(out, names[i]);
    }
    return BM_OK;
}

static int matter_ids(bm_db *db, const char *matter, const char *bundle, int64_t *matter_id,
                      int64_t *bundle_id, bm_err *err)
{
    *matter_id = *bundle_id = 0;
    int rc = BM_OK;
    if (bundle && *bundle) {
        bm_bundle b;
        if ((rc = bm_bundle_current(db, bundle, &b, err)) == BM_OK)
            *bundle_id = b.id;
    } else if (matter && *matter) {
        bm_matter *m = malloc(sizeof *m);
        if (!m)
            return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
        if ((rc = bm_matter_current(db, matter, m, err)) == BM_OK)
            *matter_id = m->id;
        free(m);
    }
    return rc == BM_OK ? BM_OK : bm_err_at(err, BM_FIELD_MATTER, rc);
}

static char *stage_json(int stage, const char *key, const char *val)
{
    bm_json j;
    bm_json_begin(&j);
    bm_json_str(&j, "stage", bm_proxy_stage_name(stage));
    if (key)
        bm_json_str(&j, key, val);
    return bm_json_end(&j);
}

static int audit(bm_db *db, const bm_actor *who, const char *what, const char *no, int from,
                 int to, const char *key, const char *val, const char *note, bm_err *err)
{
    char *before = from ? stage_json(from, NULL, NULL) : NULL;
    char *after = stage_json(to, key, val);
    int rc = (from && !before) || !after
                 ? bm_fail(err, BM_EDB, N_("Out of memory"), NULL)
                 : bm_audit_append(db, who, what, "proxy", no, before, after, note, err);
    free(before);
    free(after);
    return rc;
}

static int take(bm_db *db, const bm_actor *who, const bm_proxy_new *in, const bm_place *place,
                bm_proxy *out, bm_err *err)
{
    char materials[512], originals[512], no[16];
    int64_t matter_id, bundle_id;
    bm_org county;
    int rc;
    if ((rc = join(in->materials, in->nmaterials, materials, sizeof materials, err)) ||
        (rc = join(in->originals, in->noriginals, originals, sizeof originals, err)) ||
        (rc = matter_ids(db, in->matter_code, in->bundle_code, &matter_id, &bundle_id, err)) ||
        (rc = bm_org_county(db, &county, err)))
        return rc;
    time_t now = bm_now();
    if ((rc = bm_case_number_next(db, BM_SQL_PROXY_NUMBER_NEXT, "DB", county.id,
                                  bm_day_of(now), no, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_PROXY_INSERT, err);
    if (!st)
        return BM_EDB;
    bm_bind_text(st, 1, no);
    bm_bind_int(st, 2, in->applicant_id);
    bm_bind_id(st, 3, matter_id);
    bm_bind_id(st, 4, bundle_id);
    bm_bind_text(st, 5, in->wish ? in->wish : "");
    bm_bind_int(st, 6, in->came);
    bm_bind_int(st, 7, in->authority);
    bm_bind_text(st, 8, materials);
    bm_bind_text(st, 9, originals);
    bm_bind_int(st, 10, who->user_id);
    bm_bind_int(st, 11, place->centre_id);
    bm_bind_int(st, 12, place->village_id);
    bm_bind_int(st, 13, BM_PROXY_TAKEN);
    bm_bind_int(st, 14, (int64_t)now);
    bm_bind_text(st, 15, in->note ? in->note : "");
    if ((rc = bm_step_done(db, st, err)) != BM_OK)
        return rc;
    int64_t id = bm_store_last_id(db->store);
    if ((rc = audit(db, who, "proxy.take", no, 0, BM_PROXY_TAKEN, "materials", materials,
                    in->note, err)) != BM_OK)
        return rc;
    return load(db, BM_SQL_PROXY_GET, id, NULL, out, err);
}

int bm_proxy_take(bm_db *db, const bm_actor *who, const bm_proxy_new *in, bm_proxy *out,
                  bm_err *err)
{
    memset(out, 0, sizeof *out);
    if (!who || who->user_id <= 0)
        return bm_fail(err, BM_EDENIED, N_("Requests are taken by a logged-in agent"), NULL);
    bm_place place;
    int rc = bm_actor_place(db, who, &place, err);
    if (rc != BM_OK || (rc = bm_audit_authz(db, who, BM_ACT_PROXY_TAKE, &place, "proxy", "",
                                            err)) != BM_OK)
        return rc;
    int has_matter = (in->matter_code && *in->matter_code) || (in->bundle_code && *in->bundle_code);
    if ((in->matter_code && *in->matter_code) && (in->bundle_code && *in->bundle_code))
        return bm_err_at(err, BM_FIELD_MATTER,
                         bm_fail(err, BM_EINVALID, N_("Choose one matter or one bundle"), NULL));
    if (!has_matter && !(in->wish && *in->wish))
        return bm_err_at(err, BM_FIELD_MATTER,
                         bm_fail(err, BM_EINVALID,
                                 N_("Choose a matter, or write what the person wants"), NULL));
    if (in->came < BM_CAME_VISIT || in->came > BM_CAME_HOME_VISIT)
        return bm_err_at(err, BM_FIELD_CHANNEL,
                         bm_fail(err, BM_EINVALID, N_("Say how the request came"), NULL));
    if (in->authority != BM_AUTH_PAPER && in->authority != BM_AUTH_PRESENT)
        return bm_err_at(err, BM_FIELD_NOTE,
                         bm_fail(err, BM_EINVALID,
                                 N_("A request needs the person present or a signed "
                                    "authorisation"), NULL));
    bm_applicant ap;
    if ((rc = bm_applicant_get(db, who, in->applicant_id, &ap, err)) != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    rc = bm_tx_end(db, take(db, who, in, &place, out, err), err);
    if (rc != BM_OK)
        memset(out, 0, sizeof *out);
    return rc;
}

/* ---- moves ---- */

static int required(const char *s, int field, const char *reason, bm_err *err)
{
    if (s && *s)
        return BM_OK;
    return bm_err_at(err, field, bm_fail(err, BM_EINVALID, reason, NULL));
}

/* The township accepts the request into a case: channel 代办, the request's agent kept. */
static int accept_into_case(bm_db *db, const bm_actor *who, bm_proxy *p, const bm_proxy_args *a,
                            int64_t *matter_id, bm_err *err)
{
    const char *matter = a->matter_code && *a->matter_code ? a->matter_code : p->matter_code;
    if (!*matter)
        return bm_err_at(err, BM_FIELD_MATTER,
                         bm_fail(err, BM_EINVALID,
                                 N_("Match the request to a matter before accepting it"), NULL));
    /* The names collected, split back from the stored list. */
    const char *names[PLAN_MAX];
    int n = 0;
    char buf[512];
    bm_strlcpy(buf, p->materials, sizeof buf);
    for (char *s = buf, *e; *s && n < PLAN_MAX; s = e) {
        e = strstr(s, "、");
        if (e) {
            *e = '\0';
            e += strlen("、");
        } else {
            e = s + strlen(s);
        }
        names[n++] = s;
    }
    bm_bundle b;
    int is_bundle = bm_bundle_current(db, matter, &b, NULL) == BM_OK;
    bm_intake in = {.applicant_id = p->applicant_id, .channel = BM_CHANNEL_AGENT,
                    .matter_code = is_bundle ? NULL : matter,
                    .bundle_code = is_bundle ? matter : NULL, .mode = BM_INTAKE_ACCEPT,
                    .received = a->received ? a->received : names,
                    .nreceived = a->received ? a->nreceived : n, .note = a->note};
    bm_case local, *c = a->made ? a->made : &local;
    int rc = bm_case_intake(db, who, &in, c, err);
    if (rc != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_PROXY_CASE_AGENT, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, c->id);
    bm_bind_int(st, 2, p->agent_id);
    if ((rc = bm_step_done(db, st, err)) != BM_OK)
        return rc;
    c->agent_id = p->agent_id;
    p->case_id = c->id;
    bm_strlcpy(p->case_no, c->no, sizeof p->case_no);
    /* A request taken without a known matter keeps the one the clerk matched. */
    int64_t bundle_id;
    return matter_ids(db, is_bundle ? NULL : matter, is_bundle ? matter : NULL, matter_id,
                      &bundle_id, err);
}

static int save(bm_db *db, const bm_proxy *p, int64_t matter_id, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_PROXY_UPDATE, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, p->id);
    bm_bind_id(st, 2, matter_id);
    bm_bind_int(st, 3, p->stage);
    if (p->forwarded_at)
        bm_bind_int(st, 4, (int64_t)p->forwarded_at);
    if (p->told_at)
        bm_bind_int(st, 5, (int64_t)p->told_at);
    bm_bind_id(st, 6, p->case_id);
    bm_bind_text(st, 7, p->missing);
    bm_bind_text(st, 8, p->reason);
    bm_bind_text(st, 9, p->result);
    bm_bind_int(st, 10, p->told_how);
    bm_bind_text(st, 11, p->told_what);
    bm_bind_int(st, 12, (int64_t)bm_now());
    return bm_step_done(db, st, err);
}

/* The words a move needs, before anything is written. */
static int args_check(int move, const bm_proxy_args *a, bm_err *err)
{
    switch (move) {
    case BM_PX_FINISH:
    case BM_PX_RESULT:
        return required(a->result, BM_FIELD_RESULT, N_("Write the result"), err);
    case BM_PX_SEND_BACK:
        return required(a->missing, BM_FIELD_MATERIALS, N_("Write what is missing"), err);
    case BM_PX_REFUSE:
        return required(a->reason, BM_FIELD_REASON, N_("A refusal needs a reason"), err);
    case BM_PX_REOPEN:
        return required(a->reason, BM_FIELD_REASON,
                        N_("Write why the person is not satisfied"), err);
    case BM_PX_TELL:
        if (a->told_how < BM_TOLD_VISIT || a->told_how > BM_TOLD_ON_SPOT)
            return bm_err_at(err, BM_FIELD_NOTE,
                             bm_fail(err, BM_EINVALID, N_("Say how the person was told"), NULL));
        return required(a->told_what, BM_FIELD_NOTE, N_("Write what the person was told"), err);
    default:
        return BM_OK;
    }
}

static int apply(bm_db *db, const bm_actor *who, bm_proxy *p, int move, int to,
                 const bm_proxy_args *a, bm_err *err)
{
    int from = p->stage;
    int64_t matter_id = 0;
    int rc = BM_OK;
    time_t now = bm_now();
    const char *key = NULL, *val = NULL;
    switch (move) {
    case BM_PX_FORWARD:
        p->forwarded_at = now;
        p->missing[0] = '\0';
        break;
    case BM_PX_FINISH:
        bm_strlcpy(p->result, a->result, sizeof p->result);
        p->told_at = now;
        p->told_how = BM_TOLD_ON_SPOT;
        bm_strlcpy(p->told_what, a->result, sizeof p->told_what);
        key = "result", val = a->result;
        break;
    case BM_PX_ACCEPT:
        rc = accept_into_case(db, who, p, a, &matter_id, err);
        key = "case", val = p->case_no;
        break;
    case BM_PX_SEND_BACK:
        bm_strlcpy(p->missing, a->missing, sizeof p->missing);
        key = "missing", val = a->missing;
        break;
    case BM_PX_REFUSE:
        bm_strlcpy(p->reason, a->reason, sizeof p->reason);
        key = "reason", val = a->reason;
        break;
    case BM_PX_REOPEN:
        p->forwarded_at = now;
        bm_strlcpy(p->reason, a->reason, sizeof p->reason);
        key = "reason", val = a->reason;
        break;
    case BM_PX_RESULT:
        bm_strlcpy(p->result, a->result, sizeof p->result);
        key = "result", val = a->result;
        break;
    case BM_PX_TELL:
        p->told_at = now;
        p->told_how = a->told_how;
        bm_strlcpy(p->told_what, a->told_what, sizeof p->told_what);
        key = "told", val = a->told_what;
        break;
    default:
        break;
    }
    p->stage = to;
    if (rc == BM_OK)
        rc = save(db, p, matter_id, err);
    if (rc == BM_OK) {
        char what[32];
        snprintf(what, sizeof what, "proxy.%s", bm_proxy_move_name(move));
        rc = audit(db, who, what, p->no, from, to, key, val, a->note, err);
    }
    return rc;
}

int bm_proxy_act(bm_db *db, const bm_actor *who, int64_t id, int move,
                 const bm_proxy_args *args, bm_err *err)
{
    static const bm_proxy_args none;
    const bm_proxy_args *a = args ? args : &none;
    if (move <= 0 || move >= BM_PX_MOVE_COUNT)
        return bm_fail(err, BM_EINVALID, N_("Unknown step"), "%d", move);
    bm_proxy p;
    int rc = load(db, BM_SQL_PROXY_GET, id, NULL, &p, err);
    if (rc != BM_OK || (rc = check(db, who, bm_proxy_move_action(move), &p, err)) != BM_OK)
        return rc;
    int to = bm_proxy_next_stage(p.stage, move);
    if (!to)
        return bm_fail(err, BM_ESTATE, N_("This step is not possible at the request's stage"),
                       "%s %s", bm_proxy_stage_name(p.stage), bm_proxy_move_name(move));
    if ((rc = args_check(move, a, err)) != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    return bm_tx_end(db, apply(db, who, &p, move, to, a, err), err);
}

/* ---- the ledger ---- */

/* The rows of the ledger in the actor's scope, collected (the callback may read the database). */
static int page(bm_db *db, const bm_actor *who, int64_t village_id, int limit, int offset,
                bm_proxy **out, int *n, bm_err *err)
{
    *out = NULL;
    *n = 0;
    bm_place mine;
    int rc = bm_actor_place(db, who, &mine, err);
    if (rc != BM_OK)
        return rc;
    if (mine.village_id)
        village_id = mine.village_id;   /* an agent's ledger is their own village's */
    bm_place place = {.centre_id = mine.centre_id, .village_id = village_id};
    if ((rc = bm_audit_authz(db, who, BM_ACT_PROXY_VIEW, &place, "proxy", "", err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_PROXY_LIST, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, mine.centre_id);
    bm_bind_id(st, 2, village_id);
    bm_bind_int(st, 3, limit > 0 ? limit : 1000000);   /* the whole ledger */
    bm_bind_int(st, 4, offset > 0 ? offset : 0);
    int cap = 0, r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            bm_proxy *p = realloc(*out, (size_t)cap * sizeof *p);
            if (!p) {
                bm_stmt_reset(st);
                free(*out);
                *out = NULL;
                *n = 0;
                return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
            }
            *out = p;
        }
        read_proxy(st, &(*out)[(*n)++]);
    }
    if (r < 0) {
        free(*out);
        *out = NULL;
        *n = 0;
        return -r;
    }
    return BM_OK;
}

int bm_proxy_list(bm_db *db, const bm_actor *who, int64_t village_id, int limit, int offset,
                  int (*each)(const bm_proxy *p, void *ctx), void *ctx, bm_err *err)
{
    bm_proxy *rows;
    int n;
    int rc = page(db, who, village_id, limit, offset, &rows, &n, err);
    for (int i = 0; rc == BM_OK && i < n; i++)
        if (each(&rows[i], ctx))
            break;
    free(rows);
    return rc;
}

int bm_proxy_count(bm_db *db, const bm_actor *who, int64_t village_id, bm_proxy_counts *out,
                   bm_err *err)
{
    memset(out, 0, sizeof *out);
    bm_proxy *rows;
    int n;
    int rc = page(db, who, village_id, 0, 0, &rows, &n, err);
    for (int i = 0; rc == BM_OK && i < n; i++) {
        out->open += rows[i].stage != BM_PROXY_TOLD;
        out->untold += bm_proxy_stage_untold(rows[i].stage);
        out->waiting += rows[i].stage == BM_PROXY_TAKEN;
    }
    free(rows);
    return rc;
}
