/*
 * DEPTHWISE_CONV_2D, int8, per-channel requantization, any depth multiplier:
 * TFLM's reference DepthwiseConvPerChannel with the loops reordered.
 *
 * Output channel oc = ic * depth_multiplier + m reads input channel ic and filter
 * column oc. TFLM sums filter * (input + input_offset) over the in-bounds taps,
 * adds the bias, requantizes per channel and clamps. Here each output pixel keeps a
 * block of channel accumulators on the stack and walks the taps once, so the inner
 * loop runs over contiguous channels of one input pixel and one filter tap.
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

mw_status mw_depthwise_conv2d_s8_ref(const mw_conv_params *p,
                                     const mw_shape4 *in_shape, const int8_t *in,
                                     const mw_shape4 *filter_shape, const int8_t *filter,
                                     const int32_t *bias,
                                     const mw_shape4 *out_shape, int8_t *out)
{
    int32_t b, oy, ox, c0, i, fy, fx;
    int32_t in_h, in_w, in_c, kh, kw, out_c;
    size_t in_row, in_image;
    uint32_t acc[MW_CHANNEL_BLOCK];
    const int32_t *multiplier, *shift;
    int32_t output_offset, act_min, act_max;
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
    in_h = in_shape->h;
    in_w = in_shape->w;
    in_c = in_shape->c;
    kh = filter_shape->h;
    kw = filter_shape->w;
    out_c = out_shape->c;
    in_row = (size_t)in_w * (size_t)in_c;
    in_image = in_row * (size_t)in_h;

    for (b = 0; b < out_shape->n; b++) {
        const int8_t *in_b = in + (size_t)b * in_image;
        for (oy = 0; oy < out_shape->h; oy++) {
            const int32_t iy0 = oy * p->stride_h - p->pad_h;
            int32_t fy0, fy1;
            mw_window_taps(iy0, p->dilation_h, kh, in_h, &fy0, &fy1);
            for (ox = 0; ox < out_shape->w; ox++) {
                const int32_t ix0 = ox * p->stride_w - p->pad_w;
                int32_t fx0, fx1;
                mw_window_taps(ix0, p->dilation_w, kw, in_w, &fx0, &fx1);
                for (c0 = 0; c0 < out_c; c0 += MW_CHANNEL_BLOCK) {
                    const int32_t n = out_c - c0 < MW_CHANNEL_BLOCK ? out_c - c0 : MW_CHANNEL_BLOCK;
                    for (i = 0; i < n; i++) {
                        acc[i] = 0;
                    }
                    for (fy = fy0; fy < fy1; fy++) {
                        const int32_t iy = iy0 + fy * p->dilation_h;
                        for (fx = fx0; fx < fx1; fx++) {
                            const int32_t ix = ix0 + fx * p->dilation_w;
                            const int8_t *x = in_b + (size_t)iy * in_row + (size_t)ix * (size_t)in_c;
                            const int8_t *w = filter + ((size_t)fy * (size_t)kw + (size_t)fx) * (size_t)out_c +
                                              (size_t)c0;
                            accumulate_tap(acc, x, w, p->input_offset, p->depth_multiplier, c0, n);
                        }
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
