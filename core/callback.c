/* Callbacks (回访) in core: the queue (rectified bad ratings, unrated cases, the monthly
 * sample drawn reproducibly), recording what the person said (the rating replaces the case's
 * with the channel "callback"; not satisfied sends the case back to its handler), and the
 * lists of the callers and of the handlers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/calendar.h"
#include "core/callback.h"
#include "core/case_internal.h"
#include "core/desk_internal.h"

/* Unrated cases older than this many days are left alone. */
#define UNRATED_WINDOW_DAYS 60

const char *bm_cb_reason_name(int reason)
{
    switch (reason) {
    case BM_CB_RECTIFIED: return N_("bad rating rectified");
    case BM_CB_UNRATED: return N_("not rated");
    case BM_CB_SAMPLE: return N_("sample");
    default: return N_("unknown");
    }
}

static void read_cb(bm_stmt *st, void *out)
{
    bm_callback *c = out;
    memset(c, 0, sizeof *c);
    c->id = bm_col_int64(st, 0);
    c->case_id = bm_col_int64(st, 1);
    bm_col_text(st, 2, c->case_no, sizeof c->case_no);
    bm_col_text(st, 3, c->matter_name, sizeof c->matter_name);
    bm_col_text(st, 4, c->applicant_name, sizeof c->applicant_name);
    bm_col_text(st, 5, c->phone, sizeof c->phone);
    c->centre_id = bm_col_int64(st, 6);
    c->handler_id = bm_col_int64(st, 7);
    bm_col_text(st, 8, c->handler_name, sizeof c->handler_name);
    c->reason = bm_col_int(st, 9);
    bm_col_text(st, 10, c->due_day, sizeof c->due_day);
    c->state = bm_col_int(st, 11);
    c->attempts = bm_col_int(st, 12);
    c->rating = bm_col_int(st, 13);
    bm_col_text(st, 14, c->remarks, sizeof c->remarks);
    c->sent_back = bm_col_int(st, 15);
}

static int load_cb(bm_db *db, int64_t id, bm_callback *c, bm_err *err)
{
    return bm_desk_load(db, BM_SQL_CB_GET, id, read_cb, c, N_("No such callback"), err);
}

static int save_cb(bm_db *db, const bm_callback *c, int done, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_CB_UPDATE, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, c->id);
    bm_bind_text(st, 2, c->due_day);
    bm_bind_int(st, 3, c->state);
    bm_bind_int(st, 4, c->attempts);
    bm_desk_bind_opt(st, 5, c->rating);
    bm_bind_text(st, 6, c->remarks);
    bm_bind_int(st, 7, c->sent_back);
    bm_desk_bind_opt(st, 8, done ? (int64_t)bm_now() : 0);
    bm_bind_int(st, 9, (int64_t)bm_now());
    return bm_step_done(db, st, err);
}

int bm_cb_queue(bm_db *db, int64_t case_id, int64_t centre_id, int64_t handler_id, int reason,
                const char *due_day, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_CB_INSERT, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, case_id);
    bm_bind_int(st, 2, centre_id);
    bm_bind_id(st, 3, handler_id);
    bm_bind_int(st, 4, reason);
    bm_bind_text(st, 5, due_day);
    bm_bind_int(st, 6, (int64_t)bm_now());
    return bm_step_done(db, st, err);
}

/* The draw order of a case in a month: FNV-1a over the case id and the month, so a sample
 * is the same however often it is drawn and differs from month to month. */
