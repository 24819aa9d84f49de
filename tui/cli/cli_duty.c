/* bianmin roster: the shell twin of the duty roster screen (BM310). `show` prints a centre's
 * shifts of a span with the coverage check (periods nobody covers, shifts per person);
 * `swap`, `replace`, `add` and `leave` change it as the screen's F6 does. The shell acts as
 * an administrator, or with --user LOGIN as that member of staff (core refuses those who may
 * not edit a roster). */
#include "tui/cli/cli.h"
#include "core/date.h"
#include "core/org.h"
#include "core/roster.h"
#include "core/user.h"

#include <stdio.h>
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

int cli_roster(const cli_args *a)
{
    if (a->npositional < 3)
        return usage();
    bm_db *db;
    if (cli_open_db(a, &db) != 0)
        return 1;
    bm_actor who;
    bm_user u;
    int rc = acting_as(db, a, &who, &u) != 0 ? 1 : -1;
    const char *verb = a->positional[1];
    if (rc < 0 && strcmp(verb, "show") == 0) {
        bm_org centre;
        bm_err e;
        if (a->npositional != 3)
            rc = usage();
        else if (bm_org_get_by_code(db, a->positional[2], &centre, &e) != BM_OK) {
            cli_print_err(a->positional[2], &e);
            rc = 1;
        } else {
            rc = show(db, &centre, a);
        }
    } else if (rc < 0) {
        rc = edit(db, &who, verb, a);
    }
    bm_db_close(db);
    return rc;
}
