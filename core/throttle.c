/* Failed logins per address and data versions, shared through the store (see throttle.h). */
#include "core/throttle.h"
#include "core/db_internal.h"

int64_t bm_throttle_delay_ms(int failures)
{
    if (failures <= 3)
        return 0;
    int doublings = failures - 4 > 5 ? 5 : failures - 4;
    int64_t d = 250LL << doublings;
    return d > 8000 ? 8000 : d;
}

static int throttle_fail_tx(bm_db *db, const char *addr, int64_t now, int64_t *wait_ms,
                            int *failures, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_THROTTLE_EXPIRE, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, now - BM_THROTTLE_WINDOW_MS);
    if (bm_step_done(db, st, err) != BM_OK)
        return BM_EDB;
    if (!(st = bm_sql(db, BM_SQL_THROTTLE_FAIL, err)))
        return BM_EDB;
    bm_bind_text(st, 1, addr);
    bm_bind_int(st, 2, now);
    bm_bind_int(st, 3, now - BM_THROTTLE_WINDOW_MS);
    int r = bm_step_row(db, st, err);
    if (r < 0)
        return BM_EDB;
    if (r == 0)
        return bm_fail(err, BM_EDB, N_("The database did not count the failed login"), NULL);
    int n = (int)bm_col_int(st, 0);
    bm_stmt_reset(st);
    *wait_ms = bm_throttle_delay_ms(n);
    if (failures)
        *failures = n;
    if (!(st = bm_sql(db, BM_SQL_THROTTLE_NEXT, err)))
        return BM_EDB;
    bm_bind_text(st, 1, addr);
    bm_bind_int(st, 2, now + *wait_ms);
    return bm_step_done(db, st, err);
}

int bm_throttle_fail(bm_db *db, const char *addr, int64_t now, int64_t *wait_ms, int *failures,
                     bm_err *err)
{
    *wait_ms = 0;
    int rc = bm_tx_begin(db, err);
    if (rc != BM_OK)
        return rc;
    rc = throttle_fail_tx(db, addr ? addr : "", now, wait_ms, failures, err);
    return bm_tx_end(db, rc, err);
}

int bm_throttle_until(bm_db *db, const char *addr, int64_t now, int64_t *until, bm_err *err)
{
    *until = 0;
    bm_stmt *row;
    int r = bm_fetch_one(db, BM_SQL_THROTTLE_GET, addr ? addr : "", 0, &row, err);
    if (r < 0)
        return -r;
    if (r == 1) {
        int64_t next = bm_col_int64(row, 0);
        bm_stmt_reset(row);
        if (next > now)
            *until = next;
    }
    return BM_OK;
}

int bm_data_version(bm_db *db, const char *name, int64_t *version, bm_err *err)
{
    *version = 0;
    bm_stmt *row;
    int r = bm_fetch_one(db, BM_SQL_DATA_VERSION_GET, name, 0, &row, err);
    if (r < 0)
        return -r;
    if (r == 1) {
        *version = bm_col_int64(row, 0);
        bm_stmt_reset(row);
    }
    return BM_OK;
}

int bm_data_version_raise(bm_db *db, const char *name, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_DATA_VERSION_RAISE, err);
    if (!st)
        return BM_EDB;
    bm_bind_text(st, 1, name);
    return bm_step_done(db, st, err);
}
