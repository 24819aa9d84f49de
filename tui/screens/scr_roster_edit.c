/* BM315 changing the duty roster of a centre (the centre head, the administrator): swap the
 * people of two days' shifts, give a day's shift to someone else, add a second person (none:
 * removed), or mark a person's leave (their shifts of those days go to the next in turn).
 * Each day has one off-hours shift, so a shift is named by its day. Core checks the right to
 * change the roster and every rule; its refusal stays on the form. */
#include "core/date.h"
#include "core/org.h"
#include "core/roster.h"
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

enum { CHANGE_SWAP = 1, CHANGE_REPLACE, CHANGE_SECOND, CHANGE_LEAVE };

typedef struct edit_state {
    fm_form form;
    staff_pick pick;
    app *a;
    char centre[33];
} edit_state;

static int edit_choose(void *ctx, fm_form *f, int item)
{
    edit_state *s = ctx;
    if (strcmp(f->items[item].name, "login") != 0)
        return FM_IGNORED;
    staff_pick_open(s->a, &s->pick, f, "login");
    return FM_HANDLED;
}

static int edit_leave(void *ctx, fm_form *f, int item, char *why, size_t cap)
{
    (void)ctx;
    fm_form_item *it = &f->items[item];
    char v[32];
    fm_field_get(&it->field, v, sizeof v);
    bm_day d;
    if (strcmp(it->name, "what") == 0 && (strlen(v) != 1 || v[0] < '1' || v[0] > '4')) {
        snprintf(why, cap, "%s", _("The change is 1 to 4."));
        return FM_LEAVE_REFUSE;
    }
    if ((strcmp(it->name, "day") == 0 || (strcmp(it->name, "other") == 0 && v[0])) &&
        bm_day_parse(v, &d) != 0) {
        snprintf(why, cap, "%s", _("Give the date as YYYY-MM-DD."));
        return FM_LEAVE_REFUSE;
    }
    return FM_LEAVE_OK;
}

static void build(edit_state *s)
{
    fm_form *f = &s->form;
    fm_form_init(f, edit_leave, edit_choose, s);
    int lc = fm_form_label_cols(_("Change"), _("Second day / to"));
    if (fm_width(_("Person (login)")) > lc)
        lc = fm_width(_("Person (login)"));
    fm_form_add_noted(f, "what", _("Change"), 0, 1, lc, 1, 1, FM_FIELD_DIGITS, 0,
                      _("1=swap two days 2=replace 3=second person 4=leave"));
    fm_form_add_noted(f, "day", _("Day"), 1, 1, lc, 10, 10, FM_FIELD_ASCII, 0,
                      _("YYYY-MM-DD, the shift's day (leave: from)"));
    fm_form_add_noted(f, "other", _("Second day / to"), 2, 1, lc, 10, 10, FM_FIELD_ASCII, 0,
                      _("swap: the other day; leave: the last day"));
    fm_form_add_noted(f, "login", _("Person (login)"), 3, 1, lc, 12, 32, FM_FIELD_ASCII, 0,
                      _("replace, second person, leave; F4 lists the staff"));
}

void roster_edit_open(app *a, const char *centre_code, int32_t day)
{
    app_push(a, &screen_roster_edit);
    edit_state *s = app_top_state(a, &screen_roster_edit);
    if (!s)
        return;
    s->a = a;
    snprintf(s->centre, sizeof s->centre, "%s", centre_code);
    build(s);
    char d[11];
    bm_day_format(day, d);
    fm_form_set(&s->form, "day", d);
    for (int i = 0; i < s->form.count; i++)
        s->form.items[i].field.changed = 0;
    fm_form_focus(&s->form, 0);
}

static void edit_draw(app *a, void *st, WINDOW *w)
{
    edit_state *s = st;
    s->a = a;
    char line[200];
    bm_org o;
    snprintf(line, sizeof line, _("Duty roster of %s"),
             bm_org_get_by_code(a->db, s->centre, &o, NULL) == BM_OK ? o.name : s->centre);
    fm_put(w, FM_BODY_TOP, 1, line, 78);
    int cy, cx;
    fm_form_draw(&s->form, w, FM_BODY_TOP + 2, getmaxy(w) - FM_BODY_TOP - 5, &cy, &cx);
    if (cy >= 0)
        app_cursor(a, cy, cx);
}

