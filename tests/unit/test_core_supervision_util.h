/* What the centre head's unit tests share: a demo database with the tests' own catalogue, the
 * actors of 青林镇 (and one of 石桥镇), a person, and cases taken in, accepted or completed
 * at the window. */
#ifndef TEST_CORE_SUPERVISION_UTIL_H
#define TEST_CORE_SUPERVISION_UTIL_H

#include "core/authz.h"
#include "core/case.h"
#include "core/catalogue.h"
#include "test_core_util.h"

static bm_db *db;
static int64_t person;
static bm_actor clerk, colleague, duty, head, other_head, other_clerk;

static int sv_setup(const char *name)
{
    db = tu_demo_db(name);
    clerk = tu_actor(db, "clerk");            /* 青林镇 */
    colleague = tu_actor(db, "lijuan");       /* 青林镇 */
    duty = tu_actor(db, "duty");
    head = tu_actor(db, "supervisor");        /* 青林镇's head */
    other_head = tu_actor(db, "wucm");        /* 石桥镇's head */
    other_clerk = tu_actor(db, "zhouq");      /* 石桥镇 */
    bm_actor admin = tu_actor(db, "admin");
    bm_err err;
    if (bm_catalogue_load(db, &admin, tu_test_catalogue, sizeof tu_test_catalogue - 1, NULL,
                          NULL, NULL, &err) != BM_OK) {
        fprintf(stderr, "catalogue: %s %s\n", err.reason, err.detail);
        return -1;
    }
    person = tu_new_person(db, &clerk, "罗永福", "511725196002020018", "qinglin.xinqiao");
    return person ? 0 : -1;
}

static int sv_teardown(void **state)
{
    (void)state;
    bm_clock_set(0);
    bm_db_close(db);
    return 0;
}

/* A T-TWO case accepted by who (promised 2 working days), or T-NOW completed on the spot. */
static bm_case sv_intake(const bm_actor *who, int complete)
{
    static const char *const form[] = {"申请表"};
    bm_intake in = {.applicant_id = person, .matter_code = complete ? "T-NOW" : "T-TWO",
                    .channel = BM_CHANNEL_WINDOW,
                    .mode = complete ? BM_INTAKE_COMPLETE : BM_INTAKE_ACCEPT,
                    .received = complete ? NULL : form, .nreceived = complete ? 0 : 1,
                    .result = "已办结", .delivery = "窗口领取"};
    bm_case c;
    bm_err err;
    if (bm_case_intake(db, who, &in, &c, &err) != BM_OK)
        fail_msg("intake: %s %s", err.reason, err.detail);
    return c;
}

/* The one number a query with one integer parameter returns. */
static int64_t sv_count(const char *sql, int64_t param)
{
    bm_stmt *st;
    bm_err err;
    if (bm_store_prepare(db->store, sql, &st, &err) != BM_OK)
        fail_msg("%s: %s", sql, err.detail);
    bm_bind_int(st, 1, param);
    assert_int_equal(bm_stmt_step(st, &err), 1);
    int64_t n = bm_col_int64(st, 0);
    bm_stmt_finalize(st);
    return n;
}

#define SV_OK(call)                                                              \
    do {                                                                         \
        bm_err e_;                                                               \
        bm_err *err_ = &e_;                                                      \
        (void)err_;                                                              \
        int rc_ = (call);                                                        \
        if (rc_ != BM_OK)                                                        \
            fail_msg("%s: %d %s %s", #call, rc_, e_.reason, e_.detail);          \
    } while (0)

#endif
