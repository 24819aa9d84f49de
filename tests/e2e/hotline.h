/* What the hotline end-to-end tests share: finding a line on the screen, the key of a menu
 * line, and opening the hotline list from the home menu. */
#ifndef BIANMIN_TESTS_E2E_HOTLINE_H
#define BIANMIN_TESTS_E2E_HOTLINE_H

#include "tests/e2e/harness.h"

/* The row of the screen holding text, or -1. */
int hotline_row_with(bmt_term *t, const char *text);
/* The key of the menu line whose label begins with label ("  8  热线工单  12345..." gives
 * '8'), or 0 after dumping the screen. */
char hotline_menu_key(bmt_term *t, const char *label);
/* From the home menu to the hotline list (BM260), settled; fails the test when it cannot. */
void hotline_open_list(bmt_term *t);

#endif
