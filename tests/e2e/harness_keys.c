/* End-to-end test harness (see harness.h): key specs. A spec such as "Esc 1 'text' F3
 * putty:F1" is checked whole, encoded as the named terminal would send it (cursor keys follow
 * the screen's application mode), and written to the session. */
#include "tests/e2e/harness_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Key specs ------------------------------------------------------------------------------- */

enum keyset { KEYS_XTERM, KEYS_PUTTY, KEYS_LINUX, KEYS_VT100 };

static const char *const fkeys[4][12] = {
    [KEYS_XTERM] = {"\033OP", "\033OQ", "\033OR", "\033OS", "\033[15~", "\033[17~",
                    "\033[18~", "\033[19~", "\033[20~", "\033[21~", "\033[23~", "\033[24~"},
    [KEYS_PUTTY] = {"\033[11~", "\033[12~", "\033[13~", "\033[14~", "\033[15~", "\033[17~",
                    "\033[18~", "\033[19~", "\033[20~", "\033[21~", "\033[23~", "\033[24~"},
    [KEYS_LINUX] = {"\033[[A", "\033[[B", "\033[[C", "\033[[D", "\033[[E", "\033[17~",
                    "\033[18~", "\033[19~", "\033[20~", "\033[21~", "\033[23~", "\033[24~"},
    [KEYS_VT100] = {"\033OP", "\033OQ", "\033OR", "\033OS"},
};

static const struct {
    const char *name;
    const char *bytes;
} plain_keys[] = {
    {"Esc", "\033"},     {"Tab", "\t"},      {"BTab", "\033[Z"},  {"Enter", "\r"},
    {"Bksp", "\177"},    {"Ins", "\033[2~"}, {"Del", "\033[3~"},  {"PgUp", "\033[5~"},
    {"PgDn", "\033[6~"},
};

static const struct {
    const char *name;
    char final;          /* CSI x in normal mode, SS3 x in application cursor mode */
    const char *vt_alt;  /* putty and linux Home/End: fixed sequences */
} cursor_keys[] = {
    {"Up", 'A', NULL},  {"Down", 'B', NULL},         {"Right", 'C', NULL},
    {"Left", 'D', NULL}, {"Home", 'H', "\033[1~"}, {"End", 'F', "\033[4~"},
};

/* Encodes one unquoted key word. Returns 0, or -1 with a message in *why. */
static int encode_word(const char *word, size_t len, int app_cursor, bytes *out, char **why)
{
    enum keyset set = KEYS_XTERM;
    const char *colon = memchr(word, ':', len);
    if (colon) {
        size_t plen = (size_t)(colon - word);
        if (plen == 5 && memcmp(word, "xterm", 5) == 0)
            set = KEYS_XTERM;
        else if (plen == 5 && memcmp(word, "putty", 5) == 0)
            set = KEYS_PUTTY;
        else if (plen == 5 && memcmp(word, "linux", 5) == 0)
            set = KEYS_LINUX;
        else if (plen == 5 && memcmp(word, "vt100", 5) == 0)
            set = KEYS_VT100;
        else {
            *why = xasprintf("unknown terminal \"%.*s\" (xterm, putty, linux, vt100)",
                             (int)plen, word);
            return -1;
        }
        len -= plen + 1;
        word = colon + 1;
    }
    char name[16];
    if (len == 0 || len >= sizeof name)
        goto unknown;
    memcpy(name, word, len);
    name[len] = '\0';

    if (name[0] == 'F' && len <= 3 && name[1] >= '1' && name[1] <= '9' &&
        (len == 2 || (name[2] >= '0' && name[2] <= '9'))) {
        int n = atoi(name + 1);
        if (n < 1 || n > 12)
            goto unknown;
        if (!fkeys[set][n - 1]) {
            *why = xasprintf("a vt100 has no %s", name);
            return -1;
        }
        bytes_add(out, fkeys[set][n - 1], strlen(fkeys[set][n - 1]));
        return 0;
    }
    for (size_t i = 0; i < sizeof cursor_keys / sizeof cursor_keys[0]; i++) {
        if (strcmp(name, cursor_keys[i].name) != 0)
            continue;
        if (cursor_keys[i].vt_alt && set == KEYS_VT100) {
            *why = xasprintf("a vt100 has no %s key", name);
            return -1;
        }
        if (cursor_keys[i].vt_alt && (set == KEYS_PUTTY || set == KEYS_LINUX)) {
            bytes_add(out, cursor_keys[i].vt_alt, strlen(cursor_keys[i].vt_alt));
            return 0;
        }
        char seq[3] = {'\033', app_cursor ? 'O' : '[', cursor_keys[i].final};
        bytes_add(out, seq, sizeof seq);
        return 0;
    }
    for (size_t i = 0; i < sizeof plain_keys / sizeof plain_keys[0]; i++) {
        if (strcmp(name, plain_keys[i].name) != 0)
            continue;
        if (set == KEYS_VT100 && plain_keys[i].bytes[1] == '[') {
            *why = xasprintf("a vt100 has no %s key", name);
            return -1;
        }
        bytes_add(out, plain_keys[i].bytes, strlen(plain_keys[i].bytes));
        return 0;
    }
    if (len == 3 && name[0] == 'C' && name[1] == '-' &&
        ((name[2] >= 'a' && name[2] <= 'z') || (name[2] >= 'A' && name[2] <= 'Z'))) {
        char c = (char)((name[2] | 0x20) - 'a' + 1);
        bytes_add(out, &c, 1);
        return 0;
    }
    if (!colon && strspn(name, "0123456789") == len) {
        bytes_add(out, name, len);
        return 0;
    }
unknown:
    *why = xasprintf("unknown key \"%.*s\" (text must be quoted)", (int)len, word);
    return -1;
}

