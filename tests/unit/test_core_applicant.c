/* Applicants and pinyin initials: the generated table, variants for polyphonic surnames,
 * registration checks, lookup by ID / phone / name / initials, and ID masking. */
#include "core/applicant.h"
#include "core/case.h"
#include "core/org.h"
#include "core/pinyin.h"
#include "test_core_util.h"

static int has_variant(const char *name, const char *want)
{
    char v[BM_INITIALS_MAX][BM_INITIALS_LEN];
    int n = bm_pinyin_initials(name, v, BM_INITIALS_MAX);
    for (int i = 0; i < n; i++)
        if (strcmp(v[i], want) == 0)
            return 1;
    return 0;
}

static void initials_of_names(void **state)
{
    (void)state;
    static const struct { const char *name, *first, *also; } cases[] = {
        /* common surnames: the usual reading first */
        {"张三", "zs", NULL},
        {"王秀英", "wxy", NULL},
        {"李建国", "ljg", NULL},
        {"刘德明", "ldm", NULL},
        {"陈晓芳", "cxf", NULL},
        {"黄志刚", "hzg", NULL},
        /* polyphonic surnames: found by their surname reading too */
        {"单文华", "dwh", "swh"},      /* 单 shàn */
        {"曾国芳", "cgf", "zgf"},      /* 曾 zēng */
        {"解晓东", "jxd", "xxd"},      /* 解 xiè */
        {"仇明", "cm", "qm"},          /* 仇 qiú */
        {"区磊", "ql", "ol"},          /* 区 ōu */
        {"查文静", "cwj", "zwj"},      /* 查 zhā */
        {"翟红", "dh", "zh"},          /* 翟 zhái */
        {"覃丽", "tl", "ql"},          /* 覃 qín */
        {"朴正浩", "pzh", "pzh"},
        /* minority names with the middle dot, Latin letters */
        {"扎西·顿珠", "zxdz", NULL},
        {"阿呷", "ag", NULL},   /* the Yi name reads a-ga */
        {"Li明", "lim", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char v[BM_INITIALS_MAX][BM_INITIALS_LEN];
        int n = bm_pinyin_initials(cases[i].name, v, BM_INITIALS_MAX);
        assert_true(n >= 1);
        if (strcmp(v[0], cases[i].first) != 0)
            fail_msg("%s: first variant %s, want %s", cases[i].name, v[0], cases[i].first);
        if (cases[i].also && !has_variant(cases[i].name, cases[i].also))
            fail_msg("%s: no variant %s", cases[i].name, cases[i].also);
    }
    /* Bounded: a long name of polyphonic characters keeps at most BM_INITIALS_MAX. */
    char v[BM_INITIALS_MAX][BM_INITIALS_LEN];
    assert_int_equal(bm_pinyin_initials("单曾解仇区查翟覃", v, BM_INITIALS_MAX), BM_INITIALS_MAX);
    assert_int_equal(bm_pinyin_initials("单曾解", v, 3), 3);
    assert_int_equal(bm_pinyin_initials("", v, BM_INITIALS_MAX), 0);
    assert_int_equal(bm_pinyin_initials("123", v, BM_INITIALS_MAX), 0);
    char usual;
    uint32_t all;
    assert_int_equal(bm_pinyin_of(0x5355 /* 单 */, &usual, &all), 1);
    assert_int_equal(usual, 'd');
    assert_true(all & (1u << ('s' - 'a')));
    assert_int_equal(bm_pinyin_of('A', &usual, &all), 0);
}

static bm_db *db;
static int64_t xinqiao, xinqiao_g3, baiyan;

static int setup(void **state)
{
    (void)state;
    db = tu_demo_db("applicant.db");
    bm_org o;
    if (bm_org_get_by_code(db, "qinglin.xinqiao", &o, NULL) != BM_OK)
        return -1;
    xinqiao = o.id;
    if (bm_org_get_by_code(db, "qinglin.xinqiao.g3", &o, NULL) != BM_OK)
        return -1;
    xinqiao_g3 = o.id;
    if (bm_org_get_by_code(db, "qinglin.baiyan", &o, NULL) != BM_OK)
        return -1;
    baiyan = o.id;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    bm_db_close(db);
    return 0;
}

static int64_t add_person(const bm_actor *who, const char *name, const char *id, const char *phone,
                          int64_t village, int expect)
{
    bm_applicant a;
    memset(&a, 0, sizeof a);
    a.kind = BM_APPLICANT_PERSON;
    snprintf(a.name, sizeof a.name, "%s", name);
    snprintf(a.id_no, sizeof a.id_no, "%s", id);
    snprintf(a.phone, sizeof a.phone, "%s", phone);
    a.village_id = village;
    bm_err err;
    int rc = bm_applicant_add(db, who, &a, &err);
    if (rc != expect)
        fail_msg("%s: got %d (%s %s), want %d", name, rc, err.reason ? err.reason : "",
                 err.detail, expect);
    return rc == BM_OK ? a.id : 0;
}

struct found {
    int n;
    char names[32][64];
    char ids[32][64];
};

static int collect(const bm_applicant *a, void *ctx)
{
    struct found *f = ctx;
    if (f->n < 32) {
        snprintf(f->names[f->n], 64, "%s", a->name);
        snprintf(f->ids[f->n], 64, "%s", a->id_no);
        f->n++;
    }
    return 0;
}

static int search(const bm_actor *who, const char *text, struct found *f)
{
    memset(f, 0, sizeof *f);
    return bm_applicant_search(db, who, text, 32, 0, collect, f, NULL);
}

static int found_name(const struct found *f, const char *name)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->names[i], name) == 0)
            return 1;
    return 0;
}

