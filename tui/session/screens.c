/* The registry of screens by id: a draft names its screen by id, and comes back to it. */
#include "tui/session/screens.h"

#include <string.h>

static const screen_def *const all_screens[] = {
    &screen_home,
    &screen_intake,
    &screen_settings,
};

const screen_def *screen_by_id(const char *id)
{
    for (size_t i = 0; i < sizeof all_screens / sizeof all_screens[0]; i++)
        if (id && strcmp(all_screens[i]->id, id) == 0)
            return all_screens[i];
    return NULL;
}
