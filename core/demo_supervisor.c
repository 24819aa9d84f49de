/* The demo centre head's desk at 青林镇: supervisions in every state (waiting, past their day,
 * answered, closed satisfied and not, a second round), bad ratings with their rectifications
 * (on time, late, appealed and accepted, one still open), the callback queue filled, and
 * could-not-get-it-done records at each tier and one closed. Made through the public calls
 * with the clock set to each step's moment, so histories and the audit log read true. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/callback.h"
#include "core/case_internal.h"
#include "core/demo_internal.h"
#include "core/impossible.h"
#include "core/rectify.h"
#include "core/supervision.h"
#include "core/desk_internal.h"
#include "core/user.h"

#define OPEN_CASES 8
#define RATED_CASES 4

struct actors {
    bm_user u[2];
    bm_actor head, clerk;
};

static int actor(bm_db *db, const char *login, bm_user *u, bm_actor *a, bm_err *err)
{
    int rc = bm_user_get(db, login, u, err);
    *a = (bm_actor){.user_id = u->id, .login = u->login, .role = u->role, .org_id = u->org_id,
                    .session = "demo", .addr = ""};
    return rc;
}

struct open_cases {
    int64_t id[OPEN_CASES];
    int n, skipped;
};

/* The most overdue case is left without one: it is the head's next step in the demo. */
static int keep_open(const bm_case_row *r, void *ctx)
{
    struct open_cases *o = ctx;
    if (r->handler_id && r->nchildren == 0 && o->skipped++)
        o->id[o->n++] = r->id;
    return o->n == OPEN_CASES;
}

/* One supervision per state on the centre's open cases, the earliest deadlines first. */
static int supervisions(bm_db *db, struct actors *p, time_t now, bm_err *err)
{
    struct open_cases o = {.n = 0, .skipped = 0};
    bm_case_query q = {.kind = BM_LIST_CENTRE_OPEN, .limit = 200};
    int rc = bm_case_list(db, &p->head, &q, keep_open, &o, err);
    static const char *const asked[] = {"请说明超期原因，尽快办结", "请核实材料后加快办理",
                                        "请联系申请人说明进度", "请于期限内答复办理情况",
                                        "请说明为何未按承诺时限办结"};
    for (int i = 0; rc == BM_OK && i < o.n && i < 5; i++) {
        bm_clock_set(now - (time_t)(5 - i) * 86400);
        bm_case c;
        if ((rc = bm_case_load(db, BM_SQL_CASE_GET, o.id[i], NULL, &c, err)) != BM_OK)
            break;
        bm_user h;
        if ((rc = bm_user_get_by_id(db, c.handler_id, &h, err)) != BM_OK)
            break;
        if (h.role != BM_ROLE_CLERK && h.role != BM_ROLE_DUTY)
            continue;
        bm_sup_new in = {.kind = BM_SUP_CASE, .object_id = c.id, .asked = asked[i],
                         .days = i == 0 ? 1 : 2};
        bm_supervision s;
        if ((rc = bm_sup_open(db, &p->head, &in, &s, err)) != BM_OK)
            break;
        bm_actor who = {.user_id = h.id, .login = h.login, .role = h.role, .org_id = h.org_id,
                        .session = "demo", .addr = ""};
        bm_clock_set(now - (time_t)(4 - i) * 86400 + 3600);
        if (i >= 2)   /* 0 waits past its day, 1 waits; the rest are answered */
            rc = bm_sup_answer(db, &who, s.id, "已联系申请人，正在加快办理", err);
        if (rc == BM_OK && i == 3)
            rc = bm_sup_close(db, &p->head, s.id, 1, "答复及时", err);
        if (rc == BM_OK && i == 4) {
            rc = bm_sup_press(db, &p->head, s.id, "答复不具体，请写明办结日期", 2, err);
            if (rc == BM_OK)
                rc = bm_sup_answer(db, &who, s.id, "已约定本周内办结", err);
            if (rc == BM_OK)
                rc = bm_sup_close(db, &p->head, s.id, 0, "仍未办结，纳入月度通报", err);
        }
    }
    return rc;
}

static void read_unrated(bm_stmt *st, void *out)
{
    int64_t *v = out;
    v[0] = bm_col_int64(st, 0);
}

/* Bad ratings given some weeks ago on completed cases: rectified on time, late, appealed and
 * accepted, and one still open. */
