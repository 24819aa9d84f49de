/* Unit tests of the applicant's documents (tui/receipt.h): the acceptance receipt, the one-time
 * notice and the notice of corrections laid out for an 80-column printer in Chinese: what each
 * must say (centre, case number, applicant with the ID masked, matter, materials received and
 * missing, promised date, clerk, centre phone), no line wider than the printer, the same text
 * for the same case, and the printer's line ends. Also one receipt read from a real demo
 * database through core. */
#include "tui/kit/receipt.h"
#include "core/db.h"
#include "core/case.h"
#include "core/applicant.h"
#include "core/date.h"
#include "core/user.h"
#include "forms/text.h"
#include "tui/session/i18n.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

static int setup(void **state)
{
    (void)state;
    setlocale(LC_ALL, "C.UTF-8");
    const char *build = getenv("BIANMIN_BUILD");
    char dir[512];
    snprintf(dir, sizeof dir, "%s/locale", build ? build : "build");
    setenv("BIANMIN_LOCALEDIR", dir, 1);
    return i18n_init() >= 1 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    i18n_free();
    return 0;
}

static void add_material(doc_data *d, const char *name, int original, int required,
                         int received)
{
    doc_material *m = &d->materials[d->nmaterials++];
    snprintf(m->name, sizeof m->name, "%s", name);
    m->original = original;
    m->copies = 1;
    m->required = required;
    m->received = received;
}

static void sample(doc_data *d, int kind)
{
    memset(d, 0, sizeof *d);
    d->kind = kind;
    snprintf(d->centre, sizeof d->centre, "青林镇便民服务中心");
    snprintf(d->centre_phone, sizeof d->centre_phone, "0818-7321001");
    snprintf(d->case_no, sizeof d->case_no, "202609290017");
    d->status = BM_CASE_ACCEPTED;
    snprintf(d->applicant, sizeof d->applicant, "柯雨桐");
    snprintf(d->id_masked, sizeof d->id_masked, "511722********1233");
    snprintf(d->phone, sizeof d->phone, "13908161235");
    snprintf(d->matter_code, sizeof d->matter_code, "MZ-008");
    snprintf(d->matter, sizeof d->matter, "基本殡葬服务费用减免");
    snprintf(d->day, sizeof d->day, "2026-09-29");
    snprintf(d->time, sizeof d->time, "10:00");
    d->promised_days = 5;
    snprintf(d->deadline, sizeof d->deadline, "2026-10-12");
    snprintf(d->clerk, sizeof d->clerk, "张敏");
    add_material(d, "经办人居民身份证", 1, 1, 1);
    add_material(d, "居民死亡医学证明（推断）书", 0, 1, 1);
    add_material(d, "火化证明", 0, 1, 0);
    add_material(d, "一份名称很长很长很长很长很长很长很长很长很长很长很长很长很长很长的证明材料", 1, 1, 0);
    add_material(d, "经办人社会保障卡或银行卡", 0, 0, 0);
}

static char *format(const doc_data *d)
{
    size_t need = doc_format(d, "zh_CN", NULL, 0);
    char *text = malloc(need + 1);
    assert_non_null(text);
    assert_int_equal(doc_format(d, "zh_CN", text, need + 1), need);
    assert_int_equal(strlen(text), need);
    return text;
}

/* Every line fits the printer (Chinese counted as two columns) and ends in '\n'. */
static void assert_fits(const char *text)
{
    assert_true(text[0] != 0);
    assert_int_equal(text[strlen(text) - 1], '\n');
    const char *p = text;
    while (*p) {
        const char *eol = strchr(p, '\n');
        assert_non_null(eol);
        char line[512];
        size_t n = (size_t)(eol - p);
        assert_true(n < sizeof line);
        memcpy(line, p, n);
        line[n] = 0;
        if (fm_width(line) > DOC_WIDTH)
            fprintf(stderr, "# too wide (%d): %s\n", fm_width(line), line);
        assert_true(fm_width(line) <= DOC_WIDTH);
        p = eol + 1;
    }
}

/* The text between the line holding `from` and the next line holding `to`. */
static char *section(const char *text, const char *from, const char *to)
{
    const char *a = strstr(text, from);
    assert_non_null(a);
    a = strchr(a, '\n') + 1;
    const char *b = strstr(a, to);
    assert_non_null(b);
    while (b > a && b[-1] != '\n')
        b--;
    char *s = strndup(a, (size_t)(b - a));
    assert_non_null(s);
    return s;
}

