/* End-to-end test harness (see harness.h): reading the screen as a person would (text, rows,
 * cursor, attributes, what was sent and received) and waiting for it to show or lose a text,
 * to settle, or to close. A wait that gives up dumps the screen and the server's last words. */
#include "tests/e2e/harness_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Reading the screen ---------------------------------------------------------------------- */

static void add_utf8(bytes *out, uint32_t c)
{
    char u[4];
    size_t n;
    if (c < 0x80) {
        u[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        u[0] = (char)(0xc0 | (c >> 6));
        u[1] = (char)(0x80 | (c & 0x3f));
        n = 2;
    } else if (c < 0x10000) {
        u[0] = (char)(0xe0 | (c >> 12));
        u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        u[2] = (char)(0x80 | (c & 0x3f));
        n = 3;
    } else if (c < 0x110000) {
        u[0] = (char)(0xf0 | (c >> 18));
        u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
        u[3] = (char)(0x80 | (c & 0x3f));
        n = 4;
    } else {
        u[0] = '?';
        n = 1;
    }
    bytes_add(out, u, n);
}

static void add_row(bmt_term *t, int row, bytes *out)
{
    int rows, cols;
    vterm_get_size(t->vt, &rows, &cols);
    size_t keep = out->n;   /* end of the last non-blank cell: what trimming keeps */
    for (int col = 0; col < cols;) {
        VTermScreenCell cell;
        vterm_screen_get_cell(t->screen, (VTermPos){row, col}, &cell);
        /* An empty cell (or the orphaned right half of a wide character) reads as a blank. */
        if (cell.chars[0] == 0 || cell.chars[0] == (uint32_t)-1) {
            bytes_add(out, " ", 1);
        } else {
            for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i]; i++)
                add_utf8(out, cell.chars[i]);
            if (cell.chars[0] != ' ')
                keep = out->n;
        }
        col += cell.width > 1 ? cell.width : 1;
    }
    out->n = keep;
    if (out->p)
        out->p[keep] = '\0';
}

static const char *screen_text(bmt_term *t)
{
    if (!t->text) {
        int rows, cols;
        vterm_get_size(t->vt, &rows, &cols);
        bytes b = {0};
        for (int r = 0; r < rows; r++) {
            if (r)
                bytes_add(&b, "\n", 1);
            add_row(t, r, &b);
        }
        t->text = bytes_take(&b);
    }
    return t->text;
}

char *bmt_screen_text(bmt_term *t)
{
    return t ? xstrdup(screen_text(t)) : NULL;
}

static int text_present(bmt_term *t, const void *text)
{
    return strstr(screen_text(t), text) != NULL;
}

int bmt_screen_has(bmt_term *t, const char *utf8)
{
    return t && utf8 && text_present(t, utf8);
}

char bmt_menu_key(bmt_term *t, const char *label)
{
    char *s = bmt_screen_text(t);
    char want[256];
    snprintf(want, sizeof want, "  %s\n", label);
    char *p = s ? strstr(s, want) : NULL;
    char key = 0;
    if (p) {
        while (p > s && p[-1] == ' ')
            p--;
        key = p > s ? p[-1] : 0;
    }
    if (!key)
        bmt_screen_dump(t, label);
    free(s);
    return key;
}

char *bmt_screen_row(bmt_term *t, int row)
{
    int rows, cols;
    if (!t)
        return NULL;
    vterm_get_size(t->vt, &rows, &cols);
    if (row < 0 || row >= rows)
        return NULL;
    bytes b = {0};
    add_row(t, row, &b);
    return bytes_take(&b);
}

int bmt_cursor(bmt_term *t, int *row, int *col)
{
    if (!t)
        return -1;
    VTermPos pos;
    vterm_state_get_cursorpos(vterm_obtain_state(t->vt), &pos);
    if (row)
        *row = pos.row;
    if (col)
        *col = pos.col;
    return 0;
}

int bmt_size(bmt_term *t, int *cols, int *rows)
{
    if (!t)
        return -1;
    int r, c;
    vterm_get_size(t->vt, &r, &c);
    if (cols)
        *cols = c;
    if (rows)
        *rows = r;
    return 0;
}

int bmt_cell_attr(bmt_term *t, int row, int col, int *reverse, int *bold)
{
    int rows, cols;
    if (!t)
        return -1;
    vterm_get_size(t->vt, &rows, &cols);
    if (row < 0 || row >= rows || col < 0 || col >= cols)
        return -1;
    VTermScreenCell cell;
    vterm_screen_get_cell(t->screen, (VTermPos){row, col}, &cell);
    /* libvterm keeps a wide character's attributes in its left cell only. */
    if (cell.chars[0] == (uint32_t)-1 && col > 0)
        vterm_screen_get_cell(t->screen, (VTermPos){row, col - 1}, &cell);
    if (reverse)
        *reverse = cell.attrs.reverse;
    if (bold)
        *bold = cell.attrs.bold;
    return 0;
}

