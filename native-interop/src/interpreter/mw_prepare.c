/* Checks and parameter computations shared by the operators' prepare steps. */
#include <math.h>

#include "mw_interp.h"

mw_status mw_prep_fail(mw_build *b, const mw_tfl_op *op, mw_status s, const char *what)
{
    const char *name = mw_tfl_op_name(op);
    return mw_diag_set(b->diag, s, "operator %d (%s): %s", op->index, name ? name : "?", what);
}

void *mw_build_alloc(mw_build *b, uint64_t bytes, uint32_t align)
{
    void *p;
    /* persist is 16-byte aligned, so aligning the offset aligns the address. */
    b->persist_used = MW_ALIGN_UP(b->persist_used, (uint64_t)align);
    /* Past the capacity (never, unless the model bytes changed since measuring) the
     * values are not stored and the final size check fails the build. */
    p = b->persist && b->persist_used + bytes <= b->persist_cap ? (void *)(b->persist + b->persist_used) : NULL;
    b->persist_used += bytes;
    return p;
}

int32_t *mw_build_alloc_i32(mw_build *b, uint32_t count)
{
    return (int32_t *)mw_build_alloc(b, (uint64_t)count * sizeof(int32_t), (uint32_t)sizeof(int32_t));
}

static mw_status get_tensor(mw_build *b, const mw_tfl_op *op, const mw_fb_vec *v, uint32_t slot,
                            mw_tfl_tensor *t, int *present)
{
    int32_t index = mw_tfl_index(b->m, v, slot);
    *present = index >= 0;
    if (index < 0) {
        return MW_OK;
    }
    if (mw_tfl_tensor_get(b->m, index, t, b->diag) != MW_OK) {
        return b->diag ? b->diag->status : MW_ERR_MODEL_INVALID;
    }
    if (t->is_variable) {
        return mw_prep_fail(b, op, MW_ERR_UNSUPPORTED_TYPE, "variable tensors are not supported");
    }
    return MW_OK;
}

mw_status mw_prep_optional_input(mw_build *b, const mw_tfl_op *op, uint32_t slot, mw_tfl_tensor *t,
                                 int *present)
{
    return get_tensor(b, op, &op->inputs, slot, t, present);
}

mw_status mw_prep_input(mw_build *b, const mw_tfl_op *op, uint32_t slot, mw_tfl_tensor *t)
{
    int present;
    mw_status s = get_tensor(b, op, &op->inputs, slot, t, &present);
    if (s == MW_OK && !present) {
        return mw_prep_fail(b, op, MW_ERR_GRAPH, "a required input is missing");
    }
    return s;
}

mw_status mw_prep_output(mw_build *b, const mw_tfl_op *op, uint32_t slot, mw_tfl_tensor *t)
{
    int present;
    mw_status s = get_tensor(b, op, &op->outputs, slot, t, &present);
    if (s == MW_OK && !present) {
        return mw_prep_fail(b, op, MW_ERR_GRAPH, "output missing");
    }
    return s;
}

mw_status mw_prep_io_counts(mw_build *b, const mw_tfl_op *op, uint32_t in_min, uint32_t in_max,
                            uint32_t out_count)
{
    if (op->inputs.count < in_min || op->inputs.count > in_max || op->outputs.count != out_count) {
        return mw_prep_fail(b, op, MW_ERR_GRAPH, "wrong number of inputs or outputs");
    }
    return MW_OK;
}

mw_status mw_prep_options(mw_build *b, const mw_tfl_op *op, uint8_t type, int required,
                          const mw_fb_table **options)
{
    *options = NULL;
    if (op->options_type != MW_OPT_NONE && op->options_type != type) {
        return mw_prep_fail(b, op, MW_ERR_MODEL_INVALID, "builtin options of the wrong type");
    }
    if (op->options_type == type && op->has_options) {
        *options = &op->options;
    } else if (required) {
        return mw_prep_fail(b, op, MW_ERR_MODEL_INVALID, "builtin options missing");
    }
    return MW_OK;
}

