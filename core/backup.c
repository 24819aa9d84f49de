/* Backups into the data directory's backups/ folder, listed and verified (see backup.h). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "core/audit.h"
#include "core/audit_internal.h"
#include "core/backup.h"
#include "core/date.h"

int bm_backup_dir(bm_db *db, char *out, size_t cap, bm_err *err)
{
    char data[900];
    if (bm_audit_data_dir(db, data, sizeof data) != 0)
        return bm_fail(err, BM_EINVALID, N_("The backup folder is not known"), NULL);
    snprintf(out, cap, "%s/backups", data);
    return BM_OK;
}

int bm_backup_now(bm_db *db, const bm_actor *who, const char *dir, char *path, size_t cap,
                  bm_err *err)
{
    int rc = bm_audit_authz(db, who, BM_ACT_AUDIT_READ, NULL, "backup", "", err);
    if (rc != BM_OK)
        return rc;
    char own[1024];
    if (!dir) {
        if ((rc = bm_backup_dir(db, own, sizeof own, err)) != BM_OK)
            return rc;
        dir = own;
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return bm_fail(err, BM_EDB, N_("The backup folder cannot be made"), "%s: %s", dir,
                       strerror(errno));
    /* Named by Beijing time; a second copy within the same second gets a suffix. */
    time_t now = bm_now();
    char day[11];
    bm_day_format(bm_day_of(now), day);
    int minute = bm_minute_of(now), sec = (int)(((now % 60) + 60) % 60);
    for (int n = 1; n < 100; n++) {
        snprintf(path, cap, "%s/bianmin-%.4s%.2s%.2s-%02d%02d%02d%s%.0d.db", dir, day, day + 5,
                 day + 8, minute / 60, minute % 60, sec, n > 1 ? "-" : "", n > 1 ? n : 0);
        struct stat sb;
        if (stat(path, &sb) != 0)
            break;
    }
    rc = bm_db_backup(db, path, err);
    if (rc != BM_OK && rc != BM_ECONFLICT)
        return rc;
    /* Personal data: readable by the server's account alone. */
    if (chmod(path, 0600) != 0)
        return bm_fail(err, BM_EDB, N_("The backup could not be written"), "chmod %s: %s", path,
                       strerror(errno));
    bm_err aerr;
    const char *name = strrchr(path, '/');
    int arc = bm_audit_append(db, who, "backup", "backup", name ? name + 1 : path, NULL, NULL,
                              NULL, &aerr);
    if (rc == BM_OK && arc != BM_OK) {
        if (err)
            *err = aerr;
        return arc;
    }
    return rc;
}

static int newest_first(const void *a, const void *b)
{
    return strcmp(((const bm_backup_file *)b)->name, ((const bm_backup_file *)a)->name);
}

int bm_backup_list(const char *dir, int (*each)(const bm_backup_file *f, void *ctx), void *ctx,
                   bm_err *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT ? BM_OK
                               : bm_fail(err, BM_EDB, N_("The backup folder cannot be read"),
                                         "%s: %s", dir, strerror(errno));
    bm_backup_file *files = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int rc = BM_OK;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (strncmp(e->d_name, "bianmin-", 8) != 0 || len < 12 || len >= 64 ||
            strcmp(e->d_name + len - 3, ".db") != 0)
            continue;
        char p[1200];
        struct stat sb;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (stat(p, &sb) != 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            bm_backup_file *m = realloc(files, cap * sizeof *m);
            if (!m) {
                rc = bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
                break;
            }
            files = m;
        }
        memcpy(files[n].name, e->d_name, len + 1);   /* len < 64, checked above */
        files[n].bytes = (int64_t)sb.st_size;
        files[n].made = sb.st_mtime;
        files[n].mode = (int)(sb.st_mode & 07777);
        n++;
    }
    closedir(d);
    if (rc == BM_OK && n) {
        qsort(files, n, sizeof *files, newest_first);
        for (size_t i = 0; i < n; i++)
            if (each(&files[i], ctx))
                break;
    }
    free(files);
    return rc;
}

int bm_backup_verify(const char *path, bm_backup_check *out, bm_err *err)
{
    memset(out, 0, sizeof *out);
    struct stat sb;
    if (stat(path, &sb) != 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such backup"), "%s", path);
    bm_db *copy;
    bm_err e;
    if (bm_db_open(path, &copy, &e) != BM_OK) {
        snprintf(out->why, sizeof out->why, "%s%s%s", e.reason, e.detail[0] ? ": " : "",
                 e.detail);
        return BM_OK;
    }
    out->opened = 1;
    bm_audit_report r;
    if (bm_audit_check(copy, &r, &e) != BM_OK) {
        snprintf(out->why, sizeof out->why, "%s", e.reason);
    } else {
        out->entries = r.intact;
        out->truncated = r.truncated;
        out->chain_ok = !r.first_broken && !r.key_missing && !r.truncated && !r.head_mismatch;
        if (!out->chain_ok)
            snprintf(out->why, sizeof out->why, "%s",
                     r.first_broken ? "audit chain broken" : r.key_missing ? "audit key missing"
                     : r.truncated ? "audit log truncated" : "audit log rewritten");
    }
    bm_db_close(copy);
    return BM_OK;
}
