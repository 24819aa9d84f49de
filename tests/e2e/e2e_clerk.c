/* End-to-end tests of the clerk's window over real SSH, on the demo county with the clock at
 * 2026-09-29 10:00 (a Tuesday before the National Day holiday): a new applicant registered and
 * a matter accepted with the promised date core's calendar gives across the holiday and a
 * weekend; the case found again in My cases by number, ID number and pinyin initials, returned
 * for corrections, resumed, completed and rated, the history showing all of it; a mistyped ID
 * number refused with nothing saved; the one-time notice listing exactly the missing items; a
 * bundle with five sub-cases; the keystrokes of a simple intake counted; the receipt printed
 * through the terminal; agent and duty refused another centre's case; two clerks accepting at
 * once; and a connection dropped mid-intake: nothing half saved, the typed values back as a
 * draft. */
#include "tests/e2e/demo.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/login.h"
#include "core/calendar.h"
#include "core/date.h"
#include "core/db.h"
#include "core/store.h"
#include "core/validate.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define NOW "2026-09-29 10:00"

static bmt_server *shared;
static int keystrokes;   /* keys sent through keys()/ticks(), typed text not counted */

static int start_shared(void **state)
{
    (void)state;
    setenv("BIANMIN_NOW", NOW, 1);
    shared = bmt_server_start(NULL);
    return shared ? 0 : -1;
}

static int stop_shared(void **state)
{
    (void)state;
    int status = bmt_server_stop(shared);
    shared = NULL;
    return status == 0 ? 0 : -1;
}

/* Sends a key spec and counts its keys: every token but quoted text (the typed data). */
static void keys(bmt_term *t, const char *spec)
{
    assert_int_equal(bmt_send_keys(t, spec), 0);
    for (const char *p = spec; *p;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        if (*p == '"') {
            for (p++; *p && *p != '"'; p++)
                if (*p == '\\' && p[1])
                    p++;
            if (*p)
                p++;
            continue;
        }
        keystrokes++;
        while (*p && *p != ' ')
            p++;
    }
}

/* Tick boxes: each character ('X' received, ' ' not brought) is one keystroke. */
static void ticks(bmt_term *t, const char *marks)
{
    for (const char *p = marks; *p; p++) {
        char spec[8];
        snprintf(spec, sizeof spec, "\"%c\"", *p);
        assert_int_equal(bmt_send_keys(t, spec), 0);
        keystrokes++;
    }
}

/* Logs in; a session kept from an earlier test, or a draft, is declined first. */
static bmt_term *login_as(bmt_server *s, const char *user)
{
    bmt_login l = { .user = user, .password = "demo", .term = "xterm" };
    char *why = NULL;
    bmt_term *t = bmt_connect(s, &l, &why);
    if (!t) {
        fprintf(stderr, "# login as %s failed: %s\n", user, why ? why : "?");
        free(why);
        return NULL;
    }
    free(why);
    if (!bmt_wait_text(t, "===>", 10000))
        return t;
    bmt_wait_quiet(t, 200, 3000);
    for (int i = 0; i < 3; i++) {
        if (bmt_screen_has(t, "恢复会话"))
            bmt_send_keys(t, "\"n\"");
        else if (bmt_screen_has(t, "未完成的草稿"))
            bmt_send_keys(t, "\"d\"");
        else
            break;
        bmt_wait_quiet(t, 200, 3000);
    }
    return t;
}

static void logout(bmt_term *t)
{
    assert_int_equal(bmt_send_keys(t, "F10"), 0);
    assert_true(bmt_wait_text(t, "现在退出", 5000));
    assert_int_equal(bmt_send_keys(t, "\"y\""), 0);
    assert_true(bmt_closed(t, 5000));
    bmt_close(t);
}

/* ---- the database, read beside the server ---- */

static char *db_text(bmt_server *s, const char *sql, const char *param)
{
    char *v = demo_db_text(s, sql, param);
    if (!v)
        fprintf(stderr, "# no row for: %s\n", sql);
    return v;
}

static long db_long(bmt_server *s, const char *sql, const char *param)
{
    return demo_db_long(s, sql, param);
}

