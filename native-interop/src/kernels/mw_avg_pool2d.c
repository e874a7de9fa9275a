/*
 * AVERAGE_POOL_2D, int8: TFLM's reference AveragePool. Each output averages the
 * in-bounds taps only (count = number of them), rounding half away from zero:
 * sum > 0 ? (sum + count/2) / count : (sum - count/2) / count, then clamps.
 * TFLM fails when a window has no in-bounds tap; so do we, before writing anything.
 */
#include "mw_kernel_common.h"

mw_status mw_avg_pool2d_s8_ref(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                               const mw_shape4 *out_shape, int8_t *out)
{
    int32_t b, oy, ox, c0, i, fy, fx;
    int32_t acc[MW_CHANNEL_BLOCK];
    size_t in_row, in_image;
    mw_status st;

    if (p == NULL || in_shape == NULL || in == NULL || out_shape == NULL || out == NULL) {
        return MW_ERR_ARGUMENT;
    }
    if ((st = mw_check_pool(p, in_shape, out_shape)) != MW_OK ||
        (st = mw_check_pool_overlap(p, in_shape, out_shape)) != MW_OK) {
        return st;
    }
    in_row = (size_t)in_shape->w * (size_t)in_shape->c;
    in_image = in_row * (size_t)in_shape->h;

    for (b = 0; b < out_shape->n; b++) {
        const int8_t *in_b = in + (size_t)b * in_image;
        for (oy = 0; oy < out_shape->h; oy++) {
            const int32_t iy0 = oy * p->stride_h - p->pad_h;
            int32_t fy0, fy1;
            mw_window_taps(iy0, 1, p->filter_h, in_shape->h, &fy0, &fy1);
            for (ox = 0; ox < out_shape->w; ox++) {
                const int32_t ix0 = ox * p->stride_w - p->pad_w;
                int32_t fx0, fx1, count;
                mw_window_taps(ix0, 1, p->filter_w, in_shape->w, &fx0, &fx1);
                count = (fy1 - fy0) * (fx1 - fx0);
                for (c0 = 0; c0 < in_shape->c; c0 += MW_CHANNEL_BLOCK) {
                    const int32_t n = in_shape->c - c0 < MW_CHANNEL_BLOCK ? in_shape->c - c0 : MW_CHANNEL_BLOCK;
                    for (i = 0; i < n; i++) {
                        acc[i] = 0;
                    }
                    for (fy = fy0; fy < fy1 && fx0 < fx1; fy++) { /* no pointer to an empty row */
                        const int8_t *x = in_b + (size_t)(iy0 + fy) * in_row +
                                          (size_t)(ix0 + fx0) * (size_t)in_shape->c + (size_t)c0;
                        for (fx = fx0; fx < fx1; fx++, x += in_shape->c) {
                            for (i = 0; i < n; i++) {
                                acc[i] += x[i];
                            }
                        }
                    }
                    for (i = 0; i < n; i++) {
                        int32_t v = acc[i] > 0 ? (acc[i] + count / 2) / count : (acc[i] - count / 2) / count;
                        v = v < p->act_min ? p->act_min : v;
                        v = v > p->act_max ? p->act_max : v;
                        *out++ = (int8_t)v;
                    }
                }
            }
        }
    }
    return MW_OK;
}
