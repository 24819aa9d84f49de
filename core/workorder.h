/* 12345 hotline work orders (工单): their own record, their history of events, and the
 * statutory clocks each counted on its own in the centre's working hours and days: transfer
 * (3 working hours from receipt), sign (1 working day from each transfer or reassignment),
 * answer (5 / 7 / 15 working days by kind, from signing) and callback. Pauses for a stated
 * reason are excluded from the count; reassignment restarts only the sign clock. The clocks
 * are kept with the order and can always be recomputed from its history. */
#ifndef BM_WORKORDER_H
#define BM_WORKORDER_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "core/actor.h"
#include "core/db.h"
#include "core/err.h"
#include "core/org.h"

enum bm_wo_kind {
    BM_WO_CONSULT = 1,   /* 咨询: answer within 5 working days */
    BM_WO_HELP,          /* 求助: 7 */
    BM_WO_SUGGEST,       /* 意见建议: 7 */
    BM_WO_COMPLAINT,     /* 投诉: 15 */
    BM_WO_REPORT,        /* 举报: 15 */
    BM_WO_KIND_COUNT
};

enum bm_wo_status {
    BM_WO_RECEIVED = 1,  /* at the unit that received it from the platform */
    BM_WO_TRANSFERRED,   /* sent to a unit that has not signed for it yet */
    BM_WO_SIGNED,        /* being handled */
    BM_WO_PAUSED,        /* waiting, for a stated reason */
    BM_WO_ANSWERED,
    BM_WO_CLOSED,
    BM_WO_RETURNED,      /* returned to the platform as outside the hotline's scope */
    BM_WO_STATUS_COUNT
};

/* What happened to an order: its history, and what the clocks are computed from. */
enum bm_wo_event {
    BM_WOE_RECEIVED = 1,
    BM_WOE_TRANSFERRED,
    BM_WOE_SIGNED,
    BM_WOE_PAUSED,
    BM_WOE_RESUMED,
    BM_WOE_REASSIGNED,
    BM_WOE_EXT_REQUESTED,
    BM_WOE_EXT_APPROVED,
    BM_WOE_ANSWERED,
    BM_WOE_CLOSED,
    BM_WOE_CALLBACK,
    BM_WOE_RATED,
    BM_WOE_RETURNED,
    BM_WOE_COUNT
};

/* Why an order may be paused: only these stop its clocks. */
enum bm_wo_pause {
    BM_WO_PAUSE_CALLER = 1,      /* waiting for the caller */
    BM_WO_PAUSE_JOINT_VISIT,     /* a joint visit is scheduled */
    BM_WO_PAUSE_COUNT
};

/* The seven kinds of request outside the hotline's scope (the platform's rules). */
enum bm_wo_out_of_scope {
    BM_WO_OOS_LEGAL_PROCESS = 1, /* litigation, arbitration, discipline, review, disclosure,
                                  * or already in the petition channel */
    BM_WO_OOS_SECRET,            /* state or trade secrets, privacy, public order and morals */
    BM_WO_OOS_EMERGENCY,         /* for 110, 119, 120, 122 */
    BM_WO_OOS_MILITARY,          /* the armed forces and armed police */
    BM_WO_OOS_NO_REQUEST,        /* harassment, unclear or no real request */
    BM_WO_OOS_UNLAWFUL,          /* against laws and regulations */
    BM_WO_OOS_OTHER_EXCLUDED,    /* excluded by other laws and regulations */
    BM_WO_OOS_COUNT
};

/* How the caller was answered (the reason of an answer event). */
enum bm_wo_answer_by { BM_WO_BY_PHONE = 1, BM_WO_BY_VISIT, BM_WO_BY_LETTER };

enum bm_wo_clock_id { BM_WOC_TRANSFER, BM_WOC_SIGN, BM_WOC_ANSWER, BM_WOC_CALLBACK,
                      BM_WOC_COUNT };

enum bm_wo_clock_state {
    BM_WOC_IDLE = 0,   /* not started */
    BM_WOC_RUNNING,
    BM_WOC_PAUSED,
    BM_WOC_MET,
    BM_WOC_MISSED,
    BM_WOC_STOPPED,    /* no longer owed (the order went back to the platform) */
    BM_WOC_OVERDUE     /* only in a view: running past its due time */
};

/* Working hours allowed for the transfer, days for the callback after the answer. */
#define BM_WO_TRANSFER_MINUTES 180
#define BM_WO_SIGN_DAYS 1
#define BM_WO_CALLBACK_DAYS 3
/* Ratings run 1 (very unsatisfied) to 5 (very satisfied); a complaint rated this or lower
 * goes back to be done again. */
