/* The village proxy agent's whole chain over real SSH (issue 11, "done when"): the demo agent of
 * 新桥村 registers a person, takes a request for a village-level matter and finishes it on the
 * spot, takes one for a township matter with two materials, forwards it and prints the
 * 代办受理单 (transparent print between ESC [5i and ESC [4i); the clerk of 青林镇 receives it
 * into a case (the case shows channel 代办 and the agent) and completes it; the agent sees
 * "result back, person not told" in the ledger, records the answer, and the untold count falls
 * to zero. Then a request taken in the person's words is sent back by the centre with what is
 * missing (the agent's one-time notice prints) and, forwarded again, is matched to a matter by
 * the clerk on receipt. An agent of another village asking for the request by number is told in
 * words that it is another village's. The bytes of one village intake, from login to the
 * receipt, are printed as a figure. The clock is pinned. */
#include "core/validate.h"
#include "tests/e2e/login.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define NOW "2026-11-30 10:00"
#define WAIT 15000

static int start_shared(void **state)
{
    (void)state;
    return e2e_shared_start(NOW);
}

static void keys(bmt_term *t, const char *spec)
{
    e2e_keys(t, spec);
}

static void see(bmt_term *t, const char *text)
{
    if (!bmt_wait_text(t, text, WAIT))
        bmt_screen_dump(t, text);
    assert_true(bmt_screen_has(t, text));
}

/* A numbered step of BM252 by its label. */
static void step(bmt_term *t, const char *label)
{
    see(t, label);
    char k = bmt_menu_key(t, label);
    assert_true(k != 0);
    char spec[16];
    snprintf(spec, sizeof spec, "\"%c\" Enter", k);
    keys(t, spec);
}

/* The request number on the screen after "代办件 " in the message line. */
static void request_no(bmt_term *t, char out[16])
{
    char *s = bmt_screen_text(t);
    char *p = s ? strstr(s, "代办件 DB") : NULL;
    if (!p)
        bmt_screen_dump(t, "no request number on the screen");
    assert_non_null(p);
    p += strlen("代办件 ");
    size_t n = 0;
    while (n < 15 && (p[n] == 'D' || p[n] == 'B' || (p[n] >= '0' && p[n] <= '9')))
        n++;
    memcpy(out, p, n);
    out[n] = 0;
    free(s);
    assert_int_equal(strlen(out), 14);
}

/* The printed bytes: what came between ESC [5i and ESC [4i after `from`. */
static char *printed(bmt_term *t, size_t from)
{
    const char *bytes;
    size_t n = bmt_raw_output(t, &bytes);
    for (size_t i = from; i + 4 <= n; i++)
        if (memcmp(bytes + i, "\033[5i", 4) == 0)
            for (size_t j = i + 4; j + 4 <= n; j++)
                if (memcmp(bytes + j, "\033[4i", 4) == 0) {
                    char *out = malloc(j - i - 3);
                    memcpy(out, bytes + i + 4, j - i - 4);
                    out[j - i - 4] = 0;
                    return out;
                }
    return NULL;
}

/* Types who to find into the applicant block and waits until the person is chosen (a list of
 * several: the first). */
static void find_person(bmt_term *t, const char *who)
{
    char spec[96];
    snprintf(spec, sizeof spec, "\"%s\" Enter", who);
    keys(t, spec);
    bmt_wait_quiet(t, 300, 5000);
    if (bmt_screen_has(t, "BM211"))
        keys(t, "Enter");
    if (!bmt_wait_gone(t, "输入身份证号、电话、姓名或拼音首字母后回车", WAIT))
        bmt_screen_dump(t, who);
    assert_false(bmt_screen_has(t, "输入身份证号、电话、姓名或拼音首字母后回车"));
}

static char person_id[19];

/* The agent's intake: registers 王桂兰 (a new person), whose ID the test makes valid. */
static void register_person(bmt_term *t)
{
    snprintf(person_id, sizeof person_id, "%s%c", "51172519500412004",
             bm_id_check_char("51172519500412004"));
    char spec[64];
    snprintf(spec, sizeof spec, "\"%s\" Enter", person_id);
    keys(t, spec);
    see(t, "姓名");
    keys(t, "\"王桂兰\" Enter \"13981234567\" Enter \"新桥村\" Enter Enter Enter Enter");
}

