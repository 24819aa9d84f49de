/* Password checks off the event loop. A yescrypt check takes tens of milliseconds on purpose;
 * run inside the loop it would stall every session's typing, so a small pool of threads does
 * only that pure computation and posts each result to a pipe the loop watches. The threads
 * touch no session, no SSH object and no database. */
#ifndef TUI_AUTHWORK_H
#define TUI_AUTHWORK_H

#include <stdint.h>

typedef struct authwork_result {
    uint64_t ticket;     /* as given to authwork_submit */
    int matches;         /* 1 when the password matched the hash */
} authwork_result;

/* Starts the threads; returns the fd that becomes readable when results are ready. */
int authwork_start(int threads);
void authwork_stop(void);
/* Queues a check; password and hash are copied (the copy of the password is wiped after). */
int authwork_submit(uint64_t ticket, const char *password, const char *hash);
/* Reads one finished result; returns 1 if one was read, 0 if none is waiting. */
int authwork_take(authwork_result *out);

#endif
