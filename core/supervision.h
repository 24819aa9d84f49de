/* Supervision (督办): the centre head asks the handler of an open case, work order or
 * could-not-get-it-done record for something by a day counted in working days; the handler
 * answers; the head closes it (satisfied or not, with a note) or presses again, which starts
 * a new round. Also: the head gives a case to another clerk with the reason in its history,
 * and the desk's live counts. Only the head (BM_ACT_SUPERVISE) sees the centre's lists; a
 * clerk sees and answers what is addressed to them. Every change is audited. */
#ifndef BM_SUPERVISION_H
#define BM_SUPERVISION_H

#include <stdint.h>
#include <time.h>
#include "core/actor.h"
#include "core/db.h"

enum bm_sup_kind {
    BM_SUP_CASE = 1,          /* 办件 */
    BM_SUP_ORDER,             /* 12345 工单 */
    BM_SUP_IMPOSSIBLE         /* 办不成事 */
};

enum bm_sup_state {
    BM_SUP_OPEN = 1,          /* waiting for the handler's answer */
    BM_SUP_ANSWERED,          /* answered, waiting for the head */
    BM_SUP_SATISFIED,         /* closed: the head is satisfied */
    BM_SUP_UNSATISFIED        /* closed: the head is not satisfied */
};

typedef struct bm_supervision {
    int64_t id;
    int kind;                 /* enum bm_sup_kind */
    int64_t object_id;
    char object_no[33];       /* the case or order number, or the record's number */
    int64_t centre_id;
    char asked[512];
    int64_t handler_id;
    char handler_login[33];
    char handler_name[64];
    int64_t opened_by;
    time_t opened_at;
    int days;                 /* working days given */
    char due_day[11];
    int round;                /* 1, then one more each time the head presses again */
    int state;                /* enum bm_sup_state */
    char answer[512];
    time_t answered_at;
    char close_note[512];
    time_t closed_at;
    int overdue;              /* open and past its day (computed on reading) */
} bm_supervision;

typedef struct bm_sup_new {
    int kind;
    int64_t object_id;
    const char *asked;        /* what is asked (required) */
    const char *handler;      /* login of whom; NULL or "" = the object's handler */
    int days;                 /* working days from today, 1..30 */
} bm_sup_new;

/* Opens a supervision on an open object of the head's centre. */
int bm_sup_open(bm_db *db, const bm_actor *who, const bm_sup_new *in, bm_supervision *out,
                bm_err *err);
/* The handler answers (only the one it is addressed to, while it is open). */
int bm_sup_answer(bm_db *db, const bm_actor *who, int64_t id, const char *answer, bm_err *err);
/* The head closes it: satisfied or not, with a note (required when not satisfied). */
int bm_sup_close(bm_db *db, const bm_actor *who, int64_t id, int satisfied, const char *note,
                 bm_err *err);
/* The head presses again: a new round with what is asked now and a new day. */
int bm_sup_press(bm_db *db, const bm_actor *who, int64_t id, const char *asked, int days,
                 bm_err *err);
int bm_sup_get(bm_db *db, const bm_actor *who, int64_t id, bm_supervision *out, bm_err *err);

enum bm_sup_list {
    BM_SUP_LIST_CENTRE = 1,   /* the head: every supervision of the centre, open first */
    BM_SUP_LIST_MINE          /* a handler: open ones addressed to me */
};
int bm_sup_list(bm_db *db, const bm_actor *who, int which,
                int (*each)(const bm_supervision *s, void *ctx), void *ctx, bm_err *err);
/* Open supervisions addressed to the actor (their home screen). */
int bm_sup_count_mine(bm_db *db, const bm_actor *who, int *open, bm_err *err);

/* The head gives an open case to a clerk or duty officer of the centre, with the reason in
 * the case's history (the reason is required). */
int bm_sup_assign(bm_db *db, const bm_actor *who, int64_t case_id, const char *login,
                  const char *reason, bm_err *err);

/* The head's desk: what needs attention now, each from one indexed query in the head's
 * scope (their centre and its villages). */
typedef struct bm_desk_counts {
    int overdue;              /* open cases past their deadline */
    int due_soon;             /* due within one working day */
    int bad_unrectified;      /* bad ratings without a rectification */
    int rect_open;            /* rectifications not yet done */
    int rect_late;            /* of those, past their day */
    int callbacks_due;        /* callbacks due today or earlier */
    int impossible[3];        /* 办不成事 open by tier 1..3 */
    int sup_open;             /* supervisions waiting for an answer */
    int sup_answered;         /* answered, waiting for the head */
    int sup_late;             /* open and past their day */
} bm_desk_counts;
int bm_desk_count(bm_db *db, const bm_actor *who, bm_desk_counts *out, bm_err *err);

/* The words for the UI (msgids). */
const char *bm_sup_state_name(int state);
const char *bm_sup_kind_name(int kind);

#endif
