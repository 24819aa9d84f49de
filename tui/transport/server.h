/* The SSH server: one process, one thread and one libssh event loop for every connection. */
#ifndef TUI_SERVER_H
#define TUI_SERVER_H

typedef struct server_opts {
    const char *data_dir;
    const char *db_url;        /* the database (sqlite:PATH, postgresql://...); NULL: data_dir's */
    const char *listen_addr;   /* default 0.0.0.0 */
    int port;                  /* default 2222 */
    int grace_s;               /* from connect to a started session; default 60 */
    int idle_s;                /* no keystroke for this long logs out; default 1800 */
    int keepalive_s;           /* silence before an SSH keepalive is sent; default 30 */
    int keepalive_max;         /* unanswered keepalives before the link counts as lost; 3 */
    int max_conns;             /* sessions at once; 0 = what the open-file limit allows */
    int screen_idle_s;         /* a session without a keystroke this long gives its screen back; 30 */
    int keep_s;                /* a session whose link dropped is kept this long; 900 */
    int workers;               /* server processes on the port (--workers); 1 */
    int worker;                /* which of them this one is, from 1; 0: the only one */
} server_opts;

void server_opts_default(server_opts *o);
/* Serves until SIGTERM, SIGINT or SIGHUP; returns the process exit status. */
int server_run(const server_opts *o);
/* server_run, or with workers > 1 that many of them under a supervisor (workers.c). */
int server_serve(const server_opts *o);
#define WORKERS_MAX 64
/* --workers: a number from 1, or "auto" (the machine's cores); NULL gives 1; -1 when
 * neither. */
int workers_resolve(const char *text);

#endif
