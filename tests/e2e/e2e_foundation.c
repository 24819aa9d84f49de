/* End-to-end tests of the foundation over real SSH: login and the home menu per role, the
 * refusals (wrong password and lockout, exec, sftp, port forwarding), public-key login, window
 * changes and the enlarge screen, the shared keys (F1, Esc 1, F10, Esc 0, PuTTY and Linux
 * console F-keys), a vanished client let go by keepalive while others keep working, and a clean
 * shutdown that tells every session. */
#include "tests/e2e/harness.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <cmocka.h>

static bmt_server *shared;   /* most tests share one server; some need their own */

static int start_shared(void **state)
{
    (void)state;
    shared = bmt_server_start(NULL);
    return shared ? 0 : -1;
}

static int stop_shared(void **state)
{
    (void)state;
    int status = bmt_server_stop(shared);
    shared = NULL;
    return status == 0 ? 0 : -1;
}

static bmt_term *login_as(bmt_server *s, const char *user, const char *term, int cols, int rows)
{
    bmt_login l = { .user = user, .password = "demo", .term = term, .cols = cols, .rows = rows };
    char *why = NULL;
    bmt_term *t = bmt_connect(s, &l, &why);
    if (!t)
        fprintf(stderr, "# login as %s failed: %s\n", user, why ? why : "?");
    free(why);
    return t;
}

/* The demo clerk logs in by password and sees the clerk's home menu: screen id, name, role
 * and centre on line 1, the menu, the legend and the Esc hint at the bottom. */
static void test_clerk_home(void **state)
{
    (void)state;
    bmt_term *t = login_as(shared, "clerk", "xterm-256color", 80, 24);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "选择 ===>", 10000));
    char *title = bmt_screen_row(t, 0);
    assert_non_null(title);
    assert_non_null(strstr(title, "BM100"));
    assert_non_null(strstr(title, "窗口人员"));
    assert_non_null(strstr(title, "便民服务中心"));
    free(title);
    assert_true(bmt_screen_has(t, "受理办件"));
    assert_true(bmt_screen_has(t, "我的办件"));
    char *legend = bmt_screen_row(t, 22);
    assert_non_null(strstr(legend, "F1=帮助"));
    assert_non_null(strstr(legend, "F10=退出"));
    free(legend);
    bmt_close(t);
}

/* Each role gets its own menu. */
static void test_role_menus(void **state)
{
    (void)state;
    static const struct { const char *user, *role, *entry; } roles[] = {
        { "agent", "代办员", "代办台账" },
        { "duty", "值班人员", "非工作时间收件" },
        { "supervisor", "中心负责人", "督办" },
        { "admin", "管理员", "用户管理" },
    };
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        bmt_term *t = login_as(shared, roles[i].user, "xterm", 80, 24);
        assert_non_null(t);
        assert_true(bmt_wait_text(t, roles[i].entry, 10000));
        char *title = bmt_screen_row(t, 0);
        assert_non_null(strstr(title, roles[i].role));
        free(title);
        bmt_close(t);
    }
}

/* A number that is no entry is an error in reverse video on the message line. */
static void test_menu_choices(void **state)
{
    (void)state;
    bmt_term *t = login_as(shared, "clerk", "xterm", 80, 24);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "选择 ===>", 10000));
    assert_int_equal(bmt_send_keys(t, "0 Enter"), 0);   /* no clerk entry has the number 0 */
    assert_true(bmt_wait_text(t, "没有这一项", 5000));
    int reverse = 0, bold = 0;
    assert_int_equal(bmt_cell_attr(t, 23, 0, &reverse, &bold), 0);
    assert_true(reverse);
    bmt_close(t);
    /* The admin's roster entry, the last one that was not built, opens the roster now. */
    t = login_as(shared, "admin", "xterm", 80, 24);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "选择 ===>", 10000));
    assert_int_equal(bmt_send_keys(t, "5 Enter"), 0);
    assert_true(bmt_wait_text(t, "BM310", 5000));
    bmt_close(t);
}

