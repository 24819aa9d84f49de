/* Unit tests of the work list: rows fetched a page at a time as the cursor goes down, the
 * count and "more..." under the list, options against rows and Enter = the default option,
 * type-to-find and '/', a find replaced by the next one typed, F12 back to the whole list,
 * and a find-only list that shows nothing until a find. */
#include "forms/worklist.h"
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

#define TOTAL 120

typedef struct owner {
    int held;              /* rows fetched */
    int fetches;
    char last_query[64];
    int acted_row;
    char acted_option;
    int found;             /* rows a find returns */
} owner;

static void reset(void *ctx)
{
    ((owner *)ctx)->held = 0;
}

static int fetch(void *ctx, const char *query, int offset, int limit)
{
    owner *o = ctx;
    o->fetches++;
    snprintf(o->last_query, sizeof o->last_query, "%s", query);
    int n = query[0] ? o->found : (offset + limit > TOTAL ? TOTAL - offset : limit);
    o->held += n;
    return n;
}

static const char *cell(void *ctx, int row, int col, char *buf, size_t cap, int *mark)
{
    (void)ctx;
    if (col == 0)
        snprintf(buf, cap, "R%03d", row);
    else
        snprintf(buf, cap, "%s", row % 10 == 0 ? "!" : "");
    if (col == 1 && row % 10 == 0)
        *mark = FM_MARK_ALERT;
    return buf;
}

static void act(void *ctx, int row, char option)
{
    owner *o = ctx;
    o->acted_row = row;
    o->acted_option = option;
}

static const fm_worklist_spec spec = {
    .ncols = 2, .options = "52", .default_option = '5', .page_rows = 50,
    .reset = reset, .fetch = fetch, .cell = cell, .act = act,
};

static const fm_worklist_words words = {
    .options = "Options: 5=Show 2=Handle", .find = "Find", .prompt = "Type to find.",
    .none_found = "Nothing found.", .empty = "Nothing here.", .rows_fmt = "%d rows",
    .found_fmt = "%d found for \"%s\"", .more = "more...",
};

static fm_column cols[] = { { "No.", 6, 0 }, { "Left", 4, 1 } };

static void key(fm_worklist *wl, int code, wchar_t ch)
{
    fm_worklist_key(wl, (fm_key){ code, ch });
}

static char *draw(fm_worklist *wl, int *cy, int *cx)
{
    static char row[160];
    werase(stdscr);
    fm_worklist_draw(wl, stdscr, 2, 20, &words, cy, cx);
    return row_text(21, row, sizeof row);
}

static void test_pages_and_options(void **state)
{
    (void)state;
    owner o = { 0 };
    fm_worklist *wl = calloc(1, sizeof *wl);
    assert_non_null(wl);
    fm_worklist_init(wl, &spec, cols, &o);
    fm_worklist_reload(wl);
    assert_int_equal(wl->count, 50);
    int cy, cx;
    char row[160];
    assert_non_null(strstr(draw(wl, &cy, &cx), "50 rows  more..."));
    assert_non_null(strstr(row_text(2, row, sizeof row), "Options: 5=Show 2=Handle"));
    assert_non_null(strstr(row_text(5, row, sizeof row), "R000"));
    assert_int_equal(cy, 5);   /* on the first row, not in the find field */
    /* Paging down fetches the next pages as the cursor nears the end. */
    for (int i = 0; i < 6; i++)
        fm_worklist_page(wl, (fm_key){ FM_KEY_F(8), 0 });
    assert_int_equal(wl->count, TOTAL);
    assert_int_equal(o.fetches, 3);
    assert_non_null(strstr(draw(wl, &cy, &cx), "120 rows  more..."));   /* rows below */
    fm_list_goto(&wl->list, TOTAL - 1);
    assert_non_null(strstr(draw(wl, &cy, &cx), "120 rows"));
    assert_null(strstr(draw(wl, &cy, &cx), "more..."));
    /* An option against a row, another refused; Enter acts on the marked row. */
    key(wl, FM_KEY_HOME, 0);
    fm_list_goto(&wl->list, 3);
    assert_int_equal(fm_worklist_key(wl, (fm_key){ FM_KEY_CHAR, L'9' }), FM_REJECTED);
    key(wl, FM_KEY_CHAR, L'2');
    fm_list_goto(&wl->list, 7);
    key(wl, FM_KEY_ENTER, 0);
    assert_int_equal(o.acted_row, 3);
    assert_int_equal(o.acted_option, '2');
    /* Enter with no option: the default option on the cursor's row. */
    key(wl, FM_KEY_ENTER, 0);
    assert_int_equal(o.acted_option, '5');
    assert_int_equal(o.acted_row, 3);
    free(wl);
}

