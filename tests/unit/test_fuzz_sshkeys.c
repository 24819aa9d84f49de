/* Replays the seed corpus of the sshkeys fuzz target (tests/fuzz/fuzz_sshkeys.c) in the plain
 * and the sanitizer builds of `make check`. */
#include "tests/fuzz/fuzz_sshkeys.c"
#include "tests/fuzz/replay.h"

int main(void)
{
    return replay_main("sshkeys");
}
