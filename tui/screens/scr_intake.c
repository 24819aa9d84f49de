/* BM210, intake (一窗受理): find or register the applicant, choose the matter or one-thing
 * bundle, answer its situations, tick the materials received, and accept with F2. When a
 * required material is missing the clerk chooses between the one-time notice (the case is
 * kept as a draft, which is the notice's record, and nothing is accepted) and acceptance on
 * commitment (where every missing item allows it). An immediate matter can be completed in
 * the same step. The receipt or notice opens at once.
 *
 * One form holds the whole page; it is rebuilt (values kept by field name) whenever the
 * applicant, the matter or a situation's answer changes what it must ask. This file is the
 * screen: the page, its fields' checks and lists, keys and drafts. The applicant block is in
 * tui/kit/applicant_block.c, the matter and its materials in intake_matter.c, accepting in
 * intake_accept.c. */
#include "core/calendar.h"
#include "forms/frame.h"
#include "forms/text.h"
#include "tui/kit/applicant_page.h"
#include "tui/kit/caseui.h"
#include "tui/session/i18n.h"
#include "tui/screens/intake.h"
#include "tui/session/screens.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { CONFIRM_BACK = 1, CONFIRM_CLEAR };

/* ---- small helpers ---- */

const char *intake_value(intake_state *s, const char *name, char *buf, size_t cap)
{
    return fm_form_value(&s->form, name, buf, cap);
}

void intake_focus(intake_state *s, const char *name)
{
    int i = fm_form_find(&s->form, name);
    if (i >= 0)
        fm_form_focus(&s->form, i);
}

static int anything_typed(intake_state *s)
{
    char v[256];
    return applicant_block_typed(&s->ab) || s->code[0] ||
           intake_value(s, "matter", v, sizeof v)[0];
}

/* The situation intake_answers as core wants them, "YN..." */
/* ---- building the page ---- */

static int build_bottom(intake_state *s, int row)
{
    fm_form *f = &s->form;
    int x = 1;
    if (s->code[0] && !s->is_bundle && s->promised == 0) {
        int i = fm_form_add_noted(f, "now", _("Complete on the spot (Y/N)"), row, 1, 0, 1, 1,
                          FM_FIELD_ASCII | FM_FIELD_UPPER, FM_ITEM_AUTOSKIP, NULL);
        fm_form_set(f, "now", "Y");
        x = fm_form_item_end(f, i) + 3;
    }
    int i = fm_form_add_noted(f, "channel", _("Channel"), row, x, 0, 1, 1, FM_FIELD_DIGITS,
                      FM_ITEM_AUTOSKIP, NULL);
    fm_form_set(f, "channel", "1");
    snprintf(f->items[i].after, sizeof f->items[i].after, "%s", ui_channel(BM_CHANNEL_WINDOW));
    row++;
    if (!s->deciding)
        return row;
    char clipped[FM_FORM_LABEL];
    fm_clip(s->missing, 60, clipped, sizeof clipped);
    fm_form_add_textf(f, row++, 1, FM_ITEM_BOLD, _("Required materials missing: %s"), clipped);
    fm_form_add_noted(f, "decide", s->commit_ok ? _("1=one-time notice  2=accept on commitment")
                                        : _("1=one-time notice (some cannot be promised)"),
              row++, 3, 0, 1, 1, FM_FIELD_DIGITS, FM_ITEM_AUTOSKIP, NULL);
    if (s->commit_ok) {
        fm_form_add_noted(f, "due", _("Missing items due by"), row++, 3, 0, 10, 10, FM_FIELD_ASCII, 0,
                  "YYYY-MM-DD");
        bm_day today = bm_day_of(bm_now()), due;
        char d[11] = "";
        if (bm_workdays_add(s->a->db, today, COMMIT_DEFAULT_DAYS, &due, NULL, NULL) == BM_OK)
            bm_day_format(due, d);
        fm_form_set(f, "due", d);
    }
    return row;
}

static int intake_leave(void *ctx, fm_form *f, int item, char *why, size_t cap);
static int intake_choose(void *ctx, fm_form *f, int item);

static void build(intake_state *s)
{
    fm_form *f = &s->form;
    fm_form_init(f, intake_leave, intake_choose, s);
    snprintf(s->lang, sizeof s->lang, "%s", i18n_current());
    int row = 0;
    int lc = fm_form_label_cols(_("Applicant"), _("Matter"));
    row = applicant_block_build(&s->ab, row, lc);
    fm_form_add_noted(f, "matter", _("Matter"), row++, 1, lc, 30, 60, 0, 0, _("F4=Catalogue"));
    if (s->code[0]) {
        row = intake_build_matter_info(s, row);
        row = intake_build_materials(s, row);
    }
    build_bottom(s, row);
}

