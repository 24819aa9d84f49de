/* BM314 writing the hand-over (交接班) at the end of a duty shift: what came in, what was
 * done, what is left, and up to five open items, each for a named member of staff (F4 lists
 * the centre's staff) or, left blank, for the centre's pool. F2 writes it. */
#include "core/handover.h"
#include "forms/form.h"
#include "forms/frame.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/kit/staffpick.h"
#include "tui/screens/duty.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <string.h>

#define ITEMS 5

typedef struct write_state {
    fm_form form;
    staff_pick pick;
    app *a;
} write_state;

static int is_assignee(const char *name)
{
    return strncmp(name, "to", 2) == 0;
}

static int write_choose(void *ctx, fm_form *f, int item)
{
    write_state *s = ctx;
    if (!is_assignee(f->items[item].name))
        return FM_IGNORED;
    staff_pick_open(s->a, &s->pick, f, f->items[item].name);
    return FM_HANDLED;
}

static void build(write_state *s)
{
    fm_form *f = &s->form;
    fm_form_init(f, NULL, write_choose, s);
    int lc = fm_form_label_cols(_("Came in"), _("Left to do"));
    if (fm_width(_("Done")) > lc)
        lc = fm_width(_("Done"));
    fm_form_add_field(f, "came_in", _("Came in"), 0, 1, lc, 64, 200, 0, 0);
    fm_form_add_field(f, "done", _("Done"), 1, 1, lc, 64, 200, 0, 0);
    fm_form_add_field(f, "left", _("Left to do"), 2, 1, lc, 64, 200, 0, 0);
    fm_form_add_textf(f, 4, 1, FM_ITEM_BOLD, "%s", _("Open items, each for a login (blank: the "
                                                     "centre's pool; F4 lists the staff)"));
    for (int i = 0; i < ITEMS; i++) {
        char name[16], to[16], label[16];
        snprintf(name, sizeof name, "item%d", i + 1);
        snprintf(to, sizeof to, "to%d", i + 1);
        snprintf(label, sizeof label, "%d", i + 1);
        fm_form_add_field(f, name, label, 5 + i, 1, 2, 50, 120, 0, 0);
        fm_form_add_noted(f, to, "", 5 + i, 56, 0, 12, 32, FM_FIELD_ASCII, 0, "F4");
    }
}

static void write_open(app *a, void *st)
{
    write_state *s = st;
    s->a = a;
    build(s);
}

static void write_draw(app *a, void *st, WINDOW *w)
{
    write_state *s = st;
    s->a = a;
    int cy, cx;
    fm_form_draw(&s->form, w, FM_BODY_TOP + 1, getmaxy(w) - FM_BODY_TOP - 4, &cy, &cx);
    if (cy >= 0)
        app_cursor(a, cy, cx);
}

static int write_key(app *a, void *st, fm_key k)
{
    write_state *s = st;
    int r = fm_form_key(&s->form, k);
    if (r == FM_REJECTED)
        app_message(a, 1, "%s", s->form.why);
    if (r == FM_SUBMIT) {
        fm_form_focus(&s->form, 0);
        app_message(a, 0, "%s", _("F2 writes the hand-over."));
    }
    return r == FM_IGNORED ? FM_IGNORED : FM_HANDLED;
}

/* F4 where the field under the cursor has no list (the form opens those that have one). */
static int no_list_key(void *owner, void *st, fm_key k)
{
    (void)st, (void)k;
    app_message(owner, 1, "%s", _("This field has no list to choose from."));
    return FM_HANDLED;
}

static int save_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    write_state *s = st;
    char came[512], done[512], left[512], text[ITEMS][400], to[ITEMS][40];
    bm_handover_new in = {
        .came_in = fm_form_value(&s->form, "came_in", came, sizeof came),
        .done = fm_form_value(&s->form, "done", done, sizeof done),
        .left_over = fm_form_value(&s->form, "left", left, sizeof left),
    };
    for (int i = 0; i < ITEMS; i++) {
        char name[16], tname[16];
        snprintf(name, sizeof name, "item%d", i + 1);
        snprintf(tname, sizeof tname, "to%d", i + 1);
        fm_form_value(&s->form, name, text[i], sizeof text[i]);
        fm_form_value(&s->form, tname, to[i], sizeof to[i]);
        if (!text[i][0]) {
            if (to[i][0]) {
                fm_form_focus(&s->form, fm_form_find(&s->form, name));
                app_message(a, 1, "%s", _("Say what is to be done for that person."));
                return FM_HANDLED;
            }
            continue;
        }
        in.item_text[in.nitems] = text[i];
        in.item_assignee[in.nitems++] = to[i];
    }
    int64_t id;
    bm_err err;
    if (bm_handover_write(a->db, &a->actor, &in, &id, &err) != BM_OK) {
        ui_error(a, &err);
        return FM_HANDLED;
    }
    app_pop(a);
    handovers_changed(a);
    app_message(a, 0, "%s", _("The hand-over is written: those it names see it on their home "
                              "screen until they sign it."));
    return FM_HANDLED;
}

static const fm_fkey write_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Write"), save_key, 0 },
    APP_KEY_BACK,
    { FM_KEY_F(4), NULL, N_("List"), no_list_key, 0 },
    APP_KEY_CANCEL,
    FM_FKEYS_END,
};

const screen_def screen_handover_write = {
    .id = "BM314",
    .title = N_("Write the hand-over"),
    .keys = write_keys,
    .help = N_("The hand-over of your shift: what came in, what was done, what is left. Each "
               "open item says what is to be done and, after it, the login of who takes it on "
               "the next working day (F4 lists the centre's staff with where they are); leave "
               "the login blank for the centre's pool, which the first clerk to read it signs. "
               "F2 writes the hand-over; F3 or F12 leaves without writing."),
    .state_size = sizeof(write_state),
    .open = write_open,
    .draw = write_draw,
    .key = write_key,
};
