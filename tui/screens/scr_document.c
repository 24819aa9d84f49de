/* BM240 a document of the case (receipt, one-time notice, notice of corrections) on screen as it
 * is printed; F9 prints it through the terminal's printer. */
#include "forms/frame.h"
#include "forms/pager.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/kit/clerk.h"
#include "tui/session/i18n.h"
#include "tui/kit/receipt.h"
#include "tui/session/screens.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct doc_state {
    int64_t id;
    int kind;
    char no[16];
    char title[64];      /* a text shown by doc_show_text: its title (kind 0) */
    char *text;
    fm_pager pager;
} doc_state;

static void doc_close(app *a, void *st)
{
    (void)a;
    doc_state *s = st;
    free(s->text);
    s->text = NULL;
}

static int doc_print(app *a, doc_state *s)
{
    char *p = s->text ? doc_for_printer(s->text) : NULL;
    int rc = p ? app_print(a, p) : -1;
    free(p);
    /* A terminal without a printer shows the text instead: paint the screen afresh. */
    if (rc == 0)
        clearok(curscr, TRUE);
    if (rc != 0)
        app_message(a, 1, "%s", _("This terminal has no printer connection."));
    else if (s->kind)
        app_message(a, 0, _("%s of case %s sent to the printer at your terminal."),
                    doc_title(s->kind), s->no);
    else
        app_message(a, 0, _("%s %s sent to the printer at your terminal."), s->title, s->no);
    return rc;
}

static doc_state *doc_push(app *a, char *text, int64_t case_id, int kind, const char *no)
{
    app_push(a, &screen_document);
    doc_state *s = app_top_state(a, &screen_document);
    if (!s) {
        free(text);
        return NULL;
    }
    s->id = case_id;
    s->kind = kind;
    snprintf(s->no, sizeof s->no, "%s", no);
    s->text = text;
    s->pager.step = 10;
    return s;
}

void doc_show(app *a, const doc_data *d, int64_t case_id, int print)
{
    size_t need = doc_format_for_applicant(d, NULL, 0) + 1;
    char *text = malloc(need);
    if (!text)
        return;
    doc_format_for_applicant(d, text, need);
    doc_state *s = doc_push(a, text, case_id, d->kind, d->case_no);
    if (s && print)
        doc_print(a, s);
}

void doc_show_text(app *a, const char *title, const char *no, char *text, int print)
{
    doc_state *s = text ? doc_push(a, text, 0, 0, no) : NULL;
    if (!s)
        return;
    snprintf(s->title, sizeof s->title, "%s", title);
    if (print)
        doc_print(a, s);
}

void doc_view_open(app *a, int64_t case_id, int kind, int print)
{
    doc_data *d = malloc(sizeof *d);
    bm_err err;
    if (!d)
        return;
    if (doc_load(a->db, &a->actor, case_id, kind, d, &err) != BM_OK)
        ui_error(a, &err);
    else
        doc_show(a, d, case_id, print);
    free(d);
}

static void doc_draw(app *a, void *st, WINDOW *w)
{
    (void)a;
    doc_state *s = st;
    int rows = getmaxy(w);
    /* Lines are at most DOC_WIDTH columns: each is one screen row. */
    fm_pager_draw(&s->pager, w, FM_BODY_TOP, 1, rows - 3 - FM_BODY_TOP, DOC_WIDTH, s->text);
    if (fm_pager_more(&s->pager))
        fm_put_right(w, rows - 3, getmaxx(w) - 1, _("more..."));
}

static void doc_status(app *a, void *st, char *buf, size_t cap)
{
    (void)a;
    doc_state *s = st;
    snprintf(buf, cap, "%s %s", s->kind ? doc_title(s->kind) : s->title, s->no);
}

static int doc_key(app *a, void *st, fm_key k)
{
    (void)a;
    doc_state *s = st;
    return fm_pager_key(&s->pager, k);
}

static int doc_print_key(void *owner, void *st, fm_key k)
{
    (void)k;
    doc_print(owner, st);
    return FM_HANDLED;
}

static int doc_case_key(void *owner, void *st, fm_key k)
{
    (void)k;
    doc_state *s = st;
    int64_t id = s->id;
    if (!id)   /* a one-time notice of advice: no case behind it */
        return FM_HANDLED;
    app_pop(owner);
    case_detail_open(owner, id, 0);
    return FM_HANDLED;
}

static int doc_page_key(void *owner, void *st, fm_key k)
{
    (void)owner;
    doc_state *s = st;
    return fm_pager_key(&s->pager, k);
}

static const fm_fkey doc_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(3), N_("F3/Enter"), N_("Done"), app_key_back, 0 },
    { FM_KEY_ENTER, NULL, NULL, app_key_back, 0 },
    { FM_KEY_F(5), NULL, N_("Case"), doc_case_key, 0 },
    { FM_KEY_F(7), N_("F7/F8"), N_("Page"), doc_page_key, 0 },
    { FM_KEY_F(8), NULL, NULL, doc_page_key, 0 },
    { FM_KEY_F(9), NULL, N_("Print"), doc_print_key, 0 },
    FM_FKEYS_END,
};

const screen_def screen_document = {
    .id = "BM240",
    .title = N_("Document"),
    .keys = doc_keys,
    .help = N_("The receipt or notice as it is printed for the applicant (always in Chinese, "
               "the ID number masked). F9 prints it on the printer attached to your terminal "
               "(the terminal must pass ANSI transparent printing through, as PuTTY does); it "
               "can be printed again at any time from the case (F9 there, or option 6 in the "
               "lists). F5 opens the case. Enter or F3 goes back."),
    .state_size = sizeof(doc_state),
    .close = doc_close,
    .draw = doc_draw,
    .key = doc_key,
    .status = doc_status,
};
