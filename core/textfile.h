/* Reading a whole text file an operator hands to an import (calendar, catalogue). */
#ifndef BM_TEXTFILE_H
#define BM_TEXTFILE_H

#include <stddef.h>
#include "core/err.h"

/* Reads path into *buf (malloc'd, not NUL-terminated) and its length into *len. A missing file
 * is BM_ENOTFOUND, a read error or more than max bytes BM_EINVALID, each with `reason` (the
 * caller's words, e.g. "Cannot read the calendar file") and the path in the detail. */
int bm_text_file_read(const char *path, size_t max, const char *reason, char **buf, size_t *len,
                      bm_err *err);

#endif
