/* BM220 my cases (我的办件), BM221 the centre's open cases (AB-post cover) and BM222 search of
 * every case the user may see: one work list in the 5250 manner. Columns case number,
 * applicant, matter, status, working days left (! overdue, * due soon, whatever the colours);
 * ordered by deadline; option codes 5 display, 2 handle, 6 print the receipt; a find field
 * that narrows the list by case number, ID number, phone, name or pinyin initials. Rows are
 * read from core a page at a time as the cursor goes down. */
#include "core/case.h"
#include "forms/field.h"
#include "forms/frame.h"
#include "forms/list.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/kit/clerk.h"
#include "tui/session/i18n.h"
#include "tui/kit/receipt.h"
#include "tui/session/screens.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_ROWS 50
#define FIND_LIMIT 200

typedef struct cases_state {
    int kind;                 /* BM_LIST_MINE, BM_LIST_CENTRE_OPEN or BM_LIST_SEARCH */
    bm_case_row *rows;
    int count, cap;
    int exhausted;            /* core has no more rows for this list */
    char query[128];          /* the find text in force, "" for the whole list */
    fm_list list;
    fm_field find;
    int in_find;              /* the cursor is in the find field */
    int stale;                /* reload when next drawn (back from a case) */
    bm_case_counts counts;
    int counts_ok;
    fm_column cols[5];
} cases_state;

static const char *cell(void *ctx, int row, int col, char *buf, size_t cap, int *mark)
{
    cases_state *s = ctx;
    if (row < 0 || row >= s->count)
        return "";
    const bm_case_row *r = &s->rows[row];
    switch (col) {
    case 0: return r->no;
    case 1: return r->applicant_name;
    case 2:
        if (r->nchildren > 0) {
            snprintf(buf, cap, "%s (%d)", r->matter_name, r->nchildren);
            return buf;
        }
        return r->matter_name;
    case 3: return ui_status(r->status);
    case 4: return ui_days_left(r->clock, r->days_left, buf, cap, mark);
    default: return "";
    }
}

static int keep_row(const bm_case_row *r, void *ctx)
{
    cases_state *s = ctx;
    if (s->count == s->cap) {
        int cap = s->cap ? s->cap * 2 : PAGE_ROWS;
        bm_case_row *p = realloc(s->rows, (size_t)cap * sizeof *p);
        if (!p)
            return 1;
        s->rows = p;
        s->cap = cap;
    }
    s->rows[s->count++] = *r;
    return s->count >= FM_LIST_MAX_ROWS;
}

/* The next page of the whole list. */
static void load_more(app *a, cases_state *s)
{
    if (s->exhausted || s->query[0])
        return;
    int before = s->count;
    bm_case_query q = { .kind = s->kind, .limit = PAGE_ROWS, .offset = s->count };
    bm_err err;
    if (bm_case_list(a->db, &a->actor, &q, keep_row, s, &err) != BM_OK) {
        ui_error(a, &err);
        s->exhausted = 1;
    }
    if (s->count - before < PAGE_ROWS)
        s->exhausted = 1;
    fm_list_set_count(&s->list, s->count);
}

/* Whether a search hit belongs on this list: my open cases, or the centre's open ones. */
static int on_this_list(app *a, cases_state *s, const bm_case_row *r)
{
    if (s->kind == BM_LIST_SEARCH)
        return 1;
    if (!bm_status_is_open(r->status))
        return 0;
    if (s->kind == BM_LIST_CENTRE_OPEN)
        return 1;
    bm_case c;
    return bm_case_get(a->db, &a->actor, r->id, &c, NULL) == BM_OK &&
           c.handler_id == a->actor.user_id;
}

static void load_found(app *a, cases_state *s)
{
    cases_state hits = { 0 };
    bm_case_query q = { .kind = BM_LIST_SEARCH, .text = s->query, .limit = FIND_LIMIT };
    bm_err err;
    if (bm_case_list(a->db, &a->actor, &q, keep_row, &hits, &err) != BM_OK)
        ui_error(a, &err);
    for (int i = 0; i < hits.count; i++)
        if (on_this_list(a, s, &hits.rows[i]))
            keep_row(&hits.rows[i], s);
    free(hits.rows);
    s->exhausted = 1;
    fm_list_set_count(&s->list, s->count);
}

