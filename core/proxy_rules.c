/* Proxy requests (代办件), what the screens ask before they offer anything: whether the village
 * can finish a request on the spot, the day the person will hear back, and the moves an actor
 * may make on a request now; and the callback (回访) of a request whose person was told. */
#include <stdlib.h>
#include <string.h>
#include "core/audit_internal.h"
#include "core/authz.h"
#include "core/calendar.h"
#include "core/catalogue.h"
#include "core/db_internal.h"
#include "core/json.h"
#include "core/proxy.h"

int bm_proxy_finishable(bm_db *db, const char *matter_code)
{
    if (!matter_code || !matter_code[0])
        return 0;
    bm_matter *m = malloc(sizeof *m);
    if (!m)
        return 0;
    /* A bundle's code is no matter's: it travels. */
    int ok = bm_matter_current(db, matter_code, m, NULL) == BM_OK &&
             strcmp(m->level, "village") == 0;
    free(m);
    return ok;
}

int bm_proxy_hear_back(bm_db *db, const bm_proxy *p, bm_day *out, bm_err *err)
{
    if (p->stage == BM_PROXY_TOLD) {
        *out = bm_day_of(p->told_at);
        return BM_OK;
    }
    bm_day from = bm_day_of(p->forwarded_at ? p->forwarded_at : p->taken_at);
    if (!p->matter_code[0])
        return bm_workdays_add(db, from, BM_PROXY_ASK_DAYS, out, NULL, err);
    bm_bundle b;
    int is_bundle = bm_bundle_current(db, p->matter_code, &b, NULL) == BM_OK;
    int days;
    bm_day due;
    int rc = bm_case_promise(db, is_bundle ? NULL : p->matter_code,
                             is_bundle ? p->matter_code : NULL, from, &days, &due, err);
    if (rc != BM_OK)
        return rc;
    return bm_workdays_add(db, due, BM_PROXY_TRIP_DAYS, out, NULL, err);
}

int bm_proxy_moves_offered(bm_db *db, const bm_actor *who, const bm_proxy *p, int *out,
                           int cap)
{
    bm_place place = {.centre_id = p->centre_id, .village_id = p->village_id};
    int n = 0;
    for (int i = 0; i < bm_proxy_move_count && n < cap; i++) {
        const bm_proxy_transition *t = &bm_proxy_moves[i];
        if (t->from != p->stage || t->move == BM_PX_START || t->move == BM_PX_RESULT ||
            t->move == BM_PX_REOPEN)   /* reopened only by a callback */
            continue;
        if (t->move == BM_PX_FINISH && !bm_proxy_finishable(db, p->matter_code))
            continue;
        if (bm_authz_allows(db, who, bm_proxy_move_action(t->move), &place))
            out[n++] = t->move;
    }
    return n;
}

int bm_proxy_callback_due(const bm_proxy *p)
{
    return p->stage == BM_PROXY_TOLD && !p->called_at;
}

static int called(bm_db *db, const bm_actor *who, const bm_proxy *p, int satisfied, int rating,
                  const char *note, bm_err *err)
{
    int rc = BM_OK;
    if (rating && p->case_id)
        rc = bm_case_rate(db, who, p->case_id, rating, "agent", err);
    bm_stmt *st = rc == BM_OK ? bm_sql(db, BM_SQL_PROXY_CALLED, err) : NULL;
    if (!st)
        return rc == BM_OK ? BM_EDB : rc;
    bm_bind_int(st, 1, p->id);
    bm_bind_int(st, 2, (int64_t)bm_now());
    bm_bind_int(st, 3, satisfied ? 1 : 0);
    bm_bind_text(st, 4, note);
    if ((rc = bm_step_done(db, st, err)) != BM_OK)
        return rc;
    bm_json j;
    bm_json_begin(&j);
    bm_json_str(&j, "satisfied", satisfied ? "yes" : "no");
    bm_json_int(&j, "rating", rating);
    char *after = bm_json_end(&j);
    rc = after ? bm_audit_append(db, who, "proxy.callback", "proxy", p->no, NULL, after, note, err)
               : bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    free(after);
    if (rc == BM_OK && !satisfied) {
        bm_proxy_args again = {.reason = note};
        rc = bm_proxy_act(db, who, p->id, BM_PX_REOPEN, &again, err);
    }
    return rc;
}

int bm_proxy_callback(bm_db *db, const bm_actor *who, int64_t id, int satisfied, int rating,
                      const char *note, bm_err *err)
{
    bm_proxy p;
    int rc = bm_proxy_get(db, who, id, &p, err);
    if (rc != BM_OK)
        return rc;
    bm_place place = {.centre_id = p.centre_id, .village_id = p.village_id};
    if ((rc = bm_audit_authz(db, who, BM_ACT_PROXY_TAKE, &place, "proxy", p.no, err)) != BM_OK)
        return rc;
    if (!bm_proxy_callback_due(&p))
        return bm_fail(err, BM_ESTATE,
                       p.called_at ? N_("This request has been called back already")
                                   : N_("A request is called back once the person was told"),
                       "%s", p.no);
    if (rating < 0 || rating > 5)
        return bm_err_at(err, BM_FIELD_NOTE,
                         bm_fail(err, BM_EINVALID, N_("Choose a rating from 1 to 5"), NULL));
    if (!satisfied && !(note && *note))
        return bm_err_at(err, BM_FIELD_REASON,
                         bm_fail(err, BM_EINVALID, N_("Write why the person is not satisfied"),
                                 NULL));
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    return bm_tx_end(db, called(db, who, &p, satisfied, rating, note ? note : "", err), err);
}

struct trip {
    int64_t *ids;
    int n, cap;
};

static int keep_waiting(const bm_proxy *p, void *ctx)
{
    struct trip *t = ctx;
    if (p->stage != BM_PROXY_TAKEN)
        return 0;
    if (t->n == t->cap) {
        int cap = t->cap ? t->cap * 2 : 16;
        int64_t *ids = realloc(t->ids, (size_t)cap * sizeof *ids);
        if (!ids)
            return 1;
        t->ids = ids;
        t->cap = cap;
    }
    t->ids[t->n++] = p->id;
    return 0;
}

static int forward_all(bm_db *db, const bm_actor *who, const struct trip *t, bm_err *err)
{
    int rc = BM_OK;
    for (int i = 0; rc == BM_OK && i < t->n; i++)
        rc = bm_proxy_act(db, who, t->ids[i], BM_PX_FORWARD, NULL, err);
    return rc;
}

int bm_proxy_trip(bm_db *db, const bm_actor *who, int (*each)(const bm_proxy *p, void *ctx),
                  void *ctx, int *n, bm_err *err)
{
    struct trip t = {0};
    *n = 0;
    bm_place mine;
    int rc = bm_actor_place(db, who, &mine, err);
    if (rc == BM_OK && !mine.village_id)
        rc = bm_fail(err, BM_EDENIED, N_("The trip is a village agent's"), NULL);
    if (rc == BM_OK)
        rc = bm_proxy_list(db, who, 0, 0, 0, keep_waiting, &t, err);
    if (rc == BM_OK && t.n && (rc = bm_tx_begin(db, err)) == BM_OK)
        rc = bm_tx_end(db, forward_all(db, who, &t, err), err);
    for (int i = 0; rc == BM_OK && i < t.n; i++) {
        bm_proxy p;
        if ((rc = bm_proxy_get(db, who, t.ids[i], &p, err)) == BM_OK && each(&p, ctx))
            break;
    }
    if (rc == BM_OK)
        *n = t.n;
    free(t.ids);
    return rc;
}
