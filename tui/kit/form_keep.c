/* Building a form page again with its typed values kept (see form_keep.h). */
#include "tui/kit/form_keep.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void form_rebuild_keeping(fm_form *f, void (*build)(void *ctx), void *ctx, const char *focus)
{
    char focus_name[FM_FORM_NAME];
    snprintf(focus_name, sizeof focus_name, "%s", focus ? focus : fm_form_focus_name(f));
    size_t need = fm_form_save(f, NULL, 0) + 1;
    char *saved = malloc(need);
    char(*changed)[FM_FORM_NAME] = malloc(sizeof *changed * FM_FORM_MAX_ITEMS);
    int nchanged = 0;
    for (int i = 0; changed && i < f->count; i++)
        if (f->items[i].has_field && f->items[i].field.changed)
            snprintf(changed[nchanged++], FM_FORM_NAME, "%s", f->items[i].name);
    if (saved)
        fm_form_save(f, saved, need);
    build(ctx);
    if (saved)
        fm_form_load(f, saved);
    free(saved);
    for (int i = 0; i < f->count; i++)
        if (f->items[i].has_field)
            f->items[i].field.changed = 0;
    for (int k = 0; k < nchanged; k++) {
        int i = fm_form_find(f, changed[k]);
        if (i >= 0)
            f->items[i].field.changed = 1;
    }
    free(changed);
    int at = fm_form_find(f, focus_name);
    fm_form_focus(f, at >= 0 ? at : 0);
}