/* F1 and Esc 1 open the help; F3 closes it; F10 and Esc 0 ask before logging out; N stays,
 * Y logs out and the server closes the session. PuTTY's and the Linux console's F1 work too. */
static void test_function_keys(void **state)
{
    (void)state;
    bmt_term *t = login_as(shared, "clerk", "xterm", 80, 24);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "选择 ===>", 10000));

    const char *help_keys[] = { "F1", "Esc 1", "putty:F1", "linux:F1" };
    for (size_t i = 0; i < sizeof help_keys / sizeof help_keys[0]; i++) {
        assert_int_equal(bmt_send_keys(t, help_keys[i]), 0);
        assert_true(bmt_wait_text(t, "帮助：", 5000));
        assert_true(bmt_wait_text(t, "各画面通用按键", 5000));
        assert_int_equal(bmt_send_keys(t, "F3"), 0);
        assert_true(bmt_wait_gone(t, "各画面通用按键", 5000));
    }
    /* Esc then a digit typed slowly, as a person does, is still F1. */
    assert_int_equal(bmt_send_keys_slow(t, "Esc 1", 300), 0);
    assert_true(bmt_wait_text(t, "各画面通用按键", 5000));
    assert_int_equal(bmt_send_keys(t, "Enter"), 0);
    assert_true(bmt_wait_gone(t, "各画面通用按键", 5000));

    assert_int_equal(bmt_send_keys(t, "F10"), 0);
    assert_true(bmt_wait_text(t, "现在退出便民服务系统吗", 5000));
    assert_int_equal(bmt_send_keys(t, "\"n\""), 0);
    assert_true(bmt_wait_gone(t, "现在退出便民服务系统吗", 5000));
    assert_true(bmt_screen_has(t, "选择 ===>"));

    assert_int_equal(bmt_send_keys(t, "Esc 0"), 0);
    assert_true(bmt_wait_text(t, "现在退出便民服务系统吗", 5000));
    assert_int_equal(bmt_send_keys(t, "\"y\""), 0);
    assert_true(bmt_closed(t, 5000));
    bmt_close(t);
    assert_true(bmt_server_log_wait(shared, "reason=\"logout\"", 5000));
}

/* A lone Esc waits for its timer, then cancels: on the help it closes it. */
static void test_lone_esc(void **state)
{
    (void)state;
    bmt_term *t = login_as(shared, "clerk", "xterm", 80, 24);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "选择 ===>", 10000));
    assert_int_equal(bmt_send_keys(t, "F1"), 0);
    assert_true(bmt_wait_text(t, "各画面通用按键", 5000));
    assert_int_equal(bmt_send_keys(t, "Esc"), 0);
    assert_true(bmt_wait_gone(t, "各画面通用按键", 5000));
    bmt_close(t);
}

/* A window change to 100x40 redraws at 100x40; to 40x10 it shows the enlarge screen; back to
 * 80x24 the menu returns. */
static void test_window_change(void **state)
{
    (void)state;
    bmt_term *t = login_as(shared, "clerk", "xterm", 80, 24);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "选择 ===>", 10000));
    assert_int_equal(bmt_resize(t, 100, 40), 0);
    assert_true(bmt_wait_quiet(t, 300, 5000));
    char *legend = bmt_screen_row(t, 38);
    assert_non_null(legend);
    assert_non_null(strstr(legend, "F1=帮助"));
    free(legend);
    char *title = bmt_screen_row(t, 0);
    /* The date ends the title line at the right edge of a 100-column window. */
    int width = 0;
    for (const unsigned char *p = (const unsigned char *)title; *p; p++)
        if ((*p & 0xc0) != 0x80)
            width += *p >= 0xe0 ? 2 : 1;
    assert_int_equal(width, 99);   /* the last column stays empty */
    free(title);

    assert_int_equal(bmt_resize(t, 40, 10), 0);
    assert_true(bmt_wait_text(t, "窗口太小", 5000));
    assert_true(bmt_screen_has(t, "40x10"));
    assert_false(bmt_screen_has(t, "选择 ===>"));

    assert_int_equal(bmt_resize(t, 80, 24), 0);
    assert_true(bmt_wait_text(t, "选择 ===>", 5000));
    assert_false(bmt_screen_has(t, "窗口太小"));
    bmt_close(t);
}

