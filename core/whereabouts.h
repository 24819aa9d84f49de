/* Whereabouts notes (去向留言): a member of staff away from their window says where they are
 * (下村入户 / 开会 / 外出办事 / 休假, a place) and when they are back. A note holds until its
 * return time, until they log in again, or until they clear or replace it; every note is kept
 * as a history. The staff of a centre are listed with the note that holds now. */
#ifndef BM_WHEREABOUTS_H
#define BM_WHEREABOUTS_H

#include <stdint.h>
#include <time.h>
#include "core/actor.h"
#include "core/db.h"

enum bm_where_kind {
    BM_WHERE_VILLAGE = 1,    /* 下村入户 */
    BM_WHERE_MEETING,        /* 开会 */
    BM_WHERE_ERRAND,         /* 外出办事 */
    BM_WHERE_LEAVE,          /* 休假 */
    BM_WHERE_KIND_COUNT
};

/* How a note stopped holding. */
enum bm_where_end { BM_WHERE_BY_HAND = 1, BM_WHERE_AT_LOGIN, BM_WHERE_REPLACED };

/* The word for a kind (a msgid, "" for none). */
const char *bm_where_kind_label(int kind);

typedef struct bm_whereabouts {
    int kind;                /* 0: no note holds */
    char place[128];
    time_t back_at, set_at;
    time_t cleared_at;       /* 0 while it holds (or ran out at back_at) */
    int cleared_how;         /* enum bm_where_end */
} bm_whereabouts;

/* Sets the actor's own note (replacing one that holds): back_at after now and within 60
 * days. Audited. */
int bm_where_set(bm_db *db, const bm_actor *who, int kind, const char *place, time_t back_at,
                 bm_err *err);
/* Clears the actor's note by hand (BM_WHERE_BY_HAND) or because they logged in again
 * (BM_WHERE_AT_LOGIN). Nothing to clear is not an error. */
int bm_where_clear(bm_db *db, const bm_actor *who, int how, bm_err *err);
/* The note that holds now for the account (kind 0 when none). */
int bm_where_current(bm_db *db, int64_t account_id, bm_whereabouts *out, bm_err *err);
/* The account's notes, newest first. */
int bm_where_history(bm_db *db, int64_t account_id, int limit,
                     int (*each)(const bm_whereabouts *w, void *ctx), void *ctx, bm_err *err);

/* A member of a centre's staff with the note that holds now. */
typedef struct bm_staff {
    int64_t id;
    char login[33];
    char name[64];
    int role;
    char phone[24];
    char unit[128];
    bm_whereabouts where;
} bm_staff;

/* The staff of the actor's centre (township and villages; administrators aside), by role. */
int bm_staff_of_centre(bm_db *db, const bm_actor *who,
                       int (*each)(const bm_staff *s, void *ctx), void *ctx, bm_err *err);

#endif
