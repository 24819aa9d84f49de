/* bianmin orders: 12345 hotline work orders between the hotline platform's files and the
 * database. Import enters every order of a file into a user's centre, in their name, or none;
 * export writes the centre's answered orders in the same CSV shape for uploading back. */
#include "tui/cli/cli.h"
#include "core/user.h"
#include "core/workorder.h"
#include "tui/transport/filesafe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The orders come in through a member of staff: their centre, their name in the history. */
static int staff_actor(bm_db *db, const char *login, bm_user *u, bm_actor *who)
{
    if (!login) {
        fprintf(stderr, "bianmin: orders: give --user LOGIN (the orders are that user's "
                        "centre's, entered in their name)\n");
        return -1;
    }
    bm_err e;
    if (bm_user_get(db, login, u, &e) != BM_OK) {
        cli_print_err(login, &e);
        return -1;
    }
    bm_actor a = { .user_id = u->id, .login = u->login, .role = u->role, .org_id = u->org_id,
                   .session = "shell", .addr = "" };
    *who = a;
    return 0;
}

static int import_file(bm_db *db, const bm_actor *who, const char *path)
{
    int imported = 0, line = 0;
    bm_err e;
    if (bm_wo_import(db, who, path, &imported, &line, &e) != BM_OK) {
        char where[600];
        if (line > 0)
            snprintf(where, sizeof where, "%s line %d (nothing imported)", path, line);
        else
            snprintf(where, sizeof where, "%s (nothing imported)", path);
        cli_print_err(where, &e);
        return 1;
    }
    printf("imported %d orders from %s\n", imported, path);
    return 0;
}

static int export_file(bm_db *db, const bm_actor *who, const char *out, int gb18030)
{
    char *text = NULL;
    size_t len = 0;
    int count = 0;
    bm_err e;
    if (bm_wo_export_text(db, who, gb18030, &text, &len, &count, &e) != BM_OK) {
        cli_print_err("orders export", &e);
        return 1;
    }
    int rc = 0;
    if (out) {
        /* the file names callers and their phones: the owner's alone */
        char why[256];
        if (file_write_atomic(out, text, len, 0600, why, sizeof why) != 0) {
            fprintf(stderr, "bianmin: %s: %s\n", out, why);
            rc = 1;
        } else {
            fprintf(stderr, "exported %d orders to %s\n", count, out);
        }
    } else if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
        fprintf(stderr, "bianmin: orders export: cannot write to standard output\n");
        rc = 1;
    }
    free(text);
    return rc;
}

int cli_orders(const cli_args *a)
{
    int import = a->npositional >= 3 && !strcmp(a->positional[1], "import");
    int export = a->npositional == 2 && !strcmp(a->positional[1], "export");
    if (!import && !export)
        return cli_usage(2);
    bm_db *db;
    if (cli_open_db(a, &db) != 0)
        return 1;
    bm_user u;
    bm_actor who;
    int rc = 1;
    if (staff_actor(db, a->user, &u, &who) == 0)
        rc = import ? import_file(db, &who, a->positional[2])
                    : export_file(db, &who, cli_opt(a, "--out"), cli_opt(a, "--gb18030") != NULL);
    bm_db_close(db);
    return rc;
}
