/* The matter catalogue (事项清单): matters with their materials, situations (情形) and flags,
 * and one-thing bundles (一件事). Every edit makes a new version; a case points at the version
 * it was accepted under, so old cases keep their old rules.
 *
 * The catalogue file format (core/data/catalogue.txt) is described in bm_catalogue_parse. */
#ifndef BM_CATALOGUE_H
#define BM_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "core/actor.h"
#include "core/db.h"

#define BM_MATTER_MATERIALS 32
#define BM_MATTER_SITUATIONS 8
#define BM_SITUATION_EFFECTS 8
#define BM_BUNDLE_MATTERS 12

enum bm_matter_flag {
    BM_FLAG_ZERO_MATERIAL = 1 << 0,   /* 零材料 */
    BM_FLAG_CITYWIDE = 1 << 1,        /* 全市通办 */
    BM_FLAG_INSPECTION = 1 << 2,      /* 现场踏勘 */
    BM_FLAG_NOTIFY_COMMIT = 1 << 3,   /* 告知承诺 */
};

typedef struct bm_material {
    char name[128];
    int original;      /* 1 original (原件), 0 copy (复印件) */
    int copies;
    int required;      /* 1 required, 0 optional */
    int commit_ok;     /* may be missing on commitment (容缺) */
} bm_material;

typedef struct bm_situation_effect {
    int add;           /* 1 add the material, 0 remove the material named */
    bm_material material;
} bm_situation_effect;

typedef struct bm_situation {
    char question[192];            /* a yes/no question; effects apply on "yes" */
    int neffects;
    bm_situation_effect effects[BM_SITUATION_EFFECTS];
} bm_situation;

typedef struct bm_matter {
    int64_t id;                    /* this version's row */
    char code[24];
    int version;
    int current;                   /* the version new cases use */
    char name[192];
    char title[192];               /* plain "我要…" title */
    char dept[48];
    char level[12];                /* county | township | village */
    char type[24];                 /* 许可 给付 确认 征收 裁决 奖励 其他 公共服务 */
    char basis[512];
    int legal_days;                /* 法定办结时限, working days, 0 = immediate */
    int promised_days;             /* 承诺办结时限, <= legal_days */
    int64_t fee_fen;               /* fee in fen (0.01 yuan) */
    char fee_basis[256];
    unsigned flags;                /* enum bm_matter_flag */
    int nmaterials;
    bm_material materials[BM_MATTER_MATERIALS];
    int nsituations;
    bm_situation situations[BM_MATTER_SITUATIONS];
    time_t created_at;
} bm_matter;

typedef struct bm_bundle {
    int64_t id;
    char code[24];
    int version;
    int current;
    char name[192];
    char title[192];
    int nmatters;
    char matters[BM_BUNDLE_MATTERS][24];   /* matter codes */
} bm_bundle;

/* A parsed catalogue file. */
typedef struct bm_catalogue {
    bm_matter *matters;
    size_t nmatters;
    bm_bundle *bundles;
    size_t nbundles;
} bm_catalogue;

/* Parses the catalogue text format. UTF-8; '#' starts a comment (a whole line, or after
 * whitespace at the end of a line); blank lines separate blocks; lines are "key: value".
 *
 *   matter: SB-001                   code, unique
 *   name: ... / title: 我要... / dept: 社保 / basis: ...
 *   level: county|township|village
 *   type: 许可|给付|确认|征收|裁决|奖励|其他|公共服务
 *   legal: 5 / promised: 0          working days, promised <= legal, 0 = immediate
 *   fee: 0 / fee: 9.5               yuan; fee_basis: ... required when fee > 0
 *   flags: zero_material citywide inspection notify_commit
 *   material: 名称 | original|copy | count | required|optional [| commit]
 *   situation: 问题？               followed by lines indented two spaces:
 *     add: <material spec>          (applies on "yes")
 *     remove: 名称
 *
 *   bundle: YJS-01 / name: ... / title: ... / matters: CODE CODE ...   (codes must exist)
 *
 * Malformed input: BM_EINVALID, the reason says what, the detail gives "line N: ...". */
int bm_catalogue_parse(const char *text, size_t len, bm_catalogue *out, bm_err *err);
void bm_catalogue_free(bm_catalogue *c);

/* Loads a catalogue into the database: new matters get version 1, changed ones a new
 * version, unchanged ones stay as they are. Bundle matter codes must exist (in the file or
 * already in the database). Admins only; audited. Counts may be NULL. */
int bm_catalogue_load(bm_db *db, const bm_actor *who, const char *text, size_t len,
                      int *added, int *changed, int *unchanged, bm_err *err);
int bm_catalogue_import(bm_db *db, const bm_actor *who, const char *path, int *added,
                        int *changed, int *unchanged, bm_err *err);

/* What importing the text would do, with nothing written: each(kind "matter" or "bundle",
 * code, name, change 1 changed (a new version) or 2 new, ctx) for every entry it would store;
 * unchanged ones are not named. each returns non-zero to stop. Admins only. */
int bm_catalogue_preview(bm_db *db, const bm_actor *who, const char *text, size_t len,
                         int (*each)(const char *kind, const char *code, const char *name,
                                     int change, void *ctx),
                         void *ctx, bm_err *err);
/* Saves one matter: a new version when anything differs from the current one (*version gets
 * the version in force afterwards). Admins only; audited with before/after. */
int bm_matter_save(bm_db *db, const bm_actor *who, const bm_matter *m, int *version,
                   bm_err *err);
int bm_bundle_save(bm_db *db, const bm_actor *who, const bm_bundle *b, int *version,
                   bm_err *err);

/* Reading. out is large (~20 KB): allocate it, don't put many on the stack. */
int bm_matter_current(bm_db *db, const char *code, bm_matter *out, bm_err *err);
int bm_matter_by_id(bm_db *db, int64_t id, bm_matter *out, bm_err *err);
int bm_bundle_current(bm_db *db, const char *code, bm_bundle *out, bm_err *err);
int bm_bundle_by_id(bm_db *db, int64_t id, bm_bundle *out, bm_err *err);

/* Every version of a matter, oldest first: each(matter id, version, ctx). */
int bm_matter_versions(bm_db *db, const char *code,
                       int (*each)(int64_t id, int version, void *ctx), void *ctx, bm_err *err);

/* One line of the catalogue for lists and pickers. */
typedef struct bm_matter_brief {
    int64_t id;
    char code[24];
    int version;
    char name[192];
    char title[192];
    char dept[48];
    char level[12];
    int legal_days, promised_days;
    int64_t fee_fen;
    unsigned flags;
    int is_bundle;      /* a bundle: name/title are the bundle's, the rest 0 */
} bm_matter_brief;

/* Current matters and bundles, ordered by code. query NULL/"" for all; otherwise a code
 * prefix, a piece of the name or title, or pinyin initials of the name or title (zgrz finds
 * 资格认证). */
int bm_matter_search(bm_db *db, const char *query, int (*each)(const bm_matter_brief *m, void *ctx),
                     void *ctx, bm_err *err);

/* The materials a case needs: the matter's list with the situations answered "yes" applied.
 * answers: one character per situation, 'Y' yes, anything else no (may be shorter). Returns
 * the count written to out (at most max). */
int bm_matter_materials_for(const bm_matter *m, const char *answers, bm_material *out, int max);

/* "original"/"copy" etc. */
const char *bm_flag_names(unsigned flags, char *buf, size_t n);

#endif
