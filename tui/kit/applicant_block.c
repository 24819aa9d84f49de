/* The applicant block, for every screen that starts from a person: find the applicant by ID
 * number, phone, name or pinyin initials (one match is taken, several open the chooser), or
 * register them on the spot (ID number or credit code and phone checked as each field is
 * left, village and group by name, initials or number). Its fields live on the owner's form;
 * the owner builds them in place with applicant_block_build and hands the block the leave and
 * F4 of the fields it owns. */
#include "tui/kit/applicant_block.h"
#include "core/authz.h"
#include "core/org.h"
#include "core/pinyin.h"
#include "core/validate.h"
#include "tui/kit/caseui.h"
#include "tui/kit/pick.h"
#include "tui/session/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void focus_on(applicant_block *b, const char *name)
{
    int i = fm_form_find(b->form, name);
    if (i >= 0)
        fm_form_focus(b->form, i);
}

static int applicant_block_build_rows(applicant_block *b, int row)
{
    fm_form *f = b->form;
    if (b->registering) {
        int lc = fm_form_label_cols(_("ID no."), _("Village"));
        int i = fm_form_add_noted(f, "id_no", _("ID no."), row, 3, lc, 18, 18,
                          FM_FIELD_ASCII | FM_FIELD_UPPER, 0, NULL);
        i = fm_form_add_noted(f, "name", _("Name"), row, fm_form_item_end(f, i) + 2, 0, 12, 20, 0, 0,
                      NULL);
        fm_form_add_noted(f, "phone", _("Phone"), row, fm_form_item_end(f, i) + 2, 0, 13, 20,
                  FM_FIELD_ASCII, 0, NULL);
        row++;
        i = fm_form_add_noted(f, "village", _("Village"), row, 3, lc, 12, 30, 0, 0, NULL);
        i = fm_form_add_noted(f, "group", _("Group"), row, fm_form_item_end(f, i) + 2, 0, 8, 10, 0, 0,
                      NULL);
        i = fm_form_add_noted(f, "lang", _("Lang"), row, fm_form_item_end(f, i) + 2, 0, 3, 3,
                      FM_FIELD_ASCII, 0, NULL);
        fm_form_set(f, "lang", "zh");
        row++;
        fm_form_add_noted(f, "flags", _("Special group"), row, 3, 0, 4, 4, FM_FIELD_DIGITS, 0,
                  _("1=elderly 2=disabled 3=low income 4=left behind"));
        return row + 1;
    }
    if (b->ap.id) {
        char special[128] = "";
        bm_special_names(b->ap.flags, special, sizeof special);
        fm_form_add_textf(f, row, 3, FM_ITEM_BOLD, "%s  %s  %s  %s%s%s  %s", b->ap.name, b->ap.id_no,
                  b->ap.phone, b->ap.village_name, b->ap.group_name[0] ? " " : "",
                  b->ap.group_name, special);
    } else {
        fm_form_add_text(f, row, 3,
                         _("Type the ID number, phone, name or pinyin initials, then Enter."), 0);
    }
    return row + 1;
}

static void use_applicant(applicant_block *b, const bm_applicant *ap)
{
    b->ap = *ap;
    b->registering = 0;
    b->chosen(b->owner);
}

static int keep_applicant_row(const bm_applicant *ap, void *ctx)
{
    pick_rows *rows = ctx;
    char key[32], where[200], special[128] = "";
    snprintf(key, sizeof key, "%lld", (long long)ap->id);
    snprintf(where, sizeof where, "%s%s%s", ap->village_name, ap->group_name[0] ? " " : "",
             ap->group_name);
    bm_special_names(ap->flags, special, sizeof special);
    return pick_add(rows, key, ap->name, ap->id_no, ap->phone, where, special) != 0;
}

static void fill_applicants(app *a, void *ctx, const char *filter, pick_rows *out)
{
    (void)ctx;
    if (!filter[0])
        return;
    bm_err err;
    if (bm_applicant_search(a->db, &a->actor, filter, 200, 0, keep_applicant_row, out, &err) !=
        BM_OK)
        ui_error(a, &err);
}

static void applicant_chosen(app *a, void *ctx, const char *key)
{
    applicant_block *b = ctx;
    b->a = a;
    bm_applicant ap;
    bm_err err;
    if (bm_applicant_get(a->db, &a->actor, strtoll(key, NULL, 10), &ap, &err) != BM_OK) {
        ui_error(a, &err);
        return;
    }
    use_applicant(b, &ap);
}

