/* The demo county's people and past cases. Applicants get valid generated ID numbers and
 * phones; cases are planned as timelines (intake, acceptance, corrections, transfers,
 * completion, ratings ...) over the last four months, then replayed in time order through the
 * public case API with the clock set to each step's moment, so histories, audit entries,
 * deadlines and numbers are exactly what real use would have produced. Steps that fall after
 * "now" are left undone, which leaves recent cases open in every state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/applicant.h"
#include "core/calendar.h"
#include "core/case.h"
#include "core/catalogue.h"
#include "core/db_internal.h"
#include "core/demo_internal.h"
#include "core/org.h"
#include "core/user.h"
#include "core/validate.h"

#define APPLICANTS 260
#define LEGAL_PERSONS 8
#define CASES 380
#define SHOWCASE 7         /* the last plans: one open case in each state */
#define HISTORY_DAYS 120
#define MAX_EVENTS (CASES * 24)
#define MAX_MATTERS 400

/* splitmix64: small, fast, and the same sequence on every machine. */
struct rng {
    uint64_t s;
};

static uint64_t next64(struct rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static int pick(struct rng *r, int n)
{
    return n > 0 ? (int)(next64(r) % (uint64_t)n) : 0;
}

static int chance(struct rng *r, int percent)
{
    return pick(r, 100) < percent;
}

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高",
    "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "唐", "邓", "冯", "曾", "彭", "蒋",
    "蔡", "贾", "丁", "魏", "薛", "叶", "余", "潘", "杜", "戴", "夏", "钟", "汪", "田", "任",
    "姜", "范", "方", "石", "姚", "谭", "廖", "邹", "熊", "陆", "郝", "白", "崔", "毛", "邱",
    "秦", "江", "侯", "邵", "孟", "龙", "万", "段", "雷", "汤", "尹", "黎", "易", "常", "贺",
    "赖", "龚", "文", "单", "解", "仇", "区", "查", "覃", "曾", "翟", "缪",
};

static const char *const given[] = {
    "秀英", "桂兰", "建国", "德明", "志强", "海燕", "晓芳", "国军", "建华", "玉兰", "淑芬",
    "明", "伟", "芳", "娟", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娜",
    "涛", "超", "秀兰", "霞", "平", "刚", "桂英", "文", "华", "红", "建军", "春梅", "永福",
    "德贵", "顺才", "光明", "小龙", "思雨", "子涵", "浩然", "雨欣", "玉珍", "长贵", "正华",
    "大勇", "秀珍", "金花", "友全", "开明", "绍华", "德才", "兴旺", "燕", "琴", "鹏", "翠兰",
};

/* Applicants who speak Tibetan or Yi (藏汉、彝汉双语 service). */
static const struct { const char *name, *lang; } minority[] = {
    {"扎西顿珠", "bo"}, {"卓玛", "bo"}, {"格桑拉姆", "bo"}, {"次仁", "bo"},
    {"阿呷", "ii"}, {"吉克石布", "ii"}, {"沙马伍呷", "ii"}, {"阿苏", "ii"},
};

static const char *const legal_names[] = {
    "青溪县新桥村柑橘专业合作社", "青溪县白岩村茶叶种植专业合作社", "青溪县龙泉家庭农场",
    "青溪县青林镇顺发农资经营部", "青溪县双河村生猪养殖专业合作社", "青溪县柏林村竹编专业合作社",
    "青溪县石桥镇惠民超市", "青溪县青林镇乡村旅游服务有限公司",
};

static const char *const refuse_reasons[] = {
    "经审核不符合申请条件", "申请材料经核实与事实不符", "不属于本机关职责范围，已告知向有关部门申请",
};
static const char *const return_notes[] = {
    "户口簿复印件不清晰，请补正", "银行账户信息有误，请补正", "申请表缺少本人签字，请补正",
    "证明材料已过期，请重新开具",
};
static const char *const transfer_notes[] = {
    "属县医保局职责，转县医保局办理", "转县民政局审核", "转县住建局现场核查",
};
static const char *const escalate_notes[] = {
    "涉及多部门，上报县政务服务中心协调", "办不成事反映，上报中心负责人", "需县级部门审批，上报",
};
static const char *const deliveries[] = {"窗口领取", "免费邮寄", "代办员送达"};
static const char *const rating_channels[] = {"device", "sms", "phone", "agent"};
static const char *const supervise_notes[] = {
    "请加快办理，临近时限", "已超期，请说明原因并今日办结", "督办：请与申请人电话沟通进度",
};

