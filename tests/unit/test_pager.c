/* Unit tests of the pager: text wrapped to its columns, shown from the top line, moved by line,
 * page (its own step or the rows shown), Home and End, the last page kept full, "more" below,
 * and a view that follows its owner's cursor line. */
#include "forms/pager.h"
#include "forms/text.h"

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

static char text[4000];

static void make_text(int n)
{
    text[0] = 0;
    for (int i = 0; i < n; i++) {
        char line[40];
        snprintf(line, sizeof line, "第%d行\n", i + 1);
        strcat(text, line);
    }
}

static void press(fm_pager *p, int code)
{
    assert_int_equal(fm_pager_key(p, (fm_key){ code, 0 }), FM_HANDLED);
}

static void test_paging(void **state)
{
    (void)state;
    make_text(30);
    fm_pager p = { 0 };
    char row[160];
    werase(stdscr);
    assert_int_equal(fm_pager_draw(&p, stdscr, 2, 1, 10, 40, text), 30);
    assert_string_equal(row_text(2, row, sizeof row), " 第1行");
    assert_string_equal(row_text(11, row, sizeof row), " 第10行");
    assert_string_equal(row_text(12, row, sizeof row), "");
    assert_true(fm_pager_more(&p));
    press(&p, FM_KEY_PGDN);               /* a page is the rows shown */
    assert_int_equal(p.top, 10);
    press(&p, FM_KEY_F(8));
    press(&p, FM_KEY_F(8));               /* past the end: the last page stays full */
    werase(stdscr);
    fm_pager_draw(&p, stdscr, 2, 1, 10, 40, text);
    assert_int_equal(p.top, 20);
    assert_string_equal(row_text(11, row, sizeof row), " 第30行");
    assert_false(fm_pager_more(&p));
    press(&p, FM_KEY_UP);
    assert_int_equal(p.top, 19);
    press(&p, FM_KEY_HOME);
    assert_int_equal(p.top, 0);
    press(&p, FM_KEY_UP);                 /* never above the first line */
    assert_int_equal(p.top, 0);
    press(&p, FM_KEY_END);
    werase(stdscr);
    fm_pager_draw(&p, stdscr, 2, 1, 10, 40, text);
    assert_int_equal(p.top, 20);
    p.step = 8;                           /* an owner's own page step */
    press(&p, FM_KEY_PGUP);
    assert_int_equal(p.top, 12);
    assert_int_equal(fm_pager_key(&p, (fm_key){ FM_KEY_ENTER, 0 }), FM_IGNORED);
}

static void test_wraps_to_columns(void **state)
{
    (void)state;
    fm_pager p = { 0 };
    char row[160];
    werase(stdscr);
    /* Twelve Chinese characters in 10 columns: five a row. */
    assert_int_equal(fm_pager_draw(&p, stdscr, 0, 0, 5, 10, "便民服务中心青林镇窗口"), 3);
    assert_string_equal(row_text(0, row, sizeof row), "便民服务中");
    assert_string_equal(row_text(2, row, sizeof row), "口");
    assert_false(fm_pager_more(&p));
    /* Short text: nothing to scroll. */
    press(&p, FM_KEY_PGDN);
    werase(stdscr);
    fm_pager_draw(&p, stdscr, 0, 0, 5, 10, "便民服务中心青林镇窗口");
    assert_int_equal(p.top, 0);
    assert_int_equal(fm_pager_draw(&p, stdscr, 0, 0, 5, 10, NULL), 0);
}

/* A view with its own cursor line: the rows shown follow the cursor. */
static void test_follows_a_cursor(void **state)
{
    (void)state;
    fm_pager p = { .rows = 5, .lines = 30 };
    fm_pager_show(&p, 3);
    assert_int_equal(p.top, 0);
    fm_pager_show(&p, 7);      /* below: the line becomes the last shown */
    assert_int_equal(p.top, 3);
    fm_pager_show(&p, 2);      /* above: the line becomes the first shown */
    assert_int_equal(p.top, 2);
    press(&p, FM_KEY_PGDN);
    assert_int_equal(p.top, 7);
    fm_pager_show(&p, 9);      /* already shown: nothing moves */
    assert_int_equal(p.top, 7);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paging),
        cmocka_unit_test(test_wraps_to_columns),
        cmocka_unit_test(test_follows_a_cursor),
    };
    return cmocka_run_group_tests(tests, setup_screen, teardown_screen);
}
