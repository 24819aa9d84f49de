/* Fuzz target for the calendar importer (`bianmin calendar import`): the file loaded by
 * bm_calendar_import_text into a fresh database (which holds the 2026 calendar from init).
 * A refused file is BM_EINVALID with a reason and changes no year; an accepted one replaces
 * exactly the years it names, each with as many days as the import reported, every make-up
 * working day on a weekend, names and sources UTF-8 text without control characters;
 * importing it again is the same;
 * years it does not name are untouched.
 * Input: the file's bytes. */
#include "core/calendar.h"
#include "forms/text.h"
#include "tests/fuzz/fuzz_db.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_YEARS 32
#define PRELOADED_YEAR 2026

typedef struct year_state {
    int year, loaded, days;
    char source[256];
} year_state;

/* UTF-8 without control characters (but tab). */
static int valid_text(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n > 0) {
        wchar_t wc;
        int len = fm_utf8_decode(p, n, &wc);
        if (len <= 0 || (wc < 0x20 && wc != L'\t') || wc == 0x7f)
            return 0;
        p += len;
        n -= (size_t)len;
    }
    return 1;
}

static int count_day(bm_day day, const char *kind, const char *name, void *ctx)
{
    int *days = ctx;
    int work = strcmp(kind, "work") == 0;
    if ((!work && strcmp(kind, "off") != 0) || (work && bm_day_weekday(day) < 5) ||
        strlen(name) >= 64 || !valid_text(name))
        abort();
    (*days)++;
    return 0;
}

static void read_year(bm_db *db, year_state *y)
{
    bm_err err;
    y->days = 0;
    if (bm_calendar_year_info(db, y->year, &y->loaded, y->source, sizeof y->source, &err) !=
            BM_OK ||
        bm_calendar_days(db, y->year, count_day, &y->days, &err) != BM_OK)
        abort();
    if (!valid_text(y->source))
        abort();
}

/* The years the file's date lines name (a line that starts with "YYYY-"), after 2026 (which
 * *named_preloaded tells whether the file names too). */
static int years_named(const uint8_t *data, size_t size, year_state *out, int *named_preloaded)
{
    int n = 0;
    out[n++] = (year_state){ .year = PRELOADED_YEAR };
    *named_preloaded = 0;
    for (size_t pos = 0; pos < size;) {
        size_t i = pos;
        while (i < size && (data[i] == ' ' || data[i] == '\t'))
            i++;
        if (i + 5 <= size && data[i + 4] == '-') {
            int year = 0, digits = 1;
            for (size_t k = i; k < i + 4; k++) {
                digits &= data[k] >= '0' && data[k] <= '9';
                year = year * 10 + (data[k] - '0');
            }
            *named_preloaded |= digits && year == PRELOADED_YEAR;
            int seen = 0;
            for (int k = 0; k < n; k++)
                seen |= out[k].year == year;
            if (digits && !seen && n < MAX_YEARS)
                out[n++] = (year_state){ .year = year };
        }
        const uint8_t *nl = memchr(data + pos, '\n', size - pos);
        pos = nl ? (size_t)(nl - data) + 1 : size;
    }
    return n;
}

static int same_year(const year_state *a, const year_state *b)
{
    return a->loaded == b->loaded && a->days == b->days && strcmp(a->source, b->source) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static year_state before[MAX_YEARS], after[MAX_YEARS];
    int named_preloaded;
    int n = years_named(data, size, before, &named_preloaded);
    bm_db *db = fdb_fresh();
    for (int i = 0; i < n; i++) {
        read_year(db, &before[i]);
        after[i] = before[i];
    }
    bm_err err;
    int days = -1;
    int rc = bm_calendar_import_text(db, &fdb_shell, (const char *)data, size, "fuzz.txt", &days,
                                     &err);
    for (int i = 0; i < n; i++)
        read_year(db, &after[i]);
    if (rc != BM_OK) {
        if (rc != BM_EINVALID || !err.reason || days != 0)
            abort();
        for (int i = 0; i < n; i++)
            if (!same_year(&before[i], &after[i]))
                abort();   /* a refused file changed a year */
    } else {
        int total = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 && !named_preloaded) {
                if (!same_year(&before[0], &after[0]))
                    abort();   /* a year the file does not name changed */
                continue;
            }
            if (!after[i].loaded)
                abort();
            total += after[i].days;
        }
        if (days < 1 || total != days)
            abort();
        /* The same file again: the same years, the same days. */
        int again = -1;
        if (bm_calendar_import_text(db, &fdb_shell, (const char *)data, size, "fuzz.txt", &again,
                                    &err) != BM_OK || again != days)
            abort();
        for (int i = 0; i < n; i++) {
            year_state y = after[i];
            read_year(db, &after[i]);
            if (!same_year(&y, &after[i]))
                abort();
        }
    }
    bm_db_close(db);
    return 0;
}
