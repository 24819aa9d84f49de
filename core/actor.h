/* Who acts: the roles staff have and the actor every core call that reads or changes data is
 * given, for permissions and audit. Its own header so that authorization, audit and the
 * domain modules share it without including each other. */
#ifndef BM_ACTOR_H
#define BM_ACTOR_H

#include <stdint.h>

enum bm_role {
    BM_ROLE_CLERK = 1,   /* 窗口人员 */
    BM_ROLE_AGENT,       /* 代办员 */
    BM_ROLE_DUTY,        /* 值班人员 */
    BM_ROLE_SUPERVISOR,  /* 中心负责人 */
    BM_ROLE_ADMIN        /* 管理员 */
};

/* "clerk", "agent", ... and back; 0 / NULL when unknown. */
const char *bm_role_name(int role);
int bm_role_from_name(const char *name);

/* Who does something: carried into every core call that changes data, for permissions and audit. */
typedef struct bm_actor {
    int64_t user_id;      /* 0 for the shell (bianmin user ...) run by the server's operator */
    const char *login;
    int role;
    int64_t org_id;
    const char *session;  /* session id, "" outside a session */
    const char *addr;     /* client address, "" for local */
} bm_actor;

#endif
