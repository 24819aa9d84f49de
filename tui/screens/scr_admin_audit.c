/* BM960 audit log (审计日志): who changed what, newest first, on the work list (time, login,
 * action, object); typing finds by login, action or object. Option 5 shows an entry with its
 * before and after. F6 verifies the hash chain, its seals and the last head written outside
 * the database (so entries deleted from the end are reported); F9 writes the head now. */
#include "core/audit.h"
#include "forms/frame.h"
#include "forms/worklist.h"
#include "tui/kit/caseui.h"
#include "tui/kit/listkeys.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCOLS 5
/* A find looks through this many of the newest entries. */
#define FIND_DEPTH 5000

typedef struct audit_row {
    int64_t id;
    time_t at;
    char login[33], what[40], object[20], object_id[48], session[24], addr[48];
    char before[240], after[240], note[160];
} audit_row;

typedef struct audit_state {
    list_screen ls;   /* first: the shared list keys find it there */
    audit_row *rows;
    int count, cap;
    const char *query;
    fm_column cols[NCOLS];
} audit_state;

static const char *cell(void *ctx, int row, int col, char *buf, size_t cap, int *mark)
{
    audit_state *s = ctx;
    *mark = FM_MARK_NONE;
    if (row < 0 || row >= s->count)
        return "";
    const audit_row *r = &s->rows[row];
    switch (col) {
    case 0: {
        char t[17];
        ui_time(r->at, t);
        snprintf(buf, cap, "%s", t + 5);
        return buf;
    }
    case 1: return r->login;
    case 2:
        *mark = !strcmp(r->what, "refused") || !strcmp(r->what, "login-failed") ? FM_MARK_WARN
                                                                                : FM_MARK_NONE;
        return r->what;
    case 3: return r->object;
    case 4: return r->object_id;
    default: return "";
    }
}

static int keep_entry(const bm_audit_entry *e, void *ctx)
{
    audit_state *s = ctx;
    if (s->query && s->query[0] && !strstr(e->login, s->query) && !strstr(e->what, s->query) &&
        !strstr(e->object_id, s->query) && !strstr(e->object, s->query))
        return 0;
    if (s->count == s->cap) {
        int cap = s->cap ? s->cap * 2 : 64;
        audit_row *n = realloc(s->rows, (size_t)cap * sizeof *n);
        if (!n)
            return 1;
        s->rows = n;
        s->cap = cap;
    }
    audit_row *r = &s->rows[s->count++];
    r->id = e->id;
    r->at = e->at;
    snprintf(r->login, sizeof r->login, "%s", e->login);
    snprintf(r->what, sizeof r->what, "%s", e->what);
    snprintf(r->object, sizeof r->object, "%s", e->object);
    snprintf(r->object_id, sizeof r->object_id, "%s", e->object_id);
    snprintf(r->session, sizeof r->session, "%s", e->session);
    snprintf(r->addr, sizeof r->addr, "%s", e->addr);
    snprintf(r->before, sizeof r->before, "%s", e->before);
    snprintf(r->after, sizeof r->after, "%s", e->after);
    snprintf(r->note, sizeof r->note, "%s", e->note);
    return s->count >= FM_LIST_MAX_ROWS;
}

static void reset(void *ctx)
{
    ((audit_state *)ctx)->count = 0;
}

static int fetch(void *ctx, const char *query, int offset, int limit)
{
    audit_state *s = ctx;
    int before = s->count;
    s->query = query;
    bm_err err;
    int rc = bm_audit_list(s->ls.a->db, &s->ls.a->actor, NULL, NULL,
                           query[0] ? FIND_DEPTH : limit, query[0] ? 0 : offset, keep_entry, s,
                           &err);
    s->query = NULL;
    if (rc != BM_OK) {
        ui_error(s->ls.a, &err);
        return -1;
    }
    return s->count - before;
}

static void act_on(void *ctx, int row, char option)
{
    (void)option;
    audit_state *s = ctx;
    const audit_row *r = &s->rows[row];
    char t[17], text[1400], title[80];
    ui_time(r->at, t);
    snprintf(title, sizeof title, "%s %lld", _("Audit entry"), (long long)r->id);
    snprintf(text, sizeof text, "%s  %s  %s\n%s %s  %s\n%s: %s\n%s: %s\n%s: %s", t, r->login,
             r->addr, r->what, r->object, r->object_id, _("Before"), r->before[0] ? r->before
             : "-", _("After"), r->after[0] ? r->after : "-", _("Note"),
             r->note[0] ? r->note : "-");
    app_notice(s->ls.a, title, text);
}

