/* Screen defects a new user hit on the clerk's window, each seen over real SSH as the user saw
 * it: a field you come back to is selected for replace (the home menu's choice, the find field);
 * F12 on an empty find stays on the list; the log-out question keeps you in on Enter (F3 on the
 * home menu, F10); Ctrl-L and F5 repaint the whole screen, and a closed dialog leaves nothing
 * behind; a Tab after a field that moved on by itself does not lose the text typed next. */
#include "tests/e2e/harness.h"
#include "tests/e2e/login.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define NOW "2026-09-29 10:00"

static int start_shared(void **state)
{
    (void)state;
    return e2e_shared_start(NOW);
}

static void keys(bmt_term *t, const char *spec)
{
    assert_int_equal(bmt_send_keys(t, spec), 0);
}

static void logout(bmt_term *t)
{
    keys(t, "F10");
    assert_true(bmt_wait_text(t, "现在退出", 5000));
    keys(t, "\"y\"");
    assert_true(bmt_closed(t, 5000));
    bmt_close(t);
}

/* The home menu's choice after a wrong number: the next number replaces it, not joins it. */
static void test_home_choice_is_replaced(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "clerk");
    keys(t, "\"0\" Enter");   /* no entry (9 is the clerk's proxy requests) */
    assert_true(bmt_wait_text(t, "没有这一项", 5000));
    keys(t, "\"2\" Enter");
    assert_true(bmt_wait_text(t, "BM220", 5000));
    keys(t, "F3");
    assert_true(bmt_wait_text(t, "BM100", 5000));
    logout(t);
}

/* The find field after a find: new typing replaces the old text; arrows keep it. */
static void test_find_text_is_replaced(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "clerk");
    keys(t, "\"4\" Enter");
    assert_true(bmt_wait_text(t, "BM222", 5000));
    keys(t, "\"qqq\" Enter");
    bmt_wait_quiet(t, 200, 3000);
    keys(t, "\"xqxq\"");
    assert_true(bmt_wait_text(t, "[xqxq", 5000));
    assert_false(bmt_screen_has(t, "qqqxqxq"));
    /* Moving in the field first keeps the text and edits it. */
    keys(t, "Enter");
    bmt_wait_quiet(t, 200, 3000);
    keys(t, "End \"z\"");
    assert_true(bmt_wait_text(t, "[xqxqz", 5000));
    keys(t, "F3");
    assert_true(bmt_wait_text(t, "BM100", 5000));
    logout(t);
}

/* F12 in an empty find clears it and stays on the list. */
static void test_f12_on_empty_find_stays(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "clerk");
    keys(t, "\"2\" Enter");
    assert_true(bmt_wait_text(t, "BM220", 5000));
    keys(t, "\"/\"");
    bmt_wait_quiet(t, 200, 3000);
    keys(t, "F12");
    bmt_wait_quiet(t, 300, 3000);
    assert_true(bmt_screen_has(t, "BM220"));
    keys(t, "F3");   /* and in search, where the find is all there is */
    assert_true(bmt_wait_text(t, "BM100", 5000));
    keys(t, "\"4\" Enter");
    assert_true(bmt_wait_text(t, "BM222", 5000));
    keys(t, "F12");
    bmt_wait_quiet(t, 300, 3000);
    assert_true(bmt_screen_has(t, "BM222"));
    keys(t, "F3");
    assert_true(bmt_wait_text(t, "BM100", 5000));
    logout(t);
}

/* Asked whether to log out, Enter is the safe answer: stay. Y logs out. */
static void test_logout_question_defaults_to_stay(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "clerk");
    const char *ways[] = { "F3", "F10" };
    for (int i = 0; i < 2; i++) {
        keys(t, ways[i]);
        assert_true(bmt_wait_text(t, "现在退出", 5000));
        keys(t, "Enter");
        assert_true(bmt_wait_gone(t, "现在退出", 5000));
        assert_false(bmt_closed(t, 500));
        assert_true(bmt_screen_has(t, "===>"));
    }
    logout(t);
}

/* A one-character field that moves on by itself (the rating) is followed by a Tab out of
 * habit: that Tab confirms the field just filled, and the comment typed next lands in the
 * comment field instead of vanishing behind the confirmation. */
static void test_auto_advance_keeps_typed_text(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "clerk");
    keys(t, "\"2\" Enter");
    assert_true(bmt_wait_text(t, "BM220", 5000));
    keys(t, "\"/\" \"202609040001\" Enter");
    assert_true(bmt_wait_text(t, "找到 1 条", 5000));
    keys(t, "Enter");
    assert_true(bmt_wait_text(t, "BM230", 5000));
    keys(t, "F2");
    assert_true(bmt_wait_text(t, "步骤 ===>", 5000));
    char key = bmt_menu_key(t, "办结");
    assert_true(key != 0);
    char spec[32];
    snprintf(spec, sizeof spec, "\"%c\" Enter", key);
    keys(t, spec);
    assert_true(bmt_wait_text(t, "领取方式", 5000));
    keys(t, "F2");
    assert_true(bmt_wait_text(t, "确认", 5000));
    keys(t, "\"y\"");
    assert_true(bmt_wait_text(t, "请记录申请人评价", 5000));
    keys(t, "\"5\" Tab \"窗口服务很好\"");
    assert_true(bmt_wait_text(t, "窗口服务很好", 5000));
    assert_false(bmt_screen_has(t, "确认"));
    keys(t, "F2");
    assert_true(bmt_wait_text(t, "确认", 5000));
    keys(t, "\"y\"");
    assert_true(bmt_wait_text(t, "已记录评价 5", 5000));
    keys(t, "F3");
    bmt_wait_quiet(t, 200, 3000);
    keys(t, "F3 F3");
    assert_true(bmt_wait_text(t, "BM100", 5000));
    logout(t);
}

/* Whatever garbled the terminal (line noise, a closed dialog's remains), Ctrl-L and F5 draw
 * every cell again. */
static void test_repaint_whole_screen(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "clerk");
    char *before = bmt_screen_text(t);
    assert_non_null(before);
    const char *specs[] = { "C-l", "F5" };
    for (int i = 0; i < 2; i++) {
        /* Noise on the terminal's own screen, which the server does not know of. */
        const char noise[] = "\033[5;10HkXk\033[12;3H#####";
        bmt_feed(t, noise, sizeof noise - 1);
        assert_true(bmt_screen_has(t, "kXk"));
        keys(t, specs[i]);
        assert_true(bmt_wait_gone(t, "kXk", 5000));
        assert_false(bmt_screen_has(t, "#####"));
    }
    /* A dialog opened and closed leaves the screen as it was. */
    keys(t, "F1");
    assert_true(bmt_wait_text(t, "各画面通用按键", 5000));
    keys(t, "Enter");
    assert_true(bmt_wait_gone(t, "各画面通用按键", 5000));
    bmt_wait_quiet(t, 200, 3000);
    char *after = bmt_screen_text(t);
    assert_non_null(after);
    assert_string_equal(before, after);
    free(before);
    free(after);
    logout(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_home_choice_is_replaced),
        cmocka_unit_test(test_find_text_is_replaced),
        cmocka_unit_test(test_f12_on_empty_find_stays),
        cmocka_unit_test(test_logout_question_defaults_to_stay),
        cmocka_unit_test(test_repaint_whole_screen),
        cmocka_unit_test(test_auto_advance_keeps_typed_text),
    };
    return cmocka_run_group_tests(tests, start_shared, e2e_shared_stop);
}
