/* The report engine: resolves and checks the scope, runs the figures' statements for the
 * period and its two comparisons, and lays the results out as one table per report (the
 * figures of a period, a list split by an item, a ranking). Printing is report_out.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/audit_internal.h"
#include "core/authz.h"
#include "core/calendar.h"
#include "core/case.h"
#include "core/db_internal.h"
#include "core/org.h"
#include "core/rectify.h"
#include "core/report_internal.h"

/* ---- scope ---- */

int bm_report_scope_get(bm_db *db, const bm_actor *who, const char *code, bm_report_scope *out,
                        bm_err *err)
{
    memset(out, 0, sizeof *out);
    bm_org o;
    int rc;
    if (!code || !*code) {
        bm_place mine;
        if ((rc = bm_actor_place(db, who, &mine, err)) != BM_OK)
            return rc;
        rc = mine.centre_id > 0 ? bm_org_get(db, mine.centre_id, &o, err)
                                : bm_org_county(db, &o, err);
    } else if ((rc = bm_org_get_by_code(db, code, &o, err)) == BM_ENOTFOUND) {
        return bm_fail(err, BM_ENOTFOUND, N_("No unit has that code (bianmin org list shows them)"),
                       "%s", code);
    }
    if (rc != BM_OK)
        return rc;
    bm_place place = {0, 0};
    switch (o.kind) {
    case BM_ORG_COUNTY: out->level = BM_REPORT_COUNTY; break;
    case BM_ORG_TOWNSHIP: out->level = BM_REPORT_CENTRE; place.centre_id = o.id; break;
    case BM_ORG_VILLAGE:
        out->level = BM_REPORT_VILLAGE;
        place.centre_id = o.centre_id;
        place.village_id = o.id;
        break;
    default:
        return bm_fail(err, BM_EINVALID,
                       N_("Reports are made for the county, a township centre or a village"),
                       "%s", o.code);
    }
    rc = bm_audit_authz(db, who, BM_ACT_REPORT_VIEW, out->level == BM_REPORT_COUNTY ? NULL : &place,
                        "report", o.code, err);
    if (rc != BM_OK)
        return rc;
    out->centre_id = place.centre_id;
    out->village_id = place.village_id;
    bm_strlcpy(out->code, o.code, sizeof out->code);
    bm_strlcpy(out->name, o.name, sizeof out->name);
    return BM_OK;
}

/* ---- running statements ---- */

typedef struct tallies {
    bm_rpt_tally *t;
    int n, cap;
} tallies;

static bm_rpt_tally *tally_for(tallies *ts, const char *key, const char *label)
{
    for (int i = 0; i < ts->n; i++)
        if (!strcmp(ts->t[i].key, key))
            return &ts->t[i];
    if (ts->n == ts->cap) {
        int cap = ts->cap ? ts->cap * 2 : 16;
        bm_rpt_tally *t = realloc(ts->t, (size_t)cap * sizeof *t);
        if (!t)
            return NULL;
        ts->t = t;
        ts->cap = cap;
    }
    bm_rpt_tally *t = &ts->t[ts->n++];
    memset(t, 0, sizeof *t);
    bm_strlcpy(t->key, key, sizeof t->key);
    bm_strlcpy(t->label, label, sizeof t->label);
    return t;
}

int bm_rpt_prepare(bm_db *db, const char *sql, const bm_report_scope *sc, bm_stmt **st,
                   bm_err *err)
{
    if (bm_store_prepare(db->store, sql, st, err) != BM_OK)
        return BM_EDB;
    bm_bind_id(*st, 3, sc->centre_id);
    bm_bind_id(*st, 4, sc->village_id);
    return BM_OK;
}

void bm_rpt_bind_days(bm_stmt *st, bm_day a, bm_day b)
{
    char from[11], to[11];
    bm_day_format(a, from);
    bm_day_format(b, to);
    bm_bind_text(st, 1, from);
    bm_bind_text(st, 2, to);
}

