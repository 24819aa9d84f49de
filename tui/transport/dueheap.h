/* When each connection next needs the server's attention (login grace, idle logout, keepalive,
 * delayed login replies, the key decoder's Esc timeout), kept as a min-heap so a wakeup looks
 * only at the connections that are due, never at all of them. Private to tui/transport. */
#ifndef TUI_TRANSPORT_DUEHEAP_H
#define TUI_TRANSPORT_DUEHEAP_H

#include <stdint.h>

struct conn;

typedef struct dueheap {
    struct conn **at;
    int len, cap;
} dueheap;

/* Puts the connection in the heap due at `due_ms`, or moves it there; -1 when out of memory. */
int dueheap_set(dueheap *h, struct conn *c, int64_t due_ms);
void dueheap_remove(dueheap *h, struct conn *c);
/* The connection due first, or NULL. */
struct conn *dueheap_first(const dueheap *h);
void dueheap_free(dueheap *h);

#endif