/* A known applicant of the clerk's centre and their full ID number. */
static void known_applicant(char id[19], int nth)
{
    assert_int_equal(demo_known_applicant(shared, nth, id), 0);
}

/* The 12-digit case number after `label` on the screen. */
static void number_after(bmt_term *t, const char *label, char out[13])
{
    char *s = bmt_screen_text(t);
    const char *p = s ? strstr(s, label) : NULL;
    if (!p)
        bmt_screen_dump(t, "no case number");
    assert_non_null(p);
    p += strlen(label);
    for (int i = 0; i < 12; i++)
        assert_true(isdigit((unsigned char)p[i]));
    memcpy(out, p, 12);
    out[12] = 0;
    free(s);
}

/* The key of a numbered menu entry with this label ("  3  办结" gives '3'). */
static char menu_key(bmt_term *t, const char *label)
{
    char *s = bmt_screen_text(t);
    char want[128];
    snprintf(want, sizeof want, "  %s\n", label);
    char *p = s ? strstr(s, want) : NULL;
    if (!p)
        bmt_screen_dump(t, label);
    assert_non_null(p);
    while (p > s && p[-1] == ' ')
        p--;
    char key = p[-1];
    free(s);
    return key;
}

static void choose_step(bmt_term *t, const char *label)
{
    char spec[16];
    snprintf(spec, sizeof spec, "\"%c\" Enter", menu_key(t, label));
    keys(t, spec);
}

/* The find field of a case list: '/' (a keystroke), the text (data), Enter. */
static void find(bmt_term *t, const char *text)
{
    assert_int_equal(bmt_send_keys(t, "\"/\""), 0);
    keystrokes++;
    char spec[128];
    snprintf(spec, sizeof spec, "\"%s\" Enter", text);
    keys(t, spec);
}

/* Home, then intake with a known applicant and a matter typed into their fields. */
static void start_intake(bmt_term *t, const char *id, const char *matter, const char *expect)
{
    keys(t, "1 Enter");
    assert_true(bmt_wait_text(t, "BM210", 5000));
    char spec[128];
    snprintf(spec, sizeof spec, "\"%s\" Enter", id);
    keys(t, spec);
    assert_true(bmt_wait_gone(t, "输入身份证号、电话、姓名或拼音首字母后回车", 5000));
    snprintf(spec, sizeof spec, "\"%s\" Enter", matter);
    keys(t, spec);
    assert_true(bmt_wait_text(t, expect, 5000));
}

/* ---- the tests ---- */

/* A new applicant is registered on the spot and a matter accepted: the case number and the
 * promised date (5 working days from 2026-09-29 across the National Day holiday, a weekend and
 * a make-up Saturday) appear at once. The case is found again in My cases by number, by ID and
 * by pinyin initials; it is returned for corrections (the notice printed), resumed, completed
 * and rated; the history shows every step with the clerk's name. */
