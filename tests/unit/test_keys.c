/* Unit tests of the per-session key decoder: what each terminal sends for each key, Esc
 * followed by a digit, the Esc timer, CR/LF, BS/DEL, UTF-8 split across reads, invalid bytes,
 * cursor-position reports, terminal answers dropped whole; and of the bounded output queue. */
#include "tui/terminal/keys.h"
#include "tui/terminal/outq.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#define MAX_KEYS 64

typedef struct collected {
    fm_key keys[MAX_KEYS];
    int n;
    int report_row, report_col, reports;
} collected;

static void collect(void *ctx, fm_key k)
{
    collected *c = ctx;
    if (c->n < MAX_KEYS)
        c->keys[c->n++] = k;
}

static void collect_report(void *ctx, int row, int col)
{
    collected *c = ctx;
    c->report_row = row;
    c->report_col = col;
    c->reports++;
}

/* Feeds bytes at time 0 and returns the decoder (for timers) and what came out. */
static void feed(keydec *d, collected *c, const char *bytes, size_t n, int64_t at)
{
    keydec_feed(d, bytes, n, at);
    (void)c;
}

static void decode_one(const char *bytes, size_t n, int code, wchar_t ch)
{
    collected c = { 0 };
    keydec d;
    keydec_init(&d, collect, collect_report, &c);
    feed(&d, &c, bytes, n, 0);
    if (c.n == 0)
        keydec_tick(&d, KEYDEC_ESC_TIMEOUT_MS);
    if (c.n != 1 || c.keys[0].code != code || (ch && c.keys[0].ch != ch)) {
        fprintf(stderr, "# bytes:");
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, " %02x", (unsigned char)bytes[i]);
        fprintf(stderr, " -> %d keys, first code %d ch %d; want code %d ch %d\n", c.n,
                c.n ? c.keys[0].code : -1, c.n ? (int)c.keys[0].ch : -1, code, (int)ch);
    }
    assert_int_equal(c.n, 1);
    assert_int_equal(c.keys[0].code, code);
    if (ch)
        assert_int_equal(c.keys[0].ch, ch);
}

#define ONE(s, code) decode_one(s, sizeof(s) - 1, code, 0)
#define ONE_CH(s, code, ch) decode_one(s, sizeof(s) - 1, code, ch)

static void test_function_keys_by_terminal(void **state)
{
    (void)state;
    /* xterm / vt100 PF keys */
    ONE("\033OP", FM_KEY_F(1));
    ONE("\033OQ", FM_KEY_F(2));
    ONE("\033OR", FM_KEY_F(3));
    ONE("\033OS", FM_KEY_F(4));
    ONE("\033[15~", FM_KEY_F(5));
    ONE("\033[17~", FM_KEY_F(6));
    ONE("\033[18~", FM_KEY_F(7));
    ONE("\033[19~", FM_KEY_F(8));
    ONE("\033[20~", FM_KEY_F(9));
    ONE("\033[21~", FM_KEY_F(10));
    ONE("\033[23~", FM_KEY_F(11));
    ONE("\033[24~", FM_KEY_F(12));
    /* PuTTY's default ESC[n~ F1-F4 */
    ONE("\033[11~", FM_KEY_F(1));
    ONE("\033[12~", FM_KEY_F(2));
    ONE("\033[13~", FM_KEY_F(3));
    ONE("\033[14~", FM_KEY_F(4));
    /* Linux console */
    ONE("\033[[A", FM_KEY_F(1));
    ONE("\033[[B", FM_KEY_F(2));
    ONE("\033[[E", FM_KEY_F(5));
    /* xterm with modifiers: Shift-F1 is still F1 here */
    ONE("\033[1;2P", FM_KEY_F(1));
}

