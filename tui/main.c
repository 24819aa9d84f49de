/* bianmin: the program; its subcommands are in tui/cli/ (the table: tui/cli/commands.c). */
#include "tui/cli/cli.h"
#include "tui/session/i18n.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage(2);
    /* The database, its journal and the host key hold personal data: owner only. */
    umask(077);
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help"))
        return cli_usage(0);
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("bianmin %s\n", BIANMIN_VERSION);
        return 0;
    }
    const cli_command *c = NULL;
    for (int i = 0; i < cli_command_count && !c; i++)
        if (!strcmp(cmd, cli_commands[i].name))
            c = &cli_commands[i];
    if (!c) {
        fprintf(stderr, "bianmin: unknown command \"%s\"\n", cmd);
        return cli_usage(2);
    }
    cli_args a;
    if (cli_parse_args(argc - 1, argv + 1, &a) != 0 || cli_check_opts(c, &a) != 0)
        return 2;
    i18n_init();
    int rc = c->run(&a);
    i18n_free();
    return rc;
}
