/* The per-session key decoder (see keys.h). */
#include "tui/terminal/keys.h"
#include "forms/text.h"

#include <string.h>

void keydec_init(keydec *d, keydec_emit_fn emit, keydec_report_fn report, void *ctx)
{
    memset(d, 0, sizeof *d);
    d->emit = emit;
    d->report = report;
    d->ctx = ctx;
}

static fm_key key(int code)
{
    return (fm_key){ code, 0 };
}

static fm_key chr(wchar_t c)
{
    return (fm_key){ FM_KEY_CHAR, c };
}

/* CSI with a numeric first parameter and final '~' (vt220, PuTTY, rxvt). */
static int tilde_key(int n)
{
    switch (n) {
    case 1: case 7: return FM_KEY_HOME;
    case 2: return FM_KEY_INS;
    case 3: return FM_KEY_DEL;
    case 4: case 8: return FM_KEY_END;
    case 5: return FM_KEY_PGUP;
    case 6: return FM_KEY_PGDN;
    case 11: case 12: case 13: case 14: case 15: return FM_KEY_F(n - 10);
    case 17: case 18: case 19: case 20: case 21: return FM_KEY_F(n - 11);
    case 23: case 24: return FM_KEY_F(n - 12);
    default: return FM_KEY_NONE;
    }
}

/* SS3 (ESC O x): cursor keys in application mode, PF1–PF4, and the vt100 numeric keypad in
 * application mode, which sends letters for its digits. */
static fm_key ss3_key(unsigned char c)
{
    switch (c) {
    case 'A': return key(FM_KEY_UP);
    case 'B': return key(FM_KEY_DOWN);
    case 'C': return key(FM_KEY_RIGHT);
    case 'D': return key(FM_KEY_LEFT);
    case 'H': return key(FM_KEY_HOME);
    case 'F': return key(FM_KEY_END);
    case 'P': case 'Q': case 'R': case 'S': return key(FM_KEY_F(c - 'P' + 1));
    case 'M': return key(FM_KEY_ENTER);
    case 'l': return chr(L',');
    case 'm': return chr(L'-');
    case 'n': return chr(L'.');
    case 'j': return chr(L'*');
    case 'k': return chr(L'+');
    case 'o': return chr(L'/');
    case 'X': return chr(L'=');
    default:
        if (c >= 'p' && c <= 'y')
            return chr((wchar_t)(L'0' + (c - 'p')));
        return key(FM_KEY_NONE);
    }
}

enum { NEED_MORE = 0, DONE = 1 };
enum { DROP_NONE = 0, DROP_STRING, DROP_CSI_TAIL };

/* Decodes a CSI sequence starting at b[0] == ESC, b[1] == '['. */
static int parse_csi(keydec *d, const unsigned char *b, size_t n, size_t *used, fm_key *out)
{
    if (n < 3)
        return NEED_MORE;
    if (b[2] == '[') {   /* Linux console F1–F5: ESC [ [ A..E */
        if (n < 4)
            return NEED_MORE;
        *used = 4;
        *out = b[3] >= 'A' && b[3] <= 'E' ? key(FM_KEY_F(b[3] - 'A' + 1)) : key(FM_KEY_NONE);
        return DONE;
    }
    int params[4] = { 0, 0, 0, 0 }, np = 0, have = 0;
    /* '<' '=' '>' '?' first mark a private sequence: only terminals' answers use them here
     * (device attributes, DEC cursor reports, mouse), never a key. */
    int private_marker = b[2] >= '<' && b[2] <= '?';
    /* Whatever the packets, a sequence without its final byte within this length is dropped at
     * exactly this length, so the same bytes always give the same keys. */
    const size_t longest = sizeof d->buf - 1;
    size_t i = 2;
    for (; i < n && i < longest; i++) {
        unsigned char c = b[i];
        if (c >= '0' && c <= '9') {
            if (np < 4 && params[np] < 10000)
                params[np] = params[np] * 10 + (c - '0');
            have = 1;
        } else if (c == ';') {
            if (np < 3)
                np++;
        } else if (c >= 0x20 && c <= 0x3f) {
            /* other parameter or intermediate bytes: carried, not used */
        } else {
            break;
        }
    }
    if (i == longest) {
        /* Longer than any key: an answer. Drop it, and the rest of it as it arrives. */
        *used = longest;
        *out = key(FM_KEY_NONE);
        d->dropping = DROP_CSI_TAIL;
        return DONE;
    }
    if (i >= n)
        return NEED_MORE;
    unsigned char final = b[i];
    *out = key(FM_KEY_NONE);
    if (final < 0x40 || final > 0x7e) {
        *used = i;   /* broken off by a control or a character: drop it, keep what broke it */
        return DONE;
    }
    *used = i + 1;
    if (private_marker)
        return DONE;
    switch (final) {
    case 'A': *out = key(FM_KEY_UP); break;
    case 'B': *out = key(FM_KEY_DOWN); break;
    case 'C': *out = key(FM_KEY_RIGHT); break;
    case 'D': *out = key(FM_KEY_LEFT); break;
    case 'H': *out = key(FM_KEY_HOME); break;
    case 'F': *out = key(FM_KEY_END); break;
    case 'Z': *out = key(FM_KEY_BTAB); break;
    case 'P': case 'Q': case 'S': *out = key(FM_KEY_F(final - 'P' + 1)); break;
    case 'R':
        if (d->expect_reports > 0 && np >= 1) {
            if (d->report)
                d->report(d->ctx, params[0], params[1]);
        } else if (np == 0 || (params[0] == 1 && params[1] >= 2 && params[1] <= 4)) {
            /* xterm's F3 with Shift or Alt (ESC[1;2R). With Ctrl (1;5) it would read like a
             * report of row 1 column 5, which is where the login probe leaves the cursor. */
            *out = key(FM_KEY_F(3));
        }
        /* otherwise a cursor-position report nobody waits for (a late probe answer) */
        break;
    case '~':
        if (have)
            *out = key(tilde_key(params[0]));
        break;
    default:
        break;   /* unknown final byte, or an answer (device attributes): consumed, ignored */
    }
    return DONE;
}

