/* Appointments: slots opened from the office hours (and extended hours with a named member of
 * staff), bookings within capacity, moves, status changes and the day's list. */
#include <stdio.h>
#include <string.h>
#include "core/applicant.h"
#include "core/appointment.h"
#include "core/audit_internal.h"
#include "core/authz.h"
#include "core/calendar.h"
#include "core/catalogue.h"
#include "core/db_internal.h"
#include "core/hours.h"
#include "core/org.h"
#include "core/user.h"

#define FREE_WINDOW_DAYS 30
#define MAX_OPEN_DAYS 120

const char *bm_appt_status_label(int status)
{
    switch (status) {
    case BM_APPT_BOOKED: return N_("Booked");
    case BM_APPT_ARRIVED: return N_("Arrived");
    case BM_APPT_NO_SHOW: return N_("No-show");
    case BM_APPT_CANCELLED: return N_("Cancelled");
    default: return "";
    }
}

const char *bm_appt_channel_label(int channel)
{
    switch (channel) {
    case BM_APPT_BY_PHONE: return N_("By phone");
    case BM_APPT_AT_WINDOW: return N_("At the window");
    case BM_APPT_BY_AGENT: return N_("Through the agent");
    case BM_APPT_BY_HOTLINE: return N_("12345 hotline");
    default: return "";
    }
}

/* The centre with that code, and the right to open its slots. */
static int centre_for_slots(bm_db *db, const bm_actor *who, const char *code, bm_org *centre,
                            bm_err *err)
{
    int rc = bm_org_get_by_code(db, code ? code : "", centre, err);
    if (rc != BM_OK)
        return rc;
    if (centre->kind != BM_ORG_TOWNSHIP)
        return bm_fail(err, BM_EINVALID, N_("Appointments are made at a township centre"), "%s",
                       code);
    bm_place place = {.centre_id = centre->id};
    return bm_audit_authz(db, who, BM_ACT_APPT_SLOTS, &place, "appointment", code, err);
}

static int slot_set(bm_db *db, int64_t centre_id, time_t start, time_t end, int capacity,
                    int64_t staff_id, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_APPT_SLOT_SET, err);
    if (!st)
        return BM_EDB;
    bm_bind_id(st, 1, centre_id);
    bm_bind_int(st, 2, (int64_t)start);
    bm_bind_int(st, 3, (int64_t)end);
    bm_bind_int(st, 4, capacity);
    bm_bind_int(st, 5, staff_id);
    return bm_step_done(db, st, err);
}

static int open_day(bm_db *db, const bm_centre_hours *h, bm_day d, int minutes, int capacity,
                    int *opened, bm_err *err)
{
    int working, missing;
    int rc = bm_is_working_day(db, d, &working, &missing, err);
    if (rc != BM_OK || !working)
        return rc;
    const bm_office_hours *oh = bm_hours_on(h, d);
    for (int p = 0; rc == BM_OK && p < oh->n; p++)
        for (int m = oh->start[p]; rc == BM_OK && m + minutes <= oh->end[p]; m += minutes) {
            rc = slot_set(db, h->centre_id, bm_time_at(d, m), bm_time_at(d, m + minutes),
                          capacity, 0, err);
            ++*opened;
        }
    return rc;
}

