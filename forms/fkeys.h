/* Function keys declared once per screen: each entry is a key, the words the legend shows for
 * it and the action it runs. The legend line is drawn from the same list that dispatches, so a
 * legend can never promise a key nobody handles. */
#ifndef FM_FKEYS_H
#define FM_FKEYS_H

#include <stddef.h>
#include "forms/key.h"

/* What a key does: owner is the program's context, state the screen's own, k the key (one
 * action may serve a pair such as F7/F8). Returns an enum fm_result (FM_HANDLED when done,
 * FM_IGNORED to let the owner's defaults act). */
typedef int (*fm_action)(void *owner, void *state, fm_key k);

typedef struct fm_fkey {
    int code;              /* enum fm_keycode, e.g. FM_KEY_F(2) */
    const char *keyname;   /* msgid of the key as the legend names it ("F7/F8", "Enter");
                              NULL: "Fn" from code, or the character itself */
    const char *label;     /* msgid of what it does ("Accept"); NULL: works, not in the legend */
    fm_action action;
    wchar_t ch;            /* for code FM_KEY_CHAR: the character ('/') */
} fm_fkey;

/* Lists end with an entry whose code is FM_KEY_NONE. */
#define FM_FKEYS_END { FM_KEY_NONE, NULL, NULL, NULL, 0 }

/* The entry for key k, or NULL. */
const fm_fkey *fm_fkeys_find(const fm_fkey *keys, fm_key k);
/* Runs the action of key k: its result, or FM_IGNORED when the list has no such key. */
int fm_fkeys_dispatch(const fm_fkey *keys, fm_key k, void *owner, void *state);
/* Writes the legend "F1=Help  F3=Back …" into buf, translating key names and labels with tr
 * (may be NULL). Entries are parted by two spaces, or one when two would pass `cols` columns.
 * Returns the columns the legend takes. */
int fm_fkeys_legend(const fm_fkey *keys, const char *(*tr)(const char *msgid), int cols,
                    char *buf, size_t cap);

#endif