static void test_esc_digit(void **state)
{
    (void)state;
    ONE("\0331", FM_KEY_F(1));
    ONE("\0333", FM_KEY_F(3));
    ONE("\0339", FM_KEY_F(9));
    ONE("\0330", FM_KEY_F(10));
    ONE("\033-", FM_KEY_F(11));
    ONE("\033=", FM_KEY_F(12));
    /* Esc, then the digit in a later packet, before the timer: still an F-key. */
    collected c = { 0 };
    keydec d;
    keydec_init(&d, collect, NULL, &c);
    keydec_feed(&d, "\033", 1, 1000);
    assert_int_equal(c.n, 0);
    assert_int_equal(keydec_deadline(&d), 1000 + KEYDEC_ESC_TIMEOUT_MS);
    keydec_tick(&d, 1000 + KEYDEC_ESC_TIMEOUT_MS - 1);
    assert_int_equal(c.n, 0);
    keydec_feed(&d, "3", 1, 1500);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.keys[0].code, FM_KEY_F(3));
    assert_int_equal(keydec_deadline(&d), -1);
}

static void test_lone_esc_after_timer(void **state)
{
    (void)state;
    collected c = { 0 };
    keydec d;
    keydec_init(&d, collect, NULL, &c);
    keydec_feed(&d, "\033", 1, 0);
    assert_int_equal(c.n, 0);
    keydec_tick(&d, KEYDEC_ESC_TIMEOUT_MS);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.keys[0].code, FM_KEY_ESC);
    /* Esc Esc is one Esc at once; Esc x is Esc then x. */
    ONE("\033\033", FM_KEY_ESC);
    c.n = 0;
    keydec_init(&d, collect, NULL, &c);
    keydec_feed(&d, "\033x", 2, 0);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.keys[0].code, FM_KEY_ESC);
    assert_int_equal(c.keys[1].code, FM_KEY_CHAR);
    assert_int_equal(c.keys[1].ch, L'x');
}

static void test_cursor_and_editing_keys(void **state)
{
    (void)state;
    ONE("\033[A", FM_KEY_UP);
    ONE("\033[B", FM_KEY_DOWN);
    ONE("\033[C", FM_KEY_RIGHT);
    ONE("\033[D", FM_KEY_LEFT);
    ONE("\033OA", FM_KEY_UP);     /* application cursor mode */
    ONE("\033[H", FM_KEY_HOME);
    ONE("\033[F", FM_KEY_END);
    ONE("\033[1~", FM_KEY_HOME);  /* vt220 / PuTTY */
    ONE("\033[4~", FM_KEY_END);
    ONE("\033[2~", FM_KEY_INS);
    ONE("\033[3~", FM_KEY_DEL);
    ONE("\033[5~", FM_KEY_PGUP);
    ONE("\033[6~", FM_KEY_PGDN);
    ONE("\033[Z", FM_KEY_BTAB);
    ONE("\t", FM_KEY_TAB);
    ONE("\177", FM_KEY_BKSP);
    ONE("\b", FM_KEY_BKSP);
    ONE_CH("\001", FM_KEY_CTRL, L'a');
    ONE_CH("\025", FM_KEY_CTRL, L'u');
}

static void test_vt100_keypad(void **state)
{
    (void)state;
    ONE_CH("\033Op", FM_KEY_CHAR, L'0');
    ONE_CH("\033Oy", FM_KEY_CHAR, L'9');
    ONE_CH("\033Om", FM_KEY_CHAR, L'-');
    ONE_CH("\033On", FM_KEY_CHAR, L'.');
    ONE("\033OM", FM_KEY_ENTER);
}

static void test_enter_cr_lf(void **state)
{
    (void)state;
    ONE("\r", FM_KEY_ENTER);
    ONE("\n", FM_KEY_ENTER);
    ONE("\r\n", FM_KEY_ENTER);   /* CR LF is one Enter */
    collected c = { 0 };
    keydec d;
    keydec_init(&d, collect, NULL, &c);
    keydec_feed(&d, "\r", 1, 0);
    keydec_feed(&d, "\n", 1, 5);   /* the LF of a CR LF in the next packet */
    keydec_feed(&d, "\r\r", 2, 10);
    assert_int_equal(c.n, 3);
}