static uint32_t draw_key(int64_t case_id, int year, int month)
{
    uint64_t v[2] = {(uint64_t)case_id, (uint64_t)(year * 100 + month)};
    const unsigned char *p = (const unsigned char *)v;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < sizeof v; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

struct drawn {
    int64_t case_id, handler_id;
    uint32_t key;
};

static void read_drawn(bm_stmt *st, void *out)
{
    struct drawn *d = out;
    d->case_id = bm_col_int64(st, 0);
    d->handler_id = bm_col_int64(st, 1);
}

static int by_handler_then_key(const void *a, const void *b)
{
    const struct drawn *x = a, *y = b;
    if (x->handler_id != y->handler_id)
        return x->handler_id < y->handler_id ? -1 : 1;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->case_id < y->case_id ? -1 : x->case_id > y->case_id;
}

int bm_cb_sample(bm_db *db, const bm_actor *who, int year, int month, int rate_percent,
                 int (*each)(int64_t case_id, int64_t handler_id, void *ctx), void *ctx,
                 bm_err *err)
{
    int64_t centre = 0;
    int rc = bm_desk_scope(db, who, BM_ACT_CALLBACK, "callback", &centre, err);
    if (rc != BM_OK)
        return rc;
    if (rate_percent < 1 || rate_percent > 100 || month < 1 || month > 12)
        return bm_fail(err, BM_EINVALID, N_("The sample rate is 1 to 100 percent"), "%d",
                       rate_percent);
    char from[11], to[11];
    bm_day_format(bm_day_from_ymd(year, month, 1), from);
    bm_day_format(bm_day_from_ymd(month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1),
                  to);
    bm_stmt *st = bm_sql(db, BM_SQL_CB_COMPLETED_MONTH, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, centre);
    bm_bind_text(st, 2, from);
    bm_bind_text(st, 3, to);
    struct drawn *rows = NULL;
    size_t n = 0;
    if ((rc = bm_collect_rows(db, st, sizeof *rows, read_drawn, (void **)&rows, &n, err)))
        return rc;
    for (size_t i = 0; i < n; i++)
        rows[i].key = draw_key(rows[i].case_id, year, month);
    if (n)
        qsort(rows, n, sizeof *rows, by_handler_then_key);
    for (size_t i = 0, stop = 0; i < n && !stop;) {
        size_t j = i;
        while (j < n && rows[j].handler_id == rows[i].handler_id)
            j++;
        size_t take = ((j - i) * (size_t)rate_percent + 99) / 100;
        for (size_t k = i; k < i + take && !stop; k++)
            stop = each(rows[k].case_id, rows[k].handler_id, ctx);
        i = j;
    }
    free(rows);
    return BM_OK;
}

struct plan {
    bm_db *db;
    int64_t centre;
    const char *today;
    int added, rc;
    bm_err *err;
};

static int queue_sampled(int64_t case_id, int64_t handler_id, void *ctx)
{
    struct plan *p = ctx;
    p->rc = bm_cb_queue(p->db, case_id, p->centre, handler_id, BM_CB_SAMPLE, p->today, p->err);
    if (p->rc == BM_OK)
        p->added += (int)bm_store_changes(p->db->store);
    return p->rc != BM_OK;
}

int bm_cb_plan(bm_db *db, const bm_actor *who, int rate_percent, int *added, bm_err *err)
{
    *added = 0;
    int64_t centre = 0;
    int rc = bm_desk_scope(db, who, BM_ACT_CALLBACK, "callback", &centre, err);
    if (rc != BM_OK)
        return rc;
    bm_day today = bm_day_of(bm_now()), waited = today;
    char t[11], from[11], until[11];
    bm_day_format(today, t);
    bm_day_format(today - UNRATED_WINDOW_DAYS, from);
    /* Completed at least BM_CB_UNRATED_DAYS working days ago. */
    for (int n = 0; n < BM_CB_UNRATED_DAYS;) {
        int working;
        waited--;
        if ((rc = bm_is_working_day(db, waited, &working, NULL, err)) != BM_OK)
            return rc;
        n += working;
    }
    bm_day_format(waited, until);
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_CB_UNRATED, err);
    struct drawn *rows = NULL;
    size_t n = 0;
    rc = st ? BM_OK : BM_EDB;
    if (rc == BM_OK) {
        bm_bind_int(st, 1, centre);
        bm_bind_text(st, 2, from);
        bm_bind_text(st, 3, until);
        rc = bm_collect_rows(db, st, sizeof *rows, read_drawn, (void **)&rows, &n, err);
    }
    for (size_t i = 0; rc == BM_OK && i < n; i++) {
        rc = bm_cb_queue(db, rows[i].case_id, centre, rows[i].handler_id, BM_CB_UNRATED, t, err);
        *added += (int)bm_store_changes(db->store);
    }
    free(rows);
    if (rc == BM_OK) {
        int y, m, d;
        bm_day_to_ymd(today, &y, &m, &d);
        struct plan p = {db, centre, t, 0, BM_OK, err};
        rc = bm_cb_sample(db, who, m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1, rate_percent,
                          queue_sampled, &p, err);
        if (rc == BM_OK)
            rc = p.rc;
        *added += p.added;
    }
    if (rc == BM_OK && *added)
        rc = bm_desk_event(db, who, "callback", 0, "plan", t, err);
    rc = bm_tx_end(db, rc, err);
    if (rc != BM_OK)
        *added = 0;
    return rc;
}

