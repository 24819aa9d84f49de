/* Intake (BM210), accepting: what was received against what the matter needs; accepted at
 * once, or the one-time notice, or acceptance on commitment; an immediate matter completed on
 * the spot; the receipt or notice shown at once. */
#include "tui/screens/intake.h"
#include "tui/kit/applicant_page.h"
#include "tui/kit/caseui.h"
#include "tui/kit/clerk.h"
#include "tui/kit/receipt.h"
#include "tui/session/i18n.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- accepting ---- */

typedef struct received {
    const char *names[PLAN_MAX];
    int n;
    int missing;
    int commit_ok;
    char list[512];
} received;

static void collect(intake_state *s, received *r)
{
    memset(r, 0, sizeof *r);
    r->commit_ok = 1;
    size_t len = 0;
    for (int i = 0; i < s->nplan; i++) {
        char fname[FM_FORM_NAME], v[8];
        intake_material_field_name(&s->plan[i], fname, sizeof fname);
        if (strcmp(intake_value(s, fname, v, sizeof v), "X") == 0) {
            r->names[r->n++] = s->plan[i].name;
            continue;
        }
        if (!s->plan[i].required)
            continue;
        r->missing++;
        if (!s->plan[i].commit_ok)
            r->commit_ok = 0;
        if (len < sizeof r->list)
            len += (size_t)snprintf(r->list + len, sizeof r->list - len, "%s%s",
                                    len ? _(", ") : "", s->plan[i].name);
    }
}

/* Puts the cursor on the input core's refusal names. */
static void focus_refused(intake_state *s, const bm_err *err)
{
    switch (err->field) {
    case BM_FIELD_MATTER: intake_focus(s, "matter"); break;
    case BM_FIELD_CHANNEL: intake_focus(s, "channel"); break;
    case BM_FIELD_COMMIT_DATE: intake_focus(s, "due"); break;
    case BM_FIELD_SITUATIONS: intake_focus(s, "s1"); break;
    case BM_FIELD_MATERIALS:
        if (s->nplan > 0) {
            char fname[FM_FORM_NAME];
            intake_material_field_name(&s->plan[0], fname, sizeof fname);
            intake_focus(s, fname);
        }
        break;
    case BM_FIELD_ID_NO:
    case BM_FIELD_NAME:
    case BM_FIELD_PHONE:
    case BM_FIELD_VILLAGE:
    case BM_FIELD_GROUP:
    case BM_FIELD_KIND: intake_focus(s, "find"); break;
    default: break;
    }
}

/* The one-time notice: a record of advice given with a notice number of its own. */
static void give_notice(intake_state *s, const bm_intake *in)
{
    app *a = s->a;
    bm_advice adv;
    bm_err err;
    if (bm_advice_give(a->db, &a->actor, in, &adv, &err) != BM_OK) {
        ui_error(a, &err);
        focus_refused(s, &err);
        return;
    }
    doc_data *d = malloc(sizeof *d);
    if (d && doc_load_advice(a->db, &a->actor, &adv, &s->ab.ap, s->plan, s->nplan, in->received,
                             in->nreceived, d, &err) != BM_OK) {
        ui_error(a, &err);
        free(d);
        d = NULL;
    }
    intake_reset(s);
    if (d)
        doc_show(a, d, 0, 0);
    free(d);
    app_message(a, 0, _("One-time notice given (registration no. %s): nothing was accepted. "
                        "F9 prints it."), adv.no);
}

static void do_intake(intake_state *s, int mode, const char *due)
{
    app *a = s->a;
    received r;
    collect(s, &r);
    char sits[BM_MATTER_SITUATIONS + 1], ch[8], now[8];
    intake_answers(s, sits);
    intake_value(s, "channel", ch, sizeof ch);
    intake_value(s, "now", now, sizeof now);
    /* An immediate matter completed on the spot: accepted and completed in one step. */
    if (mode == BM_INTAKE_ACCEPT && !s->is_bundle && s->promised == 0 && strcmp(now, "Y") == 0)
        mode = BM_INTAKE_COMPLETE;
    bm_intake in = {
        .applicant_id = s->ab.ap.id,
        .matter_code = s->is_bundle ? NULL : s->code,
        .bundle_code = s->is_bundle ? s->code : NULL,
        .channel = atoi(ch) > 0 ? atoi(ch) : BM_CHANNEL_WINDOW,
        .situations = s->is_bundle ? NULL : sits,
        .received = r.names,
        .nreceived = r.n,
        .mode = mode,
        .commit_due = due,
        .result = _("Completed on the spot"),
        .delivery = _("Pick-up at the window"),
    };
    if (mode == BM_INTAKE_DRAFT) {
        give_notice(s, &in);
        return;
    }
    bm_case c;
    bm_err err;
    if (bm_case_intake(a->db, &a->actor, &in, &c, &err) != BM_OK) {
        ui_error(a, &err);
        focus_refused(s, &err);
        return;
    }
    intake_reset(s);
    doc_view_open(a, c.id, DOC_RECEIPT, 0);
    if (mode == BM_INTAKE_COMPLETE) {
        case_rate_open(a, c.id);
        app_message(a, 0, _("Case %s accepted and completed on the spot."), c.no);
    } else if (mode == BM_INTAKE_COMMIT) {
        app_message(a, 0, _("Case %s accepted on commitment, promised by %s; missing items due "
                            "%s. F9 prints the receipt."), c.no, c.deadline, c.commit_due);
    } else {
        app_message(a, 0, _("Case %s accepted, promised by %s. F9 prints the receipt."), c.no,
                    c.deadline);
    }
}

static void decide(intake_state *s, const received *r)
{
    app *a = s->a;
    char d[8], due[16];
    intake_value(s, "decide", d, sizeof d);
    if (strcmp(d, "1") == 0) {
        do_intake(s, BM_INTAKE_DRAFT, NULL);
        return;
    }
    if (strcmp(d, "2") == 0 && r->commit_ok) {
        do_intake(s, BM_INTAKE_COMMIT, intake_value(s, "due", due, sizeof due));
        return;
    }
    intake_focus(s, "decide");
    app_message(a, 1, "%s", r->commit_ok ? _("Type 1 (one-time notice) or 2 (accept on "
                                             "commitment), then F2.")
                                         : _("Type 1 for the one-time notice, then F2."));
}

void intake_accept(intake_state *s)
{
    app *a = s->a;
    if (applicant_page_ready(&s->ab) != 0)
        return;
    if (!s->code[0]) {
        intake_focus(s, "matter");
        app_message(a, 1, "%s", _("Choose the matter first."));
        return;
    }
    received got;
    collect(s, &got);
    if (got.missing == 0) {
        s->deciding = 0;
        do_intake(s, BM_INTAKE_ACCEPT, NULL);
        return;
    }
    if (s->deciding && strcmp(s->missing, got.list) == 0) {
        decide(s, &got);
        return;
    }
    s->deciding = 1;
    s->commit_ok = got.commit_ok;
    snprintf(s->missing, sizeof s->missing, "%s", got.list);
    intake_rebuild(s, "decide", 0);
    intake_focus(s, "decide");
    app_message(a, 1, "%s", got.commit_ok
                                ? _("Required materials are missing: 1 gives the one-time "
                                    "notice, 2 accepts on commitment; then F2.")
                                : _("Required materials are missing and cannot all be promised: "
                                    "1 gives the one-time notice; then F2."));
}