/* A client that asks for 0x0 gets a sane screen, not a crash. */
static void test_nonsense_size(void **state)
{
    (void)state;
    bmt_term *t = login_as(shared, "clerk", "xterm", 0, 0);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "选择 ===>", 10000));
    bmt_close(t);
}

/* exec, sftp and -L forwarding are refused with a reason the client shows; X11 and agent
 * forwarding are refused. */
static void test_refusals(void **state)
{
    (void)state;
    char *what = NULL;
    assert_int_equal(bmt_try_exec(shared, "clerk", "demo", "ls", &what), 0);
    assert_non_null(what);
    assert_non_null(strstr(what, "不执行命令"));
    free(what);
    what = NULL;
    assert_int_equal(bmt_try_subsystem(shared, "clerk", "demo", "sftp", &what), 0);
    assert_non_null(strstr(what, "文件传输"));
    free(what);
    what = NULL;
    assert_int_equal(bmt_try_forward(shared, "clerk", "demo", &what), 0);
    assert_non_null(what);
    fprintf(stderr, "# forwarding: %s\n", what);
    free(what);
    what = NULL;
    assert_int_equal(bmt_try_x11(shared, "clerk", "demo", &what), 0);
    free(what);
    what = NULL;
    /* Agent forwarding is asked for without a reply (as OpenSSH does): the refusal shows in
     * the server's log and on the first screen. */
    bmt_try_agent(shared, "clerk", "demo", &what);
    free(what);
    assert_true(bmt_server_log_wait(shared, "request=\"agent forwarding\"", 5000));
    assert_true(bmt_server_log_wait(shared, "request=\"exec\"", 5000));
    assert_true(bmt_server_log_wait(shared, "request=\"subsystem\"", 5000));
    assert_true(bmt_server_log_wait(shared, "request=\"port forwarding\"", 5000));
}

/* A public key added with `bianmin user key-add` logs in; a different key does not. */
static void test_public_key(void **state)
{
    (void)state;
    char *priv = NULL, *pub = NULL, *other_priv = NULL, *other_pub = NULL;
    assert_int_equal(bmt_make_keypair(bmt_server_datadir(shared), &priv, &pub), 0);
    char dir2[512];
    snprintf(dir2, sizeof dir2, "%s/other", bmt_server_datadir(shared));
    assert_int_equal(mkdir(dir2, 0700), 0);
    assert_int_equal(bmt_make_keypair(dir2, &other_priv, &other_pub), 0);
    const char *args[] = { "user", "key-add", "supervisor", pub, NULL };
    char *out = NULL;
    assert_int_equal(bmt_run_bianmin(shared, args, &out), 0);
    assert_non_null(strstr(out, "SHA256:"));
    free(out);

    bmt_login l = { .user = "supervisor", .keyfile = priv, .term = "xterm" };
    char *why = NULL;
    bmt_term *t = bmt_connect(shared, &l, &why);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "中心负责人", 10000));
    bmt_close(t);
    assert_true(bmt_server_log_wait(shared, "user=supervisor addr=127.0.0.1", 5000));
    assert_true(bmt_server_log_wait(shared, "method=publickey", 5000));

    bmt_login wrong = { .user = "supervisor", .keyfile = other_priv, .term = "xterm" };
    t = bmt_connect(shared, &wrong, &why);
    assert_null(t);
    free(why);

    const char *bad[] = { "user", "key-add", "supervisor", "ssh-ed25519 notbase64!", NULL };
    out = NULL;
    assert_int_not_equal(bmt_run_bianmin(shared, bad, &out), 0);
    assert_non_null(strstr(out, "not a public key"));
    free(out);
    free(priv);
    free(pub);
    free(other_priv);
    free(other_pub);
}

