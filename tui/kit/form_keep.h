/* Building a form page again when what it must ask changes (a person found, a matter chosen),
 * with every typed value kept by field name and whether it was edited since, so the checks
 * that run on leaving a field run where they ran before. */
#ifndef TUI_FORM_KEEP_H
#define TUI_FORM_KEEP_H

#include "forms/form.h"

/* Calls build(ctx) to make the page afresh, then puts the values back; the focus goes to the
 * field named focus (NULL: the one that had it), else the first. */
void form_rebuild_keeping(fm_form *f, void (*build)(void *ctx), void *ctx, const char *focus);

#endif
