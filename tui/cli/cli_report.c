/* `bianmin report NAME [--period P] [--scope CODE] [--format text|csv|json] [--charset
 * gb18030] [--lang en]` and `bianmin export open311 services|definitions|requests [--period P
 * | --from D --to D] [--scope CODE]`, and the same requests as SSH exec lines: core computes
 * and checks the scope, this file parses, converts the charset and hands the bytes over. */
#include "tui/cli/cli.h"
#include "tui/cli/cli_report.h"
#include "tui/session/i18n.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
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

int report_open311_kind(const char *word)
{
    return !word ? 0 : !strcmp(word, "services") ? BM_OPEN311_SERVICES
           : !strcmp(word, "definitions") ? BM_OPEN311_DEFINITIONS
           : !strcmp(word, "requests") ? BM_OPEN311_REQUESTS : 0;
}

/* An export's period: --period, or --from and --to as a range of days. */
static int export_period(const report_request *rq, bm_period *p, int *given, char *msg,
                         size_t msgcap)
{
    char range[32];
    bm_err e;
    const char *text = rq->period;
    *given = rq->period || rq->from || rq->to;
    if (!*given)
        return 0;
    if (!text) {
        snprintf(range, sizeof range, "%s..%s", rq->from ? rq->from : "", rq->to ? rq->to : "");
        text = range;
    }
    if (bm_period_parse(text, p, &e) != BM_OK) {
        snprintf(msg, msgcap, "%s", _(e.reason));
        return -1;
    }
    return 0;
}

static int export_bytes(bm_db *db, const bm_actor *who, const report_request *rq, char **out,
                        size_t *len, char *msg, size_t msgcap)
{
    bm_period p;
    int given;
    if (export_period(rq, &p, &given, msg, msgcap) != 0)
        return -1;
    bm_err e;
    if (bm_open311_export(db, who, rq->open311, given ? &p : NULL, rq->scope, tr, out, len,
                          &e) != BM_OK) {
        snprintf(msg, msgcap, "%s%s%s", _(e.reason), e.code == BM_EDB ? "" : ": ",
                 e.code == BM_EDB ? "" : e.detail);
        return -1;
    }
    return 0;
}

/* The report counted a part at a time, telling rq->progress after each. */
static int count_report(bm_db *db, const bm_actor *who, const report_request *rq,
                        const bm_period *p, bm_report *out, bm_err *e)
{
    bm_report_job *j;
    int rc = bm_report_begin(db, who, rq->name, p, rq->scope, &j, e);
    if (rc != BM_OK)
        return rc;
    int r, done, total;
    while ((r = bm_report_step(j, &done, &total, e)) >= 0) {
        if (rq->progress)
            rq->progress(rq->progress_ctx, rq->name, done, total);
        if (r == 0)
            break;
    }
    if (r == 0)
        bm_report_take(j, out);
    bm_report_job_free(j);
    return r < 0 ? -r : BM_OK;
}

