/* The panel frame every screen shares (see frame.h). */
#include "forms/frame.h"
#include "forms/text.h"

#include <string.h>

static int ascii_lines;

void fm_set_ascii_lines(int on)
{
    ascii_lines = on;
}

#define LINE_H (ascii_lines ? (chtype)'-' : ACS_HLINE)
#define LINE_V (ascii_lines ? (chtype)'|' : ACS_VLINE)
#define CORNER(acs) (ascii_lines ? (chtype)'+' : (acs))

void fm_rule(WINDOW *w, int y)
{
    mvwhline(w, y, 0, LINE_H, getmaxx(w));
}

int fm_frame_body_rows(WINDOW *w)
{
    int rows = getmaxy(w) - FM_BODY_TOP - 2;
    return rows < 0 ? 0 : rows;
}

/* Title line: "ID  title status" on the left, "unit  user  date" on the right. When both do not
 * fit, the right side gives way first: date, then unit, then the status. */
static void draw_title(WINDOW *w, const fm_frame *f)
{
    int cols = getmaxx(w);
    char left[256], right[256];
    snprintf(left, sizeof left, "%s  %s%s%s", f->id ? f->id : "", f->title ? f->title : "",
             f->status ? "  " : "", f->status ? f->status : "");
    const char *parts[3] = { f->unit, f->user, f->date };
    int keep[3] = { 1, 1, 1 };
    static const int drop_order[3] = { 2, 0, 1 };
    for (int attempt = 0; attempt <= 3; attempt++) {
        right[0] = 0;
        for (int i = 0; i < 3; i++) {
            if (!keep[i] || !parts[i] || !parts[i][0])
                continue;
            if (right[0])
                strncat(right, "  ", sizeof right - strlen(right) - 1);
            strncat(right, parts[i], sizeof right - strlen(right) - 1);
        }
        if (fm_width(left) + 2 + fm_width(right) <= cols || attempt == 3)
            break;
        keep[drop_order[attempt]] = 0;
    }
    wmove(w, 0, 0);
    wclrtoeol(w);
    int lw = fm_width(right) + 2 <= cols ? cols - fm_width(right) - 2 : cols;
    wattron(w, A_BOLD);
    fm_put(w, 0, 0, left, lw);
    wattroff(w, A_BOLD);
    if (fm_width(left) + 2 + fm_width(right) <= cols)
        fm_put_right(w, 0, cols, right);
}

void fm_frame_draw(WINDOW *w, const fm_frame *f)
{
    int rows = getmaxy(w), cols = getmaxx(w);
    draw_title(w, f);
    fm_rule(w, 1);
    wmove(w, rows - 2, 0);
    wclrtoeol(w);
    fm_put(w, rows - 2, 0, f->legend ? f->legend : "", cols);
    if (f->legend_hint) {
        int hw = fm_width(f->legend_hint);
        if (fm_width(f->legend ? f->legend : "") + 2 + hw <= cols)
            fm_put_right(w, rows - 2, cols, f->legend_hint);
    }
    wmove(w, rows - 1, 0);
    wclrtoeol(w);
    if (f->message && f->message[0]) {
        if (f->message_is_error)
            wattron(w, A_REVERSE);
        fm_put(w, rows - 1, 0, f->message, cols - 1);
        if (f->message_is_error)
            wattroff(w, A_REVERSE);
    }
}

void fm_box(WINDOW *w, int y, int x, int rows, int cols, const char *title)
{
    for (int r = y + 1; r < y + rows - 1; r++)
        mvwhline(w, r, x + 1, ' ', cols - 2);
    mvwaddch(w, y, x, CORNER(ACS_ULCORNER));
    mvwhline(w, y, x + 1, LINE_H, cols - 2);
    mvwaddch(w, y, x + cols - 1, CORNER(ACS_URCORNER));
    mvwvline(w, y + 1, x, LINE_V, rows - 2);
    mvwvline(w, y + 1, x + cols - 1, LINE_V, rows - 2);
    mvwaddch(w, y + rows - 1, x, CORNER(ACS_LLCORNER));
    mvwhline(w, y + rows - 1, x + 1, LINE_H, cols - 2);
    mvwaddch(w, y + rows - 1, x + cols - 1, CORNER(ACS_LRCORNER));
    if (title && title[0]) {
        char t[160];
        snprintf(t, sizeof t, " %s ", title);
        fm_put(w, y, x + 2, t, cols - 4);
    }
}