static void reload(app *a, cases_state *s)
{
    int cursor = s->list.cursor;
    s->count = 0;
    s->exhausted = 0;
    fm_list_clear_options(&s->list);
    if (s->kind != BM_LIST_SEARCH) {
        s->counts_ok = bm_case_count(a->db, &a->actor, s->kind, &s->counts, NULL) == BM_OK;
    }
    if (s->query[0])
        load_found(a, s);
    else if (s->kind != BM_LIST_SEARCH)
        load_more(a, s);
    fm_list_set_count(&s->list, s->count);
    fm_list_goto(&s->list, cursor);
    s->stale = 0;
}

static void open_kind(app *a, cases_state *s, int kind)
{
    s->kind = kind;
    fm_field_init(&s->find, 20, 40, 0);
    fm_list_init(&s->list, s->cols, 5, "526", cell, s);
    s->in_find = kind == BM_LIST_SEARCH;
    reload(a, s);
}

static void open_mine(app *a, void *st) { open_kind(a, st, BM_LIST_MINE); }
static void open_centre(app *a, void *st) { open_kind(a, st, BM_LIST_CENTRE_OPEN); }
static void open_search(app *a, void *st) { open_kind(a, st, BM_LIST_SEARCH); }

static void cases_close(app *a, void *st)
{
    (void)a;
    cases_state *s = st;
    free(s->rows);
    s->rows = NULL;
}

static void cases_status(app *a, void *st, char *buf, size_t cap)
{
    (void)a;
    cases_state *s = st;
    if (s->kind == BM_LIST_SEARCH || !s->counts_ok)
        return;
    snprintf(buf, cap, _("open %d  due soon %d  overdue %d%s"), s->counts.open,
             s->counts.due_soon, s->counts.overdue, s->counts.overdue ? " !" : "");
}

static void cases_draw(app *a, void *st, WINDOW *w)
{
    cases_state *s = st;
    if (s->stale)
        reload(a, s);
    int rows = getmaxy(w), cols = getmaxx(w);
    static const char *const titles[5] = { N_("Case no."), N_("Applicant"), N_("Matter"),
                                           N_("Status"), N_("Left") };
    static const int widths[5] = { 12, 8, 29, 11, 6 };
    for (int i = 0; i < 5; i++) {
        s->cols[i].title = _(titles[i]);
        s->cols[i].width = widths[i];
        s->cols[i].right = i == 4;
    }
    int y = FM_BODY_TOP;
    fm_put(w, y, 1, _("Options: 5=Display 2=Handle 6=Print receipt"), cols - 2);
    const char *label = _("Find");
    int fx = cols - s->find.cols - 3 - fm_width(label) - 1;
    fm_put(w, y, fx, label, fm_width(label));
    int find_x = fm_field_draw(&s->find, w, y, fx + fm_width(label) + 1, s->in_find);
    int list_rows = rows - 3 - (y + 2);
    int list_x = fm_list_draw(&s->list, w, y + 2, list_rows);
    /* Colour, where there is some, on top of the ! and * marks. */
    for (int i = 0; i < s->list.page && s->list.top + i < s->count; i++) {
        int pair = ui_colour_pair(s->rows[s->list.top + i].clock);
        if (pair)
            mvwchgat(w, y + 3 + i, 5, cols - 6, A_BOLD, (short)pair, NULL);
    }
    /* The cursor row is shown by the cursor in its option column, and by '>' too. */
    if (s->count > 0 && !s->in_find)
        mvwaddch(w, y + 3 + s->list.cursor - s->list.top, 0, '>');
    if (s->count == 0) {
        const char *empty = s->kind == BM_LIST_SEARCH && !s->query[0]
                                ? _("Type a case number, ID number, phone, name or pinyin "
                                    "initials in Find, then Enter.")
                                : s->query[0] ? _("No case matches.")
                                              : _("No open cases.");
        fm_put(w, y + 4, 5, empty, cols - 6);
    }
    char foot[160];
    int more = fm_list_has_more(&s->list) || !s->exhausted;
    if (s->query[0])
        snprintf(foot, sizeof foot, _("%d found for \"%s\"  (F12 shows all)"), s->count,
                 s->query);
    else
        snprintf(foot, sizeof foot, _("%d rows"), s->count);
    if (more) {
        size_t len = strlen(foot);
        snprintf(foot + len, sizeof foot - len, "  %s", _("more..."));
    }
    fm_put_right(w, rows - 3, cols - 1, foot);
    if (s->in_find)
        app_cursor(a, y, find_x);
    else if (s->count > 0)
        app_cursor(a, y + 3 + s->list.cursor - s->list.top, list_x);
    else
        app_cursor(a, y, find_x);
}

