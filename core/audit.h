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

/* What `audit verify` reports: the chain, its seals and its last head written outside the
 * database. */
typedef struct bm_audit_report {
    int64_t intact;         /* entries verified, up to the first broken one (not counting it) */
    int64_t unsealed;       /* of those, entries before the anchor: checked by plain hash only */
    int64_t anchor_id;      /* the first sealed entry, 0 when the log has no anchor */
    int64_t first_broken;   /* 0 when every entry holds */
    int64_t last_id;        /* the last entry verified */
    int key_missing;        /* the key file is gone: sealed entries cannot be checked */
    int64_t head_count;     /* the last head's entry count, 0 when no head was written */
    time_t head_at;         /* when that head was written */
    int truncated;          /* the log has fewer entries than the head says */
    int head_mismatch;      /* the entry at the head's count is not the one the head names */
} bm_audit_report;

/* Walks the whole log, each entry by plain hash before the anchor and by its seal from the
 * anchor on, then compares the log with its last head. */
int bm_audit_check(bm_db *db, bm_audit_report *r, bm_err *err);

/* Writes the chain's head (entry count, newest hash) beside the database, atomically; refused
 * (BM_ECONFLICT) when the log is shorter than the last head or changed at it, so the evidence
 * stays. The server writes one after its first commit and hourly; backups write one. */
int bm_audit_write_head(bm_db *db, bm_err *err);

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

/* The directory holding the database and its audit key (where backups go); -1 when the
 * database was opened without its anchor. */
int bm_audit_data_dir(bm_db *db, char *out, size_t cap);

#endif
