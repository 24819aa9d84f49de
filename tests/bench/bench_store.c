/* Store benchmark: one county held in SQLite and, copied by `bianmin migrate`'s own code, in
 * PostgreSQL; then the operations a window clerk waits for, timed on each store with the same
 * keys, printed side by side with the ratio PostgreSQL / SQLite. Figures only: nothing passes
 * or fails. Run it with scripts/bench-store, which builds the county (bench_scale) and the
 * throwaway cluster.
 *
 *   bench_store SQLITE_URL POSTGRESQL_URL DATA_DIR
 *
 * DATA_DIR keeps the PostgreSQL database's audit key and head. The keys every operation uses
 * are drawn once from the SQLite county (the copy keeps every id), so both stores answer the
 * same questions; every timed call goes through the public core API on a bm_db opened by URL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/applicant.h"
#include "core/case.h"
#include "core/catalogue.h"
#include "core/date.h"
#include "core/db_copy.h"
#include "core/db_internal.h"
#include "core/pinyin.h"
#include "core/report.h"
#include "core/user.h"

#define RUNS 1000       /* lookups and searches, each store */
#define INTAKES 200     /* intake transactions, each store */
#define REPORTS 3       /* monthly reports of the county, each store */
#define LOGIN_LEN 24

static uint64_t rng_state = 0x2545F4914F6CDD1Dull;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void die(const char *what, const bm_err *err)
{
    fprintf(stderr, "bench_store: %s: %s (%s)\n", what, err && err->reason ? err->reason : "",
            err ? err->detail : "");
    exit(1);
}

/* The keys of every run, drawn once. */
struct keys {
    char case_no[RUNS][32], case_clerk[RUNS][LOGIN_LEN];   /* a case and its centre's clerk */
    char id_no[RUNS][32];
    char initials[RUNS][BM_INITIALS_LEN];                    /* of a stored person's name */
    char page_clerk[RUNS][LOGIN_LEN];                        /* a clerk whose open cases show */
    int64_t matter[INTAKES];
    char applicant[INTAKES][32];                             /* by ID number */
};

static int64_t count_of(bm_db *db, const char *table)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    bm_stmt *st;
    bm_err err;
    if (bm_store_prepare(db->store, sql, &st, &err) != BM_OK || bm_stmt_step(st, &err) != 1)
        die(sql, &err);
    int64_t n = bm_col_int64(st, 0);
    bm_stmt_finalize(st);
    return n;
}

/* The columns of the row of a random id of `sql` (?1 the id, below max): tries again on a
 * gap. */
static void draw(bm_stmt *st, int64_t max, char *a, size_t an, char *b, size_t bn)
{
    bm_err err;
    for (;;) {
        bm_bind_int(st, 1, 1 + (int64_t)(rnd() % (uint64_t)max));
        int rc = bm_stmt_step(st, &err);
        if (rc < 0)
            die("drawing a key", &err);
        if (rc == 1) {
            bm_col_text(st, 0, a, an);
            if (b)
                bm_col_text(st, 1, b, bn);
            bm_stmt_reset(st);
            return;
        }
    }
}

static bm_stmt *prepare(bm_db *db, const char *sql)
{
    bm_stmt *st;
    bm_err err;
    if (bm_store_prepare(db->store, sql, &st, &err) != BM_OK)
        die(sql, &err);
    return st;
}

struct matters {
    int64_t id[400];
    int n;
};

static int collect_matter(const bm_matter_brief *m, void *ctx)
{
    struct matters *ms = ctx;
    if (!m->is_bundle && ms->n < 400)
        ms->id[ms->n++] = m->id;
    return 0;
}

/* The benchmark's own clerks (clerk00 ...) serve its townships; the demo county's people
 * and cases are left out so every key is one the bench made. */
