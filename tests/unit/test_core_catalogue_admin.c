/* The administrator's catalogue work in core: an import's preview names exactly the new and
 * changed entries and writes nothing (no new version, no audit entry); new promised days make
 * a new version and a case accepted before keeps its own time limit; edits, the differences
 * between versions, and retiring a matter (intake refused, old cases kept). */
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
                 change == BM_CAT_NEW ? "new" : change == BM_CAT_RETIRED ? "retired" : "changed",
                 kind, code);
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

/* An edit changes only the fields named, makes a new version and is audited; a bad value
 * is refused and nothing is stored. The diff between the versions names exactly the change. */
struct diffs {
    char lines[8][200];
    int n;
};

static void note_diff(const char *label, const char *before, const char *after, void *ctx)
{
    struct diffs *d = ctx;
    if (d->n < 8)
        snprintf(d->lines[d->n++], sizeof d->lines[0], "%s: %s -> %s", label, before, after);
}

static void edit_makes_a_version_and_the_diff_names_it(void **state)
{
    (void)state;
    bm_err err;
    bm_actor admin = tu_actor(db, "admin"), clerk = tu_actor(db, "clerk");
    bm_matter *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(bm_matter_current(db, "SB-003", a, &err), BM_OK);
    const char *keys[] = { "promised", "fee", "fee_basis" };
    const char *vals[] = { "7", "9.5", "测试收费依据" };
    int v = 0;
    assert_int_equal(bm_matter_edit(db, &clerk, "SB-003", keys, vals, 3, &v, &err), BM_EDENIED);
    const char *bad[] = { "20" };   /* more than the legal 15 */
    int64_t versions = tu_count(db, "SELECT count(*) FROM matter WHERE code = 'SB-003'");
    assert_int_equal(bm_matter_edit(db, &admin, "SB-003", keys, bad, 1, &v, &err), BM_EINVALID);
    assert_int_equal(tu_count(db, "SELECT count(*) FROM matter WHERE code = 'SB-003'"), versions);
    assert_int_equal(bm_matter_edit(db, &admin, "SB-003", keys, vals, 3, &v, &err), BM_OK);
    assert_int_equal(v, a->version + 1);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE what = 'matter.change' "
             "AND object_id = 'SB-003@%d'", v);
    assert_int_equal(tu_count(db, sql), 1);
    assert_int_equal(bm_matter_current(db, "SB-003", b, &err), BM_OK);
    assert_int_equal(b->promised_days, 7);
    assert_int_equal(b->fee_fen, 950);
    assert_int_equal(b->nmaterials, a->nmaterials);
    struct diffs d = {0};
    assert_int_equal(bm_matter_diff(a, b, NULL, note_diff, &d), 3);
    assert_string_equal(d.lines[0], "Promised days: 5 -> 7");
    assert_string_equal(d.lines[1], "Fee (yuan): 0.00 -> 9.50");
    assert_string_equal(d.lines[2], "Fee basis:  -> 测试收费依据");
    /* A material dropped and one added are named each on its side. */
    b->nmaterials--;
    bm_strlcpy(b->materials[0].name, "新材料", sizeof b->materials[0].name);
    d.n = 0;
    assert_int_equal(bm_matter_diff(a, b, NULL, note_diff, &d), 6);
    assert_string_equal(d.lines[3], "Material: 居民身份证, original x1, required -> ");
    assert_string_equal(d.lines[4], "Material: 社会保障卡, original x1, required -> ");
    assert_string_equal(d.lines[5], "Material:  -> 新材料, original x1, required");
    const char *unknown[] = { "materials" };
    assert_int_equal(bm_matter_edit(db, &admin, "SB-003", unknown, vals, 1, &v, &err),
                     BM_EINVALID);
    free(a);
    free(b);
}

/* Retiring: intake of the matter (alone or in a bundle) is refused with the reason in words,
 * its old cases still open, it is gone from intake's search but the admin's browse marks it. */
static int find_code(const bm_matter_brief *m, void *ctx)
{
    bm_matter_brief *want = ctx;
    if (strcmp(m->code, want->code) == 0) {
        *want = *m;
        want->id = 1;
        return 1;
    }
    return 0;
}

