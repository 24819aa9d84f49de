/* Inside core only: writing the audit log. Every change is recorded in the transaction that
 * makes it; a refusal is recorded even when its transaction is rolled back. Authorization only
 * decides (authz.c); the callers below record what it refused. */
#ifndef BM_AUDIT_INTERNAL_H
#define BM_AUDIT_INTERNAL_H

#include "core/actor.h"
#include "core/authz.h"
#include "core/db.h"

/* Appends one audit entry chained to the last (inside the caller's transaction, or its own),
 * taking the next hash under the store's "audit" lock. before / after are compact JSON or
 * NULL. */
int bm_audit_append(bm_db *db, const bm_actor *who, const char *what, const char *object,
                    const char *object_id, const char *before, const char *after,
                    const char *note, bm_err *err);

/* Records a refusal: written at once outside a transaction, else after the rollback. */
void bm_audit_refusal(bm_db *db, const bm_actor *who, const char *object,
                      const char *object_id, const char *note);

/* bm_authz_check, and when it refuses, the refusal recorded against the object (object and
 * object_id name it in the log; "" for none). */
int bm_audit_authz(bm_db *db, const bm_actor *who, int action, const bm_place *place,
                   const char *object, const char *object_id, bm_err *err);

/* Loads the audit anchor of the database at url (the key file audit.key in its directory,
 * the head file beside it) onto the handle, and writes heads after commits. A log not yet
 * sealed gets a key (when the directory has none) and its anchor entry. fresh: a database
 * being created (a head left by an older one is removed; failures are errors). */
int bm_audit_anchor_open(bm_db *db, const char *url, int fresh, bm_err *err);

/* Copies the key and the head beside a backup written at dest_url (the key into its
 * directory, the head beside the file), so the backup verifies on its own. */
int bm_audit_copy_anchor(bm_db *db, const char *dest_url, bm_err *err);

#endif