struct snapshot {
    char name[FM_FORM_NAME];
    char value[FM_FIELD_MAX * 4 + 1];
    int changed;
};

/* Builds the page again, keeping every field's value (and whether it was edited) by name;
 * drop_matter_fields forgets the intake_answers and ticks of a matter that is no longer chosen. */
void intake_rebuild(intake_state *s, const char *focus, int drop_matter_fields)
{
    fm_form *f = &s->form;
    struct snapshot *snap = malloc(sizeof *snap * FM_FORM_MAX_ITEMS);
    int n = 0;
    char focus_name[FM_FORM_NAME];
    snprintf(focus_name, sizeof focus_name, "%s", focus ? focus : fm_form_focus_name(f));
    for (int i = 0; snap && i < f->count; i++) {
        fm_form_item *it = &f->items[i];
        if (!it->has_field || (drop_matter_fields && intake_is_matter_field(it->name)))
            continue;
        snprintf(snap[n].name, sizeof snap[n].name, "%s", it->name);
        fm_field_get(&it->field, snap[n].value, sizeof snap[n].value);
        snap[n].changed = it->field.changed;
        n++;
    }
    int top = f->top;
    build(s);
    for (int i = 0; i < f->count; i++)
        if (f->items[i].has_field)
            f->items[i].field.changed = 0;
    for (int k = 0; k < n; k++) {
        int i = fm_form_find(f, snap[k].name);
        if (i < 0)
            continue;
        fm_field_set(&f->items[i].field, snap[k].value);
        f->items[i].field.changed = snap[k].changed;
    }
    free(snap);
    /* The channel's name follows its number as restored. */
    int ci = fm_form_find(f, "channel");
    if (ci >= 0) {
        char v[8];
        fm_field_get(&f->items[ci].field, v, sizeof v);
        int c = atoi(v);
        if (c >= BM_CHANNEL_WINDOW && c <= BM_CHANNEL_ONLINE)
            snprintf(f->items[ci].after, sizeof f->items[ci].after, "%s", ui_channel(c));
    }
    f->top = top;
    int at = fm_form_find(f, focus_name);
    fm_form_focus(f, at >= 0 ? at : 0);
}

void intake_reset(intake_state *s)
{
    applicant_block_reset(&s->ab);
    s->code[0] = 0;
    s->is_bundle = 0;
    s->nplan = 0;
    s->deciding = 0;
    s->promised = 0;
    free(s->matter);
    s->matter = NULL;
    build(s);
    intake_focus(s, "find");
}

/* The applicant block's calls back: the page again, and on to the matter once the applicant
 * is known (past it when one is chosen already). */
static void rebuild_for_block(void *owner, const char *focus)
{
    intake_rebuild(owner, focus, 0);
}

static void applicant_found(void *owner)
{
    intake_state *s = owner;
    intake_rebuild(s, "matter", 0);
    if (s->code[0])
        fm_form_focus(&s->form, fm_form_find(&s->form, "matter") + 1);
}

static int leave_channel(intake_state *s, fm_form_item *it, char *why, size_t cap)
{
    (void)s;
    char v[8];
    fm_field_get(&it->field, v, sizeof v);
    int c = atoi(v);
    if (c < BM_CHANNEL_WINDOW || c > BM_CHANNEL_ONLINE) {
        snprintf(why, cap, "%s", _("The channel is 1 to 6: F4 lists them."));
        return FM_LEAVE_REFUSE;
    }
    snprintf(it->after, sizeof it->after, "%s", ui_channel(c));
    return FM_LEAVE_OK;
}

static int leave_yes_no(fm_form_item *it, char *why, size_t cap)
{
    char v[8];
    fm_field_get(&it->field, v, sizeof v);
    if (strcmp(v, "Y") != 0 && strcmp(v, "N") != 0) {
        snprintf(why, cap, "%s", _("Answer Y (yes) or N (no)."));
        return FM_LEAVE_REFUSE;
    }
    return FM_LEAVE_OK;
}

