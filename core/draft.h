/* Drafts: what a user typed in a session that ended without a save (a dropped link past its
 * grace period, a server shutdown), offered back at the next login. Kept 7 days. */
#ifndef BM_DRAFT_H
#define BM_DRAFT_H

#include <stdint.h>
#include <time.h>
#include "core/actor.h"
#include "core/db.h"

#define BM_DRAFT_KEEP_DAYS 7
#define BM_DRAFT_BODY_MAX 8192

typedef struct bm_draft {
    int64_t id;
    time_t created_at;
    char screen[16];        /* the screen's id, e.g. BM210 */
    char title[128];        /* what to call it when offering it back */
    char body[BM_DRAFT_BODY_MAX];   /* the screen's own "name=value" lines */
} bm_draft;

/* Saves a draft for the acting user. */
int bm_draft_save(bm_db *db, const bm_actor *who, const char *screen, const char *title,
                  const char *body, int64_t *id, bm_err *err);
/* The acting user's drafts, newest first, after dropping those older than 7 days.
 * each() may stop early by returning non-zero. */
int bm_draft_list(bm_db *db, const bm_actor *who, int (*each)(const bm_draft *d, void *ctx),
                  void *ctx, bm_err *err);
/* Removes one of the acting user's drafts (taken back, or thrown away). */
int bm_draft_delete(bm_db *db, const bm_actor *who, int64_t id, bm_err *err);

#endif
