/* Words and small pieces the case screens share (see caseui.h). */
#include "tui/kit/caseui.h"
#include "core/authz.h"
#include "core/date.h"
#include "forms/list.h"
#include "forms/text.h"
#include "tui/kit/steps.h"
#include "tui/session/i18n.h"
#include "tui/session/log.h"

#include <stdio.h>
#include <string.h>

const char *ui_status(int status)
{
    switch (status) {
    case BM_CASE_DRAFT: return _("Draft");
    case BM_CASE_ACCEPTED: return _("Accepted");
    case BM_CASE_COMMITMENT: return _("Commitment");
    case BM_CASE_PROCESSING: return _("Processing");
    case BM_CASE_CORRECTIONS: return _("Corrections");
    case BM_CASE_TRANSFERRED: return _("Transferred");
    case BM_CASE_ESCALATED: return _("Escalated");
    case BM_CASE_COMPLETED: return _("Completed");
    case BM_CASE_REFUSED: return _("Refused");
    case BM_CASE_WITHDRAWN: return _("Withdrawn");
    default: return "?";
    }
}

const char *ui_channel(int channel)
{
    switch (channel) {
    case BM_CHANNEL_WINDOW: return _("Window");
    case BM_CHANNEL_AGENT: return _("Via agent");
    case BM_CHANNEL_HOME_VISIT: return _("Home visit");
    case BM_CHANNEL_APPOINTMENT: return _("Appointment");
    case BM_CHANNEL_HOTLINE: return _("12345 hotline");
    case BM_CHANNEL_ONLINE: return _("Online");
    default: return "?";
    }
}

const char *ui_verb(int verb)
{
    switch (verb) {
    case BM_DO_ACCEPT: return _("Accept");
    case BM_DO_ACCEPT_ON_COMMITMENT: return _("Accept on commitment");
    case BM_DO_START: return _("Start processing");
    case BM_DO_RETURN: return _("Return for corrections");
    case BM_DO_RESUME: return _("Corrections brought, resume");
    case BM_DO_SUPPLY: return _("Promised materials brought");
    case BM_DO_TRANSFER: return _("Transfer");
    case BM_DO_ESCALATE: return _("Escalate");
    case BM_DO_RECEIVE: return _("Sign for it");
    case BM_DO_COMPLETE: return _("Complete");
    case BM_DO_REFUSE: return _("Refuse");
    case BM_DO_WITHDRAW: return _("Withdraw");
    default: return "?";
    }
}

const char *ui_rating(int rating)
{
    switch (rating) {
    case 1: return _("Very unsatisfied");
    case 2: return _("Unsatisfied");
    case 3: return _("Fair");
    case 4: return _("Satisfied");
    case 5: return _("Very satisfied");
    default: return "";
    }
}

const char *ui_history_action(const char *action)
{
    static const struct { const char *name; int verb; } verbs[] = {
        { "accept", BM_DO_ACCEPT }, { "accept_on_commitment", BM_DO_ACCEPT_ON_COMMITMENT },
        { "start", BM_DO_START }, { "return", BM_DO_RETURN }, { "resume", BM_DO_RESUME },
        { "supply", BM_DO_SUPPLY }, { "transfer", BM_DO_TRANSFER },
        { "escalate", BM_DO_ESCALATE }, { "receive", BM_DO_RECEIVE },
        { "complete", BM_DO_COMPLETE }, { "refuse", BM_DO_REFUSE },
        { "withdraw", BM_DO_WITHDRAW },
    };
    if (!action)
        return "";
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (strcmp(action, verbs[i].name) == 0)
            return ui_verb(verbs[i].verb);
    if (strcmp(action, "intake") == 0)
        return _("Registered");
    if (strcmp(action, "take") == 0)
        return _("Took it over");
    if (strcmp(action, "assign") == 0)
        return _("Assigned");
    if (strcmp(action, "note") == 0)
        return _("Note");
    if (strcmp(action, "supervise") == 0)
        return _("Supervision");
    if (strcmp(action, "rate") == 0)
        return _("Rated");
    if (strcmp(action, "bundle") == 0)
        return _("Bundle follows");
    if (strcmp(action, "send-back") == 0)   /* a callback found the person not satisfied */
        return _("Sent back by a callback");
    if (strcmp(action, "redone") == 0)
        return _("Redone");
    return action;
}

