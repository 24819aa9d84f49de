/* bianmin roster: the shell twin of the duty roster screen (BM310). `show` prints a centre's
 * shifts of a span with the coverage check (periods nobody covers, shifts per person);
 * `swap`, `replace`, `add` and `leave` change it as the screen's F6 does.
 * bianmin appointment: the twin of the slot administration (BM316): a day's slots, slots
 * opened in office hours over days, an extended-hours slot with the person who serves it.
 * The shell acts as an administrator, or with --user LOGIN as that member of staff (core
 * refuses those who may not change a roster or open slots). */
#include "tui/cli/cli.h"
#include "core/appointment.h"
#include "core/date.h"
#include "core/org.h"
#include "core/roster.h"
#include "core/user.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The shell's administrator, or the member of staff named by --user. */
static int acting_as(bm_db *db, const cli_args *a, bm_actor *who, bm_user *u)
{
    if (!a->user) {
        *who = cli_shell_actor;
        return 0;
    }
    bm_err e;
    if (bm_user_get(db, a->user, u, &e) != BM_OK) {
        cli_print_err(a->user, &e);
        return -1;
    }
    bm_actor x = { .user_id = u->id, .login = u->login, .role = u->role, .org_id = u->org_id,
                   .session = "shell", .addr = "" };
    *who = x;
    return 0;
}

static int parse_day(const char *text, bm_day *out)
{
    if (text && bm_day_parse(text, out) == 0)
        return 0;
    fprintf(stderr, "bianmin: roster: not a date (YYYY-MM-DD): %s\n", text ? text : "");
    return -1;
}

static const char *kind_word(int kind)
{
    return kind == BM_SHIFT_EVENING ? "evening" : kind == BM_SHIFT_WEEKEND ? "weekend"
                                                                           : "holiday";
}

/* "2026-12-05 08:30" */
static void stamp(time_t t, char out[24])
{
    int m = bm_minute_of(t) % (24 * 60);
    char d[11];
    bm_day_format(bm_day_of(t), d);
    snprintf(out, 24, "%.10s %02d:%02d", d, (m / 60) % 24, m % 60);
}

static int print_shift(const bm_shift *s, void *ctx)
{
    (void)ctx;
    char a[24], b[24];
    stamp(s->start, a);
    stamp(s->end, b);
    printf("%s  %-7s  %s  %s  %s %s%s%s\n", a, kind_word(s->kind), b + 11, s->overridden ? "*" : " ",
           s->name, s->phone, s->second_id ? " + " : "", s->second_id ? s->second_name : "");
    return 0;
}

static int print_gap(time_t start, time_t end, int kind, void *ctx)
{
    (void)ctx;
    char a[24], b[24];
    stamp(start, a);
    stamp(end, b);
    printf("nobody on duty: %s .. %s (%s)\n", a, b, kind_word(kind));
    return 0;
}

static int print_count(const char *name, int shifts, void *ctx)
{
    (void)ctx;
    printf("shifts: %s %d\n", name, shifts);
    return 0;
}

static int show(bm_db *db, const bm_org *centre, const cli_args *a)
{
    bm_day from = bm_day_of(bm_now()), to;
    const char *f = cli_opt(a, "--from"), *t = cli_opt(a, "--to");
    if (f && parse_day(f, &from) != 0)
        return 2;
    to = from + 6;
    if (t && parse_day(t, &to) != 0)
        return 2;
    bm_err e;
    int gaps;
    printf("%s (%s)\n", centre->name, centre->code);
    if (bm_roster_shifts(db, centre->id, from, to, print_shift, NULL, &e) != BM_OK ||
        bm_roster_gaps(db, centre->id, from, to, print_gap, NULL, &gaps, &e) != BM_OK ||
        bm_roster_counts(db, centre->id, from, to, print_count, NULL, &e) != BM_OK) {
        cli_print_err("roster show", &e);
        return 1;
    }
    printf("periods with nobody on duty: %d\n", gaps);
    return 0;
}

