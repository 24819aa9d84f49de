/* bianmin user and org: accounts, passwords, keys and locks; the organisation's codes. */
#include "tui/cli/cli.h"
#include "tui/transport/sshkeys.h"
#include "core/org.h"
#include "core/user.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

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
int cli_org(const cli_args *a)
{
    if (a->npositional < 2 || strcmp(a->positional[1], "list") != 0)
        return cli_usage(2);
    bm_db *db;
    bm_err e;
    if (cli_open_db(a, &db) != 0)
        return 1;
    int rc = bm_org_list(db, print_org, NULL, &e) == BM_OK ? 0 : (cli_print_err("org list", &e), 1);
    bm_db_close(db);
    return rc;
}

int cli_user(const cli_args *a)
{
    if (a->npositional < 2)
        return cli_usage(2);
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
    if (cli_open_db(a, &db) != 0)
        return 1;
    if (!strcmp(verb, "list")) {
        printf("%-16s %-12s %-10s %-6s %s\n", "login", "name", "role", "lock", "unit");
        rc = bm_user_list(db, print_user, NULL, &e) == BM_OK ? 0 : (cli_print_err("list", &e), 1);
    } else if (!strcmp(verb, "add")) {
        int role = a->role ? bm_role_from_name(a->role) : 0;
        char password[256];
        if (!a->name || !a->org || !role) {
            fprintf(stderr, "bianmin: user add needs --name, --org and --role "
                    "(clerk agent duty supervisor admin)\n");
            rc = 2;
        } else if (cli_read_password(a->password_stdin, password, sizeof password) == 0) {
            rc = bm_user_add(db, &cli_shell_actor, login, a->name, role, a->org, password, &e);
            if (rc != BM_OK)
                cli_print_err(login, &e);
            else
                printf("added %s\n", login);
            explicit_bzero(password, sizeof password);
        }
    } else if (!strcmp(verb, "passwd")) {
        char password[256];
        if (cli_read_password(a->password_stdin, password, sizeof password) == 0) {
            rc = bm_user_set_password(db, &cli_shell_actor, login, password, &e);
            if (rc != BM_OK)
                cli_print_err(login, &e);
            else
                printf("password changed for %s\n", login);
            explicit_bzero(password, sizeof password);
        }
    } else if (!strcmp(verb, "lock") || !strcmp(verb, "unlock")) {
        int lock = !strcmp(verb, "lock");
        rc = bm_user_set_locked(db, &cli_shell_actor, login, lock, &e);
        if (rc != BM_OK)
            cli_print_err(login, &e);
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
            rc = bm_user_key_add(db, &cli_shell_actor, login, line, &e);
            if (rc != BM_OK)
                cli_print_err(login, &e);
            else
                printf("key %s added for %s\n", fp, login);
        }
    }
    bm_db_close(db);
    return rc == BM_OK ? 0 : rc;
}
