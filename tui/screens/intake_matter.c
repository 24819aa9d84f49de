/* Intake (BM210), the matter: chosen by code, name, "I want to" title or initials, or from
 * the catalogue (F4); its time limits, fee and situations shown at once, answered Y or N;
 * the materials it then calls for, ticked X as they are received. */
#include "tui/screens/intake.h"
#include "core/calendar.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/session/i18n.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int intake_is_matter_field(const char *name)
{
    return (name[0] == 's' && isdigit((unsigned char)name[1])) || strncmp(name, "m:", 2) == 0 ||
           strcmp(name, "decide") == 0 || strcmp(name, "due") == 0 || strcmp(name, "now") == 0;
}

/* "m:" and the material's name, cut at a character boundary to fit a field name. */
void intake_material_field_name(const bm_material *m, char *out, size_t cap)
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


void intake_answers(intake_state *s, char out[BM_MATTER_SITUATIONS + 1])
{
    int n = !s->is_bundle && s->matter ? s->matter->nsituations : 0;
    for (int i = 0; i < n; i++) {
        char name[16], v[8];
        snprintf(name, sizeof name, "s%d", i + 1);
        out[i] = strcmp(intake_value(s, name, v, sizeof v), "Y") == 0 ? 'Y' : 'N';
    }
    out[n] = 0;
}

/* The material plan for the current intake_answers, and the date accepting today would promise. */
void intake_replan(intake_state *s)
{
    app *a = s->a;
    char sits[BM_MATTER_SITUATIONS + 1];
    intake_answers(s, sits);
    bm_err err;
    int n = bm_case_material_plan(a->db, s->is_bundle ? NULL : s->code,
                                  s->is_bundle ? s->code : NULL, sits, s->plan, PLAN_MAX, &err);
    if (n < 0) {
        ui_error(a, &err);
        n = 0;
    }
    s->nplan = n;
    bm_day due;
    s->deadline[0] = 0;
    if (bm_case_promise(a->db, s->is_bundle ? NULL : s->code, s->is_bundle ? s->code : NULL,
                        bm_day_of(bm_now()), &s->promised, &due, &err) == BM_OK)
        bm_day_format(due, s->deadline);
}


static void fee_text(const bm_matter *m, char *buf, size_t cap)
{
    if (m->fee_fen <= 0)
        snprintf(buf, cap, "%s", _("free"));
    else
        snprintf(buf, cap, _("fee %lld.%02lld yuan"), (long long)(m->fee_fen / 100),
                 (long long)(m->fee_fen % 100));
}

int intake_build_matter_info(intake_state *s, int row)
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

int intake_build_materials(intake_state *s, int row)
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
        intake_material_field_name(&s->plan[i], fname, sizeof fname);
        material_label(i + 1, &s->plan[i], label, sizeof label);
        fm_form_add_noted(f, fname, label, row++, 1, MATERIAL_LABEL_COLS, 1, 1,
                  FM_FIELD_ASCII | FM_FIELD_UPPER, FM_ITEM_AUTOSKIP,
                  s->plan[i].commit_ok && s->plan[i].required ? _("promise ok") : NULL);
    }
    return row;
}


/* ---- choosing the matter ---- */

int intake_choose_matter(intake_state *s, const char *code, int is_bundle, bm_err *err)
{
    app *a = s->a;
    if (bm_catalogue_intake_open(a->db, is_bundle ? NULL : code, is_bundle ? code : NULL, err))
        return -1;   /* a retired matter: core says so */
    if (is_bundle) {
        bm_bundle b;
        if (bm_bundle_current(a->db, code, &b, err) != BM_OK)
            return -1;
        bm_matter *m = malloc(sizeof *m);
        if (!m)
            return bm_fail(err, BM_EDB, N_("Out of memory"), NULL), -1;
        s->nitems = 0;
        for (int i = 0; i < b.nmatters && i < BM_BUNDLE_MATTERS; i++) {
            if (bm_matter_current(a->db, b.matters[i], m, err) != BM_OK) {
                free(m);
                return -1;
            }
            bundle_item *it = &s->items[s->nitems++];
            snprintf(it->code, sizeof it->code, "%s", m->code);
            snprintf(it->name, sizeof it->name, "%s", m->name);
            it->promised = m->promised_days;
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
    }
    snprintf(s->code, sizeof s->code, "%s", code);
    s->is_bundle = is_bundle;
    s->deciding = 0;
    /* A new matter starts with its own intake_answers and ticks; the plan follows the defaults. */
    s->nplan = 0;
    intake_rebuild(s, "matter", 1);
    intake_replan(s);
    intake_rebuild(s, "matter", 0);
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
    if (intake_choose_matter(s, key + 2, key[0] == 'B', &err) != 0) {
        ui_error(a, &err);
        return;
    }
    fm_form_focus(&s->form, fm_form_find(&s->form, "matter") + 1);
}

static const fm_column matter_cols[] = {
    { N_("Department"), 8, 0 }, { N_("Code"), 7, 0 }, { N_("Matter name"), 32, 0 },
    { N_("Promised"), 6, 0 }, { N_("I want to"), 17, 0 },
};

const pick_spec intake_matter_pick = {
    .cols = matter_cols,
    .ncols = 5,
    .hint = N_("code, name, initials, department"),
    .fill = fill_matters,
    .chosen = matter_chosen,
};

int intake_leave_matter(intake_state *s, fm_form_item *it, char *why, size_t cap)
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
        if (intake_choose_matter(s, code, bundle, &err) != 0) {
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
    pick_open(a, &screen_pick_matter, &intake_matter_pick, s, text);
    return FM_LEAVE_STAY;
}

/* ---- the other fields ---- */

int intake_leave_answer(intake_state *s, fm_form_item *it, char *why, size_t cap)
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
        intake_replan(s);
        intake_rebuild(s, name, 0);
    }
    return FM_LEAVE_OK;
}

int intake_leave_tick(intake_state *s, fm_form_item *it, char *why, size_t cap)
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

