/* bianmin init, serve and console: creating the data, serving it over SSH, and the same
 * screens on the server's own terminal. */
#include "tui/cli/cli.h"
#include "tui/transport/console.h"
#include "tui/transport/server.h"
#include "tui/session/log.h"
#include "core/store.h"
#include "core/user.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int cli_init(const cli_args *a)
{
    if (mkdir(a->data_dir, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "bianmin: cannot create %s: %s\n", a->data_dir, strerror(errno));
        return 1;
    }
    char path[PATH_MAX];
    cli_db_path(a, path, sizeof path);
    char password[64];
    bm_err e;
    if (bm_db_init(path, a->demo ? BM_INIT_DEMO : 0, password, sizeof password, &e) != BM_OK) {
        cli_print_err(path, &e);
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
static int check_administered(const cli_args *a)
{
    char path[PATH_MAX];
    cli_db_path(a, path, sizeof path);
    bm_db *db;
    bm_err e;
    if (bm_db_open(path, &db, &e) != BM_OK)
        return 0;   /* the server says why it cannot open it, in its own words */
    int admins = 0;
    int rc = bm_user_list(db, count_admins, &admins, &e);
    bm_db_close(db);
    if (rc != BM_OK) {
        cli_print_err(path, &e);
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

/* A database server that stops answering is logged once when it stops and once when it
 * answers again, not at every failed call meanwhile. */
static void log_reachability(int reachable, const char *detail)
{
    if (reachable)
        log_event("database", "reachable again");
    else
        log_event("database", "unreachable: %s", detail);
}

int cli_serve(const cli_args *a)
{
    bm_store_watch(log_reachability);
    if (check_administered(a) != 0)
        return 1;
    server_opts o;
    server_opts_default(&o);
    o.data_dir = a->data_dir;
    o.db_url = a->db;
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
    o.workers = workers_resolve(cli_opt(a, "--workers"));
    if (o.workers < 1) {
        fprintf(stderr, "bianmin: --workers takes a number from 1 to %d, or auto\n",
                WORKERS_MAX);
        return -2;
    }
    return server_serve(&o);
}

int cli_console(const cli_args *a)
{
    return console_run(a->data_dir, a->user ? a->user : "admin");
}
