/* BM210, intake (一窗受理): find or register the applicant, choose the matter or one-thing
 * bundle, answer its situations, tick the materials received, and accept with F2. When a
 * required material is missing the clerk chooses between the one-time notice (the case is
 * kept as a draft, which is the notice's record, and nothing is accepted) and acceptance on
 * commitment (where every missing item allows it). An immediate matter can be completed in
 * the same step. The receipt or notice opens at once.
 *
 * One form holds the whole page; it is rebuilt (values kept by field name) whenever the
 * applicant, the matter or a situation's answer changes what it must ask. */
#include "core/applicant.h"
#include "core/authz.h"
#include "core/calendar.h"
#include "core/case.h"
#include "core/catalogue.h"
#include "core/org.h"
#include "core/pinyin.h"
#include "core/validate.h"
#include "forms/dialog.h"
#include "forms/form.h"
#include "forms/frame.h"
#include "forms/text.h"
#include "tui/kit/applicant_block.h"
#include "tui/kit/caseui.h"
#include "tui/kit/clerk.h"
#include "tui/session/i18n.h"
#include "tui/kit/pick.h"
#include "tui/kit/receipt.h"
#include "tui/session/screens.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PLAN_MAX 64
#define COMMIT_DEFAULT_DAYS 5     /* working days a promise to bring materials gets by default */

enum { CONFIRM_BACK = 1, CONFIRM_CLEAR };

typedef struct bundle_item {
    char code[24];
    char name[192];
    int promised;
} bundle_item;

typedef struct intake_state {
    app *a;
    fm_form form;
    char lang[16];
    applicant_block ab;          /* the applicant: chosen or being registered */
    /* the matter or bundle */
    char code[24];
    int is_bundle;
    bm_matter *matter;
    bm_bundle bundle;
    bundle_item items[BM_BUNDLE_MATTERS];
    int nitems;
    int promised;
    bm_material plan[PLAN_MAX];
    int nplan;
    char deadline[11];           /* what accepting today would promise */
    /* required materials missing: the notice-or-commitment choice is on the page */
    int deciding;
    int commit_ok;
    char missing[512];
    fm_dialog dialog;
    int confirm;
} intake_state;

static void rebuild(intake_state *s, const char *focus, int drop_matter_fields);

/* ---- small helpers ---- */

static const char *value(intake_state *s, const char *name, char *buf, size_t cap)
{
    return fm_form_value(&s->form, name, buf, cap);
}

static void focus_on(intake_state *s, const char *name)
{
    int i = fm_form_find(&s->form, name);
    if (i >= 0)
        fm_form_focus(&s->form, i);
}

static int is_matter_field(const char *name)
{
    return (name[0] == 's' && isdigit((unsigned char)name[1])) || strncmp(name, "m:", 2) == 0 ||
           strcmp(name, "decide") == 0 || strcmp(name, "due") == 0 || strcmp(name, "now") == 0;
}

/* "m:" and the material's name, cut at a character boundary to fit a field name. */
static void material_field_name(const bm_material *m, char *out, size_t cap)
{
    if (cap < 3) {
        if (cap)
            out[0] = 0;
        return;
    }
    out[0] = 'm';
    out[1] = ':';
    ui_copy(out + 2, cap - 2, m->name);
}

static int anything_typed(intake_state *s)
{
    char v[256];
    return applicant_block_typed(&s->ab) || s->code[0] ||
           value(s, "matter", v, sizeof v)[0];
}

/* The situation answers as core wants them, "YN..." */
static void answers(intake_state *s, char out[BM_MATTER_SITUATIONS + 1])
{
    int n = !s->is_bundle && s->matter ? s->matter->nsituations : 0;
    for (int i = 0; i < n; i++) {
        char name[16], v[8];
        snprintf(name, sizeof name, "s%d", i + 1);
        out[i] = strcmp(value(s, name, v, sizeof v), "Y") == 0 ? 'Y' : 'N';
    }
    out[n] = 0;
}

/* The material plan for the current answers, and the date accepting today would promise. */
static void replan(intake_state *s)
{
    app *a = s->a;
    char sits[BM_MATTER_SITUATIONS + 1];
    answers(s, sits);
    bm_err err;
    int n = bm_case_material_plan(a->db, s->is_bundle ? NULL : s->code,
                                  s->is_bundle ? s->code : NULL, sits, s->plan, PLAN_MAX, &err);
    if (n < 0) {
        ui_error(a, &err);
        n = 0;
    }
    s->nplan = n;
    bm_day today = bm_day_of(bm_now()), due;
    s->deadline[0] = 0;
    if (bm_workdays_add(a->db, today, s->promised, &due, NULL, &err) == BM_OK)
        bm_day_format(due, s->deadline);
}

/* ---- building the page ---- */

static void fee_text(const bm_matter *m, char *buf, size_t cap)
{
    if (m->fee_fen <= 0)
        snprintf(buf, cap, "%s", _("free"));
    else
        snprintf(buf, cap, _("fee %lld.%02lld yuan"), (long long)(m->fee_fen / 100),
                 (long long)(m->fee_fen % 100));
}

