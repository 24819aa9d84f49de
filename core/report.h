/* Reports: the figures the centres publish (日统计、周通报、月调度, 一月一比一公示), computed in
 * core for a period and a scope the actor may see, as one table that the shell, the exec
 * channel and the screens all print. A figure is one definition in report_figures.c: its key,
 * its words, its unit and what it is computed from; figures whose data lands with another
 * issue are defined too and say so instead of showing zero.
 *
 * Counting rules the definitions state once:
 *   - received: cases accepted in the period (drafts are not received); completed: cases that
 *     reached 已办结 in the period; a bundle (一件事) counts once, as its top case, except in
 *     the splits by matter and department, which count each sub-case.
 *   - on time: completed on or before the deadline, which excludes the working days spent
 *     waiting for corrections and counts working days on the official calendar.
 *   - overdue now: open cases past their deadline today, not waiting for corrections (the
 *     supervisor's overdue list, exactly).
 *   - immediate (即办): a 0-day matter completed on the day it was accepted.
 *   - working days to complete: working days from acceptance to completion, minus the days
 *     paused for corrections.
 *   - satisfaction: 满意 + 非常满意 among rated cases; participation: rated among completed.
 *     A bad rating whose appeal the head accepted is out of both (and of the bad ratings).
 *   - bad ratings rectified on time: of the rectifications opened in the period that count
 *     (no accepted appeal) and are put right or past their day, those put right by it.
 *   - callback rate: callbacks made among those due in the period, up to today.
 *   - could not get it done: records kept in the period, by cause; a village's are those
 *     that name one of its cases. */
#ifndef BM_REPORT_H
#define BM_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include "core/actor.h"
#include "core/date.h"
#include "core/db.h"
#include "core/err.h"

/* ---- periods ---- */

enum bm_period_kind {
    BM_PERIOD_DAY = 1,    /* 2026-11-30 */
    BM_PERIOD_WEEK,       /* 2026-W48 (ISO week, Monday to Sunday) */
    BM_PERIOD_MONTH,      /* 2026-11 */
    BM_PERIOD_QUARTER,    /* 2026-Q4 */
    BM_PERIOD_YEAR,       /* 2026 */
    BM_PERIOD_RANGE       /* 2026-11-01..2026-11-15 */
};

typedef struct bm_period {
    int kind;
    bm_day from, to;      /* both included */
    char label[32];       /* as it would be typed: "2026-11", "2026-W48" ... */
} bm_period;

/* Parses a period as typed (the forms above). BM_EINVALID with a reason otherwise. */
int bm_period_parse(const char *text, bm_period *out, bm_err *err);
/* The period of that kind holding `day` (a range becomes its day). */
void bm_period_of(int kind, bm_day day, bm_period *out);
/* The period just before (a range: the same number of days before it) and, with step +1,
 * the one after. */
void bm_period_step(const bm_period *p, int step, bm_period *out);
/* The same period a year earlier (the same ISO week number; 29 February becomes the 28th). */
void bm_period_last_year(const bm_period *p, bm_period *out);

/* ---- scopes ---- */

enum bm_scope_level { BM_REPORT_COUNTY = 1, BM_REPORT_CENTRE, BM_REPORT_VILLAGE };

typedef struct bm_report_scope {
    int level;
    int64_t centre_id, village_id;    /* 0 above that level */
    char code[33];
    char name[128];
} bm_report_scope;

/* The scope an org code names (a county, a township centre or a village), checked against
 * what the actor may see (BM_EDENIED in words, and recorded in the audit log); code NULL or
 * "" is the actor's own: their centre, or the county for an administrator. */
int bm_report_scope_get(bm_db *db, const bm_actor *who, const char *code, bm_report_scope *out,
                        bm_err *err);

/* ---- values and tables ---- */

enum bm_report_unit { BM_UNIT_COUNT = 1, BM_UNIT_PERCENT, BM_UNIT_DAYS };
enum bm_value_state {
    BM_VALUE_OK = 0,
    BM_VALUE_NONE,        /* nothing to divide by: shown as "-" */
    BM_VALUE_MISSING      /* the figure's data is not kept yet: the row's note says why */
};

typedef struct bm_value {
    int state;
    int unit;
    double v;             /* a count, a percentage (0..100) or working days */
} bm_value;

#define BM_REPORT_MAX_COLS 8

typedef struct bm_report_col {
    const char *key;      /* for CSV and JSON */
    const char *label;    /* msgid */
} bm_report_col;

typedef struct bm_report_row {
    char key[64];         /* a figure's key, or a split's key (channel name, matter code ...) */
    char label[192];      /* label_msgid: a msgid to translate; else data (a village's name) */
    int label_msgid;
    const char *group;    /* msgid of the heading the row sits under, NULL for none */
    const char *note;     /* msgid: why a figure has no value yet */
    int rank;             /* rankings: 1.. (equal values share a rank), 0 elsewhere */
    bm_value cell[BM_REPORT_MAX_COLS];
} bm_report_row;