static void test_new_applicant_through_to_rating(void **state)
{
    (void)state;
    /* The promised date as core's calendar has it. */
    char expected[11];
    bm_db *cdb;
    bm_err err;
    bm_store_set_data_dir(bmt_server_datadir(shared));   /* where the audit key is */
    assert_int_equal(bm_db_open(bmt_server_db(shared), &cdb, &err), BM_OK);
    bm_day due;
    assert_int_equal(bm_workdays_add(cdb, bm_day_from_ymd(2026, 9, 29), 5, &due, NULL, &err),
                     BM_OK);
    bm_db_close(cdb);
    bm_day_format(due, expected);
    assert_string_equal(expected, "2026-10-12");   /* 9-30, 10-08, 10-09, 10-10 (make-up), 10-12 */

    bmt_term *t = login_as(shared, "clerk");
    assert_non_null(t);
    char id[19];
    demo_new_id("51172219881203002", id);
    keys(t, "1 Enter");
    assert_true(bmt_wait_text(t, "BM210", 5000));
    char spec[256];
    snprintf(spec, sizeof spec, "\"%s\" Enter", id);
    keys(t, spec);
    assert_true(bmt_wait_text(t, "尚无此申请人", 5000));
    keys(t, "\"柯雨桐\" Enter \"13908161235\" Enter \"xq\" Enter \"3\" Enter Enter Enter");
    assert_true(bmt_wait_text(t, "[新桥村", 5000));
    assert_true(bmt_screen_has(t, "[三组"));
    keys(t, "\"MZ-008\" Enter");
    assert_true(bmt_wait_text(t, "基本殡葬服务费用减免", 5000));
    assert_true(bmt_wait_text(t, "承诺办结 2026-10-12", 5000));
    ticks(t, "XXXXX");
    keys(t, "F2");
    assert_true(bmt_wait_text(t, "受理回执", 5000));
    char no[13];
    number_after(t, "办件号：", no);
    char want[64];
    snprintf(want, sizeof want, "承诺办结日期：%s", expected);
    assert_true(bmt_screen_has(t, want));
    assert_true(bmt_screen_has(t, "申请人：柯雨桐"));
    char masked[19];
    bm_id_mask(id, masked, sizeof masked);
    assert_true(bmt_screen_has(t, masked));   /* masked on the receipt */
    /* Kept: the applicant and the accepted case with its materials. */
    assert_int_equal(db_long(shared, "SELECT count(*) FROM applicant WHERE id_no = ?1", id), 1);
    assert_int_equal(db_long(shared, "SELECT status FROM bcase WHERE no = ?1", no), 2);
    char *dl = db_text(shared, "SELECT deadline FROM bcase WHERE no = ?1", no);
    assert_string_equal(dl, expected);
    free(dl);
    assert_int_equal(db_long(shared, "SELECT count(*) FROM case_material WHERE received = 1 AND "
                                     "case_id = (SELECT id FROM bcase WHERE no = ?1)", no), 5);

    /* My cases: by number, by ID number, by pinyin initials. */
    keys(t, "Enter F3");
    assert_true(bmt_wait_text(t, "选择 ===>", 5000));
    keys(t, "2 Enter");
    assert_true(bmt_wait_text(t, "BM220", 5000));
    assert_true(bmt_wait_text(t, "在办", 5000));
    find(t, no);
    assert_true(bmt_wait_text(t, "找到 1 条", 5000));
    assert_true(bmt_screen_has(t, no));
    keys(t, "F12");
    assert_true(bmt_wait_gone(t, "找到", 5000));
    find(t, id);
    assert_true(bmt_wait_text(t, "找到 1 条", 5000));
    assert_true(bmt_screen_has(t, no));
    keys(t, "F12 \"kyt\" Enter");
    assert_true(bmt_wait_text(t, "条（kyt）", 5000));
    assert_true(bmt_screen_has(t, no));
    assert_true(bmt_screen_has(t, "柯雨桐"));

    /* The case: return for corrections, with the notice printed at once. */
    keys(t, "Enter");
    assert_true(bmt_wait_text(t, "BM230", 5000));
    assert_true(bmt_screen_has(t, no));
    assert_true(bmt_screen_has(t, "已受理"));
    keys(t, "F2");
    assert_true(bmt_wait_text(t, "步骤 ===>", 5000));
    const char *raw;
    size_t before = bmt_raw_output(t, &raw);
    choose_step(t, "退回补正");
    assert_true(bmt_wait_text(t, "补正内容", 5000));
    ticks(t, "  X  ");
    keys(t, "\"复印件不清晰\" F2");
    assert_true(bmt_wait_text(t, "确认", 5000));
    keys(t, "\"y\"");
    assert_true(bmt_wait_text(t, "补正告知书", 5000));
    assert_true(bmt_wait_text(t, "已退回补正", 5000));
    char *paper = e2e_printed(t, before);
    assert_non_null(paper);
    assert_non_null(strstr(paper, "补正告知书"));
    assert_non_null(strstr(paper, "需补正：火化证明。复印件不清晰"));
    free(paper);
    keys(t, "Enter");
    assert_true(bmt_wait_text(t, "补正中", 5000));
    assert_true(bmt_screen_has(t, "补正暂停"));

    /* Resume, complete, rate. */
    keys(t, "F2");
    assert_true(bmt_wait_text(t, "步骤 ===>", 5000));
    choose_step(t, "补正后继续办理");
    assert_true(bmt_wait_text(t, "步骤: 补正后继续办理", 5000));
    keys(t, "F2");
    assert_true(bmt_wait_text(t, "确认", 5000));
    keys(t, "\"y\"");
    assert_true(bmt_wait_text(t, "办理中", 5000));
    keys(t, "F2");
    assert_true(bmt_wait_text(t, "步骤 ===>", 5000));
    choose_step(t, "办结");
    assert_true(bmt_wait_text(t, "领取方式", 5000));
    keys(t, "F2");
    assert_true(bmt_wait_text(t, "确认", 5000));
    keys(t, "\"y\"");
    assert_true(bmt_wait_text(t, "请记录申请人评价", 5000));
    keys(t, "\"4\" \"办得很快\" F2");
    assert_true(bmt_wait_text(t, "确认", 5000));
    keys(t, "\"y\"");
    assert_true(bmt_wait_text(t, "已记录评价 4（满意）", 5000));
    assert_true(bmt_wait_text(t, "已办结", 5000));
    assert_true(bmt_screen_has(t, "评价 4 满意"));
    assert_int_equal(db_long(shared, "SELECT rating FROM bcase WHERE no = ?1", no), 4);

    /* The history, every step with the clerk's name: read it page by page. */
    static const char *const steps[] = {
        "张敏     登记 -> 待受理", "张敏     受理 -> 已受理", "张敏     退回补正 -> 补正中",
        "张敏     补正后继续办理 -> 办理中", "张敏     办结 -> 已办结", "张敏     评价",
        "申请人意见：办得很快",
    };
    char all[8192] = "";
    keys(t, "Home");
    for (int page = 0; page < 4; page++) {
        bmt_wait_quiet(t, 150, 2000);
        char *s = bmt_screen_text(t);
        strncat(all, s, sizeof all - strlen(all) - 1);
        free(s);
        keys(t, "F8");
    }
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        if (!strstr(all, steps[i]))
            fprintf(stderr, "# history lacks: %s\n", steps[i]);
        assert_non_null(strstr(all, steps[i]));
    }
    assert_non_null(strstr(all, "需补正：火化证明"));
    assert_int_equal(db_long(shared, "SELECT count(*) FROM case_history WHERE login = 'clerk' "
                                     "AND case_id = (SELECT id FROM bcase WHERE no = ?1)", no), 7);
    logout(t);
}

