/* BM250 the proxy ledger (代办台账): every request of the agent's village from taking to the
 * person being told, on the work list. Columns request number, person, matter (or what the
 * person asked for in their words), stage, days since taken (with '*' when the result is back
 * but the person not yet told) and the next thing to do; the status line counts the open and
 * the untold requests, which must come down to zero (事事有回音). Township staff see the
 * requests of their centre's villages on the same screen. Option 5 shows a request. */
#include "core/date.h"
#include "core/proxy.h"
#include "forms/frame.h"
#include "forms/worklist.h"
#include "tui/kit/caseui.h"
#include "tui/kit/clerk.h"
#include "tui/kit/listkeys.h"
#include "tui/kit/proxy_slip.h"
#include "tui/kit/proxyui.h"
#include "tui/screens/proxy.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCOLS 6

/* One screen, three lists: the whole ledger (BM250), the requests waiting for the centre's
 * answer (BM253, 镇审核), and those whose person is to be called back (BM256, 回访). */
enum ledger_mode { LEDGER_ALL = 0, LEDGER_INBOX, LEDGER_CALLBACKS };

typedef struct ledger_state {
    list_screen ls;   /* first: the shared list keys find it there */
    bm_proxy *rows;
    int count, cap;
    bm_proxy_counts counts;
    int counts_ok;
    int mode;         /* enum ledger_mode */
    fm_column cols[NCOLS];
} ledger_state;

static const char *cell(void *ctx, int row, int col, char *buf, size_t cap, int *mark)
{
    ledger_state *s = ctx;
    if (row < 0 || row >= s->count)
        return "";
    const bm_proxy *p = &s->rows[row];
    switch (col) {
    case 0: return p->no;
    case 1: return p->applicant_name;
    case 2: return p->matter_name[0] ? p->matter_name : p->wish;
    case 3: return s->mode == LEDGER_INBOX ? p->village_name : proxy_stage_word(p->stage);
    case 4: {
        long days = (long)(bm_day_of(bm_now()) - bm_day_of(p->taken_at));
        int untold = bm_proxy_stage_untold(p->stage);
        *mark = untold ? FM_MARK_WARN : FM_MARK_NONE;
        snprintf(buf, cap, "%ld %s", days, untold ? "*" : " ");
        return buf;
    }
    case 5: return proxy_next_word(p->stage);
    default: return "";
    }
}

static int keep_row(const bm_proxy *p, void *ctx)
{
    ledger_state *s = ctx;
    if (s->count == s->cap) {
        int cap = s->cap ? s->cap * 2 : 32;
        bm_proxy *n = realloc(s->rows, (size_t)cap * sizeof *n);
        if (!n)
            return 1;
        s->rows = n;
        s->cap = cap;
    }
    s->rows[s->count++] = *p;
    return s->count >= FM_LIST_MAX_ROWS;
}

static void reset(void *ctx)
{
    ledger_state *s = ctx;
    s->count = 0;
    s->counts_ok = bm_proxy_count(s->ls.a->db, &s->ls.a->actor, 0, &s->counts, NULL) == BM_OK;
}

/* A request number typed to find one the list does not hold: core says in words why (another
 * village's, another centre's) or that there is none. */
static void not_listed(ledger_state *s, const char *query)
{
    bm_proxy p;
    bm_err err;
    if (strncmp(query, "DB", 2) == 0 &&
        bm_proxy_get_by_no(s->ls.a->db, &s->ls.a->actor, query, &p, &err) != BM_OK)
        ui_error(s->ls.a, &err);
}

/* A page of the ledger; a find keeps the rows whose number, person or matter holds the text.
 * The centre's list of forwarded requests and a find read the whole ledger once. */
