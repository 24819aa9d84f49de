/* Files the server writes (its host key, its lock) are written whole or not at all: a temp
 * file beside the target, every byte written, fsync, rename over the target, fsync of the
 * directory. A full or read-only disk gives an error, never an empty or half file. */
#ifndef TUI_FILESAFE_H
#define TUI_FILESAFE_H

#include <stddef.h>
#include <sys/types.h>

/* Writes n bytes to path with the given mode (the temp file has it from the start, so a
 * private file is never readable by others). 0, or -1 with a reason in err. */
int file_write_atomic(const char *path, const void *bytes, size_t n, mode_t mode, char *err,
                      size_t errlen);

#endif