int bm_appt_open_slots(bm_db *db, const bm_actor *who, const char *centre_code, bm_day from,
                       bm_day to, int minutes, int capacity, bm_err *err)
{
    bm_org centre;
    int rc = centre_for_slots(db, who, centre_code, &centre, err);
    if (rc != BM_OK)
        return rc;
    if (to < from || to - from > MAX_OPEN_DAYS || minutes < 15 || minutes > 240 ||
        capacity < 1 || capacity > 99)
        return bm_fail(err, BM_EINVALID, N_("Slots are 15 to 240 minutes for 1 to 99 people, "
                                            "over at most 120 days"), NULL);
    bm_centre_hours h;
    if ((rc = bm_hours_load(db, centre.id, &h, err)) != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    int opened = 0;
    for (bm_day d = from; rc == BM_OK && d <= to; d++)
        rc = open_day(db, &h, d, minutes, capacity, &opened, err);
    char a[11], b[11], after[96];
    bm_day_format(from, a);
    bm_day_format(to, b);
    snprintf(after, sizeof after, "{\"days\":\"%s..%s\",\"slots\":%d,\"capacity\":%d}", a, b,
             opened, capacity);
    if (rc == BM_OK)
        rc = bm_audit_append(db, who, "appointment.slots", "centre", centre_code, NULL, after,
                             NULL, err);
    return bm_tx_end(db, rc, err);
}

int bm_appt_open_extended(bm_db *db, const bm_actor *who, const char *centre_code, time_t start,
                          time_t end, int capacity, const char *staff_login, bm_err *err)
{
    bm_org centre;
    int rc = centre_for_slots(db, who, centre_code, &centre, err);
    if (rc != BM_OK)
        return rc;
    if (end <= start || end - start > 4 * 3600 || capacity < 1 || capacity > 99)
        return bm_fail(err, BM_EINVALID, N_("An extended-hours slot lasts up to 4 hours"), NULL);
    bm_centre_hours h;
    int open_start, open_end;
    if ((rc = bm_hours_load(db, centre.id, &h, err)) != BM_OK ||
        (rc = bm_hours_open_at(db, &h, start, &open_start, err)) != BM_OK ||
        (rc = bm_hours_open_at(db, &h, end - 1, &open_end, err)) != BM_OK)
        return rc;
    if (open_start || open_end)
        return bm_fail(err, BM_EINVALID, N_("Extended hours are outside office hours"), NULL);
    bm_user u;
    if ((rc = bm_user_get(db, staff_login ? staff_login : "", &u, err)) != BM_OK)
        return rc;
    bm_org unit;
    if ((rc = bm_org_get(db, u.org_id, &unit, err)) != BM_OK)
        return rc;
    if (unit.centre_id != centre.id || u.locked)
        return bm_fail(err, BM_EINVALID, N_("That person is not on the staff of this centre"),
                       "%s", staff_login);
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    rc = slot_set(db, centre.id, start, end, capacity, u.id, err);
    char after[160];
    snprintf(after, sizeof after, "{\"start\":%lld,\"end\":%lld,\"staff\":\"%.32s\"}",
             (long long)start, (long long)end, u.login);
    if (rc == BM_OK)
        rc = bm_audit_append(db, who, "appointment.extended", "centre", centre_code, NULL, after,
                             NULL, err);
    return bm_tx_end(db, rc, err);
}

static void read_slot(bm_stmt *st, bm_appt_slot *s)
{
    memset(s, 0, sizeof *s);
    s->id = bm_col_int64(st, 0);
    s->centre_id = bm_col_int64(st, 1);
    s->start = (time_t)bm_col_int64(st, 2);
    s->end = (time_t)bm_col_int64(st, 3);
    s->capacity = bm_col_int(st, 4);
    s->staff_id = bm_col_int64(st, 5);
    bm_col_text(st, 6, s->staff_name, sizeof s->staff_name);
    s->booked = bm_col_int(st, 7);
}

int bm_appt_free_slots(bm_db *db, int64_t centre_id, time_t from, bm_appt_slot *out, int max,
                       int *n, bm_err *err)
{
    *n = 0;
    bm_stmt *st = bm_sql(db, BM_SQL_APPT_SLOTS_FREE, err);
    if (!st)
        return BM_EDB;
    bm_bind_id(st, 1, centre_id);
    bm_bind_int(st, 2, (int64_t)from);
    bm_bind_int(st, 3, (int64_t)from + (int64_t)FREE_WINDOW_DAYS * 86400);
    bm_bind_int(st, 4, max);
    int r;
    while ((r = bm_step_row(db, st, err)) == 1)
        if (*n < max)
            read_slot(st, &out[(*n)++]);
    return r < 0 ? BM_EDB : BM_OK;
}

int bm_appt_slots_day(bm_db *db, int64_t centre_id, bm_day day,
                      int (*each)(const bm_appt_slot *s, void *ctx), void *ctx, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_APPT_SLOTS_RANGE, err);
    if (!st)
        return BM_EDB;
    bm_bind_id(st, 1, centre_id);
    bm_bind_int(st, 2, (int64_t)bm_time_at(day, 0));
    bm_bind_int(st, 3, (int64_t)bm_time_at(day + 1, 0));
    int r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        bm_appt_slot s;
        read_slot(st, &s);
        if (each(&s, ctx) != 0) {
            bm_stmt_reset(st);
            return BM_OK;
        }
    }
    return r < 0 ? BM_EDB : BM_OK;
}

