/* What the administrator's catalogue screens (BM940-BM959) share: opening a matter's page. */
#ifndef TUI_SCREENS_CATALOGUE_H
#define TUI_SCREENS_CATALOGUE_H

#include <stdint.h>
#include "tui/session/app.h"

/* Opens BM941 for the matter code: the version in force (id 0) or the stored version id. */
void cat_open_matter(app *a, const char *code, int64_t id);
/* Opens BM943, the versions of the matter code. */
void cat_open_versions(app *a, const char *code);
/* Opens BM946 showing text (malloc'd; the screen frees it) with title after the screen's. */
void cat_show_text(app *a, const char *title, char *text);

#endif
