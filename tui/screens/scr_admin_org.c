/* BM920 organisation (组织机构): the tree from the county to groups and grids, indented, each
 * unit with its code (what `user add --org` and the Users screen take), kind, name, phone and
 * whether it is retired. Option 5 opens a unit (BM921): rename it, a new phone, move a village
 * to another township (its past cases stay where they were), retire it. F6 adds a unit
 * (BM922). Core checks and audits every change. */
#include "core/org.h"
#include "forms/form.h"
#include "forms/frame.h"
#include "forms/text.h"
#include "forms/worklist.h"
#include "tui/kit/caseui.h"
#include "tui/kit/listkeys.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCOLS 5

typedef struct org_row {
    bm_org o;
    int depth;
} org_row;

typedef struct org_state {
    list_screen ls;   /* first: the shared list keys find it there */
    org_row *rows;
    int count, cap;
    fm_column cols[NCOLS];
} org_state;

static const char *kind_word(int kind)
{
    static const char *const words[] = { "", N_("County"), N_("Township"), N_("Village"),
                                         N_("Window"), N_("Group"), N_("Grid") };
    return kind > 0 && kind <= BM_ORG_GRID ? _(words[kind]) : "?";
}

static const char *cell(void *ctx, int row, int col, char *buf, size_t cap, int *mark)
{
    org_state *s = ctx;
    *mark = FM_MARK_NONE;
    if (row < 0 || row >= s->count)
        return "";
    const org_row *r = &s->rows[row];
    switch (col) {
    case 0:
        snprintf(buf, cap, "%*s%s", 2 * (r->depth < 4 ? r->depth : 4), "", r->o.code);
        return buf;
    case 1: return kind_word(r->o.kind);
    case 2: return r->o.name;
    case 3: return r->o.phone;
    case 4: return r->o.active ? "" : _("retired");
    default: return "";
    }
}

struct fill {
    org_state *s;
    const char *query;
};

static int keep_unit(const bm_org *o, int depth, void *ctx)
{
    struct fill *f = ctx;
    org_state *s = f->s;
    if (f->query[0] && !strstr(o->code, f->query) && !strstr(o->name, f->query))
        return 0;
    if (s->count == s->cap) {
        int cap = s->cap ? s->cap * 2 : 64;
        org_row *n = realloc(s->rows, (size_t)cap * sizeof *n);
        if (!n)
            return 1;
        s->rows = n;
        s->cap = cap;
    }
    s->rows[s->count].o = *o;
    s->rows[s->count++].depth = depth;
    return s->count >= FM_LIST_MAX_ROWS;
}

static void reset(void *ctx)
{
    ((org_state *)ctx)->count = 0;
}

/* The county's tree is read whole at the first page; a find keeps units whose code or name
 * holds the text. */
static int fetch(void *ctx, const char *query, int offset, int limit)
{
    (void)limit;
    org_state *s = ctx;
    if (offset > 0 && !query[0])
        return 0;
    int before = s->count;
    struct fill f = { s, query };
    bm_err err;
    if (bm_org_list(s->ls.a->db, keep_unit, &f, &err) != BM_OK) {
        ui_error(s->ls.a, &err);
        return -1;
    }
    return s->count - before;
}

typedef struct unit_state {
    char code[40];
    bm_org o, parent;
    int loaded;
    fm_form form;
    char built_lang[8];
} unit_state;

static void act_on(void *ctx, int row, char option)
{
    (void)option;
    org_state *s = ctx;
    app_push(s->ls.a, &screen_admin_unit);
    unit_state *u = app_top_state(s->ls.a, &screen_admin_unit);
    if (u)
        snprintf(u->code, sizeof u->code, "%s", s->rows[row].o.code);
    fm_worklist_mark_stale(&s->ls.wl);
}

static const fm_worklist_spec spec = {
    .ncols = NCOLS, .options = "5", .default_option = '5', .page_rows = 50,
    .reset = reset, .fetch = fetch, .cell = cell, .act = act_on,
};

