/* A session's bounded output queue (see outq.h). */
#include "tui/terminal/outq.h"

#include <stdlib.h>
#include <string.h>

void outq_init(outq *q)
{
    memset(q, 0, sizeof *q);
}

void outq_free(outq *q)
{
    free(q->data);
    memset(q, 0, sizeof *q);
}

size_t outq_pending(const outq *q)
{
    return q->len;
}

size_t outq_room(const outq *q)
{
    return OUTQ_LIMIT - q->len;
}

const char *outq_peek(const outq *q)
{
    return q->data + q->head;
}

int outq_push(outq *q, const void *bytes, size_t n)
{
    if (n > outq_room(q))
        return -1;
    if (q->head + q->len + n > q->cap) {
        /* Slide the unsent bytes to the front before growing. */
        if (q->head > 0) {
            memmove(q->data, q->data + q->head, q->len);
            q->head = 0;
        }
        if (q->len + n > q->cap) {
            size_t cap = q->cap ? q->cap : 4096;
            while (cap < q->len + n)
                cap *= 2;
            char *grown = realloc(q->data, cap);
            if (!grown)
                return -1;
            q->data = grown;
            q->cap = cap;
        }
    }
    memcpy(q->data + q->head + q->len, bytes, n);
    q->len += n;
    return 0;
}

void outq_consume(outq *q, size_t n)
{
    if (n > q->len)
        n = q->len;
    q->head += n;
    q->len -= n;
    if (q->len == 0)
        q->head = 0;
}
