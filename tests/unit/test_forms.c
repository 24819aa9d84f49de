/* Unit tests of the forms widgets on a real ncurses screen (writing into a memory file):
 * display widths, clipping and wrapping of Chinese text, the entry field editing by character
 * and laying out by column, the menu, the option list and the dialogs; plus the message
 * catalogue reader. */
#include "forms/dialog.h"
#include "forms/field.h"
#include "forms/frame.h"
#include "forms/list.h"
#include "forms/menu.h"
#include "forms/text.h"
#include "tui/session/i18n.h"

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

static void test_widths(void **state)
{
    (void)state;
    assert_int_equal(fm_width("abc"), 3);
    assert_int_equal(fm_width("张三"), 4);
    assert_int_equal(fm_width("王秀英 13908161234"), 18);
    assert_int_equal(fm_width("（）：、"), 8);   /* full-width punctuation is two columns */
    assert_int_equal(fm_width("\xff" "a"), 2);   /* an invalid byte shows as one '?' */
    char out[64];
    assert_int_equal(fm_clip("青林镇便民服务中心", 7, out, sizeof out), 6);
    assert_string_equal(out, "青林镇");
    assert_int_equal(fm_clip("ab张三", 3, out, sizeof out), 2);
    assert_string_equal(out, "ab");
}

static void test_utf8_round_trip(void **state)
{
    (void)state;
    wchar_t w[16];
    assert_int_equal(fm_utf8_to_wcs("中a𠀀", w, 16), 3);
    assert_int_equal(w[0], L'中');
    assert_int_equal(w[2], (wchar_t)0x20000);
    char back[32];
    fm_wcs_to_utf8(w, 3, back, sizeof back);
    assert_string_equal(back, "中a𠀀");
    wchar_t c;
    /* Overlong forms and surrogates are not characters. */
    assert_int_equal(fm_utf8_decode((const unsigned char *)"\xc0\xaf", 2, &c), -1);
    assert_int_equal(fm_utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &c), -1);
    assert_int_equal(fm_utf8_decode((const unsigned char *)"\xe4\xb8", 2, &c), 0);
}

struct lines {
    char text[8][64];
    int n;
};

static void keep_line(const char *line, size_t len, void *ctx)
{
    struct lines *l = ctx;
    if (l->n < 8) {
        memcpy(l->text[l->n], line, len < 63 ? len : 63);
        l->text[l->n][len < 63 ? len : 63] = 0;
    }
    l->n++;
}

static void test_wrap(void **state)
{
    (void)state;
    struct lines l = { .n = 0 };
    assert_int_equal(fm_wrap("one two three", 8, keep_line, &l), 2);
    assert_string_equal(l.text[0], "one two");
    assert_string_equal(l.text[1], "three");
    l.n = 0;
    /* Chinese breaks between any two characters, never inside one. */
    assert_int_equal(fm_wrap("窗口太小请放大", 5, keep_line, &l), 4);
    assert_string_equal(l.text[0], "窗口");
    assert_string_equal(l.text[3], "大");
    l.n = 0;
    assert_int_equal(fm_wrap("a\nb", 10, keep_line, &l), 2);
}