static const fm_column applicant_cols[] = {
    { N_("Name"), 10, 0 }, { N_("ID no."), 18, 0 }, { N_("Phone"), 13, 0 },
    { N_("Village, group"), 16, 0 }, { N_("Special"), 8, 0 },
};

static const pick_spec applicant_pick = {
    .cols = applicant_cols,
    .ncols = 5,
    .hint = N_("ID no., phone, name or initials"),
    .fill = fill_applicants,
    .chosen = applicant_chosen,
};

/* Starts registering a new applicant, with what was typed in the find field put where it
 * belongs. */
void applicant_block_start(applicant_block *b, const char *typed)
{
    b->registering = 1;
    b->ap.id = 0;
    b->rebuild(b->owner, "id_no");
    /* What was typed to look for is now being registered: no need to look it up again. */
    int fi = fm_form_find(b->form, "find");
    if (fi >= 0)
        b->form->items[fi].field.changed = 0;
    const char *first = "id_no";
    bm_lookup typed_as;
    switch (bm_lookup_classify(typed, &typed_as)) {
    case BM_LOOKUP_ID_NUMBER:
    case BM_LOOKUP_CREDIT_CODE:
        fm_form_set(b->form, "id_no", typed_as.text);
        first = "name";
        break;
    case BM_LOOKUP_PHONE:
    case BM_LOOKUP_CASE_NO:   /* twelve digits at intake: a phone number */
        fm_form_set(b->form, "phone", typed_as.text);
        break;
    case BM_LOOKUP_NAME:
        fm_form_set(b->form, "name", typed_as.text);
        break;
    default:                  /* pinyin initials are no part of a registration */
        break;
    }
    focus_on(b, first);
}

struct count_ctx {
    int n;
    bm_applicant first;
};

static int count_applicant(const bm_applicant *ap, void *ctx)
{
    struct count_ctx *c = ctx;
    if (c->n++ == 0)
        c->first = *ap;
    return c->n > 1;
}

/* The person with this full ID number, as core lets the user see them: BM_OK with *found,
 * BM_EDENIED with core's reason in why (another village's person, for an agent), or another
 * code when there is nobody with that number. */
static int person_by_id_no(app *a, const char *id_no, bm_applicant *found, char *why,
                           size_t cap)
{
    bm_err err;
    int rc = bm_applicant_by_id_no(a->db, &a->actor, id_no, found, &err);
    if (rc == BM_EDENIED)
        snprintf(why, cap, "%s", _(err.reason));
    return rc;
}

static int leave_find(applicant_block *b, fm_form_item *it, char *why, size_t cap)
{
    app *a = b->a;
    char text[256];
    fm_field_get(&it->field, text, sizeof text);
    if (!it->field.changed && (b->ap.id || b->registering))
        return FM_LEAVE_OK;
    if (!text[0]) {
        if (b->ap.id || b->registering)
            return FM_LEAVE_OK;
        snprintf(why, cap, "%s",
                 _("Type the applicant's ID number, phone, name or pinyin initials; F6 "
                   "registers a new applicant."));
        return FM_LEAVE_REFUSE;
    }
    bm_lookup typed_as;
    bm_lookup_classify(text, &typed_as);
    /* A mistyped ID number is refused here, with its reason, before anything is looked up. */
    if (typed_as.kind == BM_LOOKUP_ID_NUMBER && !typed_as.valid) {
        bm_err err;
        char idn[19];
        if (bm_id_number_check(typed_as.text, idn, NULL, &err) != BM_OK) {
            /* The reason alone: core's detail names the check digit the other digits call
             * for, and a mistyped number must be typed again from the card, not patched. */
            snprintf(why, cap, "%s", _(err.reason));
            return FM_LEAVE_REFUSE;
        }
    }
    struct count_ctx c = { 0 };
    bm_err err;
    if (bm_applicant_search(a->db, &a->actor, text, 2, 0, count_applicant, &c, &err) != BM_OK) {
        snprintf(why, cap, "%s", _(err.reason));
        return FM_LEAVE_REFUSE;
    }
    if (c.n == 1) {
        bm_applicant full;
        /* Typed in full, the ID number may be shown in full. */
        if (typed_as.kind == BM_LOOKUP_ID_NUMBER &&
            bm_applicant_by_id_no(a->db, &a->actor, typed_as.text, &full, NULL) == BM_OK)
            c.first = full;
        use_applicant(b, &c.first);
        return FM_LEAVE_STAY;
    }
    if (c.n > 1) {
        pick_open(a, &screen_pick_applicant, &applicant_pick, b, text);
        return FM_LEAVE_STAY;
    }
    /* A full ID number nobody in scope has may still be a person of another village: core
     * says so, and registering them a second time would be refused anyway. */
    bm_applicant other;
    if (typed_as.kind == BM_LOOKUP_ID_NUMBER &&
        person_by_id_no(a, typed_as.text, &other, why, cap) == BM_EDENIED)
        return FM_LEAVE_REFUSE;
    applicant_block_start(b, text);
    app_message(a, 0, "%s", _("No such applicant yet: register them here (the ID number and "
                              "phone are checked as you go)."));
    return FM_LEAVE_STAY;
}