static void test_receipt(void **state)
{
    (void)state;
    doc_data d;
    sample(&d, DOC_RECEIPT);
    snprintf(d.commit_due, sizeof d.commit_due, "2026-10-09");
    i18n_use("en");   /* the clerk's UI language does not change the applicant's paper */
    char *text = format(&d);
    assert_string_equal(i18n_current(), "en");
    assert_fits(text);
    assert_non_null(strstr(text, "青林镇便民服务中心"));
    assert_non_null(strstr(text, "受理回执"));
    assert_non_null(strstr(text, "办件号：202609290017"));
    assert_non_null(strstr(text, "申请人：柯雨桐"));
    assert_non_null(strstr(text, "身份证号：511722********1233"));
    assert_non_null(strstr(text, "办理事项：MZ-008 基本殡葬服务费用减免"));
    assert_non_null(strstr(text, "承诺办结日期：2026-10-12"));
    assert_non_null(strstr(text, "承诺办结时限：5 个工作日"));
    assert_non_null(strstr(text, "受理人：张敏"));
    assert_non_null(strstr(text, "咨询电话：0818-7321001"));
    char *got = section(text, "已收材料：", "容缺受理");
    assert_non_null(strstr(got, "1. 经办人居民身份证（原件 1 份）"));
    assert_non_null(strstr(got, "2. 居民死亡医学证明（推断）书（复印件 1 份）"));
    assert_null(strstr(got, "火化证明"));
    free(got);
    /* On commitment: the required items not brought, with their date; optional ones not. */
    char *due = section(text, "2026-10-09 前补齐", "----");
    assert_non_null(strstr(due, "1. 火化证明（复印件 1 份）"));
    assert_non_null(strstr(due, "2. 一份名称很长"));
    assert_null(strstr(due, "社会保障卡"));
    free(due);
    /* The same case gives the same text. */
    char *again = format(&d);
    assert_string_equal(text, again);
    free(again);
    free(text);
    i18n_use("zh_CN");
}

static void test_receipt_of_bundle_and_completion(void **state)
{
    (void)state;
    doc_data d;
    sample(&d, DOC_RECEIPT);
    d.nmaterials = 2;
    d.status = BM_CASE_COMPLETED;
    d.promised_days = 0;
    snprintf(d.completed_day, sizeof d.completed_day, "2026-09-29");
    snprintf(d.result, sizeof d.result, "当场办结");
    snprintf(d.delivery, sizeof d.delivery, "窗口领取");
    d.nsubs = 2;
    snprintf(d.subs[0].no, sizeof d.subs[0].no, "202609290018");
    snprintf(d.subs[0].matter, sizeof d.subs[0].matter, "出生医学证明首次签发");
    snprintf(d.subs[0].deadline, sizeof d.subs[0].deadline, "2026-09-29");
    snprintf(d.subs[1].no, sizeof d.subs[1].no, "202609290019");
    snprintf(d.subs[1].matter, sizeof d.subs[1].matter,
             "生育保险待遇核准与支付（生育医疗费用、生育津贴）还有更长的名称用来折行");
    snprintf(d.subs[1].deadline, sizeof d.subs[1].deadline, "2026-10-19");
    char *text = format(&d);
    assert_fits(text);
    assert_non_null(strstr(text, "承诺办结时限：即办"));
    assert_non_null(strstr(text, "已于 2026-09-29 办结：当场办结"));
    assert_non_null(strstr(text, "领取方式：窗口领取"));
    assert_non_null(strstr(text, "子办件（2 件）："));
    assert_non_null(strstr(text, "202609290018  出生医学证明首次签发，承诺 2026-09-29 前办结"));
    assert_non_null(strstr(text, "202609290019  生育保险待遇核准与支付"));
    assert_null(strstr(text, "容缺受理"));
    free(text);
}

