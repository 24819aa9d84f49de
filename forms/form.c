/* A form of labelled fields on a scrolling page (see form.h). */
#include "forms/form.h"
#include "forms/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void fm_form_init(fm_form *f, fm_form_leave_fn leave, fm_form_choose_fn choose, void *ctx)
{
    memset(f, 0, sizeof *f);
    f->focus = -1;
    f->leave = leave;
    f->choose = choose;
    f->ctx = ctx;
}

static fm_form_item *new_item(fm_form *f, int row, int col, const char *label, int flags)
{
    if (f->count >= FM_FORM_MAX_ITEMS)
        return NULL;
    fm_form_item *it = &f->items[f->count++];
    memset(it, 0, sizeof *it);
    it->row = row;
    it->col = col;
    it->flags = flags;
    snprintf(it->label, sizeof it->label, "%s", label ? label : "");
    return it;
}

int fm_form_add_text(fm_form *f, int row, int col, const char *text, int flags)
{
    return new_item(f, row, col, text, flags) ? f->count - 1 : -1;
}

int fm_form_add_field(fm_form *f, const char *name, const char *label, int row, int col,
                      int label_cols, int cols, size_t max_chars, int field_flags, int flags)
{
    if (!name || !name[0] || strchr(name, '=') || strchr(name, '\n') ||
        strlen(name) >= FM_FORM_NAME || fm_form_find(f, name) >= 0)
        return -1;
    fm_form_item *it = new_item(f, row, col, label, flags);
    if (!it)
        return -1;
    snprintf(it->name, sizeof it->name, "%s", name);
    it->label_cols = label_cols;
    it->has_field = 1;
    fm_field_init(&it->field, cols, max_chars, field_flags);
    if (f->focus < 0 && fm_form_focusable(f, f->count - 1))
        f->focus = f->count - 1;
    return f->count - 1;
}

int fm_form_add_noted(fm_form *f, const char *name, const char *label, int row, int col,
                      int label_cols, int cols, int max_chars, int field_flags, int flags,
                      const char *after)
{
    int i = fm_form_add_field(f, name, label, row, col, label_cols, cols, (size_t)max_chars,
                              field_flags, flags);
    if (i >= 0 && after)
        snprintf(f->items[i].after, sizeof f->items[i].after, "%s", after);
    return i;
}

int fm_form_add_textf(fm_form *f, int row, int col, int flags, const char *fmt, ...)
{
    char buf[FM_FORM_LABEL];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return fm_form_add_text(f, row, col, buf, flags);
}

int fm_form_label_cols(const char *a, const char *b)
{
    int x = fm_width(a), y = fm_width(b);
    return x > y ? x : y;
}

int fm_form_focusable(const fm_form *f, int i)
{
    return i >= 0 && i < f->count && f->items[i].has_field &&
           !(f->items[i].flags & (FM_ITEM_HIDDEN | FM_ITEM_PROTECTED));
}

static int next_focusable(const fm_form *f, int from)
{
    for (int i = from + 1; i < f->count; i++)
        if (fm_form_focusable(f, i))
            return i;
    return -1;
}

static int prev_focusable(const fm_form *f, int from)
{
    for (int i = from - 1; i >= 0; i--)
        if (fm_form_focusable(f, i))
            return i;
    return -1;
}

void fm_form_focus(fm_form *f, int item)
{
    if (item < 0)
        item = 0;
    if (fm_form_focusable(f, item)) {
        f->focus = item;
        return;
    }
    int i = next_focusable(f, item);
    if (i < 0)
        i = prev_focusable(f, item < f->count ? item : f->count);
    f->focus = i;
}

void fm_form_truncate(fm_form *f, int count)
{
    if (count < 0)
        count = 0;
    if (count >= f->count)
        return;
    f->count = count;
    if (f->focus >= count)
        f->focus = prev_focusable(f, count);
}

void fm_form_set_flags(fm_form *f, int item, int flags)
{
    if (item < 0 || item >= f->count)
        return;
    f->items[item].flags = flags;
    if (f->focus == item && !fm_form_focusable(f, item))
        fm_form_focus(f, item);
    else if (f->focus < 0)
        fm_form_focus(f, 0);
}

int fm_form_find(const fm_form *f, const char *name)
{
    for (int i = 0; i < f->count; i++)
        if (f->items[i].has_field && strcmp(f->items[i].name, name) == 0)
            return i;
    return -1;
}

