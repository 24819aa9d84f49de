/* BM941 one matter of the catalogue as the administrator reads it: its fields, materials,
 * situations, time limits, fee, flags and version, and whether it is retired; F2 edits its
 * simple fields (BM942: saving makes a new version, cases keep theirs), F6 lists its versions
 * (BM943: what changed between two), F9 retires it (BM944: new intake refused, old cases
 * untouched). Core checks and audits every change. */
#include "core/catalogue.h"
#include "forms/form.h"
#include "forms/frame.h"
#include "forms/pager.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/screens/catalogue.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_CAP 16384

typedef struct matter_state {
    char code[24];
    int64_t id;              /* 0: the version in force */
    int loaded;
    bm_matter *m;
    int retired;
    bm_matter_retired_info ri;
    char *text;
    fm_pager pager;
} matter_state;

void cat_open_matter(app *a, const char *code, int64_t id)
{
    app_push(a, &screen_admin_cat_matter);
    matter_state *s = app_top_state(a, &screen_admin_cat_matter);
    if (s) {
        snprintf(s->code, sizeof s->code, "%s", code);
        s->id = id;
        s->loaded = 0;
    }
}

/* The page under a form just closed reads the matter again. */
static void page_below_stale(app *a)
{
    matter_state *p = app_top_state(a, &screen_admin_cat_matter);
    if (p)
        p->loaded = 0;
}

struct text {
    char *s;
    size_t n;
};

static void add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct text *t, const char *fmt, ...)
{
    if (t->n >= TEXT_CAP)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(t->s + t->n, TEXT_CAP - t->n, fmt, ap);
    va_end(ap);
    t->n = k < 0 ? t->n : t->n + (size_t)k > TEXT_CAP ? TEXT_CAP : t->n + (size_t)k;
}

static void add_material(struct text *t, const char *lead, const bm_material *mat)
{
    add(t, "%s%s  %s x%d  %s%s%s\n", lead, mat->name, mat->original ? _("original") : _("copy"),
        mat->copies, mat->required ? _("required") : _("optional"), mat->commit_ok ? "  " : "",
        mat->commit_ok ? _("may follow on commitment") : "");
}

static const char *level_text(const char *level)
{
    return !strcmp(level, "county") ? _("county") : !strcmp(level, "township") ? _("township")
                                                                                : _("village");
}

static void build_text(matter_state *s)
{
    const bm_matter *m = s->m;
    struct text t = {s->text, 0};
    char when[17], fee[24];
    ui_time(m->created_at, when);
    add(&t, _("Version %d (%s), saved %s\n"), m->version,
        m->current ? _("in force") : _("an earlier version"), when);
    if (s->retired) {
        ui_time(s->ri.at, when);
        add(&t, _("RETIRED %s by %s: %s  ! No new case is taken.\n"), when,
            s->ri.by[0] ? s->ri.by : "-", s->ri.reason);
    }
    add(&t, "%s\n\n", m->title);
    add(&t, "%s: %s   %s: %s   %s: %s\n", _("Department"), m->dept, _("Level"),
        level_text(m->level), _("Matter type"), m->type);
    add(&t, _("Time limits: promised %d, legal %d working days (0: immediate)\n"),
        m->promised_days, m->legal_days);
    if (m->fee_fen)
        add(&t, "%s: %s  (%s)\n", _("Fee (yuan)"), bm_fee_text(m->fee_fen, fee, sizeof fee),
            m->fee_basis);
    else
        add(&t, "%s: %s\n", _("Fee (yuan)"), _("free"));
    static const char *const flags[] = {N_("zero-material"), N_("city-wide"), N_("inspection"),
                                        N_("notification-commitment")};
    add(&t, "%s:", _("Flags"));
    for (int i = 0; i < 4; i++)
        if (m->flags & (1u << i))
            add(&t, " %s", _(flags[i]));
    add(&t, "%s\n%s: %s\n\n%s\n", m->flags ? "" : " -", _("Legal basis"), m->basis,
        _("Materials:"));
    for (int i = 0; i < m->nmaterials; i++) {
        char lead[16];
        snprintf(lead, sizeof lead, "  %2d ", i + 1);
        add_material(&t, lead, &m->materials[i]);
    }
    if (!m->nmaterials)
        add(&t, "  -\n");
    add(&t, "\n%s\n", _("Situations (a yes adds + or removes - materials):"));
    for (int i = 0; i < m->nsituations; i++) {
        add(&t, "  %d %s\n", i + 1, m->situations[i].question);
        for (int k = 0; k < m->situations[i].neffects; k++) {
            const bm_situation_effect *e = &m->situations[i].effects[k];
            if (e->add)
                add_material(&t, "      + ", &e->material);
            else
                add(&t, "      - %s\n", e->material.name);
        }
    }
    if (!m->nsituations)
        add(&t, "  -\n");
}

