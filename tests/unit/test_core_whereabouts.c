/* Whereabouts notes: set, shown in the centre's staff list, replaced by a newer one, over at
 * the return time, cleared at the next login and by hand; the history keeps every note with
 * how it ended; refusals of a kind or a return time that make no sense. Clock pinned. */
#include "core/date.h"
#include "core/whereabouts.h"
#include "test_core_util.h"

static bm_db *db;

static int setup(void **state)
{
    (void)state;
    db = tu_demo_db("whereabouts.db");
    bm_clock_set(tu_at("2026-11-30", 9, 0));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    bm_clock_set(0);
    bm_db_close(db);
    return 0;
}

struct find {
    const char *name;
    bm_staff found;
    int n;
};

static int find_staff(const bm_staff *s, void *ctx)
{
    struct find *f = ctx;
    f->n++;
    if (strcmp(s->name, f->name) == 0)
        f->found = *s;
    return 0;
}

static bm_staff staff(const char *viewer, const char *name)
{
    bm_actor a = tu_actor(db, viewer);
    struct find f = {.name = name};
    assert_int_equal(bm_staff_of_centre(db, &a, find_staff, &f, NULL), BM_OK);
    if (!f.found.id)
        fail_msg("%s not among %s's staff", name, viewer);
    return f.found;
}

static int count_history(const bm_whereabouts *w, void *ctx)
{
    int *how = ctx;
    how[0]++;
    if (how[0] <= 3)
        how[how[0]] = w->cleared_how;
    return 0;
}

static void set_shown_replaced_cleared(void **state)
{
    (void)state;
    bm_actor clerk = tu_actor(db, "clerk");
    bm_err err;
    assert_int_equal(bm_where_set(db, &clerk, BM_WHERE_VILLAGE, "新桥村",
                                  tu_at("2026-11-30", 16, 0), &err), BM_OK);
    bm_staff s = staff("duty", "张敏");
    assert_int_equal(s.where.kind, BM_WHERE_VILLAGE);
    assert_string_equal(s.where.place, "新桥村");
    assert_int_equal(s.where.back_at, tu_at("2026-11-30", 16, 0));
    /* Another centre's staff list does not hold her. */
    bm_actor zq = tu_actor(db, "zhouq");
    struct find f = {.name = "张敏"};
    assert_int_equal(bm_staff_of_centre(db, &zq, find_staff, &f, NULL), BM_OK);
    assert_int_equal(f.found.id, 0);
    assert_true(f.n > 0);

    /* A newer note replaces it; past the return time none holds. */
    assert_int_equal(bm_where_set(db, &clerk, BM_WHERE_MEETING, "县政务中心",
                                  tu_at("2026-11-30", 11, 0), &err), BM_OK);
    assert_int_equal(staff("duty", "张敏").where.kind, BM_WHERE_MEETING);
    bm_clock_set(tu_at("2026-11-30", 11, 0));
    assert_int_equal(staff("duty", "张敏").where.kind, 0);
    bm_whereabouts w;
    assert_int_equal(bm_where_current(db, clerk.user_id, &w, NULL), BM_OK);
    assert_int_equal(w.kind, 0);

    /* Logging in again ends a note that still holds. */
    assert_int_equal(bm_where_set(db, &clerk, BM_WHERE_ERRAND, "", tu_at("2026-11-30", 17, 0),
                                  &err), BM_OK);
    assert_int_equal(bm_where_current(db, clerk.user_id, &w, NULL), BM_OK);
    assert_int_equal(w.kind, BM_WHERE_ERRAND);
    assert_int_equal(bm_audit_session(db, &clerk, "login", "password", &err), BM_OK);
    assert_int_equal(bm_where_current(db, clerk.user_id, &w, NULL), BM_OK);
    assert_int_equal(w.kind, 0);

    int how[4] = {0};
    assert_int_equal(bm_where_history(db, clerk.user_id, 10, count_history, how, NULL), BM_OK);
    assert_int_equal(how[0], 3);
    assert_int_equal(how[1], BM_WHERE_AT_LOGIN);
    assert_int_equal(how[2], 0);                  /* ran out at its return time */
    assert_int_equal(how[3], BM_WHERE_REPLACED);

    /* Cleared by hand. */
    assert_int_equal(bm_where_set(db, &clerk, BM_WHERE_LEAVE, "", tu_at("2026-12-02", 9, 0),
                                  &err), BM_OK);
    assert_int_equal(bm_where_clear(db, &clerk, BM_WHERE_BY_HAND, &err), BM_OK);
    assert_int_equal(bm_where_current(db, clerk.user_id, &w, NULL), BM_OK);
    assert_int_equal(w.kind, 0);
}

static void refusals(void **state)
{
    (void)state;
    bm_actor clerk = tu_actor(db, "clerk");
    bm_err err;
    time_t now = bm_now();
    assert_int_equal(bm_where_set(db, &clerk, 0, "", now + 3600, &err), BM_EINVALID);
    assert_int_equal(bm_where_set(db, &clerk, 9, "", now + 3600, &err), BM_EINVALID);
    assert_int_equal(bm_where_set(db, &clerk, BM_WHERE_VILLAGE, "", now - 60, &err),
                     BM_EINVALID);
    assert_int_equal(bm_where_set(db, &clerk, BM_WHERE_LEAVE, "", now + 61 * 86400, &err),
                     BM_EINVALID);
    assert_int_equal(bm_where_set(db, &tu_shell, BM_WHERE_LEAVE, "", now + 3600, &err),
                     BM_EDENIED);
    assert_int_equal(bm_where_clear(db, &clerk, 7, &err), BM_EINVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(set_shown_replaced_cleared),
        cmocka_unit_test(refusals),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    tu_cleanup();
    return rc;
}