static void org_open(app *a, void *st)
{
    org_state *s = st;
    s->ls.a = a;
    fm_worklist_init(&s->ls.wl, &spec, s->cols, s);
    fm_worklist_reload(&s->ls.wl);
}

static void org_close(app *a, void *st)
{
    (void)a;
    org_state *s = st;
    free(s->rows);
    s->rows = NULL;
}

static void org_draw(app *a, void *st, WINDOW *w)
{
    org_state *s = st;
    s->ls.a = a;
    static const char *const titles[NCOLS] = { N_("Code"), N_("Kind"), N_("Name"), N_("Phone"),
                                               N_("State") };
    static const int widths[NCOLS] = { 22, 8, 22, 13, 6 };
    for (int i = 0; i < NCOLS; i++) {
        s->cols[i].title = _(titles[i]);
        s->cols[i].width = widths[i];
        s->cols[i].right = 0;
    }
    const list_screen_words words = {
        .options = _("Options: 5=Open  F6=New unit"),
        .prompt = "",
        .none_found = _("No unit matches."),
        .empty = _("No units."),
    };
    list_screen_draw(a, &s->ls, w, &words);
}

static int org_key(app *a, void *st, fm_key k)
{
    return list_screen_key(a, st, k, N_("Options here: 5 open."));
}

static int new_unit_key(void *owner, void *st, fm_key k)
{
    (void)k;
    org_state *s = st;
    app_push(owner, &screen_admin_unit_add);
    fm_worklist_mark_stale(&s->ls.wl);
    return FM_HANDLED;
}

static const fm_fkey org_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    { FM_KEY_F(6), NULL, N_("New unit"), new_unit_key, 0 },
    LIST_SCREEN_KEYS,
    FM_FKEYS_END,
};

const screen_def screen_admin_org = {
    .id = "BM920",
    .title = N_("Organisation"),
    .keys = org_keys,
    .help = N_("The county's units as a tree: township and street centres under the county, "
               "villages and windows under a centre, groups and grids under a village. The code "
               "is what the Users screen and `bianmin user add --org` take. Type letters to "
               "find by code or name. 5 (or Enter) opens a unit: rename, phone, move a village "
               "to another township, retire. F6 adds a unit."),
    .state_size = sizeof(org_state),
    .open = org_open,
    .close = org_close,
    .draw = org_draw,
    .key = org_key,
};

/* ---- BM921: one unit --------------------------------------------------------------------- */

static void unit_build(app *a, unit_state *s)
{
    fm_form *f = &s->form;
    fm_form_init(f, NULL, NULL, s);
    int lc = fm_form_label_cols(_("Name"), _("Move to township"));
    fm_form_add_noted(f, "name", _("Name"), 0, 1, lc, 30, 40, 0, 0, NULL);
    fm_form_add_noted(f, "phone", _("Phone"), 1, 1, lc, 15, 20, FM_FIELD_ASCII, 0,
                      _("F2=Save name and phone"));
    if (s->o.kind == BM_ORG_VILLAGE)
        fm_form_add_noted(f, "township", _("Move to township"), 3, 1, lc, 20, 32,
                          FM_FIELD_ASCII, 0, _("code, then F7"));
    fm_form_set(f, "name", s->o.name);
    fm_form_set(f, "phone", s->o.phone);
    snprintf(s->built_lang, sizeof s->built_lang, "%s", a->lang);
}

static void unit_load(app *a, unit_state *s)
{
    bm_err err;
    memset(&s->parent, 0, sizeof s->parent);
    if (bm_org_get_by_code(a->db, s->code, &s->o, &err) != BM_OK ||
        (s->o.parent_id && bm_org_get(a->db, s->o.parent_id, &s->parent, &err) != BM_OK))
        ui_error(a, &err);
    s->loaded = 1;
    unit_build(a, s);
}