static int fetch(void *ctx, const char *query, int offset, int limit)
{
    ledger_state *s = ctx;
    int before = s->count, whole = query[0] || s->mode != LEDGER_ALL;
    if (whole && offset > 0)
        return 0;
    bm_err err;
    if (bm_proxy_list(s->ls.a->db, &s->ls.a->actor, 0, whole ? 0 : limit, whole ? 0 : offset,
                      keep_row, s, &err) != BM_OK) {
        ui_error(s->ls.a, &err);
        return -1;
    }
    if (whole) {
        int k = before;
        for (int i = before; i < s->count; i++) {
            const bm_proxy *p = &s->rows[i];
            if ((s->mode == LEDGER_INBOX && p->stage != BM_PROXY_FORWARDED) ||
                (s->mode == LEDGER_CALLBACKS && !bm_proxy_callback_due(p)))
                continue;
            if (!query[0] || strstr(p->no, query) || strstr(p->applicant_name, query) ||
                strstr(p->matter_name, query) || strstr(p->wish, query))
                s->rows[k++] = *p;
        }
        s->count = k;
        if (query[0] && k == before)
            not_listed(s, query);
    }
    return s->count - before;
}

/* 5 opens the request with what can be done on it now; 6 its paper for the person: the
 * one-time notice while it is sent back, else its receipt (代办受理单). */
static void act_on(void *ctx, int row, char option)
{
    ledger_state *s = ctx;
    const bm_proxy *p = &s->rows[row];
    fm_worklist_mark_stale(&s->ls.wl);   /* its stage may move: read the ledger again */
    if (option == '6')
        proxy_paper_open(s->ls.a, p);
    else
        proxy_request_open(s->ls.a, p->id);
}

static const fm_worklist_spec spec = {
    .ncols = NCOLS, .options = "56", .default_option = '5', .page_rows = 50,
    .reset = reset, .fetch = fetch, .cell = cell, .act = act_on,
};

static void ledger_open(app *a, void *st)
{
    ledger_state *s = st;
    s->ls.a = a;
    fm_worklist_init(&s->ls.wl, &spec, s->cols, s);
    fm_worklist_reload(&s->ls.wl);
}

static void ledger_close(app *a, void *st)
{
    (void)a;
    ledger_state *s = st;
    free(s->rows);
    s->rows = NULL;
}

static void inbox_open(app *a, void *st)
{
    ((ledger_state *)st)->mode = LEDGER_INBOX;
    ledger_open(a, st);
}

static void callbacks_open(app *a, void *st)
{
    ((ledger_state *)st)->mode = LEDGER_CALLBACKS;
    ledger_open(a, st);
}

static void ledger_status(app *a, void *st, char *buf, size_t cap)
{
    (void)a;
    ledger_state *s = st;
    if (s->mode == LEDGER_INBOX)
        snprintf(buf, cap, _("waiting for the centre %d"), s->count);
    else if (s->mode == LEDGER_CALLBACKS)
        snprintf(buf, cap, _("to call back %d"), s->count);
    else if (s->counts_ok) {
        int n = snprintf(buf, cap, _("open %d  not yet told %d%s"), s->counts.open,
                         s->counts.untold, s->counts.untold ? " *" : "");
        if (s->counts.waiting && n > 0 && (size_t)n < cap)
            snprintf(buf + n, cap - (size_t)n, _("  for the trip %d"), s->counts.waiting);
    }
}

static void ledger_draw(app *a, void *st, WINDOW *w)
{
    ledger_state *s = st;
    s->ls.a = a;
    static const char *const titles[NCOLS] = { N_("Request no."), N_("Person"), N_("Matter"),
                                               N_("Stage"), N_("Days"), N_("Next") };
    static const int widths[NCOLS] = { 14, 8, 18, 12, 5, 12 };
    for (int i = 0; i < NCOLS; i++) {
        s->cols[i].title = s->mode == LEDGER_INBOX && i == 3 ? _("Village") : _(titles[i]);
        s->cols[i].width = widths[i];
        s->cols[i].right = i == 4;
    }
    const list_screen_words words = {
        .options = _("Options: 5=Display  6=Print paper"),
        .prompt = "",
        .none_found = _("No request matches."),
        .empty = _("No proxy requests."),
    };
    list_screen_draw(a, &s->ls, w, &words);
}

static int ledger_key(app *a, void *st, fm_key k)
{
    return list_screen_key(a, st, k, N_("Options here: 5 display, 6 paper."));
}