/* Runs one case statement of a split for a period into ts. */
static int case_query(bm_db *db, const bm_report_scope *sc, int q, int split, const bm_period *p,
                      tallies *ts, bm_err *err)
{
    bm_stmt *st;
    if (bm_rpt_prepare(db, bm_report_case_sql[q][sc->level - 1][split], sc, &st, err) != BM_OK)
        return BM_EDB;
    if (q == BM_RQ_OVERDUE) {
        char today[11];
        bm_day_format(bm_day_of(bm_now()), today);
        bm_bind_text(st, 1, today);
        bm_bind_int(st, 2, BM_CASE_CORRECTIONS);
    } else {
        bm_rpt_bind_days(st, p->from, p->to);
        if (q == BM_RQ_COMPLETED) {
            bm_bind_int(st, 5, BM_CASE_COMPLETED);
            bm_bind_int(st, 6, BM_RECT_VOID);
        }
    }
    int r, rc = BM_OK;
    while ((r = bm_stmt_step(st, err)) == 1) {
        bm_rpt_tally *t = tally_for(ts, bm_col_str(st, 0), bm_col_str(st, 1));
        if (!t) {
            rc = bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
            break;
        }
        int64_t n = bm_col_int64(st, 2);
        if (q == BM_RQ_RECEIVED) {
            t->received = n;
        } else if (q == BM_RQ_OVERDUE) {
            t->overdue = n;
        } else {
            t->completed = n;
            t->on_time = bm_col_int64(st, 3);
            t->immediate = bm_col_int64(st, 4);
            t->rated = bm_col_int64(st, 5);
            for (int k = 1; k <= 5; k++)
                t->rating[k] = bm_col_int64(st, 5 + k);
        }
    }
    if (r < 0)
        rc = BM_EDB;
    bm_stmt_finalize(st);
    return rc;
}

static int split_query(bm_db *db, const bm_report_scope *sc, int split, const bm_period *p,
                       int with_overdue, tallies *ts, bm_err *err)
{
    int rc = case_query(db, sc, BM_RQ_RECEIVED, split, p, ts, err);
    if (rc == BM_OK)
        rc = case_query(db, sc, BM_RQ_COMPLETED, split, p, ts, err);
    if (rc == BM_OK && with_overdue)
        rc = case_query(db, sc, BM_RQ_OVERDUE, split, p, ts, err);
    return rc;
}

typedef struct spell {
    int days;
    int64_t n;
} spell;

static int by_days(const void *a, const void *b)
{
    const spell *x = a, *y = b;
    return (x->days > y->days) - (x->days < y->days);
}

/* Working days to complete: counted on the calendar per (accepted, completed, paused) group. */
static int durations(bm_db *db, const bm_report_scope *sc, const bm_period *p, bm_rpt_data *d,
                     bm_err *err)
{
    bm_stmt *st;
    if (bm_rpt_prepare(db, bm_report_sql_durations[sc->level - 1], sc, &st, err) != BM_OK)
        return BM_EDB;
    bm_rpt_bind_days(st, p->from, p->to);
    bm_bind_int(st, 5, BM_CASE_COMPLETED);
    spell *s = NULL;
    int n = 0, cap = 0, r, rc = BM_OK;
    double sum = 0;
    while ((r = bm_stmt_step(st, err)) == 1) {
        bm_day a, b;
        if (bm_day_parse(bm_col_str(st, 0), &a) != 0 || bm_day_parse(bm_col_str(st, 1), &b) != 0)
            continue;
        int wd;
        if ((rc = bm_workdays_between(db, a, b, &wd, NULL, err)) != BM_OK)
            break;
        wd -= bm_col_int(st, 2);
        if (wd < 0)
            wd = 0;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            spell *g = realloc(s, (size_t)cap * sizeof *g);
            if (!g) {
                rc = bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
                break;
            }
            s = g;
        }
        s[n].days = wd;
        s[n].n = bm_col_int64(st, 3);
        d->days_n += s[n].n;
        sum += (double)wd * (double)s[n].n;
        n++;
    }
    if (r < 0)
        rc = BM_EDB;
    bm_stmt_finalize(st);
    if (rc == BM_OK && d->days_n > 0) {
        d->days_avg = sum / (double)d->days_n;
        qsort(s, (size_t)n, sizeof *s, by_days);
        int64_t need = (d->days_n * 9 + 9) / 10, seen = 0;   /* nearest rank: ceil(0.9 n) */
        for (int i = 0; i < n; i++) {
            seen += s[i].n;
            if (seen >= need) {
                d->days_p90 = s[i].days;
                break;
            }
        }
    }
    free(s);
    return rc;
}

