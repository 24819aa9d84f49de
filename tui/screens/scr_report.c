/* BM600 the report of a period for the user's centre (日统计、周通报、月调度): the figures
 * with the previous period and the same period last year and the cases received by channel,
 * one bar per channel; or (F2) the cases received in the twelve periods up to this one. Bars
 * are '#' on a '.' track, the same on every terminal and charset. F7/F8 step the period, F6
 * turns day / week / month / quarter / year, F4 lists the overdue cases behind "overdue now",
 * F9 prints the report through the user's terminal. A report that takes more than a moment
 * is counted a part at a time between keys, with its progress on the screen; Esc or F12 stops
 * it. The numbers are core's (core/report.h), the same as `bianmin report` prints. */
#include "core/report.h"
#include "forms/frame.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/kit/receipt.h"
#include "tui/screens/report.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int report_slice_ms = 100;

typedef struct report_state {
    bm_report r;
    bm_report trend;      /* the twelve periods, while the chart shows them */
    int loaded;
    int show_trend;
    bm_period period;
    bm_report_job *job;   /* the report being counted, or NULL */
    int job_trend;        /* it is the twelve periods (counted after the figures) */
    int done, total;      /* how far it got */
} report_state;

/* The figures the screen shows, in order; the printout has them all. */
static const char *const shown[] = {
    "received", "completed", "on_time_pct", "overdue_now", "immediate_pct", "avg_days",
    "p90_days", "rated_pct", "satisfied_pct",
};
#define NSHOWN ((int)(sizeof shown / sizeof shown[0]))

static const char *name_for(int kind)
{
    switch (kind) {
    case BM_PERIOD_DAY: return "daily";
    case BM_PERIOD_WEEK: return "weekly";
    case BM_PERIOD_QUARTER: return "quarterly";
    case BM_PERIOD_YEAR: return "yearly";
    default: return "monthly";
    }
}

static int64_t ms_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void stop_counting(report_state *s)
{
    bm_report_job_free(s->job);
    s->job = NULL;
}

static int begin(app *a, report_state *s, int trend)
{
    bm_err err;
    s->job_trend = trend;
    s->done = 0;
    if (bm_report_begin(a->db, &a->actor, trend ? "trend" : name_for(s->period.kind), &s->period,
                        NULL, &s->job, &err) != BM_OK) {
        ui_error(a, &err);
        return -1;
    }
    return 0;
}

/* Counts until the report is done or the slice's time is up: 1 while more is left. */
static int count(app *a, report_state *s)
{
    int64_t start = ms_now();
    while (s->job) {
        bm_err err;
        int r = bm_report_step(s->job, &s->done, &s->total, &err);
        if (r < 0) {
            stop_counting(s);
            ui_error(a, &err);
            return 0;
        }
        if (r == 0) {
            bm_report_take(s->job, s->job_trend ? &s->trend : &s->r);
            stop_counting(s);
            if (!s->show_trend || s->job_trend) {
                s->loaded = 1;
                return 0;
            }
            if (begin(a, s, 1) != 0)
                return 0;
        }
        if (ms_now() - start >= report_slice_ms)
            return s->job != NULL;
    }
    return 0;
}

static void load(app *a, report_state *s)
{
    bm_report_free(&s->r);
    bm_report_free(&s->trend);
    stop_counting(s);
    s->loaded = 0;
    if (begin(a, s, 0) == 0 && count(a, s))
        app_work_start(a);
}

static int report_work(app *a, void *st)
{
    return count(a, st);
}

static void report_open(app *a, void *st)
{
    report_state *s = st;
    bm_period_of(BM_PERIOD_MONTH, bm_day_of(bm_now()), &s->period);
    load(a, s);
}

static void report_close(app *a, void *st)
{
    (void)a;
    report_state *s = st;
    stop_counting(s);
    bm_report_free(&s->r);
    bm_report_free(&s->trend);
}

static void report_status(app *a, void *st, char *buf, size_t cap)
{
    (void)a;
    report_state *s = st;
    snprintf(buf, cap, "%s  %s", s->period.label, s->loaded ? s->r.scope.name : "");
}

#define VALUE_W 12
#define LABEL_W (80 - 3 * VALUE_W - 2)
#define BAR_W 50

static void draw_row(WINDOW *w, int y, const char *label, const char *const v[3])
{
    fm_put_padded(w, y, 1, label, LABEL_W);
    for (int c = 0; c < 3; c++)
        fm_put_right(w, y, 1 + LABEL_W + (c + 1) * VALUE_W - 1, v[c]);
}

