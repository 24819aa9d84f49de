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
      "                [--workers N|auto]\n"
      "      the SSH server; --workers: server processes taking logins on the one port\n"
      "      (default 1; auto: one per core), each started again if it dies; --keep: how\n"
      "      long a session whose link dropped waits to be resumed (default 900 s), then its\n"
      "      unsaved input becomes a draft offered at the next login; --max-sessions:\n"
      "      sessions at once in each server process (default: as many as the open-file\n"
      "      limit allows; more are told the server is full); --screen-idle: a session\n"
      "      without a keystroke this long gives its screen back to the pool and repaints at\n"
      "      its next key (default 30 s)\n", "--workers" },
    { "migrate", cli_migrate,
      "  bianmin migrate FROM TO [--data DIR]\n"
      "      copy a county's database into a new one, e.g. sqlite:var/bianmin.db to\n"
      "      postgresql://USER@HOST/DB, with the server stopped; refuses a target that is not\n"
      "      empty; verifies the rows of every table and the audit chain on the copy\n", NULL },
    { "console", cli_console,
      "  bianmin console [--user NAME] [--data DIR]\n"
      "      the same screens on this terminal, for the admin at the server (default user admin)\n", NULL },
    { "user", cli_user,
      "  bianmin user list [--find TEXT] [--data DIR]\n"
      "      accounts whose login, name, pinyin initials, unit or role hold TEXT, with the\n"
      "      last login and the number of keys\n"
      "  bianmin user show LOGIN | bianmin user keys LOGIN\n"
      "  bianmin user add LOGIN --name NAME --role ROLE --org CODE [--phone P]\n"
      "                  [--one-time | --password-stdin]\n"
      "      --one-time: prints a one-time password once; the user must change it at the\n"
      "      first login\n"
      "  bianmin user reset LOGIN          a new one-time password, printed once\n"
      "  bianmin user passwd LOGIN [--password-stdin]\n"
      "  bianmin user lock LOGIN [--reason TEXT] | bianmin user unlock LOGIN\n"
      "  bianmin user set LOGIN [--role ROLE] [--org CODE]   another role or unit\n"
      "  bianmin user key-add LOGIN 'ssh-ed25519 AAAA... comment' | --file KEY.pub\n"
      "  bianmin user key-remove LOGIN SHA256:FINGERPRINT\n"
      "      roles: clerk agent duty supervisor admin; passwords: 8 characters or more, not\n"
      "      the login, not one of the 1,000 most common\n", "--find --phone --one-time --reason" },
    { "org", cli_org,
      "  bianmin org list [--data DIR]     every unit with its code, retired ones marked\n"
      "  bianmin org add CODE --name NAME --kind KIND --parent CODE [--phone P]\n"
      "      kinds: township (under the county), village and window (under a township),\n"
      "      group and grid (under a village)\n"
      "  bianmin org rename CODE --name NAME | bianmin org phone CODE --phone P\n"
      "  bianmin org move VILLAGE --parent TOWNSHIP\n"
      "      its past cases stay with the old centre; new cases go to the new one\n"
      "  bianmin org retire CODE           never deleted: cases and accounts refer to it\n",
      "--parent --kind --phone" },
    { "audit", cli_audit,
      "  bianmin audit verify [--data DIR]\n"
      "      check the audit log's hash chain and seals (key: DIR/audit.key) against its last\n"
      "      head; reports the first broken link, and entries missing at the end\n"
      "  bianmin audit head [--data DIR]\n"
      "      write the chain's head now (the server writes one hourly); do it at every backup\n"
      "  bianmin audit list [--find TEXT] [--limit N]\n"
      "      the newest entries (100 unless --limit), with before and after\n",
      "--find --limit" },
    { "backup", cli_backup,
      "  bianmin backup DIR [--data DIR]\n"
      "      a consistent copy of the database while the server runs, as\n"
      "      DIR/bianmin-YYYYMMDD-HHMMSS.db, with the audit key and the chain's head beside it\n"
      "  bianmin backup now | list | verify FILE [--data DIR]\n"
      "      the Backup screen's copies in DATA/backups (mode 0600); verify: the copy is whole\n"
      "      and its audit chain matches the head saved with it (exit 3 when not)\n", NULL },
    { "calendar", cli_calendar,
      "  bianmin calendar import FILE [--data DIR]\n"
      "      load holiday and make-up working days (lines: YYYY-MM-DD off|work name)\n"
      "  bianmin calendar show YEAR        the year at a glance, and whether it is confirmed\n"
      "  bianmin calendar set YYYY-MM-DD off|work|clear [--name NAME]   one day\n", NULL },
    { "catalogue", cli_catalogue,
      "  bianmin catalogue list [--find TEXT] [--data DIR]\n"
      "      matters (promised/legal working days, version, retired) and bundles; TEXT: a code,\n"
      "      a piece of the name or title, or pinyin initials\n"
      "  bianmin catalogue show CODE [--version N]   a matter as a block of the catalogue file\n"
      "  bianmin catalogue versions CODE   every version of a matter, its time limits and fee\n"
      "  bianmin catalogue diff CODE V1 V2 what changed from version V1 to V2\n"
      "  bianmin catalogue edit CODE KEY=VALUE ...\n"
      "      change fields as the file's keys name them (name title dept basis level type legal\n"
      "      promised fee fee_basis flags): a new version; cases accepted before keep theirs\n"
      "  bianmin catalogue set-days CODE DAYS   new promised working days (edit promised=DAYS)\n"
      "  bianmin catalogue retire CODE --reason TEXT\n"
      "      no new case for the matter, alone or in a bundle; its cases stay as they are\n"
      "  bianmin catalogue import FILE [--preview] [--data DIR]\n"
      "      load matters and bundles (core/data/catalogue.txt shows the format; \"retire:\n"
      "      CODE\" with \"reason: TEXT\" retires one); --preview lists the new, changed and\n"
      "      retired entries and writes nothing\n"
      "\n", "--preview --find --version --reason" },
    { "report", cli_report,
      "  bianmin report NAME [--period P] [--scope CODE] [--format text|csv|json]\n"
      "                      [--charset gb18030] [--lang en] [--data DIR]\n"
      "      figures of a period: daily weekly monthly quarterly yearly (with the previous\n"
      "      period and the same period last year), channels matters departments villages\n"
      "      staff centres, ranking, trend (twelve periods); P: 2026-11-30, 2026-W48, 2026-11,\n"
      "      2026-Q4, 2026 or 2026-11-01..2026-11-15; CODE: the county, a township or a\n"
      "      village (org list); CSV is UTF-8 with a byte-order mark for Excel. Users whose\n"
      "      role allows reports run the same over SSH:\n"
      "      ssh -p 2222 supervisor@host report monthly --format csv\n"
      "      A count that takes more than a second shows how far it got on a terminal's\n"
      "      standard error (--progress: always, one line a part); Ctrl-C stops it harmlessly\n",
      "--period --scope --format --charset --lang --progress" },
    { "export", cli_export,
      "  bianmin export open311 services|definitions|requests [--period P | --from D --to D]\n"
      "                [--scope CODE] [--lang en] [--data DIR]\n"
      "      Open311 GeoReport v2 JSON: the catalogue as services, each matter's service\n"
      "      definition (situations and materials as attributes), cases accepted in the period\n"
      "      as requests (no names, ID numbers or phones); over SSH too, as for report\n"
      "\n", "--period --scope --from --to --lang" },
    { "orders", cli_orders,
      "  bianmin orders import FILE --user LOGIN [--data DIR]\n"
      "      enter the 12345 hotline work orders of a file the platform exports (CSV, UTF-8\n"
      "      or GB18030) into the user's centre, in their name; a bad row is named by its\n"
      "      line and nothing of the file is entered\n"
      "  bianmin orders export --user LOGIN [--out FILE] [--gb18030] [--data DIR]\n"
      "      the centre's answered and closed orders in the same CSV shape, for uploading\n"
      "      back: to standard output, or FILE written whole and readable by its owner only\n"
      "\n", "--out --gb18030" },
    { "roster", cli_roster,
      "  bianmin roster show CENTRE [--from DAY] [--to DAY] [--data DIR]\n"
      "      a township centre's duty shifts (a week from today by default), the off-hours\n"
      "      periods nobody covers and the shifts per person\n"
      "  bianmin roster swap CENTRE DAY DAY | replace CENTRE DAY LOGIN | add CENTRE DAY [LOGIN]\n"
      "  bianmin roster leave LOGIN FROM TO [--user LOGIN] [--data DIR]\n"
      "      change the roster: swap two days' people, give a day's shift to someone else, add\n"
      "      a second person (none: removed), mark leave (those days generated again); as the\n"
      "      administrator, or with --user as that member of staff\n"
      "\n", "--from --to" },
    { "appointment", cli_appointment,
      "  bianmin appointment slots CENTRE DAY [--data DIR]\n"
      "      a centre's appointment slots of a day: times, capacity, people booked\n"
      "  bianmin appointment open CENTRE --from DAY [--to DAY] --minutes M --capacity N\n"
      "      open slots of M minutes for N people in the office hours of each working day\n"
      "      (a slot already open takes the new capacity; its bookings stay)\n"
      "  bianmin appointment extended CENTRE --from DAY --start HH:MM --end HH:MM\n"
      "                    --capacity N --staff LOGIN [--user LOGIN]\n"
      "      an extended-hours slot (预约延时) outside office hours, served by LOGIN\n"
      "\n", "--from --to --minutes --capacity --start --end --staff" },
    { "session", cli_session,
      "  bianmin session list [--user LOGIN] [--data DIR]\n"
      "      every live session on every server process: number, login, role, screen, idle\n"
      "      (minutes:seconds), address, terminal, start, server host/process, session id\n"
      "  bianmin session message N 'TEXT'  shown on the user's message line until a key\n"
      "  bianmin session end N             the user is told; unsaved input kept as a draft\n",
      NULL },
};

const int cli_command_count = (int)(sizeof cli_commands / sizeof cli_commands[0]);

const char *const cli_flags[] = { "--gb18030", "--one-time", "--preview", "--progress", NULL };