#define BM_WO_REDO_RATING 2

/* One clock as kept with the order: independent of the present moment. */
typedef struct bm_wo_clock {
    int state;           /* IDLE, RUNNING, PAUSED, MET, MISSED, STOPPED */
    int budget;          /* working minutes allowed (extensions included) */
    int used;            /* working minutes counted before seg_start, or in all when done */
    time_t seg_start;    /* when the present running stretch began */
    time_t due_at;       /* when it falls due (kept while paused; fixed once missed) */
    time_t done_at;      /* when it was met, missed or stopped */
    int pause_reason;    /* enum bm_wo_pause while paused */
} bm_wo_clock;

/* A clock as seen at a moment: what a list or detail screen shows. */
typedef struct bm_wo_clock_view {
    int state;           /* enum bm_wo_clock_state, OVERDUE for a running clock past due */
    time_t due_at;
    int left;            /* working minutes left; negative: overdue or missed by that much */
    int pause_reason;
} bm_wo_clock_view;

/* One event of the history. */
typedef struct bm_wo_event_rec {
    int64_t id;
    int event;           /* enum bm_wo_event */
    time_t at;
    int64_t account_id;
    char login[33];
    int64_t unit_id;     /* the unit it went to (transfer, reassignment) */
    int reason;          /* pause reason, out-of-scope reason, rating (1..5), answer channel */
    int days;            /* extension: working days asked or granted */
    char note[512];      /* the reason in words, the answer, the explanation */
} bm_wo_event_rec;

typedef struct bm_workorder {
    int64_t id;
    char no[33];         /* as the hotline gives it */
    time_t received_at;
    int64_t applicant_id;   /* 0: anonymous or not known */
    char caller[64];
    char phone[24];
    int kind;
    char summary[160];
    char text[2048];
    int64_t centre_id;
    int64_t village_id;
    int64_t unit_id;        /* the unit it is assigned to */
    char unit_name[128];
    int status;
    int redo_count;
    int rating;             /* 0 none, 1..5 */
    bm_wo_clock clocks[BM_WOC_COUNT];
} bm_workorder;

/* What an order is entered with (by hand or from a file). */
typedef struct bm_wo_new {
    const char *no;
    time_t received_at;
    int64_t applicant_id;
    const char *caller;     /* "" anonymous */
    const char *phone;
    int kind;
    const char *summary;
    const char *text;
    int64_t village_id;     /* 0: the centre as a whole */
    int64_t unit_id;        /* 0: the entering person's own unit */
} bm_wo_new;

const char *bm_wo_kind_name(int kind);           /* English msgids, N_() */
const char *bm_wo_status_name(int status);
const char *bm_wo_event_name(int event);
const char *bm_wo_pause_name(int reason);
const char *bm_wo_oos_name(int reason);
const char *bm_clock_name(int clock);
const char *bm_clock_state_name(int state);
/* Working days the answer is owed in for a kind (0 for an unknown kind). */
int bm_wo_answer_days(int kind);

/* Entering an order: duty staff and clerks of the centre. The number is unique. */
int bm_wo_create(bm_db *db, const bm_actor *who, const bm_wo_new *in, int64_t *id, bm_err *err);
int bm_wo_get(bm_db *db, int64_t id, bm_workorder *out, bm_err *err);
int bm_wo_get_by_no(bm_db *db, const char *no, bm_workorder *out, bm_err *err);
/* The order as the actor may see it: refused (and audited) outside the actor's centre. */
int bm_wo_open(bm_db *db, const bm_actor *who, int64_t id, bm_workorder *out, bm_err *err);
/* The history, oldest first; each returns non-zero to stop. */
int bm_wo_history(bm_db *db, int64_t id, int (*each)(const bm_wo_event_rec *e, void *ctx),
                  void *ctx, bm_err *err);

/* The open orders of the actor's centre (not closed, not returned), the nearest due clock
 * first (those with no running clock last); each returns non-zero to stop. */
int bm_wo_list_open(bm_db *db, const bm_actor *who, int limit, int offset,
                    int (*each)(const bm_workorder *o, void *ctx), void *ctx, bm_err *err);
/* Each of an order's clocks as seen at `now`, on its centre's hours. */
int bm_wo_views(bm_db *db, const bm_workorder *o, time_t now,
                bm_wo_clock_view views[BM_WOC_COUNT], bm_err *err);