static void load(app *a, matter_state *s)
{
    bm_err err;
    s->loaded = 1;
    if (!s->m && !(s->m = malloc(sizeof *s->m)))
        return;
    if (!s->text && !(s->text = malloc(TEXT_CAP)))
        return;
    s->text[0] = '\0';
    int rc = s->id ? bm_matter_by_id(a->db, s->id, s->m, &err)
                   : bm_matter_current(a->db, s->code, s->m, &err);
    int r = rc == BM_OK ? bm_matter_is_retired(a->db, s->code, &s->ri, &err) : 0;
    if (rc != BM_OK || r < 0) {
        ui_error(a, &err);
        s->m->code[0] = '\0';
        return;
    }
    s->retired = r;
    build_text(s);
}

static void matter_close(app *a, void *st)
{
    (void)a;
    matter_state *s = st;
    free(s->m);
    free(s->text);
    s->m = NULL;
    s->text = NULL;
}

static void matter_draw(app *a, void *st, WINDOW *w)
{
    matter_state *s = st;
    if (!s->loaded)
        load(a, s);   /* every draw in the session's language: the text is built here */
    else if (s->m && s->m->code[0])
        build_text(s);
    if (!s->m || !s->text || !s->m->code[0])
        return;
    int rows = getmaxy(w), cols = getmaxx(w);
    char line[300];
    snprintf(line, sizeof line, "%s  %s%s", s->m->code, s->m->name, s->retired ? "  !" : "");
    wattron(w, A_BOLD);
    fm_put(w, FM_BODY_TOP, 1, line, cols - 2);
    wattroff(w, A_BOLD);
    fm_pager_draw(&s->pager, w, FM_BODY_TOP + 1, 1, rows - 3 - FM_BODY_TOP - 1, cols - 2,
                  s->text);
    if (fm_pager_more(&s->pager))
        fm_put_right(w, rows - 3, cols - 1, _("more..."));
}

static int matter_key(app *a, void *st, fm_key k)
{
    (void)a;
    matter_state *s = st;
    return fm_pager_key(&s->pager, k);
}

static int page_key(void *owner, void *st, fm_key k)
{
    return matter_key(owner, st, k);
}

/* A form for the matter in force (edit, retire): pushed with the matter's code. */
static void *push_form(app *a, matter_state *s, const screen_def *def)
{
    if (!s->loaded)
        load(a, s);   /* a key before the first draw */
    if (!s->m || !s->m->code[0])
        return NULL;
    if (!s->m->current) {
        app_message(a, 1, "%s", _("This is an earlier version: open the matter from the "
                                  "catalogue to change the version in force."));
        return NULL;
    }
    app_push(a, def);
    char *code = app_top_state(a, def);   /* each form's state begins with the code */
    if (code)
        snprintf(code, 24, "%s", s->code);
    return code;
}

static int edit_key(void *owner, void *st, fm_key k)
{
    (void)k;
    push_form(owner, st, &screen_admin_cat_edit);
    return FM_HANDLED;
}

static int retire_key(void *owner, void *st, fm_key k)
{
    (void)k;
    matter_state *s = st;
    if (!s->loaded)
        load(owner, s);
    if (s->retired) {
        app_message(owner, 1, "%s", _("The matter is retired already"));
        return FM_HANDLED;
    }
    push_form(owner, st, &screen_admin_cat_retire);
    return FM_HANDLED;
}

static int versions_key(void *owner, void *st, fm_key k)
{
    (void)k;
    matter_state *s = st;
    cat_open_versions(owner, s->code);
    return FM_HANDLED;
}

static const fm_fkey matter_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Edit"), edit_key, 0 },
    APP_KEY_BACK,
    { FM_KEY_F(6), NULL, N_("Versions"), versions_key, 0 },
    { FM_KEY_F(7), N_("F7/F8"), N_("Page"), page_key, 0 },
    { FM_KEY_F(8), NULL, NULL, page_key, 0 },
    { FM_KEY_F(9), NULL, N_("Retire it"), retire_key, 0 },
    FM_FKEYS_END,
};

const screen_def screen_admin_cat_matter = {
    .id = "BM941",
    .title = N_("Matter"),
    .keys = matter_keys,
    .help = N_("A matter as the catalogue holds it: the version shown and when it was saved, "
               "its department, level, type, time limits (promised and legal working days), "
               "fee, flags, legal basis, materials and situations.\n"
               "F2 edits its name, title, department, time limits and fee: saving makes a new "
               "version; cases already accepted keep the version they were accepted under. F6 "
               "lists its versions and what changed between two. F9 retires it: no new case "
               "is taken for it (alone or in a bundle); its cases stay as they are."),
    .state_size = sizeof(matter_state),
    .close = matter_close,
    .draw = matter_draw,
    .key = matter_key,
};

