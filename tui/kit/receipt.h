/* The documents handed to the applicant, laid out as plain text for an 80-column printer: the
 * acceptance receipt (受理回执), the one-time notice of missing materials (一次性告知书) and the
 * notice of corrections (补正告知书). ID numbers are always masked on paper.
 *
 * Core keeps no document text, so a document is made again from the case whenever it is shown
 * or printed: the same case gives the same text (no print time on it), and a reprint shows the
 * materials as the case records them now. doc_load reads the case; doc_format only lays out,
 * so it can be tested without a database. */
#ifndef TUI_RECEIPT_H
#define TUI_RECEIPT_H

#include <stddef.h>
#include <stdint.h>
#include "core/advice.h"
#include "core/applicant.h"
#include "core/case.h"

enum doc_kind {
    DOC_RECEIPT = 1,      /* 受理回执: accepted (or completed on the spot) */
    DOC_NOTICE,           /* 一次性告知书: not accepted, every missing item at once */
    DOC_CORRECTIONS       /* 补正告知书: returned for corrections */
};

#define DOC_MAX_MATERIALS 64
#define DOC_MAX_SUBS 12
#define DOC_WIDTH 78      /* columns used on an 80-column printer, a margin kept */

typedef struct doc_material {
    char name[128];
    int original, copies, required, commit_ok, received;
} doc_material;

typedef struct doc_sub {
    char no[16];
    char matter[192];
    char deadline[11];
    int promised_days;
} doc_sub;

typedef struct doc_data {
    int kind;                    /* enum doc_kind */
    char centre[128], centre_phone[24];
    char case_no[16];
    int status;
    char applicant[64], id_masked[19], phone[16];
    char applicant_lang[8];      /* the applicant's preferred language: zh, bo, ii … */
    char matter_code[24], matter[192];
    int is_bundle;
    char day[11];                /* accepted (receipt), registered (notice), returned (corrections) */
    char time[6];                /* HH:MM of that */
    int promised_days;
    char deadline[11], commit_due[11], completed_day[11];
    char result[256], delivery[64];
    char clerk[64];
    char corrections[512];       /* what must be corrected (the return's note) */
    doc_material materials[DOC_MAX_MATERIALS];
    int nmaterials;
    doc_sub subs[DOC_MAX_SUBS];
    int nsubs;
} doc_data;

/* The document kind a case calls for now: a draft its one-time notice, a case waiting for
 * corrections its notice of corrections, anything else its receipt. */
int doc_kind_for(const bm_case *c);

/* Reads what the document needs from core (the actor must be allowed to see the case). */
int doc_load(bm_db *db, const bm_actor *who, int64_t case_id, int kind, doc_data *d,
             bm_err *err);

/* The one-time notice of advice just given (core keeps its number, applicant, matter and the
 * missing list; the plan and the materials received are the intake's). */
int doc_load_advice(bm_db *db, const bm_actor *who, const bm_advice *adv,
                    const bm_applicant *ap, const bm_material *plan, int nplan,
                    const char *const *received, int nreceived, doc_data *d, bm_err *err);

/* Lays the document out in language `lang` ("zh_CN" for the applicant's paper): lines ending
 * in '\n', none wider than DOC_WIDTH columns. Returns the length the whole text needs (like
 * snprintf). */
size_t doc_format(const doc_data *d, const char *lang, char *out, size_t cap);

/* The document for the applicant: in Chinese, followed by the same document in the
 * applicant's language when a translation of the document exists (locale/<lang>.po; see the
 * README on adding Tibetan or Yi). Returns the length the whole text needs. */
size_t doc_format_for_applicant(const doc_data *d, char *out, size_t cap);
/* Whether lang has a translation of this kind of document (its title, at least). */
int doc_translated(const char *lang, int kind);

/* The text as a printer wants it: "\r\n" line ends and a form feed at the end. Caller frees. */
char *doc_for_printer(const char *text);

/* The title of a document kind in the current language. */
const char *doc_title(int kind);

#endif
