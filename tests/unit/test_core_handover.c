/* Hand-overs (交接班): the duty officer writes one with an item for the clerk and one for the
 * centre's pool; it is unread for the clerk and for the other clerks (the pool) until signed;
 * the author does not wait for their own; others may not write, other centres may not read;
 * an item cannot go to another centre's staff. The clock is pinned. */
#include "core/authz.h"
#include "core/date.h"
#include "core/handover.h"
#include "test_core_util.h"

static bm_db *db;

static int setup(void **state)
{
    (void)state;
    db = tu_demo_db("handover.db");
    bm_clock_set(tu_at("2026-11-30", 8, 20));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    bm_clock_set(0);
    bm_db_close(db);
    return 0;
}

static int unread(const char *login)
{
    bm_actor a = tu_actor(db, login);
    int n = -1;
    assert_int_equal(bm_handover_unread(db, &a, &n, NULL), BM_OK);
    return n;
}

static int64_t write_one(const char *to_clerk)
{
    bm_actor duty = tu_actor(db, "duty");
    bm_handover_new in = {
        .came_in = "夜间来电 2 个", .done = "已登记", .left_over = "低保咨询待回电",
        .item_text = {"回电王秀英 低保材料", "整理夜间收件"},
        .item_assignee = {to_clerk, ""},
        .nitems = 2,
    };
    int64_t id = 0;
    bm_err err;
    int rc = bm_handover_write(db, &duty, &in, &id, &err);
    if (rc != BM_OK)
        fail_msg("write: %s (%s)", err.reason, err.detail);
    assert_true(id > 0);
    return id;
}

static void written_unread_signed(void **state)
{
    (void)state;
    int clerk0 = unread("clerk"), lijuan0 = unread("lijuan");
    int64_t id = write_one("clerk");
    assert_int_equal(unread("clerk"), clerk0 + 1);
    assert_int_equal(unread("lijuan"), lijuan0 + 1);   /* the pool item */
    assert_int_equal(unread("duty"), 0);               /* the author waits for nobody */
    assert_int_equal(unread("zhouq"), 0);              /* another centre */
    assert_int_equal(unread("agent"), 0);              /* agents read no hand-overs */

    bm_actor clerk = tu_actor(db, "clerk");
    bm_handover h;
    assert_int_equal(bm_handover_get(db, &clerk, id, &h, NULL), BM_OK);
    assert_true(h.unread);
    assert_int_equal(h.nitems, 2);
    assert_string_equal(h.item[0].assignee_name, "张敏");
    assert_int_equal(h.item[1].assignee_id, 0);
    assert_string_equal(h.author_name, "孙磊");
    assert_string_equal(h.left_over, "低保咨询待回电");

    bm_clock_set(tu_at("2026-11-30", 9, 5));
    assert_int_equal(bm_handover_sign(db, &clerk, id, NULL), BM_OK);
    assert_int_equal(bm_handover_get(db, &clerk, id, &h, NULL), BM_OK);
    assert_false(h.unread);
    assert_int_equal(h.signed_at, tu_at("2026-11-30", 9, 5));
    assert_int_equal(unread("clerk"), clerk0);
    assert_int_equal(unread("lijuan"), lijuan0);       /* the pool was read by the clerk */
    /* Signing again changes nothing. */
    assert_int_equal(bm_handover_sign(db, &clerk, id, NULL), BM_OK);
    assert_int_equal(tu_count(db, "SELECT count(*) FROM handover_sign"),
                     tu_count(db, "SELECT count(DISTINCT handover_id || '-' || account_id) "
                                  "FROM handover_sign"));
}

static void named_item_waits_for_its_person(void **state)
{
    (void)state;
    int before = unread("wanghy");
    int64_t id = write_one("wanghy");
    bm_actor clerk = tu_actor(db, "clerk");
    assert_int_equal(bm_handover_sign(db, &clerk, id, NULL), BM_OK);
    /* The clerk signed for the pool; 王海燕's own item still waits for her. */
    assert_int_equal(unread("wanghy"), before + 1);
    bm_actor w = tu_actor(db, "wanghy");
    assert_int_equal(bm_handover_sign(db, &w, id, NULL), BM_OK);
    assert_int_equal(unread("wanghy"), before);
}

static void refusals(void **state)
{
    (void)state;
    bm_handover_new in = {.came_in = "x", .nitems = 0};
    int64_t id;
    bm_err err;
    bm_actor clerk = tu_actor(db, "clerk"), duty = tu_actor(db, "duty");
    assert_int_equal(bm_handover_write(db, &clerk, &in, &id, &err), BM_EDENIED);
    bm_handover_new empty = {0};
    assert_int_equal(bm_handover_write(db, &duty, &empty, &id, &err), BM_EINVALID);
    bm_handover_new far = {.nitems = 1, .item_text = {"x"}, .item_assignee = {"zhouq"}};
    assert_int_equal(bm_handover_write(db, &duty, &far, &id, &err), BM_EINVALID);
    bm_handover_new nobody = {.nitems = 1, .item_text = {"x"}, .item_assignee = {"nosuch"}};
    assert_int_equal(bm_handover_write(db, &duty, &nobody, &id, &err), BM_EINVALID);
    int64_t mine = write_one("clerk");
    bm_actor zhouq = tu_actor(db, "zhouq");
    bm_handover h;
    assert_int_equal(bm_handover_get(db, &zhouq, mine, &h, &err), BM_EDENIED);
    assert_int_equal(bm_handover_sign(db, &zhouq, mine, &err), BM_EDENIED);
    assert_true(tu_count(db, "SELECT count(*) FROM audit WHERE what = 'handover.write'") >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(written_unread_signed),
        cmocka_unit_test(named_item_waits_for_its_person),
        cmocka_unit_test(refusals),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    tu_cleanup();
    return rc;
}
