/* Cases: every allowed and refused status transition, material rules, deadlines with a pause
 * for corrections, numbers, bundles, a catalogue edit leaving old cases on their version,
 * history, ratings and lists. Dates are pinned so deadlines can be checked by hand against
 * the 2026 calendar. */
#include "core/applicant.h"
#include "core/audit.h"
#include "core/calendar.h"
#include "core/case.h"
#include "core/catalogue.h"
#include "core/db_internal.h"
#include "core/org.h"
#include "test_core_util.h"

static bm_db *db;
static int64_t person, person_baiyan, person_shiqiao;
static bm_actor clerk, lijuan, agent, duty, supervisor, admin, zhouq, yangli, wucm, luoyong;

static time_t at(const char *day, int hh, int mm)
{
    return tu_at(day, hh, mm);
}

static int64_t new_person(const char *name, const char *id, const char *village)
{
    return tu_new_person(db, &clerk, name, id, village);
}

static int setup(void **state)
{
    (void)state;
    db = tu_demo_db("case.db");
    clerk = tu_actor(db, "clerk");
    lijuan = tu_actor(db, "lijuan");
    agent = tu_actor(db, "agent");
    duty = tu_actor(db, "duty");
    supervisor = tu_actor(db, "supervisor");
    admin = tu_actor(db, "admin");
    zhouq = tu_actor(db, "zhouq");
    yangli = tu_actor(db, "yangli");
    wucm = tu_actor(db, "wucm");
    luoyong = tu_actor(db, "luoyong");
    bm_err err;
    if (bm_catalogue_load(db, &admin, tu_test_catalogue, sizeof tu_test_catalogue - 1, NULL,
                          NULL, NULL, &err) != BM_OK) {
        fprintf(stderr, "catalogue: %s %s\n", err.reason, err.detail);
        return -1;
    }
    bm_clock_set(at("2026-09-28", 10, 0));   /* a Monday before 国庆 */
    person = new_person("罗永福", "511725196002020018", "qinglin.xinqiao");
    person_baiyan = new_person("邓秀珍", "511725197503030024", "qinglin.baiyan");
    person_shiqiao = new_person("蒋大勇", "51172519880404001X", "shiqiao.longquan");
    return person && person_baiyan && person_shiqiao ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bm_clock_set(0);
    bm_db_close(db);
    return 0;
}

static const char *const all_required[] = {"申请表", "户口簿"};
static const char *const without_commit[] = {"申请表"};

static int64_t intake_as(const bm_actor *who, int64_t applicant, const char *matter, int mode,
                         int channel, bm_case *out)
{
    char due[11];
    bm_day_format(bm_day_of(bm_now()) + 10, due);
    bm_intake in = {.applicant_id = applicant, .matter_code = matter, .channel = channel,
                    .mode = mode, .commit_due = due};
    if (mode == BM_INTAKE_COMMIT || mode == BM_INTAKE_DRAFT) {
        /* a draft waits for its 户口簿; on commitment it is promised for later */
        in.received = without_commit;
        in.nreceived = 1;
    } else if (strcmp(matter, "T-NOW") != 0) {
        in.received = strcmp(matter, "T-FIVE") == 0 ? all_required : without_commit;
        in.nreceived = strcmp(matter, "T-FIVE") == 0 ? 2 : 1;
    }
    bm_case c;
    bm_err err;
    int rc = bm_case_intake(db, who, &in, out ? out : &c, &err);
    if (rc != BM_OK)
        fail_msg("intake %s: %s (%s)", matter, err.reason, err.detail);
    return (out ? out : &c)->id;
}

static int64_t intake(const char *matter, int mode)
{
    return intake_as(&clerk, person, matter, mode, BM_CHANNEL_WINDOW, NULL);
}

static void act_ok(int64_t id, int verb, const bm_case_args *a)
{
    bm_err err;
    if (bm_case_act(db, &clerk, id, verb, a, &err) != BM_OK)
        fail_msg("%s: %s (%s)", bm_verb_name(verb), err.reason, err.detail);
}

static bm_case get(int64_t id)
{
    bm_case c;
    bm_err err;
    if (bm_case_get(db, &clerk, id, &c, &err) != BM_OK)
        fail_msg("get: %s", err.reason);
    return c;
}

static int history_count(int64_t id)
{
    char sql[100];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM case_history WHERE case_id = %lld",
             (long long)id);
    return (int)tu_count(db, sql);
}

static const bm_case_args note_args = {.note = "请补正户口簿", .reason = "不符合条件",
                                       .commit_due = "2026-10-09", .result = "准予",
                                       .delivery = "窗口领取"};

/* A case of T-FIVE in `status`; `verb` says what will be tried next (a late supply needs a
 * case accepted on commitment). */
