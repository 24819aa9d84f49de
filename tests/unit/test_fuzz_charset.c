/* Replays the seed corpus of the charset fuzz target (tests/fuzz/fuzz_charset.c) in the plain
 * and the sanitizer builds of `make check`. */
#include "tests/fuzz/fuzz_charset.c"
#include "tests/fuzz/replay.h"

int main(void)
{
    return replay_main("charset");
}
