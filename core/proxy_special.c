/* The special-group ledger (特殊人群台账, see proxy_special.h): pairing a person with the agent,
 * home visits (a request taken on one enters the proxy ledger), and the visits due. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/applicant.h"
#include "core/audit_internal.h"
#include "core/authz.h"
#include "core/db_internal.h"
#include "core/json.h"
#include "core/proxy_special.h"

static void read_special(bm_stmt *st, void *out)
{
    bm_special *s = out;
    memset(s, 0, sizeof *s);
    s->id = bm_col_int64(st, 0);
    s->applicant_id = bm_col_int64(st, 1);
    bm_col_text(st, 2, s->name, sizeof s->name);
    bm_col_text(st, 3, s->phone, sizeof s->phone);
    s->flags = (unsigned)bm_col_int(st, 4);
    bm_col_text(st, 5, s->needs, sizeof s->needs);
    s->cadre_id = bm_col_int64(st, 6);
    bm_col_text(st, 7, s->cadre_name, sizeof s->cadre_name);
    bm_col_text(st, 8, s->cadre_phone, sizeof s->cadre_phone);
    s->every_days = bm_col_int(st, 9);
    s->since = (bm_day)bm_col_int(st, 10);
    s->centre_id = bm_col_int64(st, 11);
    s->village_id = bm_col_int64(st, 12);
    bm_col_text(st, 13, s->village_name, sizeof s->village_name);
    s->last_visit = (bm_day)bm_col_int(st, 14);
    s->visits = bm_col_int(st, 15);
    /* Due every_days after the last visit; never visited: due on the day paired. */
    s->next_due = s->last_visit ? s->last_visit + s->every_days : s->since;
    bm_day today = bm_day_of(bm_now());
    s->due = s->next_due < today                                ? BM_VISIT_OVERDUE
             : s->next_due <= today + BM_SPECIAL_DUE_SOON_DAYS ? BM_VISIT_SOON
                                                                : BM_VISIT_LATER;
}

/* The person and the place the actor acts on them in: the actor's centre, the person's
 * village. */
static int person_place(bm_db *db, const bm_actor *who, int64_t applicant_id, int action,
                        bm_applicant *ap, bm_place *place, bm_err *err)
{
    bm_place mine;
    int rc = bm_applicant_get(db, who, applicant_id, ap, err);
    if (rc == BM_OK)
        rc = bm_actor_place(db, who, &mine, err);
    if (rc != BM_OK)
        return rc;
    if (!ap->village_id)
        return bm_fail(err, BM_EINVALID, N_("The person belongs to no village"), NULL);
    *place = (bm_place){.centre_id = mine.centre_id, .village_id = ap->village_id};
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)applicant_id);
    return bm_audit_authz(db, who, action, place, "special", key, err);
}

static int load(bm_db *db, int64_t applicant_id, bm_special *out, bm_err *err)
{
    bm_stmt *st;
    int r = bm_fetch_one(db, BM_SQL_SPECIAL_GET, NULL, applicant_id, &st, err);
    if (r < 0)
        return -r;
    if (r == 0)
        return bm_fail(err, BM_ENOTFOUND, N_("The person is not on the special-group ledger"),
                       NULL);
    read_special(st, out);
    bm_stmt_reset(st);
    return BM_OK;
}

int bm_special_get(bm_db *db, const bm_actor *who, int64_t applicant_id, bm_special *out,
                   bm_err *err)
{
    bm_applicant ap;
    bm_place place;
    memset(out, 0, sizeof *out);
    int rc = person_place(db, who, applicant_id, BM_ACT_PROXY_VIEW, &ap, &place, err);
    return rc == BM_OK ? load(db, applicant_id, out, err) : rc;
}

static int audit(bm_db *db, const bm_actor *who, const char *what, int64_t applicant_id,
                 const char *key, const char *val, bm_err *err)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)applicant_id);
    bm_json j;
    bm_json_begin(&j);
    bm_json_str(&j, key, val);
    char *after = bm_json_end(&j);
    int rc = after ? bm_audit_append(db, who, what, "special", id, NULL, after, NULL, err)
                   : bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    free(after);
    return rc;
}

static int pair(bm_db *db, const bm_actor *who, int64_t applicant_id, const bm_place *place,
                const char *needs, int every_days, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_SPECIAL_PAIR_SAVE, err);
    if (!st)
        return BM_EDB;
    time_t now = bm_now();
    bm_bind_int(st, 1, applicant_id);
    bm_bind_int(st, 2, who->user_id);
    bm_bind_int(st, 3, place->centre_id);
    bm_bind_int(st, 4, place->village_id);
    bm_bind_text(st, 5, needs);
    bm_bind_int(st, 6, every_days);
    bm_bind_int(st, 7, bm_day_of(now));
    bm_bind_int(st, 8, (int64_t)now);
    int rc = bm_step_done(db, st, err);
    return rc == BM_OK ? audit(db, who, "special.pair", applicant_id, "needs", needs, err) : rc;
}