/* The person's rating becomes the case's, by phone callback: one rating per case, the latest. */
static int rate_case(bm_db *db, const bm_actor *who, int64_t case_id, int rating,
                     const char *remarks, bm_err *err)
{
    bm_case c;
    int rc = bm_case_load(db, BM_SQL_CASE_GET, case_id, NULL, &c, err);
    if (rc != BM_OK)
        return rc;
    bm_case before = c;
    c.rating = rating;
    bm_strlcpy(c.rating_channel, "callback", sizeof c.rating_channel);
    c.rated_at = bm_now();
    if ((rc = bm_case_save(db, &c, err)) == BM_OK)
        rc = bm_case_record(db, who, &before, &c, "rate", remarks, err);
    if (rc == BM_OK)
        rc = bm_rect_open_for_rating(db, who, &c, err);
    return rc;
}

int bm_cb_record(bm_db *db, const bm_actor *who, int64_t id, const bm_cb_result *res,
                 bm_err *err)
{
    bm_callback c;
    int rc = load_cb(db, id, &c, err);
    if (rc != BM_OK ||
        (rc = bm_desk_check(db, who, BM_ACT_CALLBACK, c.centre_id, "callback", id, err)))
        return rc;
    if (c.state == BM_CB_DONE)
        return bm_fail(err, BM_ESTATE, N_("This callback has been made already"), "%s",
                       c.case_no);
    if (res->reached && (res->rating < 1 || res->rating > 5))
        return bm_err_at(err, BM_FIELD_RATING,
                         bm_fail(err, BM_EINVALID, N_("A rating is 1 (very unsatisfied) to 5 "
                                                      "(very satisfied)"), "%d", res->rating));
    if (res->reached && res->rating <= 2 &&
        (rc = bm_desk_need_text(res->remarks, N_("Say what the person is not satisfied with"),
                                err)))
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    c.attempts++;
    char note[600];
    if (!res->reached) {
        bm_day next;
        rc = bm_workdays_add(db, bm_day_of(bm_now()), 1, &next, NULL, err);
        bm_day_format(next, c.due_day);
        c.state = BM_CB_RETRY;
        snprintf(note, sizeof note, "%d: %s", c.attempts, c.due_day);
        if (rc == BM_OK && (rc = save_cb(db, &c, 0, err)) == BM_OK)
            rc = bm_desk_event(db, who, "callback", id, "not-reached", note, err);
        return bm_tx_end(db, rc, err);
    }
    c.state = BM_CB_DONE;
    c.rating = res->rating;
    bm_strlcpy(c.remarks, res->remarks ? res->remarks : "", sizeof c.remarks);
    c.sent_back = res->rating <= 2 ? BM_CB_SENT_BACK : BM_CB_NOT_SENT;
    snprintf(note, sizeof note, "%d %s", res->rating, c.remarks);
    rc = save_cb(db, &c, 1, err);
    if (rc == BM_OK)
        rc = bm_desk_event(db, who, "callback", id, "reached", note, err);
    if (rc == BM_OK)
        rc = bm_rect_called_back(db, who, c.case_id, res->rating, err);
    if (rc == BM_OK)
        rc = rate_case(db, who, c.case_id, res->rating, note, err);
    if (rc == BM_OK && c.sent_back) {
        bm_case k;
        if ((rc = bm_case_load(db, BM_SQL_CASE_GET, c.case_id, NULL, &k, err)) == BM_OK)
            rc = bm_case_record(db, who, &k, &k, "send-back", c.remarks, err);
    }
    return bm_tx_end(db, rc, err);
}

