/* A centre's office hours through the year: seasons on top of the everyday hours, and the
 * questions the duty roster and the hotline clocks ask of them. Within one day the working
 * minutes are counted by calendar.c; this file only picks each day's hours. */
#include <stdio.h>
#include <string.h>
#include "core/audit_internal.h"
#include "core/calendar.h"
#include "core/db_internal.h"
#include "core/hours.h"

/* "MM-DD" -> month * 100 + day (29 February allowed); -1 when malformed. */
static int parse_md(const char *s)
{
    char buf[16];
    bm_day d;
    int y, m, dd;
    if (!s || strlen(s) != 5)
        return -1;
    snprintf(buf, sizeof buf, "2024-%s", s);
    if (bm_day_parse(buf, &d) != 0)
        return -1;
    bm_day_to_ymd(d, &y, &m, &dd);
    return m * 100 + dd;
}

static int in_season(const bm_hours_season *s, int md)
{
    return s->from <= s->to ? md >= s->from && md <= s->to : md >= s->from || md <= s->to;
}

int bm_hours_load(bm_db *db, int64_t centre_id, bm_centre_hours *out, bm_err *err)
{
    memset(out, 0, sizeof *out);
    bm_org o;
    int rc = bm_org_get(db, centre_id, &o, err);
    if (rc != BM_OK)
        return rc;
    out->centre_id = centre_id;
    out->base = o.hours;
    bm_stmt *st = bm_sql(db, BM_SQL_SEASON_LIST, err);
    if (!st)
        return BM_EDB;
    bm_bind_id(st, 1, centre_id);
    int r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        if (out->nseasons == BM_HOURS_MAX_SEASONS)
            continue;
        bm_hours_season *s = &out->season[out->nseasons];
        s->from = parse_md(bm_col_str(st, 0));
        s->to = parse_md(bm_col_str(st, 1));
        if (s->from < 0 || s->to < 0 || bm_office_hours_parse(bm_col_str(st, 2), &s->hours) != 0)
            continue;   /* a damaged row: the everyday hours apply */
        out->nseasons++;
    }
    if (r < 0)
        return BM_EDB;
    return BM_OK;
}

const bm_office_hours *bm_hours_on(const bm_centre_hours *h, bm_day day)
{
    int y, m, d;
    bm_day_to_ymd(day, &y, &m, &d);
    for (int i = 0; i < h->nseasons; i++)
        if (in_season(&h->season[i], m * 100 + d))
            return &h->season[i].hours;
    return &h->base;
}

int bm_hours_set_season(bm_db *db, const bm_actor *who, const char *centre_code,
                        const char *from, const char *to, const char *spec, bm_err *err)
{
    int rc = bm_audit_authz(db, who, BM_ACT_ORG_ADMIN, NULL, "org", centre_code, err);
    if (rc != BM_OK)
        return rc;
    int removing = !spec || !*spec;
    bm_hours_season s = {.from = parse_md(from), .to = removing ? 0 : parse_md(to)};
    if (s.from < 0 || s.to < 0)
        return bm_fail(err, BM_EINVALID, N_("A season runs between two dates written MM-DD"),
                       "%s %s", from ? from : "", to ? to : "");
    if (!removing && bm_office_hours_parse(spec, &s.hours) != 0)
        return bm_fail(err, BM_EINVALID,
                       N_("Office hours are periods like 09:00-12:00,14:00-17:30, in order"),
                       "%s", spec);
    bm_org o;
    if ((rc = bm_org_get_by_code(db, centre_code, &o, err)) != BM_OK)
        return rc;
    if (o.kind != BM_ORG_TOWNSHIP && o.kind != BM_ORG_COUNTY)
        return bm_fail(err, BM_EINVALID, N_("Office hours belong to a centre"), "%s",
                       centre_code);
    bm_centre_hours h;
    if ((rc = bm_hours_load(db, o.id, &h, err)) != BM_OK)
        return rc;
    int others = 0;
    for (int i = 0; i < h.nseasons; i++) {
        if (h.season[i].from == s.from)
            continue;
        others++;
        for (bm_day d = bm_day_from_ymd(2024, 1, 1); !removing && d < bm_day_from_ymd(2025, 1, 1);
             d++) {
            int y, m, dd;
            bm_day_to_ymd(d, &y, &m, &dd);
            if (in_season(&s, m * 100 + dd) && in_season(&h.season[i], m * 100 + dd))
                return bm_fail(err, BM_EINVALID, N_("Seasons of office hours may not overlap"),
                               "%s..%s", from, to);
        }
    }
    if (!removing && others >= BM_HOURS_MAX_SEASONS)
        return bm_fail(err, BM_EINVALID, N_("A centre has at most four seasons of office hours"),
                       NULL);
    char after[96] = "";
    if (!removing) {
        char hours[64];
        bm_office_hours_format(&s.hours, hours, sizeof hours);
        snprintf(after, sizeof after, "{\"season\":\"%s..%s\",\"hours\":\"%s\"}", from, to,
                 hours);
    }
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, removing ? BM_SQL_SEASON_DELETE : BM_SQL_SEASON_SET, err);
    if (!st)
        return bm_tx_end(db, BM_EDB, err);
    bm_bind_id(st, 1, o.id);
    bm_bind_text(st, 2, from);
    if (!removing) {
        bm_bind_text(st, 3, to);
        bm_bind_text(st, 4, spec);
    }
    rc = bm_step_done(db, st, err);
    if (rc == BM_OK)
        rc = bm_audit_append(db, who, "org.office_season", "org", centre_code, NULL,
                             removing ? NULL : after, removing ? from : NULL, err);
    return bm_tx_end(db, rc, err);
}

