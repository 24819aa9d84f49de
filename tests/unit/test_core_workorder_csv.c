/* 12345 work orders from and to the hotline platform's CSV files: UTF-8 (with a BOM) and
 * GB18030, quoted fields across lines, a bad row that imports nothing and is named by its
 * line, a broken header or quote, and the export of answered orders read back in. */
#include <iconv.h>
#include "core/validate.h"
#include "core/workorder.h"
#include "test_core_util.h"

static bm_db *db;
static bm_actor duty, agent;

static int setup(void **state)
{
    (void)state;
    db = tu_demo_db("workorder_csv.db");
    duty = tu_actor(db, "duty");
    agent = tu_actor(db, "agent");
    bm_clock_set(tu_at("2026-11-30", 10, 0));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    bm_clock_set(0);
    bm_db_close(db);
    return 0;
}

static const char good[] =
    "\xEF\xBB\xBF工单编号,受理时间,诉求类型,来电人,联系电话,诉求摘要,诉求内容,所属村\r\n"
    "GD20261101001,2026-11-02 09:15,求助,王五,13812345678,路灯不亮,\"二组路灯坏了，\n"
    "已经一周\",新桥村\r\n"
    "\r\n"
    "GD20261101002,2026-11-02 10:20:30,投诉,,,噪音扰民,\"工地夜间施工, 影响休息\",\r\n"
    "GD20261101003,2026-11-03 14:00,咨询,李四,0818-2345678,社保缴费,咨询缴费标准,"
    "qinglin.baiyan\r\n";

static void a_utf8_file_imports_every_row(void **state)
{
    (void)state;
    int n, line;
    bm_err err;
    if (bm_wo_import_text(db, &duty, good, sizeof good - 1, &n, &line, &err) != BM_OK)
        fail_msg("import: %s %s (line %d)", err.reason, err.detail, line);
    assert_int_equal(n, 3);
    bm_workorder o;
    assert_int_equal(bm_wo_get_by_no(db, "GD20261101001", &o, NULL), BM_OK);
    assert_string_equal(o.caller, "王五");
    assert_string_equal(o.text, "二组路灯坏了，\n已经一周");
    assert_int_equal(o.kind, BM_WO_HELP);
    assert_int_equal(o.received_at, tu_at("2026-11-02", 9, 15));
    bm_org v;
    assert_int_equal(bm_org_get_by_code(db, "qinglin.xinqiao", &v, NULL), BM_OK);
    assert_int_equal(o.village_id, v.id);
    assert_int_equal(bm_wo_get_by_no(db, "GD20261101002", &o, NULL), BM_OK);
    assert_string_equal(o.caller, "");                       /* anonymous */
    assert_string_equal(o.text, "工地夜间施工, 影响休息");
    assert_int_equal(o.received_at, tu_at("2026-11-02", 10, 20) + 30);
    assert_int_equal(o.clocks[BM_WOC_TRANSFER].state, BM_WOC_RUNNING);
    assert_int_equal(bm_wo_get_by_no(db, "GD20261101003", &o, NULL), BM_OK);
    assert_int_equal(bm_org_get_by_code(db, "qinglin.baiyan", &v, NULL), BM_OK);
    assert_int_equal(o.village_id, v.id);
    /* the same file again: the numbers are taken, nothing more is entered */
    assert_int_equal(bm_wo_import_text(db, &duty, good, sizeof good - 1, &n, &line, &err),
                     BM_ECONFLICT);
    assert_int_equal(line, 2);
    assert_int_equal(n, 0);
}

static char *to_gb18030(const char *s, size_t *len)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t n = strlen(s), cap = n * 2, left = cap;
    char *out = malloc(cap), *ip = (char *)s, *op = out;
    assert_true(iconv(cd, &ip, &n, &op, &left) != (size_t)-1);
    iconv_close(cd);
    *len = cap - left;
    return out;
}

static void a_gb18030_file_imports_too(void **state)
{
    (void)state;
    size_t len;
    char *gb = to_gb18030("工单编号,受理时间,诉求类型,诉求摘要,来电人\n"
                          "GB-0001,2026-11-04 09:00,意见建议,建议增设公交站,赵六\n", &len);
    int n, line;
    bm_err err;
    assert_false(bm_utf8_valid(gb, len));
    if (bm_wo_import_text(db, &duty, gb, len, &n, &line, &err) != BM_OK)
        fail_msg("import: %s %s (line %d)", err.reason, err.detail, line);
    free(gb);
    assert_int_equal(n, 1);
    bm_workorder o;
    assert_int_equal(bm_wo_get_by_no(db, "GB-0001", &o, NULL), BM_OK);
    assert_string_equal(o.summary, "建议增设公交站");
    assert_string_equal(o.caller, "赵六");
    assert_int_equal(o.kind, BM_WO_SUGGEST);
}

