/* The working-day calendar: import, editing, and working-day / working-hour arithmetic over
 * an in-memory copy of the exceptions (loaded on first use, dropped when they change). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/authz.h"
#include "core/calendar.h"
#include "core/audit_internal.h"
#include "core/validate.h"
#include "core/db_internal.h"
#include "core/json.h"
#include "core/textfile.h"
#include "core/throttle.h"

#define FIRST_YEAR 1900
#define YEARS 1100
#define MAX_FILE (1 << 20)

enum { DAY_DEFAULT = 0, DAY_OFF = 1, DAY_WORK = 2 };

struct bm_cal_cache {
    unsigned char has[YEARS];       /* the year has calendar data */
    unsigned char *kind[YEARS];     /* per day of year, DAY_*; NULL = no exceptions */
    int64_t version;                /* the calendar's data version when it was read */
    int64_t checked_ms;             /* when that version was last compared with the store's */
};

/* Another server process may change the calendar: the copy is compared with the store's
 * version at most this often (throttle.h). */
#define CHECK_EVERY_MS 3000

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void cache_free(bm_db *db)
{
    if (!db->cal)
        return;
    for (int i = 0; i < YEARS; i++)
        free(db->cal->kind[i]);
    free(db->cal);
    db->cal = NULL;
}

/* The cache may hold rolled-back data; it goes with the handle too. */
static void cache_hook(bm_db *db, int event)
{
    if (event != BM_DB_COMMITTED)   /* what was committed is what the cache read */
        cache_free(db);
}

static int year_index(int y)
{
    return y >= FIRST_YEAR && y < FIRST_YEAR + YEARS ? y - FIRST_YEAR : -1;
}

static int load_cache(bm_db *db, bm_err *err)
{
    int64_t now = monotonic_ms(), version = 0;
    if (db->cal && now - db->cal->checked_ms < CHECK_EVERY_MS)
        return BM_OK;
    int rc = bm_data_version(db, "calendar", &version, err);
    if (rc != BM_OK)
        return db->cal ? BM_OK : rc;   /* the copy held serves until the store answers */
    if (db->cal && db->cal->version == version) {
        db->cal->checked_ms = now;
        return BM_OK;
    }
    cache_free(db);   /* changed by another process meanwhile */
    struct bm_cal_cache *c = calloc(1, sizeof *c);
    if (!c)
        return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    c->version = version;
    c->checked_ms = now;
    bm_stmt *st = bm_sql(db, BM_SQL_CALENDAR_YEARS, err);
    int r = -1;
    if (st) {
        while ((r = bm_step_row(db, st, err)) == 1) {
            int yi = year_index(bm_col_int(st, 0));
            if (yi >= 0)
                c->has[yi] = 1;
        }
    }
    if (r == 0 && (st = bm_sql(db, BM_SQL_CALENDAR_DAYS, err))) {
        while ((r = bm_step_row(db, st, err)) == 1) {
            bm_day d;
            const char *kind = bm_col_str(st, 1);
            if (bm_day_parse(bm_col_str(st, 0), &d) != 0 || !kind)
                continue;
            int y, m, dd;
            bm_day_to_ymd(d, &y, &m, &dd);
            int yi = year_index(y);
            if (yi < 0)
                continue;
            if (!c->kind[yi] && !(c->kind[yi] = calloc(366, 1))) {
                bm_stmt_reset(st);
                r = -1;
                bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
                break;
            }
            c->kind[yi][d - bm_day_from_ymd(y, 1, 1)] = strcmp(kind, "off") == 0 ? DAY_OFF
                                                                                  : DAY_WORK;
        }
    } else if (r == 0) {
        r = -1;
    }
    if (r != 0) {
        for (int i = 0; i < YEARS; i++)
            free(c->kind[i]);
        free(c);
        return err ? err->code : BM_EDB;
    }
    db->cal = c;
    bm_db_on_event(db, cache_hook);
    return BM_OK;
}

/* Requires the cache. */
static int working(bm_db *db, bm_day day, int *missing_year)
{
    int y, m, d;
    bm_day_to_ymd(day, &y, &m, &d);
    int yi = year_index(y);
    int kind = DAY_DEFAULT;
    if (yi >= 0) {
        if (!db->cal->has[yi] && missing_year && !*missing_year)
            *missing_year = y;
        if (db->cal->kind[yi])
            kind = db->cal->kind[yi][day - bm_day_from_ymd(y, 1, 1)];
    } else if (missing_year && !*missing_year) {
        *missing_year = y;
    }
    if (kind == DAY_OFF)
        return 0;
    if (kind == DAY_WORK)
        return 1;
    return bm_day_weekday(day) < 5;
}

