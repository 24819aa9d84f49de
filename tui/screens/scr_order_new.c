/* BM263 a new hotline work order, entered by hand from the hotline's notification: its number
 * and time as the platform gives them, the kind, the caller (found or registered with the
 * applicant block, typed by name and phone only, or anonymous), the summary and full text and
 * the village it concerns. F2 enters it; core starts its transfer clock and the order opens. */
#include "core/date.h"
#include "core/workorder.h"
#include "forms/form.h"
#include "forms/frame.h"
#include "forms/text.h"
#include "tui/kit/applicant_block.h"
#include "tui/kit/caseui.h"
#include "tui/kit/pick.h"
#include "tui/screens/orders.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct order_new_state {
    app *a;
    fm_form form;
    applicant_block ab;
} order_new_state;

static int new_leave(void *ctx, fm_form *f, int item, char *why, size_t cap);
static int new_choose(void *ctx, fm_form *f, int item);

static void build(order_new_state *s)
{
    fm_form *f = &s->form;
    fm_form_init(f, new_leave, new_choose, s);
    int lc = fm_form_label_cols(_("Applicant"), _("Order no."));
    int row = 0;
    int i = fm_form_add_field(f, "o_no", _("Order no."), row, 1, lc, 20, 32, FM_FIELD_ASCII, 0);
    fm_form_add_noted(f, "o_at", _("Received at"), row++, fm_form_item_end(f, i) + 2, 0, 16, 16,
                      FM_FIELD_ASCII, 0, "YYYY-MM-DD HH:MM");
    i = fm_form_add_field(f, "o_kind", _("Kind"), row++, 1, lc, 1, 1, FM_FIELD_DIGITS,
                          FM_ITEM_AUTOSKIP);
    snprintf(f->items[i].after, sizeof f->items[i].after, "1=%s 2=%s 3=%s 4=%s 5=%s",
             _(bm_wo_kind_name(1)), _(bm_wo_kind_name(2)), _(bm_wo_kind_name(3)),
             _(bm_wo_kind_name(4)), _(bm_wo_kind_name(5)));
    row++;
    row = applicant_block_build(&s->ab, row, lc);
    if (!s->ab.ap.id && !s->ab.registering) {
        fm_form_add_text(f, row++, 3, _("Or only a name and phone; all blank: anonymous."), 0);
        i = fm_form_add_field(f, "o_caller", _("Caller"), row, 3, 0, 12, 20, 0, 0);
        fm_form_add_field(f, "o_phone", _("Phone"), row++, fm_form_item_end(f, i) + 2, 0, 13,
                          20, FM_FIELD_ASCII, 0);
    }
    row++;
    fm_form_add_field(f, "o_summary", _("Summary"), row++, 1, lc, 50, 50, 0, 0);
    fm_form_add_field(f, "o_text", _("Full text"), row++, 1, lc, 60, 600, 0, 0);
    fm_form_add_noted(f, "o_place", _("Village"), row++, 1, lc, 16, 30, 0, 0,
                      _("blank: the centre as a whole"));
}

/* The page again with what was typed kept, the focus on `focus` (NULL: where it was). */
static void rebuild(void *owner, const char *focus)
{
    order_new_state *s = owner;
    char *saved = malloc(FM_FORM_MAX_ITEMS * 700);
    char name[FM_FORM_NAME];
    snprintf(name, sizeof name, "%s", focus ? focus : fm_form_focus_name(&s->form));
    if (saved)
        fm_form_save(&s->form, saved, FM_FORM_MAX_ITEMS * 700);
    build(s);
    if (saved)
        fm_form_load(&s->form, saved);
    free(saved);
    int at = fm_form_find(&s->form, name);
    fm_form_focus(&s->form, at >= 0 ? at : 0);
}

static void applicant_found(void *owner)
{
    rebuild(owner, "o_summary");
}

/* The village typed, among the centre's: its index, -1 when not one of them. */
static int village_of(const order_new_state *s, const char *typed)
{
    for (int i = 0; i < s->ab.nvillages; i++)
        if (strcmp(s->ab.villages[i].name, typed) == 0)
            return i;
    for (int i = 0; i < s->ab.nvillages; i++)
        if (typed[0] && strstr(s->ab.villages[i].name, typed))
            return i;
    return -1;
}

