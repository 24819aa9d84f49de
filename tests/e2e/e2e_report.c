/* Reports over real SSH, with the clock pinned to Monday 2026-11-30, 10:00: the centre
 * head's monthly report shows the numbers `bianmin report` prints for the same month and
 * centre (and, F6 turned to the year, the yearly report's), with one bar per channel (and F2, the twelve months' trend); F4 lists exactly the overdue cases (checked against the
 * database with plain SQL); the disclosure board and the ranking print through transparent
 * print; `ssh supervisor@host report monthly --format csv` returns the CSV (byte-order mark,
 * header, rows, the same numbers) and `export open311 requests` the centre's requests, a
 * clerk asking for another centre's figures is refused in words, and any other command
 * (`ls`, or a report with --data) is still refused. */
#include "tests/e2e/demo.h"
#include "tests/e2e/login.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define NOW "2026-11-30 10:00"

static int start_shared(void **state)
{
    (void)state;
    return e2e_shared_start(NOW);
}

/* `bianmin report ...` at the server's shell, for the demo centre 青林镇 and a period. */
static char *cli_report_of(const char *name, const char *period, const char *format)
{
    const char *args[] = {"report", name, "--period", period, "--scope", "qinglin",
                          "--format", format, NULL};
    char *out = NULL;
    assert_int_equal(bmt_run_bianmin(e2e_shared, args, &out), 0);
    assert_non_null(out);
    return out;
}

static char *cli_report(const char *name, const char *format)
{
    return cli_report_of(name, "2026-11", format);
}

/* The values after `label` on a line, as words ("!" marks dropped), joined by one space. */
static void values_after(const char *line, const char *label, char *out, size_t cap)
{
    out[0] = '\0';
    const char *p = strstr(line, label);
    if (!p)
        return;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", p + strlen(label));
    size_t k = 0;
    for (char *w = strtok(buf, " \r\n"); w; w = strtok(NULL, " \r\n")) {
        if (!strcmp(w, "!"))
            continue;
        k += (size_t)snprintf(out + k, cap - k, "%s%s", k ? " " : "", w);
        if (k >= cap)
            break;
    }
}

/* The line of text holding label (at the start, after indentation). */
static const char *line_of(const char *text, const char *label, char *buf, size_t cap)
{
    for (const char *p = text; p && *p;) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        size_t lead = strspn(p, " ");
        if (!strncmp(p + lead, label, strlen(label)) && p[lead + strlen(label)] == ' ') {
            snprintf(buf, cap, "%.*s", (int)n, p);
            return buf;
        }
        p = end ? end + 1 : NULL;
    }
    return NULL;
}

static const char *screen_line_of(bmt_term *t, const char *label, char *buf, size_t cap)
{
    for (int r = 0; r < 24; r++) {
        char *row = bmt_screen_row(t, r);
        const char *hit = row ? line_of(row, label, buf, cap) : NULL;
        free(row);
        if (hit)
            return hit;
    }
    return NULL;
}

static bmt_term *open_report(void)
{
    bmt_term *t = e2e_login(e2e_shared, "supervisor");
    assert_true(bmt_screen_has(t, "3  统计报表"));
    e2e_keys(t, "\"3\" Enter");
    assert_true(bmt_wait_text(t, "BM600", 10000));
    assert_true(bmt_wait_text(t, "各渠道受理件数", 10000));
    return t;
}

/* The screen's values of each label are the shell's. */
static void same_values(bmt_term *t, const char *text, const char *const *labels, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char a[512], b[512], va[256], vb[256];
        const char *cli = line_of(text, labels[i], a, sizeof a);
        const char *scr = screen_line_of(t, labels[i], b, sizeof b);
        if (!cli || !scr) {
            bmt_screen_dump(t, labels[i]);
            fail_msg("%s: not on %s", labels[i], !cli ? "the shell's report" : "the screen");
        }
        values_after(cli, labels[i], va, sizeof va);
        values_after(scr, labels[i], vb, sizeof vb);
        if (strcmp(va, vb) != 0)
            fail_msg("%s: screen \"%s\", shell \"%s\"", labels[i], vb, va);
        assert_true(strlen(va) > 4);   /* three values */
    }
}

/* F6 turns month, week, day, quarter, year: the year 2026 on the screen (counted a part at a
 * time between keys when it takes a while) has the shell's figures. */
static void test_year_screen_equals_cli(void **state)
{
    (void)state;
    char *text = cli_report_of("yearly", "2026", "text");
    bmt_term *t = open_report();
    static const char *const turns[] = {"统计期 2026-W49", "统计期 2026-11-30", "统计期 2026-Q4",
                                        "统计期 2026   上期 2025"};
    for (size_t i = 0; i < sizeof turns / sizeof *turns; i++) {
        e2e_keys(t, "F6");
        assert_true(bmt_wait_text(t, turns[i], 15000));
    }
    assert_true(bmt_wait_text(t, "各渠道受理件数", 15000));
    static const char *const labels[] = {"已接收", "已办结", "按时办结率", "满意率（满意和非常满意）"};
    same_values(t, text, labels, sizeof labels / sizeof *labels);
    e2e_keys(t, "F6");
    assert_true(bmt_wait_text(t, "统计期 2026-11", 10000));
    e2e_logout(t);
    free(text);
}

