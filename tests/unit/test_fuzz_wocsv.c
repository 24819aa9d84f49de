/* Replays the seed corpus of the work-order CSV fuzz target (tests/fuzz/fuzz_wocsv.c) in the
 * plain and the sanitizer builds of `make check`. */
#include "tests/fuzz/fuzz_wocsv.c"
#include "tests/fuzz/replay.h"

int main(void)
{
    return replay_main("wocsv");
}
