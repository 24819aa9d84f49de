/* Words the proxy-request screens share (see proxyui.h). */
#include "tui/kit/proxyui.h"
#include "core/proxy.h"
#include "tui/session/i18n.h"

static const char *const stage_words[BM_PROXY_STAGE_COUNT] = {
    [BM_PROXY_TAKEN] = N_("Taken in"),
    [BM_PROXY_FORWARDED] = N_("At township"),
    [BM_PROXY_SENT_BACK] = N_("Sent back"),
    [BM_PROXY_REFUSED] = N_("Not accepted"),
    [BM_PROXY_RECEIVED] = N_("Accepted"),
    [BM_PROXY_IN_PROCESS] = N_("In process"),
    [BM_PROXY_RESULT_BACK] = N_("Result back"),
    [BM_PROXY_TOLD] = N_("Person told"),
};

static const char *const next_words[BM_PROXY_STAGE_COUNT] = {
    [BM_PROXY_TAKEN] = N_("Forward it"),
    [BM_PROXY_FORWARDED] = N_("Await township"),
    [BM_PROXY_SENT_BACK] = N_("Get materials"),
    [BM_PROXY_REFUSED] = N_("Tell person"),
    [BM_PROXY_RECEIVED] = N_("Await result"),
    [BM_PROXY_IN_PROCESS] = N_("Await result"),
    [BM_PROXY_RESULT_BACK] = N_("Tell person"),
    [BM_PROXY_TOLD] = "",
};

static const char *const came_words[] = {
    [BM_CAME_VISIT] = N_("Came to the village room"), [BM_CAME_PHONE] = N_("By phone"),
    [BM_CAME_MARKET_DAY] = N_("Market day"), [BM_CAME_HOME_VISIT] = N_("Home visit"),
};

static const char *const told_words[] = {
    [BM_TOLD_VISIT] = N_("Told on a visit"), [BM_TOLD_PHONE] = N_("Told by phone"),
    [BM_TOLD_DELIVERED] = N_("Result delivered"), [BM_TOLD_ON_SPOT] = N_("Told on the spot"),
};

static const char *const move_words[BM_PX_MOVE_COUNT] = {
    [BM_PX_FORWARD] = N_("Forward to the township"),
    [BM_PX_FINISH] = N_("Finish on the spot"),
    [BM_PX_ACCEPT] = N_("Accept into a case"),
    [BM_PX_SEND_BACK] = N_("Send back: something is missing"),
    [BM_PX_REFUSE] = N_("Refuse, with the reason"),
    [BM_PX_START] = N_("Start"),
    [BM_PX_RESULT] = N_("Record the result"),
    [BM_PX_TELL] = N_("Record the answer told to the person"),
};

static const char *pick(const char *const *words, int n, int i)
{
    return i > 0 && i < n && words[i] && words[i][0] ? _(words[i]) : "";
}

#define COUNT(a) ((int)(sizeof a / sizeof a[0]))

const char *proxy_stage_word(int stage) { return pick(stage_words, COUNT(stage_words), stage); }
const char *proxy_next_word(int stage) { return pick(next_words, COUNT(next_words), stage); }
const char *proxy_came_word(int came) { return pick(came_words, COUNT(came_words), came); }
const char *proxy_told_word(int how) { return pick(told_words, COUNT(told_words), how); }
const char *proxy_move_word(int move) { return pick(move_words, COUNT(move_words), move); }

const char *proxy_came_msgid(int came)
{
    return came > 0 && came < COUNT(came_words) ? came_words[came] : "";
}
