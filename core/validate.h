/* Checking what clerks type: resident ID numbers (GB 11643), unified social credit codes
 * (GB 32100), phone numbers; masking ID numbers in lists.
 *
 * Full-width forms (０-９, Ａ-Ｚ, ａ-ｚ, the ideographic space) are normalised to ASCII before
 * checking rather than refused: a clerk whose input method is in full-width mode types them
 * without noticing, and the number is the same. The normalised value is what gets stored. */
#ifndef BM_VALIDATE_H
#define BM_VALIDATE_H

#include <stddef.h>
#include "core/date.h"
#include "core/err.h"

/* Whether s[0..n) is valid UTF-8 (no overlong forms, surrogates or values past U+10FFFF):
 * an imported file must be, or its names would reach the screens as garbage. */
int bm_utf8_valid(const char *s, size_t n);
/* Whether the line s[0..n) of an imported file is plain text: no control characters but tab,
 * and a CR only at its end (a Windows line end). */
int bm_text_line_plain(const char *s, size_t n);

/* Full-width to ASCII, spaces (ASCII, full-width, ideographic) dropped. -1 when the result
 * does not fit in n bytes or the input is not valid UTF-8. */
int bm_normalise_ascii(const char *in, char *out, size_t n);

typedef struct bm_id_info {
    char region[7];     /* the first six digits: where the number was issued */
    bm_day birth;
    int male;           /* 1 male, 0 female (the 17th digit's parity) */
} bm_id_info;

/* An 18-character resident ID number: digits, region, a real birth date not in the future,
 * and the check character (0-9 or X; a lower-case x is accepted and stored upper-case).
 * out (19 bytes) receives the normalised number; info may be NULL. */
int bm_id_number_check(const char *in, char out[19], bm_id_info *info, bm_err *err);
/* The check character the first 17 digits call for. */
char bm_id_check_char(const char *first17);

/* An 18-character unified social credit code with its GB 32100 check character.
 * out (19 bytes) receives the normalised code. */
int bm_credit_code_check(const char *in, char out[19], bm_err *err);
char bm_credit_check_char(const char *first17);   /* 0 when a character is not allowed */

enum { BM_PHONE_MOBILE = 1, BM_PHONE_LANDLINE = 2 };
/* A mainland mobile (1[3-9] and 9 more digits; +86 / 0086 prefixes dropped) or a landline
 * with its area code (010 / 02X + 8 digits, 0XXX + 7 or 8 digits; stored as "0818-2345678").
 * out needs 16 bytes; kind may be NULL. */
int bm_phone_check(const char *in, char *out, size_t n, int *kind, bm_err *err);

/* "510722********1234" for an 18-character number; shorter values keep their first and last
 * two characters. out needs 19 bytes. */
void bm_id_mask(const char *id, char *out, size_t n);

/* What a typed lookup is. Screens ask this instead of guessing; the same rules serve the
 * applicant lookup of intake and the case search. */
enum bm_lookup_kind {
    BM_LOOKUP_NONE = 0,        /* nothing typed */
    BM_LOOKUP_ID_NUMBER,       /* 17 digits and a digit or X */
    BM_LOOKUP_CREDIT_CODE,     /* any other 18 characters */
    BM_LOOKUP_PHONE,           /* 7 or more digits, with only -, + or spaces between */
    BM_LOOKUP_CASE_NO,         /* 12 digits: YYYYMMDD and a daily sequence */
    BM_LOOKUP_INITIALS,        /* 1-23 ASCII letters: pinyin initials */
    BM_LOOKUP_NAME             /* anything else: part of a name */
};

typedef struct bm_lookup {
    int kind;                  /* enum bm_lookup_kind */
    int valid;                 /* ID number, credit code, phone: it passes its own check */
    char text[96];             /* what to look for: ASCII normalised, an ID number's x and a
                                * code's letters upper-case, a valid phone in its stored form,
                                * initials lower-case; a name as typed */
} bm_lookup;

/* Classifies input (full-width forms count as ASCII) and returns out->kind. An ID number or
 * credit code whose check character is wrong is still that kind, with valid 0, so the screen
 * can say what is wrong with it. */
int bm_lookup_classify(const char *input, bm_lookup *out);

#endif
