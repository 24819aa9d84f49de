/* Unit tests of the function-key list: the legend is built from the list, each shown key
 * dispatches to its action, hidden keys dispatch without a legend entry, and a long legend
 * closes up to fit its columns. */
#include "forms/fkeys.h"
#include "forms/text.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

typedef struct log { char last[16]; int calls; } log;

static int note(void *owner, void *state, fm_key k)
{
    (void)state;
    log *l = owner;
    fm_key_name(k, l->last, sizeof l->last);
    l->calls++;
    return FM_HANDLED;
}

static int pass_on(void *owner, void *state, fm_key k)
{
    (void)owner, (void)state, (void)k;
    return FM_IGNORED;
}

static const fm_fkey keys[] = {
    { FM_KEY_F(1), NULL, "Help", note, 0 },
    { FM_KEY_F(7), "F7/F8", "Page", note, 0 },
    { FM_KEY_F(8), NULL, NULL, note, 0 },
    { FM_KEY_CHAR, NULL, "Find", note, L'/' },
    { FM_KEY_F(12), NULL, "Show all", pass_on, 0 },
    FM_FKEYS_END,
};

static const char *shout(const char *msgid)
{
    return strcmp(msgid, "Help") == 0 ? "帮助" : msgid;
}

static void test_legend_from_list(void **state)
{
    (void)state;
    char buf[128];
    int w = fm_fkeys_legend(keys, NULL, 80, buf, sizeof buf);
    assert_string_equal(buf, "F1=Help  F7/F8=Page  /=Find  F12=Show all");
    assert_int_equal(w, fm_width(buf));
    fm_fkeys_legend(keys, shout, 80, buf, sizeof buf);
    assert_string_equal(buf, "F1=帮助  F7/F8=Page  /=Find  F12=Show all");
    /* Too wide with two spaces: one space between entries. */
    w = fm_fkeys_legend(keys, NULL, 40, buf, sizeof buf);
    assert_string_equal(buf, "F1=Help F7/F8=Page /=Find F12=Show all");
    assert_int_equal(w, 38);
    /* A buffer too small keeps whole entries only. */
    char small[20];
    fm_fkeys_legend(keys, NULL, 80, small, sizeof small);
    assert_string_equal(small, "F1=Help  F7/F8=Page");
}

static void test_dispatch(void **state)
{
    (void)state;
    log l = { "", 0 };
    assert_int_equal(fm_fkeys_dispatch(keys, (fm_key){ FM_KEY_F(8), 0 }, &l, NULL), FM_HANDLED);
    assert_string_equal(l.last, "F8");
    assert_int_equal(fm_fkeys_dispatch(keys, (fm_key){ FM_KEY_CHAR, L'/' }, &l, NULL),
                     FM_HANDLED);
    assert_int_equal(l.calls, 2);
    /* Other characters and keys not listed are not the list's. */
    assert_int_equal(fm_fkeys_dispatch(keys, (fm_key){ FM_KEY_CHAR, L'x' }, &l, NULL),
                     FM_IGNORED);
    assert_int_equal(fm_fkeys_dispatch(keys, (fm_key){ FM_KEY_F(2), 0 }, &l, NULL), FM_IGNORED);
    assert_int_equal(fm_fkeys_dispatch(keys, (fm_key){ FM_KEY_F(12), 0 }, &l, NULL), FM_IGNORED);
    assert_int_equal(l.calls, 2);
    assert_null(fm_fkeys_find(NULL, (fm_key){ FM_KEY_F(1), 0 }));
    assert_non_null(fm_fkeys_find(keys, (fm_key){ FM_KEY_F(1), 0 }));
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_legend_from_list),
        cmocka_unit_test(test_dispatch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
