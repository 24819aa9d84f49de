/* Scale benchmark: a county-sized database (2,000,000 cases, 500,000 applicants by default),
 * then the lookups a window clerk waits for, each timed many times: median and p99.
 * Figures are printed, never judged: run it with scripts/bench-scale.
 *
 *   bench_scale DIR [CASES APPLICANTS]
 *
 * The bulk data goes in through core's own tables in big transactions (no per-row audit or
 * history: that is what a migration from an older system would load); the timed operations
 * go through the public core API exactly as the screens call it. BENCH_BUILD_ONLY=1 stops
 * after the build (scripts/bench-store times the same county on each store). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "core/applicant.h"
#include "core/calendar.h"
#include "core/case.h"
#include "core/catalogue.h"
#include <sqlite3.h>
#include "core/db_internal.h"
#include "core/org.h"
#include "core/pinyin.h"
#include "core/report.h"
#include "core/user_internal.h"
#include "core/validate.h"

#define TOWNSHIPS 20
#define VILLAGES 6
#define RUNS 2000

static uint64_t rng_state = 88172645463325252ull;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static int pick(int n)
{
    return (int)(rnd() % (uint64_t)n);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void die(const char *what, const bm_err *err)
{
    fprintf(stderr, "bench_scale: %s: %s (%s)\n", what, err && err->reason ? err->reason : "",
            err ? err->detail : "");
    exit(1);
}

static void exec(bm_db *db, const char *sql)
{
    bm_err err;
    if (bm_store_exec(db->store, sql, &err) != BM_OK)
        die(sql, &err);
}

static sqlite3_stmt *prep(bm_db *db, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(((sqlite3 *)bm_store_native(db->store)), sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_scale: %s: %s\n", sql, sqlite3_errmsg(((sqlite3 *)bm_store_native(db->store))));
        exit(1);
    }
    return st;
}

static void step(bm_db *db, sqlite3_stmt *st)
{
    if (sqlite3_step(st) != SQLITE_DONE) {
        fprintf(stderr, "bench_scale: %s: %s\n", sqlite3_sql(st), sqlite3_errmsg(((sqlite3 *)bm_store_native(db->store))));
        exit(1);
    }
    sqlite3_reset(st);
}

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高",
    "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "唐", "邓", "冯", "曾", "彭", "蒋",
    "蔡", "贾", "丁", "魏", "薛", "叶", "余", "潘", "杜", "戴", "夏", "钟", "汪", "田", "任",
    "姜", "范", "方", "石", "姚", "谭", "廖", "邹", "熊", "陆", "郝", "白", "崔", "毛", "邱",
    "单", "解", "仇", "区", "查", "覃", "翟",
};
static const char *const given_chars[] = {
    "秀", "英", "桂", "兰", "建", "国", "德", "明", "志", "强", "海", "燕", "晓", "芳", "军",
    "华", "玉", "淑", "芬", "伟", "娟", "敏", "静", "丽", "磊", "洋", "勇", "艳", "杰", "娜",
    "涛", "超", "霞", "平", "刚", "文", "红", "春", "梅", "永", "福", "贵", "顺", "才", "光",
    "小", "龙", "思", "雨", "子", "涵", "浩", "然", "欣", "珍", "长", "正", "大", "金", "花",
};
#define N(a) ((int)(sizeof a / sizeof a[0]))

struct place {
    int64_t centre, village[VILLAGES];
    int64_t clerk;
    char clerk_login[24];
};

static struct place places[TOWNSHIPS];
static int64_t matter_ids[400];
static int matter_promised[400];
static int nmatters;

static int collect_matter(const bm_matter_brief *m, void *ctx)
{
    (void)ctx;
    if (!m->is_bundle && nmatters < 400) {
        matter_ids[nmatters] = m->id;
        matter_promised[nmatters++] = m->promised_days;
    }
    return 0;
}

static void build_org(bm_db *db)
{
    bm_err err;
    bm_actor shell = {.user_id = 0, .login = "", .role = BM_ROLE_ADMIN, .session = "", .addr = ""};
    char hash[256];
    if (bm_password_make("bench-password", hash, sizeof hash, &err) != BM_OK)
        die("hash", &err);
    static const char *const tnames[] = {"青林", "石桥", "白马", "双河", "龙泉", "新场", "三汇",
                                         "土溪", "涌兴", "有庆", "鲜渡", "卷硐", "清溪", "望溪",
                                         "岩峰", "静边", "合力", "安北", "李渡", "临巴"};
    for (int t = 0; t < TOWNSHIPS; t++) {
        char code[32], name[96];
        bm_org o;
        snprintf(code, sizeof code, "t%02d", t);
        snprintf(name, sizeof name, "%s镇便民服务中心", tnames[t]);
        if (bm_org_add(db, &shell, code, name, BM_ORG_TOWNSHIP, "county", "", &err) != BM_OK)
            die("township", &err);
        bm_org_get_by_code(db, code, &o, NULL);
        places[t].centre = o.id;
        for (int v = 0; v < VILLAGES; v++) {
            char vc[32], vn[64];
            snprintf(vc, sizeof vc, "t%02d.v%d", t, v);
            snprintf(vn, sizeof vn, "%s%d村", tnames[t], v + 1);
            if (bm_org_add(db, &shell, vc, vn, BM_ORG_VILLAGE, code, "", &err) != BM_OK)
                die("village", &err);
            bm_org_get_by_code(db, vc, &o, NULL);
            places[t].village[v] = o.id;
        }
        snprintf(places[t].clerk_login, sizeof places[t].clerk_login, "clerk%02d", t);
        if (bm_user_add_hashed(db, &shell, places[t].clerk_login, "窗口人员", BM_ROLE_CLERK, code,
                               hash, NULL, &places[t].clerk, &err) != BM_OK)
            die("clerk", &err);
    }
}

static void build_applicants(bm_db *db, int n)
{
    sqlite3_stmt *ins = prep(db, "INSERT INTO applicant (kind, name, id_no, phone, village_id, "
                                 "group_id, flags, lang, address, created_at, updated_at) VALUES "
                                 "(1, ?1, ?2, ?3, ?4, NULL, 0, 'zh', '', 0, 0)");
    sqlite3_stmt *ini = prep(db, "INSERT OR IGNORE INTO applicant_initials (initials, "
                                 "applicant_id) VALUES (?1, ?2)");
    exec(db, "BEGIN");
    for (int i = 0; i < n; i++) {
        char name[64], id[32], phone[16];
        int gl = 1 + pick(2);
        snprintf(name, sizeof name, "%s%s%s", surnames[pick(N(surnames))],
                 given_chars[pick(N(given_chars))], gl > 1 ? given_chars[pick(N(given_chars))] : "");
        /* Unique numbers: birth date from i, sequence from i, in a county (513922) the demo
         * county's people are not from. */
        int y = 1930 + i % 90, m = 1 + (i / 90) % 12, d = 1 + (i / 1080) % 28;
        snprintf(id, sizeof id, "513922%04u%02u%02u%03u", (unsigned)y % 10000, (unsigned)m % 100,
                 (unsigned)d % 100, (unsigned)(i / 30240) % 1000);
        id[17] = bm_id_check_char(id);
        id[18] = '\0';
        snprintf(phone, sizeof phone, "1%c%09d", "3589"[pick(4)], (int)(rnd() % 1000000000u));
        int t = pick(TOWNSHIPS);
        sqlite3_bind_text(ins, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 2, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 3, phone, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(ins, 4, places[t].village[pick(VILLAGES)]);
        step(db, ins);
        int64_t aid = sqlite3_last_insert_rowid(((sqlite3 *)bm_store_native(db->store)));
        char v[BM_INITIALS_MAX][BM_INITIALS_LEN];
        int k = bm_pinyin_initials(name, v, BM_INITIALS_MAX);
        for (int j = 0; j < k; j++) {
            sqlite3_bind_text(ini, 1, v[j], -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(ini, 2, aid);
            step(db, ini);
        }
        if (i % 100000 == 99999) {
            exec(db, "COMMIT");
            exec(db, "BEGIN");
        }
    }
    exec(db, "COMMIT");
    sqlite3_finalize(ins);
    sqlite3_finalize(ini);
}

