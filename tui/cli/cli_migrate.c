/* bianmin migrate FROM TO: a county's data moved into a new database (from SQLite onto
 * PostgreSQL), with a progress line while it copies and the verification it ends with. */
#include "tui/cli/cli.h"
#include "core/db_copy.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One line rewritten in place on a terminal; on a pipe or a log, a line per finished table. */
static void show_progress(void *ctx, const char *table, int index, int tables, int64_t rows,
                          int done)
{
    int tty = *(const int *)ctx;
    if (tty)
        fprintf(stderr, "\r\033[Kcopying table %d/%d %s: %lld rows%s", index, tables, table,
                (long long)rows, done && index == tables ? "\n" : "");
    else if (done)
        fprintf(stderr, "copied table %d/%d %s: %lld rows\n", index, tables, table,
                (long long)rows);
}

int cli_migrate(const cli_args *a)
{
    if (a->npositional != 3)
        return cli_usage(2);
    const char *from = a->positional[1], *to = a->positional[2];
    /* A database on a server keeps its audit key and head in the data directory. */
    if (mkdir(a->data_dir, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "bianmin: cannot create %s: %s\n", a->data_dir, strerror(errno));
        return 1;
    }
    int tty = isatty(STDERR_FILENO);
    bm_copy_report r;
    bm_err e;
    if (bm_db_copy(from, to, show_progress, &tty, &r, &e) != BM_OK) {
        if (tty)
            fputc('\n', stderr);
        cli_print_err(to, &e);
        return 1;
    }
    printf("copied %d tables, %lld rows, from %s to %s\n"
           "verified: every table holds as many rows as the source; the audit chain of %lld "
           "entries is whole\n", r.tables, (long long)r.rows, from, to,
           (long long)r.audit_entries);
    return 0;
}
