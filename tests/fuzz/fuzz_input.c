/* Fuzz target for the bytes a terminal sends: the key decoder, then the keys into an entry
 * field and a menu, with the invariants checked after each step. Built by libFuzzer with
 *   clang -fsanitize=fuzzer,address -D_GNU_SOURCE -I. tests/fuzz/fuzz_input.c \
 *       build/libtui.a build/libforms.a build/libcore.a $(pkg-config --libs ...)
 * and, without libFuzzer, driven with seeded random input by tests/unit/test_fuzz_input.c. */
#include "forms/field.h"
#include "forms/menu.h"
#include "forms/text.h"
#include "tui/terminal/keys.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct fuzz_state {
    fm_field field;
    fm_menu menu;
    int keys;
} fuzz_state;

static const fm_menu_item fuzz_items[] = {
    { '1', "受理办件", NULL, NULL }, { '2', "我的办件", NULL, NULL }, { '7', "设置", NULL, NULL },
};

static void fuzz_key(void *ctx, fm_key k)
{
    fuzz_state *s = ctx;
    s->keys++;
    fm_field_key(&s->field, k);
    fm_menu_key(&s->menu, k);
    if (s->field.len > s->field.max || s->field.cursor > s->field.len ||
        s->field.text[s->field.len] != 0 || s->menu.selected < 0 || s->menu.selected >= 3)
        abort();
    char out[FM_FIELD_MAX * 4 + 1];
    fm_field_get(&s->field, out, sizeof out);
    if (fm_width(out) > 2 * FM_FIELD_MAX)
        abort();
}

static void fuzz_report(void *ctx, int row, int col)
{
    (void)ctx;
    if (row < 0 || col < 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_state s;
    memset(&s, 0, sizeof s);
    fm_field_init(&s.field, 12, 40, data && size && (data[0] & 1) ? FM_FIELD_ID : 0);
    fm_menu_init(&s.menu, fuzz_items, 3);
    keydec d;
    keydec_init(&d, fuzz_key, fuzz_report, &s);
    d.expect_reports = size > 1 && (data[1] & 1);
    /* Split the input into packets at arbitrary points, with time passing between them. */
    int64_t now = 0;
    size_t pos = 0;
    while (pos < size) {
        size_t chunk = 1 + data[pos] % 7;
        if (pos + chunk > size)
            chunk = size - pos;
        keydec_feed(&d, data + pos, chunk, now);
        now += data[pos] % 3 == 0 ? KEYDEC_ESC_TIMEOUT_MS : 10;
        keydec_tick(&d, now);
        pos += chunk;
    }
    keydec_tick(&d, now + KEYDEC_ESC_TIMEOUT_MS);
    if (keydec_deadline(&d) != -1)
        abort();   /* nothing may wait for ever */
    return 0;
}