static int64_t case_in(int status, int verb)
{
    bm_case_args note = note_args;
    int64_t id;
    switch (status) {
    case BM_CASE_DRAFT: return intake("T-FIVE", BM_INTAKE_DRAFT);
    case BM_CASE_ACCEPTED: return intake("T-FIVE", BM_INTAKE_ACCEPT);
    case BM_CASE_COMMITMENT: return intake("T-FIVE", BM_INTAKE_COMMIT);
    case BM_CASE_PROCESSING:
        id = intake("T-FIVE", verb == BM_DO_SUPPLY ? BM_INTAKE_COMMIT : BM_INTAKE_ACCEPT);
        act_ok(id, BM_DO_START, NULL);
        return id;
    case BM_CASE_CORRECTIONS:
        id = intake("T-FIVE", BM_INTAKE_ACCEPT);
        act_ok(id, BM_DO_RETURN, &note);
        return id;
    case BM_CASE_TRANSFERRED:
        id = intake("T-FIVE", BM_INTAKE_ACCEPT);
        act_ok(id, BM_DO_TRANSFER, &note);
        return id;
    case BM_CASE_ESCALATED:
        id = intake("T-FIVE", BM_INTAKE_ACCEPT);
        act_ok(id, BM_DO_ESCALATE, &note);
        return id;
    case BM_CASE_COMPLETED:
        id = intake("T-FIVE", BM_INTAKE_ACCEPT);
        act_ok(id, BM_DO_COMPLETE, &note);
        return id;
    case BM_CASE_REFUSED:
        id = intake("T-FIVE", BM_INTAKE_DRAFT);
        act_ok(id, BM_DO_REFUSE, &note);
        return id;
    case BM_CASE_WITHDRAWN:
        id = intake("T-FIVE", BM_INTAKE_DRAFT);
        act_ok(id, BM_DO_WITHDRAW, &note);
        return id;
    }
    fail_msg("no way to status %d", status);
    return 0;
}

static void every_transition_allowed_or_refused(void **state)
{
    (void)state;
    int allowed = 0, refused = 0;
    for (int s = BM_CASE_DRAFT; s < BM_CASE_STATUS_COUNT; s++) {
        for (int v = BM_DO_ACCEPT; v < BM_VERB_COUNT; v++) {
            int64_t id = case_in(s, v);
            assert_int_equal(get(id).status, s);
            int to = bm_case_next_status(s, v);
            bm_case_args a = note_args;
            const char *const supplied[] = {"户口簿"};
            if (v == BM_DO_SUPPLY || v == BM_DO_ACCEPT) {
                a.received = supplied;
                a.nreceived = 1;
            }
            int hist = history_count(id);
            bm_err err;
            int rc = bm_case_act(db, &clerk, id, v, &a, &err);
            bm_case c = get(id);
            if (to) {
                if (rc != BM_OK)
                    fail_msg("%s -%s-> %s refused: %s (%s)", bm_status_name(s), bm_verb_name(v),
                             bm_status_name(to), err.reason, err.detail);
                assert_int_equal(c.status, to);
                assert_int_equal(history_count(id), hist + 1);
                allowed++;
            } else {
                if (rc != BM_ESTATE)
                    fail_msg("%s -%s-> allowed (rc %d)", bm_status_name(s), bm_verb_name(v), rc);
                assert_int_equal(c.status, s);
                assert_int_equal(history_count(id), hist);
                refused++;
            }
        }
    }
    assert_int_equal(allowed, bm_case_transition_count);
    assert_int_equal(refused, (BM_CASE_STATUS_COUNT - 1) * (BM_VERB_COUNT - 1) - allowed);
    print_message("# %d transitions allowed, %d refused\n", allowed, refused);
}

static void material_rules(void **state)
{
    (void)state;
    bm_err err;
    bm_case c;
    /* Accepting with required materials missing lists all of them (the one-time notice). */
    bm_intake in = {.applicant_id = person, .matter_code = "T-FIVE", .channel = BM_CHANNEL_WINDOW,
                    .mode = BM_INTAKE_ACCEPT};
    assert_int_equal(bm_case_intake(db, &clerk, &in, &c, &err), BM_EINVALID);
    assert_non_null(strstr(err.detail, "申请表"));
    assert_non_null(strstr(err.detail, "户口簿"));
    /* A situation answered yes adds its material. */
    in.situations = "Y";
    in.received = all_required;
    in.nreceived = 2;
    assert_int_equal(bm_case_intake(db, &clerk, &in, &c, &err), BM_EINVALID);
    assert_non_null(strstr(err.detail, "委托书"));
    in.situations = "N";
    /* On commitment: only items that allow it may be missing, and a due date is needed. */
    in.mode = BM_INTAKE_COMMIT;
    in.nreceived = 0;
    in.commit_due = "2026-10-09";
    assert_int_equal(bm_case_intake(db, &clerk, &in, &c, &err), BM_EINVALID);   /* 申请表 */
    in.received = without_commit;
    in.nreceived = 1;
    in.commit_due = NULL;
    assert_int_equal(bm_case_intake(db, &clerk, &in, &c, &err), BM_EINVALID);
    in.commit_due = "2026-09-01";
    assert_int_equal(bm_case_intake(db, &clerk, &in, &c, &err), BM_EINVALID);   /* past */
    in.received = all_required;
    in.nreceived = 2;
    in.commit_due = "2026-10-09";
    assert_int_equal(bm_case_intake(db, &clerk, &in, &c, &err), BM_EINVALID);   /* nothing missing */
    const char *const unknown[] = {"结婚证"};
    in.received = unknown;
    in.nreceived = 1;
    assert_int_equal(bm_case_intake(db, &clerk, &in, &c, &err), BM_EINVALID);
    /* A case on commitment cannot be completed before the items come. */
    int64_t id = intake("T-FIVE", BM_INTAKE_COMMIT);
    c = get(id);
    assert_int_equal(c.status, BM_CASE_COMMITMENT);
    assert_string_equal(c.commit_due, "2026-10-08");   /* ten days on, as intake_as asks */
    act_ok(id, BM_DO_START, NULL);
    bm_case_args done = {.result = "准予"};
    assert_int_equal(bm_case_act(db, &clerk, id, BM_DO_COMPLETE, &done, &err), BM_ESTATE);
    const char *const brought[] = {"户口簿"};
    bm_case_args supply = {.received = brought, .nreceived = 1};
    act_ok(id, BM_DO_SUPPLY, &supply);
    assert_string_equal(get(id).commit_due, "");
    assert_int_equal(bm_case_act(db, &clerk, id, BM_DO_SUPPLY, &supply, &err), BM_ESTATE);
    act_ok(id, BM_DO_COMPLETE, &done);
    /* Reasons and notes are required where the applicant must be told why. */
    id = intake("T-FIVE", BM_INTAKE_ACCEPT);
    bm_case_args empty = {.note = "  ", .reason = ""};
    assert_int_equal(bm_case_act(db, &clerk, id, BM_DO_REFUSE, &empty, &err), BM_EINVALID);
    assert_int_equal(bm_case_act(db, &clerk, id, BM_DO_RETURN, &empty, &err), BM_EINVALID);
    assert_int_equal(bm_case_act(db, &clerk, id, BM_DO_TRANSFER, NULL, &err), BM_EINVALID);
    assert_int_equal(get(id).status, BM_CASE_ACCEPTED);
}