/* Encodes the next token of *spec into out and moves *spec past it. Returns 1 when a token was
 * encoded, 0 at the end, -1 on an error (message in *why). */
static int next_token(const char **spec, int app_cursor, bytes *out, char **why)
{
    const char *p = *spec;
    while (*p == ' ')
        p++;
    if (!*p) {
        *spec = p;
        return 0;
    }
    if (*p == '"') {
        const char *start = p++;
        for (;; p++) {
            if (*p == '\0') {
                *why = xasprintf("unterminated quote at: %s", start);
                return -1;
            }
            if (*p == '"')
                break;
            if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
                p++;
            bytes_add(out, p, 1);
        }
        p++;
        if (*p && *p != ' ') {
            *why = xasprintf("a space must follow a closing quote, at: %s", start);
            return -1;
        }
        *spec = p;
        return 1;
    }
    const char *start = p;
    while (*p && *p != ' ')
        p++;
    if (encode_word(start, (size_t)(p - start), app_cursor, out, why) != 0)
        return -1;
    *spec = p;
    return 1;
}

/* Whether the screen has switched the cursor keys to application mode (DECCKM), asked of the
 * emulator itself: it sends ESC O A for Up exactly when xterm would. */
static int app_cursor_mode(bmt_term *t)
{
    bytes probe = {0};
    t->capture = &probe;
    vterm_keyboard_key(t->vt, VTERM_KEY_UP, VTERM_MOD_NONE);
    t->capture = NULL;
    int app = probe.n >= 2 && probe.p[1] == 'O';
    bytes_free(&probe);
    return app;
}

static int send_keys(bmt_term *t, const char *spec, int slow, int gap_ms)
{
    if (!t || !spec) {
        note("bmt_send_keys: no terminal or no spec");
        return -1;
    }
    int app = app_cursor_mode(t);
    /* The whole spec is checked before anything is sent: a typo sends nothing. */
    bytes all = {0};
    char *why = NULL;
    const char *p = spec;
    int r;
    while ((r = next_token(&p, app, &all, &why)) == 1) {
    }
    if (r < 0) {
        note("bmt_send_keys: %s; in spec: %s", why, spec);
        free(why);
        bytes_free(&all);
        return -1;
    }
    if (!slow) {
        encode_typed(t, &all);
        r = term_write(t, all.p, all.n);
        bytes_free(&all);
        return r;
    }
    bytes_free(&all);
    p = spec;
    int first = 1;
    for (;;) {
        bytes one = {0};
        r = next_token(&p, app, &one, &why);
        if (r == 1 && !first)
            bmt_pump(gap_ms);
        if (r == 1) {
            encode_typed(t, &one);
            r = term_write(t, one.p, one.n) == 0 ? 1 : -1;
        }
        bytes_free(&one);
        first = 0;
        if (r != 1) {
            free(why);
            return r;
        }
    }
}

int bmt_send_keys(bmt_term *t, const char *spec)
{
    return send_keys(t, spec, 0, 0);
}

int bmt_send_keys_slow(bmt_term *t, const char *spec, int gap_ms)
{
    return send_keys(t, spec, 1, gap_ms);
}

int bmt_send_raw(bmt_term *t, const void *data, size_t n)
{
    if (!t)
        return -1;
    return term_write(t, data, n);
}
