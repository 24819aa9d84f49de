/* Cases (办件): intake, the status machine, deadlines in working days, history, ratings and
 * the permission-filtered lists the screens show.
 *
 * Status machine (bm_case_transitions holds it as a table):
 *
 *   draft ──accept──> accepted ──start──> processing ──complete──> completed
 *     │ └accept_on_commitment─> commitment (容缺: items due by a date) ─supply─> accepted
 *     │                                  └──start──> processing
 *   accepted / processing ──return──> corrections (补正, the clock pauses) ──resume──> processing
 *   accepted / processing ──transfer──> transferred ──receive──> processing
 *   accepted / processing ──escalate──> escalated ──receive──> processing, ──complete──> completed
 *   accepted ──complete──> completed (an immediate matter, done on the spot)
 *   any open state ──refuse (reason required)──> refused; ──withdraw──> withdrawn
 *
 * Anything else is BM_ESTATE. completed, refused and withdrawn are final.
 * A bundle case (一件事) owns one sub-case per matter; accept, accept on commitment, supply,
 * refuse and withdraw on the bundle act on every sub-case they apply to; other steps are taken
 * on the sub-cases, and the bundle completes by itself when every sub-case is done. */
#ifndef BM_CASE_H
#define BM_CASE_H

#include <stdint.h>
#include <time.h>
#include "core/catalogue.h"
#include "core/date.h"
#include "core/actor.h"
#include "core/db.h"

enum bm_channel {
    BM_CHANNEL_WINDOW = 1,    /* 窗口 */
    BM_CHANNEL_AGENT,         /* 代办 */
    BM_CHANNEL_HOME_VISIT,    /* 上门 */
    BM_CHANNEL_APPOINTMENT,   /* 预约 */
    BM_CHANNEL_HOTLINE,       /* 12345 热线 */
    BM_CHANNEL_ONLINE         /* 网上 */
};

enum bm_status {
    BM_CASE_DRAFT = 1,        /* 待受理 */
    BM_CASE_ACCEPTED,         /* 已受理 */
    BM_CASE_COMMITMENT,       /* 容缺受理 */
    BM_CASE_PROCESSING,       /* 办理中 */
    BM_CASE_CORRECTIONS,      /* 补正中 */
    BM_CASE_TRANSFERRED,      /* 已转办 */
    BM_CASE_ESCALATED,        /* 已上报 */
    BM_CASE_COMPLETED,        /* 已办结 */
    BM_CASE_REFUSED,          /* 不予受理 / 不予许可 */
    BM_CASE_WITHDRAWN,        /* 已撤回 */
    BM_CASE_STATUS_COUNT
};

enum bm_verb {
    BM_DO_ACCEPT = 1,
    BM_DO_ACCEPT_ON_COMMITMENT,
    BM_DO_START,
    BM_DO_RETURN,             /* for corrections */
    BM_DO_RESUME,             /* corrections brought */
    BM_DO_SUPPLY,             /* items promised on commitment brought */
    BM_DO_TRANSFER,
    BM_DO_ESCALATE,
    BM_DO_RECEIVE,            /* sign for a transferred or escalated case */
    BM_DO_COMPLETE,
    BM_DO_REFUSE,
    BM_DO_WITHDRAW,
    BM_VERB_COUNT
};

/* English names ("draft", "accept" ...) for logs and the audit; the UI has its own words. */
const char *bm_status_name(int status);
const char *bm_verb_name(int verb);
const char *bm_channel_name(int channel);
int bm_status_is_open(int status);

/* One row of the transition table. */
typedef struct bm_transition {
    int from, verb, to;
} bm_transition;
extern const bm_transition bm_case_transitions[];
extern const int bm_case_transition_count;
/* The status `verb` leads to from `from`, or 0 when the table has no such row. */
int bm_case_next_status(int from, int verb);

/* Where a case stands against its deadline. */
enum bm_clock {
    BM_CLOCK_NONE = 0,        /* draft: no deadline yet */
    BM_CLOCK_ON_TIME,
    BM_CLOCK_DUE_SOON,        /* one working day or less left */
    BM_CLOCK_OVERDUE,
    BM_CLOCK_PAUSED,          /* waiting for corrections */
    BM_CLOCK_DONE_ON_TIME,
    BM_CLOCK_DONE_LATE,
    BM_CLOCK_CLOSED           /* refused or withdrawn */
};

