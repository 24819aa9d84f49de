/* bianmin: the program and its subcommands (init, serve, console, user, org, audit, backup,
 * calendar, catalogue). */
#include "tui/transport/console.h"
#include "tui/session/i18n.h"
#include "tui/transport/server.h"
#include "tui/transport/sshkeys.h"
#include "core/audit.h"
#include "core/calendar.h"
#include "core/catalogue.h"
#include "core/db.h"
#include "core/org.h"
#include "core/user.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
    "bianmin " BIANMIN_VERSION " — service desk for township and village convenience-service "
    "centres\n"
    "\n"
    "usage:\n"
    "  bianmin init [--demo] [--data DIR]\n"
    "      create the data directory and database; without --demo one admin account with a\n"
    "      random password (printed once); with --demo a demo county and the logins clerk,\n"
    "      agent, duty, supervisor, admin (password: demo)\n"
    "  bianmin serve [--port 2222] [--listen ADDR] [--data DIR] [--grace S] [--idle S]\n"
    "                [--keepalive S] [--keep S] [--max-sessions N] [--screen-idle S]\n"
    "      the SSH server (all sessions in one process); --keep: how long a session whose\n"
    "      link dropped waits to be resumed (default 900 s), then its unsaved input becomes\n"
    "      a draft offered at the next login; --max-sessions: sessions at once (default: as\n"
    "      many as the open-file limit allows; more are told the server is full);\n"
    "      --screen-idle: a session without a keystroke this long gives its screen back to\n"
    "      the pool and repaints at its next key (default 30 s)\n"
    "  bianmin console [--user NAME] [--data DIR]\n"
    "      the same screens on this terminal, for the admin at the server (default user admin)\n"
    "  bianmin user list [--data DIR]\n"
    "  bianmin user add LOGIN --name NAME --role ROLE --org CODE [--password-stdin]\n"
    "  bianmin user passwd LOGIN [--password-stdin]\n"
    "  bianmin user lock LOGIN | bianmin user unlock LOGIN\n"
    "  bianmin user key-add LOGIN 'ssh-ed25519 AAAA... comment' | --file KEY.pub\n"
    "      roles: clerk agent duty supervisor admin\n"
    "  bianmin org list [--data DIR]\n"
    "  bianmin audit verify [--data DIR]\n"
    "      check the audit log's hash chain and seals (key: DIR/audit.key) against its last\n"
    "      head; reports the first broken link, and entries missing at the end\n"
    "  bianmin audit head [--data DIR]\n"
    "      write the chain's head now (the server writes one hourly); do it at every backup\n"
    "  bianmin backup DIR [--data DIR]\n"
    "      a consistent copy of the database while the server runs, as\n"
    "      DIR/bianmin-YYYYMMDD-HHMMSS.db, with the audit key and the chain's head beside it\n"
    "  bianmin calendar import FILE [--data DIR]\n"
    "      load holiday and make-up working days (lines: YYYY-MM-DD off|work name)\n"
    "  bianmin catalogue import FILE [--data DIR]\n"
    "      load matters and bundles (core/data/catalogue.txt shows the format); a changed\n"
    "      matter gets a new version, cases keep the version they were accepted under\n"
    "\n"
    "The data directory is --data, else $BIANMIN_DATA, else ./var.\n";

static int usage(int status)
{
    fputs(usage_text, status ? stderr : stdout);
    return status;
}

/* Options shared by every subcommand, plus the positional arguments left over. */
typedef struct args {
    const char *data_dir;
    const char *positional[8];
    int npositional;
    int demo;
    int password_stdin;
    const char *name, *role, *org, *user, *file, *listen;
    int port, grace, idle, keepalive, keep, max_sessions, screen_idle;
} args;

static int parse_int(const char *opt, const char *v, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || *end || n < lo || n > hi) {
        fprintf(stderr, "bianmin: %s wants a number from %d to %d, not \"%s\"\n", opt, lo, hi, v);
        return -1;
    }
    *out = (int)n;
    return 0;
}