static int new_leave(void *ctx, fm_form *f, int item, char *why, size_t cap)
{
    order_new_state *s = ctx;
    fm_form_item *it = &f->items[item];
    char v[256];
    fm_field_get(&it->field, v, sizeof v);
    /* an anonymous caller: nobody to find */
    if (strcmp(it->name, "find") == 0 && !v[0])
        return FM_LEAVE_OK;
    int r = applicant_block_leave(&s->ab, it, why, cap);
    if (r != AB_NOT_MINE)
        return r;
    if (strcmp(it->name, "o_at") == 0) {
        time_t t;
        if (bm_wo_time_parse(v, &t) != 0) {
            snprintf(why, cap, "%s", _("Give the time as YYYY-MM-DD HH:MM."));
            return FM_LEAVE_REFUSE;
        }
    } else if (strcmp(it->name, "o_kind") == 0) {
        int k = atoi(v);
        if (k < BM_WO_CONSULT || k >= BM_WO_KIND_COUNT) {
            snprintf(why, cap, "%s", _("The kind is 1 to 5."));
            return FM_LEAVE_REFUSE;
        }
    } else if (strcmp(it->name, "o_place") == 0 && v[0] && village_of(s, v) < 0) {
        snprintf(why, cap, "%s", _("Not a village of this centre: F4 lists them."));
        return FM_LEAVE_REFUSE;
    }
    return FM_LEAVE_OK;
}

static void place_chosen(app *a, void *ctx, const char *key)
{
    order_new_state *s = ctx;
    pick_set_field(a, &s->form, "o_place", key);
}

static void fill_places(app *a, void *ctx, const char *filter, pick_rows *out)
{
    (void)a;
    order_new_state *s = ctx;
    for (int i = 0; i < s->ab.nvillages; i++)
        if (!filter[0] || strstr(s->ab.villages[i].name, filter))
            pick_add(out, s->ab.villages[i].name, s->ab.villages[i].name, NULL, NULL, NULL,
                     NULL);
}

static const fm_column place_cols[] = { { N_("Name"), 30, 0 } };
static const pick_spec place_pick = { place_cols, 1, NULL, fill_places, place_chosen };

static int new_choose(void *ctx, fm_form *f, int item)
{
    order_new_state *s = ctx;
    int r = applicant_block_choose(&s->ab, item);
    if (r != AB_NOT_MINE)
        return r;
    if (strcmp(f->items[item].name, "o_place") == 0) {
        pick_open(s->a, &screen_pick_list, &place_pick, s, "");
        return FM_HANDLED;
    }
    return FM_IGNORED;
}

static void new_open(app *a, void *st)
{
    order_new_state *s = st;
    s->a = a;
    applicant_block_init(&s->ab, a, &s->form, s, rebuild, applicant_found);
    build(s);
    char now[17];
    ui_time(bm_now(), now);
    fm_form_set(&s->form, "o_at", now);
    fm_form_focus(&s->form, 0);
}

static void new_draw(app *a, void *st, WINDOW *w)
{
    order_new_state *s = st;
    s->a = a;
    int rows = getmaxy(w), cols = getmaxx(w);
    int cy, cx;
    if (fm_form_draw(&s->form, w, FM_BODY_TOP, rows - 3 - FM_BODY_TOP, &cy, &cx))
        fm_put_right(w, rows - 3, cols - 1, _("more..."));
    if (cy >= 0)
        app_cursor(a, cy, cx);
}

static int new_key(app *a, void *st, fm_key k)
{
    order_new_state *s = st;
    int r = fm_form_key(&s->form, k);
    if (r == FM_REJECTED) {
        app_message(a, 1, "%s", s->form.why);
        return FM_HANDLED;
    }
    if (r == FM_SUBMIT) {
        app_message(a, 0, "%s", _("All filled in: F2 enters the order."));
        return FM_HANDLED;
    }
    return r;
}

static void focus_field(order_new_state *s, const char *name)
{
    int i = fm_form_find(&s->form, name);
    if (i >= 0)
        fm_form_focus(&s->form, i);
}

