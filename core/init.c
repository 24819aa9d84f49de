/* Creating a database: the schema, the county, the first admin (or the demo county), and the
 * official calendar the program carries. */
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include "core/audit.h"
#include "core/audit_internal.h"
#include "core/calendar.h"
#include "core/db_internal.h"
#include "core/demo.h"
#include "core/embedded.h"
#include "core/org.h"
#include "core/user_internal.h"

/* No 0/O, 1/l/I: the password is read off a screen and typed. */
static const char pw_alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

static int random_password(char *out, size_t n, bm_err *err)
{
    const size_t want = 16, k = sizeof pw_alphabet - 1;
    if (n < want + 1)
        return bm_fail(err, BM_EINVALID, N_("The password buffer is too small"), NULL);
    size_t got = 0;
    while (got < want) {
        unsigned char b[32];
        if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b)
            return bm_fail(err, BM_EDB, N_("No randomness from the system"), NULL);
        for (size_t i = 0; i < sizeof b && got < want; i++)
            if (b[i] < 256 - 256 % k)   /* reject the biased tail */
                out[got++] = pw_alphabet[b[i] % k];
    }
    out[got] = '\0';
    return BM_OK;
}

static int create_plain(bm_db *db, const bm_actor *shell, char *pw, size_t pwlen, bm_err *err)
{
    int rc = bm_org_add(db, shell, "county", "县政务服务中心", BM_ORG_COUNTY, NULL, "", err);
    if (rc != BM_OK || (rc = random_password(pw, pwlen, err)) != BM_OK)
        return rc;
    char hash[256];
    if ((rc = bm_password_make(pw, hash, sizeof hash, err)) != BM_OK)
        return rc;
    return bm_user_add_hashed(db, shell, "admin", "管理员", BM_ROLE_ADMIN, "county", hash, NULL,
                              NULL, err);
}

static int build(const char *url, const char *final_url, int flags, char *admin_password,
                 size_t pwlen, bm_err *err)
{
    bm_db *db;
    int rc = bm_db_open_raw(url, 1, &db, err);
    if (rc != BM_OK)
        return rc;
    const bm_actor shell = {.user_id = 0, .login = "", .role = BM_ROLE_ADMIN, .org_id = 0,
                            .session = "", .addr = ""};
    rc = bm_schema_migrate(db, bm_schema_latest(), err);
    if (rc == BM_OK)
        rc = bm_audit_anchor_open(db, final_url, 1, err);
    if (rc == BM_OK && (rc = bm_tx_begin(db, err)) == BM_OK) {
        int days;
        rc = bm_calendar_import_text(db, &shell, (const char *)bm_embedded_calendar_2026,
                                     bm_embedded_calendar_2026_len, "calendar-2026.txt", &days,
                                     err);
        if (rc == BM_OK) {
            if (flags & BM_INIT_DEMO) {
                rc = bm_demo_build(db, &shell, err);
                if (rc == BM_OK)
                    bm_strlcpy(admin_password, "demo", pwlen);
            } else {
                rc = create_plain(db, &shell, admin_password, pwlen, err);
            }
        }
        rc = bm_tx_end(db, rc, err);
    }
    if (rc == BM_OK)
        rc = bm_audit_write_head(db, err);
    bm_db_close(db);
    return rc;
}

/* All or nothing: the database is built under another name and renamed into place only when
 * whole, so an interrupted init leaves no database without its administrator. */
int bm_db_init(const char *url, int flags, char *admin_password, size_t pwlen, bm_err *err)
{
    if (!admin_password || pwlen < 17)
        return bm_fail(err, BM_EINVALID, N_("The password buffer is too small"), NULL);
    admin_password[0] = '\0';
    if (bm_store_exists(url) == 1)
        return bm_fail(err, BM_ECONFLICT,
                       N_("The database already exists; remove it first to start afresh"), "%s",
                       url);
    char tmp[1024];
    /* A file is built beside the final one and renamed into place; a database on a server is
     * built where it is and marked whole at the end. */
    bm_store_building_url(url, tmp, sizeof tmp);
    bm_store_remove(tmp);   /* what an interrupted init left */
    int rc = build(tmp, url, flags, admin_password, pwlen, err);
    if (rc == BM_OK)
        rc = bm_store_publish(tmp, url, err);
    if (rc != BM_OK) {
        explicit_bzero(admin_password, pwlen);
        bm_store_remove(tmp);
    }
    return rc;
}
