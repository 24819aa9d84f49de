/* Function keys declared once: legend and dispatch from one list (see fkeys.h). */
#include "forms/fkeys.h"
#include "forms/text.h"

#include <stdio.h>
#include <string.h>

const fm_fkey *fm_fkeys_find(const fm_fkey *keys, fm_key k)
{
    if (!keys || k.code == FM_KEY_NONE)
        return NULL;
    for (const fm_fkey *e = keys; e->code != FM_KEY_NONE; e++)
        if (e->code == k.code && (k.code != FM_KEY_CHAR || e->ch == k.ch))
            return e;
    return NULL;
}

int fm_fkeys_dispatch(const fm_fkey *keys, fm_key k, void *owner, void *state)
{
    const fm_fkey *e = fm_fkeys_find(keys, k);
    if (!e || !e->action)
        return FM_IGNORED;
    return e->action(owner, state, k);
}

static const char *as_is(const char *s)
{
    return s;
}

/* The legend with entries parted by `gap`; returns its columns. */
static int build(const fm_fkey *keys, const char *(*tr)(const char *), const char *gap,
                 char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = 0;
    for (const fm_fkey *e = keys; e && e->code != FM_KEY_NONE; e++) {
        if (!e->label)
            continue;
        char name[16];
        const char *key = name;
        if (e->keyname)
            key = tr(e->keyname);
        else if (e->code >= FM_KEY_F1 && e->code <= FM_KEY_F12)
            snprintf(name, sizeof name, "F%d", e->code - FM_KEY_F1 + 1);
        else if (e->code == FM_KEY_CHAR && e->ch > 0 && e->ch < 0x80)
            snprintf(name, sizeof name, "%c", (char)e->ch);
        else
            continue;   /* a key without a name cannot be shown */
        int n = snprintf(buf + used, cap - used, "%s%s=%s", used ? gap : "", key, tr(e->label));
        if (n < 0 || (size_t)n >= cap - used) {
            buf[used] = 0;
            break;
        }
        used += (size_t)n;
    }
    return fm_width(buf);
}

int fm_fkeys_legend(const fm_fkey *keys, const char *(*tr)(const char *msgid), int cols,
                    char *buf, size_t cap)
{
    if (cap == 0)
        return 0;
    if (!tr)
        tr = as_is;
    int w = build(keys, tr, "  ", buf, cap);
    if (w > cols)
        w = build(keys, tr, " ", buf, cap);
    return w;
}
