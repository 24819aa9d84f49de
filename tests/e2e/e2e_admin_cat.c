/* End-to-end tests of the administrator's matter catalogue over real SSH: `admin` edits a
 * matter's promised days (a case the clerk accepted before keeps its deadline, the next one
 * gets the new limit, and the versions screen shows what changed); retires a matter (the
 * clerk's intake refuses it in words, the case accepted before still opens); imports a file
 * whose preview lists exactly its new, changed and retired matters and writes nothing until
 * F2 confirms. */
#include "tests/e2e/demo.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/login.h"
#include "core/calendar.h"
#include "core/date.h"
#include "core/db.h"
#include "core/store.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define NOW "2026-11-30 10:00"

static int start_shared(void **state)
{
    (void)state;
    return e2e_shared_start(NOW);
}

/* Waits for text; dumps the screen and fails the test when it does not come. */
static void expect(bmt_term *t, const char *text)
{
    if (!bmt_wait_text(t, text, 15000)) {
        bmt_screen_dump(t, text);
        fail_msg("not on the screen: %s", text);
    }
    bmt_wait_quiet(t, 200, 3000);
}

/* The admin's catalogue, found by code, the matter opened (BM941). */
static void open_matter(bmt_term *t, const char *code)
{
    e2e_keys(t, "\"3\" Enter");
    expect(t, "BM940");
    char spec[64];
    snprintf(spec, sizeof spec, "\"/%s\" Enter", code);
    e2e_keys(t, spec);
    expect(t, "1 条");
    e2e_keys(t, "\"5\" Enter");
    expect(t, "BM941");
    expect(t, code);
}

/* The clerk's intake of a known applicant for a matter up to the receipt: its case number. */
static void clerk_intake(bmt_term *t, int nth, const char *matter, const char *name,
                         const char *ticks, char no[13])
{
    char id[19], spec[64];
    assert_int_equal(demo_known_applicant(e2e_shared, nth, id), 0);
    e2e_keys(t, "1 Enter");
    expect(t, "BM210");
    snprintf(spec, sizeof spec, "\"%s\" Enter", id);
    e2e_keys(t, spec);
    assert_true(bmt_wait_gone(t, "输入身份证号、电话、姓名或拼音首字母后回车", 10000));
    snprintf(spec, sizeof spec, "\"%s\" Enter", matter);
    e2e_keys(t, spec);
    expect(t, name);
    snprintf(spec, sizeof spec, "\"%s\" F2", ticks);
    e2e_keys(t, spec);
    expect(t, "受理回执");
    char *s = bmt_screen_text(t);
    const char *p = s ? strstr(s, "办件号：") : NULL;
    assert_non_null(p);
    p += strlen("办件号：");
    for (int i = 0; i < 12; i++)
        assert_true(isdigit((unsigned char)p[i]));
    memcpy(no, p, 12);
    no[12] = 0;
    free(s);
    e2e_keys(t, "Enter");
    bmt_wait_quiet(t, 200, 3000);
    e2e_keys(t, "F3");
    expect(t, "===>");
}

static char *case_text(const char *sql, const char *no)
{
    char *v = demo_db_text(e2e_shared, sql, no);
    assert_non_null(v);
    return v;
}

/* The working day `days` after today on the server's calendar. */
static void due_after(int days, char out[11])
{
    bm_db *db;
    bm_err err;
    bm_store_set_data_dir(bmt_server_datadir(e2e_shared));   /* where the audit key is */
    assert_int_equal(bm_db_open(bmt_server_db(e2e_shared), &db, &err), BM_OK);
    bm_day due;
    assert_int_equal(bm_workdays_add(db, bm_day_from_ymd(2026, 11, 30), days, &due, NULL, &err),
                     BM_OK);
    bm_db_close(db);
    bm_day_format(due, out);
}

/* LY-003 promises 3 working days. A case accepted before the edit keeps 3 days and its
 * deadline; the admin makes it 8 (a new version); the next case is due 8 working days on. */
