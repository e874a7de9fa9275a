/*
 * Helpers shared by the kernels of every backend: cheap argument and shape checks
 * (so a kernel never indexes outside the tensors its shapes describe, whatever it
 * is given) and the in-bounds window computation of the sliding-window operators.
 */
#ifndef MW_KERNEL_COMMON_H
#define MW_KERNEL_COMMON_H

#include "mw_kernels.h"

/* Largest element count a tensor may have: offsets stay within int32 and size_t. */
#define MW_MAX_ELEMENTS INT32_MAX

/* Channels per block of stack accumulators in the per-channel kernels (depthwise,
 * pooling): inner loops run over contiguous channels, 256 bytes of stack at most. */
#define MW_CHANNEL_BLOCK 64

/* Element count of a shape; 0 when a dimension is < 1 or the count exceeds MW_MAX_ELEMENTS. */
int32_t mw_shape_elements(const mw_shape4 *s);

/* Checks that every window start (out_len positions, stride apart, minus pad) and every
 * tap (filter_len taps, dilation apart) has an index representable in int32. */
mw_status mw_check_window(int32_t out_len, int32_t stride, int32_t dilation, int32_t pad,
                          int32_t filter_len);

/* act_min <= act_max, both within int8. */
mw_status mw_check_activation(int32_t act_min, int32_t act_max);

/* An int8 zero point negated (input/filter offsets are -zp: [-127, 128]). */
mw_status mw_check_offset(int32_t offset);

/* An int8 zero point as output offset: [-128, 127]. */
mw_status mw_check_output_offset(int32_t offset);

/* Every shift within [-31, 31] (what mw_multiply_by_quantized_multiplier accepts). */
mw_status mw_check_shifts(const int32_t *shift, int32_t count);

/* The parameter checks CONV_2D and DEPTHWISE_CONV_2D share: offsets, activation,
 * both windows and the per-channel shifts (out_c of them). */
mw_status mw_check_conv_params(const mw_conv_params *p, const mw_shape4 *filter_window,
                               const mw_shape4 *out_shape);

/* Complete argument checks of each kernel (pointers, shape consistency, parameters),
 * in the order the reference applies them: every backend calls the same one so
 * that all refuse exactly the same inputs, before touching any memory. */
mw_status mw_check_conv2d(const mw_conv_params *p, const mw_shape4 *in_shape, const int8_t *in,
                          const mw_shape4 *filter_shape, const int8_t *filter,
                          const mw_shape4 *out_shape, const int8_t *out);
mw_status mw_check_depthwise_conv2d(const mw_conv_params *p, const mw_shape4 *in_shape, const int8_t *in,
                                    const mw_shape4 *filter_shape, const int8_t *filter,
                                    const mw_shape4 *out_shape, const int8_t *out);
mw_status mw_check_fully_connected(const mw_fc_params *p, int32_t batches, int32_t in_depth,
                                   int32_t out_depth, const int8_t *in, const int8_t *weights,
                                   const int8_t *out);

/* Pooling checks: pointers, shapes, windows, activation. */
mw_status mw_check_pool(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                        const mw_shape4 *out_shape, const int8_t *out);

/* Average pooling's extra conditions, MW_ERR_SHAPE unless: every window has a tap
 * inside the input (TFLM's average pool fails otherwise; cheap: the first and last
 * windows of each axis are the extremes), and a window has at most 2^23 taps (so the
 * int32 sum and its rounding cannot overflow). */
mw_status mw_check_pool_overlap(const mw_pool_params *p, const mw_shape4 *in_shape,
                                const mw_shape4 *out_shape);

/* The in-bounds taps of one pooling window. */
typedef struct mw_pool_window {
    const int8_t *first; /* channel 0 of the first tap (never read when there is none) */
    size_t row;          /* elements between input rows */
    int32_t rows, cols;  /* taps per axis; both 0 when the window has no tap */
    int32_t depth;       /* channels, also the elements between taps of a row */
} mw_pool_window;

