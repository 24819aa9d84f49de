/* BM943 the versions of one matter, newest first, with when each was saved and its time
 * limits and fee; 5 shows a version as it read then (BM941), 1 marks a version and 6 on
 * another shows what changed between the two (without a mark: from the version before).
 * BM946 shows such a text (what changed, a bundle's matters) page by page. */
#include "core/catalogue.h"
#include "forms/frame.h"
#include "forms/worklist.h"
#include "tui/kit/caseui.h"
#include "forms/pager.h"
#include "forms/text.h"
#include "tui/kit/listkeys.h"
#include "tui/screens/catalogue.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCOLS 6
#define MAX_VERSIONS 200

typedef struct version_row {
    int64_t id;
    int version, promised, legal;
    int64_t fee_fen;
    time_t at;
} version_row;

typedef struct versions_state {
    list_screen ls;   /* first: the shared list keys find it there */
    char code[24];
    version_row rows[MAX_VERSIONS];
    int count;
    int64_t marked;   /* the version id marked with 1, 0 for none */
    fm_column cols[NCOLS];
} versions_state;

void cat_open_versions(app *a, const char *code)
{
    app_push(a, &screen_admin_cat_versions);
    versions_state *s = app_top_state(a, &screen_admin_cat_versions);
    if (s) {
        snprintf(s->code, sizeof s->code, "%s", code);
        fm_worklist_reload(&s->ls.wl);
    }
}

static const char *cell(void *ctx, int row, int col, char *buf, size_t cap, int *mark)
{
    versions_state *s = ctx;
    *mark = FM_MARK_NONE;
    if (row < 0 || row >= s->count)
        return "";
    const version_row *r = &s->rows[row];
    switch (col) {
    case 0:
        snprintf(buf, cap, "%d", r->version);
        return buf;
    case 1: {
        char t[17];
        ui_time(r->at, t);
        snprintf(buf, cap, "%s", t);
        return buf;
    }
    case 2:
        snprintf(buf, cap, "%d", r->promised);
        return buf;
    case 3:
        snprintf(buf, cap, "%d", r->legal);
        return buf;
    case 4: return bm_fee_text(r->fee_fen, buf, cap);
    case 5: return r->id == s->marked ? "*" : "";
    default: return "";
    }
}

struct collect {
    int64_t ids[MAX_VERSIONS];
    int n;
};

static int keep_version(int64_t id, int version, void *ctx)
{
    (void)version;
    struct collect *c = ctx;
    if (c->n < MAX_VERSIONS)
        c->ids[c->n++] = id;
    return c->n >= MAX_VERSIONS;
}

static void reset(void *ctx)
{
    ((versions_state *)ctx)->count = 0;
}

/* Every version in one read, newest first. */
static int fetch(void *ctx, const char *query, int offset, int limit)
{
    (void)query;
    (void)limit;
    versions_state *s = ctx;
    if (offset > 0 || !s->code[0])
        return 0;
    struct collect c = {.n = 0};
    bm_err err;
    bm_matter *m = malloc(sizeof *m);
    int rc = m ? bm_matter_versions(s->ls.a->db, s->code, keep_version, &c, &err) : BM_EDB;
    for (int i = c.n - 1; rc == BM_OK && i >= 0; i--) {
        if ((rc = bm_matter_by_id(s->ls.a->db, c.ids[i], m, &err)) != BM_OK)
            break;
        s->rows[s->count++] = (version_row){ m->id, m->version, m->promised_days, m->legal_days,
                                             m->fee_fen, m->created_at };
    }
    free(m);
    if (rc != BM_OK) {
        if (m)
            ui_error(s->ls.a, &err);
        return -1;
    }
    return s->count;
}

static void note_change(const char *label, const char *before, const char *after, void *ctx)
{
    char **text = ctx;
    size_t n = strlen(*text);
    char *more = realloc(*text, n + strlen(label) + strlen(before) + strlen(after) + 64);
    if (!more)
        return;
    sprintf(more + n, "%s:\n    %s\n -> %s\n", _(label), before[0] ? before : "-",
            after[0] ? after : "-");
    *text = more;
}

static const char *word(const char *msgid)
{
    return _(msgid);
}

/* What changed from version `from` (a stored id) to the row's version, shown as a page. */
static void show_changes(versions_state *s, int64_t from, const version_row *to)
{
    app *a = s->ls.a;
    bm_matter *x = malloc(sizeof *x), *y = malloc(sizeof *y);
    char *text = NULL;
    bm_err err;
    int rc = x && y ? BM_OK : BM_EDB;
    if (rc == BM_OK && (rc = bm_matter_by_id(a->db, from, x, &err)) == BM_OK)
        rc = bm_matter_by_id(a->db, to->id, y, &err);
    if (rc == BM_OK) {
        char head[200], no[48];
        snprintf(head, sizeof head, _("What changed from version %d to version %d:\n\n"),
                 x->version, y->version);
        text = strdup(head);
        if (text && bm_matter_diff(x, y, word, note_change, &text) == 0)
            note_change(N_("Nothing"), _("the two versions are the same"), "", &text);
        snprintf(no, sizeof no, "%s v%d-v%d", s->code, x->version, y->version);
        cat_show_text(a, no, text);   /* takes the text */
    } else if (x && y) {
        ui_error(a, &err);
    }
    free(x);
    free(y);
}

