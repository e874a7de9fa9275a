/*
 * The "cmsis-nn" kernel backend: MicroWake's kernel interface mapped onto CMSIS-NN
 * (https://github.com/ARM-software/CMSIS-NN), which TFLM itself uses on Cortex-M.
 * Arguments are validated with the same rules as the reference kernels before
 * CMSIS-NN sees them. Not built or run in MicroWake's CI (no CMSIS-NN checkout
 * there); the arm-dsp and mve backends are MicroWake's own, tested equivalents.
 *
 * Mapped: CONV_2D (arm_convolve_wrapper_s8), DEPTHWISE_CONV_2D
 * (arm_depthwise_conv_wrapper_s8), FULLY_CONNECTED (arm_fully_connected_s8, on
 * cores without Helium: its Helium variant needs per-row kernel sums prepared in a
 * version-dependent way) and MAX_POOL_2D (arm_max_pool_s8). AVERAGE_POOL_2D (needs a
 * buffer the pooling interface does not provide), SOFTMAX (arm_softmax_s8 does not
 * validate its parameters) and requantize run the reference.
 *
 * Run once here with a local CMSIS-NN checkout, under QEMU: every TFLM vector is
 * bit-exact on Cortex-M4 and M55; CMSIS-NN's scratch buffers push
 * str_ww_ref_model's arena past TFLM's reference figure (18,016 > 16,352 bytes on
 * M4), and on M55 the differential test found one random CONV_2D case where the
 * Helium path differs from the reference. Prefer the "arm-dsp" / "mve" backends.
 */
#include <stdint.h>
#include <string.h>

#include "arm_nnfunctions.h"
#include "mw_kernel_common.h"

static cmsis_nn_dims dims(int32_t n, int32_t h, int32_t w, int32_t c)
{
    cmsis_nn_dims d;
    d.n = n;
    d.h = h;
    d.w = w;
    d.c = c;
    return d;
}

static cmsis_nn_dims dims4(const mw_shape4 *s)
{
    return dims(s->n, s->h, s->w, s->c);
}

static mw_status status(arm_cmsis_nn_status s)
{
    return s == ARM_CMSIS_NN_SUCCESS ? MW_OK : MW_ERR_ARGUMENT;
}

static cmsis_nn_conv_params conv_params(const mw_conv_params *p)
{
    cmsis_nn_conv_params c;
    c.input_offset = p->input_offset;
    c.output_offset = p->output_offset;
    c.stride.w = p->stride_w;
    c.stride.h = p->stride_h;
    c.padding.w = p->pad_w;
    c.padding.h = p->pad_h;
    c.dilation.w = p->dilation_w;
    c.dilation.h = p->dilation_h;
    c.activation.min = p->act_min;
    c.activation.max = p->act_max;
    return c;
}

static cmsis_nn_dw_conv_params dw_params(const mw_conv_params *p)
{
    cmsis_nn_dw_conv_params c;
    c.input_offset = p->input_offset;
    c.output_offset = p->output_offset;
    c.ch_mult = p->depth_multiplier;
    c.stride.w = p->stride_w;
    c.stride.h = p->stride_h;
    c.padding.w = p->pad_w;
    c.padding.h = p->pad_h;
    c.dilation.w = p->dilation_w;
    c.dilation.h = p->dilation_h;
    c.activation.min = p->act_min;
    c.activation.max = p->act_max;
    return c;
}

static cmsis_nn_per_channel_quant_params channel_quant(const mw_conv_params *p)
{
    cmsis_nn_per_channel_quant_params q;
    /* CMSIS-NN takes non-const pointers but does not write through them. */
    q.multiplier = (int32_t *)(uintptr_t)p->multiplier;
    q.shift = (int32_t *)(uintptr_t)p->shift;
    return q;
}

static size_t max_size(int32_t a, int32_t b)
{
    const int32_t m = a > b ? a : b;
    return m > 0 ? (size_t)m : 0;
}

