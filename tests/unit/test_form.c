/* Unit tests of the form widget (forms/form.h) on a real ncurses screen: focus order over
 * hidden, protected and text items; the check on leaving a field forwards (refused: the focus
 * stays and the reason is kept; backwards: no check); tick boxes that move on by themselves;
 * the F4 hook; checking every field; a check that rebuilds the form; saving and restoring the
 * values as name=value lines; drawing by columns with Chinese labels, and scrolling to the
 * focus. */
#include "forms/form.h"
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

static void type(fm_form *f, const char *utf8)
{
    wchar_t w[128];
    size_t n = fm_utf8_to_wcs(utf8, w, 128);
    for (size_t i = 0; i < n; i++)
        fm_form_key(f, (fm_key){ FM_KEY_CHAR, w[i] });
}

static int key(fm_form *f, int code)
{
    return fm_form_key(f, (fm_key){ code, 0 });
}

/* A check that wants digits only in "phone" and counts its calls. */
struct checks {
    int calls, chose, chosen_item;
    int changed_seen;
};

static int check_phone(void *ctx, fm_form *f, int item, char *why, size_t cap)
{
    struct checks *c = ctx;
    c->calls++;
    if (strcmp(f->items[item].name, "phone") != 0)
        return FM_LEAVE_OK;
    c->changed_seen = f->items[item].field.changed;
    char v[64];
    fm_field_get(&f->items[item].field, v, sizeof v);
    for (const char *p = v; *p; p++)
        if (*p < '0' || *p > '9') {
            snprintf(why, cap, "phone: digits only");
            return FM_LEAVE_REFUSE;
        }
    return FM_LEAVE_OK;
}

static int choose_hook(void *ctx, fm_form *f, int item)
{
    struct checks *c = ctx;
    if (strcmp(f->items[item].name, "village") != 0)
        return FM_IGNORED;
    c->chose++;
    c->chosen_item = item;
    return FM_HANDLED;
}

static void build(fm_form *f, struct checks *c)
{
    fm_form_init(f, check_phone, choose_hook, c);
    assert_int_equal(fm_form_add_text(f, 0, 1, "申请人", FM_ITEM_BOLD), 0);
    assert_int_equal(fm_form_add_field(f, "name", "姓名", 1, 2, 4, 10, 20, 0, 0), 1);
    assert_int_equal(fm_form_add_field(f, "phone", "电话", 1, 22, 4, 11, 11, 0, 0), 2);
    assert_int_equal(fm_form_add_field(f, "secret", "hidden", 2, 2, 0, 5, 5, 0, FM_ITEM_HIDDEN), 3);
    assert_int_equal(fm_form_add_field(f, "fixed", "固定", 2, 2, 4, 5, 5, 0, FM_ITEM_PROTECTED), 4);
    assert_int_equal(fm_form_add_field(f, "village", "村", 3, 2, 4, 10, 20, 0, 0), 5);
    assert_int_equal(fm_form_add_field(f, "tick", "收到", 4, 2, 4, 1, 1, FM_FIELD_UPPER,
                                       FM_ITEM_AUTOSKIP), 6);
    assert_int_equal(fm_form_add_field(f, "last", "备注", 5, 2, 4, 20, 40, 0, 0), 7);
}

