/* Unit tests of the steps menu: filled by the owner's callback with what the record allows
 * now, numbered 1..9 then A.., chosen by number or by moving and Enter, a number not shown
 * refused, and the confirmation asked before a step is taken (Y or Enter yes, N or F12 no). */
#include "tui/kit/steps.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tests/unit/screen_fixture.h"

/* A record that allows `n` steps, codes 10, 11, ... */
static void offer(void *ctx, steps_menu *m)
{
    int n = *(int *)ctx;
    for (int i = 0; i < n; i++) {
        char label[32];
        snprintf(label, sizeof label, "步骤%d", i + 1);
        steps_menu_add(m, 10 + i, label);
    }
}

static int press(steps_menu *m, int code, wchar_t ch, int *chosen)
{
    return steps_menu_key(m, (fm_key){ code, ch }, chosen);
}

static void test_fill_and_choose(void **state)
{
    (void)state;
    steps_menu m;
    memset(&m, 0, sizeof m);
    int n = 11;
    steps_menu_fill(&m, offer, &n);
    assert_int_equal(m.count, 11);
    assert_int_equal(m.items[0].key, '1');
    assert_int_equal(m.items[8].key, '9');
    assert_int_equal(m.items[9].key, 'A');
    assert_true(steps_menu_offers(&m, 20));
    assert_false(steps_menu_offers(&m, 21));
    int chosen = 0;
    press(&m, FM_KEY_CHAR, L'3', &chosen);
    assert_int_equal(press(&m, FM_KEY_ENTER, 0, &chosen), FM_SUBMIT);
    assert_int_equal(chosen, 12);
    press(&m, FM_KEY_CHAR, L'b', &chosen);   /* letters name the steps after the ninth */
    assert_int_equal(press(&m, FM_KEY_ENTER, 0, &chosen), FM_SUBMIT);
    assert_int_equal(chosen, 20);
    press(&m, FM_KEY_CHAR, L'z', &chosen);
    assert_int_equal(press(&m, FM_KEY_ENTER, 0, &chosen), FM_REJECTED);
    /* Filled again for a record that allows fewer: the old steps are gone. */
    n = 2;
    steps_menu_fill(&m, offer, &n);
    assert_int_equal(m.count, 2);
    assert_false(steps_menu_offers(&m, 12));
    press(&m, FM_KEY_DOWN, 0, &chosen);
    assert_int_equal(press(&m, FM_KEY_ENTER, 0, &chosen), FM_SUBMIT);
    assert_int_equal(chosen, 11);
    /* Drawn as a numbered menu with its prompt. */
    werase(stdscr);
    steps_menu_draw(&m, stdscr, 4, 20, 20, "步骤 ===>");
    char row[160];
    assert_non_null(strstr(row_text(4, row, sizeof row), "1  步骤1"));
    assert_non_null(strstr(row_text(5, row, sizeof row), "2  步骤2"));
    assert_non_null(strstr(row_text(20, row, sizeof row), "步骤 ===>"));
    /* No more than the menu holds. */
    n = STEPS_MAX + 3;
    steps_menu_fill(&m, offer, &n);
    assert_int_equal(m.count, STEPS_MAX);
}

static void test_confirm(void **state)
{
    (void)state;
    fm_dialog d = { 0 };
    steps_menu_confirm(&d, "确认", "办结：办件 202609040001？", "Y/回车=是  N/F12=否");
    assert_int_equal(d.kind, FM_DIALOG_CONFIRM);
    assert_int_equal(fm_dialog_key(&d, (fm_key){ FM_KEY_CHAR, L'y' }), FM_SUBMIT);
    assert_int_equal(fm_dialog_key(&d, (fm_key){ FM_KEY_ENTER, 0 }), FM_SUBMIT);
    assert_int_equal(fm_dialog_key(&d, (fm_key){ FM_KEY_CHAR, L'n' }), FM_CANCEL);
    assert_int_equal(fm_dialog_key(&d, (fm_key){ FM_KEY_F(12), 0 }), FM_CANCEL);
    fm_dialog_close(&d);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fill_and_choose),
        cmocka_unit_test(test_confirm),
    };
    return cmocka_run_group_tests(tests, setup_screen, teardown_screen);
}