static const fm_fkey ledger_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    LIST_SCREEN_KEYS,
    FM_FKEYS_END,
};

/* F6 on the village's ledger: the trip to the township (collect days): everything kept for it
 * is forwarded, and the hand-over list opens for F9. */
static int trip_key(void *owner, void *st, fm_key k)
{
    (void)k;
    app *a = owner;
    ledger_state *s = st, travelling = { 0 };
    bm_err err;
    int n;
    if (bm_proxy_trip(a->db, &a->actor, keep_row, &travelling, &n, &err) != BM_OK) {
        ui_error(a, &err);
    } else if (n == 0) {
        app_message(a, 0, "%s", _("Nothing waits for the trip to the township."));
    } else {
        char *text = proxy_handover_text(travelling.rows, travelling.count, &err);
        fm_worklist_mark_stale(&s->ls.wl);
        if (!text) {
            ui_error(a, &err);
        } else {
            doc_show_text(a, proxy_paper_title(PROXY_HANDOVER), "", text, 0);
            app_message(a, 0, _("%d forwarded for the trip. F9 prints the hand-over list to "
                                "be signed at the centre."), n);
        }
    }
    free(travelling.rows);
    return FM_HANDLED;
}

static const fm_fkey village_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    { FM_KEY_F(6), NULL, N_("Trip"), trip_key, 0 },
    LIST_SCREEN_KEYS,
    FM_FKEYS_END,
};

const screen_def screen_proxy_ledger = {
    .id = "BM250",
    .title = N_("Proxy ledger"),
    .keys = village_keys,
    .help = N_("Every request of the village from taking to the person being told. Stage: "
               "where the request is; Days: days since it was taken, \"*\" when the answer is "
               "back but the person has not been told yet; Next: what to do now. The status "
               "line counts the requests not yet told: bring it to zero.\n"
               "5 (or Enter) opens a request with what can be done on it now (forward it, "
               "record the answer told to the person); 6 shows its paper for the person to "
               "print with F9: the one-time notice of what is missing while the township has "
               "sent it back, else the receipt (代办受理单). F6, the trip to the township on a "
               "collect day: every request kept for it is forwarded and the hand-over list "
               "opens (F9 prints it, to be signed at the centre). Type letters to find by number, name or matter; "
               "F12 shows the whole ledger again. F5 reads it again."),
    .state_size = sizeof(ledger_state),
    .open = ledger_open,
    .close = ledger_close,
    .draw = ledger_draw,
    .key = ledger_key,
    .status = ledger_status,
};

const screen_def screen_proxy_inbox = {
    .id = "BM253",
    .title = N_("Proxy requests"),
    .keys = ledger_keys,
    .help = N_("The requests the village agents of the centre's villages have forwarded and "
               "that wait for the centre's answer (镇审核), oldest first. 5 (or Enter) opens "
               "one: accept it into a case (the case keeps the agent and the channel 代办; "
               "choose the matter for a request taken in the person's words), send it back "
               "to the agent with what is missing, or refuse it with the reason. Type to find "
               "by number, name or matter; F5 reads the list again."),
    .state_size = sizeof(ledger_state),
    .open = inbox_open,
    .close = ledger_close,
    .draw = ledger_draw,
    .key = ledger_key,
    .status = ledger_status,
};

const screen_def screen_agent_callbacks = {
    .id = "BM256",
    .title = N_("Callbacks"),
    .keys = ledger_keys,
    .help = N_("The village's requests whose person has been told and is to be called back "
               "(回访), oldest first. 5 (or Enter) opens one: the step \"call back\" records "
               "whether the person is satisfied, with their rating from 1 to 5 where they give "
               "one (recorded on the case, channel 代办); not satisfied sends the request back "
               "to the township with the reason. Type to find; F5 reads the list again."),
    .state_size = sizeof(ledger_state),
    .open = callbacks_open,
    .close = ledger_close,
    .draw = ledger_draw,
    .key = ledger_key,
    .status = ledger_status,
};