static void test_focus_order(void **state)
{
    (void)state;
    static fm_form f;
    struct checks c = { 0 };
    build(&f, &c);
    /* The first field takes the focus; text, hidden and protected items are passed over. */
    assert_string_equal(fm_form_focus_name(&f), "name");
    assert_int_equal(key(&f, FM_KEY_TAB), FM_HANDLED);
    assert_string_equal(fm_form_focus_name(&f), "phone");
    assert_int_equal(key(&f, FM_KEY_ENTER), FM_HANDLED);
    assert_string_equal(fm_form_focus_name(&f), "village");
    assert_int_equal(key(&f, FM_KEY_DOWN), FM_HANDLED);
    assert_string_equal(fm_form_focus_name(&f), "tick");
    assert_int_equal(key(&f, FM_KEY_BTAB), FM_HANDLED);
    assert_string_equal(fm_form_focus_name(&f), "village");
    assert_int_equal(key(&f, FM_KEY_UP), FM_HANDLED);
    assert_string_equal(fm_form_focus_name(&f), "phone");
    /* Up on the first field stays there. */
    key(&f, FM_KEY_UP);
    assert_int_equal(key(&f, FM_KEY_UP), FM_HANDLED);
    assert_string_equal(fm_form_focus_name(&f), "name");
    /* Leaving the last field forwards tells the owner the form is done. */
    fm_form_focus(&f, fm_form_find(&f, "last"));
    assert_int_equal(key(&f, FM_KEY_ENTER), FM_SUBMIT);
    assert_string_equal(fm_form_focus_name(&f), "last");
    /* Keys the form has no use for are left to the screen. */
    assert_int_equal(key(&f, FM_KEY_F(2)), FM_IGNORED);
    assert_int_equal(key(&f, FM_KEY_F(12)), FM_IGNORED);
    /* A protected or hidden field cannot take the focus: it goes to the next one. */
    fm_form_focus(&f, fm_form_find(&f, "fixed"));
    assert_string_equal(fm_form_focus_name(&f), "village");
    /* Unhiding a field puts it in the order. */
    fm_form_set_flags(&f, fm_form_find(&f, "secret"), 0);
    fm_form_focus(&f, fm_form_find(&f, "phone"));
    key(&f, FM_KEY_TAB);
    assert_string_equal(fm_form_focus_name(&f), "secret");
}

static void test_leave_check(void **state)
{
    (void)state;
    static fm_form f;
    struct checks c = { 0 };
    build(&f, &c);
    key(&f, FM_KEY_TAB);
    type(&f, "139a");
    /* Refused: the focus stays on the bad field and the reason is kept for the message line. */
    assert_int_equal(key(&f, FM_KEY_ENTER), FM_REJECTED);
    assert_string_equal(fm_form_focus_name(&f), "phone");
    assert_string_equal(f.why, "phone: digits only");
    assert_int_equal(c.changed_seen, 1);
    /* Going back is not checked, so an earlier field can be put right first. */
    assert_int_equal(key(&f, FM_KEY_BTAB), FM_HANDLED);
    assert_string_equal(fm_form_focus_name(&f), "name");
    key(&f, FM_KEY_TAB);
    key(&f, FM_KEY_BKSP);
    type(&f, "0");
    assert_int_equal(key(&f, FM_KEY_TAB), FM_HANDLED);
    assert_string_equal(fm_form_focus_name(&f), "village");
    assert_string_equal(f.why, "");
    /* Once passed, the field no longer counts as changed. */
    assert_int_equal(f.items[fm_form_find(&f, "phone")].field.changed, 0);
    char v[32];
    assert_string_equal(fm_form_value(&f, "phone", v, sizeof v), "1390");
}

static void test_check_all(void **state)
{
    (void)state;
    static fm_form f;
    struct checks c = { 0 };
    build(&f, &c);
    fm_form_set(&f, "phone", "12x");
    fm_form_focus(&f, fm_form_find(&f, "last"));
    assert_int_equal(fm_form_check_all(&f), -1);
    assert_string_equal(fm_form_focus_name(&f), "phone");
    assert_string_equal(f.why, "phone: digits only");
    fm_form_set(&f, "phone", "123");
    fm_form_focus(&f, fm_form_find(&f, "last"));
    c.calls = 0;
    assert_int_equal(fm_form_check_all(&f), 0);
    assert_string_equal(fm_form_focus_name(&f), "last");   /* left where it was */
    assert_int_equal(c.calls, 5);   /* every focusable field, hidden and protected ones not */
}