int bm_cb_redone(bm_db *db, const bm_actor *who, int64_t id, const char *note, bm_err *err)
{
    bm_callback c;
    int rc = load_cb(db, id, &c, err);
    if (rc != BM_OK ||
        (rc = bm_desk_check(db, who, BM_ACT_SUPERVISION_ANSWER, c.centre_id, "callback", id,
                            err)))
        return rc;
    if (c.handler_id != who->user_id)
        return bm_fail(err, BM_EDENIED, N_("This case was sent back to someone else"), NULL);
    if (c.sent_back != BM_CB_SENT_BACK)
        return bm_fail(err, BM_ESTATE, N_("Nothing waits to be redone on this case"), "%s",
                       c.case_no);
    if ((rc = bm_desk_need_text(note, N_("Say what was redone"), err)))
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    c.sent_back = BM_CB_REDONE;
    rc = save_cb(db, &c, 1, err);
    if (rc == BM_OK)
        rc = bm_desk_event(db, who, "callback", id, "redone", note, err);
    bm_case k;
    if (rc == BM_OK && (rc = bm_case_load(db, BM_SQL_CASE_GET, c.case_id, NULL, &k, err)) == BM_OK)
        rc = bm_case_record(db, who, &k, &k, "redone", note, err);
    return bm_tx_end(db, rc, err);
}

int bm_cb_get(bm_db *db, const bm_actor *who, int64_t id, bm_callback *out, bm_err *err)
{
    int rc = load_cb(db, id, out, err);
    if (rc == BM_OK)
        rc = bm_desk_check(db, who, out->handler_id == who->user_id ? BM_ACT_SUPERVISION_ANSWER
                                                                    : BM_ACT_CALLBACK,
                           out->centre_id, "callback", id, err);
    return rc;
}

static int list_cb(bm_db *db, bm_stmt *st, int (*each)(const bm_callback *c, void *ctx),
                   void *ctx, bm_err *err)
{
    bm_callback *rows = NULL;
    size_t n = 0;
    int rc = bm_collect_rows(db, st, sizeof *rows, read_cb, (void **)&rows, &n, err);
    if (rc != BM_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (each(&rows[i], ctx))
            break;
    free(rows);
    return BM_OK;
}

int bm_cb_list_due(bm_db *db, const bm_actor *who,
                   int (*each)(const bm_callback *c, void *ctx), void *ctx, bm_err *err)
{
    int64_t centre = 0;
    int rc = bm_desk_scope(db, who, BM_ACT_CALLBACK, "callback", &centre, err);
    if (rc != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_CB_LIST_DUE, err);
    if (!st)
        return BM_EDB;
    char today[11];
    bm_day_format(bm_day_of(bm_now()), today);
    bm_bind_int(st, 1, centre);
    bm_bind_text(st, 2, today);
    return list_cb(db, st, each, ctx, err);
}

int bm_cb_list_sent_back(bm_db *db, const bm_actor *who,
                         int (*each)(const bm_callback *c, void *ctx), void *ctx, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_CB_SENT_BACK, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, who->user_id);
    return list_cb(db, st, each, ctx, err);
}