static void test_field_editing(void **state)
{
    (void)state;
    fm_field f;
    fm_field_init(&f, 10, 20, 0);
    fm_key k = { FM_KEY_CHAR, 0 };
    const wchar_t *typed = L"王秀英";
    for (int i = 0; typed[i]; i++) {
        k.ch = typed[i];
        assert_int_equal(fm_field_key(&f, k), FM_HANDLED);
    }
    char out[64];
    fm_field_get(&f, out, sizeof out);
    assert_string_equal(out, "王秀英");
    /* Backspace removes a whole character, not a byte or a column. */
    fm_field_key(&f, (fm_key){ FM_KEY_BKSP, 0 });
    fm_field_get(&f, out, sizeof out);
    assert_string_equal(out, "王秀");
    fm_field_key(&f, (fm_key){ FM_KEY_HOME, 0 });
    fm_field_key(&f, (fm_key){ FM_KEY_CHAR, L'小' });
    fm_field_get(&f, out, sizeof out);
    assert_string_equal(out, "小王秀");
    fm_field_key(&f, (fm_key){ FM_KEY_DEL, 0 });
    fm_field_get(&f, out, sizeof out);
    assert_string_equal(out, "小秀");
    fm_field_key(&f, (fm_key){ FM_KEY_CTRL, L'u' });
    fm_field_get(&f, out, sizeof out);
    assert_string_equal(out, "");
    /* Keys that are not editing keys are left to the screen. */
    assert_int_equal(fm_field_key(&f, (fm_key){ FM_KEY_ENTER, 0 }), FM_IGNORED);
    assert_int_equal(fm_field_key(&f, (fm_key){ FM_KEY_F(2), 0 }), FM_IGNORED);
}

static void test_field_filters_and_limit(void **state)
{
    (void)state;
    fm_field id;
    fm_field_init(&id, 18, 18, FM_FIELD_ID);
    const char *typed = "51072219900315123x9";
    for (const char *p = typed; *p; p++)
        fm_field_key(&id, (fm_key){ FM_KEY_CHAR, (wchar_t)*p });
    fm_field_key(&id, (fm_key){ FM_KEY_CHAR, L'中' });   /* refused in an ID field */
    char out[64];
    fm_field_get(&id, out, sizeof out);
    assert_string_equal(out, "51072219900315123X");   /* 18 at most, x taken as X */
    fm_field digits;
    fm_field_init(&digits, 5, 5, FM_FIELD_DIGITS);
    fm_field_key(&digits, (fm_key){ FM_KEY_CHAR, L'a' });
    fm_field_key(&digits, (fm_key){ FM_KEY_CHAR, L'7' });
    fm_field_get(&digits, out, sizeof out);
    assert_string_equal(out, "7");
}

static void test_field_draws_by_columns(void **state)
{
    (void)state;
    werase(stdscr);
    fm_field f;
    fm_field_init(&f, 6, 20, 0);
    fm_field_set(&f, "张三丰abc");   /* 9 columns in a 6-column field: scrolls */
    int cursor_x = fm_field_draw(&f, stdscr, 0, 0, 1);
    char row[160];
    row_text(0, row, sizeof row);
    /* The cursor sits after the text, inside the brackets. */
    assert_true(cursor_x >= 1 && cursor_x <= 7);
    assert_int_equal(row[0], '[');
    assert_non_null(strstr(row, "abc"));
    assert_int_equal(fm_width(row), 8);   /* [ + 6 columns + ] */
    fm_field_key(&f, (fm_key){ FM_KEY_HOME, 0 });
    fm_field_draw(&f, stdscr, 1, 0, 1);
    row_text(1, row, sizeof row);
    assert_string_equal(row, "[张三丰]");
    fm_field secret;
    fm_field_init(&secret, 8, 8, FM_FIELD_SECRET);
    fm_field_set(&secret, "demo");
    fm_field_draw(&secret, stdscr, 2, 0, 0);
    row_text(2, row, sizeof row);
    assert_string_equal(row, "[****    ]");
}

static const fm_menu_item items[] = {
    { '1', "受理办件", "一窗受理", NULL },
    { '2', "我的办件", NULL, "待办 12" },
    { '3', "查询", NULL, NULL },
};

