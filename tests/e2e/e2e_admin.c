/* End-to-end tests of the administrator's maintenance screens over real SSH: `admin` adds a
 * user on the Users screen and reads the one-time password off the screen; that user logs in
 * with it, is made to choose their own password before anything else, and logs in with the new
 * one; the admin pastes the user's public key and sees the fingerprint `ssh-keygen -lf` prints,
 * the key logs in; the admin locks the user with a reason and the next login is refused. */
#include "tests/e2e/demo.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/login.h"
#include "core/case.h"
#include "core/db.h"
#include "core/store.h"
#include "core/user.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <cmocka.h>

#define NOW "2026-11-30 10:00"

static int start_shared(void **state)
{
    (void)state;
    return e2e_shared_start(NOW);
}

/* The word after `label` on the screen (up to the next space), into out; 0 when not found. */
static int word_after(bmt_term *t, const char *label, char *out, size_t cap)
{
    char *text = bmt_screen_text(t);
    const char *at = text ? strstr(text, label) : NULL;
    int ok = 0;
    if (at) {
        at += strlen(label);
        at += strspn(at, " :：");
        size_t n = strcspn(at, " \n");
        if (n > 0 && n < cap) {
            memcpy(out, at, n);
            out[n] = 0;
            ok = 1;
        }
    }
    free(text);
    return ok;
}

static bmt_term *login_as(const char *user, const char *password, const char *keyfile,
                          char **why)
{
    bmt_login l = { .user = user, .password = password, .keyfile = keyfile, .term = "xterm" };
    return bmt_connect(e2e_shared, &l, why);
}

/* Opens the home menu entry reading label and waits for its screen id. */
static void open_menu(bmt_term *t, const char *label, const char *id)
{
    char key = 0;
    for (int r = 2; r < 20 && !key; r++) {
        char *row = bmt_screen_row(t, r);
        if (row && strstr(row, label))
            key = row[strspn(row, " ")];
        free(row);
    }
    if (!key) {
        bmt_screen_dump(t, label);
        fail_msg("no menu entry %s", label);
    }
    char spec[16];
    snprintf(spec, sizeof spec, "\"%c\" Enter", key);
    e2e_keys(t, spec);
    if (!bmt_wait_text(t, id, 10000))
        fail_msg("%s did not open", id);
    bmt_wait_quiet(t, 200, 3000);
}

static void open_users(bmt_term *t)
{
    open_menu(t, "用户管理", "BM910");
}

/* From the Users list, the account `login` (found by typing its login). */
static void open_account(bmt_term *t, const char *login)
{
    char spec[80];
    snprintf(spec, sizeof spec, "\"/%s\" Enter", login);
    e2e_keys(t, spec);
    assert_true(bmt_wait_text(t, "1 条", 10000) || bmt_screen_has(t, login));
    bmt_wait_quiet(t, 200, 3000);
    e2e_keys(t, "\"5\" Enter");
    if (!bmt_wait_text(t, "BM911", 10000))
        fail_msg("the account %s did not open", login);
    bmt_wait_quiet(t, 200, 3000);
}

