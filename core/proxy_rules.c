/* Proxy requests (代办件), what the screens ask before they offer anything: whether the village
 * can finish a request on the spot, the day the person will hear back, and the moves an actor
 * may make on a request now. */
#include <stdlib.h>
#include <string.h>
#include "core/authz.h"
#include "core/calendar.h"
#include "core/catalogue.h"
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
        if (t->from != p->stage || t->move == BM_PX_START || t->move == BM_PX_RESULT)
            continue;
        if (t->move == BM_PX_FINISH && !bm_proxy_finishable(db, p->matter_code))
            continue;
        if (bm_authz_allows(db, who, bm_proxy_move_action(t->move), &place))
            out[n++] = t->move;
    }
    return n;
}
