/*
 * Test oracle for the int8 kernels: TFLite's int8 specification written the most
 * direct way, independently of the library (loop nests in the order of TFLM's
 * reference kernels, a bounds test per tap, rounding written as floor arithmetic
 * on int64). Slow and obviously right is the point; the kernels under test are
 * the fast ones.
 */
#ifndef KERNEL_ORACLE_H
#define KERNEL_ORACLE_H

#include <stdint.h>
#include <stddef.h>

#include "mw_kernels.h"

/* Deterministic generator (xorshift32): fixed seeds make every failure reproducible. */
typedef struct oracle_rng {
    uint32_t s;
} oracle_rng;

static inline uint32_t oracle_next(oracle_rng *r)
{
    r->s ^= r->s << 13;
    r->s ^= r->s >> 17;
    r->s ^= r->s << 5;
    return r->s;
}

/* Uniform integer in [lo, hi]. */
static inline int32_t oracle_range(oracle_rng *r, int32_t lo, int32_t hi)
{
    return lo + (int32_t)(oracle_next(r) % (uint32_t)(hi - lo + 1));
}

static inline void oracle_fill_s8(oracle_rng *r, int8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        p[i] = (int8_t)oracle_range(r, -128, 127);
    }
}

/* floor(a / 2^e) for int64 (arithmetic shift is floor on the targets TFLite supports;
 * written as division to stay independent of the library's shift code). */
static inline int64_t oracle_floor_div_pow2(int64_t a, int e)
{
    const int64_t d = (int64_t)1 << e;
    int64_t q = a / d;
    if (a % d != 0 && a < 0) {
        q -= 1;
    }
    return q;
}

/* gemmlowp SaturatingRoundingDoublingHighMul = floor((a*b + 2^30) / 2^31), saturating. */
static inline int32_t oracle_srdhm(int32_t a, int32_t b)
{
    if (a == INT32_MIN && b == INT32_MIN) {
        return INT32_MAX;
    }
    return (int32_t)oracle_floor_div_pow2((int64_t)a * b + ((int64_t)1 << 30), 31);
}

/* RoundingDivideByPOT: nearest, ties away from zero. */
static inline int32_t oracle_rdbpot(int32_t x, int e)
{
    const int64_t half = e > 0 ? ((int64_t)1 << (e - 1)) : 0;
    if (e == 0) {
        return x;
    }
    return x >= 0 ? (int32_t)oracle_floor_div_pow2((int64_t)x + half, e)
                  : (int32_t)-oracle_floor_div_pow2(-(int64_t)x + half, e);
}

/* MultiplyByQuantizedMultiplier; x * 2^left must fit int32 (the oracle refuses UB). */
static inline int32_t oracle_mbqm(int32_t x, int32_t m, int32_t shift)
{
    const int left = shift > 0 ? shift : 0;
    const int right = shift > 0 ? 0 : -shift;
    return oracle_rdbpot(oracle_srdhm((int32_t)((int64_t)x * ((int64_t)1 << left)), m), right);
}

static inline int32_t oracle_clamp(int32_t v, int32_t lo, int32_t hi)
{
    return v < lo ? lo : (v > hi ? hi : v);
}

static inline size_t oracle_index(const mw_shape4 *s, int32_t n, int32_t y, int32_t x, int32_t c)
{
    return (((size_t)n * (size_t)s->h + (size_t)y) * (size_t)s->w + (size_t)x) * (size_t)s->c + (size_t)c;
}