/* ---- BM942 editing a matter's simple fields ---------------------------------------------- */

/* The fields the form edits, by their catalogue file keys. */
static const char *const edit_fields[] = {"name", "title", "dept", "promised", "legal", "fee",
                                          "fee_basis"};
#define NEDIT (int)(sizeof edit_fields / sizeof edit_fields[0])

typedef struct edit_state {
    char code[24];           /* first: set by push_form */
    int loaded, version;
    fm_form form;
    char built_lang[8];
} edit_state;

static void edit_build(app *a, edit_state *s)
{
    char keep[2048];
    fm_form_save(&s->form, keep, sizeof keep);
    fm_form *f = &s->form;
    fm_form_init(f, NULL, NULL, s);
    int lc = fm_form_label_cols(_("Matter name"), _("\"I want to\" title"));
    int lf = fm_form_label_cols(_("Promised days"), _("Fee basis"));
    int lg = fm_form_label_cols(_("Fee (yuan)"), _("Legal days"));
    lc = lc > lf ? lc : lf;
    lc = lc > lg ? lc : lg;
    fm_form_add_field(f, "name", _("Matter name"), 0, 1, lc, 50, 190, 0, 0);
    fm_form_add_field(f, "title", _("\"I want to\" title"), 1, 1, lc, 50, 190, 0, 0);
    fm_form_add_field(f, "dept", _("Department"), 2, 1, lc, 12, 40, 0, 0);
    fm_form_add_noted(f, "promised", _("Promised days"), 4, 1, lc, 3, 3, FM_FIELD_DIGITS, 0,
                      _("working days, 0 = immediate"));
    fm_form_add_noted(f, "legal", _("Legal days"), 5, 1, lc, 3, 3, FM_FIELD_DIGITS, 0,
                      _("the promised limit is within it"));
    fm_form_add_noted(f, "fee", _("Fee (yuan)"), 7, 1, lc, 10, 10, FM_FIELD_ASCII, 0,
                      _("0 = free"));
    fm_form_add_field(f, "fee_basis", _("Fee basis"), 8, 1, lc, 50, 250, 0, 0);
    fm_form_load(f, keep);
    snprintf(s->built_lang, sizeof s->built_lang, "%s", a->lang);
}

static void edit_load(app *a, edit_state *s)
{
    s->loaded = 1;
    bm_matter *m = malloc(sizeof *m);
    bm_err err;
    edit_build(a, s);
    if (!m)
        return;
    if (bm_matter_current(a->db, s->code, m, &err) != BM_OK) {
        ui_error(a, &err);
        free(m);
        return;
    }
    char promised[8], legal[8], fee[24];
    snprintf(promised, sizeof promised, "%d", m->promised_days);
    snprintf(legal, sizeof legal, "%d", m->legal_days);
    const char *values[NEDIT] = {m->name, m->title, m->dept, promised, legal,
                                 bm_fee_text(m->fee_fen, fee, sizeof fee), m->fee_basis};
    for (int i = 0; i < NEDIT; i++)
        fm_form_set(&s->form, edit_fields[i], values[i]);
    s->version = m->version;
    free(m);
}

static void edit_draw(app *a, void *st, WINDOW *w)
{
    edit_state *s = st;
    if (!s->loaded)
        edit_load(a, s);
    else if (strcmp(s->built_lang, a->lang) != 0)
        edit_build(a, s);
    int cy, cx, cols = getmaxx(w);
    char line[120];
    snprintf(line, sizeof line, _("%s, version %d in force"), s->code, s->version);
    wattron(w, A_BOLD);
    fm_put(w, FM_BODY_TOP, 1, line, cols - 2);
    wattroff(w, A_BOLD);
    fm_form_draw(&s->form, w, FM_BODY_TOP + 2, 10, &cy, &cx);
    fm_put(w, FM_BODY_TOP + 13, 1,
           _("F2 saves a new version. Cases already accepted keep their version and deadline; "
             "new cases take the new one."), cols - 2);
    if (cy >= 0)
        app_cursor(a, cy, cx);
}

