/* Applicants (申请人): natural persons with their ID number, and legal persons with their
 * unified social credit code. Lookup by ID, phone, name and pinyin initials. ID numbers are
 * shown masked (510722********1234) except where the work needs them in full: see
 * bm_applicant_show_id. */
#ifndef BM_APPLICANT_H
#define BM_APPLICANT_H

#include <stdint.h>
#include <time.h>
#include "core/actor.h"
#include "core/db.h"

enum bm_applicant_kind { BM_APPLICANT_PERSON = 1, BM_APPLICANT_LEGAL = 2 };

enum bm_special_group {
    BM_SPECIAL_ELDERLY = 1 << 0,       /* 老年人 */
    BM_SPECIAL_DISABLED = 1 << 1,      /* 残疾人 */
    BM_SPECIAL_LOW_INCOME = 1 << 2,    /* 低收入 / 低保 */
    BM_SPECIAL_LEFT_BEHIND = 1 << 3,   /* 留守人员 */
};

typedef struct bm_applicant {
    int64_t id;
    int kind;                 /* enum bm_applicant_kind */
    char name[64];
    char id_no[64];           /* ID number or credit code, masked when id_masked; room for
                               * full-width input, stored normalised (18 characters) */
    int id_masked;
    char phone[16];
    int64_t village_id;       /* 0 = none (outside the county, or a company) */
    int64_t group_id;         /* 村民小组, 0 = none */
    char village_name[128];   /* read only: filled by reads */
    char group_name[64];
    unsigned flags;           /* enum bm_special_group */
    char lang[8];             /* preferred language: zh, bo (藏), ii (彝) ... */
    char address[128];
    time_t created_at, updated_at;
} bm_applicant;

/* Registers an applicant. Checks the ID number (persons) or credit code (legal persons),
 * the phone (optional for legal persons), that the group belongs to the village; stores the
 * normalised values back into *a and sets a->id. A number already registered: BM_ECONFLICT.
 * Audited (the ID masked in the log). */
int bm_applicant_add(bm_db *db, const bm_actor *who, bm_applicant *a, bm_err *err);
/* Changes name, phone, village/group, flags, language, address (not the ID number). */
int bm_applicant_update(bm_db *db, const bm_actor *who, const bm_applicant *a, bm_err *err);

int bm_applicant_get(bm_db *db, const bm_actor *who, int64_t id, bm_applicant *out, bm_err *err);
/* By full ID number or credit code (the caller typed it, so it is returned unmasked). */
int bm_applicant_by_id_no(bm_db *db, const bm_actor *who, const char *id_no, bm_applicant *out,
                          bm_err *err);

/* Search by whatever was typed: an ID number or credit code, a phone number, pinyin initials
 * (ASCII letters, prefix: "zs" finds 张三 and 张淑芬), or a name (prefix). Full-width input is
 * normalised. Ordered by the matched key; paged. Agents see only their village's applicants. */
int bm_applicant_search(bm_db *db, const bm_actor *who, const char *text, int limit, int offset,
                        int (*each)(const bm_applicant *a, void *ctx), void *ctx, bm_err *err);

/* 1 when the actor handles, first received, or is the agent of a case of this applicant. */
int bm_applicant_may_see_full_id(bm_db *db, const bm_actor *who, int64_t applicant_id);

/* The one rule for showing an ID number (or credit code), by who asks and what for:
 *  - BM_ID_FOR_WORK (one applicant, one case: intake, the case detail): in full only to staff
 *    who handle, first received or are the agent of one of the person's cases, and each full
 *    view is audited as "personal.view" (where says which screen or case);
 *  - BM_ID_FOR_LIST (lists, search results; receipts mask on paper themselves): always masked;
 *  - everyone else: masked. A number typed in full to look someone up comes back as typed.
 * Core applies it to every applicant and case it returns. Masks id_no in place unless shown in
 * full; returns 1 when shown in full. */
enum bm_id_purpose { BM_ID_FOR_LIST = 0, BM_ID_FOR_WORK };
int bm_applicant_show_id(bm_db *db, const bm_actor *who, int64_t applicant_id, char *id_no,
                         int purpose, const char *where);

/* "老年人 残疾人" etc. for the flags (UTF-8). */
const char *bm_special_names(unsigned flags, char *buf, size_t n);

#endif
