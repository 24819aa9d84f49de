/* Limits that follow the machine (see limits.h). */
#include "tui/transport/limits.h"

#include <sys/resource.h>
#include <unistd.h>

/* A session holds one descriptor, its socket (screens share one in-memory file, see
 * display.c); a tenth more is kept for connections being told the server is full and for
 * files opened in passing (terminfo, the database's journal). */
#define FDS_KEPT 64          /* database and its side files, log, listening socket, pipes */
#define SESSIONS_CEILING 20000
/* Memory kept per session when sizing from memory: a session typing holds a screen (about
 * 250 KB), an idle one far less; half the machine's memory is left to the database and cache. */
#define SESSION_BUDGET_KB 512

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

long limits_memory_mb(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page <= 0)
        return -1;
    return (long)((long long)pages * page / (1024 * 1024));
}

int limits_sessions_for_memory(long memory_mb)
{
    if (memory_mb < 0)
        return SESSIONS_CEILING;
    long n = memory_mb * 1024 / 2 / SESSION_BUDGET_KB;
    if (n > SESSIONS_CEILING)
        n = SESSIONS_CEILING;
    return n < 1 ? 1 : (int)n;
}

int limits_sessions_for(long open_files)
{
    long n = (open_files - FDS_KEPT) * 9 / 10;
    if (n > SESSIONS_CEILING)
        n = SESSIONS_CEILING;
    return n < 1 ? 1 : (int)n;
}