static void edit_promised_days_keeps_old_deadline(void **state)
{
    (void)state;
    char before_no[13], after_no[13], three[11], eight[11];
    due_after(3, three);
    due_after(8, eight);
    bmt_term *clerk = e2e_login(e2e_shared, "clerk");
    clerk_intake(clerk, 1, "LY-003", "森林防火期内在森林防火区野外用火审批", "XXX", before_no);
    char *dl = case_text("SELECT deadline FROM bcase WHERE no = ?1", before_no);
    assert_string_equal(dl, three);
    free(dl);

    bmt_term *admin = e2e_login(e2e_shared, "admin");
    open_matter(admin, "LY-003");
    expect(admin, "承诺 3 个、法定 20 个工作日");
    expect(admin, "第 1 版（现行）");
    e2e_keys(admin, "F2");
    expect(admin, "BM942");
    e2e_keys(admin, "Tab Tab Tab C-u \"8\" F2");
    expect(admin, "对新办件生效");
    expect(admin, "承诺 8 个、法定 20 个工作日");
    expect(admin, "第 2 版（现行）");
    /* Its versions: what changed from the first to the second. */
    e2e_keys(admin, "F6");
    expect(admin, "BM943");
    e2e_keys(admin, "\"6\" Enter");
    expect(admin, "从第 1 版到第 2 版的变化");
    assert_true(bmt_screen_has(admin, "承诺时限"));
    assert_true(bmt_screen_has(admin, "-> 8"));
    assert_false(bmt_screen_has(admin, "法定时限"));   /* only what changed */
    e2e_logout(admin);

    clerk_intake(clerk, 2, "LY-003", "森林防火期内在森林防火区野外用火审批", "XXX", after_no);
    e2e_logout(clerk);
    dl = case_text("SELECT deadline FROM bcase WHERE no = ?1", before_no);
    assert_string_equal(dl, three);   /* the case accepted before keeps its deadline */
    free(dl);
    dl = case_text("SELECT deadline FROM bcase WHERE no = ?1", after_no);
    assert_string_equal(dl, eight);
    free(dl);
    assert_int_equal(demo_db_long(e2e_shared, "SELECT promised_days FROM bcase WHERE no = ?1",
                                  before_no), 3);
    assert_int_equal(demo_db_long(e2e_shared, "SELECT promised_days FROM bcase WHERE no = ?1",
                                  after_no), 8);
    assert_int_equal(demo_db_long(e2e_shared, "SELECT count(*) FROM matter WHERE code = ?1",
                                  "LY-003"), 2);
}

/* NY-006 is retired: the clerk's intake refuses it with the reason in words and no case is
 * made; the case accepted before still opens; the catalogue marks the matter. */
static void retire_refuses_intake_old_case_opens(void **state)
{
    (void)state;
    char no[13];
    bmt_term *clerk = e2e_login(e2e_shared, "clerk");
    clerk_intake(clerk, 3, "NY-006", "动物产地检疫申报", "XX ", no);

    bmt_term *admin = e2e_login(e2e_shared, "admin");
    open_matter(admin, "NY-006");
    e2e_keys(admin, "F9");
    expect(admin, "BM944");
    e2e_keys(admin, "F2");
    expect(admin, "请写明停用原因");
    e2e_keys(admin, "\"并入动物检疫一件事\" F2");
    expect(admin, "NY-006 已停用");
    expect(admin, "并入动物检疫一件事");
    e2e_keys(admin, "F3");
    expect(admin, "BM940");
    expect(admin, "已停用 !");
    e2e_logout(admin);

    long cases = demo_db_long(e2e_shared, "SELECT count(*) FROM bcase c JOIN matter m ON "
                                          "m.id = c.matter_id WHERE m.code = ?1", "NY-006");
    char id[19], spec[64];
    assert_int_equal(demo_known_applicant(e2e_shared, 4, id), 0);
    e2e_keys(clerk, "1 Enter");
    expect(clerk, "BM210");
    snprintf(spec, sizeof spec, "\"%s\" Enter", id);
    e2e_keys(clerk, spec);
    assert_true(bmt_wait_gone(clerk, "输入身份证号、电话、姓名或拼音首字母后回车", 10000));
    e2e_keys(clerk, "\"NY-006\" Enter");
    expect(clerk, "该事项已从目录中停用，不再受理新办件");
    assert_int_equal(demo_db_long(e2e_shared, "SELECT count(*) FROM bcase c JOIN matter m ON "
                                              "m.id = c.matter_id WHERE m.code = ?1", "NY-006"),
                     cases);
    e2e_keys(clerk, "F3");   /* leaving asks first: discard what was typed */
    bmt_wait_quiet(clerk, 300, 3000);
    e2e_keys(clerk, "\"y\"");
    expect(clerk, "===>");
    /* The old case opens from My cases. */
    e2e_keys(clerk, "2 Enter");
    expect(clerk, "BM220");
    snprintf(spec, sizeof spec, "\"/%s\" Enter", no);
    e2e_keys(clerk, spec);
    expect(clerk, "找到 1 条");
    e2e_keys(clerk, "\"5\" Enter");
    expect(clerk, "BM230");
    expect(clerk, no);
    assert_true(bmt_screen_has(clerk, "动物产地检疫申报"));
    e2e_logout(clerk);
}

