/* Display-width arithmetic and clipped drawing for UTF-8 text: Chinese characters take two
 * columns, so every layout counts columns, never bytes or characters. */
#ifndef FM_TEXT_H
#define FM_TEXT_H

#include <stddef.h>
#include <wchar.h>
#include <curses.h>

/* Columns one character takes on the terminal (0 for combining marks and controls). */
int fm_wcwidth(wchar_t c);
/* Columns of a UTF-8 string; invalid bytes count as one column each (drawn as '?'). */
int fm_width(const char *utf8);
int fm_wcswidth(const wchar_t *s, size_t n);

/* Decodes one UTF-8 character at s (n bytes available): returns bytes used (1..4) and the
 * character in *out, or 0 when more bytes are needed, or -1 for an invalid byte (skip one). */
int fm_utf8_decode(const unsigned char *s, size_t n, wchar_t *out);
/* Encodes c into out (4 bytes room); returns bytes written. */
int fm_utf8_encode(wchar_t c, char *out);
/* UTF-8 → wide string (at most cap-1 characters, NUL-terminated); returns characters. */
size_t fm_utf8_to_wcs(const char *utf8, wchar_t *out, size_t cap);
/* Wide string → UTF-8 (NUL-terminated, never splits a character); returns bytes. */
size_t fm_wcs_to_utf8(const wchar_t *s, size_t n, char *out, size_t cap);

/* Copies into out the longest prefix of utf8 that fits in cols columns; returns its width. */
int fm_clip(const char *utf8, int cols, char *out, size_t cap);

/* Draws utf8 at (y, x) using at most cols columns (a wide character that would straddle the
 * edge is left out); returns the columns drawn. */
int fm_put(WINDOW *w, int y, int x, const char *utf8, int cols);
/* Like fm_put, then fills with spaces up to exactly cols columns. */
void fm_put_padded(WINDOW *w, int y, int x, const char *utf8, int cols);
/* Right-aligns utf8 so it ends at column x_end (exclusive). */
void fm_put_right(WINDOW *w, int y, int x_end, const char *utf8);
/* Centres utf8 on row y within [x, x + cols). */
void fm_put_centred(WINDOW *w, int y, int x, int cols, const char *utf8);

/* Splits utf8 into lines of at most cols columns, breaking at spaces where it can and anywhere
 * between Chinese characters; '\n' always breaks. Calls each(line, len, ctx) per line and
 * returns the number of lines. */
int fm_wrap(const char *utf8, int cols, void (*each)(const char *line, size_t len, void *ctx),
            void *ctx);

#endif
