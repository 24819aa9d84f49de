/* BM254, the special-group ledger (特殊人群台账): the people of the village who need service at
 * home, each with their groups and needs, the cadre paired with them (1+N 结对), how often
 * they are visited, the last visit and the next one due: "!" overdue, "*" due within a week,
 * the soonest first. The status line counts the visits due and overdue. Option 5 opens the
 * person (their visits; log today's); F6 pairs another person. Township staff see their
 * villages' people on the same screen. */
#include "core/applicant.h"
#include "core/proxy_special.h"
#include "forms/frame.h"
#include "forms/worklist.h"
#include "tui/kit/caseui.h"
#include "tui/kit/listkeys.h"
#include "tui/screens/proxy.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCOLS 6

typedef struct special_state {
    list_screen ls;   /* first: the shared list keys find it there */
    bm_special *rows;
    int count, cap;
    int due, overdue;
    fm_column cols[NCOLS];
} special_state;

static const char *cell(void *ctx, int row, int col, char *buf, size_t cap, int *mark)
{
    special_state *s = ctx;
    if (row < 0 || row >= s->count)
        return "";
    const bm_special *p = &s->rows[row];
    char day[11];
    switch (col) {
    case 0: return p->name;
    case 1: return bm_special_names(p->flags, buf, cap);
    case 2: return p->needs;
    case 3:
        snprintf(buf, cap, _("%d days"), p->every_days);
        return buf;
    case 4:
        if (!p->last_visit)
            return _("never");
        bm_day_format(p->last_visit, day);
        snprintf(buf, cap, "%s", day);
        return buf;
    case 5:
        bm_day_format(p->next_due, day);
        *mark = p->due == BM_VISIT_OVERDUE ? FM_MARK_ALERT
                : p->due == BM_VISIT_SOON  ? FM_MARK_WARN
                                           : FM_MARK_NONE;
        snprintf(buf, cap, "%s %s", day,
                 p->due == BM_VISIT_OVERDUE ? "!" : p->due == BM_VISIT_SOON ? "*" : " ");
        return buf;
    default: return "";
    }
}

static int keep_row(const bm_special *p, void *ctx)
{
    special_state *s = ctx;
    if (s->count == s->cap) {
        int cap = s->cap ? s->cap * 2 : 32;
        bm_special *n = realloc(s->rows, (size_t)cap * sizeof *n);
        if (!n)
            return 1;
        s->rows = n;
        s->cap = cap;
    }
    s->rows[s->count++] = *p;
    s->due += p->due == BM_VISIT_SOON;
    s->overdue += p->due == BM_VISIT_OVERDUE;
    return s->count >= FM_LIST_MAX_ROWS;
}

static void reset(void *ctx)
{
    special_state *s = ctx;
    s->count = s->due = s->overdue = 0;
}

/* The whole ledger at once (a village has tens of such people); a find keeps the rows whose
 * name or needs hold the text. */
static int fetch(void *ctx, const char *query, int offset, int limit)
{
    (void)limit;
    special_state *s = ctx;
    if (offset > 0)
        return 0;
    bm_err err;
    if (bm_special_list(s->ls.a->db, &s->ls.a->actor, keep_row, s, &err) != BM_OK) {
        ui_error(s->ls.a, &err);
        return -1;
    }
    if (query[0]) {
        int k = 0;
        for (int i = 0; i < s->count; i++)
            if (strstr(s->rows[i].name, query) || strstr(s->rows[i].needs, query))
                s->rows[k++] = s->rows[i];
        s->count = k;
    }
    return s->count;
}

static void act_on(void *ctx, int row, char option)
{
    (void)option;
    special_state *s = ctx;
    fm_worklist_mark_stale(&s->ls.wl);   /* a visit moves the next one due */
    special_person_open(s->ls.a, s->rows[row].applicant_id);
}

static const fm_worklist_spec spec = {
    .ncols = NCOLS, .options = "5", .default_option = '5', .page_rows = 100,
    .reset = reset, .fetch = fetch, .cell = cell, .act = act_on,
};

static void special_open(app *a, void *st)
{
    special_state *s = st;
    s->ls.a = a;
    fm_worklist_init(&s->ls.wl, &spec, s->cols, s);
    fm_worklist_reload(&s->ls.wl);
}

static void special_close(app *a, void *st)
{
    (void)a;
    special_state *s = st;
    free(s->rows);
    s->rows = NULL;
}

static void special_status(app *a, void *st, char *buf, size_t cap)
{
    (void)a;
    special_state *s = st;
    snprintf(buf, cap, _("due %d  overdue %d%s"), s->due, s->overdue, s->overdue ? " !" : "");
}

static void special_draw(app *a, void *st, WINDOW *w)
{
    special_state *s = st;
    s->ls.a = a;
    static const char *const titles[NCOLS] = { N_("Person"), N_("Group"), N_("Needs"),
                                               N_("Every"), N_("Last visit"), N_("Next due") };
    static const int widths[NCOLS] = { 8, 10, 22, 6, 10, 12 };
    for (int i = 0; i < NCOLS; i++) {
        s->cols[i].title = _(titles[i]);
        s->cols[i].width = widths[i];
        s->cols[i].right = 0;
    }
    const list_screen_words words = {
        .options = _("Options: 5=Visits"),
        .prompt = "",
        .none_found = _("Nobody matches."),
        .empty = _("Nobody is on the special-group ledger yet: F6 pairs a person."),
    };
    list_screen_draw(a, &s->ls, w, &words);
}

static int special_key(app *a, void *st, fm_key k)
{
    return list_screen_key(a, st, k, N_("Options here: 5 visits."));
}

static int pair_key(void *owner, void *st, fm_key k)
{
    (void)k;
    special_state *s = st;
    fm_worklist_mark_stale(&s->ls.wl);
    special_person_open(owner, 0);
    return FM_HANDLED;
}

static const fm_fkey special_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    { FM_KEY_F(6), NULL, N_("Pair a person"), pair_key, 0 },
    LIST_SCREEN_KEYS,
    FM_FKEYS_END,
};

const screen_def screen_agent_special = {
    .id = "BM254",
    .title = N_("Special groups"),
    .keys = special_keys,
    .help = N_("The people of the village who need service at home (elderly living alone, "
               "disabled, low income, left behind), each paired with one cadre (1+N): their "
               "needs, how often they are visited, the last visit and the next one due, \"!\" "
               "when it is overdue and \"*\" when it is due within a week; the soonest first. "
               "The status line counts them.\n"
               "5 (or Enter) opens a person: their last visits, and today's visit to log, with "
               "a request taken on it if there was one (it goes into the proxy ledger). F6 "
               "pairs another person with you. Type to find by name or needs; F5 reads the "
               "list again."),
    .state_size = sizeof(special_state),
    .open = special_open,
    .close = special_close,
    .draw = special_draw,
    .key = special_key,
    .status = special_status,
};
