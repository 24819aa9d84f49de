/* Inside core only: adding an account with a ready-made hash (demo data shares one hash), and
 * the steps every account change shares. */
#ifndef BM_USER_INTERNAL_H
#define BM_USER_INTERNAL_H

#include "core/store.h"
#include "core/user.h"

int bm_user_add_hashed(bm_db *db, const bm_actor *who, const char *login, const char *name,
                       int role, const char *org_code, const char *hash, const char *phone,
                       int64_t *id_out, bm_err *err);

/* The account `login` when the actor is an admin, or (self_ok) the account itself. */
int bm_user_target(bm_db *db, const bm_actor *who, const char *login, int self_ok, bm_user *u,
                   bm_err *err);
/* Runs st (inside a transaction the caller began), audits what with before and after, and
 * ends the transaction. */
int bm_user_audited_update(bm_db *db, const bm_actor *who, bm_stmt *st, const char *what,
                           const char *login, const char *before, const char *after,
                           bm_err *err);

#endif
