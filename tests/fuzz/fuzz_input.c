/* Fuzz target for the bytes a terminal sends: the key decoder, then the keys into an entry
 * field and a menu, with the invariants checked after each step; and the same bytes in one
 * packet and in many, with no time passing, give the same keys. `make fuzz` builds it with
 * libFuzzer; tests/unit/test_fuzz_input.c replays its corpus and seeded random input. */
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

/* The keys of one decoding, to compare packetings. */
typedef struct key_log {
    fm_key keys[4096];
    size_t n;
} key_log;

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

static void log_key(void *ctx, fm_key k)
{
    key_log *log = ctx;
    if (log->n < sizeof log->keys / sizeof *log->keys)
        log->keys[log->n++] = k;
}

/* Decodes data at one instant, cut into packets of `step` bytes, then lets the timer run out. */
static void decode_at_once(const uint8_t *data, size_t size, size_t step, key_log *log)
{
    keydec d;
    keydec_init(&d, log_key, NULL, log);
    log->n = 0;
    for (size_t pos = 0; pos < size; pos += step)
        keydec_feed(&d, data + pos, size - pos < step ? size - pos : step, 0);
    keydec_tick(&d, KEYDEC_ESC_TIMEOUT_MS);
    if (keydec_deadline(&d) != -1)
        abort();
}

static void same_keys_however_packeted(const uint8_t *data, size_t size)
{
    static key_log whole, split;
    decode_at_once(data, size, size ? size : 1, &whole);
    decode_at_once(data, size, 1 + (size ? data[size - 1] % 5 : 0), &split);
    if (whole.n != split.n)
        abort();
    for (size_t i = 0; i < whole.n; i++)
        if (whole.keys[i].code != split.keys[i].code || whole.keys[i].ch != split.keys[i].ch)
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
    same_keys_however_packeted(data, size);
    return 0;
}
