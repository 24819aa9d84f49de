/* The keys every work-list screen shares: F5 reads the list again, F7/F8 (and PgUp/PgDn) page,
 * "/" finds, F12 or Esc shows the whole list again after a find and leaves from the bare list.
 * A list screen's state begins with a list_screen, so these handlers reach its list; the
 * screen adds its own keys around LIST_SCREEN_KEYS in its key table. */
#ifndef TUI_KIT_LISTKEYS_H
#define TUI_KIT_LISTKEYS_H

#include "forms/fkeys.h"
#include "forms/worklist.h"
#include "tui/session/app.h"

typedef struct list_screen {
    app *a;           /* the session, for the list's fetch callback */
    fm_worklist wl;
} list_screen;

/* The screen's own key handler for what the key table does not take: the list's rows, options
 * and find field; a key the list refuses says `refused` (a msgid) on the message line. */
int list_screen_key(app *a, void *st, fm_key k, const char *refused);
/* Draws the list in the body with the words every list shares; the screen gives its own:
 * the option line, the prompt under Find, and what an empty list and an empty find say
 * (all translated already). Places the cursor where the list wants it. */
typedef struct list_screen_words {
    const char *options, *prompt, *none_found, *empty;
} list_screen_words;
void list_screen_draw(app *a, list_screen *s, WINDOW *w, const list_screen_words *own);

int list_refresh_key(void *owner, void *st, fm_key k);
int list_page_key(void *owner, void *st, fm_key k);
int list_find_key(void *owner, void *st, fm_key k);
int list_show_all_key(void *owner, void *st, fm_key k);

#define LIST_SCREEN_KEYS                                                      \
    { FM_KEY_F(5), NULL, N_("Refresh"), list_refresh_key, 0 },                \
    { FM_KEY_F(7), N_("F7/F8"), N_("Page"), list_page_key, 0 },               \
    { FM_KEY_F(8), NULL, NULL, list_page_key, 0 },                            \
    { FM_KEY_CHAR, NULL, N_("Find"), list_find_key, L'/' },                   \
    { FM_KEY_F(12), NULL, N_("Show all"), list_show_all_key, 0 },             \
    { FM_KEY_ESC, NULL, NULL, list_show_all_key, 0 }

/* The same keys with F12 working but left out of the legend, for a screen whose own keys
 * leave the legend line no room for it. */
#define LIST_SCREEN_KEYS_COMPACT                                              \
    { FM_KEY_F(5), NULL, N_("Refresh"), list_refresh_key, 0 },                \
    { FM_KEY_F(7), N_("F7/F8"), N_("Page"), list_page_key, 0 },               \
    { FM_KEY_F(8), NULL, NULL, list_page_key, 0 },                            \
    { FM_KEY_CHAR, NULL, N_("Find"), list_find_key, L'/' },                   \
    { FM_KEY_F(12), NULL, NULL, list_show_all_key, 0 },                       \
    { FM_KEY_ESC, NULL, NULL, list_show_all_key, 0 }

#endif
