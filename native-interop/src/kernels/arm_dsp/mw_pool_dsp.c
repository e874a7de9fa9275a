/*
 * AVERAGE_POOL_2D and MAX_POOL_2D with the Arm DSP extension, four channels per
 * 32-bit word: SXTAB16 accumulates the window sums in 16-bit lanes (exact while a
 * window has at most 255 taps; larger windows take the reference path), and
 * SSUB8 + SEL take a per-byte signed maximum. Rounding, the "in-bounds taps only"
 * count and the clamps are the reference's.
 */
#include "mw_arm_dsp.h"
#include "mw_backend_checks.h"

/* Largest window whose int8 sum fits an int16 lane: 255 * -128 = -32640. */
#define MW_POOL_DSP_MAX_TAPS 255

static int8_t average(int32_t sum, int32_t count, const mw_pool_params *p)
{
    int32_t v = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
    v = v < p->act_min ? p->act_min : v;
    v = v > p->act_max ? p->act_max : v;
    return (int8_t)v;
}

mw_status mw_avg_pool2d_s8_dsp(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                               const mw_shape4 *out_shape, int8_t *out)
{
    int32_t b, oy, ox, c, fy, fx, ch;
    size_t row, image;
    mw_status st;
    if (p == NULL || in_shape == NULL || in == NULL || out_shape == NULL || out == NULL) {
        return MW_ERR_ARGUMENT;
    }
    if ((st = mw_check_pool(p, in_shape, out_shape)) != MW_OK ||
        (st = mw_check_pool_overlap(p, in_shape, out_shape)) != MW_OK) {
        return st;
    }
    if ((int64_t)p->filter_h * p->filter_w > MW_POOL_DSP_MAX_TAPS) {
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
                for (c = 0; c + 4 <= ch; c += 4) {
                    int16x2_t even = 0, odd = 0;
                    for (fy = fy0; fy < fy1; fy++) {
                        const int8_t *x = in_b + (size_t)(iy0 + fy) * row + (size_t)(ix0 + fx0) * (size_t)ch +
                                          (size_t)c;
                        for (fx = fx0; fx < fx1; fx++, x += ch) {
                            const uint32_t v = mw_dsp_load32(x);
                            even = __sxtab16(even, (int8x4_t)v);
                            odd = mw_dsp_sxtab16_ror8(odd, v);
                        }
                    }
                    out[c] = average((int16_t)(even & 0xffff), count, p);
                    out[c + 1] = average((int16_t)(odd & 0xffff), count, p);
                    out[c + 2] = average((int16_t)((uint32_t)even >> 16), count, p);
                    out[c + 3] = average((int16_t)((uint32_t)odd >> 16), count, p);
                }
                for (; c < ch; c++) {
                    int32_t sum = 0;
                    for (fy = fy0; fy < fy1; fy++) {
                        for (fx = fx0; fx < fx1; fx++) {
                            sum += in_b[(size_t)(iy0 + fy) * row + (size_t)(ix0 + fx) * (size_t)ch + (size_t)c];
                        }
                    }
                    out[c] = average(sum, count, p);
                }
            }
        }
    }
    return MW_OK;
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

mw_status mw_max_pool2d_s8_dsp(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                               const mw_shape4 *out_shape, int8_t *out)
{
    int32_t b, oy, ox, c, fy, fx, ch;
    size_t row, image;
    uint32_t lo, hi;
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
    lo = splat4(p->act_min);
    hi = splat4(p->act_max);
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
                for (c = 0; c + 4 <= ch; c += 4) {
                    uint32_t best = splat4(INT8_MIN);
                    for (fy = fy0; fy < fy1; fy++) {
                        const int8_t *x = in_b + (size_t)(iy0 + fy) * row + (size_t)(ix0 + fx0) * (size_t)ch +
                                          (size_t)c;
                        for (fx = fx0; fx < fx1; fx++, x += ch) {
                            best = max4(mw_dsp_load32(x), best);
                        }
                    }
                    best = min4(max4(best, lo), hi);
                    memcpy(out + c, &best, sizeof best);
                }
                for (; c < ch; c++) {
                    int32_t v = INT8_MIN;
                    for (fy = fy0; fy < fy1; fy++) {
                        for (fx = fx0; fx < fx1; fx++) {
                            const int32_t x =
                                in_b[(size_t)(iy0 + fy) * row + (size_t)(ix0 + fx) * (size_t)ch + (size_t)c];
                            v = x > v ? x : v;
                        }
                    }
                    v = v < p->act_min ? p->act_min : v;
                    v = v > p->act_max ? p->act_max : v;
                    out[c] = (int8_t)v;
                }
            }
        }
    }
    return MW_OK;
}
