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

/* A matter the catalogue no longer takes new cases for (a "retire:" block of a file). */
typedef struct bm_retirement {
    char code[24];
    char reason[160];
} bm_retirement;

/* A parsed catalogue file. */
typedef struct bm_catalogue {
    bm_matter *matters;
    size_t nmatters;
    bm_bundle *bundles;
    size_t nbundles;
    bm_retirement *retired;
    size_t nretired;
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
 *   retire: SB-009 / reason: ...   the matter takes no new case from now on (it must exist)
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
 * code, name, change, ctx) with change BM_CAT_CHANGED (a new version), BM_CAT_NEW or
 * BM_CAT_RETIRED, for every entry it would store or retire; unchanged ones are not named.
 * each returns non-zero to stop. Admins only. */
enum { BM_CAT_CHANGED = 1, BM_CAT_NEW = 2, BM_CAT_RETIRED = 3 };
int bm_catalogue_preview(bm_db *db, const bm_actor *who, const char *text, size_t len,
                         int (*each)(const char *kind, const char *code, const char *name,
                                     int change, void *ctx),
                         void *ctx, bm_err *err);
/* The same for a catalogue file on the server. */
int bm_catalogue_preview_file(bm_db *db, const bm_actor *who, const char *path,
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
    int retired;        /* a retired matter (bm_catalogue_browse only lists these) */
} bm_matter_brief;

/* Current matters and bundles that take new cases, ordered by code. query NULL/"" for all;
 * otherwise a code prefix, a piece of the name or title, or pinyin initials of the name or
 * title (zgrz finds 资格认证). A retired matter is found only by its exact code (marked
 * retired), so intake can say why it refuses it. */
int bm_matter_search(bm_db *db, const char *query, int (*each)(const bm_matter_brief *m, void *ctx),
                     void *ctx, bm_err *err);
/* The same for the administrator's catalogue: retired matters too, marked retired. */
int bm_catalogue_browse(bm_db *db, const char *query,
                        int (*each)(const bm_matter_brief *m, void *ctx), void *ctx, bm_err *err);

/* The materials a case needs: the matter's list with the situations answered "yes" applied.
 * answers: one character per situation, 'Y' yes, anything else no (may be shorter). Returns
 * the count written to out (at most max). */
int bm_matter_materials_for(const bm_matter *m, const char *answers, bm_material *out, int max);

/* ---- the administrator's catalogue work (core/catalogue_admin.c) ---- */

/* Changes one field of m as a catalogue file line "key: value" would set it: name, title,
 * dept, basis, level, type, legal, promised, fee (yuan), fee_basis, flags (an empty value
 * clears fee_basis and flags). BM_EINVALID with the file's reason otherwise. */
int bm_matter_apply_key(bm_matter *m, const char *key, const char *value, bm_err *err);

/* Edits the current version of a matter: each key set to its value (bm_matter_apply_key),
 * saved as a new version when anything changed (*version: the version in force afterwards).
 * Cases keep the version they were made with. Admins only; audited. */
int bm_matter_edit(bm_db *db, const bm_actor *who, const char *code, const char *const *keys,
                   const char *const *values, int n, int *version, bm_err *err);

/* When and why a matter was retired. */
typedef struct bm_matter_retired_info {
    time_t at;
    char by[40];         /* the login, "" for the operator's shell */
    char reason[160];
} bm_matter_retired_info;

/* Retires a matter: new intake of it (alone or in a bundle) is refused from now on; its
 * versions and the cases made under them stay. A reason is required. Admins only; audited. */
int bm_matter_retire(bm_db *db, const bm_actor *who, const char *code, const char *reason,
                     bm_err *err);
/* 1 retired (out filled when not NULL), 0 not, <0 failed (err filled). */
int bm_matter_is_retired(bm_db *db, const char *code, bm_matter_retired_info *out, bm_err *err);
/* BM_OK when a case may be taken for the matter or bundle; BM_EINVALID naming the retired
 * matter otherwise. */
int bm_catalogue_intake_open(bm_db *db, const char *matter_code, const char *bundle_code,
                             bm_err *err);

/* What differs between two versions of a matter, field by field: each(label, before, after,
 * ctx), label an N_() word of the field ("Promised days", "Material" ...), before or after ""
 * for a material or situation that is only on one side. word (NULL: as they are) turns the
 * N_() words inside values (levels, flags, original/copy ...) into the reader's language.
 * Returns the count of differences. */
int bm_matter_diff(const bm_matter *a, const bm_matter *b, const char *(*word)(const char *),
                   void (*each)(const char *label, const char *before, const char *after,
                                void *ctx),
                   void *ctx);
/* A fee in fen as yuan with two decimals ("9.50", "0.00"), as a file's fee: line takes it. */
const char *bm_fee_text(int64_t fen, char *buf, size_t n);

/* "original"/"copy" etc. */
const char *bm_flag_names(unsigned flags, char *buf, size_t n);

#endif
