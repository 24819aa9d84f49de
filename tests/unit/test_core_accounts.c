/* Accounts on either store: staff of every role in the demo county; adding, checking and
 * auditing users; keys and login failures; drafts; password hashing; session events and the
 * audit chain. */
#include <time.h>
#include "core/audit.h"
#include "core/draft.h"
#include "test_core_util.h"

static int count_role(const bm_user *u, void *p)
{
    ((int *)p)[u->role]++;
    return 0;
}

static void demo_has_more_staff_per_role(void **state)
{
    (void)state;
    bm_db *db = tu_demo_db("staff.db");
    int per_role[6] = {0};
    bm_err err;
    assert_int_equal(bm_user_list(db, count_role, per_role, &err), BM_OK);
    for (int r = BM_ROLE_CLERK; r <= BM_ROLE_ADMIN; r++)
        assert_true(per_role[r] >= 2);
    bm_db_close(db);
}

static void users_are_added_checked_and_audited(void **state)
{
    (void)state;
    bm_db *db = tu_demo_db("users.db");
    bm_err err;
    bm_actor admin = tu_actor(db, "admin");
    bm_actor clerk = tu_actor(db, "clerk");
    /* A clerk may not add accounts; the refusal changes nothing. */
    assert_int_equal(bm_user_add(db, &clerk, "newbie", "新人", BM_ROLE_CLERK, "qinglin",
                                 "longenough", &err), BM_EDENIED);
    bm_user u;
    assert_int_equal(bm_user_get(db, "newbie", &u, &err), BM_ENOTFOUND);
    /* Short passwords, bad logins, roles in the wrong kind of unit. */
    assert_int_equal(bm_user_add(db, &admin, "newbie", "新人", BM_ROLE_CLERK, "qinglin",
                                 "short", &err), BM_EINVALID);
    assert_int_equal(bm_user_add(db, &admin, "New Bie", "新人", BM_ROLE_CLERK, "qinglin",
                                 "longenough", &err), BM_EINVALID);
    assert_int_equal(bm_user_add(db, &admin, "newbie", "新人", BM_ROLE_AGENT, "qinglin",
                                 "longenough", &err), BM_EINVALID);
    assert_int_equal(bm_user_add(db, &admin, "newbie", "新人", BM_ROLE_CLERK, "nowhere",
                                 "longenough", &err), BM_ENOTFOUND);
    /* 八个汉字 is eight characters, though 24 bytes: characters are what count. */
    assert_int_equal(bm_user_add(db, &admin, "newbie", "新人", BM_ROLE_CLERK, "qinglin",
                                 "便民服务一窗受理", &err), BM_OK);
    assert_int_equal(bm_user_add(db, &admin, "newbie", "别人", BM_ROLE_CLERK, "qinglin",
                                 "longenough", &err), BM_ECONFLICT);
    assert_int_equal(bm_user_get(db, "newbie", &u, &err), BM_OK);
    assert_string_equal(u.name, "新人");
    char hash[256];
    assert_int_equal(bm_user_password_hash(db, "newbie", hash, sizeof hash, &err), BM_OK);
    assert_true(bm_password_matches("便民服务一窗受理", hash));

    /* Users change their own password; others' only as admin. */
    bm_actor newbie = tu_actor(db, "newbie");
    assert_int_equal(bm_user_set_password(db, &newbie, "newbie", "another-pass", &err), BM_OK);
    assert_int_equal(bm_user_set_password(db, &newbie, "clerk", "another-pass", &err), BM_EDENIED);
    assert_int_equal(bm_user_password_hash(db, "newbie", hash, sizeof hash, &err), BM_OK);
    assert_true(bm_password_matches("another-pass", hash));

    assert_int_equal(bm_user_set_locked(db, &clerk, "newbie", 1, &err), BM_EDENIED);
    assert_int_equal(bm_user_set_locked(db, &admin, "newbie", 1, &err), BM_OK);
    assert_int_equal(bm_user_get(db, "newbie", &u, &err), BM_OK);
    assert_int_equal(u.locked, 1);

    assert_int_equal(bm_user_set_prefs(db, &clerk, "zh_CN", "GB18030", "ascii", &err), BM_OK);
    assert_int_equal(bm_user_get(db, "clerk", &u, &err), BM_OK);
    assert_string_equal(u.charset, "GB18030");
    assert_string_equal(u.lang, "zh_CN");
    assert_string_equal(u.lines, "ascii");
    /* NULL keeps a preference; an unknown line style is refused and changes nothing. */
    assert_int_equal(bm_user_set_prefs(db, &clerk, "en", NULL, NULL, &err), BM_OK);
    assert_int_equal(bm_user_set_prefs(db, &clerk, NULL, NULL, "fancy", &err), BM_EINVALID);
    assert_int_equal(bm_user_get(db, "clerk", &u, &err), BM_OK);
    assert_string_equal(u.lang, "en");
    assert_string_equal(u.charset, "GB18030");
    assert_string_equal(u.lines, "ascii");

    /* Every one of those changes is in the audit log, and the chain holds. */
    int64_t broken, checked;
    assert_int_equal(bm_audit_verify(db, &broken, &checked, &err), BM_OK);
    assert_int_equal(broken, 0);
    assert_int_equal(tu_count(db,
        "SELECT count(*) FROM audit WHERE object = 'user' AND ((object_id = 'newbie' AND what "
        "IN ('user.add', 'user.password', 'user.lock')) OR (object_id = 'clerk' AND what = "
        "'user.prefs'))"), 5);   /* add, password, lock, 2 prefs */
    /* Refusals are recorded too. */
    assert_int_equal(tu_count(db, "SELECT count(*) FROM audit WHERE what = 'refused' AND "
                                  "login = 'clerk'"), 2);
    /* No password in clear anywhere in the log. */
    assert_int_equal(tu_count(db,
        "SELECT count(*) FROM audit WHERE before LIKE '%another-pass%' OR after LIKE "
        "'%another-pass%' OR note LIKE '%another-pass%'"), 0);
    bm_db_close(db);
}

