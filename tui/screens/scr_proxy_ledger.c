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
#include "tui/kit/listkeys.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCOLS 6

typedef struct ledger_state {
    list_screen ls;   /* first: the shared list keys find it there */
    bm_proxy *rows;
    int count, cap;
    bm_proxy_counts counts;
    int counts_ok;
    fm_column cols[NCOLS];
} ledger_state;

static const char *const stage_words[BM_PROXY_STAGE_COUNT] = {
    [BM_PROXY_TAKEN] = N_("Taken in"),
    [BM_PROXY_FORWARDED] = N_("At township"),
    [BM_PROXY_SENT_BACK] = N_("Sent back"),
    [BM_PROXY_REFUSED] = N_("Not accepted"),
    [BM_PROXY_RECEIVED] = N_("Accepted"),
    [BM_PROXY_IN_PROCESS] = N_("In process"),
    [BM_PROXY_RESULT_BACK] = N_("Result back"),
    [BM_PROXY_TOLD] = N_("Person told"),
};

static const char *const next_words[BM_PROXY_STAGE_COUNT] = {
    [BM_PROXY_TAKEN] = N_("Forward it"),
    [BM_PROXY_FORWARDED] = N_("Await township"),
    [BM_PROXY_SENT_BACK] = N_("Get materials"),
    [BM_PROXY_REFUSED] = N_("Tell person"),
    [BM_PROXY_RECEIVED] = N_("Await result"),
    [BM_PROXY_IN_PROCESS] = N_("Await result"),
    [BM_PROXY_RESULT_BACK] = N_("Tell person"),
    [BM_PROXY_TOLD] = "",
};

static const char *word(const char *const *words, int stage)
{
    return stage > 0 && stage < BM_PROXY_STAGE_COUNT && words[stage][0] ? _(words[stage]) : "";
}

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
    case 3: return word(stage_words, p->stage);
    case 4: {
        long days = (long)(bm_day_of(bm_now()) - bm_day_of(p->taken_at));
        int untold = bm_proxy_stage_untold(p->stage);
        *mark = untold ? FM_MARK_WARN : FM_MARK_NONE;
        snprintf(buf, cap, "%ld %s", days, untold ? "*" : " ");
        return buf;
    }
    case 5: return word(next_words, p->stage);
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

/* A page of the ledger; a find keeps the rows whose number, person or matter holds the text. */
static int fetch(void *ctx, const char *query, int offset, int limit)
{
    ledger_state *s = ctx;
    int before = s->count;
    bm_err err;
    if (bm_proxy_list(s->ls.a->db, &s->ls.a->actor, 0, query[0] ? 0 : limit, query[0] ? 0 : offset,
                      keep_row, s, &err) != BM_OK) {
        ui_error(s->ls.a, &err);
        return -1;
    }
    if (query[0]) {
        int k = before;
        for (int i = before; i < s->count; i++) {
            const bm_proxy *p = &s->rows[i];
            if (strstr(p->no, query) || strstr(p->applicant_name, query) ||
                strstr(p->matter_name, query) || strstr(p->wish, query))
                s->rows[k++] = *p;
        }
        s->count = k;
    }
    return s->count - before;
}

static void act_on(void *ctx, int row, char option)
{
    (void)option;
    ledger_state *s = ctx;
    const bm_proxy *p = &s->rows[row];
    char text[2600];
    snprintf(text, sizeof text, "%s  %s  %s\n%s: %s\n%s: %s\n%s: %s\n%s: %s%s%s", p->no,
             p->applicant_name, p->village_name, _("Wants"),
             p->matter_name[0] ? p->matter_name : p->wish, _("Stage"),
             word(stage_words, p->stage), _("Materials"), p->materials, _("Originals to return"),
             p->originals,
             p->missing[0] || p->reason[0] || p->result[0] ? "\n" : "",
             p->missing[0] ? p->missing : p->reason[0] ? p->reason : p->result);
    app_notice(s->ls.a, p->no, text);
}

static const fm_worklist_spec spec = {
    .ncols = NCOLS, .options = "5", .default_option = '5', .page_rows = 50,
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

static void ledger_status(app *a, void *st, char *buf, size_t cap)
{
    (void)a;
    ledger_state *s = st;
    if (s->counts_ok)
        snprintf(buf, cap, _("open %d  not yet told %d%s"), s->counts.open, s->counts.untold,
                 s->counts.untold ? " *" : "");
}

static void ledger_draw(app *a, void *st, WINDOW *w)
{
    ledger_state *s = st;
    s->ls.a = a;
    static const char *const titles[NCOLS] = { N_("Request no."), N_("Person"), N_("Matter"),
                                               N_("Stage"), N_("Days"), N_("Next") };
    static const int widths[NCOLS] = { 14, 8, 18, 12, 5, 12 };
    for (int i = 0; i < NCOLS; i++) {
        s->cols[i].title = _(titles[i]);
        s->cols[i].width = widths[i];
        s->cols[i].right = i == 4;
    }
    const list_screen_words words = {
        .options = _("Options: 5=Display"),
        .prompt = "",
        .none_found = _("No request matches."),
        .empty = _("No proxy requests."),
    };
    list_screen_draw(a, &s->ls, w, &words);
}

static int ledger_key(app *a, void *st, fm_key k)
{
    return list_screen_key(a, st, k, N_("Options here: 5 display."));
}

static const fm_fkey ledger_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    LIST_SCREEN_KEYS,
    FM_FKEYS_END,
};

const screen_def screen_proxy_ledger = {
    .id = "BM250",
    .title = N_("Proxy ledger"),
    .keys = ledger_keys,
    .help = N_("Every request of the village from taking to the person being told. Stage: "
               "where the request is; Days: days since it was taken, \"*\" when the answer is "
               "back but the person has not been told yet; Next: what to do now. The status "
               "line counts the requests not yet told: bring it to zero.\n"
               "5 (or Enter) shows a request. Type letters to find by number, name or matter; "
               "F12 shows the whole ledger again. F5 reads it again."),
    .state_size = sizeof(ledger_state),
    .open = ledger_open,
    .close = ledger_close,
    .draw = ledger_draw,
    .key = ledger_key,
    .status = ledger_status,
};
