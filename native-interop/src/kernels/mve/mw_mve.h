/*
 * Helium (M-profile Vector Extension, Cortex-M55/M85) kernels. Bit-exact with the
 * reference kernels: integer sums are only reordered (and wrap modulo 2^32 like
 * the reference's), and the vector requantization below computes exactly TFLite's
 * MultiplyByQuantizedMultiplier (gemmlowp's NEON formulation of it).
 *
 * The input offset is folded into the bias where it can be: for int8 inputs x and
 * weights w, sum (x + off) * w = sum x * w + off * sum w, and a tap in the padding
 * read as the input zero point (x = -off) contributes nothing, as in the reference.
 * So the int8 data go straight into VMLADAV (16 MACs per instruction).
 */
#ifndef MW_MVE_H
#define MW_MVE_H

#include <arm_mve.h>
#include <string.h>

#include "mw_kernels.h"

#if !defined(__ARM_FEATURE_MVE) || (__ARM_FEATURE_MVE & 1) == 0
#error "the mve kernel backend needs a core with Helium (e.g. -mcpu=cortex-m55)"
#endif

/* Four int32 accumulators -> four clamped int8 outputs (as int32 lanes): TFLite's
 * MultiplyByQuantizedMultiplier per lane, plus the output offset, clamped. */
static inline int32x4_t mw_mve_requantize(int32x4_t acc, int32x4_t multiplier, int32x4_t shift,
                                          int32_t output_offset, int32_t act_min, int32_t act_max)
{
    const int32x4_t zero = vdupq_n_s32(0);
    const int32x4_t left = vmaxq_s32(shift, zero);
    const int32x4_t right = vminq_s32(shift, zero); /* -exponent of the rounding divide */
    int32x4_t x = vqrdmulhq_s32(vshlq_s32(acc, left), multiplier);
    /* Rounding divide by 2^exponent, ties away from zero: VRSHL rounds ties up, so
     * negative values are nudged down by one first (only when exponent > 0). */
    const int32x4_t fixup = vshrq_n_s32(vandq_s32(x, right), 31);
    x = vrshlq_s32(vqaddq_s32(x, fixup), right);
    x = vaddq_n_s32(x, output_offset);
    x = vmaxq_s32(x, vdupq_n_s32(act_min));
    return vminq_s32(x, vdupq_n_s32(act_max));
}

/* acc[r] = sum_k x[k] * w_r[k] for up to four rows r (rows = 1..4), w_r = w + r * stride.
 * Whole 16-byte blocks unpredicated, then one predicated (zeroing) tail: no byte past
 * n is read. Missing rows repeat row 0 (valid memory, result unused). */
static inline void mw_mve_dot_rows(const int8_t *x, const int8_t *w, size_t stride, int32_t n, int32_t rows,
                                   int32_t acc[4])
{
    const int8_t *w0 = w, *w1 = rows > 1 ? w + stride : w, *w2 = rows > 2 ? w + 2 * stride : w,
                 *w3 = rows > 3 ? w + 3 * stride : w;
    int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    int32_t blocks = n >> 4;
    const int32_t tail = n & 15;
    while (blocks-- > 0) {
        const int8x16_t xv = vldrbq_s8(x);
        a0 = vmladavaq_s8(a0, xv, vldrbq_s8(w0));
        a1 = vmladavaq_s8(a1, xv, vldrbq_s8(w1));
        a2 = vmladavaq_s8(a2, xv, vldrbq_s8(w2));
        a3 = vmladavaq_s8(a3, xv, vldrbq_s8(w3));
        x += 16;
        w0 += 16;
        w1 += 16;
        w2 += 16;
        w3 += 16;
    }
    if (tail != 0) {
        const mve_pred16_t p = vctp8q((uint32_t)tail);
        const int8x16_t xv = vldrbq_z_s8(x, p);
        a0 = vmladavaq_s8(a0, xv, vldrbq_z_s8(w0, p));
        a1 = vmladavaq_s8(a1, xv, vldrbq_z_s8(w1, p));
        a2 = vmladavaq_s8(a2, xv, vldrbq_z_s8(w2, p));
        a3 = vmladavaq_s8(a3, xv, vldrbq_z_s8(w3, p));
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
}

/* Builds an int32x4 from four scalars (lane moves, no round trip through memory). */
static inline int32x4_t mw_mve_vec4(const int32_t v[4])
{
    int32x4_t r = vdupq_n_s32(v[0]);
    r = vsetq_lane_s32(v[1], r, 1);
    r = vsetq_lane_s32(v[2], r, 2);
    return vsetq_lane_s32(v[3], r, 3);
}

/* Adds bias[oc..] (bias may be NULL), requantizes `rows` (1..4) accumulators of
 * channels oc.. and stores them at out[oc..]. */
static inline void mw_mve_store4(const mw_conv_params *p, const int32_t *bias, int32_t oc, int32_t rows,
                                 const int32_t acc[4], int8_t *out)
{
    const mve_pred16_t pr = vctp32q((uint32_t)rows);
    int32x4_t v = mw_mve_vec4(acc);
    if (bias != NULL) {
        v = vaddq_s32(v, vldrwq_z_s32(bias + oc, pr));
    }
    v = mw_mve_requantize(v, vldrwq_z_s32(p->multiplier + oc, pr), vldrwq_z_s32(p->shift + oc, pr),
                          p->output_offset, p->act_min, p->act_max);
    vstrbq_p_s32(out + oc, v, pr);
}

#endif /* MW_MVE_H */
