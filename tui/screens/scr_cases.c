/* BM220 my cases (我的办件), BM221 the centre's open cases (AB-post cover), BM222 search of
 * every case the user may see and BM223 the duty officer's off-hours queue: one work list in the 5250 manner. Columns case number,
 * applicant, matter, status, working days left (! overdue, * due soon, whatever the colours);
 * ordered by deadline; option codes 5 display, 2 handle, 6 print the receipt; a find field
 * that narrows the list by case number, ID number, phone, name or pinyin initials. Rows are
 * read from core a page at a time as the cursor goes down; the work list (forms/worklist.c)
 * does the rest. */
#include "core/case.h"
#include "core/validate.h"
#include "forms/frame.h"
#include "forms/worklist.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/kit/listkeys.h"
#include "tui/kit/clerk.h"
#include "tui/session/i18n.h"
#include "tui/kit/receipt.h"
#include "tui/screens/appt.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_ROWS 50
#define FIND_LIMIT 200

typedef struct cases_state {
    list_screen ls;   /* first: the shared list keys find it there */
    int kind;                 /* BM_LIST_MINE, _CENTRE_OPEN, _DUTY_QUEUE or _SEARCH */
    bm_case_row *rows;
    int count, cap;
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

/* Whether a search hit belongs on this list: my open cases, or the centre's open ones. */
static int on_this_list(app *a, cases_state *s, const bm_case_row *r)
{
    if (s->kind == BM_LIST_SEARCH)
        return 1;
    if (!bm_status_is_open(r->status))
        return 0;
    if (s->kind == BM_LIST_CENTRE_OPEN)
        return 1;
    if (s->kind == BM_LIST_DUTY_QUEUE)
        return r->off_hours && r->handler_id == 0;
    if (s->kind == BM_LIST_OVERDUE)
        return r->clock == BM_CLOCK_OVERDUE;
    return r->handler_id == a->actor.user_id;
}

static void reset(void *ctx)
{
    cases_state *s = ctx;
    s->count = 0;
    if (s->kind != BM_LIST_SEARCH)
        s->counts_ok = bm_case_count(s->ls.a->db, &s->ls.a->actor, s->kind, &s->counts, NULL) == BM_OK;
}

/* A page of the whole list, or every case found (those that belong on this list). */
static int fetch(void *ctx, const char *query, int offset, int limit)
{
    cases_state *s = ctx;
    app *a = s->ls.a;
    int before = s->count;
    bm_err err;
    if (!query[0]) {
        bm_case_query q = { .kind = s->kind, .limit = limit, .offset = offset };
        if (bm_case_list(a->db, &a->actor, &q, keep_row, s, &err) != BM_OK) {
            ui_error(a, &err);
            return -1;
        }
        return s->count - before;
    }
    cases_state hits = { 0 };
    bm_case_query q = { .kind = BM_LIST_SEARCH, .text = query, .limit = FIND_LIMIT };
    if (bm_case_list(a->db, &a->actor, &q, keep_row, &hits, &err) != BM_OK)
        ui_error(a, &err);
    for (int i = 0; i < hits.count; i++)
        if (on_this_list(a, s, &hits.rows[i]))
            keep_row(&hits.rows[i], s);
    free(hits.rows);
    return s->count - before;
}

static int colour(void *ctx, int row)
{
    cases_state *s = ctx;
    return row < s->count ? ui_colour_pair(s->rows[row].clock) : 0;
}

static void act_on(void *ctx, int row, char option)
{
    cases_state *s = ctx;
    app *a = s->ls.a;
    const bm_case_row *r = &s->rows[row];
    fm_worklist_mark_stale(&s->ls.wl);
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
    case '7':   /* the off-hours queue: the person comes to the window at a booked time */
        appt_book_for_case(a, r->id);
        return;
    default:
        case_detail_open(a, r->id, 0);
        return;
    }
}

/* In search, a whole case number opens the case: core says so when it is not the user's to
 * see. */
static int open_by_number(void *ctx, const char *text)
{
    cases_state *s = ctx;
    bm_lookup typed_as;
    if (s->kind != BM_LIST_SEARCH || bm_lookup_classify(text, &typed_as) != BM_LOOKUP_CASE_NO)
        return 0;
    case_detail_open_no(s->ls.a, typed_as.text, 0);
    return 1;
}

static const fm_worklist_spec list_spec = {
    .ncols = 5, .options = "526", .default_option = '5', .page_rows = PAGE_ROWS,
    .reset = reset, .fetch = fetch, .cell = cell, .colour = colour, .act = act_on,
    .find_hook = open_by_number,
};

/* The off-hours queue adds 7: book an appointment for the request's person. */
static const fm_worklist_spec duty_spec = {
    .ncols = 5, .options = "5267", .default_option = '5', .page_rows = PAGE_ROWS,
    .reset = reset, .fetch = fetch, .cell = cell, .colour = colour, .act = act_on,
};

