/* BM330 where the staff of the user's centre are (去向留言): each member of staff with their
 * role and phone and, beside the name, the note that holds now (下村入户 新桥村 16:00 回).
 * Option 5 shows a person's notes over time. F6 leaves the user's own note (BM331: where,
 * the place, back when); it holds until the return time or the user's next login. */
#include "core/date.h"
#include "core/whereabouts.h"
#include "forms/form.h"
#include "forms/frame.h"
#include "forms/text.h"
#include "forms/worklist.h"
#include "tui/kit/caseui.h"
#include "tui/kit/listkeys.h"
#include "tui/kit/staffpick.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCOLS 4
#define STAFF_MAX 200

typedef struct where_state {
    list_screen ls;   /* first: the shared list keys find it there */
    bm_staff *rows;
    int count;
    fm_column cols[NCOLS];
} where_state;

static const char *cell(void *ctx, int row, int col, char *buf, size_t cap, int *mark)
{
    where_state *s = ctx;
    *mark = FM_MARK_NONE;
    if (row < 0 || row >= s->count)
        return "";
    const bm_staff *p = &s->rows[row];
    switch (col) {
    case 0: return p->name;
    case 1: return app_role_label(p->role);
    case 2: return p->phone;
    case 3:
        staff_where_text(p->where.kind, p->where.place, p->where.back_at, buf, cap);
        return buf;
    default: return "";
    }
}

static int keep(const bm_staff *p, void *ctx)
{
    where_state *s = ctx;
    if (s->count >= STAFF_MAX)
        return 1;
    s->rows[s->count++] = *p;
    return 0;
}

static void reset(void *ctx)
{
    ((where_state *)ctx)->count = 0;
}

static int fetch(void *ctx, const char *query, int offset, int limit)
{
    (void)limit;
    where_state *s = ctx;
    if (offset > 0)
        return 0;
    if (!s->rows && !(s->rows = calloc(STAFF_MAX, sizeof *s->rows)))
        return -1;
    bm_err err;
    if (bm_staff_of_centre(s->ls.a->db, &s->ls.a->actor, keep, s, &err) != BM_OK) {
        ui_error(s->ls.a, &err);
        return -1;
    }
    if (query[0]) {
        int k = 0;
        for (int i = 0; i < s->count; i++)
            if (strstr(s->rows[i].name, query) || strstr(s->rows[i].login, query) ||
                strstr(s->rows[i].where.place, query))
                s->rows[k++] = s->rows[i];
        s->count = k;
    }
    return s->count;
}

struct history {
    char *text;
    size_t len, cap;
};

static int add_note(const bm_whereabouts *w, void *ctx)
{
    struct history *h = ctx;
    char what[200], set[17];
    staff_where_text(w->kind, w->place, w->back_at, what, sizeof what);
    ui_time(w->set_at, set);
    if (h->len < h->cap)
        h->len += (size_t)snprintf(h->text + h->len, h->cap - h->len, "%s  %s\n", set, what);
    return 0;
}

