/* The demo county's duty roster: 青林镇's rotation generated from September 2026 to January
 * 2027, across 中秋, 国庆 and their make-up working days, with leave and a few overrides, and
 * summer office hours; the coverage check finds one deliberately uncovered weekend day. Then,
 * around the demo's today, the desk of the duty shifts: a hand-over already signed, and
 * appointment slots for five weeks (4 people a half hour) with a week of bookings, the first
 * slot of the next working day full, and an evening of extended hours. */
#include <string.h>
#include "core/applicant.h"
#include "core/appointment.h"
#include "core/calendar.h"
#include "core/date.h"
#include "core/db_internal.h"
#include "core/demo_internal.h"
#include "core/handover.h"
#include "core/hours.h"
#include "core/roster.h"
#include "core/user.h"

/* An actor for a demo login. */
static int demo_actor(bm_db *db, const char *login, bm_user *u, bm_actor *a, bm_err *err)
{
    int rc = bm_user_get(db, login, u, err);
    *a = (bm_actor){.user_id = u->id, .login = u->login, .role = u->role, .org_id = u->org_id,
                    .session = "", .addr = ""};
    return rc;
}

/* Yesterday morning's hand-over of the night shift, read and signed by 李娟. */
static int demo_handover(bm_db *db, bm_day today, bm_err *err)
{
    bm_user du, lu;
    bm_actor duty, lijuan;
    int rc = demo_actor(db, "duty", &du, &duty, err);
    if (rc == BM_OK)
        rc = demo_actor(db, "lijuan", &lu, &lijuan, err);
    bm_handover_new in = {
        .came_in = "夜间电话咨询 2 个（低保、医保参保）",
        .done = "均已解答并登记",
        .left_over = "医保参保登记的材料清单待发给群众",
        .item_text = {"把医保参保登记材料清单发给刘德明（电话 13980612207）"},
        .item_assignee = {"lijuan"},
        .nitems = 1,
    };
    int64_t id = 0;
    bm_clock_set(bm_time_at(today - 1, 8 * 60 + 20));
    if (rc == BM_OK)
        rc = bm_handover_write(db, &duty, &in, &id, err);
    bm_clock_set(bm_time_at(today - 1, 9 * 60 + 5));
    if (rc == BM_OK)
        rc = bm_handover_sign(db, &lijuan, id, err);
    return rc;
}

#define DEMO_BOOKED 16

struct people {
    int64_t id[DEMO_BOOKED];
    int n;
};

static int keep_person(const bm_applicant *a, void *ctx)
{
    struct people *p = ctx;
    if (a->kind == BM_APPLICANT_PERSON && p->n < DEMO_BOOKED)
        p->id[p->n++] = a->id;
    return p->n >= DEMO_BOOKED;
}

/* Slots for five weeks around today; on each of the next five working days two people at
 * 10:00 and one at 15:00, and on the first of them the 09:00 slot full; an evening of
 * extended hours served by 孙磊. */
static int demo_appointments(bm_db *db, const bm_actor *shell, bm_day today, bm_err *err)
{
    bm_user cu;
    bm_actor clerk;
    int rc = demo_actor(db, "clerk", &cu, &clerk, err);
    if (rc == BM_OK)
        rc = bm_appt_open_slots(db, shell, "qinglin", today - 7, today + 28, 30, 4, err);
    struct people p = {.n = 0};
    static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄"};
    for (int i = 0; rc == BM_OK && i < 8 && p.n < DEMO_BOOKED; i++)
        rc = bm_applicant_search(db, &clerk, surnames[i], DEMO_BOOKED, 0, keep_person, &p, err);
    bm_day next;
    if (rc == BM_OK)
        rc = bm_workdays_add(db, today, 1, &next, NULL, err);
    if (rc == BM_OK)
        rc = bm_appt_open_extended(db, shell, "qinglin", bm_time_at(next, 18 * 60 + 30),
                                   bm_time_at(next, 20 * 60), 2, "duty", err);
    static const char *const matters[] = {"MZ-008", "", "SB-001", ""};
    int k = 0;
    for (int day = 1; rc == BM_OK && day <= 5; day++) {
        bm_day d;
        if ((rc = bm_workdays_add(db, today, day, &d, NULL, err)) != BM_OK)
            break;
        int at[4] = {10 * 60, 10 * 60, 15 * 60, 9 * 60}, nat = day == 1 ? 4 : 3;
        for (int i = 0; rc == BM_OK && i < nat && k < p.n; i++) {
            int reps = i == 3 ? 4 : 1;   /* the first 09:00 is booked out */
            for (int r = 0; rc == BM_OK && r < reps && k < p.n; r++, k++) {
                int64_t id;
                bm_appt_new in = {.applicant_id = p.id[k], .matter_code = matters[k % 4],
                                  .channel = 1 + k % 3, .start = bm_time_at(d, at[i])};
                rc = bm_appt_book(db, &clerk, &in, &id, err);
            }
        }
    }
    return rc;
}

