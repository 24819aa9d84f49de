/* Callbacks (回访): the queue of completed cases to call back — every rectified bad rating,
 * unrated cases 3 working days after completion (to invite a rating), and a sample of the
 * rest drawn reproducibly at a rate per clerk per month. The caller records reached or not
 * (not reached: due again the next working day), the person's rating and remarks. The
 * rating carries the channel "callback" and replaces the case's; "not satisfied" sends the
 * case back to its handler to redo, with the reason on their home screen. */
#ifndef BM_CALLBACK_H
#define BM_CALLBACK_H

#include <stdint.h>
#include "core/actor.h"
#include "core/db.h"

/* Working days after completion an unrated case waits before its callback. */
#define BM_CB_UNRATED_DAYS 3

enum bm_cb_reason { BM_CB_RECTIFIED = 1, BM_CB_UNRATED, BM_CB_SAMPLE };
enum bm_cb_state { BM_CB_DUE = 1, BM_CB_DONE, BM_CB_RETRY };
enum bm_cb_sent { BM_CB_NOT_SENT = 0, BM_CB_SENT_BACK, BM_CB_REDONE };

typedef struct bm_callback {
    int64_t id;
    int64_t case_id;
    char case_no[16];
    char matter_name[192];
    char applicant_name[64];
    char phone[24];
    int64_t centre_id;
    int64_t handler_id;
    char handler_name[64];
    int reason;               /* enum bm_cb_reason */
    char due_day[11];
    int state;                /* enum bm_cb_state */
    int attempts;
    int rating;
    char remarks[512];
    int sent_back;            /* enum bm_cb_sent */
} bm_callback;

/* Inside core: queues the callback of a case (once per case) due on due_day. */
int bm_cb_queue(bm_db *db, int64_t case_id, int64_t centre_id, int64_t handler_id, int reason,
                const char *due_day, bm_err *err);

/* The sample of the month's completed cases of the actor's centre: per handler, the rate
 * (percent, 1..100) of their cases rounded up, chosen by a hash of the case and the month so
 * that the same month gives the same sample. each gets every case drawn. */
int bm_cb_sample(bm_db *db, const bm_actor *who, int year, int month, int rate_percent,
                 int (*each)(int64_t case_id, int64_t handler_id, void *ctx), void *ctx,
                 bm_err *err);
/* Fills the queue of the actor's centre: unrated cases completed 3 working days ago or more
 * (in the last 60 days) and the sample of last month at rate_percent. Returns BM_OK with
 * *added the callbacks queued now. */
int bm_cb_plan(bm_db *db, const bm_actor *who, int rate_percent, int *added, bm_err *err);

/* What the caller records. reached 0: not reached, due again the next working day. */
typedef struct bm_cb_result {
    int reached;
    int rating;               /* 1..5 when reached */
    const char *remarks;      /* required when the rating is 1 or 2 */
} bm_cb_result;
int bm_cb_record(bm_db *db, const bm_actor *who, int64_t id, const bm_cb_result *res,
                 bm_err *err);
/* The handler has redone what the callback sent back. */
int bm_cb_redone(bm_db *db, const bm_actor *who, int64_t id, const char *note, bm_err *err);
int bm_cb_get(bm_db *db, const bm_actor *who, int64_t id, bm_callback *out, bm_err *err);

/* The centre's callbacks due today or earlier (those who call back). */
int bm_cb_list_due(bm_db *db, const bm_actor *who,
                   int (*each)(const bm_callback *c, void *ctx), void *ctx, bm_err *err);
/* The actor's cases sent back by a callback and not yet redone, newest first. */
int bm_cb_list_sent_back(bm_db *db, const bm_actor *who,
                         int (*each)(const bm_callback *c, void *ctx), void *ctx, bm_err *err);

const char *bm_cb_reason_name(int reason);   /* msgid */

#endif