static int build_matter_info(intake_state *s, int row)
{
    fm_form *f = &s->form;
    char promise[64], fee[64];
    if (s->is_bundle) {
        fm_form_add_textf(f, row++, 3, FM_ITEM_BOLD, "%s %s  %s", s->bundle.code, s->bundle.name,
                  s->bundle.title);
        for (int i = 0; i < s->nitems; i++) {
            ui_promise(s->items[i].promised, promise, sizeof promise);
            fm_form_add_textf(f, row++, 5, 0, "%d. %s %s  (%s)", i + 1, s->items[i].code,
                      s->items[i].name, promise);
        }
        return row;
    }
    const bm_matter *m = s->matter;
    fm_form_add_textf(f, row++, 3, FM_ITEM_BOLD, "%s %s  [%s]", m->code, m->name, m->dept);
    ui_promise(m->promised_days, promise, sizeof promise);
    fee_text(m, fee, sizeof fee);
    char flags[128] = "";
    if (m->flags & BM_FLAG_ZERO_MATERIAL)
        snprintf(flags + strlen(flags), sizeof flags - strlen(flags), "  %s", _("zero-material"));
    if (m->flags & BM_FLAG_CITYWIDE)
        snprintf(flags + strlen(flags), sizeof flags - strlen(flags), "  %s", _("city-wide"));
    if (m->flags & BM_FLAG_INSPECTION)
        snprintf(flags + strlen(flags), sizeof flags - strlen(flags), "  %s", _("inspection"));
    if (m->flags & BM_FLAG_NOTIFY_COMMIT)
        snprintf(flags + strlen(flags), sizeof flags - strlen(flags), "  %s",
                 _("notification-commitment"));
    char legal[64];
    snprintf(legal, sizeof legal, _("legal limit %d working days"), m->legal_days);
    fm_form_add_textf(f, row++, 3, 0, "%s  %s  %s%s", promise, legal, fee, flags);
    return row;
}

/* Columns of a material row; the tick box follows at column MATERIAL_BOX. */
#define MATERIAL_NAME_COLS 38
#define MATERIAL_LABEL_COLS 61

static void material_label(int n, const bm_material *m, char *out, size_t cap)
{
    char name[256], form[32], req[32];
    ui_pad(m->name, MATERIAL_NAME_COLS, name, sizeof name);
    ui_pad(m->original ? _("orig.") : _("copy"), 6, form, sizeof form);
    ui_pad(m->required ? _("req.") : _("opt."), 4, req, sizeof req);
    snprintf(out, cap, "  %2d %s %s %3d  %s", n, name, form, m->copies > 0 ? m->copies : 1, req);
}

static int build_materials(intake_state *s, int row)
{
    fm_form *f = &s->form;
    int nsit = !s->is_bundle && s->matter ? s->matter->nsituations : 0;
    if (nsit) {
        fm_form_add_textf(f, row++, 1, FM_ITEM_BOLD, "%s", _("Situations (Y=yes N=no)"));
        for (int i = 0; i < nsit; i++) {
            char name[16], q[FM_FORM_LABEL], label[FM_FORM_LABEL + 16];
            snprintf(name, sizeof name, "s%d", i + 1);
            fm_clip(s->matter->situations[i].question, 56, q, sizeof q);
            snprintf(label, sizeof label, "  %2d %s", i + 1, q);
            fm_form_add_noted(f, name, label, row++, 1, MATERIAL_LABEL_COLS, 1, 1,
                      FM_FIELD_ASCII | FM_FIELD_UPPER, FM_ITEM_AUTOSKIP, NULL);
            fm_form_set(f, name, "N");
        }
    }
    char head[512], no[16], name[128], form[32], qty[16], req[32];
    ui_pad(_("No"), 2, no, sizeof no);
    ui_pad(_("Materials"), MATERIAL_NAME_COLS, name, sizeof name);
    ui_pad(_("Form"), 6, form, sizeof form);
    ui_pad(_("Qty"), 3, qty, sizeof qty);
    ui_pad(_("Need"), 4, req, sizeof req);
    snprintf(head, sizeof head, "  %s %s %s %s  %s", no, name, form, qty, req);
    fm_form_add_text(f, row, 1, head, FM_ITEM_BOLD);
    fm_form_add_text(f, row++, 1 + MATERIAL_LABEL_COLS + 1, _("Got"), FM_ITEM_BOLD);
    if (s->nplan == 0)
        fm_form_add_text(f, row++, 5, _("No materials are needed."), 0);
    for (int i = 0; i < s->nplan; i++) {
        char fname[FM_FORM_NAME], label[512];
        material_field_name(&s->plan[i], fname, sizeof fname);
        material_label(i + 1, &s->plan[i], label, sizeof label);
        fm_form_add_noted(f, fname, label, row++, 1, MATERIAL_LABEL_COLS, 1, 1,
                  FM_FIELD_ASCII | FM_FIELD_UPPER, FM_ITEM_AUTOSKIP,
                  s->plan[i].commit_ok && s->plan[i].required ? _("promise ok") : NULL);
    }
    return row;
}