const char *fm_form_value(const fm_form *f, const char *name, char *buf, size_t cap)
{
    int i = fm_form_find(f, name);
    if (cap)
        buf[0] = 0;
    if (i >= 0)
        fm_field_get(&f->items[i].field, buf, cap);
    return buf;
}

int fm_form_set(fm_form *f, const char *name, const char *value)
{
    int i = fm_form_find(f, name);
    if (i < 0)
        return -1;
    fm_field_set(&f->items[i].field, value);
    return 0;
}

const char *fm_form_focus_name(const fm_form *f)
{
    return f->focus >= 0 && f->focus < f->count ? f->items[f->focus].name : "";
}

static int label_width(const fm_form_item *it)
{
    int w = it->label[0] ? fm_width(it->label) : 0;
    return w < it->label_cols ? it->label_cols : w;
}

/* Screen column of a field's opening bracket. */
static int field_col(const fm_form_item *it)
{
    int lw = label_width(it);
    return it->col + lw + (lw ? 1 : 0);
}

int fm_form_item_end(const fm_form *f, int item)
{
    if (item < 0 || item >= f->count)
        return 0;
    const fm_form_item *it = &f->items[item];
    if (!it->has_field)
        return it->col + fm_width(it->label);
    int end = field_col(it) + it->field.cols + 2;
    if (it->after[0])
        end += 1 + fm_width(it->after);
    return end;
}

/* Runs the check for the focused field; returns enum fm_leave. */
static int check_focus(fm_form *f)
{
    f->why[0] = 0;
    if (f->focus < 0 || !f->leave)
        return FM_LEAVE_OK;
    char name[FM_FORM_NAME];
    snprintf(name, sizeof name, "%s", f->items[f->focus].name);
    int r = f->leave(f->ctx, f, f->focus, f->why, sizeof f->why);
    /* The check may have rebuilt the form: find the field again by its name. */
    int at = fm_form_find(f, name);
    if (r == FM_LEAVE_REFUSE) {
        if (!f->why[0])
            snprintf(f->why, sizeof f->why, "?");
        if (at >= 0)
            f->focus = at;
        return r;
    }
    if (at >= 0)
        f->items[at].field.changed = 0;
    if (r == FM_LEAVE_OK && at >= 0)
        f->focus = at;
    return r;
}

static int move_forward(fm_form *f)
{
    int r = check_focus(f);
    if (r == FM_LEAVE_REFUSE)
        return FM_REJECTED;
    if (r == FM_LEAVE_STAY)
        return FM_HANDLED;
    int next = next_focusable(f, f->focus);
    if (next < 0)
        return FM_SUBMIT;
    f->focus = next;
    return FM_HANDLED;
}

int fm_form_key(fm_form *f, fm_key k)
{
    if (f->focus < 0 || !fm_form_focusable(f, f->focus))
        fm_form_focus(f, f->focus);
    if (f->focus < 0)
        return FM_IGNORED;
    fm_form_item *it = &f->items[f->focus];
    /* A Tab right after a field moved on by itself confirms that field (typed out of habit):
     * it must not skip the next field, nor submit the form while the user is still typing. */
    int skipped = f->skipped;
    f->skipped = 0;
    if (skipped && k.code == FM_KEY_TAB)
        return FM_HANDLED;
    switch (k.code) {
    case FM_KEY_TAB:
    case FM_KEY_ENTER:
    case FM_KEY_DOWN:
        return move_forward(f);
    case FM_KEY_BTAB:
    case FM_KEY_UP: {
        int prev = prev_focusable(f, f->focus);
        if (prev >= 0)
            f->focus = prev;
        return FM_HANDLED;
    }
    case FM_KEY_F1 + 3:
        return f->choose ? f->choose(f->ctx, f, f->focus) : FM_IGNORED;
    default:
        break;
    }
    int autoskip = k.code == FM_KEY_CHAR && (it->flags & FM_ITEM_AUTOSKIP) &&
                   fm_field_accepts(&it->field, k.ch);
    /* A one-character box is replaced by what is typed: X ticks it, a space clears it. */
    if (autoskip && it->field.max == 1)
        fm_field_clear(&it->field);
    int r = fm_field_key(&it->field, k);
    if (autoskip && r == FM_HANDLED && it->field.len == it->field.max) {
        f->skipped = 1;
        return move_forward(f);
    }
    return r;
}