/* The desk of the duty shifts around the demo's today (the clock is put back after). */
static int demo_desk(bm_db *db, const bm_actor *shell, bm_err *err)
{
    time_t pinned = bm_clock_pinned();
    bm_day today = bm_day_of(bm_now());
    int rc = demo_handover(db, today, err);
    bm_clock_set(pinned);
    if (rc == BM_OK)
        rc = demo_appointments(db, shell, today, err);
    return rc;
}

/* The holiday shift of `day` at the centre, found in the generated roster. */
struct find_shift {
    bm_day day;
    int kind;
    int64_t id;
};

static int match(const bm_shift *s, void *ctx)
{
    struct find_shift *f = ctx;
    if (s->day == f->day && s->kind == f->kind)
        f->id = s->id;
    return 0;
}

static int64_t shift_on(bm_db *db, int64_t centre, int y, int m, int d, int kind, bm_err *err)
{
    struct find_shift f = {.day = bm_day_from_ymd(y, m, d), .kind = kind};
    if (bm_roster_shifts(db, centre, f.day, f.day, match, &f, err) != BM_OK)
        return -1;
    return f.id;
}

int bm_demo_duty(bm_db *db, const bm_actor *shell, bm_err *err)
{
    int rc = bm_hours_set_season(db, shell, "qinglin", "05-01", "09-30",
                                 "08:30-12:00,14:30-18:00", err);
    const bm_rotation_member qinglin[] = {
        {"duty", BM_SHIFT_ALL},
        {"zhenghong", BM_SHIFT_ALL},
        {"lijuan", BM_SHIFT_KIND_BIT(BM_SHIFT_WEEKEND) | BM_SHIFT_KIND_BIT(BM_SHIFT_HOLIDAY)},
        {"wanghy", BM_SHIFT_KIND_BIT(BM_SHIFT_WEEKEND) | BM_SHIFT_KIND_BIT(BM_SHIFT_HOLIDAY)},
    };
    if (rc == BM_OK)
        rc = bm_roster_set_rotation(db, shell, "qinglin", qinglin, 4, 8 * 60 + 30, err);
    /* 郑红 is away over the first days of 国庆; the whole weekend team is away on Sunday
     * 2027-01-10, which the coverage check shows. */
    if (rc == BM_OK)
        rc = bm_roster_leave_add(db, shell, "zhenghong", bm_day_from_ymd(2026, 10, 1),
                                 bm_day_from_ymd(2026, 10, 4), err);
    const char *const everyone[] = {"duty", "zhenghong", "lijuan", "wanghy"};
    for (int i = 0; rc == BM_OK && i < 4; i++)
        rc = bm_roster_leave_add(db, shell, everyone[i], bm_day_from_ymd(2027, 1, 10),
                                 bm_day_from_ymd(2027, 1, 10), err);
    if (rc == BM_OK)
        rc = bm_roster_generate(db, shell, "qinglin", bm_day_from_ymd(2026, 9, 1),
                                bm_day_from_ymd(2027, 1, 31), err);
    bm_org centre;
    if (rc == BM_OK)
        rc = bm_org_get_by_code(db, "qinglin", &centre, err);
    if (rc != BM_OK)
        return rc;
    /* Overrides: 国庆 day one gets a second person; two November weekends are swapped. */
    int64_t oct1 = shift_on(db, centre.id, 2026, 10, 1, BM_SHIFT_HOLIDAY, err);
    int64_t nov7 = shift_on(db, centre.id, 2026, 11, 7, BM_SHIFT_WEEKEND, err);
    int64_t nov8 = shift_on(db, centre.id, 2026, 11, 8, BM_SHIFT_WEEKEND, err);
    if (oct1 < 0 || nov7 < 0 || nov8 < 0)
        return BM_EDB;
    if (oct1 == 0 || nov7 == 0 || nov8 == 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such shift"), "demo roster");
    rc = bm_roster_second(db, shell, oct1, "supervisor", err);
    if (rc == BM_OK)
        rc = bm_roster_swap(db, shell, nov7, nov8, err);
    if (rc == BM_OK)
        rc = demo_desk(db, shell, err);
    return rc;
}
