/* Hand-overs: written by the duty officer at their centre, read and signed by the staff the
 * items name (or, for the pool, by the first who reads it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/audit_internal.h"
#include "core/authz.h"
#include "core/date.h"
#include "core/db_internal.h"
#include "core/handover.h"
#include "core/json.h"
#include "core/org.h"
#include "core/user.h"

/* The actor's centre, and their right to do `action` there. */
static int centre_for(bm_db *db, const bm_actor *who, int action, const char *id,
                      bm_place *place, bm_err *err)
{
    int rc = bm_actor_place(db, who, place, err);
    if (rc != BM_OK)
        return rc;
    if (!place->centre_id)
        return bm_fail(err, BM_EINVALID, N_("Your account belongs to no centre"), NULL);
    place->village_id = 0;
    return bm_audit_authz(db, who, action, place, "handover", id, err);
}

/* The assignee of an item: staff of the centre, or 0 for the pool. */
static int assignee_of(bm_db *db, const char *login, int64_t centre_id, int64_t *id, bm_err *err)
{
    *id = 0;
    if (!login || !login[0])
        return BM_OK;
    bm_user u;
    int rc = bm_user_get(db, login, &u, err);
    if (rc == BM_ENOTFOUND)
        return bm_fail(err, BM_EINVALID, N_("No member of staff has that login"), "%s", login);
    if (rc != BM_OK)
        return rc;
    bm_org o;
    if ((rc = bm_org_get(db, u.org_id, &o, err)) != BM_OK)
        return rc;
    if (o.centre_id != centre_id || u.locked)
        return bm_fail(err, BM_EINVALID, N_("That person is not on the staff of this centre"),
                       "%s", login);
    *id = u.id;
    return BM_OK;
}

static int check_new(const bm_handover_new *in, bm_err *err)
{
    if (in->nitems < 0 || in->nitems > BM_HANDOVER_ITEMS)
        return bm_fail(err, BM_EINVALID, N_("A hand-over has at most 8 items"), NULL);
    const char *texts[] = {in->came_in, in->done, in->left_over};
    int any = in->nitems > 0;
    for (int i = 0; i < 3; i++) {
        if (texts[i] && strlen(texts[i]) >= BM_HANDOVER_TEXT)
            return bm_err_at(err, BM_FIELD_NOTE,
                             bm_fail(err, BM_EINVALID, N_("That text is too long"), NULL));
        any |= texts[i] && texts[i][0];
    }
    for (int i = 0; i < in->nitems; i++)
        if (!in->item_text[i] || !in->item_text[i][0] || strlen(in->item_text[i]) >= 256)
            return bm_err_at(err, BM_FIELD_NOTE,
                             bm_fail(err, BM_EINVALID, N_("Each item says what is to be done"),
                                     NULL));
    if (!any)
        return bm_err_at(err, BM_FIELD_NOTE,
                         bm_fail(err, BM_EINVALID, N_("The hand-over is empty"), NULL));
    return BM_OK;
}

static int write_items(bm_db *db, const bm_handover_new *in, int64_t id, int64_t centre_id,
                       bm_json *j, bm_err *err)
{
    char to_list[BM_HANDOVER_ITEMS * 34] = "";
    size_t len = 0;
    int rc = BM_OK;
    for (int i = 0; rc == BM_OK && i < in->nitems; i++) {
        int64_t to;
        if ((rc = assignee_of(db, in->item_assignee[i], centre_id, &to, err)) != BM_OK)
            break;
        bm_stmt *st = bm_sql(db, BM_SQL_HANDOVER_ITEM_INSERT, err);
        if (!st)
            return BM_EDB;
        bm_bind_id(st, 1, id);
        bm_bind_int(st, 2, i);
        bm_bind_text(st, 3, in->item_text[i]);
        bm_bind_int(st, 4, to);
        rc = bm_step_done(db, st, err);
        const char *login = to ? in->item_assignee[i] : "pool";
        if (len < sizeof to_list)
            len += (size_t)snprintf(to_list + len, sizeof to_list - len, "%s%.32s", i ? " " : "",
                                    login);
    }
    bm_json_str(j, "to", to_list);
    return rc;
}

int bm_handover_write(bm_db *db, const bm_actor *who, const bm_handover_new *in, int64_t *id,
                      bm_err *err)
{
    bm_place place;
    int rc = centre_for(db, who, BM_ACT_HANDOVER_WRITE, "", &place, err);
    if (rc == BM_OK)
        rc = check_new(in, err);
    if (rc != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_HANDOVER_INSERT, err);
    if (!st)
        return bm_tx_end(db, BM_EDB, err);
    bm_bind_id(st, 1, place.centre_id);
    bm_bind_id(st, 2, who->user_id);
    bm_bind_int(st, 3, (int64_t)bm_now());
    bm_bind_text(st, 4, in->came_in ? in->came_in : "");
    bm_bind_text(st, 5, in->done ? in->done : "");
    bm_bind_text(st, 6, in->left_over ? in->left_over : "");
    rc = bm_step_done(db, st, err);
    *id = rc == BM_OK ? bm_store_last_id(db->store) : 0;
    bm_json j;
    bm_json_begin(&j);
    bm_json_int(&j, "items", in->nitems);
    if (rc == BM_OK)
        rc = write_items(db, in, *id, place.centre_id, &j, err);
    char *after = bm_json_end(&j);
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", (long long)*id);
    if (rc == BM_OK && !after)
        rc = bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    if (rc == BM_OK)
        rc = bm_audit_append(db, who, "handover.write", "handover", oid, NULL, after, NULL, err);
    free(after);
    rc = bm_tx_end(db, rc, err);
    if (rc != BM_OK)
        *id = 0;
    return rc;
}

