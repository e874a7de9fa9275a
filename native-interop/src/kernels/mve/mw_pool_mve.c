/*
 * AVERAGE_POOL_2D and MAX_POOL_2D with Helium: sixteen channels per vector for
 * the maximum (VMAX.S8), eight per vector for the sums (int16 lanes, exact up to
 * 255 taps per window; larger windows take the reference path). The division,
 * with the reference's rounding and in-bounds tap count, stays scalar: one per
 * output value.
 */
#include "mw_mve.h"
#include "mw_kernel_common.h"

#define MW_POOL_MVE_MAX_TAPS 255

static void average_window(const mw_pool_params *p, const mw_pool_window *w, int8_t *out)
{
    const int32_t count = w->rows * w->cols;
    int32_t c, r, k, i;
    for (c = 0; c < w->depth; c += 8) {
        const int32_t lanes = w->depth - c < 8 ? w->depth - c : 8;
        const mve_pred16_t pr = vctp16q((uint32_t)lanes);
        int16x8_t sum = vdupq_n_s16(0);
        int16_t sums[8];
        for (r = 0; r < w->rows; r++) {
            const int8_t *x = w->first + (size_t)r * w->row + (size_t)c;
            for (k = 0; k < w->cols; k++, x += w->depth) {
                sum = vaddq_s16(sum, vldrbq_z_s16(x, pr));
            }
        }
        vstrhq_s16(sums, sum);
        for (i = 0; i < lanes; i++) {
            out[c + i] = mw_pool_average(sums[i], count, p->act_min, p->act_max);
        }
    }
}

mw_status mw_avg_pool2d_s8(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                           const mw_shape4 *out_shape, int8_t *out)
{
    /* Larger windows overflow the 16-bit lanes: the reference checks and computes them. */
    if (p != NULL && (int64_t)p->filter_h * p->filter_w > MW_POOL_MVE_MAX_TAPS) {
        return mw_avg_pool2d_s8_ref(p, in_shape, in, out_shape, out);
    }
    return mw_pool(p, in_shape, in, out_shape, out, 1, average_window);
}

static void max_window(const mw_pool_params *p, const mw_pool_window *w, int8_t *out)
{
    const int8x16_t lo = vdupq_n_s8((int8_t)p->act_min);
    const int8x16_t hi = vdupq_n_s8((int8_t)p->act_max);
    int32_t c, r, k;
    for (c = 0; c < w->depth; c += 16) {
        const mve_pred16_t pr = vctp8q((uint32_t)(w->depth - c));
        int8x16_t best = vdupq_n_s8(INT8_MIN);
        for (r = 0; r < w->rows; r++) {
            const int8_t *x = w->first + (size_t)r * w->row + (size_t)c;
            for (k = 0; k < w->cols; k++, x += w->depth) {
                best = vmaxq_s8(best, vldrbq_z_s8(x, pr));
            }
        }
        vstrbq_p_s8(out + c, vminq_s8(vmaxq_s8(best, lo), hi), pr);
    }
}

mw_status mw_max_pool2d_s8(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                           const mw_shape4 *out_shape, int8_t *out)
{
    return mw_pool(p, in_shape, in, out_shape, out, 0, max_window);
}