/* A mistyped ID number (wrong check digit) is refused with the reason on the message line,
 * in reverse video, with the cursor kept on it; nothing is saved. The same in the new
 * applicant's ID field. */
static void test_invalid_id_refused(void **state)
{
    (void)state;
    long applicants = db_long(shared, "SELECT count(*) FROM applicant", NULL);
    long cases = db_long(shared, "SELECT count(*) FROM bcase", NULL);
    bmt_term *t = login_as(shared, "clerk");
    assert_non_null(t);
    char id[19];
    demo_new_id("51172219900315123", id);
    id[17] = id[17] == '0' ? '1' : '0';   /* one digit off */
    keys(t, "1 Enter");
    assert_true(bmt_wait_text(t, "BM210", 5000));
    char spec[64];
    snprintf(spec, sizeof spec, "\"%s\" Enter", id);
    keys(t, spec);
    assert_true(bmt_wait_text(t, "身份证号校验码不对", 5000));
    int reverse = 0, bold = 0, row = -1, col = -1;
    assert_int_equal(bmt_cell_attr(t, 23, 0, &reverse, &bold), 0);
    assert_true(reverse);
    assert_int_equal(bmt_cursor(t, &row, &col), 0);
    assert_int_equal(row, 2);   /* still on the applicant field */
    assert_false(bmt_screen_has(t, "尚无此申请人"));
    /* The new applicant's own ID field refuses it as it is left. */
    keys(t, "F6");
    assert_true(bmt_wait_text(t, "身份证 [", 5000));
    keys(t, "BTab C-u");   /* the ID came over from the applicant field: type it afresh */
    snprintf(spec, sizeof spec, "\"%s\" Tab", id);
    keys(t, spec);
    assert_true(bmt_wait_text(t, "身份证号校验码不对", 5000));
    assert_int_equal(bmt_cursor(t, &row, &col), 0);
    assert_int_equal(row, 3);
    /* F2 with the bad field: still refused, still nothing saved. */
    keys(t, "F2");
    assert_true(bmt_wait_text(t, "身份证号校验码不对", 5000));
    assert_int_equal(db_long(shared, "SELECT count(*) FROM applicant", NULL), applicants);
    assert_int_equal(db_long(shared, "SELECT count(*) FROM bcase", NULL), cases);
    /* F12 asks before throwing the typing away. */
    keys(t, "F12");
    assert_true(bmt_wait_text(t, "放弃本次受理", 5000));
    keys(t, "\"y\"");
    assert_true(bmt_wait_text(t, "已清空", 5000));
    logout(t);
}