static void test_one_time_notice(void **state)
{
    (void)state;
    doc_data d;
    sample(&d, DOC_NOTICE);
    d.status = BM_CASE_DRAFT;
    char *text = format(&d);
    assert_fits(text);
    assert_non_null(strstr(text, "一次性告知书"));
    assert_non_null(strstr(text, "登记号：202609290017"));
    assert_non_null(strstr(text, "511722********1233"));
    /* Exactly the required items not received, every one at once. */
    char *missing = section(text, "请补齐以下全部材料", "已核验的材料");
    assert_non_null(strstr(missing, "1. 火化证明（复印件 1 份）"));
    assert_non_null(strstr(missing, "2. 一份名称很长"));
    assert_null(strstr(missing, "3."));
    assert_null(strstr(missing, "经办人"));
    free(missing);
    char *checked = section(text, "已核验的材料", "----");
    assert_non_null(strstr(checked, "经办人居民身份证"));
    assert_null(strstr(checked, "火化证明"));
    free(checked);
    assert_non_null(strstr(text, "告知人：张敏"));
    free(text);
}

static void test_notice_of_corrections(void **state)
{
    (void)state;
    doc_data d;
    sample(&d, DOC_CORRECTIONS);
    d.status = BM_CASE_CORRECTIONS;
    snprintf(d.corrections, sizeof d.corrections, "需补正：火化证明。复印件不清晰");
    char *text = format(&d);
    assert_fits(text);
    assert_non_null(strstr(text, "补正告知书"));
    assert_non_null(strstr(text, "需补正：火化证明。复印件不清晰"));
    assert_non_null(strstr(text, "暂停"));
    assert_non_null(strstr(text, "经办人：张敏"));
    free(text);
}

static void test_kind_and_printer(void **state)
{
    (void)state;
    bm_case c = { .status = BM_CASE_DRAFT };
    assert_int_equal(doc_kind_for(&c), DOC_NOTICE);
    c.status = BM_CASE_CORRECTIONS;
    assert_int_equal(doc_kind_for(&c), DOC_CORRECTIONS);
    c.status = BM_CASE_COMPLETED;
    assert_int_equal(doc_kind_for(&c), DOC_RECEIPT);
    char *p = doc_for_printer("a\n受理\n");
    assert_string_equal(p, "a\r\n受理\r\n\f");
    free(p);
    /* A buffer too small is cut but still a string, and the length needed is told. */
    doc_data d;
    sample(&d, DOC_RECEIPT);
    char small[32];
    size_t need = doc_format(&d, "zh_CN", small, sizeof small);
    assert_true(need > sizeof small);
    assert_true(strlen(small) < sizeof small);
}

