/* Replays a fuzz target's seed corpus (tests/fuzz/corpus/<name>/, every file once) as a
 * cmocka test, so `make check` runs each target's known inputs in the plain and the ASan+UBSan
 * builds without libFuzzer. Included by tests/unit/test_fuzz_<name>.c after the target. A
 * target signals a broken invariant by abort(), which the test runner reports as a failure;
 * the file being replayed is named on stderr first. */
#ifndef TESTS_FUZZ_REPLAY_H
#define TESTS_FUZZ_REPLAY_H

#include <dirent.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *replay_name;

static int replay_by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void replay_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    static uint8_t buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, fp);
    assert_false(ferror(fp));
    fclose(fp);
    fprintf(stderr, "# %s (%zu bytes)\n", path, n);
    /* A copy of exactly n bytes, so ASan sees a read past the input. */
    uint8_t *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    memcpy(copy, buf, n);
    assert_int_equal(LLVMFuzzerTestOneInput(copy, n), 0);
    free(copy);
}

static void test_replay_corpus(void **state)
{
    (void)state;
    char dir[256];
    snprintf(dir, sizeof dir, "tests/fuzz/corpus/%s", replay_name);
    struct dirent **names;
    int n = scandir(dir, &names, NULL, replay_by_name);
    if (n < 0)
        fail_msg("cannot read the corpus %s", dir);
    int files = 0;
    for (int i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.') {
            char path[600];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
            replay_file(path);
            files++;
        }
        free(names[i]);
    }
    free(names);
    printf("# figure: %s corpus: %d inputs replayed\n", replay_name, files);
    assert_true(files > 0);
}

/* Runs the corpus of `name` as one cmocka group. */
static inline int replay_main(const char *name)
{
    setlocale(LC_ALL, "C.UTF-8");
    replay_name = name;
    char group[64];
    snprintf(group, sizeof group, "fuzz-%s", name);
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_replay_corpus) };
    return cmocka_run_group_tests_name(group, tests, NULL, NULL);
}

#endif