static const char import_file[] =
    "# a test catalogue: one matter unchanged, one changed, one new, one retired\n"
    "matter: SB-002\nname: 城乡居民基本养老保险待遇领取资格认证\ntitle: 我要认证养老金领取资格\n"
    "dept: 社保\nlevel: township\ntype: 公共服务\nbasis: 《中华人民共和国社会保险法》\n"
    "legal: 0\npromised: 0\nfee: 0\nflags: zero_material citywide\n"
    "material: 社会保障卡 | original | 1 | optional\n\n"
    "matter: SB-001\nname: 城乡居民基本养老保险参保登记\ntitle: 我要参加城乡居民养老保险\n"
    "dept: 社保\nlevel: township\ntype: 公共服务\n"
    "basis: 《国务院关于建立统一的城乡居民基本养老保险制度的意见》\nlegal: 5\npromised: 1\n"
    "fee: 0\nflags: citywide\nmaterial: 居民身份证 | original | 1 | required\n\n"
    "matter: ZZ-901\nname: 测试新增事项\ntitle: 我要测试\ndept: 民政\nlevel: township\n"
    "type: 其他\nbasis: 测试\nlegal: 5\npromised: 2\nfee: 0\n\n"
    "retire: SB-004\nreason: 省级目录取消\n";

/* The screen row holding text, or NULL (caller frees). */
static char *row_with(bmt_term *t, const char *text)
{
    for (int r = 0; r < 24; r++) {
        char *row = bmt_screen_row(t, r);
        if (row && strstr(row, text))
            return row;
        free(row);
    }
    return NULL;
}

static void import_preview_lists_exactly_and_writes_nothing(void **state)
{
    (void)state;
    char path[600];
    snprintf(path, sizeof path, "%s/test-catalogue.txt", bmt_server_datadir(e2e_shared));
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(import_file, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
    bmt_term *admin = e2e_login(e2e_shared, "admin");
    e2e_keys(admin, "\"3\" Enter");
    expect(admin, "BM940");
    e2e_keys(admin, "F6");
    expect(admin, "BM945");
    e2e_keys(admin, "F2");   /* importing unseen is refused */
    expect(admin, "请先预览文件");
    /* What is stored before the preview (the login has been audited by now). */
    long versions = demo_db_long(e2e_shared, "SELECT count(*) FROM matter", NULL);
    long audits = demo_db_long(e2e_shared, "SELECT count(*) FROM audit", NULL);
    long sb001 = demo_db_long(e2e_shared, "SELECT max(version) FROM matter WHERE code = ?1",
                              "SB-001");
    char spec[700];
    snprintf(spec, sizeof spec, "\"%s\" F6", path);
    e2e_keys(admin, spec);
    expect(admin, "预览：共 3 处变化，尚未写入");
    static const char *const lines[][2] = {
        { "SB-001", "变更" }, { "ZZ-901", "新增" }, { "SB-004", "停用" },
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        char *row = row_with(admin, lines[i][0]);
        if (!row || !strstr(row, lines[i][1])) {
            bmt_screen_dump(admin, lines[i][0]);
            fail_msg("%s is not listed as %s", lines[i][0], lines[i][1]);
        }
        free(row);
    }
    assert_false(bmt_screen_has(admin, "SB-002"));   /* unchanged: not listed */
    /* Nothing written by the preview. */
    assert_int_equal(demo_db_long(e2e_shared, "SELECT count(*) FROM matter", NULL), versions);
    assert_int_equal(demo_db_long(e2e_shared, "SELECT count(*) FROM audit", NULL), audits);
    assert_int_equal(demo_db_long(e2e_shared, "SELECT count(*) FROM matter_retired WHERE "
                                              "code = ?1", "SB-004"), 0);

    e2e_keys(admin, "F2");
    expect(admin, "已导入：新增 1 项，变更或停用 2 项，未变 1 项。");
    e2e_logout(admin);
    assert_int_equal(demo_db_long(e2e_shared, "SELECT count(*) FROM matter", NULL),
                     versions + 2);
    assert_int_equal(demo_db_long(e2e_shared, "SELECT max(version) FROM matter WHERE code = ?1",
                                  "SB-001"), sb001 + 1);
    assert_int_equal(demo_db_long(e2e_shared, "SELECT count(*) FROM matter WHERE code = ?1",
                                  "ZZ-901"), 1);
    assert_int_equal(demo_db_long(e2e_shared, "SELECT count(*) FROM matter_retired WHERE "
                                              "code = ?1", "SB-004"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(edit_promised_days_keeps_old_deadline),
        cmocka_unit_test(retire_refuses_intake_old_case_opens),
        cmocka_unit_test(import_preview_lists_exactly_and_writes_nothing),
    };
    return cmocka_run_group_tests(tests, start_shared, e2e_shared_stop);
}
