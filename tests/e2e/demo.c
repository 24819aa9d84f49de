/* What the demo database holds, read beside the running server (see demo.h). */
#include "tests/e2e/demo.h"
#include "core/validate.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *open_readonly(bmt_server *s)
{
    char path[600];
    snprintf(path, sizeof path, "%s/bianmin.db", bmt_server_datadir(s));
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "# cannot open %s: %s\n", path, db ? sqlite3_errmsg(db) : "?");
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 5000);
    return db;
}

char *demo_db_text(bmt_server *s, const char *sql, const char *param)
{
    sqlite3 *db = open_readonly(s);
    if (!db)
        return NULL;
    sqlite3_stmt *st;
    char *out = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "# bad query %s: %s\n", sql, sqlite3_errmsg(db));
        sqlite3_close(db);
        return NULL;
    }
    if (param)
        sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

long demo_db_long(bmt_server *s, const char *sql, const char *param)
{
    char *v = demo_db_text(s, sql, param);
    long n = v ? strtol(v, NULL, 10) : -1;
    free(v);
    return n;
}

int demo_known_applicant(bmt_server *s, int nth, char id[19])
{
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT id_no FROM applicant a WHERE kind = 1 AND village_id IN (SELECT id FROM "
             "org_unit WHERE code LIKE 'qinglin.%%') ORDER BY id LIMIT 1 OFFSET %d", nth);
    char *v = demo_db_text(s, sql, NULL);
    if (!v)
        return -1;
    snprintf(id, 19, "%s", v);
    free(v);
    return 0;
}

void demo_new_id(const char *first17, char out[19])
{
    memcpy(out, first17, 17);
    out[17] = bm_id_check_char(first17);
    out[18] = 0;
}
