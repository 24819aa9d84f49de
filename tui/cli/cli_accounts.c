/* bianmin user and org: accounts, passwords, keys and locks; the organisation's codes. */
#include "tui/cli/cli.h"
#include "tui/transport/sshkeys.h"
#include "core/org.h"
#include "core/user.h"
#include "core/user_admin.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void print_time(time_t t, char *out, size_t cap)
{
    struct tm tm;
    if (!t)
        snprintf(out, cap, "-");
    else
        strftime(out, cap, "%Y-%m-%d %H:%M", gmtime_r(&t, &tm));
}

static int print_user(const bm_user_info *i, void *ctx)
{
    (void)ctx;
    char last[20];
    print_time(i->last_login, last, sizeof last);
    printf("%-16s %-12s %-10s %-6s %-16s %4d  %s\n", i->u.login, i->u.name,
           bm_role_name(i->u.role), i->u.locked ? "locked" : "-", last, i->keys, i->u.org_name);
    return 0;
}

static int print_org(const bm_org *o, int depth, void *ctx)
{
    (void)ctx;
    printf("%*s%-*s %-9s %s%s\n", 2 * depth, "", 28 - 2 * (depth < 10 ? depth : 10), o->code,
           bm_org_kind_name(o->kind), o->name, o->active ? "" : "  (retired)");
    return 0;
}

/* bianmin org list|add|rename|phone|move|retire: what the Organisation screen (BM920) does. */
int cli_org(const cli_args *a)
{
    static const char *const verbs[] = { "list", "add", "rename", "phone", "move", "retire",
                                         NULL };
    int known = 0;
    for (int i = 0; a->npositional >= 2 && verbs[i]; i++)
        known |= !strcmp(a->positional[1], verbs[i]);
    if (!known)
        return cli_usage(2);
    const char *verb = a->positional[1], *code = a->npositional > 2 ? a->positional[2] : NULL;
    if (strcmp(verb, "list") && !code) {
        fprintf(stderr, "bianmin: org %s needs a unit code\n", verb);
        return 2;
    }
    const char *parent = cli_opt(a, "--parent"), *kind = cli_opt(a, "--kind");
    const char *phone = cli_opt(a, "--phone");
    if ((!strcmp(verb, "add") && (!a->name || !kind || !parent)) ||
        (!strcmp(verb, "rename") && !a->name) || (!strcmp(verb, "move") && !parent) ||
        (!strcmp(verb, "phone") && !phone)) {
        fprintf(stderr, "bianmin: org %s: see bianmin --help for what it needs\n", verb);
        return 2;
    }
    bm_db *db;
    bm_err e;
    if (cli_open_db(a, &db) != 0)
        return 1;
    int rc;
    if (!strcmp(verb, "list"))
        rc = bm_org_list(db, print_org, NULL, &e);
    else if (!strcmp(verb, "add"))
        rc = bm_org_add(db, &cli_shell_actor, code, a->name, bm_org_kind_from_name(kind), parent,
                        phone, &e);
    else if (!strcmp(verb, "rename"))
        rc = bm_org_rename(db, &cli_shell_actor, code, a->name, &e);
    else if (!strcmp(verb, "phone"))
        rc = bm_org_set_phone(db, &cli_shell_actor, code, phone, &e);
    else if (!strcmp(verb, "move"))
        rc = bm_org_move(db, &cli_shell_actor, code, parent, &e);
    else
        rc = bm_org_retire(db, &cli_shell_actor, code, &e);
    bm_db_close(db);
    if (rc != BM_OK) {
        cli_print_err(code ? code : "org list", &e);
        return 1;
    }
    if (strcmp(verb, "list"))
        printf("%s: %s done\n", code, verb);
    return 0;
}