/* The desk's records a county keeps beside its cases, in the proportions of the demo: a
 * rectification for each bad rating (most put right on time, some late, a few appeals
 * accepted, the recent ones open), a callback for one completed case in ten (most made), and
 * a could-not-get-it-done record for one case in a thousand. */
struct desk_rows {
    sqlite3_stmt *rect, *cb, *imp;
};

static void desk_prepare(bm_db *db, struct desk_rows *d)
{
    d->rect = prep(db, "INSERT INTO rectification (case_id, centre_id, handler_id, rating, "
                       "channel, opened_at, opened_day, due_day, state, done_day, updated_at) "
                       "VALUES (?1, ?2, ?3, ?4, 'device', ?5, ?6, ?7, ?8, ?9, ?5)");
    d->cb = prep(db, "INSERT INTO callback (case_id, centre_id, handler_id, reason, due_day, "
                     "state, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    d->imp = prep(db, "INSERT INTO impossible (centre_id, person, wish, cause, case_id, tier, "
                      "tier_due, state, recorded_by, recorded_at, recorded_day, updated_at) "
                      "VALUES (?1, '某某', '办不成', ?2, ?3, 1, ?4, ?5, ?6, ?7, ?4, ?7)");
}

static void desk_finalize(struct desk_rows *d)
{
    sqlite3_finalize(d->rect);
    sqlite3_finalize(d->cb);
    sqlite3_finalize(d->imp);
}

static void day_text(sqlite3_stmt *st, int col, bm_day day)
{
    char s[11];
    bm_day_format(day, s);
    sqlite3_bind_text(st, col, s, -1, SQLITE_TRANSIENT);
}

/* The desk's rows of one case just inserted (case_id), completed on `done` with `rating`
 * (0: none) unless open. */
static void desk_rows_of(bm_db *db, struct desk_rows *d, int64_t case_id, int t, int open,
                         bm_day done, int rating, bm_day today)
{
    int64_t centre = places[t].centre, clerk = places[t].clerk;
    time_t at = bm_time_at(done, 16 * 60);
    if (!open && rating >= 1 && rating <= 2) {
        bm_day due = done + 21;    /* 15 working days */
        int r = pick(100);
        int state = due >= today && r < 50 ? 1 : r < 80 ? 4 : r < 90 ? 3 : r < 95 ? 5 : 1;
        sqlite3_bind_int64(d->rect, 1, case_id);
        sqlite3_bind_int64(d->rect, 2, centre);
        sqlite3_bind_int64(d->rect, 3, clerk);
        sqlite3_bind_int(d->rect, 4, rating);
        sqlite3_bind_int64(d->rect, 5, (int64_t)at);
        day_text(d->rect, 6, done);
        day_text(d->rect, 7, due);
        sqlite3_bind_int(d->rect, 8, state);
        if (state == 3 || state == 4)
            day_text(d->rect, 9, done + (pick(10) < 8 ? 7 : 28));
        else
            sqlite3_bind_null(d->rect, 9);
        step(db, d->rect);
    }
    if (!open && pick(10) == 0) {
        bm_day due = done + 4;
        sqlite3_bind_int64(d->cb, 1, case_id);
        sqlite3_bind_int64(d->cb, 2, centre);
        sqlite3_bind_int64(d->cb, 3, clerk);
        sqlite3_bind_int(d->cb, 4, rating ? 3 : 2);
        day_text(d->cb, 5, due);
        sqlite3_bind_int(d->cb, 6, due < today && pick(10) < 9 ? 2 : 1);
        sqlite3_bind_int64(d->cb, 7, (int64_t)at);
        step(db, d->cb);
    }
    if (pick(1000) == 0) {
        sqlite3_bind_int64(d->imp, 1, centre);
        sqlite3_bind_int(d->imp, 2, 1 + pick(5));
        sqlite3_bind_int64(d->imp, 3, case_id);
        day_text(d->imp, 4, done);
        sqlite3_bind_int(d->imp, 5, open ? 1 : 2);
        sqlite3_bind_int64(d->imp, 6, clerk);
        sqlite3_bind_int64(d->imp, 7, (int64_t)at);
        step(db, d->imp);
    }
}

/* Cases spread over three years; the last weeks' are still open. */
static void build_cases(bm_db *db, int n, int applicants, bm_day today)
{
    struct desk_rows desk;
    desk_prepare(db, &desk);
    sqlite3_stmt *ins = prep(db,
        "INSERT INTO bcase (no, matter_id, applicant_id, channel, status, is_open, centre_id, "
        "village_id, first_contact_id, handler_id, off_hours, created_at, accepted_at, "
        "accepted_day, promised_days, deadline, completed_at, completed_day, rating, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, 0, ?10, ?10, ?11, ?12, ?13, ?14, ?15, "
        "?16, ?10)");
    sqlite3_stmt *num = prep(db, "INSERT INTO case_number (county_id, day, last) VALUES "
                                 "((SELECT id FROM org_unit WHERE kind = 'county'), ?1, ?2) "
                                 "ON CONFLICT (county_id, day) DO UPDATE SET last = excluded.last");
    /* The demo county's own cases already hold some numbers of recent days. */
    sqlite3_stmt *last = prep(db, "SELECT last FROM case_number WHERE day = ?1");
    bm_day first = today - 3 * 365;
    int days = (int)(today - first);
    int per_day = n / days + 1;
    exec(db, "BEGIN");
    int made = 0;
    for (int d = 0; d < days && made < n; d++) {
        bm_day day = first + d;
        char ds[11];
        bm_day_format(day, ds);
        int seq = 0, base = 0;
        sqlite3_bind_text(last, 1, ds, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(last) == SQLITE_ROW)
            base = sqlite3_column_int(last, 0);
        sqlite3_reset(last);
        for (; seq < per_day && made < n; seq++, made++) {
            char no[32], dl[11];
            snprintf(no, sizeof no, "%.4s%.2s%.2s%04d", ds, ds + 5, ds + 8, (base + seq + 1) % 10000);
            int t = pick(TOWNSHIPS), mi = pick(nmatters);
            int promised = matter_promised[mi];
            bm_day deadline;
            if (bm_workdays_add(db, day, promised, &deadline, NULL, NULL) != BM_OK)
                deadline = day + promised;
            bm_day_format(deadline, dl);
            int age = (int)(today - day), rating = 0;
            bm_day done = day;
            int open = age < 20 && pick(100) < 80 - age * 3;
            int status = open ? (pick(4) ? BM_CASE_PROCESSING : BM_CASE_ACCEPTED)
                              : (pick(100) < 94 ? BM_CASE_COMPLETED
                                                : pick(2) ? BM_CASE_REFUSED : BM_CASE_WITHDRAWN);
            time_t at = bm_time_at(day, 9 * 60 + pick(480));
            sqlite3_bind_text(ins, 1, no, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(ins, 2, matter_ids[mi]);
            sqlite3_bind_int64(ins, 3, 1 + pick(applicants));
            sqlite3_bind_int(ins, 4, 1 + pick(6));
            sqlite3_bind_int(ins, 5, status);
            sqlite3_bind_int(ins, 6, open);
            sqlite3_bind_int64(ins, 7, places[t].centre);
            sqlite3_bind_int64(ins, 8, places[t].village[pick(VILLAGES)]);
            sqlite3_bind_int64(ins, 9, places[t].clerk);
            sqlite3_bind_int64(ins, 10, (int64_t)at);
            sqlite3_bind_text(ins, 11, ds, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(ins, 12, promised);
            sqlite3_bind_text(ins, 13, dl, -1, SQLITE_TRANSIENT);
            if (open) {
                sqlite3_bind_null(ins, 14);
                sqlite3_bind_null(ins, 15);
                sqlite3_bind_null(ins, 16);
            } else {
                done = day + pick(promised + 3);
                char dn[11];
                bm_day_format(done, dn);
                sqlite3_bind_int64(ins, 14, (int64_t)bm_time_at(done, 15 * 60));
                sqlite3_bind_text(ins, 15, dn, -1, SQLITE_TRANSIENT);
                if (status == BM_CASE_COMPLETED && pick(100) < 85) {
                    int r = pick(1000);   /* 85 % very satisfied ... 0.5 % very unsatisfied */
                    rating = r < 850 ? 5 : r < 960 ? 4 : r < 985 ? 3 : r < 995 ? 2 : 1;
                    sqlite3_bind_int(ins, 16, rating);
                } else {
                    sqlite3_bind_null(ins, 16);
                }
            }
            step(db, ins);
            desk_rows_of(db, &desk, sqlite3_last_insert_rowid(bm_store_native(db->store)), t, open,
                         done, rating, today);
            if (made % 100000 == 99999) {
                exec(db, "COMMIT");
                exec(db, "BEGIN");
            }
        }
        sqlite3_bind_text(num, 1, ds, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(num, 2, base + seq);
        step(db, num);
    }
    exec(db, "COMMIT");
    sqlite3_finalize(ins);
    sqlite3_finalize(num);
    sqlite3_finalize(last);
    desk_finalize(&desk);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *what, double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    printf("%-52s median %8.3f ms   p99 %8.3f ms   (%d runs)\n", what, t[n / 2] * 1e3,
           t[(int)(n * 0.99)] * 1e3, n);
}

static int count_one(const void *x, void *ctx)
{
    (void)x;
    (*(int *)ctx)++;
    return 0;
}

static int count_applicant(const bm_applicant *a, void *ctx)
{
    return count_one(a, ctx);
}

static int count_row(const bm_case_row *r, void *ctx)
{
    return count_one(r, ctx);
}

static bm_actor clerk_of(bm_db *db, int t, bm_user *u)
{
    bm_user_get(db, places[t].clerk_login, u, NULL);
    bm_actor a = {.user_id = u->id, .login = u->login, .role = u->role, .org_id = u->org_id,
                  .session = "bench", .addr = "127.0.0.1"};
    return a;
}

/* A random stored value: the column of the row with a random rowid. */
static void random_value(bm_db *db, const char *sql, int64_t max, char *out, size_t n,
                         int64_t *centre)
{
    sqlite3_stmt *st = prep(db, sql);
    for (;;) {
        sqlite3_bind_int64(st, 1, 1 + (int64_t)(rnd() % (uint64_t)max));
        if (sqlite3_step(st) == SQLITE_ROW) {
            snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
            if (centre)
                *centre = sqlite3_column_int64(st, 1);
            break;
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
}

/* 2000000 -> "2,000,000". */
static void thousands(long long n, char *buf, size_t cap)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%lld", n), o = 0;
    for (int i = 0; i < len && o + 2 < (int)cap; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
}

/* The parts of a period's figures, in the order core counts them (one step each, three
 * periods: this one, the previous, the same one last year; core/report.c). */
static const char *const parts[] = {"cases", "working days", "proxy and work orders",
                                    "desk (ratings, callbacks, could-not)", "channels"};
#define NPARTS ((int)(sizeof parts / sizeof parts[0]))

/* Runs one report as the screens do, step by step: the total, the longest step, and the time
 * of each part summed over the periods (summary reports). */
static double run_steps(bm_db *db, const bm_actor *who, const char *name, const bm_period *p,
                        double part[NPARTS], double *longest, int *steps, int64_t *received)
{
    bm_err err;
    bm_report_job *j;
    double s = now_s(), last = s;
    if (bm_report_begin(db, who, name, p, NULL, &j, &err) != BM_OK)
        die(name, &err);
    int r, done = 0, total = 0;
    while ((r = bm_report_step(j, &done, &total, &err)) >= 0) {
        double n = now_s();
        if (part && total == 3 * NPARTS)
            part[(done - 1) % NPARTS] += n - last;
        if (n - last > *longest)
            *longest = n - last;
        last = n;
        if (r == 0)
            break;
    }
    if (r < 0)
        die(name, &err);
    double took = now_s() - s;
    bm_report rep;
    bm_report_take(j, &rep);
    bm_report_job_free(j);
    const bm_report_row *row = bm_report_find(&rep, "received");
    *received = row ? (int64_t)row->cell[0].v : 0;
    *steps = total;
    bm_report_free(&rep);
    return took;
}

/* The monthly report of last month (every figure, the previous month and the same month last
 * year), for the whole county and for one centre, as `bianmin report monthly` runs it, with
 * the time each part of the figures takes; then last year's yearly report and the trend of
 * twelve months for the county, the long runs a screen shows progress for. */
static void monthly_reports(bm_db *db, bm_day today, int ncases, double *t)
{
    bm_period this_month, last_month, last_year;
    bm_period_of(BM_PERIOD_MONTH, today, &this_month);
    bm_period_step(&this_month, -1, &last_month);
    bm_period_of(BM_PERIOD_YEAR, today - 365, &last_year);
    bm_user u;
    bm_err err;
    if (bm_user_get(db, "admin", &u, &err) != BM_OK)
        die("admin", &err);
    bm_actor admin = {.user_id = u.id, .login = u.login, .role = u.role, .org_id = u.org_id,
                      .session = "bench", .addr = "127.0.0.1"};
    char count[32];
    thousands(ncases, count, sizeof count);
    int runs = 7, steps;
    int64_t received = 0;
    for (int scope = 0; scope < 2; scope++) {
        bm_user cu;
        bm_actor who = scope == 0 ? admin : clerk_of(db, 0, &cu);
        double part[NPARTS] = {0}, longest = 0;
        for (int i = 0; i < runs; i++)
            t[i] = run_steps(db, &who, "monthly", &last_month, part, &longest, &steps, &received);
        char what[96];
        const char *where = scope == 0 ? "county" : "one centre";
        snprintf(what, sizeof what, "monthly report %s, %s (%lld received)", last_month.label,
                 where, (long long)received);
        report(what, t, runs);
        printf("# figure: monthly report, %s cases, %s: %.0f ms\n", count, where, t[runs / 2] * 1e3);
        for (int k = 0; k < NPARTS; k++)
            printf("# figure:   of which %s: %.1f ms\n", parts[k], part[k] / runs * 1e3);
        printf("# figure:   longest of its %d steps: %.1f ms\n", steps, longest * 1e3);
    }
    static const char *const longer[] = {"yearly", "trend"};
    for (size_t i = 0; i < 2; i++) {
        double longest = 0;
        const bm_period *p = i == 0 ? &last_year : &last_month;
        double took = run_steps(db, &admin, longer[i], p, NULL, &longest, &steps, &received);
        printf("# figure: %s report %s, %s cases, county: %.0f ms in %d steps, the longest "
               "%.0f ms\n", longer[i], p->label, count, took * 1e3, steps, longest * 1e3);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_scale DIR [CASES APPLICANTS]\n");
        return 2;
    }
    int ncases = argc > 2 ? atoi(argv[2]) : 2000000;
    int napplicants = argc > 3 ? atoi(argv[3]) : 500000;
    char path[512];
    snprintf(path, sizeof path, "%s/bench-scale.db", argv[1]);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "rm -f '%s' '%s-wal' '%s-shm'", path, path, path);
    if (system(cmd) != 0)
        return 1;
    char pw[64];
    bm_err err;
    double t0 = now_s();
    if (bm_db_init(path, BM_INIT_DEMO, pw, sizeof pw, &err) != BM_OK)
        die("init", &err);
    bm_db *db;
    if (bm_db_open(path, &db, &err) != BM_OK)
        die("open", &err);
    build_org(db);
    bm_matter_search(db, NULL, collect_matter, NULL, &err);
    bm_day today = bm_day_of(bm_now());
    double t1 = now_s();
    build_applicants(db, napplicants);
    double t2 = now_s();
    build_cases(db, ncases, napplicants, today);
    double t3 = now_s();
    exec(db, "ANALYZE");
    double t4 = now_s();
    bm_db_close(db);
    struct stat sb;
    stat(path, &sb);
    printf("bianmin scale benchmark: %d cases, %d applicants, %d centres\n", ncases, napplicants,
           TOWNSHIPS + 2);
    printf("build: demo county %.1f s, applicants %.1f s (%.0f/s), cases %.1f s (%.0f/s), "
           "ANALYZE %.1f s; file %.0f MB\n", t1 - t0, t2 - t1, napplicants / (t2 - t1), t3 - t2,
           ncases / (t3 - t2), t4 - t3, (double)sb.st_size / 1048576.0);
    if (getenv("BENCH_BUILD_ONLY"))
        return 0;
    double o0 = now_s();
    if (bm_db_open(path, &db, &err) != BM_OK)
        die("reopen", &err);
    printf("open with %s: %.2f s\n", sb.st_size > 256LL * 1024 * 1024 ? "quick_check"
                                                                        : "integrity_check",
           now_s() - o0);

    static double t[RUNS];
    char key[64];
    int64_t centre;
    bm_user u;
    int hits = 0;

    /* Case number: as the clerk of the case's centre (the usual lookup). */
    for (int i = 0; i < RUNS; i++) {
        int tw = -1;
        while (tw < 0) {   /* one of the benchmark's centres, not the demo county's */
            random_value(db, "SELECT no, centre_id FROM bcase WHERE id = ?1", ncases, key,
                         sizeof key, &centre);
            for (int k = 0; k < TOWNSHIPS; k++)
                if (places[k].centre == centre)
                    tw = k;
        }
        bm_actor a = clerk_of(db, tw, &u);
        bm_case c;
        double s = now_s();
        int rc = bm_case_get_by_no(db, &a, key, &c, &err);
        t[i] = now_s() - s;
        if (rc != BM_OK)
            die("case by number", &err);
    }
    report("lookup by case number", t, RUNS);

    bm_actor clerk = clerk_of(db, 0, &u);
    for (int i = 0; i < RUNS; i++) {
        random_value(db, "SELECT id_no FROM applicant WHERE id = ?1", napplicants, key,
                     sizeof key, NULL);
        bm_applicant a;
        double s = now_s();
        int rc = bm_applicant_by_id_no(db, &clerk, key, &a, &err);
        t[i] = now_s() - s;
        if (rc != BM_OK)
            die("by id", &err);
    }
    report("lookup by ID number", t, RUNS);

    for (int i = 0; i < RUNS; i++) {
        random_value(db, "SELECT phone FROM applicant WHERE id = ?1", napplicants, key,
                     sizeof key, NULL);
        hits = 0;
        double s = now_s();
        int rc = bm_applicant_search(db, &clerk, key, 20, 0, count_applicant, &hits, &err);
        t[i] = now_s() - s;
        if (rc != BM_OK || hits == 0)
            die("by phone", &err);
    }
    report("lookup by phone", t, RUNS);

    /* Initials of a random person's name, first page of 20. */
    long total_hits = 0;
    for (int i = 0; i < RUNS; i++) {
        char name[64], v[BM_INITIALS_MAX][BM_INITIALS_LEN];
        random_value(db, "SELECT name FROM applicant WHERE id = ?1", napplicants, name,
                     sizeof name, NULL);
        bm_pinyin_initials(name, v, 1);
        hits = 0;
        double s = now_s();
        int rc = bm_applicant_search(db, &clerk, v[0], 20, 0, count_applicant, &hits, &err);
        t[i] = now_s() - s;
        if (rc != BM_OK || hits == 0)
            die("by initials", &err);
        total_hits += hits;
    }
    report("pinyin-initials search (first page of 20)", t, RUNS);

    for (int i = 0; i < RUNS; i++) {
        static const char *const two[] = {"zs", "wl", "lj", "cx", "hm", "yf", "zm", "lh"};
        hits = 0;
        double s = now_s();
        int rc = bm_applicant_search(db, &clerk, two[i % 8], 20, 0, count_applicant, &hits, &err);
        t[i] = now_s() - s;
        if (rc != BM_OK)
            die("by two initials", &err);
    }
    report("pinyin-initials search, two letters", t, RUNS);

    for (int i = 0; i < RUNS; i++) {
        bm_actor a = clerk_of(db, pick(TOWNSHIPS), &u);
        bm_case_query q = {.kind = BM_LIST_CENTRE_OPEN, .limit = 20};
        hits = 0;
        double s = now_s();
        int rc = bm_case_list(db, &a, &q, count_row, &hits, &err);
        t[i] = now_s() - s;
        if (rc != BM_OK || hits == 0)
            die("centre list", &err);
    }
    report("centre's open cases, first page of 20", t, RUNS);

    for (int i = 0; i < RUNS / 4; i++) {
        char name[64], v[BM_INITIALS_MAX][BM_INITIALS_LEN];
        random_value(db, "SELECT name FROM applicant WHERE id = ?1", napplicants, name,
                     sizeof name, NULL);
        bm_pinyin_initials(name, v, 1);
        bm_case_query q = {.kind = BM_LIST_SEARCH, .text = v[0], .limit = 20};
        double s = now_s();
        int rc = bm_case_list(db, &clerk, &q, count_row, &hits, &err);
        t[i] = now_s() - s;
        if (rc != BM_OK)
            die("case search", &err);
    }
    report("case search by initials (centre's cases)", t, RUNS / 4);

    /* One intake transaction, accepted with its materials: number, rows, history, audit,
     * fsync (synchronous=FULL). */
    int intakes = 500;
    for (int i = 0; i < intakes; i++) {
        int mi = pick(nmatters);
        bm_matter *m = malloc(sizeof *m);
        bm_matter_by_id(db, matter_ids[mi], m, NULL);
        bm_material plan[64];
        int np = bm_matter_materials_for(m, NULL, plan, 64);
        const char *names[64];
        int nn = 0;
        for (int k = 0; k < np; k++)
            if (plan[k].required)
                names[nn++] = plan[k].name;
        bm_intake in = {.applicant_id = 1 + pick(napplicants), .matter_code = m->code,
                        .channel = BM_CHANNEL_WINDOW, .mode = BM_INTAKE_ACCEPT, .received = names,
                        .nreceived = nn};
        bm_case c;
        double s = now_s();
        int rc = bm_case_intake(db, &clerk, &in, &c, &err);
        t[i] = now_s() - s;
        free(m);
        if (rc != BM_OK)
            die("intake", &err);
    }
    report("one intake transaction (accept, fsync)", t, intakes);
    monthly_reports(db, today, ncases, t);
    bm_db_close(db);
    (void)total_hits;
    return 0;
}