typedef struct bm_case {
    int64_t id;
    char no[16];              /* YYYYMMDD + 4-digit daily sequence, e.g. 202611230017 */
    int64_t parent_id;        /* the bundle case of a sub-case, else 0 */
    int64_t bundle_id;        /* a bundle case: the bundle version */
    int64_t matter_id;        /* the matter version the case was accepted under (0 for a bundle) */
    char matter_code[24];
    int matter_version;
    char matter_name[192];    /* or the bundle's name */
    int nchildren;            /* sub-cases of a bundle case */
    int64_t applicant_id;
    char applicant_name[64];
    char applicant_id_no[19]; /* masked unless the actor may see it */
    int64_t agent_id;
    int channel;
    int status;
    int64_t centre_id, village_id;
    int64_t first_contact_id; /* 首问负责: never changes */
    char first_contact_name[64];
    int64_t handler_id;       /* 0 = in the centre's queue */
    char handler_name[64];
    int off_hours;            /* came in outside office hours (the duty queue) */
    time_t created_at, accepted_at, completed_at;
    char accepted_day[11];
    int promised_days;
    char deadline[11];        /* "" before acceptance */
    char paused_since[11];    /* "" unless waiting for corrections */
    int paused_days;          /* working days spent waiting for corrections, in total */
    char commit_due[11];      /* 容缺: date the missing items are due; "" when none pending */
    char completed_day[11];
    char result[256];
    char delivery[64];
    char refuse_reason[256];
    char situations[BM_MATTER_SITUATIONS + 1];  /* answers, 'Y'/'N' per situation */
    char note[256];
    int rating;               /* 1 非常不满意 .. 5 非常满意, 0 = not rated */
    char rating_channel[16];
    time_t rated_at;
} bm_case;

enum bm_intake_mode {
    BM_INTAKE_DRAFT = 0,      /* keep as a draft (materials being gathered) */
    BM_INTAKE_ACCEPT,         /* accept: every required material received */
    BM_INTAKE_COMMIT,         /* accept on commitment: missing items all allow it */
    BM_INTAKE_COMPLETE        /* accept and complete on the spot (one matter, not a bundle), in
                               * one transaction: a failure leaves nothing accepted */
};

typedef struct bm_intake {
    int64_t applicant_id;
    const char *matter_code;      /* a matter, or */
    const char *bundle_code;      /* a bundle (one sub-case per matter) */
    int channel;                  /* enum bm_channel */
    const char *situations;       /* answers, e.g. "YN"; NULL = all no */
    const char *const *received;  /* names of the materials received */
    int nreceived;
    int mode;                     /* enum bm_intake_mode */
    const char *commit_due;       /* BM_INTAKE_COMMIT: "YYYY-MM-DD", today or later */
    const char *note;
    const char *result;           /* BM_INTAKE_COMPLETE: the result and how it was delivered */
    const char *delivery;
} bm_intake;

/* Creates a case (and its sub-cases) in one transaction and allocates its number. The
 * actor is the first contact (首问负责人). Clerks become the handler; cases taken by an agent
 * or at night by duty staff wait in the centre's queue. Missing required materials on accept:
 * BM_EINVALID, and the detail lists them all (for the one-time notice 一次性告知). */
int bm_case_intake(bm_db *db, const bm_actor *who, const bm_intake *in, bm_case *out,
                   bm_err *err);

/* The material list an intake would use: the matter's (or the bundle's merged list) with the
 * situations applied. Returns the count (<= max) or -1 with err. */
int bm_case_material_plan(bm_db *db, const char *matter_code, const char *bundle_code,
                          const char *situations, bm_material *out, int max, bm_err *err);

/* What accepting on `today` would promise: the matter's promised working days (a bundle's is
 * its slowest matter's) and the deadline they lead to, counted in working days. */
int bm_case_promise(bm_db *db, const char *matter_code, const char *bundle_code, bm_day today,
                    int *days, bm_day *deadline, bm_err *err);

typedef struct bm_case_args {
    const char *note;
    const char *reason;           /* BM_DO_REFUSE: required */
    const char *commit_due;       /* BM_DO_ACCEPT_ON_COMMITMENT */
    const char *result;           /* BM_DO_COMPLETE */
    const char *delivery;         /* BM_DO_COMPLETE: 窗口领取 / 免费邮寄 / 代办员送达 */
    const char *const *received;  /* ACCEPT, SUPPLY, RESUME: materials brought now */
    int nreceived;
} bm_case_args;

/* Moves a case along the status machine; records history and audit. BM_ESTATE when the
 * table has no such transition (or the case's own rules forbid it: required materials
 * missing, commitment items outstanding, a bundle's own step). */
int bm_case_act(bm_db *db, const bm_actor *who, int64_t case_id, int verb,
                const bm_case_args *args, bm_err *err);

/* Steps a case may offer besides the moves of the status machine. */
enum bm_step_extra {
    BM_STEP_TAKE = BM_VERB_COUNT,   /* become the handler */
    BM_STEP_NOTE,                   /* add a note (a supervisor's: a supervision remark) */
    BM_STEP_RATE,                   /* record the applicant's rating of a completed case */
    BM_STEP_MAX
};

