/* Password rules a clerk can meet (at least 8 characters, not the login, not one of the 1,000
 * most common passwords shipped in core/data/) and the one-time passwords an administrator
 * hands out, which the user must change at the first login. Nothing here keeps or logs a
 * password. */
#ifndef BM_PASSWORD_H
#define BM_PASSWORD_H

#include <stddef.h>
#include "core/err.h"

#define BM_PASSWORD_MIN 8
#define BM_ONETIME_LEN 10

/* BM_OK when password may be the password of login, else BM_EINVALID saying which rule it
 * breaks. */
int bm_password_acceptable(const char *login, const char *password, bm_err *err);

/* 1 when password is on the shipped list of common passwords (letters in any case). */
int bm_password_is_common(const char *password);

/* A fresh one-time password (BM_ONETIME_LEN letters and digits, none that read alike such as
 * 0/o or 1/l) from the kernel's random source, meeting the rules for login. */
int bm_password_onetime(const char *login, char *out, size_t cap, bm_err *err);

#endif
