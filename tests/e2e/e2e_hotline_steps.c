/* End-to-end tests of a hotline work order's life on the screens, over real SSH: duty staff
 * enter an order by hand (anonymous caller) and transfer it to a window; the clerk signs for
 * it, pauses it, resumes, answers it and records the callback with the caller's rating. At
 * each point the order's page shows each clock's state on its own line and the list shows it
 * in the clock's column. An order returned as out of scope needs one of the seven reasons and
 * shows its explanation in the history. The clock is pinned to Monday 2026-11-30 10:00. */
#include "tests/e2e/harness.h"
#include "tests/e2e/hotline.h"
#include "tests/e2e/login.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define NOW "2026-11-30 10:00"
#define ORDER "GD202611309001"

static int start_shared(void **state)
{
    (void)state;
    return e2e_shared_start(NOW);
}

/* Fails unless the screen's line holding `where` also holds `what`. */
static void line_has(bmt_term *t, const char *where, const char *what)
{
    int r = hotline_row_with(t, where);
    char *row = r >= 0 ? bmt_screen_row(t, r) : NULL;
    int ok = row && strstr(row, what);
    if (!ok) {
        bmt_screen_dump(t, where);
        fail_msg("the line with \"%s\" does not read \"%s\": %s", where, what, row ? row : "-");
    }
    free(row);
}

static void must_have(bmt_term *t, const char *text)
{
    if (!bmt_screen_has(t, text)) {
        bmt_screen_dump(t, text);
        fail_msg("\"%s\" is not on the screen", text);
    }
}

/* Whether the history holds text, its lines joined again where they were wrapped. */
static void history_has(bmt_term *t, const char *text)
{
    char *screen = bmt_screen_text(t);
    assert_non_null(screen);
    size_t k = 0;
    for (size_t i = 0; screen[i]; i++) {
        if (screen[i] == '\n') {
            while (screen[i + 1] == ' ')
                i++;
            continue;
        }
        screen[k++] = screen[i];
    }
    screen[k] = 0;
    int found = strstr(screen, text) != NULL;
    free(screen);
    if (!found) {
        bmt_screen_dump(t, text);
        fail_msg("the history does not hold \"%s\"", text);
    }
}

static void wait_for(bmt_term *t, const char *text)
{
    if (!bmt_wait_text(t, text, 15000))
        fail_msg("\"%s\" did not appear", text);
}

/* From the order's page to the form of the step whose menu line reads label. */
static void open_step(bmt_term *t, const char *label)
{
    e2e_keys(t, "F2");
    wait_for(t, "BM262");
    char key = hotline_menu_key(t, label);
    if (!key)
        fail_msg("step \"%s\" not offered", label);
    char spec[16];
    snprintf(spec, sizeof spec, "\"%c\" Enter", key);
    e2e_keys(t, spec);
    wait_for(t, label);
}

/* F2 on a step's form, yes to the question: back on the order's page with the step taken. */
static void confirm_step(bmt_term *t)
{
    e2e_keys(t, "F2");
    wait_for(t, "确认");
    e2e_keys(t, "\"y\"");
    wait_for(t, "BM261");
    wait_for(t, "已完成");
}

/* The step whose menu line reads label, with the form's keys typed, confirmed. */
static void take_step(bmt_term *t, const char *label, const char *form_keys)
{
    open_step(t, label);
    if (form_keys[0])
        e2e_keys(t, form_keys);
    confirm_step(t);
}

/* The list's row of the order, for a clock column's word. */
static void list_row_has(bmt_term *t, const char *what)
{
    e2e_keys(t, "F3");
    wait_for(t, "BM260");
    bmt_wait_quiet(t, 200, 3000);
    line_has(t, ORDER, what);
}

static void back_to_order(bmt_term *t)
{
    int r = hotline_row_with(t, ORDER);
    assert_true(r > 0);
    /* the order is the centre's only one: the first row */
    e2e_keys(t, "\"5\" Enter");
    wait_for(t, "BM261");
}

/* The number a unit is listed under on the transfer form. */
static char unit_number(bmt_term *t, const char *unit, char *buf, size_t cap)
{
    int r = hotline_row_with(t, unit);
    char *row = r >= 0 ? bmt_screen_row(t, r) : NULL;
    if (!row)
        fail_msg("unit %s not listed", unit);
    char *at = strstr(row, unit);
    while (at > row && at[-1] == ' ')
        at--;
    char *digits = at;
    while (digits > row && digits[-1] >= '0' && digits[-1] <= '9')
        digits--;
    snprintf(buf, cap, "%.*s", (int)(at - digits), digits);
    free(row);
    return buf[0];
}

