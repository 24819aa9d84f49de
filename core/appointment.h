/* Appointments (预约): time slots of a centre with a capacity (in office hours, e.g. 4 per
 * half hour at the comprehensive windows; extended hours by appointment, 预约延时服务, outside
 * them with a named member of staff), bookings of a person for a matter by a channel, moved
 * (the old slot freed), cancelled, marked arrived or no-show; the day's list. A booking
 * beyond a slot's capacity is refused, and core offers the next free slots. */
#ifndef BM_APPOINTMENT_H
#define BM_APPOINTMENT_H

#include <stdint.h>
#include <time.h>
#include "core/actor.h"
#include "core/date.h"
#include "core/db.h"

enum bm_appt_status {
    BM_APPT_BOOKED = 1,
    BM_APPT_ARRIVED,
    BM_APPT_NO_SHOW,
    BM_APPT_CANCELLED,
    BM_APPT_STATUS_COUNT
};

/* How the booking came (how the person asked for it). */
enum bm_appt_channel {
    BM_APPT_BY_PHONE = 1,    /* 电话 */
    BM_APPT_AT_WINDOW,       /* 现场 */
    BM_APPT_BY_AGENT,        /* 代办员 */
    BM_APPT_BY_HOTLINE,      /* 12345 */
    BM_APPT_CHANNEL_COUNT
};

/* Words (msgids) for a status and a channel. */
const char *bm_appt_status_label(int status);
const char *bm_appt_channel_label(int channel);

typedef struct bm_appt_slot {
    int64_t id;
    int64_t centre_id;
    time_t start, end;
    int capacity;
    int booked;              /* live appointments (booked or arrived) */
    int64_t staff_id;        /* extended hours: who serves, else 0 */
    char staff_name[64];
} bm_appt_slot;

typedef struct bm_appointment {
    int64_t id;
    int64_t slot_id, centre_id, applicant_id;
    char applicant_name[64];
    char phone[24];
    char matter_code[24];
    char matter_name[192];
    int channel, status;
    int64_t booked_by;
    char booked_by_name[64];
    time_t booked_at;
    int64_t case_id;
    char note[256];
    time_t start, end;       /* its slot */
    int64_t staff_id;
    char staff_name[64];
} bm_appointment;

/* Opens slots of `minutes` (15..240) with `capacity` within the office hours of each working
 * day of [from, to] at the centre (existing slots keep their bookings). Supervisors of the
 * centre and admins; audited. */
int bm_appt_open_slots(bm_db *db, const bm_actor *who, const char *centre_code, bm_day from,
                       bm_day to, int minutes, int capacity, bm_err *err);
/* Opens an extended-hours slot [start, end) outside office hours, served by staff_login. */
int bm_appt_open_extended(bm_db *db, const bm_actor *who, const char *centre_code, time_t start,
                          time_t end, int capacity, const char *staff_login, bm_err *err);

/* Up to max slots of the centre with room, starting at or after `from` (within 30 days), in
 * time order; *n how many. */
int bm_appt_free_slots(bm_db *db, int64_t centre_id, time_t from, bm_appt_slot *out, int max,
                       int *n, bm_err *err);

/* Every slot of the centre on `day`, by time, with its live bookings. */
int bm_appt_slots_day(bm_db *db, int64_t centre_id, bm_day day,
                      int (*each)(const bm_appt_slot *s, void *ctx), void *ctx, bm_err *err);

typedef struct bm_appt_new {
    int64_t applicant_id;
    const char *matter_code;     /* may be NULL or "" */
    int channel;                 /* enum bm_appt_channel */
    time_t start;                /* the slot's start */
    const char *note;
} bm_appt_new;

/* Books at the actor's centre. No slot at that time: BM_ENOTFOUND; full: BM_ECONFLICT. Either
 * way the caller offers bm_appt_free_slots. Clerks and duty staff; audited. */
int bm_appt_book(bm_db *db, const bm_actor *who, const bm_appt_new *in, int64_t *id,
                 bm_err *err);
/* Moves a booked appointment to the slot starting at `start`; its old place is free again. */
int bm_appt_move(bm_db *db, const bm_actor *who, int64_t id, time_t start, bm_err *err);
/* Cancelled, arrived or no-show (from booked only; arrived may also carry the case it became,
 * case_id 0 none). */
int bm_appt_set_status(bm_db *db, const bm_actor *who, int64_t id, int status, int64_t case_id,
                       bm_err *err);
int bm_appt_get(bm_db *db, const bm_actor *who, int64_t id, bm_appointment *out, bm_err *err);
/* The appointments of the actor's centre on `day`, by time. */
int bm_appt_day(bm_db *db, const bm_actor *who, bm_day day,
                int (*each)(const bm_appointment *p, void *ctx), void *ctx, bm_err *err);

#endif