const char *ui_days_left(int clock, int days_left, char *buf, size_t cap, int *mark)
{
    *mark = FM_MARK_NONE;
    switch (clock) {
    case BM_CLOCK_OVERDUE:
        *mark = FM_MARK_ALERT;
        snprintf(buf, cap, "%d !", days_left);
        return buf;
    case BM_CLOCK_DUE_SOON:
        *mark = FM_MARK_WARN;
        snprintf(buf, cap, "%d *", days_left);
        return buf;
    case BM_CLOCK_ON_TIME:
        snprintf(buf, cap, "%d  ", days_left);
        return buf;
    case BM_CLOCK_PAUSED: return _("paused");
    case BM_CLOCK_DONE_ON_TIME: return _("on time");
    case BM_CLOCK_DONE_LATE: return _("late");
    default: return "";
    }
}

const char *ui_promise(int days, char *buf, size_t cap)
{
    if (days > 0)
        snprintf(buf, cap, _("promised %d working days"), days);
    else
        snprintf(buf, cap, "%s", _("promised: immediate"));
    return buf;
}

int ui_colour_pair(int clock)
{
    if (!has_colors() || COLOR_PAIRS <= UI_PAIR_DUE_SOON)
        return 0;
    /* Pairs belong to the session's SCREEN: (re)defining them is cheap and always current. */
    init_pair(UI_PAIR_OVERDUE, COLOR_RED, COLOR_BLACK);
    init_pair(UI_PAIR_DUE_SOON, COLOR_YELLOW, COLOR_BLACK);
    if (clock == BM_CLOCK_OVERDUE)
        return UI_PAIR_OVERDUE;
    if (clock == BM_CLOCK_DUE_SOON)
        return UI_PAIR_DUE_SOON;
    return 0;
}

void ui_time(time_t t, char out[17])
{
    char day[11];
    bm_day_format(bm_day_of(t), day);
    int m = bm_minute_of(t);
    if (m < 0 || m > 1439)
        m = 0;
    char buf[32];
    snprintf(buf, sizeof buf, "%s %02d:%02d", day, m / 60, m % 60);
    snprintf(out, 17, "%.16s", buf);
}

void ui_today(char out[11])
{
    bm_day_format(bm_day_of(bm_now()), out);
}

void ui_staff_name(app *a, int64_t user_id, const char *login, char *out, size_t cap)
{
    bm_user u;
    if (user_id > 0 && bm_user_get_by_id(a->db, user_id, &u, NULL) == BM_OK)
        snprintf(out, cap, "%s", u.name);
    else
        snprintf(out, cap, "%s", login ? login : "");
}

void ui_error(app *a, const bm_err *e)
{
    const char *reason = e && e->reason ? _(e->reason) : _("Something went wrong.");
    /* The storage's own text (SQL, SQLite's message) is for the log, never the clerk. */
    if (e && e->code == BM_EDB) {
        log_event("error", "user=%s storage: %s: %s", a->actor.login, e->reason, e->detail);
        app_message(a, 1, "%s", reason);
    } else if (e && e->detail[0])
        app_message(a, 1, "%s: %s", reason, e->detail);
    else
        app_message(a, 1, "%s", reason);
}

const char *case_step_label(int step)
{
    switch (step) {
    case STEP_TAKE: return _("Take it over (become the handler)");
    case STEP_NOTE: return _("Add a note");
    case STEP_RATE: return _("Record the applicant's rating");
    default: return ui_verb(step);
    }
}

/* Core says which steps the case allows this user now; the menu only labels them. */
void case_steps_offer(void *ctx, steps_menu *m)
{
    const struct case_offer *o = ctx;
    int steps[BM_STEP_MAX];
    int n = bm_case_steps_offered(o->a->db, &o->a->actor, o->c, steps, BM_STEP_MAX);
    for (int i = 0; i < n; i++)
        steps_menu_add(m, steps[i], case_step_label(steps[i]));
}

const char *ui_material_form(const bm_material *m, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s x%d", m->original ? _("orig.") : _("copy"),
             m->copies > 0 ? m->copies : 1);
    return buf;
}

void ui_copy(char *dst, size_t cap, const char *src)
{
    if (!cap)
        return;
    size_t n = src ? strlen(src) : 0;
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
            n--;   /* not in the middle of a UTF-8 character */
    }
    if (n)
        memcpy(dst, src, n);
    dst[n] = 0;
}

void ui_pad(const char *utf8, int cols, char *out, size_t cap)
{
    int w = fm_clip(utf8 ? utf8 : "", cols, out, cap);
    size_t len = strlen(out);
    while (w < cols && len + 1 < cap) {
        out[len++] = ' ';
        w++;
    }
    out[len] = 0;
}
