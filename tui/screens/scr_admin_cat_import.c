/* BM945 importing a catalogue file on the server: F6 (or Enter) previews what it would change,
 * each new, changed (a new version) and retired matter or bundle on its own line, with nothing
 * written; F2 then imports that file. The preview is the import itself rolled back in core, so
 * the two cannot disagree. */
#include "core/catalogue.h"
#include "forms/form.h"
#include "forms/frame.h"
#include "forms/pager.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PREVIEW_CAP 32768

typedef struct import_state {
    fm_form form;
    char built_lang[8];
    char previewed[400];     /* the file the preview below is of; "" for none */
    char *preview;
    int changes;
    fm_pager pager;
} import_state;

static void build(app *a, import_state *s)
{
    char keep[600];
    fm_form_save(&s->form, keep, sizeof keep);
    fm_form_init(&s->form, NULL, NULL, s);
    fm_form_add_field(&s->form, "file", _("File on the server"), 0, 1,
                      fm_width(_("File on the server")), 50, 390, FM_FIELD_ASCII, 0);
    fm_form_load(&s->form, keep);
    snprintf(s->built_lang, sizeof s->built_lang, "%s", a->lang);
}

static void import_open(app *a, void *st)
{
    build(a, st);
}

static void import_close(app *a, void *st)
{
    (void)a;
    import_state *s = st;
    free(s->preview);
    s->preview = NULL;
}

struct lines {
    import_state *s;
    size_t n;
};

static int note_change(const char *kind, const char *code, const char *name, int change,
                       void *ctx)
{
    struct lines *l = ctx;
    const char *what = change == BM_CAT_NEW       ? _("to add")
                       : change == BM_CAT_RETIRED ? _("to retire")
                                                  : _("to change");
    const char *k = strcmp(kind, "bundle") == 0 ? _("bundle") : _("matter");
    if (l->n < PREVIEW_CAP) {
        int w = snprintf(l->s->preview + l->n, PREVIEW_CAP - l->n, "%-8s %-6s %-10s %s\n", what,
                         k, code, name);
        l->n = w < 0 ? l->n : l->n + (size_t)w >= PREVIEW_CAP ? PREVIEW_CAP - 1
                                                              : l->n + (size_t)w;
    }
    l->s->changes++;
    return 0;
}

static void preview(app *a, import_state *s)
{
    char path[400];
    fm_form_value(&s->form, "file", path, sizeof path);
    s->previewed[0] = '\0';
    s->changes = 0;
    s->pager.top = 0;
    if (!path[0]) {
        app_message(a, 1, "%s", _("Type the path of the catalogue file on the server."));
        return;
    }
    if (!s->preview && !(s->preview = malloc(PREVIEW_CAP)))
        return;
    s->preview[0] = '\0';
    struct lines l = {s, 0};
    bm_err err;
    if (bm_catalogue_preview_file(a->db, &a->actor, path, note_change, &l, &err) != BM_OK) {
        s->preview[0] = '\0';
        ui_error(a, &err);
        return;
    }
    snprintf(s->previewed, sizeof s->previewed, "%s", path);
    if (s->changes)
        app_message(a, 0, _("%d changes; nothing is written yet. F2 imports the file."),
                    s->changes);
    else
        app_message(a, 0, "%s", _("The file changes nothing in the catalogue."));
}

static void import_now(app *a, import_state *s)
{
    char path[400];
    fm_form_value(&s->form, "file", path, sizeof path);
    if (!s->previewed[0] || strcmp(path, s->previewed) != 0) {
        app_message(a, 1, "%s", _("Preview the file first (F6): nothing is imported unseen."));
        return;
    }
    int added = 0, changed = 0, same = 0;
    bm_err err;
    if (bm_catalogue_import(a->db, &a->actor, path, &added, &changed, &same, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    s->previewed[0] = '\0';
    if (s->preview)
        s->preview[0] = '\0';
    app_message(a, 0, _("Imported: %d new, %d changed or retired, %d unchanged."), added,
                changed, same);
}

static void import_draw(app *a, void *st, WINDOW *w)
{
    import_state *s = st;
    if (strcmp(s->built_lang, a->lang) != 0)
        build(a, s);
    int cy, cx, rows = getmaxy(w), cols = getmaxx(w), y = FM_BODY_TOP;
    fm_put(w, y, 1, _("Format: core/data/catalogue.txt; \"retire: CODE\" and \"reason: ...\" "
                      "retire a matter."), cols - 2);
    fm_form_draw(&s->form, w, y + 2, 1, &cy, &cx);
    if (s->previewed[0]) {
        char line[200];
        snprintf(line, sizeof line, _("Preview: %d changes, nothing written yet"), s->changes);
        wattron(w, A_BOLD);
        fm_put(w, y + 4, 1, line, cols - 2);
        wattroff(w, A_BOLD);
        fm_pager_draw(&s->pager, w, y + 5, 1, rows - 3 - (y + 5), cols - 2,
                      s->changes ? s->preview : _("The file changes nothing in the catalogue."));
        if (fm_pager_more(&s->pager))
            fm_put_right(w, rows - 3, cols - 1, _("more..."));
    }
    if (cy >= 0)
        app_cursor(a, cy, cx);
}

static int import_key(app *a, void *st, fm_key k)
{
    import_state *s = st;
    if (k.code == FM_KEY_PGUP || k.code == FM_KEY_PGDN || k.code == FM_KEY_F(7) ||
        k.code == FM_KEY_F(8))
        return fm_pager_key(&s->pager, k);
    int r = fm_form_key(&s->form, k);
    if (r == FM_SUBMIT) {
        preview(a, s);
        return FM_HANDLED;
    }
    return r;
}

static int preview_key(void *owner, void *st, fm_key k)
{
    (void)k;
    preview(owner, st);
    return FM_HANDLED;
}

static int confirm_key(void *owner, void *st, fm_key k)
{
    (void)k;
    import_now(owner, st);
    return FM_HANDLED;
}

static const fm_fkey import_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Import"), confirm_key, 0 },
    APP_KEY_BACK,
    { FM_KEY_F(6), NULL, N_("Preview"), preview_key, 0 },
    APP_KEY_CANCEL,
    FM_FKEYS_END,
};

const screen_def screen_admin_cat_import = {
    .id = "BM945",
    .title = N_("Import a catalogue file"),
    .keys = import_keys,
    .help = N_("Type the path of a catalogue file on the server, then F6 (or Enter) previews "
               "it: every matter or bundle it would add (new), give a new version (changed) or "
               "retire, one per line; unchanged ones are not listed. Nothing is written until "
               "F2 imports the file previewed. Cases keep the versions they were accepted "
               "under."),
    .state_size = sizeof(import_state),
    .open = import_open,
    .close = import_close,
    .draw = import_draw,
    .key = import_key,
};
