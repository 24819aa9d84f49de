/* Bad-rating rectifications (差评整改) in core: opened by a bad rating inside its transaction,
 * verified and put right by the head or the handler, appealed and decided, closed by the
 * callback's new rating; the lists and the centre's figures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/callback.h"
#include "core/case_internal.h"
#include "core/rectify.h"
#include "core/desk_internal.h"

const char *bm_rect_state_name(int state)
{
    switch (state) {
    case BM_RECT_OPEN: return N_("to rectify");
    case BM_RECT_APPEALED: return N_("appealed");
    case BM_RECT_DONE: return N_("rectified, callback due");
    case BM_RECT_CLOSED: return N_("called back");
    case BM_RECT_VOID: return N_("appeal accepted");
    default: return N_("unknown");
    }
}

static void read_rect(bm_stmt *st, void *out)
{
    bm_rect *r = out;
    memset(r, 0, sizeof *r);
    r->id = bm_col_int64(st, 0);
    r->case_id = bm_col_int64(st, 1);
    bm_col_text(st, 2, r->case_no, sizeof r->case_no);
    bm_col_text(st, 3, r->matter_name, sizeof r->matter_name);
    bm_col_text(st, 4, r->applicant_name, sizeof r->applicant_name);
    r->centre_id = bm_col_int64(st, 5);
    r->handler_id = bm_col_int64(st, 6);
    bm_col_text(st, 7, r->handler_name, sizeof r->handler_name);
    r->rating = bm_col_int(st, 8);
    bm_col_text(st, 9, r->channel, sizeof r->channel);
    bm_col_text(st, 10, r->opened_day, sizeof r->opened_day);
    bm_col_text(st, 11, r->due_day, sizeof r->due_day);
    r->state = bm_col_int(st, 12);
    r->founded = bm_col_int(st, 13);
    bm_col_text(st, 14, r->verification, sizeof r->verification);
    bm_col_text(st, 15, r->action, sizeof r->action);
    bm_col_text(st, 16, r->done_day, sizeof r->done_day);
    bm_col_text(st, 17, r->appeal, sizeof r->appeal);
    bm_col_text(st, 18, r->decision, sizeof r->decision);
    r->new_rating = bm_col_int(st, 19);
    r->on_time = r->done_day[0] && strcmp(r->done_day, r->due_day) <= 0;
    char today[11];
    bm_day_format(bm_day_of(bm_now()), today);
    r->overdue = r->state <= BM_RECT_APPEALED && strcmp(r->due_day, today) < 0;
}

static int load_rect(bm_db *db, int q, int64_t key, bm_rect *r, bm_err *err)
{
    return bm_desk_load(db, q, key, read_rect, r, N_("No such rectification"), err);
}

static int save_rect(bm_db *db, const bm_rect *r, int closing, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_RECT_UPDATE, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, r->id);
    bm_bind_int(st, 2, r->state);
    if (r->founded >= 0)
        bm_bind_int(st, 3, r->founded);
    else
        bm_bind_null(st, 3);
    bm_bind_text(st, 4, r->verification);
    bm_bind_text(st, 5, r->action);
    bm_bind_text(st, 6, r->done_day[0] ? r->done_day : NULL);
    bm_bind_text(st, 7, r->appeal);
    bm_bind_text(st, 8, r->decision);
    bm_desk_bind_opt(st, 9, r->new_rating);
    bm_desk_bind_opt(st, 10, closing ? (int64_t)bm_now() : 0);
    bm_bind_int(st, 11, (int64_t)bm_now());
    return bm_step_done(db, st, err);
}

int bm_rect_open_for_rating(bm_db *db, const bm_actor *who, const bm_case *c, bm_err *err)
{
    if (c->rating < 1 || c->rating > 2)
        return BM_OK;
    char today[11], due[11];
    int rc = bm_desk_due(db, BM_RECT_DAYS, today, due, err);
    if (rc != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_RECT_INSERT, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, c->id);
    bm_bind_int(st, 2, c->centre_id);
    bm_bind_id(st, 3, c->handler_id);
    bm_bind_int(st, 4, c->rating);
    bm_bind_text(st, 5, c->rating_channel[0] ? c->rating_channel : "window");
    bm_bind_int(st, 6, (int64_t)bm_now());
    bm_bind_text(st, 7, today);
    bm_bind_text(st, 8, due);
    if ((rc = bm_step_done(db, st, err)) != BM_OK || bm_store_changes(db->store) == 0)
        return rc;   /* a case has one rectification: the first bad rating opened it */
    char note[64];
    snprintf(note, sizeof note, "%s %d, %s", c->no, c->rating, due);
    return bm_desk_event(db, who, "rectification", bm_store_last_id(db->store), "open", note,
                         err);
}

/* The head of the centre may act on any; a clerk on one addressed to them. */
static int load_for_change(bm_db *db, const bm_actor *who, int64_t id, bm_rect *r, bm_err *err)
{
    int rc = load_rect(db, BM_SQL_RECT_GET, id, r, err);
    if (rc != BM_OK)
        return rc;
    if (who->role == BM_ROLE_SUPERVISOR || r->handler_id != who->user_id)
        return bm_desk_check(db, who, BM_ACT_SUPERVISE, r->centre_id, "rectification", id, err);
    return bm_desk_check(db, who, BM_ACT_SUPERVISION_ANSWER, r->centre_id, "rectification", id,
                         err);
}

int bm_rect_get(bm_db *db, const bm_actor *who, int64_t id, bm_rect *out, bm_err *err)
{
    return load_for_change(db, who, id, out, err);
}