struct village {
    int64_t id;
    int township;
    const char *agent;         /* login of the village's agent, NULL when it has none */
    int64_t groups[8];
    int ngroups;
};

struct person {
    int64_t id;
    int village;
};

enum ev_kind {
    EV_INTAKE, EV_TAKE, EV_ACCEPT, EV_START, EV_RETURN, EV_RESUME, EV_SUPPLY, EV_TRANSFER,
    EV_RECEIVE, EV_ESCALATE, EV_COMPLETE, EV_REFUSE, EV_WITHDRAW, EV_RATE, EV_SUPERVISE,
};

struct plan {
    int person;
    int bundle;                /* index into bundles, or -1 */
    int matter;                /* index into matters, or -1 */
    int channel, mode;
    const char *taker;         /* login taking the case in */
    int64_t case_id;
    int64_t children[BM_BUNDLE_MATTERS];
    int nchildren;
    char commit_due[11];
};

struct event {
    time_t at;
    int seq;
    int plan;
    int kind;
    int child;                 /* -1 = the case itself, else the sub-case index */
    const char *login;
    int arg;                   /* an index into the notes, a rating ... */
};

struct demo {
    bm_db *db;
    struct rng r;
    bm_day today;
    struct village villages[8];
    int nvillages;
    struct person people[APPLICANTS + LEGAL_PERSONS];
    int npeople;
    bm_matter_brief *matters;
    int nmatters;
    bm_matter_brief *bundles;
    int nbundles;
    struct plan plans[CASES];
    struct event *events;
    int nevents;
};

static const char *const clerks[2][3] = {{"clerk", "lijuan", "wanghy"}, {"zhouq", "chenj", "zhouq"}};
static const char *const duties[2][2] = {{"duty", "zhenghong"}, {"luoyong", "luoyong"}};
static const char *const supervisors[2] = {"supervisor", "wucm"};

static const char *village_codes[] = {"qinglin.xinqiao", "qinglin.baiyan", "qinglin.bolin",
                                      "qinglin.shequ", "shiqiao.longquan", "shiqiao.shuanghe",
                                      "shiqiao.jie"};
static const char *village_agents[] = {"agent", "yangli", "hezj", "liumei", "tangwei", "denghua",
                                       NULL};

static int collect_group(const bm_org *o, void *ctx)
{
    struct village *v = ctx;
    if (o->kind == BM_ORG_GROUP && v->ngroups < 8)
        v->groups[v->ngroups++] = o->id;
    return 0;
}

static int load_places(struct demo *d, bm_err *err)
{
    for (int i = 0; i < 7; i++) {
        bm_org o;
        int rc = bm_org_get_by_code(d->db, village_codes[i], &o, err);
        if (rc != BM_OK)
            return rc;
        struct village *v = &d->villages[d->nvillages++];
        memset(v, 0, sizeof *v);
        v->id = o.id;
        v->township = strncmp(village_codes[i], "shiqiao", 7) == 0;
        v->agent = village_agents[i];
        if ((rc = bm_org_children(d->db, o.id, collect_group, v, err)) != BM_OK)
            return rc;
    }
    return BM_OK;
}

static int collect_matter(const bm_matter_brief *m, void *ctx)
{
    struct demo *d = ctx;
    if (m->is_bundle) {
        if (d->nbundles < MAX_MATTERS)
            d->bundles[d->nbundles++] = *m;
    } else if (d->nmatters < MAX_MATTERS) {
        d->matters[d->nmatters++] = *m;
    }
    return 0;
}

static bm_actor actor_for(bm_db *db, const char *login, bm_user *u)
{
    bm_actor a = {0};
    if (bm_user_get(db, login, u, NULL) == BM_OK) {
        a.user_id = u->id;
        a.login = u->login;
        a.role = u->role;
        a.org_id = u->org_id;
    }
    a.session = "demo";
    a.addr = "";
    return a;
}

static void make_id(struct rng *r, const char *region, bm_day birth, int male, int seq,
                    char out[19])
{
    int y, m, dd;
    bm_day_to_ymd(birth, &y, &m, &dd);
    int order = (seq % 450) * 2 + (male ? 1 : 0) + 100;   /* odd for men, even for women */
    (void)r;
    char buf[64];
    snprintf(buf, sizeof buf, "%.6s%04d%02d%02d%03d", region, y % 10000, m % 100, dd % 100,
             order % 1000);
    memcpy(out, buf, 17);
    out[17] = bm_id_check_char(out);
    out[18] = '\0';
}