static int enter_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    order_new_state *s = st;
    if (fm_form_check_all(&s->form) < 0) {
        app_message(a, 1, "%s", s->form.why);
        return FM_HANDLED;
    }
    if (s->ab.registering && applicant_block_register(&s->ab) != 0)
        return FM_HANDLED;
    char no[64], at[32], kind[8], caller[80], phone[32], summary[200], text[2048], place[96];
    fm_form_value(&s->form, "o_no", no, sizeof no);
    fm_form_value(&s->form, "o_at", at, sizeof at);
    fm_form_value(&s->form, "o_kind", kind, sizeof kind);
    fm_form_value(&s->form, "o_caller", caller, sizeof caller);
    fm_form_value(&s->form, "o_phone", phone, sizeof phone);
    fm_form_value(&s->form, "o_summary", summary, sizeof summary);
    fm_form_value(&s->form, "o_text", text, sizeof text);
    fm_form_value(&s->form, "o_place", place, sizeof place);
    bm_wo_new in = { .no = no, .kind = atoi(kind), .summary = summary, .text = text,
                     .caller = caller, .phone = phone };
    bm_wo_time_parse(at, &in.received_at);
    if (s->ab.ap.id) {
        in.applicant_id = s->ab.ap.id;
        in.caller = s->ab.ap.name;
        in.phone = s->ab.ap.phone;
    }
    int v = village_of(s, place);
    in.village_id = v >= 0 ? s->ab.villages[v].id : 0;
    int64_t id = 0;
    bm_err err;
    if (bm_wo_create(a->db, &a->actor, &in, &id, &err) != BM_OK) {
        ui_error(a, &err);
        focus_field(s, err.field == BM_FIELD_KIND      ? "o_kind"
                       : err.field == BM_FIELD_NOTE    ? "o_summary"
                       : err.field == BM_FIELD_PHONE   ? "o_phone"
                       : err.field == BM_FIELD_NAME    ? "o_caller"
                       : err.field == BM_FIELD_VILLAGE ? "o_place"
                                                       : "o_no");
        return FM_HANDLED;
    }
    app_pop(a);
    order_detail_open(a, id, 0);
    app_message(a, 0, _("Order %s entered: its transfer clock runs."), no);
    return FM_HANDLED;
}

static int register_key(void *owner, void *st, fm_key k)
{
    (void)k;
    order_new_state *s = st;
    char typed[256];
    fm_form_value(&s->form, "find", typed, sizeof typed);
    applicant_block_start(&s->ab, s->ab.ap.id ? "" : typed);
    app_message(owner, 0, "%s", _("New applicant: the ID number and phone are checked as each "
                                  "field is left."));
    return FM_HANDLED;
}

/* F4 where the field under the cursor has no list (the form opens those that have one). */
static int no_list_key(void *owner, void *st, fm_key k)
{
    (void)st, (void)k;
    app_message(owner, 1, "%s", _("This field has no list to choose from."));
    return FM_HANDLED;
}

static const fm_fkey new_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Enter"), enter_key, 0 },
    APP_KEY_BACK,
    { FM_KEY_F(4), NULL, N_("List"), no_list_key, 0 },
    { FM_KEY_F(6), NULL, N_("New applicant"), register_key, 0 },
    { FM_KEY_F(12), NULL, N_("Cancel"), app_key_cancel, 0 },
    FM_FKEYS_END,
};

const screen_def screen_order_new = {
    .id = "BM263",
    .title = N_("New hotline order"),
    .keys = new_keys,
    .help = N_("A 12345 hotline work order entered by hand from the hotline's notification. "
               "The order number and the time received as the platform gives them; the kind "
               "(1 consultation, 2 help request, 3 suggestion, 4 complaint, 5 report: the "
               "answer is due in 5, 7, 7, 15 and 15 working days); the caller, found by ID "
               "number, phone, name or initials (F4 lists, F6 registers a new applicant), or "
               "only a name and phone, or nothing for an anonymous caller; a short summary, "
               "the full text, and the village it concerns (F4 lists them).\n"
               "F2 enters the order: its transfer clock starts from the time received."),
    .state_size = sizeof(order_new_state),
    .open = new_open,
    .draw = new_draw,
    .key = new_key,
};

void order_new_open(app *a)
{
    app_push(a, &screen_order_new);
}