static void test_autoskip_ticks(void **state)
{
    (void)state;
    static fm_form f;
    struct checks c = { 0 };
    build(&f, &c);
    fm_form_focus(&f, fm_form_find(&f, "tick"));
    type(&f, "x");   /* upper-cased, and the box moves on by itself */
    char v[8];
    assert_string_equal(fm_form_value(&f, "tick", v, sizeof v), "X");
    assert_string_equal(fm_form_focus_name(&f), "last");
    /* Back on the box, a space clears it and moves on too. */
    key(&f, FM_KEY_BTAB);
    type(&f, " ");
    assert_string_equal(fm_form_value(&f, "tick", v, sizeof v), "");
    assert_string_equal(fm_form_focus_name(&f), "last");
    /* A field without AUTOSKIP keeps the focus when full. */
    fm_form_focus(&f, fm_form_find(&f, "phone"));
    type(&f, "13908161234");
    assert_string_equal(fm_form_focus_name(&f), "phone");
    /* A Tab right after the box moved on by itself confirms it: the focus stays on the next
     * field, so what is typed after it lands there. A second Tab moves as usual. */
    fm_form_focus(&f, fm_form_find(&f, "tick"));
    type(&f, "X");
    assert_string_equal(fm_form_focus_name(&f), "last");
    assert_int_equal(key(&f, FM_KEY_TAB), FM_HANDLED);
    assert_string_equal(fm_form_focus_name(&f), "last");
    type(&f, "ok");
    assert_string_equal(fm_form_value(&f, "last", v, sizeof v), "ok");
    fm_form_focus(&f, fm_form_find(&f, "tick"));
    type(&f, "X");
    key(&f, FM_KEY_BTAB);   /* any other key ends the grace: the next Tab moves */
    assert_string_equal(fm_form_focus_name(&f), "tick");
    key(&f, FM_KEY_TAB);
    assert_string_equal(fm_form_focus_name(&f), "last");
}

static void test_choose_hook(void **state)
{
    (void)state;
    static fm_form f;
    struct checks c = { 0 };
    build(&f, &c);
    /* F4 on a field without a list is left to the screen. */
    assert_int_equal(key(&f, FM_KEY_F(4)), FM_IGNORED);
    assert_int_equal(c.chose, 0);
    fm_form_focus(&f, fm_form_find(&f, "village"));
    assert_int_equal(key(&f, FM_KEY_F(4)), FM_HANDLED);
    assert_int_equal(c.chose, 1);
    assert_int_equal(c.chosen_item, fm_form_find(&f, "village"));
}

/* A check that rebuilds the form's tail (as a screen does when a choice changes a list). */
static int rebuild_on_leave(void *ctx, fm_form *f, int item, char *why, size_t cap)
{
    (void)ctx;
    (void)why;
    (void)cap;
    if (strcmp(f->items[item].name, "kind") != 0)
        return FM_LEAVE_OK;
    char v[8];
    fm_form_value(f, "kind", v, sizeof v);
    fm_form_truncate(f, 2);
    int n = atoi(v);
    for (int i = 0; i < n; i++) {
        char name[16];
        snprintf(name, sizeof name, "m%d", i);
        fm_form_add_field(f, name, name, 3 + i, 2, 0, 1, 1, 0, FM_ITEM_AUTOSKIP);
    }
    return FM_LEAVE_OK;
}

static void test_rebuild_in_check(void **state)
{
    (void)state;
    static fm_form f;
    fm_form_init(&f, rebuild_on_leave, NULL, NULL);
    fm_form_add_text(&f, 0, 0, "rebuild", 0);
    fm_form_add_field(&f, "kind", "kind", 1, 0, 0, 2, 2, FM_FIELD_DIGITS, 0);
    fm_form_add_field(&f, "old", "old", 2, 0, 0, 2, 2, 0, 0);
    type(&f, "3");
    assert_int_equal(key(&f, FM_KEY_ENTER), FM_HANDLED);
    assert_int_equal(f.count, 5);
    assert_int_equal(fm_form_find(&f, "old"), -1);
    assert_string_equal(fm_form_focus_name(&f), "m0");
    /* Dropping the focused item moves the focus back to one that remains. */
    fm_form_focus(&f, fm_form_find(&f, "m2"));
    fm_form_truncate(&f, 3);
    assert_string_equal(fm_form_focus_name(&f), "m0");
    fm_form_truncate(&f, 1);
    assert_int_equal(f.focus, -1);
    assert_int_equal(key(&f, FM_KEY_ENTER), FM_IGNORED);
}