/* One required material missing: the clerk chooses the one-time notice; it lists exactly the
 * missing item under a notice number of its own (GZ...), kept as advice given; no case, nothing
 * accepted. */
static void test_one_time_notice(void **state)
{
    (void)state;
    char id[19];
    known_applicant(id, 3);
    bmt_term *t = login_as(shared, "clerk");
    assert_non_null(t);
    start_intake(t, id, "MZ-008", "基本殡葬服务费用减免");
    ticks(t, "XX XX");
    keys(t, "F2");
    assert_true(bmt_wait_text(t, "缺少必要材料：火化证明", 5000));
    keys(t, "\"1\"");
    assert_true(bmt_wait_text(t, "登记号：GZ", 5000));
    assert_true(bmt_screen_has(t, "一次性告知书"));
    char digits[13], no[15];
    number_after(t, "登记号：GZ", digits);
    snprintf(no, sizeof no, "GZ%s", digits);
    char *s = bmt_screen_text(t);
    const char *a = strstr(s, "请补齐以下全部材料");
    const char *b = a ? strstr(a, "已核验的材料") : NULL;
    assert_non_null(a);
    assert_non_null(b);
    char *missing = strndup(a, (size_t)(b - a));
    assert_non_null(strstr(missing, "1. 火化证明（复印件 1 份）"));
    assert_null(strstr(missing, "2."));
    free(missing);
    free(s);
    /* A record of advice given with a notice number of its own; nothing accepted, no case. */
    assert_int_equal(db_long(shared, "SELECT count(*) FROM advice WHERE no = ?1", no), 1);
    assert_int_equal(db_long(shared, "SELECT count(*) FROM bcase WHERE status = 1 AND "
                                     "applicant_id = (SELECT id FROM applicant WHERE id_no = ?1)",
                             id), 0);
    logout(t);
}

/* 出生一件事: one pass, one case with five sub-cases, one receipt listing each. */
static void test_bundle(void **state)
{
    (void)state;
    char id[19];
    known_applicant(id, 4);
    bmt_term *t = login_as(shared, "clerk");
    assert_non_null(t);
    start_intake(t, id, "出生一件事", "YJS-01 出生一件事");
    assert_true(bmt_screen_has(t, "HJ-001 出生登记"));
    ticks(t, "XXXXXXXXXXXX");
    keys(t, "F2");
    assert_true(bmt_wait_text(t, "受理回执", 5000));
    char no[13];
    number_after(t, "办件号：", no);
    keys(t, "PgDn");
    assert_true(bmt_wait_text(t, "子办件（5 件）", 5000));
    assert_true(bmt_screen_has(t, "出生医学证明首次签发，承诺"));
    assert_int_equal(db_long(shared, "SELECT count(*) FROM bcase WHERE parent_id = (SELECT id "
                                     "FROM bcase WHERE no = ?1)", no), 5);
    assert_int_equal(db_long(shared, "SELECT status FROM bcase WHERE no = ?1", no), 2);
    logout(t);
}

/* The whole intake of a known applicant for a simple matter, counted from the home menu to
 * the receipt printed and the screen ready for the next applicant: typed data not counted.
 * The receipt arrives between ESC [5i and ESC [4i, with the ID masked. */
