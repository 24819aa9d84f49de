/* A session's bounded output queue: screen bytes wait here until the SSH channel takes them.
 * When it fills (a client that stopped reading), the session stops drawing and repaints the
 * whole screen once the queue has drained, so memory stays bounded and nothing is garbled. */
#ifndef TUI_OUTQ_H
#define TUI_OUTQ_H

#include <stddef.h>

#define OUTQ_LIMIT (256 * 1024)

typedef struct outq {
    char *data;
    size_t head;     /* first unsent byte */
    size_t len;      /* bytes from head */
    size_t cap;
} outq;

void outq_init(outq *q);
void outq_free(outq *q);
/* Appends n bytes; returns -1 (and appends nothing) when that would pass OUTQ_LIMIT. */
int outq_push(outq *q, const void *bytes, size_t n);
size_t outq_pending(const outq *q);
const char *outq_peek(const outq *q);
void outq_consume(outq *q, size_t n);
/* Room left before the limit. */
size_t outq_room(const outq *q);

#endif
