/* Demo data: three months of 12345 work orders at the 石桥镇 centre, of every kind and in
 * every state (some paused, some with missed clocks), entered and handled through the same
 * steps the screens use, each at its own time in the past. */
#include <stdio.h>
#include <string.h>
#include "core/date.h"
#include "core/demo_internal.h"
#include "core/user.h"
#include "core/workorder.h"

#define DEMO_ORDERS 60
#define DEMO_DAYS 90

static const struct { int kind; const char *summary; } requests[] = {
    {BM_WO_HELP, "路灯不亮"},          {BM_WO_COMPLAINT, "噪音扰民"},
    {BM_WO_CONSULT, "咨询医保缴费"},   {BM_WO_SUGGEST, "建议增设公交站"},
    {BM_WO_HELP, "反映道路破损"},      {BM_WO_CONSULT, "咨询低保申请"},
    {BM_WO_REPORT, "举报违规占道"},    {BM_WO_HELP, "自来水停水"},
    {BM_WO_COMPLAINT, "垃圾清运不及时"}, {BM_WO_CONSULT, "咨询养老保险"},
};

static int actor(bm_db *db, const char *login, bm_user *u, bm_actor *a, bm_err *err)
{
    int rc = bm_user_get(db, login, u, err);
    bm_actor x = {.user_id = u->id, .login = u->login, .role = u->role, .org_id = u->org_id,
                  .session = "demo", .addr = ""};
    *a = x;
    return rc;
}

/* Takes the order along `n` steps of a fixed path, a few working hours apart. */
static int handle(bm_db *db, const bm_actor *duty, int64_t id, int64_t unit, int n,
                  time_t now, time_t at, bm_err *err)
{
    static const int path[] = {BM_WOE_TRANSFERRED, BM_WOE_SIGNED, BM_WOE_PAUSED,
                               BM_WOE_RESUMED, BM_WOE_ANSWERED, BM_WOE_CALLBACK, BM_WOE_RATED,
                               BM_WOE_CLOSED};
    int rc = BM_OK;
    for (int i = 0; rc == BM_OK && i < n && i < (int)(sizeof path / sizeof path[0]); i++) {
        bm_wo_event_rec s;
        memset(&s, 0, sizeof s);
        s.event = path[i];
        s.unit_id = unit;
        s.reason = s.event == BM_WOE_RATED ? 4 : s.event == BM_WOE_PAUSED ? BM_WO_PAUSE_CALLER
                 : s.event == BM_WOE_ANSWERED ? BM_WO_BY_PHONE : 0;
        snprintf(s.note, sizeof s.note, "%s",
                 s.event == BM_WOE_TRANSFERRED ? "转窗口办理" :
                 s.event == BM_WOE_ANSWERED ? "已办理并电话答复来电人" :
                 s.event == BM_WOE_CALLBACK ? "来电人表示满意" : "");
        at += (time_t)(3 + (id + i) % 20) * 3600;
        if (at > now)
            break;
        bm_clock_set(at);
        rc = bm_wo_step(db, duty, id, &s, err);
    }
    return rc;
}

int bm_demo_workorders(bm_db *db, bm_err *err)
{
    bm_user du;
    bm_actor duty;
    int rc = actor(db, "luoyong", &du, &duty, err);
    bm_org window;
    if (rc == BM_OK)
        rc = bm_org_get_by_code(db, "shiqiao.w1", &window, err);
    time_t now = bm_now(), pinned = bm_clock_pinned();
    for (int i = 0; rc == BM_OK && i < DEMO_ORDERS; i++) {
        time_t at = now - (time_t)(DEMO_DAYS - i * DEMO_DAYS / DEMO_ORDERS) * 86400 +
                    (time_t)(i % 9) * 3600;
        char no[32];
        bm_day_format(bm_day_of(at), no);
        char num[40];
        snprintf(num, sizeof num, "SC%.4s%.2s%.2s%04d", no, no + 5, no + 8, i + 1);
        bm_wo_new in = {.no = num, .received_at = at, .caller = i % 4 ? "王先生" : "",
                        .phone = i % 4 ? "13800001111" : "", .kind = requests[i % 10].kind,
                        .summary = requests[i % 10].summary,
                        .text = requests[i % 10].summary};
        int64_t id = 0;
        bm_clock_set(at);
        rc = bm_wo_create(db, &duty, &in, &id, err);
        /* the older the order, the further along; every few an order that stalled */
        int steps = i % 7 == 3 ? 0 : (DEMO_ORDERS - i) * 9 / DEMO_ORDERS;
        if (rc == BM_OK)
            rc = handle(db, &duty, id, window.id, steps, now, at, err);
    }
    bm_clock_set(pinned);
    return rc;
}
