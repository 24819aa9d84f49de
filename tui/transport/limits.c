/* Limits that follow the machine (see limits.h). */
#include "tui/transport/limits.h"

#include <sys/resource.h>

#define FDS_PER_SESSION 3    /* socket, screen memfd, and one spare for what libssh opens */
#define FDS_KEPT 64          /* database and its side files, log, listening socket, pipes */
#define SESSIONS_CEILING 20000

long limits_raise_open_files(void)
{
    struct rlimit r;
    if (getrlimit(RLIMIT_NOFILE, &r) != 0)
        return 1024;
    if (r.rlim_cur < r.rlim_max) {
        r.rlim_cur = r.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &r) != 0)
            getrlimit(RLIMIT_NOFILE, &r);
    }
    return r.rlim_cur == RLIM_INFINITY || r.rlim_cur > 1L << 30 ? 1L << 30 : (long)r.rlim_cur;
}

int limits_sessions_for(long open_files)
{
    long n = (open_files - FDS_KEPT) / FDS_PER_SESSION;
    if (n > SESSIONS_CEILING)
        n = SESSIONS_CEILING;
    return n < 1 ? 1 : (int)n;
}
