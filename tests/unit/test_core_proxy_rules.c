/* What core tells the proxy screens before they offer anything: the village finishes only a
 * village-level matter on the spot; the day the person will hear back (the matter's promise
 * plus the trips, or the days to bring word on a request without a matter; the day told once
 * told); and the moves each actor is offered on a request at each stage, by role and village.
 * Callbacks: once, after the person was told; not satisfied reopens the request with the
 * reason; the rating lands on the case. The special-group ledger: pairing and visits in the
 * agent's own village only, the next visit due from the schedule, a request taken on a visit
 * in the proxy ledger. The clock is pinned to Monday 2026-11-02, away from holidays. */
#include "core/authz.h"
#include "core/case.h"
#include "core/catalogue.h"
#include "core/proxy.h"
#include "core/proxy_special.h"
#include "test_core_util.h"

static bm_db *db;
static int64_t person;
static bm_actor agent, other_agent, clerk, other_clerk, admin;

static int setup(void **state)
{
    (void)state;
    db = tu_demo_db("proxy_rules.db");
    agent = tu_actor(db, "agent");
    other_agent = tu_actor(db, "yangli");
    clerk = tu_actor(db, "clerk");
    other_clerk = tu_actor(db, "zhouq");
    admin = tu_actor(db, "admin");
    bm_err err;
    if (bm_catalogue_load(db, &admin, tu_test_catalogue, sizeof tu_test_catalogue - 1, NULL,
                          NULL, NULL, &err) != BM_OK)
        return -1;
    bm_clock_set(tu_at("2026-11-02", 9, 30));
    person = tu_new_person(db, &agent, "杨秀珍", "511725195803030027", "qinglin.xinqiao");
    return person ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bm_clock_set(0);
    bm_db_close(db);
    return 0;
}

static bm_proxy take(const char *matter, const char *bundle, const char *wish)
{
    bm_proxy_new in = {.applicant_id = person, .matter_code = matter, .bundle_code = bundle,
                       .wish = wish, .came = BM_CAME_VISIT, .authority = BM_AUTH_PRESENT};
    bm_proxy p;
    bm_err err;
    if (bm_proxy_take(db, &agent, &in, &p, &err) != BM_OK)
        fail_msg("take: %s %s", err.reason, err.detail);
    return p;
}

static void only_a_village_level_matter_is_finished_in_the_village(void **state)
{
    (void)state;
    assert_true(bm_proxy_finishable(db, "T-NOW"));
    assert_false(bm_proxy_finishable(db, "T-FIVE"));
    assert_false(bm_proxy_finishable(db, "T-B"));      /* a bundle travels */
    assert_false(bm_proxy_finishable(db, ""));
    assert_false(bm_proxy_finishable(db, "NO-SUCH"));
}

static char *day_text(bm_day d)
{
    static char out[11];
    bm_day_format(d, out);
    return out;
}

static void the_person_hears_back_after_the_promise_and_the_trips(void **state)
{
    (void)state;
    bm_day d;
    bm_err err;
    /* T-FIVE: five working days from Monday 11-02 is Monday 11-09, two trips more Wednesday. */
    bm_proxy p = take("T-FIVE", NULL, NULL);
    assert_int_equal(bm_proxy_hear_back(db, &p, &d, &err), BM_OK);
    assert_string_equal(day_text(d), "2026-11-11");
    /* Not knowing the matter: five working days to bring word. */
    bm_proxy w = take(NULL, NULL, "想问问补贴的事");
    assert_int_equal(bm_proxy_hear_back(db, &w, &d, &err), BM_OK);
    assert_string_equal(day_text(d), "2026-11-09");
    /* A bundle: its slowest matter (T-FIVE) and the trips. */
    bm_proxy b = take(NULL, "T-B", NULL);
    assert_int_equal(bm_proxy_hear_back(db, &b, &d, &err), BM_OK);
    assert_string_equal(day_text(d), "2026-11-11");
    /* Forwarded on Wednesday: counted from the day it travelled. */
    bm_clock_set(tu_at("2026-11-04", 15, 0));
    assert_int_equal(bm_proxy_act(db, &agent, p.id, BM_PX_FORWARD, NULL, &err), BM_OK);
    assert_int_equal(bm_proxy_get(db, &agent, p.id, &p, &err), BM_OK);
    assert_int_equal(bm_proxy_hear_back(db, &p, &d, &err), BM_OK);
    assert_string_equal(day_text(d), "2026-11-13");
    /* Finished on the spot: the day told. */
    bm_proxy now = take("T-NOW", NULL, NULL);
    bm_proxy_args done = {.result = "已办好"};
    assert_int_equal(bm_proxy_act(db, &agent, now.id, BM_PX_FINISH, &done, &err), BM_OK);
    assert_int_equal(bm_proxy_get(db, &agent, now.id, &now, &err), BM_OK);
    assert_int_equal(bm_proxy_hear_back(db, &now, &d, &err), BM_OK);
    assert_string_equal(day_text(d), "2026-11-04");
    bm_clock_set(tu_at("2026-11-02", 9, 30));
}

