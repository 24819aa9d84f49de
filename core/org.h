/* The organisation tree: county -> township/street centres -> village rooms; windows at
 * centres; groups (村民小组) and grids (网格) in villages. Office hours per centre. */
#ifndef BM_ORG_H
#define BM_ORG_H

#include <stdint.h>
#include "core/actor.h"
#include "core/db.h"

enum bm_org_kind {
    BM_ORG_COUNTY = 1,   /* 县政务服务中心 */
    BM_ORG_TOWNSHIP,     /* 乡镇（街道）便民服务中心 */
    BM_ORG_VILLAGE,      /* 村（社区）便民服务室 */
    BM_ORG_WINDOW,       /* 综合窗口, at a centre */
    BM_ORG_GROUP,        /* 村民小组, in a village */
    BM_ORG_GRID          /* 网格, in a village */
};

const char *bm_org_kind_name(int kind);   /* "county", "township", ... */
int bm_org_kind_from_name(const char *name);
/* A unit code: 1 to 32 of a-z, 0-9, '.', '-', '_' (a login is one that starts with a letter). */
int bm_org_code_valid(const char *code);

/* Office hours as up to four [start, end) periods in minutes after midnight. */
typedef struct bm_office_hours {
    int n;
    int start[4], end[4];
} bm_office_hours;

/* "09:00-12:00,14:00-17:30" -> hours; "" gives the default. 0 ok, -1 malformed. */
int bm_office_hours_parse(const char *spec, bm_office_hours *out);
void bm_office_hours_default(bm_office_hours *out);
void bm_office_hours_format(const bm_office_hours *h, char *buf, size_t n);

typedef struct bm_org {
    int64_t id;
    char code[33];
    char name[128];
    int kind;
    int64_t parent_id;
    int64_t centre_id;    /* the township centre (itself for a township), 0 for the county */
    int64_t village_id;   /* the village (itself for a village), 0 above villages */
    char phone[24];
    char lang[8];         /* second service language of the unit, e.g. "bo", "ii"; "" none */
    bm_office_hours hours;
    int active;
} bm_org;

int bm_org_get(bm_db *db, int64_t id, bm_org *out, bm_err *err);
int bm_org_get_by_code(bm_db *db, const char *code, bm_org *out, bm_err *err);
int bm_org_county(bm_db *db, bm_org *out, bm_err *err);
/* Children of parent_id (0 = the root), ordered by code. */
int bm_org_children(bm_db *db, int64_t parent_id, int (*each)(const bm_org *o, void *ctx),
                    void *ctx, bm_err *err);

/* Every unit, the county first and each unit followed by its children (ordered by code), with
 * its depth (0 for the county): what `bianmin org list` prints, so an operator can find the code
 * `bianmin user add --org` wants. each returns non-zero to stop. */
int bm_org_list(bm_db *db, int (*each)(const bm_org *o, int depth, void *ctx), void *ctx,
                bm_err *err);

/* Maintenance (admins, audited). parent_code NULL only for the county. The kind must fit
 * under the parent's kind (township under county, village and window under township, group
 * and grid under village). */
int bm_org_add(bm_db *db, const bm_actor *who, const char *code, const char *name, int kind,
               const char *parent_code, const char *phone, bm_err *err);
int bm_org_set_office_hours(bm_db *db, const bm_actor *who, const char *code, const char *spec,
                            bm_err *err);
int bm_org_set_lang(bm_db *db, const bm_actor *who, const char *code, const char *lang,
                    bm_err *err);

/* The administrator's maintenance (org_admin.c; audited with before and after). A unit is
 * never deleted. Moving a village (with its groups and grids) to another township: its past
 * cases stay with the centre that took them, new ones go to the new centre. Retiring needs
 * the units under it retired or moved first. */
int bm_org_rename(bm_db *db, const bm_actor *who, const char *code, const char *name,
                  bm_err *err);
int bm_org_set_phone(bm_db *db, const bm_actor *who, const char *code, const char *phone,
                     bm_err *err);
int bm_org_move(bm_db *db, const bm_actor *who, const char *code, const char *township_code,
                bm_err *err);
int bm_org_retire(bm_db *db, const bm_actor *who, const char *code, bm_err *err);

#endif
