/* BM970 backups (备份): the copies in the data directory's backups/ folder, newest first, with
 * size, date and file mode (0600: they hold personal data). F6 backs up now while everyone
 * keeps working (SQLite's online backup, the audit head and key beside the copy); 5 verifies
 * a copy: SQLite's integrity check and its audit chain against the head saved with it. */
#include "core/backup.h"
#include "forms/frame.h"
#include "forms/worklist.h"
#include "tui/kit/caseui.h"
#include "tui/kit/listkeys.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCOLS 4

typedef struct backup_state {
    list_screen ls;   /* first: the shared list keys find it there */
    bm_backup_file *rows;
    int count, cap;
    char dir[1024];
    fm_column cols[NCOLS];
} backup_state;

static const char *cell(void *ctx, int row, int col, char *buf, size_t cap, int *mark)
{
    backup_state *s = ctx;
    *mark = FM_MARK_NONE;
    if (row < 0 || row >= s->count)
        return "";
    const bm_backup_file *f = &s->rows[row];
    switch (col) {
    case 0: return f->name;
    case 1:
        snprintf(buf, cap, "%.1f MB", (double)f->bytes / 1e6);
        return buf;
    case 2: {
        char t[17];
        ui_time(f->made, t);
        snprintf(buf, cap, "%s", t);
        return buf;
    }
    case 3:
        *mark = f->mode != 0600 ? FM_MARK_ALERT : FM_MARK_NONE;
        snprintf(buf, cap, "%04o%s", f->mode, f->mode != 0600 ? " !" : "");
        return buf;
    default: return "";
    }
}

static int keep_file(const bm_backup_file *f, void *ctx)
{
    backup_state *s = ctx;
    if (s->count == s->cap) {
        int cap = s->cap ? s->cap * 2 : 32;
        bm_backup_file *n = realloc(s->rows, (size_t)cap * sizeof *n);
        if (!n)
            return 1;
        s->rows = n;
        s->cap = cap;
    }
    s->rows[s->count++] = *f;
    return s->count >= FM_LIST_MAX_ROWS;
}

static void reset(void *ctx)
{
    ((backup_state *)ctx)->count = 0;
}

static int fetch(void *ctx, const char *query, int offset, int limit)
{
    (void)limit;
    backup_state *s = ctx;
    if (offset > 0)
        return 0;
    int before = s->count;
    bm_err err;
    if (bm_backup_list(s->dir, keep_file, s, &err) != BM_OK) {
        ui_error(s->ls.a, &err);
        return -1;
    }
    int k = before;
    for (int i = before; i < s->count; i++)
        if (!query[0] || strstr(s->rows[i].name, query))
            s->rows[k++] = s->rows[i];
    s->count = k;
    return s->count - before;
}

static void act_on(void *ctx, int row, char option)
{
    (void)option;
    backup_state *s = ctx;
    char path[1200], text[800];
    snprintf(path, sizeof path, "%s/%s", s->dir, s->rows[row].name);
    bm_backup_check c;
    bm_err err;
    if (bm_backup_verify(path, &c, &err) != BM_OK) {
        ui_error(s->ls.a, &err);
        return;
    }
    if (c.opened && c.chain_ok)
        snprintf(text, sizeof text, _("%s\n\nVerified: the database is whole and its audit "
                                      "chain holds (%lld entries, as its head says)."),
                 s->rows[row].name, (long long)c.entries);
    else
        snprintf(text, sizeof text, _("%s\n\nNOT GOOD: %s"), s->rows[row].name, c.why);
    app_notice(s->ls.a, _("Backup check"), text);
}

static const fm_worklist_spec spec = {
    .ncols = NCOLS, .options = "5", .default_option = '5', .page_rows = 50,
    .reset = reset, .fetch = fetch, .cell = cell, .act = act_on,
};

static void backup_open(app *a, void *st)
{
    backup_state *s = st;
    s->ls.a = a;
    bm_err err;
    if (bm_backup_dir(a->db, s->dir, sizeof s->dir, &err) != BM_OK)
        ui_error(a, &err);
    fm_worklist_init(&s->ls.wl, &spec, s->cols, s);
    fm_worklist_reload(&s->ls.wl);
}

static void backup_close(app *a, void *st)
{
    (void)a;
    backup_state *s = st;
    free(s->rows);
    s->rows = NULL;
}

static void backup_draw(app *a, void *st, WINDOW *w)
{
    backup_state *s = st;
    s->ls.a = a;
    static const char *const titles[NCOLS] = { N_("Backup file"), N_("Size"), N_("Made"),
                                               N_("Mode") };
    static const int widths[NCOLS] = { 30, 10, 16, 7 };
    for (int i = 0; i < NCOLS; i++) {
        s->cols[i].title = _(titles[i]);
        s->cols[i].width = widths[i];
        s->cols[i].right = i == 1;
    }
    const list_screen_words words = {
        .options = _("Options: 5=Verify  F6=Back up now"),
        .prompt = "",
        .none_found = _("No backup matches."),
        .empty = _("No backups yet: F6 makes one."),
    };
    list_screen_draw(a, &s->ls, w, &words);
}

static int backup_key(app *a, void *st, fm_key k)
{
    return list_screen_key(a, st, k, N_("Options here: 5 verify."));
}

static int now_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    backup_state *s = st;
    char path[1200];
    bm_err err;
    int rc = bm_backup_now(a->db, &a->actor, s->dir, path, sizeof path, &err);
    fm_worklist_reload(&s->ls.wl);
    if (rc != BM_OK) {
        ui_error(a, &err);
        return FM_HANDLED;
    }
    const char *name = strrchr(path, '/');
    app_message(a, 0, _("Backed up: %s"), name ? name + 1 : path);
    return FM_HANDLED;
}

static const fm_fkey backup_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    { FM_KEY_F(6), NULL, N_("Back up now"), now_key, 0 },
    LIST_SCREEN_KEYS,
    FM_FKEYS_END,
};

const screen_def screen_admin_backup = {
    .id = "BM970",
    .title = N_("Backup"),
    .keys = backup_keys,
    .help = N_("The copies of the case database in the backups folder of the server's data "
               "directory, newest first. Mode 0600: only the server's account may read a copy "
               "(it holds personal data); \"!\" marks one that others could read.\n"
               "F6 backs up now while everyone keeps working; the audit head and key go "
               "beside the copy. 5 verifies a copy: the database is whole and its audit "
               "chain matches the head saved with it. To restore, stop the server and see "
               "`bianmin backup` in the README."),
    .state_size = sizeof(backup_state),
    .open = backup_open,
    .close = backup_close,
    .draw = backup_draw,
    .key = backup_key,
};