static void make_mobile(struct rng *r, char out[16])
{
    static const char second[] = "3355788999";
    snprintf(out, 16, "1%c%09d", second[pick(r, 10)], pick(r, 1000000000));
}

static int add_people(struct demo *d, const bm_actor *shell_unused, bm_err *err)
{
    (void)shell_unused;
    bm_user u;
    /* Registered by the clerks of each township, as at a window. */
    bm_actor clerk[2] = {actor_for(d->db, "clerk", &u), {0}};
    bm_user u2;
    clerk[1] = actor_for(d->db, "zhouq", &u2);
    int rc = BM_OK;
    char last_phone[16] = "";
    for (int i = 0; rc == BM_OK && i < APPLICANTS; i++) {
        struct rng *r = &d->r;
        bm_applicant a;
        memset(&a, 0, sizeof a);
        a.kind = BM_APPLICANT_PERSON;
        int vi = pick(r, d->nvillages);
        struct village *v = &d->villages[vi];
        a.village_id = v->id;
        a.group_id = v->ngroups ? v->groups[pick(r, v->ngroups)] : 0;
        int male = chance(r, 50);
        if (i % 37 == 5) {
            int k = pick(r, (int)(sizeof minority / sizeof minority[0]));
            bm_strlcpy(a.name, minority[k].name, sizeof a.name);
            bm_strlcpy(a.lang, minority[k].lang, sizeof a.lang);
        } else {
            snprintf(a.name, sizeof a.name, "%s%s",
                     surnames[pick(r, (int)(sizeof surnames / sizeof surnames[0]))],
                     given[pick(r, (int)(sizeof given / sizeof given[0]))]);
        }
        int age = 18 + pick(r, 70);
        bm_day birth = d->today - age * 365 - pick(r, 365);
        const char *region = chance(r, 88) ? "511725" : chance(r, 50) ? "511702" : "510722";
        make_id(r, region, birth, male, i, a.id_no);
        if (last_phone[0] && chance(r, 8))
            bm_strlcpy(a.phone, last_phone, sizeof a.phone);   /* a family shares a phone */
        else if (chance(r, 6))
            snprintf(a.phone, sizeof a.phone, "0818-73%05d", pick(r, 100000));
        else
            make_mobile(r, a.phone);
        bm_strlcpy(last_phone, a.phone, sizeof last_phone);
        if (age >= 60)
            a.flags |= BM_SPECIAL_ELDERLY;
        if (chance(r, 5))
            a.flags |= BM_SPECIAL_DISABLED;
        if (chance(r, 8))
            a.flags |= BM_SPECIAL_LOW_INCOME;
        if (age >= 60 && chance(r, 15))
            a.flags |= BM_SPECIAL_LEFT_BEHIND;
        rc = bm_applicant_add(d->db, &clerk[v->township], &a, err);
        if (rc == BM_ECONFLICT) {   /* an ID drawn twice: skip the person */
            rc = BM_OK;
            continue;
        }
        d->people[d->npeople].id = a.id;
        d->people[d->npeople++].village = vi;
    }
    static const char credit_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    for (int i = 0; rc == BM_OK && i < LEGAL_PERSONS; i++) {
        struct rng *r = &d->r;
        bm_applicant a;
        memset(&a, 0, sizeof a);
        a.kind = BM_APPLICANT_LEGAL;
        bm_strlcpy(a.name, legal_names[i], sizeof a.name);
        int vi = i % d->nvillages;
        a.village_id = d->villages[vi].id;
        /* 9 registration by market regulation, 3 farmers' cooperative / 2 enterprise. */
        char code[19];
        snprintf(code, sizeof code, "9%c511725", strstr(a.name, "合作社") ? '3' : '2');
        for (int k = 8; k < 17; k++)
            code[k] = credit_chars[pick(r, 31)];
        code[17] = bm_credit_check_char(code);
        code[18] = '\0';
        memcpy(a.id_no, code, sizeof code);
        make_mobile(r, a.phone);
        rc = bm_applicant_add(d->db, &clerk[d->villages[vi].township], &a, err);
        if (rc == BM_OK) {
            d->people[d->npeople].id = a.id;
            d->people[d->npeople++].village = vi;
        }
    }
    return rc;
}

