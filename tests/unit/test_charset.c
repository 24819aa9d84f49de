/* Unit tests of the per-session charset bridge: names as users and LANG spell them, GBK and
 * GB18030 both ways, characters cut between packets, invalid bytes, and '?' per column for
 * what a charset lacks so that lines keep their width. */
#include "tui/terminal/charset.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

typedef struct sink {
    char buf[1024];
    size_t n;
} sink;

static void collect(const void *bytes, size_t n, void *ctx)
{
    sink *s = ctx;
    assert_true(s->n + n < sizeof s->buf);
    memcpy(s->buf + s->n, bytes, n);
    s->n += n;
    s->buf[s->n] = 0;
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(charset_canonical("zh_CN.GBK"), "GBK");
    assert_string_equal(charset_canonical("zh_CN.gb18030"), "GB18030");
    assert_string_equal(charset_canonical("en_US.UTF-8"), "UTF-8");
    assert_string_equal(charset_canonical("C.utf8"), "UTF-8");
    assert_string_equal(charset_canonical("zh_CN.GB2312"), "GB2312");
    assert_string_equal(charset_canonical("euc-cn"), "GB2312");
    assert_string_equal(charset_canonical("zh_TW.Big5"), "BIG5");
    assert_string_equal(charset_canonical("cp936"), "GBK");
    assert_null(charset_canonical("C"));
    assert_null(charset_canonical("POSIX"));
    assert_null(charset_canonical(""));
    assert_null(charset_canonical(NULL));
}

static void test_gbk_both_ways(void **state)
{
    (void)state;
    charset c;
    assert_int_equal(charset_open(&c, "zh_CN.GBK"), 0);
    assert_string_equal(c.name, "GBK");
    assert_true(charset_is_cjk(&c));
    sink out = { .n = 0 };
    charset_encode(&c, "便民 BM100", strlen("便民 BM100"), collect, &out);
    assert_int_equal(out.n, 10);   /* two double-byte characters and 6 ASCII bytes */
    assert_memory_equal(out.buf, "\xb1\xe3\xc3\xf1 BM100", 10);
    sink back = { .n = 0 };
    charset_decode(&c, out.buf, out.n, collect, &back);
    assert_string_equal(back.buf, "便民 BM100");
    /* Escape sequences pass through untouched. */
    sink esc = { .n = 0 };
    charset_encode(&c, "\033[1;1H\033(0q\033(B", 13, collect, &esc);
    assert_memory_equal(esc.buf, "\033[1;1H\033(0q\033(B", 13);
    charset_close(&c);
}

static void test_split_characters(void **state)
{
    (void)state;
    charset c;
    assert_int_equal(charset_open(&c, "GBK"), 0);
    /* 中 is D6 D0 in GBK: cut it between two packets. */
    sink got = { .n = 0 };
    charset_decode(&c, "a\xd6", 2, collect, &got);
    assert_string_equal(got.buf, "a");
    charset_decode(&c, "\xd0" "b", 2, collect, &got);
    assert_string_equal(got.buf, "a中b");
    /* An output character cut by a flush boundary is sent whole with the next piece. */
    sink out = { .n = 0 };
    charset_encode(&c, "x\xe4\xb8", 3, collect, &out);
    charset_encode(&c, "\xad" "y", 2, collect, &out);
    assert_memory_equal(out.buf, "x\xd6\xd0y", 4);
    charset_close(&c);
    /* GB18030's four-byte characters, cut after each byte. */
    assert_int_equal(charset_open(&c, "GB18030"), 0);
    sink four = { .n = 0 };
    charset_encode(&c, "𠀀", 4, collect, &four);
    assert_int_equal(four.n, 4);
    sink whole = { .n = 0 };
    for (size_t i = 0; i < four.n; i++)
        charset_decode(&c, four.buf + i, 1, collect, &whole);
    assert_string_equal(whole.buf, "𠀀");
    charset_close(&c);
}

static void test_invalid_input_dropped(void **state)
{
    (void)state;
    charset c;
    assert_int_equal(charset_open(&c, "GBK"), 0);
    /* 0xFF begins no GBK character: dropped, and the next character is intact. */
    sink got = { .n = 0 };
    charset_decode(&c, "\xff\xd6\xd0z", 4, collect, &got);
    assert_string_equal(got.buf, "中z");
    charset_close(&c);
}

static void test_missing_characters_keep_width(void **state)
{
    (void)state;
    charset c;
    assert_int_equal(charset_open(&c, "GBK"), 0);
    /* 𠀀 (two columns) and a Tibetan letter (one column) are not in GBK. */
    sink out = { .n = 0 };
    const char *text = "张𠀀|ཀ|";
    charset_encode(&c, text, strlen(text), collect, &out);
    assert_string_equal(out.buf, "\xd5\xc5??|?|");
    charset_close(&c);
    /* GB2312 lacks 𠀀 too; GB18030 has everything. */
    assert_int_equal(charset_open(&c, "GB18030"), 0);
    sink all = { .n = 0 };
    charset_encode(&c, text, strlen(text), collect, &all);
    assert_null(strchr(all.buf, '?'));
    charset_close(&c);
}

static void test_utf8_passes_through(void **state)
{
    (void)state;
    charset c;
    assert_int_equal(charset_open(&c, "UTF-8"), 0);
    assert_false(charset_is_cjk(&c));
    sink out = { .n = 0 };
    charset_encode(&c, "中\xe4", 4, collect, &out);
    assert_int_equal(out.n, 4);   /* untouched: the terminal reads UTF-8 itself */
    charset_close(&c);
    /* An unknown name falls back to UTF-8 and says so. */
    assert_int_equal(charset_open(&c, "KOI8-R"), -1);
    assert_string_equal(c.name, "UTF-8");
    charset_close(&c);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_gbk_both_ways),
        cmocka_unit_test(test_split_characters),
        cmocka_unit_test(test_invalid_input_dropped),
        cmocka_unit_test(test_missing_characters_keep_width),
        cmocka_unit_test(test_utf8_passes_through),
    };
    return cmocka_run_group_tests_name("charset", tests, NULL, NULL);
}