/* The figures on the screen are the shell's, this month, last month and last year. */
static void test_monthly_screen_equals_cli(void **state)
{
    (void)state;
    char *text = cli_report("monthly", "text");
    bmt_term *t = open_report();
    assert_true(bmt_screen_has(t, "2026-11"));
    assert_true(bmt_screen_has(t, "青林镇便民服务中心"));
    static const char *const labels[] = {
        "已接收", "已办结", "按时办结率", "当前超期", "即办率", "平均办结用时（工作日）",
        "九成办件办结用时（工作日）", "参评率", "满意率（满意和非常满意）",
    };
    same_values(t, text, labels, sizeof labels / sizeof *labels);
    /* One bar per channel, as long as its count says, the count the shell's. */
    static const char *const channels[] = {"窗口", "代办员", "上门", "预约", "12345热线", "网上"};
    for (size_t i = 0; i < sizeof channels / sizeof *channels; i++) {
        char a[512], b[512], va[256], vb[256];
        const char *cli = line_of(text, channels[i], a, sizeof a);
        const char *scr = screen_line_of(t, channels[i], b, sizeof b);
        assert_non_null(cli);
        assert_non_null(scr);
        values_after(cli, channels[i], va, sizeof va);
        values_after(scr, channels[i], vb, sizeof vb);
        int bars = 0;
        for (const char *p = vb; *p; p++)
            bars += *p == '#';
        char *space = strchr(vb, ' ');
        assert_non_null(space);          /* the bar, then the count */
        assert_true(strspn(vb, "#.") == 50);
        assert_int_equal(atoi(space + 1), atoi(va));
        assert_true(atoi(va) == 0 ? bars == 0 : bars > 0);
    }
    /* F2: the twelve months up to November, November's bar counting what was received. */
    char a[512], b[512], received[256], bar[256];
    values_after(line_of(text, "已接收", a, sizeof a), "已接收", received, sizeof received);
    e2e_keys(t, "F2");
    assert_true(bmt_wait_text(t, "近十二期", 10000));
    assert_true(bmt_screen_has(t, "2025-12"));
    assert_non_null(screen_line_of(t, "2026-11", b, sizeof b));
    values_after(b, "2026-11", bar, sizeof bar);
    assert_non_null(strchr(bar, ' '));
    assert_int_equal(atoi(strchr(bar, ' ') + 1), atoi(received));
    free(text);
    e2e_logout(t);
}

/* F4 lists the overdue cases: exactly those the database has open past their deadline and
 * not waiting for corrections, as many as the report counts. */
static void test_overdue_drill_down(void **state)
{
    (void)state;
    char *numbers = demo_db_list(e2e_shared,
        "SELECT no FROM bcase WHERE centre_id = (SELECT id FROM org_unit WHERE code = 'qinglin') "
        "AND is_open = 1 AND parent_id IS NULL AND deadline < '2026-11-30' AND status != 5 "
        "ORDER BY no", " ");
    long n = demo_db_long(e2e_shared,
        "SELECT count(*) FROM bcase WHERE centre_id = (SELECT id FROM org_unit WHERE code = "
        "'qinglin') AND is_open = 1 AND parent_id IS NULL AND deadline < '2026-11-30' AND "
        "status != 5", NULL);
    assert_non_null(numbers);
    assert_true(n >= 1);
    bmt_term *t = open_report();
    char b[512], v[256];
    assert_non_null(screen_line_of(t, "当前超期", b, sizeof b));
    values_after(b, "当前超期", v, sizeof v);
    assert_int_equal(atol(v), n);
    e2e_keys(t, "F4");
    assert_true(bmt_wait_text(t, "BM603", 10000));
    char count[32];
    snprintf(count, sizeof count, "共 %ld 条", n);
    assert_true(bmt_wait_text(t, count, 10000));
    for (char *no = strtok(numbers, " "); no; no = strtok(NULL, " "))
        if (!bmt_screen_has(t, no)) {
            bmt_screen_dump(t, no);
            fail_msg("overdue case %s not listed", no);
        }
    free(numbers);
    e2e_keys(t, "F3");
    assert_true(bmt_wait_text(t, "BM600", 10000));
    e2e_logout(t);
}

static char *print_now(bmt_term *t)
{
    const char *raw;
    size_t from = bmt_raw_output(t, &raw);
    e2e_keys(t, "F9");
    assert_true(bmt_wait_text(t, "打印机", 10000));
    char *p = e2e_printed(t, from);
    assert_non_null(p);
    return p;
}

/* The ranking and the disclosure board go to the terminal's printer; the board names each
 * member of staff with their phone and, while away, their whereabouts note (the clerk left
 * one first: in the villages, 新桥村, back at 21:00), and gives bad ratings rectified on time
 * among the month's figures. */
