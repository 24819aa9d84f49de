/* Result codes and the error record every core call fills in when it refuses or fails. */
#ifndef BM_ERR_H
#define BM_ERR_H

enum bm_code {
    BM_OK = 0,
    BM_ENOTFOUND,   /* no such row */
    BM_EINVALID,    /* bad input: reason says which and why */
    BM_EDENIED,     /* the actor's role or unit does not allow it */
    BM_ESTATE,      /* not allowed in the object's current state (status machine) */
    BM_ECONFLICT,   /* duplicate, or changed underneath */
    BM_EDB,         /* SQLite or the OS failed: detail has its message */
    BM_ELOCKED      /* account locked or temporarily locked out */
};

/* The input a refusal is about, so a screen can put the cursor there without reading the
 * reason's words. */
enum bm_field {
    BM_FIELD_NONE = 0,
    BM_FIELD_ID_NO,          /* an applicant's ID number or credit code */
    BM_FIELD_NAME,           /* an applicant's name */
    BM_FIELD_PHONE,
    BM_FIELD_VILLAGE,
    BM_FIELD_GROUP,
    BM_FIELD_KIND,           /* person or legal person */
    BM_FIELD_MATTER,         /* the matter or bundle chosen */
    BM_FIELD_SITUATIONS,
    BM_FIELD_MATERIALS,      /* the materials ticked as received */
    BM_FIELD_CHANNEL,
    BM_FIELD_COMMIT_DATE,    /* the date promised materials are due */
    BM_FIELD_NOTE,
    BM_FIELD_REASON,         /* a refusal's reason */
    BM_FIELD_RESULT,         /* a completion's result and delivery */
    BM_FIELD_RATING,
    BM_FIELD_LOOKUP          /* a search or lookup text */
};

typedef struct bm_err {
    int code;            /* enum bm_code */
    int field;           /* enum bm_field: the input at fault, BM_FIELD_NONE when none */
    const char *reason;  /* English msgid, translated by the UI; NULL only when code == BM_OK */
    char detail[256];    /* untranslated particulars (a value, SQLite's message); may be "" */
} bm_err;

/* Fills err (if not NULL) and returns code; detail is printf-formatted, may be NULL. */
int bm_fail(bm_err *err, int code, const char *reason, const char *detail_fmt, ...)
    __attribute__((format(printf, 4, 5)));
void bm_err_clear(bm_err *err);
/* Names the input at fault on an error already filled in; returns err's code (BM_OK when err
 * is NULL). For: return bm_err_at(err, BM_FIELD_PHONE, bm_phone_check(...)). */
int bm_err_at(bm_err *err, int field, int code);

/* Marks a string as a message id for the catalogues without translating it here. */
#define N_(s) (s)

/* The reason (with BM_EDB) while the database server cannot be reached: the connection was
 * lost or cannot be made. Nothing of the work was saved; the screen keeps what was typed, and
 * the same action works once the server answers again. */
extern const char *const bm_reason_unavailable;
/* 1 when err says the database could not be reached (worth trying again), else 0. */
int bm_err_unavailable(const bm_err *err);

#endif