typedef struct bm_report {
    char name[24];        /* the report asked for, e.g. "monthly" */
    const char *title;    /* msgid */
    bm_period period, previous, last_year;
    bm_report_scope scope;
    char generated[32];   /* "YYYY-MM-DD HH:MM" */
    const char *footnote; /* msgid, or NULL */
    int min_count;        /* rankings: rows below this many completed are left out */
    int ncols;
    bm_report_col col[BM_REPORT_MAX_COLS];
    int nrows, cap;
    bm_report_row *rows;
} bm_report;

/* Reports by name (bm_report_names lists them for usage and errors):
 *   daily weekly monthly quarterly yearly summary  every figure, with the previous period and
 *       the same period last year, and the cases received by channel
 *   channels matters departments villages staff centres  one row per item: received,
 *       completed, on time %, immediate %, rated %, satisfied %, overdue now
 *   ranking  staff ranked by on time %, then satisfaction, then completed; equal figures share
 *       a rank; staff with fewer than min_count completed cases are left out (stated)
 *   trend  the twelve periods up to this one (of its kind), oldest first: received, completed,
 *       on time %, immediate %, rated %, satisfied %
 * Period NULL: the current period of the report's kind (a month for summary and the lists).
 * Needs BM_ACT_REPORT_VIEW on the scope. Free with bm_report_free. */
int bm_report_run(bm_db *db, const bm_actor *who, const char *name, const bm_period *period,
                  const char *scope_code, bm_report *out, bm_err *err);
void bm_report_free(bm_report *r);
extern const char *const bm_report_names[];

/* The same report counted in steps (a period's cases, its working days, its other figures
 * ... one step each), for a screen that keeps serving between steps and shows how far it
 * got, and a shell that prints its progress: begin checks the name and the scope as
 * bm_report_run does; each step returns 1 while more is left, 0 when the report is done
 * (bm_report_take hands it over), or minus the error code (err filled); done and total say
 * how far (either may be NULL). Giving up between steps is freeing the job: nothing was
 * written. */
typedef struct bm_report_job bm_report_job;
int bm_report_begin(bm_db *db, const bm_actor *who, const char *name, const bm_period *period,
                    const char *scope_code, bm_report_job **out, bm_err *err);
int bm_report_step(bm_report_job *job, int *done, int *total, bm_err *err);
void bm_report_take(bm_report_job *job, bm_report *out);
void bm_report_job_free(bm_report_job *job);
/* The period kind a report is made for (BM_PERIOD_MONTH for the lists). 0: no such report. */
int bm_report_period_kind(const char *name);
/* The row with that key, or NULL. */
const bm_report_row *bm_report_find(const bm_report *r, const char *key);

/* ---- printing ---- */

enum bm_report_format { BM_FORMAT_TEXT = 1, BM_FORMAT_CSV, BM_FORMAT_JSON };
/* "text", "csv", "json" -> the format; 0 for anything else. */
int bm_report_format_parse(const char *s);

/* The report as bytes: text (78 columns, for an 80-column printer; Chinese counted two
 * columns wide), CSV (RFC 4180, UTF-8 with a byte-order mark when bom, one header row,
 * numbers unformatted, "" for no value) or JSON. tr translates msgids (NULL: as they are).
 * *out is malloc'd; BM_OK or BM_EDB when memory ran out. */
int bm_report_format(const bm_report *r, int format, int bom, const char *(*tr)(const char *),
                     char **out, size_t *len, bm_err *err);
/* One value as the text printout shows it ("97.5%", "3.2", "-"). */
void bm_value_text(const bm_value *v, char *buf, size_t n);

/* ---- Open311 GeoReport v2 ---- */

enum bm_open311_kind { BM_OPEN311_SERVICES = 1, BM_OPEN311_DEFINITIONS, BM_OPEN311_REQUESTS };

/* GeoReport v2 JSON. SERVICES: the current catalogue (matters and bundles) as `services`
 * (service_code, service_name, description, metadata, type, keywords, group); DEFINITIONS:
 * each matter's `service definition`, its situations as yes/no attributes and its materials
 * as attributes to bring; REQUESTS: the top cases accepted in the period within the scope
 * (checked as for reports) as `requests`: number, status open/closed and its words, matter,
 * department, the promise, accepted / updated / expected date-times (Beijing time), the
 * village and centre as the address. No applicant, ID number, phone or free text leaves.
 * scope_code and period are for REQUESTS only. tr translates the few words it carries. */
int bm_open311_export(bm_db *db, const bm_actor *who, int kind, const bm_period *period,
                      const char *scope_code, const char *(*tr)(const char *), char **out,
                      size_t *len, bm_err *err);

/* Columns a UTF-8 string takes on a terminal (CJK two, others one). */
int bm_text_width(const char *s);

#endif
