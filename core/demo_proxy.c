/* The demo village's proxy requests (代办台账): 新桥村's agent has requests in several stages,
 * one of them refused by the township and not yet told to the person, so the ledger shows its
 * untold count from the first login. The special-group ledger: the two elderly people are
 * paired with the agent for monthly visits, one visited 40 days ago (overdue), the other 10
 * days ago; a third elderly person is not paired yet. */
#include <stdio.h>
#include <string.h>
#include "core/applicant.h"
#include "core/demo_internal.h"
#include "core/org.h"
#include "core/proxy.h"
#include "core/proxy_special.h"
#include "core/store.h"
#include "core/user.h"
#include "core/validate.h"

static int actor_of(bm_db *db, const char *login, bm_user *u, bm_actor *a, bm_err *err)
{
    int rc = bm_user_get(db, login, u, err);
    if (rc != BM_OK)
        return rc;
    *a = (bm_actor){.user_id = u->id, .login = u->login, .role = u->role, .org_id = u->org_id,
                    .session = "demo", .addr = ""};
    return BM_OK;
}

static int person(bm_db *db, const bm_actor *agent, const char *name, const char *first17,
                  int64_t village_id, int64_t *id, bm_err *err)
{
    bm_applicant a;
    memset(&a, 0, sizeof a);
    a.kind = BM_APPLICANT_PERSON;
    bm_strlcpy(a.name, name, sizeof a.name);
    snprintf(a.id_no, sizeof a.id_no, "%s%c", first17, bm_id_check_char(first17));
    bm_strlcpy(a.phone, "13881230456", sizeof a.phone);
    a.village_id = village_id;
    a.flags = BM_SPECIAL_ELDERLY;
    int rc = bm_applicant_add(db, agent, &a, err);
    *id = a.id;
    return rc;
}

/* Pairs the person and logs a visit `ago` days before now. */
static int paired(bm_db *db, const bm_actor *agent, int64_t person, const char *needs, int ago,
                  const char *done, bm_err *err)
{
    bm_special s;
    time_t saved = bm_clock_pinned(), now = bm_now();
    bm_clock_set(now - (time_t)(ago + 5) * 86400);
    int rc = bm_special_pair(db, agent, person, needs, 30, &s, err);
    bm_clock_set(now - (time_t)ago * 86400);
    if (rc == BM_OK)
        rc = bm_special_visit(db, agent, person, done, NULL, NULL, err);
    bm_clock_set(saved);
    return rc;
}

static int special_groups(bm_db *db, const bm_actor *agent, int64_t village_id, int64_t old_man,
                          int64_t old_woman, bm_err *err)
{
    int64_t alone;
    int rc = paired(db, agent, old_man, "独居，腿脚不便，需代缴医保、代领药", 40,
                    "上门看望，帮助核对养老金到账", err);
    if (rc == BM_OK)
        rc = paired(db, agent, old_woman, "视力差，需代办证件", 10, "上门送达医保卡", err);
    if (rc == BM_OK)
        rc = person(db, agent, "杨秀英", "51172519410720002", village_id, &alone, err);
    return rc;
}

int bm_demo_proxy(bm_db *db, bm_err *err)
{
    bm_user ua, uc;
    bm_actor agent, clerk;
    bm_org village;
    int64_t old_man, old_woman;
    int rc;
    if ((rc = actor_of(db, "agent", &ua, &agent, err)) ||
        (rc = actor_of(db, "clerk", &uc, &clerk, err)) ||
        (rc = bm_org_get_by_code(db, "qinglin.xinqiao", &village, err)) ||
        (rc = person(db, &agent, "罗德贵", "51172519440612003", village.id, &old_man, err)) ||
        (rc = person(db, &agent, "陈素芬", "51172519470903002", village.id, &old_woman, err)))
        return rc;
    static const char *const hukou[] = {"户口簿"};
    const bm_proxy_new wants[] = {
        {.applicant_id = old_man, .wish = "想问问高龄津贴怎么领", .came = BM_CAME_MARKET_DAY,
         .authority = BM_AUTH_PRESENT},
        {.applicant_id = old_woman, .wish = "医保卡丢了要补办", .came = BM_CAME_HOME_VISIT,
         .authority = BM_AUTH_PAPER, .materials = hukou, .nmaterials = 1, .originals = hukou,
         .noriginals = 1},
        {.applicant_id = old_man, .wish = "老房子想办危房改造", .came = BM_CAME_PHONE,
         .authority = BM_AUTH_PAPER},
    };
    bm_proxy p[3];
    for (int i = 0; rc == BM_OK && i < 3; i++)
        rc = bm_proxy_take(db, &agent, &wants[i], &p[i], err);
    if (rc == BM_OK)
        rc = bm_proxy_act(db, &agent, p[1].id, BM_PX_FORWARD, NULL, err);
    if (rc == BM_OK)
        rc = bm_proxy_act(db, &agent, p[2].id, BM_PX_FORWARD, NULL, err);
    const bm_proxy_args no = {.reason = "房屋已于去年纳入改造，不能重复申请"};
    if (rc == BM_OK)
        rc = bm_proxy_act(db, &clerk, p[2].id, BM_PX_REFUSE, &no, err);
    if (rc == BM_OK)
        rc = special_groups(db, &agent, village.id, old_man, old_woman, err);
    return rc;
}
