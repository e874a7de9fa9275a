/*
 * DEPTHWISE_CONV_2D, int8, per-channel requantization, any depth multiplier:
 * TFLM's reference DepthwiseConvPerChannel with the loops reordered.
 *
 * Output channel oc = ic * depth_multiplier + m reads input channel ic and filter
 * column oc. TFLM sums filter * (input + input_offset) over the in-bounds taps,
 * adds the bias, requantizes per channel and clamps. Here each output pixel keeps a
 * block of channel accumulators on the stack and walks the taps once, so the inner
 * loop runs over contiguous channels of one input pixel and one filter tap.
 * When the depth multiplier is a multiple of 8, each run of 8 output channels reads a
 * single input channel: such a run keeps its sums in registers over the whole window
 * instead (micro_speech's layer: one input channel, depth multiplier 8).
 * Accumulators are uint32 so that sums wrap modulo 2^32 exactly like TFLM's int32.
 */
#include "mw_kernel_common.h"
#include "mw_fixedpoint.h"

/* Adds the taps of one filter position to acc[0..n) for output channels c0..c0+n. */
static void accumulate_tap(uint32_t *acc, const int8_t *x, const int8_t *w, int32_t input_offset,
                           int32_t depth_multiplier, int32_t c0, int32_t n)
{
    int32_t i;
    if (depth_multiplier == 1) {
        x += c0;
        for (i = 0; i < n; i++) {
            /* |(x + offset) * w| <= 255 * 128 fits int16: lets compilers multiply in 16 bits. */
            acc[i] += (uint32_t)(int32_t)(int16_t)((int16_t)(x[i] + input_offset) * w[i]);
        }
    } else {
        /* Output channels come in groups of depth_multiplier sharing one input value;
         * the block may start or end inside a group. */
        int32_t ic = c0 / depth_multiplier;
        int32_t run = depth_multiplier - c0 % depth_multiplier;
        int32_t k;
        for (i = 0; i < n; ic++, run = depth_multiplier) {
            const int32_t xv = (int16_t)(x[ic] + input_offset);
            run = run < n - i ? run : n - i;
            for (k = 0; k < run; k++) {
                acc[i + k] += (uint32_t)(int32_t)(int16_t)(xv * w[i + k]);
            }
            i += run;
        }
    }
}

/* The taps of one output pixel, in-bounds rows [fy0, fy1) and columns [fx0, fx1); the
 * window starts at input row iy0, column ix0 (may be negative). */
typedef struct dw_window {
    const int8_t *in;   /* this batch's input image */
    const int8_t *filter;
    size_t in_row;      /* in_w * in_c */
    int32_t in_c, kw, out_c;
    int32_t iy0, ix0, fy0, fy1, fx0, fx1;
} dw_window;

/* acc[0..n) = window sums of output channels c0..c0+n (any depth multiplier). */
static void accumulate_block(uint32_t *acc, const dw_window *d, const mw_conv_params *p, int32_t c0, int32_t n)
{
    int32_t i, fy, fx;
    for (i = 0; i < n; i++) {
        acc[i] = 0;
    }
    for (fy = d->fy0; fy < d->fy1; fy++) {
        const int32_t iy = d->iy0 + fy * p->dilation_h;
        for (fx = d->fx0; fx < d->fx1; fx++) {
            const int32_t ix = d->ix0 + fx * p->dilation_w;
            const int8_t *x = d->in + (size_t)iy * d->in_row + (size_t)ix * (size_t)d->in_c;
            const int8_t *w = d->filter + ((size_t)fy * (size_t)d->kw + (size_t)fx) * (size_t)d->out_c + (size_t)c0;
            accumulate_tap(acc, x, w, p->input_offset, p->depth_multiplier, c0, n);
        }
    }
}

/* acc[0..8) = window sums of output channels c0..c0+8, which all read one input channel
 * (depth multiplier a multiple of 8, c0 too). Eight named sums stay in registers over
 * the whole window: an array of sums would be loaded and stored at every tap. */