static void finish_on_the_spot(bmt_term *t)
{
    keys(t, "\"NY-005\" Enter");
    see(t, "农村土地经营权流转备案");
    see(t, "3=当场办结");
    /* Three of its four materials; then how it came, the authorisation, finish here. */
    keys(t, "\"X\" \"X\" \"X\" Enter Enter \"3\" \"1\" \"3\" \"已备案，合同已盖章退回\" F2");
    see(t, "代办受理单");
    see(t, "村内当场办结");
    see(t, "已备案，合同已盖章退回");
    keys(t, "F3");
}

static void the_whole_chain_from_the_village_to_the_person_told(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "agent");
    const char *bytes;
    keys(t, "1 Enter");
    see(t, "BM251");
    register_person(t);
    finish_on_the_spot(t);
    see(t, "BM251");

    /* A township matter with two materials: forwarded at once; the receipt printed. */
    char spec[96];
    find_person(t, person_id);
    keys(t, "\"MZ-005\" Enter");
    see(t, "老年人优待证办理");
    assert_false(bmt_screen_has(t, "当场办结"));   /* a township matter travels */
    keys(t, "\"X\" \"X\" Enter \"3\" \"2\" \"1\" F2");
    see(t, "代办受理单");
    see(t, "已转镇便民服务中心");
    see(t, "赵建国");
    char no[16];
    request_no(t, no);
    size_t before_print = bmt_raw_output(t, &bytes);
    keys(t, "F9");
    see(t, "已送到您终端的打印机");
    char *paper = printed(t, before_print);
    assert_non_null(paper);
    assert_non_null(strstr(paper, "代办受理单"));
    assert_non_null(strstr(paper, no));
    assert_non_null(strstr(paper, "赵建国"));
    assert_non_null(strstr(paper, "居民身份证、近期免冠彩色证件照"));
    assert_non_null(strstr(paper, "答复时间"));
    free(paper);
    keys(t, "F3 F3");
    see(t, "===>");
    e2e_logout(t);

    /* The clerk receives it into a case and completes it. */
    t = e2e_login(e2e_shared, "clerk");
    keys(t, "9 Enter");
    see(t, "BM253");
    see(t, "王桂兰");
    snprintf(spec, sizeof spec, "\"/\" \"%s\" Enter", no);
    keys(t, spec);
    keys(t, "Enter");
    see(t, "BM252");
    step(t, "接收受理（转为办件）");
    see(t, "MZ-005");
    keys(t, "Enter \"代办员送来\" Enter");
    see(t, "已受理为办件");
    keys(t, "F5");
    see(t, "BM230");
    see(t, "代办员 赵建国");
    see(t, "代办");
    keys(t, "F2");
    see(t, "步骤 ===>");
    char k = bmt_menu_key(t, "办结");
    snprintf(spec, sizeof spec, "\"%c\" Enter", k);
    keys(t, spec);
    see(t, "领取方式");
    keys(t, "F2");
    see(t, "确认");
    keys(t, "\"y\"");
    see(t, "已办结");
    e2e_logout(t);

    /* The agent: result back, person not told; the answer recorded; untold falls to zero. */
    t = e2e_login(e2e_shared, "agent");
    keys(t, "2 Enter");
    see(t, "BM250");
    see(t, "未告知 2 *");
    snprintf(spec, sizeof spec, "\"/\" \"%s\" Enter", no);
    keys(t, spec);
    see(t, "结果已回");
    keys(t, "Enter");
    see(t, "BM252");
    step(t, "记录告知群众情况");
    keys(t, "\"2\" \"电话告知优待证已办好，下周一送到家\" Enter");
    see(t, "已告知");
    keys(t, "F3 F12");
    see(t, "未告知 1 *");
    /* The demo's refused request: told too. */
    keys(t, "\"/\" \"危房\" Enter Enter");
    see(t, "BM252");
    step(t, "记录告知群众情况");
    keys(t, "\"1\" \"上门说明去年已纳入改造\" Enter");
    see(t, "已告知");
    keys(t, "F3 F12");
    see(t, "未告知 0");

    /* Callbacks: the person of the completed case is satisfied and rates it 5; the one told
     * of the refusal is not satisfied, and the request goes back to the township. */
    keys(t, "F3 5 Enter");
    see(t, "BM256");
    see(t, "王桂兰");
    snprintf(spec, sizeof spec, "\"/\" \"%s\" Enter Enter", no);
    keys(t, spec);
    see(t, "BM252");
    step(t, "回访：是否满意");
    keys(t, "\"Y\" \"5\" \"很满意，代办员跑得勤\" Enter");
    see(t, "回访已记录");
    see(t, "满意  很满意");
    keys(t, "F3");
    see(t, "BM256");
    keys(t, "F12 \"/\" \"危房\" Enter Enter");
    see(t, "BM252");
    step(t, "回访：是否满意");
    keys(t, "\"N\" Enter \"房子又漏雨了，想请镇里再看看\" Enter");
    see(t, "不满意，已退回镇里");
    see(t, "已转镇");
    keys(t, "F3");
    see(t, "待回访");
    e2e_logout(t);

    /* The centre has it again, with the person's reason. */
    t = e2e_login(e2e_shared, "clerk");
    keys(t, "9 Enter");
    see(t, "老房子想办危房改造");
    keys(t, "\"/\" \"危房\" Enter Enter");
    see(t, "房子又漏雨了，想请镇里再看看");
    e2e_logout(t);
}