static void test_utf8(void **state)
{
    (void)state;
    ONE_CH("\xe5\xbc\xa0", FM_KEY_CHAR, L'张');
    ONE_CH("\xf0\xa0\x80\x80", FM_KEY_CHAR, (wchar_t)0x20000);
    /* A character split across two reads arrives whole, once. */
    collected c = { 0 };
    keydec d;
    keydec_init(&d, collect, NULL, &c);
    keydec_feed(&d, "a\xe4\xb8", 3, 0);
    assert_int_equal(c.n, 1);
    keydec_feed(&d, "\xad" "b", 2, 10);
    assert_int_equal(c.n, 3);
    assert_int_equal(c.keys[1].ch, L'中');
    assert_int_equal(c.keys[2].ch, L'b');
    /* An invalid byte is dropped without eating the next character. */
    c.n = 0;
    keydec_init(&d, collect, NULL, &c);
    keydec_feed(&d, "\xff\xe4\xb8\xad\x80x", 6, 0);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.keys[0].ch, L'中');
    assert_int_equal(c.keys[1].ch, L'x');
    /* A lead byte cut short for good is dropped when the timer runs out. */
    c.n = 0;
    keydec_init(&d, collect, NULL, &c);
    keydec_feed(&d, "\xe4", 1, 0);
    keydec_tick(&d, KEYDEC_ESC_TIMEOUT_MS);
    assert_int_equal(c.n, 0);
    assert_int_equal(keydec_deadline(&d), -1);
}

static void test_sequence_split_and_garbage(void **state)
{
    (void)state;
    collected c = { 0 };
    keydec d;
    keydec_init(&d, collect, NULL, &c);
    keydec_feed(&d, "\033[", 2, 0);
    keydec_feed(&d, "1", 1, 100);
    keydec_feed(&d, "5~", 2, 200);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.keys[0].code, FM_KEY_F(5));
    /* An unknown sequence is swallowed whole, not typed as text. */
    c.n = 0;
    keydec_feed(&d, "\033[99~z", 6, 300);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.keys[0].ch, L'z');
    /* A sequence that never ends is flushed when the buffer fills. */
    c.n = 0;
    char junk[200];
    junk[0] = 033;
    junk[1] = '[';
    memset(junk + 2, '1', sizeof junk - 2);
    keydec_feed(&d, junk, sizeof junk, 400);
    keydec_tick(&d, 400 + KEYDEC_ESC_TIMEOUT_MS);
    assert_int_equal(keydec_deadline(&d), -1);
    c.n = 0;
    keydec_feed(&d, "q", 1, 2000);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.keys[0].ch, L'q');
}

static void test_cursor_report(void **state)
{
    (void)state;
    collected c = { 0 };
    keydec d;
    keydec_init(&d, collect, collect_report, &c);
    d.expect_reports = 1;
    keydec_feed(&d, "\033[12;40R", 8, 0);
    assert_int_equal(c.reports, 1);
    assert_int_equal(c.report_row, 12);
    assert_int_equal(c.report_col, 40);
    assert_int_equal(c.n, 0);
    /* Without a probe waiting it is xterm's Shift-F3. */
    d.expect_reports = 0;
    keydec_feed(&d, "\033[1;2R", 6, 0);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.keys[0].code, FM_KEY_F(3));
}

/* Feeds each packet at its time, running the timer as the session does, then lets the Esc
 * timer run out, and returns the number of keys. */
static int decode_packets(collected *c, const char *const *packets, const int64_t *at,
                          int expect_reports)
{
    keydec d;
    memset(c, 0, sizeof *c);
    keydec_init(&d, collect, collect_report, c);
    d.expect_reports = expect_reports;
    int64_t last = 0;
    for (int i = 0; packets[i]; i++) {
        keydec_tick(&d, at[i]);
        keydec_feed(&d, packets[i], strlen(packets[i]), at[i]);
        last = at[i];
    }
    keydec_tick(&d, last + KEYDEC_ESC_TIMEOUT_MS);
    assert_int_equal(keydec_deadline(&d), -1);
    return c->n;
}