static void clock_state(int64_t id, const char *day, int want_state, int want_left)
{
    bm_case c = get(id);
    bm_day d;
    assert_int_equal(bm_day_parse(day, &d), 0);
    int state, left;
    assert_int_equal(bm_case_clock(db, &c, d, &state, &left, NULL), BM_OK);
    if (state != want_state || left != want_left)
        fail_msg("on %s: state %d left %d, want %d / %d", day, state, left, want_state, want_left);
}

static void deadlines_and_a_pause_for_corrections(void **state)
{
    (void)state;
    /* Accepted Monday 2026-09-28 with 5 working days: 09-29, 09-30, (国庆) 10-08, 10-09 and
     * the make-up Saturday 10-10. */
    bm_clock_set(at("2026-09-28", 10, 0));
    int64_t id = intake("T-FIVE", BM_INTAKE_ACCEPT);
    bm_case c = get(id);
    assert_string_equal(c.accepted_day, "2026-09-28");
    assert_string_equal(c.deadline, "2026-10-10");
    clock_state(id, "2026-09-28", BM_CLOCK_ON_TIME, 5);
    clock_state(id, "2026-10-09", BM_CLOCK_DUE_SOON, 1);
    clock_state(id, "2026-10-10", BM_CLOCK_DUE_SOON, 0);
    clock_state(id, "2026-10-12", BM_CLOCK_OVERDUE, -1);
    /* Returned for corrections on 09-29, back on 10-09: the clock stood still for the working
     * days 09-30, 10-08 and 10-09, so the deadline moves three working days: 10-14. */
    bm_clock_set(at("2026-09-29", 15, 0));
    bm_case_args ret = {.note = "户口簿复印件不清晰"};
    act_ok(id, BM_DO_RETURN, &ret);
    clock_state(id, "2026-10-12", BM_CLOCK_PAUSED, -1);
    bm_clock_set(at("2026-10-09", 9, 30));
    act_ok(id, BM_DO_RESUME, NULL);
    c = get(id);
    assert_int_equal(c.status, BM_CASE_PROCESSING);
    assert_string_equal(c.deadline, "2026-10-14");
    assert_int_equal(c.paused_days, 3);
    assert_string_equal(c.paused_since, "");
    clock_state(id, "2026-10-09", BM_CLOCK_ON_TIME, 4);
    clock_state(id, "2026-10-13", BM_CLOCK_DUE_SOON, 1);
    clock_state(id, "2026-10-15", BM_CLOCK_OVERDUE, -1);
    /* Completed on the deadline: on time. */
    bm_clock_set(at("2026-10-14", 16, 0));
    bm_case_args done = {.result = "准予", .delivery = "免费邮寄"};
    act_ok(id, BM_DO_COMPLETE, &done);
    clock_state(id, "2026-11-01", BM_CLOCK_DONE_ON_TIME, 0);

    /* Completed a day late. */
    bm_clock_set(at("2026-11-23", 9, 0));
    id = intake("T-TWO", BM_INTAKE_ACCEPT);
    assert_string_equal(get(id).deadline, "2026-11-25");
    bm_clock_set(at("2026-11-26", 9, 0));
    act_ok(id, BM_DO_COMPLETE, &done);
    clock_state(id, "2026-11-26", BM_CLOCK_DONE_LATE, 0);

    /* An immediate matter is due the day it is accepted. */
    id = intake("T-NOW", BM_INTAKE_ACCEPT);
    assert_string_equal(get(id).deadline, "2026-11-26");
    act_ok(id, BM_DO_COMPLETE, &done);
    clock_state(id, "2026-11-26", BM_CLOCK_DONE_ON_TIME, 0);

    /* Taken in by the duty officer on a Saturday evening: the count starts on Monday; the
     * case waits in the duty queue for a handler. */
    bm_clock_set(at("2026-11-28", 19, 30));
    bm_case dc;
    intake_as(&duty, person, "T-TWO", BM_INTAKE_ACCEPT, BM_CHANNEL_HOTLINE, &dc);
    assert_string_equal(dc.deadline, "2026-12-01");
    assert_int_equal(dc.off_hours, 1);
    assert_int_equal(dc.handler_id, 0);
    /* Across the year boundary into 2027, which has no calendar yet: weekends only. */
    bm_clock_set(at("2026-12-30", 10, 0));
    id = intake("T-FIVE", BM_INTAKE_ACCEPT);
    assert_string_equal(get(id).deadline, "2027-01-06");
    bm_clock_set(at("2026-09-28", 10, 0));
}

