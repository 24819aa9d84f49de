/* The server's data directory at start (see datadir.h).
 *
 * The lock is an flock on the directory itself rather than on a file inside it: it needs no
 * write to the directory, so it holds on a read-only disk too, and the kernel drops it when
 * the process ends however it ends, so a crash never leaves a stale lock behind. */
#include "tui/transport/datadir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

int datadir_lock(const char *dir, char *err, size_t errlen)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open the data directory %s: %s", dir, strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            snprintf(err, errlen, "another bianmin server is already serving the data "
                     "directory %s: stop it first (two servers on one database would "
                     "fight over it)", dir);
        else
            snprintf(err, errlen, "cannot lock the data directory %s: %s", dir,
                     strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

int datadir_writable(const char *dir, const char *db_path, char *why, size_t cap)
{
    if (access(db_path, W_OK) != 0) {
        snprintf(why, cap, "%s cannot be written: %s", db_path, strerror(errno));
        return 0;
    }
    if (access(dir, W_OK) != 0) {
        snprintf(why, cap, "the data directory %s cannot be written: %s", dir,
                 strerror(errno));
        return 0;
    }
    return 1;
}
