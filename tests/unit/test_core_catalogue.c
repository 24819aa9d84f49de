/* The matter catalogue: the file format (every malformed line refused with its number), the
 * shipped demo catalogue, versions on edit, search by pinyin initials, material plans. */
#include "core/case.h"
#include "core/catalogue.h"
#include "core/db_internal.h"
#include "core/embedded.h"
#include "test_core_util.h"

static const char good[] =
    "# a comment line\n"
    "matter: SB-001\n"
    "name: 城乡居民基本养老保险待遇领取资格认证\n"
    "title: 我要认证养老金领取资格\n"
    "dept: 社保\n"
    "level: township            # county | township | village\n"
    "type: 公共服务\n"
    "basis: 《中华人民共和国社会保险法》第十六条\n"
    "legal: 5\n"
    "promised: 0\n"
    "fee: 0\n"
    "flags: zero_material citywide inspection notify_commit\n"
    "material: 居民身份证 | original | 1 | required\n"
    "material: 户口簿 | copy | 1 | required | commit\n"
    "material: 授权委托书 | original | 1 | optional\n"
    "situation: 是否委托他人代办？\n"
    "  add: 授权委托书 | original | 1 | required\n"
    "  add: 代办人居民身份证 | original | 1 | required\n"
    "situation: 是否已持有社会保障卡？\n"
    "  remove: 户口簿\n"
    "\n"
    "matter: HY-001\nname: 内地居民婚姻登记\ntitle: 我要登记结婚\ndept: 民政\nlevel: county\n"
    "type: 确认\nlegal: 0\npromised: 0\nfee: 9.5\nfee_basis: 发改价格\n"
    "material: 居民身份证 | original | 1 | required\n"
    "\n\n"
    "matter: WJ-001\nname: 出生医学证明\ntitle: 我要办出生医学证明\ndept: 卫健\nlevel: county\n"
    "type: 确认\nlegal: 5\npromised: 1\n"
    "\n"
    "bundle: YJS-01\nname: 出生一件事\ntitle: 我要办理新生儿出生相关事项\nmatters: WJ-001 SB-001\n";

static void a_good_file_parses(void **state)
{
    (void)state;
    bm_catalogue c;
    bm_err err;
    assert_int_equal(bm_catalogue_parse(good, sizeof good - 1, &c, &err), BM_OK);
    assert_int_equal(c.nmatters, 3);
    assert_int_equal(c.nbundles, 1);
    const bm_matter *m = &c.matters[0];
    assert_string_equal(m->code, "SB-001");
    assert_string_equal(m->level, "township");   /* the trailing comment is gone */
    assert_int_equal(m->legal_days, 5);
    assert_int_equal(m->promised_days, 0);
    assert_int_equal(m->flags, BM_FLAG_ZERO_MATERIAL | BM_FLAG_CITYWIDE | BM_FLAG_INSPECTION |
                                   BM_FLAG_NOTIFY_COMMIT);
    assert_int_equal(m->nmaterials, 3);
    assert_string_equal(m->materials[1].name, "户口簿");
    assert_int_equal(m->materials[1].original, 0);
    assert_int_equal(m->materials[1].commit_ok, 1);
    assert_int_equal(m->materials[2].required, 0);
    assert_int_equal(m->nsituations, 2);
    assert_int_equal(m->situations[0].neffects, 2);
    assert_int_equal(m->situations[1].effects[0].add, 0);
    assert_int_equal(c.matters[1].fee_fen, 950);
    assert_string_equal(c.bundles[0].matters[1], "SB-001");
    /* Situations answered yes change the list: 委托 makes 授权委托书 required and adds the
     * agent's ID; 社保卡 removes 户口簿. */
    bm_material out[16];
    int n = bm_matter_materials_for(m, "YY", out, 16);
    assert_int_equal(n, 3);
    assert_string_equal(out[0].name, "居民身份证");
    assert_string_equal(out[1].name, "授权委托书");
    assert_int_equal(out[1].required, 1);
    assert_string_equal(out[2].name, "代办人居民身份证");
    assert_int_equal(bm_matter_materials_for(m, "NN", out, 16), 3);
    assert_int_equal(bm_matter_materials_for(m, NULL, out, 16), 3);
    assert_int_equal(out[2].required, 0);
    bm_catalogue_free(&c);
}