/* The scratch queries carry no strides or padding: ask CMSIS-NN for the general
 * kernel's buffer and for the wrapper's choice at stride 1 without padding, and
 * keep the larger, which covers every kernel the wrapper can pick. */
size_t mw_conv2d_s8_scratch_size(const mw_shape4 *in, const mw_shape4 *filter, const mw_shape4 *out)
{
    cmsis_nn_conv_params c;
    cmsis_nn_dims i, f, o;
    if (in == NULL || filter == NULL || out == NULL) {
        return 0;
    }
    memset(&c, 0, sizeof c);
    c.stride.w = c.stride.h = c.dilation.w = c.dilation.h = 1;
    c.activation.min = -128;
    c.activation.max = 127;
    i = dims4(in);
    f = dims4(filter);
    o = dims4(out);
    return max_size(arm_convolve_s8_get_buffer_size(&i, &f), arm_convolve_wrapper_s8_get_buffer_size(&c, &i, &f, &o));
}

mw_status mw_conv2d_s8(const mw_conv_params *p, const mw_shape4 *in_shape, const int8_t *in,
                       const mw_shape4 *filter_shape, const int8_t *filter, const int32_t *bias,
                       const mw_shape4 *out_shape, int8_t *out, void *scratch, size_t scratch_len)
{
    cmsis_nn_context ctx;
    cmsis_nn_conv_params c;
    cmsis_nn_per_channel_quant_params q;
    cmsis_nn_dims i, f, b, o;
    mw_status st = mw_check_conv2d(p, in_shape, in, filter_shape, filter, out_shape, out);
    if (st != MW_OK) {
        return st;
    }
    c = conv_params(p);
    q = channel_quant(p);
    i = dims4(in_shape);
    f = dims4(filter_shape);
    b = dims(1, 1, 1, out_shape->c);
    o = dims4(out_shape);
    if (scratch_len < max_size(arm_convolve_wrapper_s8_get_buffer_size(&c, &i, &f, &o), 0) || scratch_len > INT32_MAX) {
        return mw_conv2d_s8_ref(p, in_shape, in, filter_shape, filter, bias, out_shape, out);
    }
    ctx.buf = scratch;
    ctx.size = (int32_t)scratch_len;
    return status(arm_convolve_wrapper_s8(&ctx, &c, &q, &i, in, &f, filter, &b, bias, &o, out));
}

size_t mw_depthwise_conv2d_s8_scratch_size(const mw_shape4 *in, const mw_shape4 *filter, const mw_shape4 *out)
{
    cmsis_nn_dw_conv_params c;
    cmsis_nn_dims i, f, o;
    if (in == NULL || filter == NULL || out == NULL || in->c < 1) {
        return 0;
    }
    memset(&c, 0, sizeof c);
    c.ch_mult = out->c / in->c;
    c.stride.w = c.stride.h = c.dilation.w = c.dilation.h = 1;
    c.activation.min = -128;
    c.activation.max = 127;
    i = dims4(in);
    f = dims4(filter);
    o = dims4(out);
    return max_size(arm_depthwise_conv_wrapper_s8_get_buffer_size(&c, &i, &f, &o),
                    c.ch_mult == 1 ? arm_depthwise_conv_s8_opt_get_buffer_size(&i, &f) : 0);
}

