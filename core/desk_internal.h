/* Inside core only: what the centre head's files share (supervision.c, supervision_desk.c,
 * rectify.c, callback.c, impossible.c): the events of their records, required text, the
 * actor's centre checked for an action, and the working day n days from today. */
#ifndef BM_DESK_INTERNAL_H
#define BM_DESK_INTERNAL_H

#include "core/audit_internal.h"
#include "core/authz.h"
#include "core/date.h"
#include "core/db_internal.h"

/* One event of a record (object "supervision", "rectification", "callback", "impossible"),
 * and its audit entry with the same note. */
int bm_desk_event(bm_db *db, const bm_actor *who, const char *object, int64_t id,
                  const char *action, const char *note, bm_err *err);
/* BM_EINVALID with reason (on field BM_FIELD_NOTE) when s is empty or only spaces, or longer
 * than 1000 bytes. */
int bm_desk_need_text(const char *s, const char *reason, bm_err *err);
/* The actor's centre, after checking action there (a refusal is audited against object). */
int bm_desk_scope(bm_db *db, const bm_actor *who, int action, const char *object,
                  int64_t *centre_id, bm_err *err);
/* The permission for action on something of centre_id (a refusal is audited). */
int bm_desk_check(bm_db *db, const bm_actor *who, int action, int64_t centre_id,
                  const char *object, int64_t id, bm_err *err);
/* The one row of query q keyed by key read into out; BM_ENOTFOUND with the reason `missing`
 * (a msgid) when there is none. */
int bm_desk_load(bm_db *db, int q, int64_t key, void (*read)(bm_stmt *, void *), void *out,
                 const char *missing, bm_err *err);
/* Binds v, or NULL when v is 0 (a time or rating not yet given). */
void bm_desk_bind_opt(bm_stmt *st, int idx, int64_t v);
/* Runs count query q for centre_id (with `today` as ?2 when not NULL) into *out[0..n). */
int bm_desk_counts_row(bm_db *db, int q, int64_t centre_id, const char *today, int *out[], int n,
                       bm_err *err);
/* Today, and the working day n working days after it ("YYYY-MM-DD"). */
int bm_desk_due(bm_db *db, int n, char today[11], char due[11], bm_err *err);

/* Hooks between the desk's modules and the case's (defined in rectify.c), kept here so the
 * case, callback and rectification modules need not include each other. */
struct bm_case;
/* In the rating's transaction: opens the rectification when c's rating is bad. */
int bm_rect_open_for_rating(bm_db *db, const bm_actor *who, const struct bm_case *c,
                            bm_err *err);
/* The callback of a rectified case gave its new rating (closes it). */
int bm_rect_called_back(bm_db *db, const bm_actor *who, int64_t case_id, int rating,
                        bm_err *err);

#endif