/* What a terminal answers on its own or late (cursor position, device attributes, OSC and
 * DCS strings) is never a key: dropped whole, with the typing around it kept. */
static void test_terminal_answers_dropped(void **state)
{
    (void)state;
    static const char *const answers[] = {
        "\033[12;40R",                       /* a cursor-position report arriving late */
        "\033[1;5R",                         /* ... on row 1, after the probe's "中文" */
        "\033[24;80R",
        "\033[?12;40R",                      /* DEC extended cursor-position report */
        "\033[?1;2c",                        /* primary device attributes (vt100) */
        "\033[?64;1;2;6;9;15;18;21;22c",     /* ... of a vt420-class terminal */
        "\033[>0;276;0c",                    /* secondary device attributes (xterm) */
        "\033[>41;354;0c",
        "\033]11;rgb:0000/0000/0000\007",    /* OSC colour answer ended by BEL */
        "\033]10;rgb:ffff/ffff/ffff\033\\",  /* ... ended by ST */
        "\033]l\033\\",                      /* an empty window-title report */
        "\033P1$r0m\033\\",                  /* DCS: DECRQSS answer */
        "\033P>|xterm(388)\033\\",           /* DCS: XTVERSION */
        "\033P!|00000000\033\\",             /* DCS: tertiary device attributes */
        "\033_Gi=1;OK\033\\",                /* APC: a graphics answer */
        "\033\\",                            /* a string terminator left on its own */
    };
    for (size_t i = 0; i < sizeof answers / sizeof *answers; i++) {
        char buf[128];
        snprintf(buf, sizeof buf, "a%sb", answers[i]);
        const char *const packets[] = { buf, NULL };
        const int64_t at[] = { 0 };
        collected c;
        int n = decode_packets(&c, packets, at, 0);
        if (n != 2)
            fprintf(stderr, "# answer %zu gave %d keys\n", i, n);
        assert_int_equal(n, 2);
        assert_int_equal(c.keys[0].code, FM_KEY_CHAR);
        assert_int_equal(c.keys[0].ch, L'a');
        assert_int_equal(c.keys[1].code, FM_KEY_CHAR);
        assert_int_equal(c.keys[1].ch, L'b');
        assert_int_equal(c.reports, 0);
    }
}

/* Packets fed at their times (NULL ends them), and the keys that must come out (code, and the
 * character when not 0). */
typedef struct key_case {
    const char *packets[4];
    int64_t at[4];
    int n;
    fm_key want[4];
} key_case;

static void check_cases(const key_case *cases, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        collected c;
        int n = decode_packets(&c, cases[i].packets, cases[i].at, 0);
        if (n != cases[i].n)
            fprintf(stderr, "# case %zu gave %d keys\n", i, n);
        assert_int_equal(n, cases[i].n);
        for (int k = 0; k < n; k++) {
            assert_int_equal(c.keys[k].code, cases[i].want[k].code);
            if (cases[i].want[k].ch)
                assert_int_equal(c.keys[k].ch, cases[i].want[k].ch);
        }
    }
}

#define CHR(c) { FM_KEY_CHAR, c }
#define KEY(k) { k, 0 }

/* A string answer split across packets, longer than the decoder's buffer, or cut short, is
 * still dropped whole; the key after it is kept. */
static void test_terminal_strings_split_and_long(void **state)
{
    (void)state;
    static char osc52[600], da[300];
    memset(osc52, 'A', sizeof osc52 - 1);
    memcpy(osc52, "\033]52;c;", 7);
    strcpy(da, "a\033[?64");   /* device attributes longer than any key sequence */
    for (int i = 0; i < 60; i++)
        strcat(da, ";1");
    const key_case cases[] = {
        { { "x\033]11;rgb:00", "00/0000/0000\033", "\\y", NULL }, { 0, 5, 10 }, 2,
          { CHR(L'x'), CHR(L'y') } },
        { { osc52, "QUFB\007", "\033OR", NULL }, { 0, 5, 10 }, 1, { KEY(FM_KEY_F(3)) } },
        { { da, ";22cb", NULL }, { 0, 5 }, 2, { CHR(L'a'), CHR(L'b') } },
        /* a DCS that never ends times out, and typing afterwards is typing again */
        { { "\033P1$r0m", "z", NULL }, { 0, 5000 }, 1, { CHR(L'z') } },
        /* an answer ended by the next sequence: the string is dropped, the key is kept */
        { { "\033]11;rgb:0/0/0\033[A", NULL }, { 0 }, 1, { KEY(FM_KEY_UP) } },
    };
    check_cases(cases, sizeof cases / sizeof *cases);
}