static const fm_worklist_spec search_spec = {
    .ncols = 5, .options = "526", .default_option = '5', .page_rows = PAGE_ROWS,
    .find_only = 1, .reset = reset, .fetch = fetch, .cell = cell, .colour = colour,
    .act = act_on, .find_hook = open_by_number,
};

static void open_kind(app *a, cases_state *s, int kind)
{
    s->ls.a = a;
    s->kind = kind;
    fm_worklist_init(&s->ls.wl, kind == BM_LIST_SEARCH ? &search_spec
                                : kind == BM_LIST_DUTY_QUEUE ? &duty_spec : &list_spec, s->cols, s);
    fm_worklist_reload(&s->ls.wl);
}

static void open_mine(app *a, void *st) { open_kind(a, st, BM_LIST_MINE); }
static void open_centre(app *a, void *st) { open_kind(a, st, BM_LIST_CENTRE_OPEN); }
static void open_search(app *a, void *st) { open_kind(a, st, BM_LIST_SEARCH); }
static void open_duty(app *a, void *st) { open_kind(a, st, BM_LIST_DUTY_QUEUE); }
static void open_overdue(app *a, void *st) { open_kind(a, st, BM_LIST_OVERDUE); }

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
    s->ls.a = a;
    static const char *const titles[5] = { N_("Case no."), N_("Applicant"), N_("Matter"),
                                           N_("Status"), N_("Left") };
    static const int widths[5] = { 12, 9, 28, 11, 6 };
    for (int i = 0; i < 5; i++) {
        s->cols[i].title = _(titles[i]);
        s->cols[i].width = widths[i];
        s->cols[i].right = i == 4;
    }
    const list_screen_words words = {
        .options = s->kind == BM_LIST_DUTY_QUEUE
                   ? _("Options: 5=Display 2=Handle 6=Print receipt 7=Appointment")
                   : _("Options: 5=Display 2=Handle 6=Print receipt"),
        .prompt = _("Type a case number, ID number, phone, name or pinyin initials in Find, "
                    "then Enter."),
        .none_found = _("No case matches."),
        .empty = _("No open cases."),
    };
    list_screen_draw(a, &s->ls, w, &words);
}

static int cases_key(app *a, void *st, fm_key k)
{
    cases_state *s = st;
    s->ls.a = a;
    int r = fm_worklist_key(&s->ls.wl, k);
    if (r == FM_REJECTED && s->ls.wl.in_find)
        app_message(a, 1, "%s", _("Type a case number, ID number, phone, name or pinyin "
                                  "initials."));
    else if (r == FM_REJECTED && s->kind == BM_LIST_DUTY_QUEUE)
        app_message(a, 1, "%s", _("Options here: 5 display, 2 handle, 6 print the receipt, "
                                  "7 book an appointment."));
    else if (r == FM_REJECTED)
        app_message(a, 1, "%s", _("Options here: 5 display, 2 handle, 6 print the receipt."));
    return r == FM_REJECTED ? FM_HANDLED : r;
}

static const fm_fkey list_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    LIST_SCREEN_KEYS,
    FM_FKEYS_END,
};

/* F6 on the off-hours queue: the duty officer takes a request in (intake); taken outside
 * office hours it waits in this queue. */
static int duty_intake_key(void *owner, void *st, fm_key k)
{
    (void)k;
    cases_state *s = st;
    fm_worklist_mark_stale(&s->ls.wl);
    app_push(owner, &screen_intake);
    return FM_HANDLED;
}

static const fm_fkey duty_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    { FM_KEY_F(6), NULL, N_("Take"), duty_intake_key, 0 },
    LIST_SCREEN_KEYS,
    FM_FKEYS_END,
};

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

const screen_def screen_cases_duty = {
    .id = "BM223",
    .title = N_("Off-hours queue"),
    .keys = duty_keys,
    .help = N_("Requests that came in at this centre outside office hours and wait for a "
               "handler, oldest deadline first: handle what is urgent (2, then the step), the "
               "rest waits for the next working day. F6 takes a new request in (intake).\n"
               "Type an option against a row and press Enter: 5 shows the case, 2 opens its "
               "steps, 6 prints its receipt or notice again, 7 books an appointment for the "
               "person (the matter and the case filled in). Left: working days to the "
               "deadline; \"!\" overdue, \"*\" due in a day or less.\n"
               "Find: press / (or just type letters), then Enter; F12 shows the whole queue."),
    .state_size = sizeof(cases_state),
    .open = open_duty,
    .close = cases_close,
    .draw = cases_draw,
    .key = cases_key,
    .status = cases_status,
};

/* BM603: the cases behind the report's "overdue now" (reports, issue 15). */
const screen_def screen_cases_overdue = {
    .id = "BM603",
    .title = N_("Overdue cases"),
    .keys = list_keys,
    .help = N_("The open cases of this centre past their deadline, not counting those waiting "
               "for corrections: the cases the report counts as overdue now, oldest deadline "
               "first. 5 shows a case, 2 opens its steps, 6 prints its receipt again."),
    .state_size = sizeof(cases_state),
    .open = open_overdue,
    .close = cases_close,
    .draw = cases_draw,
    .key = cases_key,
    .status = cases_status,
};
