/* Could-not-get-it-done records (办不成事) in core: recording at tier 1, escalation one tier at
 * a time with the reason and the new tier's deadline, closing with the outcome and the
 * person's feedback, the head's list and the monthly count by cause. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/case_internal.h"
#include "core/impossible.h"
#include "core/desk_internal.h"

static const int tier_days[BM_IMP_TIERS + 1] = {0, 0, 3, 10};

int bm_imp_tier_days(int tier)
{
    return tier >= 1 && tier <= BM_IMP_TIERS ? tier_days[tier] : 0;
}

const char *bm_imp_cause_name(int cause)
{
    switch (cause) {
    case BM_IMP_NOT_LISTED: return N_("Not in the catalogue");
    case BM_IMP_REFUSED: return N_("Refused");
    case BM_IMP_PASSED_AROUND: return N_("Sent between departments");
    case BM_IMP_TOO_SLOW: return N_("Too slow");
    case BM_IMP_OTHER: return N_("Other");
    default: return N_("unknown");
    }
}

static void read_imp(bm_stmt *st, void *out)
{
    bm_impossible *r = out;
    memset(r, 0, sizeof *r);
    r->id = bm_col_int64(st, 0);
    snprintf(r->no, sizeof r->no, "BB%06lld", (long long)r->id);
    r->centre_id = bm_col_int64(st, 1);
    bm_col_text(st, 2, r->person, sizeof r->person);
    bm_col_text(st, 3, r->phone, sizeof r->phone);
    bm_col_text(st, 4, r->wish, sizeof r->wish);
    r->cause = bm_col_int(st, 5);
    r->case_id = bm_col_int64(st, 6);
    bm_col_text(st, 7, r->case_no, sizeof r->case_no);
    r->order_id = bm_col_int64(st, 8);
    r->tier = bm_col_int(st, 9);
    bm_col_text(st, 10, r->tier_due, sizeof r->tier_due);
    r->state = bm_col_int(st, 11);
    bm_col_text(st, 12, r->outcome, sizeof r->outcome);
    bm_col_text(st, 13, r->feedback, sizeof r->feedback);
    r->recorded_by = bm_col_int64(st, 14);
    bm_col_text(st, 15, r->recorded_day, sizeof r->recorded_day);
    char today[11];
    bm_day_format(bm_day_of(bm_now()), today);
    r->overdue = r->state == BM_IMP_OPEN && strcmp(r->tier_due, today) < 0;
}

int bm_impossible_load(bm_db *db, int64_t id, bm_impossible *out, bm_err *err)
{
    return bm_desk_load(db, BM_SQL_IMP_GET, id, read_imp, out,
                        N_("No such could-not-get-it-done record"), err);
}

static int save_imp(bm_db *db, const bm_impossible *r, int closing, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_IMP_UPDATE, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, r->id);
    bm_bind_int(st, 2, r->tier);
    bm_bind_text(st, 3, r->tier_due);
    bm_bind_int(st, 4, r->state);
    bm_bind_text(st, 5, r->outcome);
    bm_bind_text(st, 6, r->feedback);
    bm_desk_bind_opt(st, 7, closing ? (int64_t)bm_now() : 0);
    bm_bind_int(st, 8, (int64_t)bm_now());
    return bm_step_done(db, st, err);
}

int bm_imp_record(bm_db *db, const bm_actor *who, const bm_imp_new *in, bm_impossible *out,
                  bm_err *err)
{
    int64_t centre = 0;
    int rc = bm_desk_scope(db, who, BM_ACT_IMPOSSIBLE, "impossible", &centre, err);
    if (rc != BM_OK)
        return rc;
    if ((rc = bm_desk_need_text(in->person, N_("Say who the person is"), err)) ||
        (rc = bm_desk_need_text(in->wish, N_("Say what they wanted done"), err)))
        return rc;
    if (in->cause < 1 || in->cause >= BM_IMP_CAUSE_COUNT)
        return bm_fail(err, BM_EINVALID, N_("Say where it got stuck (1 to 5)"), "%d", in->cause);
    int64_t case_id = 0;
    if (in->case_no && in->case_no[0]) {
        bm_case c;
        if ((rc = bm_case_load(db, BM_SQL_CASE_GET_BY_NO, 0, in->case_no, &c, err)) != BM_OK)
            return rc;
        if (c.centre_id != centre)
            return bm_fail(err, BM_EINVALID, N_("That case belongs to another centre"), "%s",
                           in->case_no);
        case_id = c.id;
    }
    char today[11], due[11];
    if ((rc = bm_desk_due(db, bm_imp_tier_days(1), today, due, err)) != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_IMP_INSERT, err);
    rc = st ? BM_OK : BM_EDB;
    if (rc == BM_OK) {
        bm_bind_int(st, 1, centre);
        bm_bind_text(st, 2, in->person);
        bm_bind_text(st, 3, in->phone ? in->phone : "");
        bm_bind_text(st, 4, in->wish);
        bm_bind_int(st, 5, in->cause);
        bm_bind_id(st, 6, case_id);
        bm_bind_id(st, 7, in->order_id);
        bm_bind_text(st, 8, due);
        bm_bind_int(st, 9, who->user_id);
        bm_bind_int(st, 10, (int64_t)bm_now());
        bm_bind_text(st, 11, today);
        rc = bm_step_done(db, st, err);
    }
    int64_t id = rc == BM_OK ? bm_store_last_id(db->store) : 0;
    if (rc == BM_OK)
        rc = bm_desk_event(db, who, "impossible", id, "record", in->wish, err);
    bm_impossible r;
    if (rc == BM_OK)
        rc = bm_impossible_load(db, id, &r, err);
    rc = bm_tx_end(db, rc, err);
    if (rc == BM_OK && out)
        *out = r;
    return rc;
}

static int head_load(bm_db *db, const bm_actor *who, int64_t id, bm_impossible *r, bm_err *err)
{
    int rc = bm_impossible_load(db, id, r, err);
    if (rc == BM_OK)
        rc = bm_desk_check(db, who, BM_ACT_SUPERVISE, r->centre_id, "impossible", id, err);
    if (rc == BM_OK && r->state != BM_IMP_OPEN)
        rc = bm_fail(err, BM_ESTATE, N_("This record is closed"), "%s", r->no);
    return rc;
}

int bm_imp_escalate(bm_db *db, const bm_actor *who, int64_t id, const char *reason, bm_err *err)
{
    bm_impossible r;
    int rc = head_load(db, who, id, &r, err);
    if (rc != BM_OK || (rc = bm_desk_need_text(reason, N_("Say why it goes up"), err)))
        return rc;
    if (r.tier >= BM_IMP_TIERS)
        return bm_fail(err, BM_ESTATE, N_("It is at the highest tier already"), "%s", r.no);
    char today[11];
    r.tier++;
    if ((rc = bm_desk_due(db, bm_imp_tier_days(r.tier), today, r.tier_due, err)) != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    rc = save_imp(db, &r, 0, err);
    char note[1100];
    snprintf(note, sizeof note, "%d, %s: %s", r.tier, r.tier_due, reason);
    if (rc == BM_OK)
        rc = bm_desk_event(db, who, "impossible", id, "escalate", note, err);
    return bm_tx_end(db, rc, err);
}

int bm_imp_close(bm_db *db, const bm_actor *who, int64_t id, const char *outcome,
                 const char *feedback, bm_err *err)
{
    bm_impossible r;
    int rc = head_load(db, who, id, &r, err);
    if (rc != BM_OK || (rc = bm_desk_need_text(outcome, N_("Say how it ended"), err)) ||
        (rc = bm_desk_need_text(feedback, N_("Give the person's feedback"), err)))
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_strlcpy(r.outcome, outcome, sizeof r.outcome);
    bm_strlcpy(r.feedback, feedback, sizeof r.feedback);
    r.state = BM_IMP_CLOSED;
    rc = save_imp(db, &r, 1, err);
    char note[1100];
    snprintf(note, sizeof note, "%s / %s", outcome, feedback);
    if (rc == BM_OK)
        rc = bm_desk_event(db, who, "impossible", id, "close", note, err);
    return bm_tx_end(db, rc, err);
}

int bm_imp_get(bm_db *db, const bm_actor *who, int64_t id, bm_impossible *out, bm_err *err)
{
    int rc = bm_impossible_load(db, id, out, err);
    if (rc == BM_OK)
        rc = bm_desk_check(db, who, BM_ACT_SUPERVISE, out->centre_id, "impossible", id, err);
    return rc;
}

int bm_imp_list(bm_db *db, const bm_actor *who,
                int (*each)(const bm_impossible *r, void *ctx), void *ctx, bm_err *err)
{
    int64_t centre = 0;
    int rc = bm_desk_scope(db, who, BM_ACT_SUPERVISE, "impossible", &centre, err);
    if (rc != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_IMP_LIST_CENTRE, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, centre);
    bm_impossible *rows = NULL;
    size_t n = 0;
    if ((rc = bm_collect_rows(db, st, sizeof *rows, read_imp, (void **)&rows, &n, err)))
        return rc;
    for (size_t i = 0; i < n; i++)
        if (each(&rows[i], ctx))
            break;
    free(rows);
    return BM_OK;
}

int bm_imp_by_cause(bm_db *db, const bm_actor *who, int year, int month,
                    int counts[BM_IMP_CAUSE_COUNT], bm_err *err)
{
    memset(counts, 0, sizeof(int) * BM_IMP_CAUSE_COUNT);
    int64_t centre = 0;
    int rc = bm_desk_scope(db, who, BM_ACT_SUPERVISE, "impossible", &centre, err);
    if (rc != BM_OK)
        return rc;
    if (month < 1 || month > 12)
        return bm_fail(err, BM_EINVALID, N_("No such month"), "%d", month);
    char from[11], to[11];
    bm_day_format(bm_day_from_ymd(year, month, 1), from);
    bm_day_format(bm_day_from_ymd(month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1),
                  to);
    bm_stmt *st = bm_sql(db, BM_SQL_IMP_BY_CAUSE, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, centre);
    bm_bind_text(st, 2, from);
    bm_bind_text(st, 3, to);
    int r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        int cause = bm_col_int(st, 0);
        if (cause >= 1 && cause < BM_IMP_CAUSE_COUNT)
            counts[cause] = bm_col_int(st, 1);
    }
    return r < 0 ? BM_EDB : BM_OK;
}