/* One bar per row of r whose key starts with prefix (every row for NULL), scaled to the
 * largest, with its count after it; the first value of each row is the one drawn. */
static void draw_bars(WINDOW *w, int y, int bottom, const char *heading, const bm_report *r,
                      const char *prefix)
{
    char line[32];
    size_t plen = prefix ? strlen(prefix) : 0;
    double max = 1;
    fm_put(w, y++, 1, heading, 40);
    for (int i = 0; i < r->nrows; i++)
        if ((!prefix || !strncmp(r->rows[i].key, prefix, plen)) && r->rows[i].cell[0].v > max)
            max = r->rows[i].cell[0].v;
    for (int i = 0; i < r->nrows && y < bottom; i++) {
        const bm_report_row *row = &r->rows[i];
        if (prefix && strncmp(row->key, prefix, plen) != 0)
            continue;
        char bar[BAR_W + 1];
        int n = (int)(row->cell[0].v * BAR_W / max + 0.5);
        if (row->cell[0].v > 0 && n == 0)
            n = 1;   /* an item with cases always shows some bar */
        for (int k = 0; k < BAR_W; k++)
            bar[k] = k < n ? '#' : '.';
        bar[BAR_W] = '\0';
        fm_put_padded(w, y, 1, row->label_msgid ? _(row->label) : row->label, 14);
        fm_put(w, y, 16, bar, BAR_W);
        snprintf(line, sizeof line, "%.0f", row->cell[0].v);
        fm_put_right(w, y, 16 + BAR_W + 7, line);
        y++;
    }
}

static void report_draw(app *a, void *st, WINDOW *w)
{
    (void)a;
    report_state *s = st;
    int y = FM_BODY_TOP, bottom = getmaxy(w) - 3;
    if (s->job) {
        char line[160];
        if (s->job_trend)
            snprintf(line, sizeof line, _("Counting the twelve periods up to %s: %d of %d"),
                     s->period.label, s->done, s->total);
        else
            snprintf(line, sizeof line, _("Counting %s: part %d of %d"), s->period.label,
                     s->done, s->total);
        fm_put(w, y + 1, 1, line, 78);
        fm_put(w, y + 2, 1, _("Esc or F12 stops counting; nothing is changed."), 78);
        return;
    }
    if (!s->loaded)
        return;
    char line[160];
    snprintf(line, sizeof line, "%s %s   %s %s   %s %s", _("Period"), s->r.period.label,
             _("Previous period"), s->r.previous.label, _("Same period last year"),
             s->r.last_year.label);
    fm_put(w, y++, 1, line, 78);
    if (s->show_trend) {   /* twelve bars want the room of the figures */
        draw_bars(w, y + 1, bottom, _("Received, twelve periods"), &s->trend, NULL);
        return;
    }
    const char *heads[3] = {_("This period"), _("Previous"), _("Last year")};
    draw_row(w, y++, "", heads);
    for (int i = 0; i < NSHOWN && y < bottom; i++) {
        const bm_report_row *row = bm_report_find(&s->r, shown[i]);
        if (!row)
            continue;
        char v[3][32];
        const char *vp[3];
        for (int c = 0; c < 3; c++) {
            bm_value_text(&row->cell[c], v[c], sizeof v[c]);
            vp[c] = v[c];
        }
        if (!strcmp(row->key, "overdue_now") && row->cell[0].v > 0)
            strcat(v[0], " !");
        draw_row(w, y++, _(row->label), vp);
    }
    if (y + 2 < bottom)
        draw_bars(w, y + 1, bottom, _("Received by channel"), &s->r, "received.");
}

static int step_key(void *owner, void *st, fm_key k)
{
    report_state *s = st;
    bm_period p;
    bm_period_step(&s->period, k.code == FM_KEY_F(7) || k.code == FM_KEY_PGUP ? -1 : 1, &p);
    s->period = p;
    load(owner, s);
    return FM_HANDLED;
}

static int kind_key(void *owner, void *st, fm_key k)
{
    (void)k;
    report_state *s = st;
    static const int cycle[] = {BM_PERIOD_MONTH, BM_PERIOD_WEEK, BM_PERIOD_DAY,
                                BM_PERIOD_QUARTER, BM_PERIOD_YEAR};
    int next = BM_PERIOD_MONTH;
    for (int i = 0; i < 5; i++)
        if (cycle[i] == s->period.kind)
            next = cycle[(i + 1) % 5];
    /* The new period holds the last day of the old one that has passed. */
    bm_day today = bm_day_of(bm_now()), day = s->period.to < today ? s->period.to : today;
    bm_period_of(next, day, &s->period);
    load(owner, s);
    return FM_HANDLED;
}