static int leave_id_no(applicant_block *b, fm_form_item *it, char *why, size_t cap)
{
    app *a = b->a;
    char text[96], out[19];
    fm_field_get(&it->field, text, sizeof text);
    if (!text[0]) {
        snprintf(why, cap, "%s", _("The ID number (or an organisation's credit code) is needed."));
        return FM_LEAVE_REFUSE;
    }
    bm_err err;
    bm_lookup typed_as;
    int rc = bm_lookup_classify(text, &typed_as) == BM_LOOKUP_CREDIT_CODE
                 ? bm_credit_code_check(text, out, &err)
                 : bm_id_number_check(text, out, NULL, &err);
    if (rc != BM_OK) {
        snprintf(why, cap, "%s", _(err.reason));   /* see leave_find: no check-digit hint */
        return FM_LEAVE_REFUSE;
    }
    bm_applicant known;
    rc = person_by_id_no(a, out, &known, why, cap);
    if (rc == BM_EDENIED)
        return FM_LEAVE_REFUSE;
    if (rc == BM_OK) {
        use_applicant(b, &known);
        app_message(a, 0, _("Already registered: %s."), known.name);
        return FM_LEAVE_STAY;
    }
    fm_field_set(&it->field, out);
    return FM_LEAVE_OK;
}

static int leave_phone(applicant_block *b, fm_form_item *it, char *why, size_t cap)
{
    (void)b;
    char text[64], out[16];
    fm_field_get(&it->field, text, sizeof text);
    if (!text[0])
        return FM_LEAVE_OK;   /* an organisation may have none; core says when one is needed */
    bm_err err;
    if (bm_phone_check(text, out, sizeof out, NULL, &err) != BM_OK) {
        snprintf(why, cap, "%s%s%s", _(err.reason), err.detail[0] ? ": " : "", err.detail);
        return FM_LEAVE_REFUSE;
    }
    fm_field_set(&it->field, out);
    return FM_LEAVE_OK;
}

static int initials_match(const char *name, const char *typed)
{
    char variants[BM_INITIALS_MAX][BM_INITIALS_LEN];
    int n = bm_pinyin_initials(name, variants, BM_INITIALS_MAX);
    for (int i = 0; i < n; i++)
        if (strncasecmp(variants[i], typed, strlen(typed)) == 0)
            return 1;
    return 0;
}

/* The one place of `places` that `typed` names (whole name, start of the name, or pinyin
 * initials), or -1; *several is set when more than one would do. */
static int match_place(const ab_place *places, int n, const char *typed, int *several)
{
    int found = -1, count = 0;
    *several = 0;
    for (int i = 0; i < n; i++)
        if (strcmp(places[i].name, typed) == 0)
            return i;
    int pinyin = bm_pinyin_is_query(typed);
    for (int i = 0; i < n; i++) {
        if (strncmp(places[i].name, typed, strlen(typed)) == 0 ||
            (pinyin && initials_match(places[i].name, typed))) {
            found = i;
            count++;
        }
    }
    *several = count > 1;
    return count == 1 ? found : -1;
}

struct places_ctx {
    ab_place *out;
    int n, max, kind;
};

static int keep_place(const bm_org *o, void *ctx)
{
    struct places_ctx *p = ctx;
    if (o->kind == p->kind && o->active && p->n < p->max) {
        p->out[p->n].id = o->id;
        snprintf(p->out[p->n].name, sizeof p->out[p->n].name, "%s", o->name);
        p->n++;
    }
    return 0;
}

static int load_groups(applicant_block *b, int64_t village_id, ab_place *out, int max)
{
    struct places_ctx p = { out, 0, max, BM_ORG_GROUP };
    bm_org_children(b->a->db, village_id, keep_place, &p, NULL);
    return p.n;
}

static int village_index(applicant_block *b, char *why, size_t cap)
{
    char v[128];
    fm_form_value(b->form, "village", v, sizeof v);
    if (!v[0])
        return -1;
    int several;
    int i = match_place(b->villages, b->nvillages, v, &several);
    if (i < 0 && why)
        snprintf(why, cap, "%s",
                 several ? _("Several villages match: type more of the name, or F4.")
                         : _("No village of this centre has that name: F4 lists them."));
    return i;
}

