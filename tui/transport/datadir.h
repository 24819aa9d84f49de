/* The server's data directory at start: one server per directory (a lock held while it
 * serves), and whether its database can be written. */
#ifndef TUI_DATADIR_H
#define TUI_DATADIR_H

#include <stddef.h>

/* Takes the directory's lock for as long as the returned fd stays open; -1 with a reason when
 * another server holds it or the directory cannot be opened. */
int datadir_lock(const char *dir, char *err, size_t errlen);

/* 1 when the database file and its directory can be written, else 0 and why. */
int datadir_writable(const char *dir, const char *db_path, char *why, size_t cap);

#endif