mw_status mw_prep_per_tensor(mw_build *b, const mw_tfl_op *op, const mw_tfl_tensor *t, int32_t type)
{
    if (t->type != type) {
        return mw_diag_set(b->diag, MW_ERR_UNSUPPORTED_TYPE, "operator %d (%s): tensor %d is %s, expected %s",
                           op->index, mw_tfl_op_name(op), t->index, mw_tfl_type_name(t->type),
                           mw_tfl_type_name(type));
    }
    if (t->nscales != 1 || !(t->scale > 0.0f) || isinf(t->scale)) {
        return mw_diag_set(b->diag, MW_ERR_QUANTIZATION,
                           "operator %d (%s): tensor %d needs one positive scale", op->index,
                           mw_tfl_op_name(op), t->index);
    }
    if (type == MW_TFL_INT8 && (t->zero_point < -128 || t->zero_point > 127)) {
        return mw_prep_fail(b, op, MW_ERR_QUANTIZATION, "int8 zero point out of range");
    }
    return MW_OK;
}

mw_status mw_prep_shape4(mw_build *b, const mw_tfl_op *op, const mw_tfl_tensor *t, mw_shape4 *s)
{
    if (t->ndims != 4) {
        return mw_diag_set(b->diag, MW_ERR_SHAPE, "operator %d (%s): tensor %d has %d dimensions, expected 4",
                           op->index, mw_tfl_op_name(op), t->index, t->ndims);
    }
    s->n = t->dims[0];
    s->h = t->dims[1];
    s->w = t->dims[2];
    s->c = t->dims[3];
    return MW_OK;
}

/* TFLite's Quantize helper: zero_point + round(f / scale) in float, range-checked. */
static int quantize_value(const mw_tfl_tensor *out, float f, int32_t *q)
{
    float r = roundf(f / out->scale);
    if (!(r >= -2147483648.0f && r <= 2147483520.0f)) {
        return 0;
    }
    {
        int64_t v = (int64_t)out->zero_point + (int64_t)r;
        *q = v > INT32_MAX ? INT32_MAX : (v < INT32_MIN ? INT32_MIN : (int32_t)v);
    }
    return 1;
}

mw_status mw_prep_activation(mw_build *b, const mw_tfl_op *op, uint8_t act, const mw_tfl_tensor *out,
                             int32_t *act_min, int32_t *act_max)
{
    int32_t lo = -128, hi = 127, q;
    int ok = 1;
    switch (act) {
    case MW_ACT_NONE:
        break;
    case MW_ACT_RELU:
        ok = quantize_value(out, 0.0f, &q);
        lo = q > lo ? q : lo;
        break;
    case MW_ACT_RELU6:
        ok = quantize_value(out, 0.0f, &q);
        lo = q > lo ? q : lo;
        ok = ok && quantize_value(out, 6.0f, &q);
        hi = q < hi ? q : hi;
        break;
    case MW_ACT_RELU_N1_TO_1:
        ok = quantize_value(out, -1.0f, &q);
        lo = q > lo ? q : lo;
        ok = ok && quantize_value(out, 1.0f, &q);
        hi = q < hi ? q : hi;
        break;
    default:
        return mw_prep_fail(b, op, MW_ERR_UNSUPPORTED_OP, "fused activation not supported");
    }
    if (!ok || lo > hi) {
        return mw_prep_fail(b, op, MW_ERR_QUANTIZATION, "activation range empty for the output scale");
    }
    *act_min = lo;
    *act_max = hi;
    return MW_OK;
}