int bm_is_working_day(bm_db *db, bm_day day, int *is_working, int *missing_year, bm_err *err)
{
    int rc = load_cache(db, err);
    if (rc != BM_OK)
        return rc;
    if (missing_year)
        *missing_year = 0;
    *is_working = working(db, day, missing_year);
    return BM_OK;
}

int bm_workdays_add(bm_db *db, bm_day from, int n, bm_day *out, int *missing_year, bm_err *err)
{
    int rc = load_cache(db, err);
    if (rc != BM_OK)
        return rc;
    if (missing_year)
        *missing_year = 0;
    if (n < 0 || n > 3660)
        return bm_fail(err, BM_EINVALID, N_("A number of working days must be 0 to 3660"),
                       "%d", n);
    bm_day d = from;
    while (n > 0) {
        d++;
        if (working(db, d, missing_year))
            n--;
    }
    *out = d;
    return BM_OK;
}

int bm_workdays_between(bm_db *db, bm_day a, bm_day b, int *n, int *missing_year, bm_err *err)
{
    int rc = load_cache(db, err);
    if (rc != BM_OK)
        return rc;
    if (missing_year)
        *missing_year = 0;
    int sign = 1;
    if (b < a) {
        bm_day t = a;
        a = b;
        b = t;
        sign = -1;
    }
    if (b - a > 40000)
        return bm_fail(err, BM_EINVALID, N_("The dates are too far apart"), NULL);
    int count = 0;
    for (bm_day d = a + 1; d <= b; d++)
        count += working(db, d, missing_year);
    *n = sign * count;
    return BM_OK;
}

int bm_workminutes_add(bm_db *db, const bm_office_hours *hours, time_t from, int minutes,
                       time_t *out, int *missing_year, bm_err *err)
{
    int rc = load_cache(db, err);
    if (rc != BM_OK)
        return rc;
    if (missing_year)
        *missing_year = 0;
    bm_office_hours def;
    if (!hours || hours->n == 0) {
        bm_office_hours_default(&def);
        hours = &def;
    }
    if (minutes < 0 || minutes > 60 * 24 * 366)
        return bm_fail(err, BM_EINVALID, N_("A number of working minutes is out of range"),
                       "%d", minutes);
    if (minutes == 0) {
        *out = from;
        return BM_OK;
    }
    bm_day day = bm_day_of(from);
    int minute = bm_minute_of(from);
    /* Bounded walk: a year of days is far beyond any hotline clock. */
    for (int guard = 0; guard < 4000; guard++, day++, minute = 0) {
        if (!working(db, day, missing_year))
            continue;
        for (int i = 0; i < hours->n; i++) {
            if (minute >= hours->end[i])
                continue;
            int start = minute > hours->start[i] ? minute : hours->start[i];
            int avail = hours->end[i] - start;
            if (minutes <= avail) {
                *out = bm_time_at(day, start + minutes);
                return BM_OK;
            }
            minutes -= avail;
            minute = hours->end[i];
        }
    }
    return bm_fail(err, BM_EINVALID, N_("No working hours found in the calendar"), NULL);
}

int bm_workminutes_between(bm_db *db, const bm_office_hours *hours, time_t a, time_t b,
                           int *minutes, int *missing_year, bm_err *err)
{
    int rc = load_cache(db, err);
    if (rc != BM_OK)
        return rc;
    if (missing_year)
        *missing_year = 0;
    *minutes = 0;
    if (b <= a)
        return BM_OK;
    bm_office_hours def;
    if (!hours || hours->n == 0) {
        bm_office_hours_default(&def);
        hours = &def;
    }
    bm_day da = bm_day_of(a), db_ = bm_day_of(b);
    if (db_ - da > 4000)
        return bm_fail(err, BM_EINVALID, N_("The dates are too far apart"), NULL);
    for (bm_day d = da; d <= db_; d++) {
        if (!working(db, d, missing_year))
            continue;
        int lo = d == da ? bm_minute_of(a) : 0;
        int hi = d == db_ ? bm_minute_of(b) : 24 * 60;
        for (int i = 0; i < hours->n; i++) {
            int s = hours->start[i] > lo ? hours->start[i] : lo;
            int e = hours->end[i] < hi ? hours->end[i] : hi;
            if (e > s)
                *minutes += e - s;
        }
    }
    return BM_OK;
}

