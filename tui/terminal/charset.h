/* The per-session charset bridge at the byte boundary. Curses and every screen work in UTF-8;
 * a terminal set to GB18030, GBK, GB2312 or Big5 gets its bytes converted on the way out and
 * its keystrokes converted on the way in (iconv). A character the terminal's charset lacks is
 * sent as '?' once per display column, so a line never shifts. */
#ifndef TUI_CHARSET_H
#define TUI_CHARSET_H

#include <iconv.h>
#include <stddef.h>

typedef struct charset {
    char name[16];           /* "UTF-8", "GB18030", "GBK", "GB2312", "BIG5" */
    int utf8;                /* no conversion */
    iconv_t to_utf8;         /* terminal → UTF-8 */
    iconv_t from_utf8;       /* UTF-8 → terminal */
    unsigned char pending[8];   /* an input character cut between two packets */
    size_t npending;
    unsigned char out_pending[4];   /* an output UTF-8 character cut between two flushes */
    size_t nout_pending;
} charset;

/* The names offered to users, in the order settings show them. */
extern const char *const charset_names[];
extern const int charset_count;

/* Canonical name for a user's or LANG's spelling ("gbk", "zh_CN.GBK", "gb2312", "euc-cn",
 * "utf8", "big5" …), or NULL when it is none of ours. */
const char *charset_canonical(const char *name);

/* Opens a bridge; returns -1 (and a UTF-8 bridge) when iconv cannot do the charset. */
int charset_open(charset *c, const char *name);
void charset_close(charset *c);
/* Whether the charset's double-byte characters are used for Chinese (so line-drawing and other
 * ambiguous characters are two columns wide on such a terminal). */
int charset_is_cjk(const charset *c);

/* Terminal bytes → UTF-8. A character cut at the end waits for the next call; a byte that
 * begins no character is dropped without harming the next one. Calls out(bytes, n, ctx). */
void charset_decode(charset *c, const void *in, size_t n,
                    void (*out)(const void *bytes, size_t n, void *ctx), void *ctx);
/* UTF-8 → terminal bytes, with '?' per column for characters the charset lacks. */
void charset_encode(charset *c, const void *in, size_t n,
                    void (*out)(const void *bytes, size_t n, void *ctx), void *ctx);

#endif
