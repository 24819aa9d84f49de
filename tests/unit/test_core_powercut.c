/* A power cut, not only a killed process: intakes run on a database whose file writes are
 * recorded by a crash-simulating SQLite VFS (a shim over the system's VFS). At a random write
 * or sync the power "goes": every write since each file's last sync is undone (all of them,
 * or a random part, as disks keep some sectors and lose others) and the process dies on the
 * spot. Reopened, the database must pass its integrity check and hold every case whose
 * intake had returned OK (every receipt the clerk was shown), and the audit log must be
 * whole and no shorter than its head.
 *
 * Why a VFS: this machine's kernel has no device-mapper (no /dev/mapper, no "device-mapper"
 * in /proc/misc), so dm-flakey / dm-log-writes cannot drop writes at the block layer. */
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include "core/applicant.h"
#include "core/audit.h"
#include "core/case.h"
#include "core/catalogue.h"
#include "core/db_internal.h"
#include "test_core_util.h"

/* ---- The crash-simulating VFS ---- */

typedef struct undo {
    sqlite3_int64 off;
    int len;
    unsigned char *old;          /* the bytes the write replaced (zeros past the old end) */
    sqlite3_int64 size_before;   /* the file's size before the write */
} undo;

typedef struct cfile {
    sqlite3_file base;
    sqlite3_file *real;
    undo *log;                   /* writes since the last sync, oldest first */
    int n, cap;
    struct cfile *next;
} cfile;

static sqlite3_vfs *sys_vfs;
static cfile *open_files;
static long ops, cut_at;
static unsigned seed;
static int partial;              /* 1: each unsynced write kept or lost at random */

static void forget(cfile *f)
{
    for (int i = 0; i < f->n; i++)
        sqlite3_free(f->log[i].old);
    f->n = 0;
}

static unsigned next_random(void)
{
    seed = seed * 1103515245u + 12345u;
    return seed >> 16;
}

/* The power goes: what was not synced is undone (newest first), then the process dies
 * without another byte written or a handle closed. */
static void power_cut(void)
{
    for (cfile *f = open_files; f; f = f->next) {
        int all = !partial || next_random() % 4 == 0;
        for (int i = f->n - 1; i >= 0; i--) {
            undo *u = &f->log[i];
            if (all || next_random() % 2)
                f->real->pMethods->xWrite(f->real, u->old, u->len, u->off);
        }
        if (all && f->n > 0)
            f->real->pMethods->xTruncate(f->real, f->log[0].size_before);
    }
    _exit(42);
}

static void tick(void)
{
    if (++ops == cut_at)
        power_cut();
}

static int c_close(sqlite3_file *p)
{
    cfile *f = (cfile *)p;
    for (cfile **q = &open_files; *q; q = &(*q)->next)
        if (*q == f) {
            *q = f->next;
            break;
        }
    forget(f);
    sqlite3_free(f->log);
    return f->real->pMethods->xClose(f->real);
}

static int c_read(sqlite3_file *p, void *buf, int n, sqlite3_int64 off)
{
    return ((cfile *)p)->real->pMethods->xRead(((cfile *)p)->real, buf, n, off);
}

static int record(cfile *f, int n, sqlite3_int64 off)
{
    if (f->n == f->cap) {
        int cap = f->cap ? 2 * f->cap : 64;
        undo *l = sqlite3_realloc(f->log, cap * (int)sizeof *l);
        if (!l)
            return SQLITE_NOMEM;
        f->log = l;
        f->cap = cap;
    }
    undo *u = &f->log[f->n];
    u->off = off;
    u->len = n;
    if (!(u->old = sqlite3_malloc(n)))
        return SQLITE_NOMEM;
    f->real->pMethods->xFileSize(f->real, &u->size_before);
    int rc = f->real->pMethods->xRead(f->real, u->old, n, off);
    if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ) {
        sqlite3_free(u->old);
        return rc;
    }
    f->n++;
    return SQLITE_OK;
}

static int c_write(sqlite3_file *p, const void *buf, int n, sqlite3_int64 off)
{
    cfile *f = (cfile *)p;
    tick();
    int rc = record(f, n, off);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xWrite(f->real, buf, n, off);
}

static int c_truncate(sqlite3_file *p, sqlite3_int64 size)
{
    cfile *f = (cfile *)p;
    tick();
    sqlite3_int64 now;
    int rc = f->real->pMethods->xFileSize(f->real, &now);
    if (rc == SQLITE_OK && now > size)
        rc = record(f, (int)(now - size), size);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xTruncate(f->real, size);
}