int bm_in_office_hours(bm_db *db, const bm_office_hours *hours, time_t t, int *inside,
                       bm_err *err)
{
    int rc = load_cache(db, err);
    if (rc != BM_OK)
        return rc;
    bm_office_hours def;
    if (!hours || hours->n == 0) {
        bm_office_hours_default(&def);
        hours = &def;
    }
    *inside = 0;
    if (!working(db, bm_day_of(t), NULL))
        return BM_OK;
    int m = bm_minute_of(t);
    for (int i = 0; i < hours->n; i++)
        if (m >= hours->start[i] && m < hours->end[i])
            *inside = 1;
    return BM_OK;
}

/* ---- import and editing ---- */

struct cal_line {
    bm_day day;
    int kind;
    char name[64];
};

struct cal_file {
    struct cal_line *lines;
    size_t n, cap;
    char source[256];
};

static int parse_fail(bm_err *err, const char *reason, int lineno, const char *line)
{
    char shown[64];
    bm_strlcpy(shown, line, sizeof shown);
    char *nl = strchr(shown, '\n');
    if (nl)
        *nl = '\0';
    return bm_fail(err, BM_EINVALID, reason, "line %d: %s", lineno, shown);
}

static int parse_calendar(const char *text, size_t len, struct cal_file *f, bm_err *err)
{
    int lineno = 0;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        char line[256];
        lineno++;
        if (n >= sizeof line) {
            /* (the text need not end in a NUL: show the line's start from a copy) */
            memcpy(line, p, sizeof line - 1);
            line[sizeof line - 1] = '\0';
            return parse_fail(err, N_("Calendar file: line too long"), lineno, line);
        }
        if (!bm_text_line_plain(p, n))
            return parse_fail(err, N_("Calendar file: not a text file"), lineno, "");
        if (!bm_utf8_valid(p, n))
            return parse_fail(err, N_("Calendar file: not UTF-8 text; save it as UTF-8"), lineno,
                              "");
        memcpy(line, p, n);
        line[n] = '\0';
        p += n + (nl ? 1 : 0);
        if (n && line[n - 1] == '\r')
            line[--n] = '\0';
        char *s = line;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '\0')
            continue;
        if (*s == '#') {
            const char *tag = strstr(s, "Source:");
            if (tag && !f->source[0]) {
                tag += 7;
                while (*tag == ' ')
                    tag++;
                bm_strlcpy(f->source, tag, sizeof f->source);
            }
            continue;
        }
        char date[16] = "", kind[16] = "";
        int used = 0;
        if (sscanf(s, "%15s %15s %n", date, kind, &used) < 2)
            return parse_fail(err, N_("Calendar file: expected \"YYYY-MM-DD off|work name\""),
                              lineno, s);
        struct cal_line cl = {0};
        if (bm_day_parse(date, &cl.day) != 0)
            return parse_fail(err, N_("Calendar file: not a real date (YYYY-MM-DD)"), lineno, s);
        if (strcmp(kind, "off") == 0)
            cl.kind = DAY_OFF;
        else if (strcmp(kind, "work") == 0)
            cl.kind = DAY_WORK;
        else
            return parse_fail(err, N_("Calendar file: the kind must be off or work"), lineno, s);
        if (cl.kind == DAY_WORK && bm_day_weekday(cl.day) < 5)
            return parse_fail(err,
                              N_("Calendar file: a make-up working day must be a Saturday or "
                                 "Sunday"), lineno, s);
        char *name = s + used;
        size_t nl2 = strlen(name);
        while (nl2 && (name[nl2 - 1] == ' ' || name[nl2 - 1] == '\t'))
            name[--nl2] = '\0';
        if (nl2 >= sizeof cl.name)
            return parse_fail(err, N_("Calendar file: the name is too long"), lineno, s);
        memcpy(cl.name, name, nl2 + 1);
        for (size_t i = 0; i < f->n; i++)
            if (f->lines[i].day == cl.day)
                return parse_fail(err, N_("Calendar file: the date appears twice"), lineno, s);
        if (f->n == f->cap) {
            f->cap = f->cap ? f->cap * 2 : 64;
            struct cal_line *l = realloc(f->lines, f->cap * sizeof *l);
            if (!l)
                return bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
            f->lines = l;
        }
        f->lines[f->n++] = cl;
    }
    if (f->n == 0)
        return bm_fail(err, BM_EINVALID, N_("Calendar file: no dates in it"), NULL);
    return BM_OK;
}

static int year_of(bm_day d)
{
    int y, m, dd;
    bm_day_to_ymd(d, &y, &m, &dd);
    return y;
}