static int parse_args(int argc, char **argv, args *a)
{
    memset(a, 0, sizeof *a);
    a->port = -1;
    a->grace = a->idle = a->keepalive = a->keep = a->max_sessions = a->screen_idle = -1;
    for (int i = 0; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define VALUE() do { if (!v) { fprintf(stderr, "bianmin: %s needs a value\n", o); return -1; } i++; } while (0)
        if (!strcmp(o, "--data")) { VALUE(); a->data_dir = v; }
        else if (!strcmp(o, "--demo")) a->demo = 1;
        else if (!strcmp(o, "--password-stdin")) a->password_stdin = 1;
        else if (!strcmp(o, "--name")) { VALUE(); a->name = v; }
        else if (!strcmp(o, "--role")) { VALUE(); a->role = v; }
        else if (!strcmp(o, "--org")) { VALUE(); a->org = v; }
        else if (!strcmp(o, "--user")) { VALUE(); a->user = v; }
        else if (!strcmp(o, "--file")) { VALUE(); a->file = v; }
        else if (!strcmp(o, "--listen")) { VALUE(); a->listen = v; }
        else if (!strcmp(o, "--port")) { VALUE(); if (parse_int(o, v, 0, 65535, &a->port)) return -1; }
        else if (!strcmp(o, "--grace")) { VALUE(); if (parse_int(o, v, 1, 3600, &a->grace)) return -1; }
        else if (!strcmp(o, "--idle")) { VALUE(); if (parse_int(o, v, 10, 86400, &a->idle)) return -1; }
        else if (!strcmp(o, "--keepalive")) { VALUE(); if (parse_int(o, v, 0, 3600, &a->keepalive)) return -1; }
        else if (!strcmp(o, "--keep")) { VALUE(); if (parse_int(o, v, 0, 86400, &a->keep)) return -1; }
        else if (!strcmp(o, "--screen-idle")) { VALUE(); if (parse_int(o, v, 1, 86400, &a->screen_idle)) return -1; }
        else if (!strcmp(o, "--max-sessions")) { VALUE(); if (parse_int(o, v, 1, 20000, &a->max_sessions)) return -1; }
        else if (o[0] == '-' && o[1]) {
            fprintf(stderr, "bianmin: unknown option %s (bianmin --help lists them)\n", o);
            return -1;
        } else if (a->npositional < 8) {
            a->positional[a->npositional++] = o;
        } else {
            fprintf(stderr, "bianmin: too many arguments\n");
            return -1;
        }
#undef VALUE
    }
    if (!a->data_dir) {
        const char *env = getenv("BIANMIN_DATA");
        a->data_dir = env && env[0] ? env : "var";
    }
    return 0;
}

static void db_path(const args *a, char *out, size_t cap)
{
    snprintf(out, cap, "%s/bianmin.db", a->data_dir);
}

static void print_err(const char *what, const bm_err *e)
{
    fprintf(stderr, "bianmin: %s: %s%s%s\n", what, _(e->reason), e->detail[0] ? ": " : "",
            e->detail);
}

static int open_db(const args *a, bm_db **db)
{
    char path[PATH_MAX];
    db_path(a, path, sizeof path);
    bm_err e;
    if (bm_db_open(path, db, &e) != BM_OK) {
        print_err(path, &e);
        return -1;
    }
    return 0;
}

/* The operator at the shell acts as an administrator outside any session. */
static const bm_actor shell_actor = { 0, "shell", BM_ROLE_ADMIN, 0, "", "local" };

static int cmd_init(const args *a)
{
    if (mkdir(a->data_dir, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "bianmin: cannot create %s: %s\n", a->data_dir, strerror(errno));
        return 1;
    }
    char path[PATH_MAX];
    db_path(a, path, sizeof path);
    char password[64];
    bm_err e;
    if (bm_db_init(path, a->demo ? BM_INIT_DEMO : 0, password, sizeof password, &e) != BM_OK) {
        print_err(path, &e);
        return 1;
    }
    printf("created %s\n", path);
    if (a->demo) {
        printf("demo logins (password \"demo\"): clerk agent duty supervisor admin\n");
    } else {
        printf("administrator login: admin\n"
               "password (shown this once, write it down): %s\n", password);
    }
    explicit_bzero(password, sizeof password);
    return 0;
}