static int leave_due(fm_form_item *it, char *why, size_t cap)
{
    char v[16];
    fm_field_get(&it->field, v, sizeof v);
    bm_day d;
    if (bm_day_parse(v, &d) != 0) {
        snprintf(why, cap, "%s", _("Give the date as YYYY-MM-DD."));
        return FM_LEAVE_REFUSE;
    }
    if (d < bm_day_of(bm_now())) {
        snprintf(why, cap, "%s", _("The date has passed."));
        return FM_LEAVE_REFUSE;
    }
    return FM_LEAVE_OK;
}

static int intake_leave(void *ctx, fm_form *f, int item, char *why, size_t cap)
{
    intake_state *s = ctx;
    fm_form_item *it = &f->items[item];
    const char *n = it->name;
    int r = applicant_block_leave(&s->ab, it, why, cap);
    if (r != AB_NOT_MINE)
        return r;
    if (strcmp(n, "matter") == 0)
        return intake_leave_matter(s, it, why, cap);
    if (n[0] == 's' && isdigit((unsigned char)n[1]))
        return intake_leave_answer(s, it, why, cap);
    if (strncmp(n, "m:", 2) == 0)
        return intake_leave_tick(s, it, why, cap);
    if (strcmp(n, "channel") == 0)
        return leave_channel(s, it, why, cap);
    if (strcmp(n, "now") == 0)
        return leave_yes_no(it, why, cap);
    if (strcmp(n, "due") == 0)
        return leave_due(it, why, cap);
    if (strcmp(n, "decide") == 0) {
        char v[8];
        fm_field_get(&it->field, v, sizeof v);
        if (v[0] && strcmp(v, "1") != 0 && !(strcmp(v, "2") == 0 && s->commit_ok)) {
            snprintf(why, cap, "%s", s->commit_ok ? _("Type 1 or 2.") : _("Type 1."));
            return FM_LEAVE_REFUSE;
        }
    }
    return FM_LEAVE_OK;
}

/* ---- F4 lists ---- */

static void fill_channels(app *a, void *ctx, const char *filter, pick_rows *out)
{
    (void)a;
    (void)ctx;
    for (int c = BM_CHANNEL_WINDOW; c <= BM_CHANNEL_ONLINE; c++) {
        char key[16];
        snprintf(key, sizeof key, "%d", c);
        if (!filter[0] || strstr(ui_channel(c), filter) || strstr(key, filter))
            pick_add(out, key, key, ui_channel(c), NULL, NULL, NULL);
    }
}

static void channel_chosen(app *a, void *ctx, const char *key)
{
    intake_state *s = ctx;
    s->a = a;
    pick_set_field(a, &s->form, "channel", key);
}

static const fm_column channel_cols[] = { { N_("No"), 2, 0 }, { N_("Channel"), 20, 0 } };

static const pick_spec channel_pick = { channel_cols, 2, NULL, fill_channels, channel_chosen };

static int intake_choose(void *ctx, fm_form *f, int item)
{
    intake_state *s = ctx;
    app *a = s->a;
    const char *n = f->items[item].name;
    char text[256];
    fm_field_get(&f->items[item].field, text, sizeof text);
    int r = applicant_block_choose(&s->ab, item);
    if (r != AB_NOT_MINE)
        return r;
    if (strcmp(n, "matter") == 0) {
        /* The whole catalogue, unless something new was typed to narrow it. */
        pick_open(a, &screen_pick_matter, &intake_matter_pick, s,
                  f->items[item].field.changed ? text : "");
        return FM_HANDLED;
    }
    if (strcmp(n, "channel") == 0) {
        pick_open(a, &screen_pick_list, &channel_pick, s, "");
        return FM_HANDLED;
    }
    return FM_IGNORED;
}

/* ---- the screen ---- */

static void intake_open(app *a, void *st)
{
    intake_state *s = st;
    s->a = a;
    applicant_block_init(&s->ab, a, &s->form, s, rebuild_for_block, applicant_found);
    intake_reset(s);
}

static void intake_close(app *a, void *st)
{
    (void)a;
    intake_state *s = st;
    free(s->matter);
    s->matter = NULL;
    fm_dialog_close(&s->dialog);
}

