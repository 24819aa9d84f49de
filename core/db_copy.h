/* Moving a county's data into a new database (bianmin migrate): every table copied in one
 * pass, then the rows counted per table and the audit chain verified on the copy before it is
 * put in place. */
#ifndef BM_DB_COPY_H
#define BM_DB_COPY_H

#include <stdint.h>
#include "core/err.h"

/* Progress: table `index` of `tables` (from 1), `rows` copied of it so far; done when whole. */
typedef void (*bm_copy_fn)(void *ctx, const char *table, int index, int tables, int64_t rows,
                           int done);

typedef struct bm_copy_report {
    int tables;             /* tables copied, each with as many rows as the source's */
    int64_t rows;           /* rows copied in all */
    int64_t audit_entries;  /* audit entries verified on the copy */
} bm_copy_report;

/* Copies the database at from_url into a new one at to_url (an engine that can be a target:
 * PostgreSQL). Refuses a target that already holds a database or any table (BM_ECONFLICT).
 * The source is held still for the copy (its write lock), so the copy is of one moment. The
 * audit key and head go beside the target as they are for every database of its kind; a
 * copy that does not verify is removed and never published. */
int bm_db_copy(const char *from_url, const char *to_url, bm_copy_fn progress, void *ctx,
               bm_copy_report *out, bm_err *err);

#endif