static void duty_enters_and_transfers_then_clerk_handles(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "duty");
    hotline_open_list(t);
    e2e_keys(t, "F6");
    wait_for(t, "BM263");
    /* received now (the default), a complaint, an anonymous caller, in 新桥村 */
    e2e_keys(t, "\"" ORDER "\" Enter Enter \"4\" Enter Enter Enter "
                "\"路灯不亮\" Enter \"新桥村二组路灯坏了一周\" Enter \"新桥村\" Enter");
    bmt_wait_quiet(t, 200, 3000);
    e2e_keys(t, "F2");
    wait_for(t, "BM261");
    wait_for(t, ORDER);
    must_have(t, "（匿名）");
    line_has(t, "  转办  ", "计时中");
    line_has(t, "  转办  ", "剩余 3小时00分");
    line_has(t, "  签收  ", "未开始");
    line_has(t, "  答复  ", "未开始");
    /* transfer to window 2, with the reason */
    open_step(t, "转办其他单位");
    wait_for(t, "2号综合窗口");
    char spec[64], no[8];
    unit_number(t, "2号综合窗口", no, sizeof no);
    snprintf(spec, sizeof spec, "\"%s\" Enter \"转二号窗口办理\"", no);
    e2e_keys(t, spec);
    confirm_step(t);
    wait_for(t, "承办 2号综合窗口");
    line_has(t, "  转办  ", "按时完成");
    line_has(t, "  签收  ", "计时中");
    must_have(t, "-> 2号综合窗口  转二号窗口办理");
    list_row_has(t, "按时");
    e2e_logout(t);

    t = e2e_login(e2e_shared, "clerk");
    hotline_open_list(t);
    line_has(t, ORDER, "7h");   /* the sign clock: one working day, 6h30m here */
    back_to_order(t);
    take_step(t, "签收", "");
    line_has(t, "  签收  ", "按时完成");
    line_has(t, "  答复  ", "计时中");
    take_step(t, "暂停", "\"1\" Enter \"约来电人周三现场查看\"");
    line_has(t, "  答复  ", "暂停（等待来电人");
    list_row_has(t, "暂停");
    back_to_order(t);
    take_step(t, "恢复办理", "");
    line_has(t, "  答复  ", "计时中");
    take_step(t, "登记答复", "\"1\" \"已更换路灯\" Enter \"已电话告知来电人\"");
    line_has(t, "  答复  ", "按时完成");
    line_has(t, "  回访  ", "计时中");
    history_has(t, "电话答复  办理情况：已更换路灯  答复：已电话告知来电人");
    list_row_has(t, "按时");
    back_to_order(t);
    take_step(t, "登记回访和评价", "\"来电人表示满意\" Enter \"5\"");
    line_has(t, "  回访  ", "按时完成");
    must_have(t, "评价 5 非常满意");
    e2e_logout(t);
}

static void out_of_scope_needs_a_reason_and_shows_the_explanation(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "duty");
    hotline_open_list(t);
    e2e_keys(t, "F6");
    wait_for(t, "BM263");
    e2e_keys(t, "\"GD202611309002\" Enter Enter \"1\" Enter Enter Enter "
                "\"要求查询邻居的住址\" Enter");
    bmt_wait_quiet(t, 200, 3000);
    e2e_keys(t, "F2");
    wait_for(t, "BM261");
    wait_for(t, "GD202611309002");
    open_step(t, "退回（不属受理范围）");
    /* the seven reasons are listed; without one the step is not taken */
    wait_for(t, "7 ");
    must_have(t, "2 涉及国家秘密");
    e2e_keys(t, "F2");
    wait_for(t, "请输入1至7的数字");
    must_have(t, "BM262");
    e2e_keys(t, "\"2\" \"涉及他人隐私，请来电人通过合法途径查询\"");
    confirm_step(t);
    wait_for(t, "不属受理范围已退回");
    must_have(t, "不属受理范围已退回 (涉及国家秘密、商业秘密");
    history_has(t, "(涉及国家秘密、商业秘密、个人隐私或违反公序良俗)  涉及他人隐私，请来电人"
                   "通过合法途径查询");
    line_has(t, "  转办  ", "按时完成");
    line_has(t, "  答复  ", "未开始");
    /* a returned order leaves the open list */
    e2e_keys(t, "F3");
    wait_for(t, "BM260");
    bmt_wait_quiet(t, 200, 3000);
    assert_true(hotline_row_with(t, "GD202611309002") < 0);
    e2e_logout(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(duty_enters_and_transfers_then_clerk_handles),
        cmocka_unit_test(out_of_scope_needs_a_reason_and_shows_the_explanation),
    };
    return cmocka_run_group_tests(tests, start_shared, e2e_shared_stop);
}