static void unit_draw(app *a, void *st, WINDOW *w)
{
    unit_state *s = st;
    if (!s->loaded || strcmp(s->built_lang, a->lang) != 0)
        unit_load(a, s);
    int cols = getmaxx(w), rows = getmaxy(w), y = FM_BODY_TOP;
    char line[400];
    snprintf(line, sizeof line, "%s  %s  %s%s%s", s->o.code, kind_word(s->o.kind), s->o.name,
             s->o.active ? "" : "  ", s->o.active ? "" : _("retired"));
    wattron(w, A_BOLD);
    fm_put(w, y, 1, line, cols - 2);
    wattroff(w, A_BOLD);
    if (s->parent.id) {
        snprintf(line, sizeof line, "%s %s  %s", _("Under:"), s->parent.code, s->parent.name);
        fm_put(w, y + 1, 1, line, cols - 2);
    }
    int cy, cx;
    fm_form_draw(&s->form, w, y + 3, 5, &cy, &cx);
    fm_put(w, rows - 4, 1,
           s->o.kind == BM_ORG_VILLAGE
               ? _("A moved village keeps its past cases where they were; new ones go to the new "
                   "township.")
               : "", cols - 2);
    fm_put(w, rows - 3, 1, _("F9 retires the unit (never deleted: cases refer to it)."),
           cols - 2);
    if (cy >= 0)
        app_cursor(a, cy, cx);
}

static int unit_key(app *a, void *st, fm_key k)
{
    (void)a;
    unit_state *s = st;
    int r = fm_form_key(&s->form, k);
    return r == FM_SUBMIT ? FM_HANDLED : r;
}

static int unit_done(app *a, unit_state *s, int rc, const bm_err *err, const char *said)
{
    if (rc != BM_OK) {
        ui_error(a, err);
        return FM_HANDLED;
    }
    s->loaded = 0;
    app_message(a, 0, "%s", said);
    return FM_HANDLED;
}

static int unit_save_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    unit_state *s = st;
    char name[160], phone[40];
    fm_form_value(&s->form, "name", name, sizeof name);
    fm_form_value(&s->form, "phone", phone, sizeof phone);
    bm_err err;
    int rc = BM_OK;
    if (strcmp(name, s->o.name) != 0)
        rc = bm_org_rename(a->db, &a->actor, s->code, name, &err);
    if (rc == BM_OK && strcmp(phone, s->o.phone) != 0)
        rc = bm_org_set_phone(a->db, &a->actor, s->code, phone, &err);
    return unit_done(a, s, rc, &err, _("Saved."));
}

static int unit_move_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    unit_state *s = st;
    char to[40];
    fm_form_value(&s->form, "township", to, sizeof to);
    bm_err err;
    int rc = bm_org_move(a->db, &a->actor, s->code, to, &err);
    return unit_done(a, s, rc, &err, _("Moved: new cases of this village go to that township."));
}

static int unit_retire_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    unit_state *s = st;
    bm_err err;
    int rc = bm_org_retire(a->db, &a->actor, s->code, &err);
    return unit_done(a, s, rc, &err, _("Retired."));
}

static const fm_fkey unit_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Save"), unit_save_key, 0 },
    APP_KEY_BACK,
    { FM_KEY_F(7), NULL, N_("Move"), unit_move_key, 0 },
    { FM_KEY_F(9), NULL, N_("Retire"), unit_retire_key, 0 },
    APP_KEY_CANCEL,
    FM_FKEYS_END,
};

const screen_def screen_admin_unit = {
    .id = "BM921",
    .title = N_("Unit"),
    .keys = unit_keys,
    .help = N_("One unit. Name and phone: F2 saves them. A village moves to another township "
               "with its groups and grids: type the township's code and press F7; its past "
               "cases stay with the centre that took them. F9 retires the unit (first retire "
               "or move the units under it); it is never deleted."),
    .state_size = sizeof(unit_state),
    .draw = unit_draw,
    .key = unit_key,
};

/* ---- BM922: a new unit ------------------------------------------------------------------- */

