/* The administrator's account maintenance in core: password rules (length, the login, the
 * shipped common list), one-time passwords and the must-change mark, locks with a reason,
 * role and unit changes, key removal, finding accounts, the last login, and refusals of
 * everyone but admins, each change audited with before and after. */
#include "tests/unit/test_core_util.h"
#include "core/audit.h"
#include "core/password.h"
#include "core/pinyin.h"
#include "core/user_admin.h"

static bm_db *db;

static int setup(void **state)
{
    (void)state;
    setenv("BIANMIN_NOW", "2026-11-30 10:00", 1);
    db = tu_demo_db("users.db");
    return db ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bm_db_close(db);
    tu_cleanup();
    return 0;
}

static void password_rules(void **state)
{
    (void)state;
    bm_err err;
    assert_int_equal(bm_password_acceptable("zhouqi", "short", &err), BM_EINVALID);
    assert_int_equal(bm_password_acceptable("zhouqi", "my-zhouqi-2026", &err), BM_EINVALID);
    assert_int_equal(bm_password_acceptable("zhouqi", "My-ZhouQi-2026", &err), BM_EINVALID);
    /* From the shipped list, in any case; the list's comment lines are not passwords. */
    assert_true(bm_password_is_common("password"));
    assert_true(bm_password_is_common("PassWord1"));
    assert_true(bm_password_is_common("123456789"));
    assert_false(bm_password_is_common("# The 1,000 most common passwords, most common first: "
                                       "the head of John the Ripper's"));
    assert_int_equal(bm_password_acceptable("zhouqi", "password1", &err), BM_EINVALID);
    assert_int_equal(bm_password_acceptable("zhouqi", "Hills-and-rivers-9", &err), BM_OK);
    assert_int_equal(bm_password_acceptable("zhouqi", "山水相连八个汉字", &err), BM_OK);

    char a[16], b[16];
    assert_int_equal(bm_password_onetime("zhouqi", a, sizeof a, &err), BM_OK);
    assert_int_equal(bm_password_onetime("zhouqi", b, sizeof b, &err), BM_OK);
    assert_int_equal(strlen(a), BM_ONETIME_LEN);
    assert_string_not_equal(a, b);
    assert_int_equal(strspn(a, "abcdefghjkmnpqrstuvwxyz23456789"), BM_ONETIME_LEN);
    assert_int_equal(bm_password_onetime("zhouqi", a, 4, &err), BM_EINVALID);
}

static void onetime_password_must_be_changed(void **state)
{
    (void)state;
    bm_err err;
    bm_actor admin = tu_actor(db, "admin"), clerk = tu_actor(db, "clerk");
    char onetime[32], hash[256];
    assert_int_equal(bm_user_add_onetime(db, &clerk, "zhouqi", "周七", BM_ROLE_CLERK, "qinglin",
                                         NULL, onetime, sizeof onetime, &err), BM_EDENIED);
    assert_int_equal(bm_user_add_onetime(db, &admin, "zhouqi", "周七", BM_ROLE_AGENT, "qinglin",
                                         NULL, onetime, sizeof onetime, &err), BM_EINVALID);
    assert_int_equal(bm_user_add_onetime(db, &admin, "zhouqi", "周七", BM_ROLE_CLERK, "qinglin",
                                         "13900001111", onetime, sizeof onetime, &err), BM_OK);
    assert_int_equal(bm_user_password_hash(db, "zhouqi", hash, sizeof hash, &err), BM_OK);
    assert_true(bm_password_matches(onetime, hash));
    bm_user_info info;
    assert_int_equal(bm_user_info_get(db, "zhouqi", &info, &err), BM_OK);
    assert_int_equal(info.must_change, 1);
    assert_string_equal(info.phone, "13900001111");
    assert_int_equal(bm_user_must_change(db, info.u.id), 1);
    /* Nothing about the password reaches the audit log. */
    assert_int_equal(tu_count(db, "SELECT count(*) FROM audit WHERE object_id = 'zhouqi' AND "
                                  "(before LIKE '%pass%' OR after LIKE '%pass%' OR "
                                  "after LIKE '%$y$%')"), 0);

    bm_actor zq = tu_actor(db, "zhouqi");
    assert_int_equal(bm_user_change_own_password(db, &zq, "password", &err), BM_EINVALID);
    assert_int_equal(bm_user_must_change(db, info.u.id), 1);
    assert_int_equal(bm_user_change_own_password(db, &zq, "Hills-and-rivers-9", &err), BM_OK);
    assert_int_equal(bm_user_must_change(db, info.u.id), 0);

    /* A reset gives a new one-time password and the mark again; only admins reset. */
    char again[32];
    assert_int_equal(bm_user_reset_password(db, &zq, "zhouqi", again, sizeof again, &err),
                     BM_EDENIED);
    assert_int_equal(bm_user_reset_password(db, &admin, "zhouqi", again, sizeof again, &err),
                     BM_OK);
    assert_string_not_equal(again, onetime);
    assert_int_equal(bm_user_must_change(db, info.u.id), 1);
    assert_int_equal(bm_user_password_hash(db, "zhouqi", hash, sizeof hash, &err), BM_OK);
    assert_true(bm_password_matches(again, hash));
    assert_false(bm_password_matches("Hills-and-rivers-9", hash));
}

