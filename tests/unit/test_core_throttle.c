/* Failed logins per address and data versions in the store, as several server processes see
 * them: two handles on one database stand for two processes. An address's failures counted
 * through either add up, the delay grows from the fourth and is capped, the other handle sees
 * when the address may next try, an address quiet for the window starts again at nothing and
 * its row is removed; a data version raised on one handle is read on the other. Times are
 * given, not read from the clock. */
#include "core/throttle.h"
#include "test_core_util.h"

static bm_db *one, *two;

static int setup(void **state)
{
    (void)state;
    one = tu_demo_db("throttle.db");
    bm_err err;
    assert_int_equal(bm_db_open(tu_db_url("throttle.db"), &two, &err), BM_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    bm_db_close(two);
    bm_db_close(one);
    return 0;
}

static const int64_t T0 = 1796000000000LL;   /* 2026-12-1, in milliseconds */

static void delays_grow_and_are_capped(void **state)
{
    (void)state;
    assert_int_equal(bm_throttle_delay_ms(1), 0);
    assert_int_equal(bm_throttle_delay_ms(3), 0);
    assert_int_equal(bm_throttle_delay_ms(4), 250);
    assert_int_equal(bm_throttle_delay_ms(5), 500);
    assert_int_equal(bm_throttle_delay_ms(9), 8000);
    assert_int_equal(bm_throttle_delay_ms(40), 8000);
}

static void failures_on_two_processes_add_up(void **state)
{
    (void)state;
    bm_err err;
    int64_t wait = -1, until = -1;
    int n = 0;
    /* Three failures, alternating between the processes: no wait yet. */
    for (int i = 0; i < 3; i++) {
        assert_int_equal(bm_throttle_fail(i % 2 ? two : one, "10.1.1.1", T0 + i * 1000, &wait,
                                          &n, &err), BM_OK);
        assert_int_equal(n, i + 1);
        assert_int_equal(wait, 0);
    }
    assert_int_equal(bm_throttle_until(two, "10.1.1.1", T0 + 3000, &until, &err), BM_OK);
    assert_int_equal(until, 0);
    /* The fourth, on the second process: the first one makes the address wait. */
    assert_int_equal(bm_throttle_fail(two, "10.1.1.1", T0 + 4000, &wait, &n, &err), BM_OK);
    assert_int_equal(n, 4);
    assert_int_equal(wait, 250);
    assert_int_equal(bm_throttle_until(one, "10.1.1.1", T0 + 4100, &until, &err), BM_OK);
    assert_int_equal(until, T0 + 4250);
    assert_int_equal(bm_throttle_until(one, "10.1.1.1", T0 + 4250, &until, &err), BM_OK);
    assert_int_equal(until, 0);
    /* Another address is not held. */
    assert_int_equal(bm_throttle_until(one, "10.1.1.2", T0 + 4100, &until, &err), BM_OK);
    assert_int_equal(until, 0);
}

static void a_quiet_address_starts_again(void **state)
{
    (void)state;
    bm_err err;
    int64_t wait, until;
    int n = 0;
    for (int i = 0; i < 6; i++)
        assert_int_equal(bm_throttle_fail(one, "10.2.2.2", T0 + i, &wait, &n, &err), BM_OK);
    assert_int_equal(n, 6);
    assert_int_equal(wait, 1000);
    int64_t later = T0 + 5 + BM_THROTTLE_WINDOW_MS + 1;
    /* Another address's failure past the window forgets this one... */
    assert_int_equal(bm_throttle_fail(two, "10.3.3.3", later, &wait, &n, &err), BM_OK);
    assert_int_equal(bm_throttle_until(one, "10.2.2.2", T0 + 10, &until, &err), BM_OK);
    assert_int_equal(until, 0);
    /* ... and its next failure counts from one. */
    assert_int_equal(bm_throttle_fail(one, "10.2.2.2", later, &wait, &n, &err), BM_OK);
    assert_int_equal(n, 1);
    assert_int_equal(wait, 0);
}

static void versions_are_seen_by_the_other_process(void **state)
{
    (void)state;
    bm_err err;
    int64_t v1 = -1, v2 = -1;
    assert_int_equal(bm_data_version(two, "calendar", &v2, &err), BM_OK);
    assert_int_equal(bm_data_version_raise(one, "calendar", &err), BM_OK);
    assert_int_equal(bm_data_version(two, "calendar", &v1, &err), BM_OK);
    assert_int_equal(v1, v2 + 1);
    assert_int_equal(bm_data_version(two, "no such data", &v1, &err), BM_OK);
    assert_int_equal(v1, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(delays_grow_and_are_capped),
        cmocka_unit_test(failures_on_two_processes_add_up),
        cmocka_unit_test(a_quiet_address_starts_again),
        cmocka_unit_test(versions_are_seen_by_the_other_process),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
