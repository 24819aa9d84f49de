/* End-to-end, over real SSH: the data directory's disk fills up during intakes. The clerk
 * reads a sentence that the server's disk is full and to call the administrator (never SQL
 * or SQLite's words), every case whose receipt was shown is still there, the server stays
 * up, a lockout still holds, and once space returns (a filler file removed) intakes go on.
 * The disk is a small tmpfs: mounting one needs root (CI runs as root); skipped otherwise,
 * saying so. The demo database alone is 1.8 MB, so the tmpfs is 8 MB and a filler file
 * leaves a few hundred kilobytes for the intakes to fill. */
#include "tests/e2e/demo.h"
#include "tests/e2e/harness.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>
#include <cmocka.h>

#define FULL_ZH "服务器磁盘已满，请联系管理员"

static bmt_term *login(bmt_server *s, const char *user, const char *pw, char **why)
{
    bmt_login l = { .user = user, .password = pw, .term = "xterm" };
    bmt_term *t = bmt_connect(s, &l, why);
    if (t && bmt_wait_text(t, "===>", 10000))
        bmt_wait_quiet(t, 200, 3000);
    return t;
}

/* Fills the disk with a filler file, then gives back `leave` bytes of it. */
static void fill(const char *path, off_t leave)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    static char zeros[1 << 16];
    off_t size = 0;
    for (;;) {
        ssize_t w = write(fd, zeros, sizeof zeros);
        if (w <= 0)
            break;
        size += w;
    }
    assert_int_equal(ftruncate(fd, size > leave ? size - leave : 0), 0);
    close(fd);
}

/* One intake of a known applicant from the empty intake screen. 1 with the case number
 * when the receipt shows, 0 when the disk-full sentence shows instead. */
static int one_intake(bmt_term *t, const char *id, char no[13])
{
    char spec[64];
    snprintf(spec, sizeof spec, "\"%s\" Enter", id);
    assert_int_equal(bmt_send_keys(t, spec), 0);
    assert_true(bmt_wait_gone(t, "输入身份证号、电话、姓名或拼音首字母后回车", 5000));
    assert_int_equal(bmt_send_keys(t, "\"NY-006\" Enter"), 0);
    assert_true(bmt_wait_text(t, "动物产地检疫申报", 5000));
    assert_int_equal(bmt_send_keys(t, "\"X\" \"X\" \" \" F2"), 0);
    for (int i = 0; i < 100; i++) {
        if (bmt_screen_has(t, "受理回执")) {
            char *s = bmt_screen_text(t);
            const char *p = strstr(s, "办件号：");
            assert_non_null(p);
            memcpy(no, p + strlen("办件号："), 12);
            no[12] = 0;
            free(s);
            assert_int_equal(bmt_send_keys(t, "Enter"), 0);
            assert_true(bmt_wait_text(t, "输入身份证号、电话、姓名或拼音首字母后回车", 5000));
            return 1;
        }
        if (bmt_screen_has(t, FULL_ZH))
            return 0;
        bmt_wait_quiet(t, 100, 200);
    }
    bmt_screen_dump(t, "neither a receipt nor the disk-full sentence");
    fail();
    return -1;
}

static void test_disk_fills_during_intakes(void **state)
{
    (void)state;
    if (geteuid() != 0) {
        printf("# SKIP full disk: needs root to mount a tmpfs (CI runs as root)\n");
        skip();
    }
    char mnt[] = "/tmp/bianmin-full.XXXXXX";
    assert_non_null(mkdtemp(mnt));
    assert_int_equal(mount("tmpfs", mnt, "tmpfs", 0, "size=8m,mode=0700"), 0);
    setenv("TMPDIR", mnt, 1);
    setenv("BIANMIN_NOW", "2026-09-29 10:00", 1);
    bmt_server *s = bmt_server_start(NULL);
    unsetenv("TMPDIR");
    assert_non_null(s);
    char id[19];
    assert_int_equal(demo_known_applicant(s, 3, id), 0);

    char *why = NULL;
    bmt_term *t = login(s, "clerk", "demo", &why);
    assert_non_null(t);
    free(why);
    assert_int_equal(bmt_send_keys(t, "1 Enter"), 0);
    assert_true(bmt_wait_text(t, "BM210", 5000));

    char filler[600];
    snprintf(filler, sizeof filler, "%s/filler", mnt);
    fill(filler, 256 * 1024);

    /* Intakes until the disk is full. */
    static char shown[400][13];
    int n = 0, full = 0;
    while (n < 400) {
        int r = one_intake(t, id, shown[n]);
        if (r == 0) {
            full = 1;
            break;
        }
        n++;
    }
    assert_true(full);
    char *screen = bmt_screen_text(t);
    assert_null(strstr(screen, "INSERT"));
    assert_null(strstr(screen, "SQL"));
    assert_null(strstr(screen, "database or disk"));
    free(screen);
    printf("# figure: %d receipts shown before the disk was full\n", n);
    assert_true(bmt_server_log_wait(s, "storage:", 2000));   /* the detail went to the log */

    /* The server is up, and a lockout still holds on the full disk. */
    assert_true(kill(bmt_server_pid(s), 0) == 0);
    for (int i = 0; i < 5; i++) {
        bmt_term *bad = login(s, "agent", "wrong", &why);
        assert_null(bad);
        free(why);
    }
    bmt_term *right = login(s, "agent", "demo", &why);
    assert_null(right);
    assert_non_null(why);
    free(why);

    /* Space returns: the same clerk goes on, and a new login works. */
    assert_int_equal(unlink(filler), 0);
    assert_int_equal(bmt_send_keys(t, "F2"), 0);   /* the same intake, accepted now */
    assert_true(bmt_wait_text(t, "受理回执", 5000));
    assert_int_equal(bmt_send_keys(t, "Enter"), 0);
    assert_true(bmt_wait_text(t, "输入身份证号、电话、姓名或拼音首字母后回车", 5000));
    char after[13];
    assert_int_equal(one_intake(t, id, after), 1);
    bmt_term *other = login(s, "duty", "demo", &why);
    assert_non_null(other);
    free(why);
    bmt_close(other);
    bmt_close(t);

    /* Every receipt shown names a case that is there. */
    for (int i = 0; i < n; i++) {
        long found = demo_db_long(s, "SELECT count(*) FROM bcase WHERE no = ?1", shown[i]);
        if (found != 1)
            fail_msg("case %s had its receipt shown but is not in the database", shown[i]);
    }
    assert_int_equal(demo_db_long(s, "SELECT count(*) FROM bcase WHERE no = ?1", after), 1);
    assert_int_equal(bmt_server_stop(s), 0);
    assert_int_equal(umount(mnt), 0);
    rmdir(mnt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_disk_fills_during_intakes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