static int chart_key(void *owner, void *st, fm_key k)
{
    (void)k;
    report_state *s = st;
    s->show_trend = !s->show_trend;
    load(owner, s);
    return FM_HANDLED;
}

static int refresh_key(void *owner, void *st, fm_key k)
{
    (void)k;
    load(owner, st);
    return FM_HANDLED;
}

static int overdue_key(void *owner, void *st, fm_key k)
{
    (void)k;
    report_state *s = st;
    app *a = owner;
    stop_counting(s);   /* the list opens at once; the report counts again on F5 */
    if (!s->loaded || s->r.scope.level != BM_REPORT_CENTRE) {
        app_message(a, 1, "%s", _("The overdue list is kept per centre."));
        return FM_HANDLED;
    }
    app_push(a, &screen_cases_overdue);
    return FM_HANDLED;
}

static int print_key(void *owner, void *st, fm_key k)
{
    (void)k;
    report_state *s = st;
    app *a = owner;
    char *text = NULL, *p = NULL;
    size_t len;
    bm_err err;
    if (!s->loaded)
        return FM_HANDLED;
    if (bm_report_format(&s->r, BM_FORMAT_TEXT, 0, tr, &text, &len, &err) != BM_OK) {
        ui_error(a, &err);
        return FM_HANDLED;
    }
    p = doc_for_printer(text);
    int rc = p ? app_print(a, p) : -1;
    free(p);
    free(text);
    if (rc == 0) {
        clearok(curscr, TRUE);
        app_message(a, 0, "%s", _("The report was sent to the printer at your terminal."));
    } else {
        app_message(a, 1, "%s", _("This terminal has no printer connection."));
    }
    return FM_HANDLED;
}

/* Esc or F12 while counting stops it (reading only: nothing to undo); otherwise F12 goes
 * back as everywhere. */
static int report_key(app *a, void *st, fm_key k)
{
    report_state *s = st;
    if (!s->job || (k.code != FM_KEY_ESC && k.code != FM_KEY_F(12)))
        return FM_IGNORED;
    stop_counting(s);
    app_message(a, 0, "%s", _("Counting stopped. F5 counts again."));
    return FM_HANDLED;
}

static const fm_fkey report_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Trend"), chart_key, 0 },
    APP_KEY_BACK,
    { FM_KEY_F(4), NULL, N_("Overdue"), overdue_key, 0 },
    { FM_KEY_F(5), NULL, NULL, refresh_key, 0 },
    { FM_KEY_F(6), NULL, N_("Period kind"), kind_key, 0 },
    { FM_KEY_F(7), N_("F7/F8"), N_("Period"), step_key, 0 },
    { FM_KEY_F(8), NULL, NULL, step_key, 0 },
    { FM_KEY_PGUP, NULL, NULL, step_key, 0 },
    { FM_KEY_PGDN, NULL, NULL, step_key, 0 },
    { FM_KEY_F(9), NULL, N_("Print"), print_key, 0 },
    FM_FKEYS_END,
};

const screen_def screen_report = {
    .id = "BM600",
    .title = N_("Reports"),
    .keys = report_keys,
    .help = N_("The figures of this centre for a month, a week, a day, a quarter or a year, "
               "beside the previous "
               "period and the same period last year: cases received and completed, completed "
               "on time (working days on the official calendar, time waiting for corrections "
               "not counted), overdue now, immediate completions, working days to complete, "
               "ratings. A bundle counts once. The bars show the cases received by channel, "
               "or with F2 in each of the twelve periods up to this one.\n"
               "F7/F8 (PgUp/PgDn) the previous or next period; F6 month, week, day, quarter or "
               "year; F4 the overdue cases themselves; F9 prints the whole report with every "
               "figure; F5 counts again. A long count shows how far it got: Esc or F12 stops "
               "it. `bianmin report` and `ssh ... report` give the same numbers."),
    .state_size = sizeof(report_state),
    .open = report_open,
    .close = report_close,
    .draw = report_draw,
    .key = report_key,
    .status = report_status,
    .work = report_work,
};
