/* Connections ordered by when they are next due (see dueheap.h). Each connection knows its
 * place (heap_slot, 1-based; 0 when not in the heap), so moving or removing one is O(log n). */
#include "tui/transport/dueheap.h"
#include "tui/transport/conn.h"

#include <stdlib.h>

static void place(dueheap *h, int i, conn *c)
{
    h->at[i] = c;
    c->heap_slot = i + 1;
}

static void sift_up(dueheap *h, int i)
{
    conn *c = h->at[i];
    while (i > 0) {
        int parent = (i - 1) / 2;
        if (h->at[parent]->due_ms <= c->due_ms)
            break;
        place(h, i, h->at[parent]);
        i = parent;
    }
    place(h, i, c);
}

static void sift_down(dueheap *h, int i)
{
    conn *c = h->at[i];
    for (;;) {
        int child = 2 * i + 1;
        if (child >= h->len)
            break;
        if (child + 1 < h->len && h->at[child + 1]->due_ms < h->at[child]->due_ms)
            child++;
        if (h->at[child]->due_ms >= c->due_ms)
            break;
        place(h, i, h->at[child]);
        i = child;
    }
    place(h, i, c);
}

int dueheap_set(dueheap *h, conn *c, int64_t due_ms)
{
    if (c->heap_slot) {
        int64_t was = c->due_ms;
        c->due_ms = due_ms;
        if (due_ms < was)
            sift_up(h, c->heap_slot - 1);
        else if (due_ms > was)
            sift_down(h, c->heap_slot - 1);
        return 0;
    }
    if (h->len == h->cap) {
        int cap = h->cap ? h->cap * 2 : 256;
        conn **at = realloc(h->at, (size_t)cap * sizeof *at);
        if (!at)
            return -1;
        h->at = at;
        h->cap = cap;
    }
    c->due_ms = due_ms;
    place(h, h->len++, c);
    sift_up(h, h->len - 1);
    return 0;
}

void dueheap_remove(dueheap *h, conn *c)
{
    if (!c->heap_slot)
        return;
    int i = c->heap_slot - 1;
    c->heap_slot = 0;
    conn *last = h->at[--h->len];
    if (i == h->len)
        return;
    place(h, i, last);
    sift_down(h, i);
    sift_up(h, last->heap_slot - 1);
}

conn *dueheap_first(const dueheap *h)
{
    return h->len ? h->at[0] : NULL;
}

void dueheap_free(dueheap *h)
{
    free(h->at);
    h->at = NULL;
    h->len = h->cap = 0;
}