static void draw_keys(bm_db *db, struct keys *k, int64_t cases, int64_t applicants)
{
    bm_stmt *by_case = prepare(db, "SELECT c.no, a.login FROM bcase c JOIN account a ON "
                                   "a.org_id = c.centre_id AND a.login LIKE 'clerk__' "
                                   "WHERE c.id = ?1");
    bm_stmt *person = prepare(db, "SELECT id_no, name FROM applicant WHERE id = ?1 AND "
                                  "id_no LIKE '513922%'");
    bm_stmt *clerk = prepare(db, "SELECT login FROM account WHERE id = ?1 AND "
                                 "login LIKE 'clerk__'");
    int64_t accounts = count_of(db, "account") + 1;
    for (int i = 0; i < RUNS; i++) {
        char name[64], v[BM_INITIALS_MAX][BM_INITIALS_LEN];
        draw(by_case, cases, k->case_no[i], sizeof k->case_no[i], k->case_clerk[i], LOGIN_LEN);
        draw(person, applicants, k->id_no[i], sizeof k->id_no[i], name, sizeof name);
        bm_pinyin_initials(name, v, 1);
        snprintf(k->initials[i], sizeof k->initials[i], "%s", v[0]);
        draw(clerk, accounts, k->page_clerk[i], LOGIN_LEN, NULL, 0);
    }
    bm_stmt_finalize(by_case);
    bm_stmt_finalize(clerk);
    struct matters ms = {.n = 0};
    bm_err err;
    if (bm_matter_search(db, NULL, collect_matter, &ms, &err) != BM_OK || ms.n == 0)
        die("matters", &err);
    for (int i = 0; i < INTAKES; i++) {
        char name[64];
        k->matter[i] = ms.id[rnd() % (uint64_t)ms.n];
        draw(person, applicants, k->applicant[i], sizeof k->applicant[i], name, sizeof name);
    }
    bm_stmt_finalize(person);
}

static bm_actor actor_of(bm_db *db, const char *login, bm_user *u)
{
    bm_err err;
    if (bm_user_get(db, login, u, &err) != BM_OK)
        die(login, &err);
    bm_actor a = {.user_id = u->id, .login = u->login, .role = u->role, .org_id = u->org_id,
                  .session = "bench", .addr = "127.0.0.1"};
    return a;
}

static int count_applicant(const bm_applicant *a, void *ctx)
{
    (void)a;
    (*(int *)ctx)++;
    return 0;
}

static int count_row(const bm_case_row *r, void *ctx)
{
    (void)r;
    (*(int *)ctx)++;
    return 0;
}

/* One timed operation, run `runs` times on db with the keys: the time of each in t. */
enum op { OP_CASE_NO, OP_ID_NO, OP_INITIALS, OP_OPEN_PAGE, OP_INTAKE, OP_MONTHLY, NOPS };
static const char *const op_names[NOPS] = {
    "lookup by case number", "lookup by ID number", "pinyin-initials search (page of 20)",
    "centre's open cases (page of 20)", "one intake transaction (accept)",
    "monthly report, county",
};
static const int op_runs[NOPS] = {RUNS, RUNS, RUNS, RUNS, INTAKES, REPORTS};

static double one_intake(bm_db *db, const bm_actor *clerk, const struct keys *k, int i)
{
    bm_err err;
    bm_applicant ap;
    if (bm_applicant_by_id_no(db, clerk, k->applicant[i], &ap, &err) != BM_OK)
        die("intake's applicant", &err);
    bm_matter *m = malloc(sizeof *m);
    if (!m || bm_matter_by_id(db, k->matter[i], m, &err) != BM_OK)
        die("matter", &err);
    bm_material plan[64];
    const char *names[64];
    int np = bm_matter_materials_for(m, NULL, plan, 64), nn = 0;
    for (int j = 0; j < np; j++)
        if (plan[j].required)
            names[nn++] = plan[j].name;
    bm_intake in = {.applicant_id = ap.id, .matter_code = m->code,
                    .channel = BM_CHANNEL_WINDOW, .mode = BM_INTAKE_ACCEPT, .received = names,
                    .nreceived = nn};
    bm_case c;
    double s = now_s();
    int rc = bm_case_intake(db, clerk, &in, &c, &err);
    double took = now_s() - s;
    free(m);
    if (rc != BM_OK)
        die("intake", &err);
    return took;
}

static double one_report(bm_db *db, const bm_actor *admin)
{
    bm_period this_month, last_month;
    bm_period_of(BM_PERIOD_MONTH, bm_day_of(bm_now()), &this_month);
    bm_period_step(&this_month, -1, &last_month);
    bm_report r;
    bm_err err;
    double s = now_s();
    int rc = bm_report_run(db, admin, "monthly", &last_month, NULL, &r, &err);
    double took = now_s() - s;
    if (rc != BM_OK)
        die("monthly report", &err);
    bm_report_free(&r);
    return took;
}

