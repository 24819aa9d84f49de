/* Inside core only: the report engine's statements, the tallies they fill and the figure
 * definitions that turn tallies into values. */
#ifndef BM_REPORT_INTERNAL_H
#define BM_REPORT_INTERNAL_H

#include <stdint.h>
#include "core/impossible.h"
#include "core/report.h"
#include "core/store.h"
#include "core/workorder.h"

/* How the case statements split their rows. */
enum bm_rpt_split {
    BM_SPLIT_TOTAL = 0,
    BM_SPLIT_CHANNEL,
    BM_SPLIT_MATTER,      /* each sub-case of a bundle counts under its own matter */
    BM_SPLIT_DEPT,        /* likewise */
    BM_SPLIT_VILLAGE,
    BM_SPLIT_STAFF,       /* the handler, else the first contact */
    BM_SPLIT_CENTRE,
    BM_SPLIT_COUNT
};

/* The case statements, one per split: received (?1 ?2 days, ?3 centre, ?4 village), completed
 * (the same and ?5 the completed status), overdue now (?1 today, ?2 the corrections status,
 * ?3 ?4). Each row: key, label, count, [on time, immediate, rated, rating 1..5]. */
enum bm_rpt_query { BM_RQ_RECEIVED, BM_RQ_COMPLETED, BM_RQ_OVERDUE, BM_RQ_COUNT };
/* One text per scope level (the scope's level - 1: county, centre, village). */
#define BM_RPT_LEVELS 3
extern const char *const bm_report_case_sql[BM_RQ_COUNT][BM_RPT_LEVELS][BM_SPLIT_COUNT];
/* Completed cases grouped by accepted day, completed day and days paused (?1 ?2 ?3 ?4 ?5 as
 * for completed): the working days to complete are counted on the calendar from these. */
extern const char *const bm_report_sql_durations[BM_RPT_LEVELS];
/* Proxy requests taken, forwarded and told in [?1, ?2) (instants), and the seconds from taking
 * to telling of those told; ?3 centre, ?4 village. */
extern const char bm_report_sql_proxy[];
/* Work-order clocks of orders received in [?1, ?2): kind, state, count; ?3 ?4 scope. */
extern const char bm_report_sql_orders[];

/* Rectifications of bad ratings opened in [?1, ?2] (days), ?3 ?4 scope (the case's): those
 * that count (?5 the state of an accepted appeal), those put right on or before their day
 * (?6 ?7 the rectified and called-back states), the appeals accepted, and those that count
 * and are put right or past their day by ?8 (today): what "on time" is a share of. */
extern const char bm_report_sql_rect[];
/* Callbacks due in [?1, ?2] (days), ?3 ?4 scope: all of them, and those made (?5 done). */
extern const char bm_report_sql_callbacks[];
/* Could-not-get-it-done records of [?1, ?2] (days) by cause, ?3 centre, ?4 village (of the
 * case it names): cause, count. */
extern const char bm_report_sql_impossible[];

/* Cases as Open311 requests (?1 ?2 days accepted, ?3 ?4 scope): number, status, matter code
 * and name, department, accepted at, updated at, deadline, village, centre, promised days. */
extern const char bm_report_sql_requests[];

/* One item's tally for one period. */
typedef struct bm_rpt_tally {
    char key[64];
    char label[192];
    int64_t received, completed, on_time, immediate, rated, rating[6], overdue;
} bm_rpt_tally;

/* Everything a period's figures are computed from. */
typedef struct bm_rpt_data {
    bm_rpt_tally total;
    int has_overdue;              /* overdue is a snapshot: only for the present period */
    int64_t days_n;               /* completed cases with working days counted */
    double days_avg, days_p90;
    int64_t px_taken, px_forwarded, px_told;
    double px_told_seconds;
    int64_t wo_met[BM_WO_KIND_COUNT], wo_missed[BM_WO_KIND_COUNT];
    int64_t rect_count, rect_on_time, rect_void, rect_due;   /* opened in the period */
    int64_t cb_due, cb_done;                      /* callbacks due in the period */
    int64_t imp[BM_IMP_CAUSE_COUNT], imp_total;   /* could-not-get-it-done, by cause */
} bm_rpt_data;

/* Shared by the engine's files: a statement with the scope bound as ?3 ?4, and a period's
 * days bound as ?1 ?2. */
int bm_rpt_prepare(bm_db *db, const char *sql, const bm_report_scope *sc, bm_stmt **st,
                   bm_err *err);
void bm_rpt_bind_days(bm_stmt *st, bm_day a, bm_day b);
/* The desk's figures of a period: rectifications, callbacks, could-not-get-it-done
 * (report_desk.c). */
int bm_rpt_desk_data(bm_db *db, const bm_report_scope *sc, const bm_period *p, bm_rpt_data *d,
                     bm_err *err);

/* A figure: its key, words, unit, and how its value comes from the data; value NULL for a
 * figure whose data is kept from another issue on (missing says which). */
typedef struct bm_figure {
    const char *key;
    const char *label;            /* msgid */
    const char *group;            /* msgid of its heading */
    int unit;
    void (*value)(const bm_rpt_data *d, int arg, bm_value *out);
    int arg;
    const char *missing;          /* msgid */
} bm_figure;
extern const bm_figure bm_figures[];
extern const int bm_figure_count;

/* Value helpers shared by the definitions and the lists. */
void bm_value_count(bm_value *out, int64_t n);
void bm_value_pct(bm_value *out, int64_t num, int64_t den);
/* The percentages of a tally, by column key: "on_time_pct" ... */
void bm_tally_value(const bm_rpt_tally *t, const char *col, bm_value *out);

/* A growing text buffer for the printouts and exports; oom set once memory ran out (then
 * nothing more is added). */
typedef struct bm_rbuf {
    char *buf;
    size_t len, cap;
    int oom;
} bm_rbuf;
void bm_rbuf_put(bm_rbuf *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s as a JSON string, quoted and escaped. */
void bm_rbuf_json(bm_rbuf *o, const char *s);

/* The channel's words (msgid) for a channel number. */
const char *bm_report_channel_label(int channel);

#endif
