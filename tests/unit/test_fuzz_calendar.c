/* Replays the seed corpus of the calendar fuzz target (tests/fuzz/fuzz_calendar.c) in the plain
 * and the sanitizer builds of `make check`. */
#include "tests/fuzz/fuzz_calendar.c"
#include "tests/fuzz/replay.h"

int main(void)
{
    return replay_main("calendar");
}