static int build_bottom(intake_state *s, int row)
{
    fm_form *f = &s->form;
    int x = 1;
    if (s->code[0] && !s->is_bundle && s->promised == 0) {
        int i = fm_form_add_noted(f, "now", _("Complete on the spot (Y/N)"), row, 1, 0, 1, 1,
                          FM_FIELD_ASCII | FM_FIELD_UPPER, FM_ITEM_AUTOSKIP, NULL);
        fm_form_set(f, "now", "Y");
        x = fm_form_item_end(f, i) + 3;
    }
    int i = fm_form_add_noted(f, "channel", _("Channel"), row, x, 0, 1, 1, FM_FIELD_DIGITS,
                      FM_ITEM_AUTOSKIP, NULL);
    fm_form_set(f, "channel", "1");
    snprintf(f->items[i].after, sizeof f->items[i].after, "%s", ui_channel(BM_CHANNEL_WINDOW));
    row++;
    if (!s->deciding)
        return row;
    char clipped[FM_FORM_LABEL];
    fm_clip(s->missing, 60, clipped, sizeof clipped);
    fm_form_add_textf(f, row++, 1, FM_ITEM_BOLD, _("Required materials missing: %s"), clipped);
    fm_form_add_noted(f, "decide", s->commit_ok ? _("1=one-time notice  2=accept on commitment")
                                        : _("1=one-time notice (some cannot be promised)"),
              row++, 3, 0, 1, 1, FM_FIELD_DIGITS, FM_ITEM_AUTOSKIP, NULL);
    if (s->commit_ok) {
        fm_form_add_noted(f, "due", _("Missing items due by"), row++, 3, 0, 10, 10, FM_FIELD_ASCII, 0,
                  "YYYY-MM-DD");
        bm_day today = bm_day_of(bm_now()), due;
        char d[11] = "";
        if (bm_workdays_add(s->a->db, today, COMMIT_DEFAULT_DAYS, &due, NULL, NULL) == BM_OK)
            bm_day_format(due, d);
        fm_form_set(f, "due", d);
    }
    return row;
}

static int intake_leave(void *ctx, fm_form *f, int item, char *why, size_t cap);
static int intake_choose(void *ctx, fm_form *f, int item);

static void build(intake_state *s)
{
    fm_form *f = &s->form;
    fm_form_init(f, intake_leave, intake_choose, s);
    snprintf(s->lang, sizeof s->lang, "%s", i18n_current());
    int row = 0;
    int lc = fm_form_label_cols(_("Applicant"), _("Matter"));
    row = applicant_block_build(&s->ab, row, lc);
    fm_form_add_noted(f, "matter", _("Matter"), row++, 1, lc, 30, 60, 0, 0, _("F4=Catalogue"));
    if (s->code[0]) {
        row = build_matter_info(s, row);
        row = build_materials(s, row);
    }
    build_bottom(s, row);
}

struct snapshot {
    char name[FM_FORM_NAME];
    char value[FM_FIELD_MAX * 4 + 1];
    int changed;
};

/* Builds the page again, keeping every field's value (and whether it was edited) by name;
 * drop_matter_fields forgets the answers and ticks of a matter that is no longer chosen. */
static void rebuild(intake_state *s, const char *focus, int drop_matter_fields)
{
    fm_form *f = &s->form;
    struct snapshot *snap = malloc(sizeof *snap * FM_FORM_MAX_ITEMS);
    int n = 0;
    char focus_name[FM_FORM_NAME];
    snprintf(focus_name, sizeof focus_name, "%s", focus ? focus : fm_form_focus_name(f));
    for (int i = 0; snap && i < f->count; i++) {
        fm_form_item *it = &f->items[i];
        if (!it->has_field || (drop_matter_fields && is_matter_field(it->name)))
            continue;
        snprintf(snap[n].name, sizeof snap[n].name, "%s", it->name);
        fm_field_get(&it->field, snap[n].value, sizeof snap[n].value);
        snap[n].changed = it->field.changed;
        n++;
    }
    int top = f->top;
    build(s);
    for (int i = 0; i < f->count; i++)
        if (f->items[i].has_field)
            f->items[i].field.changed = 0;
    for (int k = 0; k < n; k++) {
        int i = fm_form_find(f, snap[k].name);
        if (i < 0)
            continue;
        fm_field_set(&f->items[i].field, snap[k].value);
        f->items[i].field.changed = snap[k].changed;
    }
    free(snap);
    /* The channel's name follows its number as restored. */
    int ci = fm_form_find(f, "channel");
    if (ci >= 0) {
        char v[8];
        fm_field_get(&f->items[ci].field, v, sizeof v);
        int c = atoi(v);
        if (c >= BM_CHANNEL_WINDOW && c <= BM_CHANNEL_ONLINE)
            snprintf(f->items[ci].after, sizeof f->items[ci].after, "%s", ui_channel(c));
    }
    f->top = top;
    int at = fm_form_find(f, focus_name);
    fm_form_focus(f, at >= 0 ? at : 0);
}

static void reset(intake_state *s)
{
    applicant_block_reset(&s->ab);
    s->code[0] = 0;
    s->is_bundle = 0;
    s->nplan = 0;
    s->deciding = 0;
    s->promised = 0;
    free(s->matter);
    s->matter = NULL;
    build(s);
    focus_on(s, "find");
}

/* The applicant block's calls back: the page again, and on to the matter once the applicant
 * is known (past it when one is chosen already). */
static void rebuild_for_block(void *owner, const char *focus)
{
    rebuild(owner, focus, 0);
}

static void applicant_found(void *owner)
{
    intake_state *s = owner;
    rebuild(s, "matter", 0);
    if (s->code[0])
        fm_form_focus(&s->form, fm_form_find(&s->form, "matter") + 1);
}

/* ---- choosing the matter ---- */