static void add_event(struct demo *d, int plan, int kind, int child, time_t at,
                      const char *login, int arg)
{
    if (d->nevents >= MAX_EVENTS)
        return;
    struct event *e = &d->events[d->nevents];
    e->at = at;
    e->seq = d->nevents;
    e->plan = plan;
    e->kind = kind;
    e->child = child;
    e->login = login;
    e->arg = arg;
    d->nevents++;
}

static bm_day workday_after(struct demo *d, bm_day from, int n)
{
    bm_day out = from + n;
    bm_workdays_add(d->db, from, n, &out, NULL, NULL);
    return out;
}

static time_t office_time(struct demo *d, bm_day day)
{
    /* Mornings and afternoons, as the window is open. */
    int m = chance(&d->r, 55) ? 9 * 60 + 5 + pick(&d->r, 170) : 14 * 60 + 5 + pick(&d->r, 200);
    return bm_time_at(day, m);
}

static int matter_days(const struct demo *d, int m)
{
    return m >= 0 ? d->matters[m].promised_days : 0;
}

/* The timeline of one case, from intake to rating. */
static void plan_case(struct demo *d, int p)
{
    struct rng *r = &d->r;
    struct plan *pl = &d->plans[p];
    memset(pl, 0, sizeof *pl);
    pl->person = pick(r, d->npeople);
    struct village *v = &d->villages[d->people[pl->person].village];
    int t = v->township;
    const char *clerk = clerks[t][pick(r, 3)];
    const char *other_clerk = clerks[t][(pick(r, 2) + 1) % 3];
    if (other_clerk == clerk)
        other_clerk = clerks[t][0] == clerk ? clerks[t][1] : clerks[t][0];
    pl->bundle = d->nbundles && chance(r, 7) ? pick(r, d->nbundles) : -1;
    pl->matter = pl->bundle < 0 ? pick(r, d->nmatters) : -1;
    /* Channel and who takes the case in, and when. */
    int c = pick(r, 100);
    /* A fifth of the cases are from the last two weeks: those are still open, in every state. */
    bm_day day = chance(r, 20) ? d->today - pick(r, 14) : d->today - 1 - pick(r, HISTORY_DAYS);
    time_t at;
    int working;
    bm_is_working_day(d->db, day, &working, NULL, NULL);
    pl->mode = BM_INTAKE_ACCEPT;
    if (c < 8) {
        /* Evening hotline or weekend appointment, taken by the duty officer. */
        pl->channel = c < 5 ? BM_CHANNEL_HOTLINE : BM_CHANNEL_APPOINTMENT;
        pl->taker = duties[t][pick(r, 2)];
        at = working ? bm_time_at(day, 19 * 60 + pick(r, 120)) : office_time(d, day);
    } else {
        if (!working)
            day = workday_after(d, day, 1);
        if (day > d->today)
            day = d->today;
        at = office_time(d, day);
        if (c < 30 && v->agent) {
            pl->channel = c < 25 ? BM_CHANNEL_AGENT : BM_CHANNEL_HOME_VISIT;
            pl->taker = v->agent;
            pl->mode = BM_INTAKE_DRAFT;   /* the village receives, the township accepts */
        } else {
            pl->channel = c < 38 ? BM_CHANNEL_ONLINE : c < 43 ? BM_CHANNEL_APPOINTMENT
                                                              : BM_CHANNEL_WINDOW;
            pl->taker = clerk;
        }
    }
    bm_day d0 = bm_day_of(at);
    add_event(d, p, EV_INTAKE, -1, at, pl->taker, 0);
    /* When the window has the case accepted and in hand. */
    bm_day acc = d0;
    time_t ready = at;   /* from when the handler can work on it */
    const char *handler = clerk;
    if (pl->taker == v->agent) {
        acc = workday_after(d, d0, 1 + pick(r, 2));
        ready = bm_time_at(acc, 9 * 60 + 10 + pick(r, 60));
        add_event(d, p, EV_TAKE, -1, ready, clerk, 0);
        ready += 600;
        add_event(d, p, EV_ACCEPT, -1, ready, clerk, 0);
    } else if (pl->taker != clerk) {
        acc = workday_after(d, d0, 1);
        ready = bm_time_at(acc, 9 * 60 + pick(r, 40));
        add_event(d, p, EV_TAKE, -1, ready, clerk, 0);
    }
    int scenario = pick(r, 100);
    int promised = pl->bundle >= 0 ? 5 : matter_days(d, pl->matter);
    if (pl->bundle < 0 && pl->mode == BM_INTAKE_ACCEPT && scenario >= 85 && scenario < 92)
        pl->mode = BM_INTAKE_COMMIT;   /* falls back to accept when nothing may be promised */
    if (scenario < 3 && pl->mode != BM_INTAKE_DRAFT) {
        /* 不予受理 at the window: the clerk's decision, once the case has reached them. */
        pl->mode = BM_INTAKE_DRAFT;
        add_event(d, p, EV_REFUSE, -1, pl->taker == clerk ? at + 900 : ready + 300, clerk,
                  pick(r, 3));
        return;
    }
    if (scenario < 6) {
        add_event(d, p, EV_WITHDRAW, -1, office_time(d, workday_after(d, acc, 1 + pick(r, 3))),
                  handler, 0);
        return;
    }
    if (pl->mode == BM_INTAKE_COMMIT) {
        bm_day supply = workday_after(d, acc, 2 + pick(r, 3));
        bm_day_format(workday_after(d, acc, 5), pl->commit_due);
        add_event(d, p, EV_SUPPLY, -1, office_time(d, supply), handler, 0);
    }
    if (pl->bundle >= 0) {
        /* Each sub-case is started and completed on its own day; the bundle follows. */
        for (int k = 0; k < BM_BUNDLE_MATTERS; k++) {
            bm_day s = workday_after(d, acc, 1 + pick(r, 2));
            add_event(d, p, EV_START, k, office_time(d, s), handler, 0);
            bm_day done = workday_after(d, s, 1 + pick(r, 4));
            add_event(d, p, EV_COMPLETE, k, office_time(d, done) + 3600, handler, pick(r, 3));
        }
        if (chance(r, 80))
            add_event(d, p, EV_RATE, -1, bm_time_at(workday_after(d, acc, 8), 16 * 60), handler,
                      5 - (chance(r, 15) ? 1 : 0));
        return;
    }
    if (promised == 0) {
        /* 即办件: done on the spot. */
        add_event(d, p, EV_COMPLETE, -1, ready + 600, handler, 0);
        if (chance(r, 85))
            add_event(d, p, EV_RATE, -1, ready + 900, handler, 5);
        return;
    }
    bm_day start = workday_after(d, acc, pick(r, 2));
    if (pl->mode == BM_INTAKE_COMMIT)
        start = workday_after(d, acc, 1);
    time_t t_start = office_time(d, start);
    add_event(d, p, EV_START, -1, t_start > ready ? t_start : ready + 300, handler, 0);
    bm_day cur = start;
    int extra = 0;
    if (scenario >= 6 && scenario < 16) {
        bm_day ret = workday_after(d, start, 1);
        add_event(d, p, EV_RETURN, -1, office_time(d, ret), handler, pick(r, 4));
        cur = workday_after(d, ret, 2 + pick(r, 4));
        add_event(d, p, EV_RESUME, -1, office_time(d, cur), handler, 0);
        extra = 0;
    } else if (scenario >= 16 && scenario < 22) {
        bm_day tr = workday_after(d, start, 1);
        add_event(d, p, EV_TRANSFER, -1, office_time(d, tr), handler, pick(r, 3));
        cur = workday_after(d, tr, 1);
        add_event(d, p, EV_RECEIVE, -1, office_time(d, cur), other_clerk, 0);
        handler = other_clerk;
    } else if (scenario >= 22 && scenario < 28) {
        bm_day es = workday_after(d, start, 1);
        add_event(d, p, EV_ESCALATE, -1, office_time(d, es), handler, pick(r, 3));
        cur = workday_after(d, es, 1 + pick(r, 2));
        add_event(d, p, EV_RECEIVE, -1, office_time(d, cur), handler, 0);
    } else if (scenario >= 28 && scenario < 33) {
        add_event(d, p, EV_REFUSE, -1, office_time(d, workday_after(d, start, 1 + pick(r, 3))),
                  handler, pick(r, 3));
        return;
    } else if (scenario >= 33 && scenario < 40) {
        extra = 2 + pick(r, 4);   /* finishes late */
    }
    int span = promised > 1 ? 1 + pick(r, promised) : 1;
    bm_day done = workday_after(d, cur, span + extra);
    /* A slow case gets a supervision remark near its deadline. */
    bm_day deadline = workday_after(d, acc, promised);
    if (done >= deadline && deadline > start)
        add_event(d, p, EV_SUPERVISE, -1, office_time(d, deadline), supervisors[t], pick(r, 3));
    add_event(d, p, EV_COMPLETE, -1, office_time(d, done) + 3000, handler, pick(r, 3));
    if (chance(r, 85)) {
        int rt = pick(r, 1000);
        int rating = rt < 780 ? 5 : rt < 930 ? 4 : rt < 980 ? 3 : rt < 995 ? 2 : 1;
        add_event(d, p, EV_RATE, -1, office_time(d, workday_after(d, done, pick(r, 2))) + 3600,
                  handler, rating);
    }
}