mw_status mw_depthwise_conv2d_s8(const mw_conv_params *p, const mw_shape4 *in_shape, const int8_t *in,
                                 const mw_shape4 *filter_shape, const int8_t *filter, const int32_t *bias,
                                 const mw_shape4 *out_shape, int8_t *out, void *scratch, size_t scratch_len)
{
    cmsis_nn_context ctx;
    cmsis_nn_dw_conv_params c;
    cmsis_nn_per_channel_quant_params q;
    cmsis_nn_dims i, f, b, o;
    mw_status st = mw_check_depthwise_conv2d(p, in_shape, in, filter_shape, filter, out_shape, out);
    if (st != MW_OK) {
        return st;
    }
    c = dw_params(p);
    q = channel_quant(p);
    i = dims4(in_shape);
    f = dims4(filter_shape);
    b = dims(1, 1, 1, out_shape->c);
    o = dims4(out_shape);
    if (scratch_len < max_size(arm_depthwise_conv_wrapper_s8_get_buffer_size(&c, &i, &f, &o), 0) ||
        scratch_len > INT32_MAX) {
        return mw_depthwise_conv2d_s8_ref(p, in_shape, in, filter_shape, filter, bias, out_shape, out);
    }
    ctx.buf = scratch;
    ctx.size = (int32_t)scratch_len;
    return status(arm_depthwise_conv_wrapper_s8(&ctx, &c, &q, &i, in, &f, filter, &b, bias, &o, out));
}

mw_status mw_fully_connected_s8(const mw_fc_params *p, int32_t batches, int32_t in_depth, int32_t out_depth,
                                const int8_t *in, const int8_t *weights, const int32_t *bias, int8_t *out,
                                void *scratch, size_t scratch_len)
{
#if defined(ARM_MATH_MVEI)
    (void)scratch;
    (void)scratch_len;
    return mw_fully_connected_s8_ref(p, batches, in_depth, out_depth, in, weights, bias, out);
#else
    cmsis_nn_context ctx;
    cmsis_nn_fc_params c;
    cmsis_nn_per_tensor_quant_params q;
    cmsis_nn_dims i, f, b, o;
    mw_status st = mw_check_fully_connected(p, batches, in_depth, out_depth, in, weights, out);
    (void)scratch;
    (void)scratch_len;
    if (st != MW_OK) {
        return st;
    }
    c.input_offset = p->input_offset;
    c.filter_offset = p->filter_offset;
    c.output_offset = p->output_offset;
    c.activation.min = p->act_min;
    c.activation.max = p->act_max;
    q.multiplier = p->multiplier;
    q.shift = p->shift;
    i = dims(batches, 1, 1, in_depth);
    f = dims(in_depth, 1, 1, out_depth);
    b = dims(1, 1, 1, out_depth);
    o = dims(batches, 1, 1, out_depth);
    ctx.buf = NULL;
    ctx.size = 0;
    return status(arm_fully_connected_s8(&ctx, &c, &q, &i, in, &f, weights, &b, bias, &o, out));
#endif
}

mw_status mw_avg_pool2d_s8(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                           const mw_shape4 *out_shape, int8_t *out)
{
    return mw_avg_pool2d_s8_ref(p, in_shape, in, out_shape, out);
}

mw_status mw_max_pool2d_s8(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                           const mw_shape4 *out_shape, int8_t *out)
{
    cmsis_nn_context ctx;
    cmsis_nn_pool_params c;
    cmsis_nn_dims i, f, o;
    mw_status st;
    if ((st = mw_check_pool(p, in_shape, in, out_shape, out)) != MW_OK) {
        return st;
    }
    c.stride.w = p->stride_w;
    c.stride.h = p->stride_h;
    c.padding.w = p->pad_w;
    c.padding.h = p->pad_h;
    c.activation.min = p->act_min;
    c.activation.max = p->act_max;
    i = dims4(in_shape);
    f = dims(1, p->filter_h, p->filter_w, 1);
    o = dims4(out_shape);
    ctx.buf = NULL;
    ctx.size = 0;
    /* CMSIS-NN's pooling works on one image: run the batch one by one. */
    for (int32_t b = 0; b < in_shape->n; b++) {
        const size_t in_image = (size_t)in_shape->h * (size_t)in_shape->w * (size_t)in_shape->c;
        const size_t out_image = (size_t)out_shape->h * (size_t)out_shape->w * (size_t)out_shape->c;
        i.n = o.n = 1;
        st = status(arm_max_pool_s8(&ctx, &c, &i, in + (size_t)b * in_image, &f, &o, out + (size_t)b * out_image));
        if (st != MW_OK) {
            return st;
        }
    }
    return MW_OK;
}