static int c_sync(sqlite3_file *p, int flags)
{
    cfile *f = (cfile *)p;
    tick();
    int rc = f->real->pMethods->xSync(f->real, flags);
    if (rc == SQLITE_OK)
        forget(f);   /* on the platter now */
    return rc;
}

#define PASS(name, args, call) \
    static int c_##name args { return ((cfile *)p)->real->pMethods->x##call; }
PASS(size, (sqlite3_file *p, sqlite3_int64 *s), FileSize(((cfile *)p)->real, s))
PASS(lock, (sqlite3_file *p, int l), Lock(((cfile *)p)->real, l))
PASS(unlock, (sqlite3_file *p, int l), Unlock(((cfile *)p)->real, l))
PASS(reserved, (sqlite3_file *p, int *r), CheckReservedLock(((cfile *)p)->real, r))
PASS(control, (sqlite3_file *p, int op, void *a), FileControl(((cfile *)p)->real, op, a))
PASS(sector, (sqlite3_file *p), SectorSize(((cfile *)p)->real))
PASS(device, (sqlite3_file *p), DeviceCharacteristics(((cfile *)p)->real))
PASS(shm_map, (sqlite3_file *p, int pg, int sz, int ext, void volatile **out),
     ShmMap(((cfile *)p)->real, pg, sz, ext, out))
PASS(shm_lock, (sqlite3_file *p, int off, int n, int flags), ShmLock(((cfile *)p)->real, off, n, flags))
PASS(shm_unmap, (sqlite3_file *p, int del), ShmUnmap(((cfile *)p)->real, del))
#undef PASS

static void c_shm_barrier(sqlite3_file *p)
{
    ((cfile *)p)->real->pMethods->xShmBarrier(((cfile *)p)->real);
}

static const sqlite3_io_methods crash_io = {
    .iVersion = 2,
    .xClose = c_close, .xRead = c_read, .xWrite = c_write, .xTruncate = c_truncate,
    .xSync = c_sync, .xFileSize = c_size, .xLock = c_lock, .xUnlock = c_unlock,
    .xCheckReservedLock = c_reserved, .xFileControl = c_control, .xSectorSize = c_sector,
    .xDeviceCharacteristics = c_device, .xShmMap = c_shm_map, .xShmLock = c_shm_lock,
    .xShmBarrier = c_shm_barrier, .xShmUnmap = c_shm_unmap,
};

static int c_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *p, int flags, int *out)
{
    (void)vfs;
    cfile *f = (cfile *)p;
    memset(f, 0, sizeof *f);
    f->real = (sqlite3_file *)(f + 1);
    int rc = sys_vfs->xOpen(sys_vfs, name, f->real, flags, out);
    if (rc != SQLITE_OK || !f->real->pMethods)
        return rc;
    f->base.pMethods = &crash_io;
    f->next = open_files;
    open_files = f;
    return SQLITE_OK;
}

static int c_delete(sqlite3_vfs *v, const char *n, int d) { (void)v; return sys_vfs->xDelete(sys_vfs, n, d); }
static int c_access(sqlite3_vfs *v, const char *n, int fl, int *o) { (void)v; return sys_vfs->xAccess(sys_vfs, n, fl, o); }
static int c_full(sqlite3_vfs *v, const char *n, int k, char *o) { (void)v; return sys_vfs->xFullPathname(sys_vfs, n, k, o); }
static int c_random(sqlite3_vfs *v, int n, char *o) { (void)v; return sys_vfs->xRandomness(sys_vfs, n, o); }
static int c_sleep(sqlite3_vfs *v, int us) { (void)v; return sys_vfs->xSleep(sys_vfs, us); }
static int c_time(sqlite3_vfs *v, double *t) { (void)v; return sys_vfs->xCurrentTime(sys_vfs, t); }
static int c_error(sqlite3_vfs *v, int n, char *o) { (void)v; return sys_vfs->xGetLastError(sys_vfs, n, o); }