/* The key line of a --file or the argument, parsed; its fingerprint as OpenSSH prints it. */
static int read_key_line(const cli_args *a, char *line, size_t cap, char *fp, size_t fpcap)
{
    line[0] = 0;
    if (a->file) {
        FILE *f = fopen(a->file, "r");
        if (!f || !fgets(line, (int)cap, f)) {
            fprintf(stderr, "bianmin: cannot read %s: %s\n", a->file,
                    f ? "empty file" : strerror(errno));
            if (f)
                fclose(f);
            return 1;
        }
        fclose(f);
    } else if (a->npositional > 3) {
        snprintf(line, cap, "%s", a->positional[3]);
    } else {
        fprintf(stderr, "bianmin: user key-add needs the key line or --file KEY.pub\n");
        return 2;
    }
    line[strcspn(line, "\r\n")] = 0;
    ssh_key key;
    char why[256];
    if (pubkey_parse_line(line, &key, why, sizeof why) != 0) {
        fprintf(stderr, "bianmin: not a public key: %s\n", why);
        return 1;
    }
    pubkey_fingerprint(key, fp, fpcap);
    ssh_key_free(key);
    return 0;
}

struct key_walk {
    const char *want;        /* a fingerprint to find, or NULL to print every key */
    char found[16384];
};

static int each_key(const char *line, void *ctx)
{
    struct key_walk *w = ctx;
    ssh_key key;
    char why[128], fp[128] = "?";
    if (pubkey_parse_line(line, &key, why, sizeof why) == 0) {
        pubkey_fingerprint(key, fp, sizeof fp);
        ssh_key_free(key);
    }
    if (!w->want) {
        const char *comment = strchr(line, ' ');
        comment = comment ? strchr(comment + 1, ' ') : NULL;
        printf("%s %s\n", fp, comment ? comment + 1 : "");
        return 0;
    }
    if (strcmp(fp, w->want))
        return 0;
    snprintf(w->found, sizeof w->found, "%s", line);
    return 1;
}

static int user_show(bm_db *db, const char *login)
{
    bm_user_info i;
    bm_err e;
    if (bm_user_info_get(db, login, &i, &e) != BM_OK) {
        cli_print_err(login, &e);
        return 1;
    }
    char last[20];
    print_time(i.last_login, last, sizeof last);
    printf("login       %s\nname        %s\nrole        %s\nunit        %s\nphone       %s\n"
           "last login  %s\npassword    %s\nlocked      %s%s%s\nkeys        %d\n",
           i.u.login, i.u.name, bm_role_name(i.u.role), i.u.org_name, i.phone, last,
           i.must_change ? "one-time (to change at the next login)" : "set by the user",
           i.u.locked ? "yes" : "no", i.u.locked ? ": " : "", i.lock_reason, i.keys);
    struct key_walk w = { .want = NULL };
    return bm_user_keys(db, login, each_key, &w, &e) == BM_OK ? 0 : (cli_print_err(login, &e), 1);
}

static int say(int rc, const char *login, const bm_err *e, const char *done_fmt, const char *x)
{
    if (rc != BM_OK) {
        cli_print_err(login, e);
        return 1;
    }
    printf(done_fmt, login, x);
    return 0;
}

