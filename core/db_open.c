/* Opening the case database for work: the open-time check, pending migrations, and the
 * audit log's anchor (its key and head files) loaded onto the handle. */
#include "core/audit_internal.h"
#include "core/db_internal.h"

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
