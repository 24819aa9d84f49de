/* Rules that live in core so screens only ask: what a typed lookup is, a matter's or bundle's
 * promise, the steps offered to an actor, completing on the spot in one transaction, the field
 * an error is about; and the defects a new user hit: a bundle's sub-cases missing from My work,
 * a commitment not settled by materials brought during corrections, refusals that showed
 * internal words. Dates are pinned (BIANMIN_NOW is not used: the clock is set directly). */
#include "core/advice.h"
#include "core/applicant.h"
#include "core/authz.h"
#include "core/case.h"
#include "core/catalogue.h"
#include "core/db_internal.h"
#include "core/org.h"
#include "core/validate.h"
#include "test_core_util.h"

static bm_db *db;
static int64_t person;
static bm_actor clerk, duty, supervisor, admin;

static int setup(void **state)
{
    (void)state;
    db = tu_demo_db("rules.db");
    clerk = tu_actor(db, "clerk");
    duty = tu_actor(db, "duty");
    supervisor = tu_actor(db, "supervisor");
    admin = tu_actor(db, "admin");
    bm_err err;
    if (bm_catalogue_load(db, &admin, tu_test_catalogue, sizeof tu_test_catalogue - 1, NULL,
                          NULL, NULL, &err) != BM_OK) {
        fprintf(stderr, "catalogue: %s %s\n", err.reason, err.detail);
        return -1;
    }
    bm_clock_set(tu_at("2026-09-28", 10, 0));   /* a Monday before 国庆 */
    person = tu_new_person(db, &clerk, "罗永福", "511725196002020018", "qinglin.xinqiao");
    return person ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bm_clock_set(0);
    bm_db_close(db);
    return 0;
}

static const char *const both[] = {"申请表", "户口簿"};
static const char *const form_only[] = {"申请表"};

static bm_case take_in(const bm_actor *who, const char *matter, const char *bundle, int mode,
                       const char *const *received, int n)
{
    char due[11];
    bm_day_format(bm_day_of(bm_now()) + 10, due);
    bm_intake in = {.applicant_id = person, .matter_code = matter, .bundle_code = bundle,
                    .channel = BM_CHANNEL_WINDOW, .mode = mode, .commit_due = due,
                    .received = received, .nreceived = n};
    bm_case c;
    bm_err err;
    if (bm_case_intake(db, who, &in, &c, &err) != BM_OK)
        fail_msg("intake %s: %s (%s)", matter ? matter : bundle, err.reason, err.detail);
    return c;
}

static bm_case reread(int64_t id)
{
    bm_case c;
    bm_err err;
    if (bm_case_get(db, &clerk, id, &c, &err) != BM_OK)
        fail_msg("get: %s", err.reason);
    return c;
}

static int64_t count_of(const char *sql)
{
    return tu_count(db, sql);
}

