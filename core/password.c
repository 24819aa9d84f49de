/* Password rules and one-time passwords (see password.h). The common-password list is carried
 * inside the program (core/data/common-passwords.txt, embedded at build time). */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include "core/embedded.h"
#include "core/password.h"

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

int bm_password_is_common(const char *password)
{
    if (!password || !*password)
        return 0;
    size_t n = strlen(password);
    const char *p = (const char *)bm_embedded_common_passwords;
    const char *end = p + bm_embedded_common_passwords_len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        size_t len = (size_t)((eol ? eol : end) - p);
        if (len && p[len - 1] == '\r')
            len--;
        if (len == n && p[0] != '#' && strncasecmp(p, password, n) == 0)
            return 1;
        p = eol ? eol + 1 : end;
    }
    return 0;
}

/* Whether hay holds needle, ignoring the case of ASCII letters. */
static int holds_folded(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return 1;
    return 0;
}

int bm_password_acceptable(const char *login, const char *password, bm_err *err)
{
    if (!password || utf8_chars(password) < BM_PASSWORD_MIN)
        return bm_fail(err, BM_EINVALID, N_("A password needs at least 8 characters"), NULL);
    if (strlen(password) > 256)
        return bm_fail(err, BM_EINVALID, N_("The password is too long"), NULL);
    /* The login is what anyone nearby knows: a password holding it is guessed first. */
    if (login && strlen(login) >= 3 && holds_folded(password, login))
        return bm_fail(err, BM_EINVALID, N_("The password must not contain the login name"),
                       NULL);
    if (bm_password_is_common(password))
        return bm_fail(err, BM_EINVALID,
                       N_("This password is one of the most common ones: choose another"), NULL);
    return BM_OK;
}

int bm_password_onetime(const char *login, char *out, size_t cap, bm_err *err)
{
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
    if (cap < BM_ONETIME_LEN + 1)
        return bm_fail(err, BM_EINVALID, N_("Cannot make a one-time password"), "buffer");
    for (int tries = 0; tries < 16; tries++) {
        unsigned char raw[BM_ONETIME_LEN];
        size_t got = 0;
        while (got < sizeof raw) {
            ssize_t r = getrandom(raw + got, sizeof raw - got, 0);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                return bm_fail(err, BM_EDB, N_("Cannot make a one-time password"),
                               "getrandom: %s", strerror(errno));
            got += (size_t)r;
        }
        /* 248 is a multiple of the 31 letters: reject above it so each is equally likely. */
        size_t n = 0;
        for (size_t i = 0; i < sizeof raw && n < BM_ONETIME_LEN; i++)
            if (raw[i] < 248)
                out[n++] = alphabet[raw[i] % 31];
        if (n < BM_ONETIME_LEN)
            continue;
        out[n] = 0;
        if (bm_password_acceptable(login, out, NULL) == BM_OK)
            return BM_OK;
    }
    return bm_fail(err, BM_EDB, N_("Cannot make a one-time password"), "random source");
}