/* A step on an order: the event with its particulars (unit for transfer and reassignment,
 * reason, days, note). Checks the step against the order's status and the actor's
 * permission, records history and audit, and moves the clocks. */
int bm_wo_step(bm_db *db, const bm_actor *who, int64_t id, const bm_wo_event_rec *step,
               bm_err *err);

/* Watching the clocks: a running clock with this many working minutes left or fewer is due
 * soon; the supervisor's lists keep the open orders with such a clock, or an overdue one. */
#define BM_WO_DUE_SOON_MINUTES 120
enum bm_wo_watch { BM_WO_WATCH_ALL = 0, BM_WO_WATCH_DUE_SOON, BM_WO_WATCH_OVERDUE };
/* Whether an order whose clocks are seen so matches the watch. */
int bm_wo_watch_matches(const bm_wo_clock_view views[BM_WOC_COUNT], int watch);
/* The open orders of the actor's centre with a clock overdue or due within two working hours
 * at `now` (all of them, or only those the watch names), the nearest due first; each gets
 * the order and its clocks as seen then and returns non-zero to stop. */
int bm_wo_list_watch(bm_db *db, const bm_actor *who, int watch, time_t now,
                     int (*each)(const bm_workorder *o, const bm_wo_clock_view *v, void *ctx),
                     void *ctx, bm_err *err);
/* The reminder a handler sees on their home screen: counts of the centre's open orders with
 * a clock due within two working hours and overdue. Shown (shown = 1) inside the centre's
 * office hours to those who may see its orders; outside them only to the duty officer on
 * duty now (off_hours = 1), never to someone off duty at midnight. */
typedef struct bm_wo_reminder {
    int shown, off_hours;
    int due_soon, overdue;
} bm_wo_reminder;
int bm_wo_reminder_for(bm_db *db, const bm_actor *who, time_t now, bm_wo_reminder *out,
                       bm_err *err);

/* The steps (enum bm_wo_event) the actor may take on the order now, in the order offered:
 * what its status, its clocks and the actor's permissions allow. Returns how many. */
int bm_wo_steps_offered(bm_db *db, const bm_actor *who, const bm_workorder *o, int out[],
                        int max);
/* The units an order may go to: its centre, the centre's windows and villages (active), but
 * not the unit it is with; each returns non-zero to stop. */
int bm_wo_units(bm_db *db, const bm_workorder *o, int (*each)(const bm_org *u, void *ctx),
                void *ctx, bm_err *err);
/* Whether unit u may take the order (one of bm_wo_units, or the one it is with). */
int bm_wo_unit_takes(const bm_workorder *o, const bm_org *u);
/* "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS", Beijing time: 0, or -1 when not so. */
int bm_wo_time_parse(const char *s, time_t *out);

/* Imports a CSV file the hotline platform exports (UTF-8 or GB18030; the column mapping is
 * in workorder_csv.c): every row is entered, or none. On a bad row *bad_line names its line
 * and err says what is wrong with it. */
int bm_wo_import(bm_db *db, const bm_actor *who, const char *path, int *imported,
                 int *bad_line, bm_err *err);
int bm_wo_import_text(bm_db *db, const bm_actor *who, const char *data, size_t len,
                      int *imported, int *bad_line, bm_err *err);
/* The answered and closed orders of the actor's centre in the same CSV shape, with the answer
 * columns filled: *out is malloc'd, in GB18030 when gb18030 is set, else UTF-8. */
int bm_wo_export_text(bm_db *db, const bm_actor *who, int gb18030, char **out, size_t *len,
                      int *count, bm_err *err);

/* The clocks: the effect of one event on the four clocks, counted on `hours`. */
int bm_wo_clocks_apply(bm_db *db, const bm_office_hours *hours, int kind,
                       bm_wo_clock clocks[BM_WOC_COUNT], const bm_wo_event_rec *e,
                       bm_err *err);
/* The four clocks recomputed from the order's whole history (what is stored must equal it). */
int bm_wo_recompute(bm_db *db, int64_t id, bm_wo_clock clocks[BM_WOC_COUNT], bm_err *err);
/* A clock seen at `now`. */
int bm_wo_clock_at(bm_db *db, const bm_office_hours *hours, const bm_wo_clock *c, time_t now,
                   bm_wo_clock_view *out, bm_err *err);
/* The office hours an order's clocks are counted on: its centre's. */
int bm_wo_hours(bm_db *db, const bm_workorder *o, bm_office_hours *out, bm_err *err);

#endif
