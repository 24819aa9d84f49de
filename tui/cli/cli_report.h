/* Reports and exports leave the server two ways with the same words and bytes: `bianmin
 * report ...` / `bianmin export open311 ...` at the operator's shell, and `ssh user@host
 * report ...` / `ssh user@host export ...` for a user whose role and scope allow it (the exec
 * request, tui/transport/exec.c). Both build one request and call one function. */
#ifndef TUI_CLI_REPORT_H
#define TUI_CLI_REPORT_H

#include <stddef.h>
#include "core/actor.h"
#include "core/db.h"

typedef struct report_request {
    int open311;            /* an Open311 export (enum bm_open311_kind), 0 for a report */
    const char *name;       /* monthly, ranking ... (core/report.h lists them) */
    const char *from, *to;  /* exports: a range of days instead of a period */
    const char *period;     /* as typed; NULL: the current one */
    const char *scope;      /* an org code; NULL: the user's own */
    const char *format;     /* text (default), csv, json */
    const char *charset;    /* utf-8 (default) or gb18030, for old Excel */
    /* Told after each part of a report is counted (NULL: nobody is told). */
    void (*progress)(void *ctx, const char *name, int done, int total);
    void *progress_ctx;
} report_request;

/* Parses a command line as a remote user typed it: "report NAME" or "export open311 KIND"
 * and the options above, nothing else (no --data, no other command). 0, or -1 with the
 * reason in msg. */
int report_parse_words(const char *line, char *buf, size_t bufcap, report_request *rq,
                       char *msg, size_t msgcap);

/* "services", "definitions", "requests" -> enum bm_open311_kind; 0 for anything else. */
int report_open311_kind(const char *word);

/* Runs the report (or export) for `who` and gives its bytes (malloc'd) in *out. 0, or -1 with the reason,
 * in the current language, in msg (refusals are in the audit log already). */
int report_bytes(bm_db *db, const bm_actor *who, const report_request *rq, char **out,
                 size_t *len, char *msg, size_t msgcap);

#endif