static void numbers_are_daily_sequences(void **state)
{
    (void)state;
    bm_clock_set(at("2026-12-07", 9, 0));
    bm_case a, b, c;
    intake_as(&clerk, person, "T-TWO", BM_INTAKE_ACCEPT, BM_CHANNEL_WINDOW, &a);
    intake_as(&zhouq, person_shiqiao, "T-TWO", BM_INTAKE_ACCEPT, BM_CHANNEL_WINDOW, &b);
    assert_string_equal(a.no, "202612070001");   /* the county's sequence, across centres */
    assert_string_equal(b.no, "202612070002");
    bm_clock_set(at("2026-12-08", 9, 0));
    intake_as(&clerk, person, "T-TWO", BM_INTAKE_ACCEPT, BM_CHANNEL_WINDOW, &c);
    assert_string_equal(c.no, "202612080001");
    bm_case back;
    assert_int_equal(bm_case_get_by_no(db, &clerk, "202612070001", &back, NULL), BM_OK);
    assert_int_equal(back.id, a.id);
    assert_int_equal(bm_case_get_by_no(db, &clerk, "２０２６１２０７０００１", &back, NULL), BM_OK);
    assert_int_equal(bm_case_get_by_no(db, &clerk, "202612079999", &back, NULL), BM_ENOTFOUND);
    bm_clock_set(at("2026-09-28", 10, 0));
}

static void first_contact_stays_while_handlers_change(void **state)
{
    (void)state;
    bm_case c;
    intake_as(&clerk, person, "T-FIVE", BM_INTAKE_ACCEPT, BM_CHANNEL_WINDOW, &c);
    assert_int_equal(c.first_contact_id, clerk.user_id);
    assert_int_equal(c.handler_id, clerk.user_id);
    bm_err err;
    assert_int_equal(bm_case_assign(db, &supervisor, c.id, "lijuan", &err), BM_OK);
    assert_int_equal(get(c.id).handler_id, lijuan.user_id);
    assert_int_equal(bm_case_assign(db, &supervisor, c.id, "zhouq", &err), BM_EINVALID);
    assert_int_equal(bm_case_assign(db, &supervisor, c.id, "agent", &err), BM_EINVALID);
    bm_case_args tr = {.note = "转县民政局"};
    assert_int_equal(bm_case_act(db, &lijuan, c.id, BM_DO_TRANSFER, &tr, &err), BM_OK);
    assert_int_equal(get(c.id).handler_id, 0);
    assert_int_equal(bm_case_act(db, &clerk, c.id, BM_DO_RECEIVE, NULL, &err), BM_OK);
    bm_case now = get(c.id);
    assert_int_equal(now.handler_id, clerk.user_id);
    assert_int_equal(now.first_contact_id, clerk.user_id);
    assert_string_equal(now.first_contact_name, "张敏");
    assert_int_equal(bm_case_take(db, &lijuan, c.id, &err), BM_OK);
    assert_int_equal(get(c.id).first_contact_id, clerk.user_id);
}

struct child_list {
    int n;
    int64_t id[8];
    char code[8][24];
};

static int collect_child(const bm_case *c, void *ctx)
{
    struct child_list *l = ctx;
    l->id[l->n] = c->id;
    snprintf(l->code[l->n], 24, "%s", c->matter_code);
    l->n++;
    return 0;
}

static void bundles_complete_when_every_sub_case_is_done(void **state)
{
    (void)state;
    bm_clock_set(at("2026-11-23", 9, 0));
    bm_intake in = {.applicant_id = person, .bundle_code = "T-B", .channel = BM_CHANNEL_WINDOW,
                    .mode = BM_INTAKE_ACCEPT, .received = all_required, .nreceived = 2};
    bm_case b;
    bm_err err;
    assert_int_equal(bm_case_intake(db, &clerk, &in, &b, &err), BM_OK);
    assert_int_equal(b.status, BM_CASE_ACCEPTED);
    assert_int_equal(b.nchildren, 2);
    assert_string_equal(b.matter_name, "测试一件事");
    assert_string_equal(b.deadline, "2026-11-30");   /* the slower matter: 5 working days */
    struct child_list l = {0};
    assert_int_equal(bm_case_children(db, &clerk, b.id, collect_child, &l, &err), BM_OK);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.code[0], "T-FIVE");
    assert_string_equal(l.code[1], "T-TWO");
    for (int i = 0; i < 2; i++) {
        bm_case k = get(l.id[i]);
        assert_int_equal(k.parent_id, b.id);
        assert_int_equal(k.status, BM_CASE_ACCEPTED);
    }
    assert_string_equal(get(l.id[1]).deadline, "2026-11-25");
    /* Steps on the bundle itself, other than its own, are refused. */
    assert_int_equal(bm_case_act(db, &clerk, b.id, BM_DO_START, NULL, &err), BM_ESTATE);
    bm_case_args done = {.result = "准予"};
    assert_int_equal(bm_case_act(db, &clerk, b.id, BM_DO_COMPLETE, &done, &err), BM_ESTATE);
    act_ok(l.id[1], BM_DO_START, NULL);
    assert_int_equal(get(b.id).status, BM_CASE_PROCESSING);
    act_ok(l.id[1], BM_DO_COMPLETE, &done);
    assert_int_equal(get(b.id).status, BM_CASE_PROCESSING);
    act_ok(l.id[0], BM_DO_COMPLETE, &done);
    bm_case after = get(b.id);
    assert_int_equal(after.status, BM_CASE_COMPLETED);
    assert_string_equal(after.completed_day, "2026-11-23");
    /* Withdrawing a bundle withdraws its open sub-cases. */
    assert_int_equal(bm_case_intake(db, &clerk, &in, &b, &err), BM_OK);
    memset(&l, 0, sizeof l);
    assert_int_equal(bm_case_children(db, &clerk, b.id, collect_child, &l, &err), BM_OK);
    act_ok(l.id[0], BM_DO_COMPLETE, &done);
    act_ok(b.id, BM_DO_WITHDRAW, NULL);
    assert_int_equal(get(b.id).status, BM_CASE_WITHDRAWN);
    assert_int_equal(get(l.id[0]).status, BM_CASE_COMPLETED);
    assert_int_equal(get(l.id[1]).status, BM_CASE_WITHDRAWN);
    bm_clock_set(at("2026-09-28", 10, 0));
}