static int proxy_and_orders(bm_db *db, const bm_report_scope *sc, const bm_period *p,
                            bm_rpt_data *d, bm_err *err)
{
    time_t a = bm_time_at(p->from, 0), b = bm_time_at(p->to + 1, 0);
    bm_stmt *st;
    if (bm_rpt_prepare(db, bm_report_sql_proxy, sc, &st, err) != BM_OK)
        return BM_EDB;
    bm_bind_int(st, 1, (int64_t)a);
    bm_bind_int(st, 2, (int64_t)b);
    int r = bm_stmt_step(st, err);
    if (r == 1) {
        d->px_taken = bm_col_int64(st, 0);
        d->px_forwarded = bm_col_int64(st, 1);
        d->px_told = bm_col_int64(st, 2);
        d->px_told_seconds = (double)bm_col_int64(st, 3);
    }
    bm_stmt_finalize(st);
    if (r < 0)
        return BM_EDB;
    if (bm_rpt_prepare(db, bm_report_sql_orders, sc, &st, err) != BM_OK)
        return BM_EDB;
    bm_bind_int(st, 1, (int64_t)a);
    bm_bind_int(st, 2, (int64_t)b);
    while ((r = bm_stmt_step(st, err)) == 1) {
        int kind = bm_col_int(st, 0), state = bm_col_int(st, 1);
        if (kind <= 0 || kind >= BM_WO_KIND_COUNT)
            continue;
        if (state == BM_WOC_MET)
            d->wo_met[kind] += bm_col_int64(st, 2);
        else if (state == BM_WOC_MISSED)
            d->wo_missed[kind] += bm_col_int64(st, 2);
    }
    bm_stmt_finalize(st);
    return r < 0 ? BM_EDB : BM_OK;
}

/* A period's figures are counted in these parts, one step each, so that a long report
 * shows its progress and can be given up between two of them. */
enum { PART_CASES, PART_DAYS, PART_OTHERS, PART_DESK, PART_COUNT };

static int period_part(bm_db *db, const bm_report_scope *sc, const bm_period *p, int present,
                       int part, bm_rpt_data *d, bm_err *err)
{
    if (part == PART_DAYS)
        return durations(db, sc, p, d, err);
    if (part == PART_OTHERS)
        return proxy_and_orders(db, sc, p, d, err);
    if (part == PART_DESK)
        return bm_rpt_desk_data(db, sc, p, d, err);
    tallies ts = {0};
    int rc = split_query(db, sc, BM_SPLIT_TOTAL, p, present, &ts, err);
    if (rc == BM_OK && ts.n > 0)
        d->total = ts.t[0];
    free(ts.t);
    d->has_overdue = present;
    return rc;
}

/* ---- laying out ---- */

static bm_report_row *add_row(bm_report *r, bm_err *err)
{
    if (r->nrows == r->cap) {
        int cap = r->cap ? r->cap * 2 : 32;
        bm_report_row *rows = realloc(r->rows, (size_t)cap * sizeof *rows);
        if (!rows) {
            bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
            return NULL;
        }
        r->rows = rows;
        r->cap = cap;
    }
    bm_report_row *row = &r->rows[r->nrows++];
    memset(row, 0, sizeof *row);
    return row;
}

