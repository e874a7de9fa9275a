/* Helpers shared by every part of the native library (internal). */
#ifndef MW_COMMON_H
#define MW_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "microwake.h"

/* Rounds n up to a multiple of a (a power of two). Callers keep n far below SIZE_MAX. */
#define MW_ALIGN_UP(n, a) (((n) + ((size_t)(a) - 1u)) & ~((size_t)(a) - 1u))

/* Little-endian loads from byte pointers: valid at any alignment, on any host byte order. */
static inline uint16_t mw_load_u16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (uint16_t)(p[1] << 8));
}

static inline uint32_t mw_load_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline int32_t mw_load_i32(const uint8_t *p)
{
    uint32_t u = mw_load_u32(p);
    /* Two's complement conversion without implementation-defined casts. */
    return (u & 0x80000000u) ? (int32_t)(u - 0x80000000u) - (int32_t)0x7fffffff - 1 : (int32_t)u;
}

static inline uint64_t mw_load_u64(const uint8_t *p)
{
    return (uint64_t)mw_load_u32(p) | ((uint64_t)mw_load_u32(p + 4) << 32);
}

static inline int64_t mw_load_i64(const uint8_t *p)
{
    uint64_t u = mw_load_u64(p);
    return (u & 0x8000000000000000ull) ? (int64_t)(u - 0x8000000000000000ull) - INT64_MAX - 1 : (int64_t)u;
}

/* Returns the status of `expr` from the enclosing function unless it is MW_OK. */
#define MW_PASS(expr)              \
    do {                           \
        mw_status pass_ = (expr);  \
        if (pass_ != MW_OK) {      \
            return pass_;          \
        }                          \
    } while (0)

float mw_load_f32(const uint8_t *p);

/* Fills diag (when not NULL) and returns status. The format understands %s, %d (int32_t)
 * and %u (uint32_t) only; the message is truncated to fit. */
mw_status mw_diag_set(mw_diag *diag, mw_status status, const char *fmt, ...);

#endif /* MW_COMMON_H */
