/* `bianmin report NAME [--period P] [--scope CODE] [--format text|csv|json] [--charset
 * gb18030] [--lang en]`, and the same request as an SSH exec line: core computes and checks
 * the scope, this file parses, converts the charset and hands the bytes over. */
#include "tui/cli/cli.h"
#include "tui/cli/cli_report.h"
#include "tui/session/i18n.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/report.h"

/* UTF-8 to GB18030 (every Unicode character has a GB18030 form). 0, or -1. */
static int to_gb18030(char **text, size_t *len)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    if (cd == (iconv_t)-1)
        return -1;
    size_t cap = *len * 2 + 16, left = cap, inleft = *len;
    char *out = malloc(cap), *o = out, *in = *text;
    int rc = out ? 0 : -1;
    if (rc == 0 && iconv(cd, &in, &inleft, &o, &left) == (size_t)-1)
        rc = -1;
    iconv_close(cd);
    if (rc != 0) {
        free(out);
        return -1;
    }
    free(*text);
    *text = out;
    *len = cap - left;
    return 0;
}

int report_bytes(bm_db *db, const bm_actor *who, const report_request *rq, char **out,
                 size_t *len, char *msg, size_t msgcap)
{
    *out = NULL;
    *len = 0;
    int format = bm_report_format_parse(rq->format);
    int gb = rq->charset && (!strcasecmp(rq->charset, "gb18030") || !strcasecmp(rq->charset, "gbk"));
    if (!format) {
        snprintf(msg, msgcap, "%s", _("The format is text, csv or json"));
        return -1;
    }
    if (rq->charset && !gb && strcasecmp(rq->charset, "utf-8") && strcasecmp(rq->charset, "utf8")) {
        snprintf(msg, msgcap, "%s", _("The charset is utf-8 or gb18030"));
        return -1;
    }
    bm_err e;
    bm_period p;
    if (rq->period && bm_period_parse(rq->period, &p, &e) != BM_OK) {
        snprintf(msg, msgcap, "%s", _(e.reason));
        return -1;
    }
    bm_report r;
    if (bm_report_run(db, who, rq->name, rq->period ? &p : NULL, rq->scope, &r, &e) != BM_OK) {
        snprintf(msg, msgcap, "%s%s%s", _(e.reason), e.code == BM_EDB ? "" : ": ",
                 e.code == BM_EDB ? "" : e.detail);
        return -1;
    }
    /* A byte-order mark tells Excel the CSV is UTF-8; GB18030 files go without. */
    int rc = bm_report_format(&r, format, format == BM_FORMAT_CSV && !gb, tr, out, len, &e);
    bm_report_free(&r);
    if (rc != BM_OK) {
        snprintf(msg, msgcap, "%s", _(e.reason));
        return -1;
    }
    if (gb && to_gb18030(out, len) != 0) {
        free(*out);
        *out = NULL;
        snprintf(msg, msgcap, "%s", _("The report could not be converted to GB18030"));
        return -1;
    }
    return 0;
}

int report_parse_words(const char *line, char *buf, size_t bufcap, report_request *rq,
                       char *msg, size_t msgcap)
{
    memset(rq, 0, sizeof *rq);
    if (strlen(line) >= bufcap) {
        snprintf(msg, msgcap, "%s", _("The command is too long"));
        return -1;
    }
    strcpy(buf, line);
    const char **slot = NULL;
    for (char *w = strtok(buf, " \t\r\n"); w; w = strtok(NULL, " \t\r\n")) {
        if (slot) {
            *slot = w;
            slot = NULL;
        } else if (!strcmp(w, "--period")) {
            slot = &rq->period;
        } else if (!strcmp(w, "--scope")) {
            slot = &rq->scope;
        } else if (!strcmp(w, "--format")) {
            slot = &rq->format;
        } else if (!strcmp(w, "--charset")) {
            slot = &rq->charset;
        } else if (w[0] != '-' && !rq->name) {
            rq->name = w;
        } else {
            snprintf(msg, msgcap, "%s: %s", _("Not an option of report"), w);
            return -1;
        }
    }
    if (slot || !rq->name) {
        snprintf(msg, msgcap, "%s",
                 _("Usage: report NAME --period 2026-11 [--scope CODE] [--format text|csv|json] "
                   "[--charset gb18030]"));
        return -1;
    }
    return 0;
}

int cli_report(const cli_args *a)
{
    if (a->npositional != 2)
        return cli_usage(2);
    if (cli_opt(a, "--lang"))
        i18n_use(cli_opt(a, "--lang"));
    report_request rq = {a->positional[1], cli_opt(a, "--period"), cli_opt(a, "--scope"),
                         cli_opt(a, "--format"), cli_opt(a, "--charset")};
    bm_db *db;
    if (cli_open_db(a, &db) != 0)
        return 1;
    char *out, msg[512];
    size_t len;
    int rc = report_bytes(db, &cli_shell_actor, &rq, &out, &len, msg, sizeof msg);
    bm_db_close(db);
    if (rc != 0) {
        fprintf(stderr, "bianmin: report: %s\n", msg);
        return 1;
    }
    size_t put = fwrite(out, 1, len, stdout);
    free(out);
    if (put != len || fflush(stdout) != 0) {
        fprintf(stderr, "bianmin: report: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}