int report_bytes(bm_db *db, const bm_actor *who, const report_request *rq, char **out,
                 size_t *len, char *msg, size_t msgcap)
{
    *out = NULL;
    *len = 0;
    if (rq->open311)
        return export_bytes(db, who, rq, out, len, msg, msgcap);
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
    if (count_report(db, who, rq, rq->period ? &p : NULL, &r, &e) != BM_OK) {
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
    char *w = strtok(buf, " \t\r\n");
    int is_export = w && !strcmp(w, "export");
    if (is_export) {
        w = strtok(NULL, " \t\r\n");
        rq->open311 = w && !strcmp(w, "open311") ? report_open311_kind(strtok(NULL, " \t\r\n"))
                                                 : 0;
        if (!rq->open311) {
            snprintf(msg, msgcap, "%s",
                     _("Usage: export open311 services|definitions|requests [--period P | "
                       "--from D --to D] [--scope CODE]"));
            return -1;
        }
        rq->name = "open311";
    }
    for (w = strtok(NULL, " \t\r\n"); w; w = strtok(NULL, " \t\r\n")) {
        if (slot) {
            *slot = w;
            slot = NULL;
        } else if (!strcmp(w, "--period")) {
            slot = &rq->period;
        } else if (!strcmp(w, "--scope")) {
            slot = &rq->scope;
        } else if (!strcmp(w, "--format") && !is_export) {
            slot = &rq->format;
        } else if (!strcmp(w, "--charset") && !is_export) {
            slot = &rq->charset;
        } else if (!strcmp(w, "--from") && is_export) {
            slot = &rq->from;
        } else if (!strcmp(w, "--to") && is_export) {
            slot = &rq->to;
        } else if (w[0] != '-' && !rq->name) {
            rq->name = w;
        } else {
            snprintf(msg, msgcap, "%s: %s",
                     is_export ? _("Not an option of export") : _("Not an option of report"), w);
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

static int run_and_write(const cli_args *a, const report_request *rq, const char *what);

/* Progress on standard error: with --progress one line a part; else, on a terminal, one
 * line rewritten in place once the count has taken more than a second. */
typedef struct shell_progress {
    int always, tty, shown;
    struct timespec start;
} shell_progress;

static void tell_progress(void *ctx, const char *name, int done, int total)
{
    shell_progress *sp = ctx;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    int long_enough = now.tv_sec - sp->start.tv_sec > 1 ||
                      (now.tv_sec - sp->start.tv_sec == 1 && now.tv_nsec >= sp->start.tv_nsec);
    if (!sp->always && !(sp->tty && (sp->shown || long_enough)))
        return;
    char line[200];
    snprintf(line, sizeof line, _("bianmin: report %s: counted part %d of %d"), name, done,
             total);
    /* On a terminal the line is written over in place; with --progress each is kept. */
    fprintf(stderr, sp->always ? "%s\n" : "\r%s", line);
    sp->shown = 1;
    if (!sp->always && done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

int cli_report(const cli_args *a)
{
    if (a->npositional != 2)
        return cli_usage(2);
    if (cli_opt(a, "--lang"))
        i18n_use(cli_opt(a, "--lang"));
    shell_progress sp = {.always = cli_opt(a, "--progress") != NULL, .tty = isatty(2)};
    clock_gettime(CLOCK_MONOTONIC, &sp.start);
    report_request rq = {.name = a->positional[1], .period = cli_opt(a, "--period"),
                         .scope = cli_opt(a, "--scope"), .format = cli_opt(a, "--format"),
                         .charset = cli_opt(a, "--charset"), .progress = tell_progress,
                         .progress_ctx = &sp};
    return run_and_write(a, &rq, "report");
}

/* Runs the request as the operator and writes its bytes to standard output. */
static int run_and_write(const cli_args *a, const report_request *rq, const char *what)
{
    bm_db *db;
    if (cli_open_db(a, &db) != 0)
        return 1;
    char *out, msg[512];
    size_t len;
    int rc = report_bytes(db, &cli_shell_actor, rq, &out, &len, msg, sizeof msg);
    bm_db_close(db);
    if (rc != 0) {
        fprintf(stderr, "bianmin: %s: %s\n", what, msg);
        return 1;
    }
    size_t put = fwrite(out, 1, len, stdout);
    free(out);
    if (put != len || fflush(stdout) != 0) {
        fprintf(stderr, "bianmin: %s: %s\n", what, strerror(errno));
        return 1;
    }
    return 0;
}

int cli_export(const cli_args *a)
{
    if (a->npositional != 3 || strcmp(a->positional[1], "open311") != 0 ||
        !report_open311_kind(a->positional[2]))
        return cli_usage(2);
    report_request rq = {.open311 = report_open311_kind(a->positional[2]), .name = "open311",
                         .period = cli_opt(a, "--period"), .scope = cli_opt(a, "--scope"),
                         .from = cli_opt(a, "--from"), .to = cli_opt(a, "--to")};
    if (cli_opt(a, "--lang"))
        i18n_use(cli_opt(a, "--lang"));
    return run_and_write(a, &rq, "export");
}