/* bianmin user ...: each verb does what the Users screen (BM910) does. */
int cli_user(const cli_args *a)
{
    static const char *const verbs[] = { "list", "show", "add", "passwd", "reset", "lock",
                                         "unlock", "set", "key-add", "key-remove", "keys", NULL };
    if (a->npositional < 2)
        return cli_usage(2);
    const char *verb = a->positional[1];
    const char *login = a->npositional > 2 ? a->positional[2] : NULL;
    int known = 0;
    for (int i = 0; verbs[i]; i++)
        known |= !strcmp(verb, verbs[i]);
    if (!known) {
        fprintf(stderr, "bianmin: unknown user command \"%s\"\n", verb);
        return 2;
    }
    if (strcmp(verb, "list") != 0 && !login) {
        fprintf(stderr, "bianmin: user %s needs a login name\n", verb);
        return 2;
    }
    bm_db *db;
    bm_err e;
    if (cli_open_db(a, &db) != 0)
        return 1;
    int rc = 1;
    char secret[256];
    if (!strcmp(verb, "list")) {
        const char *find = cli_opt(a, "--find");
        printf("%-16s %-12s %-10s %-6s %-16s %4s  %s\n", "login", "name", "role", "lock",
               "last login", "keys", "unit");
        rc = bm_user_find(db, &cli_shell_actor, find ? find : "", print_user, NULL, &e) == BM_OK
                 ? 0 : (cli_print_err("list", &e), 1);
    } else if (!strcmp(verb, "show") || !strcmp(verb, "keys")) {
        struct key_walk w = { .want = NULL };
        rc = !strcmp(verb, "show") ? user_show(db, login)
           : bm_user_keys(db, login, each_key, &w, &e) == BM_OK ? 0
           : (cli_print_err(login, &e), 1);
    } else if (!strcmp(verb, "add")) {
        int role = a->role ? bm_role_from_name(a->role) : 0;
        if (!a->name || !a->org || !role) {
            fprintf(stderr, "bianmin: user add needs --name, --org and --role "
                    "(clerk agent duty supervisor admin)\n");
            rc = 2;
        } else if (cli_opt(a, "--one-time")) {
            rc = bm_user_add_onetime(db, &cli_shell_actor, login, a->name, role, a->org,
                                     cli_opt(a, "--phone"), secret, sizeof secret, &e);
            rc = say(rc, login, &e, "added %s; one-time password (shown once, to be changed "
                     "at the first login): %s\n", secret);
        } else if (cli_read_password(a->password_stdin, secret, sizeof secret) == 0) {
            rc = bm_user_add(db, &cli_shell_actor, login, a->name, role, a->org, secret, &e);
            rc = say(rc, login, &e, "added %s%s\n", "");
        }
    } else if (!strcmp(verb, "passwd")) {
        if (cli_read_password(a->password_stdin, secret, sizeof secret) == 0)
            rc = say(bm_user_set_password(db, &cli_shell_actor, login, secret, &e), login, &e,
                     "password changed for %s%s\n", "");
    } else if (!strcmp(verb, "reset")) {
        rc = bm_user_reset_password(db, &cli_shell_actor, login, secret, sizeof secret, &e);
        rc = say(rc, login, &e, "%s: one-time password (shown once, to be changed at the next "
                 "login): %s\n", secret);
    } else if (!strcmp(verb, "lock") || !strcmp(verb, "unlock")) {
        int lock = !strcmp(verb, "lock");
        const char *reason = cli_opt(a, "--reason");
        rc = bm_user_lock(db, &cli_shell_actor, login, lock,
                          reason ? reason : lock ? "locked at the server's shell" : "", &e);
        rc = say(rc, login, &e, "%s %s\n", lock ? "locked" : "unlocked");
    } else if (!strcmp(verb, "set")) {
        int role = a->role ? bm_role_from_name(a->role) : 0;
        if ((a->role && !role) || (!a->role && !a->org)) {
            fprintf(stderr, "bianmin: user set needs --role ROLE and/or --org CODE\n");
            rc = 2;
        } else {
            rc = say(bm_user_set_place(db, &cli_shell_actor, login, role, a->org, &e), login, &e,
                     "%s moved%s\n", "");
        }
    } else if (!strcmp(verb, "key-add")) {
        char fp[128], line[16384];
        rc = read_key_line(a, line, sizeof line, fp, sizeof fp);
        if (rc == 0)
            rc = say(bm_user_key_add(db, &cli_shell_actor, login, line, &e), login, &e,
                     "%s: key %s added\n", fp);
    } else {
        struct key_walk w = { .want = a->npositional > 3 ? a->positional[3] : "" };
        if (bm_user_keys(db, login, each_key, &w, &e) != BM_OK)
            cli_print_err(login, &e);
        else if (!w.found[0])
            fprintf(stderr, "bianmin: %s has no key %s (bianmin user keys %s lists them)\n",
                    login, w.want, login);
        else
            rc = say(bm_user_key_remove(db, &cli_shell_actor, login, w.found, &e), login, &e,
                     "%s: key %s removed\n", w.want);
    }
    explicit_bzero(secret, sizeof secret);
    bm_db_close(db);
    return rc;
}