static void lookups_are_classified_as_the_screens_did(void **state)
{
    (void)state;
    static const struct { const char *in; int kind, valid; const char *text; } cases[] = {
        {"511725196002020018", BM_LOOKUP_ID_NUMBER, 1, "511725196002020018"},
        {"51172519880404001x", BM_LOOKUP_ID_NUMBER, 1, "51172519880404001X"},
        {"511725196002020019", BM_LOOKUP_ID_NUMBER, 0, "511725196002020019"},   /* check digit */
        {"５１１７２５１９６００２０２００１８", BM_LOOKUP_ID_NUMBER, 1, "511725196002020018"},
        {"91510700mA6CD1234x", BM_LOOKUP_CREDIT_CODE, 0, "91510700MA6CD1234X"},
        {"13990001111", BM_LOOKUP_PHONE, 1, "13990001111"},
        {"0818-2345678", BM_LOOKUP_PHONE, 1, "0818-2345678"},
        {"12345", BM_LOOKUP_NAME, 0, "12345"},   /* too short to be a phone */
        {"202609280001", BM_LOOKUP_CASE_NO, 0, "202609280001"},
        {"LYF", BM_LOOKUP_INITIALS, 0, "lyf"},
        {"罗永", BM_LOOKUP_NAME, 0, "罗永"},
        {"", BM_LOOKUP_NONE, 0, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bm_lookup l;
        int kind = bm_lookup_classify(cases[i].in, &l);
        if (kind != cases[i].kind || l.kind != kind || l.valid != cases[i].valid ||
            strcmp(l.text, cases[i].text) != 0)
            fail_msg("%s: kind %d valid %d text %s", cases[i].in, kind, l.valid, l.text);
    }
}

static void a_bundle_promises_its_slowest_matter(void **state)
{
    (void)state;
    bm_day today = bm_day_of(bm_now()), five, two, bundle, now;
    int days;
    bm_err err;
    assert_int_equal(bm_case_promise(db, "T-FIVE", NULL, today, &days, &five, &err), BM_OK);
    assert_int_equal(days, 5);
    assert_int_equal(bm_case_promise(db, "T-TWO", NULL, today, &days, &two, &err), BM_OK);
    assert_int_equal(days, 2);
    assert_true(two < five);
    assert_int_equal(bm_case_promise(db, NULL, "T-B", today, &days, &bundle, &err), BM_OK);
    assert_int_equal(days, 5);
    assert_int_equal(bundle, five);
    assert_int_equal(bm_case_promise(db, "T-NOW", NULL, today, &days, &now, &err), BM_OK);
    assert_int_equal(days, 0);
    assert_int_equal(now, today);
    /* What intake promises is the same. */
    bm_case c = take_in(&clerk, NULL, "T-B", BM_INTAKE_ACCEPT, both, 2);
    char want[11];
    bm_day_format(bundle, want);
    assert_string_equal(c.deadline, want);
    assert_int_equal(c.promised_days, 5);
    assert_int_equal(bm_case_promise(db, "NO-SUCH", NULL, today, &days, &now, &err), BM_ENOTFOUND);
    assert_int_equal(err.field, BM_FIELD_MATTER);
}

static int has(const int *steps, int n, int step)
{
    for (int i = 0; i < n; i++)
        if (steps[i] == step)
            return 1;
    return 0;
}

static void steps_offered_follow_the_permission_table(void **state)
{
    (void)state;
    bm_case c = take_in(&clerk, "T-FIVE", NULL, BM_INTAKE_ACCEPT, both, 2);
    int steps[BM_STEP_MAX], n;
    n = bm_case_steps_offered(db, &clerk, &c, steps, BM_STEP_MAX);
    assert_true(has(steps, n, BM_DO_START));
    assert_true(has(steps, n, BM_DO_REFUSE));
    assert_false(has(steps, n, BM_DO_SUPPLY));   /* nothing outstanding */
    assert_false(has(steps, n, BM_STEP_TAKE));   /* already the clerk's */
    assert_true(has(steps, n, BM_STEP_NOTE));
    /* Duty staff on the clerk's case: the window's steps, but no refusal, and core agrees. */
    n = bm_case_steps_offered(db, &duty, &c, steps, BM_STEP_MAX);
    assert_true(has(steps, n, BM_DO_START));
    assert_false(has(steps, n, BM_DO_REFUSE));
    assert_true(has(steps, n, BM_STEP_TAKE));
    bm_case_args why = {.reason = "不符合条件"};
    bm_err err;
    assert_int_equal(bm_case_act(db, &duty, c.id, BM_DO_REFUSE, &why, &err), BM_EDENIED);
    /* A supervisor watches and annotates. */
    n = bm_case_steps_offered(db, &supervisor, &c, steps, BM_STEP_MAX);
    assert_false(has(steps, n, BM_DO_START));
    assert_true(has(steps, n, BM_DO_ESCALATE));
    assert_true(has(steps, n, BM_STEP_NOTE));
    /* Every offered verb is one the status machine allows from here. */
    n = bm_case_steps_offered(db, &clerk, &c, steps, BM_STEP_MAX);
    for (int i = 0; i < n; i++)
        if (steps[i] < BM_VERB_COUNT)
            assert_int_not_equal(bm_case_next_status(c.status, steps[i]), 0);
    /* A bundle offers its own steps only; a completed case offers the rating once. */
    bm_case b = take_in(&clerk, NULL, "T-B", BM_INTAKE_ACCEPT, both, 2);
    n = bm_case_steps_offered(db, &clerk, &b, steps, BM_STEP_MAX);
    assert_false(has(steps, n, BM_DO_START));
    assert_true(has(steps, n, BM_DO_WITHDRAW));
    bm_case done = take_in(&clerk, "T-NOW", NULL, BM_INTAKE_COMPLETE, NULL, 0);
    n = bm_case_steps_offered(db, &clerk, &done, steps, BM_STEP_MAX);
    assert_true(has(steps, n, BM_STEP_RATE));
    assert_int_equal(bm_case_steps_offered(db, &clerk, &c, steps, 1), 1);   /* max is kept */
}

static void completing_on_the_spot_is_one_transaction(void **state)
{
    (void)state;
    bm_case c = take_in(&clerk, "T-NOW", NULL, BM_INTAKE_COMPLETE, NULL, 0);
    assert_int_equal(c.status, BM_CASE_COMPLETED);
    int64_t cases = count_of("SELECT count(*) FROM bcase");
    int64_t numbers = count_of("SELECT coalesce(sum(last), 0) FROM case_number");
    /* Completion fails after the acceptance: nothing at all stays. */
    assert_int_equal(tu_exec(db, tu_pg()
                     ? "CREATE FUNCTION no_completion() RETURNS trigger LANGUAGE plpgsql AS $$ "
                       "BEGIN RAISE EXCEPTION 'injected'; END $$; CREATE TRIGGER no_completion "
                       "BEFORE UPDATE OF status ON bcase FOR EACH ROW WHEN (NEW.status = 8) "
                       "EXECUTE FUNCTION no_completion()"
                     : "CREATE TEMP TRIGGER no_completion BEFORE UPDATE "
                       "OF status ON bcase WHEN NEW.status = 8 BEGIN "
                       "SELECT RAISE(ABORT, 'injected'); END"),
                     BM_OK);
    bm_intake in = {.applicant_id = person, .matter_code = "T-NOW",
                    .channel = BM_CHANNEL_WINDOW, .mode = BM_INTAKE_COMPLETE};
    bm_case out;
    bm_err err;
    assert_int_equal(bm_case_intake(db, &clerk, &in, &out, &err), BM_EDB);
    assert_int_equal(out.id, 0);
    assert_int_equal(count_of("SELECT count(*) FROM bcase"), cases);
    assert_int_equal(count_of("SELECT coalesce(sum(last), 0) FROM case_number"), numbers);
    assert_int_equal(tu_exec(db, tu_pg() ? "DROP TRIGGER no_completion ON bcase"
                                         : "DROP TRIGGER no_completion"),
                     BM_OK);
    /* A bundle completes when its matters do, never on the spot. */
    in.matter_code = NULL;
    in.bundle_code = "T-B";
    assert_int_equal(bm_case_intake(db, &clerk, &in, &out, &err), BM_EINVALID);
    assert_int_equal(err.field, BM_FIELD_MATTER);
}

static void errors_name_their_field(void **state)
{
    (void)state;
    bm_err err;
    char out[19], phone[16];
    assert_int_equal(bm_phone_check("1399000", phone, sizeof phone, NULL, &err), BM_EINVALID);
    assert_int_equal(err.field, BM_FIELD_PHONE);
    assert_int_equal(bm_id_number_check("511725196002020019", out, NULL, &err), BM_EINVALID);
    assert_int_equal(err.field, BM_FIELD_ID_NO);
    bm_applicant a;
    memset(&a, 0, sizeof a);
    a.kind = BM_APPLICANT_PERSON;
    snprintf(a.id_no, sizeof a.id_no, "51172519700101001%c", bm_id_check_char("51172519700101001"));
    snprintf(a.phone, sizeof a.phone, "13990001111");
    assert_int_equal(bm_applicant_add(db, &clerk, &a, &err), BM_EINVALID);   /* no name */
    assert_int_equal(err.field, BM_FIELD_NAME);
    snprintf(a.name, sizeof a.name, "王芳");
    snprintf(a.phone, sizeof a.phone, "12345");
    assert_int_equal(bm_applicant_add(db, &clerk, &a, &err), BM_EINVALID);
    assert_int_equal(err.field, BM_FIELD_PHONE);
    bm_intake in = {.applicant_id = person, .matter_code = "T-FIVE",
                    .channel = BM_CHANNEL_WINDOW, .mode = BM_INTAKE_COMMIT,
                    .received = form_only, .nreceived = 1};
    bm_case c;
    assert_int_equal(bm_case_intake(db, &clerk, &in, &c, &err), BM_EINVALID);   /* no date */
    assert_int_equal(err.field, BM_FIELD_COMMIT_DATE);
    static const char *const unknown[] = {"结婚证"};
    in.mode = BM_INTAKE_ACCEPT;
    in.received = unknown;
    assert_int_equal(bm_case_intake(db, &clerk, &in, &c, &err), BM_EINVALID);
    assert_int_equal(err.field, BM_FIELD_MATERIALS);
    c = take_in(&clerk, "T-FIVE", NULL, BM_INTAKE_ACCEPT, both, 2);
    bm_case_args none = {0};
    assert_int_equal(bm_case_act(db, &clerk, c.id, BM_DO_REFUSE, &none, &err), BM_EINVALID);
    assert_int_equal(err.field, BM_FIELD_REASON);
    assert_int_equal(bm_case_act(db, &clerk, c.id, BM_DO_START, NULL, &err), BM_OK);
    assert_int_equal(bm_case_act(db, &clerk, c.id, BM_DO_RETURN, &none, &err), BM_EINVALID);
    assert_int_equal(err.field, BM_FIELD_NOTE);
    assert_int_equal(bm_case_act(db, &clerk, c.id, BM_DO_COMPLETE, NULL, &err), BM_OK);
    /* A failure that is about no input names no field. */
    assert_int_equal(bm_case_act(db, &clerk, 999999, BM_DO_START, NULL, &err), BM_ENOTFOUND);
    assert_int_equal(err.field, BM_FIELD_NONE);
}

static void materials_brought_during_corrections_settle_the_commitment(void **state)
{
    (void)state;
    bm_case c = take_in(&clerk, "T-FIVE", NULL, BM_INTAKE_COMMIT, form_only, 1);
    assert_int_equal(c.status, BM_CASE_COMMITMENT);
    assert_true(c.commit_due[0] != 0);
    bm_err err;
    assert_int_equal(bm_case_act(db, &clerk, c.id, BM_DO_START, NULL, &err), BM_OK);
    /* Completing with the item still missing: refused in words, naming the item. */
    assert_int_equal(bm_case_act(db, &clerk, c.id, BM_DO_COMPLETE, NULL, &err), BM_ESTATE);
    assert_string_equal(err.reason, "Materials promised on commitment have not been brought yet");
    assert_string_equal(err.detail, "户口簿");
    bm_case_args fix = {.note = "请补正照片"};
    assert_int_equal(bm_case_act(db, &clerk, c.id, BM_DO_RETURN, &fix, &err), BM_OK);
    static const char *const brought[] = {"户口簿"};
    bm_case_args back = {.received = brought, .nreceived = 1};
    assert_int_equal(bm_case_act(db, &clerk, c.id, BM_DO_RESUME, &back, &err), BM_OK);
    assert_string_equal(reread(c.id).commit_due, "");
    /* No extra "supplied" step: it completes at once. */
    assert_int_equal(bm_case_act(db, &clerk, c.id, BM_DO_COMPLETE, NULL, &err), BM_OK);
    assert_int_equal(reread(c.id).status, BM_CASE_COMPLETED);
}

static void a_refusal_reads_as_words_and_the_log_keeps_the_action(void **state)
{
    (void)state;
    bm_case c = take_in(&clerk, "T-TWO", NULL, BM_INTAKE_ACCEPT, form_only, 1);
    bm_actor other = tu_actor(db, "zhouq");   /* a clerk of another centre */
    bm_case seen;
    bm_err err;
    assert_int_equal(bm_case_get(db, &other, c.id, &seen, &err), BM_EDENIED);
    assert_string_equal(err.reason, "This belongs to another centre");
    assert_string_equal(err.detail, "");
    assert_null(strchr(err.reason, '.'));
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE what = 'refused' AND "
             "object_id = '%s' AND note LIKE 'case.view:%%'", c.no);
    assert_int_equal(count_of(sql), 1);
}