static void test_save_and_load(void **state)
{
    (void)state;
    static fm_form f, g;
    struct checks c = { 0 };
    build(&f, &c);
    fm_form_set(&f, "name", "王秀英");
    fm_form_set(&f, "phone", "13908161234");
    fm_form_set(&f, "secret", "s=1");     /* hidden fields travel too; '=' in a value is kept */
    fm_form_set(&f, "tick", "X");
    char text[1024];
    size_t n = fm_form_save(&f, text, sizeof text);
    assert_int_equal(n, strlen(text));
    assert_string_equal(text, "name=王秀英\nphone=13908161234\nsecret=s=1\ntick=X\n");
    /* Too small a buffer: cut, and the length needed is still returned. */
    char small[8];
    assert_int_equal(fm_form_save(&f, small, sizeof small), n);
    assert_true(strlen(small) < sizeof small);
    build(&g, &c);
    assert_int_equal(fm_form_load(&g, "junk line\nname=王秀英\nnobody=1\n=x\nphone=13908161234\n"
                                      "secret=s=1\ntick=X"), 4);
    char back[1024];
    fm_form_save(&g, back, sizeof back);
    assert_string_equal(back, text);
    assert_int_equal(fm_form_load(&g, NULL), 0);
}

static void test_draw(void **state)
{
    (void)state;
    static fm_form f;
    struct checks c = { 0 };
    build(&f, &c);
    snprintf(f.items[fm_form_find(&f, "village")].after, FM_FORM_LABEL, "F4=列表");
    fm_form_set(&f, "name", "王秀英");
    werase(stdscr);
    int cy, cx;
    assert_int_equal(fm_form_draw(&f, stdscr, 2, 10, &cy, &cx), 0);
    char buf[256];
    assert_string_equal(row_text(2, buf, sizeof buf), " 申请人");
    /* Fields follow their labels by columns: Chinese counts two. */
    assert_string_equal(row_text(3, buf, sizeof buf),
                        "  姓名 [王秀英    ]   电话 [           ]");
    assert_string_equal(row_text(5, buf, sizeof buf), "  村   [          ] F4=列表");
    assert_int_equal(fm_form_item_end(&f, fm_form_find(&f, "village")), 27);
    /* The cursor sits after the text of the focused field (set leaves it at the end). */
    assert_int_equal(cy, 3);
    assert_int_equal(cx, 7 + 1 + 6);
    /* The hidden field is not drawn; the protected one is. */
    assert_string_equal(row_text(4, buf, sizeof buf), "  固定 [     ]");

    /* Three rows for six: the page scrolls to the focus and says more follows. */
    fm_form_focus(&f, fm_form_find(&f, "last"));
    werase(stdscr);
    assert_int_equal(fm_form_draw(&f, stdscr, 2, 3, &cy, &cx), 0);
    assert_int_equal(f.top, 3);
    assert_int_equal(cy, 4);
    assert_string_equal(row_text(4, buf, sizeof buf), "  备注 [                    ]");
    fm_form_focus(&f, fm_form_find(&f, "name"));
    werase(stdscr);
    assert_int_equal(fm_form_draw(&f, stdscr, 2, 3, &cy, &cx), 1);
    assert_int_equal(f.top, 1);
    assert_int_equal(cy, 2);
}

static void test_bad_names(void **state)
{
    (void)state;
    static fm_form f;
    fm_form_init(&f, NULL, NULL, NULL);
    assert_int_equal(fm_form_add_field(&f, "a", "", 0, 0, 0, 2, 2, 0, 0), 0);
    assert_int_equal(fm_form_add_field(&f, "a", "", 1, 0, 0, 2, 2, 0, 0), -1);   /* taken */
    assert_int_equal(fm_form_add_field(&f, "b=c", "", 1, 0, 0, 2, 2, 0, 0), -1);
    assert_int_equal(fm_form_add_field(&f, "", "", 1, 0, 0, 2, 2, 0, 0), -1);
    assert_int_equal(fm_form_set(&f, "nobody", "x"), -1);
    for (int i = 1; i < FM_FORM_MAX_ITEMS; i++)
        assert_true(fm_form_add_text(&f, i, 0, "x", 0) >= 0);
    assert_int_equal(fm_form_add_text(&f, 99, 0, "full", 0), -1);
    /* Without a check every field passes. */
    assert_int_equal(fm_form_check_all(&f), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_focus_order),
        cmocka_unit_test(test_leave_check),
        cmocka_unit_test(test_check_all),
        cmocka_unit_test(test_autoskip_ticks),
        cmocka_unit_test(test_choose_hook),
        cmocka_unit_test(test_rebuild_in_check),
        cmocka_unit_test(test_save_and_load),
        cmocka_unit_test(test_draw),
        cmocka_unit_test(test_bad_names),
    };
    return cmocka_run_group_tests_name("form", tests, setup_screen, teardown_screen);
}
