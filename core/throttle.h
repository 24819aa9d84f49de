/* What server processes sharing one database must agree on besides the accounts: the growing
 * delay for an address that keeps failing to log in (so a client that reconnects to another
 * process waits as long), and a version per kind of data a process keeps a copy of, raised by
 * every change so the other processes know to read it again. */
#ifndef BM_THROTTLE_H
#define BM_THROTTLE_H

#include <stdint.h>
#include "core/db.h"

#define BM_THROTTLE_WINDOW_MS (15 * 60 * 1000LL)   /* failures older than this are forgotten */

/* How long an address waits after its n-th failure within the window: nothing for the first
 * three, then a quarter second doubling up to eight seconds. */
int64_t bm_throttle_delay_ms(int failures);

/* Records a failed login from addr at now (milliseconds since the epoch) and forgets the
 * addresses that have not failed within the window. *wait_ms gets how long the address now
 * waits before its next attempt is checked, *failures (may be NULL) its count. */
int bm_throttle_fail(bm_db *db, const char *addr, int64_t now, int64_t *wait_ms, int *failures,
                     bm_err *err);
/* When addr may next have a password checked (milliseconds since the epoch): *until is 0
 * when it need not wait. */
int bm_throttle_until(bm_db *db, const char *addr, int64_t now, int64_t *until, bm_err *err);

/* The version of a kind of data ("calendar"): 0 until it first changes. */
int bm_data_version(bm_db *db, const char *name, int64_t *version, bm_err *err);
/* Raises it; called inside the transaction that changes that data. */
int bm_data_version_raise(bm_db *db, const char *name, bm_err *err);

#endif