static int choose_matter(intake_state *s, const char *code, int is_bundle, bm_err *err)
{
    app *a = s->a;
    if (is_bundle) {
        bm_bundle b;
        if (bm_bundle_current(a->db, code, &b, err) != BM_OK)
            return -1;
        bm_matter *m = malloc(sizeof *m);
        if (!m)
            return bm_fail(err, BM_EDB, N_("Out of memory"), NULL), -1;
        s->nitems = 0;
        s->promised = 0;
        for (int i = 0; i < b.nmatters && i < BM_BUNDLE_MATTERS; i++) {
            if (bm_matter_current(a->db, b.matters[i], m, err) != BM_OK) {
                free(m);
                return -1;
            }
            bundle_item *it = &s->items[s->nitems++];
            snprintf(it->code, sizeof it->code, "%s", m->code);
            snprintf(it->name, sizeof it->name, "%s", m->name);
            it->promised = m->promised_days;
            if (m->promised_days > s->promised)
                s->promised = m->promised_days;
        }
        free(m);
        free(s->matter);
        s->matter = NULL;
        s->bundle = b;
    } else {
        bm_matter *m = malloc(sizeof *m);
        if (!m)
            return bm_fail(err, BM_EDB, N_("Out of memory"), NULL), -1;
        if (bm_matter_current(a->db, code, m, err) != BM_OK) {
            free(m);   /* the matter chosen before stays as it was */
            return -1;
        }
        free(s->matter);
        s->matter = m;
        s->promised = m->promised_days;
    }
    snprintf(s->code, sizeof s->code, "%s", code);
    s->is_bundle = is_bundle;
    s->deciding = 0;
    /* A new matter starts with its own answers and ticks; the plan follows the defaults. */
    s->nplan = 0;
    rebuild(s, "matter", 1);
    replan(s);
    rebuild(s, "matter", 0);
    int mi = fm_form_find(&s->form, "matter");
    if (mi >= 0) {
        fm_field_set(&s->form.items[mi].field, code);
        s->form.items[mi].field.changed = 0;
    }
    return 0;
}

struct matter_rows {
    bm_matter_brief *v;
    int n, cap;
};

static int keep_brief(const bm_matter_brief *m, void *ctx)
{
    struct matter_rows *r = ctx;
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->v[i].code, m->code) == 0 && r->v[i].is_bundle == m->is_bundle)
            return 0;
    if (r->n == r->cap) {
        int cap = r->cap ? r->cap * 2 : 64;
        bm_matter_brief *p = realloc(r->v, (size_t)cap * sizeof *p);
        if (!p)
            return 1;
        r->v = p;
        r->cap = cap;
    }
    r->v[r->n++] = *m;
    return 0;
}

struct dept_filter {
    struct matter_rows *rows;
    const char *dept;
};

static int keep_dept(const bm_matter_brief *m, void *ctx)
{
    struct dept_filter *d = ctx;
    if (!m->is_bundle && strstr(m->dept, d->dept))
        return keep_brief(m, d->rows);
    return 0;
}

/* Bundles first, then by department and code: the catalogue as the departments publish it. */
static int brief_order(const void *x, const void *y)
{
    const bm_matter_brief *a = x, *b = y;
    if (a->is_bundle != b->is_bundle)
        return b->is_bundle - a->is_bundle;
    int d = strcmp(a->dept, b->dept);
    return d ? d : strcmp(a->code, b->code);
}

static void search_catalogue(app *a, const char *filter, struct matter_rows *rows)
{
    bm_err err;
    if (bm_matter_search(a->db, filter, keep_brief, rows, &err) != BM_OK)
        ui_error(a, &err);
    if (filter && filter[0]) {
        struct dept_filter d = { rows, filter };
        bm_matter_search(a->db, NULL, keep_dept, &d, NULL);
    }
    if (rows->n > 1)
        qsort(rows->v, (size_t)rows->n, sizeof *rows->v, brief_order);
}

static void fill_matters(app *a, void *ctx, const char *filter, pick_rows *out)
{
    (void)ctx;
    struct matter_rows rows = { 0 };
    search_catalogue(a, filter, &rows);
    for (int i = 0; i < rows.n; i++) {
        const bm_matter_brief *m = &rows.v[i];
        char key[40], promise[32];
        snprintf(key, sizeof key, "%c:%s", m->is_bundle ? 'B' : 'M', m->code);
        if (m->is_bundle)
            snprintf(promise, sizeof promise, "%s", "");
        else if (m->promised_days > 0)
            snprintf(promise, sizeof promise, _("%d days"), m->promised_days);
        else
            snprintf(promise, sizeof promise, "%s", _("immediate"));
        if (pick_add(out, key, m->is_bundle ? _("Bundle") : m->dept, m->code, m->name, promise,
                     m->title) != 0)
            break;
    }
    free(rows.v);
}

static void matter_chosen(app *a, void *ctx, const char *key)
{
    intake_state *s = ctx;
    s->a = a;
    bm_err err;
    if (choose_matter(s, key + 2, key[0] == 'B', &err) != 0) {
        ui_error(a, &err);
        return;
    }
    fm_form_focus(&s->form, fm_form_find(&s->form, "matter") + 1);
}

static const fm_column matter_cols[] = {
    { N_("Department"), 8, 0 }, { N_("Code"), 7, 0 }, { N_("Matter name"), 32, 0 },
    { N_("Promised"), 6, 0 }, { N_("I want to"), 17, 0 },
};

static const pick_spec matter_pick = {
    .cols = matter_cols,
    .ncols = 5,
    .hint = N_("code, name, initials, department"),
    .fill = fill_matters,
    .chosen = matter_chosen,
};

