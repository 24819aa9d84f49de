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
#define MAX_VILLAGES 32
#define COMMIT_DEFAULT_DAYS 5     /* working days a promise to bring materials gets by default */

enum { CONFIRM_BACK = 1, CONFIRM_CLEAR };

typedef struct place {
    int64_t id;
    char name[128];
} place;

typedef struct bundle_item {
    char code[24];
    char name[192];
    int promised;
} bundle_item;

typedef struct intake_state {
    app *a;
    fm_form form;
    char lang[16];
    int64_t centre_id;
    place villages[MAX_VILLAGES];
    int nvillages;
    /* the applicant: chosen (ap.id != 0) or being registered */
    bm_applicant ap;
    int registering;
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

/* Looks like a resident ID number: 17 digits and a digit or X. */
static int id_like(const char *s)
{
    if (strlen(s) != 18)
        return 0;
    for (int i = 0; i < 17; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return isdigit((unsigned char)s[17]) || s[17] == 'X' || s[17] == 'x';
}

static int phone_like(const char *s)
{
    int digits = 0;
    for (; *s; s++) {
        if (isdigit((unsigned char)*s))
            digits++;
        else if (*s != '-' && *s != '+' && *s != ' ')
            return 0;
    }
    return digits >= 7;
}

static int anything_typed(intake_state *s)
{
    char v[256];
    return s->ap.id || s->registering || s->code[0] || value(s, "find", v, sizeof v)[0] ||
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

static int add_field(fm_form *f, const char *name, const char *label, int row, int col,
                     int label_cols, int cols, int max, int field_flags, int flags,
                     const char *after)
{
    int i = fm_form_add_field(f, name, label, row, col, label_cols, cols, (size_t)max,
                              field_flags, flags);
    if (i >= 0 && after)
        snprintf(f->items[i].after, sizeof f->items[i].after, "%s", after);
    return i;
}

static void add_textf(fm_form *f, int row, int col, int flags, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void add_textf(fm_form *f, int row, int col, int flags, const char *fmt, ...)
{
    char buf[FM_FORM_LABEL];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fm_form_add_text(f, row, col, buf, flags);
}

static int label_cols(const char *a, const char *b)
{
    int x = fm_width(a), y = fm_width(b);
    return x > y ? x : y;
}

static int build_applicant(intake_state *s, int row)
{
    fm_form *f = &s->form;
    if (s->registering) {
        int lc = label_cols(_("ID no."), _("Village"));
        int i = add_field(f, "id_no", _("ID no."), row, 3, lc, 18, 18,
                          FM_FIELD_ASCII | FM_FIELD_UPPER, 0, NULL);
        i = add_field(f, "name", _("Name"), row, fm_form_item_end(f, i) + 2, 0, 12, 20, 0, 0,
                      NULL);
        add_field(f, "phone", _("Phone"), row, fm_form_item_end(f, i) + 2, 0, 13, 20,
                  FM_FIELD_ASCII, 0, NULL);
        row++;
        i = add_field(f, "village", _("Village"), row, 3, lc, 12, 30, 0, 0, NULL);
        i = add_field(f, "group", _("Group"), row, fm_form_item_end(f, i) + 2, 0, 8, 10, 0, 0,
                      NULL);
        i = add_field(f, "lang", _("Lang"), row, fm_form_item_end(f, i) + 2, 0, 3, 3,
                      FM_FIELD_ASCII, 0, NULL);
        fm_form_set(f, "lang", "zh");
        row++;
        add_field(f, "flags", _("Special group"), row, 3, 0, 4, 4, FM_FIELD_DIGITS, 0,
                  _("1=elderly 2=disabled 3=low income 4=left behind"));
        return row + 1;
    }
    if (s->ap.id) {
        char special[128] = "";
        bm_special_names(s->ap.flags, special, sizeof special);
        add_textf(f, row, 3, FM_ITEM_BOLD, "%s  %s  %s  %s%s%s  %s", s->ap.name, s->ap.id_no,
                  s->ap.phone, s->ap.village_name, s->ap.group_name[0] ? " " : "",
                  s->ap.group_name, special);
    } else {
        fm_form_add_text(f, row, 3,
                         _("Type the ID number, phone, name or pinyin initials, then Enter."), 0);
    }
    return row + 1;
}

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
        add_textf(f, row++, 3, FM_ITEM_BOLD, "%s %s  %s", s->bundle.code, s->bundle.name,
                  s->bundle.title);
        for (int i = 0; i < s->nitems; i++) {
            ui_promise(s->items[i].promised, promise, sizeof promise);
            add_textf(f, row++, 5, 0, "%d. %s %s  (%s)", i + 1, s->items[i].code,
                      s->items[i].name, promise);
        }
        return row;
    }
    const bm_matter *m = s->matter;
    add_textf(f, row++, 3, FM_ITEM_BOLD, "%s %s  [%s]", m->code, m->name, m->dept);
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
    add_textf(f, row++, 3, 0, "%s  %s  %s%s", promise, legal, fee, flags);
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
        add_textf(f, row++, 1, FM_ITEM_BOLD, "%s", _("Situations (Y=yes N=no)"));
        for (int i = 0; i < nsit; i++) {
            char name[16], q[FM_FORM_LABEL], label[FM_FORM_LABEL + 16];
            snprintf(name, sizeof name, "s%d", i + 1);
            fm_clip(s->matter->situations[i].question, 56, q, sizeof q);
            snprintf(label, sizeof label, "  %2d %s", i + 1, q);
            add_field(f, name, label, row++, 1, MATERIAL_LABEL_COLS, 1, 1,
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
        add_field(f, fname, label, row++, 1, MATERIAL_LABEL_COLS, 1, 1,
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
        int i = add_field(f, "now", _("Complete on the spot (Y/N)"), row, 1, 0, 1, 1,
                          FM_FIELD_ASCII | FM_FIELD_UPPER, FM_ITEM_AUTOSKIP, NULL);
        fm_form_set(f, "now", "Y");
        x = fm_form_item_end(f, i) + 3;
    }
    int i = add_field(f, "channel", _("Channel"), row, x, 0, 1, 1, FM_FIELD_DIGITS,
                      FM_ITEM_AUTOSKIP, NULL);
    fm_form_set(f, "channel", "1");
    snprintf(f->items[i].after, sizeof f->items[i].after, "%s", ui_channel(BM_CHANNEL_WINDOW));
    row++;
    if (!s->deciding)
        return row;
    char clipped[FM_FORM_LABEL];
    fm_clip(s->missing, 60, clipped, sizeof clipped);
    add_textf(f, row++, 1, FM_ITEM_BOLD, _("Required materials missing: %s"), clipped);
    add_field(f, "decide", s->commit_ok ? _("1=one-time notice  2=accept on commitment")
                                        : _("1=one-time notice (some cannot be promised)"),
              row++, 3, 0, 1, 1, FM_FIELD_DIGITS, FM_ITEM_AUTOSKIP, NULL);
    if (s->commit_ok) {
        add_field(f, "due", _("Missing items due by"), row++, 3, 0, 10, 10, FM_FIELD_ASCII, 0,
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
    int lc = label_cols(_("Applicant"), _("Matter"));
    add_field(f, "find", _("Applicant"), row++, 1, lc, 30, 60, 0, 0, _("F4=List  F6=New"));
    row = build_applicant(s, row);
    add_field(f, "matter", _("Matter"), row++, 1, lc, 30, 60, 0, 0, _("F4=Catalogue"));
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
    s->ap.id = 0;
    s->registering = 0;
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

/* ---- choosing the applicant ---- */

static void use_applicant(intake_state *s, const bm_applicant *ap)
{
    s->ap = *ap;
    s->registering = 0;
    rebuild(s, "matter", 0);
    /* On to the matter, or past it when one is chosen already. */
    if (s->code[0])
        fm_form_focus(&s->form, fm_form_find(&s->form, "matter") + 1);
}

static int keep_applicant_row(const bm_applicant *ap, void *ctx)
{
    pick_rows *rows = ctx;
    char key[32], where[200], special[128] = "";
    snprintf(key, sizeof key, "%lld", (long long)ap->id);
    snprintf(where, sizeof where, "%s%s%s", ap->village_name, ap->group_name[0] ? " " : "",
             ap->group_name);
    bm_special_names(ap->flags, special, sizeof special);
    return pick_add(rows, key, ap->name, ap->id_no, ap->phone, where, special) != 0;
}

static void fill_applicants(app *a, void *ctx, const char *filter, pick_rows *out)
{
    (void)ctx;
    if (!filter[0])
        return;
    bm_err err;
    if (bm_applicant_search(a->db, &a->actor, filter, 200, 0, keep_applicant_row, out, &err) !=
        BM_OK)
        ui_error(a, &err);
}

static void applicant_chosen(app *a, void *ctx, const char *key)
{
    intake_state *s = ctx;
    s->a = a;
    bm_applicant ap;
    bm_err err;
    if (bm_applicant_get(a->db, &a->actor, strtoll(key, NULL, 10), &ap, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    use_applicant(s, &ap);
}

static const fm_column applicant_cols[] = {
    { N_("Name"), 10, 0 }, { N_("ID no."), 18, 0 }, { N_("Phone"), 13, 0 },
    { N_("Village, group"), 16, 0 }, { N_("Special"), 8, 0 },
};

static const pick_spec applicant_pick = {
    .cols = applicant_cols,
    .ncols = 5,
    .hint = N_("ID no., phone, name or initials"),
    .fill = fill_applicants,
    .chosen = applicant_chosen,
};

/* Starts registering a new applicant, with what was typed in the find field put where it
 * belongs. */
static void start_registration(intake_state *s, const char *typed)
{
    s->registering = 1;
    s->ap.id = 0;
    rebuild(s, "id_no", 0);
    /* What was typed to look for is now being registered: no need to look it up again. */
    int fi = fm_form_find(&s->form, "find");
    if (fi >= 0)
        s->form.items[fi].field.changed = 0;
    const char *first = "id_no";
    if (typed && typed[0]) {
        char norm[96];
        if (bm_normalise_ascii(typed, norm, sizeof norm) != 0)
            ui_copy(norm, sizeof norm, typed);
        if (strlen(norm) == 18 && !phone_like(norm)) {
            fm_form_set(&s->form, "id_no", norm);
            first = "name";
        } else if (id_like(norm)) {
            fm_form_set(&s->form, "id_no", norm);
            first = "name";
        } else if (phone_like(norm)) {
            fm_form_set(&s->form, "phone", norm);
        } else if (!bm_pinyin_is_query(norm)) {
            fm_form_set(&s->form, "name", typed);
        }
    }
    focus_on(s, first);
}

struct count_ctx {
    int n;
    bm_applicant first;
};

static int count_applicant(const bm_applicant *ap, void *ctx)
{
    struct count_ctx *c = ctx;
    if (c->n++ == 0)
        c->first = *ap;
    return c->n > 1;
}

static int leave_find(intake_state *s, fm_form_item *it, char *why, size_t cap)
{
    app *a = s->a;
    char text[256];
    fm_field_get(&it->field, text, sizeof text);
    if (!it->field.changed && (s->ap.id || s->registering))
        return FM_LEAVE_OK;
    if (!text[0]) {
        if (s->ap.id || s->registering)
            return FM_LEAVE_OK;
        snprintf(why, cap, "%s",
                 _("Type the applicant's ID number, phone, name or pinyin initials; F6 "
                   "registers a new applicant."));
        return FM_LEAVE_REFUSE;
    }
    char norm[96];
    if (bm_normalise_ascii(text, norm, sizeof norm) != 0)
        ui_copy(norm, sizeof norm, text);
    /* A mistyped ID number is refused here, with its reason, before anything is looked up. */
    if (id_like(norm)) {
        bm_err err;
        char idn[19];
        if (bm_id_number_check(norm, idn, NULL, &err) != BM_OK) {
            /* The reason alone: core's detail names the check digit the other digits call
             * for, and a mistyped number must be typed again from the card, not patched. */
            snprintf(why, cap, "%s", _(err.reason));
            return FM_LEAVE_REFUSE;
        }
    }
    struct count_ctx c = { 0 };
    bm_err err;
    if (bm_applicant_search(a->db, &a->actor, text, 2, 0, count_applicant, &c, &err) != BM_OK) {
        snprintf(why, cap, "%s", _(err.reason));
        return FM_LEAVE_REFUSE;
    }
    if (c.n == 1) {
        bm_applicant full;
        /* Typed in full, the ID number may be shown in full. */
        if (id_like(norm) && bm_applicant_by_id_no(a->db, &a->actor, norm, &full, NULL) == BM_OK)
            c.first = full;
        use_applicant(s, &c.first);
        return FM_LEAVE_STAY;
    }
    if (c.n > 1) {
        pick_open(a, &screen_pick_applicant, &applicant_pick, s, text);
        return FM_LEAVE_STAY;
    }
    start_registration(s, text);
    app_message(a, 0, "%s", _("No such applicant yet: register them here (the ID number and "
                              "phone are checked as you go)."));
    return FM_LEAVE_STAY;
}

/* ---- registering a new applicant ---- */

static int leave_id_no(intake_state *s, fm_form_item *it, char *why, size_t cap)
{
    app *a = s->a;
    char text[96], out[19];
    fm_field_get(&it->field, text, sizeof text);
    if (!text[0]) {
        snprintf(why, cap, "%s", _("The ID number (or an organisation's credit code) is needed."));
        return FM_LEAVE_REFUSE;
    }
    bm_err err;
    int rc = id_like(text) || strlen(text) != 18 ? bm_id_number_check(text, out, NULL, &err)
                                                 : bm_credit_code_check(text, out, &err);
    if (rc != BM_OK) {
        snprintf(why, cap, "%s", _(err.reason));   /* see leave_find: no check-digit hint */
        return FM_LEAVE_REFUSE;
    }
    bm_applicant known;
    if (bm_applicant_by_id_no(a->db, &a->actor, out, &known, NULL) == BM_OK) {
        use_applicant(s, &known);
        app_message(a, 0, _("Already registered: %s."), known.name);
        return FM_LEAVE_STAY;
    }
    fm_field_set(&it->field, out);
    return FM_LEAVE_OK;
}

static int leave_phone(intake_state *s, fm_form_item *it, char *why, size_t cap)
{
    (void)s;
    char text[64], out[16];
    fm_field_get(&it->field, text, sizeof text);
    if (!text[0])
        return FM_LEAVE_OK;   /* an organisation may have none; core says when one is needed */
    bm_err err;
    if (bm_phone_check(text, out, sizeof out, NULL, &err) != BM_OK) {
        snprintf(why, cap, "%s%s%s", _(err.reason), err.detail[0] ? ": " : "", err.detail);
        return FM_LEAVE_REFUSE;
    }
    fm_field_set(&it->field, out);
    return FM_LEAVE_OK;
}

static int initials_match(const char *name, const char *typed)
{
    char variants[BM_INITIALS_MAX][BM_INITIALS_LEN];
    int n = bm_pinyin_initials(name, variants, BM_INITIALS_MAX);
    for (int i = 0; i < n; i++)
        if (strncasecmp(variants[i], typed, strlen(typed)) == 0)
            return 1;
    return 0;
}

/* The one place of `places` that `typed` names (whole name, start of the name, or pinyin
 * initials), or -1; *several is set when more than one would do. */
static int match_place(const place *places, int n, const char *typed, int *several)
{
    int found = -1, count = 0;
    *several = 0;
    for (int i = 0; i < n; i++)
        if (strcmp(places[i].name, typed) == 0)
            return i;
    int pinyin = bm_pinyin_is_query(typed);
    for (int i = 0; i < n; i++) {
        if (strncmp(places[i].name, typed, strlen(typed)) == 0 ||
            (pinyin && initials_match(places[i].name, typed))) {
            found = i;
            count++;
        }
    }
    *several = count > 1;
    return count == 1 ? found : -1;
}

struct places_ctx {
    place *out;
    int n, max, kind;
};

static int keep_place(const bm_org *o, void *ctx)
{
    struct places_ctx *p = ctx;
    if (o->kind == p->kind && o->active && p->n < p->max) {
        p->out[p->n].id = o->id;
        snprintf(p->out[p->n].name, sizeof p->out[p->n].name, "%s", o->name);
        p->n++;
    }
    return 0;
}

static int load_groups(intake_state *s, int64_t village_id, place *out, int max)
{
    struct places_ctx p = { out, 0, max, BM_ORG_GROUP };
    bm_org_children(s->a->db, village_id, keep_place, &p, NULL);
    return p.n;
}

static int village_index(intake_state *s, char *why, size_t cap)
{
    char v[128];
    value(s, "village", v, sizeof v);
    if (!v[0])
        return -1;
    int several;
    int i = match_place(s->villages, s->nvillages, v, &several);
    if (i < 0 && why)
        snprintf(why, cap, "%s",
                 several ? _("Several villages match: type more of the name, or F4.")
                         : _("No village of this centre has that name: F4 lists them."));
    return i;
}

static int leave_village(intake_state *s, fm_form_item *it, char *why, size_t cap)
{
    char v[128];
    fm_field_get(&it->field, v, sizeof v);
    if (!v[0])
        return FM_LEAVE_OK;
    int i = village_index(s, why, cap);
    if (i < 0)
        return FM_LEAVE_REFUSE;
    fm_field_set(&it->field, s->villages[i].name);
    return FM_LEAVE_OK;
}

/* The group typed: a name, the start of one, or its number ("3" for the third group). */
static int group_index(const place *groups, int ngroups, const char *typed)
{
    if (typed[0] && strspn(typed, "0123456789") == strlen(typed)) {
        int n = atoi(typed);
        return n >= 1 && n <= ngroups ? n - 1 : -1;
    }
    int several;
    return match_place(groups, ngroups, typed, &several);
}

static int leave_group(intake_state *s, fm_form_item *it, char *why, size_t cap)
{
    char g[64];
    fm_field_get(&it->field, g, sizeof g);
    if (!g[0])
        return FM_LEAVE_OK;
    int v = village_index(s, NULL, 0);
    if (v < 0) {
        snprintf(why, cap, "%s", _("Give the village first: a group belongs to a village."));
        return FM_LEAVE_REFUSE;
    }
    place groups[16];
    int n = load_groups(s, s->villages[v].id, groups, 16);
    int i = group_index(groups, n, g);
    if (i < 0) {
        snprintf(why, cap, "%s", _("The village has no such group: F4 lists them."));
        return FM_LEAVE_REFUSE;
    }
    fm_field_set(&it->field, groups[i].name);
    return FM_LEAVE_OK;
}

static int register_applicant(intake_state *s)
{
    app *a = s->a;
    bm_applicant ap;
    memset(&ap, 0, sizeof ap);
    char idn[96], flags[16], g[64];
    value(s, "id_no", idn, sizeof idn);
    ap.kind = strlen(idn) == 18 && !id_like(idn) ? BM_APPLICANT_LEGAL : BM_APPLICANT_PERSON;
    ui_copy(ap.id_no, sizeof ap.id_no, idn);
    value(s, "name", ap.name, sizeof ap.name);
    value(s, "phone", ap.phone, sizeof ap.phone);
    value(s, "lang", ap.lang, sizeof ap.lang);
    int v = village_index(s, NULL, 0);
    if (v >= 0) {
        ap.village_id = s->villages[v].id;
        place groups[16];
        int n = load_groups(s, ap.village_id, groups, 16);
        int gi = value(s, "group", g, sizeof g)[0] ? group_index(groups, n, g) : -1;
        if (gi >= 0)
            ap.group_id = groups[gi].id;
    }
    value(s, "flags", flags, sizeof flags);
    for (const char *p = flags; *p; p++)
        if (*p >= '1' && *p <= '4')
            ap.flags |= 1u << (*p - '1');
    bm_err err;
    if (bm_applicant_add(a->db, &a->actor, &ap, &err) != BM_OK) {
        ui_error(a, &err);
        if (err.reason && strstr(err.reason, "phone"))
            focus_on(s, "phone");
        else if (err.reason && strstr(err.reason, "name"))
            focus_on(s, "name");
        else
            focus_on(s, "id_no");
        return -1;
    }
    bm_applicant shown;
    if (bm_applicant_get(a->db, &a->actor, ap.id, &shown, NULL) == BM_OK)
        ap = shown;
    s->ap = ap;
    s->registering = 0;
    rebuild(s, NULL, 0);
    return 0;
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
    if (strcmp(n, "find") == 0)
        return leave_find(s, it, why, cap);
    if (strcmp(n, "id_no") == 0)
        return leave_id_no(s, it, why, cap);
    if (strcmp(n, "phone") == 0)
        return leave_phone(s, it, why, cap);
    if (strcmp(n, "village") == 0)
        return leave_village(s, it, why, cap);
    if (strcmp(n, "group") == 0)
        return leave_group(s, it, why, cap);
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
    if (strcmp(n, "name") == 0) {
        char v[128];
        fm_field_get(&it->field, v, sizeof v);
        if (!v[0]) {
            snprintf(why, cap, "%s", _("The applicant needs a name"));
            return FM_LEAVE_REFUSE;
        }
    }
    return FM_LEAVE_OK;
}

/* ---- F4 lists ---- */

static void fill_villages(app *a, void *ctx, const char *filter, pick_rows *out)
{
    (void)a;
    intake_state *s = ctx;
    for (int i = 0; i < s->nvillages; i++) {
        if (filter[0] && !strstr(s->villages[i].name, filter) &&
            !(bm_pinyin_is_query(filter) && initials_match(s->villages[i].name, filter)))
            continue;
        pick_add(out, s->villages[i].name, s->villages[i].name, NULL, NULL, NULL, NULL);
    }
}

static void fill_groups(app *a, void *ctx, const char *filter, pick_rows *out)
{
    (void)a;
    intake_state *s = ctx;
    int v = village_index(s, NULL, 0);
    if (v < 0)
        return;
    place groups[16];
    int n = load_groups(s, s->villages[v].id, groups, 16);
    for (int i = 0; i < n; i++)
        if (!filter[0] || strstr(groups[i].name, filter))
            pick_add(out, groups[i].name, groups[i].name, NULL, NULL, NULL, NULL);
}

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

static void set_from_list(app *a, void *ctx, const char *field, const char *key)
{
    intake_state *s = ctx;
    s->a = a;
    fm_form_set(&s->form, field, key);
    int i = fm_form_find(&s->form, field);
    if (i >= 0) {
        fm_form_focus(&s->form, i);
        /* The chosen value passes its check and the cursor moves on, as Enter would. */
        fm_form_key(&s->form, (fm_key){ FM_KEY_ENTER, 0 });
        if (s->form.why[0])
            app_message(a, 1, "%s", s->form.why);
    }
}

static void village_chosen(app *a, void *ctx, const char *key) { set_from_list(a, ctx, "village", key); }
static void group_chosen(app *a, void *ctx, const char *key) { set_from_list(a, ctx, "group", key); }
static void channel_chosen(app *a, void *ctx, const char *key) { set_from_list(a, ctx, "channel", key); }

static const fm_column name_col[] = { { N_("Name"), 30, 0 } };
static const fm_column channel_cols[] = { { N_("No"), 2, 0 }, { N_("Channel"), 20, 0 } };

static const pick_spec village_pick = { name_col, 1, N_("name or initials"), fill_villages,
                                        village_chosen };
static const pick_spec group_pick = { name_col, 1, NULL, fill_groups, group_chosen };
static const pick_spec channel_pick = { channel_cols, 2, NULL, fill_channels, channel_chosen };

static int intake_choose(void *ctx, fm_form *f, int item)
{
    intake_state *s = ctx;
    app *a = s->a;
    const char *n = f->items[item].name;
    char text[256];
    fm_field_get(&f->items[item].field, text, sizeof text);
    if (strcmp(n, "find") == 0) {
        if (!text[0]) {
            app_message(a, 1, "%s", _("Type some of the ID number, phone, name or initials "
                                      "first, then F4."));
            return FM_HANDLED;
        }
        pick_open(a, &screen_pick_applicant, &applicant_pick, s, text);
        return FM_HANDLED;
    }
    if (strcmp(n, "matter") == 0) {
        /* The whole catalogue, unless something new was typed to narrow it. */
        pick_open(a, &screen_pick_matter, &matter_pick, s,
                  f->items[item].field.changed ? text : "");
        return FM_HANDLED;
    }
    if (strcmp(n, "village") == 0) {
        pick_open(a, &screen_pick_list, &village_pick, s, "");
        return FM_HANDLED;
    }
    if (strcmp(n, "group") == 0) {
        if (village_index(s, NULL, 0) < 0) {
            app_message(a, 1, "%s", _("Give the village first: a group belongs to a village."));
            return FM_HANDLED;
        }
        pick_open(a, &screen_pick_list, &group_pick, s, "");
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
        .applicant_id = s->ap.id,
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
    if (s->registering && register_applicant(s) != 0)
        return;
    if (!s->ap.id) {
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
    bm_place mine;
    if (bm_actor_place(a->db, &a->actor, &mine, NULL) == BM_OK)
        s->centre_id = mine.centre_id;
    struct places_ctx p = { s->villages, 0, MAX_VILLAGES, BM_ORG_VILLAGE };
    if (s->centre_id)
        bm_org_children(a->db, s->centre_id, keep_place, &p, NULL);
    s->nvillages = p.n;
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
    start_registration(s, s->ap.id ? "" : typed);
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
    int k = snprintf(buf, cap, "aid=%lld\ncode=%s\nbundle=%d\nreg=%d\n", (long long)s->ap.id,
                     s->code, s->is_bundle, s->registering);
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
        s->ap = ap;
    s->registering = atoi(reg) && !s->ap.id;
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
                                             !s->ap.id && !s->registering;
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
