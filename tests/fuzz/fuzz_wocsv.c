/* Fuzz target for the 12345 work-order CSV importer (the hotline platform's files): the file
 * loaded by bm_wo_import_text into a fresh copy of the demo database, by the demo centre's
 * duty officer (an input of even length) or its clerk (odd length), the clock pinned.
 * A refused file has a reason, reports nothing imported and enters no order; an accepted one
 * enters exactly as many orders as it reports; importing an accepted file again enters
 * nothing: its order numbers are taken, so a file that entered any order is refused
 * (BM_ECONFLICT), and one that entered none (a header only) enters none again.
 * Orders are counted as the centre's open orders (bm_wo_list_open): an imported one is new.
 * Input: the file's bytes. */
#define FDB_INIT_FLAGS BM_INIT_DEMO
#include "core/date.h"
#include "core/workorder.h"
#include "tests/fuzz/fuzz_db.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int count_one(const bm_workorder *o, void *ctx)
{
    (void)o;
    ++*(int *)ctx;
    return 0;
}

/* The open orders of the actor's centre. */
static int open_orders(bm_db *db, const bm_actor *who)
{
    enum { PAGE = 500 };
    int total = 0;
    for (;;) {
        int n = 0;
        bm_err err;
        if (bm_wo_list_open(db, who, PAGE, total, count_one, &n, &err) != BM_OK)
            abort();
        total += n;
        if (n < PAGE)
            return total;
    }
}

static bm_actor actor_of(bm_db *db, const char *login, bm_user *u)
{
    bm_err err;
    if (bm_user_get(db, login, u, &err) != BM_OK)
        abort();
    return (bm_actor){ .user_id = u->id, .login = u->login, .role = u->role,
                       .org_id = u->org_id, .session = "fuzz", .addr = "127.0.0.1" };
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bm_day today;
    if (bm_day_parse("2026-11-30", &today) != 0)
        abort();
    bm_clock_set(bm_time_at(today, 10 * 60));   /* 2026-11-30 10:00, every input alike */
    bm_db *db = fdb_fresh();
    bm_user u;
    bm_actor who = actor_of(db, size % 2 ? "clerk" : "duty", &u);
    int before = open_orders(db, &who);
    bm_err err;
    memset(&err, 0, sizeof err);
    int n = -1, line = -1;
    int rc = bm_wo_import_text(db, &who, (const char *)data, size, &n, &line, &err);
    int after = open_orders(db, &who);
    if (rc != BM_OK) {
        if (!err.reason || n != 0 || line < 0)
            abort();
        if (after != before)
            abort();   /* a refused file entered orders */
    } else {
        if (n < 0 || after - before != n)
            abort();   /* entered other than it reported */
        int again = -1;
        memset(&err, 0, sizeof err);
        int rc2 = bm_wo_import_text(db, &who, (const char *)data, size, &again, &line, &err);
        if (again != 0 || open_orders(db, &who) != after)
            abort();   /* the same file entered orders twice */
        if (n > 0 ? rc2 != BM_ECONFLICT : rc2 != BM_OK)
            abort();
    }
    bm_db_close(db);
    return 0;
}
