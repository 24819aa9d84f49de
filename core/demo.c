/* The demo county: two townships of a fictional Sichuan county with their villages, groups,
 * grids and windows; staff for every role; the catalogue the program carries; applicants and
 * past cases. Everything comes from a seeded generator, so the same date gives the same data. */
#include <stdio.h>
#include <string.h>
#include "core/catalogue.h"
#include "core/db_internal.h"
#include "core/demo.h"
#include "core/demo_internal.h"
#include "core/embedded.h"
#include "core/org.h"
#include "core/user_internal.h"

struct village {
    const char *code, *name;
    int groups;
};

struct township {
    const char *code, *name, *phone;
    struct village villages[4];
};

static const struct township townships[] = {
    {"qinglin", "青林镇便民服务中心", "0818-7321001",
     {{"qinglin.xinqiao", "新桥村", 6}, {"qinglin.baiyan", "白岩村", 5},
      {"qinglin.bolin", "柏林村", 4}, {"qinglin.shequ", "青林社区", 5}}},
    {"shiqiao", "石桥镇便民服务中心", "0818-7352001",
     {{"shiqiao.longquan", "龙泉村", 5}, {"shiqiao.shuanghe", "双河村", 4},
      {"shiqiao.jie", "石桥社区", 6}, {NULL, NULL, 0}}},
};

static const char *const group_names[] = {"一组", "二组", "三组", "四组", "五组", "六组",
                                          "七组", "八组"};

struct staff {
    const char *login, *name;
    int role;
    const char *org, *phone;
};

/* The five demo logins first (bianmin's README names them), then colleagues. */
static const struct staff staff[] = {
    {"clerk", "张敏", BM_ROLE_CLERK, "qinglin", "13908161234"},
    {"agent", "赵建国", BM_ROLE_AGENT, "qinglin.xinqiao", "13551820417"},
    {"duty", "孙磊", BM_ROLE_DUTY, "qinglin", "18781837702"},
    {"supervisor", "黄志刚", BM_ROLE_SUPERVISOR, "qinglin", "13990866315"},
    {"admin", "冯涛", BM_ROLE_ADMIN, "county", "0818-7260110"},
    {"lijuan", "李娟", BM_ROLE_CLERK, "qinglin", "15082876642"},
    {"wanghy", "王海燕", BM_ROLE_CLERK, "qinglin", "13778310925"},
    {"zhouq", "周强", BM_ROLE_CLERK, "shiqiao", "18228940361"},
    {"chenj", "陈静", BM_ROLE_CLERK, "shiqiao", "13458195572"},
    {"yangli", "杨丽", BM_ROLE_AGENT, "qinglin.baiyan", "15984712036"},
    {"hezj", "何志军", BM_ROLE_AGENT, "qinglin.bolin", "13696175528"},
    {"liumei", "刘梅", BM_ROLE_AGENT, "qinglin.shequ", "18383865109"},
    {"tangwei", "唐伟", BM_ROLE_AGENT, "shiqiao.longquan", "13881897724"},
    {"denghua", "邓华", BM_ROLE_AGENT, "shiqiao.shuanghe", "15181850936"},
    {"zhenghong", "郑红", BM_ROLE_DUTY, "qinglin", "13350661847"},
    {"luoyong", "罗勇", BM_ROLE_DUTY, "shiqiao", "18090357261"},
    {"wucm", "吴春梅", BM_ROLE_SUPERVISOR, "shiqiao", "13618185503"},
    {"mali", "马丽", BM_ROLE_ADMIN, "county", "0818-7260111"},
};

static int build_org(bm_db *db, const bm_actor *shell, bm_err *err)
{
    int rc = bm_org_add(db, shell, "county", "青溪县政务服务中心", BM_ORG_COUNTY, NULL,
                        "0818-7260100", err);
    for (size_t t = 0; rc == BM_OK && t < sizeof townships / sizeof townships[0]; t++) {
        const struct township *tw = &townships[t];
        rc = bm_org_add(db, shell, tw->code, tw->name, BM_ORG_TOWNSHIP, "county", tw->phone, err);
        for (int w = 1; rc == BM_OK && w <= 4; w++) {
            char code[40], name[64];
            snprintf(code, sizeof code, "%s.w%d", tw->code, w);
            snprintf(name, sizeof name, "%d号综合窗口", w);
            rc = bm_org_add(db, shell, code, name, BM_ORG_WINDOW, tw->code, "", err);
        }
        for (int v = 0; rc == BM_OK && v < 4 && tw->villages[v].code; v++) {
            const struct village *vi = &tw->villages[v];
            rc = bm_org_add(db, shell, vi->code, vi->name, BM_ORG_VILLAGE, tw->code, "", err);
            for (int g = 0; rc == BM_OK && g < vi->groups; g++) {
                char code[40];
                snprintf(code, sizeof code, "%s.g%d", vi->code, g + 1);
                rc = bm_org_add(db, shell, code, group_names[g], BM_ORG_GROUP, vi->code, "", err);
            }
            for (int g = 1; rc == BM_OK && g <= 2; g++) {
                char code[40], name[32];
                snprintf(code, sizeof code, "%s.grid%d", vi->code, g);
                snprintf(name, sizeof name, "%s网格", g == 1 ? "第一" : "第二");
                rc = bm_org_add(db, shell, code, name, BM_ORG_GRID, vi->code, "", err);
            }
        }
    }
    /* 石桥镇 opens late on market days; its office hours differ from the default. */
    if (rc == BM_OK)
        rc = bm_org_set_office_hours(db, shell, "shiqiao", "08:30-12:00,14:00-18:00", err);
    return rc;
}

static int build_staff(bm_db *db, const bm_actor *shell, bm_err *err)
{
    /* One yescrypt hash of "demo" for everyone: hashing per account would cost seconds. */
    char hash[256];
    int rc = bm_password_make("demo", hash, sizeof hash, err);
    for (size_t i = 0; rc == BM_OK && i < sizeof staff / sizeof staff[0]; i++)
        rc = bm_user_add_hashed(db, shell, staff[i].login, staff[i].name, staff[i].role,
                                staff[i].org, hash, staff[i].phone, NULL, err);
    return rc;
}

int bm_demo_build(bm_db *db, const bm_actor *shell, bm_err *err)
{
    int rc = bm_tx_begin(db, err);
    if (rc != BM_OK)
        return rc;
    rc = build_org(db, shell, err);
    if (rc == BM_OK)
        rc = build_staff(db, shell, err);
    if (rc == BM_OK)
        rc = bm_catalogue_load(db, shell, (const char *)bm_embedded_catalogue,
                               bm_embedded_catalogue_len, NULL, NULL, NULL, err);
    if (rc == BM_OK)
        rc = bm_demo_people_and_cases(db, shell, err);
    if (rc == BM_OK)
        rc = bm_demo_duty(db, shell, err);
    if (rc == BM_OK)
        rc = bm_demo_workorders(db, err);
    if (rc == BM_OK)
        rc = bm_demo_proxy(db, err);
    if (rc == BM_OK)
        rc = bm_demo_supervisor(db, err);
    return bm_tx_end(db, rc, err);
}