static void registration_checks(void **state)
{
    (void)state;
    bm_actor clerk = tu_actor(db, "clerk"), agent = tu_actor(db, "agent"),
             admin = tu_actor(db, "admin");
    add_person(&clerk, "单文华", "511725198203150010", "13708161234", xinqiao, BM_OK);
    /* the same number again, even typed in full width */
    add_person(&clerk, "单文华", "５１１７２５１９８２０３１５００１０", "13708161234", xinqiao,
               BM_ECONFLICT);
    add_person(&clerk, "错号", "511725198203150017", "13708161234", xinqiao, BM_EINVALID);
    add_person(&clerk, "没电话", "511725198203150029", "", xinqiao, BM_EINVALID);
    add_person(&clerk, "坏电话", "511725198203150029", "12345", xinqiao, BM_EINVALID);
    add_person(&clerk, "   ", "511725198203150029", "13708161234", xinqiao, BM_EINVALID);
    /* an agent registers people of their own village only; admins none */
    add_person(&agent, "曾国芳", "511725197001010023", "13881801234", xinqiao, BM_OK);
    add_person(&agent, "解晓东", "511725197001010031", "13881801235", baiyan, BM_EDENIED);
    add_person(&admin, "解晓东", "511725197001010031", "13881801235", baiyan, BM_EDENIED);
    /* group must be in the village */
    bm_applicant a;
    memset(&a, 0, sizeof a);
    a.kind = BM_APPLICANT_PERSON;
    snprintf(a.name, sizeof a.name, "仇明");
    snprintf(a.id_no, sizeof a.id_no, "511725196512120019");
    snprintf(a.phone, sizeof a.phone, "0818-7321888");
    a.village_id = baiyan;
    a.group_id = xinqiao_g3;
    assert_int_equal(bm_applicant_add(db, &clerk, &a, NULL), BM_EINVALID);
    a.village_id = xinqiao;
    a.flags = BM_SPECIAL_ELDERLY | BM_SPECIAL_LEFT_BEHIND;
    snprintf(a.lang, sizeof a.lang, "ii");
    assert_int_equal(bm_applicant_add(db, &clerk, &a, NULL), BM_OK);
    assert_string_equal(a.phone, "0818-7321888");
    bm_applicant back;
    assert_int_equal(bm_applicant_get(db, &clerk, a.id, &back, NULL), BM_OK);
    assert_string_equal(back.group_name, "三组");
    assert_string_equal(back.village_name, "新桥村");
    assert_int_equal(back.flags, BM_SPECIAL_ELDERLY | BM_SPECIAL_LEFT_BEHIND);
    assert_string_equal(back.lang, "ii");
    /* a legal person with its credit code */
    memset(&a, 0, sizeof a);
    a.kind = BM_APPLICANT_LEGAL;
    snprintf(a.name, sizeof a.name, "青溪县新桥村蜂蜜专业合作社");
    snprintf(a.id_no, sizeof a.id_no, "93511725MA62X4L1QJ");
    a.village_id = xinqiao;
    assert_int_equal(bm_applicant_add(db, &clerk, &a, NULL), BM_OK);
    snprintf(a.id_no, sizeof a.id_no, "93511725MA62X4L1QK");
    assert_int_equal(bm_applicant_add(db, &clerk, &a, NULL), BM_EINVALID);
}