static void run_op(bm_db *db, enum op op, const struct keys *k, double *t)
{
    bm_user u;
    bm_err err;
    bm_actor admin = actor_of(db, "admin", &u);
    for (int i = 0; i < op_runs[op]; i++) {
        bm_user cu;
        int rc = BM_OK, hits = 0;
        double s;
        if (op == OP_CASE_NO) {
            bm_actor a = actor_of(db, k->case_clerk[i], &cu);
            bm_case c;
            s = now_s();
            rc = bm_case_get_by_no(db, &a, k->case_no[i], &c, &err);
        } else if (op == OP_ID_NO) {
            bm_actor a = actor_of(db, k->case_clerk[i], &cu);
            bm_applicant ap;
            s = now_s();
            rc = bm_applicant_by_id_no(db, &a, k->id_no[i], &ap, &err);
        } else if (op == OP_INITIALS) {
            bm_actor a = actor_of(db, k->case_clerk[i], &cu);
            s = now_s();
            rc = bm_applicant_search(db, &a, k->initials[i], 20, 0, count_applicant, &hits, &err);
        } else if (op == OP_OPEN_PAGE) {
            bm_actor a = actor_of(db, k->page_clerk[i], &cu);
            bm_case_query q = {.kind = BM_LIST_CENTRE_OPEN, .limit = 20};
            s = now_s();
            rc = bm_case_list(db, &a, &q, count_row, &hits, &err);
        } else if (op == OP_INTAKE) {
            bm_actor a = actor_of(db, k->case_clerk[i], &cu);
            t[i] = one_intake(db, &a, k, i);
            continue;
        } else {
            t[i] = one_report(db, &admin);
            continue;
        }
        t[i] = now_s() - s;
        if (rc != BM_OK)
            die(op_names[op], &err);
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Median and p99 of n times, in milliseconds. */
static void quantiles(double *t, int n, double *median, double *p99)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    *median = t[n / 2] * 1e3;
    *p99 = t[(int)(n * 0.99)] * 1e3;
}

/* Every operation on the store at url: median and p99 per operation. */
static void run_store(const char *url, const struct keys *k, double med[NOPS], double p99[NOPS])
{
    static double t[RUNS];
    bm_db *db;
    bm_err err;
    if (bm_db_open(url, &db, &err) != BM_OK)
        die(url, &err);
    for (int op = 0; op < NOPS; op++) {
        run_op(db, (enum op)op, k, t);
        quantiles(t, op_runs[op], &med[op], &p99[op]);
    }
    bm_db_close(db);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench_store SQLITE_URL POSTGRESQL_URL DATA_DIR\n");
        return 2;
    }
    const char *lite = argv[1], *pg = argv[2];
    bm_store_set_data_dir(argv[3]);
    bm_db *db;
    bm_err err;
    if (bm_db_open(lite, &db, &err) != BM_OK)
        die(lite, &err);
    int64_t cases = count_of(db, "bcase"), applicants = count_of(db, "applicant");
    static struct keys k;
    draw_keys(db, &k, cases, applicants);
    bm_db_close(db);

    /* The copy as `bianmin migrate` makes it: rows, then counts and the audit chain verified. */
    bm_copy_report cr;
    double s = now_s();
    if (bm_db_copy(lite, pg, NULL, NULL, &cr, &err) != BM_OK)
        die("migrate", &err);
    double took = now_s() - s;
    printf("migrate SQLite -> PostgreSQL: %d tables, %lld rows in %.1f s (%.0f rows/s), "
           "verified\n", cr.tables, (long long)cr.rows, took, (double)cr.rows / took);
    printf("# figure: migrate, %lld rows: %.0f rows/s\n", (long long)cr.rows,
           (double)cr.rows / took);
    /* What a DBA runs after a bulk load (autovacuum would, a minute later): without the
     * planner's statistics PostgreSQL guesses its plans. */
    if (bm_db_open(pg, &db, &err) != BM_OK)
        die(pg, &err);
    s = now_s();
    if (bm_store_exec(db->store, "ANALYZE", &err) != BM_OK)
        die("ANALYZE", &err);
    printf("ANALYZE on PostgreSQL: %.1f s\n", now_s() - s);
    bm_db_close(db);

    double med[2][NOPS], p99[2][NOPS];
    run_store(lite, &k, med[0], p99[0]);
    run_store(pg, &k, med[1], p99[1]);
    printf("\nstores side by side: %lld cases, %lld applicants, the same keys on each; "
           "times in ms\n\n", (long long)cases, (long long)applicants);
    printf("| operation (runs) | SQLite median | p99 | PostgreSQL median | p99 | "
           "PG/SQLite median | p99 |\n|---|---|---|---|---|---|---|\n");
    for (int op = 0; op < NOPS; op++)
        printf("| %s (%d) | %.3f | %.3f | %.3f | %.3f | %.1f | %.1f |\n", op_names[op],
               op_runs[op], med[0][op], p99[0][op], med[1][op], p99[1][op],
               med[1][op] / med[0][op], p99[1][op] / p99[0][op]);
    printf("\n");
    for (int op = 0; op < NOPS; op++)
        printf("# figure: %s: SQLite %.3f ms, PostgreSQL %.3f ms (median)\n", op_names[op],
               med[0][op], med[1][op]);
    return 0;
}