static void accumulate_group8(uint32_t *acc, const dw_window *d, const mw_conv_params *p, int32_t c0)
{
    uint32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
    const int32_t input_offset = p->input_offset;
    const size_t ic = (size_t)(c0 / p->depth_multiplier);
    const size_t x_step = (size_t)p->dilation_w * (size_t)d->in_c, w_step = (size_t)d->out_c;
    const int32_t taps = d->fx1 - d->fx0;
    int32_t fy, t;
    for (fy = d->fy0; taps > 0 && fy < d->fy1; fy++) {
        /* Offsets, not pointers, step through the row: no pointer past the end. */
        const int8_t *x = d->in + (size_t)(d->iy0 + fy * p->dilation_h) * d->in_row +
                          (size_t)(d->ix0 + d->fx0 * p->dilation_w) * (size_t)d->in_c;
        const int8_t *w = d->filter + ((size_t)fy * (size_t)d->kw + (size_t)d->fx0) * w_step + (size_t)c0;
        size_t xi = 0, wi = 0;
        for (t = 0; t < taps; t++, xi += x_step, wi += w_step) {
            const int32_t xv = x[xi + ic] + input_offset;
            a0 += (uint32_t)(xv * w[wi + 0]);
            a1 += (uint32_t)(xv * w[wi + 1]);
            a2 += (uint32_t)(xv * w[wi + 2]);
            a3 += (uint32_t)(xv * w[wi + 3]);
            a4 += (uint32_t)(xv * w[wi + 4]);
            a5 += (uint32_t)(xv * w[wi + 5]);
            a6 += (uint32_t)(xv * w[wi + 6]);
            a7 += (uint32_t)(xv * w[wi + 7]);
        }
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
    acc[4] = a4;
    acc[5] = a5;
    acc[6] = a6;
    acc[7] = a7;
}

mw_status mw_depthwise_conv2d_s8_ref(const mw_conv_params *p,
                                     const mw_shape4 *in_shape, const int8_t *in,
                                     const mw_shape4 *filter_shape, const int8_t *filter,
                                     const int32_t *bias,
                                     const mw_shape4 *out_shape, int8_t *out)
{
    int32_t b, oy, ox, c0, n, i, grouped;
    uint32_t acc[MW_CHANNEL_BLOCK];
    const int32_t *multiplier, *shift;
    int32_t output_offset, act_min, act_max, out_c;
    size_t in_image;
    dw_window d;
    mw_status st;

    if ((st = mw_check_depthwise_conv2d(p, in_shape, in, filter_shape, filter, out_shape, out)) != MW_OK) {
        return st;
    }
    /* Locals, not p->...: the int8 output stores could alias them for the compiler. */
    multiplier = p->multiplier;
    shift = p->shift;
    output_offset = p->output_offset;
    act_min = p->act_min;
    act_max = p->act_max;
    out_c = out_shape->c;
    d.filter = filter;
    d.in_c = in_shape->c;
    d.kw = filter_shape->w;
    d.out_c = out_c;
    d.in_row = (size_t)in_shape->w * (size_t)in_shape->c;
    in_image = d.in_row * (size_t)in_shape->h;
    grouped = p->depth_multiplier % 8 == 0;

    for (b = 0; b < out_shape->n; b++) {
        d.in = in + (size_t)b * in_image;
        for (oy = 0; oy < out_shape->h; oy++) {
            d.iy0 = oy * p->stride_h - p->pad_h;
            mw_window_taps(d.iy0, p->dilation_h, filter_shape->h, in_shape->h, &d.fy0, &d.fy1);
            for (ox = 0; ox < out_shape->w; ox++) {
                d.ix0 = ox * p->stride_w - p->pad_w;
                mw_window_taps(d.ix0, p->dilation_w, d.kw, in_shape->w, &d.fx0, &d.fx1);
                for (c0 = 0; c0 < out_c; c0 += n) {
                    if (grouped) { /* out_c is a multiple of 8 too */
                        n = 8;
                        accumulate_group8(acc, &d, p, c0);
                    } else {
                        n = out_c - c0 < MW_CHANNEL_BLOCK ? out_c - c0 : MW_CHANNEL_BLOCK;
                        accumulate_block(acc, &d, p, c0, n);
                    }
                    for (i = 0; i < n; i++) {
                        const int32_t oc = c0 + i;
                        int32_t total = (int32_t)acc[i];
                        if (bias != NULL) {
                            total = mw_add_wrap(total, bias[oc]);
                        }
                        *out++ = mw_requantize_acc(total, multiplier[oc], shift[oc], output_offset, act_min,
                                                   act_max);
                    }
                }
            }
        }
    }
    return MW_OK;
}