struct seen {
    int64_t want;
    int found;
};

static int find_row(const bm_case_row *r, void *ctx)
{
    struct seen *s = ctx;
    s->found |= r->id == s->want;
    return 0;
}

static void a_bundles_sub_case_due_today_is_in_my_work(void **state)
{
    (void)state;
    bm_clock_set(tu_at("2026-10-12", 9, 0));   /* a Monday after 国庆 */
    bm_case b = take_in(&clerk, NULL, "T-B", BM_INTAKE_ACCEPT, both, 2);
    /* the two-day matter's sub-case */
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT c.id FROM bcase c JOIN matter m ON m.id = c.matter_id "
             "WHERE c.parent_id = %lld AND m.code = 'T-TWO'", (long long)b.id);
    int64_t sub = tu_count(db, sql);
    bm_case s = reread(sub);
    assert_int_equal(s.handler_id, clerk.user_id);
    bm_case_counts before;
    bm_err err;
    assert_int_equal(bm_case_count(db, &clerk, BM_LIST_MINE, &before, &err), BM_OK);
    /* Its deadline comes: the sub-case is due, the bundle not yet. */
    bm_day d;
    assert_int_equal(bm_day_parse(s.deadline, &d), 0);
    bm_clock_set(bm_time_at(d, 9 * 60));
    bm_case_counts now;
    assert_int_equal(bm_case_count(db, &clerk, BM_LIST_MINE, &now, &err), BM_OK);
    assert_true(now.due_soon >= 1);
    struct seen seen = {.want = sub};
    bm_case_query q = {.kind = BM_LIST_MINE, .limit = 1000};
    assert_int_equal(bm_case_list(db, &clerk, &q, find_row, &seen, &err), BM_OK);
    assert_true(seen.found);
    seen = (struct seen){.want = b.id};
    assert_int_equal(bm_case_list(db, &clerk, &q, find_row, &seen, &err), BM_OK);
    assert_true(seen.found);   /* the bundle stays there too */
    bm_clock_set(tu_at("2026-09-28", 10, 0));
}