static void lookup_by_initials_name_phone_and_id(void **state)
{
    (void)state;
    bm_actor clerk = tu_actor(db, "clerk"), agent = tu_actor(db, "agent"),
             admin = tu_actor(db, "admin");
    add_person(&clerk, "张三", "511725199001010014", "13908160001", xinqiao, BM_OK);
    add_person(&clerk, "张淑芬", "511725195502020028", "13908160001", baiyan, BM_OK);
    add_person(&clerk, "区磊", "511725198808080019", "13908160003", baiyan, BM_OK);
    struct found f;
    assert_int_equal(search(&clerk, "zs", &f), BM_OK);
    assert_true(found_name(&f, "张三") && found_name(&f, "张淑芬"));
    /* initials are a prefix, in order: zs before zsf */
    int i3 = -1, i4 = -1;
    for (int i = 0; i < f.n; i++) {
        if (!strcmp(f.names[i], "张三"))
            i3 = i;
        if (!strcmp(f.names[i], "张淑芬"))
            i4 = i;
    }
    assert_true(i3 >= 0 && i3 < i4);
    assert_int_equal(search(&clerk, "ZSF", &f), BM_OK);   /* capitals too */
    assert_true(found_name(&f, "张淑芬") && !found_name(&f, "张三"));
    /* polyphonic surnames by their surname readings, and by the usual one */
    assert_int_equal(search(&clerk, "swh", &f), BM_OK);
    assert_true(found_name(&f, "单文华"));
    assert_int_equal(search(&clerk, "dwh", &f), BM_OK);
    assert_true(found_name(&f, "单文华"));
    assert_int_equal(search(&clerk, "zgf", &f), BM_OK);
    assert_true(found_name(&f, "曾国芳"));
    assert_int_equal(search(&clerk, "qm", &f), BM_OK);
    assert_true(found_name(&f, "仇明"));
    assert_int_equal(search(&clerk, "ol", &f), BM_OK);
    assert_true(found_name(&f, "区磊"));
    /* one row per person even when several variants match ("q" matches qm and cm? no: q*) */
    assert_int_equal(search(&clerk, "q", &f), BM_OK);
    for (int i = 0; i < f.n; i++)
        for (int k = i + 1; k < f.n; k++)
            assert_true(strcmp(f.names[i], f.names[k]) || strcmp(f.ids[i], f.ids[k]));
    /* by name prefix, by phone (a family phone finds both), by ID (full width too) */
    assert_int_equal(search(&clerk, "张淑", &f), BM_OK);
    assert_true(found_name(&f, "张淑芬") && !found_name(&f, "张三"));
    assert_int_equal(search(&clerk, "139 0816 0001", &f), BM_OK);
    assert_int_equal(f.n, 2);
    assert_int_equal(search(&clerk, "５１１７２５１９９００１０１００１４", &f), BM_OK);
    assert_int_equal(f.n, 1);
    assert_string_equal(f.names[0], "张三");
    /* an agent sees the people of their village only */
    assert_int_equal(search(&agent, "zs", &f), BM_OK);
    assert_true(found_name(&f, "张三") && !found_name(&f, "张淑芬"));
    assert_int_equal(search(&agent, "13908160001", &f), BM_OK);
    assert_int_equal(f.n, 1);
    /* admins do not look into applicants */
    assert_int_equal(search(&admin, "zs", &f), BM_EDENIED);
    assert_int_equal(search(&clerk, "", &f), BM_EINVALID);
}

