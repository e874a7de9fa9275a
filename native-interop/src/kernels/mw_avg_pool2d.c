/*
 * AVERAGE_POOL_2D, int8: TFLM's reference AveragePool. Each output averages the
 * in-bounds taps only (count = number of them), rounding half away from zero:
 * sum > 0 ? (sum + count/2) / count : (sum - count/2) / count, then clamps.
 * TFLM fails when a window has no in-bounds tap; so do we, before writing anything.
 */
#include "mw_kernel_common.h"

static void average_window(const mw_pool_params *p, const mw_pool_window *w, int8_t *out)
{
    const int32_t count = w->rows * w->cols;
    int32_t acc[MW_CHANNEL_BLOCK];
    int32_t c0, i, r, k;
    for (c0 = 0; c0 < w->depth; c0 += MW_CHANNEL_BLOCK) {
        const int32_t n = w->depth - c0 < MW_CHANNEL_BLOCK ? w->depth - c0 : MW_CHANNEL_BLOCK;
        for (i = 0; i < n; i++) {
            acc[i] = 0;
        }
        for (r = 0; r < w->rows; r++) {
            const int8_t *x = w->first + (size_t)r * w->row + (size_t)c0;
            for (k = 0; k < w->cols; k++, x += w->depth) {
                for (i = 0; i < n; i++) {
                    acc[i] += x[i];
                }
            }
        }
        for (i = 0; i < n; i++) {
            out[c0 + i] = mw_pool_average(acc[i], count, p->act_min, p->act_max);
        }
    }
}

mw_status mw_avg_pool2d_s8_ref(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                               const mw_shape4 *out_shape, int8_t *out)
{
    return mw_pool(p, in_shape, in, out_shape, out, 1, average_window);
}
