/* The shell's subcommands, each once, in the order `bianmin --help` lists them (see cli.h). */
#include "tui/cli/cli.h"

#include <stddef.h>

const cli_command cli_commands[] = {
    { "init", cli_init,
      "  bianmin init [--demo] [--data DIR] [--db URL]\n"
      "      create the data directory and database; without --demo one admin account with a\n"
      "      random password (printed once); with --demo a demo county and the logins clerk,\n"
      "      agent, duty, supervisor, admin (password: demo)\n", NULL },
    { "serve", cli_serve,
      "  bianmin serve [--port 2222] [--listen ADDR] [--data DIR] [--db URL] [--grace S]\n"
      "                [--idle S]\n"
      "                [--keepalive S] [--keep S] [--max-sessions N] [--screen-idle S]\n"
      "      the SSH server (all sessions in one process); --keep: how long a session whose\n"
      "      link dropped waits to be resumed (default 900 s), then its unsaved input becomes\n"
      "      a draft offered at the next login; --max-sessions: sessions at once (default: as\n"
      "      many as the open-file limit allows; more are told the server is full);\n"
      "      --screen-idle: a session without a keystroke this long gives its screen back to\n"
      "      the pool and repaints at its next key (default 30 s)\n", NULL },
    { "console", cli_console,
      "  bianmin console [--user NAME] [--data DIR]\n"
      "      the same screens on this terminal, for the admin at the server (default user admin)\n", NULL },
    { "user", cli_user,
      "  bianmin user list [--data DIR]\n"
      "  bianmin user add LOGIN --name NAME --role ROLE --org CODE [--password-stdin]\n"
      "  bianmin user passwd LOGIN [--password-stdin]\n"
      "  bianmin user lock LOGIN | bianmin user unlock LOGIN\n"
      "  bianmin user key-add LOGIN 'ssh-ed25519 AAAA... comment' | --file KEY.pub\n"
      "      roles: clerk agent duty supervisor admin\n", NULL },
    { "org", cli_org,
      "  bianmin org list [--data DIR]\n", NULL },
    { "audit", cli_audit,
      "  bianmin audit verify [--data DIR]\n"
      "      check the audit log's hash chain and seals (key: DIR/audit.key) against its last\n"
      "      head; reports the first broken link, and entries missing at the end\n"
      "  bianmin audit head [--data DIR]\n"
      "      write the chain's head now (the server writes one hourly); do it at every backup\n", NULL },
    { "backup", cli_backup,
      "  bianmin backup DIR [--data DIR]\n"
      "      a consistent copy of the database while the server runs, as\n"
      "      DIR/bianmin-YYYYMMDD-HHMMSS.db, with the audit key and the chain's head beside it\n", NULL },
    { "calendar", cli_calendar,
      "  bianmin calendar import FILE [--data DIR]\n"
      "      load holiday and make-up working days (lines: YYYY-MM-DD off|work name)\n", NULL },
    { "catalogue", cli_catalogue,
      "  bianmin catalogue import FILE [--data DIR]\n"
      "      load matters and bundles (core/data/catalogue.txt shows the format); a changed\n"
      "      matter gets a new version, cases keep the version they were accepted under\n"
      "\n", NULL },
};

const int cli_command_count = (int)(sizeof cli_commands / sizeof cli_commands[0]);

const char *const cli_flags[] = { NULL };
