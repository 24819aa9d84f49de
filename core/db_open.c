/* Opening the case database for work (the open-time check, pending migrations, the audit
 * log's anchor loaded onto the handle) and backing it up with its anchor. */
#include "core/audit_internal.h"
#include "core/audit.h"
#include "core/db_internal.h"
#include "core/store.h"

int bm_db_open(const char *url, bm_db **out, bm_err *err)
{
    *out = NULL;
    int exists = bm_store_exists(url);
    if (exists == 0)
        return bm_fail(err, BM_ENOTFOUND,
                       N_("There is no database yet; create one with `bianmin init`"), "%s", url);
    bm_db *db;
    int rc = bm_db_open_raw(url, 0, &db, err);
    if (rc != BM_OK)
        return rc;
    if ((rc = bm_store_check(db->store, err)) != BM_OK ||
        (rc = bm_schema_migrate(db, bm_schema_latest(), err)) != BM_OK ||
        (rc = bm_audit_anchor_open(db, url, 0, err)) != BM_OK) {
        bm_db_close(db);
        return rc;
    }
    *out = db;
    return BM_OK;
}

int bm_db_backup(bm_db *db, const char *dest, bm_err *err)
{
    if (bm_store_exists(dest) == 1)
        return bm_fail(err, BM_ECONFLICT, N_("The backup file already exists"), "%s", dest);
    bm_err head_err;
    int head = bm_audit_write_head(db, &head_err);
    int rc = bm_store_backup(db->store, dest, err);
    if (rc == BM_OK)
        rc = bm_audit_copy_anchor(db, dest, err);
    if (rc == BM_OK && head != BM_OK) {
        if (err)
            *err = head_err;
        return head;
    }
    return rc;
}
