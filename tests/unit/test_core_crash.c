/* Durability: a process killed with SIGKILL in the middle of a stream of intakes loses no
 * case whose transaction had committed, and the database passes integrity_check after.
 * A child takes cases in as fast as it can and reports each committed case number on a pipe;
 * the parent kills it mid-stream, reopens the database and looks every reported number up. */
#include <errno.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <time.h>
#include "core/applicant.h"
#include "core/audit.h"
#include "core/case.h"
#include "core/catalogue.h"
#include "core/db_internal.h"
#include "core/org.h"
#include "test_core_util.h"

/* The SQLite handle behind a test's database: this group looks into SQLite's file on purpose
 * (and runs on SQLite only). */
#define DB_H(db) ((sqlite3 *)bm_store_native((db)->store))

static int first_matter(const bm_matter_brief *m, void *ctx)
{
    if (m->is_bundle || m->promised_days == 0)
        return 0;
    snprintf(ctx, 24, "%s", m->code);
    return 1;
}

static int first_person(const bm_applicant *a, void *ctx)
{
    if (strcmp(a->village_name, "新桥村") != 0)
        return 0;
    *(int64_t *)ctx = a->id;
    return 1;
}

static void intake_forever(const char *path, int fd)
{
    bm_db *db;
    bm_err err;
    if (bm_db_open(path, &db, &err) != BM_OK)
        _exit(2);
    bm_actor clerk = tu_actor(db, "clerk");
    char matter[24] = "";
    int64_t person = 0;
    bm_matter_search(db, NULL, first_matter, matter, &err);
    bm_applicant_search(db, &clerk, "z", 50, 0, first_person, &person, &err);
    if (!matter[0] || !person)
        _exit(3);
    for (int i = 0;; i++) {
        bm_intake in = {.applicant_id = person, .matter_code = matter,
                        .channel = BM_CHANNEL_WINDOW, .mode = BM_INTAKE_DRAFT};
        bm_case c;
        if (bm_case_intake(db, &clerk, &in, &c, &err) != BM_OK)
            _exit(4);
        /* Only now is the case committed: report it. */
        char line[32];
        int n = snprintf(line, sizeof line, "%s\n", c.no);
        if (write(fd, line, (size_t)n) != n)
            _exit(5);
    }
}

static void committed_cases_survive_sigkill(void **state)
{
    (void)state;
    bm_db *db = tu_demo_db("crash.db");
    bm_db_close(db);
    const char *path = tu_path("crash.db");
    for (int round = 0; round < 3; round++) {
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            intake_forever(path, fds[1]);
        }
        close(fds[1]);
        /* Read until a few cases are in, then kill at an arbitrary moment. */
        static char buf[1 << 16];
        size_t len = 0;
        int lines = 0, want = 15 + 10 * round;
        while (lines < want) {
            ssize_t n = read(fds[0], buf + len, sizeof buf - len - 1);
            if (n <= 0)
                break;
            for (ssize_t i = 0; i < n; i++)
                lines += buf[len + (size_t)i] == '\n';
            len += (size_t)n;
        }
        struct timespec pause = {0, 3000000L * (round + 1)};
        nanosleep(&pause, NULL);
        kill(pid, SIGKILL);
        for (;;) {   /* whatever was written before death */
            ssize_t n = read(fds[0], buf + len, sizeof buf - len - 1);
            if (n <= 0)
                break;
            len += (size_t)n;
        }
        close(fds[0]);
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        buf[len] = '\0';

        bm_err err;
        assert_int_equal(bm_db_open(path, &db, &err), BM_OK);   /* runs the integrity check */
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(DB_H(db), "PRAGMA integrity_check", -1, &st, NULL),
                         SQLITE_OK);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
        sqlite3_finalize(st);
        bm_actor clerk = tu_actor(db, "clerk");
        int found = 0;
        for (char *save = NULL, *no = strtok_r(buf, "\n", &save); no;
             no = strtok_r(NULL, "\n", &save)) {
            bm_case c;
            if (bm_case_get_by_no(db, &clerk, no, &c, &err) != BM_OK)
                fail_msg("case %s was reported committed but is gone", no);
            found++;
        }
        assert_true(found >= want);
        int64_t broken, checked;
        assert_int_equal(bm_audit_verify(db, &broken, &checked, &err), BM_OK);
        assert_int_equal(broken, 0);
        print_message("# round %d: %d committed cases all there\n", round, found);
        bm_db_close(db);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(committed_cases_survive_sigkill),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return failed;
}