/* Esc pressed, then an F-key within the Esc timer: Esc, then that F-key (not "OR" typed). */
static void test_esc_then_function_key(void **state)
{
    (void)state;
    const key_case cases[] = {
        { { "\033", "\033OR", NULL }, { 0, 300 }, 2, { KEY(FM_KEY_ESC), KEY(FM_KEY_F(3)) } },
        { { "\033\033[15~", NULL }, { 0 }, 2, { KEY(FM_KEY_ESC), KEY(FM_KEY_F(5)) } },
        /* Esc, then a late cursor report: only the Esc */
        { { "\033", "\033[12;40R", NULL }, { 0, 100 }, 1, { KEY(FM_KEY_ESC) } },
        /* Esc then a typed capital P is not a DCS answer: no parameter byte follows */
        { { "\033P", "x", NULL }, { 0, 100 }, 3, { KEY(FM_KEY_ESC), CHR(L'P'), CHR(L'x') } },
        /* Esc Esc is still one Esc, at once and after the timer */
        { { "\033\033", NULL }, { 0 }, 1, { KEY(FM_KEY_ESC) } },
    };
    check_cases(cases, sizeof cases / sizeof *cases);
}

/* While the login probe waits, its answers still reach the session, split or not. */
static void test_probe_reports_split(void **state)
{
    (void)state;
    collected c;
    const char *const packets[] = { "\033[3;", "5R\033[3", ";9R", NULL };
    const int64_t at[] = { 0, 10, 20 };
    assert_int_equal(decode_packets(&c, packets, at, 1), 0);
    assert_int_equal(c.reports, 2);
    assert_int_equal(c.report_row, 3);
    assert_int_equal(c.report_col, 9);
}

static void test_outq_bound(void **state)
{
    (void)state;
    outq q;
    outq_init(&q);
    static char block[4096];
    memset(block, 'x', sizeof block);
    size_t pushed = 0;
    while (outq_push(&q, block, sizeof block) == 0)
        pushed += sizeof block;
    assert_true(pushed <= OUTQ_LIMIT);
    assert_true(pushed > OUTQ_LIMIT - sizeof block);
    assert_int_equal(outq_pending(&q), pushed);
    /* A partial write takes some; the rest stays in order. */
    outq_consume(&q, 100);
    assert_int_equal(outq_pending(&q), pushed - 100);
    assert_int_equal(outq_push(&q, "abc", 3), 0);
    outq_consume(&q, pushed - 100);
    assert_int_equal(outq_pending(&q), 3);
    assert_memory_equal(outq_peek(&q), "abc", 3);
    outq_free(&q);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_function_keys_by_terminal),
        cmocka_unit_test(test_esc_digit),
        cmocka_unit_test(test_lone_esc_after_timer),
        cmocka_unit_test(test_cursor_and_editing_keys),
        cmocka_unit_test(test_vt100_keypad),
        cmocka_unit_test(test_enter_cr_lf),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_sequence_split_and_garbage),
        cmocka_unit_test(test_cursor_report),
        cmocka_unit_test(test_terminal_answers_dropped),
        cmocka_unit_test(test_terminal_strings_split_and_long),
        cmocka_unit_test(test_esc_then_function_key),
        cmocka_unit_test(test_probe_reports_split),
        cmocka_unit_test(test_outq_bound),
    };
    return cmocka_run_group_tests_name("keys", tests, NULL, NULL);
}
