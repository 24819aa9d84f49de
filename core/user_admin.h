/* The administrator's account maintenance (BM910-BM913 and `bianmin user`): finding accounts,
 * adding one with a one-time password the user must change at the first login, resetting a
 * password, changing role or unit, locking with a reason, removing a key, and the last login.
 * Every change is audited with before and after; no password is ever kept or logged. */
#ifndef BM_USER_ADMIN_H
#define BM_USER_ADMIN_H

#include <stddef.h>
#include <time.h>
#include "core/user.h"

/* An account as the administrator sees it. */
typedef struct bm_user_info {
    bm_user u;
    char phone[24];
    char lock_reason[128];
    int must_change;      /* holds a one-time password: must change it at the next login */
    time_t last_login;    /* 0 never */
    int keys;             /* public keys registered */
} bm_user_info;

int bm_user_info_get(bm_db *db, const char *login, bm_user_info *out, bm_err *err);

/* Accounts whose login, name, pinyin initials, unit or role name hold query ("" every one),
 * ordered by login; admins only. each returns non-zero to stop. */
int bm_user_find(bm_db *db, const bm_actor *who, const char *query,
                 int (*each)(const bm_user_info *u, void *ctx), void *ctx, bm_err *err);

/* Adds an account with a fresh one-time password written into onetime (to be shown once);
 * phone may be NULL. */
int bm_user_add_onetime(bm_db *db, const bm_actor *who, const char *login, const char *name,
                        int role, const char *org_code, const char *phone, char *onetime,
                        size_t cap, bm_err *err);
/* Gives the account a fresh one-time password (written into onetime) and unlocks nothing. */
int bm_user_reset_password(bm_db *db, const bm_actor *who, const char *login, char *onetime,
                           size_t cap, bm_err *err);
/* The logged-in user sets their own password (the rules apply); clears the one-time mark. */
int bm_user_change_own_password(bm_db *db, const bm_actor *who, const char *password,
                                bm_err *err);
/* 1 when the account holds a one-time password to change now, 0 not, <0 on error. */
int bm_user_must_change(bm_db *db, int64_t user_id);

/* Locks (with a reason, required) or unlocks (reason optional) an account; an admin cannot
 * lock themselves out. */
int bm_user_lock(bm_db *db, const bm_actor *who, const char *login, int locked,
                 const char *reason, bm_err *err);
/* Moves an account to another role and/or unit (role 0 or org_code NULL keep them). */
int bm_user_set_place(bm_db *db, const bm_actor *who, const char *login, int role,
                      const char *org_code, bm_err *err);
/* Removes one stored key line (as bm_user_keys gives it). */
int bm_user_key_remove(bm_db *db, const bm_actor *who, const char *login, const char *key_line,
                       bm_err *err);

#endif
