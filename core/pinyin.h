/* Pinyin initials of names, for search on PCs without a Chinese input method: 张三 -> "zs".
 * The table is generated at build time from Unicode's Unihan readings. */
#ifndef BM_PINYIN_H
#define BM_PINYIN_H

#include <stdint.h>

#define BM_INITIALS_LEN 24     /* longest initials string kept, with the NUL */
#define BM_INITIALS_MAX 16     /* variants kept per name */

/* For a Han character: the initial of its usual reading ('a'..'z') and the set of initials of
 * all its readings (bit 0 = 'a'). 0 when the character has no reading. */
int bm_pinyin_of(uint32_t cp, char *usual, uint32_t *all);

/* The initials variants of a name: the usual readings first, then variants with one other
 * reading (the surname's first), then two ..., at most `max` (<= BM_INITIALS_MAX). Latin
 * letters count as themselves (lower-cased), digits and punctuation (e.g. the middle dot in
 * 扎西·顿珠) are skipped. Returns the number of variants (0 when the name gives none). */
int bm_pinyin_initials(const char *name, char out[][BM_INITIALS_LEN], int max);

/* Whether a search text looks like initials: 1-23 ASCII letters (either case). */
int bm_pinyin_is_query(const char *q);

#endif
