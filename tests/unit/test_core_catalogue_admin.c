/* The administrator's catalogue work in core: an import's preview names exactly the new and
 * changed entries and writes nothing (no new version, no audit entry); new promised days make
 * a new version and a case accepted before keeps its own time limit. */
#include "tests/unit/test_core_util.h"
#include "core/case.h"
#include "core/catalogue.h"

static bm_db *db;

static int setup(void **state)
{
    (void)state;
    setenv("BIANMIN_NOW", "2026-11-30 10:00", 1);
    db = tu_demo_db("catalogue-admin.db");
    return db ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bm_db_close(db);
    tu_cleanup();
    return 0;
}

struct seen {
    char lines[8][80];
    int n;
};

static int note_change(const char *kind, const char *code, const char *name, int change,
                       void *ctx)
{
    (void)name;
    struct seen *s = ctx;
    if (s->n < 8)
        snprintf(s->lines[s->n++], sizeof s->lines[0], "%s %s %s",
                 change == 2 ? "new" : "changed", kind, code);
    return 0;
}

static const char file[] =
    "matter: SB-001\nname: 城乡居民基本养老保险参保登记\ntitle: 我要参加城乡居民养老保险\n"
    "dept: 社保\nlevel: township\ntype: 公共服务\n"
    "basis: 《国务院关于建立统一的城乡居民基本养老保险制度的意见》\nlegal: 5\npromised: 1\n"
    "fee: 0\nflags: citywide\nmaterial: 居民身份证 | original | 1 | required\n\n"
    "matter: ZZ-901\nname: 测试新事项\ntitle: 我要测试\ndept: 民政\nlevel: township\n"
    "type: 其他\nbasis: 测试\nlegal: 5\npromised: 2\nfee: 0\n";

static void preview_writes_nothing(void **state)
{
    (void)state;
    bm_err err;
    bm_actor admin = tu_actor(db, "admin"), clerk = tu_actor(db, "clerk");
    struct seen s = {0};
    assert_int_equal(bm_catalogue_preview(db, &clerk, file, sizeof file - 1, note_change, &s,
                                          &err), BM_EDENIED);
    int64_t versions = tu_count(db, "SELECT count(*) FROM matter");
    int64_t audits = tu_count(db, "SELECT count(*) FROM audit");
    assert_int_equal(bm_catalogue_preview(db, &admin, file, sizeof file - 1, note_change, &s,
                                          &err), BM_OK);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.lines[0], "changed matter SB-001");
    assert_string_equal(s.lines[1], "new matter ZZ-901");
    assert_int_equal(tu_count(db, "SELECT count(*) FROM matter"), versions);
    assert_int_equal(tu_count(db, "SELECT count(*) FROM audit"), audits);
    bm_matter *m = malloc(sizeof *m);
    assert_non_null(m);
    assert_int_equal(bm_matter_current(db, "ZZ-901", m, &err), BM_ENOTFOUND);
    /* A malformed file is refused as the import refuses it. */
    assert_int_equal(bm_catalogue_preview(db, &admin, "matter: X\nlegal: ?\n", 18, note_change,
                                          &s, &err), BM_EINVALID);
    free(m);
}

static void new_promised_days_leave_old_cases_alone(void **state)
{
    (void)state;
    bm_err err;
    bm_actor admin = tu_actor(db, "admin"), clerk = tu_actor(db, "clerk");
    bm_matter *m = malloc(sizeof *m);
    assert_non_null(m);
    assert_int_equal(bm_matter_current(db, "SB-001", m, &err), BM_OK);
    int before_version = m->version, before_days = m->promised_days;
    int64_t person = tu_count(db, "SELECT min(id) FROM applicant");
    static const char *const got[] = { "居民身份证", "城乡居民基本养老保险参保登记表" };
    bm_intake in = { .applicant_id = person, .matter_code = "SB-001", .channel = 1,
                     .received = got, .nreceived = 2, .mode = BM_INTAKE_ACCEPT };
    bm_case old_case, new_case;
    assert_int_equal(bm_case_intake(db, &clerk, &in, &old_case, &err), BM_OK);

    m->promised_days = before_days + 4;
    int v;
    assert_int_equal(bm_matter_save(db, &clerk, m, &v, &err), BM_EDENIED);
    assert_int_equal(bm_matter_save(db, &admin, m, &v, &err), BM_OK);
    assert_int_equal(v, before_version + 1);
    assert_int_equal(bm_case_intake(db, &clerk, &in, &new_case, &err), BM_OK);
    bm_case again;
    assert_int_equal(bm_case_get(db, &clerk, old_case.id, &again, &err), BM_OK);
    assert_int_equal(again.promised_days, before_days);
    assert_true(strcmp(again.deadline, new_case.deadline) < 0);
    assert_int_equal(new_case.promised_days, before_days + 4);
    free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(preview_writes_nothing),
        cmocka_unit_test(new_promised_days_leave_old_cases_alone),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