static void a_catalogue_edit_leaves_old_cases_on_their_version(void **state)
{
    (void)state;
    bm_case old;
    intake_as(&clerk, person, "T-FIVE", BM_INTAKE_ACCEPT, BM_CHANNEL_WINDOW, &old);
    bm_matter *m = malloc(sizeof *m), *orig = malloc(sizeof *orig);
    assert_non_null(m);
    assert_non_null(orig);
    assert_int_equal(bm_matter_current(db, "T-FIVE", m, NULL), BM_OK);
    *orig = *m;
    int v1 = m->version;
    assert_int_equal(old.matter_version, v1);
    /* The law changes: 10 working days promised, and a new required material. */
    m->promised_days = 8;
    snprintf(m->materials[m->nmaterials].name, sizeof m->materials[0].name, "无犯罪记录证明");
    m->materials[m->nmaterials].original = 1;
    m->materials[m->nmaterials].copies = 1;
    m->materials[m->nmaterials].required = 1;
    m->nmaterials++;
    int v;
    bm_err err;
    assert_int_equal(bm_matter_save(db, &clerk, m, &v, &err), BM_EDENIED);
    assert_int_equal(bm_matter_save(db, &admin, m, &v, &err), BM_OK);
    assert_int_equal(v, v1 + 1);
    /* Saving the same content again makes no new version. */
    assert_int_equal(bm_matter_save(db, &admin, m, &v, &err), BM_OK);
    assert_int_equal(v, v1 + 1);
    /* The old case still points at version 1: its rules, its materials, its deadline. */
    bm_case c = get(old.id);
    assert_int_equal(c.matter_version, v1);
    assert_int_equal(c.promised_days, 5);
    assert_int_equal(c.matter_id, old.matter_id);
    assert_int_equal(bm_matter_by_id(db, c.matter_id, m, NULL), BM_OK);
    assert_int_equal(m->version, v1);
    assert_int_equal(m->promised_days, 5);
    assert_int_equal(m->nmaterials, 3);
    assert_int_equal(m->current, 0);
    /* A new case is taken under the new version and needs the new material. */
    bm_intake in = {.applicant_id = person, .matter_code = "T-FIVE", .channel = BM_CHANNEL_WINDOW,
                    .mode = BM_INTAKE_ACCEPT, .received = all_required, .nreceived = 2};
    bm_case fresh;
    assert_int_equal(bm_case_intake(db, &clerk, &in, &fresh, &err), BM_EINVALID);
    assert_non_null(strstr(err.detail, "无犯罪记录证明"));
    const char *const all3[] = {"申请表", "户口簿", "无犯罪记录证明"};
    in.received = all3;
    in.nreceived = 3;
    assert_int_equal(bm_case_intake(db, &clerk, &in, &fresh, &err), BM_OK);
    assert_int_equal(fresh.matter_version, v1 + 1);
    assert_int_equal(fresh.promised_days, 8);
    assert_int_not_equal(fresh.matter_id, old.matter_id);
    /* Back to the old rules (a third version) for the other tests. */
    assert_int_equal(bm_matter_save(db, &admin, orig, &v, &err), BM_OK);
    assert_int_equal(v, v1 + 2);
    free(orig);
    free(m);
}

static int count_events(const bm_case_event *e, void *ctx)
{
    int *n = ctx;
    assert_non_null(e->login);
    assert_string_equal(e->session, "test");
    assert_string_equal(e->station, "127.0.0.1");
    (*n)++;
    return 0;
}

