/* The commands an SSH exec request may run: `report ...` and `export open311 ...` only
 * (reports, issue 15), checked against the user's role and scope in core; everything else
 * stays refused by channel.c. */
#ifndef TUI_TRANSPORT_EXEC_H
#define TUI_TRANSPORT_EXEC_H

#include "tui/transport/conn.h"

/* Answers an exec request whose command is one of ours: the output on the channel's stdout
 * (or the reason on stderr and exit status 1), then the channel closes. Returns 0 when the
 * command is not ours (the caller refuses it). */
int exec_allowed_command(server *s, conn *c, ssh_message msg);

#endif