static int edit_key(app *a, void *st, fm_key k)
{
    edit_state *s = st;
    int r = fm_form_key(&s->form, k);
    if (r == FM_REJECTED)
        app_message(a, 1, "%s", s->form.why);
    if (r == FM_SUBMIT)
        app_message(a, 0, "%s", _("F2 changes the roster."));
    return r == FM_IGNORED ? FM_IGNORED : FM_HANDLED;
}

/* The shift of the centre on the day in field `name`; fills err when there is none. */
static int shift_in(edit_state *s, const char *name, bm_shift *out, bm_err *err)
{
    char v[16];
    bm_day day;
    bm_org o;
    if (bm_day_parse(fm_form_value(&s->form, name, v, sizeof v), &day) != 0)
        return bm_fail(err, BM_EINVALID, N_("Give the date as YYYY-MM-DD."), NULL);
    int rc = bm_org_get_by_code(s->a->db, s->centre, &o, err);
    return rc == BM_OK ? bm_roster_shift_on(s->a->db, o.id, day, out, err) : rc;
}

static int apply(edit_state *s, int what, bm_err *err)
{
    app *a = s->a;
    char login[40], from[16], to[16];
    fm_form_value(&s->form, "login", login, sizeof login);
    bm_shift one, two;
    if (what == CHANGE_LEAVE) {
        bm_day d1, d2;
        fm_form_value(&s->form, "day", from, sizeof from);
        fm_form_value(&s->form, "other", to, sizeof to);
        if (bm_day_parse(from, &d1) != 0 || bm_day_parse(to[0] ? to : from, &d2) != 0)
            return bm_fail(err, BM_EINVALID, N_("Give the date as YYYY-MM-DD."), NULL);
        return bm_roster_leave(a->db, &a->actor, login, d1, d2, err);
    }
    int rc = shift_in(s, "day", &one, err);
    if (rc != BM_OK)
        return rc;
    if (what == CHANGE_SWAP) {
        if ((rc = shift_in(s, "other", &two, err)) != BM_OK)
            return rc;
        return bm_roster_swap(a->db, &a->actor, one.id, two.id, err);
    }
    if (what == CHANGE_REPLACE)
        return bm_roster_replace(a->db, &a->actor, one.id, login, err);
    return bm_roster_second(a->db, &a->actor, one.id, login[0] ? login : NULL, err);
}

static int save_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    edit_state *s = st;
    if (fm_form_check_all(&s->form) != 0) {
        app_message(a, 1, "%s", s->form.why);
        return FM_HANDLED;
    }
    char what[4];
    int w = fm_form_value(&s->form, "what", what, sizeof what)[0] - '0';
    bm_err err;
    if (apply(s, w, &err) != BM_OK) {
        ui_error(a, &err);
        return FM_HANDLED;
    }
    app_pop(a);
    roster_changed(a);
    app_message(a, 0, "%s", _("The roster is changed (* on the shifts changed by hand)."));
    return FM_HANDLED;
}

static int no_list_key(void *owner, void *st, fm_key k)
{
    (void)st, (void)k;
    app_message(owner, 1, "%s", _("This field has no list to choose from."));
    return FM_HANDLED;
}

static const fm_fkey edit_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Change"), save_key, 0 },
    APP_KEY_BACK,
    { FM_KEY_F(4), NULL, N_("List"), no_list_key, 0 },
    APP_KEY_CANCEL,
    FM_FKEYS_END,
};

const screen_def screen_roster_edit = {
    .id = "BM315",
    .title = N_("Change the duty roster"),
    .keys = edit_keys,
    .help = N_("A change to the centre's duty roster. Each day has one shift outside office "
               "hours, named by its day.\n"
               "1 swaps the people of the shifts of Day and Second day. 2 gives the shift of "
               "Day to the person. 3 adds the person as a second on the shift of Day (no "
               "person: the second is removed). 4 marks the person's leave from Day to the "
               "last day: their shifts of those days go to the next in turn.\n"
               "F4 on the person lists the centre's staff. F2 makes the change; F3 or F12 "
               "leaves without it."),
    .state_size = sizeof(edit_state),
    .draw = edit_draw,
    .key = edit_key,
};