/* A wrong password is refused; the sixth try within 15 minutes reports the lockout, even with
 * the right password; another account is not affected. */
static void test_lockout(void **state)
{
    (void)state;
    bmt_server *s = bmt_server_start(NULL);
    assert_non_null(s);
    for (int i = 0; i < 5; i++) {
        bmt_login l = { .user = "duty", .password = "wrong-password", .term = "xterm" };
        char *why = NULL;
        bmt_term *t = bmt_connect(s, &l, &why);
        assert_null(t);
        assert_null(strstr(why ? why : "", "暂停登录"));
        free(why);
    }
    bmt_login right = { .user = "duty", .password = "demo", .term = "xterm" };
    char *why = NULL;
    bmt_term *t = bmt_connect(s, &right, &why);
    assert_null(t);
    assert_non_null(why);
    if (!strstr(why, "密码错误次数过多"))
        fprintf(stderr, "# sixth login refused with: %s\n", why);
    assert_non_null(strstr(why, "密码错误次数过多"));
    free(why);
    assert_true(bmt_server_log_wait(s, "lockout user=duty", 5000));
    char *log = bmt_server_log(s);
    assert_null(strstr(log, "wrong-password"));   /* never a password in the log */
    free(log);

    t = login_as(s, "clerk", "xterm", 80, 24);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "选择 ===>", 10000));
    bmt_close(t);
    assert_int_equal(bmt_server_stop(s), 0);
}

/* A locked account is refused with the reason, and the shell commands lock and unlock it. */
static void test_locked_account(void **state)
{
    (void)state;
    const char *lock[] = { "user", "lock", "agent", NULL };
    assert_int_equal(bmt_run_bianmin(shared, lock, NULL), 0);
    bmt_login l = { .user = "agent", .password = "demo", .term = "xterm" };
    char *why = NULL;
    bmt_term *t = bmt_connect(shared, &l, &why);
    assert_null(t);
    assert_non_null(why);
    assert_non_null(strstr(why, "已被锁定"));
    free(why);
    const char *unlock[] = { "user", "unlock", "agent", NULL };
    assert_int_equal(bmt_run_bianmin(shared, unlock, NULL), 0);
    t = login_as(shared, "agent", "xterm", 80, 24);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "代办员", 10000));
    bmt_close(t);
}

/* A client that vanishes (no FIN, no answers) is let go after the keepalives go unanswered,
 * while another session keeps working undisturbed meanwhile. */
static void test_vanished_client(void **state)
{
    (void)state;
    const char *args[] = { "--keepalive", "1", NULL };
    bmt_server *s = bmt_server_start(args);
    assert_non_null(s);
    bmt_term *gone = login_as(s, "clerk", "xterm", 80, 24);
    bmt_term *other = login_as(s, "duty", "xterm", 80, 24);
    assert_non_null(gone);
    assert_non_null(other);
    assert_true(bmt_wait_text(gone, "选择 ===>", 10000));
    assert_true(bmt_wait_text(other, "选择 ===>", 10000));
    bmt_vanish(gone);
    /* The other session types while the vanished one waits to be noticed. */
    for (int i = 0; i < 5; i++) {
        char keys[16];
        snprintf(keys, sizeof keys, "%d", i + 1);
        assert_int_equal(bmt_send_keys(other, keys), 0);
        bmt_pump(400);
    }
    assert_true(bmt_server_log_wait(s, "reason=\"no answer to keepalive\"", 15000));
    assert_int_equal(bmt_send_keys(other, "C-u 0 Enter"), 0);   /* no entry has the number 0 */
    assert_true(bmt_wait_text(other, "没有这一项", 5000));
    bmt_close(gone);
    bmt_close(other);
    assert_int_equal(bmt_server_stop(s), 0);
}

