/* The shell's subcommands: the options they share, and the table that names them.
 *
 * Adding a subcommand: one tui/cli/cli_*.c holding `int cli_NAME(const cli_args *a)`, its
 * declaration below, and one row in tui/cli/commands.c with its usage lines. An option the
 * parser does not name takes the next argument as its value and is read with cli_opt(); the
 * command's row lists such options (any other is refused as unknown), and a flag without a
 * value is also declared in cli_flags (commands.c). */
#ifndef TUI_CLI_CLI_H
#define TUI_CLI_CLI_H

#include "core/actor.h"
#include "core/db.h"
#include "core/err.h"

#include <stddef.h>

#define CLI_MAX_OPTS 16

/* Options shared by every subcommand, plus the positional arguments left over. */
typedef struct cli_args {
    const char *data_dir;
    const char *db;   /* --db URL (or $BIANMIN_DB); NULL: the data directory's bianmin.db */
    const char *positional[8];
    int npositional;
    int demo;
    int password_stdin;
    const char *name, *role, *org, *user, *file, *listen;
    int port, grace, idle, keepalive, keep, max_sessions, screen_idle;
    /* Any other option: "--from" "2026-11-01", or a flag from cli_flags with the value "1". */
    const char *opt_name[CLI_MAX_OPTS], *opt_value[CLI_MAX_OPTS];
    int nopts;
} cli_args;

typedef struct cli_command {
    const char *name;
    int (*run)(const cli_args *a);
    const char *usage;   /* its lines in `bianmin --help` */
    const char *options; /* the options it takes beyond cli_args' own, space-separated */
} cli_command;

extern const cli_command cli_commands[];
extern const int cli_command_count;
/* Flags (options without a value) beyond the ones cli_args names. */
extern const char *const cli_flags[];

int cli_usage(int status);
int cli_parse_args(int argc, char **argv, cli_args *a);
/* 0 when every option beyond cli_args' own is one the command takes; else says which is not. */
int cli_check_opts(const cli_command *c, const cli_args *a);
/* The value of an option the parser does not name (e.g. "--from"), or NULL. */
const char *cli_opt(const cli_args *a, const char *name);
/* Reads an option as a whole number from lo to hi; says why on stderr and gives -1 when not. */
int cli_parse_int(const char *opt, const char *v, int lo, int hi, int *out);
void cli_db_path(const cli_args *a, char *out, size_t cap);
void cli_print_err(const char *what, const bm_err *e);
int cli_open_db(const cli_args *a, bm_db **db);
/* Reads a new password: from standard input with --password-stdin or when it is not a
 * terminal, else asked twice without echo. */
int cli_read_password(int from_stdin, char *out, size_t cap);

/* The operator at the shell acts as an administrator outside any session. */
extern const bm_actor cli_shell_actor;

int cli_init(const cli_args *a);
int cli_serve(const cli_args *a);
int cli_console(const cli_args *a);
int cli_user(const cli_args *a);
int cli_org(const cli_args *a);
int cli_audit(const cli_args *a);
int cli_backup(const cli_args *a);
int cli_catalogue(const cli_args *a);
int cli_calendar(const cli_args *a);
int cli_report(const cli_args *a);     /* cli_report.c */
int cli_export(const cli_args *a);     /* cli_report.c */
int cli_orders(const cli_args *a);
int cli_migrate(const cli_args *a);   /* cli_migrate.c */
int cli_roster(const cli_args *a);     /* cli_duty.c */
int cli_appointment(const cli_args *a); /* cli_duty.c */
int cli_session(const cli_args *a);   /* cli_session.c: live sessions */

#endif
