/*
 * Arm DSP-extension (Armv7E-M / Armv8-M Mainline with DSP: Cortex-M4, M7, M33,
 * M55) kernels: 16-bit SIMD multiply-accumulate (SMLAD) on int8 data widened
 * with SXTB16. Every kernel is bit-exact with its _ref counterpart: integer sums
 * are only reordered, and they wrap modulo 2^32 exactly as the reference's do.
 *
 * Data layout trick used throughout: SXTB16(w) yields bytes 0 and 2 of a word,
 * SXTB16(w, ROR #8) bytes 1 and 3, and SXTAB16 adds the input offset while it
 * widens. Activations that are reused (CONV_2D's columns) are widened once and
 * stored in the order 0, 2, 1, 3 per group of four, so that weights are widened
 * with two SXTB16 and no repacking.
 */
#ifndef MW_ARM_DSP_H
#define MW_ARM_DSP_H

#include <arm_acle.h>
#include <string.h>

#include "mw_kernels.h"
#include "mw_fixedpoint.h"

#if !defined(__ARM_FEATURE_DSP) || __ARM_FEATURE_DSP != 1
#error "the arm-dsp kernel backend needs a core with the DSP extension (e.g. -mcpu=cortex-m4)"
#endif

/* Unaligned 32-bit load (LDR handles it on these cores). */
static inline uint32_t mw_dsp_load32(const void *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* Bytes 1 and 3 sign-extended: SXTB16 with its built-in rotation (GCC 12 does not
 * fold a separate rotate into the intrinsic). */
static inline int16x2_t mw_dsp_sxtb16_ror8(uint32_t v)
{
    int16x2_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(v));
    return r;
}

/* offset2 + bytes 1 and 3 sign-extended, in one instruction. */
static inline int16x2_t mw_dsp_sxtab16_ror8(int16x2_t offset2, uint32_t v)
{
    int16x2_t r;
    __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(offset2), "r"(v));
    return r;
}

/* Requantization parameters copied out of the kernel's parameter struct, so that
 * stores to the output cannot force them to be reloaded. */
typedef struct mw_dsp_requant {
    const int32_t *multiplier, *shift, *bias;
    int32_t output_offset, act_min, act_max;
} mw_dsp_requant;

/* acc (+ bias[ch]) requantized for channel ch, as the reference does it. */
static inline __attribute__((always_inline)) int8_t mw_dsp_finish(const mw_dsp_requant *q, int32_t ch,
                                                                  int32_t acc)
{
    if (q->bias != NULL) {
        acc = (int32_t)((uint32_t)acc + (uint32_t)q->bias[ch]);
    }
    return mw_requantize_acc(acc, q->multiplier[ch], q->shift[ch], q->output_offset, q->act_min, q->act_max);
}

/* (offset, offset) as two int16 lanes. */
static inline int16x2_t mw_dsp_pair(int32_t offset)
{
    return (int16x2_t)(((uint32_t)offset & 0xffffu) | ((uint32_t)offset << 16));
}

#endif /* MW_ARM_DSP_H */