static int leave_matter(intake_state *s, fm_form_item *it, char *why, size_t cap)
{
    app *a = s->a;
    char text[256];
    fm_field_get(&it->field, text, sizeof text);
    if (!it->field.changed && s->code[0])
        return FM_LEAVE_OK;
    if (!text[0]) {
        snprintf(why, cap, "%s", _("Choose the matter: type its name, code or pinyin initials, "
                                   "or F4 for the catalogue."));
        return FM_LEAVE_REFUSE;
    }
    struct matter_rows rows = { 0 };
    search_catalogue(a, text, &rows);
    int pick = -1;
    for (int i = 0; i < rows.n; i++)
        if (strcasecmp(rows.v[i].code, text) == 0)
            pick = i;
    if (pick < 0 && rows.n == 1)
        pick = 0;
    if (pick >= 0) {
        char code[24];
        int bundle = rows.v[pick].is_bundle;
        snprintf(code, sizeof code, "%s", rows.v[pick].code);
        free(rows.v);
        bm_err err;
        if (choose_matter(s, code, bundle, &err) != 0) {
            snprintf(why, cap, "%s", _(err.reason));
            return FM_LEAVE_REFUSE;
        }
        return FM_LEAVE_OK;
    }
    int n = rows.n;
    free(rows.v);
    if (n == 0) {
        snprintf(why, cap, "%s", _("No matter matches that: F4 opens the catalogue."));
        return FM_LEAVE_REFUSE;
    }
    pick_open(a, &screen_pick_matter, &matter_pick, s, text);
    return FM_LEAVE_STAY;
}

/* ---- the other fields ---- */

static int leave_answer(intake_state *s, fm_form_item *it, char *why, size_t cap)
{
    char v[8];
    fm_field_get(&it->field, v, sizeof v);
    if (!v[0])
        fm_field_set(&it->field, "N");
    else if (strcmp(v, "Y") != 0 && strcmp(v, "N") != 0) {
        snprintf(why, cap, "%s", _("Answer Y (yes) or N (no)."));
        return FM_LEAVE_REFUSE;
    }
    if (it->field.changed) {
        /* The answer changes the material list: ticks stay with their materials. */
        char name[FM_FORM_NAME];
        snprintf(name, sizeof name, "%s", it->name);
        it->field.changed = 0;
        replan(s);
        rebuild(s, name, 0);
    }
    return FM_LEAVE_OK;
}

static int leave_tick(intake_state *s, fm_form_item *it, char *why, size_t cap)
{
    (void)s;
    char v[8];
    fm_field_get(&it->field, v, sizeof v);
    if (v[0] && strcmp(v, "X") != 0) {
        snprintf(why, cap, "%s", _("Type X for a material received, a space for one not "
                                   "brought."));
        return FM_LEAVE_REFUSE;
    }
    return FM_LEAVE_OK;
}

static int leave_channel(intake_state *s, fm_form_item *it, char *why, size_t cap)
{
    (void)s;
    char v[8];
    fm_field_get(&it->field, v, sizeof v);
    int c = atoi(v);
    if (c < BM_CHANNEL_WINDOW || c > BM_CHANNEL_ONLINE) {
        snprintf(why, cap, "%s", _("The channel is 1 to 6: F4 lists them."));
        return FM_LEAVE_REFUSE;
    }
    snprintf(it->after, sizeof it->after, "%s", ui_channel(c));
    return FM_LEAVE_OK;
}

static int leave_yes_no(fm_form_item *it, char *why, size_t cap)
{
    char v[8];
    fm_field_get(&it->field, v, sizeof v);
    if (strcmp(v, "Y") != 0 && strcmp(v, "N") != 0) {
        snprintf(why, cap, "%s", _("Answer Y (yes) or N (no)."));
        return FM_LEAVE_REFUSE;
    }
    return FM_LEAVE_OK;
}

static int leave_due(fm_form_item *it, char *why, size_t cap)
{
    char v[16];
    fm_field_get(&it->field, v, sizeof v);
    bm_day d;
    if (bm_day_parse(v, &d) != 0) {
        snprintf(why, cap, "%s", _("Give the date as YYYY-MM-DD."));
        return FM_LEAVE_REFUSE;
    }
    if (d < bm_day_of(bm_now())) {
        snprintf(why, cap, "%s", _("The date has passed."));
        return FM_LEAVE_REFUSE;
    }
    return FM_LEAVE_OK;
}

static int intake_leave(void *ctx, fm_form *f, int item, char *why, size_t cap)
{
    intake_state *s = ctx;
    fm_form_item *it = &f->items[item];
    const char *n = it->name;
    int r = applicant_block_leave(&s->ab, it, why, cap);
    if (r != AB_NOT_MINE)
        return r;
    if (strcmp(n, "matter") == 0)
        return leave_matter(s, it, why, cap);
    if (n[0] == 's' && isdigit((unsigned char)n[1]))
        return leave_answer(s, it, why, cap);
    if (strncmp(n, "m:", 2) == 0)
        return leave_tick(s, it, why, cap);
    if (strcmp(n, "channel") == 0)
        return leave_channel(s, it, why, cap);
    if (strcmp(n, "now") == 0)
        return leave_yes_no(it, why, cap);
    if (strcmp(n, "due") == 0)
        return leave_due(it, why, cap);
    if (strcmp(n, "decide") == 0) {
        char v[8];
        fm_field_get(&it->field, v, sizeof v);
        if (v[0] && strcmp(v, "1") != 0 && !(strcmp(v, "2") == 0 && s->commit_ok)) {
            snprintf(why, cap, "%s", s->commit_ok ? _("Type 1 or 2.") : _("Type 1."));
            return FM_LEAVE_REFUSE;
        }
    }
    return FM_LEAVE_OK;
}

/* ---- F4 lists ---- */