/* The moves offered, as a string of move numbers in order ("13" = forward, accept). */
static const char *offered(const bm_actor *who, int64_t id)
{
    static char out[BM_PX_MOVE_COUNT + 1];
    bm_proxy p;
    bm_err err;
    if (bm_proxy_get(db, &agent, id, &p, &err) != BM_OK)
        fail_msg("get: %s", err.reason);
    int moves[BM_PX_MOVE_COUNT];
    int n = bm_proxy_moves_offered(db, who, &p, moves, BM_PX_MOVE_COUNT);
    for (int i = 0; i < n; i++)
        out[i] = (char)('0' + moves[i]);
    out[n] = 0;
    return out;
}

static void each_actor_is_offered_the_moves_of_their_role_and_place(void **state)
{
    (void)state;
    char want[8];
    bm_err err;
    bm_proxy now = take("T-NOW", NULL, NULL), five = take("T-FIVE", NULL, NULL);
    /* Taken: the agent forwards (and finishes a village-level one); nobody else moves it. */
    snprintf(want, sizeof want, "%d%d", BM_PX_FORWARD, BM_PX_FINISH);
    assert_string_equal(offered(&agent, now.id), want);
    snprintf(want, sizeof want, "%d", BM_PX_FORWARD);
    assert_string_equal(offered(&agent, five.id), want);
    assert_string_equal(offered(&other_agent, five.id), "");
    assert_string_equal(offered(&clerk, five.id), "");
    /* Forwarded: the centre's clerk answers; the agent and another centre's clerk do not. */
    assert_int_equal(bm_proxy_act(db, &agent, five.id, BM_PX_FORWARD, NULL, &err), BM_OK);
    snprintf(want, sizeof want, "%d%d%d", BM_PX_ACCEPT, BM_PX_SEND_BACK, BM_PX_REFUSE);
    assert_string_equal(offered(&clerk, five.id), want);
    assert_string_equal(offered(&agent, five.id), "");
    assert_string_equal(offered(&other_clerk, five.id), "");
    /* Accepted: it follows its case, nothing to offer until the result is back. */
    static const char *const brought[] = {"申请表", "户口簿"};
    bm_proxy_args in = {.received = brought, .nreceived = 2};
    assert_int_equal(bm_proxy_act(db, &clerk, five.id, BM_PX_ACCEPT, &in, &err), BM_OK);
    assert_string_equal(offered(&clerk, five.id), "");
    assert_string_equal(offered(&agent, five.id), "");
    /* Refused: the agent tells the person. */
    bm_proxy r = take(NULL, NULL, "不知道办什么");
    assert_int_equal(bm_proxy_act(db, &agent, r.id, BM_PX_FORWARD, NULL, &err), BM_OK);
    bm_proxy_args no = {.reason = "不属于本镇"};
    assert_int_equal(bm_proxy_act(db, &clerk, r.id, BM_PX_REFUSE, &no, &err), BM_OK);
    snprintf(want, sizeof want, "%d", BM_PX_TELL);
    assert_string_equal(offered(&agent, r.id), want);
    assert_string_equal(offered(&other_agent, r.id), "");
}

