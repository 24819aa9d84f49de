/* Inside core only: the step every change of one field of a unit shares. */
#ifndef BM_ORG_INTERNAL_H
#define BM_ORG_INTERNAL_H

#include "core/org.h"
#include "core/sql.h"

/* Sets one text field of unit o (statement sql: ?1 the id, ?2 the value) and audits what with
 * {key: before} and {key: value}, in one transaction. */
int bm_org_set_field(bm_db *db, const bm_actor *who, const char *code, enum bm_sql_id sql,
                     const char *what, const char *key, const char *before, const char *value,
                     bm_org *o, bm_err *err);

#endif
