/* What clerks type: ID numbers (GB 11643), credit codes (GB 32100), phones, masking. The check
 * characters below were computed by hand (and 11010519491231002X, 91350100M000100Y43 are the
 * published examples), not by the code under test. */
#include "core/date.h"
#include "core/validate.h"
#include "test_core_util.h"

static void id_numbers(void **state)
{
    (void)state;
    bm_clock_set(bm_time_at(bm_day_from_ymd(2026, 11, 23), 9 * 60));
    static const struct {
        const char *in;
        int code;
        const char *out;        /* normalised, when valid */
        const char *reason;     /* a word of the reason, when refused */
    } cases[] = {
        {"11010519491231002X", BM_OK, "11010519491231002X", NULL},
        {"11010519491231002x", BM_OK, "11010519491231002X", NULL},            /* lower-case x */
        {"510722199003151232", BM_OK, "510722199003151232", NULL},
        {"511725202601010012", BM_OK, "511725202601010012", NULL},            /* a newborn */
        {" 510722 19900315 1232 ", BM_OK, "510722199003151232", NULL},        /* spaces dropped */
        /* full-width digits and letter, as an input method in full-width mode types them */
        {"１１０１０５１９４９１２３１００２Ｘ", BM_OK, "11010519491231002X", NULL},
        {"５１０７２２１９９００３１５１２３２", BM_OK, "510722199003151232", NULL},
        {"110105194912310021", BM_EINVALID, NULL, "check digit"},             /* wrong check */
        {"510722199003151233", BM_EINVALID, NULL, "check digit"},
        {"510722199003151322", BM_EINVALID, NULL, "check digit"},             /* swapped digits */
        {"110105194902300020", BM_EINVALID, NULL, "birth date"},              /* 30 February */
        {"110105194913010027", BM_EINVALID, NULL, "birth date"},              /* month 13 */
        {"511725209912310014", BM_EINVALID, NULL, "birth date"},              /* in the future */
        {"11010519491231002", BM_EINVALID, NULL, "18 characters"},            /* 17 */
        {"11010519491231002X1", BM_EINVALID, NULL, "18 characters"},          /* 19 */
        {"110105491231002", BM_EINVALID, NULL, "18 characters"},              /* old 15-digit */
        {"", BM_EINVALID, NULL, "18 characters"},
        {"1101051949123100AX", BM_EINVALID, NULL, "17 digits"},
        {"11010519491231002Y", BM_EINVALID, NULL, "17 digits"},
        {"991725195607043180", BM_EINVALID, NULL, "region"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[19] = "";
        bm_err err;
        bm_err_clear(&err);
        int rc = bm_id_number_check(cases[i].in, out, NULL, &err);
        if (rc != cases[i].code)
            fail_msg("%s: got %d (%s), want %d", cases[i].in, rc, err.reason ? err.reason : "",
                     cases[i].code);
        if (cases[i].out)
            assert_string_equal(out, cases[i].out);
        if (cases[i].reason && !strstr(err.reason, cases[i].reason))
            fail_msg("%s: reason \"%s\" lacks \"%s\"", cases[i].in, err.reason, cases[i].reason);
    }
    bm_id_info info;
    char out[19];
    assert_int_equal(bm_id_number_check("11010519491231002X", out, &info, NULL), BM_OK);
    assert_string_equal(info.region, "110105");
    assert_int_equal(info.birth, bm_day_from_ymd(1949, 12, 31));
    assert_int_equal(info.male, 0);   /* 17th digit 2: a woman */
    assert_int_equal(bm_id_number_check("440524198001010013", out, &info, NULL), BM_OK);
    assert_int_equal(info.male, 1);   /* 17th digit 1: a man */
    assert_int_equal(info.birth, bm_day_from_ymd(1980, 1, 1));
    bm_clock_set(0);
}

static void credit_codes(void **state)
{
    (void)state;
    static const struct { const char *in; int code; const char *out; } cases[] = {
        {"91350100M000100Y43", BM_OK, "91350100M000100Y43"},
        {"91110000600037341L", BM_OK, "91110000600037341L"},
        {"93511725MA62X4L1QJ", BM_OK, "93511725MA62X4L1QJ"},
        {"91510100ma61r3xq5d", BM_OK, "91510100MA61R3XQ5D"},             /* lower case */
        {"９１３５０１００Ｍ０００１００Ｙ４３", BM_OK, "91350100M000100Y43"},  /* full width */
        {"91350100M000100Y44", BM_EINVALID, NULL},                       /* wrong check */
        {"91350100M000100Y4", BM_EINVALID, NULL},                        /* 17 */
        {"91350100M000100Y433", BM_EINVALID, NULL},                      /* 19 */
        {"91350100M000I00Y43", BM_EINVALID, NULL},                       /* I is not used */
        {"913501O0M000100Y43", BM_EINVALID, NULL},                       /* O in the region */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[19] = "";
        int rc = bm_credit_code_check(cases[i].in, out, NULL);
        if (rc != cases[i].code)
            fail_msg("%s: got %d, want %d", cases[i].in, rc, cases[i].code);
        if (cases[i].out)
            assert_string_equal(out, cases[i].out);
    }
}

static void phones(void **state)
{
    (void)state;
    static const struct { const char *in; int code; const char *out; int kind; } cases[] = {
        {"13908161234", BM_OK, "13908161234", BM_PHONE_MOBILE},
        {"139 0816 1234", BM_OK, "13908161234", BM_PHONE_MOBILE},
        {"139-0816-1234", BM_OK, "13908161234", BM_PHONE_MOBILE},
        {"+8613908161234", BM_OK, "13908161234", BM_PHONE_MOBILE},
        {"008619912345678", BM_OK, "19912345678", BM_PHONE_MOBILE},
        {"１３９０８１６１２３４", BM_OK, "13908161234", BM_PHONE_MOBILE},
        {"0818-2345678", BM_OK, "0818-2345678", BM_PHONE_LANDLINE},
        {"08182345678", BM_OK, "0818-2345678", BM_PHONE_LANDLINE},
        {"(0818)2345678", BM_OK, "0818-2345678", BM_PHONE_LANDLINE},
        {"028-85123456", BM_OK, "028-85123456", BM_PHONE_LANDLINE},
        {"010-62345678", BM_OK, "010-62345678", BM_PHONE_LANDLINE},
        {"12908161234", BM_EINVALID, NULL, 0},          /* 12x is not a mobile prefix */
        {"1390816123", BM_EINVALID, NULL, 0},           /* 10 digits */
        {"139081612345", BM_EINVALID, NULL, 0},         /* 12 digits */
        {"2345678", BM_EINVALID, NULL, 0},              /* no area code */
        {"010-6234567", BM_EINVALID, NULL, 0},          /* 7 digits after a 3-digit code */
        {"0818-0345678", BM_EINVALID, NULL, 0},         /* local numbers don't start with 0 */
        {"011-62345678", BM_EINVALID, NULL, 0},         /* no such area code */
        {"1390816123a", BM_EINVALID, NULL, 0},
        {"", BM_EINVALID, NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[16] = "";
        int kind = 0;
        int rc = bm_phone_check(cases[i].in, out, sizeof out, &kind, NULL);
        if (rc != cases[i].code)
            fail_msg("%s: got %d, want %d", cases[i].in, rc, cases[i].code);
        if (cases[i].out) {
            assert_string_equal(out, cases[i].out);
            assert_int_equal(kind, cases[i].kind);
        }
    }
}

static void masking(void **state)
{
    (void)state;
    char out[19];
    bm_id_mask("510722199003151232", out, sizeof out);
    assert_string_equal(out, "510722********1232");
    bm_id_mask("91350100M000100Y43", out, sizeof out);
    assert_string_equal(out, "913501********0Y43");
    bm_id_mask("12345", out, sizeof out);
    assert_string_equal(out, "12*45");
    bm_id_mask("", out, sizeof out);
    assert_string_equal(out, "");
}

static void normalising(void **state)
{
    (void)state;
    char out[32];
    assert_int_equal(bm_normalise_ascii("Ａｂ１　２", out, sizeof out), 0);
    assert_string_equal(out, "Ab12");
    assert_int_equal(bm_normalise_ascii("12345", out, 4), -1);   /* does not fit */
    assert_int_equal(bm_normalise_ascii("\xff\xfe", out, sizeof out), -1);   /* not UTF-8 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(id_numbers),
        cmocka_unit_test(credit_codes),
        cmocka_unit_test(phones),
        cmocka_unit_test(masking),
        cmocka_unit_test(normalising),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
