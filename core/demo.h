/* The demo county (bianmin init --demo): a believable place to try every screen in. */
#ifndef BM_DEMO_H
#define BM_DEMO_H

#include "core/actor.h"
#include "core/db.h"

/* Builds the demo county into an empty database (inside the caller's transaction):
 * organisation, staff, catalogue, applicants and a few hundred past cases relative to
 * bm_now(). Deterministic: the same date gives the same data. */
int bm_demo_build(bm_db *db, const bm_actor *shell, bm_err *err);

#endif
