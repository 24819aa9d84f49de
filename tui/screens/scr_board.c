/* BM601 rankings and the public disclosure board (一月一比一公示, 点将台, 办事公开栏), laid out
 * for an 80-column printer and shown on a pager; F6 turns between the two, F9 prints the one
 * shown through the user's terminal (transparent print, like receipts). The ranking is core's
 * (staff by on-time %, then satisfaction, then completed; ties share a rank; a minimum count
 * stated). The board lists the matters as posted in a hall (matter, materials, time limits,
 * fee, where to go), the centre's windows and staff with their phones and, while away, their
 * whereabouts note (去向), the village proxy agents, and the month's figures. */
#include "core/catalogue.h"
#include "core/org.h"
#include "core/report.h"
#include "core/user.h"
#include "core/whereabouts.h"
#include "forms/frame.h"
#include "forms/pager.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/kit/receipt.h"
#include "tui/kit/staffpick.h"
#include "tui/session/i18n.h"
#include "tui/session/screens.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SHOW_RANKING = 0, SHOW_BOARD };

typedef struct board_state {
    int showing;
    char *text;
    fm_pager pager;
} board_state;

typedef struct text_buf {
    char *buf;
    size_t len, cap;
    int oom;
} text_buf;

static void add(text_buf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(text_buf *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (t->oom || n < 0)
        return;
    if (t->len + (size_t)n + 1 > t->cap) {
        size_t cap = (t->cap ? t->cap * 2 : 8192) + (size_t)n;
        char *b = realloc(t->buf, cap);
        if (!b) {
            t->oom = 1;
            return;
        }
        t->buf = b;
        t->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

struct wrap_to {
    text_buf *t;
    int indent;
};

static void wrapped(const char *line, size_t len, void *ctx)
{
    struct wrap_to *w = ctx;
    add(w->t, "%*s%.*s\n", w->indent, "", (int)len, line);
}

/* A paragraph indented by `indent`, wrapped to the printer's width. */
static void para(text_buf *t, int indent, const char *text)
{
    struct wrap_to w = {t, indent};
    fm_wrap(text, DOC_WIDTH - indent, wrapped, &w);
}

static void centred(text_buf *t, const char *s)
{
    int pad = (DOC_WIDTH - fm_width(s)) / 2;
    add(t, "%*s%s\n", pad > 0 ? pad : 0, "", s);
}

/* ---- the matters ---- */

struct matters_ctx {
    app *a;
    text_buf *t;
    const char *centre_name;
    int n;
};

static const char *where_to_go(const char *level, const char *centre)
{
    if (!strcmp(level, "county"))
        return _("County government service centre");
    if (!strcmp(level, "village"))
        return _("Village service room, or the centre's comprehensive window");
    return centre;
}

static void days_text(int days, char *buf, size_t cap)
{
    if (days == 0)
        snprintf(buf, cap, "%s", _("immediate"));
    else
        snprintf(buf, cap, _("%d working days"), days);
}

static int one_matter(const bm_matter_brief *b, void *ctx)
{
    struct matters_ctx *m = ctx;
    if (b->is_bundle)
        return 0;
    bm_matter *full = malloc(sizeof *full);
    if (!full || bm_matter_current(m->a->db, b->code, full, NULL) != BM_OK) {
        free(full);
        return 0;
    }
    char promised[48], legal[48], fee[48], line[1024];
    days_text(b->promised_days, promised, sizeof promised);
    days_text(b->legal_days, legal, sizeof legal);
    if (b->fee_fen == 0)
        snprintf(fee, sizeof fee, "%s", _("free"));
    else
        snprintf(fee, sizeof fee, _("%lld.%02lld yuan"), (long long)(b->fee_fen / 100),
                 (long long)(b->fee_fen % 100));
    add(m->t, "%3d. %s  (%s, %s)\n", ++m->n, b->name, b->dept, b->code);
    snprintf(line, sizeof line, "%s %s; %s %s; %s %s; %s %s", _("Promised:"), promised,
             _("by law:"), legal, _("fee:"), fee, _("where:"), where_to_go(b->level, m->centre_name));
    para(m->t, 6, line);
    size_t k = (size_t)snprintf(line, sizeof line, "%s ", _("Materials:"));
    for (int i = 0; i < full->nmaterials && k < sizeof line; i++)
        k += (size_t)snprintf(line + k, sizeof line - k, "%s%s (%s x%d%s)", i ? "; " : "",
                              full->materials[i].name,
                              full->materials[i].original ? _("original") : _("copy"),
                              full->materials[i].copies,
                              full->materials[i].required ? "" : _(", if any"));
    if (full->nmaterials == 0)
        snprintf(line + k, sizeof line - k, "%s", _("none"));
    para(m->t, 6, line);
    free(full);
    return 0;
}

/* ---- staff ---- */

struct staff_ctx {
    app *a;
    text_buf *t;
    int agents;        /* 0: the centre's own staff; 1: the villages' proxy agents */
};

static int one_window(const bm_org *o, void *ctx)
{
    struct staff_ctx *s = ctx;
    if (o->kind == BM_ORG_WINDOW)
        add(s->t, "  %s\n", o->name);
    return 0;
}

/* A member of staff with their phone and, while they are away, where and until when. */
static int one_staff(const bm_staff *st, void *ctx)
{
    struct staff_ctx *s = ctx;
    if ((st->role == BM_ROLE_AGENT) != s->agents)
        return 0;
    char where[256];
    staff_where_text(st->where.kind, st->where.place, st->where.back_at, where, sizeof where);
    add(s->t, "  %s  %s  %s%s%s\n", st->name, s->agents ? st->unit : app_role_label(st->role),
        st->phone, where[0] ? "  " : "", where);
    return 0;
}

static void board_text(app *a, text_buf *t)
{
    bm_report r;
    bm_err err;
    if (bm_report_run(a->db, &a->actor, "monthly", NULL, NULL, &r, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    bm_org centre;
    if (bm_org_get(a->db, r.scope.centre_id, &centre, &err) != BM_OK) {
        ui_error(a, &err);
        bm_report_free(&r);
        return;
    }
    char title[256];
    snprintf(title, sizeof title, "%s  %s", centre.name, _("Public disclosure board"));
    centred(t, title);
    add(t, "%s %s    %s %s\n\n", _("Phone:"), centre.phone, _("Figures of"), r.period.label);
    add(t, "%s\n", _("1. Figures of the month"));
    static const char *const keys[] = {"received", "completed", "on_time_pct", "immediate_pct",
                                       "rated_pct", "satisfied_pct", "rectified_pct"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        const bm_report_row *row = bm_report_find(&r, keys[i]);
        char v[32];
        if (!row)
            continue;
        bm_value_text(&row->cell[0], v, sizeof v);
        char label[200];
        ui_pad(_(row->label), 40, label, sizeof label);
        add(t, "  %s %10s\n", label, v);
    }
    add(t, "\n%s\n", _("2. Windows and staff"));
    struct staff_ctx s = {a, t, 0};
    bm_org_children(a->db, centre.id, one_window, &s, NULL);
    bm_staff_of_centre(a->db, &a->actor, one_staff, &s, NULL);
    add(t, "%s\n", _("Village proxy agents:"));
    s.agents = 1;
    bm_staff_of_centre(a->db, &a->actor, one_staff, &s, NULL);
    add(t, "\n%s\n", _("3. Matters handled here"));
    struct matters_ctx m = {a, t, centre.name, 0};
    bm_matter_search(a->db, NULL, one_matter, &m, NULL);
    bm_report_free(&r);
}

static void ranking_text(app *a, text_buf *t)
{
    bm_report r;
    bm_err err;
    char *text;
    size_t len;
    if (bm_report_run(a->db, &a->actor, "ranking", NULL, NULL, &r, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    if (bm_report_format(&r, BM_FORMAT_TEXT, 0, tr, &text, &len, &err) == BM_OK) {
        add(t, "%s", text);
        if (r.nrows == 0)
            add(t, "\n%s\n", _("Nobody has enough completed cases to be ranked yet."));
        free(text);
    } else {
        ui_error(a, &err);
    }
    bm_report_free(&r);
}

static void build(app *a, board_state *s)
{
    free(s->text);
    s->text = NULL;
    text_buf t = {0};
    if (s->showing == SHOW_BOARD)
        board_text(a, &t);
    else
        ranking_text(a, &t);
    if (t.oom)
        free(t.buf);
    else
        s->text = t.buf;
    s->pager.top = 0;
}

static void board_open(app *a, void *st)
{
    board_state *s = st;
    s->pager.step = 10;
    build(a, s);
}

static void board_close(app *a, void *st)
{
    (void)a;
    board_state *s = st;
    free(s->text);
    s->text = NULL;
}

static void board_draw(app *a, void *st, WINDOW *w)
{
    (void)a;
    board_state *s = st;
    int rows = getmaxy(w);
    if (!s->text)
        return;
    fm_pager_draw(&s->pager, w, FM_BODY_TOP, 1, rows - 3 - FM_BODY_TOP, DOC_WIDTH, s->text);
    if (fm_pager_more(&s->pager))
        fm_put_right(w, rows - 3, getmaxx(w) - 1, _("more..."));
}

static void board_status(app *a, void *st, char *buf, size_t cap)
{
    (void)a;
    board_state *s = st;
    snprintf(buf, cap, "%s", s->showing == SHOW_BOARD ? _("Public disclosure board")
                                                      : _("Staff ranking"));
}

static int board_key(app *a, void *st, fm_key k)
{
    (void)a;
    board_state *s = st;
    return fm_pager_key(&s->pager, k);
}

static int turn_key(void *owner, void *st, fm_key k)
{
    (void)k;
    board_state *s = st;
    s->showing = s->showing == SHOW_BOARD ? SHOW_RANKING : SHOW_BOARD;
    build(owner, s);
    return FM_HANDLED;
}

static int print_key(void *owner, void *st, fm_key k)
{
    (void)k;
    board_state *s = st;
    app *a = owner;
    char *p = s->text ? doc_for_printer(s->text) : NULL;
    int rc = p ? app_print(a, p) : -1;
    free(p);
    if (rc == 0) {
        clearok(curscr, TRUE);
        app_message(a, 0, _("%s sent to the printer at your terminal."),
                    s->showing == SHOW_BOARD ? _("Public disclosure board") : _("Staff ranking"));
    } else {
        app_message(a, 1, "%s", _("This terminal has no printer connection."));
    }
    return FM_HANDLED;
}

static int page_key(void *owner, void *st, fm_key k)
{
    (void)owner;
    board_state *s = st;
    return fm_pager_key(&s->pager, k);
}

static const fm_fkey board_keys[] = {
    APP_KEY_HELP,
    APP_KEY_BACK,
    { FM_KEY_F(6), NULL, N_("Ranking/Board"), turn_key, 0 },
    { FM_KEY_F(7), N_("F7/F8"), N_("Page"), page_key, 0 },
    { FM_KEY_F(8), NULL, NULL, page_key, 0 },
    { FM_KEY_F(9), NULL, N_("Print"), print_key, 0 },
    FM_FKEYS_END,
};

const screen_def screen_board = {
    .id = "BM601",
    .title = N_("Rankings and disclosure"),
    .keys = board_keys,
    .help = N_("The staff ranking of this month (on-time completion, then satisfaction, then "
               "cases completed; equal figures share a rank; staff with too few completed "
               "cases are not ranked) and the public disclosure board: the month's figures, the "
               "windows and staff, the village proxy agents and every matter with its "
               "materials, time limits, fee and where to go, as posted in the hall.\n"
               "F6 turns between the ranking and the board; F7/F8 page; F9 prints what is "
               "shown on the printer attached to your terminal."),
    .state_size = sizeof(board_state),
    .open = board_open,
    .close = board_close,
    .draw = board_draw,
    .key = board_key,
    .status = board_status,
};
