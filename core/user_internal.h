/* Inside core only: adding an account with a ready-made hash (demo data shares one hash). */
#ifndef BM_USER_INTERNAL_H
#define BM_USER_INTERNAL_H

#include "core/user.h"

int bm_user_add_hashed(bm_db *db, const bm_actor *who, const char *login, const char *name,
                       int role, const char *org_code, const char *hash, const char *phone,
                       int64_t *id_out, bm_err *err);

#endif
