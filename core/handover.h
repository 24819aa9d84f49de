/* The hand-over (交接班): at the end of a shift the duty officer writes what came in, what was
 * done and what is left, with the open items each assigned to a named member of staff or to
 * the centre's pool for the next working day. A hand-over is unread for a person until they
 * sign it (an item for the pool: until anyone has). Hand-overs are kept. */
#ifndef BM_HANDOVER_H
#define BM_HANDOVER_H

#include <stdint.h>
#include <time.h>
#include "core/actor.h"
#include "core/db.h"

#define BM_HANDOVER_ITEMS 8
#define BM_HANDOVER_TEXT 512

typedef struct bm_handover_item {
    char text[256];
    int64_t assignee_id;      /* 0: the centre's pool */
    char assignee_name[64];
} bm_handover_item;

typedef struct bm_handover {
    int64_t id;
    int64_t centre_id;
    int64_t author_id;
    char author_name[64];
    time_t written_at;
    char came_in[BM_HANDOVER_TEXT];
    char done[BM_HANDOVER_TEXT];
    char left_over[BM_HANDOVER_TEXT];
    int nitems;
    bm_handover_item item[BM_HANDOVER_ITEMS];
    time_t signed_at;         /* when the reader signed it, 0 not yet */
    int signatures;           /* how many have signed it */
    int unread;               /* it waits for the reader's signature */
} bm_handover;

/* What the officer writes: the texts and the items (assignee: a login of the centre's staff,
 * NULL or "" for the pool). */
typedef struct bm_handover_new {
    const char *came_in, *done, *left_over;
    const char *item_text[BM_HANDOVER_ITEMS];
    const char *item_assignee[BM_HANDOVER_ITEMS];
    int nitems;
} bm_handover_new;

/* Writes a hand-over at the author's centre now. Duty staff only; audited. */
int bm_handover_write(bm_db *db, const bm_actor *who, const bm_handover_new *in, int64_t *id,
                      bm_err *err);
/* A hand-over of the reader's centre, read as `who` (signed_at and unread are theirs). */
int bm_handover_get(bm_db *db, const bm_actor *who, int64_t id, bm_handover *out, bm_err *err);
/* The centre's hand-overs, newest first (items not filled: get one to read it). */
int bm_handover_list(bm_db *db, const bm_actor *who, int limit,
                     int (*each)(const bm_handover *h, void *ctx), void *ctx, bm_err *err);
/* How many hand-overs wait for the reader's signature (0 for roles that read none). */
int bm_handover_unread(bm_db *db, const bm_actor *who, int *count, bm_err *err);
/* Signs a hand-over as read (again: nothing changes). Audited. */
int bm_handover_sign(bm_db *db, const bm_actor *who, int64_t id, bm_err *err);

#endif