static int cmp_event(const void *a, const void *b)
{
    const struct event *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->seq - y->seq;
}

struct names {
    const char *list[64];
    int n;
    char buf[64][128];
};

static int required_names(bm_db *db, const struct plan *pl, const struct demo *d,
                          struct names *out, int leave_commit, bm_err *err)
{
    bm_material plan[64];
    int n = bm_case_material_plan(db, pl->matter >= 0 ? d->matters[pl->matter].code : NULL,
                                  pl->bundle >= 0 ? d->bundles[pl->bundle].code : NULL, NULL,
                                  plan, 64, err);
    if (n < 0)
        return err ? err->code : BM_EDB;
    out->n = 0;
    for (int i = 0; i < n; i++) {
        if (!plan[i].required || (leave_commit && plan[i].commit_ok))
            continue;
        bm_strlcpy(out->buf[out->n], plan[i].name, sizeof out->buf[0]);
        out->list[out->n] = out->buf[out->n];
        out->n++;
    }
    return BM_OK;
}

static int collect_child(const bm_case *c, void *ctx)
{
    struct plan *pl = ctx;
    if (pl->nchildren < BM_BUNDLE_MATTERS)
        pl->children[pl->nchildren++] = c->id;
    return 0;
}

static int has_commit_material(bm_db *db, const struct demo *d, const struct plan *pl)
{
    bm_material plan[64];
    int n = bm_case_material_plan(db, d->matters[pl->matter].code, NULL, NULL, plan, 64, NULL);
    for (int i = 0; i < n; i++)
        if (plan[i].required && plan[i].commit_ok)
            return 1;
    return 0;
}

