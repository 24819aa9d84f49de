/* Proxy requests (代办件): what a village agent takes in for a person who cannot travel to the
 * township, followed until the person has heard back (件件有着落、事事有回音).
 *
 * Stages and moves (bm_proxy_moves holds them as a table; nothing else is allowed):
 *
 *   taken ──forward──> forwarded ──accept (into a case)──> received ──start──> in process
 *     │                   ├──send back (what is missing)──> sent back ──forward──> forwarded
 *     │                   └──refuse (reason)──> refused ──tell──> told
 *     └──finish (a village-level matter done on the spot, result given there)──> told
 *   received / in process ──result──> result back ──tell (how, what was said)──> told
 *   told ──reopen (the person not satisfied at the callback, with the reason)──> forwarded
 *
 * A request accepted into a case follows its case: while the case is processing the request is
 * in process; once the case is completed, refused or withdrawn the result is back (the case's
 * result or reason), waiting for the agent to tell the person. told is final.
 *
 * Scope: an agent sees and moves only their own village's requests; the township's clerks
 * receive them (accept, send back, refuse, start, result); clerks, duty staff and supervisors
 * see every request of their centre's villages. Every move is audited ("proxy.<move>"). */
#ifndef BM_PROXY_H
#define BM_PROXY_H

#include <stdint.h>
#include <time.h>
#include "core/actor.h"
#include "core/case.h"
#include "core/date.h"
#include "core/db.h"

enum bm_proxy_stage {
    BM_PROXY_TAKEN = 1,       /* 已收件 */
    BM_PROXY_FORWARDED,       /* 已转镇 */
    BM_PROXY_SENT_BACK,       /* 镇退回补充 */
    BM_PROXY_REFUSED,         /* 镇不予受理 */
    BM_PROXY_RECEIVED,        /* 镇已受理 (a case) */
    BM_PROXY_IN_PROCESS,      /* 办理中 */
    BM_PROXY_RESULT_BACK,     /* 结果已回 */
    BM_PROXY_TOLD,            /* 已告知 */
    BM_PROXY_STAGE_COUNT
};

enum bm_proxy_move {
    BM_PX_FORWARD = 1,        /* to the township */
    BM_PX_FINISH,             /* done in the village on the spot */
    BM_PX_ACCEPT,             /* the centre accepts it into a case */
    BM_PX_SEND_BACK,          /* the centre sends it back with what is missing */
    BM_PX_REFUSE,             /* the centre refuses it, with a reason */
    BM_PX_START,
    BM_PX_RESULT,
    BM_PX_TELL,               /* the person was told: how and what was said */
    BM_PX_REOPEN,             /* not satisfied at the callback: to the township again */
    BM_PX_MOVE_COUNT
};

enum bm_proxy_came {          /* how the request came */
    BM_CAME_VISIT = 1,        /* to the village room */
    BM_CAME_PHONE,
    BM_CAME_MARKET_DAY,       /* 逢场天 */
    BM_CAME_HOME_VISIT
};

enum bm_proxy_authority {     /* 委托 */
    BM_AUTH_PAPER = 1,        /* a signed authorisation seen */
    BM_AUTH_PRESENT           /* the person was present */
};

enum bm_proxy_told {
    BM_TOLD_VISIT = 1,
    BM_TOLD_PHONE,
    BM_TOLD_DELIVERED,        /* the result handed over */
    BM_TOLD_ON_SPOT           /* finished while the person waited */
};

/* English names for logs and the audit; the UI has its own words. */
const char *bm_proxy_stage_name(int stage);
const char *bm_proxy_move_name(int move);

typedef struct bm_proxy_transition {
    int from, move, to;
} bm_proxy_transition;
extern const bm_proxy_transition bm_proxy_moves[];
extern const int bm_proxy_move_count;
/* The stage `move` leads to from `from`, or 0 when the table has no such row. */
int bm_proxy_next_stage(int from, int move);
/* The permission a move needs (BM_ACT_PROXY_TAKE or BM_ACT_PROXY_RECEIVE). */
int bm_proxy_move_action(int move);
/* The stage a request stands at, given the status of the case it was accepted into (0: none). */
int bm_proxy_stage_with_case(int stage, int case_status);
/* 1 when the next thing to do is to tell the person (result back, or refused). */
int bm_proxy_stage_untold(int stage);

typedef struct bm_proxy {
    int64_t id;
    char no[16];              /* DB + YYYYMMDD + a daily sequence */
    int64_t applicant_id;
    char applicant_name[64];
    char applicant_phone[24];
    char matter_code[24];     /* the matter's or the bundle's; "" when not known yet */
    char matter_name[192];
    char wish[256];           /* in the person's words, when the matter is not known */
    int came, authority;
    char materials[512];      /* the materials collected, joined by "、" */
    char originals[512];      /* the originals to give back, joined by "、" */
    int64_t agent_id;
    char agent_name[64];
    char agent_phone[24];
    int64_t centre_id, village_id;
    char village_name[64];
    int stage;                /* with the case's progress folded in */
    time_t taken_at, forwarded_at, told_at;
    int64_t case_id;
    char case_no[16];
    char missing[512];        /* sent back: what is missing */
    char reason[256];         /* refused: why */
    char result[256];
    int told_how;
    char told_what[256];
    char note[256];
    time_t called_at;         /* the callback (回访), 0 none yet */
    int called_satisfied;
    char called_note[256];
} bm_proxy;