/* Inside a terminal's answer being dropped. A string (OSC, DCS, APC, PM) ends at BEL or ST
 * (ESC \, or U+009C); CAN or SUB cancel it; another ESC ends it and starts anew. The rest of
 * an overlong CSI ends with its final byte. */
static int drop_answer(keydec *d, const unsigned char *b, size_t n, int final, size_t *used)
{
    if (d->dropping == DROP_CSI_TAIL) {
        /* parameter and intermediate bytes, up to and with the final byte */
        size_t i = 0;
        while (i < n && b[i] >= 0x20 && b[i] <= 0x3f)
            i++;
        if (i < n) {
            d->dropping = DROP_NONE;
            if (b[i] >= 0x40 && b[i] <= 0x7e)
                i++;
        }
        *used = i;
        return DONE;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = b[i];
        if (c == 0x07 || c == 0x18 || c == 0x1a) {
            d->dropping = DROP_NONE;
            *used = i + 1;
            return DONE;
        }
        if (c != 0x1b && c != 0xc2)
            continue;
        if (i + 1 == n) {   /* the byte after it decides; wait for it at the front */
            if (i > 0) {
                *used = i;
                return DONE;
            }
            if (!final)
                return NEED_MORE;
            d->dropping = DROP_NONE;
            *used = 1;
            return DONE;
        }
        if (c == 0x1b) {
            d->dropping = DROP_NONE;
            *used = b[i + 1] == '\\' ? i + 2 : i;
            return DONE;
        }
        if (b[i + 1] == 0x9c) {
            d->dropping = DROP_NONE;
            *used = i + 2;
            return DONE;
        }
    }
    *used = n;
    return DONE;
}

/* Decodes what follows an ESC at b[0]. */
static int parse_escape(keydec *d, const unsigned char *b, size_t n, int final, size_t *used,
                        fm_key *out)
{
    if (n < 2) {
        if (!final)
            return NEED_MORE;
        *out = key(FM_KEY_ESC);
        return DONE;
    }
    unsigned char c2 = b[1];
    if (c2 == '[') {
        int r = parse_csi(d, b, n, used, out);
        if (r == NEED_MORE && final) {
            *used = n;   /* a broken sequence: drop it */
            return DONE;
        }
        return r;
    }
    if (c2 == 'O') {
        if (n < 3) {
            if (!final)
                return NEED_MORE;
            *used = n;
            return DONE;
        }
        *used = 3;
        *out = ss3_key(b[2]);
        return DONE;
    }
    /* String answers: OSC (colours, titles), APC, PM at once; DCS (ESC P) only when a
     * parameter byte follows, as every DCS answer has, so Esc then a typed P stays that. */
    int dcs = c2 == 'P' && n >= 3 && b[2] >= 0x20 && b[2] <= 0x3f;
    if (c2 == ']' || c2 == '_' || c2 == '^' || dcs) {
        *used = 2;
        d->dropping = DROP_STRING;
        return DONE;
    }
    if (c2 == 'P' && n < 3 && !final)
        return NEED_MORE;
    *used = 2;
    if (c2 >= '1' && c2 <= '9')
        *out = key(FM_KEY_F(c2 - '0'));
    else if (c2 == '0')
        *out = key(FM_KEY_F(10));
    else if (c2 == '-')
        *out = key(FM_KEY_F(11));
    else if (c2 == '=')
        *out = key(FM_KEY_F(12));
    else if (c2 == '\\')
        ;   /* a string terminator whose string was already dropped */
    else {
        /* Esc Esc, Alt+x or Esc then x: the Esc, then what follows on its own (so Esc, then an
         * F-key within the timer, is Esc then that F-key). */
        *used = 1;
        *out = key(FM_KEY_ESC);
    }
    return DONE;
}