static void set_cols(bm_report *r, const bm_report_col *cols, int n)
{
    r->ncols = n;
    memcpy(r->col, cols, (size_t)n * sizeof *cols);
}

static const bm_report_col summary_cols[] = {
    {"value", N_("This period")},
    {"previous", N_("Previous")},
    {"last_year", N_("Last year")},
};

/* Every figure for the period and its comparisons (bm_report_job counts them), then the
 * cases received by channel. */
static int summary(bm_report *r, const bm_rpt_data d[3], const tallies ch[3], bm_err *err)
{
    int rc = BM_OK;
    for (int f = 0; f < bm_figure_count && rc == BM_OK; f++) {
        const bm_figure *fig = &bm_figures[f];
        bm_report_row *row = add_row(r, err);
        if (!row) {
            rc = BM_EDB;
            break;
        }
        bm_strlcpy(row->key, fig->key, sizeof row->key);
        bm_strlcpy(row->label, fig->label, sizeof row->label);
        row->label_msgid = 1;
        row->group = fig->group;
        row->note = fig->missing;
        for (int i = 0; i < 3; i++) {
            if (fig->value)
                fig->value(&d[i], fig->arg, &row->cell[i]);
            else
                row->cell[i] = (bm_value){BM_VALUE_MISSING, fig->unit, 0};
        }
    }
    for (int c = BM_CHANNEL_WINDOW; c <= BM_CHANNEL_ONLINE && rc == BM_OK; c++) {
        bm_report_row *row = add_row(r, err);
        if (!row) {
            rc = BM_EDB;
            break;
        }
        snprintf(row->key, sizeof row->key, "received.%s", bm_channel_name(c));
        bm_strlcpy(row->label, bm_report_channel_label(c), sizeof row->label);
        row->label_msgid = 1;
        row->group = N_("Received by channel");
        char key[16];
        snprintf(key, sizeof key, "%d", c);
        for (int i = 0; i < 3; i++) {
            int64_t n = 0;
            for (int k = 0; k < ch[i].n; k++)
                if (!strcmp(ch[i].t[k].key, key))
                    n = ch[i].t[k].received;
            bm_value_count(&row->cell[i], n);
        }
    }
    return rc;
}

/* Column heads of at most 8 columns, so seven fit beside the item's name. */
static const bm_report_col list_cols[] = {
    {"received", N_("Received")},
    {"completed", N_("Done")},
    {"on_time_pct", N_("On time")},
    {"immediate_pct", N_("Immed.")},
    {"rated_pct", N_("Rated")},
    {"satisfied_pct", N_("Satisf.")},
    {"overdue_now", N_("Overdue")},
};

static const bm_report_col rank_cols[] = {
    {"completed", N_("Completed")},
    {"on_time_pct", N_("On time")},
    {"satisfied_pct", N_("Satisfied")},
    {"received", N_("Received")},
};

static int by_label(const void *a, const void *b)
{
    const bm_rpt_tally *x = a, *y = b;
    int c = strcmp(x->label, y->label);
    return c ? c : strcmp(x->key, y->key);
}

/* Rankings: on time, then satisfaction, then completed, best first. */
static double rank_key(const bm_rpt_tally *t, int k)
{
    switch (k) {
    case 0: return t->completed ? (double)t->on_time / (double)t->completed : 0;
    case 1: return t->rated ? (double)(t->rating[4] + t->rating[5]) / (double)t->rated : 0;
    default: return (double)t->completed;
    }
}

static int rank_cmp(const void *a, const void *b)
{
    for (int k = 0; k < 3; k++) {
        double x = rank_key(a, k), y = rank_key(b, k);
        if (x != y)
            return x < y ? 1 : -1;
    }
    return by_label(a, b);
}