/* The steps this actor may take on case c now, in the order a screen lists them: the verbs the
 * status machine allows from c's status that the permission table grants the actor on the
 * case's centre or village (so duty staff are not offered a refusal), a bundle's own steps on a
 * bundle and the rest on its sub-cases, supply only while materials are outstanding; then take
 * (an open case someone else handles), note, and rate (completed, not yet rated). Fills out
 * (up to max) and returns the count. Asking is not auditing: nothing is logged. */
int bm_case_steps_offered(bm_db *db, const bm_actor *who, const bm_case *c, int out[], int max);

/* The actor becomes the handler (签收 / 认领). */
int bm_case_take(bm_db *db, const bm_actor *who, int64_t case_id, bm_err *err);
/* A supervisor gives the case to a clerk or duty officer of the centre (AB岗 cover). */
int bm_case_assign(bm_db *db, const bm_actor *who, int64_t case_id, const char *login,
                   bm_err *err);
/* A note in the history; a supervisor's note is a supervision remark (督办). */
int bm_case_note(bm_db *db, const bm_actor *who, int64_t case_id, const char *note, bm_err *err);
/* The applicant's rating of a completed case (1..5), once. */
int bm_case_rate(bm_db *db, const bm_actor *who, int64_t case_id, int rating,
                 const char *channel, bm_err *err);

int bm_case_get(bm_db *db, const bm_actor *who, int64_t case_id, bm_case *out, bm_err *err);
int bm_case_get_by_no(bm_db *db, const bm_actor *who, const char *no, bm_case *out, bm_err *err);
/* Sub-cases of a bundle case, in matter order. */
int bm_case_children(bm_db *db, const bm_actor *who, int64_t case_id,
                     int (*each)(const bm_case *c, void *ctx), void *ctx, bm_err *err);

typedef struct bm_case_material {
    int seq;
    bm_material material;
    int received;
} bm_case_material;
int bm_case_materials(bm_db *db, const bm_actor *who, int64_t case_id,
                      int (*each)(const bm_case_material *m, void *ctx), void *ctx, bm_err *err);

typedef struct bm_case_event {
    int64_t id;
    time_t at;
    int64_t user_id;
    const char *login;
    const char *action;     /* "intake", a verb name, "take", "assign", "note", "supervise", "rate" */
    int from_status, to_status;
    const char *session;
    const char *station;    /* the client address */
    const char *note;
} bm_case_event;
int bm_case_history(bm_db *db, const bm_actor *who, int64_t case_id,
                    int (*each)(const bm_case_event *e, void *ctx), void *ctx, bm_err *err);

/* The clock of a case on `today`: its state and working days left (negative when overdue). */
int bm_case_clock(bm_db *db, const bm_case *c, bm_day today, int *state, int *days_left,
                  bm_err *err);

/* ---- lists ---- */

enum bm_case_list_kind {
    BM_LIST_MINE = 1,      /* open cases I handle (an agent: the cases I took, 代办台账) */
    BM_LIST_CENTRE_OPEN,   /* open cases of my centre */
    BM_LIST_VILLAGE_OPEN,  /* open cases of my village (agents) */
    BM_LIST_DUTY_QUEUE,    /* my centre's cases that came in off-hours and wait for a handler */
    BM_LIST_OVERDUE,       /* my centre's overdue cases (supervision) */
    BM_LIST_SEARCH         /* by case number, ID number, phone, name or pinyin initials */
};

typedef struct bm_case_row {
    int64_t id;
    char no[16];
    int status;
    int channel;
    char applicant_name[64];
    char applicant_id_no[19];   /* masked unless the actor may see it */
    char matter_name[192];
    int nchildren;              /* a bundle: its sub-cases */
    char deadline[11];
    int clock;                  /* enum bm_clock */
    int days_left;
    char handler_name[64];
    int64_t handler_id;         /* 0 = in the centre's queue */
    int off_hours;
    char commit_due[11];
} bm_case_row;

typedef struct bm_case_query {
    int kind;                   /* enum bm_case_list_kind */
    const char *text;           /* BM_LIST_SEARCH */
    int limit, offset;
} bm_case_query;

/* Top-level cases (bundles, not their sub-cases; My work lists a bundle's sub-cases the user
 * handles too), permission-filtered, ordered by deadline (drafts first), paged with
 * limit/offset. */
int bm_case_list(bm_db *db, const bm_actor *who, const bm_case_query *q,
                 int (*each)(const bm_case_row *r, void *ctx), void *ctx, bm_err *err);

/* Counts for a menu line: open cases, due soon, overdue (of the list kind). */
typedef struct bm_case_counts {
    int open, due_soon, overdue;
} bm_case_counts;
int bm_case_count(bm_db *db, const bm_actor *who, int kind, bm_case_counts *out, bm_err *err);

#endif