static int count_admins(const bm_user *u, void *ctx)
{
    if (u->role == BM_ROLE_ADMIN)
        (*(int *)ctx)++;
    return 0;
}

/* A database nobody can administer (an init cut short by an older version) is not served:
 * the operator is told how to make one that is. 0 when serving may go on. */
static int check_administered(const args *a)
{
    char path[PATH_MAX];
    db_path(a, path, sizeof path);
    bm_db *db;
    bm_err e;
    if (bm_db_open(path, &db, &e) != BM_OK)
        return 0;   /* the server says why it cannot open it, in its own words */
    int admins = 0;
    int rc = bm_user_list(db, count_admins, &admins, &e);
    bm_db_close(db);
    if (rc != BM_OK) {
        print_err(path, &e);
        return -1;
    }
    if (admins > 0)
        return 0;
    fprintf(stderr,
            "bianmin: %s has no administrator account, so nobody could manage it.\n"
            "  If it is a database whose creation was cut short, move it away and create it\n"
            "  again:  mv %s %s.unfinished && bianmin init --data %s\n"
            "  Or add an administrator:  bianmin user add admin --name NAME --role admin "
            "--org CODE --data %s\n",
            path, path, path, a->data_dir, a->data_dir);
    return -1;
}

static int cmd_serve(const args *a)
{
    if (check_administered(a) != 0)
        return 1;
    server_opts o;
    server_opts_default(&o);
    o.data_dir = a->data_dir;
    if (a->listen)
        o.listen_addr = a->listen;
    if (a->port >= 0)
        o.port = a->port;
    if (a->grace > 0)
        o.grace_s = a->grace;
    if (a->idle > 0)
        o.idle_s = a->idle;
    if (a->keepalive >= 0)
        o.keepalive_s = a->keepalive;
    if (a->keep >= 0)
        o.keep_s = a->keep;
    if (a->max_sessions > 0)
        o.max_conns = a->max_sessions;
    if (a->screen_idle > 0)
        o.screen_idle_s = a->screen_idle;
    return server_run(&o);
}

/* Reads a new password: from standard input with --password-stdin or when it is not a
 * terminal, else asked twice without echo. */
static int read_password(int from_stdin, char *out, size_t cap)
{
    if (from_stdin || !isatty(STDIN_FILENO)) {
        if (!fgets(out, (int)cap, stdin))
            out[0] = 0;
        out[strcspn(out, "\r\n")] = 0;
        if (out[0])
            return 0;
        /* Empty input must not pass unnoticed in a script: say why nothing happened. */
        fprintf(stderr, "bianmin: no password on standard input; nothing changed\n");
        return -1;
    }
    char again[256];
    struct termios saved, quiet;
    tcgetattr(STDIN_FILENO, &saved);
    quiet = saved;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    int rc = -1;
    fputs("new password: ", stderr);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    if (fgets(out, (int)cap, stdin)) {
        fputs("\nagain: ", stderr);
        if (fgets(again, sizeof again, stdin)) {
            out[strcspn(out, "\r\n")] = 0;
            again[strcspn(again, "\r\n")] = 0;
            rc = strcmp(out, again) == 0 ? 0 : -2;
        }
    }
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    fputs("\n", stderr);
    explicit_bzero(again, sizeof again);
    if (rc == -2)
        fprintf(stderr, "bianmin: the two passwords differ; nothing changed\n");
    return rc;
}

static int print_user(const bm_user *u, void *ctx)
{
    (void)ctx;
    printf("%-16s %-12s %-10s %-6s %s\n", u->login, u->name, bm_role_name(u->role),
           u->locked ? "locked" : "-", u->org_name);
    return 0;
}

static int print_org(const bm_org *o, int depth, void *ctx)
{
    (void)ctx;
    printf("%*s%-*s %-9s %s\n", 2 * depth, "", 28 - 2 * (depth < 10 ? depth : 10), o->code,
           bm_org_kind_name(o->kind), o->name);
    return 0;
}

