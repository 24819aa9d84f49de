/* Supervision (督办) in core: opening one on an open case, work order or could-not-get-it-done
 * record of the head's centre, the handler's answer, closing and pressing again (rounds), the
 * head giving a case to another clerk with the reason in its history, and the lists. The
 * events of every record of the head's desk are kept here too (supervision_event). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/calendar.h"
#include "core/case_internal.h"
#include "core/impossible.h"
#include "core/json.h"
#include "core/supervision.h"
#include "core/desk_internal.h"
#include "core/user.h"
#include "core/workorder.h"

#define MAX_DAYS 30

/* ---- supervision ---- */

const char *bm_sup_state_name(int state)
{
    switch (state) {
    case BM_SUP_OPEN: return N_("waiting for answer");
    case BM_SUP_ANSWERED: return N_("answered");
    case BM_SUP_SATISFIED: return N_("closed, satisfied");
    case BM_SUP_UNSATISFIED: return N_("closed, not satisfied");
    default: return N_("unknown");
    }
}

const char *bm_sup_kind_name(int kind)
{
    switch (kind) {
    case BM_SUP_CASE: return N_("Case");
    case BM_SUP_ORDER: return N_("Work order");
    case BM_SUP_IMPOSSIBLE: return N_("Could-not-get-it-done");
    default: return N_("unknown");
    }
}

static void read_sup(bm_stmt *st, bm_supervision *s)
{
    memset(s, 0, sizeof *s);
    s->id = bm_col_int64(st, 0);
    s->kind = bm_col_int(st, 1);
    s->object_id = bm_col_int64(st, 2);
    bm_col_text(st, 3, s->object_no, sizeof s->object_no);
    s->centre_id = bm_col_int64(st, 4);
    bm_col_text(st, 5, s->asked, sizeof s->asked);
    s->handler_id = bm_col_int64(st, 6);
    bm_col_text(st, 7, s->handler_login, sizeof s->handler_login);
    bm_col_text(st, 8, s->handler_name, sizeof s->handler_name);
    s->opened_by = bm_col_int64(st, 9);
    s->opened_at = (time_t)bm_col_int64(st, 10);
    s->days = bm_col_int(st, 11);
    bm_col_text(st, 12, s->due_day, sizeof s->due_day);
    s->round = bm_col_int(st, 13);
    s->state = bm_col_int(st, 14);
    bm_col_text(st, 15, s->answer, sizeof s->answer);
    s->answered_at = (time_t)bm_col_int64(st, 16);
    bm_col_text(st, 17, s->close_note, sizeof s->close_note);
    s->closed_at = (time_t)bm_col_int64(st, 18);
    char today[11];
    bm_day_format(bm_day_of(bm_now()), today);
    s->overdue = s->state == BM_SUP_OPEN && strcmp(s->due_day, today) < 0;
}

static void read_sup_row(bm_stmt *st, void *out)
{
    read_sup(st, out);
}

static int load_sup(bm_db *db, int64_t id, bm_supervision *s, bm_err *err)
{
    return bm_desk_load(db, BM_SQL_SUP_GET, id, read_sup_row, s, N_("No such supervision"), err);
}

static int save_sup(bm_db *db, const bm_supervision *s, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_SUP_UPDATE, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, s->id);
    bm_bind_text(st, 2, s->asked);
    bm_bind_int(st, 3, s->days);
    bm_bind_text(st, 4, s->due_day);
    bm_bind_int(st, 5, s->round);
    bm_bind_int(st, 6, s->state);
    bm_bind_text(st, 7, s->answer);
    bm_desk_bind_opt(st, 8, (int64_t)s->answered_at);
    bm_bind_text(st, 9, s->close_note);
    bm_desk_bind_opt(st, 10, (int64_t)s->closed_at);
    bm_bind_int(st, 11, (int64_t)bm_now());
    return bm_step_done(db, st, err);
}

/* What a supervision is about: its number, centre, current handler, and whether it is open. */
struct sup_object {
    char no[33];
    int64_t centre_id, handler_id;
    int open;
};