static void test_keystrokes_and_print(void **state)
{
    (void)state;
    char id[19];
    known_applicant(id, 5);
    bmt_term *t = login_as(shared, "clerk");
    assert_non_null(t);
    keystrokes = 0;
    start_intake(t, id, "NY-006", "动物产地检疫申报");
    ticks(t, "XX ");
    keys(t, "F2");
    assert_true(bmt_wait_text(t, "受理回执", 5000));
    char no[13];
    number_after(t, "办件号：", no);
    const char *raw;
    size_t before = bmt_raw_output(t, &raw);
    keys(t, "F9");
    assert_true(bmt_wait_text(t, "已送到本终端的打印机", 5000));
    keys(t, "Enter");
    assert_true(bmt_wait_text(t, "输入身份证号、电话、姓名或拼音首字母后回车", 5000));
    printf("# figure: simple intake of a known applicant (NY-006, 3 materials): %d keystrokes "
           "beyond the typed data, home menu to receipt printed and ready for the next\n",
           keystrokes);
    assert_true(keystrokes <= 25);
    char *paper = e2e_printed(t, before);
    assert_non_null(paper);
    assert_non_null(strstr(paper, "受理回执"));
    assert_non_null(strstr(paper, no));
    assert_non_null(strstr(paper, "\r\n"));
    char masked[19];
    bm_id_mask(id, masked, sizeof masked);
    assert_non_null(strstr(paper, masked));
    assert_null(strstr(paper, id));
    free(paper);
    /* And again from the case, option 6 in My cases. */
    keys(t, "F3");
    assert_true(bmt_wait_text(t, "选择 ===>", 5000));
    before = bmt_raw_output(t, &raw);
    keys(t, "2 Enter");
    assert_true(bmt_wait_text(t, "BM220", 5000));
    find(t, no);
    assert_true(bmt_wait_text(t, "找到 1 条", 5000));
    keys(t, "6 Enter");
    assert_true(bmt_wait_text(t, "已送到本终端的打印机", 5000));
    paper = e2e_printed(t, before);
    assert_non_null(paper);
    assert_non_null(strstr(paper, no));
    free(paper);
    logout(t);
}

/* Agent and duty logins may not open a case of another centre by its number: core refuses,
 * the screen says why and stays where it was. */
static void test_other_centre_refused(void **state)
{
    (void)state;
    char *no = db_text(shared, "SELECT no FROM bcase WHERE parent_id IS NULL AND centre_id = "
                               "(SELECT id FROM org_unit WHERE code = 'shiqiao') LIMIT 1", NULL);
    assert_non_null(no);
    static const struct { const char *user, *reason; } who[] = {
        { "agent", "这属于其他村" },
        { "duty", "这属于其他便民服务中心" },
    };
    for (size_t i = 0; i < 2; i++) {
        bmt_term *t = login_as(shared, who[i].user);
        assert_non_null(t);
        assert_int_equal(bmt_send_keys(t, "4 Enter"), 0);
        assert_true(bmt_wait_text(t, "BM222", 5000));
        char spec[64];
        snprintf(spec, sizeof spec, "\"%s\" Enter", no);
        assert_int_equal(bmt_send_keys(t, spec), 0);
        assert_true(bmt_wait_text(t, who[i].reason, 5000));
        char *title = bmt_screen_row(t, 0);
        assert_non_null(strstr(title, "BM222"));
        free(title);
        assert_false(bmt_screen_has(t, "BM230"));
        logout(t);
    }
    free(no);
}

/* Two clerks press F2 at the same moment: two cases, two numbers. */
static void test_two_clerks_at_once(void **state)
{
    (void)state;
    char id1[19], id2[19];
    known_applicant(id1, 6);
    known_applicant(id2, 7);
    bmt_term *a = login_as(shared, "clerk");
    bmt_term *b = login_as(shared, "lijuan");
    assert_non_null(a);
    assert_non_null(b);
    start_intake(a, id1, "NY-006", "动物产地检疫申报");
    start_intake(b, id2, "NY-006", "动物产地检疫申报");
    ticks(a, "XX ");
    ticks(b, "XX ");
    bmt_wait_quiet(a, 150, 2000);
    bmt_wait_quiet(b, 150, 2000);
    assert_int_equal(bmt_send_keys(a, "F2"), 0);
    assert_int_equal(bmt_send_keys(b, "F2"), 0);
    assert_true(bmt_wait_text(a, "受理回执", 5000));
    assert_true(bmt_wait_text(b, "受理回执", 5000));
    char na[13], nb[13];
    number_after(a, "办件号：", na);
    number_after(b, "办件号：", nb);
    assert_string_not_equal(na, nb);
    assert_int_equal(db_long(shared, "SELECT status FROM bcase WHERE no = ?1", na), 2);
    assert_int_equal(db_long(shared, "SELECT status FROM bcase WHERE no = ?1", nb), 2);
    assert_true(bmt_screen_has(b, "受理人：李娟"));
    logout(a);
    logout(b);
}