static void history_and_ratings(void **state)
{
    (void)state;
    int64_t id = intake("T-TWO", BM_INTAKE_ACCEPT);
    act_ok(id, BM_DO_START, NULL);
    bm_err err;
    assert_int_equal(bm_case_note(db, &supervisor, id, "请加快办理", &err), BM_OK);
    assert_int_equal(bm_case_rate(db, &clerk, id, 5, "device", &err), BM_ESTATE);   /* open */
    bm_case_args done = {.result = "准予"};
    act_ok(id, BM_DO_COMPLETE, &done);
    assert_int_equal(bm_case_rate(db, &clerk, id, 6, "device", &err), BM_EINVALID);
    assert_int_equal(bm_case_rate(db, &clerk, id, 4, "device", &err), BM_OK);
    assert_int_equal(bm_case_rate(db, &clerk, id, 5, "device", &err), BM_ESTATE);   /* once */
    assert_int_equal(get(id).rating, 4);
    int n = 0;
    assert_int_equal(bm_case_history(db, &clerk, id, count_events, &n, &err), BM_OK);
    assert_int_equal(n, 6);   /* intake, accept, start, supervise, complete, rate */
    bm_stmt *st;
    assert_int_equal(bm_store_prepare(db->store, "SELECT action FROM case_history WHERE case_id = ?1 "
                                      "ORDER BY id", &st, &err), BM_OK);
    bm_bind_int(st, 1, id);
    const char *want[] = {"intake", "accept", "start", "supervise", "complete", "rate"};
    for (int i = 0; i < 6; i++) {
        assert_int_equal(bm_stmt_step(st, &err), 1);
        assert_string_equal(bm_col_str(st, 0), want[i]);
    }
    bm_stmt_finalize(st);
}

#define ROWS 1000

struct rows {
    int n;
    int64_t id[ROWS];
    char deadline[ROWS][11];
};

static int collect_row(const bm_case_row *r, void *ctx)
{
    struct rows *l = ctx;
    if (l->n < ROWS) {
        l->id[l->n] = r->id;
        snprintf(l->deadline[l->n], 11, "%s", r->deadline);
        l->n++;
    }
    return 0;
}

static int list(const bm_actor *who, int kind, const char *text, int limit, int offset,
                struct rows *out)
{
    memset(out, 0, sizeof *out);
    bm_case_query q = {.kind = kind, .text = text, .limit = limit, .offset = offset};
    return bm_case_list(db, who, &q, collect_row, out, NULL);
}

static int has(const struct rows *l, int64_t id)
{
    for (int i = 0; i < l->n; i++)
        if (l->id[i] == id)
            return 1;
    return 0;
}

static void lists_are_filtered_sorted_and_paged(void **state)
{
    (void)state;
    bm_clock_set(at("2026-11-23", 10, 0));
    int64_t mine = intake("T-FIVE", BM_INTAKE_ACCEPT);
    int64_t other = intake_as(&zhouq, person_shiqiao, "T-TWO", BM_INTAKE_ACCEPT,
                              BM_CHANNEL_WINDOW, NULL);
    bm_case ac;
    intake_as(&agent, person, "T-TWO", BM_INTAKE_DRAFT, BM_CHANNEL_AGENT, &ac);
    bm_clock_set(at("2026-11-23", 20, 0));
    bm_case night;
    intake_as(&duty, person, "T-TWO", BM_INTAKE_ACCEPT, BM_CHANNEL_HOTLINE, &night);
    bm_clock_set(at("2026-11-24", 10, 0));
    static struct rows l;
    assert_int_equal(list(&clerk, BM_LIST_MINE, NULL, ROWS, 0, &l), BM_OK);
    assert_true(has(&l, mine) && !has(&l, other) && !has(&l, ac.id));
    assert_int_equal(list(&clerk, BM_LIST_CENTRE_OPEN, NULL, ROWS, 0, &l), BM_OK);
    assert_true(has(&l, mine) && has(&l, ac.id) && !has(&l, other));
    /* sorted by deadline, drafts (no deadline) first */
    for (int i = 1; i < l.n; i++)
        assert_true(strcmp(l.deadline[i - 1], l.deadline[i]) <= 0);
    /* paging: the second page continues the first */
    static struct rows p1, p2;
    assert_int_equal(list(&clerk, BM_LIST_CENTRE_OPEN, NULL, 3, 0, &p1), BM_OK);
    assert_int_equal(list(&clerk, BM_LIST_CENTRE_OPEN, NULL, 3, 3, &p2), BM_OK);
    assert_int_equal(p1.n, 3);
    assert_true(p2.n >= 1);
    assert_int_equal(p1.id[0], l.id[0]);
    assert_int_equal(p2.id[0], l.id[3]);
    /* the agent's ledger and village list; not the centre's */
    assert_int_equal(list(&agent, BM_LIST_MINE, NULL, ROWS, 0, &l), BM_OK);
    assert_true(has(&l, ac.id) && !has(&l, mine));
    assert_int_equal(list(&agent, BM_LIST_VILLAGE_OPEN, NULL, ROWS, 0, &l), BM_OK);
    assert_true(has(&l, ac.id) && has(&l, mine) && !has(&l, other));
    assert_int_equal(list(&agent, BM_LIST_CENTRE_OPEN, NULL, ROWS, 0, &l), BM_EDENIED);
    assert_int_equal(list(&yangli, BM_LIST_VILLAGE_OPEN, NULL, ROWS, 0, &l), BM_OK);
    assert_true(!has(&l, ac.id) && !has(&l, mine));
    /* the duty queue: came in at night, nobody has signed for it yet */
    assert_int_equal(list(&duty, BM_LIST_DUTY_QUEUE, NULL, ROWS, 0, &l), BM_OK);
    assert_true(has(&l, night.id) && !has(&l, mine));
    assert_int_equal(bm_case_take(db, &clerk, night.id, NULL), BM_OK);
    assert_int_equal(list(&duty, BM_LIST_DUTY_QUEUE, NULL, ROWS, 0, &l), BM_OK);
    assert_false(has(&l, night.id));
    /* search by number, ID, phone, name and initials: within the centre only */
    bm_case m = get(mine);
    assert_int_equal(list(&clerk, BM_LIST_SEARCH, m.no, 10, 0, &l), BM_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.id[0], mine);
    assert_int_equal(list(&zhouq, BM_LIST_SEARCH, m.no, 10, 0, &l), BM_OK);
    assert_int_equal(l.n, 0);
    static const char *const keys[] = {"511725196002020018", "13990001111", "罗永福", "罗永",
                                       "lyf", "LY"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        assert_int_equal(list(&clerk, BM_LIST_SEARCH, keys[i], ROWS, 0, &l), BM_OK);
        if (!has(&l, mine))
            fail_msg("search %s did not find the case", keys[i]);
    }
    assert_int_equal(list(&agent, BM_LIST_SEARCH, "lyf", ROWS, 0, &l), BM_OK);
    assert_true(has(&l, ac.id));
    assert_int_equal(list(&admin, BM_LIST_SEARCH, "lyf", ROWS, 0, &l), BM_EDENIED);
    assert_int_equal(list(&admin, BM_LIST_MINE, NULL, ROWS, 0, &l), BM_EDENIED);
    /* counts for the menu */
    bm_case_counts cnt;
    assert_int_equal(bm_case_count(db, &clerk, BM_LIST_MINE, &cnt, NULL), BM_OK);
    assert_true(cnt.open >= 2);
    bm_clock_set(at("2026-09-28", 10, 0));
}