static void sent_back_then_matched_on_receipt(void **state)
{
    (void)state;
    /* The bytes of one village intake: from the login to the printed receipt. */
    bmt_login l = { .user = "agent", .password = "demo", .term = "xterm" };
    bmt_term *t = bmt_connect(e2e_shared, &l, NULL);
    assert_non_null(t);
    see(t, "===>");
    keys(t, "1 Enter");
    see(t, "BM251");
    find_person(t, "罗德贵");
    /* No matter: the person's own words. */
    keys(t, "Enter \"想领养老金，说要认证，不知道办什么\" Enter \"4\" \"1\" \"1\" F2");
    see(t, "代办受理单");
    see(t, "想领养老金，说要认证");
    char no[16];
    request_no(t, no);
    keys(t, "F9");
    see(t, "已送到您终端的打印机");
    const char *bytes;
    size_t total = bmt_raw_output(t, &bytes);
    char *slip = printed(t, 0);
    assert_non_null(slip);
    assert_non_null(strstr(slip, "群众原话"));
    printf("# figure: bytes sent by the server for one village intake (a known person, the "
           "request in their words), login to printed receipt: %zu, of which the receipt "
           "printed %zu; %.1f s at 9.6 kbit/s\n", total, strlen(slip), total * 10 / 9600.0);
    free(slip);
    keys(t, "F3 F3");
    e2e_logout(t);

    /* The centre sends it back: the household register is missing. */
    t = e2e_login(e2e_shared, "clerk");
    keys(t, "9 Enter");
    see(t, "BM253");
    char spec[96];
    snprintf(spec, sizeof spec, "\"/\" \"%s\" Enter Enter", no);
    keys(t, spec);
    see(t, "BM252");
    step(t, "退回补充材料");
    keys(t, "\"本人近照一张和社保卡\" Enter");
    see(t, "退回补充");
    e2e_logout(t);

    /* The agent's ledger shows it sent back; option 6 shows the one-time notice, F9 prints. */
    t = e2e_login(e2e_shared, "agent");
    keys(t, "2 Enter");
    see(t, "BM250");
    snprintf(spec, sizeof spec, "\"/\" \"%s\" Enter", no);
    keys(t, spec);
    see(t, "退回补充");
    keys(t, "\"6\" Enter");
    see(t, "一次性告知书（代办件）");
    see(t, "本人近照一张和社保卡");
    size_t before = bmt_raw_output(t, &bytes);
    keys(t, "F9");
    see(t, "已送到您终端的打印机");
    char *paper = printed(t, before);
    assert_non_null(paper);
    assert_non_null(strstr(paper, "本人近照一张和社保卡"));
    free(paper);
    /* The materials came: forwarded again. */
    keys(t, "F3 \"5\" Enter");
    see(t, "BM252");
    step(t, "转镇办理");
    see(t, "已转镇");
    e2e_logout(t);

    /* The clerk matches it to a matter on receipt. */
    t = e2e_login(e2e_shared, "clerk");
    keys(t, "9 Enter");
    snprintf(spec, sizeof spec, "\"/\" \"%s\" Enter Enter", no);
    keys(t, spec);
    see(t, "BM252");
    step(t, "接收受理（转为办件）");
    keys(t, "Enter Enter");
    see(t, "受理前请先对应到具体事项");
    keys(t, "BTab BTab \"SB-002\" Enter Enter");
    see(t, "已受理为办件");
    see(t, "城乡居民基本养老保险待遇领取资格认证");
    e2e_logout(t);

    /* Another village's agent asking for it by number is told why, in words. */
    t = e2e_login(e2e_shared, "yangli");
    keys(t, "2 Enter");
    see(t, "BM250");
    snprintf(spec, sizeof spec, "\"/\" \"%s\" Enter", no);
    keys(t, spec);
    see(t, "这属于其他村");
    assert_false(bmt_screen_has(t, "罗德贵"));
    e2e_logout(t);
}

