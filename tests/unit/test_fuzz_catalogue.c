/* Replays the seed corpus of the catalogue fuzz target (tests/fuzz/fuzz_catalogue.c) in the plain
 * and the sanitizer builds of `make check`. */
#include "tests/fuzz/fuzz_catalogue.c"
#include "tests/fuzz/replay.h"

int main(void)
{
    return replay_main("catalogue");
}
