/* End-to-end test harness (see harness.h): a test server's demo county on PostgreSQL, copied
 * from one made once. `init --demo` writes some 11,000 rows over the wire, seconds on
 * PostgreSQL where SQLite takes one; the suite starts some forty servers. So the county is made
 * once per clock (BIANMIN_NOW, or the day: the demo's cases are dated from it) into a master
 * database, and each server gets a copy (CREATE DATABASE ... TEMPLATE) with the master's audit
 * key and head.
 * The master's data directory and a lock live in BIANMIN_TEST_PG_SHARED (tests/run sets it):
 * groups running side by side make the master once and copy it one at a time, as PostgreSQL
 * copies a template only while nobody else is connected to it. */
#include "tests/e2e/harness_internal.h"

#include "core/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

/* Where the database name is in url: from just after the last '/' before the '?' (*start) to
 * the '?' or the end (*end). */
static void dbname_span(const char *url, const char **start, const char **end)
{
    const char *q = strchr(url, '?');
    *start = url;
    for (const char *p = url; *p && (!q || p < q); p++)
        if (*p == '/')
            *start = p + 1;
    *end = q ? q : *start + strlen(*start);
}

char *pg_url_with_db(const char *url, const char *name)
{
    const char *start, *end;
    dbname_span(url, &start, &end);
    return xasprintf("%.*s%s%s", (int)(start - url), url, name, end);
}

/* Copies the file from to the file to, mode 0600 (the audit key is secret). 0 or -1. */
static int copy_file(const char *from, const char *to)
{
    char *text = read_file(from);
    if (!text) {
        note("bmt: cannot read %s", from);
        return -1;
    }
    int fd = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    size_t n = strlen(text);
    int ok = fd != -1 && write(fd, text, n) == (ssize_t)n;
    if (fd != -1 && close(fd) != 0)
        ok = 0;
    if (!ok)
        note("bmt: cannot write %s: %s", to, strerror(errno));
    free(text);
    return ok ? 0 : -1;
}

/* Runs sql on the maintenance database of the server in url. 0 or -1. */
static int admin_sql(const char *url, const char *sql)
{
    bm_store *st;
    bm_err err;
    if (bm_store_open(url, 0, &st, &err) != BM_OK) {
        note("bmt: %s: %s", err.reason, err.detail);
        return -1;
    }
    int rc = bm_store_exec(st, sql, &err);
    if (rc != BM_OK)
        note("bmt: %s: %s", sql, err.detail);
    bm_store_close(st);
    return rc == BM_OK ? 0 : -1;
}

/* Makes the master for this clock in shared/NAME unless it is there (its "made" file). */
static int make_master(const char *maint_url, const char *shared, const char *name)
{
    char *dir = xasprintf("%s/%s", shared, name);
    char *made = xasprintf("%s/made", dir);
    int rc = 0;
    if (access(made, F_OK) != 0) {
        char *url = pg_url_with_db(maint_url, name);
        char *argv[] = {(char *)bianmin_bin(), "init", "--demo", "--data", dir, "--db", url, NULL};
        char *out = NULL;
        int status = run_capture(argv, &out, RUN_TIMEOUT_MS * 3);
        if (status != 0) {
            note("bmt: `init --demo --db %s` for the master failed with status %d:\n%s", url,
                 status, out ? out : "");
            rc = -1;
        } else {
            int fd = open(made, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
            if (fd == -1 || close(fd) != 0)
                rc = -1;
        }
        free(out);
        free(url);
    }
    free(made);
    free(dir);
    return rc;
}

int pg_demo_copy(const char *db_url, const char *data_dir)
{
    const char *shared = getenv("BIANMIN_TEST_PG_SHARED");
    const char *now = getenv("BIANMIN_NOW");
    char today[16];
    if (!shared || !*shared)
        return 1;
    if (!now || !*now) {   /* the real clock: a master per day */
        time_t t = time(NULL);
        strftime(today, sizeof today, "%Y%m%d", localtime(&t));
        now = today;
    }
    char name[64] = "e2e_demo_";
    size_t j = strlen(name);
    for (const char *p = now; *p && j + 1 < sizeof name; p++)
        if (*p >= '0' && *p <= '9')
            name[j++] = *p;
    name[j] = '\0';

    char *lock_path = xasprintf("%s/e2e-demo.lock", shared);
    int lock = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    free(lock_path);
    if (lock == -1 || flock(lock, LOCK_EX) != 0) {
        note("bmt: cannot lock the shared demo in %s: %s", shared, strerror(errno));
        if (lock != -1)
            close(lock);
        return -1;
    }
    char *maint = pg_url_with_db(db_url, "postgres");
    int rc = make_master(maint, shared, name);
    char copy[128], *sql = NULL, *from = NULL, *to = NULL;
    if (rc == 0) {
        const char *start, *end;
        dbname_span(db_url, &start, &end);
        snprintf(copy, sizeof copy, "%.*s", (int)(end - start), start);
        sql = xasprintf("CREATE DATABASE \"%s\" TEMPLATE \"%s\"", copy, name);
        rc = admin_sql(maint, sql);
    }
    if (rc == 0) {
        from = xasprintf("%s/%s/audit.key", shared, name);
        to = xasprintf("%s/audit.key", data_dir);
        rc = copy_file(from, to);
        free(from);
        free(to);
        from = xasprintf("%s/%s/%s.audit-head", shared, name, name);
        to = xasprintf("%s/%s.audit-head", data_dir, copy);
        if (rc == 0)
            rc = copy_file(from, to);
    }
    flock(lock, LOCK_UN);
    close(lock);
    free(from);
    free(to);
    free(sql);
    free(maint);
    return rc;
}
