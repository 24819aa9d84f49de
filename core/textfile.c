/* Reading a whole text file an operator hands to an import. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/textfile.h"

int bm_text_file_read(const char *path, size_t max, const char *reason, char **buf, size_t *len,
                      bm_err *err)
{
    *buf = NULL;
    *len = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return bm_fail(err, BM_ENOTFOUND, reason, "%s: %s", path, strerror(errno));
    char *b = malloc(max + 1);
    if (!b) {
        fclose(fp);
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    }
    size_t n = fread(b, 1, max + 1, fp);
    int bad = ferror(fp);
    fclose(fp);
    if (bad || n > max) {
        free(b);
        return bm_fail(err, BM_EINVALID, reason, "%s: %s", path,
                       bad ? "read error" : "the file is too large");
    }
    *buf = b;
    *len = n;
    return BM_OK;
}
