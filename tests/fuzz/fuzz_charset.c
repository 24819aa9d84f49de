/* Fuzz target for the charset bridge (tui/terminal/charset.c), both ways, for every charset a
 * terminal may use. Terminal bytes in: what comes out is valid UTF-8, the same whether the
 * bytes arrive in one packet or cut at any byte, and every control byte (Esc, CR, BS …) gets
 * through to the key decoder in order. UTF-8 text out: the same in one piece or cut, and what
 * the terminal gets reads back as text of exactly the same width ('?' per column for what the
 * charset lacks), and GB18030 gives the text back unchanged.
 * Input: byte 0 picks the charset, byte 1 the packet size; the rest are the bytes. */
#include "forms/text.h"
#include "tui/terminal/charset.h"

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct sink {
    unsigned char *p;
    size_t n, cap;
} sink;

static void sink_add(const void *bytes, size_t n, void *ctx)
{
    sink *s = ctx;
    if (s->n + n + 1 > s->cap) {
        size_t cap = (s->n + n + 1) * 2;
        unsigned char *p = realloc(s->p, cap);
        if (!p)
            abort();
        s->p = p;
        s->cap = cap;
    }
    memcpy(s->p + s->n, bytes, n);
    s->n += n;
    s->p[s->n] = 0;
}

typedef void (*convert_fn)(charset *c, const void *in, size_t n,
                           void (*out)(const void *bytes, size_t n, void *ctx), void *ctx);

/* Runs data through a fresh bridge in packets of `step` bytes (0: one packet). */
static void run(const char *name, convert_fn fn, const uint8_t *data, size_t size, size_t step,
                sink *out)
{
    charset c;
    if (charset_open(&c, name) != 0)
        abort();   /* every offered charset must open */
    out->n = 0;
    sink_add("", 0, out);
    if (step == 0)
        step = size ? size : 1;
    for (size_t pos = 0; pos < size; pos += step)
        fn(&c, data + pos, size - pos < step ? size - pos : step, sink_add, out);
    charset_close(&c);
}

static int valid_utf8(const unsigned char *p, size_t n)
{
    while (n > 0) {
        wchar_t wc;
        int len = fm_utf8_decode(p, n, &wc);
        if (len <= 0)
            return 0;
        p += len;
        n -= (size_t)len;
    }
    return 1;
}

/* The control bytes of p, in order: these never belong to a multi-byte character. */
static size_t controls(const unsigned char *p, size_t n, unsigned char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (p[i] < 0x20 || p[i] == 0x7f)
            out[k++] = p[i];
    return k;
}

static void check_decode(const char *name, const uint8_t *data, size_t size, size_t step)
{
    static sink whole, split;
    run(name, charset_decode, data, size, 0, &whole);
    run(name, charset_decode, data, size, step, &split);
    if (whole.n != split.n || memcmp(whole.p, split.p, whole.n) != 0)
        abort();
    if (strcmp(name, "UTF-8") != 0 && !valid_utf8(whole.p, whole.n))
        abort();   /* (a UTF-8 terminal's bytes go to the key decoder as they are) */
    unsigned char *a = malloc(size + 1), *b = malloc(whole.n + 1);
    if (!a || !b)
        abort();
    size_t na = controls(data, size, a), nb = controls(whole.p, whole.n, b);
    if (na != nb || memcmp(a, b, na) != 0)
        abort();
    free(a);
    free(b);
}

/* Printable text from the input: its valid UTF-8 characters of one or two columns. */
static size_t printable_text(const uint8_t *data, size_t size, char *out)
{
    size_t k = 0;
    while (size > 0) {
        wchar_t wc;
        int len = fm_utf8_decode(data, size, &wc);
        if (len <= 0) {
            data++;
            size--;
            continue;
        }
        if (wc >= 0x20 && wcwidth(wc) > 0)
            k += (size_t)fm_utf8_encode(wc, out + k);
        data += len;
        size -= (size_t)len;
    }
    out[k] = 0;
    return k;
}

static void check_encode(const char *name, const uint8_t *data, size_t size, size_t step)
{
    static sink whole, split, back;
    run(name, charset_encode, data, size, 0, &whole);
    run(name, charset_encode, data, size, step, &split);
    if (whole.n != split.n || memcmp(whole.p, split.p, whole.n) != 0)
        abort();
    char *text = malloc(size * 2 + 1);
    if (!text)
        abort();
    size_t n = printable_text(data, size, text);
    run(name, charset_encode, (const uint8_t *)text, n, 0, &whole);
    run(name, charset_decode, whole.p, whole.n, 0, &back);
    if (!valid_utf8(back.p, back.n) || fm_width((char *)back.p) != fm_width(text))
        abort();   /* a line would shift on the terminal */
    if (!strcmp(name, "GB18030") && (back.n != n || memcmp(back.p, text, n) != 0))
        abort();   /* GB18030 covers all of Unicode */
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        setlocale(LC_ALL, "C.UTF-8");   /* character widths, as the server has them */
        ready = 1;
    }
    if (size < 2)
        return 0;
    const char *name = charset_names[data[0] % charset_count];
    size_t step = 1 + data[1] % 8;
    if (data[0] & 0x80)
        check_encode(name, data + 2, size - 2, step);
    else
        check_decode(name, data + 2, size - 2, step);
    return 0;
}