struct id_seen {
    int64_t want, handler_id;
    char id_no[19];
};

static int row_id_no(const bm_case_row *r, void *ctx)
{
    struct id_seen *s = ctx;
    if (r->id == s->want) {
        snprintf(s->id_no, sizeof s->id_no, "%s", r->applicant_id_no);
        s->handler_id = r->handler_id;
    }
    return 0;
}

static void the_full_id_number_only_where_the_work_needs_it_and_logged(void **state)
{
    (void)state;
    bm_case c = take_in(&clerk, "T-TWO", NULL, BM_INTAKE_ACCEPT, form_only, 1);
    assert_string_equal(c.applicant_id_no, "511725196002020018");   /* intake: in full */
    const char *views = "SELECT count(*) FROM audit WHERE what = 'personal.view'";
    int64_t before = count_of(views);
    /* The handler's case detail: in full, and logged. */
    bm_case d = reread(c.id);
    assert_string_equal(d.applicant_id_no, "511725196002020018");
    assert_int_equal(count_of(views), before + 1);
    /* The handler's list: masked, not logged. */
    struct id_seen seen = {.want = c.id};
    bm_case_query q = {.kind = BM_LIST_MINE, .limit = 1000};
    bm_err err;
    assert_int_equal(bm_case_list(db, &clerk, &q, row_id_no, &seen, &err), BM_OK);
    assert_string_equal(seen.id_no, "511725********0018");
    assert_int_equal(seen.handler_id, clerk.user_id);   /* a list knows whose it is */
    assert_int_equal(count_of(views), before + 1);
    /* Someone who does not handle the person's cases: masked in the detail too. */
    bm_actor lijuan = tu_actor(db, "lijuan");
    assert_int_equal(bm_case_get(db, &lijuan, c.id, &d, &err), BM_OK);
    assert_string_equal(d.applicant_id_no, "511725********0018");
    assert_int_equal(count_of(views), before + 1);
}