static int find_object(bm_db *db, int kind, int64_t id, struct sup_object *o, bm_err *err)
{
    memset(o, 0, sizeof *o);
    int rc;
    if (kind == BM_SUP_CASE) {
        bm_case c;
        if ((rc = bm_case_load(db, BM_SQL_CASE_GET, id, NULL, &c, err)) != BM_OK)
            return rc;
        bm_strlcpy(o->no, c.no, sizeof o->no);
        o->centre_id = c.centre_id;
        o->handler_id = c.handler_id;
        o->open = bm_status_is_open(c.status);
        return BM_OK;
    }
    if (kind == BM_SUP_ORDER) {
        bm_workorder *w = malloc(sizeof *w);
        if (!w)
            return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
        rc = bm_wo_get(db, id, w, err);
        if (rc == BM_OK) {
            bm_strlcpy(o->no, w->no, sizeof o->no);
            o->centre_id = w->centre_id;
            o->open = w->status != BM_WO_CLOSED && w->status != BM_WO_RETURNED;
        }
        free(w);
        return rc;
    }
    if (kind == BM_SUP_IMPOSSIBLE) {
        bm_impossible r;
        if ((rc = bm_impossible_load(db, id, &r, err)) != BM_OK)
            return rc;
        snprintf(o->no, sizeof o->no, "%s", r.no);
        o->centre_id = r.centre_id;
        o->handler_id = r.recorded_by;
        o->open = r.state == BM_IMP_OPEN;
        return BM_OK;
    }
    return bm_fail(err, BM_EINVALID, N_("Unknown kind of record"), "%d", kind);
}

/* The one a supervision or case may go to: a clerk or duty officer of the centre. */
static int staff_of_centre(bm_db *db, const char *login, int64_t centre_id, bm_user *u,
                           bm_err *err)
{
    int rc = bm_user_get(db, login, u, err);
    if (rc != BM_OK)
        return rc;
    bm_org o;
    if ((rc = bm_org_get(db, u->org_id, &o, err)) != BM_OK)
        return rc;
    if ((u->role != BM_ROLE_CLERK && u->role != BM_ROLE_DUTY) || o.centre_id != centre_id ||
        u->locked)
        return bm_fail(err, BM_EINVALID,
                       N_("Give the login of a clerk or duty officer of this centre"), "%s",
                       login);
    return BM_OK;
}

/* A line in the case's own history, so the handler sees it in the case too. */
static int case_line(bm_db *db, const bm_actor *who, const bm_supervision *s, const char *note,
                     bm_err *err)
{
    if (s->kind != BM_SUP_CASE)
        return BM_OK;
    bm_case c;
    int rc = bm_case_load(db, BM_SQL_CASE_GET, s->object_id, NULL, &c, err);
    if (rc == BM_OK)
        rc = bm_case_record(db, who, &c, &c, "supervise", note, err);
    return rc;
}

static int check_days(int days, bm_err *err)
{
    if (days < 1 || days > MAX_DAYS)
        return bm_fail(err, BM_EINVALID, N_("Give 1 to 30 working days"), "%d", days);
    return BM_OK;
}