/* The slot of the centre starting at `start`, with room: BM_ENOTFOUND / BM_ECONFLICT. */
static int slot_with_room(bm_db *db, int64_t centre_id, time_t start, bm_appt_slot *s,
                          bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_APPT_SLOT_AT, err);
    if (!st)
        return BM_EDB;
    bm_bind_id(st, 1, centre_id);
    bm_bind_int(st, 2, (int64_t)start);
    int r = bm_step_row(db, st, err);
    if (r < 0)
        return BM_EDB;
    if (r == 0)
        return bm_err_at(err, BM_FIELD_COMMIT_DATE,
                         bm_fail(err, BM_ENOTFOUND, N_("No appointments are taken at that time"),
                                 NULL));
    read_slot(st, s);
    bm_stmt_reset(st);
    if (s->booked >= s->capacity)
        return bm_err_at(err, BM_FIELD_COMMIT_DATE,
                         bm_fail(err, BM_ECONFLICT, N_("That time is fully booked"), "%d/%d",
                                 s->booked, s->capacity));
    if (s->start < bm_now())
        return bm_err_at(err, BM_FIELD_COMMIT_DATE,
                         bm_fail(err, BM_EINVALID, N_("That time has passed"), NULL));
    return BM_OK;
}

/* The actor's centre and their right to book there. */
static int desk_place(bm_db *db, const bm_actor *who, const char *id, bm_place *place,
                      bm_err *err)
{
    int rc = bm_actor_place(db, who, place, err);
    if (rc != BM_OK)
        return rc;
    place->village_id = 0;
    if (!place->centre_id)
        return bm_fail(err, BM_EINVALID, N_("Your account belongs to no centre"), NULL);
    return bm_audit_authz(db, who, BM_ACT_APPT_BOOK, place, "appointment", id, err);
}

static int check_new(bm_db *db, const bm_actor *who, const bm_appt_new *in, bm_matter *m,
                     bm_err *err)
{
    bm_applicant ap;
    int rc = bm_applicant_get(db, who, in->applicant_id, &ap, err);
    if (rc != BM_OK)
        return bm_err_at(err, BM_FIELD_NAME, rc);
    if (in->channel < BM_APPT_BY_PHONE || in->channel >= BM_APPT_CHANNEL_COUNT)
        return bm_err_at(err, BM_FIELD_CHANNEL,
                         bm_fail(err, BM_EINVALID, N_("Unknown channel"), "%d", in->channel));
    if (in->note && strlen(in->note) >= 256)
        return bm_err_at(err, BM_FIELD_NOTE,
                         bm_fail(err, BM_EINVALID, N_("That text is too long"), NULL));
    memset(m, 0, sizeof *m);
    if (in->matter_code && in->matter_code[0] &&
        (rc = bm_matter_current(db, in->matter_code, m, err)) != BM_OK)
        return bm_err_at(err, BM_FIELD_MATTER, rc);
    return BM_OK;
}