static void malformed_lines_are_refused_with_their_number(void **state)
{
    (void)state;
    static const struct { const char *text; int line; const char *reason; } bad[] = {
        {"matter: A\nname: x\ntitle: y\ndept: d\nlevel: city\n", 5, "level"},
        {"matter: A\nname: x\ntitle: y\ndept: d\nlevel: county\ntype: 许可\nlegal: 5\n"
         "promised: 6\n", 1, "promised"},   /* a block's fault: at its first line */
        {"matter: A\nname: x\ntitle: y\ndept: d\nlevel: county\ntype: 许可\nlegal: five\n", 7,
         "whole number"},
        {"matter: A\nname: x\ntitle: y\ndept: d\nlevel: county\ntype: 特许\n", 6, "type"},
        {"matter: A\nname: x\nmaterial: 身份证 | original | 1\n", 3, "material"},
        {"matter: A\nname: x\nmaterial: 身份证 | originals | 1 | required\n", 3, "original or copy"},
        {"matter: A\nname: x\nmaterial: 身份证 | original | 0 | required\n", 3, "whole number"},
        {"matter: A\nname: x\nmaterial: 身份证 | original | 1 | needed\n", 3, "required or"},
        {"matter: A\nname: x\nmaterial: 身份证 | original | 1 | required | maybe\n", 3, "commit"},
        {"matter: A\nname: x\nmaterial: 身份证 | copy | 1 | required\n"
         "material: 身份证 | copy | 1 | required\n", 4, "twice"},
        {"matter: A\nname: x\n  add: 委托书 | original | 1 | required\n", 3, "situation"},
        {"matter: A\nname: x\nsituation: 是否？\n  replace: 委托书\n", 4, "add: or remove:"},
        {"matter: A\nname: x\nflags: zero_material speedy\n", 3, "flags"},
        {"matter: A\nname: x\nname: y\n", 3, "twice"},
        {"matter: A\nname: x\ncolour: red\n", 3, "unknown key"},
        {"matter: A\nname x\n", 2, "key: value"},
        {"name: x\n", 1, "starts with"},
        {"matter: A B\n", 1, "code"},
        {"matter: A\nname: x\ntitle: y\ndept: d\nlevel: county\ntype: 许可\nlegal: 5\n"
         "promised: 5\nfee: 12.345\n", 9, "two decimals"},
        {"matter: A\nname: x\ntitle: y\ndept: d\nlevel: county\ntype: 许可\nlegal: 5\n"
         "promised: 5\nfee: 10\n\n", 1, "fee_basis"},
        {"matter: A\nname: x\ntitle: y\ndept: d\nlevel: county\ntype: 许可\nlegal: 5\n"
         "promised: 5\n\nmatter: A\n", 10, "used twice"},
        {"matter: A\nname: x\ntitle: y\n\n", 1, "needs name"},
        {"bundle: B\nname: x\nmatters: A\n", 3, "at least two"},
        {"bundle: B\nname: x\nmatters: A A\n", 3, "twice"},
        {"bundle: B\nname: x\n", 1, "needs name and matters"},
        {"# nothing but comments\n", 0, "no matters"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bm_catalogue c;
        bm_err err;
        bm_err_clear(&err);
        assert_int_equal(bm_catalogue_parse(bad[i].text, strlen(bad[i].text), &c, &err),
                         BM_EINVALID);
        char want[16];
        snprintf(want, sizeof want, "line %d:", bad[i].line);
        if ((bad[i].line && strncmp(err.detail, want, strlen(want)) != 0) ||
            !strstr(err.reason, bad[i].reason))
            fail_msg("case %zu: \"%s\" / \"%s\" (want line %d, \"%s\")", i, err.reason,
                     err.detail, bad[i].line, bad[i].reason);
        assert_null(c.matters);
    }
}

static void the_shipped_catalogue_is_complete(void **state)
{
    (void)state;
    bm_catalogue c;
    bm_err err;
    assert_int_equal(bm_catalogue_parse((const char *)bm_embedded_catalogue,
                                        bm_embedded_catalogue_len, &c, &err), BM_OK);
    /* Bundles name only matters of the file. */
    for (size_t b = 0; b < c.nbundles; b++)
        for (int k = 0; k < c.bundles[b].nmatters; k++) {
            int found = 0;
            for (size_t m = 0; m < c.nmatters; m++)
                found |= strcmp(c.matters[m].code, c.bundles[b].matters[k]) == 0;
            if (!found)
                fail_msg("bundle %s: no matter %s", c.bundles[b].code, c.bundles[b].matters[k]);
        }
    int birth = 0;
    for (size_t b = 0; b < c.nbundles; b++)
        birth |= strcmp(c.bundles[b].name, "出生一件事") == 0;
    assert_true(birth);
    print_message("# shipped catalogue: %zu matters, %zu bundles\n", c.nmatters, c.nbundles);
    bm_catalogue_free(&c);
}

static bm_db *db;

static int open_db(void **state)
{
    (void)state;
    db = tu_demo_db("catalogue.db");
    return 0;
}

static int close_db(void **state)
{
    (void)state;
    bm_db_close(db);
    return 0;
}

static int count(const char *sql)
{
    return (int)tu_count(db, sql);
}

static int count_version(int64_t id, int version, void *ctx)
{
    (void)id;
    *(int *)ctx = *(int *)ctx * 10 + version;
    return 0;
}

static void loading_makes_versions_only_for_changes(void **state)
{
    (void)state;
    bm_actor admin = tu_actor(db, "admin"), clerk = tu_actor(db, "clerk");
    int added, changed, unchanged;
    bm_err err;
    const char *file = "matter: X-1\nname: 甲\ntitle: 我要甲\ndept: 民政\nlevel: township\n"
                       "type: 给付\nlegal: 5\npromised: 3\n\n"
                       "matter: X-2\nname: 乙\ntitle: 我要乙\ndept: 民政\nlevel: township\n"
                       "type: 给付\nlegal: 5\npromised: 3\n\n"
                       "bundle: X-B\nname: 甲乙一件事\nmatters: X-1 X-2\n";
    assert_int_equal(bm_catalogue_load(db, &clerk, file, strlen(file), &added, &changed,
                                       &unchanged, &err), BM_EDENIED);
    assert_int_equal(count("SELECT count(*) FROM matter WHERE code LIKE 'X-%'"), 0);
    assert_int_equal(bm_catalogue_load(db, &admin, file, strlen(file), &added, &changed,
                                       &unchanged, &err), BM_OK);
    assert_int_equal(added, 3);
    assert_int_equal(changed, 0);
    assert_int_equal(bm_catalogue_load(db, &admin, file, strlen(file), &added, &changed,
                                       &unchanged, &err), BM_OK);
    assert_int_equal(added, 0);
    assert_int_equal(changed, 0);
    assert_int_equal(unchanged, 3);
    const char *file2 = "matter: X-1\nname: 甲\ntitle: 我要甲\ndept: 民政\nlevel: township\n"
                        "type: 给付\nlegal: 5\npromised: 2\n";
    assert_int_equal(bm_catalogue_load(db, &admin, file2, strlen(file2), &added, &changed,
                                       &unchanged, &err), BM_OK);
    assert_int_equal(changed, 1);
    assert_int_equal(count("SELECT count(*) FROM matter WHERE code = 'X-1'"), 2);
    assert_int_equal(count("SELECT count(*) FROM matter WHERE code = 'X-1' AND is_current = 1"), 1);
    assert_int_equal(count("SELECT promised_days FROM matter WHERE code = 'X-1' AND is_current = 1"), 2);
    int versions = 0;
    assert_int_equal(bm_matter_versions(db, "X-1", count_version, &versions, &err), BM_OK);
    assert_int_equal(versions, 12);   /* 1 then 2: 1*10 + 2 */
    assert_int_equal(bm_matter_versions(db, "X-404", count_version, &versions, &err), BM_ENOTFOUND);
    /* every version is in the audit log with before and after */
    assert_int_equal(count("SELECT count(*) FROM audit WHERE what = 'matter.change' AND "
                           "object_id = 'X-1@2' AND before LIKE '%\"promised\":3%' AND "
                           "after LIKE '%\"promised\":2%'"), 1);
    /* a bundle naming a matter that does not exist is refused, and nothing changes */
    const char *file3 = "matter: X-3\nname: 丙\ntitle: 我要丙\ndept: 民政\nlevel: township\n"
                        "type: 给付\nlegal: 5\npromised: 3\n\n"
                        "bundle: X-C\nname: 坏一件事\nmatters: X-1 X-9\n";
    assert_int_equal(bm_catalogue_load(db, &admin, file3, strlen(file3), &added, &changed,
                                       &unchanged, &err), BM_EINVALID);
    assert_non_null(strstr(err.detail, "X-9"));
    assert_int_equal(count("SELECT count(*) FROM matter WHERE code = 'X-3'"), 0);
    const char *path = tu_path("cat.txt");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(file, f);
    fclose(f);
    assert_int_equal(bm_catalogue_import(db, &admin, path, &added, &changed, &unchanged, &err),
                     BM_OK);
    assert_int_equal(changed, 1);   /* X-1 back to 3 days */
}

struct hits {
    int n, bundles;
    char codes[64][24];
};

static int collect(const bm_matter_brief *m, void *ctx)
{
    struct hits *h = ctx;
    if (h->n < 64)
        snprintf(h->codes[h->n++], 24, "%s", m->code);
    h->bundles += m->is_bundle;
    return 0;
}

static int hit(const struct hits *h, const char *code)
{
    for (int i = 0; i < h->n; i++)
        if (strcmp(h->codes[i], code) == 0)
            return 1;
    return 0;
}

static void search_by_code_words_and_initials(void **state)
{
    (void)state;
    bm_actor admin = tu_actor(db, "admin");
    const char *file = "matter: Q-ZGRZ\nname: 养老保险待遇领取资格认证\ntitle: 我要认证养老金领取资格\n"
                       "dept: 社保\nlevel: township\ntype: 公共服务\nlegal: 5\npromised: 0\n";
    assert_int_equal(bm_catalogue_load(db, &admin, file, strlen(file), NULL, NULL, NULL, NULL),
                     BM_OK);
    struct hits h = {0};
    assert_int_equal(bm_matter_search(db, "zgrz", collect, &h, NULL), BM_OK);   /* 资格认证 */
    assert_true(hit(&h, "Q-ZGRZ"));
    memset(&h, 0, sizeof h);
    assert_int_equal(bm_matter_search(db, "ZGRZ", collect, &h, NULL), BM_OK);
    assert_true(hit(&h, "Q-ZGRZ"));
    memset(&h, 0, sizeof h);
    assert_int_equal(bm_matter_search(db, "领取资格", collect, &h, NULL), BM_OK);
    assert_true(hit(&h, "Q-ZGRZ"));
    memset(&h, 0, sizeof h);
    assert_int_equal(bm_matter_search(db, "q-z", collect, &h, NULL), BM_OK);   /* code prefix */
    assert_true(hit(&h, "Q-ZGRZ"));
    memset(&h, 0, sizeof h);
    assert_int_equal(bm_matter_search(db, "csyjs", collect, &h, NULL), BM_OK);  /* 出生一件事 */
    assert_true(h.bundles >= 1);
    memset(&h, 0, sizeof h);
    assert_int_equal(bm_matter_search(db, "qqqqqq", collect, &h, NULL), BM_OK);
    assert_int_equal(h.n, 0);
    memset(&h, 0, sizeof h);
    assert_int_equal(bm_matter_search(db, NULL, collect, &h, NULL), BM_OK);
    assert_true(h.n >= 60 || h.n == 64);
}

/* Loading the shipped catalogue again over the demo database changes nothing: matters with
 * situations that add and remove materials compare equal to what was stored. */
static void reloading_the_same_catalogue_makes_no_versions(void **state)
{
    (void)state;
    bm_actor admin = tu_actor(db, "admin");
    int added = -1, changed = -1, unchanged = -1;
    bm_err err;
    int before = count("SELECT count(*) FROM matter");
    assert_int_equal(bm_catalogue_load(db, &admin, (const char *)bm_embedded_catalogue,
                                       bm_embedded_catalogue_len, &added, &changed, &unchanged,
                                       &err), BM_OK);
    assert_int_equal(added, 0);
    assert_int_equal(changed, 0);
    assert_true(unchanged >= 60);
    assert_int_equal(count("SELECT count(*) FROM matter"), before);
    assert_true(count("SELECT count(*) FROM situation_effect WHERE op = 'remove'") > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_good_file_parses),
        cmocka_unit_test(malformed_lines_are_refused_with_their_number),
        cmocka_unit_test(the_shipped_catalogue_is_complete),
        cmocka_unit_test_setup_teardown(loading_makes_versions_only_for_changes, open_db, close_db),
        cmocka_unit_test_setup_teardown(search_by_code_words_and_initials, open_db, close_db),
        cmocka_unit_test_setup_teardown(reloading_the_same_catalogue_makes_no_versions, open_db,
                                        close_db),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return failed;
}
