/* FULLY_CONNECTED preparation (int8, per-tensor weights), as TFLM's
 * CalculateOpDataFullyConnected computes it. */
#include <math.h>

#include "mw_interp.h"

mw_status mw_fully_connected_prepare(mw_build *b, const mw_tfl_op *op, mw_op *rec)
{
    const mw_fb *fb = &b->m->fb;
    const mw_fb_table *t;
    mw_tfl_tensor in, w, bias, out;
    mw_fc_params *p = &rec->u.fc.p;
    uint8_t act = 0, keep_dims = 0;
    int8_t format = 0, bias_type = 0;
    int has_bias;
    int32_t in_depth, out_depth;
    double product, real;
    size_t scratch;
    mw_status s = MW_OK;

    MW_PASS(mw_prep_io_counts(b, op, 2, 3, 1));
    MW_PASS(mw_prep_options(b, op, MW_OPT_FULLY_CONNECTED, 0, &t));
    if (t) {
        s = mw_fb_u8(fb, t, 0, 0, &act);
        if (s == MW_OK) s = mw_fb_i8(fb, t, 1, 0, &format);
        if (s == MW_OK) s = mw_fb_u8(fb, t, 2, 0, &keep_dims);
        if (s == MW_OK) s = mw_fb_i8(fb, t, 4, 0, &bias_type);
    }
    if (s != MW_OK) {
        return mw_prep_fail(b, op, s, "unreadable options");
    }
    if (format != 0) {
        return mw_prep_fail(b, op, MW_ERR_UNSUPPORTED_OP, "shuffled weights format");
    }
    if (bias_type != 0 && bias_type != MW_TFL_INT32) {
        return mw_prep_fail(b, op, MW_ERR_UNSUPPORTED_OP, "quantized_bias_type other than int32");
    }
    MW_PASS(mw_prep_input(b, op, 0, &in));
    MW_PASS(mw_prep_input(b, op, 1, &w));
    MW_PASS(mw_prep_optional_input(b, op, 2, &bias, &has_bias));
    MW_PASS(mw_prep_output(b, op, 0, &out));
    MW_PASS(mw_prep_per_tensor(b, op, &in, MW_TFL_INT8));
    MW_PASS(mw_prep_per_tensor(b, op, &out, MW_TFL_INT8));
    if (w.ndims != 2) {
        return mw_prep_fail(b, op, MW_ERR_SHAPE, "weights must be 2-D [outputs, inputs]");
    }
    out_depth = w.dims[0];
    in_depth = w.dims[1];
    if (out.ndims < 1 || in.elements % (uint32_t)in_depth != 0 || out.elements != in.elements / (uint32_t)in_depth * (uint32_t)out_depth ||
        out.dims[out.ndims - 1] != out_depth) {
        return mw_prep_fail(b, op, MW_ERR_SHAPE, "input or output size does not match the weights");
    }
    MW_PASS(mw_prep_weights(b, op, rec, &w, &bias, has_bias, out_depth));
    if (w.nscales != 1) {
        return mw_prep_fail(b, op, MW_ERR_QUANTIZATION, "per-channel weights are not supported");
    }
    if (w.zero_point < -128 || w.zero_point > 127) {
        return mw_prep_fail(b, op, MW_ERR_QUANTIZATION, "weight zero point out of range");
    }
    /* TFLite GetQuantizedConvolutionMultipler: the bias scale must match input x weight
     * scale (checked in double), then the multiplier uses the float product. */
    if (has_bias) {
        double diff = fabs((double)in.scale * (double)w.scale - (double)bias.scale);
        if (!(diff / (double)out.scale <= 0.02)) {
            return mw_prep_fail(b, op, MW_ERR_QUANTIZATION, "bias scale differs from input x weight scale");
        }
    }
    product = (double)(in.scale * w.scale);
    real = product / (double)out.scale;
    if (mw_quantize_multiplier(real, &p->multiplier, &p->shift) != MW_OK) {
        return mw_prep_fail(b, op, MW_ERR_QUANTIZATION, "requantization scale out of range");
    }
    MW_PASS(mw_prep_activation(b, op, act, &out, &p->act_min, &p->act_max));
    p->input_offset = -in.zero_point;
    p->filter_offset = -w.zero_point;
    p->output_offset = out.zero_point;
    rec->u.fc.batches = (int32_t)(in.elements / (uint32_t)in_depth);
    rec->u.fc.in_depth = in_depth;
    rec->u.fc.out_depth = out_depth;
    mw_prep_bind(rec, &in, &out);
    scratch = mw_fully_connected_s8_scratch_size(in_depth, out_depth);
    if (scratch > MW_TFL_MAX_TENSOR_BYTES) {
        return mw_prep_fail(b, op, MW_ERR_SHAPE, "kernel scratch too large");
    }
    rec->scratch_len = (uint32_t)scratch;
    rec->kind = MW_KIND_FULLY_CONNECTED;
    b->macs += (uint64_t)rec->u.fc.batches * (uint64_t)in_depth * (uint64_t)out_depth;
    return MW_OK;
}