static void act_on(void *ctx, int row, char option)
{
    versions_state *s = ctx;
    const version_row *r = &s->rows[row];
    if (option == '1') {
        s->marked = s->marked == r->id ? 0 : r->id;
        app_message(s->ls.a, 0, "%s", s->marked ? _("Marked: 6 on another version shows what "
                                                    "changed between the two.")
                                                : _("Mark removed."));
    } else if (option == '6') {
        int64_t from = s->marked && s->marked != r->id ? s->marked
                     : row + 1 < s->count ? s->rows[row + 1].id : 0;
        if (!from)
            app_message(s->ls.a, 1, "%s", _("The first version has none before it: mark "
                                             "another with 1."));
        else
            show_changes(s, from, r);
    } else {
        cat_open_matter(s->ls.a, s->code, r->id);
    }
}

static const fm_worklist_spec spec = {
    .ncols = NCOLS, .options = "156", .default_option = '5', .page_rows = 50,
    .reset = reset, .fetch = fetch, .cell = cell, .act = act_on,
};

static void versions_open(app *a, void *st)
{
    versions_state *s = st;
    s->ls.a = a;
    fm_worklist_init(&s->ls.wl, &spec, s->cols, s);
}

static void versions_draw(app *a, void *st, WINDOW *w)
{
    versions_state *s = st;
    s->ls.a = a;
    static const char *const titles[NCOLS] = { N_("Ver"), N_("Saved"), N_("Promised"),
                                               N_("Legal"), N_("Fee (yuan)"), N_("Mark") };
    static const int widths[NCOLS] = { 4, 16, 8, 6, 10, 4 };
    for (int i = 0; i < NCOLS; i++) {
        s->cols[i].title = _(titles[i]);
        s->cols[i].width = widths[i];
        s->cols[i].right = i != 1 && i != 5;
    }
    const list_screen_words words = {
        .options = _("Options: 5=Display  1=Mark  6=Changes"),
        .prompt = "",
        .none_found = _("No version matches."),
        .empty = _("No versions."),
    };
    list_screen_draw(a, &s->ls, w, &words);
}

static void versions_status(app *a, void *st, char *buf, size_t cap)
{
    (void)a;
    versions_state *s = st;
    snprintf(buf, cap, "%s", s->code);
}

static int versions_key(app *a, void *st, fm_key k)
{
    return list_screen_key(a, st, k, N_("Options here: 5 display, 1 mark, 6 what changed."));
}

static const fm_fkey versions_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    LIST_SCREEN_KEYS,
    FM_FKEYS_END,
};

const screen_def screen_admin_cat_versions = {
    .id = "BM943",
    .title = N_("Matter versions"),
    .keys = versions_keys,
    .help = N_("Every version of the matter, newest first: when it was saved, its promised "
               "and legal working days and its fee. A case keeps the version it was accepted "
               "under.\n"
               "5 (or Enter) shows a version as it read then. 6 shows what changed from the "
               "version before; to compare any two, mark one with 1 and press 6 on the other."),
    .state_size = sizeof(versions_state),
    .open = versions_open,
    .draw = versions_draw,
    .key = versions_key,
    .status = versions_status,
};

/* ---- BM946 a text of the catalogue, page by page ----------------------------------------- */

typedef struct text_state {
    char title[64];
    char *text;
    fm_pager pager;
} text_state;

void cat_show_text(app *a, const char *title, char *text)
{
    if (!text)
        return;
    app_push(a, &screen_admin_cat_text);
    text_state *s = app_top_state(a, &screen_admin_cat_text);
    if (!s) {
        free(text);
        return;
    }
    snprintf(s->title, sizeof s->title, "%s", title);
    s->text = text;
}

static void text_close(app *a, void *st)
{
    (void)a;
    text_state *s = st;
    free(s->text);
    s->text = NULL;
}

static void text_draw(app *a, void *st, WINDOW *w)
{
    (void)a;
    text_state *s = st;
    int rows = getmaxy(w), cols = getmaxx(w);
    if (!s->text)
        return;
    fm_pager_draw(&s->pager, w, FM_BODY_TOP, 1, rows - 3 - FM_BODY_TOP, cols - 2, s->text);
    if (fm_pager_more(&s->pager))
        fm_put_right(w, rows - 3, cols - 1, _("more..."));
}

static void text_status(app *a, void *st, char *buf, size_t cap)
{
    (void)a;
    snprintf(buf, cap, "%s", ((text_state *)st)->title);
}

static int text_key(app *a, void *st, fm_key k)
{
    (void)a;
    return fm_pager_key(&((text_state *)st)->pager, k);
}

static int text_page_key(void *owner, void *st, fm_key k)
{
    return text_key(owner, st, k);
}

static const fm_fkey text_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(3), N_("F3/Enter"), N_("Done"), app_key_back, 0 },
    { FM_KEY_ENTER, NULL, NULL, app_key_back, 0 },
    { FM_KEY_F(7), N_("F7/F8"), N_("Page"), text_page_key, 0 },
    { FM_KEY_F(8), NULL, NULL, text_page_key, 0 },
    FM_FKEYS_END,
};

const screen_def screen_admin_cat_text = {
    .id = "BM946",
    .title = N_("Catalogue"),
    .keys = text_keys,
    .help = N_("What changed between two versions of a matter (each field with its value "
               "before and after, a material or situation only on one side shown against "
               "\"-\"), or a bundle's matters. F7/F8 page; F3 or Enter goes back."),
    .state_size = sizeof(text_state),
    .close = text_close,
    .draw = text_draw,
    .key = text_key,
    .status = text_status,
};