/* The special-group ledger with the clock pinned to 2026-11-30: the demo's 罗德贵 (visited 40
 * days ago, monthly) is overdue, 陈素芬 (10 days ago) is not; 杨秀英 is paired for visits every
 * 14 days, due at once; her visit is logged with a request taken on it, which is in the proxy
 * ledger as a home-visit request, and her next visit moves to 14 days on. */
static void a_person_paired_visited_and_the_visits_due(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "agent");
    keys(t, "3 Enter");
    see(t, "BM254");
    see(t, "罗德贵");
    see(t, "2026-11-20 !");   /* visited 10-21, monthly: due 11-20, overdue */
    see(t, "2026-12-20");     /* 陈素芬: visited 11-20 */
    see(t, "逾期 1 !");
    keys(t, "F6");
    see(t, "BM255");
    find_person(t, "杨秀英");
    keys(t, "\"独居，耳背，需代领药品\" Enter End Bksp Bksp \"14\" F2");
    see(t, "每 14 天");
    see(t, "2026-11-30 *");  /* never visited: due the day paired, today */
    see(t, "尚未走访");
    keys(t, "\"上门量血压，送药\" Enter \"想申请高龄津贴\" Enter");
    see(t, "已记入代办台账");
    see(t, "2026-12-14");
    see(t, "上门量血压，送药");
    keys(t, "F3");
    see(t, "BM254");
    see(t, "杨秀英");
    see(t, "2026-12-14");
    keys(t, "F3 2 Enter");
    see(t, "BM250");
    keys(t, "\"/\" \"想申请高龄津贴\" Enter");
    see(t, "想申请高龄津贴");
    keys(t, "Enter");
    see(t, "上门");
    e2e_logout(t);
}

/* Collect days: a request kept for the trip waits in the ledger; F6 forwards everything kept
 * and the hand-over list, with the line the centre signs, prints. */
static void kept_for_the_trip_and_handed_over(void **state)
{
    (void)state;
    bmt_term *t = e2e_login(e2e_shared, "agent");
    keys(t, "1 Enter");
    see(t, "BM251");
    find_person(t, "陈素芬");
    keys(t, "Enter \"想给孙女办医保参保\" Enter \"3\" \"2\" \"2\" F2");
    see(t, "代办受理单");
    see(t, "留待下次集中送镇");
    char no[16];
    request_no(t, no);
    keys(t, "F3 F3 2 Enter");
    see(t, "BM250");
    see(t, "待送镇");
    keys(t, "F6");
    see(t, "代办件移交清单");
    see(t, no);
    const char *bytes;
    size_t before = bmt_raw_output(t, &bytes);
    keys(t, "F9");
    see(t, "已送到您终端的打印机");
    char *paper = printed(t, before);
    assert_non_null(paper);
    assert_non_null(strstr(paper, no));
    assert_non_null(strstr(paper, "接收人（签字）"));
    free(paper);
    keys(t, "F3");
    see(t, "BM250");
    assert_false(bmt_screen_has(t, "待送镇"));
    keys(t, "F6");
    see(t, "没有待送镇的代办件");
    e2e_logout(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_whole_chain_from_the_village_to_the_person_told),
        cmocka_unit_test(sent_back_then_matched_on_receipt),
        cmocka_unit_test(a_person_paired_visited_and_the_visits_due),
        cmocka_unit_test(kept_for_the_trip_and_handed_over),
    };
    return cmocka_run_group_tests(tests, start_shared, e2e_shared_stop);
}