int bm_sup_open(bm_db *db, const bm_actor *who, const bm_sup_new *in, bm_supervision *out,
                bm_err *err)
{
    struct sup_object o;
    int rc = find_object(db, in->kind, in->object_id, &o, err);
    if (rc != BM_OK ||
        (rc = bm_desk_check(db, who, BM_ACT_SUPERVISE, o.centre_id, "supervision", 0, err)))
        return rc;
    if (!o.open)
        return bm_fail(err, BM_ESTATE, N_("Only an open record can be supervised"), "%s", o.no);
    if ((rc = bm_desk_need_text(in->asked, N_("Say what is asked"), err)) ||
        (rc = check_days(in->days, err)))
        return rc;
    int64_t handler = o.handler_id;
    if (in->handler && in->handler[0]) {
        bm_user u;
        if ((rc = staff_of_centre(db, in->handler, o.centre_id, &u, err)) != BM_OK)
            return rc;
        handler = u.id;
    }
    if (!handler)
        return bm_fail(err, BM_EINVALID, N_("Nobody handles this yet: say whom it goes to"),
                       "%s", o.no);
    char today[11], due[11];
    if ((rc = bm_desk_due(db, in->days, today, due, err)) != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_SUP_INSERT, err);
    rc = st ? BM_OK : BM_EDB;
    if (rc == BM_OK) {
        bm_bind_int(st, 1, in->kind);
        bm_bind_int(st, 2, in->object_id);
        bm_bind_text(st, 3, o.no);
        bm_bind_int(st, 4, o.centre_id);
        bm_bind_text(st, 5, in->asked);
        bm_bind_int(st, 6, handler);
        bm_bind_int(st, 7, who->user_id);
        bm_bind_int(st, 8, (int64_t)bm_now());
        bm_bind_int(st, 9, in->days);
        bm_bind_text(st, 10, due);
        rc = bm_step_done(db, st, err);
    }
    int64_t id = rc == BM_OK ? bm_store_last_id(db->store) : 0;
    bm_supervision s;
    if (rc == BM_OK)
        rc = load_sup(db, id, &s, err);
    char note[700];
    if (rc == BM_OK) {
        snprintf(note, sizeof note, "%s -> %s, %s: %s", o.no, s.handler_login, due, in->asked);
        rc = bm_desk_event(db, who, "supervision", id, "open", note, err);
    }
    if (rc == BM_OK)
        rc = case_line(db, who, &s, note, err);
    rc = bm_tx_end(db, rc, err);
    if (rc == BM_OK && out)
        *out = s;
    return rc;
}

int bm_sup_get(bm_db *db, const bm_actor *who, int64_t id, bm_supervision *out, bm_err *err)
{
    int rc = load_sup(db, id, out, err);
    if (rc != BM_OK)
        return rc;
    /* The head of the centre, or the one it is addressed to. */
    if (who->user_id == out->handler_id)
        return bm_desk_check(db, who, BM_ACT_SUPERVISION_ANSWER, out->centre_id, "supervision",
                             id, err);
    return bm_desk_check(db, who, BM_ACT_SUPERVISE, out->centre_id, "supervision", id, err);
}

