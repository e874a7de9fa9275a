/* SPSC byte ring (see mw_nf_ring.h). Counters run freely and wrap at 2^32; their
 * difference is the fill level because the capacity divides 2^32. */
#include "mw_nf_ring.h"

#include <string.h>

mw_status mw_nf_ring_init(mw_nf_ring *r, uint8_t *storage, uint32_t capacity)
{
    if (!r || !storage || capacity < 2 || (capacity & (capacity - 1u)) != 0)
        return MW_ERR_ARGUMENT;
    r->data = storage;
    r->mask = capacity - 1u;
    r->head = 0;
    r->tail = 0;
    r->overruns = 0;
    return MW_OK;
}

/* Splits a copy at ring position pos into the part before the wrap and the rest. */
static uint32_t mw_nf_ring_first_part(const mw_nf_ring *r, uint32_t pos, uint32_t len)
{
    uint32_t room = r->mask + 1u - (pos & r->mask);
    return room < len ? room : len;
}

uint32_t mw_nf_ring_write(mw_nf_ring *r, const uint8_t *src, uint32_t len)
{
    uint32_t head = r->head;
    uint32_t space = r->mask + 1u - (head - r->tail);
    uint32_t n = len < space ? len : space;
    if (n > 0) {
        uint32_t first = mw_nf_ring_first_part(r, head, n);
        memcpy(r->data + (head & r->mask), src, first);
        memcpy(r->data, src + first, n - first);
    }
    r->overruns += len - n;
    r->head = head + n; /* publish after the data is in place */
    return n;
}

uint32_t mw_nf_ring_read(mw_nf_ring *r, uint8_t *dst, uint32_t len)
{
    uint32_t tail = r->tail;
    uint32_t avail = r->head - tail;
    uint32_t n = len < avail ? len : avail;
    if (n > 0) {
        uint32_t first = mw_nf_ring_first_part(r, tail, n);
        memcpy(dst, r->data + (tail & r->mask), first);
        memcpy(dst + first, r->data, n - first);
    }
    r->tail = tail + n;
    return n;
}
