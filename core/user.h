/* Staff accounts: roles, passwords (yescrypt), public keys, locks and failed-login accounting. */
#ifndef BM_USER_H
#define BM_USER_H

#include <stdint.h>
#include <stddef.h>
#include <time.h>
#include "core/actor.h"
#include "core/db.h"

typedef struct bm_user {
    int64_t id;
    char login[33];
    char name[64];        /* display name, UTF-8, e.g. 张敏 */
    int role;             /* enum bm_role */
    int64_t org_id;       /* the unit the user belongs to */
    char org_name[128];   /* that unit's name, e.g. 青林镇便民服务中心 */
    int locked;           /* locked by an admin */
    char lang[8];         /* UI language preference, "" = default */
    char charset[16];     /* terminal charset preference, "" = unset */
    char lines[8];        /* line drawing: "" automatic, "dec", "unicode" or "ascii" */
} bm_user;

int bm_user_get(bm_db *db, const char *login, bm_user *out, bm_err *err);
int bm_user_get_by_id(bm_db *db, int64_t id, bm_user *out, bm_err *err);

/* The stored yescrypt hash for login (BM_ENOTFOUND if none). */
int bm_user_password_hash(bm_db *db, const char *login, char *hash, size_t hashlen, bm_err *err);

/* Pure functions, safe to call from another thread: make a yescrypt hash, check one. */
int bm_password_make(const char *password, char *hash, size_t hashlen, bm_err *err);
int bm_password_matches(const char *password, const char *hash);   /* 1 yes, 0 no */

/* Account maintenance (audited). Passwords must meet core/password.h's rules (the demo data
 * aside). */
int bm_user_add(bm_db *db, const bm_actor *who, const char *login, const char *name,
                int role, const char *org_code, const char *password, bm_err *err);
int bm_user_set_password(bm_db *db, const bm_actor *who, const char *login,
                         const char *password, bm_err *err);
/* (Un)locks with a plain reason; user_admin.h's bm_user_lock takes the admin's own. */
int bm_user_set_locked(bm_db *db, const bm_actor *who, const char *login, int locked,
                       bm_err *err);
/* Whether a role may belong to a kind of unit (agents in villages; clerks, duty staff and
 * supervisors in centres; admins at the county or a centre). */
int bm_role_fits_unit(int role, int unit_kind);
/* key_line is one OpenSSH authorized_keys line (already parsed and checked by the caller). */
int bm_user_key_add(bm_db *db, const bm_actor *who, const char *login, const char *key_line,
                    bm_err *err);
/* Calls each(key_line, ctx) for every stored key of login; stops early if each returns non-zero. */
int bm_user_keys(bm_db *db, const char *login, int (*each)(const char *key_line, void *ctx),
                 void *ctx, bm_err *err);
/* Calls each(user, ctx) for every account, ordered by login. */
int bm_user_list(bm_db *db, int (*each)(const bm_user *u, void *ctx), void *ctx, bm_err *err);
/* The acting user's own display preferences (audited); NULL leaves one as it is. */
int bm_user_set_prefs(bm_db *db, const bm_actor *who, const char *lang, const char *charset,
                      const char *lines, bm_err *err);

/* Failed-login accounting, kept in the database so a restart does not reset it. */
int bm_login_failure_add(bm_db *db, const char *login, const char *addr, time_t when, bm_err *err);
/* Failures for login since `since` (count into *n). */
int bm_login_failures(bm_db *db, const char *login, time_t since, int *n, bm_err *err);

/* Audit of a session event: "login", "logout", "login-failed", "refused" (what), with a note. */
int bm_audit_session(bm_db *db, const bm_actor *who, const char *what, const char *note,
                     bm_err *err);

#endif