int bm_special_pair(bm_db *db, const bm_actor *who, int64_t applicant_id, const char *needs,
                    int every_days, bm_special *out, bm_err *err)
{
    bm_applicant ap;
    bm_place place;
    memset(out, 0, sizeof *out);
    int rc = person_place(db, who, applicant_id, BM_ACT_PROXY_TAKE, &ap, &place, err);
    if (rc != BM_OK)
        return rc;
    if (every_days < 1 || every_days > 366)
        return bm_err_at(err, BM_FIELD_NOTE,
                         bm_fail(err, BM_EINVALID,
                                 N_("Visits are every 1 to 366 days (30: monthly)"), NULL));
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    rc = bm_tx_end(db, pair(db, who, applicant_id, &place, needs ? needs : "", every_days, err),
                   err);
    return rc == BM_OK ? load(db, applicant_id, out, err) : rc;
}

static int visit(bm_db *db, const bm_actor *who, const bm_special *s, const char *done,
                 const char *wish, bm_proxy *made, bm_err *err)
{
    int64_t request_id = 0;
    int rc = BM_OK;
    if (wish && *wish) {
        bm_proxy_new in = {.applicant_id = s->applicant_id, .wish = wish,
                           .came = BM_CAME_HOME_VISIT, .authority = BM_AUTH_PRESENT};
        if ((rc = bm_proxy_take(db, who, &in, made, err)) != BM_OK)
            return rc;
        request_id = made->id;
    }
    bm_stmt *st = bm_sql(db, BM_SQL_SPECIAL_VISIT_INSERT, err);
    if (!st)
        return BM_EDB;
    time_t now = bm_now();
    bm_bind_int(st, 1, s->id);
    bm_bind_int(st, 2, bm_day_of(now));
    bm_bind_int(st, 3, who->user_id);
    bm_bind_text(st, 4, done);
    bm_bind_id(st, 5, request_id);
    bm_bind_int(st, 6, (int64_t)now);
    rc = bm_step_done(db, st, err);
    return rc == BM_OK ? audit(db, who, "special.visit", s->applicant_id, "done", done, err) : rc;
}

int bm_special_visit(bm_db *db, const bm_actor *who, int64_t applicant_id, const char *done,
                     const char *wish, bm_proxy *made, bm_err *err)
{
    bm_applicant ap;
    bm_place place;
    bm_special s;
    bm_proxy local;
    int rc = person_place(db, who, applicant_id, BM_ACT_PROXY_TAKE, &ap, &place, err);
    if (rc == BM_OK)
        rc = load(db, applicant_id, &s, err);
    if (rc != BM_OK)
        return rc;
    if (!done || !*done)
        return bm_err_at(err, BM_FIELD_NOTE,
                         bm_fail(err, BM_EINVALID, N_("Write what was done on the visit"), NULL));
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    return bm_tx_end(db, visit(db, who, &s, done, wish, made ? made : &local, err), err);
}

int bm_special_list(bm_db *db, const bm_actor *who, int (*each)(const bm_special *s, void *ctx),
                    void *ctx, bm_err *err)
{
    bm_place mine;
    int rc = bm_actor_place(db, who, &mine, err);
    if (rc != BM_OK ||
        (rc = bm_audit_authz(db, who, BM_ACT_PROXY_VIEW, &mine, "special", "", err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_SPECIAL_LIST, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, mine.centre_id);
    bm_bind_id(st, 2, mine.village_id);
    void *rows;
    size_t n;
    if ((rc = bm_collect_rows(db, st, sizeof(bm_special), read_special, &rows, &n, err)) != BM_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (each(&((bm_special *)rows)[i], ctx))
            break;
    free(rows);
    return BM_OK;
}

int bm_special_visits(bm_db *db, const bm_actor *who, int64_t applicant_id, int limit,
                      int (*each)(bm_day day, const char *by, const char *done,
                                  const char *request_no, void *ctx),
                      void *ctx, bm_err *err)
{
    bm_special s;
    int rc = bm_special_get(db, who, applicant_id, &s, err);
    if (rc != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_SPECIAL_VISITS, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, s.id);
    bm_bind_int(st, 2, limit > 0 ? limit : 20);
    int r, stop = 0;
    /* Short rows, read one at a time: the callback only copies them. */
    while ((r = bm_step_row(db, st, err)) == 1 && !stop) {
        char by[64], done[256], no[16];
        bm_col_text(st, 1, by, sizeof by);
        bm_col_text(st, 2, done, sizeof done);
        bm_col_text(st, 3, no, sizeof no);
        stop = each((bm_day)bm_col_int(st, 0), by, done, no, ctx);
    }
    if (r == 1)
        bm_stmt_reset(st);
    return r < 0 ? -r : BM_OK;
}