static const fm_worklist_spec spec = {
    .ncols = NCOLS, .options = "5", .default_option = '5', .page_rows = 50,
    .reset = reset, .fetch = fetch, .cell = cell, .act = act_on,
};

static void audit_open(app *a, void *st)
{
    audit_state *s = st;
    s->ls.a = a;
    fm_worklist_init(&s->ls.wl, &spec, s->cols, s);
    fm_worklist_reload(&s->ls.wl);
}

static void audit_close(app *a, void *st)
{
    (void)a;
    audit_state *s = st;
    free(s->rows);
    s->rows = NULL;
}

static void audit_draw(app *a, void *st, WINDOW *w)
{
    audit_state *s = st;
    s->ls.a = a;
    static const char *const titles[NCOLS] = { N_("Time"), N_("Login"), N_("Action"),
                                               N_("Object"), N_("Which") };
    static const int widths[NCOLS] = { 11, 12, 18, 9, 20 };
    for (int i = 0; i < NCOLS; i++) {
        s->cols[i].title = _(titles[i]);
        s->cols[i].width = widths[i];
        s->cols[i].right = 0;
    }
    const list_screen_words words = {
        .options = _("Options: 5=Display  F6=Verify"),
        .prompt = "",
        .none_found = _("No entry matches."),
        .empty = _("The audit log is empty."),
    };
    list_screen_draw(a, &s->ls, w, &words);
}

static int audit_key(app *a, void *st, fm_key k)
{
    return list_screen_key(a, st, k, N_("Options here: 5 display."));
}

static int verify_key(void *owner, void *st, fm_key k)
{
    (void)k;
    (void)st;
    app *a = owner;
    bm_audit_report r;
    bm_err err;
    if (bm_audit_check(a->db, &r, &err) != BM_OK) {
        ui_error(a, &err);
        return FM_HANDLED;
    }
    char text[800], line[200];
    if (r.first_broken)
        snprintf(text, sizeof text, _("BROKEN at entry %lld (%lld entries intact before it)."),
                 (long long)r.first_broken, (long long)r.intact);
    else if (r.key_missing && r.anchor_id)
        snprintf(text, sizeof text, _("The audit key is MISSING: entries from %lld on cannot be "
                                      "checked. Restore audit.key from the backup."),
                 (long long)r.anchor_id);
    else
        snprintf(text, sizeof text, _("Intact: %lld entries."), (long long)r.intact);
    if (r.truncated)
        snprintf(line, sizeof line, _("TRUNCATED: the head says %lld entries, the log ends at "
                                      "%lld."), (long long)r.head_count, (long long)r.last_id);
    else if (r.head_mismatch)
        snprintf(line, sizeof line, _("REWRITTEN: entry %lld is not the one the head names."),
                 (long long)r.head_count);
    else if (r.head_count)
        snprintf(line, sizeof line, _("Matches its last head (%lld entries)."),
                 (long long)r.head_count);
    else
        snprintf(line, sizeof line, "%s", _("No head written yet."));
    size_t n = strlen(text);
    snprintf(text + n, sizeof text - n, "\n\n%s", line);
    app_notice(a, _("Audit chain"), text);
    return FM_HANDLED;
}

static int head_key(void *owner, void *st, fm_key k)
{
    (void)k;
    (void)st;
    app *a = owner;
    bm_err err;
    if (bm_audit_write_head(a->db, &err) != BM_OK)
        ui_error(a, &err);
    else
        app_message(a, 0, "%s", _("The chain's head is written."));
    return FM_HANDLED;
}

static const fm_fkey audit_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    { FM_KEY_F(6), NULL, N_("Verify"), verify_key, 0 },
    { FM_KEY_F(9), NULL, N_("Head"), head_key, 0 },
    LIST_SCREEN_KEYS,
    FM_FKEYS_END,
};

const screen_def screen_admin_audit = {
    .id = "BM960",
    .title = N_("Audit log"),
    .keys = audit_keys,
    .help = N_("Every change and every refusal, newest first: when, who, the action and what it "
               "touched. Type letters to find by login, action or object (the newest 5,000 "
               "entries); 5 shows an entry with its before and after.\n"
               "F6 verifies the hash chain and its seals, and compares the log with the head "
               "last written outside the database, so entries deleted from the end are "
               "reported. F9 writes the head now (the server does it hourly and at every "
               "backup)."),
    .state_size = sizeof(audit_state),
    .open = audit_open,
    .close = audit_close,
    .draw = audit_draw,
    .key = audit_key,
};