static int leave_village(applicant_block *b, fm_form_item *it, char *why, size_t cap)
{
    char v[128];
    fm_field_get(&it->field, v, sizeof v);
    if (!v[0])
        return FM_LEAVE_OK;
    int i = village_index(b, why, cap);
    if (i < 0)
        return FM_LEAVE_REFUSE;
    fm_field_set(&it->field, b->villages[i].name);
    return FM_LEAVE_OK;
}

/* The group typed: a name, the start of one, or its number ("3" for the third group). */
static int group_index(const ab_place *groups, int ngroups, const char *typed)
{
    if (typed[0] && strspn(typed, "0123456789") == strlen(typed)) {
        int n = atoi(typed);
        return n >= 1 && n <= ngroups ? n - 1 : -1;
    }
    int several;
    return match_place(groups, ngroups, typed, &several);
}

static int leave_group(applicant_block *b, fm_form_item *it, char *why, size_t cap)
{
    char g[64];
    fm_field_get(&it->field, g, sizeof g);
    if (!g[0])
        return FM_LEAVE_OK;
    int v = village_index(b, NULL, 0);
    if (v < 0) {
        snprintf(why, cap, "%s", _("Give the village first: a group belongs to a village."));
        return FM_LEAVE_REFUSE;
    }
    ab_place groups[16];
    int n = load_groups(b, b->villages[v].id, groups, 16);
    int i = group_index(groups, n, g);
    if (i < 0) {
        snprintf(why, cap, "%s", _("The village has no such group: F4 lists them."));
        return FM_LEAVE_REFUSE;
    }
    fm_field_set(&it->field, groups[i].name);
    return FM_LEAVE_OK;
}

int applicant_block_register(applicant_block *b)
{
    app *a = b->a;
    bm_applicant ap;
    memset(&ap, 0, sizeof ap);
    char idn[96], flags[16], g[64];
    fm_form_value(b->form, "id_no", idn, sizeof idn);
    bm_lookup typed_as;
    ap.kind = bm_lookup_classify(idn, &typed_as) == BM_LOOKUP_CREDIT_CODE ? BM_APPLICANT_LEGAL
                                                                          : BM_APPLICANT_PERSON;
    ui_copy(ap.id_no, sizeof ap.id_no, idn);
    fm_form_value(b->form, "name", ap.name, sizeof ap.name);
    fm_form_value(b->form, "phone", ap.phone, sizeof ap.phone);
    fm_form_value(b->form, "lang", ap.lang, sizeof ap.lang);
    int v = village_index(b, NULL, 0);
    if (v >= 0) {
        ap.village_id = b->villages[v].id;
        ab_place groups[16];
        int n = load_groups(b, ap.village_id, groups, 16);
        int gi = fm_form_value(b->form, "group", g, sizeof g)[0] ? group_index(groups, n, g) : -1;
        if (gi >= 0)
            ap.group_id = groups[gi].id;
    }
    fm_form_value(b->form, "flags", flags, sizeof flags);
    for (const char *p = flags; *p; p++)
        if (*p >= '1' && *p <= '4')
            ap.flags |= 1u << (*p - '1');
    bm_err err;
    if (bm_applicant_add(a->db, &a->actor, &ap, &err) != BM_OK) {
        ui_error(a, &err);
        focus_on(b, err.field == BM_FIELD_PHONE     ? "phone"
                    : err.field == BM_FIELD_NAME    ? "name"
                    : err.field == BM_FIELD_VILLAGE ? "village"
                    : err.field == BM_FIELD_GROUP   ? "group"
                                                    : "id_no");
        return -1;
    }
    bm_applicant shown;
    if (bm_applicant_get(a->db, &a->actor, ap.id, &shown, NULL) == BM_OK)
        ap = shown;
    b->ap = ap;
    b->registering = 0;
    b->rebuild(b->owner, NULL);
    return 0;
}

static void fill_villages(app *a, void *ctx, const char *filter, pick_rows *out)
{
    (void)a;
    applicant_block *b = ctx;
    for (int i = 0; i < b->nvillages; i++) {
        if (filter[0] && !strstr(b->villages[i].name, filter) &&
            !(bm_pinyin_is_query(filter) && initials_match(b->villages[i].name, filter)))
            continue;
        pick_add(out, b->villages[i].name, b->villages[i].name, NULL, NULL, NULL, NULL);
    }
}