/* One action per verb or call, tried by each role on a case of the actor's own centre (and
 * own village for the agent), and on a case of another centre. */
enum probe {
    P_VIEW, P_INTAKE, P_START, P_WITHDRAW, P_SUPPLY, P_TAKE, P_ASSIGN, P_ESCALATE, P_NOTE,
    P_RATE, P_APPLICANT, P_CATALOGUE, P_CALENDAR, P_USERS, P_AUDIT, P_COUNT
};

static const char *const probe_names[P_COUNT] = {
    "view", "intake", "start", "withdraw", "supply", "take", "assign", "escalate", "note", "rate",
    "applicant", "catalogue", "calendar", "users", "audit"};

/* 1 allowed, 0 refused: the table of issue 3, role by role. */
static const int matrix[5][P_COUNT] = {
    /*            view int  start wdr  sup  take asgn esc  note rate appl cat  cal  user audit */
    /* clerk */  {1,   1,   1,    1,   1,   1,   0,   1,   1,   1,   1,   0,   0,   0,   0},
    /* agent */  {1,   1,   0,    1,   1,   0,   0,   0,   1,   1,   1,   0,   0,   0,   0},
    /* duty */   {1,   1,   1,    1,   1,   1,   0,   0,   1,   1,   1,   0,   0,   0,   0},
    /* super */  {1,   0,   0,    0,   0,   0,   1,   1,   1,   0,   1,   0,   0,   0,   0},
    /* admin */  {0,   0,   0,    0,   0,   0,   0,   0,   0,   0,   0,   1,   1,   1,   1},
};

static int run_probe(const bm_actor *who, int probe, int64_t applicant, bm_err *err)
{
    bm_case c;
    int64_t id;
    switch (probe) {
    case P_VIEW:
        id = intake_as(&clerk, applicant, "T-FIVE", BM_INTAKE_ACCEPT, BM_CHANNEL_WINDOW, NULL);
        return bm_case_get(db, who, id, &c, err);
    case P_INTAKE: {
        bm_intake in = {.applicant_id = applicant, .matter_code = "T-TWO",
                        .channel = who->role == BM_ROLE_AGENT ? BM_CHANNEL_AGENT : BM_CHANNEL_WINDOW,
                        .mode = BM_INTAKE_DRAFT};
        return bm_case_intake(db, who, &in, &c, err);
    }
    case P_START:
        id = intake_as(&clerk, applicant, "T-FIVE", BM_INTAKE_ACCEPT, BM_CHANNEL_WINDOW, NULL);
        return bm_case_act(db, who, id, BM_DO_START, NULL, err);
    case P_WITHDRAW:
        id = intake_as(&clerk, applicant, "T-FIVE", BM_INTAKE_ACCEPT, BM_CHANNEL_WINDOW, NULL);
        return bm_case_act(db, who, id, BM_DO_WITHDRAW, NULL, err);
    case P_SUPPLY: {
        id = intake_as(&clerk, applicant, "T-FIVE", BM_INTAKE_COMMIT, BM_CHANNEL_WINDOW, NULL);
        const char *const brought[] = {"户口簿"};
        bm_case_args a = {.received = brought, .nreceived = 1};
        return bm_case_act(db, who, id, BM_DO_SUPPLY, &a, err);
    }
    case P_TAKE:
        id = intake_as(&clerk, applicant, "T-FIVE", BM_INTAKE_ACCEPT, BM_CHANNEL_WINDOW, NULL);
        return bm_case_take(db, who, id, err);
    case P_ASSIGN:
        id = intake_as(&clerk, applicant, "T-FIVE", BM_INTAKE_ACCEPT, BM_CHANNEL_WINDOW, NULL);
        return bm_case_assign(db, who, id, applicant == person_shiqiao ? "chenj" : "lijuan", err);
    case P_ESCALATE: {
        id = intake_as(&clerk, applicant, "T-FIVE", BM_INTAKE_ACCEPT, BM_CHANNEL_WINDOW, NULL);
        bm_case_args a = {.note = "上报"};
        return bm_case_act(db, who, id, BM_DO_ESCALATE, &a, err);
    }
    case P_NOTE:
        id = intake_as(&clerk, applicant, "T-FIVE", BM_INTAKE_ACCEPT, BM_CHANNEL_WINDOW, NULL);
        return bm_case_note(db, who, id, "备注", err);
    case P_RATE: {
        id = intake_as(&clerk, applicant, "T-NOW", BM_INTAKE_ACCEPT, BM_CHANNEL_WINDOW, NULL);
        bm_case_args a = {.result = "准予"};
        if (bm_case_act(db, &clerk, id, BM_DO_COMPLETE, &a, err) != BM_OK)
            fail_msg("complete for rating");
        return bm_case_rate(db, who, id, 5, "agent", err);
    }
    case P_APPLICANT: {
        bm_applicant a;
        return bm_applicant_get(db, who, applicant, &a, err);
    }
    case P_CATALOGUE: {
        bm_matter *m = malloc(sizeof *m);
        int v, rc = bm_matter_current(db, "T-TWO", m, err);
        if (rc == BM_OK)
            rc = bm_matter_save(db, who, m, &v, err);
        free(m);
        return rc;
    }
    case P_CALENDAR:
        return bm_calendar_set_day(db, who, bm_day_from_ymd(2026, 12, 12), "work", "补班", err);
    case P_USERS:
        return bm_user_set_locked(db, who, "wanghy", 0, err);
    }
    return BM_EINVALID;
}