struct units {
    int n;
    int64_t id[512], parent[512];
    int depth[512];
};

static int collect_unit(const bm_org *o, int depth, void *ctx)
{
    struct units *u = ctx;
    if (u->n < 512) {
        u->id[u->n] = o->id;
        u->parent[u->n] = o->parent_id;
        u->depth[u->n++] = depth;
    }
    return 0;
}

static void every_unit_is_listed_under_its_parent(void **state)
{
    (void)state;
    static struct units u;
    bm_err err;
    assert_int_equal(bm_org_list(db, collect_unit, &u, &err), BM_OK);
    assert_int_equal(u.n, count_of("SELECT count(*) FROM org_unit"));
    bm_org county;
    assert_int_equal(bm_org_county(db, &county, &err), BM_OK);
    assert_int_equal(u.id[0], county.id);
    assert_int_equal(u.depth[0], 0);
    for (int i = 1; i < u.n; i++) {
        int k = i - 1;   /* the nearest unit above at one depth less is the parent */
        while (k >= 0 && u.depth[k] >= u.depth[i])
            k--;
        assert_true(k >= 0);
        assert_int_equal(u.depth[k], u.depth[i] - 1);
        assert_int_equal(u.id[k], u.parent[i]);
    }
}

struct notices {
    int n;
    char no[8][16];
};