static void read_handover(bm_stmt *st, bm_handover *h)
{
    memset(h, 0, sizeof *h);
    h->id = bm_col_int64(st, 0);
    h->centre_id = bm_col_int64(st, 1);
    h->author_id = bm_col_int64(st, 2);
    bm_col_text(st, 3, h->author_name, sizeof h->author_name);
    h->written_at = (time_t)bm_col_int64(st, 4);
    bm_col_text(st, 5, h->came_in, sizeof h->came_in);
    bm_col_text(st, 6, h->done, sizeof h->done);
    bm_col_text(st, 7, h->left_over, sizeof h->left_over);
    h->signed_at = (time_t)bm_col_int64(st, 8);
    h->signatures = bm_col_int(st, 9);
    h->unread = bm_col_int(st, 10);
}

int bm_handover_get(bm_db *db, const bm_actor *who, int64_t id, bm_handover *out, bm_err *err)
{
    bm_place place;
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", (long long)id);
    int rc = centre_for(db, who, BM_ACT_HANDOVER_READ, oid, &place, err);
    if (rc != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_HANDOVER_GET, err);
    if (!st)
        return BM_EDB;
    bm_bind_id(st, 1, id);
    bm_bind_id(st, 2, who->user_id);
    int r = bm_step_row(db, st, err);
    if (r < 0)
        return BM_EDB;
    if (r == 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such hand-over"), "%s", oid);
    read_handover(st, out);
    bm_stmt_reset(st);
    if (out->centre_id != place.centre_id) {
        memset(out, 0, sizeof *out);
        return bm_fail(err, BM_EDENIED, N_("This belongs to another centre"), "%s", oid);
    }
    if (!(st = bm_sql(db, BM_SQL_HANDOVER_ITEMS, err)))
        return BM_EDB;
    bm_bind_id(st, 1, id);
    while ((r = bm_step_row(db, st, err)) == 1)
        if (out->nitems < BM_HANDOVER_ITEMS) {
            bm_handover_item *it = &out->item[out->nitems++];
            bm_col_text(st, 0, it->text, sizeof it->text);
            it->assignee_id = bm_col_int64(st, 1);
            bm_col_text(st, 2, it->assignee_name, sizeof it->assignee_name);
        }
    return r < 0 ? BM_EDB : BM_OK;
}

int bm_handover_list(bm_db *db, const bm_actor *who, int limit,
                     int (*each)(const bm_handover *h, void *ctx), void *ctx, bm_err *err)
{
    bm_place place;
    int rc = centre_for(db, who, BM_ACT_HANDOVER_READ, "", &place, err);
    if (rc != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_HANDOVER_LIST, err);
    if (!st)
        return BM_EDB;
    bm_bind_id(st, 1, place.centre_id);
    bm_bind_id(st, 2, who->user_id);
    bm_bind_int(st, 3, limit > 0 ? limit : 50);
    int r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        bm_handover h;
        read_handover(st, &h);
        if (each(&h, ctx) != 0) {
            bm_stmt_reset(st);
            return BM_OK;
        }
    }
    return r < 0 ? BM_EDB : BM_OK;
}

int bm_handover_unread(bm_db *db, const bm_actor *who, int *count, bm_err *err)
{
    *count = 0;
    bm_place place;
    if (bm_authz_scope(who, BM_ACT_HANDOVER_READ) == BM_SCOPE_NONE)
        return BM_OK;
    int rc = bm_actor_place(db, who, &place, err);
    if (rc != BM_OK || !place.centre_id)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_HANDOVER_UNREAD, err);
    if (!st)
        return BM_EDB;
    bm_bind_id(st, 1, place.centre_id);
    bm_bind_id(st, 2, who->user_id);
    int r = bm_step_row(db, st, err);
    if (r < 0)
        return BM_EDB;
    if (r == 1) {
        *count = bm_col_int(st, 0);
        bm_stmt_reset(st);
    }
    return BM_OK;
}

int bm_handover_sign(bm_db *db, const bm_actor *who, int64_t id, bm_err *err)
{
    bm_handover h;
    int rc = bm_handover_get(db, who, id, &h, err);
    if (rc != BM_OK)
        return rc;
    if (h.signed_at)
        return BM_OK;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_HANDOVER_SIGN, err);
    if (!st)
        return bm_tx_end(db, BM_EDB, err);
    bm_bind_id(st, 1, id);
    bm_bind_id(st, 2, who->user_id);
    bm_bind_int(st, 3, (int64_t)bm_now());
    rc = bm_step_done(db, st, err);
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", (long long)id);
    if (rc == BM_OK)
        rc = bm_audit_append(db, who, "handover.sign", "handover", oid, NULL, NULL, NULL, err);
    return bm_tx_end(db, rc, err);
}