static void test_menu(void **state)
{
    (void)state;
    fm_menu m;
    fm_menu_init(&m, items, 3);
    assert_int_equal(fm_menu_key(&m, (fm_key){ FM_KEY_CHAR, L'2' }), FM_HANDLED);
    assert_int_equal(m.selected, 1);
    assert_int_equal(fm_menu_key(&m, (fm_key){ FM_KEY_ENTER, 0 }), FM_SUBMIT);
    assert_int_equal(m.chosen, 1);
    fm_menu_key(&m, (fm_key){ FM_KEY_CHAR, L'9' });
    assert_int_equal(fm_menu_key(&m, (fm_key){ FM_KEY_ENTER, 0 }), FM_REJECTED);
    fm_menu_key(&m, (fm_key){ FM_KEY_CTRL, L'u' });
    fm_menu_key(&m, (fm_key){ FM_KEY_UP, 0 });
    assert_int_equal(fm_menu_key(&m, (fm_key){ FM_KEY_ENTER, 0 }), FM_SUBMIT);
    assert_int_equal(m.chosen, 0);
    werase(stdscr);
    fm_menu_draw(&m, stdscr, 2, 8, 20, "选择 ===>");
    char row[160];
    assert_string_equal(row_text(3, row, sizeof row), "   2  我的办件  待办 12");
    assert_non_null(strstr(row_text(20, row, sizeof row), "选择 ===> ["));
}

/* A field you come back to is selected for replace: the first character typed replaces the
 * text; moving in it first keeps the text; a character the field refuses keeps the selection. */
static void test_field_select_for_replace(void **state)
{
    (void)state;
    fm_field f;
    char out[64];
    fm_field_init(&f, 10, 10, FM_FIELD_DIGITS);
    fm_field_set(&f, "123");
    fm_field_select(&f);
    fm_field_key(&f, (fm_key){ FM_KEY_CHAR, L'a' });   /* refused: still selected */
    fm_field_key(&f, (fm_key){ FM_KEY_CHAR, L'9' });
    fm_field_get(&f, out, sizeof out);
    assert_string_equal(out, "9");
    fm_field_key(&f, (fm_key){ FM_KEY_CHAR, L'8' });
    fm_field_get(&f, out, sizeof out);
    assert_string_equal(out, "98");
    fm_field_select(&f);
    fm_field_key(&f, (fm_key){ FM_KEY_HOME, 0 });
    fm_field_key(&f, (fm_key){ FM_KEY_CHAR, L'7' });
    fm_field_get(&f, out, sizeof out);
    assert_string_equal(out, "798");
    /* An empty field has nothing to select. */
    fm_field_clear(&f);
    fm_field_select(&f);
    assert_int_equal(f.selected, 0);
    /* A menu choice that names no entry is replaced by the next one typed. */
    fm_menu m;
    fm_menu_init(&m, items, 3);
    fm_menu_key(&m, (fm_key){ FM_KEY_CHAR, L'9' });
    assert_int_equal(fm_menu_key(&m, (fm_key){ FM_KEY_ENTER, 0 }), FM_REJECTED);
    fm_menu_key(&m, (fm_key){ FM_KEY_CHAR, L'2' });
    assert_int_equal(fm_menu_key(&m, (fm_key){ FM_KEY_ENTER, 0 }), FM_SUBMIT);
    assert_int_equal(m.chosen, 1);
}

/* A question whose safe answer is no: Enter says no, Y says yes. */
static void test_dialog_enter_is_no(void **state)
{
    (void)state;
    fm_dialog d = { 0 };
    fm_dialog_open(&d, FM_DIALOG_CONFIRM, "退出", "现在退出吗？", "Y=退出  回车/N=留下", "Yy", "Nn");
    assert_int_equal(fm_dialog_key(&d, (fm_key){ FM_KEY_ENTER, 0 }), FM_SUBMIT);
    d.enter_is_no = 1;
    assert_int_equal(fm_dialog_key(&d, (fm_key){ FM_KEY_ENTER, 0 }), FM_CANCEL);
    assert_int_equal(fm_dialog_key(&d, (fm_key){ FM_KEY_CHAR, L'y' }), FM_SUBMIT);
    fm_dialog_close(&d);
}

