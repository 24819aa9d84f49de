/* Exec of whitelisted commands: `ssh -p 2222 supervisor@host report monthly --format csv >
 * nov.csv` from a Windows PC with OpenSSH or plink. The words are parsed by the report
 * command itself (no shell, no other option such as --data), the user is the one who logged
 * in, and core decides whether their role and scope allow the report. */
#include "tui/transport/exec.h"
#include "tui/cli/cli_report.h"
#include "tui/session/i18n.h"
#include "tui/session/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A report can be long on a slow link: its bytes get this long to leave before the close. */
#define EXEC_DRAIN_MS 120000

static void fail(server *s, conn *c, const char *what, const char *reason)
{
    char line[640];
    snprintf(line, sizeof line, "bianmin: %s: %s\n", what, reason);
    ssh_channel_write_stderr(c->chan, line, (uint32_t)strlen(line));
    conn_end(s, c, NULL, 1, "report refused");
}

int exec_allowed_command(server *s, conn *c, ssh_message msg)
{
    const char *cmd = ssh_message_channel_request_command(msg);
    if (!cmd || c->state != C_READY)
        return 0;
    cmd += strspn(cmd, " \t");
    size_t word = strcspn(cmd, " \t");
    if (!(word == 6 && (!strncmp(cmd, "report", 6) || !strncmp(cmd, "export", 6))))
        return 0;
    char u[40], clean[300];
    log_event("exec", "user=%s addr=%s session=%s command=\"%s\"",
              log_clean(c->user.login, u, sizeof u), c->addr, c->sid,
              log_clean(cmd, clean, sizeof clean));
    conn_audit(s, c, "exec", cmd);
    ssh_message_channel_request_reply_success(msg);
    bm_actor who = {c->user.id, c->user.login, c->user.role, c->user.org_id, c->sid, c->addr};
    report_request rq;
    char words[512], reason[512];
    char *out = NULL;
    size_t len = 0;
    const char *what = cmd[0] == 'e' ? "export" : "report";
    if (report_parse_words(cmd, words, sizeof words, &rq, reason, sizeof reason) != 0 ||
        report_bytes(s->db, &who, &rq, &out, &len, reason, sizeof reason) != 0) {
        fail(s, c, what, reason);
        return 1;
    }
    int pushed = outq_push(&c->ui.disp.out, out, len);
    free(out);
    if (pushed != 0) {
        fail(s, c, what,
             _("The report is too large to send: ask for a shorter period or a smaller scope"));
        return 1;
    }
    conn_end(s, c, NULL, 0, "report sent");
    c->close_by_ms = now_ms() + EXEC_DRAIN_MS;
    conn_flush(c);
    return 1;
}
