/* Compact JSON text for audit records: keys in the order given, strings escaped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/json.h"

static void put(bm_json *j, const char *s, size_t n)
{
    if (j->oom)
        return;
    if (j->len + n + 1 > j->cap) {
        size_t cap = j->cap ? j->cap : 128;
        while (cap < j->len + n + 1)
            cap *= 2;
        char *b = realloc(j->buf, cap);
        if (!b) {
            j->oom = 1;
            return;
        }
        j->buf = b;
        j->cap = cap;
    }
    memcpy(j->buf + j->len, s, n);
    j->len += n;
    j->buf[j->len] = '\0';
}

static void puts_(bm_json *j, const char *s)
{
    put(j, s, strlen(s));
}

static void quoted(bm_json *j, const char *s)
{
    put(j, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*p;
            put(j, esc, 2);
        } else if (*p < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", *p);
            puts_(j, esc);
        } else {
            put(j, (const char *)p, 1);
        }
    }
    put(j, "\"", 1);
}

static void key(bm_json *j, const char *k)
{
    if (j->fields++)
        put(j, ",", 1);
    quoted(j, k);
    put(j, ":", 1);
}

void bm_json_begin(bm_json *j)
{
    memset(j, 0, sizeof *j);
    put(j, "{", 1);
}

void bm_json_str(bm_json *j, const char *k, const char *val)
{
    key(j, k);
    if (val)
        quoted(j, val);
    else
        puts_(j, "null");
}

void bm_json_int(bm_json *j, const char *k, int64_t val)
{
    char num[32];
    snprintf(num, sizeof num, "%lld", (long long)val);
    key(j, k);
    puts_(j, num);
}

void bm_json_raw(bm_json *j, const char *k, const char *json)
{
    key(j, k);
    puts_(j, json ? json : "null");
}

char *bm_json_end(bm_json *j)
{
    put(j, "}", 1);
    if (j->oom) {
        free(j->buf);
        j->buf = NULL;
    }
    return j->buf;
}