static const fm_column columns[] = {
    { "办件号", 12, 0 }, { "申请人", 8, 0 }, { "剩余", 4, 1 },
};

static const char *cell(void *ctx, int row, int col, char *buf, size_t cap, int *mark)
{
    (void)ctx;
    if (col == 0)
        snprintf(buf, cap, "20261123%04d", row);
    else if (col == 1)
        snprintf(buf, cap, "%s", row % 2 ? "李建华" : "王秀英");
    else {
        snprintf(buf, cap, "%d", row - 2);
        if (row < 2)
            *mark = FM_MARK_ALERT;
    }
    return buf;
}

static void test_list(void **state)
{
    (void)state;
    fm_list *l = calloc(1, sizeof *l);
    assert_non_null(l);
    fm_list_init(l, columns, 3, "25", cell, NULL);
    fm_list_set_count(l, 30);
    werase(stdscr);
    fm_list_draw(l, stdscr, 3, 11);   /* header + 10 rows */
    char row[160];
    assert_non_null(strstr(row_text(3, row, sizeof row), "办件号"));
    assert_non_null(strstr(row_text(4, row, sizeof row), "202611230000"));
    assert_true(fm_list_has_more(l));
    /* Options typed against rows; an option not offered is refused. */
    assert_int_equal(fm_list_key(l, (fm_key){ FM_KEY_CHAR, L'5' }), FM_HANDLED);
    assert_int_equal(fm_list_key(l, (fm_key){ FM_KEY_CHAR, L'9' }), FM_REJECTED);
    assert_int_equal(fm_list_key(l, (fm_key){ FM_KEY_CHAR, L'2' }), FM_HANDLED);
    assert_int_equal(l->options[0], '5');
    assert_int_equal(l->options[1], '2');
    assert_int_equal(fm_list_key(l, (fm_key){ FM_KEY_ENTER, 0 }), FM_SUBMIT);
    /* Paging moves by the rows shown. */
    fm_list_key(l, (fm_key){ FM_KEY_PGDN, 0 });
    fm_list_draw(l, stdscr, 3, 11);
    assert_non_null(strstr(row_text(4, row, sizeof row), "202611230010"));
    fm_list_key(l, (fm_key){ FM_KEY_F(8), 0 });
    fm_list_key(l, (fm_key){ FM_KEY_F(8), 0 });
    fm_list_draw(l, stdscr, 3, 11);
    assert_false(fm_list_has_more(l));
    assert_int_equal(l->cursor, 29);
    fm_list_set_count(l, 5);
    assert_int_equal(l->cursor, 4);
    free(l);
}

static void test_dialogs(void **state)
{
    (void)state;
    fm_dialog d = { 0 };
    fm_dialog_open(&d, FM_DIALOG_CONFIRM, "退出登录", "现在退出吗？", "Y=是  N=否", "Yy", "Nn");
    assert_int_equal(fm_dialog_key(&d, (fm_key){ FM_KEY_CHAR, L'x' }), FM_HANDLED);
    assert_int_equal(fm_dialog_key(&d, (fm_key){ FM_KEY_CHAR, L'n' }), FM_CANCEL);
    assert_int_equal(fm_dialog_key(&d, (fm_key){ FM_KEY_F(12), 0 }), FM_CANCEL);
    assert_int_equal(fm_dialog_key(&d, (fm_key){ FM_KEY_CHAR, L'Y' }), FM_SUBMIT);
    assert_int_equal(fm_dialog_key(&d, (fm_key){ FM_KEY_ENTER, 0 }), FM_SUBMIT);
    werase(stdscr);
    fm_dialog_draw(&d, stdscr);
    char *screen_text = calloc(24, 200);
    int found = 0;
    for (int y = 0; y < 24; y++)
        found |= strstr(row_text(y, screen_text, 200), "现在退出吗？") != NULL;
    assert_true(found);
    /* A long text scrolls and reports where it is. */
    char text[2000] = "";
    for (int i = 0; i < 40; i++) {
        char line[40];
        snprintf(line, sizeof line, "第%d行\n", i + 1);
        strcat(text, line);
    }
    fm_dialog_open(&d, FM_DIALOG_TEXT, "帮助", text, "F3=关闭", "", "");
    werase(stdscr);
    fm_dialog_draw(&d, stdscr);
    fm_dialog_key(&d, (fm_key){ FM_KEY_PGDN, 0 });
    werase(stdscr);
    fm_dialog_draw(&d, stdscr);
    assert_int_equal(d.pager.top, 8);
    found = 0;
    for (int y = 0; y < 24; y++)
        found |= strstr(row_text(y, screen_text, 200), "第9行") != NULL;
    assert_true(found);
    assert_int_equal(fm_dialog_key(&d, (fm_key){ FM_KEY_F(3), 0 }), FM_SUBMIT);
    fm_dialog_close(&d);
    free(screen_text);
}