static void ids_are_masked_except_for_handlers(void **state)
{
    (void)state;
    bm_actor clerk = tu_actor(db, "clerk"), lijuan = tu_actor(db, "lijuan");
    int64_t id = add_person(&clerk, "王秀英", "510722199003151232", "13908161234", xinqiao, BM_OK);
    bm_applicant a;
    assert_int_equal(bm_applicant_get(db, &clerk, id, &a, NULL), BM_OK);
    assert_string_equal(a.id_no, "510722********1232");
    assert_int_equal(a.id_masked, 1);
    assert_int_equal(bm_applicant_may_see_full_id(db, &clerk, id), 0);
    /* the clerk takes a case for her: now she handles it and sees the number */
    bm_intake in = {.applicant_id = id, .matter_code = "SB-001", .channel = BM_CHANNEL_WINDOW,
                    .mode = BM_INTAKE_DRAFT};
    bm_case c;
    bm_err err;
    assert_int_equal(bm_case_intake(db, &clerk, &in, &c, &err), BM_OK);
    assert_int_equal(bm_applicant_may_see_full_id(db, &clerk, id), 1);
    assert_int_equal(bm_applicant_get(db, &clerk, id, &a, NULL), BM_OK);
    assert_string_equal(a.id_no, "510722199003151232");
    assert_string_equal(c.applicant_id_no, "510722199003151232");
    /* a colleague who does not handle it still sees it masked, in the case too */
    assert_int_equal(bm_applicant_get(db, &lijuan, id, &a, NULL), BM_OK);
    assert_string_equal(a.id_no, "510722********1232");
    assert_int_equal(bm_case_get(db, &lijuan, c.id, &c, NULL), BM_OK);
    assert_string_equal(c.applicant_id_no, "510722********1232");
    /* looking up by the full number typed in returns it unmasked */
    assert_int_equal(bm_applicant_by_id_no(db, &lijuan, "510722199003151232", &a, NULL), BM_OK);
    assert_string_equal(a.id_no, "510722199003151232");
}

static void renaming_updates_initials(void **state)
{
    (void)state;
    bm_actor clerk = tu_actor(db, "clerk");
    int64_t id = add_person(&clerk, "李明", "51172520000101001X", "13908169999", xinqiao, BM_OK);
    struct found f;
    assert_int_equal(search(&clerk, "lm", &f), BM_OK);
    assert_true(found_name(&f, "李明"));
    bm_applicant a;
    assert_int_equal(bm_applicant_get(db, &clerk, id, &a, NULL), BM_OK);
    snprintf(a.name, sizeof a.name, "李明轩");
    assert_int_equal(bm_applicant_update(db, &clerk, &a, NULL), BM_OK);
    assert_int_equal(search(&clerk, "lmx", &f), BM_OK);
    assert_true(found_name(&f, "李明轩"));
    assert_int_equal(bm_applicant_get(db, &clerk, id, &a, NULL), BM_OK);
    assert_string_equal(a.id_no, "511725********001X");   /* the number was not touched */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(initials_of_names),
        cmocka_unit_test(registration_checks),
        cmocka_unit_test(lookup_by_initials_name_phone_and_id),
        cmocka_unit_test(ids_are_masked_except_for_handlers),
        cmocka_unit_test(renaming_updates_initials),
    };
    int failed = cmocka_run_group_tests(tests, setup, teardown);
    tu_cleanup();
    return failed;
}