static char *fingerprint_of(const char *dir, const char *line)
{
    char path[600], cmd[700];
    snprintf(path, sizeof path, "%s/pasted.pub", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "%s\n", line);
    fclose(f);
    snprintf(cmd, sizeof cmd, "ssh-keygen -lf '%s'", path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char out[256] = "";
    char *got = fgets(out, sizeof out, p);
    pclose(p);
    assert_non_null(got);
    /* "256 SHA256:... comment (ED25519)" */
    char *fp = strstr(out, "SHA256:");
    assert_non_null(fp);
    fp[strcspn(fp, " ")] = 0;
    return strdup(fp);
}

static void admin_adds_user_who_changes_password_adds_key_and_is_locked(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "admin");
    open_users(t);
    assert_true(bmt_screen_has(t, "clerk"));   /* the demo's accounts are listed */
    e2e_keys(t, "F6");
    assert_true(bmt_wait_text(t, "BM912", 10000));
    e2e_keys(t, "\"zhouqi\" Tab \"周七\" Tab \"1\" Tab \"qinglin\" Tab \"13900001111\" F2");
    if (!bmt_wait_text(t, "一次性密码：", 10000))
        fail_msg("no one-time password shown");
    bmt_wait_quiet(t, 200, 3000);
    char onetime[32];
    if (!word_after(t, "一次性密码：", onetime, sizeof onetime)) {
        bmt_screen_dump(t, "new user");
        fail_msg("the one-time password cannot be read");
    }
    assert_int_equal(strlen(onetime), 10);
    e2e_keys(t, "Enter");
    bmt_wait_quiet(t, 200, 3000);
    e2e_logout(t);

    /* The one-time password logs in, and nothing else can be done before choosing one's own. */
    char *why = NULL;
    t = login_as("zhouqi", onetime, NULL, &why);
    if (!t)
        fail_msg("login with the one-time password failed: %s", why ? why : "?");
    assert_true(bmt_wait_text(t, "BM913", 10000));
    e2e_keys(t, "F3");
    assert_true(bmt_wait_text(t, "F10", 5000));
    bmt_wait_quiet(t, 200, 3000);
    assert_true(bmt_screen_has(t, "BM913"));
    e2e_keys(t, "\"password\" Tab \"password\" F2");   /* the most common password */
    assert_true(bmt_wait_text(t, "最常见", 10000));
    e2e_keys(t, "\"Hills-and-rivers-9\" Tab \"Hills-and-rivers-9\" F2");
    assert_true(bmt_wait_text(t, "BM100", 10000));
    e2e_logout(t);
    t = login_as("zhouqi", onetime, NULL, &why);
    assert_null(t);   /* the one-time password is spent */
    free(why);
    why = NULL;
    t = login_as("zhouqi", "Hills-and-rivers-9", NULL, &why);
    if (!t)
        fail_msg("login with the new password failed: %s", why ? why : "?");
    assert_true(bmt_wait_text(t, "BM100", 10000));
    bmt_wait_quiet(t, 200, 3000);
    assert_false(bmt_screen_has(t, "BM913"));
    bmt_close(t);

    /* A pasted key shows the fingerprint ssh-keygen prints, and logs in. */
    char *priv = NULL, *pub = NULL;
    assert_int_equal(bmt_make_keypair(bmt_server_datadir(e2e_shared), &priv, &pub), 0);
    char *fp = fingerprint_of(bmt_server_datadir(e2e_shared), pub);
    t = e2e_login(e2e_shared, "admin");
    open_users(t);
    open_account(t, "zhouqi");
    char spec[1200];
    snprintf(spec, sizeof spec, "Tab Tab Tab \"%s\" F6", pub);
    e2e_keys(t, spec);
    if (!bmt_wait_text(t, fp, 10000))
        fail_msg("the fingerprint %s is not on the screen", fp);
    e2e_logout(t);
    t = login_as("zhouqi", NULL, priv, &why);
    if (!t)
        fail_msg("login with the added key failed: %s", why ? why : "?");
    assert_true(bmt_wait_text(t, "BM100", 10000));
    bmt_close(t);

    /* Locked with a reason: the next login is refused, saying so. */
    t = e2e_login(e2e_shared, "admin");
    open_users(t);
    open_account(t, "zhouqi");
    e2e_keys(t, "Tab Tab \"离职\" F7");
    assert_true(bmt_wait_text(t, "已锁定", 10000));
    assert_true(bmt_screen_has(t, "离职"));
    e2e_logout(t);
    t = login_as("zhouqi", "Hills-and-rivers-9", NULL, &why);
    assert_null(t);
    assert_non_null(why);
    if (!strstr(why, "locked") && !strstr(why, "锁定"))
        fail_msg("the refusal does not say the account is locked: %s", why);
    free(why);
    free(fp);
    free(priv);
    free(pub);
}

/* One value of a query on the server's database (read beside the running server). */
static char *query_one(const char *sql)
{
    char *v = demo_db_text(e2e_shared, sql, NULL);
    if (!v)
        fail_msg("nothing for %s", sql);
    return v;
}

/* A clerk finds a case number on the centre's case list: 1 when the list holds it. */
static int centre_lists_case(const char *clerk, const char *no)
{
    bmt_term *t = e2e_login(e2e_shared, clerk);
    open_menu(t, "本中心办件", "BM221");
    char spec[80];
    snprintf(spec, sizeof spec, "\"/%s\" Enter", no);
    e2e_keys(t, spec);
    bmt_wait_quiet(t, 300, 5000);
    int listed = bmt_screen_has(t, "找到 1 条");
    e2e_logout(t);
    return listed;
}

