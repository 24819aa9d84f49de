/* Key names for logs and tests (see key.h). */
#include "forms/key.h"

#include <stdio.h>

const char *fm_key_name(fm_key k, char *buf, int len)
{
    static const char *const names[] = {
        [FM_KEY_NONE] = "none", [FM_KEY_CHAR] = "char", [FM_KEY_CTRL] = "ctrl",
        [FM_KEY_ENTER] = "Enter", [FM_KEY_TAB] = "Tab", [FM_KEY_BTAB] = "BTab",
        [FM_KEY_BKSP] = "Bksp", [FM_KEY_DEL] = "Del", [FM_KEY_INS] = "Ins",
        [FM_KEY_UP] = "Up", [FM_KEY_DOWN] = "Down", [FM_KEY_LEFT] = "Left",
        [FM_KEY_RIGHT] = "Right", [FM_KEY_HOME] = "Home", [FM_KEY_END] = "End",
        [FM_KEY_PGUP] = "PgUp", [FM_KEY_PGDN] = "PgDn", [FM_KEY_ESC] = "Esc",
    };
    if (k.code >= FM_KEY_F1 && k.code <= FM_KEY_F12)
        snprintf(buf, (size_t)len, "F%d", k.code - FM_KEY_F1 + 1);
    else if (k.code == FM_KEY_CHAR)
        snprintf(buf, (size_t)len, "%lc", (wint_t)k.ch);
    else if (k.code == FM_KEY_CTRL)
        snprintf(buf, (size_t)len, "C-%c", (char)k.ch);
    else if (k.code >= 0 && k.code < (int)(sizeof names / sizeof names[0]) && names[k.code])
        snprintf(buf, (size_t)len, "%s", names[k.code]);
    else
        snprintf(buf, (size_t)len, "key%d", k.code);
    return buf;
}