static void a_callback_is_once_and_not_satisfied_reopens(void **state)
{
    (void)state;
    bm_err err;
    bm_proxy p = take("T-FIVE", NULL, NULL), q;
    assert_int_equal(bm_proxy_callback(db, &agent, p.id, 1, 5, "", &err), BM_ESTATE);
    static const char *const brought[] = {"申请表", "户口簿"};
    bm_proxy_args in = {.received = brought, .nreceived = 2};
    bm_case made;
    in.made = &made;
    assert_int_equal(bm_proxy_act(db, &agent, p.id, BM_PX_FORWARD, NULL, &err), BM_OK);
    assert_int_equal(bm_proxy_act(db, &clerk, p.id, BM_PX_ACCEPT, &in, &err), BM_OK);
    bm_case_args done = {.result = "已办好", .delivery = "代办员送达"};
    assert_int_equal(bm_case_act(db, &clerk, made.id, BM_DO_COMPLETE, &done, &err), BM_OK);
    bm_proxy_args told = {.told_how = BM_TOLD_PHONE, .told_what = "电话告知"};
    assert_int_equal(bm_proxy_act(db, &agent, p.id, BM_PX_TELL, &told, &err), BM_OK);
    /* Not the agent of another village; not satisfied needs the reason. */
    assert_int_equal(bm_proxy_callback(db, &other_agent, p.id, 1, 4, "", &err), BM_EDENIED);
    assert_int_equal(bm_proxy_callback(db, &agent, p.id, 0, 2, "", &err), BM_EINVALID);
    assert_int_equal(bm_proxy_callback(db, &agent, p.id, 1, 6, "", &err), BM_EINVALID);
    assert_int_equal(bm_proxy_callback(db, &agent, p.id, 0, 2, "证件上名字错了", &err), BM_OK);
    assert_int_equal(bm_proxy_get(db, &agent, p.id, &q, &err), BM_OK);
    assert_int_equal(q.stage, BM_PROXY_FORWARDED);
    assert_string_equal(q.reason, "证件上名字错了");
    assert_true(q.called_at != 0);
    assert_int_equal(q.called_satisfied, 0);
    bm_case c;
    assert_int_equal(bm_case_get(db, &clerk, made.id, &c, &err), BM_OK);
    assert_int_equal(c.rating, 2);
    assert_string_equal(c.rating_channel, "agent");
    /* Once. */
    assert_int_equal(bm_proxy_callback(db, &agent, p.id, 1, 0, "", &err), BM_ESTATE);
}

static void special_groups_pair_visit_and_the_next_visit_due(void **state)
{
    (void)state;
    bm_err err;
    bm_special s;
    int64_t other = tu_new_person(db, &other_agent, "白玉兰", "511725194512120044",
                                  "qinglin.baiyan");
    assert_true(other != 0);
    /* Another village's person: refused in words. */
    assert_int_equal(bm_special_pair(db, &agent, other, "独居", 30, &s, &err), BM_EDENIED);
    assert_string_equal(err.reason, "This belongs to another village");
    assert_int_equal(bm_special_pair(db, &agent, person, "独居", 0, &s, &err), BM_EINVALID);
    assert_int_equal(bm_special_pair(db, &agent, person, "独居，需代领药", 14, &s, &err), BM_OK);
    assert_int_equal(s.cadre_id, agent.user_id);
    assert_string_equal(day_text(s.next_due), "2026-11-02");   /* due at once */
    assert_int_equal(s.due, BM_VISIT_SOON);
    /* Visited with a request taken on it: in the ledger as a home-visit request. */
    bm_proxy made;
    assert_int_equal(bm_special_visit(db, &agent, person, "", NULL, NULL, &err), BM_EINVALID);
    assert_int_equal(bm_special_visit(db, &other_agent, person, "看望", NULL, NULL, &err),
                     BM_EDENIED);
    assert_int_equal(bm_special_visit(db, &agent, person, "看望，量血压", "想办老年人优待证",
                                      &made, &err), BM_OK);
    assert_int_equal(made.came, BM_CAME_HOME_VISIT);
    assert_int_equal(made.stage, BM_PROXY_TAKEN);
    assert_int_equal(bm_special_get(db, &agent, person, &s, &err), BM_OK);
    assert_int_equal(s.visits, 1);
    assert_string_equal(day_text(s.last_visit), "2026-11-02");
    assert_string_equal(day_text(s.next_due), "2026-11-16");
    assert_int_equal(s.due, BM_VISIT_LATER);
    /* Three weeks on, the visit is overdue. */
    bm_clock_set(tu_at("2026-11-23", 9, 0));
    assert_int_equal(bm_special_get(db, &agent, person, &s, &err), BM_OK);
    assert_int_equal(s.due, BM_VISIT_OVERDUE);
    bm_clock_set(tu_at("2026-11-02", 9, 30));
    /* The other village's agent does not see the person; the township does. */
    assert_int_equal(bm_special_get(db, &other_agent, person, &s, &err), BM_EDENIED);
    assert_int_equal(bm_special_get(db, &clerk, person, &s, &err), BM_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(only_a_village_level_matter_is_finished_in_the_village),
        cmocka_unit_test(the_person_hears_back_after_the_promise_and_the_trips),
        cmocka_unit_test(each_actor_is_offered_the_moves_of_their_role_and_place),
        cmocka_unit_test(a_callback_is_once_and_not_satisfied_reopens),
        cmocka_unit_test(special_groups_pair_visit_and_the_next_visit_due),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    tu_cleanup();
    return rc;
}