static int rectifications(bm_db *db, struct actors *p, time_t now, bm_err *err)
{
    bm_place mine;
    int rc = bm_actor_place(db, &p->head, &mine, err);
    char from[11], to[11];
    bm_day today = bm_day_of(now);
    bm_day_format(today - 60, from);
    bm_day_format(today - 30, to);
    bm_stmt *st = rc == BM_OK ? bm_sql(db, BM_SQL_CB_UNRATED, err) : NULL;
    if (!st)
        return rc == BM_OK ? BM_EDB : rc;
    bm_bind_int(st, 1, mine.centre_id);
    bm_bind_text(st, 2, from);
    bm_bind_text(st, 3, to);
    int64_t *ids = NULL;
    size_t n = 0;
    if ((rc = bm_collect_rows(db, st, sizeof *ids, read_unrated, (void **)&ids, &n, err)))
        return rc;
    for (size_t i = 0; rc == BM_OK && i < n && i < RATED_CASES; i++) {
        bm_case c;
        if ((rc = bm_case_load(db, BM_SQL_CASE_GET, ids[i], NULL, &c, err)) != BM_OK)
            break;
        bm_day done;
        if (bm_day_parse(c.completed_day, &done) != 0)
            continue;
        bm_clock_set(bm_time_at(done, 16 * 60));
        if ((rc = bm_case_rate(db, &p->clerk, c.id, i % 2 ? 2 : 1, "device", err)) != BM_OK)
            break;
        int64_t rid;
        bm_stmt *g;
        int found = bm_fetch_one(db, BM_SQL_RECT_GET_CASE, NULL, c.id, &g, err);
        if (found < 0) {
            rc = -found;
            break;
        }
        if (found == 0)
            continue;
        rid = bm_col_int64(g, 0);
        bm_stmt_reset(g);
        if (i == 0) {   /* rectified a week later, on time */
            bm_clock_set(bm_time_at(done + 7, 10 * 60));
            rc = bm_rect_record(db, &p->head, rid, "情况属实：告知不清", "已当面解释并道歉", err);
        } else if (i == 1) {   /* rectified after its day */
            bm_clock_set(bm_time_at(today - 1, 10 * 60));
            rc = bm_rect_record(db, &p->head, rid, "情况属实：超时办理", "已优化流程", err);
        } else if (i == 2) {   /* appealed, accepted */
            bm_clock_set(bm_time_at(done + 2, 10 * 60));
            rc = bm_rect_appeal(db, &p->head, rid, "申请人误按评价器", err);
            if (rc == BM_OK)
                rc = bm_rect_decide(db, &p->head, rid, 1, "评价器日志证实误按", err);
        }
    }
    free(ids);
    return rc;
}

static int could_not(bm_db *db, struct actors *p, time_t now, bm_err *err)
{
    static const struct {
        const char *person, *phone, *wish;
        int cause, tier, closed;
    } recs[] = {
        {"陈桂芳", "13990002233", "办理高龄津贴，说要去县里", BM_IMP_PASSED_AROUND, 1, 0},
        {"刘德明", "13881903322", "补办林权证，目录里没有", BM_IMP_NOT_LISTED, 2, 0},
        {"王秀英", "13908164455", "宅基地审批三个月没结果", BM_IMP_TOO_SLOW, 3, 0},
        {"赵国军", "13551826677", "残疾人证换证被拒", BM_IMP_REFUSED, 2, 1},
    };
    int rc = BM_OK;
    for (size_t i = 0; rc == BM_OK && i < sizeof recs / sizeof recs[0]; i++) {
        bm_clock_set(now - (time_t)(6 - i) * 86400);
        bm_imp_new in = {.person = recs[i].person, .phone = recs[i].phone,
                         .wish = recs[i].wish, .cause = recs[i].cause};
        bm_impossible r;
        if ((rc = bm_imp_record(db, &p->clerk, &in, &r, err)) != BM_OK)
            break;
        for (int t = 1; rc == BM_OK && t < recs[i].tier; t++)
            rc = bm_imp_escalate(db, &p->head, r.id, t == 1 ? "窗口当日无法解决" :
                                 "需召集相关部门会商", err);
        if (rc == BM_OK && recs[i].closed)
            rc = bm_imp_close(db, &p->head, r.id, "协调县残联当日换证", "群众表示满意", err);
    }
    return rc;
}

int bm_demo_supervisor(bm_db *db, bm_err *err)
{
    struct actors p;
    int rc = actor(db, "supervisor", &p.u[0], &p.head, err);
    if (rc == BM_OK)
        rc = actor(db, "clerk", &p.u[1], &p.clerk, err);
    if (rc != BM_OK)
        return rc;
    time_t now = bm_now(), saved = bm_clock_pinned();
    rc = supervisions(db, &p, now, err);
    if (rc == BM_OK)
        rc = rectifications(db, &p, now, err);
    if (rc == BM_OK)
        rc = could_not(db, &p, now, err);
    bm_clock_set(now);
    int added;
    if (rc == BM_OK)
        rc = bm_cb_plan(db, &p.head, 10, &added, err);
    bm_clock_set(saved);
    return rc;
}