static void a_moved_village_keeps_old_cases_and_sends_new_ones(void **state)
{
    (void)state;
    char *old_no = query_one("SELECT no FROM bcase WHERE parent_id IS NULL AND is_open = 1 "
                             "AND village_id = "
                             "(SELECT id FROM org_unit WHERE code = 'qinglin.baiyan') "
                             "ORDER BY id LIMIT 1");
    char *person = query_one("SELECT id FROM applicant WHERE village_id = "
                             "(SELECT id FROM org_unit WHERE code = 'qinglin.baiyan') LIMIT 1");

    bmt_term *t = e2e_login(e2e_shared, "admin");
    open_menu(t, "组织机构", "BM920");
    assert_true(bmt_screen_has(t, "qinglin.baiyan"));
    e2e_keys(t, "\"/白岩\" Enter");
    bmt_wait_quiet(t, 200, 3000);
    e2e_keys(t, "\"5\" Enter");
    assert_true(bmt_wait_text(t, "BM921", 10000));
    assert_true(bmt_wait_text(t, "青林镇便民服务中心", 5000));
    e2e_keys(t, "Tab Tab \"shiqiao\" F7");
    if (!bmt_wait_text(t, "已迁移", 10000))
        fail_msg("the village did not move");
    assert_true(bmt_screen_has(t, "石桥镇便民服务中心"));
    e2e_logout(t);

    /* A villager's new case at the new township's window belongs to the village there (before
     * the move it could not: the village was another centre's). */
    bm_db *db;
    bm_err err;
    bm_store_set_data_dir(bmt_server_datadir(e2e_shared));   /* where the audit key is */
    assert_int_equal(bm_db_open(bmt_server_db(e2e_shared), &db, &err), BM_OK);
    bm_user u;
    assert_int_equal(bm_user_get(db, "zhouq", &u, &err), BM_OK);
    bm_actor window = { .user_id = u.id, .login = u.login, .role = u.role, .org_id = u.org_id,
                        .session = "e2e", .addr = "" };
    static const char *const got[] = { "居民身份证",
                                       "城乡居民基本养老保险参保登记表" };
    bm_intake in = { .applicant_id = atoll(person), .matter_code = "SB-001",
                     .channel = BM_CHANNEL_WINDOW, .received = got, .nreceived = 2,
                     .mode = BM_INTAKE_ACCEPT };
    bm_case c;
    if (bm_case_intake(db, &window, &in, &c, &err) != BM_OK)
        fail_msg("intake: %s %s", err.reason, err.detail);
    bm_db_close(db);
    char *baiyan = query_one("SELECT id FROM org_unit WHERE code = 'qinglin.baiyan'");
    assert_int_equal(c.village_id, atoll(baiyan));
    free(baiyan);

    assert_true(centre_lists_case("zhouq", c.no));      /* 石桥镇 has the new case */
    assert_true(centre_lists_case("clerk", old_no));    /* 青林镇 keeps the old one */
    assert_false(centre_lists_case("zhouq", old_no));
    free(old_no);
    free(person);
}

static void the_2027_calendar_warning_goes_once_imported(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "admin");
    if (!bmt_screen_has(t, "2027年工作日历尚未确认")) {
        bmt_screen_dump(t, "admin home");
        fail_msg("no warning about the 2027 calendar");
    }
    open_menu(t, "工作日历", "BM930");
    assert_true(bmt_screen_has(t, "2027年  未确认"));
    bmt_screen_dump(t, "calendar 2027, provisional");
    char path[600];
    snprintf(path, sizeof path, "%s/calendar-2027.txt", bmt_server_datadir(e2e_shared));
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("# Source: test schedule for 2027\n"
          "2027-01-01 off 元旦\n2027-02-06 work 春节\n2027-02-10 off 春节\n"
          "2027-02-11 off 春节\n2027-02-12 off 春节\n", f);
    fclose(f);
    char spec[700];
    snprintf(spec, sizeof spec, "Tab Tab Tab \"%s\" F6", path);
    e2e_keys(t, spec);
    if (!bmt_wait_text(t, "已导入 5 天", 10000))
        fail_msg("the 2027 file was not imported");
    assert_true(bmt_wait_text(t, "2027年  已确认", 5000));
    /* February 2027: the make-up Saturday and the holidays are marked in words. */
    int feb = -1;
    for (int r = 2; r < 20 && feb < 0; r++) {
        char *row = bmt_screen_row(t, r);
        if (row && strstr(row, " 2月"))
            feb = r;
        free(row);
    }
    assert_true(feb > 0);
    char *row = bmt_screen_row(t, feb);
    assert_non_null(strstr(row, "班"));
    assert_non_null(strstr(row, "休休休"));
    free(row);
    e2e_logout(t);
    t = e2e_login(e2e_shared, "admin");
    assert_false(bmt_screen_has(t, "工作日历尚未确认"));
    e2e_logout(t);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

