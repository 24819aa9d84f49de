/* Drives the terminal-input fuzz target (tests/fuzz/fuzz_input.c) with its seed corpus and
 * with seeded random input shaped like what terminals send (escape sequences, digits, UTF-8
 * lead bytes, controls), so every `make check` runs it under the sanitizers even without
 * libFuzzer. */
#include "tests/fuzz/fuzz_input.c"
#include "tests/fuzz/replay.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

static const uint8_t alphabet[] = {
    0x1b, 0x1b, '[', '[', 'O', '0', '1', '2', '5', '9', ';', '~', 'A', 'P', 'R', 'Z', 'p',
    '\r', '\n', '\t', 0x7f, 0x08, 0x15, 'x', 'X', ' ', 0xe4, 0xb8, 0xad, 0xf0, 0xa0, 0x80,
    0xc0, 0xff, 0x9b, 0x00, ']', 'P', '\\', 0x07, '?', '>', 'c', 0xc2, 0x9c,
};

static void test_random_terminal_input(void **state)
{
    (void)state;
    uint8_t buf[256];
    for (int round = 0; round < 20000; round++) {
        size_t n = next_random() % sizeof buf;
        for (size_t i = 0; i < n; i++) {
            uint32_t r = next_random();
            buf[i] = r % 4 ? alphabet[r % sizeof alphabet] : (uint8_t)(r >> 8);
        }
        assert_int_equal(LLVMFuzzerTestOneInput(buf, n), 0);
    }
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    replay_name = "input";
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replay_corpus),
        cmocka_unit_test(test_random_terminal_input),
    };
    return cmocka_run_group_tests_name("fuzz-input", tests, NULL, NULL);
}