typedef struct bm_proxy_new {
    int64_t applicant_id;
    const char *matter_code;      /* a matter, or */
    const char *bundle_code;      /* a bundle, or neither and */
    const char *wish;             /* what the person wants, in their words (不知道办什么事) */
    int came;                     /* enum bm_proxy_came */
    int authority;                /* enum bm_proxy_authority */
    const char *const *materials; /* collected */
    int nmaterials;
    const char *const *originals; /* of those, originals to give back */
    int noriginals;
    const char *note;
} bm_proxy_new;

/* An agent takes a request in their village; audited ("proxy.take"). */
int bm_proxy_take(bm_db *db, const bm_actor *who, const bm_proxy_new *in, bm_proxy *out,
                  bm_err *err);

typedef struct bm_proxy_args {
    const char *note;
    const char *result;           /* FINISH, RESULT: required */
    const char *missing;          /* SEND_BACK: required */
    const char *reason;           /* REFUSE, REOPEN: required */
    int told_how;                 /* TELL: required (enum bm_proxy_told) */
    const char *told_what;        /* TELL: required */
    const char *matter_code;      /* ACCEPT: the matter the clerk matched (else the request's) */
    const char *const *received;  /* ACCEPT: the materials received (else those collected) */
    int nreceived;
    bm_case *made;                /* ACCEPT: the case made, when not NULL */
} bm_proxy_args;

/* Moves a request along the table; BM_ESTATE when the table has no such move from its stage,
 * BM_EDENIED outside the actor's scope (in words), BM_EINVALID when a required word is
 * missing. Accepting makes a case (channel 代办, the request's agent kept on it). */
int bm_proxy_act(bm_db *db, const bm_actor *who, int64_t id, int move,
                 const bm_proxy_args *args, bm_err *err);

int bm_proxy_get(bm_db *db, const bm_actor *who, int64_t id, bm_proxy *out, bm_err *err);
int bm_proxy_get_by_no(bm_db *db, const bm_actor *who, const char *no, bm_proxy *out,
                       bm_err *err);

/* The ledger (代办台账): requests of the actor's village (an agent), or of the centre's
 * villages (township staff; village_id 0 for all of them), oldest first, paged. */
int bm_proxy_list(bm_db *db, const bm_actor *who, int64_t village_id, int limit, int offset,
                  int (*each)(const bm_proxy *p, void *ctx), void *ctx, bm_err *err);

/* Counts of the ledger: open requests and those whose person has not been told yet. */
typedef struct bm_proxy_counts {
    int open, untold;
    int waiting;              /* taken and kept for the next trip to the township */
} bm_proxy_counts;
int bm_proxy_count(bm_db *db, const bm_actor *who, int64_t village_id, bm_proxy_counts *out,
                   bm_err *err);

/* The trip to the township on a collect day (隔天收件、统一办理): every request of the actor's
 * village kept for the trip (taken, not forwarded) is forwarded, in one transaction; each(p)
 * then sees every one of them as forwarded, for the hand-over list (*n: how many). */
int bm_proxy_trip(bm_db *db, const bm_actor *who, int (*each)(const bm_proxy *p, void *ctx),
                  void *ctx, int *n, bm_err *err);

/* ---- callbacks from the village (回访, core/proxy_rules.c) ---- */

/* 1 when the request waits for its callback: the person told, not called back yet. */
int bm_proxy_callback_due(const bm_proxy *p);
/* The person called back by the agent: satisfied or not, with their rating (1..5, 0 when they
 * give none) recorded on the request's case with the channel 代办; not satisfied reopens the
 * request to the township with the reason (note, then required). Once per request; audited
 * ("proxy.callback"). */
int bm_proxy_callback(bm_db *db, const bm_actor *who, int64_t id, int satisfied, int rating,
                      const char *note, bm_err *err);

/* ---- what the screens ask (core/proxy_rules.c) ---- */

/* 1 when the village can finish a request for this matter on the spot: a village-level
 * matter (a bundle, a township or county matter and a request without a matter travel). */
int bm_proxy_finishable(bm_db *db, const char *matter_code);

/* Working days a forwarded request adds to its matter's promise: one trip to the township
 * and one back to the village. */
#define BM_PROXY_TRIP_DAYS 2
/* Working days the agent takes to bring word on a request without a known matter. */
#define BM_PROXY_ASK_DAYS 5
/* The day the person will hear back (told on the receipt, 代办受理单): the day told once told,
 * the day taken for one finished on the spot; else the matter's promise plus the trips, or
 * BM_PROXY_ASK_DAYS working days when the matter is not known yet. */
int bm_proxy_hear_back(bm_db *db, const bm_proxy *p, bm_day *out, bm_err *err);

/* The moves the actor may make on the request now, in the table's order: those its stage
 * allows and the actor's role and place permit. The township's start and result follow the
 * case and are not offered; finishing is offered only where bm_proxy_finishable. Returns the
 * count written to out (at most cap). */
int bm_proxy_moves_offered(bm_db *db, const bm_actor *who, const bm_proxy *p, int *out,
                           int cap);

#endif