static int run_event(struct demo *d, const struct event *e, bm_err *err)
{
    struct plan *pl = &d->plans[e->plan];
    bm_user u;
    bm_actor who = actor_for(d->db, e->login, &u);
    int64_t id = pl->case_id;
    if (e->kind != EV_INTAKE && !id)
        return BM_OK;   /* the intake did not happen */
    if (e->child >= 0) {
        if (e->child >= pl->nchildren)
            return BM_OK;
        id = pl->children[e->child];
    }
    bm_case_args a = {0};
    struct names names;
    int rc;
    switch (e->kind) {
    case EV_INTAKE: {
        int commit = pl->mode == BM_INTAKE_COMMIT && has_commit_material(d->db, d, pl);
        if (pl->mode == BM_INTAKE_COMMIT && !commit)
            pl->mode = BM_INTAKE_ACCEPT;
        if ((rc = required_names(d->db, pl, d, &names, commit, err)) != BM_OK)
            return rc;
        bm_intake in = {
            .applicant_id = d->people[pl->person].id,
            .matter_code = pl->matter >= 0 ? d->matters[pl->matter].code : NULL,
            .bundle_code = pl->bundle >= 0 ? d->bundles[pl->bundle].code : NULL,
            .channel = pl->channel,
            .received = names.list,
            .nreceived = names.n,
            .mode = pl->mode,
            .commit_due = pl->commit_due,
        };
        bm_case c;
        if ((rc = bm_case_intake(d->db, &who, &in, &c, err)) != BM_OK)
            return rc;
        pl->case_id = c.id;
        if (pl->bundle >= 0)
            rc = bm_case_children(d->db, &who, c.id, collect_child, pl, err);
        return rc;
    }
    case EV_TAKE: {
        bm_case c;
        if ((rc = bm_case_get(d->db, &who, id, &c, err)) != BM_OK)
            return rc;
        return bm_status_is_open(c.status) ? bm_case_take(d->db, &who, id, err) : BM_OK;
    }
    case EV_ACCEPT: return bm_case_act(d->db, &who, id, BM_DO_ACCEPT, NULL, err);
    case EV_START: return bm_case_act(d->db, &who, id, BM_DO_START, NULL, err);
    case EV_RETURN:
        a.note = return_notes[e->arg % 4];
        return bm_case_act(d->db, &who, id, BM_DO_RETURN, &a, err);
    case EV_RESUME: return bm_case_act(d->db, &who, id, BM_DO_RESUME, NULL, err);
    case EV_SUPPLY: {
        bm_material plan[64];
        int n = bm_case_material_plan(d->db, pl->matter >= 0 ? d->matters[pl->matter].code : NULL,
                                      pl->bundle >= 0 ? d->bundles[pl->bundle].code : NULL, NULL,
                                      plan, 64, err);
        if (n < 0)
            return err ? err->code : BM_EDB;
        names.n = 0;
        for (int i = 0; i < n; i++)
            if (plan[i].required && plan[i].commit_ok) {
                bm_strlcpy(names.buf[names.n], plan[i].name, sizeof names.buf[0]);
                names.list[names.n] = names.buf[names.n];
                names.n++;
            }
        a.received = names.list;
        a.nreceived = names.n;
        bm_case c;
        if ((rc = bm_case_get(d->db, &who, id, &c, err)) != BM_OK)
            return rc;
        if (!c.commit_due[0])
            return BM_OK;   /* it was accepted normally after all */
        return bm_case_act(d->db, &who, id, BM_DO_SUPPLY, &a, err);
    }
    case EV_TRANSFER:
        a.note = transfer_notes[e->arg % 3];
        return bm_case_act(d->db, &who, id, BM_DO_TRANSFER, &a, err);
    case EV_RECEIVE: return bm_case_act(d->db, &who, id, BM_DO_RECEIVE, NULL, err);
    case EV_ESCALATE:
        a.note = escalate_notes[e->arg % 3];
        return bm_case_act(d->db, &who, id, BM_DO_ESCALATE, &a, err);
    case EV_COMPLETE: {
        bm_case c;
        if ((rc = bm_case_get(d->db, &who, id, &c, err)) != BM_OK)
            return rc;
        if (c.status == BM_CASE_COMMITMENT || c.commit_due[0])
            return BM_OK;   /* still waiting for the promised items */
        a.result = "准予办理";
        a.delivery = deliveries[e->arg % 3];
        return bm_case_act(d->db, &who, id, BM_DO_COMPLETE, &a, err);
    }
    case EV_REFUSE:
        a.reason = refuse_reasons[e->arg % 3];
        return bm_case_act(d->db, &who, id, BM_DO_REFUSE, &a, err);
    case EV_WITHDRAW:
        a.note = "申请人主动撤回";
        return bm_case_act(d->db, &who, id, BM_DO_WITHDRAW, &a, err);
    case EV_RATE: {
        bm_case c;
        if ((rc = bm_case_get(d->db, &who, id, &c, err)) != BM_OK)
            return rc;
        if (c.status != BM_CASE_COMPLETED || c.rating)
            return BM_OK;
        return bm_case_rate(d->db, &who, id, e->arg, rating_channels[e->arg % 4], err);
    }
    case EV_SUPERVISE: {
        bm_case c;
        if ((rc = bm_case_get(d->db, &who, id, &c, err)) != BM_OK)
            return rc;
        if (!bm_status_is_open(c.status))
            return BM_OK;
        return bm_case_note(d->db, &who, id, supervise_notes[e->arg % 3], err);
    }
    default: return BM_OK;
    }
}

