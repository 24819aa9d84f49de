/* Receipts and notices as plain text for an 80-column printer (see receipt.h). */
#include "tui/kit/receipt.h"
#include "core/applicant.h"
#include "core/org.h"
#include "core/user.h"
#include "core/validate.h"
#include "forms/text.h"
#include "tui/session/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The language of the document being laid out; NULL outside doc_format, when text goes to the
 * screen in the user's language. A document's text is its language's translation, else the
 * Chinese (the document of record), never the English msgid: a translator may cover only
 * part of a document and the applicant still reads Chinese where the translation stops. */
static const char *doc_lang;

static const char *doc_text(const char *msgid)
{
    if (!doc_lang)
        return tr(msgid);
    const char *t = tr_in(doc_lang, msgid);
    if (!t)
        t = tr_in(I18N_DEFAULT, msgid);
    return t ? t : msgid;
}

#undef _
#define _(s) doc_text(s)

int doc_kind_for(const bm_case *c)
{
    if (c->status == BM_CASE_DRAFT)
        return DOC_NOTICE;
    if (c->status == BM_CASE_CORRECTIONS)
        return DOC_CORRECTIONS;
    return DOC_RECEIPT;
}

const char *doc_title(int kind)
{
    switch (kind) {
    case DOC_NOTICE: return _("One-time notice of missing materials");
    case DOC_CORRECTIONS: return _("Notice of corrections");
    default: return _("Acceptance receipt");
    }
}

/* ---- reading the case ---- */

static int add_material(doc_data *d, const bm_material *m, int received)
{
    if (d->nmaterials >= DOC_MAX_MATERIALS)
        return 1;
    doc_material *x = &d->materials[d->nmaterials++];
    snprintf(x->name, sizeof x->name, "%s", m->name);
    x->original = m->original;
    x->copies = m->copies;
    x->required = m->required;
    x->commit_ok = m->commit_ok;
    x->received = received;
    return 0;
}

static int keep_material(const bm_case_material *m, void *ctx)
{
    return add_material(ctx, &m->material, m->received);
}

static int keep_sub(const bm_case *c, void *ctx)
{
    doc_data *d = ctx;
    if (d->nsubs >= DOC_MAX_SUBS)
        return 1;
    doc_sub *s = &d->subs[d->nsubs++];
    snprintf(s->no, sizeof s->no, "%s", c->no);
    snprintf(s->matter, sizeof s->matter, "%s", c->matter_name);
    snprintf(s->deadline, sizeof s->deadline, "%s", c->deadline);
    s->promised_days = c->promised_days;
    return 0;
}

struct last_return {
    time_t at;
    int64_t user_id;
    char login[33];
    char note[512];
};

static int find_return(const bm_case_event *e, void *ctx)
{
    struct last_return *r = ctx;
    if (e->action && strcmp(e->action, "return") == 0) {
        r->at = e->at;
        r->user_id = e->user_id;
        snprintf(r->login, sizeof r->login, "%s", e->login ? e->login : "");
        snprintf(r->note, sizeof r->note, "%s", e->note ? e->note : "");
    }
    return 0;
}

static void set_when(doc_data *d, time_t t)
{
    bm_day_format(bm_day_of(t), d->day);
    unsigned m = (unsigned)bm_minute_of(t) % 1440;
    snprintf(d->time, sizeof d->time, "%02u:%02u", m / 60, m % 60);
}

/* Paper always shows the masked form, by core's rule for a list (no full view is logged). */
static void doc_mask_id(bm_db *db, const bm_actor *who, const bm_applicant *ap, doc_data *d)
{
    char id[sizeof ap->id_no];
    snprintf(id, sizeof id, "%s", ap->id_no);
    bm_applicant_show_id(db, who, ap->id, id, BM_ID_FOR_LIST, NULL);
    snprintf(d->id_masked, sizeof d->id_masked, "%.18s", id);
}

static void doc_applicant(bm_db *db, const bm_actor *who, const bm_applicant *ap, doc_data *d)
{
    snprintf(d->applicant, sizeof d->applicant, "%s", ap->name);
    snprintf(d->applicant_lang, sizeof d->applicant_lang, "%s", ap->lang);
    doc_mask_id(db, who, ap, d);
    snprintf(d->phone, sizeof d->phone, "%s", ap->phone);
}

