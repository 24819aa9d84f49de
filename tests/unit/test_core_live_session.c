/* The live-session registry in the store: sessions registered by their process are listed
 * with the account's name and unit, refreshed in batches, taken out at the end; an
 * administrator's message and end request reach only the process holding the session, once,
 * and are audited; a clerk may neither list nor act; a dead process's sessions are swept at
 * start while a live one's stay. Clock pinned. */
#include "core/live_session.h"
#include "test_core_util.h"

static bm_db *db;

static int setup(void **state)
{
    (void)state;
    db = tu_demo_db("live.db");
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

/* Registers login's session held by pid on host. */
static int64_t join(const char *login, const char *host, int pid, const char *sid,
                    const char *screen)
{
    bm_actor who = tu_actor(db, login);
    bm_live_session s;
    memset(&s, 0, sizeof s);
    snprintf(s.host, sizeof s.host, "%s", host);
    s.pid = pid;
    snprintf(s.session, sizeof s.session, "%s", sid);
    s.user_id = who.user_id;
    snprintf(s.login, sizeof s.login, "%s", login);
    s.role = who.role;
    s.org_id = who.org_id;
    snprintf(s.addr, sizeof s.addr, "10.0.0.%d", pid % 200);
    snprintf(s.term, sizeof s.term, "xterm");
    s.cols = 80;
    s.rows = 24;
    snprintf(s.screen, sizeof s.screen, "%s", screen);
    s.started_at = s.last_key_at = bm_now();
    int64_t id = 0;
    bm_err err;
    assert_int_equal(bm_live_register(db, &s, &id, &err), BM_OK);
    assert_true(id > 0);
    return id;
}

struct seen {
    int n;
    bm_live_session rows[8];
};

static int keep(const bm_live_session *s, void *ctx)
{
    struct seen *v = ctx;
    if (v->n < 8)
        v->rows[v->n] = *s;
    v->n++;
    return 0;
}

static struct seen list_as(const char *login, int64_t user_id)
{
    bm_actor admin = tu_actor(db, login);
    struct seen v = {0};
    bm_err err;
    assert_int_equal(bm_live_list(db, &admin, user_id, keep, &v, &err), BM_OK);
    return v;
}

struct taken {
    int n;
    bm_live_request r[4];
};

static void take(const bm_live_request *r, void *ctx)
{
    struct taken *t = ctx;
    if (t->n < 4)
        t->r[t->n] = *r;
    t->n++;
}

static struct taken take_for(const char *host, int pid)
{
    struct taken t = {0};
    bm_err err;
    assert_int_equal(bm_live_take_requests(db, host, pid, take, &t, &err), BM_OK);
    return t;
}

static void registered_listed_touched_and_gone(void **state)
{
    (void)state;
    int64_t a = join("clerk", "hostA", 100, "s-1", "BM100");
    int64_t b = join("duty", "hostB", 200, "s-2", "BM223");
    struct seen v = list_as("admin", 0);
    assert_int_equal(v.n, 2);
    assert_string_equal(v.rows[0].login, "clerk");   /* ordered by login */
    assert_string_equal(v.rows[0].name, "张敏");
    assert_string_equal(v.rows[0].unit, "青林镇便民服务中心");
    assert_string_equal(v.rows[0].screen, "BM100");
    assert_string_equal(v.rows[0].host, "hostA");
    assert_int_equal(v.rows[0].pid, 100);
    assert_string_equal(v.rows[1].login, "duty");
    /* A refresh of both in one go: the screen and the last key move. */
    bm_live_touch t[2] = {
        {.id = a, .screen = "BM210", .last_key_at = bm_now() + 30, .charset = "GB18030",
         .lang = "zh_CN", .cols = 100, .rows = 30},
        {.id = b, .screen = "BM310", .last_key_at = bm_now() + 5, .charset = "UTF-8",
         .lang = "en", .cols = 80, .rows = 24},
    };
    bm_err err;
    assert_int_equal(bm_live_touch_all(db, t, 2, &err), BM_OK);
    bm_actor clerk = tu_actor(db, "clerk");
    v = list_as("admin", clerk.user_id);
    assert_int_equal(v.n, 1);
    assert_string_equal(v.rows[0].screen, "BM210");
    assert_string_equal(v.rows[0].charset, "GB18030");
    assert_int_equal(v.rows[0].cols, 100);
    assert_int_equal((long)(v.rows[0].last_key_at - v.rows[0].started_at), 30);
    /* Ended: gone from the list, with what waited for it. */
    assert_int_equal(bm_live_message(db, &tu_shell, a, "hello", &err), BM_OK);
    assert_int_equal(bm_live_unregister(db, a, &err), BM_OK);
    assert_int_equal(bm_live_unregister(db, b, &err), BM_OK);
    assert_int_equal(list_as("admin", 0).n, 0);
    assert_int_equal(tu_count(db, "SELECT count(*) FROM live_request"), 0);
}

static void requests_reach_their_process_once(void **state)
{
    (void)state;
    int64_t a = join("clerk", "hostA", 100, "s-1", "BM100");
    int64_t b = join("duty", "hostB", 200, "s-2", "BM100");
    bm_actor admin = tu_actor(db, "admin");
    bm_err err;
    int64_t audit_before = tu_count(db, "SELECT count(*) FROM audit");
    assert_int_equal(bm_live_message(db, &admin, a, "请于17:00前保存工作", &err), BM_OK);
    assert_int_equal(bm_live_end(db, &admin, b, &err), BM_OK);
    assert_int_equal(tu_count(db, "SELECT count(*) FROM audit"), audit_before + 2);
    assert_int_equal(tu_count(db, "SELECT count(*) FROM audit WHERE what = "
                                  "'session.message' AND object_id = 's-1' AND after LIKE "
                                  "'%请于17:00前保存工作%'"), 1);
    assert_int_equal(tu_count(db, "SELECT count(*) FROM audit WHERE what = "
                                  "'session.end' AND object_id = 's-2'"), 1);
    /* Another process on host A sees nothing; host A's process 100 gets the message. */
    assert_int_equal(take_for("hostA", 999).n, 0);
    struct taken t = take_for("hostA", 100);
    assert_int_equal(t.n, 1);
    assert_int_equal(t.r[0].kind, BM_LIVE_MESSAGE);
    assert_int_equal(t.r[0].session_id, a);
    assert_string_equal(t.r[0].text, "请于17:00前保存工作");
    assert_string_equal(t.r[0].from_login, "admin");
    assert_int_equal(take_for("hostA", 100).n, 0);   /* once only */
    t = take_for("hostB", 200);
    assert_int_equal(t.n, 1);
    assert_int_equal(t.r[0].kind, BM_LIVE_END);
    assert_int_equal(t.r[0].session_id, b);
    bm_live_unregister(db, a, &err);
    bm_live_unregister(db, b, &err);
}

static void messages_are_checked(void **state)
{
    (void)state;
    int64_t a = join("clerk", "hostA", 100, "s-1", "BM100");
    bm_err err;
    assert_int_equal(bm_live_message(db, &tu_shell, a, "   ", &err), BM_EINVALID);
    assert_int_equal(err.field, BM_FIELD_NOTE);
    assert_int_equal(bm_live_message(db, &tu_shell, a, "two\nlines", &err), BM_EINVALID);
    char longer[BM_LIVE_MESSAGE_MAX + 2];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = 0;
    assert_int_equal(bm_live_message(db, &tu_shell, a, longer, &err), BM_EINVALID);
    assert_int_equal(bm_live_message(db, &tu_shell, a + 1000, "hi", &err), BM_ENOTFOUND);
    assert_int_equal(bm_live_end(db, &tu_shell, a + 1000, &err), BM_ENOTFOUND);
    /* An admin does not end their own session from the list. */
    bm_actor me = tu_actor(db, "clerk");
    me.role = BM_ROLE_ADMIN;
    me.session = "s-1";
    assert_int_equal(bm_live_end(db, &me, a, &err), BM_EINVALID);
    assert_int_equal(tu_count(db, "SELECT count(*) FROM live_request"), 0);
    bm_live_unregister(db, a, &err);
}

static void clerks_may_not_see_or_act(void **state)
{
    (void)state;
    int64_t a = join("duty", "hostA", 100, "s-1", "BM100");
    bm_actor clerk = tu_actor(db, "clerk");
    struct seen v = {0};
    bm_err err;
    assert_int_equal(bm_live_list(db, &clerk, 0, keep, &v, &err), BM_EDENIED);
    assert_int_equal(v.n, 0);
    assert_int_equal(bm_live_message(db, &clerk, a, "hi", &err), BM_EDENIED);
    assert_int_equal(bm_live_end(db, &clerk, a, &err), BM_EDENIED);
    assert_int_equal(tu_count(db, "SELECT count(*) FROM live_request"), 0);
    assert_true(tu_count(db, "SELECT count(*) FROM audit WHERE object = 'session' AND "
                             "what = 'refused'") >= 3);
    bm_live_unregister(db, a, &err);
}

static int only_300_lives(int pid)
{
    return pid == 300;
}

static void dead_processes_are_swept(void **state)
{
    (void)state;
    join("clerk", "hostA", 100, "s-1", "BM100");    /* dead */
    join("duty", "hostA", 300, "s-2", "BM100");     /* alive */
    join("agent", "hostA", 400, "s-3", "BM100");    /* this process's id, left from before */
    int64_t other = join("supervisor", "hostB", 100, "s-4", "BM100");   /* another host */
    bm_err err;
    assert_int_equal(bm_live_end(db, &tu_shell, other, &err), BM_OK);
    int swept = -1;
    assert_int_equal(bm_live_sweep(db, "hostA", 400, only_300_lives, &swept, &err), BM_OK);
    assert_int_equal(swept, 2);
    struct seen v = list_as("admin", 0);
    assert_int_equal(v.n, 2);
    assert_string_equal(v.rows[0].login, "duty");
    assert_string_equal(v.rows[1].login, "supervisor");
    assert_int_equal(take_for("hostB", 100).n, 1);   /* host B's request untouched */
    for (int i = 0; i < v.n; i++)
        bm_live_unregister(db, v.rows[i].id, &err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(registered_listed_touched_and_gone),
        cmocka_unit_test(requests_reach_their_process_once),
        cmocka_unit_test(messages_are_checked),
        cmocka_unit_test(clerks_may_not_see_or_act),
        cmocka_unit_test(dead_processes_are_swept),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    tu_cleanup();
    return rc;
}
