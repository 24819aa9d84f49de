/* A numbered menu with a command field (see menu.h). */
#include "forms/menu.h"
#include "forms/text.h"

#include <ctype.h>
#include <string.h>

void fm_menu_init(fm_menu *m, const fm_menu_item *items, int count)
{
    memset(m, 0, sizeof *m);
    m->items = items;
    m->count = count;
    m->chosen = -1;
    fm_field_init(&m->command, 2, 2, FM_FIELD_UPPER | FM_FIELD_ASCII);
}

static int find_item(const fm_menu *m, const char *key)
{
    if (strlen(key) != 1)
        return -1;
    for (int i = 0; i < m->count; i++)
        if (toupper((unsigned char)m->items[i].key) == toupper((unsigned char)key[0]))
            return i;
    return -1;
}

int fm_menu_key(fm_menu *m, fm_key k)
{
    char cmd[8];
    switch (k.code) {
    case FM_KEY_UP:
        m->selected = (m->selected + m->count - 1) % m->count;
        fm_field_clear(&m->command);
        return FM_HANDLED;
    case FM_KEY_DOWN:
    case FM_KEY_TAB:
        m->selected = (m->selected + 1) % m->count;
        fm_field_clear(&m->command);
        return FM_HANDLED;
    case FM_KEY_ENTER:
        fm_field_get(&m->command, cmd, sizeof cmd);
        if (cmd[0]) {
            int i = find_item(m, cmd);
            if (i < 0) {
                fm_field_select(&m->command);   /* the next number replaces the wrong one */
                return FM_REJECTED;
            }
            m->selected = i;
        }
        m->chosen = m->selected;
        fm_field_clear(&m->command);
        return FM_SUBMIT;
    case FM_KEY_CHAR:
        if (fm_field_key(&m->command, (fm_key){ FM_KEY_CHAR, k.ch }) == FM_HANDLED) {
            fm_field_get(&m->command, cmd, sizeof cmd);
            int i = find_item(m, cmd);
            if (i >= 0)
                m->selected = i;
        }
        return FM_HANDLED;
    default:
        return fm_field_key(&m->command, k);
    }
}

int fm_menu_draw(fm_menu *m, WINDOW *w, int y, int label_cols, int prompt_y, const char *prompt)
{
    int cols = getmaxx(w);
    for (int i = 0; i < m->count; i++) {
        const fm_menu_item *it = &m->items[i];
        int row = y + i;
        char key[4] = { ' ', it->key, ' ', 0 };
        wmove(w, row, 0);
        wclrtoeol(w);
        fm_put(w, row, 2, key, 3);
        if (i == m->selected)
            wattron(w, A_REVERSE);
        fm_put_padded(w, row, 6, it->label, label_cols);
        if (i == m->selected)
            wattroff(w, A_REVERSE);
        int x = 6 + label_cols + 2;
        if (it->desc && x < cols)
            x += fm_put(w, row, x, it->desc, cols - x - 1) + 2;
        if (it->status && x < cols)
            fm_put(w, row, x, it->status, cols - x - 1);
    }
    wmove(w, prompt_y, 0);
    wclrtoeol(w);
    int pw = fm_put(w, prompt_y, 2, prompt, cols - 8);
    return fm_field_draw(&m->command, w, prompt_y, 2 + pw + 1, 1);
}