static void retire_refuses_intake_and_keeps_cases(void **state)
{
    (void)state;
    bm_err err;
    bm_actor admin = tu_actor(db, "admin"), clerk = tu_actor(db, "clerk");
    int64_t person = tu_count(db, "SELECT min(id) FROM applicant");
    static const char *const got[] = { "社会保障卡" };
    bm_intake in = { .applicant_id = person, .matter_code = "SB-002", .channel = 1,
                     .received = got, .nreceived = 1, .mode = BM_INTAKE_ACCEPT };
    bm_case old_case;
    assert_int_equal(bm_case_intake(db, &clerk, &in, &old_case, &err), BM_OK);
    assert_int_equal(bm_matter_retire(db, &clerk, "SB-002", "合并", &err), BM_EDENIED);
    assert_int_equal(bm_matter_retire(db, &admin, "SB-002", "", &err), BM_EINVALID);
    assert_int_equal(bm_matter_retire(db, &admin, "NO-SUCH", "x", &err), BM_ENOTFOUND);
    assert_int_equal(bm_matter_retire(db, &admin, "SB-002", "并入社保卡服务", &err), BM_OK);
    assert_int_equal(bm_matter_retire(db, &admin, "SB-002", "again", &err), BM_ESTATE);
    bm_matter_retired_info ri;
    assert_int_equal(bm_matter_is_retired(db, "SB-002", &ri, &err), 1);
    assert_string_equal(ri.by, "admin");
    assert_string_equal(ri.reason, "并入社保卡服务");
    assert_int_equal(tu_count(db, "SELECT count(*) FROM audit WHERE what = 'matter.retire'"), 1);
    bm_case refused;
    assert_int_equal(bm_case_intake(db, &clerk, &in, &refused, &err), BM_EINVALID);
    assert_string_equal(err.reason,
                        "This matter is retired from the catalogue: no new case is taken for it");
    assert_int_equal(err.field, BM_FIELD_MATTER);
    bm_case again;
    assert_int_equal(bm_case_get(db, &clerk, old_case.id, &again, &err), BM_OK);
    bm_matter_brief want = { .code = "SB-002" };
    assert_int_equal(bm_matter_search(db, "SB-00", find_code, &want, &err), BM_OK);
    assert_int_equal(want.id, 0);   /* not offered by a find */
    assert_int_equal(bm_matter_search(db, "sb-002", find_code, &want, &err), BM_OK);
    assert_int_equal(want.id, 1);   /* its exact code finds it, marked */
    assert_true(want.retired);
    memset(&want, 0, sizeof want);
    bm_strlcpy(want.code, "SB-002", sizeof want.code);
    assert_int_equal(bm_catalogue_browse(db, "SB-002", find_code, &want, &err), BM_OK);
    assert_int_equal(want.id, 1);
    assert_true(want.retired);
}

/* A bundle holding a retired matter takes no new case either; the other bundles do. */
static void retired_matter_closes_its_bundles(void **state)
{
    (void)state;
    bm_err err;
    bm_actor admin = tu_actor(db, "admin");
    assert_int_equal(bm_catalogue_intake_open(db, NULL, "YJS-02", &err), BM_OK);
    assert_int_equal(bm_matter_retire(db, &admin, "SB-005", "并入其他事项", &err), BM_OK);
    assert_int_equal(bm_catalogue_intake_open(db, NULL, "YJS-02", &err), BM_EINVALID);
    assert_string_equal(err.detail, "SB-005");
    assert_int_equal(bm_catalogue_intake_open(db, NULL, "YJS-01", &err), BM_OK);
    assert_int_equal(bm_catalogue_intake_open(db, "SB-005", NULL, &err), BM_EINVALID);
}

/* A file's retire: block is previewed as retired and applied by the import. */
static void import_retires_what_the_file_says(void **state)
{
    (void)state;
    bm_err err;
    bm_actor admin = tu_actor(db, "admin");
    static const char text[] = "retire: SB-004\nreason: 省里取消\n\nretire: SB-002\nreason: x\n";
    struct seen s = {0};
    assert_int_equal(bm_catalogue_preview(db, &admin, text, sizeof text - 1, note_change, &s,
                                          &err), BM_OK);
    assert_int_equal(s.n, 1);   /* SB-002 is retired already (the test before) */
    assert_string_equal(s.lines[0], "retired matter SB-004");
    assert_int_equal(bm_matter_is_retired(db, "SB-004", NULL, &err), 0);
    int added = -1, changed = -1, same = -1;
    assert_int_equal(bm_catalogue_load(db, &admin, text, sizeof text - 1, &added, &changed,
                                       &same, &err), BM_OK);
    assert_int_equal(bm_matter_is_retired(db, "SB-004", NULL, &err), 1);
    assert_int_equal(added, 0);
    assert_int_equal(changed, 1);
    static const char noreason[] = "retire: SB-001\n";
    assert_int_equal(bm_catalogue_load(db, &admin, noreason, sizeof noreason - 1, NULL, NULL,
                                       NULL, &err), BM_EINVALID);
    static const char unknown[] = "retire: NO-SUCH\nreason: y\n";
    assert_int_equal(bm_catalogue_load(db, &admin, unknown, sizeof unknown - 1, NULL, NULL,
                                       NULL, &err), BM_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(preview_writes_nothing),
        cmocka_unit_test(new_promised_days_leave_old_cases_alone),
        cmocka_unit_test(edit_makes_a_version_and_the_diff_names_it),
        cmocka_unit_test(retire_refuses_intake_and_keeps_cases),
        cmocka_unit_test(retired_matter_closes_its_bundles),
        cmocka_unit_test(import_retires_what_the_file_says),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