int doc_load_advice(bm_db *db, const bm_actor *who, const bm_advice *adv,
                    const bm_applicant *ap, const bm_material *plan, int nplan,
                    const char *const *received, int nreceived, doc_data *d, bm_err *err)
{
    memset(d, 0, sizeof *d);
    d->kind = DOC_NOTICE;
    bm_org centre;
    int rc = bm_org_get(db, who->org_id, &centre, err);
    if (rc != BM_OK)
        return rc;
    snprintf(d->centre, sizeof d->centre, "%s", centre.name);
    snprintf(d->centre_phone, sizeof d->centre_phone, "%s", centre.phone);
    snprintf(d->case_no, sizeof d->case_no, "%s", adv->no);
    doc_applicant(db, who, ap, d);
    snprintf(d->matter_code, sizeof d->matter_code, "%s", adv->matter_code);
    snprintf(d->matter, sizeof d->matter, "%s", adv->matter_name);
    snprintf(d->clerk, sizeof d->clerk, "%s", adv->given_by_name);
    set_when(d, adv->given_at);
    for (int i = 0; i < nplan; i++) {
        int got = 0;
        for (int r = 0; r < nreceived; r++)
            got |= strcmp(received[r], plan[i].name) == 0;
        if (add_material(d, &plan[i], got))
            break;
    }
    return BM_OK;
}

int doc_load(bm_db *db, const bm_actor *who, int64_t case_id, int kind, doc_data *d,
             bm_err *err)
{
    memset(d, 0, sizeof *d);
    d->kind = kind;
    bm_case c;
    int rc = bm_case_get(db, who, case_id, &c, err);
    if (rc != BM_OK)
        return rc;
    bm_org centre;
    if ((rc = bm_org_get(db, c.centre_id, &centre, err)) != BM_OK)
        return rc;
    bm_applicant ap;
    if ((rc = bm_applicant_get(db, who, c.applicant_id, &ap, err)) != BM_OK)
        return rc;
    snprintf(d->centre, sizeof d->centre, "%s", centre.name);
    snprintf(d->centre_phone, sizeof d->centre_phone, "%s", centre.phone);
    snprintf(d->case_no, sizeof d->case_no, "%s", c.no);
    d->status = c.status;
    doc_applicant(db, who, &ap, d);
    snprintf(d->matter_code, sizeof d->matter_code, "%s", c.matter_code);
    snprintf(d->matter, sizeof d->matter, "%s", c.matter_name);
    d->is_bundle = c.bundle_id > 0 && c.parent_id == 0;
    d->promised_days = c.promised_days;
    snprintf(d->deadline, sizeof d->deadline, "%s", c.deadline);
    snprintf(d->commit_due, sizeof d->commit_due, "%s", c.commit_due);
    snprintf(d->completed_day, sizeof d->completed_day, "%s", c.completed_day);
    snprintf(d->result, sizeof d->result, "%s", c.result);
    snprintf(d->delivery, sizeof d->delivery, "%s", c.delivery);
    snprintf(d->clerk, sizeof d->clerk, "%s", c.first_contact_name);
    set_when(d, kind == DOC_RECEIPT && c.accepted_at ? c.accepted_at : c.created_at);
    if ((rc = bm_case_materials(db, who, case_id, keep_material, d, err)) != BM_OK)
        return rc;
    if (d->is_bundle && (rc = bm_case_children(db, who, case_id, keep_sub, d, err)) != BM_OK)
        return rc;
    if (kind == DOC_CORRECTIONS) {
        struct last_return r;
        memset(&r, 0, sizeof r);
        if ((rc = bm_case_history(db, who, case_id, find_return, &r, err)) != BM_OK)
            return rc;
        if (r.at) {
            set_when(d, r.at);
            snprintf(d->corrections, sizeof d->corrections, "%s", r.note);
            bm_user u;
            if (r.user_id > 0 && bm_user_get_by_id(db, r.user_id, &u, NULL) == BM_OK)
                snprintf(d->clerk, sizeof d->clerk, "%s", u.name);
        }
    }
    return BM_OK;
}

/* ---- layout ---- */

typedef struct out {
    char *buf;
    size_t cap, len;
} out;

static void put(out *o, const char *s, size_t n)
{
    if (o->len < o->cap) {
        size_t room = o->cap - o->len - 1;
        memcpy(o->buf + o->len, s, n < room ? n : room);
        o->buf[o->len + (n < room ? n : room)] = 0;
    }
    o->len += n;
}

struct wrap_ctx {
    out *o;
    int indent, first;
    const char *lead;
};