static int store_year(bm_db *db, const bm_actor *who, const struct cal_file *f, int year,
                      int *days, bm_err *err)
{
    char from[11], to[11];
    bm_day_format(bm_day_from_ymd(year, 1, 1), from);
    bm_day_format(bm_day_from_ymd(year, 12, 31), to);
    int before = 0, loaded = 0;
    for (size_t i = 0; i < f->n; i++)
        loaded += year_of(f->lines[i].day) == year;
    bm_stmt *st = bm_sql(db, BM_SQL_CALENDAR_DELETE_YEAR, err);
    if (!st)
        return BM_EDB;
    bm_bind_text(st, 1, from);
    bm_bind_text(st, 2, to);
    int rc = bm_step_done(db, st, err);
    if (rc != BM_OK)
        return rc;
    before = bm_store_changes(db->store);
    for (size_t i = 0; i < f->n; i++) {
        if (year_of(f->lines[i].day) != year)
            continue;
        char day[11];
        bm_day_format(f->lines[i].day, day);
        if (!(st = bm_sql(db, BM_SQL_CALENDAR_DAY_INSERT, err)))
            return BM_EDB;
        bm_bind_text(st, 1, day);
        bm_bind_text(st, 2, f->lines[i].kind == DAY_OFF ? "off" : "work");
        bm_bind_text(st, 3, f->lines[i].name);
        if ((rc = bm_step_done(db, st, err)) != BM_OK)
            return rc;
    }
    if (!(st = bm_sql(db, BM_SQL_CALENDAR_YEAR_SET, err)))
        return BM_EDB;
    bm_bind_int(st, 1, year);
    bm_bind_text(st, 2, f->source);
    bm_bind_int(st, 3, (int64_t)bm_now());
    if ((rc = bm_step_done(db, st, err)) != BM_OK)
        return rc;
    char id[8];
    snprintf(id, sizeof id, "%d", year);
    bm_json b, a;
    bm_json_begin(&b);
    bm_json_int(&b, "days", before);
    bm_json_begin(&a);
    bm_json_int(&a, "days", loaded);
    bm_json_str(&a, "source", f->source);
    char *bs = bm_json_end(&b), *as = bm_json_end(&a);
    rc = bm_audit_append(db, who, "calendar.import", "calendar", id, bs, as, NULL, err);
    free(bs);
    free(as);
    *days += loaded;
    return rc;
}

int bm_calendar_import_text(bm_db *db, const bm_actor *who, const char *text, size_t len,
                            const char *source, int *days_loaded, bm_err *err)
{
    if (days_loaded)
        *days_loaded = 0;
    int rc = bm_audit_authz(db, who, BM_ACT_CALENDAR_EDIT, NULL, "calendar", "", err);
    if (rc != BM_OK)
        return rc;
    struct cal_file f = {0};
    if ((rc = parse_calendar(text, len, &f, err)) != BM_OK) {
        free(f.lines);
        return rc;
    }
    if (!f.source[0])
        bm_strlcpy(f.source, source ? source : "", sizeof f.source);
    int days = 0;
    if ((rc = bm_tx_begin(db, err)) == BM_OK) {
        for (size_t i = 0; rc == BM_OK && i < f.n; i++) {
            int y = year_of(f.lines[i].day), seen = 0;
            for (size_t k = 0; k < i; k++)
                seen |= year_of(f.lines[k].day) == y;
            if (!seen)
                rc = store_year(db, who, &f, y, &days, err);
        }
        if (rc == BM_OK)
            rc = bm_data_version_raise(db, "calendar", err);
        rc = bm_tx_end(db, rc, err);
    }
    free(f.lines);
    cache_free(db);
    if (rc == BM_OK && days_loaded)
        *days_loaded = days;
    return rc;
}

int bm_calendar_import(bm_db *db, const bm_actor *who, const char *path, int *days_loaded,
                       bm_err *err)
{
    if (days_loaded)
        *days_loaded = 0;
    int rc = bm_audit_authz(db, who, BM_ACT_CALENDAR_EDIT, NULL, "calendar", "", err);
    if (rc != BM_OK)
        return rc;
    char *buf;
    size_t n;
    if ((rc = bm_text_file_read(path, MAX_FILE, N_("Cannot read the calendar file"), &buf, &n,
                                err)) != BM_OK)
        return rc;
    const char *base = strrchr(path, '/');
    rc = bm_calendar_import_text(db, who, buf, n, base ? base + 1 : path, days_loaded, err);
    free(buf);
    return rc;
}