static void intake_draw(app *a, void *st, WINDOW *w)
{
    intake_state *s = st;
    s->a = a;
    if (strcmp(s->lang, i18n_current()) != 0)
        intake_rebuild(s, NULL, 0);
    int rows = getmaxy(w), cols = getmaxx(w);
    int status_row = rows - 3;
    int cy, cx;
    int more = fm_form_draw(&s->form, w, FM_BODY_TOP, status_row - FM_BODY_TOP, &cy, &cx);
    char line[256] = "";
    if (s->code[0] && s->deadline[0]) {
        char promise[64];
        ui_promise(s->promised, promise, sizeof promise);
        snprintf(line, sizeof line, _("Promised completion %s (%s)   First contact %s"),
                 s->deadline, promise, a->user.name);
    }
    wmove(w, status_row, 0);
    wclrtoeol(w);
    const char *scroll = more ? _("more...") : s->form.top > 0 ? _("(top above)") : "";
    int sw = scroll[0] ? fm_width(scroll) + 2 : 0;
    fm_put(w, status_row, 1, line, cols - 2 - sw);
    if (scroll[0])
        fm_put_right(w, status_row, cols - 1, scroll);
    if (s->dialog.kind) {
        fm_dialog_draw(&s->dialog, w);
        return;
    }
    if (cy >= 0)
        app_cursor(a, cy, cx);
}

static void ask_discard(intake_state *s, int what)
{
    fm_dialog_open(&s->dialog, FM_DIALOG_CONFIRM, _("Discard the intake"),
                   _("Throw away what has been typed for this intake? Nothing of it has been "
                     "saved."),
                   _("Y/Enter=Discard  N/F12=Keep"), "Yy", "Nn");
    s->confirm = what;
}

static int intake_key(app *a, void *st, fm_key k)
{
    intake_state *s = st;
    s->a = a;
    if (s->dialog.kind) {
        int r = fm_dialog_key(&s->dialog, k);
        if (r == FM_SUBMIT || r == FM_CANCEL) {
            int what = s->confirm;
            fm_dialog_close(&s->dialog);
            app_repaint(a);
            s->confirm = 0;
            if (r == FM_SUBMIT && what == CONFIRM_BACK) {
                app_pop(a);
                return FM_HANDLED;
            }
            if (r == FM_SUBMIT && what == CONFIRM_CLEAR) {
                intake_reset(s);
                app_message(a, 0, "%s", _("Cleared: ready for the next applicant."));
            }
        }
        return FM_HANDLED;
    }
    int r = fm_form_key(&s->form, k);
    if (r == FM_REJECTED) {
        app_message(a, 1, "%s", s->form.why);
        return FM_HANDLED;
    }
    if (r == FM_SUBMIT) {
        if (s->deciding)
            intake_accept(s);
        else
            app_message(a, 0, "%s", _("All filled in: F2 accepts."));
        return FM_HANDLED;
    }
    return r;
}

static int accept_key(void *owner, void *st, fm_key k)
{
    (void)owner, (void)k;
    intake_accept(st);
    return FM_HANDLED;
}

static int register_key(void *owner, void *st, fm_key k)
{
    (void)owner, (void)k;
    applicant_page_new(&((intake_state *)st)->ab);
    return FM_HANDLED;
}

/* F4 where the field under the cursor has no list (the form opens those that have one). */
static int no_list_key(void *owner, void *st, fm_key k)
{
    (void)st, (void)k;
    app_message(owner, 1, "%s", _("This field has no list to choose from."));
    return FM_HANDLED;
}

/* F3 and F12 ask first when something was typed: F3 then leaves, F12 clears. */
static int back_key(void *owner, void *st, fm_key k)
{
    intake_state *s = st;
    if (!anything_typed(s))
        return app_key_back(owner, st, k);
    ask_discard(s, CONFIRM_BACK);
    return FM_HANDLED;
}

static int clear_key(void *owner, void *st, fm_key k)
{
    intake_state *s = st;
    if (!anything_typed(s))
        return app_key_cancel(owner, st, k);
    ask_discard(s, CONFIRM_CLEAR);
    return FM_HANDLED;
}

static const fm_fkey intake_keys[] = {
    APP_KEY_HELP,
    { FM_KEY_F(2), NULL, N_("Accept"), accept_key, 0 },
    { FM_KEY_F(3), NULL, N_("Back"), back_key, 0 },
    { FM_KEY_F(4), NULL, N_("List"), no_list_key, 0 },
    { FM_KEY_F(6), NULL, N_("New applicant"), register_key, 0 },
    { FM_KEY_F(12), NULL, N_("Cancel"), clear_key, 0 },
    { FM_KEY_ESC, NULL, NULL, clear_key, 0 },
    FM_FKEYS_END,
};

