/* Several server processes behind one port (see workers.c): the listening socket of a server
 * and the supervisor of `serve --workers N`. */
#ifndef TUI_TRANSPORT_WORKERS_H
#define TUI_TRANSPORT_WORKERS_H

#include "tui/transport/server.h"

#include <libssh/libssh.h>

struct server;

/* Listens on the server's address and port (shared with the other workers when it is one);
 * sets listen_fd and port. 0, or -1 with a reason. */
int listener_open(struct server *s, char *err, size_t errlen);
/* Takes a waiting connection and hands it to libssh; -1 with errno when there was none or
 * it could not be had (EMFILE...). */
int listener_accept(struct server *s, ssh_session ssh);

#endif