int bm_sup_answer(bm_db *db, const bm_actor *who, int64_t id, const char *answer, bm_err *err)
{
    bm_supervision s;
    int rc = load_sup(db, id, &s, err);
    if (rc != BM_OK ||
        (rc = bm_desk_check(db, who, BM_ACT_SUPERVISION_ANSWER, s.centre_id, "supervision", id,
                            err)))
        return rc;
    if (s.handler_id != who->user_id) {
        char oid[24];
        snprintf(oid, sizeof oid, "%lld", (long long)id);
        bm_audit_refusal(db, who, "supervision", oid, "supervision.answer: not addressed to them");
        return bm_fail(err, BM_EDENIED, N_("This supervision is addressed to someone else"),
                       NULL);
    }
    if (s.state != BM_SUP_OPEN)
        return bm_fail(err, BM_ESTATE, N_("This supervision is not waiting for an answer"), NULL);
    if ((rc = bm_desk_need_text(answer, N_("Say what was done"), err)) != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_strlcpy(s.answer, answer, sizeof s.answer);
    s.answered_at = bm_now();
    s.state = BM_SUP_ANSWERED;
    rc = save_sup(db, &s, err);
    if (rc == BM_OK)
        rc = bm_desk_event(db, who, "supervision", id, "answer", answer, err);
    if (rc == BM_OK)
        rc = case_line(db, who, &s, answer, err);
    return bm_tx_end(db, rc, err);
}

static int head_change(bm_db *db, const bm_actor *who, int64_t id, bm_supervision *s,
                       bm_err *err)
{
    int rc = load_sup(db, id, s, err);
    if (rc == BM_OK)
        rc = bm_desk_check(db, who, BM_ACT_SUPERVISE, s->centre_id, "supervision", id, err);
    if (rc == BM_OK && s->state > BM_SUP_ANSWERED)
        rc = bm_fail(err, BM_ESTATE, N_("This supervision is closed"), NULL);
    return rc;
}

int bm_sup_close(bm_db *db, const bm_actor *who, int64_t id, int satisfied, const char *note,
                 bm_err *err)
{
    bm_supervision s;
    int rc = head_change(db, who, id, &s, err);
    if (rc != BM_OK)
        return rc;
    if (!satisfied && (rc = bm_desk_need_text(note, N_("Say why you are not satisfied"), err)))
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_strlcpy(s.close_note, note ? note : "", sizeof s.close_note);
    s.closed_at = bm_now();
    s.state = satisfied ? BM_SUP_SATISFIED : BM_SUP_UNSATISFIED;
    rc = save_sup(db, &s, err);
    if (rc == BM_OK)
        rc = bm_desk_event(db, who, "supervision", id, satisfied ? "close" : "close-unsatisfied",
                           s.close_note, err);
    return bm_tx_end(db, rc, err);
}

int bm_sup_press(bm_db *db, const bm_actor *who, int64_t id, const char *asked, int days,
                 bm_err *err)
{
    bm_supervision s;
    int rc = head_change(db, who, id, &s, err);
    if (rc != BM_OK || (rc = check_days(days, err)) != BM_OK ||
        (rc = bm_desk_need_text(asked, N_("Say what is asked"), err)) != BM_OK)
        return rc;
    char today[11];
    if ((rc = bm_desk_due(db, days, today, s.due_day, err)) != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_strlcpy(s.asked, asked, sizeof s.asked);
    s.days = days;
    s.round++;
    s.state = BM_SUP_OPEN;
    s.answer[0] = '\0';
    s.answered_at = 0;
    rc = save_sup(db, &s, err);
    char note[700];
    snprintf(note, sizeof note, "%d, %s: %s", s.round, s.due_day, asked);
    if (rc == BM_OK)
        rc = bm_desk_event(db, who, "supervision", id, "press", note, err);
    if (rc == BM_OK)
        rc = case_line(db, who, &s, note, err);
    return bm_tx_end(db, rc, err);
}

int bm_sup_list(bm_db *db, const bm_actor *who, int which,
                int (*each)(const bm_supervision *s, void *ctx), void *ctx, bm_err *err)
{
    int64_t key = who->user_id;
    int rc;
    if (which == BM_SUP_LIST_CENTRE) {
        if ((rc = bm_desk_scope(db, who, BM_ACT_SUPERVISE, "supervision", &key, err)) != BM_OK)
            return rc;
    } else if ((rc = bm_desk_scope(db, who, BM_ACT_SUPERVISION_ANSWER, "supervision", &(int64_t){0},
                                   err)) != BM_OK) {
        return rc;
    }
    bm_stmt *st = bm_sql(db, which == BM_SUP_LIST_CENTRE ? BM_SQL_SUP_LIST_CENTRE
                                                         : BM_SQL_SUP_LIST_HANDLER, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, key);
    /* Read whole first: the callback may query the store itself. */
    bm_supervision *rows = NULL;
    size_t n = 0;
    if ((rc = bm_collect_rows(db, st, sizeof *rows, read_sup_row,
                              (void **)&rows, &n, err)) != BM_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (each(&rows[i], ctx))
            break;
    free(rows);
    return BM_OK;
}

int bm_sup_count_mine(bm_db *db, const bm_actor *who, int *open, bm_err *err)
{
    *open = 0;
    bm_stmt *st;
    int r = bm_fetch_one(db, BM_SQL_SUP_COUNT_HANDLER, NULL, who->user_id, &st, err);
    if (r < 0)
        return -r;
    if (r == 1) {
        *open = bm_col_int(st, 0);
        bm_stmt_reset(st);
    }
    return BM_OK;
}

int bm_sup_assign(bm_db *db, const bm_actor *who, int64_t case_id, const char *login,
                  const char *reason, bm_err *err)
{
    bm_case c;
    int rc = bm_case_load_checked(db, who, case_id, BM_ACT_CASE_ASSIGN, &c, err);
    if (rc != BM_OK || (rc = bm_desk_need_text(reason, N_("Say why the case changes hands"),
                                               err)) != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    rc = bm_case_assign(db, who, case_id, login, err);
    if (rc == BM_OK && (rc = bm_case_load(db, BM_SQL_CASE_GET, case_id, NULL, &c, err)) == BM_OK) {
        char note[1100];
        snprintf(note, sizeof note, "-> %s: %s", login, reason);
        rc = bm_case_record(db, who, &c, &c, "supervise", note, err);
    }
    return bm_tx_end(db, rc, err);
}
