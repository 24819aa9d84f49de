/* bianmin session list|message|end: the Live sessions screen (BM980) from the shell, for the
 * sessions of every server process sharing the database. A message or an end is left in the
 * store; the server holding the session carries it out within a few seconds. */
#include "tui/cli/cli.h"
#include "core/date.h"
#include "core/live_session.h"
#include "core/user.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int print_session(const bm_live_session *l, void *ctx)
{
    (void)ctx;
    long idle = (long)(bm_now() - l->last_key_at);
    if (idle < 0)
        idle = 0;
    char started[20];
    struct tm tm;
    time_t t = l->started_at;
    strftime(started, sizeof started, "%Y-%m-%d %H:%M", gmtime_r(&t, &tm));
    printf("%-5lld %-16s %-10s %-6s %4ld:%02ld  %-15s %-10s %3dx%-3d %s  %s/%d %s  %s\n",
           (long long)l->id, l->login, bm_role_name(l->role), l->screen, idle / 60,
           idle % 60, l->addr, l->term, l->cols, l->rows, started, l->host,
           l->pid, l->session, l->unit);
    return 0;
}

/* The session number typed on the command line, or -1 (said why). */
static int64_t session_number(const cli_args *a)
{
    const char *v = a->npositional > 2 ? a->positional[2] : NULL;
    char *end;
    long long n = v ? strtoll(v, &end, 10) : 0;
    if (!v || *end || n <= 0) {
        fprintf(stderr, "bianmin: session %s needs the session's number (session list)\n",
                a->positional[1]);
        return -1;
    }
    return n;
}

int cli_session(const cli_args *a)
{
    const char *verb = a->npositional >= 2 ? a->positional[1] : "";
    if (strcmp(verb, "list") && strcmp(verb, "message") && strcmp(verb, "end"))
        return cli_usage(2);
    int64_t id = 0;
    if (strcmp(verb, "list") && (id = session_number(a)) < 0)
        return 2;
    if (!strcmp(verb, "message") && a->npositional != 4) {
        fprintf(stderr, "bianmin: session message ID 'TEXT' (the message in one argument)\n");
        return 2;
    }
    bm_db *db;
    if (cli_open_db(a, &db) != 0)
        return 1;
    bm_err e;
    int rc;
    if (!strcmp(verb, "list")) {
        int64_t user_id = 0;
        bm_user u;
        rc = BM_OK;
        if (a->user && (rc = bm_user_get(db, a->user, &u, &e)) == BM_OK)
            user_id = u.id;
        if (rc == BM_OK)
            rc = bm_live_list(db, &cli_shell_actor, user_id, print_session, NULL, &e);
    } else if (!strcmp(verb, "message")) {
        rc = bm_live_message(db, &cli_shell_actor, id, a->positional[3], &e);
        if (rc == BM_OK)
            printf("message left for session %lld: it shows within a few seconds\n",
                   (long long)id);
    } else {
        rc = bm_live_end(db, &cli_shell_actor, id, &e);
        if (rc == BM_OK)
            printf("session %lld ends within a few seconds; the user's unsaved input is kept "
                   "as a draft\n", (long long)id);
    }
    if (rc != BM_OK)
        cli_print_err(verb, &e);
    bm_db_close(db);
    return rc == BM_OK ? 0 : rc == BM_ENOTFOUND ? 3 : 1;
}
