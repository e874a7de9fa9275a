/* CONV_2D and DEPTHWISE_CONV_2D preparation: options, shapes, SAME/VALID windows,
 * per-channel requantization, fused activation, kernel scratch. */
#include "mw_interp.h"

typedef struct conv_options {
    uint8_t padding, act;
    int32_t stride_w, stride_h, dilation_w, dilation_h;
    int32_t depth_multiplier; /* depthwise only */
} conv_options;

static mw_status read_options(mw_build *b, const mw_tfl_op *op, int depthwise, conv_options *o)
{
    const mw_fb *fb = &b->m->fb;
    const mw_fb_table *t;
    /* Field numbers differ: DepthwiseConv2DOptions has depth_multiplier at 3. */
    const int act_field = depthwise ? 4 : 3, dil_field = depthwise ? 5 : 4;
    int8_t bias_type = 0;
    mw_status s;
    MW_PASS(mw_prep_options(b, op, depthwise ? MW_OPT_DEPTHWISE_CONV_2D : MW_OPT_CONV_2D, 1, &t));
    s = mw_fb_u8(fb, t, 0, 0, &o->padding);
    if (s == MW_OK) s = mw_fb_i32(fb, t, 1, 0, &o->stride_w);
    if (s == MW_OK) s = mw_fb_i32(fb, t, 2, 0, &o->stride_h);
    if (s == MW_OK) s = mw_fb_u8(fb, t, act_field, 0, &o->act);
    if (s == MW_OK) s = mw_fb_i32(fb, t, dil_field, 1, &o->dilation_w);
    if (s == MW_OK) s = mw_fb_i32(fb, t, dil_field + 1, 1, &o->dilation_h);
    o->depth_multiplier = 1;
    if (s == MW_OK && depthwise) s = mw_fb_i32(fb, t, 3, 0, &o->depth_multiplier);
    if (s == MW_OK && !depthwise) s = mw_fb_i8(fb, t, 6, 0, &bias_type);
    if (s != MW_OK) {
        return mw_prep_fail(b, op, s, "unreadable options");
    }
    if (bias_type != 0 && bias_type != MW_TFL_INT32) {
        return mw_prep_fail(b, op, MW_ERR_UNSUPPORTED_OP, "quantized_bias_type other than int32");
    }
    return MW_OK;
}

static mw_status prepare(mw_build *b, const mw_tfl_op *op, mw_op *rec, int depthwise)
{
    mw_tfl_tensor in, filter, bias, out;
    conv_options o;
    mw_conv_params *p = &rec->u.conv.p;
    mw_shape4 *is = &rec->u.conv.in_shape, *fs = &rec->u.conv.filter_shape, *os = &rec->u.conv.out_shape;
    int has_bias;
    int32_t out_h, out_w, channels;
    size_t scratch;

    MW_PASS(mw_prep_io_counts(b, op, 2, 3, 1));
    MW_PASS(read_options(b, op, depthwise, &o));
    MW_PASS(mw_prep_input(b, op, 0, &in));
    MW_PASS(mw_prep_input(b, op, 1, &filter));
    MW_PASS(mw_prep_optional_input(b, op, 2, &bias, &has_bias));
    MW_PASS(mw_prep_output(b, op, 0, &out));
    MW_PASS(mw_prep_per_tensor(b, op, &in, MW_TFL_INT8));
    MW_PASS(mw_prep_per_tensor(b, op, &out, MW_TFL_INT8));
    MW_PASS(mw_prep_shape4(b, op, &in, is));
    MW_PASS(mw_prep_shape4(b, op, &filter, fs));
    MW_PASS(mw_prep_shape4(b, op, &out, os));
    if (depthwise) {
        /* filter [1, kh, kw, in_c * depth_multiplier] */
        channels = fs->c;
        if (fs->n != 1 || o.depth_multiplier < 1 || (int64_t)is->c * o.depth_multiplier != channels) {
            return mw_prep_fail(b, op, MW_ERR_SHAPE, "filter does not match input depth x depth multiplier");
        }
    } else {
        /* filter [out_c, kh, kw, in_c] */
        channels = fs->n;
        if (fs->c != is->c) {
            return mw_prep_fail(b, op, MW_ERR_SHAPE, "filter depth does not match the input depth");
        }
    }
    MW_PASS(mw_prep_window(b, op, o.padding, is->h, fs->h, o.stride_h, o.dilation_h, &out_h, &p->pad_h));
    MW_PASS(mw_prep_window(b, op, o.padding, is->w, fs->w, o.stride_w, o.dilation_w, &out_w, &p->pad_w));
    if (os->n != is->n || os->h != out_h || os->w != out_w || os->c != channels) {
        return mw_prep_fail(b, op, MW_ERR_SHAPE, "output shape does not match the convolution");
    }
    MW_PASS(mw_prep_weights(b, op, rec, &filter, &bias, has_bias, channels));
    MW_PASS(mw_prep_channel_scales(b, op, p, &in, &filter, &out, depthwise ? 3 : 0, channels));
    MW_PASS(mw_prep_activation(b, op, o.act, &out, &p->act_min, &p->act_max));
    p->input_offset = -in.zero_point;
    p->output_offset = out.zero_point;
    p->stride_h = o.stride_h;
    p->stride_w = o.stride_w;
    p->dilation_h = o.dilation_h;
    p->dilation_w = o.dilation_w;
    p->depth_multiplier = o.depth_multiplier;
    mw_prep_bind(rec, &in, &out);
    scratch = depthwise ? mw_depthwise_conv2d_s8_scratch_size(is, fs, os) : mw_conv2d_s8_scratch_size(is, fs, os);
    if (scratch > MW_TFL_MAX_TENSOR_BYTES) {
        return mw_prep_fail(b, op, MW_ERR_SHAPE, "kernel scratch too large");
    }
    rec->scratch_len = (uint32_t)scratch;
    rec->kind = depthwise ? MW_KIND_DEPTHWISE_CONV_2D : MW_KIND_CONV_2D;
    /* Every output value takes kh x kw taps, over the input depth for CONV_2D. */
    b->macs += (uint64_t)out.elements * (uint64_t)fs->h * (uint64_t)fs->w * (uint64_t)(depthwise ? 1 : is->c);
    return MW_OK;
}

mw_status mw_conv2d_prepare(mw_build *b, const mw_tfl_op *op, mw_op *rec)
{
    return prepare(b, op, rec, 0);
}

mw_status mw_depthwise_conv2d_prepare(mw_build *b, const mw_tfl_op *op, mw_op *rec)
{
    return prepare(b, op, rec, 1);
}