static int collect_notice(const bm_advice *a, void *ctx)
{
    struct notices *l = ctx;
    if (l->n < 8)
        snprintf(l->no[l->n++], 16, "%s", a->no);
    return 0;
}

static void a_one_time_notice_is_advice_with_its_own_number_not_work(void **state)
{
    (void)state;
    bm_case_counts before, after;
    bm_err err;
    assert_int_equal(bm_case_count(db, &clerk, BM_LIST_MINE, &before, &err), BM_OK);
    int64_t cases = count_of("SELECT count(*) FROM bcase");
    bm_intake in = {.applicant_id = person, .matter_code = "T-FIVE",
                    .channel = BM_CHANNEL_WINDOW, .received = form_only, .nreceived = 1};
    bm_advice a, b;
    assert_int_equal(bm_advice_give(db, &clerk, &in, &a, &err), BM_OK);
    char day[11], want[16];
    bm_day_format(bm_day_of(bm_now()), day);
    snprintf(want, sizeof want, "GZ%.4s%.2s%.2s", day, day + 5, day + 8);
    assert_memory_equal(a.no, want, 10);
    assert_int_equal(strlen(a.no), 14);
    assert_string_equal(a.missing, "户口簿");
    assert_string_equal(a.applicant_name, "罗永福");
    assert_string_equal(a.matter_code, "T-FIVE");
    /* Nothing was accepted: no case, nothing in My work. */
    assert_int_equal(count_of("SELECT count(*) FROM bcase"), cases);
    assert_int_equal(bm_case_count(db, &clerk, BM_LIST_MINE, &after, &err), BM_OK);
    assert_int_equal(after.open, before.open);
    /* The next notice of the day follows; both are listed, newest first. */
    assert_int_equal(bm_advice_give(db, &clerk, &in, &b, &err), BM_OK);
    assert_int_equal(atoi(b.no + 10), atoi(a.no + 10) + 1);
    static struct notices l;
    assert_int_equal(bm_advice_list(db, &clerk, 8, 0, collect_notice, &l, &err), BM_OK);
    assert_true(l.n >= 2);
    assert_string_equal(l.no[0], b.no);
    assert_string_equal(l.no[1], a.no);
    /* Another centre's clerk sees none of them; an admin none at all. */
    static struct notices other;
    assert_int_equal(bm_advice_list(db, &(bm_actor){0}, 8, 0, collect_notice, &other, &err),
                     BM_EDENIED);
    bm_actor zhouq = tu_actor(db, "zhouq");
    assert_int_equal(bm_advice_list(db, &zhouq, 8, 0, collect_notice, &other, &err), BM_OK);
    for (int i = 0; i < other.n; i++)
        assert_true(strcmp(other.no[i], a.no) && strcmp(other.no[i], b.no));
    assert_int_equal(bm_advice_list(db, &admin, 8, 0, collect_notice, &other, &err), BM_EDENIED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lookups_are_classified_as_the_screens_did),
        cmocka_unit_test(a_bundle_promises_its_slowest_matter),
        cmocka_unit_test(steps_offered_follow_the_permission_table),
        cmocka_unit_test(completing_on_the_spot_is_one_transaction),
        cmocka_unit_test(errors_name_their_field),
        cmocka_unit_test(materials_brought_during_corrections_settle_the_commitment),
        cmocka_unit_test(a_refusal_reads_as_words_and_the_log_keeps_the_action),
        cmocka_unit_test(a_bundles_sub_case_due_today_is_in_my_work),
        cmocka_unit_test(the_full_id_number_only_where_the_work_needs_it_and_logged),
        cmocka_unit_test(every_unit_is_listed_under_its_parent),
        cmocka_unit_test(a_one_time_notice_is_advice_with_its_own_number_not_work),
    };
    int failed = cmocka_run_group_tests(tests, setup, teardown);
    tu_cleanup();
    return failed;
}
