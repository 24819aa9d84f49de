/* The error record: filling it in when a core call refuses or fails. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "core/err.h"

int bm_fail(bm_err *err, int code, const char *reason, const char *detail_fmt, ...)
{
    if (err) {
        err->code = code;
        err->field = BM_FIELD_NONE;
        err->reason = reason;
        err->detail[0] = '\0';
        if (detail_fmt) {
            va_list ap;
            va_start(ap, detail_fmt);
            vsnprintf(err->detail, sizeof err->detail, detail_fmt, ap);
            va_end(ap);
        }
    }
    return code;
}

void bm_err_clear(bm_err *err)
{
    if (err) {
        err->code = BM_OK;
        err->field = BM_FIELD_NONE;
        err->reason = NULL;
        err->detail[0] = '\0';
    }
}

int bm_err_at(bm_err *err, int field, int code)
{
    if (err && code != BM_OK)
        err->field = field;
    return code;
}

const char *const bm_reason_unavailable =
    N_("Database unreachable now: nothing saved, what you typed is kept. Try again.");

int bm_err_unavailable(const bm_err *err)
{
    return err && err->code == BM_EDB && err->reason &&
           strcmp(err->reason, bm_reason_unavailable) == 0;
}
