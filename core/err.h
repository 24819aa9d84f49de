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

typedef struct bm_err {
    int code;            /* enum bm_code */
    const char *reason;  /* English msgid, translated by the UI; NULL only when code == BM_OK */
    char detail[256];    /* untranslated particulars (a value, SQLite's message); may be "" */
} bm_err;

/* Fills err (if not NULL) and returns code; detail is printf-formatted, may be NULL. */
int bm_fail(bm_err *err, int code, const char *reason, const char *detail_fmt, ...)
    __attribute__((format(printf, 4, 5)));
void bm_err_clear(bm_err *err);

/* Marks a string as a message id for the catalogues without translating it here. */
#define N_(s) (s)

#endif