static void test_find(void **state)
{
    (void)state;
    owner o = { .found = 3 };
    fm_worklist *wl = calloc(1, sizeof *wl);
    assert_non_null(wl);
    fm_worklist_init(wl, &spec, cols, &o);
    fm_worklist_reload(wl);
    int cy, cx;
    /* A letter starts a find at once. */
    key(wl, FM_KEY_CHAR, L'z');
    key(wl, FM_KEY_CHAR, L's');
    assert_true(wl->in_find);
    key(wl, FM_KEY_ENTER, 0);
    assert_string_equal(o.last_query, "zs");
    assert_int_equal(wl->count, 3);
    assert_false(wl->in_find);
    assert_non_null(strstr(draw(wl, &cy, &cx), "3 found for \"zs\""));
    /* Back in the find field, new typing replaces the old find. */
    key(wl, FM_KEY_TAB, 0);
    assert_true(wl->in_find);
    key(wl, FM_KEY_CHAR, L'w');
    key(wl, FM_KEY_ENTER, 0);
    assert_string_equal(o.last_query, "w");
    /* F12: the whole list again; F12 on the bare list is for the owner (leave). */
    assert_int_equal(fm_worklist_show_all(wl), 1);
    assert_int_equal(wl->count, 50);
    assert_int_equal(fm_worklist_show_all(wl), 0);
    /* '/' is the owner's key; the action opens an empty find, and F12 on it stays. */
    assert_int_equal(fm_worklist_key(wl, (fm_key){ FM_KEY_CHAR, L'/' }), FM_IGNORED);
    fm_worklist_find(wl);
    assert_true(wl->in_find);
    assert_int_equal(fm_worklist_show_all(wl), 1);
    assert_false(wl->in_find);
    /* A find that finds nothing says so, and the cursor stays in the field. */
    o.found = 0;
    fm_worklist_find(wl);
    key(wl, FM_KEY_CHAR, L'q');
    key(wl, FM_KEY_ENTER, 0);
    draw(wl, &cy, &cx);
    char row[160];
    assert_non_null(strstr(row_text(6, row, sizeof row), "Nothing found."));
    assert_int_equal(cy, 2);
    free(wl);
}

static void test_find_only(void **state)
{
    (void)state;
    fm_worklist_spec only = spec;
    only.find_only = 1;
    owner o = { .found = 2 };
    fm_worklist *wl = calloc(1, sizeof *wl);
    assert_non_null(wl);
    fm_worklist_init(wl, &only, cols, &o);
    fm_worklist_reload(wl);
    assert_int_equal(o.fetches, 0);
    assert_true(wl->in_find);
    int cy, cx;
    draw(wl, &cy, &cx);
    char row[160];
    assert_non_null(strstr(row_text(6, row, sizeof row), "Type to find."));
    /* Enter on an empty find: refused, for the owner to say what to type. */
    assert_int_equal(fm_worklist_key(wl, (fm_key){ FM_KEY_ENTER, 0 }), FM_REJECTED);
    key(wl, FM_KEY_CHAR, L'1');   /* digits are text in the find field */
    key(wl, FM_KEY_ENTER, 0);
    assert_string_equal(o.last_query, "1");
    assert_int_equal(wl->count, 2);
    free(wl);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pages_and_options),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_find_only),
    };
    return cmocka_run_group_tests(tests, setup_screen, teardown_screen);
}
