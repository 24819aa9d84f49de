/* Tests of the e2e harness itself: key specs become the exact bytes a terminal sends, typos are
 * refused, the emulator's screen text handles double-width Chinese and line drawing, cursor and
 * attributes read back, the emulator answers the server's queries, key pairs load; and one
 * round trip through the real server (start, log in as clerk, see a screen, stop cleanly). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <libssh/libssh.h>

#include "tests/e2e/harness.h"

/* The bytes a spec sends from an offline terminal (in the cursor mode set by setup_bytes). */
static char *sent_for(const char *setup_bytes, const char *spec, int *rc)
{
    bmt_term *t = bmt_term_offline(80, 24);
    if (setup_bytes)
        bmt_feed(t, setup_bytes, strlen(setup_bytes));
    const char *before;
    size_t n0 = bmt_sent_bytes(t, &before);
    *rc = bmt_send_keys(t, spec);
    const char *all;
    size_t n = bmt_sent_bytes(t, &all);
    char *out = strndup(all + n0, n - n0);
    bmt_close(t);
    return out;
}

static void assert_keys(const char *setup_bytes, const char *spec, const char *expected)
{
    int rc;
    char *got = sent_for(setup_bytes, spec, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(got, expected);
    free(got);
}

static void test_keys_xterm(void **state)
{
    (void)state;
    assert_keys(NULL, "F1 F2 F3 F4", "\033OP\033OQ\033OR\033OS");
    assert_keys(NULL, "F5 F6 F7 F8 F9 F10 F11 F12",
                "\033[15~\033[17~\033[18~\033[19~\033[20~\033[21~\033[23~\033[24~");
    assert_keys(NULL, "Esc 3 Esc 0", "\0333\0330");
    assert_keys(NULL, "Tab BTab Enter Bksp", "\t\033[Z\r\177");
    assert_keys(NULL, "Up Down Right Left Home End", "\033[A\033[B\033[C\033[D\033[H\033[F");
    assert_keys(NULL, "PgUp PgDn Ins Del", "\033[5~\033[6~\033[2~\033[3~");
    assert_keys(NULL, "C-a C-z C-C", "\001\032\003");
    assert_keys(NULL, "12 \"zs\"", "12zs");
}

static void test_keys_quoted_text(void **state)
{
    (void)state;
    assert_keys(NULL, "\"张三 李四\" Enter", "张三 李四\r");
    assert_keys(NULL, "\"say \\\"hi\\\"\" \"a\\\\b\"", "say \"hi\"a\\b");
    assert_keys(NULL, "  \"\"  Tab  ", "\t");
}

static void test_keys_follow_application_cursor_mode(void **state)
{
    (void)state;
    /* ncurses' keypad() sends smkx (ESC[?1h ESC=); xterm then sends SS3 cursor keys. */
    assert_keys("\033[?1h\033=", "Up Down Right Left Home End",
                "\033OA\033OB\033OC\033OD\033OH\033OF");
    assert_keys("\033[?1h\033[?1l", "Up", "\033[A");
}

static void test_keys_other_terminals(void **state)
{
    (void)state;
    assert_keys(NULL, "putty:F1 putty:F4 putty:F5 putty:Home putty:End",
                "\033[11~\033[14~\033[15~\033[1~\033[4~");
    assert_keys(NULL, "linux:F1 linux:F5 linux:F6 linux:Home",
                "\033[[A\033[[E\033[17~\033[1~");
    assert_keys(NULL, "vt100:F1 vt100:F4 xterm:F1", "\033OP\033OS\033OP");
}

static void test_keys_typos_are_refused_and_send_nothing(void **state)
{
    (void)state;
    const char *bad[] = {
        "F2 Etner",         /* misspelt key */
        "Enter hello",      /* unquoted text */
        "F13",              /* no such key */
        "F0",
        "f1",               /* key names are case-sensitive */
        "vt100:F5",         /* a vt100 has no F5 */
        "vt100:PgUp",
        "wyse:F1",          /* unknown terminal */
        "\"open quote",
        "\"a\"b",           /* text glued to a quote */
        "C-1",
        "putty:3",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc;
        char *got = sent_for(NULL, bad[i], &rc);
        if (rc != -1 || *got)
            print_error("spec \"%s\" gave %d, sent %zu bytes\n", bad[i], rc, strlen(got));
        assert_int_equal(rc, -1);
        assert_string_equal(got, "");
        free(got);
    }
}

static void test_keys_slow_sends_the_same_bytes(void **state)
{
    (void)state;
    bmt_term *t = bmt_term_offline(80, 24);
    assert_int_equal(bmt_send_keys_slow(t, "Esc 1 \"ab\" F3", 10), 0);
    const char *sent;
    size_t n = bmt_sent_bytes(t, &sent);
    assert_int_equal(n, 7);
    assert_memory_equal(sent, "\0331ab\033OR", 7);
    assert_int_equal(bmt_send_keys_slow(t, "Esc nonsense", 10), -1);
    assert_int_equal(bmt_sent_bytes(t, NULL), 7);
    bmt_close(t);
}

static void feed(bmt_term *t, const char *s)
{
    bmt_feed(t, s, strlen(s));
}

static void test_screen_text_wide_characters_and_frame(void **state)
{
    (void)state;
    bmt_term *t = bmt_term_offline(20, 5);
    /* Row 0: a DEC line-drawing frame top; row 1: Chinese between frame sides; row 2: a
     * Unicode frame bottom; row 3: text after trailing blanks; row 4 left empty. */
    feed(t, "\033[H\033[2J\033(0lqqqqk\033(B\r\n");
    feed(t, "\033(0x\033(B中文\033(0x\033(B\r\n");
    feed(t, "└────┘\r\n");
    feed(t, "ab   ");
    char *text = bmt_screen_text(t);
    assert_string_equal(text, "┌────┐\n│中文│\n└────┘\nab\n");
    free(text);

    char *row = bmt_screen_row(t, 1);
    assert_string_equal(row, "│中文│");
    free(row);
    assert_null(bmt_screen_row(t, 5));
    assert_null(bmt_screen_row(t, -1));

    /* 中 and 文 take two cells each, so the right side sits in column 5 and the cursor
     * column counts cells, not characters. */
    int row_n, col_n;
    assert_int_equal(bmt_cursor(t, &row_n, &col_n), 0);
    assert_int_equal(row_n, 3);
    assert_int_equal(col_n, 5);
    feed(t, "\033[2;8H!");
    row = bmt_screen_row(t, 1);
    assert_string_equal(row, "│中文│ !");
    free(row);
    bmt_close(t);
}

static void test_screen_overwriting_half_a_wide_character(void **state)
{
    (void)state;
    bmt_term *t = bmt_term_offline(10, 2);
    feed(t, "中文\033[1;2Hx");
    char *row = bmt_screen_row(t, 0);
    /* xterm would blank 中 when its right half is overwritten; libvterm 0.1.4 keeps it in the
     * left cell. The text shows each cell once, whatever the emulator decided: no stray bytes,
     * no half characters. (A server that depends on either behaviour has a bug.) */
    assert_string_equal(row, "中x文");
    free(row);
    bmt_close(t);
}

static void test_cursor_and_reverse_attribute(void **state)
{
    (void)state;
    bmt_term *t = bmt_term_offline(80, 24);
    feed(t, "\033[24;1H\033[7m错误: 必填\033[0m ok\033[5;10H");
    int row, col, reverse, bold;
    assert_int_equal(bmt_cursor(t, &row, &col), 0);
    assert_int_equal(row, 4);
    assert_int_equal(col, 9);
    assert_int_equal(bmt_cell_attr(t, 23, 0, &reverse, &bold), 0);
    assert_int_equal(reverse, 1);
    assert_int_equal(bold, 0);
    /* "错误: 必填" is 10 cells; the cell after the blank that follows is not reverse. */
    assert_int_equal(bmt_cell_attr(t, 23, 9, &reverse, &bold), 0);
    assert_int_equal(reverse, 1);
    assert_int_equal(bmt_cell_attr(t, 23, 11, &reverse, &bold), 0);
    assert_int_equal(reverse, 0);
    feed(t, "\033[1mB\033[0m");
    assert_int_equal(bmt_cell_attr(t, 4, 9, &reverse, &bold), 0);
    assert_int_equal(bold, 1);
    assert_int_equal(bmt_cell_attr(t, 24, 0, &reverse, &bold), -1);
    assert_int_equal(bmt_cell_attr(t, 0, 80, &reverse, &bold), -1);
    char *row_text = bmt_screen_row(t, 23);
    assert_string_equal(row_text, "错误: 必填 ok");
    free(row_text);
    bmt_close(t);
}

static void test_terminal_answers_queries(void **state)
{
    (void)state;
    bmt_term *t = bmt_term_offline(80, 24);
    /* A charset probe: print a wide character, ask where the cursor is. */
    feed(t, "\033[3;1H中\033[6n");
    const char *sent;
    size_t n = bmt_sent_bytes(t, &sent);
    assert_int_equal(n, strlen("\033[3;3R"));
    assert_memory_equal(sent, "\033[3;3R", n);
    feed(t, "\033[c");
    n = bmt_sent_bytes(t, &sent);
    assert_true(n > strlen("\033[3;3R"));
    assert_memory_equal(sent + strlen("\033[3;3R"), "\033[?", 3);   /* device attributes */
    const char *raw;
    assert_int_equal(bmt_raw_output(t, &raw), strlen("\033[3;1H中\033[6n\033[c"));
    bmt_close(t);
}

static void test_resize_offline(void **state)
{
    (void)state;
    bmt_term *t = bmt_term_offline(80, 24);
    assert_int_equal(bmt_resize(t, 100, 40), 0);
    int cols, rows;
    assert_int_equal(bmt_size(t, &cols, &rows), 0);
    assert_int_equal(cols, 100);
    assert_int_equal(rows, 40);
    feed(t, "\033[40;95Hend");
    char *row = bmt_screen_row(t, 39);
    assert_int_equal(strlen(row), 97);
    free(row);
    assert_int_equal(bmt_resize(t, 0, 10), -1);
    bmt_close(t);
}

static void test_keypair_loads_back(void **state)
{
    (void)state;
    char dir[] = "/tmp/bianmin-e2e-keys.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *priv = NULL, *pub = NULL;
    assert_int_equal(bmt_make_keypair(dir, &priv, &pub), 0);
    struct stat st;
    assert_int_equal(stat(priv, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(strncmp(pub, "ssh-ed25519 AAAA", 16), 0);
    assert_non_null(strstr(pub, " bmt-test"));

    /* The private key file must hold the pair whose public half the line names. */
    ssh_key key = NULL;
    assert_int_equal(ssh_pki_import_privkey_file(priv, NULL, NULL, NULL, &key), SSH_OK);
    char *b64 = NULL;
    assert_int_equal(ssh_pki_export_pubkey_base64(key, &b64), SSH_OK);
    assert_int_equal(strncmp(pub + strlen("ssh-ed25519 "), b64, strlen(b64)), 0);
    ssh_string_free_char(b64);
    ssh_key_free(key);
    /* OpenSSH's own format, which `ssh -i` reads. */
    FILE *f = fopen(priv, "r");
    assert_non_null(f);
    char first[64] = "";
    assert_non_null(fgets(first, sizeof first, f));
    fclose(f);
    assert_string_equal(first, "-----BEGIN OPENSSH PRIVATE KEY-----\n");

    unlink(priv);
    rmdir(dir);
    free(priv);
    free(pub);
}

/* Waits until the screen shows anything that is not blank. */
static int wait_any_text(bmt_term *t, int timeout_ms)
{
    for (int waited = 0; waited < timeout_ms; waited += 50) {
        char *text = bmt_screen_text(t);
        int blank = strspn(text, " \n") == strlen(text);
        free(text);
        if (!blank)
            return 1;
        bmt_pump(50);
    }
    bmt_screen_dump(t, "screen stayed blank:");
    return 0;
}

static void test_real_server_round_trip(void **state)
{
    (void)state;
    bmt_server *s = bmt_server_start(NULL);
    assert_non_null(s);
    assert_true(bmt_server_port(s) > 0);
    assert_true(bmt_server_pid(s) > 0);
    assert_true(bmt_server_rss_kb(s) > 0);
    char *why = NULL;
    bmt_term *t = bmt_connect(s, &(bmt_login){.user = "clerk", .password = "demo"}, &why);
    if (!t)
        print_error("connect failed: %s\n", why);
    assert_non_null(t);
    assert_true(wait_any_text(t, 10000));
    bmt_close(t);
    assert_int_equal(bmt_server_stop(s), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys_xterm),
        cmocka_unit_test(test_keys_quoted_text),
        cmocka_unit_test(test_keys_follow_application_cursor_mode),
        cmocka_unit_test(test_keys_other_terminals),
        cmocka_unit_test(test_keys_typos_are_refused_and_send_nothing),
        cmocka_unit_test(test_keys_slow_sends_the_same_bytes),
        cmocka_unit_test(test_screen_text_wide_characters_and_frame),
        cmocka_unit_test(test_screen_overwriting_half_a_wide_character),
        cmocka_unit_test(test_cursor_and_reverse_attribute),
        cmocka_unit_test(test_terminal_answers_queries),
        cmocka_unit_test(test_resize_offline),
        cmocka_unit_test(test_keypair_loads_back),
        cmocka_unit_test(test_real_server_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
