/* Data files carried inside the program (generated into $(B)/gen/core_embedded.c by core.mk). */
#ifndef BM_EMBEDDED_H
#define BM_EMBEDDED_H

#include <stddef.h>

/* core/data/calendar-2026.txt: the official 2026 calendar. */
extern const unsigned char bm_embedded_calendar_2026[];
extern const size_t bm_embedded_calendar_2026_len;
/* core/data/catalogue.txt: the demo county's matter catalogue. */
extern const unsigned char bm_embedded_catalogue[];
extern const size_t bm_embedded_catalogue_len;
/* core/data/common-passwords.txt: the 1,000 most common passwords, one a line. */
extern const unsigned char bm_embedded_common_passwords[];
extern const size_t bm_embedded_common_passwords_len;

#endif
