/*
 * Single-producer single-consumer byte ring between a capture interrupt (producer)
 * and the CLR thread (consumer). Lock-free: each side writes only its own counter.
 * The storage is the caller's; the capacity must be a power of two.
 */
#ifndef MW_NF_RING_H
#define MW_NF_RING_H

#include <stddef.h>
#include <stdint.h>

#include "microwake.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mw_nf_ring {
    uint8_t *data;
    uint32_t mask;                 /* capacity - 1 */
    volatile uint32_t head;        /* total bytes written (producer only) */
    volatile uint32_t tail;        /* total bytes read (consumer only) */
    volatile uint32_t overruns;    /* bytes dropped because the ring was full (producer only) */
} mw_nf_ring;

/* capacity: a power of two, at least 2. */
mw_status mw_nf_ring_init(mw_nf_ring *r, uint8_t *storage, uint32_t capacity);

/* Producer: appends what fits; the rest is dropped and counted. Returns bytes written. */
uint32_t mw_nf_ring_write(mw_nf_ring *r, const uint8_t *src, uint32_t len);

/* Consumer: copies up to len bytes out. Returns bytes read. */
uint32_t mw_nf_ring_read(mw_nf_ring *r, uint8_t *dst, uint32_t len);

#ifdef __cplusplus
}
#endif

#endif