static void wrapped_line(const char *line, size_t len, void *ctx)
{
    struct wrap_ctx *w = ctx;
    if (w->first) {
        put(w->o, w->lead, strlen(w->lead));
        w->first = 0;
    } else {
        for (int i = 0; i < w->indent; i++)
            put(w->o, " ", 1);
    }
    put(w->o, line, len);
    put(w->o, "\n", 1);
}

/* A paragraph: `lead` first (e.g. "  1. "), continuation lines indented to match it. */
static void para(out *o, const char *lead, const char *text)
{
    struct wrap_ctx w = { o, fm_width(lead), 1, lead };
    if (!text[0]) {
        put(o, lead, strlen(lead));
        put(o, "\n", 1);
        return;
    }
    fm_wrap(text, DOC_WIDTH - w.indent, wrapped_line, &w);
}

/* Two items on one line, the second starting at column 40 (on a line of its own when the first
 * is too wide). */
static void two(out *o, const char *left, const char *right)
{
    int lw = fm_width(left);
    if (!right || !right[0] || lw + 2 + fm_width(right) > DOC_WIDTH) {
        para(o, "", left);
        if (right && right[0])
            para(o, "", right);
        return;
    }
    int rw = fm_width(right);
    int gap = lw < 40 && 40 + rw <= DOC_WIDTH ? 40 - lw : 2;
    put(o, left, strlen(left));
    for (int i = 0; i < gap; i++)
        put(o, " ", 1);
    put(o, right, strlen(right));
    put(o, "\n", 1);
}

static void centred(out *o, const char *text)
{
    char clipped[512];
    int w = fm_clip(text, DOC_WIDTH, clipped, sizeof clipped);
    for (int i = 0; i < (DOC_WIDTH - w) / 2; i++)
        put(o, " ", 1);
    put(o, clipped, strlen(clipped));
    put(o, "\n", 1);
}

static void rule(out *o, char c)
{
    char line[DOC_WIDTH + 2];
    memset(line, c, DOC_WIDTH);
    line[DOC_WIDTH] = '\n';
    line[DOC_WIDTH + 1] = 0;
    put(o, line, DOC_WIDTH + 1);
}

static void material_line(out *o, int n, const doc_material *m)
{
    char lead[16], text[256];
    snprintf(lead, sizeof lead, "  %2d. ", n);
    snprintf(text, sizeof text,
             m->original ? _("%s (original, %d)") : _("%s (copy, %d)"), m->name,
             m->copies > 0 ? m->copies : 1);
    para(o, lead, text);
}

/* The materials that pass `want`, numbered; "none" when there are none. */
static void materials(out *o, const doc_data *d, int (*want)(const doc_material *m))
{
    int n = 0;
    for (int i = 0; i < d->nmaterials; i++)
        if (want(&d->materials[i]))
            material_line(o, ++n, &d->materials[i]);
    if (n == 0)
        para(o, "      ", _("None"));
}

static int is_received(const doc_material *m) { return m->received; }
static int is_missing(const doc_material *m) { return m->required && !m->received; }

static void head(out *o, const doc_data *d)
{
    char a[256], b[256];
    centred(o, d->centre);
    centred(o, doc_title(d->kind));
    rule(o, '=');
    snprintf(a, sizeof a, d->kind == DOC_NOTICE ? _("Registration no.: %s") : _("Case no.: %s"),
             d->case_no);
    snprintf(b, sizeof b, _("Date: %s %s"), d->day, d->time);
    two(o, a, b);
    snprintf(a, sizeof a, _("Applicant: %s"), d->applicant);
    snprintf(b, sizeof b, _("ID no.: %s"), d->id_masked);
    two(o, a, b);
    if (d->phone[0]) {
        snprintf(a, sizeof a, _("Phone: %s"), d->phone);
        para(o, "", a);
    }
    snprintf(a, sizeof a, _("Matter: %s %s"), d->matter_code, d->matter);
    para(o, "", a);
}

static void foot(out *o, const doc_data *d, const char *who_label, const char *closing)
{
    char a[256], b[256];
    rule(o, '-');
    snprintf(a, sizeof a, who_label, d->clerk);
    snprintf(b, sizeof b, _("Enquiries: %s"), d->centre_phone);
    two(o, a, b);
    para(o, "", closing);
}