static void crash_vfs_install(long cut, unsigned s, int part)
{
    static sqlite3_vfs vfs;
    sys_vfs = sqlite3_vfs_find(NULL);
    vfs = (sqlite3_vfs){
        .iVersion = 1, .szOsFile = (int)sizeof(cfile) + sys_vfs->szOsFile,
        .mxPathname = sys_vfs->mxPathname, .zName = "powercut", .xOpen = c_open,
        .xDelete = c_delete, .xAccess = c_access, .xFullPathname = c_full,
        .xRandomness = c_random, .xSleep = c_sleep, .xCurrentTime = c_time,
        .xGetLastError = c_error,
    };
    cut_at = cut;
    seed = s;
    partial = part;
    if (sqlite3_vfs_register(&vfs, 1) != SQLITE_OK)
        _exit(6);
}

/* ---- Intakes until the power goes ---- */

static int first_matter(const bm_matter_brief *m, void *ctx)
{
    if (m->is_bundle || m->promised_days == 0)
        return 0;
    snprintf(ctx, 24, "%s", m->code);
    return 1;
}

static int first_person(const bm_applicant *a, void *ctx)
{
    *(int64_t *)ctx = a->id;
    return 1;
}

enum { INTAKES = 150 };

static void intakes_until_the_power_goes(const char *path, int fd, long cut, unsigned s,
                                         int part)
{
    crash_vfs_install(cut, s, part);
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
    for (int i = 0; i < INTAKES; i++) {
        bm_intake in = {.applicant_id = person, .matter_code = matter,
                        .channel = BM_CHANNEL_WINDOW, .mode = BM_INTAKE_DRAFT};
        bm_case c;
        if (bm_case_intake(db, &clerk, &in, &c, &err) != BM_OK)
            _exit(4);
        /* The receipt is shown now: report it. */
        char line[32];
        int n = snprintf(line, sizeof line, "%s\n", c.no);
        if (write(fd, line, (size_t)n) != n)
            _exit(5);
    }
    _exit(0);   /* the power held for this round (handles left open, as in a cut) */
}

static void every_receipt_shown_survives_a_power_cut(void **state)
{
    (void)state;
    bm_db *db = tu_demo_db("powercut.db");
    bm_db_close(db);
    const char *path = tu_path("powercut.db");
    enum { ROUNDS = 16 };
    int cut_rounds = 0, total = 0;
    static char buf[1 << 16];
    for (int round = 0; round < ROUNDS; round++) {
        unsigned s = 7919u * (unsigned)(round + 1);
        long cut = 1 + (long)((s * 2654435761u) % 2500u);
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            intakes_until_the_power_goes(path, fds[1], cut, s, round % 2);
        }
        close(fds[1]);
        size_t len = 0;
        ssize_t n;
        while ((n = read(fds[0], buf + len, sizeof buf - len - 1)) > 0)
            len += (size_t)n;
        close(fds[0]);
        buf[len] = '\0';
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status));
        if (WEXITSTATUS(status) != 42 && WEXITSTATUS(status) != 0)
            fail_msg("round %d: the intakes stopped with status %d", round, WEXITSTATUS(status));
        cut_rounds += WEXITSTATUS(status) == 42;

        bm_err err;
        if (bm_db_open(path, &db, &err) != BM_OK)   /* runs the integrity check */
            fail_msg("round %d (cut at %ld): %s: %s", round, cut, err.reason, err.detail);
        assert_int_equal(tu_count(db, "SELECT count(*) FROM pragma_integrity_check "
                                      "WHERE integrity_check <> 'ok'"), 0);
        bm_actor clerk = tu_actor(db, "clerk");
        int found = 0;
        for (char *save = NULL, *no = strtok_r(buf, "\n", &save); no;
             no = strtok_r(NULL, "\n", &save)) {
            bm_case c;
            if (bm_case_get_by_no(db, &clerk, no, &c, &err) != BM_OK)
                fail_msg("round %d (cut at op %ld): case %s had its receipt shown but is gone",
                         round, cut, no);
            found++;
        }
        total += found;
        bm_audit_report r;
        assert_int_equal(bm_audit_check(db, &r, &err), BM_OK);
        assert_int_equal(r.first_broken, 0);
        assert_false(r.truncated);
        assert_false(r.head_mismatch);
        bm_db_close(db);
    }
    print_message("# figure: %d power cuts in %d rounds, %d receipts shown, all there\n",
                  cut_rounds, ROUNDS, total);
    assert_true(cut_rounds >= ROUNDS / 2);   /* the cuts did land mid-stream */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_receipt_shown_survives_a_power_cut),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return failed;
}