static void act_on(void *ctx, int row, char option)
{
    (void)option;
    where_state *s = ctx;
    app *a = s->ls.a;
    char text[2400] = "";
    struct history h = {text, 0, sizeof text};
    bm_err err;
    if (bm_where_history(a->db, s->rows[row].id, 20, add_note, &h, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    app_notice(a, s->rows[row].name, text[0] ? text : _("No whereabouts notes yet."));
}

static const fm_worklist_spec spec = {
    .ncols = NCOLS, .options = "5", .default_option = '5', .page_rows = STAFF_MAX,
    .reset = reset, .fetch = fetch, .cell = cell, .act = act_on,
};

static void where_open(app *a, void *st)
{
    where_state *s = st;
    s->ls.a = a;
    fm_worklist_init(&s->ls.wl, &spec, s->cols, s);
    fm_worklist_reload(&s->ls.wl);
}

static void where_close(app *a, void *st)
{
    (void)a;
    where_state *s = st;
    free(s->rows);
    s->rows = NULL;
}

static void where_draw(app *a, void *st, WINDOW *w)
{
    where_state *s = st;
    s->ls.a = a;
    static const char *const titles[NCOLS] = { N_("Name"), N_("Role"), N_("Phone"),
                                               N_("Whereabouts") };
    static const int widths[NCOLS] = { 8, 10, 12, 38 };
    for (int i = 0; i < NCOLS; i++) {
        s->cols[i].title = _(titles[i]);
        s->cols[i].width = widths[i];
        s->cols[i].right = 0;
    }
    const list_screen_words words = {
        .options = _("Options: 5=Notes over time"),
        .prompt = "",
        .none_found = _("Nobody matches."),
        .empty = _("No staff at this centre."),
    };
    list_screen_draw(a, &s->ls, w, &words);
}

static int where_key(app *a, void *st, fm_key k)
{
    return list_screen_key(a, st, k, N_("Options here: 5 notes over time."));
}

static int mine_key(void *owner, void *st, fm_key k)
{
    (void)k;
    where_state *s = st;
    fm_worklist_mark_stale(&s->ls.wl);
    app_push(owner, &screen_where_set);
    return FM_HANDLED;
}

static const fm_fkey where_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    { FM_KEY_F(6), NULL, N_("My note"), mine_key, 0 },
    LIST_SCREEN_KEYS_COMPACT,
    FM_FKEYS_END,
};

const screen_def screen_whereabouts = {
    .id = "BM330",
    .title = N_("Whereabouts notes"),
    .keys = where_keys,
    .help = N_("The staff of your centre and, beside each name, where they are and when they "
               "are back, as they left it. A note holds until the return time or until the "
               "person logs in again.\n"
               "F6 leaves your own note. 5 (or Enter) shows a person's notes over time. Type "
               "to find by name or place; F12 shows everyone again."),
    .state_size = sizeof(where_state),
    .open = where_open,
    .close = where_close,
    .draw = where_draw,
    .key = where_key,
};

/* ---- BM331: my note ---- */

typedef struct set_state {
    fm_form form;
} set_state;

static int set_leave(void *ctx, fm_form *f, int item, char *why, size_t cap)
{
    (void)ctx;
    fm_form_item *it = &f->items[item];
    char v[64];
    fm_field_get(&it->field, v, sizeof v);
    bm_day d;
    if (strcmp(it->name, "kind") == 0 && (strlen(v) != 1 || v[0] < '1' || v[0] > '4')) {
        snprintf(why, cap, "%s", _("Where you are is 1 to 4."));
        return FM_LEAVE_REFUSE;
    }
    if (strcmp(it->name, "day") == 0 && bm_day_parse(v, &d) != 0) {
        snprintf(why, cap, "%s", _("Give the date as YYYY-MM-DD."));
        return FM_LEAVE_REFUSE;
    }
    return FM_LEAVE_OK;
}

static void set_open(app *a, void *st)
{
    (void)a;
    set_state *s = st;
    fm_form *f = &s->form;
    fm_form_init(f, set_leave, NULL, s);
    int lc = fm_form_label_cols(_("Where"), _("Back"));
    char kinds[FM_FORM_LABEL];
    snprintf(kinds, sizeof kinds, "1=%s 2=%s 3=%s 4=%s", _(bm_where_kind_label(1)),
             _(bm_where_kind_label(2)), _(bm_where_kind_label(3)), _(bm_where_kind_label(4)));
    fm_form_add_noted(f, "kind", _("Where"), 0, 1, lc, 1, 1, FM_FIELD_DIGITS, 0, kinds);
    fm_form_add_noted(f, "place", _("Place"), 1, 1, lc, 30, 60, 0, 0, NULL);
    fm_form_add_noted(f, "day", _("Back"), 2, 1, lc, 10, 10, FM_FIELD_ASCII, 0, "YYYY-MM-DD");
    fm_form_add_noted(f, "time", "", 2, 1 + lc + 14 + 2, 0, 5, 5, FM_FIELD_ASCII, 0, "HH:MM");
    char today[11];
    bm_day_format(bm_day_of(bm_now()), today);
    fm_form_set(f, "day", today);
    fm_form_set(f, "kind", "1");
    for (int i = 0; i < f->count; i++)
        f->items[i].field.changed = 0;
    fm_form_focus(f, 0);
}

static void set_draw(app *a, void *st, WINDOW *w)
{
    set_state *s = st;
    int cy, cx;
    fm_form_draw(&s->form, w, FM_BODY_TOP + 1, getmaxy(w) - FM_BODY_TOP - 4, &cy, &cx);
    if (cy >= 0)
        app_cursor(a, cy, cx);
}

static int set_key(app *a, void *st, fm_key k)
{
    set_state *s = st;
    int r = fm_form_key(&s->form, k);
    if (r == FM_REJECTED)
        app_message(a, 1, "%s", s->form.why);
    if (r == FM_SUBMIT) {
        fm_form_focus(&s->form, 0);
        app_message(a, 0, "%s", _("F2 leaves the note."));
    }
    return r == FM_IGNORED ? FM_IGNORED : FM_HANDLED;
}

static int save_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    set_state *s = st;
    if (fm_form_check_all(&s->form) != 0) {
        app_message(a, 1, "%s", s->form.why);
        return FM_HANDLED;
    }
    char kind[4], place[200], day[16], tm[16], rest;
    int hh, mm;
    bm_day d;
    fm_form_value(&s->form, "kind", kind, sizeof kind);
    fm_form_value(&s->form, "place", place, sizeof place);
    if (bm_day_parse(fm_form_value(&s->form, "day", day, sizeof day), &d) != 0 ||
        sscanf(fm_form_value(&s->form, "time", tm, sizeof tm), "%d:%d%c", &hh, &mm, &rest) != 2 ||
        hh < 0 || hh > 23 || mm < 0 || mm > 59) {
        fm_form_focus(&s->form, fm_form_find(&s->form, "time"));
        app_message(a, 1, "%s", _("Give the time as HH:MM."));
        return FM_HANDLED;
    }
    bm_err err;
    if (bm_where_set(a->db, &a->actor, atoi(kind), place, bm_time_at(d, hh * 60 + mm), &err) !=
        BM_OK) {
        ui_error(a, &err);
        return FM_HANDLED;
    }
    app_pop(a);
    app_message(a, 0, "%s", _("Your note is left: it holds until you are back or log in again."));
    return FM_HANDLED;
}

static int clear_key(void *owner, void *st, fm_key k)
{
    (void)st, (void)k;
    app *a = owner;
    bm_err err;
    if (bm_where_clear(a->db, &a->actor, BM_WHERE_BY_HAND, &err) != BM_OK) {
        ui_error(a, &err);
        return FM_HANDLED;
    }
    app_pop(a);
    app_message(a, 0, "%s", _("Your note is cleared."));
    return FM_HANDLED;
}

static const fm_fkey set_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Leave note"), save_key, 0 },
    APP_KEY_BACK,
    { FM_KEY_F(9), NULL, N_("Clear my note"), clear_key, 0 },
    APP_KEY_CANCEL,
    FM_FKEYS_END,
};

const screen_def screen_where_set = {
    .id = "BM331",
    .title = N_("My whereabouts note"),
    .keys = set_keys,
    .help = N_("Where you are (1 in the villages, 2 in a meeting, 3 out on business, 4 on "
               "leave), the place, and the day and time you are back. F2 leaves the note: your "
               "colleagues see it beside your name until then, or until you log in again. F9 "
               "clears your note now."),
    .state_size = sizeof(set_state),
    .open = set_open,
    .draw = set_draw,
    .key = set_key,
};
