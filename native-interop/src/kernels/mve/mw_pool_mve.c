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

static int8_t average(int32_t sum, int32_t count, const mw_pool_params *p)
{
    int32_t v = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
    v = v < p->act_min ? p->act_min : v;
    v = v > p->act_max ? p->act_max : v;
    return (int8_t)v;
}

mw_status mw_avg_pool2d_s8_mve(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                               const mw_shape4 *out_shape, int8_t *out)
{
    int32_t b, oy, ox, c, fy, fx, i, ch;
    size_t row, image;
    mw_status st;
    if (p == NULL || in_shape == NULL || in == NULL || out_shape == NULL || out == NULL) {
        return MW_ERR_ARGUMENT;
    }
    if ((st = mw_check_pool(p, in_shape, out_shape)) != MW_OK ||
        (st = mw_check_pool_overlap(p, in_shape, out_shape)) != MW_OK) {
        return st;
    }
    if ((int64_t)p->filter_h * p->filter_w > MW_POOL_MVE_MAX_TAPS) {
        return mw_avg_pool2d_s8_ref(p, in_shape, in, out_shape, out);
    }
    ch = in_shape->c;
    row = (size_t)in_shape->w * (size_t)ch;
    image = row * (size_t)in_shape->h;
    for (b = 0; b < out_shape->n; b++) {
        const int8_t *in_b = in + (size_t)b * image;
        for (oy = 0; oy < out_shape->h; oy++) {
            const int32_t iy0 = oy * p->stride_h - p->pad_h;
            int32_t fy0, fy1;
            mw_window_taps(iy0, 1, p->filter_h, in_shape->h, &fy0, &fy1);
            for (ox = 0; ox < out_shape->w; ox++, out += ch) {
                const int32_t ix0 = ox * p->stride_w - p->pad_w;
                int32_t fx0, fx1, count;
                mw_window_taps(ix0, 1, p->filter_w, in_shape->w, &fx0, &fx1);
                count = (fy1 - fy0) * (fx1 - fx0);
                for (c = 0; c < ch; c += 8) {
                    const int32_t lanes = ch - c < 8 ? ch - c : 8;
                    const mve_pred16_t pr = vctp16q((uint32_t)lanes);
                    int16x8_t sum = vdupq_n_s16(0);
                    int16_t sums[8];
                    for (fy = fy0; fy < fy1; fy++) {
                        const int8_t *x = in_b + (size_t)(iy0 + fy) * row + (size_t)(ix0 + fx0) * (size_t)ch +
                                          (size_t)c;
                        for (fx = fx0; fx < fx1; fx++, x += ch) {
                            sum = vaddq_s16(sum, vldrbq_z_s16(x, pr));
                        }
                    }
                    vstrhq_s16(sums, sum);
                    for (i = 0; i < lanes; i++) {
                        out[c + i] = average(sums[i], count, p);
                    }
                }
            }
        }
    }
    return MW_OK;
}

mw_status mw_max_pool2d_s8_mve(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                               const mw_shape4 *out_shape, int8_t *out)
{
    int32_t b, oy, ox, c, fy, fx, ch;
    size_t row, image;
    mw_status st;
    if (p == NULL || in_shape == NULL || in == NULL || out_shape == NULL || out == NULL) {
        return MW_ERR_ARGUMENT;
    }
    if ((st = mw_check_pool(p, in_shape, out_shape)) != MW_OK) {
        return st;
    }
    ch = in_shape->c;
    row = (size_t)in_shape->w * (size_t)ch;
    image = row * (size_t)in_shape->h;
    for (b = 0; b < out_shape->n; b++) {
        const int8_t *in_b = in + (size_t)b * image;
        for (oy = 0; oy < out_shape->h; oy++) {
            const int32_t iy0 = oy * p->stride_h - p->pad_h;
            int32_t fy0, fy1;
            mw_window_taps(iy0, 1, p->filter_h, in_shape->h, &fy0, &fy1);
            for (ox = 0; ox < out_shape->w; ox++, out += ch) {
                const int32_t ix0 = ox * p->stride_w - p->pad_w;
                int32_t fx0, fx1;
                mw_window_taps(ix0, 1, p->filter_w, in_shape->w, &fx0, &fx1);
                for (c = 0; c < ch; c += 16) {
                    const mve_pred16_t pr = vctp8q((uint32_t)(ch - c));
                    int8x16_t best = vdupq_n_s8(INT8_MIN);
                    for (fy = fy0; fy < fy1; fy++) {
                        const int8_t *x = in_b + (size_t)(iy0 + fy) * row + (size_t)(ix0 + fx0) * (size_t)ch +
                                          (size_t)c;
                        for (fx = fx0; fx < fx1; fx++, x += ch) {
                            best = vmaxq_s8(best, vldrbq_z_s8(x, pr));
                        }
                    }
                    best = vminq_s8(vmaxq_s8(best, vdupq_n_s8((int8_t)p->act_min)), vdupq_n_s8((int8_t)p->act_max));
                    vstrbq_p_s8(out + c, best, pr);
                }
            }
        }
    }
    return MW_OK;
}
