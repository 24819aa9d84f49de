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
} server_opts;

void server_opts_default(server_opts *o);
/* Serves until SIGTERM or SIGINT; returns the process exit status. */
int server_run(const server_opts *o);

#endif