int bm_hours_open_at(bm_db *db, const bm_centre_hours *h, time_t t, int *open, bm_err *err)
{
    return bm_in_office_hours(db, bm_hours_on(h, bm_day_of(t)), t, open, err);
}

int bm_hours_next_opening(bm_db *db, const bm_centre_hours *h, time_t t, time_t *out,
                          bm_err *err)
{
    bm_day first = bm_day_of(t);
    /* Bounded walk: no calendar closes a centre for a year. */
    for (bm_day day = first; day < first + 400; day++) {
        int working;
        int rc = bm_is_working_day(db, day, &working, NULL, err);
        if (rc != BM_OK)
            return rc;
        if (!working)
            continue;
        const bm_office_hours *oh = bm_hours_on(h, day);
        int minute = day == first ? bm_minute_of(t) : 0;
        for (int i = 0; i < oh->n; i++)
            if (minute < oh->end[i]) {
                *out = bm_time_at(day, minute > oh->start[i] ? minute : oh->start[i]);
                return BM_OK;
            }
    }
    return bm_fail(err, BM_EINVALID, N_("No working hours found in the calendar"), NULL);
}

int bm_hours_minutes_between(bm_db *db, const bm_centre_hours *h, time_t a, time_t b,
                             int *minutes, bm_err *err)
{
    *minutes = 0;
    if (b <= a)
        return BM_OK;
    bm_day da = bm_day_of(a), dz = bm_day_of(b);
    if (dz - da > 4000)
        return bm_fail(err, BM_EINVALID, N_("The dates are too far apart"), NULL);
    for (bm_day d = da; d <= dz; d++) {
        time_t lo = d == da ? a : bm_time_at(d, 0), hi = d == dz ? b : bm_time_at(d + 1, 0);
        int m;
        int rc = bm_workminutes_between(db, bm_hours_on(h, d), lo, hi, &m, NULL, err);
        if (rc != BM_OK)
            return rc;
        *minutes += m;
    }
    return BM_OK;
}

int bm_hours_minutes_add(bm_db *db, const bm_centre_hours *h, time_t from, int minutes,
                         time_t *out, bm_err *err)
{
    if (minutes < 0 || minutes > 60 * 24 * 366)
        return bm_fail(err, BM_EINVALID, N_("A number of working minutes is out of range"),
                       "%d", minutes);
    time_t cursor = from;
    for (int guard = 0; guard < 4000; guard++) {
        bm_day day = bm_day_of(cursor);
        time_t end = bm_time_at(day + 1, 0);
        int avail;
        int rc = bm_workminutes_between(db, bm_hours_on(h, day), cursor, end, &avail, NULL, err);
        if (rc != BM_OK)
            return rc;
        if (minutes <= avail)
            return bm_workminutes_add(db, bm_hours_on(h, day), cursor, minutes, out, NULL, err);
        minutes -= avail;
        cursor = end;
    }
    return bm_fail(err, BM_EINVALID, N_("No working hours found in the calendar"), NULL);
}

int bm_hours_day_span(bm_db *db, const bm_centre_hours *h, bm_day day, int *working,
                      int *open, int *close, bm_err *err)
{
    int rc = bm_is_working_day(db, day, working, NULL, err);
    if (rc != BM_OK)
        return rc;
    const bm_office_hours *oh = bm_hours_on(h, day);
    *open = oh->start[0];
    *close = oh->end[oh->n - 1];
    return BM_OK;
}
