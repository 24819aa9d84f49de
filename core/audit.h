/* The audit log: append-only, each entry chained to the previous one by SHA-256. */
#ifndef BM_AUDIT_H
#define BM_AUDIT_H

#include <stdint.h>
#include <time.h>
#include "core/actor.h"
#include "core/db.h"

/* Walks the whole log in order, recomputing every hash. *first_broken_id is 0 when the
 * chain is intact, else the id of the first entry whose content or link does not match. */
int bm_audit_verify(bm_db *db, int64_t *first_broken_id, int64_t *entries_checked, bm_err *err);

typedef struct bm_audit_entry {
    int64_t id;
    time_t at;
    int64_t account_id;     /* 0 = the local operator's shell */
    const char *login;
    const char *role;       /* role name, "shell" for the operator */
    const char *session;
    const char *addr;
    const char *what;       /* e.g. "case.accept", "user.add", "login", "refused" */
    const char *object;     /* "case", "applicant", "matter", "calendar", "user", "session" ... */
    const char *object_id;
    const char *before;     /* compact JSON, "" when nothing before */
    const char *after;      /* compact JSON, "" when nothing after */
    const char *note;
} bm_audit_entry;

/* Newest first; object / object_id NULL for all. Admins only (BM_EDENIED otherwise). */
int bm_audit_list(bm_db *db, const bm_actor *who, const char *object, const char *object_id,
                  int limit, int offset, int (*each)(const bm_audit_entry *e, void *ctx),
                  void *ctx, bm_err *err);

#endif
