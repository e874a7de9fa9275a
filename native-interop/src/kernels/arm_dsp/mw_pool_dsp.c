/*
 * AVERAGE_POOL_2D and MAX_POOL_2D with the Arm DSP extension, four channels per
 * 32-bit word: SXTAB16 accumulates the window sums in 16-bit lanes (exact while a
 * window has at most 255 taps; larger windows take the reference path), and
 * SSUB8 + SEL take a per-byte signed maximum. Rounding, the "in-bounds taps only"
 * count and the clamps are the reference's.
 */
#include "mw_arm_dsp.h"
#include "mw_kernel_common.h"

/* Largest window whose int8 sum fits an int16 lane: 255 * -128 = -32640. */
#define MW_POOL_DSP_MAX_TAPS 255

static void average_window(const mw_pool_params *p, const mw_pool_window *w, int8_t *out)
{
    const int32_t count = w->rows * w->cols;
    int32_t c, r, k;
    for (c = 0; c + 4 <= w->depth; c += 4) {
        int16x2_t even = 0, odd = 0;
        for (r = 0; r < w->rows; r++) {
            const int8_t *x = w->first + (size_t)r * w->row + (size_t)c;
            for (k = 0; k < w->cols; k++, x += w->depth) {
                const uint32_t v = mw_dsp_load32(x);
                even = __sxtab16(even, (int8x4_t)v);
                odd = mw_dsp_sxtab16_ror8(odd, v);
            }
        }
        out[c] = mw_pool_average((int16_t)(even & 0xffff), count, p->act_min, p->act_max);
        out[c + 1] = mw_pool_average((int16_t)(odd & 0xffff), count, p->act_min, p->act_max);
        out[c + 2] = mw_pool_average((int16_t)((uint32_t)even >> 16), count, p->act_min, p->act_max);
        out[c + 3] = mw_pool_average((int16_t)((uint32_t)odd >> 16), count, p->act_min, p->act_max);
    }
    for (; c < w->depth; c++) {
        int32_t sum = 0;
        for (r = 0; r < w->rows; r++) {
            const int8_t *x = w->first + (size_t)r * w->row + (size_t)c;
            for (k = 0; k < w->cols; k++, x += w->depth) {
                sum += *x;
            }
        }
        out[c] = mw_pool_average(sum, count, p->act_min, p->act_max);
    }
}

mw_status mw_avg_pool2d_s8(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                           const mw_shape4 *out_shape, int8_t *out)
{
    /* Larger windows overflow the 16-bit lanes: the reference checks and computes them. */
    if (p != NULL && (int64_t)p->filter_h * p->filter_w > MW_POOL_DSP_MAX_TAPS) {
        return mw_avg_pool2d_s8_ref(p, in_shape, in, out_shape, out);
    }
    return mw_pool(p, in_shape, in, out_shape, out, 1, average_window);
}

/* Per-byte signed max / min through the GE flags. */
static inline uint32_t max4(uint32_t a, uint32_t b)
{
    (void)__ssub8((int8x4_t)a, (int8x4_t)b);
    return __sel(a, b);
}

static inline uint32_t min4(uint32_t a, uint32_t b)
{
    (void)__ssub8((int8x4_t)a, (int8x4_t)b);
    return __sel(b, a);
}

static uint32_t splat4(int32_t v)
{
    return (uint32_t)(uint8_t)v * 0x01010101u;
}

static void max_window(const mw_pool_params *p, const mw_pool_window *w, int8_t *out)
{
    const uint32_t lo = splat4(p->act_min);
    const uint32_t hi = splat4(p->act_max);
    int32_t c, r, k;
    for (c = 0; c + 4 <= w->depth; c += 4) {
        uint32_t best = splat4(INT8_MIN);
        for (r = 0; r < w->rows; r++) {
            const int8_t *x = w->first + (size_t)r * w->row + (size_t)c;
            for (k = 0; k < w->cols; k++, x += w->depth) {
                best = max4(mw_dsp_load32(x), best);
            }
        }
        best = min4(max4(best, lo), hi);
        memcpy(out + c, &best, sizeof best);
    }
    for (; c < w->depth; c++) {
        int32_t v = INT8_MIN;
        for (r = 0; r < w->rows; r++) {
            const int8_t *x = w->first + (size_t)r * w->row + (size_t)c;
            for (k = 0; k < w->cols; k++, x += w->depth) {
                v = *x > v ? *x : v;
            }
        }
        v = v < p->act_min ? p->act_min : v;
        v = v > p->act_max ? p->act_max : v;
        out[c] = (int8_t)v;
    }
}

mw_status mw_max_pool2d_s8(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                           const mw_shape4 *out_shape, int8_t *out)
{
    return mw_pool(p, in_shape, in, out_shape, out, 0, max_window);
}
