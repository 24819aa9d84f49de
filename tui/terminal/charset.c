/* The per-session charset bridge (see charset.h). */
#include "tui/terminal/charset.h"
#include "forms/text.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

const char *const charset_names[] = { "UTF-8", "GB18030", "GBK", "GB2312", "BIG5" };
const int charset_count = (int)(sizeof charset_names / sizeof charset_names[0]);

const char *charset_canonical(const char *name)
{
    if (!name || !name[0])
        return NULL;
    /* A locale name ("zh_CN.GBK", "en_US.UTF-8@euro"): the part after the dot. */
    const char *dot = strchr(name, '.');
    char buf[32];
    snprintf(buf, sizeof buf, "%s", dot ? dot + 1 : name);
    char *at = strchr(buf, '@');
    if (at)
        *at = 0;
    static const struct { const char *alias, *name; } aliases[] = {
        { "utf-8", "UTF-8" }, { "utf8", "UTF-8" },
        { "gb18030", "GB18030" },
        { "gbk", "GBK" }, { "cp936", "GBK" }, { "ms936", "GBK" },
        { "gb2312", "GB2312" }, { "euc-cn", "GB2312" }, { "euccn", "GB2312" },
        { "big5", "BIG5" }, { "big-5", "BIG5" }, { "cp950", "BIG5" },
    };
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcasecmp(buf, aliases[i].alias) == 0)
            return aliases[i].name;
    return NULL;
}

int charset_open(charset *c, const char *name)
{
    memset(c, 0, sizeof *c);
    c->to_utf8 = c->from_utf8 = (iconv_t)-1;
    const char *canon = charset_canonical(name);
    if (!canon || strcmp(canon, "UTF-8") == 0) {
        snprintf(c->name, sizeof c->name, "UTF-8");
        c->utf8 = 1;
        return canon ? 0 : -1;
    }
    c->to_utf8 = iconv_open("UTF-8", canon);
    c->from_utf8 = iconv_open(canon, "UTF-8");
    if (c->to_utf8 == (iconv_t)-1 || c->from_utf8 == (iconv_t)-1) {
        charset_close(c);
        snprintf(c->name, sizeof c->name, "UTF-8");
        c->utf8 = 1;
        return -1;
    }
    snprintf(c->name, sizeof c->name, "%s", canon);
    return 0;
}

void charset_close(charset *c)
{
    if (c->to_utf8 != (iconv_t)-1 && c->to_utf8 != (iconv_t)0)
        iconv_close(c->to_utf8);
    if (c->from_utf8 != (iconv_t)-1 && c->from_utf8 != (iconv_t)0)
        iconv_close(c->from_utf8);
    c->to_utf8 = c->from_utf8 = (iconv_t)-1;
}

int charset_is_cjk(const charset *c)
{
    return !c->utf8;
}

/* Whether p[0..n) holds a control byte: never part of a multi-byte character, so bytes before
 * one are not a character cut short (and the Esc of a key must not wait behind them). */
static int has_control(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] < 0x20 || p[i] == 0x7f)
            return 1;
    return 0;
}

/* Runs iconv over in, handing out converted bytes; calls bad(at, left) at a sequence iconv
 * refuses, which returns how many input bytes to skip (after writing any replacement), and
 * keeps an incomplete tail (at most 4 bytes) in tail. */
static void convert(iconv_t cd, const unsigned char *in, size_t n, unsigned char *tail,
                    size_t *ntail, size_t (*bad)(const unsigned char *at, size_t left,
                                                 void (*out)(const void *, size_t, void *),
                                                 void *ctx),
                    void (*out)(const void *bytes, size_t n, void *ctx), void *ctx)
{
    char obuf[4096];
    char *inp = (char *)in;
    size_t left = n;
    *ntail = 0;
    while (left > 0) {
        char *outp = obuf;
        size_t room = sizeof obuf;
        size_t r = iconv(cd, &inp, &left, &outp, &room);
        if (outp > obuf)
            out(obuf, (size_t)(outp - obuf), ctx);
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG)
            continue;
        const unsigned char *at = (const unsigned char *)inp;
        if (errno == EINVAL && left <= 4 && !has_control(at + 1, left - 1)) {
            memcpy(tail, inp, left);
            *ntail = left;
            break;
        }
        /* EILSEQ (or EINVAL mid-stream): replace or skip, and start the state afresh. */
        size_t skip = bad(at, left, out, ctx);
        if (skip == 0 || skip > left)
            skip = 1;
        inp += skip;
        left -= skip;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
}

static size_t drop_one_byte(const unsigned char *at, size_t left,
                            void (*out)(const void *, size_t, void *), void *ctx)
{
    (void)at;
    (void)left;
    (void)out;
    (void)ctx;
    return 1;
}

/* A UTF-8 character the terminal cannot show: one '?' per column it would take. */
static size_t replace_character(const unsigned char *at, size_t left,
                                void (*out)(const void *, size_t, void *), void *ctx)
{
    wchar_t wc;
    int len = fm_utf8_decode(at, left, &wc);
    if (len <= 0)
        return 1;   /* not UTF-8 at all: nothing to show */
    static const char marks[] = "??";
    int width = fm_wcwidth(wc);
    if (width > 0)
        out(marks, (size_t)(width > 2 ? 2 : width), ctx);
    return (size_t)len;
}

/* Joins a pending tail with new input in a scratch buffer, chunk by chunk. */
static void with_pending(unsigned char *pending, size_t *npending, size_t cap_pending,
                         const unsigned char *in, size_t n,
                         void (*run)(const unsigned char *buf, size_t len, void *arg), void *arg)
{
    unsigned char buf[4096 + 8];
    while (n > 0) {
        size_t have = *npending;
        memcpy(buf, pending, have);
        size_t take = n < 4096 ? n : 4096;
        memcpy(buf + have, in, take);
        in += take;
        n -= take;
        *npending = 0;
        run(buf, have + take, arg);
        if (*npending > cap_pending)
            *npending = 0;
    }
}

struct run_args {
    charset *c;
    void (*out)(const void *bytes, size_t n, void *ctx);
    void *ctx;
};

static void run_decode(const unsigned char *buf, size_t len, void *arg)
{
    struct run_args *a = arg;
    convert(a->c->to_utf8, buf, len, a->c->pending, &a->c->npending, drop_one_byte, a->out,
            a->ctx);
}

static void run_encode(const unsigned char *buf, size_t len, void *arg)
{
    struct run_args *a = arg;
    convert(a->c->from_utf8, buf, len, a->c->out_pending, &a->c->nout_pending,
            replace_character, a->out, a->ctx);
}

void charset_decode(charset *c, const void *in, size_t n,
                    void (*out)(const void *bytes, size_t n, void *ctx), void *ctx)
{
    if (c->utf8) {
        out(in, n, ctx);   /* the key decoder joins and checks UTF-8 itself */
        return;
    }
    struct run_args a = { c, out, ctx };
    with_pending(c->pending, &c->npending, sizeof c->pending, in, n, run_decode, &a);
}

void charset_encode(charset *c, const void *in, size_t n,
                    void (*out)(const void *bytes, size_t n, void *ctx), void *ctx)
{
    if (c->utf8) {
        out(in, n, ctx);
        return;
    }
    struct run_args a = { c, out, ctx };
    with_pending(c->out_pending, &c->nout_pending, sizeof c->out_pending, in, n, run_encode, &a);
}
