/* ID numbers, credit codes and phone numbers: normalising and checking them; telling what a
 * typed lookup is. */
#include <string.h>
#include "core/db_internal.h"
#include "core/pinyin.h"
#include "core/validate.h"

int bm_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        unsigned char b = *p;
        int k = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3
              : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
        if (k == 0 || end - p < k)
            return 0;
        uint32_t cp = k == 1 ? b : (uint32_t)(b & (0x7F >> k));
        for (int i = 1; i < k; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (p[i] & 0x3F);
        }
        if ((k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        p += k;
    }
    return 1;
}

int bm_text_line_plain(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t' && !(c == '\r' && i + 1 == n)) || c == 0x7F)
            return 0;
    }
    return 1;
}

int bm_normalise_ascii(const char *in, char *out, size_t n)
{
    const unsigned char *s = (const unsigned char *)(in ? in : "");
    size_t len = 0;
    while (*s) {
        uint32_t cp;
        int k;
        if (s[0] < 0x80) {
            cp = s[0];
            k = 1;
        } else if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
            cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
            k = 2;
        } else if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
            cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
            k = 3;
        } else {
            return -1;
        }
        s += k;
        if (cp == ' ' || cp == '\t' || cp == 0x3000)
            continue;
        if (cp >= 0xFF01 && cp <= 0xFF5E)   /* full-width ASCII block */
            cp -= 0xFEE0;
        if (cp >= 0x80) {
            /* Keep other characters as they were (they will fail the check that follows). */
            if (len + (size_t)k >= n)
                return -1;
            memcpy(out + len, s - k, (size_t)k);
            len += (size_t)k;
            continue;
        }
        if (len + 1 >= n)
            return -1;
        out[len++] = (char)cp;
    }
    if (n == 0)
        return -1;
    out[len] = '\0';
    return 0;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

char bm_id_check_char(const char *first17)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (first17[i] - '0') * w[i];
    return "10X98765432"[sum % 11];
}

static int province_known(int p)
{
    static const int known[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37,
                                41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64,
                                65, 71, 81, 82, 83};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (known[i] == p)
            return 1;
    return 0;
}

static int id_number_check(const char *in, char out[19], bm_id_info *info, bm_err *err)
{
    char s[64];
    if (bm_normalise_ascii(in, s, sizeof s) != 0 || strlen(s) != 18)
        return bm_fail(err, BM_EINVALID, N_("An ID number has 18 characters"), "%s", in ? in : "");
    if (s[17] == 'x')
        s[17] = 'X';
    for (int i = 0; i < 17; i++)
        if (!is_digit(s[i]))
            return bm_fail(err, BM_EINVALID,
                           N_("An ID number is 17 digits and a check digit (0-9 or X)"), "%s", s);
    if (!is_digit(s[17]) && s[17] != 'X')
        return bm_fail(err, BM_EINVALID,
                       N_("An ID number is 17 digits and a check digit (0-9 or X)"), "%s", s);
    if (!province_known((s[0] - '0') * 10 + s[1] - '0'))
        return bm_fail(err, BM_EINVALID, N_("The ID number's region code is not a real one"),
                       "%.6s", s);
    char date[11] = {s[6], s[7], s[8], s[9], '-', s[10], s[11], '-', s[12], s[13], '\0'};
    bm_day birth;
    if (bm_day_parse(date, &birth) != 0 || birth > bm_day_of(bm_now()))
        return bm_fail(err, BM_EINVALID, N_("The ID number's birth date is not a real date"),
                       "%s", date);
    char want = bm_id_check_char(s);
    if (want != s[17])
        return bm_fail(err, BM_EINVALID,
                       N_("The ID number's check digit is wrong: a digit was mistyped"),
                       "%s (check digit should be %c)", s, want);
    memcpy(out, s, 19);
    if (info) {
        memcpy(info->region, s, 6);
        info->region[6] = '\0';
        info->birth = birth;
        info->male = (s[16] - '0') % 2;
    }
    return BM_OK;
}