/* SIGTERM tells every session, closes them, and the server exits 0 with the database closed. */
static void test_shutdown(void **state)
{
    (void)state;
    bmt_server *s = bmt_server_start(NULL);
    assert_non_null(s);
    bmt_term *a = login_as(s, "clerk", "xterm", 80, 24);
    bmt_term *b = login_as(s, "duty", "xterm", 80, 24);
    assert_non_null(a);
    assert_non_null(b);
    assert_true(bmt_wait_text(a, "选择 ===>", 10000));
    assert_true(bmt_wait_text(b, "选择 ===>", 10000));
    kill(bmt_server_pid(s), SIGTERM);
    assert_true(bmt_wait_text(a, "服务器正在关闭", 5000));
    assert_true(bmt_wait_text(b, "服务器正在关闭", 5000));
    assert_true(bmt_closed(a, 5000));
    assert_true(bmt_closed(b, 5000));
    assert_true(bmt_server_log_wait(s, "database closed cleanly", 5000));
    bmt_close(a);
    bmt_close(b);
    assert_int_equal(bmt_server_stop(s), 0);
}

/* A connection that never logs in is closed when the login grace time is over. */
static void test_login_grace(void **state)
{
    (void)state;
    const char *args[] = { "--grace", "2", NULL };
    bmt_server *s = bmt_server_start(args);
    assert_non_null(s);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)bmt_server_port(s)) };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    /* Read the server's banner, then say nothing: the server must hang up by itself. */
    struct timeval tv = { .tv_sec = 10 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char buf[512];
    ssize_t n = read(fd, buf, sizeof buf);
    assert_true(n > 0);
    assert_int_equal(strncmp(buf, "SSH-2.0-", 8), 0);
    while ((n = read(fd, buf, sizeof buf)) > 0)
        ;
    assert_int_equal(n, 0);   /* closed by the server, not timed out here */
    close(fd);
    assert_true(bmt_server_log_wait(s, "reason=\"login grace time over\"", 5000));
    assert_int_equal(bmt_server_stop(s), 0);
}

/* After a quiet spell the session warns, a keystroke keeps it, and a longer one logs out. */
static void test_idle_logout(void **state)
{
    (void)state;
    const char *args[] = { "--idle", "10", NULL };
    bmt_server *s = bmt_server_start(args);
    assert_non_null(s);
    bmt_term *t = login_as(s, "clerk", "xterm", 80, 24);
    assert_non_null(t);
    assert_true(bmt_wait_text(t, "选择 ===>", 10000));
    assert_true(bmt_wait_text(t, "还在吗？", 9000));
    assert_int_equal(bmt_send_keys(t, "Enter"), 0);   /* closes the warning, resets the clock */
    assert_true(bmt_wait_gone(t, "还在吗？", 3000));
    assert_true(bmt_wait_text(t, "还在吗？", 9000));
    assert_true(bmt_wait_text(t, "分钟无操作，已自动退出", 9000));
    assert_true(bmt_closed(t, 5000));
    bmt_close(t);
    assert_true(bmt_server_log_wait(s, "reason=\"idle\"", 5000));
    assert_int_equal(bmt_server_stop(s), 0);
}

int main(void)
{
    const struct CMUnitTest shared_tests[] = {
        cmocka_unit_test(test_clerk_home),
        cmocka_unit_test(test_role_menus),
        cmocka_unit_test(test_menu_choices),
        cmocka_unit_test(test_function_keys),
        cmocka_unit_test(test_lone_esc),
        cmocka_unit_test(test_window_change),
        cmocka_unit_test(test_nonsense_size),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_public_key),
        cmocka_unit_test(test_locked_account),
    };
    const struct CMUnitTest own_server_tests[] = {
        cmocka_unit_test(test_lockout),
        cmocka_unit_test(test_vanished_client),
        cmocka_unit_test(test_shutdown),
        cmocka_unit_test(test_login_grace),
        cmocka_unit_test(test_idle_logout),
    };
    int failed = cmocka_run_group_tests_name("foundation", shared_tests, start_shared, stop_shared);
    failed += cmocka_run_group_tests_name("foundation-own-server", own_server_tests, NULL, NULL);
    return failed;
}