static int same_rank(const bm_rpt_tally *a, const bm_rpt_tally *b)
{
    for (int k = 0; k < 3; k++)
        if (rank_key(a, k) != rank_key(b, k))
            return 0;
    return 1;
}

/* One row per item of ts (counted by bm_report_job), sorted by name or, for a ranking, best
 * first with the ranks. */
static int list(bm_report *r, tallies *ts, int split, int ranking, bm_err *err)
{
    int rc = BM_OK;
    if (split == BM_SPLIT_CHANNEL)
        for (int c = BM_CHANNEL_WINDOW; c <= BM_CHANNEL_ONLINE; c++) {
            char key[16];
            snprintf(key, sizeof key, "%d", c);
            if (!tally_for(ts, key, "")) {
                rc = bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
                break;
            }
        }
    if (rc == BM_OK && ts->n > 0) {
        if (split == BM_SPLIT_CHANNEL)
            for (int i = 0; i < ts->n; i++)
                snprintf(ts->t[i].label, sizeof ts->t[i].label, "%02d", atoi(ts->t[i].key));
        qsort(ts->t, (size_t)ts->n, sizeof *ts->t, ranking ? rank_cmp : by_label);
    }
    int rank = 0;
    const bm_rpt_tally *ranked = NULL;   /* the last one ranked */
    for (int i = 0; i < ts->n && rc == BM_OK; i++) {
        bm_rpt_tally *t = &ts->t[i];
        if (ranking && t->completed < r->min_count)
            continue;
        bm_report_row *row = add_row(r, err);
        if (!row) {
            rc = BM_EDB;
            break;
        }
        if (ranking) {
            rank = ranked && same_rank(t, ranked) ? rank : r->nrows;
            ranked = t;
        }
        row->rank = rank;
        if (split == BM_SPLIT_CHANNEL) {
            int c = atoi(t->key);
            bm_strlcpy(row->key, bm_channel_name(c), sizeof row->key);
            bm_strlcpy(row->label, bm_report_channel_label(c), sizeof row->label);
            row->label_msgid = 1;
        } else {
            bm_strlcpy(row->key, t->key, sizeof row->key);
            bm_strlcpy(row->label, t->label, sizeof row->label);
            if (split == BM_SPLIT_VILLAGE && !strcmp(t->key, "0")) {
                bm_strlcpy(row->label, N_("The township itself"), sizeof row->label);
                row->label_msgid = 1;
            }
        }
        for (int c = 0; c < r->ncols; c++)
            bm_tally_value(t, r->col[c].key, &row->cell[c]);
    }
    return rc;
}

/* One period of the twelve up to the one asked for, oldest first: the lists' columns but
 * the overdue (a snapshot of now). */
static int trend_row(bm_db *db, bm_report *r, const bm_period *p, bm_err *err)
{
    tallies ts = {0};
    int rc = split_query(db, &r->scope, BM_SPLIT_TOTAL, p, 0, &ts, err);
    bm_rpt_tally t;
    memset(&t, 0, sizeof t);
    if (ts.n > 0)
        t = ts.t[0];
    free(ts.t);
    bm_report_row *row = rc == BM_OK ? add_row(r, err) : NULL;
    if (!row)
        return rc == BM_OK ? BM_EDB : rc;
    bm_strlcpy(row->key, p->label, sizeof row->key);
    bm_strlcpy(row->label, p->label, sizeof row->label);
    for (int c = 0; c < r->ncols; c++)
        bm_tally_value(&t, r->col[c].key, &row->cell[c]);
    return BM_OK;
}

/* ---- the reports ---- */

