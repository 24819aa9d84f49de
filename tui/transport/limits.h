/* Limits that follow the machine: the open-file limit raised as far as allowed, and how many
 * sessions it can carry. */
#ifndef TUI_LIMITS_H
#define TUI_LIMITS_H

/* Raises the soft open-file limit to the hard one; returns the limit now in force. */
long limits_raise_open_files(void);
/* Sessions that many open files can carry (each holds its socket, with room kept for the
 * database, logs, listening socket and connections being turned away). At least 1. */
int limits_sessions_for(long open_files);
/* The machine's memory in MB (-1 when unknown), and the sessions half of it carries. */
long limits_memory_mb(void);
int limits_sessions_for_memory(long memory_mb);

#endif
