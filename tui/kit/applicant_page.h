/* Pages that start from a person (the applicant block on the page's form): what every such page
 * does before it saves, and its F6 (a new person). */
#ifndef TUI_APPLICANT_PAGE_H
#define TUI_APPLICANT_PAGE_H

#include "tui/kit/applicant_block.h"

/* Every field checked, a person being typed registered, and a person there at all: 0 ready to
 * save; else -1 with the reason on the message line and the cursor where it belongs. */
int applicant_page_ready(applicant_block *b);
/* F6: registering a new person, with what was typed to find them put where it belongs. */
void applicant_page_new(applicant_block *b);

#endif