/* Decodes one key from the front of the buffer. `final` means no more bytes will come for
 * this sequence (its timer ran out): a lone ESC is then the Esc key. */
static int parse_one(keydec *d, const unsigned char *b, size_t n, int final, size_t *used,
                     fm_key *out)
{
    unsigned char c = b[0];
    *out = key(FM_KEY_NONE);
    *used = 1;
    if (d->dropping)
        return drop_answer(d, b, n, final, used);
    if (c == 0x1b) {
        int r = parse_escape(d, b, n, final, used, out);
        if (r == DONE) {
            /* Esc Esc is one Esc, at once: the second only starts what may follow it. */
            if (d->esc_pair && out->code == FM_KEY_ESC)
                *out = key(FM_KEY_NONE);
            d->esc_pair = n >= 2 && b[1] == 0x1b && *used == 1;
        }
        return r;
    }
    if (c == '\r') {
        d->after_cr = 1;
        *out = key(FM_KEY_ENTER);
        return DONE;
    }
    if (c == '\n') {
        if (!d->after_cr)
            *out = key(FM_KEY_ENTER);
        d->after_cr = 0;
        return DONE;
    }
    d->after_cr = 0;
    if (c == '\t') {
        *out = key(FM_KEY_TAB);
        return DONE;
    }
    if (c == 0x7f || c == 0x08) {
        *out = key(FM_KEY_BKSP);
        return DONE;
    }
    if (c < 0x20) {
        if (c >= 1 && c <= 26)
            *out = (fm_key){ FM_KEY_CTRL, (wchar_t)('a' + c - 1) };
        return DONE;
    }
    wchar_t wc;
    int len = fm_utf8_decode(b, n, &wc);
    if (len == 0) {
        if (!final)
            return NEED_MORE;
        *used = n;    /* a character cut short for good: drop it */
        return DONE;
    }
    if (len < 0)
        return DONE;  /* an invalid byte: dropped, the next one starts afresh */
    *used = (size_t)len;
    if (wc == 0x90 || wc == 0x9d || wc == 0x9e || wc == 0x9f)
        d->dropping = DROP_STRING;   /* DCS, OSC, PM, APC as C1 controls */
    if (wc >= 0x80 && wc < 0xa0)
        return DONE;  /* C1 controls are not typed text */
    *out = chr(wc);
    return DONE;
}

static void drain(keydec *d, int final)
{
    size_t pos = 0;
    while (pos < d->len) {
        size_t used = 0;
        fm_key k;
        if (parse_one(d, d->buf + pos, d->len - pos, final, &used, &k) == NEED_MORE)
            break;
        pos += used;
        if (k.code != FM_KEY_NONE && d->emit)
            d->emit(d->ctx, k);
    }
    memmove(d->buf, d->buf + pos, d->len - pos);
    d->len -= pos;
}

void keydec_feed(keydec *d, const void *bytes, size_t n, int64_t now_ms)
{
    const unsigned char *p = bytes;
    while (n > 0) {
        size_t room = sizeof d->buf - d->len;
        size_t take = n < room ? n : room;
        if (d->len == 0)
            d->since_ms = now_ms;
        memcpy(d->buf + d->len, p, take);
        d->len += take;
        p += take;
        n -= take;
        size_t before = d->len;
        drain(d, 0);
        if (d->len == sizeof d->buf && d->len == before)
            drain(d, 1);   /* a full buffer that decodes to nothing is garbage: flush it */
        if ((d->len > 0 && d->len != before) || d->dropping)
            d->since_ms = now_ms;
    }
}

int64_t keydec_deadline(const keydec *d)
{
    return d->len || d->dropping ? d->since_ms + KEYDEC_ESC_TIMEOUT_MS : -1;
}

void keydec_tick(keydec *d, int64_t now_ms)
{
    if ((d->len || d->dropping) && now_ms >= d->since_ms + KEYDEC_ESC_TIMEOUT_MS) {
        drain(d, 1);
        d->dropping = DROP_NONE;   /* a string answer cut short for good ends here */
    }
}