mw_status mw_prep_window(mw_build *b, const mw_tfl_op *op, uint8_t padding, int32_t in, int32_t filter,
                         int32_t stride, int32_t dilation, int32_t *out, int32_t *pad)
{
    int64_t effective, size, total;
    if (stride < 1 || dilation < 1 || filter < 1) {
        return mw_prep_fail(b, op, MW_ERR_MODEL_INVALID, "stride, dilation and filter size must be >= 1");
    }
    effective = (int64_t)(filter - 1) * dilation + 1;
    if (padding == MW_PAD_SAME) {
        size = ((int64_t)in + stride - 1) / stride;
    } else if (padding == MW_PAD_VALID) {
        size = ((int64_t)in + stride - effective) / stride;
    } else {
        return mw_prep_fail(b, op, MW_ERR_UNSUPPORTED_OP, "unknown padding");
    }
    if (size < 1) {
        return mw_prep_fail(b, op, MW_ERR_SHAPE, "filter larger than the input");
    }
    /* TFLite ComputePaddingWithOffset: the smaller half of the total goes first. */
    total = (size - 1) * stride + effective - in;
    if (total < 0) {
        total = 0;
    }
    if (total / 2 > INT32_MAX) {
        return mw_prep_fail(b, op, MW_ERR_SHAPE, "padding too large");
    }
    *out = (int32_t)size;
    *pad = (int32_t)(total / 2);
    return MW_OK;
}

void mw_prep_bind(mw_op *rec, const mw_tfl_tensor *in, const mw_tfl_tensor *out)
{
    rec->in_tensor = in->data ? -1 : in->index;
    rec->in = in->data;
    rec->out_tensor = out->index;
}

mw_status mw_prep_weights(mw_build *b, const mw_tfl_op *op, mw_op *rec, const mw_tfl_tensor *filter,
                          const mw_tfl_tensor *bias, int bias_present, int32_t channels)
{
    if (filter->type != MW_TFL_INT8) {
        return mw_prep_fail(b, op, MW_ERR_UNSUPPORTED_TYPE, "weights must be int8");
    }
    if (!filter->data) {
        return mw_prep_fail(b, op, MW_ERR_UNSUPPORTED_OP, "weights must be constant");
    }
    rec->filter = (const int8_t *)filter->data;
    if (!bias_present) {
        return MW_OK;
    }
    if (bias->type != MW_TFL_INT32) {
        return mw_prep_fail(b, op, MW_ERR_UNSUPPORTED_TYPE, "bias must be int32");
    }
    if (!bias->data) {
        return mw_prep_fail(b, op, MW_ERR_UNSUPPORTED_OP, "bias must be constant");
    }
    if (bias->elements != (uint32_t)channels) {
        return mw_prep_fail(b, op, MW_ERR_SHAPE, "bias size does not match the output channels");
    }
    rec->bias_src = bias->data;
    rec->bias_bytes = bias->bytes;
    return MW_OK;
}

mw_status mw_prep_channel_scales(mw_build *b, const mw_tfl_op *op, mw_conv_params *p,
                                 const mw_tfl_tensor *in, const mw_tfl_tensor *filter,
                                 const mw_tfl_tensor *out, int32_t qdim, int32_t channels)
{
    int32_t *mult, *shift, i;
    if (filter->nscales != 1 && !(filter->nscales == (uint32_t)channels && filter->quant_dim == qdim)) {
        return mw_prep_fail(b, op, MW_ERR_QUANTIZATION, "weight scales must be per tensor or per output channel");
    }
    mult = mw_build_alloc_i32(b, (uint32_t)channels);
    shift = mw_build_alloc_i32(b, (uint32_t)channels);
    for (i = 0; i < channels; i++) {
        uint32_t k = filter->nscales == 1 ? 0u : (uint32_t)i;
        float ws = mw_fb_vec_f32(&b->m->fb, &filter->scales, k);
        int32_t m, s;
        /* As TFLite's PopulateConvolutionQuantizationParams: double product of the float scales. */
        double real = (double)in->scale * (double)ws / (double)out->scale;
        if (mw_fb_vec_i64(&b->m->fb, &filter->zero_points, k) != 0) {
            return mw_prep_fail(b, op, MW_ERR_QUANTIZATION, "weight zero points must be 0");
        }
        if (mw_quantize_multiplier(real, &m, &s) != MW_OK) {
            return mw_prep_fail(b, op, MW_ERR_QUANTIZATION, "requantization scale out of range");
        }
        if (mult) {
            mult[i] = m;
            shift[i] = s;
        }
    }
    p->multiplier = mult;
    p->shift = shift;
    return MW_OK;
}
