/* Maintenance of the organisation tree beyond adding units (see org.h): renaming, a new phone
 * number, moving a village to another township, and retiring a unit. A unit is never deleted:
 * cases, applicants and accounts refer to it. A moved village keeps its past: its old cases
 * stay with the centre that took them; new ones go to the new centre. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/audit_internal.h"
#include "core/db_internal.h"
#include "core/json.h"
#include "core/org.h"
#include "core/org_internal.h"

/* The unit `code` when the actor may maintain the organisation. */
static int admin_unit(bm_db *db, const bm_actor *who, const char *code, bm_org *o, bm_err *err)
{
    int rc = bm_audit_authz(db, who, BM_ACT_ORG_ADMIN, NULL, "org", code ? code : "", err);
    return rc != BM_OK ? rc : bm_org_get_by_code(db, code, o, err);
}

int bm_org_rename(bm_db *db, const bm_actor *who, const char *code, const char *name,
                  bm_err *err)
{
    bm_org o;
    int rc = admin_unit(db, who, code, &o, err);
    if (rc != BM_OK)
        return rc;
    if (!name || !*name || strlen(name) >= sizeof o.name)
        return bm_fail(err, BM_EINVALID, N_("A unit needs a name (up to 40 characters)"), NULL);
    return bm_org_set_field(db, who, code, BM_SQL_ADMIN_ORG_RENAME, "org.rename", "name", o.name,
                            name, &o, err);
}

int bm_org_set_phone(bm_db *db, const bm_actor *who, const char *code, const char *phone,
                     bm_err *err)
{
    bm_org o;
    int rc = admin_unit(db, who, code, &o, err);
    if (rc != BM_OK)
        return rc;
    if (!phone || strlen(phone) >= sizeof o.phone)
        return bm_fail(err, BM_EINVALID, N_("The phone number is too long"), NULL);
    return bm_org_set_field(db, who, code, BM_SQL_ADMIN_ORG_SET_PHONE, "org.phone", "phone",
                            o.phone, phone, &o, err);
}

int bm_org_move(bm_db *db, const bm_actor *who, const char *code, const char *township_code,
                bm_err *err)
{
    bm_org o, from, to;
    int rc = admin_unit(db, who, code, &o, err);
    if (rc != BM_OK || (rc = bm_org_get_by_code(db, township_code, &to, err)) != BM_OK)
        return rc;
    if (o.kind != BM_ORG_VILLAGE)
        return bm_fail(err, BM_EINVALID, N_("Only a village moves to another township"), "%s",
                       code);
    if (to.kind != BM_ORG_TOWNSHIP)
        return bm_fail(err, BM_EINVALID, N_("A village moves to a township centre"), "%s",
                       township_code);
    if (!o.active || !to.active)
        return bm_fail(err, BM_EINVALID, N_("This unit is retired"), "%s",
                       !o.active ? code : township_code);
    if (to.id == o.parent_id)
        return bm_fail(err, BM_EINVALID, N_("The village already belongs to this township"),
                       NULL);
    if ((rc = bm_org_get(db, o.parent_id, &from, err)) != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_ADMIN_ORG_MOVE, err);
    if (!st)
        return bm_tx_end(db, BM_EDB, err);
    bm_bind_int(st, 1, o.id);
    bm_bind_int(st, 2, to.id);
    rc = bm_step_done(db, st, err);
    if (rc == BM_OK && !(st = bm_sql(db, BM_SQL_ADMIN_ORG_MOVE_BELOW, err)))
        rc = BM_EDB;
    if (rc == BM_OK) {
        bm_bind_int(st, 1, o.id);
        bm_bind_int(st, 2, to.id);
        rc = bm_step_done(db, st, err);
    }
    if (rc == BM_OK) {
        bm_json b, a;
        bm_json_begin(&b);
        bm_json_str(&b, "township", from.code);
        bm_json_begin(&a);
        bm_json_str(&a, "township", to.code);
        char *bs = bm_json_end(&b), *as = bm_json_end(&a);
        rc = bm_audit_append(db, who, "org.move", "org", code, bs, as, NULL, err);
        free(bs);
        free(as);
    }
    return bm_tx_end(db, rc, err);
}

int bm_org_retire(bm_db *db, const bm_actor *who, const char *code, bm_err *err)
{
    bm_org o;
    int rc = admin_unit(db, who, code, &o, err);
    if (rc != BM_OK)
        return rc;
    if (!o.active)
        return bm_fail(err, BM_EINVALID, N_("This unit is retired"), "%s", code);
    if (o.kind == BM_ORG_COUNTY)
        return bm_fail(err, BM_EINVALID, N_("The county is not retired"), NULL);
    bm_stmt *st;
    int r = bm_fetch_one(db, BM_SQL_ADMIN_ORG_ACTIVE_CHILDREN, NULL, o.id, &st, err);
    if (r < 0)
        return -r;
    int64_t children = r ? bm_col_int64(st, 0) : 0;
    if (r)
        bm_stmt_reset(st);
    if (children)
        return bm_fail(err, BM_EINVALID,
                       N_("Retire or move the units under it first"), "%lld",
                       (long long)children);
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    if (!(st = bm_sql(db, BM_SQL_ADMIN_ORG_SET_ACTIVE, err)))
        return bm_tx_end(db, BM_EDB, err);
    bm_bind_int(st, 1, o.id);
    bm_bind_int(st, 2, 0);
    rc = bm_step_done(db, st, err);
    if (rc == BM_OK)
        rc = bm_audit_append(db, who, "org.retire", "org", code, "{\"active\":1}",
                             "{\"active\":0}", NULL, err);
    return bm_tx_end(db, rc, err);
}