/* A matter that takes days and may be accepted on commitment, for the showcase cases. */
static int showcase_matter(struct demo *d, int need_commit)
{
    for (int i = 0; i < d->nmatters; i++) {
        struct plan probe = {.matter = i, .bundle = -1};
        if (d->matters[i].promised_days >= 3 &&
            (!need_commit || has_commit_material(d->db, d, &probe)))
            return i;
    }
    return 0;
}

/* A few cases from the last working day, left in each open state, so that every list and
 * every state has something to show whatever the random timelines produced. */
static int showcase(struct demo *d, bm_err *err)
{
    static const int steps[][4] = {
        {EV_INTAKE, -1},                                   /* draft (the agent's) */
        {EV_INTAKE, -1},                                   /* accepted */
        {EV_INTAKE, -1},                                   /* commitment */
        {EV_INTAKE, EV_START, -1},                         /* processing */
        {EV_INTAKE, EV_START, EV_RETURN, -1},              /* corrections */
        {EV_INTAKE, EV_START, EV_TRANSFER, -1},            /* transferred */
        {EV_INTAKE, EV_START, EV_ESCALATE, -1},            /* escalated */
    };
    bm_day day = d->today;
    int working = 0;
    do {
        day--;
        bm_is_working_day(d->db, day, &working, NULL, NULL);
    } while (!working);
    int rc = BM_OK;
    for (int k = 0; rc == BM_OK && k < (int)(sizeof steps / sizeof steps[0]); k++) {
        struct plan *pl = &d->plans[CASES - 1 - k];
        memset(pl, 0, sizeof *pl);
        pl->bundle = -1;
        pl->matter = showcase_matter(d, k == 2);
        /* Someone from 新桥村, so the demo agent and the demo clerk both see these. */
        do
            pl->person = pick(&d->r, d->npeople);
        while (d->people[pl->person].village != 0);
        pl->channel = k == 0 ? BM_CHANNEL_AGENT : BM_CHANNEL_WINDOW;
        pl->taker = k == 0 ? "agent" : "clerk";
        pl->mode = k == 0 ? BM_INTAKE_DRAFT : k == 2 ? BM_INTAKE_COMMIT : BM_INTAKE_ACCEPT;
        bm_day_format(workday_after(d, day, 3), pl->commit_due);
        for (int s = 0; rc == BM_OK && steps[k][s] >= 0; s++) {
            struct event e = {.at = bm_time_at(day, 9 * 60 + 30 + 20 * k + 5 * s),
                              .plan = CASES - 1 - k, .kind = steps[k][s], .child = -1,
                              .login = pl->taker, .arg = k};
            bm_clock_set(e.at);
            rc = run_event(d, &e, err);
        }
    }
    return rc;
}