/* Drafts: the typed fields, plus which applicant and matter they belong to. */
static size_t intake_draft_save(app *a, void *st, char *buf, size_t cap)
{
    intake_state *s = st;
    s->a = a;
    if (!anything_typed(s))
        return 0;
    size_t n = 0;
    int k = snprintf(buf, cap, "aid=%lld\ncode=%s\nbundle=%d\nreg=%d\n", (long long)s->ab.ap.id,
                     s->code, s->is_bundle, s->ab.registering);
    if (k > 0)
        n = (size_t)k;
    if (n < cap)
        n += fm_form_save(&s->form, buf + n, cap - n);
    return n < cap ? n : cap - 1;
}

static void draft_value(const char *text, const char *name, char *out, size_t cap)
{
    size_t len = strlen(name);
    out[0] = 0;
    for (const char *p = text; p && *p;) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        if (n > len && strncmp(p, name, len) == 0 && p[len] == '=') {
            size_t v = n - len - 1 < cap - 1 ? n - len - 1 : cap - 1;
            memcpy(out, p + len + 1, v);
            out[v] = 0;
            return;
        }
        p = eol ? eol + 1 : p + n;
    }
}

static void intake_draft_load(app *a, void *st, const char *text)
{
    intake_state *s = st;
    s->a = a;
    char aid[32], code[32], bundle[8], reg[8];
    draft_value(text, "aid", aid, sizeof aid);
    draft_value(text, "code", code, sizeof code);
    draft_value(text, "bundle", bundle, sizeof bundle);
    draft_value(text, "reg", reg, sizeof reg);
    intake_reset(s);
    bm_applicant ap;
    if (atoll(aid) > 0 && bm_applicant_get(a->db, &a->actor, atoll(aid), &ap, NULL) == BM_OK)
        s->ab.ap = ap;
    s->ab.registering = atoi(reg) && !s->ab.ap.id;
    bm_err err;
    if (code[0] && intake_choose_matter(s, code, atoi(bundle), &err) != 0)
        ui_error(a, &err);
    intake_rebuild(s, NULL, 0);
    fm_form_load(&s->form, text);
    if (s->code[0]) {
        intake_replan(s);   /* the intake_answers may call for other materials */
        intake_rebuild(s, NULL, 0);
        fm_form_load(&s->form, text);
    }
    /* What comes back has passed no check yet: every field is checked again on the way. */
    for (int i = 0; i < s->form.count; i++)
        if (s->form.items[i].has_field)
            s->form.items[i].field.changed = strcmp(s->form.items[i].name, "find") == 0 &&
                                             !s->ab.ap.id && !s->ab.registering;
    int mi = fm_form_find(&s->form, "matter");
    if (s->code[0] && mi >= 0)
        s->form.items[mi].field.changed = 0;
    intake_focus(s, "find");
    app_message(a, 0, "%s", _("The intake you had typed is back: check it, then F2."));
}

const screen_def screen_intake = {
    .id = "BM210",
    .title = N_("Intake"),
    .keys = intake_keys,
    .help = N_("One-window intake, top to bottom; Enter or Tab moves on, Shift-Tab or Up goes "
               "back.\n"
               "Applicant: type the ID number, phone, name or pinyin initials and press Enter. "
               "One match is taken at once; several open a list. Nobody found: the new "
               "applicant's fields open (F6 opens them at any time); the ID number and phone "
               "are checked as each field is left, and the reason shows on the last line.\n"
               "Matter: type a code, part of the name or of the \"I want to\" title, or pinyin "
               "initials (zgrz), and Enter; F4 opens the catalogue by department. One-thing "
               "bundles are chosen the same way. The time limits, fee and materials appear at "
               "once; answer each situation Y or N.\n"
               "Materials: type X against each one received (the cursor moves on by itself), "
               "a space for one not brought.\n"
               "F2 accepts: the case number, promised date and receipt appear at once. If a "
               "required material is missing you choose: 1 the one-time notice (nothing is "
               "accepted; the notice is kept with a registration number), or 2 accept on "
               "commitment with the date the items are due, where the matter allows it. An "
               "immediate matter is completed on the spot unless you answer N.\n"
               "F4 lists choices for the field under the cursor (applicants, catalogue, "
               "villages, groups, channels). F12 clears the intake, F3 leaves it; both ask "
               "first when something was typed."),
    .state_size = sizeof(intake_state),
    .open = intake_open,
    .close = intake_close,
    .draw = intake_draw,
    .key = intake_key,
    .draft_save = intake_draft_save,
    .draft_load = intake_draft_load,
};