static void edit_save(app *a, edit_state *s)
{
    char values[NEDIT][256];
    const char *vals[NEDIT];
    for (int i = 0; i < NEDIT; i++)
        vals[i] = fm_form_value(&s->form, edit_fields[i], values[i], sizeof values[i]);
    int v = 0;
    bm_err err;
    if (bm_matter_edit(a->db, &a->actor, s->code, edit_fields, vals, NEDIT, &v, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    int same = v == s->version;
    char code[24];
    snprintf(code, sizeof code, "%s", s->code);
    app_pop(a);
    page_below_stale(a);
    if (same)
        app_message(a, 0, "%s", _("Nothing changed: no new version."));
    else
        app_message(a, 0, _("Saved: version %d of %s is in force for new cases."), v, code);
}

static int edit_key_form(app *a, void *st, fm_key k)
{
    edit_state *s = st;
    int r = fm_form_key(&s->form, k);
    if (r == FM_SUBMIT) {
        edit_save(a, s);
        return FM_HANDLED;
    }
    return r;
}

static int edit_save_key(void *owner, void *st, fm_key k)
{
    (void)k;
    edit_save(owner, st);
    return FM_HANDLED;
}

static const fm_fkey edit_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Save"), edit_save_key, 0 },
    APP_KEY_BACK,
    APP_KEY_CANCEL,
    FM_FKEYS_END,
};

const screen_def screen_admin_cat_edit = {
    .id = "BM942",
    .title = N_("Edit a matter"),
    .keys = edit_keys,
    .help = N_("The matter's name, its \"I want to\" title, department, time limits in working "
               "days (the promised one within the legal one; 0 = immediate) and fee in yuan "
               "(a fee needs its basis). F2 saves them as a new version: cases already "
               "accepted keep their version and deadline, new cases take the new one. The "
               "shell edits every field: bianmin catalogue edit CODE key=value ..."),
    .state_size = sizeof(edit_state),
    .draw = edit_draw,
    .key = edit_key_form,
};

/* ---- BM944 retiring a matter ------------------------------------------------------------- */

typedef struct retire_state {
    char code[24];           /* first: set by push_form */
    fm_form form;
    char built_lang[8];
} retire_state;

static void retire_build(app *a, retire_state *s)
{
    char keep[512];
    fm_form_save(&s->form, keep, sizeof keep);
    fm_form_init(&s->form, NULL, NULL, s);
    fm_form_add_field(&s->form, "reason", _("Reason"), 0, 1, fm_width(_("Reason")), 50, 150, 0,
                      0);
    fm_form_load(&s->form, keep);
    snprintf(s->built_lang, sizeof s->built_lang, "%s", a->lang);
}

static void retire_open(app *a, void *st)
{
    retire_build(a, st);
}

static void retire_draw(app *a, void *st, WINDOW *w)
{
    retire_state *s = st;
    if (strcmp(s->built_lang, a->lang) != 0)
        retire_build(a, s);
    int cy, cx, cols = getmaxx(w);
    char line[200];
    snprintf(line, sizeof line, _("Retire %s: no new case will be taken for it, alone or in a "
                                  "bundle. Its cases stay as they are."), s->code);
    fm_put(w, FM_BODY_TOP, 1, line, cols - 2);
    fm_form_draw(&s->form, w, FM_BODY_TOP + 2, 1, &cy, &cx);
    fm_put(w, FM_BODY_TOP + 4, 1, _("Say why, then F2 retires it."), cols - 2);
    if (cy >= 0)
        app_cursor(a, cy, cx);
}

static void retire_now(app *a, retire_state *s)
{
    char reason[200], code[24];
    fm_form_value(&s->form, "reason", reason, sizeof reason);
    bm_err err;
    if (bm_matter_retire(a->db, &a->actor, s->code, reason, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    snprintf(code, sizeof code, "%s", s->code);
    app_pop(a);
    page_below_stale(a);
    app_message(a, 0, _("%s is retired: new intake of it is refused."), code);
}

static int retire_key_form(app *a, void *st, fm_key k)
{
    retire_state *s = st;
    int r = fm_form_key(&s->form, k);
    if (r == FM_SUBMIT) {
        retire_now(a, s);
        return FM_HANDLED;
    }
    return r;
}

static int retire_save_key(void *owner, void *st, fm_key k)
{
    (void)k;
    retire_now(owner, st);
    return FM_HANDLED;
}

static const fm_fkey retire_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Retire it"), retire_save_key, 0 },
    APP_KEY_BACK,
    APP_KEY_CANCEL,
    FM_FKEYS_END,
};

const screen_def screen_admin_cat_retire = {
    .id = "BM944",
    .title = N_("Retire a matter"),
    .keys = retire_keys,
    .help = N_("A retired matter takes no new case, alone or in a bundle: intake refuses it "
               "with a message. Its versions and the cases accepted under them stay as they "
               "are and open as before. The reason is kept in the audit log."),
    .state_size = sizeof(retire_state),
    .open = retire_open,
    .draw = retire_draw,
    .key = retire_key_form,
};