static void test_frame(void **state)
{
    (void)state;
    werase(stdscr);
    fm_frame f = {
        .id = "BM100", .title = "便民服务", .unit = "青林镇便民服务中心",
        .user = "张敏(窗口人员)", .date = "2026-11-23 09:12",
        .legend = "F1=帮助  F3=返回", .message = "身份证号校验位错误", .message_is_error = 1,
    };
    fm_frame_draw(stdscr, &f);
    char row[200];
    row_text(0, row, sizeof row);
    assert_int_equal(strncmp(row, "BM100  便民服务", strlen("BM100  便民服务")), 0);
    assert_int_equal(fm_width(row), 80);   /* the date ends at the right edge */
    assert_string_equal(row_text(22, row, sizeof row), "F1=帮助  F3=返回");
    assert_string_equal(row_text(23, row, sizeof row), "身份证号校验位错误");
    cchar_t cc;
    mvwin_wch(stdscr, 23, 0, &cc);
    assert_true(cc.attr & A_REVERSE);
    assert_int_equal(fm_frame_body_rows(stdscr), 20);
    /* When the right side does not fit, the date goes first. */
    f.title = "一个很长很长很长很长很长很长很长的标题";
    fm_frame_draw(stdscr, &f);
    row_text(0, row, sizeof row);
    assert_null(strstr(row, "2026-11-23"));
    assert_non_null(strstr(row, "张敏"));
}

static void test_catalogues(void **state)
{
    (void)state;
    const char *build = getenv("BIANMIN_BUILD");
    char dir[512];
    snprintf(dir, sizeof dir, "%s/locale", build ? build : "build");
    setenv("BIANMIN_LOCALEDIR", dir, 1);
    assert_true(i18n_init() >= 2);
    assert_true(i18n_has("zh_CN"));
    assert_true(i18n_has("en"));
    i18n_use("zh_CN");
    assert_string_equal(tr("Choose ===>"), "选择 ===>");
    i18n_use("en");
    assert_string_equal(tr("Choose ===>"), "Choose ===>");
    i18n_use("xx");   /* unknown: the default language */
    assert_string_equal(i18n_current(), "zh_CN");
    assert_string_equal(tr("a message nobody translated"), "a message nobody translated");
    i18n_free();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_widths),
        cmocka_unit_test(test_utf8_round_trip),
        cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_field_editing),
        cmocka_unit_test(test_field_filters_and_limit),
        cmocka_unit_test(test_field_draws_by_columns),
        cmocka_unit_test(test_menu),
        cmocka_unit_test(test_field_select_for_replace),
        cmocka_unit_test(test_dialog_enter_is_no),
        cmocka_unit_test(test_list),
        cmocka_unit_test(test_dialogs),
        cmocka_unit_test(test_frame),
        cmocka_unit_test(test_catalogues),
    };
    return cmocka_run_group_tests_name("forms", tests, setup_screen, teardown_screen);
}