static void receipt(out *o, const doc_data *d)
{
    char a[256], b[256];
    head(o, d);
    if (d->promised_days > 0)
        snprintf(a, sizeof a, _("Promised time limit: %d working days"), d->promised_days);
    else
        snprintf(a, sizeof a, "%s", _("Promised time limit: immediate"));
    snprintf(b, sizeof b, _("Promised completion date: %s"), d->deadline);
    two(o, a, b);
    if (d->status == BM_CASE_COMPLETED) {
        snprintf(a, sizeof a, _("Completed on %s: %s"), d->completed_day, d->result);
        para(o, "", a);
        if (d->delivery[0]) {
            snprintf(a, sizeof a, _("Delivery: %s"), d->delivery);
            para(o, "", a);
        }
    }
    rule(o, '-');
    para(o, "", _("Materials received:"));
    materials(o, d, is_received);
    int missing = 0;
    for (int i = 0; i < d->nmaterials; i++)
        missing += is_missing(&d->materials[i]);
    if (missing && d->commit_due[0]) {
        snprintf(a, sizeof a, _("Accepted on commitment: bring these by %s:"), d->commit_due);
        para(o, "", a);
        materials(o, d, is_missing);
    }
    if (d->nsubs) {
        snprintf(a, sizeof a, _("Sub-cases (%d):"), d->nsubs);
        para(o, "", a);
        for (int i = 0; i < d->nsubs; i++) {
            char lead[40];
            snprintf(lead, sizeof lead, "  %s  ", d->subs[i].no);
            snprintf(a, sizeof a, _("%s, promised by %s"), d->subs[i].matter, d->subs[i].deadline);
            para(o, lead, a);
        }
    }
    foot(o, d, _("Accepted by: %s"),
         _("Keep this receipt: quote the case number to ask about progress and to collect the "
           "result."));
}

static void notice(out *o, const doc_data *d)
{
    head(o, d);
    rule(o, '-');
    para(o, "", _("The materials are not complete. Please bring all of the following, then "
                  "apply again:"));
    materials(o, d, is_missing);
    para(o, "", _("Materials already checked:"));
    materials(o, d, is_received);
    foot(o, d, _("Informed by: %s"),
         _("This notice lists every missing material at once (one-time notice). Quote the "
           "registration number when you come back."));
}

static void corrections(out *o, const doc_data *d)
{
    char a[256];
    head(o, d);
    rule(o, '-');
    para(o, "", _("Your case must be corrected before it can go on. Please bring or correct:"));
    para(o, "  ", d->corrections[0] ? d->corrections : _("None"));
    if (d->deadline[0]) {
        snprintf(a, sizeof a, _("The time limit is paused until then; promised date so far: %s."),
                 d->deadline);
        para(o, "", a);
    }
    foot(o, d, _("Returned by: %s"),
         _("Quote the case number when you bring the corrections."));
}

static void lay_out(out *o, const doc_data *d, const char *lang)
{
    doc_lang = lang;
    switch (d->kind) {
    case DOC_NOTICE: notice(o, d); break;
    case DOC_CORRECTIONS: corrections(o, d); break;
    default: receipt(o, d); break;
    }
    doc_lang = NULL;
}

size_t doc_format(const doc_data *d, const char *lang, char *buf, size_t cap)
{
    out o = { buf, cap, 0 };
    if (cap)
        buf[0] = 0;
    lay_out(&o, d, lang);
    return o.len;
}

int doc_translated(const char *lang, int kind)
{
    if (!lang || !lang[0] || !strcmp(lang, "zh") || !strncmp(lang, "zh_", 3))
        return 0;
    const char *title = kind == DOC_NOTICE ? "One-time notice of missing materials"
                      : kind == DOC_CORRECTIONS ? "Notice of corrections" : "Acceptance receipt";
    return tr_in(lang, title) != NULL;
}

size_t doc_format_for_applicant(const doc_data *d, char *buf, size_t cap)
{
    out o = { buf, cap, 0 };
    if (cap)
        buf[0] = 0;
    lay_out(&o, d, I18N_DEFAULT);
    if (doc_translated(d->applicant_lang, d->kind)) {
        /* The same document again in the applicant's language, after the Chinese. */
        char rule[DOC_WIDTH + 4];
        rule[0] = '\n';
        memset(rule + 1, '=', DOC_WIDTH);
        memcpy(rule + 1 + DOC_WIDTH, "\n\n", 3);
        put(&o, rule, strlen(rule));
        lay_out(&o, d, d->applicant_lang);
    }
    return o.len;
}

char *doc_for_printer(const char *text)
{
    size_t lines = 0, n = strlen(text);
    for (size_t i = 0; i < n; i++)
        lines += text[i] == '\n';
    char *p = malloc(n + lines + 2);
    if (!p)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '\n')
            p[k++] = '\r';
        p[k++] = text[i];
    }
    p[k++] = '\f';
    p[k] = 0;
    return p;
}
