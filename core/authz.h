/* Who may do what, where: the permission table every case, applicant and maintenance call in
 * core goes through. Screens may ask it too (to hide a key), but core never trusts them to.
 *
 * Scopes: an agent acts in their own village; clerks, duty staff and supervisors in their
 * centre (the township and its villages); admins county-wide but only on maintenance, never on
 * case or applicant contents. Duty staff see and act on every open case of their centre (the
 * off-hours queue is their default list, but an urgent matter on the evening shift may be any
 * case of the centre); they may not reassign cases to others. Supervisors watch, reassign,
 * escalate and annotate (督办) but do not do window work. Reports: clerks and supervisors for
 * their centre and its villages, administrators for the county. */
#ifndef BM_AUTHZ_H
#define BM_AUTHZ_H

#include <stdint.h>
#include "core/actor.h"
#include "core/db.h"

enum bm_action {
    BM_ACT_CASE_VIEW,        /* see a case and its history */
    BM_ACT_CASE_INTAKE,      /* create a case (一窗受理 / 村收件) */
    BM_ACT_CASE_PROCESS,     /* accept, start, complete, return for corrections, transfer, refuse */
    BM_ACT_CASE_WITHDRAW,    /* the applicant withdraws (撤回) */
    BM_ACT_CASE_SUPPLY,      /* record materials brought later (补齐 / 补正) */
    BM_ACT_CASE_TAKE,        /* become the handler */
    BM_ACT_CASE_ASSIGN,      /* make someone else the handler */
    BM_ACT_CASE_ESCALATE,    /* report upward (上报) */
    BM_ACT_CASE_NOTE,        /* add a note or a supervision remark (督办) */
    BM_ACT_CASE_RATE,        /* record the applicant's rating (好差评) */
    BM_ACT_APPLICANT_VIEW,
    BM_ACT_APPLICANT_EDIT,
    BM_ACT_REPORT_VIEW,
    BM_ACT_CATALOGUE_VIEW,
    BM_ACT_CATALOGUE_EDIT,
    BM_ACT_CALENDAR_EDIT,
    BM_ACT_USER_ADMIN,
    BM_ACT_ORG_ADMIN,
    BM_ACT_AUDIT_READ,
    BM_ACT_CASE_REFUSE,      /* refuse a case (不予受理): the window's decision, not duty staff's */
    BM_ACT_ROSTER_EDIT,      /* the duty roster (值班表): rotations, leave, overrides */
    BM_ACT_PROXY_VIEW,       /* see proxy requests (代办件) and the ledger */
    BM_ACT_PROXY_TAKE,       /* take, forward, finish in the village, tell the person */
    BM_ACT_PROXY_RECEIVE,    /* the township receives: accept, send back, refuse, result */
    BM_ACT_HANDOVER_WRITE,   /* write the shift's hand-over (交接班) */
    BM_ACT_HANDOVER_READ,    /* read hand-overs and sign them as read */
    BM_ACT_APPT_BOOK,        /* book, move, cancel appointments; mark arrived or no-show */
    BM_ACT_APPT_SLOTS,       /* open appointment slots (office and extended hours) */
    /* ---- the centre head's desk (issue 14) ---- begin: granted by their own table in authz.c */
    BM_ACT_SUPERVISE,        /* the head's desk and lists: supervise (督办), close, press again,
                              * verify rectifications, decide appeals, escalate 办不成事 */
    BM_ACT_SUPERVISION_ANSWER, /* answer a supervision or rectification addressed to oneself */
    BM_ACT_CALLBACK,         /* call a person back (回访) and record what they said */
    BM_ACT_IMPOSSIBLE,       /* record a could-not-get-it-done request (办不成事) */
    /* ---- the centre head's desk ---- end */
    BM_ACT_COUNT
};

enum bm_scope {
    BM_SCOPE_NONE = 0,   /* never */
    BM_SCOPE_VILLAGE,    /* objects of the actor's own village */
    BM_SCOPE_CENTRE,     /* objects of the actor's centre and its villages */
    BM_SCOPE_ALL         /* the whole county */
};

/* Where an object lives: its centre and (when it has one) its village. 0 = none/unknown. */
typedef struct bm_place {
    int64_t centre_id;
    int64_t village_id;
} bm_place;

/* The scope the table grants a role for an action. The operator's shell (user_id 0) counts
 * as an admin. */
int bm_authz_scope(const bm_actor *who, int action);
const char *bm_action_name(int action);

/* BM_OK, or BM_EDENIED with a reason naming why in words (role, or another centre / village).
 * Only decides: the caller records a refusal in the audit log (core's callers do it through
 * bm_audit_authz). Pass place NULL for county-wide objects. */
int bm_authz_check(bm_db *db, const bm_actor *who, int action, const bm_place *place,
                   bm_err *err);

/* The same decision without auditing or filling err: 1 allowed, 0 not. */
int bm_authz_allows(bm_db *db, const bm_actor *who, int action, const bm_place *place);

/* The actor's centre (their township, or their village's township; 0 for the county) and
 * village (0 unless the actor belongs to a village). */
int bm_actor_place(bm_db *db, const bm_actor *who, bm_place *out, bm_err *err);

#endif