/* The link drops in the middle of an intake: the case accepted before is whole, nothing of
 * the unfinished one is in the case tables, and once the kept session runs out the typed
 * values come back at the next login as a draft of the intake. */
static void test_drop_mid_intake(void **state)
{
    (void)state;
    const char *args[] = { "--keep", "1", NULL };
    bmt_server *s = bmt_server_start(args);
    assert_non_null(s);
    bmt_server *keep_shared = shared;
    shared = s;   /* known_applicant and the db helpers read this server */
    char id1[19], id2[19];
    known_applicant(id1, 8);
    known_applicant(id2, 9);
    bmt_term *t = login_as(s, "clerk");
    assert_non_null(t);
    start_intake(t, id1, "NY-006", "动物产地检疫申报");
    ticks(t, "XX ");
    keys(t, "F2");
    assert_true(bmt_wait_text(t, "受理回执", 5000));
    char no[13];
    number_after(t, "办件号：", no);
    keys(t, "Enter");
    long cases = db_long(s, "SELECT count(*) FROM bcase", NULL);
    long materials = db_long(s, "SELECT count(*) FROM case_material", NULL);
    /* The next applicant, halfway: matter chosen, two materials ticked, then the link goes. */
    char spec[64];
    snprintf(spec, sizeof spec, "\"%s\" Enter", id2);
    keys(t, spec);
    keys(t, "\"SB-003\" Enter");
    assert_true(bmt_wait_text(t, "城乡居民基本养老保险待遇申领", 5000));
    ticks(t, "YNX X");
    bmt_wait_quiet(t, 200, 3000);
    bmt_vanish(t);
    bmt_close(t);
    assert_true(bmt_server_log_wait(s, "session-dropped user=clerk drafts=1", 15000));
    assert_int_equal(db_long(s, "SELECT count(*) FROM bcase", NULL), cases);
    assert_int_equal(db_long(s, "SELECT count(*) FROM case_material", NULL), materials);
    assert_int_equal(db_long(s, "SELECT status FROM bcase WHERE no = ?1", no), 2);
    assert_int_equal(db_long(s, "SELECT count(*) FROM case_material WHERE received = 1 AND "
                                "case_id = (SELECT id FROM bcase WHERE no = ?1)", no), 2);
    /* The typed intake comes back from the draft, ticks and answers included. */
    bmt_login l = { .user = "clerk", .password = "demo", .term = "xterm" };
    char *why = NULL;
    t = bmt_connect(s, &l, &why);
    free(why);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "未完成的草稿", 10000));
    assert_int_equal(bmt_send_keys(t, "\"y\""), 0);
    assert_true(bmt_wait_text(t, "BM210", 5000));
    assert_true(bmt_wait_text(t, "城乡居民基本养老保险待遇申领", 5000));
    char *screen = bmt_screen_text(t);
    assert_non_null(strstr(screen, "是否委托他人代办？"));
    assert_non_null(strstr(screen, "授权委托书"));   /* the "yes" answer's material is back */
    assert_non_null(strstr(screen, "[Y]"));
    free(screen);
    char masked[19];
    bm_id_mask(id2, masked, sizeof masked);
    assert_true(bmt_screen_has(t, masked) || bmt_screen_has(t, id2));
    logout(t);
    shared = keep_shared;
    assert_int_equal(bmt_server_stop(s), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_applicant_through_to_rating),
        cmocka_unit_test(test_invalid_id_refused),
        cmocka_unit_test(test_one_time_notice),
        cmocka_unit_test(test_bundle),
        cmocka_unit_test(test_keystrokes_and_print),
        cmocka_unit_test(test_other_centre_refused),
        cmocka_unit_test(test_two_clerks_at_once),
        cmocka_unit_test(test_drop_mid_intake),
    };
    return cmocka_run_group_tests_name("clerk", tests, start_shared, stop_shared);
}