int bm_appt_book(bm_db *db, const bm_actor *who, const bm_appt_new *in, int64_t *id,
                 bm_err *err)
{
    *id = 0;
    bm_place place;
    int rc = desk_place(db, who, "", &place, err);
    bm_matter m;
    if (rc == BM_OK)
        rc = check_new(db, who, in, &m, err);
    if (rc != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_appt_slot s = {0};
    rc = slot_with_room(db, place.centre_id, in->start, &s, err);
    bm_stmt *st = rc == BM_OK ? bm_sql(db, BM_SQL_APPT_INSERT, err) : NULL;
    if (rc == BM_OK && !st)
        rc = BM_EDB;
    if (rc == BM_OK) {
        bm_bind_id(st, 1, s.id);
        bm_bind_id(st, 2, place.centre_id);
        bm_bind_id(st, 3, in->applicant_id);
        bm_bind_text(st, 4, m.code);
        bm_bind_text(st, 5, m.name);
        bm_bind_int(st, 6, in->channel);
        bm_bind_int(st, 7, BM_APPT_BOOKED);
        bm_bind_id(st, 8, who->user_id);
        bm_bind_int(st, 9, (int64_t)bm_now());
        bm_bind_text(st, 10, in->note ? in->note : "");
        rc = bm_step_done(db, st, err);
    }
    if (rc == BM_OK)
        *id = bm_store_last_id(db->store);
    char oid[24], after[96];
    snprintf(oid, sizeof oid, "%lld", (long long)*id);
    snprintf(after, sizeof after, "{\"slot\":%lld,\"applicant\":%lld,\"channel\":%d}",
             (long long)s.id, (long long)in->applicant_id, in->channel);
    if (rc == BM_OK)
        rc = bm_audit_append(db, who, "appointment.book", "appointment", oid, NULL, after,
                             in->note, err);
    rc = bm_tx_end(db, rc, err);
    if (rc != BM_OK)
        *id = 0;
    return rc;
}

static void read_appt(bm_stmt *st, bm_appointment *p)
{
    memset(p, 0, sizeof *p);
    p->id = bm_col_int64(st, 0);
    p->slot_id = bm_col_int64(st, 1);
    p->centre_id = bm_col_int64(st, 2);
    p->applicant_id = bm_col_int64(st, 3);
    bm_col_text(st, 4, p->applicant_name, sizeof p->applicant_name);
    bm_col_text(st, 5, p->phone, sizeof p->phone);
    bm_col_text(st, 6, p->matter_code, sizeof p->matter_code);
    bm_col_text(st, 7, p->matter_name, sizeof p->matter_name);
    p->channel = bm_col_int(st, 8);
    p->status = bm_col_int(st, 9);
    p->booked_by = bm_col_int64(st, 10);
    bm_col_text(st, 11, p->booked_by_name, sizeof p->booked_by_name);
    p->booked_at = (time_t)bm_col_int64(st, 12);
    p->case_id = bm_col_int64(st, 13);
    bm_col_text(st, 14, p->note, sizeof p->note);
    p->start = (time_t)bm_col_int64(st, 15);
    p->end = (time_t)bm_col_int64(st, 16);
    p->staff_id = bm_col_int64(st, 17);
    bm_col_text(st, 18, p->staff_name, sizeof p->staff_name);
}

int bm_appt_get(bm_db *db, const bm_actor *who, int64_t id, bm_appointment *out, bm_err *err)
{
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", (long long)id);
    bm_place place;
    int rc = desk_place(db, who, oid, &place, err);
    if (rc != BM_OK)
        return rc;
    bm_stmt *st;
    int r = bm_fetch_one(db, BM_SQL_APPT_GET, NULL, id, &st, err);
    if (r < 0)
        return -r;
    if (r == 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such appointment"), "%s", oid);
    read_appt(st, out);
    bm_stmt_reset(st);
    if (out->centre_id != place.centre_id) {
        memset(out, 0, sizeof *out);
        return bm_fail(err, BM_EDENIED, N_("This belongs to another centre"), "%s", oid);
    }
    return BM_OK;
}

static int appt_set(bm_db *db, const bm_actor *who, const bm_appointment *p, int64_t slot,
                    int status, int64_t case_id, const char *what, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_APPT_SET, err);
    if (!st)
        return BM_EDB;
    bm_bind_id(st, 1, p->id);
    bm_bind_id(st, 2, slot);
    bm_bind_int(st, 3, status);
    bm_bind_int(st, 4, case_id);
    int rc = bm_step_done(db, st, err);
    char oid[24], before[64], after[96];
    snprintf(oid, sizeof oid, "%lld", (long long)p->id);
    snprintf(before, sizeof before, "{\"slot\":%lld,\"status\":%d}", (long long)p->slot_id,
             p->status);
    snprintf(after, sizeof after, "{\"slot\":%lld,\"status\":%d,\"case\":%lld}",
             (long long)slot, status, (long long)case_id);
    if (rc == BM_OK)
        rc = bm_audit_append(db, who, what, "appointment", oid, before, after, NULL, err);
    return rc;
}

int bm_appt_move(bm_db *db, const bm_actor *who, int64_t id, time_t start, bm_err *err)
{
    bm_appointment p;
    int rc = bm_appt_get(db, who, id, &p, err);
    if (rc != BM_OK)
        return rc;
    if (p.status != BM_APPT_BOOKED)
        return bm_fail(err, BM_ESTATE, N_("Only a booked appointment can be moved"), NULL);
    if (p.start == start)
        return BM_OK;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_appt_slot s;
    rc = slot_with_room(db, p.centre_id, start, &s, err);
    if (rc == BM_OK)
        rc = appt_set(db, who, &p, s.id, BM_APPT_BOOKED, 0, "appointment.move", err);
    return bm_tx_end(db, rc, err);
}

int bm_appt_set_status(bm_db *db, const bm_actor *who, int64_t id, int status, int64_t case_id,
                       bm_err *err)
{
    bm_appointment p;
    int rc = bm_appt_get(db, who, id, &p, err);
    if (rc != BM_OK)
        return rc;
    if (status != BM_APPT_ARRIVED && status != BM_APPT_NO_SHOW && status != BM_APPT_CANCELLED)
        return bm_fail(err, BM_EINVALID, N_("Unknown appointment status"), "%d", status);
    if (p.status != BM_APPT_BOOKED)
        return bm_fail(err, BM_ESTATE, N_("This appointment is no longer booked"), NULL);
    if (case_id && status != BM_APPT_ARRIVED)
        return bm_fail(err, BM_EINVALID, N_("Only an arrival leads to a case"), NULL);
    static const char *const what[BM_APPT_STATUS_COUNT] = {
        [BM_APPT_ARRIVED] = "appointment.arrived", [BM_APPT_NO_SHOW] = "appointment.no_show",
        [BM_APPT_CANCELLED] = "appointment.cancel",
    };
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    rc = appt_set(db, who, &p, p.slot_id, status, case_id, what[status], err);
    return bm_tx_end(db, rc, err);
}

int bm_appt_day(bm_db *db, const bm_actor *who, bm_day day,
                int (*each)(const bm_appointment *p, void *ctx), void *ctx, bm_err *err)
{
    bm_place place;
    int rc = desk_place(db, who, "", &place, err);
    if (rc != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_APPT_LIST, err);
    if (!st)
        return BM_EDB;
    bm_bind_id(st, 1, place.centre_id);
    bm_bind_int(st, 2, (int64_t)bm_time_at(day, 0));
    bm_bind_int(st, 3, (int64_t)bm_time_at(day + 1, 0));
    int r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        bm_appointment p;
        read_appt(st, &p);
        if (each(&p, ctx) != 0) {
            bm_stmt_reset(st);
            return BM_OK;
        }
    }
    return r < 0 ? BM_EDB : BM_OK;
}