static const struct report_kind {
    const char *name;
    int period;            /* the period kind it is made for by default */
    int split;             /* -1: the figures of a period; -2: the trend of twelve */
    int ranking;
    const char *title;
} kinds[] = {
    {"daily", BM_PERIOD_DAY, -1, 0, N_("Daily statistics")},
    {"weekly", BM_PERIOD_WEEK, -1, 0, N_("Weekly bulletin")},
    {"monthly", BM_PERIOD_MONTH, -1, 0, N_("Monthly report")},
    {"quarterly", BM_PERIOD_QUARTER, -1, 0, N_("Quarterly report")},
    {"yearly", BM_PERIOD_YEAR, -1, 0, N_("Yearly report")},
    {"summary", BM_PERIOD_MONTH, -1, 0, N_("Figures of the period")},
    {"channels", BM_PERIOD_MONTH, BM_SPLIT_CHANNEL, 0, N_("Cases by channel")},
    {"matters", BM_PERIOD_MONTH, BM_SPLIT_MATTER, 0, N_("Cases by matter")},
    {"departments", BM_PERIOD_MONTH, BM_SPLIT_DEPT, 0, N_("Cases by department")},
    {"villages", BM_PERIOD_MONTH, BM_SPLIT_VILLAGE, 0, N_("Cases by village")},
    {"staff", BM_PERIOD_MONTH, BM_SPLIT_STAFF, 0, N_("Cases by staff")},
    {"centres", BM_PERIOD_MONTH, BM_SPLIT_CENTRE, 0, N_("Cases by centre")},
    {"ranking", BM_PERIOD_MONTH, BM_SPLIT_STAFF, 1, N_("Staff ranking")},
    {"trend", BM_PERIOD_MONTH, -2, 0, N_("Twelve periods")},
};
#define NKINDS ((int)(sizeof kinds / sizeof kinds[0]))

const char *const bm_report_names[] = {
    "daily", "weekly", "monthly", "quarterly", "yearly", "summary", "channels", "matters",
    "departments", "villages", "staff", "centres", "ranking", "trend", NULL,
};

static const struct report_kind *kind_of(const char *name)
{
    for (int i = 0; name && i < NKINDS; i++)
        if (!strcmp(kinds[i].name, name))
            return &kinds[i];
    return NULL;
}

int bm_report_period_kind(const char *name)
{
    const struct report_kind *k = kind_of(name);
    return k ? k->period : 0;
}

/* Rankings leave out staff with fewer completed cases than this. */
#define RANK_MIN_COMPLETED 5

struct bm_report_job {
    bm_db *db;
    const struct report_kind *k;
    bm_report r;
    int step, nsteps;
    bm_rpt_data d[3];     /* figures: the period and its two comparisons */
    tallies ch[3];        /* figures: received by channel in each */
    tallies items;        /* lists: one tally per item */
    bm_period next;       /* trend: the period counted next */
};

int bm_report_begin(bm_db *db, const bm_actor *who, const char *name, const bm_period *period,
                    const char *scope_code, bm_report_job **out, bm_err *err)
{
    *out = NULL;
    const struct report_kind *k = kind_of(name);
    if (!k)
        return bm_fail(err, BM_EINVALID, N_("No such report"), "%s", name ? name : "");
    bm_report_job *j = calloc(1, sizeof *j);
    if (!j)
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    bm_report *r = &j->r;
    int rc = bm_report_scope_get(db, who, scope_code, &r->scope, err);
    if (rc != BM_OK) {
        free(j);
        return rc;
    }
    j->db = db;
    j->k = k;
    bm_strlcpy(r->name, k->name, sizeof r->name);
    r->title = k->title;
    time_t now = bm_now();
    if (period)
        r->period = *period;
    else
        bm_period_of(k->period, bm_day_of(now), &r->period);
    bm_period_step(&r->period, -1, &r->previous);
    bm_period_last_year(&r->period, &r->last_year);
    char day[11];
    bm_day_format(bm_day_of(now), day);
    int min = bm_minute_of(now);
    snprintf(r->generated, sizeof r->generated, "%s %02d:%02d", day, min / 60, min % 60);
    if (k->ranking) {
        r->min_count = RANK_MIN_COMPLETED;
        r->footnote = N_("Staff with fewer completed cases than the minimum are not ranked; "
                         "equal figures share a rank.");
    }
    if (k->split == -1) {
        set_cols(r, summary_cols, 3);
        j->nsteps = 3 * (PART_COUNT + 1);   /* each period's parts and its channels */
    } else if (k->split == -2) {
        set_cols(r, list_cols, 6);
        j->nsteps = 12;
        j->next = r->period;
        for (int i = 0; i < 11; i++) {
            bm_period q;
            bm_period_step(&j->next, -1, &q);
            j->next = q;
        }
    } else {
        if (k->ranking)
            set_cols(r, rank_cols, 4);
        else
            set_cols(r, list_cols, 7);
        j->nsteps = BM_RQ_COUNT;
    }
    *out = j;
    return BM_OK;
}

