/* For unit tests that run whole screens through the app: the clock pinned, the message
 * catalogues of the build, a demo county and a real ncurses screen (screen_fixture.h), as
 * cmocka group setup and teardown. */
#ifndef BIANMIN_TESTS_UNIT_APP_FIXTURE_H
#define BIANMIN_TESTS_UNIT_APP_FIXTURE_H

#include "tests/unit/screen_fixture.h"
#include "tests/unit/test_core_util.h"
#include "tui/session/i18n.h"

static int app_fixture_setup(const char *now, const char *db_name, bm_db **db, void **state)
{
    setenv("BIANMIN_NOW", now, 1);
    char dir[600];
    const char *build = getenv("BIANMIN_BUILD");
    snprintf(dir, sizeof dir, "%s/locale", build ? build : "build");
    setenv("BIANMIN_LOCALEDIR", dir, 1);
    if (i18n_init() < 2)
        return -1;
    *db = tu_demo_db(db_name);
    return setup_screen(state);
}

static int app_fixture_teardown(bm_db *db, void **state)
{
    bm_db_close(db);
    i18n_free();
    tu_cleanup();
    return teardown_screen(state);
}

#endif
