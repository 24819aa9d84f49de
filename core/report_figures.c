/* The figures, each defined once: key, words, heading, unit, and the value it takes from a
 * period's data. A figure whose data arrives with another issue is listed with the reason it
 * has no value yet, so a report says so instead of printing zero. */
#include <string.h>
#include "core/case.h"
#include "core/report_internal.h"

void bm_value_count(bm_value *out, int64_t n)
{
    *out = (bm_value){BM_VALUE_OK, BM_UNIT_COUNT, (double)n};
}

void bm_value_pct(bm_value *out, int64_t num, int64_t den)
{
    *out = (bm_value){den > 0 ? BM_VALUE_OK : BM_VALUE_NONE, BM_UNIT_PERCENT,
                      den > 0 ? 100.0 * (double)num / (double)den : 0};
}

static void days(bm_value *out, int64_t n, double v)
{
    *out = (bm_value){n > 0 ? BM_VALUE_OK : BM_VALUE_NONE, BM_UNIT_DAYS, n > 0 ? v : 0};
}

/* The tally's own figures, by the column keys the lists use. */
void bm_tally_value(const bm_rpt_tally *t, const char *col, bm_value *out)
{
    if (!strcmp(col, "received"))
        bm_value_count(out, t->received);
    else if (!strcmp(col, "completed"))
        bm_value_count(out, t->completed);
    else if (!strcmp(col, "on_time_pct"))
        bm_value_pct(out, t->on_time, t->completed);
    else if (!strcmp(col, "immediate_pct"))
        bm_value_pct(out, t->immediate, t->completed);
    else if (!strcmp(col, "rated_pct"))
        bm_value_pct(out, t->rated, t->completed);
    else if (!strcmp(col, "satisfied_pct"))
        bm_value_pct(out, t->rating[4] + t->rating[5], t->rated);
    else if (!strcmp(col, "bad_ratings"))
        bm_value_count(out, t->rating[1] + t->rating[2]);
    else if (!strcmp(col, "overdue_now"))
        bm_value_count(out, t->overdue);
    else
        *out = (bm_value){BM_VALUE_MISSING, BM_UNIT_COUNT, 0};
}

static const char *const tally_cols[] = {
    "received", "completed", "on_time_pct", "immediate_pct", "rated_pct", "satisfied_pct",
    "bad_ratings",
};

static void from_tally(const bm_rpt_data *d, int arg, bm_value *out)
{
    bm_tally_value(&d->total, tally_cols[arg], out);
}

static void overdue(const bm_rpt_data *d, int arg, bm_value *out)
{
    (void)arg;
    if (d->has_overdue)
        bm_value_count(out, d->total.overdue);
    else
        *out = (bm_value){BM_VALUE_NONE, BM_UNIT_COUNT, 0};
}

static void work_days(const bm_rpt_data *d, int arg, bm_value *out)
{
    days(out, d->days_n, arg ? d->days_p90 : d->days_avg);
}

static void rating(const bm_rpt_data *d, int arg, bm_value *out)
{
    bm_value_count(out, d->total.rating[arg]);
}

static void proxy(const bm_rpt_data *d, int arg, bm_value *out)
{
    switch (arg) {
    case 0: bm_value_count(out, d->px_taken); break;
    case 1: bm_value_count(out, d->px_forwarded); break;
    case 2: bm_value_count(out, d->px_told); break;
    default: days(out, d->px_told, d->px_told ? d->px_told_seconds / 86400.0 / d->px_told : 0);
    }
}

static void orders(const bm_rpt_data *d, int arg, bm_value *out)
{
    bm_value_pct(out, d->wo_met[arg], d->wo_met[arg] + d->wo_missed[arg]);
}

/* Bad ratings rectified: those that count, rectified on time among those rectified or past
 * their day, appeals accepted; callbacks made among those due. */
static void desk(const bm_rpt_data *d, int arg, bm_value *out)
{
    switch (arg) {
    case 0: bm_value_count(out, d->rect_count); break;
    case 1: bm_value_pct(out, d->rect_on_time, d->rect_due); break;
    case 2: bm_value_count(out, d->rect_void); break;
    default: bm_value_pct(out, d->cb_done, d->cb_due);
    }
}

/* arg 0: every record; else the records of that cause. */
static void impossible(const bm_rpt_data *d, int arg, bm_value *out)
{
    bm_value_count(out, arg ? d->imp[arg] : d->imp_total);
}

#define CASES N_("Cases")
#define RATINGS N_("Ratings")
#define AGENTS N_("Village proxy requests")
#define ORDERS N_("12345 work orders: clocks met")
#define IMPOSSIBLE N_("Could not get it done, by cause")

