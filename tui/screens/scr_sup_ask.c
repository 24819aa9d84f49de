/* BM540: a step of the centre head's desk as a small form (see tui/kit/desk_ask.h): the
 * fields the step needs, F2 to take it, F12 to leave without. */
#include "forms/frame.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/kit/desk_ask.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <string.h>

typedef struct ask_state {
    char title[200], hint[200], done[200];
    ask_submit_fn submit;
    int64_t id;
    fm_form form;
} ask_state;

void ask_open(app *a, const ask_spec *spec)
{
    app_push(a, &screen_sup_ask);
    ask_state *s = app_top_state(a, &screen_sup_ask);
    if (!s)
        return;
    snprintf(s->title, sizeof s->title, "%s", spec->title);
    snprintf(s->hint, sizeof s->hint, "%s", spec->hint ? spec->hint : "");
    snprintf(s->done, sizeof s->done, "%s", spec->done ? spec->done : "");
    s->submit = spec->submit;
    s->id = spec->id;
    fm_form_init(&s->form, NULL, NULL, s);
    int label_cols = 0;
    for (int i = 0; i < spec->nfields; i++) {
        int w = fm_width(spec->fields[i].label);
        label_cols = w > label_cols ? w : label_cols;
    }
    for (int i = 0; i < spec->nfields; i++) {
        const ask_field *f = &spec->fields[i];
        int k = fm_form_add_field(&s->form, f->name, f->label, i, 1, label_cols, f->cols,
                                  (size_t)f->max, f->flags, 0);
        if (k < 0)
            continue;
        if (f->value)
            fm_field_set(&s->form.items[k].field, f->value);
        if (f->after)
            snprintf(s->form.items[k].after, sizeof s->form.items[k].after, "%s", f->after);
    }
    fm_form_focus(&s->form, 0);
}

static void ask_draw(app *a, void *st, WINDOW *w)
{
    ask_state *s = st;
    int rows = getmaxy(w), cols = getmaxx(w);
    wattron(w, A_BOLD);
    fm_put(w, FM_BODY_TOP, 1, s->title, cols - 2);
    wattroff(w, A_BOLD);
    if (s->hint[0])
        fm_put(w, FM_BODY_TOP + 1, 1, s->hint, cols - 2);
    int cy, cx;
    fm_form_draw(&s->form, w, FM_BODY_TOP + 3, rows - 6 - FM_BODY_TOP, &cy, &cx);
    fm_put(w, rows - 3, 1, _("F2 takes the step; F12 leaves without it."), cols - 2);
    if (cy >= 0)
        app_cursor(a, cy, cx);
}

static void take(app *a, ask_state *s)
{
    bm_err err;
    memset(&err, 0, sizeof err);
    if (s->submit(a, s->id, &s->form, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    char done[200];
    snprintf(done, sizeof done, "%s", s->done);
    app_pop(a);
    app_message(a, 0, "%s", done);
}

static int take_key(void *owner, void *st, fm_key k)
{
    (void)k;
    take(owner, st);
    return FM_HANDLED;
}

static int ask_key(app *a, void *st, fm_key k)
{
    ask_state *s = st;
    int r = fm_form_key(&s->form, k);
    if (r == FM_REJECTED) {
        app_message(a, 1, "%s", s->form.why);
        return FM_HANDLED;
    }
    if (r == FM_SUBMIT) {
        take(a, s);
        return FM_HANDLED;
    }
    return r;
}

static const fm_fkey ask_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Take the step"), take_key, 0 },
    APP_KEY_BACK,
    APP_KEY_CANCEL,
    FM_FKEYS_END,
};

const screen_def screen_sup_ask = {
    .id = "BM540",
    .title = N_("Desk step"),
    .keys = ask_keys,
    .help = N_("Fill in what the step needs and press F2 (or Enter on the last field). If "
               "something is missing or not allowed, the reason shows on the last line and "
               "the form stays. F12 leaves without taking the step."),
    .state_size = sizeof(ask_state),
    .draw = ask_draw,
    .key = ask_key,
};