static void fill_channels(app *a, void *ctx, const char *filter, pick_rows *out)
{
    (void)a;
    (void)ctx;
    for (int c = BM_CHANNEL_WINDOW; c <= BM_CHANNEL_ONLINE; c++) {
        char key[16];
        snprintf(key, sizeof key, "%d", c);
        if (!filter[0] || strstr(ui_channel(c), filter) || strstr(key, filter))
            pick_add(out, key, key, ui_channel(c), NULL, NULL, NULL);
    }
}

static void channel_chosen(app *a, void *ctx, const char *key)
{
    intake_state *s = ctx;
    s->a = a;
    pick_set_field(a, &s->form, "channel", key);
}

static const fm_column channel_cols[] = { { N_("No"), 2, 0 }, { N_("Channel"), 20, 0 } };

static const pick_spec channel_pick = { channel_cols, 2, NULL, fill_channels, channel_chosen };

static int intake_choose(void *ctx, fm_form *f, int item)
{
    intake_state *s = ctx;
    app *a = s->a;
    const char *n = f->items[item].name;
    char text[256];
    fm_field_get(&f->items[item].field, text, sizeof text);
    int r = applicant_block_choose(&s->ab, item);
    if (r != AB_NOT_MINE)
        return r;
    if (strcmp(n, "matter") == 0) {
        /* The whole catalogue, unless something new was typed to narrow it. */
        pick_open(a, &screen_pick_matter, &matter_pick, s,
                  f->items[item].field.changed ? text : "");
        return FM_HANDLED;
    }
    if (strcmp(n, "channel") == 0) {
        pick_open(a, &screen_pick_list, &channel_pick, s, "");
        return FM_HANDLED;
    }
    return FM_IGNORED;
}

/* ---- accepting ---- */

typedef struct received {
    const char *names[PLAN_MAX];
    int n;
    int missing;
    int commit_ok;
    char list[512];
} received;

static void collect(intake_state *s, received *r)
{
    memset(r, 0, sizeof *r);
    r->commit_ok = 1;
    size_t len = 0;
    for (int i = 0; i < s->nplan; i++) {
        char fname[FM_FORM_NAME], v[8];
        material_field_name(&s->plan[i], fname, sizeof fname);
        if (strcmp(value(s, fname, v, sizeof v), "X") == 0) {
            r->names[r->n++] = s->plan[i].name;
            continue;
        }
        if (!s->plan[i].required)
            continue;
        r->missing++;
        if (!s->plan[i].commit_ok)
            r->commit_ok = 0;
        if (len < sizeof r->list)
            len += (size_t)snprintf(r->list + len, sizeof r->list - len, "%s%s",
                                    len ? _(", ") : "", s->plan[i].name);
    }
}