/* Counts step i of the job. */
static int job_step(bm_report_job *j, int i, bm_err *err)
{
    bm_report *r = &j->r;
    if (j->k->split == -1) {
        const bm_period *ps[3] = {&r->period, &r->previous, &r->last_year};
        int period = i / (PART_COUNT + 1), part = i % (PART_COUNT + 1);
        if (part == PART_COUNT)
            return case_query(j->db, &r->scope, BM_RQ_RECEIVED, BM_SPLIT_CHANNEL, ps[period],
                              &j->ch[period], err);
        return period_part(j->db, &r->scope, ps[period], period == 0, part, &j->d[period], err);
    }
    if (j->k->split == -2) {
        int rc = trend_row(j->db, r, &j->next, err);
        bm_period q;
        bm_period_step(&j->next, 1, &q);
        j->next = q;
        return rc;
    }
    return case_query(j->db, &r->scope, i, j->k->split, &r->period, &j->items, err);
}

int bm_report_step(bm_report_job *j, int *done, int *total, bm_err *err)
{
    int rc = BM_OK;
    if (j->step < j->nsteps && (rc = job_step(j, j->step, err)) == BM_OK && ++j->step == j->nsteps)
        rc = j->k->split == -1 ? summary(&j->r, j->d, j->ch, err)
             : j->k->split == -2 ? BM_OK : list(&j->r, &j->items, j->k->split, j->k->ranking, err);
    if (done)
        *done = j->step;
    if (total)
        *total = j->nsteps;
    if (rc != BM_OK)
        return -rc;
    return j->step < j->nsteps;
}

void bm_report_take(bm_report_job *j, bm_report *out)
{
    *out = j->r;
    memset(&j->r, 0, sizeof j->r);
}

void bm_report_job_free(bm_report_job *j)
{
    if (!j)
        return;
    bm_report_free(&j->r);
    for (int i = 0; i < 3; i++)
        free(j->ch[i].t);
    free(j->items.t);
    free(j);
}

int bm_report_run(bm_db *db, const bm_actor *who, const char *name, const bm_period *period,
                  const char *scope_code, bm_report *out, bm_err *err)
{
    memset(out, 0, sizeof *out);
    bm_report_job *j;
    int rc = bm_report_begin(db, who, name, period, scope_code, &j, err);
    if (rc != BM_OK)
        return rc;
    int r;
    while ((r = bm_report_step(j, NULL, NULL, err)) == 1)
        ;
    if (r == 0)
        bm_report_take(j, out);
    bm_report_job_free(j);
    return r < 0 ? -r : BM_OK;
}

void bm_report_free(bm_report *r)
{
    free(r->rows);
    r->rows = NULL;
    r->nrows = r->cap = 0;
}

const bm_report_row *bm_report_find(const bm_report *r, const char *key)
{
    for (int i = 0; i < r->nrows; i++)
        if (!strcmp(r->rows[i].key, key))
            return &r->rows[i];
    return NULL;
}
