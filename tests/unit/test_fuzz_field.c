/* Replays the seed corpus of the field fuzz target (tests/fuzz/fuzz_field.c) in the plain
 * and the sanitizer builds of `make check`. */
#include "tests/fuzz/fuzz_field.c"
#include "tests/fuzz/replay.h"

int main(void)
{
    return replay_main("field");
}
