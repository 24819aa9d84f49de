/* A printable text on screen with paging and F9 print (see printview.h). */
#include "tui/kit/printview.h"
#include "forms/frame.h"
#include "forms/text.h"
#include "tui/kit/receipt.h"
#include "tui/session/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void printview_set(printview *v, const char *text, const char *what)
{
    free(v->text);
    v->text = strdup(text ? text : "");
    snprintf(v->what, sizeof v->what, "%s", what ? what : "");
    v->pager.step = 10;
}

void printview_free(printview *v)
{
    free(v->text);
    v->text = NULL;
}

void printview_draw(printview *v, WINDOW *w)
{
    int rows = getmaxy(w);
    if (!v->text)
        return;
    fm_pager_draw(&v->pager, w, FM_BODY_TOP, 1, rows - 3 - FM_BODY_TOP, DOC_WIDTH, v->text);
    if (fm_pager_more(&v->pager))
        fm_put_right(w, rows - 3, getmaxx(w) - 1, _("more..."));
}

int printview_print(app *a, printview *v)
{
    char *p = v->text ? doc_for_printer(v->text) : NULL;
    int rc = p ? app_print(a, p) : -1;
    free(p);
    if (rc == 0) {
        clearok(curscr, TRUE);
        app_message(a, 0, _("%s sent to the printer at your terminal."), v->what);
    } else {
        app_message(a, 1, "%s", _("This terminal has no printer connection."));
    }
    return rc;
}

int printview_page_key(void *owner, void *st, fm_key k)
{
    (void)owner;
    printview *v = st;
    fm_pager_key(&v->pager, k);
    return FM_HANDLED;
}

int printview_print_key(void *owner, void *st, fm_key k)
{
    (void)k;
    printview_print(owner, st);
    return FM_HANDLED;
}