/* bianmin org list: every unit with its code, as `user add --org CODE` wants it. */
static int cmd_org(const args *a)
{
    if (a->npositional < 2 || strcmp(a->positional[1], "list") != 0)
        return usage(2);
    bm_db *db;
    bm_err e;
    if (open_db(a, &db) != 0)
        return 1;
    int rc = bm_org_list(db, print_org, NULL, &e) == BM_OK ? 0 : (print_err("org list", &e), 1);
    bm_db_close(db);
    return rc;
}

static int cmd_user(const args *a)
{
    if (a->npositional < 2)
        return usage(2);
    const char *verb = a->positional[1];
    const char *login = a->npositional > 2 ? a->positional[2] : NULL;
    bm_db *db;
    bm_err e;
    int rc = 1;
    if (strcmp(verb, "list") != 0 && !login) {
        fprintf(stderr, "bianmin: user %s needs a login name\n", verb);
        return 2;
    }
    if (strcmp(verb, "list") && strcmp(verb, "add") && strcmp(verb, "passwd") &&
        strcmp(verb, "lock") && strcmp(verb, "unlock") && strcmp(verb, "key-add")) {
        fprintf(stderr, "bianmin: unknown user command \"%s\"\n", verb);
        return 2;
    }
    if (open_db(a, &db) != 0)
        return 1;
    if (!strcmp(verb, "list")) {
        printf("%-16s %-12s %-10s %-6s %s\n", "login", "name", "role", "lock", "unit");
        rc = bm_user_list(db, print_user, NULL, &e) == BM_OK ? 0 : (print_err("list", &e), 1);
    } else if (!strcmp(verb, "add")) {
        int role = a->role ? bm_role_from_name(a->role) : 0;
        char password[256];
        if (!a->name || !a->org || !role) {
            fprintf(stderr, "bianmin: user add needs --name, --org and --role "
                    "(clerk agent duty supervisor admin)\n");
            rc = 2;
        } else if (read_password(a->password_stdin, password, sizeof password) == 0) {
            rc = bm_user_add(db, &shell_actor, login, a->name, role, a->org, password, &e);
            if (rc != BM_OK)
                print_err(login, &e);
            else
                printf("added %s\n", login);
            explicit_bzero(password, sizeof password);
        }
    } else if (!strcmp(verb, "passwd")) {
        char password[256];
        if (read_password(a->password_stdin, password, sizeof password) == 0) {
            rc = bm_user_set_password(db, &shell_actor, login, password, &e);
            if (rc != BM_OK)
                print_err(login, &e);
            else
                printf("password changed for %s\n", login);
            explicit_bzero(password, sizeof password);
        }
    } else if (!strcmp(verb, "lock") || !strcmp(verb, "unlock")) {
        int lock = !strcmp(verb, "lock");
        rc = bm_user_set_locked(db, &shell_actor, login, lock, &e);
        if (rc != BM_OK)
            print_err(login, &e);
        else
            printf("%s %s\n", login, lock ? "locked" : "unlocked");
    } else {
        char line[16384] = "";
        if (a->file) {
            FILE *f = fopen(a->file, "r");
            if (!f || !fgets(line, sizeof line, f)) {
                fprintf(stderr, "bianmin: cannot read %s: %s\n", a->file,
                        f ? "empty file" : strerror(errno));
                if (f)
                    fclose(f);
                bm_db_close(db);
                return 1;
            }
            fclose(f);
        } else if (a->npositional > 3) {
            snprintf(line, sizeof line, "%s", a->positional[3]);
        } else {
            fprintf(stderr, "bianmin: user key-add needs the key line or --file KEY.pub\n");
            bm_db_close(db);
            return 2;
        }
        line[strcspn(line, "\r\n")] = 0;
        ssh_key key;
        char why[256], fp[128];
        if (pubkey_parse_line(line, &key, why, sizeof why) != 0) {
            fprintf(stderr, "bianmin: not a public key: %s\n", why);
        } else {
            pubkey_fingerprint(key, fp, sizeof fp);
            ssh_key_free(key);
            rc = bm_user_key_add(db, &shell_actor, login, line, &e);
            if (rc != BM_OK)
                print_err(login, &e);
            else
                printf("key %s added for %s\n", fp, login);
        }
    }
    bm_db_close(db);
    return rc == BM_OK ? 0 : rc;
}

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
static int cmd_audit(const args *a)
{
    int head = a->npositional >= 2 && !strcmp(a->positional[1], "head");
    if (a->npositional < 2 || (strcmp(a->positional[1], "verify") && !head))
        return usage(2);
    bm_db *db;
    if (open_db(a, &db) != 0)
        return 1;
    bm_err e;
    if (head) {
        int rc = bm_audit_write_head(db, &e);
        bm_db_close(db);
        if (rc != BM_OK) {
            print_err("audit head", &e);
            return rc == BM_ECONFLICT ? 3 : 1;
        }
        printf("audit head written\n");
        return 0;
    }
    bm_audit_report r;
    int rc = bm_audit_check(db, &r, &e);
    bm_db_close(db);
    if (rc != BM_OK) {
        print_err("audit verify", &e);
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

/* bianmin backup DIR: a consistent copy made while the server runs, with the audit key and
 * the chain's head beside it. */
static int cmd_backup(const args *a)
{
    if (a->npositional < 2)
        return usage(2);
    const char *dir = a->positional[1];
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
    if (open_db(a, &db) != 0)
        return 1;
    bm_err e;
    int rc = bm_db_backup(db, dest, &e);
    bm_db_close(db);
    if (rc != BM_OK && rc != BM_ECONFLICT) {
        print_err(dest, &e);
        return 1;
    }
    printf("backed up to %s\n"
           "with %s/audit.key and %s.audit-head: keep them together\n", dest, dir, dest);
    if (rc == BM_ECONFLICT) {
        print_err("audit head", &e);
        return 3;
    }
    return 0;
}

static int cmd_catalogue(const args *a)
{
    if (a->npositional < 3 || strcmp(a->positional[1], "import") != 0)
        return usage(2);
    bm_db *db;
    if (open_db(a, &db) != 0)
        return 1;
    int added = 0, changed = 0, unchanged = 0;
    bm_err e;
    int rc = bm_catalogue_import(db, &shell_actor, a->positional[2], &added, &changed,
                                 &unchanged, &e);
    bm_db_close(db);
    if (rc != BM_OK) {
        print_err(a->positional[2], &e);
        return 1;
    }
    printf("catalogue %s: %d new, %d changed (new versions), %d unchanged\n", a->positional[2],
           added, changed, unchanged);
    return 0;
}

static int cmd_calendar(const args *a)
{
    if (a->npositional < 3 || strcmp(a->positional[1], "import") != 0)
        return usage(2);
    bm_db *db;
    if (open_db(a, &db) != 0)
        return 1;
    int days = 0;
    bm_err e;
    int rc = bm_calendar_import(db, &shell_actor, a->positional[2], &days, &e);
    bm_db_close(db);
    if (rc != BM_OK) {
        print_err(a->positional[2], &e);
        return 1;
    }
    printf("loaded %d calendar days from %s\n", days, a->positional[2]);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage(2);
    /* The database, its journal and the host key hold personal data: owner only. */
    umask(077);
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help"))
        return usage(0);
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("bianmin %s\n", BIANMIN_VERSION);
        return 0;
    }
    args a;
    if (parse_args(argc - 1, argv + 1, &a) != 0)
        return 2;
    i18n_init();
    int rc;
    if (!strcmp(cmd, "init"))
        rc = cmd_init(&a);
    else if (!strcmp(cmd, "serve"))
        rc = cmd_serve(&a);
    else if (!strcmp(cmd, "console"))
        rc = console_run(a.data_dir, a.user ? a.user : "admin");
    else if (!strcmp(cmd, "user"))
        rc = cmd_user(&a);
    else if (!strcmp(cmd, "org"))
        rc = cmd_org(&a);
    else if (!strcmp(cmd, "audit"))
        rc = cmd_audit(&a);
    else if (!strcmp(cmd, "backup"))
        rc = cmd_backup(&a);
    else if (!strcmp(cmd, "calendar"))
        rc = cmd_calendar(&a);
    else if (!strcmp(cmd, "catalogue"))
        rc = cmd_catalogue(&a);
    else {
        fprintf(stderr, "bianmin: unknown command \"%s\"\n", cmd);
        rc = usage(2);
    }
    i18n_free();
    return rc;
}