static void test_board_and_ranking_print(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "clerk");
    e2e_keys(t, "\"5\" Enter");
    assert_true(bmt_wait_text(t, "BM319", 10000));
    e2e_keys(t, "\"4\" Enter");
    assert_true(bmt_wait_text(t, "BM330", 10000));
    e2e_keys(t, "F6");
    assert_true(bmt_wait_text(t, "BM331", 10000));
    e2e_keys(t, "Enter \"新桥村\" Enter Enter \"21:00\" F2");
    assert_true(bmt_wait_text(t, "下村入户 新桥村 21:00 回", 10000));
    e2e_logout(t);
    char *phone = demo_db_text(e2e_shared, "SELECT phone FROM account WHERE login = ?1", "clerk");
    char *name = demo_db_text(e2e_shared, "SELECT name FROM account WHERE login = ?1", "clerk");
    assert_non_null(phone);
    assert_non_null(name);
    assert_true(strlen(phone) > 0);

    t = e2e_login(e2e_shared, "supervisor");
    e2e_keys(t, "\"5\" Enter");
    assert_true(bmt_wait_text(t, "BM601", 10000));
    assert_true(bmt_wait_text(t, "工作人员排名", 10000));
    assert_true(bmt_screen_has(t, "参加排名的最少办结件数： 5"));
    char *p = print_now(t);
    assert_non_null(strstr(p, "工作人员排名"));
    assert_non_null(strstr(p, "\r\n"));
    free(p);
    e2e_keys(t, "F6");
    assert_true(bmt_wait_text(t, "办事公开栏", 10000));
    assert_true(bmt_screen_has(t, "0818-7321001"));
    p = print_now(t);
    assert_non_null(strstr(p, "青林镇便民服务中心  办事公开栏"));
    assert_non_null(strstr(p, "三、办理事项"));
    assert_non_null(strstr(p, "所需材料："));
    assert_non_null(strstr(p, "\f"));
    assert_non_null(strstr(p, "差评按时整改率"));
    char want[256];
    snprintf(want, sizeof want, "  %s  窗口人员  %s  下村入户 新桥村 21:00 回\r\n", name, phone);
    if (!strstr(p, want))
        fail_msg("the board has no line \"%s\"", want);
    free(p);
    free(phone);
    free(name);
    e2e_logout(t);
}

/* Over SSH exec: the CSV as the shell makes it; another centre refused; ls refused. */
static void test_exec_report(void **state)
{
    (void)state;
    char *what = NULL;
    assert_int_equal(bmt_try_exec(e2e_shared, "supervisor", "demo",
                                  "report monthly --period 2026-11 --format csv", &what), 1);
    char *csv = cli_report("monthly", "csv");
    const char *out = strstr(what, "stdout: ");
    assert_non_null(out);
    out += strlen("stdout: ");
    assert_memory_equal(out, "\xEF\xBB\xBF", 3);
    assert_memory_equal(csv, "\xEF\xBB\xBF", 3);
    /* The header, then one row per figure, the same bytes as the shell's. */
    assert_non_null(strstr(out, "代码,分类,项目,本期 2026-11,上期 2026-10,去年同期 2025-11\r\n"));
    assert_int_equal(strncmp(out, csv, strlen(csv)), 0);
    assert_non_null(strstr(out, "\r\nreceived,办件,已接收,"));
    assert_non_null(strstr(what, "exit status: 0"));
    free(csv);
    free(what);

    what = NULL;
    assert_int_equal(bmt_try_exec(e2e_shared, "clerk", "demo",
                                  "report monthly --period 2026-11 --scope shiqiao", &what), 0);
    assert_non_null(strstr(what, "这属于其他便民服务中心"));
    assert_non_null(strstr(what, "exit status: 1"));
    free(what);

    what = NULL;
    assert_int_equal(bmt_try_exec(e2e_shared, "agent", "demo", "report monthly", &what), 0);
    assert_non_null(strstr(what, "exit status: 1"));
    free(what);

    /* The Open311 requests of the month, the supervisor's centre, as JSON. */
    what = NULL;
    assert_int_equal(bmt_try_exec(e2e_shared, "supervisor", "demo",
                                  "export open311 requests --period 2026-11", &what), 1);
    assert_non_null(strstr(what, "stdout: [\n{\"service_request_id\":\"2026"));
    assert_non_null(strstr(what, "\"address\":\"青林镇便民服务中心"));
    assert_null(strstr(what, "石桥镇"));
    free(what);

    what = NULL;
    assert_int_equal(bmt_try_exec(e2e_shared, "supervisor", "demo", "ls", &what), 0);
    assert_null(strstr(what, "stdout: "));
    free(what);
    what = NULL;
    assert_int_equal(bmt_try_exec(e2e_shared, "supervisor", "demo",
                                  "report monthly --data /tmp", &what), 0);
    free(what);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_monthly_screen_equals_cli),
        cmocka_unit_test(test_year_screen_equals_cli),
        cmocka_unit_test(test_overdue_drill_down),
        cmocka_unit_test(test_board_and_ranking_print),
        cmocka_unit_test(test_exec_report),
    };
    return cmocka_run_group_tests(tests, start_shared, e2e_shared_stop);
}