#define TYPISTS 10
#define ROUNDS 14

static void backup_while_clerks_type(void **state)
{
    (void)state;
    bmt_term *clerks[TYPISTS];
    for (int i = 0; i < TYPISTS; i++) {
        clerks[i] = e2e_login(e2e_shared, "clerk");
        open_menu(clerks[i], "本中心办件", "BM221");
        e2e_keys(clerks[i], "\"/\"");
    }
    bmt_term *admin = e2e_login(e2e_shared, "admin");
    open_menu(admin, "备份", "BM970");
    static const char letters[] = "abcdefghijklmnopqrstuvwxyz";
    double longest = 0, longest_before = 0;
    int during = 0;
    for (int r = 0; r < ROUNDS; r++) {
        if (r == 3) {
            e2e_keys(admin, "F6");   /* the backup starts while they type */
            during = 1;
        }
        char typed[ROUNDS + 1];
        memcpy(typed, letters, (size_t)r + 1);
        typed[r + 1] = 0;
        for (int i = 0; i < TYPISTS; i++) {
            char spec[8];
            snprintf(spec, sizeof spec, "\"%c\"", letters[r]);
            double t0 = now_ms();
            e2e_keys(clerks[i], spec);
            if (!bmt_wait_text(clerks[i], typed, 20000))
                fail_msg("clerk %d's keystroke did not echo", i);
            double gap = now_ms() - t0;
            if (during && gap > longest)
                longest = gap;
            if (!during && gap > longest_before)
                longest_before = gap;
        }
    }
    if (!bmt_wait_text(admin, "已备份", 20000))
        fail_msg("the backup did not finish");
    printf("# figure: longest keystroke-to-echo gap of %d typing clerks: %.1f ms during the "
           "backup, %.1f ms before it\n", TYPISTS, longest, longest_before);
    for (int i = 0; i < TYPISTS; i++)
        e2e_logout(clerks[i]);

    /* The copy: mode 0600, verified on the screen. */
    bmt_wait_quiet(admin, 200, 3000);
    char name[80];
    assert_true(word_after(admin, "已备份：", name, sizeof name));
    char path[900], dir[700];
    snprintf(dir, sizeof dir, "%s/backups", bmt_server_datadir(e2e_shared));
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_true(bmt_screen_has(admin, name));
    /* On PostgreSQL the copy is pg_dump's archive, which the screen's check (open the copy,
     * verify its audit chain) cannot open yet: the checks of the copy below are SQLite's. */
    if (bmt_on_postgresql()) {
        e2e_logout(admin);
        return;
    }
    e2e_keys(admin, "\"5\" Enter");
    if (!bmt_wait_text(admin, "校验通过", 20000))
        fail_msg("the copy did not verify");
    e2e_keys(admin, "Enter");
    e2e_logout(admin);

    /* A copy of the copy with its last 5 audit rows deleted: verify reports the truncation. */
    char cut[800], cmd[6000];
    snprintf(cut, sizeof cut, "%s/cut", bmt_server_datadir(e2e_shared));
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s' '%s/bianmin.db' && "
             "cp '%s.audit-head' '%s/bianmin.db.audit-head' && cp '%s/audit.key' '%s/'", cut,
             path, cut, path, cut, dir, cut);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof path, "sqlite:%s/bianmin.db", cut);
    bm_store *h;
    bm_err err;
    assert_int_equal(bm_store_open(path, 0, &h, &err), BM_OK);
    assert_int_equal(bm_store_exec(h, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id "
                                      "IN (SELECT id FROM audit ORDER BY id DESC LIMIT 5)", &err),
                     BM_OK);
    assert_int_equal(bm_store_changes(h), 5);
    bm_store_close(h);
    const char *bin = getenv("BIANMIN_BIN");
    snprintf(cmd, sizeof cmd, "'%s' audit verify --data '%s' 2>&1", bin ? bin : "build/bianmin",
             cut);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char out[4096] = "";
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = 0;
    int status = pclose(p);
    if (!strstr(out, "TRUNCATED"))
        fail_msg("audit verify did not report the truncation: %s", out);
    assert_int_not_equal(status, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(admin_adds_user_who_changes_password_adds_key_and_is_locked),
        cmocka_unit_test(a_moved_village_keeps_old_cases_and_sends_new_ones),
        cmocka_unit_test(the_2027_calendar_warning_goes_once_imported),
        cmocka_unit_test(backup_while_clerks_type),
    };
    return cmocka_run_group_tests(tests, start_shared, e2e_shared_stop);
}