static int collect_key(const char *line, void *ctx)
{
    int *n = ctx;
    (*n)++;
    return strstr(line, "ed25519") == NULL;
}

static void keys_and_login_failures(void **state)
{
    (void)state;
    bm_db *db = tu_demo_db("keys.db");
    bm_err err;
    bm_actor clerk = tu_actor(db, "clerk");
    const char *key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB7k8tYk0xJ4 clerk@qinglin";
    assert_int_equal(bm_user_key_add(db, &clerk, "clerk", key, &err), BM_OK);
    assert_int_equal(bm_user_key_add(db, &clerk, "clerk", key, &err), BM_ECONFLICT);
    assert_int_equal(bm_user_key_add(db, &clerk, "agent", key, &err), BM_EDENIED);
    int n = 0;
    assert_int_equal(bm_user_keys(db, "clerk", collect_key, &n, &err), BM_OK);
    assert_int_equal(n, 1);
    n = 0;
    assert_int_equal(bm_user_keys(db, "agent", collect_key, &n, &err), BM_OK);
    assert_int_equal(n, 0);

    time_t now = time(NULL);
    for (int i = 0; i < 3; i++)
        assert_int_equal(bm_login_failure_add(db, "clerk", "10.0.0.9", now - 100 * i, &err), BM_OK);
    int fails;
    assert_int_equal(bm_login_failures(db, "clerk", now - 150, &fails, &err), BM_OK);
    assert_int_equal(fails, 2);
    assert_int_equal(bm_login_failures(db, "agent", now - 1000, &fails, &err), BM_OK);
    assert_int_equal(fails, 0);
    bm_db_close(db);
}

struct drafts_seen {
    int n;
    char titles[4][32];
    int64_t ids[4];
};

static int collect_draft(const bm_draft *d, void *ctx)
{
    struct drafts_seen *s = ctx;
    if (s->n < 4) {
        snprintf(s->titles[s->n], sizeof s->titles[0], "%.31s", d->title);
        s->ids[s->n] = d->id;
    }
    s->n++;
    return 0;
}