int bm_demo_people_and_cases(bm_db *db, const bm_actor *shell, bm_err *err)
{
    struct demo *d = calloc(1, sizeof *d);
    if (!d)
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    d->db = db;
    d->r.s = 20261123;
    time_t now = bm_now();
    time_t saved = bm_clock_pinned();
    d->today = bm_day_of(now);
    d->matters = calloc(MAX_MATTERS, sizeof *d->matters);
    d->bundles = calloc(MAX_MATTERS, sizeof *d->bundles);
    d->events = calloc(MAX_EVENTS, sizeof *d->events);
    int rc = d->matters && d->bundles && d->events ? BM_OK
                                                   : bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    /* People are registered over the months before the cases. */
    if (rc == BM_OK) {
        bm_clock_set(bm_time_at(d->today - HISTORY_DAYS - 10, 9 * 60));
        rc = load_places(d, err);
    }
    if (rc == BM_OK)
        rc = add_people(d, shell, err);
    if (rc == BM_OK)
        rc = bm_matter_search(db, NULL, collect_matter, d, err);
    if (rc == BM_OK && d->nmatters == 0)
        rc = bm_fail(err, BM_EINVALID, N_("The demo catalogue has no matters"), NULL);
    for (int p = 0; rc == BM_OK && p < CASES - SHOWCASE; p++)
        plan_case(d, p);
    if (rc == BM_OK)
        qsort(d->events, (size_t)d->nevents, sizeof *d->events, cmp_event);
    for (int i = 0; rc == BM_OK && i < d->nevents; i++) {
        if (d->events[i].at > now)
            break;
        bm_clock_set(d->events[i].at);
        rc = run_event(d, &d->events[i], err);
        if (rc != BM_OK && err) {
            char detail[sizeof err->detail];
            bm_strlcpy(detail, err->detail, sizeof detail);
            snprintf(err->detail, sizeof err->detail, "demo case %d step %d: %.200s",
                     d->events[i].plan, d->events[i].kind, detail);
        }
    }
    if (rc == BM_OK)
        rc = showcase(d, err);
    bm_clock_set(saved);
    free(d->matters);
    free(d->bundles);
    free(d->events);
    free(d);
    return rc;
}