static void a_bad_row_imports_nothing_and_is_named(void **state)
{
    (void)state;
    static const char bad[] =
        "工单编号,受理时间,诉求类型,诉求摘要,诉求内容\n"
        "BAD-1,2026-11-05 09:00,咨询,咨询一,\"第一行\n第二行\n第三行\"\n"
        "BAD-2,2026-11-05 09:10,咨询,咨询二,\n"
        "BAD-3,2026-11-05 09:20,来访,咨询三,\n"          /* line 6: no such kind */
        "BAD-4,2026-11-05 09:30,咨询,咨询四,\n";
    int64_t before = tu_count(db, "SELECT count(*) FROM work_order");
    int n, line;
    bm_err err;
    assert_int_equal(bm_wo_import_text(db, &duty, bad, sizeof bad - 1, &n, &line, &err),
                     BM_EINVALID);
    assert_int_equal(line, 6);
    assert_int_equal(n, 0);
    assert_int_equal(err.field, BM_FIELD_KIND);
    assert_int_equal(tu_count(db, "SELECT count(*) FROM work_order"), before);
    assert_int_equal(tu_count(db, "SELECT count(*) FROM work_order_event e WHERE NOT EXISTS "
                                  "(SELECT 1 FROM work_order w WHERE w.id = e.order_id)"), 0);

    static const char late[] = "工单编号,受理时间,诉求类型,诉求摘要\n"
                               "BAD-5,2026-11-31 09:00,咨询,日期不对\n";
    assert_int_equal(bm_wo_import_text(db, &duty, late, sizeof late - 1, &n, &line, &err),
                     BM_EINVALID);
    assert_int_equal(line, 2);
    static const char quote[] = "工单编号,受理时间,诉求类型,诉求摘要\n"
                                "BAD-6,2026-11-05 09:00,咨询,\"没有结束的引号\n";
    assert_int_equal(bm_wo_import_text(db, &duty, quote, sizeof quote - 1, &n, &line, &err),
                     BM_EINVALID);
    assert_int_equal(line, 2);
    static const char header[] = "编号,受理时间,诉求类型,诉求摘要\nX,2026-11-05 09:00,咨询,a\n";
    assert_int_equal(bm_wo_import_text(db, &duty, header, sizeof header - 1, &n, &line, &err),
                     BM_EINVALID);
    assert_int_equal(line, 1);
    static const char bytes[] = "工单编号,受理时间,诉求类型,诉求摘要\n\xFF\xFF\n";
    assert_int_equal(bm_wo_import_text(db, &duty, bytes, sizeof bytes - 1, &n, &line, &err),
                     BM_EINVALID);
    assert_int_equal(line, 2);
    static const char one[] = "工单编号,受理时间,诉求类型,诉求摘要\nAG-1,2026-11-05 09:00,咨询,a\n";
    assert_int_equal(bm_wo_import_text(db, &agent, one, sizeof one - 1, &n, &line, &err),
                     BM_EDENIED);
    assert_int_equal(tu_count(db, "SELECT count(*) FROM work_order"), before);
}

static void answered_orders_export_in_the_same_shape(void **state)
{
    (void)state;
    static const char two[] = "工单编号,受理时间,诉求类型,诉求摘要,来电人\n"
                              "EX-1,2026-11-09 09:00,求助,\"井盖缺失,危险\",钱七\n"
                              "EX-2,2026-11-09 09:30,咨询,咨询低保,孙八\n";
    int n, line;
    bm_err err;
    assert_int_equal(bm_wo_import_text(db, &duty, two, sizeof two - 1, &n, &line, &err), BM_OK);
    bm_workorder o;
    assert_int_equal(bm_wo_get_by_no(db, "EX-1", &o, NULL), BM_OK);
    bm_wo_event_rec sign = {.event = BM_WOE_SIGNED};
    bm_wo_event_rec answer = {.event = BM_WOE_ANSWERED, .reason = BM_WO_BY_VISIT,
                              .note = "已补装井盖,并当面答复"};
    assert_int_equal(bm_wo_step(db, &duty, o.id, &sign, &err), BM_OK);
    assert_int_equal(bm_wo_step(db, &duty, o.id, &answer, &err), BM_OK);
    char *csv;
    size_t len;
    int count;
    assert_int_equal(bm_wo_export_text(db, &duty, 0, &csv, &len, &count, &err), BM_OK);
    assert_int_equal(count, 1);
    char *text = strndup(csv, len);
    assert_non_null(strstr(text, "\"工单编号\",\"受理时间\",\"诉求类型\",\"诉求摘要\""));
    assert_non_null(strstr(text, "\"EX-1\",\"2026-11-09 09:00\",\"求助\",\"井盖缺失,危险\""));
    assert_non_null(strstr(text, "\"走访\",\"已补装井盖,并当面答复\",\"2026-11-30 10:00\""));
    assert_null(strstr(text, "EX-2"));
    free(text);
    free(csv);
    /* in GB18030 for the platform, and read back by a fresh database */
    assert_int_equal(bm_wo_export_text(db, &duty, 1, &csv, &len, &count, &err), BM_OK);
    assert_false(bm_utf8_valid(csv, len));
    bm_db *other = tu_demo_db("workorder_csv_other.db");
    bm_actor other_duty = tu_actor(other, "duty");
    assert_int_equal(bm_wo_import_text(other, &other_duty, csv, len, &n, &line, &err), BM_OK);
    assert_int_equal(n, 1);
    assert_int_equal(bm_wo_get_by_no(other, "EX-1", &o, NULL), BM_OK);
    assert_string_equal(o.summary, "井盖缺失,危险");
    assert_string_equal(o.caller, "钱七");
    free(csv);
    bm_db_close(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_utf8_file_imports_every_row),
        cmocka_unit_test(a_gb18030_file_imports_too),
        cmocka_unit_test(a_bad_row_imports_nothing_and_is_named),
        cmocka_unit_test(answered_orders_export_in_the_same_shape),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    tu_cleanup();
    return rc;
}