static void drafts_are_personal_and_expire_after_a_week(void **state)
{
    (void)state;
    bm_db *db = tu_demo_db("drafts.db");
    bm_err err;
    bm_actor clerk = tu_actor(db, "clerk"), agent = tu_actor(db, "agent");
    bm_clock_set(bm_time_at(bm_day_from_ymd(2026, 11, 10), 9 * 60));
    int64_t old_id, new_id;
    assert_int_equal(bm_draft_save(db, &clerk, "BM210", "old", "name=王秀英\n", &old_id, &err),
                     BM_OK);
    bm_clock_set(bm_time_at(bm_day_from_ymd(2026, 11, 20), 9 * 60));
    assert_int_equal(bm_draft_save(db, &clerk, "BM210", "new", "id=510722199003151232\n",
                                   &new_id, &err), BM_OK);
    assert_int_equal(bm_draft_save(db, &tu_shell, "BM210", "x", "", NULL, &err), BM_EINVALID);
    /* Newest first, the week-old one gone, nobody else's in the list. */
    struct drafts_seen seen = { 0 };
    assert_int_equal(bm_draft_list(db, &clerk, collect_draft, &seen, &err), BM_OK);
    assert_int_equal(seen.n, 1);
    assert_string_equal(seen.titles[0], "new");
    struct drafts_seen other = { 0 };
    assert_int_equal(bm_draft_list(db, &agent, collect_draft, &other, &err), BM_OK);
    assert_int_equal(other.n, 0);
    /* Only its owner can throw a draft away. */
    assert_int_equal(bm_draft_delete(db, &agent, new_id, &err), BM_ENOTFOUND);
    assert_int_equal(bm_draft_delete(db, &clerk, new_id, &err), BM_OK);
    seen.n = 0;
    assert_int_equal(bm_draft_list(db, &clerk, collect_draft, &seen, &err), BM_OK);
    assert_int_equal(seen.n, 0);
    bm_clock_set(0);
    bm_db_close(db);
}

static void password_hashing_is_yescrypt_and_salted(void **state)
{
    (void)state;
    char a[256], b[256];
    bm_err err;
    assert_int_equal(bm_password_make("same password", a, sizeof a, &err), BM_OK);
    assert_int_equal(bm_password_make("same password", b, sizeof b, &err), BM_OK);
    assert_memory_equal(a, "$y$", 3);
    assert_string_not_equal(a, b);
    assert_true(bm_password_matches("same password", a));
    assert_true(bm_password_matches("same password", b));
    assert_false(bm_password_matches("same passwore", a));
    assert_false(bm_password_matches("", a));
    assert_false(bm_password_matches("same password", "$1$notyescrypt"));
    assert_false(bm_password_matches("same password", ""));
    char tiny[8];
    assert_int_not_equal(bm_password_make("x", tiny, sizeof tiny, &err), BM_OK);
}

static void session_events_are_audited_and_chain_verifies(void **state)
{
    (void)state;
    bm_db *db = tu_demo_db("session.db");
    bm_err err;
    bm_actor clerk = tu_actor(db, "clerk");
    assert_int_equal(bm_audit_session(db, &clerk, "login", "password", &err), BM_OK);
    assert_int_equal(bm_audit_session(db, &clerk, "logout", NULL, &err), BM_OK);
    assert_int_equal(bm_audit_session(db, &clerk, "dance", NULL, &err), BM_EINVALID);
    int64_t broken, checked;
    assert_int_equal(bm_audit_verify(db, &broken, &checked, &err), BM_OK);
    assert_int_equal(broken, 0);
    assert_true(checked > 10);
    bm_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(demo_has_more_staff_per_role),
        cmocka_unit_test(users_are_added_checked_and_audited),
        cmocka_unit_test(keys_and_login_failures),
        cmocka_unit_test(password_hashing_is_yescrypt_and_salted),
        cmocka_unit_test(drafts_are_personal_and_expire_after_a_week),
        cmocka_unit_test(session_events_are_audited_and_chain_verifies),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return failed;
}