typedef struct unit_add_state {
    fm_form form;
    char built_lang[8];
} unit_add_state;

static void unit_add_build(app *a, unit_add_state *s)
{
    char keep[1024];
    fm_form_save(&s->form, keep, sizeof keep);
    fm_form *f = &s->form;
    fm_form_init(f, NULL, NULL, s);
    int lc = fm_form_label_cols(_("Code"), _("Under (code)"));
    fm_form_add_field(f, "code", _("Code"), 0, 3, lc, 20, 32, FM_FIELD_ASCII, 0);
    fm_form_add_field(f, "name", _("Name"), 1, 3, lc, 30, 40, 0, 0);
    fm_form_add_field(f, "kind", _("Kind"), 2, 3, lc, 1, 1, FM_FIELD_DIGITS, 0);
    char kinds[200];
    snprintf(kinds, sizeof kinds, "2=%s  3=%s  4=%s  5=%s  6=%s", kind_word(2), kind_word(3),
             kind_word(4), kind_word(5), kind_word(6));
    fm_form_add_text(f, 3, 5 + lc, kinds, 0);
    fm_form_add_field(f, "parent", _("Under (code)"), 4, 3, lc, 20, 32, FM_FIELD_ASCII, 0);
    fm_form_add_field(f, "phone", _("Phone"), 5, 3, lc, 15, 20, FM_FIELD_ASCII, 0);
    fm_form_load(f, keep);
    snprintf(s->built_lang, sizeof s->built_lang, "%s", a->lang);
}

static void unit_add_open(app *a, void *st)
{
    unit_add_build(a, st);
}

static void unit_add_draw(app *a, void *st, WINDOW *w)
{
    unit_add_state *s = st;
    if (strcmp(s->built_lang, a->lang) != 0)
        unit_add_build(a, s);
    int cy, cx;
    fm_form_draw(&s->form, w, FM_BODY_TOP + 1, 7, &cy, &cx);
    fm_put(w, FM_BODY_TOP + 9, 3, _("F2 adds the unit."), getmaxx(w) - 4);
    if (cy >= 0)
        app_cursor(a, cy, cx);
}

static int unit_add_save_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    unit_add_state *s = st;
    char code[40], name[160], kind[4], parent[40], phone[40];
    fm_form_value(&s->form, "code", code, sizeof code);
    fm_form_value(&s->form, "name", name, sizeof name);
    fm_form_value(&s->form, "kind", kind, sizeof kind);
    fm_form_value(&s->form, "parent", parent, sizeof parent);
    fm_form_value(&s->form, "phone", phone, sizeof phone);
    bm_err err;
    if (bm_org_add(a->db, &a->actor, code, name, atoi(kind), parent, phone, &err) != BM_OK) {
        ui_error(a, &err);
        return FM_HANDLED;
    }
    app_pop(a);
    app_message(a, 0, _("Unit %s added."), code);
    return FM_HANDLED;
}

static int unit_add_key(app *a, void *st, fm_key k)
{
    unit_add_state *s = st;
    int r = fm_form_key(&s->form, k);
    if (r == FM_SUBMIT)
        return unit_add_save_key(a, s, k);
    return r;
}

static const fm_fkey unit_add_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Add"), unit_add_save_key, 0 },
    APP_KEY_BACK,
    APP_KEY_CANCEL,
    FM_FKEYS_END,
};

const screen_def screen_admin_unit_add = {
    .id = "BM922",
    .title = N_("New unit"),
    .keys = unit_add_keys,
    .help = N_("Code: lower-case letters, digits, '.', '-' or '_' (e.g. qinglin.xinqiao for a "
               "village of qinglin). Kind: its number; a township goes under the county, a "
               "village or window under a township, a group or grid under a village. Under: "
               "the code of the unit above. F2 adds it."),
    .state_size = sizeof(unit_add_state),
    .open = unit_add_open,
    .draw = unit_add_draw,
    .key = unit_add_key,
};
