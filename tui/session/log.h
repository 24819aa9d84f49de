/* One log line per event to stderr (journald picks it up): time, event, then key=value pairs
 * for user, address and session. Never given a password. */
#ifndef TUI_LOG_H
#define TUI_LOG_H

#include <stddef.h>

/* Set when standard error is the terminal the UI draws on (bianmin console). */
extern int log_silenced;
/* Which of several server processes writes (serve --workers): ends every line; 0 for none. */
extern int log_worker;

void log_event(const char *event, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A copy of s safe for a log value: at most cap-1 bytes, controls, spaces, quotes and '=' become
 * '_', so a login name typed by a stranger cannot forge a log line. "" for NULL. */
const char *log_clean(const char *s, char *buf, size_t cap);

#endif