int bm_rect_record(bm_db *db, const bm_actor *who, int64_t id, const char *verification,
                   const char *action, bm_err *err)
{
    bm_rect r;
    int rc = load_for_change(db, who, id, &r, err);
    if (rc != BM_OK)
        return rc;
    if (r.state != BM_RECT_OPEN)
        return bm_fail(err, BM_ESTATE, N_("This rectification is not waiting to be put right"),
                       "%s", r.case_no);
    if ((rc = bm_desk_need_text(verification, N_("Say what the verification found"), err)) ||
        (rc = bm_desk_need_text(action, N_("Say what was done"), err)))
        return rc;
    char today[11];
    bm_day_format(bm_day_of(bm_now()), today);
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    r.founded = 1;
    bm_strlcpy(r.verification, verification, sizeof r.verification);
    bm_strlcpy(r.action, action, sizeof r.action);
    memcpy(r.done_day, today, sizeof r.done_day);
    r.state = BM_RECT_DONE;
    rc = save_rect(db, &r, 0, err);
    char note[1100];
    snprintf(note, sizeof note, "%s / %s", verification, action);
    if (rc == BM_OK)
        rc = bm_desk_event(db, who, "rectification", id, "record", note, err);
    /* Every rectified bad rating is called back, from today. */
    if (rc == BM_OK)
        rc = bm_cb_queue(db, r.case_id, r.centre_id, r.handler_id, BM_CB_RECTIFIED, today, err);
    return bm_tx_end(db, rc, err);
}

int bm_rect_appeal(bm_db *db, const bm_actor *who, int64_t id, const char *reason, bm_err *err)
{
    bm_rect r;
    int rc = load_for_change(db, who, id, &r, err);
    if (rc != BM_OK)
        return rc;
    if (r.state != BM_RECT_OPEN)
        return bm_fail(err, BM_ESTATE, N_("Only an open rectification can be appealed"), "%s",
                       r.case_no);
    if ((rc = bm_desk_need_text(reason, N_("Say why the complaint was unfounded"), err)))
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    r.founded = 0;
    bm_strlcpy(r.appeal, reason, sizeof r.appeal);
    r.state = BM_RECT_APPEALED;
    rc = save_rect(db, &r, 0, err);
    if (rc == BM_OK)
        rc = bm_desk_event(db, who, "rectification", id, "appeal", reason, err);
    return bm_tx_end(db, rc, err);
}

int bm_rect_decide(bm_db *db, const bm_actor *who, int64_t id, int accepted, const char *note,
                   bm_err *err)
{
    bm_rect r;
    int rc = load_rect(db, BM_SQL_RECT_GET, id, &r, err);
    if (rc != BM_OK ||
        (rc = bm_desk_check(db, who, BM_ACT_SUPERVISE, r.centre_id, "rectification", id, err)))
        return rc;
    if (r.state != BM_RECT_APPEALED)
        return bm_fail(err, BM_ESTATE, N_("This rectification has no appeal to decide"), "%s",
                       r.case_no);
    if ((rc = bm_desk_need_text(note, N_("Say why"), err)))
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_strlcpy(r.decision, note, sizeof r.decision);
    r.state = accepted ? BM_RECT_VOID : BM_RECT_OPEN;
    if (!accepted)
        r.founded = -1;
    rc = save_rect(db, &r, accepted, err);
    if (rc == BM_OK)
        rc = bm_desk_event(db, who, "rectification", id,
                           accepted ? "appeal-accepted" : "appeal-refused", note, err);
    return bm_tx_end(db, rc, err);
}

int bm_rect_called_back(bm_db *db, const bm_actor *who, int64_t case_id, int rating,
                        bm_err *err)
{
    bm_rect r;
    int rc = load_rect(db, BM_SQL_RECT_GET_CASE, case_id, &r, err);
    if (rc == BM_ENOTFOUND)
        return BM_OK;
    if (rc != BM_OK || r.state != BM_RECT_DONE)
        return rc;
    r.new_rating = rating;
    r.state = BM_RECT_CLOSED;
    rc = save_rect(db, &r, 1, err);
    char note[16];
    snprintf(note, sizeof note, "%d", rating);
    if (rc == BM_OK)
        rc = bm_desk_event(db, who, "rectification", r.id, "called-back", note, err);
    return rc;
}

int bm_rect_list(bm_db *db, const bm_actor *who, int which,
                 int (*each)(const bm_rect *r, void *ctx), void *ctx, bm_err *err)
{
    int64_t key = who->user_id, centre = 0;
    int rc = which == BM_RECT_LIST_CENTRE
                 ? bm_desk_scope(db, who, BM_ACT_SUPERVISE, "rectification", &key, err)
                 : bm_desk_scope(db, who, BM_ACT_SUPERVISION_ANSWER, "rectification", &centre,
                                 err);
    if (rc != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, which == BM_RECT_LIST_CENTRE ? BM_SQL_RECT_LIST_CENTRE
                                                          : BM_SQL_RECT_LIST_HANDLER, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, key);
    bm_rect *rows = NULL;
    size_t n = 0;
    if ((rc = bm_collect_rows(db, st, sizeof *rows, read_rect, (void **)&rows, &n, err)))
        return rc;
    for (size_t i = 0; i < n; i++)
        if (each(&rows[i], ctx))
            break;
    free(rows);
    return BM_OK;
}

int bm_rect_figures_get(bm_db *db, const bm_actor *who, bm_rect_figures *out, bm_err *err)
{
    memset(out, 0, sizeof *out);
    int64_t centre = 0;
    int rc = bm_desk_scope(db, who, BM_ACT_SUPERVISE, "rectification", &centre, err);
    if (rc != BM_OK)
        return rc;
    int *cols[] = {&out->bad, &out->done, &out->on_time, &out->called_back};
    return bm_desk_counts_row(db, BM_SQL_RECT_FIGURES, centre, NULL, cols, 4, err);
}
