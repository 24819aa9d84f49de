/* A real ncurses screen (80x24 xterm, writing into a memory file) for the unit tests of the
 * widgets, and its rows read back as UTF-8 text. For cmocka group setup and teardown. */
#ifndef BIANMIN_TESTS_UNIT_SCREEN_FIXTURE_H
#define BIANMIN_TESTS_UNIT_SCREEN_FIXTURE_H

#include "forms/text.h"

#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static SCREEN *fixture_screen;
static FILE *fixture_out, *fixture_in;

static int setup_screen(void **state)
{
    (void)state;
    setlocale(LC_ALL, "C.UTF-8");
    setenv("LINES", "24", 1);
    setenv("COLUMNS", "80", 1);
    fixture_out = fdopen(memfd_create("test-screen", 0), "w");
    fixture_in = fopen("/dev/null", "r");
    fixture_screen = newterm("xterm", fixture_out, fixture_in);
    if (!fixture_screen)
        return -1;
    set_term(fixture_screen);
    resizeterm(24, 80);
    return 0;
}

static int teardown_screen(void **state)
{
    (void)state;
    endwin();
    delscreen(fixture_screen);   /* the only screen in the process: the delscreen bug cannot bite */
    fclose(fixture_out);
    fclose(fixture_in);
    return 0;
}

/* Row y of stdscr as UTF-8, each double-width character once, trailing spaces trimmed. */
static char *row_text(int y, char *buf, size_t cap)
{
    size_t used = 0;
    for (int x = 0; x < COLS && used + 5 < cap; x++) {
        cchar_t cc;
        if (mvwin_wch(stdscr, y, x, &cc) != OK)
            break;
        wchar_t wc[CCHARW_MAX + 1];
        attr_t attrs;
        short pair;
        getcchar(&cc, wc, &attrs, &pair, NULL);
        if (wc[0] == 0)
            continue;
        char enc[8];
        int n = fm_utf8_encode(wc[0], enc);
        memcpy(buf + used, enc, (size_t)n);
        used += (size_t)n;
        if (fm_wcwidth(wc[0]) == 2)
            x++;
    }
    while (used > 0 && buf[used - 1] == ' ')
        used--;
    buf[used] = 0;
    return buf;
}

#endif
