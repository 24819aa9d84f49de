/* Reports leave the server two ways with the same words and bytes: `bianmin report ...` at the
 * operator's shell, and `ssh user@host report ...` for a user whose role and scope allow it
 * (the exec request, tui/transport/channel.c). Both build one request and call one function. */
#ifndef TUI_CLI_REPORT_H
#define TUI_CLI_REPORT_H

#include <stddef.h>
#include "core/actor.h"
#include "core/db.h"

typedef struct report_request {
    const char *name;       /* monthly, ranking ... (core/report.h lists them) */
    const char *period;     /* as typed; NULL: the current one */
    const char *scope;      /* an org code; NULL: the user's own */
    const char *format;     /* text (default), csv, json */
    const char *charset;    /* utf-8 (default) or gb18030, for old Excel */
} report_request;

/* Parses the words after "report" as a remote user typed them: NAME and the options above,
 * nothing else (no --data, no other command). 0, or -1 with the reason in msg. */
int report_parse_words(const char *line, char *buf, size_t bufcap, report_request *rq,
                       char *msg, size_t msgcap);

/* Runs the report for `who` and gives its bytes (malloc'd) in *out. 0, or -1 with the reason,
 * in the current language, in msg (refusals are in the audit log already). */
int report_bytes(bm_db *db, const bm_actor *who, const report_request *rq, char **out,
                 size_t *len, char *msg, size_t msgcap);

#endif