static void act_on(app *a, cases_state *s, int row, char option)
{
    const bm_case_row *r = &s->rows[row];
    s->stale = 1;
    switch (option) {
    case '6': {
        bm_case c;
        bm_err err;
        if (bm_case_get(a->db, &a->actor, r->id, &c, &err) != BM_OK) {
            ui_error(a, &err);
            return;
        }
        doc_view_open(a, r->id, doc_kind_for(&c), 1);
        return;
    }
    case '2':
        case_detail_open(a, r->id, 1);
        return;
    default:
        case_detail_open(a, r->id, 0);
        return;
    }
}

/* Enter: the first row with an option typed against it (the rest stay for the next Enter),
 * or the row under the cursor. */
static void submit(app *a, cases_state *s)
{
    for (int i = 0; i < s->count; i++) {
        if (s->list.options[i]) {
            char option = s->list.options[i];
            s->list.options[i] = 0;
            fm_list_goto(&s->list, i);
            act_on(a, s, i, option);
            return;
        }
    }
    if (s->count > 0)
        act_on(a, s, s->list.cursor, '5');
}

static void apply_find(app *a, cases_state *s)
{
    char text[128];
    fm_field_get(&s->find, text, sizeof text);
    fm_field_select(&s->find);   /* the next find replaces this one */
    /* A whole case number opens the case: core says so when it is not the user's to see. */
    if (s->kind == BM_LIST_SEARCH && strlen(text) == 12 &&
        strspn(text, "0123456789") == 12) {
        snprintf(s->query, sizeof s->query, "%s", text);
        reload(a, s);
        case_detail_open_no(a, text, 0);
        return;
    }
    snprintf(s->query, sizeof s->query, "%s", text);
    s->list.cursor = s->list.top = 0;
    reload(a, s);
    if (s->count > 0)
        s->in_find = 0;
    if (!text[0] && s->kind == BM_LIST_SEARCH)
        app_message(a, 1, "%s", _("Type a case number, ID number, phone, name or pinyin "
                                  "initials."));
}

static int refresh_key(void *owner, void *st, fm_key k)
{
    (void)k;
    reload(owner, st);
    app_message(owner, 0, "%s", _("Refreshed."));
    return FM_HANDLED;
}

/* F12: the whole list again after a find, or out of the find field, staying on the list;
 * from the bare list, back. */
static int show_all_key(void *owner, void *st, fm_key k)
{
    app *a = owner;
    cases_state *s = st;
    if (!s->query[0] && !s->in_find)
        return app_key_cancel(a, st, k);
    fm_field_clear(&s->find);
    if (s->query[0]) {
        s->query[0] = 0;
        reload(a, s);
    }
    if (s->count > 0)
        s->in_find = 0;
    return FM_HANDLED;
}

static int page_key(void *owner, void *st, fm_key k)
{
    cases_state *s = st;
    fm_list_key(&s->list, k);
    if (s->list.cursor >= s->count - 5)
        load_more(owner, s);
    return FM_HANDLED;
}

static int find_key(void *owner, void *st, fm_key k)
{
    (void)owner, (void)k;
    cases_state *s = st;
    s->in_find = 1;
    fm_field_clear(&s->find);
    return FM_HANDLED;
}

static const fm_fkey list_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    { FM_KEY_F(5), NULL, N_("Refresh"), refresh_key, 0 },
    { FM_KEY_F(7), N_("F7/F8"), N_("Page"), page_key, 0 },
    { FM_KEY_F(8), NULL, NULL, page_key, 0 },
    { FM_KEY_CHAR, NULL, N_("Find"), find_key, L'/' },
    { FM_KEY_F(12), NULL, N_("Show all"), show_all_key, 0 },
    { FM_KEY_ESC, NULL, NULL, show_all_key, 0 },
    FM_FKEYS_END,
};