/* The shift of CENTRE on the day in positional argument i. */
static int shift_arg(bm_db *db, const bm_org *centre, const cli_args *a, int i, bm_shift *s)
{
    bm_day day;
    if (parse_day(a->positional[i], &day) != 0)
        return 2;
    bm_err e;
    if (bm_roster_shift_on(db, centre->id, day, s, &e) != BM_OK) {
        cli_print_err(a->positional[i], &e);
        return 1;
    }
    return 0;
}

static int usage(void)
{
    fprintf(stderr, "bianmin: roster: show CENTRE | swap CENTRE DAY DAY | replace CENTRE DAY "
                    "LOGIN | add CENTRE DAY [LOGIN] | leave LOGIN FROM TO\n");
    return 2;
}

static int edit(bm_db *db, const bm_actor *who, const char *verb, const cli_args *a)
{
    bm_err e;
    int rc;
    if (strcmp(verb, "leave") == 0) {
        bm_day from, to;
        if (a->npositional != 5)
            return usage();
        if (parse_day(a->positional[3], &from) != 0 || parse_day(a->positional[4], &to) != 0)
            return 2;
        if (bm_roster_leave(db, who, a->positional[2], from, to, &e) != BM_OK) {
            cli_print_err("roster leave", &e);
            return 1;
        }
        printf("leave recorded for %s, %s .. %s; those days generated again\n",
               a->positional[2], a->positional[3], a->positional[4]);
        return 0;
    }
    bm_org centre;
    if (a->npositional < 4 || bm_org_get_by_code(db, a->positional[2], &centre, &e) != BM_OK) {
        if (a->npositional >= 4)
            cli_print_err(a->positional[2], &e);
        return a->npositional < 4 ? usage() : 1;
    }
    bm_shift s, other;
    if ((rc = shift_arg(db, &centre, a, 3, &s)) != 0)
        return rc;
    if (strcmp(verb, "swap") == 0) {
        if (a->npositional != 5)
            return usage();
        if ((rc = shift_arg(db, &centre, a, 4, &other)) != 0)
            return rc;
        rc = bm_roster_swap(db, who, s.id, other.id, &e);
    } else if (strcmp(verb, "replace") == 0 && a->npositional == 5) {
        rc = bm_roster_replace(db, who, s.id, a->positional[4], &e);
    } else if (strcmp(verb, "add") == 0 && a->npositional <= 5) {
        rc = bm_roster_second(db, who, s.id, a->npositional == 5 ? a->positional[4] : NULL, &e);
    } else {
        return usage();
    }
    if (rc != BM_OK) {
        cli_print_err("roster", &e);
        return 1;
    }
    bm_roster_shift_on(db, centre.id, s.day, &s, &e);
    print_shift(&s, NULL);
    if (strcmp(verb, "swap") == 0 && bm_roster_shift_on(db, centre.id, other.day, &other,
                                                         &e) == BM_OK)
        print_shift(&other, NULL);
    return 0;
}

/* Opens the database, runs body as the shell's administrator or the --user, closes it. */
static int run_as(const cli_args *a, int (*body)(bm_db *db, const bm_actor *who,
                                                 const cli_args *a))
{
    bm_db *db;
    if (cli_open_db(a, &db) != 0)
        return 1;
    bm_actor who;
    bm_user u;
    int rc = acting_as(db, a, &who, &u) != 0 ? 1 : body(db, &who, a);
    bm_db_close(db);
    return rc;
}

static int roster_body(bm_db *db, const bm_actor *who, const cli_args *a)
{
    const char *verb = a->positional[1];
    if (strcmp(verb, "show") != 0)
        return edit(db, who, verb, a);
    bm_org centre;
    bm_err e;
    if (a->npositional != 3)
        return usage();
    if (bm_org_get_by_code(db, a->positional[2], &centre, &e) != BM_OK) {
        cli_print_err(a->positional[2], &e);
        return 1;
    }
    return show(db, &centre, a);
}

int cli_roster(const cli_args *a)
{
    return a->npositional < 3 ? usage() : run_as(a, roster_body);
}

/* ---- bianmin appointment ---- */