static const char credit_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

char bm_credit_check_char(const char *first17)
{
    static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        const char *p = first17[i] ? strchr(credit_chars, first17[i]) : NULL;
        if (!p)
            return 0;
        sum += (int)(p - credit_chars) * w[i];
    }
    return credit_chars[(31 - sum % 31) % 31];
}

static int credit_code_check(const char *in, char out[19], bm_err *err)
{
    char s[64];
    if (bm_normalise_ascii(in, s, sizeof s) != 0 || strlen(s) != 18)
        return bm_fail(err, BM_EINVALID, N_("A unified social credit code has 18 characters"),
                       "%s", in ? in : "");
    for (int i = 0; i < 18; i++) {
        if (s[i] >= 'a' && s[i] <= 'z')
            s[i] = (char)(s[i] - 32);
        if (!strchr(credit_chars, s[i]))
            return bm_fail(err, BM_EINVALID,
                           N_("A credit code uses digits and capital letters except I, O, S, V, Z"),
                           "%s", s);
    }
    for (int i = 2; i < 8; i++)
        if (!is_digit(s[i]))
            return bm_fail(err, BM_EINVALID,
                           N_("A credit code's 3rd to 8th characters are a region code (digits)"),
                           "%s", s);
    char want = bm_credit_check_char(s);
    if (want != s[17])
        return bm_fail(err, BM_EINVALID,
                       N_("The credit code's check character is wrong: a character was mistyped"),
                       "%s (should end in %c)", s, want);
    memcpy(out, s, 19);
    return BM_OK;
}

static int phone_check(const char *in, char *out, size_t n, int *kind, bm_err *err)
{
    char s[64], d[64];
    if (bm_normalise_ascii(in, s, sizeof s) != 0)
        return bm_fail(err, BM_EINVALID, N_("Not a phone number"), "%s", in ? in : "");
    const char *p = s;
    if (strncmp(p, "+86", 3) == 0)
        p += 3;
    else if (strncmp(p, "0086", 4) == 0)
        p += 4;
    /* Keep digits; '-' separates an area code, '(' ')' may surround it. */
    size_t len = 0;
    int dash_at = -1;
    for (; *p; p++) {
        if (is_digit(*p))
            d[len++] = *p;
        else if (*p == '-' || *p == ')') {
            if (dash_at < 0 && len > 0)
                dash_at = (int)len;
        }
        else if (!(*p == '(' && len == 0))
            return bm_fail(err, BM_EINVALID, N_("A phone number is digits, with '-' after the "
                                                "area code"), "%s", s);
    }
    d[len] = '\0';
    if (len == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9') {
        if (n < 12)
            return bm_fail(err, BM_EINVALID, N_("Not a phone number"), NULL);
        memcpy(out, d, 12);
        if (kind)
            *kind = BM_PHONE_MOBILE;
        return BM_OK;
    }
    if (d[0] != '0')
        return bm_fail(err, BM_EINVALID,
                       N_("A mobile number is 11 digits starting 13-19; a landline needs its "
                          "area code (e.g. 0818-2345678)"), "%s", s);
    int area = (d[1] == '1' || d[1] == '2') ? 3 : 4;   /* 010, 02X; else 0XXX */
    if (dash_at >= 0 && dash_at != area)
        return bm_fail(err, BM_EINVALID, N_("The area code is not a real one"), "%s", s);
    size_t local = len - (size_t)area;
    if (d[1] == '1' && d[2] != '0')
        return bm_fail(err, BM_EINVALID, N_("The area code is not a real one"), "%s", s);
    if (len <= (size_t)area || !(local == 8 || (area == 4 && local == 7)) ||
        d[area] == '0' || d[area] == '1')
        return bm_fail(err, BM_EINVALID,
                       N_("A landline is its area code and a 7- or 8-digit number"), "%s", s);
    if (n < len + 2)
        return bm_fail(err, BM_EINVALID, N_("Not a phone number"), NULL);
    memcpy(out, d, (size_t)area);
    out[area] = '-';
    memcpy(out + area + 1, d + area, local + 1);
    if (kind)
        *kind = BM_PHONE_LANDLINE;
    return BM_OK;
}