/* A terminal's record of bytes as (data, length); none is "". */
static size_t recorded(const bytes *b, const char **data)
{
    if (data)
        *data = b && b->p ? b->p : "";
    return b ? b->n : 0;
}

size_t bmt_raw_output(bmt_term *t, const char **data)
{
    return recorded(t ? &t->received : NULL, data);
}

size_t bmt_sent_bytes(bmt_term *t, const char **data)
{
    return recorded(t ? &t->sent : NULL, data);
}

void bmt_screen_dump(bmt_term *t, const char *headline)
{
    if (!t)
        return;
    int row, col, rows, cols;
    bmt_cursor(t, &row, &col);
    vterm_get_size(t->vt, &rows, &cols);
    note("%s", headline ? headline : "screen:");
    note("%s, cursor at row %d col %d, connection %s, %zu bytes received", t->label, row, col,
         !t->session ? "none (offline)"
         : t->closed ? "closed by the server"
         : t->vanished ? "vanished"
                       : "open",
         t->received.n);
    for (int r = 0; r < rows; r++) {
        char *line = bmt_screen_row(t, r);
        note("%02d|%s", r, line);
        free(line);
    }
}

/* A wait gave up: show the screen and the server's last words, and keep its data dir. */
static void wait_failed(bmt_term *t, const char *headline)
{
    bmt_screen_dump(t, headline);
    if (t->server) {
        print_log_tail(t->server, LOG_TAIL_LINES / 2);
        t->server->failed = 1;
    }
}

/* Pumps until want(t, arg) or timeout. Gives up early when nothing more can arrive. */
static int wait_for(bmt_term *t, int (*want)(bmt_term *, const void *), const void *arg,
                    int timeout_ms)
{
    long long deadline = now_ms() + timeout_ms;
    for (;;) {
        if (want(t, arg))
            return 1;
        long long left = deadline - now_ms();
        if (left <= 0 || !t->session || t->closed || t->vanished)
            return 0;
        pump_all(left < PUMP_STEP_MS ? (int)left : PUMP_STEP_MS);
    }
}

static int text_absent(bmt_term *t, const void *text)
{
    return !text_present(t, text);
}

/* Waits until the text is on the screen (present) or off it; says which wait failed. */
static int wait_text_state(bmt_term *t, const char *utf8, int timeout_ms, int present,
                           const char *name)
{
    if (!t || !utf8) {
        note("%s: no terminal (did the connect fail?)", name);
        return 0;
    }
    if (wait_for(t, present ? text_present : text_absent, utf8, timeout_ms))
        return 1;
    char *head = xasprintf("%s: \"%s\" %s the screen after %d ms", name, utf8,
                           present ? "not on" : "still on", timeout_ms);
    wait_failed(t, head);
    free(head);
    return 0;
}

int bmt_wait_text(bmt_term *t, const char *utf8, int timeout_ms)
{
    return wait_text_state(t, utf8, timeout_ms, 1, "bmt_wait_text");
}

int bmt_wait_gone(bmt_term *t, const char *utf8, int timeout_ms)
{
    return wait_text_state(t, utf8, timeout_ms, 0, "bmt_wait_gone");
}

int bmt_wait_quiet(bmt_term *t, int quiet_ms, int timeout_ms)
{
    if (!t)
        return 0;
    long long start = now_ms();
    long long deadline = start + timeout_ms;
    for (;;) {
        long long since = t->last_rx_ms > start ? t->last_rx_ms : start;
        long long now = now_ms();
        if (now - since >= quiet_ms)
            return 1;
        if (now >= deadline) {
            note("bmt_wait_quiet: %s: output did not pause for %d ms within %d ms", t->label,
                 quiet_ms, timeout_ms);
            return 0;
        }
        long long step = deadline - now;
        if (step > PUMP_STEP_MS)
            step = PUMP_STEP_MS;
        pump_all((int)step);
    }
}

static int is_closed(bmt_term *t, const void *unused)
{
    (void)unused;
    return t->closed;
}

int bmt_closed(bmt_term *t, int timeout_ms)
{
    if (!t || !t->session)
        return 0;
    if (t->vanished) {
        note("bmt_closed: %s has vanished; it no longer hears from the server", t->label);
        return 0;
    }
    return wait_for(t, is_closed, NULL, timeout_ms);
}