int fm_form_check_all(fm_form *f)
{
    int keep = f->focus;
    char keep_name[FM_FORM_NAME];
    snprintf(keep_name, sizeof keep_name, "%s", fm_form_focus_name(f));
    for (int i = 0; i < f->count; i++) {
        if (!fm_form_focusable(f, i))
            continue;
        f->focus = i;
        int r = check_focus(f);
        if (r == FM_LEAVE_REFUSE)
            return -1;
        if (r == FM_LEAVE_STAY)
            return 1;
        i = f->focus;   /* the check may have rebuilt the form around the field */
    }
    int at = keep_name[0] ? fm_form_find(f, keep_name) : -1;
    if (at >= 0)
        keep = at;
    if (keep >= 0 && keep < f->count)
        f->focus = keep;
    return 0;
}

int fm_form_draw(fm_form *f, WINDOW *w, int y, int rows, int *cursor_y, int *cursor_x)
{
    if (rows < 1)
        rows = 1;
    f->shown = rows;
    int last_row = -1;
    for (int i = 0; i < f->count; i++)
        if (!(f->items[i].flags & FM_ITEM_HIDDEN) && f->items[i].row > last_row)
            last_row = f->items[i].row;
    if (f->focus >= 0 && f->focus < f->count) {
        int fr = f->items[f->focus].row;
        if (fr < f->top)
            f->top = fr;
        if (fr >= f->top + rows)
            f->top = fr - rows + 1;
    }
    if (f->top > 0 && last_row < f->top + rows - 1)
        f->top = last_row - rows + 1 > 0 ? last_row - rows + 1 : 0;
    int maxx = getmaxx(w);
    *cursor_y = *cursor_x = -1;
    for (int i = 0; i < f->count; i++) {
        fm_form_item *it = &f->items[i];
        if ((it->flags & FM_ITEM_HIDDEN) || it->row < f->top || it->row >= f->top + rows)
            continue;
        int sy = y + it->row - f->top;
        if (it->col >= maxx)
            continue;
        if (it->flags & FM_ITEM_BOLD)
            wattron(w, A_BOLD);
        if (it->label[0])
            fm_put(w, sy, it->col, it->label, maxx - it->col);
        if (it->flags & FM_ITEM_BOLD)
            wattroff(w, A_BOLD);
        if (!it->has_field)
            continue;
        int fx = field_col(it);
        if (fx + it->field.cols + 2 > maxx)
            continue;
        int focused = i == f->focus;
        int cx = fm_field_draw(&it->field, w, sy, fx, focused);
        if (it->after[0] && fx + it->field.cols + 3 < maxx)
            fm_put(w, sy, fx + it->field.cols + 3, it->after, maxx - (fx + it->field.cols + 3));
        if (focused) {
            *cursor_y = sy;
            *cursor_x = cx;
        }
    }
    return last_row >= f->top + rows;
}

size_t fm_form_save(const fm_form *f, char *buf, size_t cap)
{
    size_t need = 0;
    if (cap)
        buf[0] = 0;
    for (int i = 0; i < f->count; i++) {
        const fm_form_item *it = &f->items[i];
        if (!it->has_field || it->field.len == 0)
            continue;
        char value[FM_FIELD_MAX * 4 + 1];
        fm_field_get(&it->field, value, sizeof value);
        if (!value[0])
            continue;
        int n = snprintf(need < cap ? buf + need : NULL, need < cap ? cap - need : 0, "%s=%s\n",
                         it->name, value);
        if (n > 0)
            need += (size_t)n;
    }
    return need;
}

int fm_form_load(fm_form *f, const char *text)
{
    int set = 0;
    const char *p = text ? text : "";
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        if (eq && eq > p && (size_t)(eq - p) < FM_FORM_NAME) {
            char name[FM_FORM_NAME], value[FM_FIELD_MAX * 4 + 1];
            memcpy(name, p, (size_t)(eq - p));
            name[eq - p] = 0;
            size_t vlen = len - (size_t)(eq - p) - 1;
            if (vlen >= sizeof value)
                vlen = sizeof value - 1;
            memcpy(value, eq + 1, vlen);
            value[vlen] = 0;
            if (fm_form_set(f, name, value) == 0)
                set++;
        }
        p += len;
        if (*p == '\n')
            p++;
    }
    return set;
}
