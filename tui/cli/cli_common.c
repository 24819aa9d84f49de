/* What every subcommand shares: parsing the options, the data directory and its database,
 * errors in words, reading a password, and the usage text built from the command table. */
#include "tui/cli/cli.h"
#include "tui/session/i18n.h"
#include "core/store.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

const bm_actor cli_shell_actor = { 0, "shell", BM_ROLE_ADMIN, 0, "", "local" };

int cli_usage(int status)
{
    FILE *out = status ? stderr : stdout;
    fputs("bianmin " BIANMIN_VERSION " — service desk for township and village convenience-"
          "service centres\n\nusage:\n", out);
    for (int i = 0; i < cli_command_count; i++)
        fputs(cli_commands[i].usage, out);
    fputs("\nThe data directory is --data, else $BIANMIN_DATA, else ./var.\n"
          "The database is --db URL, else $BIANMIN_DB, else bianmin.db in the data directory:\n"
          "sqlite:PATH, or postgresql://USER@HOST/DB (its audit key and head stay in the data\n"
          "directory).\n", out);
    return status;
}

const char *cli_opt(const cli_args *a, const char *name)
{
    for (int i = 0; i < a->nopts; i++)
        if (!strcmp(a->opt_name[i], name))
            return a->opt_value[i];
    return NULL;
}

int cli_check_opts(const cli_command *c, const cli_args *a)
{
    for (int i = 0; i < a->nopts; i++) {
        const char *o = a->opt_name[i], *list = c->options ? c->options : "";
        size_t n = strlen(o);
        const char *at = list;
        while ((at = strstr(at, o)) && ((at > list && at[-1] != ' ') ||
                                        (at[n] && at[n] != ' ')))
            at += n;
        if (!at) {
            fprintf(stderr, "bianmin: %s takes no option %s (bianmin --help lists them)\n",
                    c->name, o);
            return -1;
        }
    }
    return 0;
}

int cli_parse_int(const char *opt, const char *v, int lo, int hi, int *out)
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

int cli_parse_args(int argc, char **argv, cli_args *a)
{
    memset(a, 0, sizeof *a);
    a->port = -1;
    a->grace = a->idle = a->keepalive = a->keep = a->max_sessions = a->screen_idle = -1;
    for (int i = 0; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define VALUE() do { if (!v) { fprintf(stderr, "bianmin: %s needs a value\n", o); return -1; } i++; } while (0)
        if (!strcmp(o, "--data")) { VALUE(); a->data_dir = v; }
        else if (!strcmp(o, "--db")) { VALUE(); a->db = v; }
        else if (!strcmp(o, "--demo")) a->demo = 1;
        else if (!strcmp(o, "--password-stdin")) a->password_stdin = 1;
        else if (!strcmp(o, "--name")) { VALUE(); a->name = v; }
        else if (!strcmp(o, "--role")) { VALUE(); a->role = v; }
        else if (!strcmp(o, "--org")) { VALUE(); a->org = v; }
        else if (!strcmp(o, "--user")) { VALUE(); a->user = v; }
        else if (!strcmp(o, "--file")) { VALUE(); a->file = v; }
        else if (!strcmp(o, "--listen")) { VALUE(); a->listen = v; }
        else if (!strcmp(o, "--port")) { VALUE(); if (cli_parse_int(o, v, 0, 65535, &a->port)) return -1; }
        else if (!strcmp(o, "--grace")) { VALUE(); if (cli_parse_int(o, v, 1, 3600, &a->grace)) return -1; }
        else if (!strcmp(o, "--idle")) { VALUE(); if (cli_parse_int(o, v, 10, 86400, &a->idle)) return -1; }
        else if (!strcmp(o, "--keepalive")) { VALUE(); if (cli_parse_int(o, v, 0, 3600, &a->keepalive)) return -1; }
        else if (!strcmp(o, "--keep")) { VALUE(); if (cli_parse_int(o, v, 0, 86400, &a->keep)) return -1; }
        else if (!strcmp(o, "--screen-idle")) { VALUE(); if (cli_parse_int(o, v, 1, 86400, &a->screen_idle)) return -1; }
        else if (!strcmp(o, "--max-sessions")) { VALUE(); if (cli_parse_int(o, v, 1, 20000, &a->max_sessions)) return -1; }
        else if (o[0] == '-' && o[1] == '-' && o[2]) {
            if (a->nopts == CLI_MAX_OPTS) {
                fprintf(stderr, "bianmin: too many options\n");
                return -1;
            }
            int flag = 0;
            for (int f = 0; cli_flags[f]; f++)
                flag |= !strcmp(o, cli_flags[f]);
            if (!flag)
                VALUE();
            a->opt_name[a->nopts] = o;
            a->opt_value[a->nopts++] = flag ? "1" : v;
        } else if (o[0] == '-' && o[1]) {
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
    if (!a->db) {
        const char *env = getenv("BIANMIN_DB");
        a->db = env && env[0] ? env : NULL;
    }
    /* A database on a server keeps its audit key and head in the data directory. */
    bm_store_set_data_dir(a->data_dir);
    return 0;
}

void cli_db_path(const cli_args *a, char *out, size_t cap)
{
    if (a->db)
        snprintf(out, cap, "%s", a->db);
    else
        snprintf(out, cap, "%s/bianmin.db", a->data_dir);
}

void cli_print_err(const char *what, const bm_err *e)
{
    fprintf(stderr, "bianmin: %s: %s%s%s\n", what, _(e->reason), e->detail[0] ? ": " : "",
            e->detail);
}

int cli_open_db(const cli_args *a, bm_db **db)
{
    char path[PATH_MAX];
    cli_db_path(a, path, sizeof path);
    bm_err e;
    if (bm_db_open(path, db, &e) != BM_OK) {
        cli_print_err(path, &e);
        return -1;
    }
    return 0;
}

int cli_read_password(int from_stdin, char *out, size_t cap)
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
