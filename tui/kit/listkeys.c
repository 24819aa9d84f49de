/* The keys every work-list screen shares (see listkeys.h). */
#include "tui/kit/listkeys.h"
#include "forms/frame.h"
#include "tui/session/i18n.h"

int list_screen_key(app *a, void *st, fm_key k, const char *refused)
{
    list_screen *s = st;
    s->a = a;
    int r = fm_worklist_key(&s->wl, k);
    if (r == FM_REJECTED)
        app_message(a, 1, "%s", _(refused));
    return r == FM_REJECTED ? FM_HANDLED : r;
}

void list_screen_draw(app *a, list_screen *s, WINDOW *w, const list_screen_words *own)
{
    s->a = a;
    const fm_worklist_words words = {
        .options = own->options,
        .find = _("Find"),
        .prompt = own->prompt,
        .none_found = own->none_found,
        .empty = own->empty,
        .rows_fmt = _("%d rows"),
        .found_fmt = _("%d found for \"%s\"  (F12 shows all)"),
        .more = _("more..."),
    };
    int cy, cx;
    fm_worklist_draw(&s->wl, w, FM_BODY_TOP, getmaxy(w) - 4, &words, &cy, &cx);
    app_cursor(a, cy, cx);
}

int list_refresh_key(void *owner, void *st, fm_key k)
{
    (void)k;
    list_screen *s = st;
    s->a = owner;
    fm_worklist_reload(&s->wl);
    app_message(owner, 0, "%s", _("Refreshed."));
    return FM_HANDLED;
}

int list_page_key(void *owner, void *st, fm_key k)
{
    list_screen *s = st;
    s->a = owner;
    fm_worklist_page(&s->wl, k);
    return FM_HANDLED;
}

int list_find_key(void *owner, void *st, fm_key k)
{
    (void)owner, (void)k;
    list_screen *s = st;
    fm_worklist_find(&s->wl);
    return FM_HANDLED;
}

/* After a find, or in the find field: the whole list again, staying on it; from the bare
 * list: back, as F12 does everywhere. */
int list_show_all_key(void *owner, void *st, fm_key k)
{
    list_screen *s = st;
    s->a = owner;
    if (!fm_worklist_show_all(&s->wl))
        return app_key_cancel(owner, st, k);
    return FM_HANDLED;
}
