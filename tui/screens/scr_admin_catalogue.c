/* BM940 the matter catalogue (事项目录) for the administrator: every matter and one-thing
 * bundle on the work list with its department, promised and legal days, version, and "retired
 * !" for a matter that takes no new case; typing finds by code, name, "我要…" title or pinyin
 * initials. Option 5 (or Enter) opens a matter (BM941) or shows a bundle's matters; F6 imports
 * a catalogue file with a preview of what it changes (BM945). */
#include "core/catalogue.h"
#include "forms/frame.h"
#include "forms/worklist.h"
#include "tui/kit/caseui.h"
#include "tui/kit/listkeys.h"
#include "tui/screens/catalogue.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCOLS 6

typedef struct cat_state {
    list_screen ls;   /* first: the shared list keys find it there */
    bm_matter_brief *rows;
    int count, cap;
    fm_column cols[NCOLS];
} cat_state;

static const char *cell(void *ctx, int row, int col, char *buf, size_t cap, int *mark)
{
    cat_state *s = ctx;
    *mark = FM_MARK_NONE;
    if (row < 0 || row >= s->count)
        return "";
    const bm_matter_brief *m = &s->rows[row];
    switch (col) {
    case 0: return m->code;
    case 1: return m->name;
    case 2: return m->is_bundle ? _("bundle") : m->dept;
    case 3:
        if (m->is_bundle)
            return "";
        snprintf(buf, cap, "%d/%d", m->promised_days, m->legal_days);
        return buf;
    case 4:
        snprintf(buf, cap, "%d", m->version);
        return buf;
    case 5:
        *mark = m->retired ? FM_MARK_ALERT : FM_MARK_NONE;
        return m->retired ? _("retired !") : "";
    default: return "";
    }
}

static int keep_row(const bm_matter_brief *m, void *ctx)
{
    cat_state *s = ctx;
    if (s->count == s->cap) {
        int cap = s->cap ? s->cap * 2 : 64;
        bm_matter_brief *n = realloc(s->rows, (size_t)cap * sizeof *n);
        if (!n)
            return 1;
        s->rows = n;
        s->cap = cap;
    }
    s->rows[s->count++] = *m;
    return s->count >= FM_LIST_MAX_ROWS;
}

static void reset(void *ctx)
{
    ((cat_state *)ctx)->count = 0;
}

/* A county's catalogue fits in one read: the first page brings every entry found. */
static int fetch(void *ctx, const char *query, int offset, int limit)
{
    (void)limit;
    cat_state *s = ctx;
    if (offset > 0)
        return 0;
    int before = s->count;
    bm_err err;
    if (bm_catalogue_browse(s->ls.a->db, query, keep_row, s, &err) != BM_OK) {
        ui_error(s->ls.a, &err);
        return -1;
    }
    return s->count - before;
}

/* A bundle's page: its matters, each with its code, name and days. */
static void show_bundle(app *a, const char *code)
{
    bm_bundle b;
    bm_err err;
    bm_matter *m = malloc(sizeof *m);
    char *text = malloc(4096);
    if (!m || !text || bm_bundle_current(a->db, code, &b, &err) != BM_OK) {
        if (m && text)
            ui_error(a, &err);
        free(m);
        free(text);
        return;
    }
    size_t n = (size_t)snprintf(text, 4096, "%s  %s  v%d\n%s\n\n%s\n", b.code, b.name, b.version,
                                b.title, _("Matters of the bundle:"));
    for (int i = 0; i < b.nmatters && n < 4096; i++) {
        int have = bm_matter_current(a->db, b.matters[i], m, &err) == BM_OK;
        n += (size_t)snprintf(text + n, 4096 - n, "  %-10s %s  %s %d/%d\n", b.matters[i],
                              have ? m->name : "?", _("days"), have ? m->promised_days : 0,
                              have ? m->legal_days : 0);
    }
    free(m);
    cat_show_text(a, b.code, text);
}

static void act_on(void *ctx, int row, char option)
{
    (void)option;
    cat_state *s = ctx;
    const bm_matter_brief *m = &s->rows[row];
    if (m->is_bundle)
        show_bundle(s->ls.a, m->code);
    else
        cat_open_matter(s->ls.a, m->code, 0);
    fm_worklist_mark_stale(&s->ls.wl);
}

static const fm_worklist_spec spec = {
    .ncols = NCOLS, .options = "5", .default_option = '5', .page_rows = 50,
    .reset = reset, .fetch = fetch, .cell = cell, .act = act_on,
};

static void cat_open(app *a, void *st)
{
    cat_state *s = st;
    s->ls.a = a;
    fm_worklist_init(&s->ls.wl, &spec, s->cols, s);
    fm_worklist_reload(&s->ls.wl);
}

static void cat_close(app *a, void *st)
{
    (void)a;
    cat_state *s = st;
    free(s->rows);
    s->rows = NULL;
}

static void cat_draw(app *a, void *st, WINDOW *w)
{
    cat_state *s = st;
    s->ls.a = a;
    static const char *const titles[NCOLS] = { N_("Code"), N_("Matter"), N_("Department"),
                                               N_("Days"), N_("Ver"), N_("State") };
    static const int widths[NCOLS] = { 8, 34, 8, 6, 4, 9 };
    for (int i = 0; i < NCOLS; i++) {
        s->cols[i].title = _(titles[i]);
        s->cols[i].width = widths[i];
        s->cols[i].right = i == 3 || i == 4;
    }
    const list_screen_words words = {
        .options = _("Options: 5=Open  F6=Import a file   Days: promised/legal"),
        .prompt = "",
        .none_found = _("No matter matches."),
        .empty = _("The catalogue is empty."),
    };
    list_screen_draw(a, &s->ls, w, &words);
}

static int cat_key(app *a, void *st, fm_key k)
{
    return list_screen_key(a, st, k, N_("Options here: 5 open."));
}

static int import_key(void *owner, void *st, fm_key k)
{
    (void)k;
    cat_state *s = st;
    app_push(owner, &screen_admin_cat_import);
    fm_worklist_mark_stale(&s->ls.wl);
    return FM_HANDLED;
}

static const fm_fkey cat_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    { FM_KEY_F(6), NULL, N_("Import"), import_key, 0 },
    LIST_SCREEN_KEYS,
    FM_FKEYS_END,
};

const screen_def screen_admin_catalogue = {
    .id = "BM940",
    .title = N_("Matter catalogue"),
    .keys = cat_keys,
    .help = N_("Every matter and one-thing bundle: code, name, department (\"bundle\" for a "
               "bundle), promised/legal working days, the version in force, and \"retired !\" "
               "for a matter that takes no new case.\n"
               "Type letters to find by code, name, \"I want to\" title or pinyin initials; F12 "
               "shows all again. 5 (or Enter) opens a matter (its fields, materials, "
               "situations, versions; edit and retire there) or shows a bundle's matters. F6 "
               "imports a catalogue file with a preview of what it changes."),
    .state_size = sizeof(cat_state),
    .open = cat_open,
    .close = cat_close,
    .draw = cat_draw,
    .key = cat_key,
};