/* The checks as core's callers see them: a refusal names the field it is about. */
int bm_id_number_check(const char *in, char out[19], bm_id_info *info, bm_err *err)
{
    return bm_err_at(err, BM_FIELD_ID_NO, id_number_check(in, out, info, err));
}

int bm_credit_code_check(const char *in, char out[19], bm_err *err)
{
    return bm_err_at(err, BM_FIELD_ID_NO, credit_code_check(in, out, err));
}

int bm_phone_check(const char *in, char *out, size_t n, int *kind, bm_err *err)
{
    return bm_err_at(err, BM_FIELD_PHONE, phone_check(in, out, n, kind, err));
}

void bm_id_mask(const char *id, char *out, size_t n)
{
    size_t len = id ? strlen(id) : 0;
    if (n == 0)
        return;
    if (len == 18 && n >= 19) {
        memcpy(out, id, 6);
        memset(out + 6, '*', 8);
        memcpy(out + 14, id + 14, 5);
        return;
    }
    if (len <= 4 || n < len + 1) {
        for (size_t i = 0; i < len && i + 1 < n; i++)
            out[i] = '*';
        out[len < n ? len : n - 1] = '\0';
        return;
    }
    memcpy(out, id, 2);
    memset(out + 2, '*', len - 4);
    memcpy(out + len - 2, id + len - 2, 3);
}

/* 17 digits and a digit or X: the shape of a resident ID number. */
static int id_shaped(const char *s)
{
    if (strlen(s) != 18)
        return 0;
    for (int i = 0; i < 17; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return (s[17] >= '0' && s[17] <= '9') || s[17] == 'X' || s[17] == 'x';
}

/* 7 or more digits with only -, + or spaces besides: a phone, not a name or a code. */
static int phone_shaped(const char *s)
{
    int digits = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digits++;
        else if (*s != '-' && *s != '+' && *s != ' ')
            return 0;
    }
    return digits >= 7;
}

static void upper(char *s)
{
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z')
            *s = (char)(*s - 32);
}

int bm_lookup_classify(const char *input, bm_lookup *out)
{
    memset(out, 0, sizeof *out);
    char *q = out->text;
    if (!input || bm_normalise_ascii(input, q, sizeof out->text) != 0)
        bm_strlcpy(q, input ? input : "", sizeof out->text);
    size_t len = strlen(q), digits = 0;
    for (size_t i = 0; i < len; i++)
        digits += q[i] >= '0' && q[i] <= '9';
    char norm[19];
    if (len == 0) {
        out->kind = BM_LOOKUP_NONE;
    } else if (len == 12 && digits == 12) {
        out->kind = BM_LOOKUP_CASE_NO;
    } else if (len == 18 && (id_shaped(q) || !phone_shaped(q))) {
        out->kind = id_shaped(q) ? BM_LOOKUP_ID_NUMBER : BM_LOOKUP_CREDIT_CODE;
        upper(q);
        out->valid = (out->kind == BM_LOOKUP_ID_NUMBER ? bm_id_number_check(q, norm, NULL, NULL)
                                                       : bm_credit_code_check(q, norm, NULL)) ==
                     BM_OK;
    } else if (phone_shaped(q)) {
        out->kind = BM_LOOKUP_PHONE;
        char p[16];
        if (bm_phone_check(q, p, sizeof p, NULL, NULL) == BM_OK) {
            out->valid = 1;
            bm_strlcpy(q, p, sizeof out->text);
        }
    } else if (bm_pinyin_is_query(q)) {
        out->kind = BM_LOOKUP_INITIALS;
        for (char *p = q; *p; p++)
            *p = (char)(*p | 0x20);
    } else {
        out->kind = BM_LOOKUP_NAME;
        bm_strlcpy(q, input, sizeof out->text);
    }
    return out->kind;
}