static int audit_rows(void)
{
    return (int)tu_count(db, "SELECT count(*) FROM audit WHERE what = 'refused'");
}

static int no_entries(const bm_audit_entry *e, void *ctx)
{
    (void)e;
    (void)ctx;
    return 1;
}

static void each_role_allowed_and_refused(void **state)
{
    (void)state;
    bm_clock_set(at("2026-11-23", 10, 0));
    const bm_actor *roles[5] = {&clerk, &agent, &duty, &supervisor, &admin};
    /* The same roles at the other township (the agent of another village of the same one). */
    const bm_actor *elsewhere[5] = {&zhouq, &yangli, &luoyong, &wucm, &admin};
    for (int r = 0; r < 5; r++) {
        for (int p = 0; p < P_COUNT; p++) {
            bm_err err;
            bm_err_clear(&err);
            int before = audit_rows();
            int rc = p == P_AUDIT ? bm_audit_list(db, roles[r], NULL, NULL, 1, 0, no_entries, NULL,
                                                  &err)
                                  : run_probe(roles[r], p, person, &err);
            int ok = rc == BM_OK;
            if (ok != matrix[r][p])
                fail_msg("%s %s: got %d (%s), want %s", bm_role_name(roles[r]->role),
                         probe_names[p], rc, err.reason ? err.reason : "",
                         matrix[r][p] ? "allowed" : "refused");
            if (!ok) {
                assert_int_equal(rc, BM_EDENIED);
                assert_non_null(err.reason);
                assert_int_equal(audit_rows(), before + 1);   /* the refusal is on record */
            }
            /* Another centre's case (another village's, for the agent): never. Taking a
             * case in is the exception: a citizen may go to any centre (通办). */
            if (p <= P_RATE && matrix[r][p] && roles[r] != &admin &&
                (p != P_INTAKE || roles[r] == &agent)) {
                rc = run_probe(elsewhere[r], p, person, &err);
                if (rc != BM_EDENIED)
                    fail_msg("%s %s on another %s's case: got %d", bm_role_name(roles[r]->role),
                             probe_names[p], r == 1 ? "village" : "centre", rc);
            }
        }
    }
    bm_clock_set(at("2026-09-28", 10, 0));
}

static void a_refusal_changes_nothing(void **state)
{
    (void)state;
    int64_t id = intake("T-FIVE", BM_INTAKE_ACCEPT);
    bm_case before = get(id);
    int hist = history_count(id);
    bm_err err;
    bm_case_args a = {.result = "准予", .reason = "x", .note = "x"};
    for (int v = BM_DO_ACCEPT; v < BM_VERB_COUNT; v++) {
        assert_int_equal(bm_case_act(db, &zhouq, id, v, &a, &err), BM_EDENIED);
        assert_int_equal(bm_case_act(db, &admin, id, v, &a, &err), BM_EDENIED);
    }
    assert_int_equal(bm_case_take(db, &zhouq, id, &err), BM_EDENIED);
    assert_int_equal(bm_case_note(db, &admin, id, "看看", &err), BM_EDENIED);
    bm_case after = get(id);
    assert_int_equal(after.status, before.status);
    assert_int_equal(after.handler_id, before.handler_id);
    assert_string_equal(after.deadline, before.deadline);
    assert_int_equal(history_count(id), hist);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_transition_allowed_or_refused),
        cmocka_unit_test(material_rules),
        cmocka_unit_test(deadlines_and_a_pause_for_corrections),
        cmocka_unit_test(numbers_are_daily_sequences),
        cmocka_unit_test(first_contact_stays_while_handlers_change),
        cmocka_unit_test(bundles_complete_when_every_sub_case_is_done),
        cmocka_unit_test(a_catalogue_edit_leaves_old_cases_on_their_version),
        cmocka_unit_test(history_and_ratings),
        cmocka_unit_test(lists_are_filtered_sorted_and_paged),
        cmocka_unit_test(each_role_allowed_and_refused),
        cmocka_unit_test(a_refusal_changes_nothing),
    };
    int failed = cmocka_run_group_tests(tests, setup, teardown);
    tu_cleanup();
    return failed;
}
