/* Backups of the case database as the administrator's Backup screen (BM970) and `bianmin
 * backup` make them: into DATA/backups/ (mode 0700), each file bianmin-YYYYMMDD-HHMMSS.db mode
 * 0600 (it holds personal data) with its audit head and the audit key beside it; listed with
 * size and date; verified by opening the copy (SQLite's integrity check) and checking its
 * audit chain against the head saved with it. */
#ifndef BM_BACKUP_H
#define BM_BACKUP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "core/actor.h"
#include "core/db.h"

/* DATA/backups for the database db. */
int bm_backup_dir(bm_db *db, char *out, size_t cap, bm_err *err);

/* A copy now into dir (NULL: bm_backup_dir), while everyone keeps working; its path into
 * path. Admins only; audited. BM_ECONFLICT as bm_db_backup (copy kept, head refused). */
int bm_backup_now(bm_db *db, const bm_actor *who, const char *dir, char *path, size_t cap,
                  bm_err *err);

typedef struct bm_backup_file {
    char name[64];          /* bianmin-YYYYMMDD-HHMMSS.db */
    int64_t bytes;
    time_t made;
    int mode;               /* permission bits, 0600 expected */
} bm_backup_file;

/* The backups in dir, newest first; each returns non-zero to stop. */
int bm_backup_list(const char *dir, int (*each)(const bm_backup_file *f, void *ctx), void *ctx,
                   bm_err *err);

typedef struct bm_backup_check {
    int opened;             /* the copy opened and passed SQLite's integrity check */
    int chain_ok;           /* its audit chain holds and matches the head saved with it */
    int64_t entries;        /* audit entries verified */
    int truncated;          /* fewer entries than its head names */
    char why[400];          /* what failed, untranslated */
} bm_backup_check;

/* Checks the copy at path; BM_OK when it could be looked at (out says what was found). */
int bm_backup_verify(const char *path, bm_backup_check *out, bm_err *err);

#endif