static void do_intake(intake_state *s, int mode, const char *due)
{
    app *a = s->a;
    received r;
    collect(s, &r);
    char sits[BM_MATTER_SITUATIONS + 1], ch[8], now[8];
    answers(s, sits);
    value(s, "channel", ch, sizeof ch);
    value(s, "now", now, sizeof now);
    bm_intake in = {
        .applicant_id = s->ab.ap.id,
        .matter_code = s->is_bundle ? NULL : s->code,
        .bundle_code = s->is_bundle ? s->code : NULL,
        .channel = atoi(ch) > 0 ? atoi(ch) : BM_CHANNEL_WINDOW,
        .situations = s->is_bundle ? NULL : sits,
        .received = r.names,
        .nreceived = r.n,
        .mode = mode,
        .commit_due = due,
    };
    bm_case c;
    bm_err err;
    if (bm_case_intake(a->db, &a->actor, &in, &c, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    int completed = 0, complete_failed = 0;
    bm_err cerr;
    memset(&cerr, 0, sizeof cerr);
    if (mode == BM_INTAKE_ACCEPT && !s->is_bundle && s->promised == 0 &&
        strcmp(now, "Y") == 0) {
        bm_case_args args = { .result = _("Completed on the spot"),
                              .delivery = _("Pick-up at the window") };
        if (bm_case_act(a->db, &a->actor, c.id, BM_DO_COMPLETE, &args, &cerr) == BM_OK)
            completed = 1;
        else
            complete_failed = 1;
    }
    reset(s);
    doc_view_open(a, c.id, mode == BM_INTAKE_DRAFT ? DOC_NOTICE : DOC_RECEIPT, 0);
    if (completed)
        case_rate_open(a, c.id);
    if (complete_failed)
        ui_error(a, &cerr);
    else if (mode == BM_INTAKE_DRAFT)
        app_message(a, 0, _("One-time notice given (registration no. %s): nothing was accepted. "
                            "F9 prints it."), c.no);
    else if (completed)
        app_message(a, 0, _("Case %s accepted and completed on the spot."), c.no);
    else if (mode == BM_INTAKE_COMMIT)
        app_message(a, 0, _("Case %s accepted on commitment, promised by %s; missing items due "
                            "%s. F9 prints the receipt."), c.no, c.deadline, c.commit_due);
    else
        app_message(a, 0, _("Case %s accepted, promised by %s. F9 prints the receipt."), c.no,
                    c.deadline);
}

static void decide(intake_state *s, const received *r)
{
    app *a = s->a;
    char d[8], due[16];
    value(s, "decide", d, sizeof d);
    if (strcmp(d, "1") == 0) {
        do_intake(s, BM_INTAKE_DRAFT, NULL);
        return;
    }
    if (strcmp(d, "2") == 0 && r->commit_ok) {
        do_intake(s, BM_INTAKE_COMMIT, value(s, "due", due, sizeof due));
        return;
    }
    focus_on(s, "decide");
    app_message(a, 1, "%s", r->commit_ok ? _("Type 1 (one-time notice) or 2 (accept on "
                                             "commitment), then F2.")
                                         : _("Type 1 for the one-time notice, then F2."));
}

static void accept(intake_state *s)
{
    app *a = s->a;
    int r = fm_form_check_all(&s->form);
    if (r < 0) {
        app_message(a, 1, "%s", s->form.why);
        return;
    }
    if (r > 0)
        return;
    if (s->ab.registering && applicant_block_register(&s->ab) != 0)
        return;
    if (!s->ab.ap.id) {
        focus_on(s, "find");
        app_message(a, 1, "%s", _("Find or register the applicant first."));
        return;
    }
    if (!s->code[0]) {
        focus_on(s, "matter");
        app_message(a, 1, "%s", _("Choose the matter first."));
        return;
    }
    received got;
    collect(s, &got);
    if (got.missing == 0) {
        s->deciding = 0;
        do_intake(s, BM_INTAKE_ACCEPT, NULL);
        return;
    }
    if (s->deciding && strcmp(s->missing, got.list) == 0) {
        decide(s, &got);
        return;
    }
    s->deciding = 1;
    s->commit_ok = got.commit_ok;
    snprintf(s->missing, sizeof s->missing, "%s", got.list);
    rebuild(s, "decide", 0);
    focus_on(s, "decide");
    app_message(a, 1, "%s", got.commit_ok
                                ? _("Required materials are missing: 1 gives the one-time "
                                    "notice, 2 accepts on commitment; then F2.")
                                : _("Required materials are missing and cannot all be promised: "
                                    "1 gives the one-time notice; then F2."));
}

/* ---- the screen ---- */

static void intake_open(app *a, void *st)
{
    intake_state *s = st;
    s->a = a;
    applicant_block_init(&s->ab, a, &s->form, s, rebuild_for_block, applicant_found);
    reset(s);
}

static void intake_close(app *a, void *st)
{
    (void)a;
    intake_state *s = st;
    free(s->matter);
    s->matter = NULL;
    fm_dialog_close(&s->dialog);
}

static void intake_draw(app *a, void *st, WINDOW *w)
{
    intake_state *s = st;
    s->a = a;
    if (strcmp(s->lang, i18n_current()) != 0)
        rebuild(s, NULL, 0);
    int rows = getmaxy(w), cols = getmaxx(w);
    int status_row = rows - 3;
    int cy, cx;
    int more = fm_form_draw(&s->form, w, FM_BODY_TOP, status_row - FM_BODY_TOP, &cy, &cx);
    char line[256] = "";
    if (s->code[0] && s->deadline[0]) {
        char promise[64];
        ui_promise(s->promised, promise, sizeof promise);
        snprintf(line, sizeof line, _("Promised completion %s (%s)   First contact %s"),
                 s->deadline, promise, a->user.name);
    }
    wmove(w, status_row, 0);
    wclrtoeol(w);
    const char *scroll = more ? _("more...") : s->form.top > 0 ? _("(top above)") : "";
    int sw = scroll[0] ? fm_width(scroll) + 2 : 0;
    fm_put(w, status_row, 1, line, cols - 2 - sw);
    if (scroll[0])
        fm_put_right(w, status_row, cols - 1, scroll);
    if (s->dialog.kind) {
        fm_dialog_draw(&s->dialog, w);
        return;
    }
    if (cy >= 0)
        app_cursor(a, cy, cx);
}

static void ask_discard(intake_state *s, int what)
{
    fm_dialog_open(&s->dialog, FM_DIALOG_CONFIRM, _("Discard the intake"),
                   _("Throw away what has been typed for this intake? Nothing of it has been "
                     "saved."),
                   _("Y/Enter=Discard  N/F12=Keep"), "Yy", "Nn");
    s->confirm = what;
}

static int intake_key(app *a, void *st, fm_key k)
{
    intake_state *s = st;
    s->a = a;
    if (s->dialog.kind) {
        int r = fm_dialog_key(&s->dialog, k);
        if (r == FM_SUBMIT || r == FM_CANCEL) {
            int what = s->confirm;
            fm_dialog_close(&s->dialog);
            app_repaint(a);
            s->confirm = 0;
            if (r == FM_SUBMIT && what == CONFIRM_BACK) {
                app_pop(a);
                return FM_HANDLED;
            }
            if (r == FM_SUBMIT && what == CONFIRM_CLEAR) {
                reset(s);
                app_message(a, 0, "%s", _("Cleared: ready for the next applicant."));
            }
        }
        return FM_HANDLED;
    }
    int r = fm_form_key(&s->form, k);
    if (r == FM_REJECTED) {
        app_message(a, 1, "%s", s->form.why);
        return FM_HANDLED;
    }
    if (r == FM_SUBMIT) {
        if (s->deciding)
            accept(s);
        else
            app_message(a, 0, "%s", _("All filled in: F2 accepts."));
        return FM_HANDLED;
    }
    return r;
}

static int accept_key(void *owner, void *st, fm_key k)
{
    (void)owner, (void)k;
    accept(st);
    return FM_HANDLED;
}

static int register_key(void *owner, void *st, fm_key k)
{
    (void)k;
    intake_state *s = st;
    char typed[256];
    value(s, "find", typed, sizeof typed);
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

/* F3 and F12 ask first when something was typed: F3 then leaves, F12 clears. */
static int back_key(void *owner, void *st, fm_key k)
{
    intake_state *s = st;
    if (!anything_typed(s))
        return app_key_back(owner, st, k);
    ask_discard(s, CONFIRM_BACK);
    return FM_HANDLED;
}

static int clear_key(void *owner, void *st, fm_key k)
{
    intake_state *s = st;
    if (!anything_typed(s))
        return app_key_cancel(owner, st, k);
    ask_discard(s, CONFIRM_CLEAR);
    return FM_HANDLED;
}

static const fm_fkey intake_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Accept"), accept_key, 0 },
    { FM_KEY_F(3), NULL, N_("Back"), back_key, 0 },
    { FM_KEY_F(4), NULL, N_("List"), no_list_key, 0 },
    { FM_KEY_F(6), NULL, N_("New applicant"), register_key, 0 },
    { FM_KEY_F(12), NULL, N_("Cancel"), clear_key, 0 },
    { FM_KEY_ESC, NULL, NULL, clear_key, 0 },
    FM_FKEYS_END,
};

/* Drafts: the typed fields, plus which applicant and matter they belong to. */
static size_t intake_draft_save(app *a, void *st, char *buf, size_t cap)
{
    intake_state *s = st;
    s->a = a;
    if (!anything_typed(s))
        return 0;
    size_t n = 0;
    int k = snprintf(buf, cap, "aid=%lld\ncode=%s\nbundle=%d\nreg=%d\n", (long long)s->ab.ap.id,
                     s->code, s->is_bundle, s->ab.registering);
    if (k > 0)
        n = (size_t)k;
    if (n < cap)
        n += fm_form_save(&s->form, buf + n, cap - n);
    return n < cap ? n : cap - 1;
}

static void draft_value(const char *text, const char *name, char *out, size_t cap)
{
    size_t len = strlen(name);
    out[0] = 0;
    for (const char *p = text; p && *p;) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        if (n > len && strncmp(p, name, len) == 0 && p[len] == '=') {
            size_t v = n - len - 1 < cap - 1 ? n - len - 1 : cap - 1;
            memcpy(out, p + len + 1, v);
            out[v] = 0;
            return;
        }
        p = eol ? eol + 1 : p + n;
    }
}

static void intake_draft_load(app *a, void *st, const char *text)
{
    intake_state *s = st;
    s->a = a;
    char aid[32], code[32], bundle[8], reg[8];
    draft_value(text, "aid", aid, sizeof aid);
    draft_value(text, "code", code, sizeof code);
    draft_value(text, "bundle", bundle, sizeof bundle);
    draft_value(text, "reg", reg, sizeof reg);
    reset(s);
    bm_applicant ap;
    if (atoll(aid) > 0 && bm_applicant_get(a->db, &a->actor, atoll(aid), &ap, NULL) == BM_OK)
        s->ab.ap = ap;
    s->ab.registering = atoi(reg) && !s->ab.ap.id;
    bm_err err;
    if (code[0] && choose_matter(s, code, atoi(bundle), &err) != 0)
        ui_error(a, &err);
    rebuild(s, NULL, 0);
    fm_form_load(&s->form, text);
    if (s->code[0]) {
        replan(s);   /* the answers may call for other materials */
        rebuild(s, NULL, 0);
        fm_form_load(&s->form, text);
    }
    /* What comes back has passed no check yet: every field is checked again on the way. */
    for (int i = 0; i < s->form.count; i++)
        if (s->form.items[i].has_field)
            s->form.items[i].field.changed = strcmp(s->form.items[i].name, "find") == 0 &&
                                             !s->ab.ap.id && !s->ab.registering;
    int mi = fm_form_find(&s->form, "matter");
    if (s->code[0] && mi >= 0)
        s->form.items[mi].field.changed = 0;
    focus_on(s, "find");
    app_message(a, 0, "%s", _("The intake you had typed is back: check it, then F2."));
}

const screen_def screen_intake = {
    .id = "BM210",
    .title = N_("Intake"),
    .keys = intake_keys,
    .help = N_("One-window intake, top to bottom; Enter or Tab moves on, Shift-Tab or Up goes "
               "back.\n"
               "Applicant: type the ID number, phone, name or pinyin initials and press Enter. "
               "One match is taken at once; several open a list. Nobody found: the new "
               "applicant's fields open (F6 opens them at any time); the ID number and phone "
               "are checked as each field is left, and the reason shows on the last line.\n"
               "Matter: type a code, part of the name or of the \"I want to\" title, or pinyin "
               "initials (zgrz), and Enter; F4 opens the catalogue by department. One-thing "
               "bundles are chosen the same way. The time limits, fee and materials appear at "
               "once; answer each situation Y or N.\n"
               "Materials: type X against each one received (the cursor moves on by itself), "
               "a space for one not brought.\n"
               "F2 accepts: the case number, promised date and receipt appear at once. If a "
               "required material is missing you choose: 1 the one-time notice (nothing is "
               "accepted; the notice is kept with a registration number), or 2 accept on "
               "commitment with the date the items are due, where the matter allows it. An "
               "immediate matter is completed on the spot unless you answer N.\n"
               "F4 lists choices for the field under the cursor (applicants, catalogue, "
               "villages, groups, channels). F12 clears the intake, F3 leaves it; both ask "
               "first when something was typed."),
    .state_size = sizeof(intake_state),
    .open = intake_open,
    .close = intake_close,
    .draw = intake_draw,
    .key = intake_key,
    .draft_save = intake_draft_save,
    .draft_load = intake_draft_load,
};
