/* Roles by name: the words the command line and the audit log use for each role. */
#include <string.h>
#include "core/actor.h"

static const char *const role_names[] = {
    [BM_ROLE_CLERK] = "clerk", [BM_ROLE_AGENT] = "agent", [BM_ROLE_DUTY] = "duty",
    [BM_ROLE_SUPERVISOR] = "supervisor", [BM_ROLE_ADMIN] = "admin",
};

const char *bm_role_name(int role)
{
    return role >= BM_ROLE_CLERK && role <= BM_ROLE_ADMIN ? role_names[role] : NULL;
}

int bm_role_from_name(const char *name)
{
    for (int r = BM_ROLE_CLERK; name && r <= BM_ROLE_ADMIN; r++)
        if (strcmp(name, role_names[r]) == 0)
            return r;
    return 0;
}
