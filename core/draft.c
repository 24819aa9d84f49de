/* Drafts of unsaved input, per user (see draft.h). Drafts hold what a person typed, not
 * decisions: they are not audited and are deleted when taken back or after 7 days. */
#include "core/draft.h"
#include "core/date.h"
#include "core/db_internal.h"

#include <stdlib.h>
#include <string.h>

static int own_user(const bm_actor *who, bm_err *err)
{
    if (!who || who->user_id <= 0)
        return bm_fail(err, BM_EINVALID, N_("Drafts belong to a logged-in user"), NULL);
    return BM_OK;
}

int bm_draft_save(bm_db *db, const bm_actor *who, const char *screen, const char *title,
                  const char *body, int64_t *id, bm_err *err)
{
    int rc = own_user(who, err);
    if (rc != BM_OK)
        return rc;
    if (!screen || !screen[0] || strlen(screen) >= sizeof ((bm_draft *)0)->screen ||
        !body || strlen(body) >= BM_DRAFT_BODY_MAX)
        return bm_fail(err, BM_EINVALID, N_("A draft needs its screen and at most 8 KB of text"),
                       NULL);
    bm_stmt *st = bm_sql(db, BM_SQL_DRAFT_INSERT, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, who->user_id);
    bm_bind_int(st, 2, (int64_t)bm_now());
    bm_bind_text(st, 3, screen);
    bm_bind_text(st, 4, title ? title : "");
    bm_bind_text(st, 5, body);
    rc = bm_step_done(db, st, err);
    if (rc == BM_OK && id)
        *id = bm_store_last_id(db->store);
    return rc;
}

int bm_draft_list(bm_db *db, const bm_actor *who, int (*each)(const bm_draft *d, void *ctx),
                  void *ctx, bm_err *err)
{
    int rc = own_user(who, err);
    if (rc != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_DRAFT_PURGE, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, (int64_t)bm_now() - BM_DRAFT_KEEP_DAYS * 86400LL);
    if ((rc = bm_step_done(db, st, err)) != BM_OK)
        return rc;
    if (!(st = bm_sql(db, BM_SQL_DRAFT_LIST, err)))
        return BM_EDB;
    bm_bind_int(st, 1, who->user_id);
    bm_draft *d = malloc(sizeof *d);
    if (!d) {
        bm_stmt_reset(st);
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    }
    int r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        memset(d, 0, sizeof *d);
        d->id = bm_col_int64(st, 0);
        d->created_at = (time_t)bm_col_int64(st, 1);
        bm_col_text(st, 2, d->screen, sizeof d->screen);
        bm_col_text(st, 3, d->title, sizeof d->title);
        bm_col_text(st, 4, d->body, sizeof d->body);
        if (each && each(d, ctx)) {
            bm_stmt_reset(st);
            break;
        }
    }
    free(d);
    return r < 0 ? BM_EDB : BM_OK;
}

int bm_draft_delete(bm_db *db, const bm_actor *who, int64_t id, bm_err *err)
{
    int rc = own_user(who, err);
    if (rc != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_DRAFT_DELETE, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, id);
    bm_bind_int(st, 2, who->user_id);
    if ((rc = bm_step_done(db, st, err)) != BM_OK)
        return rc;
    if (bm_store_changes(db->store) == 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such draft"), NULL);
    return BM_OK;
}