const bm_figure bm_figures[] = {
    {"received", N_("Received"), CASES, BM_UNIT_COUNT, from_tally, 0, NULL},
    {"completed", N_("Completed"), CASES, BM_UNIT_COUNT, from_tally, 1, NULL},
    {"on_time_pct", N_("Completed on time"), CASES, BM_UNIT_PERCENT, from_tally, 2, NULL},
    {"overdue_now", N_("Overdue now"), CASES, BM_UNIT_COUNT, overdue, 0, NULL},
    {"immediate_pct", N_("Immediate completions"), CASES, BM_UNIT_PERCENT, from_tally, 3,
     NULL},
    {"avg_days", N_("Average working days to complete"), CASES, BM_UNIT_DAYS, work_days, 0,
     NULL},
    {"p90_days", N_("9 in 10 completed within (working days)"), CASES, BM_UNIT_DAYS, work_days, 1,
     NULL},
    {"rated_pct", N_("Rating participation"), RATINGS, BM_UNIT_PERCENT, from_tally, 4, NULL},
    {"satisfied_pct", N_("Satisfied or very satisfied"), RATINGS, BM_UNIT_PERCENT, from_tally, 5,
     NULL},
    {"rating_5", N_("Very satisfied"), RATINGS, BM_UNIT_COUNT, rating, 5, NULL},
    {"rating_4", N_("Satisfied"), RATINGS, BM_UNIT_COUNT, rating, 4, NULL},
    {"rating_3", N_("Fair"), RATINGS, BM_UNIT_COUNT, rating, 3, NULL},
    {"rating_2", N_("Unsatisfied"), RATINGS, BM_UNIT_COUNT, rating, 2, NULL},
    {"rating_1", N_("Very unsatisfied"), RATINGS, BM_UNIT_COUNT, rating, 1, NULL},
    {"bad_ratings", N_("Bad ratings (unsatisfied or worse)"), RATINGS, BM_UNIT_COUNT, from_tally, 6, NULL},
    {"rect_count", N_("Bad ratings to rectify"), RATINGS, BM_UNIT_COUNT, desk, 0, NULL},
    {"rectified_pct", N_("Bad ratings rectified on time"), RATINGS, BM_UNIT_PERCENT, desk, 1,
     NULL},
    {"appeals_accepted", N_("Appeals accepted (out of the figures)"), RATINGS, BM_UNIT_COUNT,
     desk, 2, NULL},
    {"callback_pct", N_("Callback rate"), RATINGS, BM_UNIT_PERCENT, desk, 3, NULL},
    {"proxy_taken", N_("Requests taken"), AGENTS, BM_UNIT_COUNT, proxy, 0, NULL},
    {"proxy_forwarded", N_("Forwarded to the township"), AGENTS, BM_UNIT_COUNT, proxy, 1, NULL},
    {"proxy_told", N_("Answered back to the person"), AGENTS, BM_UNIT_COUNT, proxy, 2, NULL},
    {"proxy_days", N_("Average days from taking to answering"), AGENTS, BM_UNIT_DAYS, proxy, 3,
     NULL},
    {"wo_consult_pct", N_("Consultations"), ORDERS, BM_UNIT_PERCENT, orders, BM_WO_CONSULT,
     NULL},
    {"wo_help_pct", N_("Help requests"), ORDERS, BM_UNIT_PERCENT, orders, BM_WO_HELP, NULL},
    {"wo_suggest_pct", N_("Suggestions"), ORDERS, BM_UNIT_PERCENT, orders, BM_WO_SUGGEST, NULL},
    {"wo_complaint_pct", N_("Complaints"), ORDERS, BM_UNIT_PERCENT, orders, BM_WO_COMPLAINT,
     NULL},
    {"wo_report_pct", N_("Reports of wrongdoing"), ORDERS, BM_UNIT_PERCENT, orders,
     BM_WO_REPORT, NULL},
    {"impossible", N_("Could not get it done"), IMPOSSIBLE, BM_UNIT_COUNT, impossible, 0, NULL},
    {"impossible.not_listed", N_("Not in the catalogue"), IMPOSSIBLE, BM_UNIT_COUNT, impossible,
     BM_IMP_NOT_LISTED, NULL},
    {"impossible.refused", N_("Refused"), IMPOSSIBLE, BM_UNIT_COUNT, impossible, BM_IMP_REFUSED,
     NULL},
    {"impossible.passed_around", N_("Sent between departments"), IMPOSSIBLE, BM_UNIT_COUNT,
     impossible, BM_IMP_PASSED_AROUND, NULL},
    {"impossible.too_slow", N_("Too slow"), IMPOSSIBLE, BM_UNIT_COUNT, impossible,
     BM_IMP_TOO_SLOW, NULL},
    {"impossible.other", N_("Other"), IMPOSSIBLE, BM_UNIT_COUNT, impossible, BM_IMP_OTHER, NULL},
};
const int bm_figure_count = (int)(sizeof bm_figures / sizeof bm_figures[0]);

const char *bm_report_channel_label(int channel)
{
    switch (channel) {
    case BM_CHANNEL_WINDOW: return N_("Window");
    case BM_CHANNEL_AGENT: return N_("Proxy agent");
    case BM_CHANNEL_HOME_VISIT: return N_("Home visit");
    case BM_CHANNEL_APPOINTMENT: return N_("Appointment");
    case BM_CHANNEL_HOTLINE: return N_("12345 hotline");
    case BM_CHANNEL_ONLINE: return N_("Online");
    default: return N_("Other");
    }
}