static void fill_groups(app *a, void *ctx, const char *filter, pick_rows *out)
{
    (void)a;
    applicant_block *b = ctx;
    int v = village_index(b, NULL, 0);
    if (v < 0)
        return;
    ab_place groups[16];
    int n = load_groups(b, b->villages[v].id, groups, 16);
    for (int i = 0; i < n; i++)
        if (!filter[0] || strstr(groups[i].name, filter))
            pick_add(out, groups[i].name, groups[i].name, NULL, NULL, NULL, NULL);
}

static void village_chosen(app *a, void *ctx, const char *key)
{
    applicant_block *b = ctx;
    pick_set_field(a, b->form, "village", key);
}

static void group_chosen(app *a, void *ctx, const char *key)
{
    applicant_block *b = ctx;
    pick_set_field(a, b->form, "group", key);
}

static const fm_column name_col[] = { { N_("Name"), 30, 0 } };
static const pick_spec village_pick = { name_col, 1, N_("name or initials"), fill_villages,
                                        village_chosen };
static const pick_spec group_pick = { name_col, 1, NULL, fill_groups, group_chosen };

void applicant_block_init(applicant_block *b, app *a, fm_form *form, void *owner,
                          void (*rebuild)(void *owner, const char *focus),
                          void (*chosen)(void *owner))
{
    memset(b, 0, sizeof *b);
    b->a = a;
    b->form = form;
    b->owner = owner;
    b->rebuild = rebuild;
    b->chosen = chosen;
    bm_place mine;
    int64_t centre_id = 0;
    if (bm_actor_place(a->db, &a->actor, &mine, NULL) == BM_OK)
        centre_id = mine.centre_id;
    struct places_ctx p = { b->villages, 0, AB_MAX_VILLAGES, BM_ORG_VILLAGE };
    if (centre_id)
        bm_org_children(a->db, centre_id, keep_place, &p, NULL);
    b->nvillages = p.n;
}

void applicant_block_reset(applicant_block *b)
{
    b->ap.id = 0;
    b->registering = 0;
}

int applicant_block_build(applicant_block *b, int row, int label_cols)
{
    fm_form_add_noted(b->form, "find", _("Applicant"), row++, 1, label_cols, 30, 60, 0, 0,
                      _("F4=List  F6=New"));
    return applicant_block_build_rows(b, row);
}

int applicant_block_typed(applicant_block *b)
{
    char v[256];
    return b->ap.id || b->registering || fm_form_value(b->form, "find", v, sizeof v)[0];
}

int applicant_block_leave(applicant_block *b, fm_form_item *it, char *why, size_t cap)
{
    const char *n = it->name;
    if (strcmp(n, "find") == 0)
        return leave_find(b, it, why, cap);
    if (strcmp(n, "id_no") == 0)
        return leave_id_no(b, it, why, cap);
    if (strcmp(n, "phone") == 0)
        return leave_phone(b, it, why, cap);
    if (strcmp(n, "village") == 0)
        return leave_village(b, it, why, cap);
    if (strcmp(n, "group") == 0)
        return leave_group(b, it, why, cap);
    if (strcmp(n, "name") == 0) {
        char v[128];
        fm_field_get(&it->field, v, sizeof v);
        if (!v[0]) {
            snprintf(why, cap, "%s", _("The applicant needs a name"));
            return FM_LEAVE_REFUSE;
        }
        return FM_LEAVE_OK;
    }
    return AB_NOT_MINE;
}

int applicant_block_choose(applicant_block *b, int item)
{
    app *a = b->a;
    const char *n = b->form->items[item].name;
    char text[256];
    fm_field_get(&b->form->items[item].field, text, sizeof text);
    if (strcmp(n, "find") == 0) {
        if (!text[0]) {
            app_message(a, 1, "%s", _("Type some of the ID number, phone, name or initials "
                                      "first, then F4."));
            return FM_HANDLED;
        }
        pick_open(a, &screen_pick_applicant, &applicant_pick, b, text);
        return FM_HANDLED;
    }
    if (strcmp(n, "village") == 0) {
        pick_open(a, &screen_pick_list, &village_pick, b, "");
        return FM_HANDLED;
    }
    if (strcmp(n, "group") == 0) {
        if (village_index(b, NULL, 0) < 0) {
            app_message(a, 1, "%s", _("Give the village first: a group belongs to a village."));
            return FM_HANDLED;
        }
        pick_open(a, &screen_pick_list, &group_pick, b, "");
        return FM_HANDLED;
    }
    return AB_NOT_MINE;
}