/* A receipt read through core from a demo database: the clerk's own intake, ID masked. */
static void test_load_from_core(void **state)
{
    (void)state;
    char dir[] = "/tmp/bianmin-receipt.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[600];
    snprintf(path, sizeof path, "%s/bianmin.db", dir);
    bm_clock_set(bm_time_at(bm_day_from_ymd(2026, 9, 29), 10 * 60));
    char pw[64];
    bm_err err;
    assert_int_equal(bm_db_init(path, BM_INIT_DEMO, pw, sizeof pw, &err), BM_OK);
    bm_db *db;
    assert_int_equal(bm_db_open(path, &db, &err), BM_OK);
    bm_user u;
    assert_int_equal(bm_user_get(db, "clerk", &u, &err), BM_OK);
    bm_actor who = { u.id, u.login, u.role, u.org_id, "test", "" };
    bm_applicant ap;
    memset(&ap, 0, sizeof ap);
    ap.kind = BM_APPLICANT_PERSON;
    snprintf(ap.name, sizeof ap.name, "柯雨桐");
    snprintf(ap.id_no, sizeof ap.id_no, "511722199003151233");
    snprintf(ap.phone, sizeof ap.phone, "13908161235");
    assert_int_equal(bm_applicant_add(db, &who, &ap, &err), BM_OK);
    const char *got[] = { "检疫申报单", "申报人居民身份证" };
    bm_intake in = { .applicant_id = ap.id, .matter_code = "NY-006",
                     .channel = BM_CHANNEL_WINDOW, .received = got, .nreceived = 2,
                     .mode = BM_INTAKE_ACCEPT };
    bm_case c;
    assert_int_equal(bm_case_intake(db, &who, &in, &c, &err), BM_OK);
    doc_data *d = malloc(sizeof *d);
    assert_int_equal(doc_load(db, &who, c.id, DOC_RECEIPT, d, &err), BM_OK);
    assert_string_equal(d->case_no, c.no);
    assert_string_equal(d->id_masked, "511722********1233");   /* masked on paper */
    assert_string_equal(d->centre, "青林镇便民服务中心");
    assert_string_equal(d->centre_phone, "0818-7321001");
    assert_string_equal(d->clerk, "张敏");
    assert_string_equal(d->deadline, "2026-09-30");
    assert_string_equal(d->time, "10:00");
    assert_int_equal(d->nmaterials, 3);
    char *text = format(d);
    assert_fits(text);
    assert_non_null(strstr(text, "检疫申报单（原件 1 份）"));
    assert_null(strstr(text, "511722199003151233"));
    free(text);
    free(d);
    bm_db_close(db);
    bm_clock_set(0);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* A catalogue with part of a document translated (made-up test text, marked [bo]): the
 * applicant's paper is the Chinese document, then the same document in that language, with
 * Chinese wherever the translation stops. No translation: the Chinese document only. */
static void test_bilingual_for_applicant(void **state)
{
    (void)state;
    char dir[] = "/tmp/bianmin-doc-lang.XXXXXX";
    assert_non_null(mkdtemp(dir));
    const char *build = getenv("BIANMIN_BUILD");
    char path[600], cmd[2048];
    snprintf(cmd, sizeof cmd,
             "mkdir -p %s/zh_CN/LC_MESSAGES %s/bo/LC_MESSAGES && "
             "cp %s/locale/zh_CN/LC_MESSAGES/bianmin.mo %s/zh_CN/LC_MESSAGES/",
             dir, dir, build ? build : "build", dir);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof path, "%s/bo.po", dir);
    FILE *po = fopen(path, "w");
    assert_non_null(po);
    fputs("msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
          "msgid \"Acceptance receipt\"\nmsgstr \"[bo] Acceptance receipt\"\n\n"
          "#, c-format\nmsgid \"Applicant: %s\"\nmsgstr \"[bo] Applicant: %s\"\n", po);
    fclose(po);
    snprintf(cmd, sizeof cmd, "msgfmt --check-format -o %s/bo/LC_MESSAGES/bianmin.mo %s", dir, path);
    assert_int_equal(system(cmd), 0);
    char *saved = strdup(getenv("BIANMIN_LOCALEDIR"));
    i18n_free();
    setenv("BIANMIN_LOCALEDIR", dir, 1);
    assert_int_equal(i18n_init(), 2);

    doc_data *d = malloc(sizeof *d);
    assert_non_null(d);
    sample(d, DOC_RECEIPT);
    snprintf(d->applicant_lang, sizeof d->applicant_lang, "bo");
    assert_true(doc_translated("bo", DOC_RECEIPT));
    assert_false(doc_translated("bo", DOC_NOTICE));
    size_t need = doc_format_for_applicant(d, NULL, 0);
    char *text = malloc(need + 1);
    assert_non_null(text);
    assert_int_equal(doc_format_for_applicant(d, text, need + 1), need);
    assert_fits(text);
    const char *second = strstr(text, "[bo] Acceptance receipt");
    assert_non_null(second);
    assert_true(strstr(text, "受理回执") < second);           /* Chinese first */
    assert_non_null(strstr(second, "[bo] Applicant: 柯雨桐"));  /* translated */
    assert_non_null(strstr(second, "办件号：202609290017"));    /* not translated: Chinese */
    assert_null(strstr(text, "Case no."));                      /* never the English msgid */
    free(text);

    /* A language with no document translated, and a Chinese speaker: Chinese only. */
    const char *others[] = { "ii", "zh", "" };
    for (size_t i = 0; i < 3; i++) {
        snprintf(d->applicant_lang, sizeof d->applicant_lang, "%s", others[i]);
        char *only = malloc(doc_format_for_applicant(d, NULL, 0) + 1);
        assert_non_null(only);
        size_t n = doc_format_for_applicant(d, only, 65536);
        char *zh = format(d);
        assert_int_equal(n, strlen(zh));
        assert_string_equal(only, zh);
        free(only);
        free(zh);
    }
    free(d);
    i18n_free();
    setenv("BIANMIN_LOCALEDIR", saved, 1);
    free(saved);
    assert_true(i18n_init() >= 2);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_receipt),
        cmocka_unit_test(test_receipt_of_bundle_and_completion),
        cmocka_unit_test(test_one_time_notice),
        cmocka_unit_test(test_notice_of_corrections),
        cmocka_unit_test(test_kind_and_printer),
        cmocka_unit_test(test_load_from_core),
        cmocka_unit_test(test_bilingual_for_applicant),
    };
    return cmocka_run_group_tests_name("receipt", tests, setup, teardown);
}
