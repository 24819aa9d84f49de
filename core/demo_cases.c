/* The demo county's applicants and past cases (filled in with the case module). */
#include "core/demo_internal.h"

int bm_demo_people_and_cases(bm_db *db, const bm_actor *shell, bm_err *err)
{
    (void)db;
    (void)shell;
    (void)err;
    return BM_OK;
}
