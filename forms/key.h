/* Key events as every widget and screen sees them, whatever bytes the terminal sent. */
#ifndef FM_KEY_H
#define FM_KEY_H

#include <wchar.h>

enum fm_keycode {
    FM_KEY_NONE = 0,
    FM_KEY_CHAR,        /* a printable character in .ch */
    FM_KEY_CTRL,        /* Ctrl + letter, .ch is 'a'..'z' */
    FM_KEY_ENTER,
    FM_KEY_TAB,
    FM_KEY_BTAB,        /* Shift-Tab */
    FM_KEY_BKSP,
    FM_KEY_DEL,
    FM_KEY_INS,
    FM_KEY_UP,
    FM_KEY_DOWN,
    FM_KEY_LEFT,
    FM_KEY_RIGHT,
    FM_KEY_HOME,
    FM_KEY_END,
    FM_KEY_PGUP,
    FM_KEY_PGDN,
    FM_KEY_ESC,         /* a lone Esc: cancel */
    FM_KEY_F1,          /* FM_KEY_F1 + n - 1 is Fn, n = 1..12 */
    FM_KEY_F12 = FM_KEY_F1 + 11
};

#define FM_KEY_F(n) (FM_KEY_F1 + (n) - 1)

typedef struct fm_key {
    int code;       /* enum fm_keycode */
    wchar_t ch;     /* for FM_KEY_CHAR and FM_KEY_CTRL */
} fm_key;

/* What a widget did with a key. */
enum fm_result {
    FM_IGNORED = 0,     /* not for this widget: the caller may act on it */
    FM_HANDLED,         /* consumed, the widget changed or stayed as it was */
    FM_SUBMIT,          /* the user confirmed (Enter on a menu, a choice in a dialog …) */
    FM_CANCEL,          /* the user backed out */
    FM_REJECTED         /* the input was not valid here: the owner says why on the message line */
};

/* A short, stable name for a key ("F2", "Enter", "x"), for logs and tests. */
const char *fm_key_name(fm_key k, char *buf, int len);

#endif