static void lock_place_and_keys(void **state)
{
    (void)state;
    bm_err err;
    bm_actor admin = tu_actor(db, "admin");
    assert_int_equal(bm_user_lock(db, &admin, "clerk", 1, "", &err), BM_EINVALID);
    assert_int_equal(bm_user_lock(db, &admin, "admin", 1, "test", &err), BM_EINVALID);
    assert_int_equal(bm_user_lock(db, &admin, "clerk", 1, "休假", &err), BM_OK);
    bm_user_info info;
    assert_int_equal(bm_user_info_get(db, "clerk", &info, &err), BM_OK);
    assert_int_equal(info.u.locked, 1);
    assert_string_equal(info.lock_reason, "休假");
    assert_int_equal(tu_count(db, "SELECT count(*) FROM audit WHERE what = 'user.lock' AND "
                                  "object_id = 'clerk' AND after LIKE '%休假%'"), 1);
    assert_int_equal(bm_user_lock(db, &admin, "clerk", 0, NULL, &err), BM_OK);
    assert_int_equal(bm_user_info_get(db, "clerk", &info, &err), BM_OK);
    assert_int_equal(info.u.locked, 0);
    assert_string_equal(info.lock_reason, "");

    /* Another role or unit: only where the role belongs; the change is audited both ways. */
    assert_int_equal(bm_user_set_place(db, &admin, "clerk", BM_ROLE_AGENT, NULL, &err),
                     BM_EINVALID);
    assert_int_equal(bm_user_set_place(db, &admin, "clerk", BM_ROLE_DUTY, "shiqiao", &err),
                     BM_OK);
    assert_int_equal(bm_user_info_get(db, "clerk", &info, &err), BM_OK);
    assert_int_equal(info.u.role, BM_ROLE_DUTY);
    assert_string_equal(info.u.org_name, "石桥镇便民服务中心");
    assert_int_equal(tu_count(db, "SELECT count(*) FROM audit WHERE what = 'user.place' AND "
                                  "before LIKE '%clerk%qinglin%' AND after LIKE '%duty%shiqiao%'"),
                     1);
    assert_int_equal(bm_user_set_place(db, &admin, "admin", BM_ROLE_CLERK, "qinglin", &err),
                     BM_EINVALID);
    assert_int_equal(bm_user_set_place(db, &admin, "clerk", BM_ROLE_CLERK, "qinglin", &err),
                     BM_OK);

    const char *line = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJdD7y3aLq454yWBdwLWbieU1ebz9/cu7/"
                       "QEXn9OIeZJ pc@village";
    assert_int_equal(bm_user_key_add(db, &admin, "clerk", line, &err), BM_OK);
    assert_int_equal(bm_user_info_get(db, "clerk", &info, &err), BM_OK);
    assert_int_equal(info.keys, 1);
    bm_actor duty = tu_actor(db, "duty");
    assert_int_equal(bm_user_key_remove(db, &duty, "clerk", line, &err), BM_EDENIED);
    assert_int_equal(bm_user_key_remove(db, &admin, "clerk", "ssh-ed25519 AAAA other", &err),
                     BM_ENOTFOUND);
    assert_int_equal(bm_user_key_remove(db, &admin, "clerk", line, &err), BM_OK);
    assert_int_equal(bm_user_info_get(db, "clerk", &info, &err), BM_OK);
    assert_int_equal(info.keys, 0);
}

static int count_found(const bm_user_info *u, void *ctx)
{
    (void)u;
    (*(int *)ctx)++;
    return 0;
}

static int first_login(const bm_user_info *u, void *ctx)
{
    snprintf(ctx, 40, "%s", u->u.login);
    return 1;
}

static void find_and_last_login(void **state)
{
    (void)state;
    bm_err err;
    bm_actor admin = tu_actor(db, "admin"), clerk = tu_actor(db, "clerk");
    int n = 0;
    assert_int_equal(bm_user_find(db, &clerk, "", count_found, &n, &err), BM_EDENIED);
    assert_int_equal(bm_user_find(db, &admin, "", count_found, &n, &err), BM_OK);
    assert_int_equal(n, (int)tu_count(db, "SELECT count(*) FROM account"));
    bm_user u;
    assert_int_equal(bm_user_get(db, "clerk", &u, &err), BM_OK);
    /* By pinyin initials of the name, by unit, by role name. */
    char initials[BM_INITIALS_MAX][BM_INITIALS_LEN];
    assert_true(bm_pinyin_initials(u.name, initials, BM_INITIALS_MAX) > 0);
    char found[40] = "";
    n = 0;
    assert_int_equal(bm_user_find(db, &admin, initials[0], count_found, &n, &err), BM_OK);
    assert_true(n >= 1);
    assert_int_equal(bm_user_find(db, &admin, "石桥镇", first_login, found, &err), BM_OK);
    assert_true(found[0]);
    bm_user other;
    assert_int_equal(bm_user_get(db, found, &other, &err), BM_OK);
    assert_non_null(strstr(other.org_name, "石桥镇"));
    n = 0;
    assert_int_equal(bm_user_find(db, &admin, "zzzzqqqq", count_found, &n, &err), BM_OK);
    assert_int_equal(n, 0);

    bm_user_info info;
    assert_int_equal(bm_user_info_get(db, "duty", &info, &err), BM_OK);
    assert_int_equal(info.last_login, 0);
    bm_actor duty = tu_actor(db, "duty");
    assert_int_equal(bm_audit_session(db, &duty, "login", "method=password", &err), BM_OK);
    assert_int_equal(bm_user_info_get(db, "duty", &info, &err), BM_OK);
    assert_int_equal(info.last_login, bm_now());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(password_rules),
        cmocka_unit_test(onetime_password_must_be_changed),
        cmocka_unit_test(lock_place_and_keys),
        cmocka_unit_test(find_and_last_login),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