static int print_slot(const bm_appt_slot *s, void *ctx)
{
    (void)ctx;
    char a[24], b[24];
    stamp(s->start, a);
    stamp(s->end, b);
    printf("%s-%s  capacity %d  booked %d%s%s\n", a, b + 11, s->capacity, s->booked,
           s->staff_id ? "  extended hours: " : "", s->staff_id ? s->staff_name : "");
    return 0;
}

/* A whole-number option that must be given. */
static int need_int(const cli_args *a, const char *opt, int lo, int hi, int *out)
{
    const char *v = cli_opt(a, opt);
    if (!v) {
        fprintf(stderr, "bianmin: appointment: give %s\n", opt);
        return -1;
    }
    return cli_parse_int(opt, v, lo, hi, out) != 0 ? -1 : 0;
}

/* "HH:MM" on day as an instant; -1 when malformed. */
static time_t at_minute(bm_day day, const char *hhmm)
{
    int h, m;
    char rest;
    if (!hhmm || sscanf(hhmm, "%d:%d%c", &h, &m, &rest) != 2 || h < 0 || h > 24 || m < 0 ||
        m > 59)
        return -1;
    return bm_time_at(day, h * 60 + m);
}

static int slots_change(bm_db *db, const bm_actor *who, const char *verb, const char *centre,
                        const cli_args *a)
{
    bm_day from, to;
    int capacity, minutes;
    bm_err e;
    const char *f = cli_opt(a, "--from");
    if (parse_day(f, &from) != 0 || need_int(a, "--capacity", 1, 99, &capacity) != 0)
        return 2;
    if (strcmp(verb, "open") == 0) {
        to = from;
        if ((cli_opt(a, "--to") && parse_day(cli_opt(a, "--to"), &to) != 0) ||
            need_int(a, "--minutes", 15, 240, &minutes) != 0)
            return 2;
        if (bm_appt_open_slots(db, who, centre, from, to, minutes, capacity, &e) != BM_OK) {
            cli_print_err("appointment open", &e);
            return 1;
        }
        printf("slots of %d minutes for %d people opened at %s, %s .. %s\n", minutes,
               capacity, centre, f, cli_opt(a, "--to") ? cli_opt(a, "--to") : f);
        return 0;
    }
    time_t start = at_minute(from, cli_opt(a, "--start")), end = at_minute(from,
                                                                           cli_opt(a, "--end"));
    if (start < 0 || end < 0) {
        fprintf(stderr, "bianmin: appointment: give --start HH:MM and --end HH:MM\n");
        return 2;
    }
    if (bm_appt_open_extended(db, who, centre, start, end, capacity, cli_opt(a, "--staff"),
                              &e) != BM_OK) {
        cli_print_err("appointment extended", &e);
        return 1;
    }
    printf("extended-hours slot opened at %s, %s %s-%s, served by %s\n", centre, f,
           cli_opt(a, "--start"), cli_opt(a, "--end"), cli_opt(a, "--staff"));
    return 0;
}

static int appointment_body(bm_db *db, const bm_actor *who, const cli_args *a)
{
    const char *verb = a->positional[1], *centre = a->positional[2];
    if (a->npositional == 3 && (strcmp(verb, "open") == 0 || strcmp(verb, "extended") == 0))
        return slots_change(db, who, verb, centre, a);
    if (strcmp(verb, "slots") != 0 || a->npositional != 4) {
        fprintf(stderr, "bianmin: appointment: unknown: %s\n", verb);
        return 2;
    }
    bm_org o;
    bm_day day;
    bm_err e;
    if (parse_day(a->positional[3], &day) != 0)
        return 2;
    if (bm_org_get_by_code(db, centre, &o, &e) != BM_OK ||
        bm_appt_slots_day(db, o.id, day, print_slot, NULL, &e) != BM_OK) {
        cli_print_err(centre, &e);
        return 1;
    }
    return 0;
}

int cli_appointment(const cli_args *a)
{
    if (a->npositional != 3 && a->npositional != 4) {
        fprintf(stderr, "bianmin: appointment: slots CENTRE DAY | open CENTRE --from DAY "
                        "[--to DAY] --minutes M --capacity N | extended CENTRE --from DAY "
                        "--start HH:MM --end HH:MM --capacity N --staff LOGIN\n");
        return 2;
    }
    return run_as(a, appointment_body);
}
