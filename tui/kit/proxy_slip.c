/* The papers of a proxy request (see proxy_slip.h): one labelled item a line, a long value
 * wrapped under itself, in Chinese whatever the screen's language. */
#include "tui/kit/proxy_slip.h"
#include "core/applicant.h"
#include "forms/text.h"
#include "tui/kit/caseui.h"
#include "tui/kit/proxyui.h"
#include "tui/kit/receipt.h"
#include "tui/session/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct paper {
    char *buf;
    size_t len, cap;
    int failed;
} paper;

/* Paper is Chinese: the catalogue's Chinese, or the message itself. */
static const char *zh(const char *msgid)
{
    if (!msgid[0])
        return "";
    const char *t = tr_in(I18N_DEFAULT, msgid);
    return t ? t : msgid;
}

static void add(paper *p, const char *s, size_t n)
{
    if (p->failed)
        return;
    if (p->len + n + 1 > p->cap) {
        size_t cap = (p->len + n + 1) * 2;
        char *b = realloc(p->buf, cap);
        if (!b) {
            p->failed = 1;
            return;
        }
        p->buf = b;
        p->cap = cap;
    }
    memcpy(p->buf + p->len, s, n);
    p->len += n;
    p->buf[p->len] = 0;
}

struct under {
    paper *p;
    int indent, first;
};

static void wrapped(const char *line, size_t len, void *ctx)
{
    struct under *u = ctx;
    for (int i = 0; !u->first && i < u->indent; i++)
        add(u->p, " ", 1);
    u->first = 0;
    add(u->p, line, len);
    add(u->p, "\n", 1);
}

/* "  label：value", the value wrapped under itself. */
static void item(paper *p, const char *label, const char *value)
{
    char lead[128];
    snprintf(lead, sizeof lead, "  %s%s", zh(label), zh(N_(": ")));
    add(p, lead, strlen(lead));
    struct under u = { p, fm_width(lead), 1 };
    int cols = DOC_WIDTH - u.indent;
    if (!value[0])
        wrapped("", 0, &u);
    else
        fm_wrap(value, cols, wrapped, &u);
}

static void centre_line(paper *p, const char *text)
{
    int w = fm_width(text);
    for (int i = 0; i < (DOC_WIDTH - w) / 2; i++)
        add(p, " ", 1);
    add(p, text, strlen(text));
    add(p, "\n", 1);
}

static void ruler(paper *p, char c)
{
    char line[DOC_WIDTH + 1];
    memset(line, c, DOC_WIDTH);
    line[DOC_WIDTH] = '\n';
    add(p, line, sizeof line);
}

static void stage_line(bm_db *db, paper *p, const bm_proxy *r)
{
    char text[512], day[11] = "";
    bm_day when;
    if (bm_proxy_hear_back(db, r, &when, NULL) == BM_OK)
        bm_day_format(when, day);
    switch (r->stage) {
    case BM_PROXY_TOLD:
        item(p, N_("Done in the village"), r->result);
        return;
    case BM_PROXY_TAKEN:
        snprintf(text, sizeof text, "%s", zh(N_("Kept for the next trip to the township")));
        break;
    default:
        snprintf(text, sizeof text, "%s", zh(N_("Forwarded to the township centre")));
        break;
    }
    item(p, N_("Handling"), text);
    snprintf(text, sizeof text, zh(N_("By %s the agent tells you the outcome")), day);
    item(p, N_("You will hear back"), text);
}

static void slip(bm_db *db, paper *p, const bm_proxy *r)
{
    item(p, N_("Materials taken"), r->materials[0] ? r->materials : zh(N_("None")));
    item(p, N_("Originals to give back"), r->originals[0] ? r->originals : zh(N_("None")));
    item(p, N_("Authorisation"), r->authority == BM_AUTH_PAPER
                                     ? zh(N_("Signed authorisation seen"))
                                     : zh(N_("The person was present")));
    stage_line(db, p, r);
}

