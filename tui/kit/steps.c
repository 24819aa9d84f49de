/* Steps: the actions a record allows now, as a numbered menu with a confirmation (see
 * steps.h). */
#include "tui/kit/steps.h"
#include "tui/session/i18n.h"

#include <stdio.h>
#include <string.h>

int steps_menu_add(steps_menu *m, int code, const char *label)
{
    if (m->count >= STEPS_MAX)
        return -1;
    m->codes[m->count] = code;
    snprintf(m->labels[m->count], sizeof m->labels[m->count], "%s", label ? label : "");
    m->count++;
    return 0;
}

void steps_menu_fill(steps_menu *m, void (*offer)(void *ctx, steps_menu *m), void *ctx)
{
    m->count = 0;
    offer(ctx, m);
    for (int i = 0; i < m->count; i++) {
        m->items[i].key = (char)(i < 9 ? '1' + i : 'A' + i - 9);
        m->items[i].label = m->labels[i];
        m->items[i].desc = NULL;
        m->items[i].status = NULL;
    }
    fm_menu_init(&m->menu, m->items, m->count);
}

int steps_menu_offers(const steps_menu *m, int code)
{
    for (int i = 0; i < m->count; i++)
        if (m->codes[i] == code)
            return 1;
    return 0;
}

int steps_menu_key(steps_menu *m, fm_key k, int *code)
{
    int r = fm_menu_key(&m->menu, k);
    if (r == FM_SUBMIT)
        *code = m->codes[m->menu.chosen];
    return r;
}

int steps_menu_draw(steps_menu *m, WINDOW *w, int y, int label_cols, int prompt_y, const char *prompt)
{
    return fm_menu_draw(&m->menu, w, y, label_cols, prompt_y, prompt);
}

void steps_menu_confirm(fm_dialog *d, const char *title, const char *question, const char *buttons)
{
    fm_dialog_open(d, FM_DIALOG_CONFIRM, title, question, buttons, "Yy", "Nn");
}

int steps_screen_key(app *a, void *owner, const steps_screen *ss, fm_key k)
{
    if (ss->dialog->kind) {
        int r = fm_dialog_key(ss->dialog, k);
        if (r == FM_SUBMIT || r == FM_CANCEL) {
            fm_dialog_close(ss->dialog);
            app_repaint(a);
            if (r == FM_SUBMIT)
                ss->run(a, owner);
        }
        return FM_HANDLED;
    }
    if (!*ss->step) {
        int code = 0;
        int r = steps_menu_key(ss->menu, k, &code);
        if (r == FM_REJECTED) {
            app_message(a, 1, "%s", _("No such step: type one of the numbers shown."));
            return FM_HANDLED;
        }
        if (r == FM_SUBMIT) {
            ss->chosen(a, owner, code);
            return FM_HANDLED;
        }
        return r;
    }
    int r = fm_form_key(ss->form, k);
    if (r == FM_REJECTED) {
        app_message(a, 1, "%s", ss->form->why);
        return FM_HANDLED;
    }
    if (r == FM_SUBMIT) {
        ss->ask(a, owner);
        return FM_HANDLED;
    }
    return r;
}

int steps_screen_take(app *a, void *owner, const steps_screen *ss)
{
    if (!*ss->step)
        app_message(a, 1, "%s", _("Choose a step first: type its number and Enter."));
    else
        ss->ask(a, owner);
    return FM_HANDLED;
}
