/* bianmin audit, backup and calendar: the data an admin checks, copies and loads (the
 * catalogue: cli_catalogue.c). */
#include "tui/cli/cli.h"
#include "core/audit.h"
#include "core/backup.h"
#include "core/calendar.h"
#include "core/textfile.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static void print_time(const char *label, time_t t)
{
    char when[32];
    struct tm tm;
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", gmtime_r(&t, &tm));
    printf("%s%s\n", label, when);
}

/* bianmin audit verify: the chain, its seals and its last head; bianmin audit head: write
 * the head now (refused when the log no longer matches the last one). Exit 3 when anything
 * is wrong, so a cron job notices. */
static int print_entry(const bm_audit_entry *e, void *ctx)
{
    const char *find = ctx;
    if (find && !strstr(e->login, find) && !strstr(e->what, find) && !strstr(e->object, find) &&
        !strstr(e->object_id, find))
        return 0;
    char when[32];
    struct tm tm;
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", gmtime_r(&e->at, &tm));
    printf("%lld %s UTC %-12s %-18s %s %s%s%s%s%s\n", (long long)e->id, when, e->login, e->what,
           e->object, e->object_id, e->before[0] ? " before=" : "", e->before,
           e->after[0] ? " after=" : "", e->after);
    return 0;
}

/* bianmin audit list [--find TEXT] [--limit N]: the Audit log screen's list, newest first. */
static int audit_list(const cli_args *a)
{
    int limit = 100;
    const char *lim = cli_opt(a, "--limit");
    if (lim && cli_parse_int("--limit", lim, 1, 1000000, &limit) != 0)
        return 2;
    bm_db *db;
    if (cli_open_db(a, &db) != 0)
        return 1;
    bm_err e;
    int rc = bm_audit_list(db, &cli_shell_actor, NULL, NULL, limit, 0, print_entry,
                           (void *)cli_opt(a, "--find"), &e);
    bm_db_close(db);
    if (rc != BM_OK) {
        cli_print_err("audit list", &e);
        return 1;
    }
    return 0;
}

int cli_audit(const cli_args *a)
{
    if (a->npositional >= 2 && !strcmp(a->positional[1], "list"))
        return audit_list(a);
    int head = a->npositional >= 2 && !strcmp(a->positional[1], "head");
    if (a->npositional < 2 || (strcmp(a->positional[1], "verify") && !head))
        return cli_usage(2);
    bm_db *db;
    if (cli_open_db(a, &db) != 0)
        return 1;
    bm_err e;
    if (head) {
        int rc = bm_audit_write_head(db, &e);
        bm_db_close(db);
        if (rc != BM_OK) {
            cli_print_err("audit head", &e);
            return rc == BM_ECONFLICT ? 3 : 1;
        }
        printf("audit head written\n");
        return 0;
    }
    bm_audit_report r;
    int rc = bm_audit_check(db, &r, &e);
    bm_db_close(db);
    if (rc != BM_OK) {
        cli_print_err("audit verify", &e);
        return 1;
    }
    int bad = 0;
    if (r.first_broken) {
        printf("audit chain BROKEN at entry %lld (%lld entries intact before it)\n",
               (long long)r.first_broken, (long long)r.intact);
        bad = 1;
    } else if (r.key_missing && r.anchor_id) {
        printf("audit key MISSING: entries from %lld on are sealed and cannot be checked; "
               "restore audit.key from the backup (%lld entries before it intact)\n",
               (long long)r.anchor_id, (long long)r.intact);
        bad = 1;
    } else {
        printf("audit chain intact: %lld entries\n", (long long)r.intact);
    }
    if (r.unsealed)
        printf("  %lld entries before the anchor (checked by plain hash only)\n",
               (long long)r.unsealed);
    if (r.anchor_id)
        printf("  sealed with the audit key from entry %lld on\n", (long long)r.anchor_id);
    else
        printf("  NOT sealed: no audit key anchors this log\n");
    if (r.truncated) {
        printf("audit log TRUNCATED: the head says %lld entries, the log ends at %lld\n",
               (long long)r.head_count, (long long)r.last_id);
        print_time("  head written ", r.head_at);
        bad = 1;
    } else if (r.head_mismatch) {
        printf("audit log REWRITTEN: entry %lld is not the one the head names\n",
               (long long)r.head_count);
        print_time("  head written ", r.head_at);
        bad = 1;
    } else if (r.head_count) {
        printf("  matches its last head (%lld entries)\n", (long long)r.head_count);
        print_time("  head written ", r.head_at);
    } else {
        printf("  no head written yet\n");
    }
    return bad ? 3 : 0;
}

static int print_backup(const bm_backup_file *f, void *ctx)
{
    (void)ctx;
    char when[32];
    struct tm tm;
    strftime(when, sizeof when, "%Y-%m-%d %H:%M", localtime_r(&f->made, &tm));
    printf("%-32s %10lld  %s  %04o%s\n", f->name, (long long)f->bytes, when, f->mode,
           f->mode != 0600 ? "  READABLE BY OTHERS" : "");
    return 0;
}

