/* A PostgreSQL cluster of a test group's own (tests/pg/cluster), for groups that stop and
 * start their database server: the shared test cluster of tests/run is never stopped. */
#ifndef BIANMIN_TESTS_PG_OWN_CLUSTER_H
#define BIANMIN_TESTS_PG_OWN_CLUSTER_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char own_cluster_dir[512];
static int own_cluster_halted;

/* Runs `tests/pg/cluster VERB DIR [MODE]` on the group's cluster, verb_mode being "halt",
 * "halt immediate", "resume" or "stop"; 0 when it worked. */
static inline int own_cluster(const char *verb_mode)
{
    char cmd[1200];
    const char *mode = strchr(verb_mode, ' ');
    int n = mode ? (int)(mode - verb_mode) : (int)strlen(verb_mode);
    snprintf(cmd, sizeof cmd, "sh tests/pg/cluster %.*s '%s'%s", n, verb_mode, own_cluster_dir,
             mode ? mode : "");
    int rc = system(cmd);
    if (rc != 0) {
        fprintf(stderr, "# %s failed (%d)\n", cmd, rc);
        return -1;
    }
    own_cluster_halted = strncmp(verb_mode, "halt", 4) == 0;
    return 0;
}

/* Starts the group's cluster and points BIANMIN_TEST_PG at it (the demo county is made there,
 * not copied from the shared cluster); 0, or -1 with the reason on stderr. */
static inline int own_cluster_start(const char *group)
{
    FILE *p = popen("sh tests/pg/cluster start", "r");
    char url[1024] = "";
    int got = p && fgets(url, sizeof url, p) != NULL;
    if (!p || pclose(p) != 0 || !got) {
        fprintf(stderr, "%s: could not start a PostgreSQL cluster of its own\n", group);
        return -1;
    }
    url[strcspn(url, "\n")] = '\0';
    const char *host = strstr(url, "host="), *amp = host ? strchr(host, '&') : NULL;
    if (!host || !amp) {
        fprintf(stderr, "%s: no socket directory in %s\n", group, url);
        return -1;
    }
    snprintf(own_cluster_dir, sizeof own_cluster_dir, "%.*s", (int)(amp - host - 5), host + 5);
    setenv("BIANMIN_TEST_PG", url, 1);
    unsetenv("BIANMIN_TEST_PG_SHARED");
    unsetenv("BIANMIN_TEST_PG_MIGRATE");
    return 0;
}

/* Serving again whatever a test left (it failed with the server halted); 0 when it serves. */
static inline int own_cluster_serving(void)
{
    return own_cluster_halted ? own_cluster("resume") : 0;
}

#endif