/* Computes the `depth` outputs of one window at out. */
typedef void (*mw_pool_window_fn)(const mw_pool_params *p, const mw_pool_window *w, int8_t *out);

/* What every pooling kernel shares: the checks (mw_check_pool, plus
 * mw_check_pool_overlap when `average`), then fn for each output position in
 * output order. The call per position is cheap next to the window it computes;
 * the kernels keep their own channel loops. */
mw_status mw_pool(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                  const mw_shape4 *out_shape, int8_t *out, int average, mw_pool_window_fn fn);

/* TFLM's average: rounded half away from zero, then clamped. */
static inline int8_t mw_pool_average(int32_t sum, int32_t count, int32_t act_min, int32_t act_max)
{
    int32_t v = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
    v = v < act_min ? act_min : v;
    v = v > act_max ? act_max : v;
    return (int8_t)v;
}

/* In-bounds taps [*start, *end) of a window at `origin` (may be negative) over
 * an axis of in_len, with filter_len taps `dilation` apart. *end may equal *start. */
static inline void mw_window_taps(int32_t origin, int32_t dilation, int32_t filter_len,
                                  int32_t in_len, int32_t *start, int32_t *end)
{
    /* Distances between int32 positions fit uint32: no overflow and no 64-bit
     * division (a library call on 32-bit cores). */
    uint32_t s = 0;
    uint32_t e = 0;
    if (origin < 0) {
        s = (0u - (uint32_t)origin - 1u) / (uint32_t)dilation + 1u; /* ceil(-origin / dilation) */
    }
    if (origin < in_len) {
        e = ((uint32_t)in_len - 1u - (uint32_t)origin) / (uint32_t)dilation + 1u;
    }
    if (e > (uint32_t)filter_len) {
        e = (uint32_t)filter_len;
    }
    if (s > e) {
        s = e;
    }
    *start = (int32_t)s;
    *end = (int32_t)e;
}

/* sum (x[i] + x_off) * (w[i] + w_off) over n elements, modulo 2^32 like TFLite's
 * int32 accumulators (uint32 keeps the wrap-around defined). Offsets are in
 * [-127, 128], so x + x_off fits int16: the casts let compilers use 16-bit
 * multiply-accumulate (e.g. SSE2 pmaddwd) instead of emulated 32-bit multiplies.
 * Inline so that a literal w_off of 0 compiles to the plain dot product. */
static inline int32_t mw_dot_s8(const int8_t *x, int32_t x_off, const int8_t *w, int32_t w_off,
                                int32_t n)
{
    uint32_t acc = 0;
    int32_t i;
    for (i = 0; i < n; i++) {
        acc += (uint32_t)((int32_t)(int16_t)(x[i] + x_off) * (int32_t)(int16_t)(w[i] + w_off));
    }
    return (int32_t)acc;
}

/* Four dot products sharing the input run: acc[k] += sum (x[i] + x_off) * w[k * w_stride + i].
 * Reading each input once for four weight rows halves the loads of a GEMV. */
static inline void mw_dot4_s8(const int8_t *x, int32_t x_off, const int8_t *w, size_t w_stride,
                              int32_t n, uint32_t acc[4])
{
    const int8_t *w0 = w;
    const int8_t *w1 = w + w_stride;
    const int8_t *w2 = w1 + w_stride;
    const int8_t *w3 = w2 + w_stride;
    uint32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    int32_t i;
    for (i = 0; i < n; i++) {
        const int32_t xv = (int16_t)(x[i] + x_off);
        a0 += (uint32_t)(xv * w0[i]);
        a1 += (uint32_t)(xv * w1[i]);
        a2 += (uint32_t)(xv * w2[i]);
        a3 += (uint32_t)(xv * w3[i]);
    }
    acc[0] += a0;
    acc[1] += a1;
    acc[2] += a2;
    acc[3] += a3;
}

/* acc + bias with TFLite's int32 wrap-around. */
static inline int32_t mw_add_wrap(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a + (uint32_t)b);
}

#endif /* MW_KERNEL_COMMON_H */
