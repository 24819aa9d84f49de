/* Bad-rating rectification (差评整改): a rating of 不满意 or 非常不满意, from the window or a
 * callback, opens a rectification of the case due BM_RECT_DAYS working days later. It is
 * verified (was the complaint founded?) and what was done recorded, then the person is
 * called back and gives a new rating. An unfounded complaint may be appealed (申诉) with the
 * reason; the head decides, and an accepted appeal takes the bad rating out of the figures
 * while the history keeps it. */
#ifndef BM_RECTIFY_H
#define BM_RECTIFY_H

#include <stdint.h>
#include "core/actor.h"
#include "core/db.h"

/* Working days a rectification is given. */
#define BM_RECT_DAYS 15

enum bm_rect_state {
    BM_RECT_OPEN = 1,         /* to verify and put right */
    BM_RECT_APPEALED,         /* appealed, waiting for the head */
    BM_RECT_DONE,             /* put right, waiting for the callback */
    BM_RECT_CLOSED,           /* called back, new rating recorded */
    BM_RECT_VOID              /* appeal accepted: out of the figures */
};

typedef struct bm_rect {
    int64_t id;
    int64_t case_id;
    char case_no[16];
    char matter_name[192];
    char applicant_name[64];
    int64_t centre_id;
    int64_t handler_id;
    char handler_name[64];
    int rating;               /* the bad rating, 1 or 2 */
    char channel[16];
    char opened_day[11];
    char due_day[11];
    int state;                /* enum bm_rect_state */
    int founded;              /* 1 founded, 0 not, -1 not yet verified */
    char verification[512];
    char action[512];
    char done_day[11];
    char appeal[512];
    char decision[512];
    int new_rating;           /* from the callback, 0 before */
    int on_time;              /* done on or before its day */
    int overdue;              /* not done and past its day (computed on reading) */
} bm_rect;

/* The verification and what was done (the head, or the handler it is addressed to): the
 * rectification is done and its callback is due. */
int bm_rect_record(bm_db *db, const bm_actor *who, int64_t id, const char *verification,
                   const char *action, bm_err *err);
/* The complaint was unfounded: an appeal with the reason (the head or the handler). */
int bm_rect_appeal(bm_db *db, const bm_actor *who, int64_t id, const char *reason, bm_err *err);
/* The head's decision on an appeal: accepted (out of the figures) or not (back to open). */
int bm_rect_decide(bm_db *db, const bm_actor *who, int64_t id, int accepted, const char *note,
                   bm_err *err);
int bm_rect_get(bm_db *db, const bm_actor *who, int64_t id, bm_rect *out, bm_err *err);

enum bm_rect_list { BM_RECT_LIST_CENTRE = 1, BM_RECT_LIST_MINE };
int bm_rect_list(bm_db *db, const bm_actor *who, int which,
                 int (*each)(const bm_rect *r, void *ctx), void *ctx, bm_err *err);

/* The centre's figures: bad ratings that count, rectified, rectified on time, called back. */
typedef struct bm_rect_figures {
    int bad, done, on_time, called_back;
} bm_rect_figures;
int bm_rect_figures_get(bm_db *db, const bm_actor *who, bm_rect_figures *out, bm_err *err);

const char *bm_rect_state_name(int state);   /* msgid */

#endif
