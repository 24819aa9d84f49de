/* The organisation's maintenance in core: renaming, a phone, moving a village with its groups
 * to another township (past cases stay with the old centre, the village's staff follow), and
 * retiring (never deleting) a unit; only admins, each change audited with before and after. */
#include "tests/unit/test_core_util.h"
#include "core/authz.h"

static bm_db *db;

static int setup(void **state)
{
    (void)state;
    setenv("BIANMIN_NOW", "2026-11-30 10:00", 1);
    db = tu_demo_db("org.db");
    return db ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bm_db_close(db);
    tu_cleanup();
    return 0;
}

static void rename_and_phone(void **state)
{
    (void)state;
    bm_err err;
    bm_actor admin = tu_actor(db, "admin"), clerk = tu_actor(db, "clerk");
    assert_int_equal(bm_org_rename(db, &clerk, "qinglin.bolin", "柏林社区", &err), BM_EDENIED);
    assert_int_equal(bm_org_rename(db, &admin, "qinglin.bolin", "", &err), BM_EINVALID);
    assert_int_equal(bm_org_rename(db, &admin, "qinglin.bolin", "柏林社区", &err), BM_OK);
    assert_int_equal(bm_org_set_phone(db, &admin, "qinglin.bolin", "0818-7350001", &err), BM_OK);
    bm_org o;
    assert_int_equal(bm_org_get_by_code(db, "qinglin.bolin", &o, &err), BM_OK);
    assert_string_equal(o.name, "柏林社区");
    assert_string_equal(o.phone, "0818-7350001");
    assert_int_equal(tu_count(db, "SELECT count(*) FROM audit WHERE what = 'org.rename' AND "
                                  "before LIKE '%柏林村%' AND after LIKE '%柏林社区%'"), 1);
    assert_int_equal(bm_org_rename(db, &admin, "no.such", "x", &err), BM_ENOTFOUND);
}

static void move_a_village(void **state)
{
    (void)state;
    bm_err err;
    bm_actor admin = tu_actor(db, "admin");
    bm_org v, from, to;
    assert_int_equal(bm_org_get_by_code(db, "qinglin.baiyan", &v, &err), BM_OK);
    assert_int_equal(bm_org_get_by_code(db, "qinglin", &from, &err), BM_OK);
    assert_int_equal(bm_org_get_by_code(db, "shiqiao", &to, &err), BM_OK);
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM bcase WHERE village_id = %lld AND "
             "centre_id = %lld", (long long)v.id, (long long)from.id);
    int64_t old_cases = tu_count(db, sql);
    assert_true(old_cases > 0);

    assert_int_equal(bm_org_move(db, &admin, "qinglin.w1", "shiqiao", &err), BM_EINVALID);
    assert_int_equal(bm_org_move(db, &admin, "qinglin.baiyan", "shiqiao.longquan", &err),
                     BM_EINVALID);
    assert_int_equal(bm_org_move(db, &admin, "qinglin.baiyan", "qinglin", &err), BM_EINVALID);
    assert_int_equal(bm_org_move(db, &admin, "qinglin.baiyan", "shiqiao", &err), BM_OK);

    assert_int_equal(bm_org_get_by_code(db, "qinglin.baiyan", &v, &err), BM_OK);
    assert_int_equal(v.parent_id, to.id);
    assert_int_equal(v.centre_id, to.id);
    /* Its groups follow; its agent now belongs to the new centre; its past cases do not move. */
    snprintf(sql, sizeof sql, "SELECT count(*) FROM org_unit WHERE village_id = %lld AND "
             "centre_id <> %lld", (long long)v.id, (long long)to.id);
    assert_int_equal(tu_count(db, sql), 0);
    bm_actor agent = tu_actor(db, "yangli");
    bm_place p;
    assert_int_equal(bm_actor_place(db, &agent, &p, &err), BM_OK);
    assert_int_equal(p.centre_id, to.id);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM bcase WHERE village_id = %lld AND "
             "centre_id = %lld", (long long)v.id, (long long)from.id);
    assert_int_equal(tu_count(db, sql), old_cases);
    assert_int_equal(tu_count(db, "SELECT count(*) FROM audit WHERE what = 'org.move' AND "
                                  "object_id = 'qinglin.baiyan' AND before LIKE '%qinglin%' "
                                  "AND after LIKE '%shiqiao%'"), 1);
}

static void retire_never_deletes(void **state)
{
    (void)state;
    bm_err err;
    bm_actor admin = tu_actor(db, "admin");
    assert_int_equal(bm_org_retire(db, &admin, "county", &err), BM_EINVALID);
    assert_int_equal(bm_org_retire(db, &admin, "qinglin.xinqiao", &err), BM_EINVALID);
    assert_int_equal(bm_org_retire(db, &admin, "qinglin.w3", &err), BM_OK);
    assert_int_equal(bm_org_retire(db, &admin, "qinglin.w3", &err), BM_EINVALID);
    bm_org o;
    assert_int_equal(bm_org_get_by_code(db, "qinglin.w3", &o, &err), BM_OK);
    assert_int_equal(o.active, 0);
    /* Nobody is placed in a retired unit. */
    assert_int_equal(bm_org_add(db, &admin, "qinglin.tmp", "临时村", BM_ORG_VILLAGE, "qinglin",
                                NULL, &err), BM_OK);
    assert_int_equal(bm_org_retire(db, &admin, "qinglin.tmp", &err), BM_OK);
    assert_int_equal(bm_org_move(db, &admin, "qinglin.tmp", "shiqiao", &err), BM_EINVALID);
    assert_int_equal(bm_org_add(db, &admin, "qinglin.tmp.g1", "一组", BM_ORG_GROUP, "qinglin.tmp",
                                NULL, &err), BM_EINVALID);
    assert_int_equal(bm_user_add(db, &admin, "tmpagent", "临时", BM_ROLE_AGENT, "qinglin.tmp",
                                 "Hills-and-rivers-9", &err), BM_EINVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rename_and_phone),
        cmocka_unit_test(move_a_village),
        cmocka_unit_test(retire_never_deletes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