/* bianmin backup now|list|verify FILE: what the Backup screen (BM970) does, in DATA/backups. */
static int backup_verb(const cli_args *a, const char *verb)
{
    bm_db *db;
    if (cli_open_db(a, &db) != 0)
        return 1;
    bm_err e;
    char dir[1024], path[1200];
    int rc = bm_backup_dir(db, dir, sizeof dir, &e);
    if (rc == BM_OK && !strcmp(verb, "now")) {
        rc = bm_backup_now(db, &cli_shell_actor, dir, path, sizeof path, &e);
        if (rc == BM_OK || rc == BM_ECONFLICT)
            printf("backed up to %s (mode 0600)\n", path);
    } else if (rc == BM_OK && !strcmp(verb, "list")) {
        rc = bm_backup_list(dir, print_backup, NULL, &e);
    }
    bm_db_close(db);
    if (rc == BM_OK && !strcmp(verb, "verify")) {
        if (a->npositional < 3)
            return cli_usage(2);
        const char *f = a->positional[2];
        if (!strchr(f, '/'))
            snprintf(path, sizeof path, "%s/%s", dir, f);
        else
            snprintf(path, sizeof path, "%s", f);
        bm_backup_check c;
        if ((rc = bm_backup_verify(path, &c, &e)) == BM_OK) {
            if (c.opened && c.chain_ok)
                printf("%s: verified (database whole, audit chain of %lld entries matches its "
                       "head)\n", path, (long long)c.entries);
            else
                printf("%s: NOT GOOD: %s\n", path, c.why);
            return c.opened && c.chain_ok ? 0 : 3;
        }
    }
    if (rc != BM_OK) {
        cli_print_err(verb, &e);
        return rc == BM_ECONFLICT ? 3 : 1;
    }
    return 0;
}

/* bianmin backup DIR: a consistent copy made while the server runs, with the audit key and
 * the chain's head beside it. */
int cli_backup(const cli_args *a)
{
    if (a->npositional < 2)
        return cli_usage(2);
    const char *dir = a->positional[1];
    if (!strcmp(dir, "now") || !strcmp(dir, "list") || !strcmp(dir, "verify"))
        return backup_verb(a, dir);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "bianmin: cannot create %s: %s\n", dir, strerror(errno));
        return 1;
    }
    char dest[PATH_MAX], stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", gmtime_r(&now, &tm));
    snprintf(dest, sizeof dest, "%s/bianmin-%s.db", dir, stamp);
    bm_db *db;
    if (cli_open_db(a, &db) != 0)
        return 1;
    bm_err e;
    int rc = bm_db_backup(db, dest, &e);
    bm_db_close(db);
    if (rc != BM_OK && rc != BM_ECONFLICT) {
        cli_print_err(dest, &e);
        return 1;
    }
    printf("backed up to %s\n"
           "with %s/audit.key and %s.audit-head: keep them together\n", dest, dir, dest);
    if (rc == BM_ECONFLICT) {
        cli_print_err("audit head", &e);
        return 3;
    }
    return 0;
}

/* bianmin calendar show YEAR: the year at a glance as the Calendar screen (BM930) shows it. */
static int calendar_show(bm_db *db, const char *year_text)
{
    int year;
    if (cli_parse_int("calendar show", year_text, 1990, 2200, &year) != 0)
        return 2;
    bm_err e;
    int loaded;
    char source[200], marks[12][32];
    if (bm_calendar_year_info(db, year, &loaded, source, sizeof source, &e) != BM_OK ||
        bm_calendar_year_marks(db, year, marks, &e) != BM_OK) {
        cli_print_err("calendar show", &e);
        return 1;
    }
    if (loaded)
        printf("%d confirmed (%s)\n", year, source);
    else
        printf("%d NOT CONFIRMED: provisional, weekends only\n", year);
    static const char cell[] = { ' ', '.', '-', 'H', 'W' };
    for (int m = 0; m < 12; m++) {
        printf("%02d ", m + 1);
        for (int d = 0; d < 31; d++)
            putchar(cell[(int)marks[m][d]]);
        putchar('\n');
    }
    printf(". working day  - weekend  H holiday  W make-up working day\n");
    return 0;
}

/* bianmin calendar import FILE | show YEAR | set DATE off|work|clear [--name N]. */
int cli_calendar(const cli_args *a)
{
    const char *verb = a->npositional >= 2 ? a->positional[1] : "";
    if (a->npositional < 3 || (strcmp(verb, "import") && strcmp(verb, "show") &&
                               strcmp(verb, "set")))
        return cli_usage(2);
    bm_db *db;
    if (cli_open_db(a, &db) != 0)
        return 1;
    bm_err e;
    int rc;
    if (!strcmp(verb, "show")) {
        rc = calendar_show(db, a->positional[2]);
    } else if (!strcmp(verb, "set")) {
        bm_day day;
        const char *kind = a->npositional > 3 ? a->positional[3] : "";
        if (bm_day_parse(a->positional[2], &day) != 0 ||
            (strcmp(kind, "off") && strcmp(kind, "work") && strcmp(kind, "clear"))) {
            fprintf(stderr, "bianmin: calendar set YYYY-MM-DD off|work|clear [--name NAME]\n");
            rc = 2;
        } else if (bm_calendar_set_day(db, &cli_shell_actor, day, strcmp(kind, "clear") ? kind
                                       : "", a->name ? a->name : "", &e) != BM_OK) {
            cli_print_err(a->positional[2], &e);
            rc = 1;
        } else {
            printf("%s: %s\n", a->positional[2], kind);
            rc = 0;
        }
    } else {
        int days = 0;
        rc = bm_calendar_import(db, &cli_shell_actor, a->positional[2], &days, &e);
        if (rc != BM_OK)
            cli_print_err(a->positional[2], &e);
        else
            printf("loaded %d calendar days from %s\n", days, a->positional[2]);
        rc = rc == BM_OK ? 0 : 1;
    }
    bm_db_close(db);
    return rc;
}
