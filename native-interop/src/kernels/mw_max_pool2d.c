/*
 * MAX_POOL_2D, int8: TFLM's reference MaxPool. The maximum over the in-bounds taps
 * (starting from -128, so a window entirely in padding yields -128), then clamped.
 */
#include "mw_kernel_common.h"

static void max_window(const mw_pool_params *p, const mw_pool_window *w, int8_t *out)
{
    int8_t best[MW_CHANNEL_BLOCK];
    int32_t c0, i, r, k;
    for (c0 = 0; c0 < w->depth; c0 += MW_CHANNEL_BLOCK) {
        const int32_t n = w->depth - c0 < MW_CHANNEL_BLOCK ? w->depth - c0 : MW_CHANNEL_BLOCK;
        for (i = 0; i < n; i++) {
            best[i] = INT8_MIN;
        }
        for (r = 0; r < w->rows; r++) {
            const int8_t *x = w->first + (size_t)r * w->row + (size_t)c0;
            for (k = 0; k < w->cols; k++, x += w->depth) {
                for (i = 0; i < n; i++) {
                    best[i] = x[i] > best[i] ? x[i] : best[i];
                }
            }
        }
        for (i = 0; i < n; i++) {
            int32_t v = best[i];
            v = v < p->act_min ? p->act_min : v;
            v = v > p->act_max ? p->act_max : v;
            out[c0 + i] = (int8_t)v;
        }
    }
}

mw_status mw_max_pool2d_s8_ref(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                               const mw_shape4 *out_shape, int8_t *out)
{
    return mw_pool(p, in_shape, in, out_shape, out, 0, max_window);
}