static int cases_key(app *a, void *st, fm_key k)
{
    cases_state *s = st;
    if (k.code == FM_KEY_F(12) || k.code == FM_KEY_ESC || k.code == FM_KEY_F(5))
        return FM_IGNORED;   /* the key list's, also while in the find field */
    if (k.code == FM_KEY_TAB || k.code == FM_KEY_BTAB) {
        s->in_find = !s->in_find || s->count == 0;
        if (s->in_find)
            fm_field_select(&s->find);
        return FM_HANDLED;
    }
    if (s->in_find) {
        if (k.code == FM_KEY_ENTER) {
            apply_find(a, s);
            return FM_HANDLED;
        }
        if (k.code == FM_KEY_DOWN && s->count > 0) {
            s->in_find = 0;
            return FM_HANDLED;
        }
        return fm_field_key(&s->find, k);
    }
    /* Type-to-search: '/' opens the find field; a letter starts a search by initials or
     * name straight away. Digits are option codes here; a case number goes in after '/'. */
    if (k.code == FM_KEY_CHAR && (k.ch > 0x7f || isalpha((int)k.ch))) {
        s->in_find = 1;
        fm_field_clear(&s->find);
        fm_field_key(&s->find, k);
        return FM_HANDLED;
    }
    if (k.code == FM_KEY_CHAR && k.ch == L'/')
        return FM_IGNORED;   /* the key list's */
    if (k.code == FM_KEY_ENTER) {
        submit(a, s);
        return FM_HANDLED;
    }
    int r = fm_list_key(&s->list, k);
    if (r == FM_REJECTED) {
        app_message(a, 1, "%s", _("Options here: 5 display, 2 handle, 6 print the receipt."));
        return FM_HANDLED;
    }
    if (s->list.cursor >= s->count - 5)
        load_more(a, s);
    if (r == FM_IGNORED && k.code == FM_KEY_UP && s->list.cursor == 0) {
        s->in_find = 1;
        fm_field_select(&s->find);
        return FM_HANDLED;
    }
    return r;
}

#define LIST_HELP_KEYS                                                                        \
    N_("Type an option against a row and press Enter: 5 shows the case, 2 opens its steps "   \
       "(start, return for corrections, complete ...), 6 prints its receipt or notice again. " \
       "Enter on a row without an option shows it.\n"                                         \
       "Left: working days to the deadline; \"!\" overdue, \"*\" due in a day or less, "      \
       "paused while waiting for corrections.\n"                                              \
       "Find: press / (or just type letters) and give a case number, ID number, phone, name " \
       "or pinyin initials, then Enter; F12 shows the whole list again. Tab moves between "   \
       "Find and the list. F5 reads the list again.")

const screen_def screen_cases_mine = {
    .id = "BM220",
    .title = N_("My cases"),
    .keys = list_keys,
    .help = LIST_HELP_KEYS,
    .state_size = sizeof(cases_state),
    .open = open_mine,
    .close = cases_close,
    .draw = cases_draw,
    .key = cases_key,
    .status = cases_status,
};

const screen_def screen_cases_centre = {
    .id = "BM221",
    .title = N_("Centre cases"),
    .keys = list_keys,
    .help = N_("Every open case of this centre, for AB-post cover: a colleague's case can be "
               "handled here while they are away (2, then \"Take it over\").\n"
               "Type an option against a row and press Enter: 5 shows the case, 2 opens its "
               "steps, 6 prints its receipt or notice again. Enter on a row without an option "
               "shows it. Left: working days to the deadline; \"!\" overdue, \"*\" due in a "
               "day or less.\n"
               "Find: press / (or just type letters), give a case number, ID number, phone, "
               "name or pinyin initials, then Enter; F12 shows the whole list again."),
    .state_size = sizeof(cases_state),
    .open = open_centre,
    .close = cases_close,
    .draw = cases_draw,
    .key = cases_key,
    .status = cases_status,
};

const screen_def screen_search = {
    .id = "BM222",
    .title = N_("Search"),
    .keys = list_keys,
    .help = N_("Every case you may see, open or closed. Type a case number (it opens the case "
               "at once), an ID number, a phone, a name or pinyin initials into Find and press "
               "Enter. Then 5 shows a case, 2 opens its steps, 6 prints its receipt again."),
    .state_size = sizeof(cases_state),
    .open = open_search,
    .close = cases_close,
    .draw = cases_draw,
    .key = cases_key,
};