/* TFLM ConvPerChannel (depthwise == 0) / DepthwiseConvPerChannel (depthwise == 1). */
static inline void oracle_conv(const mw_conv_params *p, int depthwise, const mw_shape4 *is, const int8_t *in,
                        const mw_shape4 *fs, const int8_t *filter, const int32_t *bias,
                        const mw_shape4 *os, int8_t *out)
{
    int32_t b, oy, ox, oc, fy, fx, ic;
    for (b = 0; b < os->n; b++) {
        for (oy = 0; oy < os->h; oy++) {
            for (ox = 0; ox < os->w; ox++) {
                for (oc = 0; oc < os->c; oc++) {
                    int32_t acc = 0;
                    for (fy = 0; fy < fs->h; fy++) {
                        for (fx = 0; fx < fs->w; fx++) {
                            const int32_t iy = oy * p->stride_h - p->pad_h + fy * p->dilation_h;
                            const int32_t ix = ox * p->stride_w - p->pad_w + fx * p->dilation_w;
                            if (iy < 0 || iy >= is->h || ix < 0 || ix >= is->w) {
                                continue;
                            }
                            if (depthwise) {
                                const int32_t in_ch = oc / p->depth_multiplier;
                                acc += (in[oracle_index(is, b, iy, ix, in_ch)] + p->input_offset) *
                                       filter[oracle_index(fs, 0, fy, fx, oc)];
                            } else {
                                for (ic = 0; ic < is->c; ic++) {
                                    acc += (in[oracle_index(is, b, iy, ix, ic)] + p->input_offset) *
                                           filter[oracle_index(fs, oc, fy, fx, ic)];
                                }
                            }
                        }
                    }
                    if (bias != NULL) {
                        acc += bias[oc];
                    }
                    acc = oracle_mbqm(acc, p->multiplier[oc], p->shift[oc]) + p->output_offset;
                    out[oracle_index(os, b, oy, ox, oc)] = (int8_t)oracle_clamp(acc, p->act_min, p->act_max);
                }
            }
        }
    }
}

/* TFLM FullyConnected (int8, per-tensor). */
static inline void oracle_fc(const mw_fc_params *p, int32_t batches, int32_t in_depth, int32_t out_depth,
                      const int8_t *in, const int8_t *w, const int32_t *bias, int8_t *out)
{
    int32_t b, o, d;
    for (b = 0; b < batches; b++) {
        for (o = 0; o < out_depth; o++) {
            int32_t acc = 0;
            for (d = 0; d < in_depth; d++) {
                acc += (w[o * in_depth + d] + p->filter_offset) * (in[b * in_depth + d] + p->input_offset);
            }
            if (bias != NULL) {
                acc += bias[o];
            }
            acc = oracle_mbqm(acc, p->multiplier, p->shift) + p->output_offset;
            out[b * out_depth + o] = (int8_t)oracle_clamp(acc, p->act_min, p->act_max);
        }
    }
}

/* TFLM AveragePool / MaxPool (int8). Returns 0 when a window has no in-bounds tap
 * (TFLM's average pool fails then). */
static inline int oracle_pool(const mw_pool_params *p, int average, const mw_shape4 *is, const int8_t *in,
                       const mw_shape4 *os, int8_t *out)
{
    int32_t b, oy, ox, c, fy, fx;
    for (b = 0; b < os->n; b++) {
        for (oy = 0; oy < os->h; oy++) {
            for (ox = 0; ox < os->w; ox++) {
                for (c = 0; c < os->c; c++) {
                    int32_t sum = 0, count = 0, best = -128, v;
                    for (fy = 0; fy < p->filter_h; fy++) {
                        for (fx = 0; fx < p->filter_w; fx++) {
                            const int32_t iy = oy * p->stride_h - p->pad_h + fy;
                            const int32_t ix = ox * p->stride_w - p->pad_w + fx;
                            if (iy < 0 || iy >= is->h || ix < 0 || ix >= is->w) {
                                continue;
                            }
                            v = in[oracle_index(is, b, iy, ix, c)];
                            sum += v;
                            best = v > best ? v : best;
                            count++;
                        }
                    }
                    if (average) {
                        if (count == 0) {
                            return 0;
                        }
                        v = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
                    } else {
                        v = best;
                    }
                    out[oracle_index(os, b, oy, ox, c)] = (int8_t)oracle_clamp(v, p->act_min, p->act_max);
                }
            }
        }
    }
    return 1;
}

/* TFLite's output size and (top/left) padding for SAME (same != 0) or VALID. */
static inline void oracle_padding(int same, int32_t in, int32_t filter, int32_t stride, int32_t dilation,
                           int32_t *out, int32_t *pad)
{
    const int32_t eff = (filter - 1) * dilation + 1;
    int32_t total;
    *out = same ? (in + stride - 1) / stride : (in - eff + stride) / stride;
    total = (*out - 1) * stride + eff - in;
    *pad = total > 0 ? total / 2 : 0;
}

#endif /* KERNEL_ORACLE_H */