static void notice(paper *p, const bm_proxy *r)
{
    item(p, N_("The township centre needs"), r->missing);
    add(p, "\n", 1);
    char text[256];
    snprintf(text, sizeof text, "%s",
             zh(N_("Please give all of the above to the agent at once; the request then "
                   "travels to the township again.")));
    item(p, N_("Note"), text);
}

const char *proxy_paper_title(int kind)
{
    return kind == PROXY_NOTICE     ? _("One-time notice (proxy request)")
           : kind == PROXY_HANDOVER ? _("Hand-over list")
                                    : _("Proxy receipt");
}

static char *done(paper *p, bm_err *err)
{
    if (!p->failed)
        return p->buf;
    free(p->buf);
    bm_fail(err, BM_EDB, N_("Out of memory"), NULL);
    return NULL;
}

char *proxy_handover_text(const bm_proxy *rows, int n, bm_err *err)
{
    paper p = { 0 };
    char text[512], when[17];
    if (n > 0) {
        snprintf(text, sizeof text, zh(N_("%s village service room")), rows[0].village_name);
        centre_line(&p, text);
    }
    centre_line(&p, zh(N_("Hand-over list")));
    ruler(&p, '=');
    ui_time(rows && n ? rows[0].forwarded_at : 0, when);
    item(&p, N_("Handed over"), n ? when : "");
    for (int i = 0; i < n; i++) {
        const bm_proxy *r = &rows[i];
        ruler(&p, '-');
        snprintf(text, sizeof text, "%s  %s  %s", r->no, r->applicant_name,
                 r->matter_name[0] ? r->matter_name : r->wish);
        item(&p, N_("Request no."), text);
        item(&p, N_("Materials taken"), r->materials[0] ? r->materials : zh(N_("None")));
        item(&p, N_("Originals to give back"), r->originals[0] ? r->originals : zh(N_("None")));
    }
    ruler(&p, '=');
    if (n > 0) {
        snprintf(text, sizeof text, "%s  %s", rows[0].agent_name, rows[0].agent_phone);
        item(&p, N_("Handed over by (agent)"), text);
    }
    item(&p, N_("Received at the centre by (signature)"), "");
    item(&p, N_("Date"), "");
    return done(&p, err);
}

char *proxy_paper_text(bm_db *db, const bm_actor *who, const bm_proxy *r, int kind,
                       bm_err *err)
{
    bm_applicant ap;
    if (bm_applicant_get(db, who, r->applicant_id, &ap, err) != BM_OK)
        return NULL;
    /* Paper always shows the masked number. */
    bm_applicant_show_id(db, who, ap.id, ap.id_no, BM_ID_FOR_LIST, NULL);
    paper p = { 0 };
    char text[512], when[17];
    snprintf(text, sizeof text, zh(N_("%s village service room")), r->village_name);
    centre_line(&p, text);
    centre_line(&p, zh(kind == PROXY_NOTICE ? N_("One-time notice (proxy request)")
                                            : N_("Proxy receipt")));
    ruler(&p, '=');
    item(&p, N_("Request no."), r->no);
    ui_time(r->taken_at, when);
    item(&p, N_("Taken"), when);
    snprintf(text, sizeof text, "%s  %s", ap.name, ap.id_no);
    item(&p, N_("Applicant"), text);
    item(&p, N_("Phone"), ap.phone);
    if (r->matter_name[0])
        item(&p, N_("Matter"), r->matter_name);
    if (r->wish[0])
        item(&p, N_("In the person's words"), r->wish);
    item(&p, N_("How it came"), zh(proxy_came_msgid(r->came)));
    if (kind == PROXY_NOTICE)
        notice(&p, r);
    else
        slip(db, &p, r);
    ruler(&p, '-');
    snprintf(text, sizeof text, "%s  %s", r->agent_name, r->agent_phone);
    item(&p, N_("Agent"), text);
    add(&p, "\n", 1);
    add(&p, "  ", 2);
    const char *keep = zh(N_("Keep this paper: the request number tells the agent or the "
                             "centre where your request is."));
    struct under u = { &p, 2, 1 };
    fm_wrap(keep, DOC_WIDTH - 2, wrapped, &u);
    return done(&p, err);
}