int bm_calendar_set_day(bm_db *db, const bm_actor *who, bm_day day, const char *kind,
                        const char *name, bm_err *err)
{
    char id[11];
    bm_day_format(day, id);
    int rc = bm_audit_authz(db, who, BM_ACT_CALENDAR_EDIT, NULL, "calendar", id, err);
    if (rc != BM_OK)
        return rc;
    int k = !kind || !*kind ? DAY_DEFAULT
            : strcmp(kind, "off") == 0 ? DAY_OFF
            : strcmp(kind, "work") == 0 ? DAY_WORK : -1;
    if (k < 0)
        return bm_fail(err, BM_EINVALID, N_("The kind must be off or work"), "%s", kind);
    if (k == DAY_WORK && bm_day_weekday(day) < 5)
        return bm_fail(err, BM_EINVALID,
                       N_("A make-up working day must be a Saturday or Sunday"), "%s", id);
    if (name && strlen(name) >= 64)
        return bm_fail(err, BM_EINVALID, N_("The name is too long"), NULL);
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    char before_kind[8] = "", before_name[64] = "";
    bm_stmt *st = bm_sql(db, BM_SQL_CALENDAR_DAY_GET, err);
    if (!st)
        return bm_tx_end(db, BM_EDB, err);
    bm_bind_text(st, 1, id);
    int r = bm_step_row(db, st, err);
    if (r < 0)
        return bm_tx_end(db, BM_EDB, err);
    if (r == 1) {
        bm_col_text(st, 0, before_kind, sizeof before_kind);
        bm_col_text(st, 1, before_name, sizeof before_name);
        bm_stmt_reset(st);
    }
    if (k == DAY_DEFAULT) {
        st = bm_sql(db, BM_SQL_CALENDAR_DAY_DELETE, err);
        if (st)
            bm_bind_text(st, 1, id);
    } else {
        st = bm_sql(db, BM_SQL_CALENDAR_DAY_SET, err);
        if (st) {
            bm_bind_text(st, 1, id);
            bm_bind_text(st, 2, k == DAY_OFF ? "off" : "work");
            bm_bind_text(st, 3, name ? name : "");
        }
    }
    rc = st ? bm_step_done(db, st, err) : BM_EDB;
    if (rc == BM_OK && (st = bm_sql(db, BM_SQL_CALENDAR_YEAR_ENSURE, err))) {
        bm_bind_int(st, 1, year_of(day));
        bm_bind_text(st, 2, "edited by an admin");
        bm_bind_int(st, 3, (int64_t)bm_now());
        rc = bm_step_done(db, st, err);
    } else if (rc == BM_OK) {
        rc = BM_EDB;
    }
    if (rc == BM_OK) {
        bm_json b, a;
        bm_json_begin(&b);
        bm_json_str(&b, "kind", before_kind[0] ? before_kind : "default");
        bm_json_str(&b, "name", before_name);
        bm_json_begin(&a);
        bm_json_str(&a, "kind", k == DAY_OFF ? "off" : k == DAY_WORK ? "work" : "default");
        bm_json_str(&a, "name", name ? name : "");
        char *bs = bm_json_end(&b), *as = bm_json_end(&a);
        rc = bm_audit_append(db, who, "calendar.set_day", "calendar", id, bs, as, NULL, err);
        free(bs);
        free(as);
    }
    if (rc == BM_OK)
        rc = bm_data_version_raise(db, "calendar", err);
    rc = bm_tx_end(db, rc, err);
    cache_free(db);
    return rc;
}

int bm_calendar_year_info(bm_db *db, int year, int *loaded, char *source, size_t srclen,
                          bm_err *err)
{
    *loaded = 0;
    if (source && srclen)
        source[0] = '\0';
    bm_stmt *st = bm_sql(db, BM_SQL_CALENDAR_YEARS, err);
    if (!st)
        return BM_EDB;
    int r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        if (bm_col_int(st, 0) == year) {
            *loaded = 1;
            if (source && srclen)
                bm_col_text(st, 1, source, srclen);
        }
    }
    return r < 0 ? BM_EDB : BM_OK;
}

int bm_calendar_days(bm_db *db, int year,
                     int (*each)(bm_day day, const char *kind, const char *name, void *ctx),
                     void *ctx, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_CALENDAR_DAYS, err);
    if (!st)
        return BM_EDB;
    int r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        bm_day d;
        if (bm_day_parse(bm_col_str(st, 0), &d) != 0 || year_of(d) != year)
            continue;
        if (each(d, bm_col_str(st, 1),
                 bm_col_str(st, 2), ctx)) {
            bm_stmt_reset(st);
            break;
        }
    }
    return r < 0 ? BM_EDB : BM_OK;
}
