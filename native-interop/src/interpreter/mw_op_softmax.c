/* SOFTMAX preparation (int8 -> int8 with output scale 1/256, zero point -128, as TFLM requires). */
#include "mw_interp.h"

mw_status mw_softmax_op_prepare(mw_build *b, const mw_tfl_op *op, mw_op *rec)
{
    const mw_fb_table *t;
    mw_tfl_tensor in, out;
    float beta = 0.0f;
    int32_t depth;

    MW_PASS(mw_prep_io_counts(b, op, 1, 1, 1));
    MW_PASS(mw_prep_options(b, op, MW_OPT_SOFTMAX, 0, &t));
    if (t && mw_fb_f32(&b->m->fb, t, 0, 0.0f, &beta) != MW_OK) {
        return mw_prep_fail(b, op, MW_ERR_MODEL_INVALID, "unreadable options");
    }
    MW_PASS(mw_prep_input(b, op, 0, &in));
    MW_PASS(mw_prep_output(b, op, 0, &out));
    MW_PASS(mw_prep_per_tensor(b, op, &in, MW_TFL_INT8));
    MW_PASS(mw_prep_per_tensor(b, op, &out, MW_TFL_INT8));
    if (out.zero_point != -128 || out.scale != 1.0f / 256.0f) {
        return mw_prep_fail(b, op, MW_ERR_QUANTIZATION, "output must have scale 1/256 and zero point -128");
    }
    if (in.ndims < 1 || out.ndims < 1 || out.elements != in.elements ||
        out.dims[out.ndims - 1] != in.dims[in.ndims - 1]) {
        return mw_prep_fail(b, op, MW_ERR_SHAPE, "output shape differs from the input");
    }
    if (mw_softmax_prepare((double)beta, (double)in.scale, out.zero_point, &rec->u.softmax.p) != MW_OK) {
        return mw_prep_fail(b, op, MW_ERR_QUANTIZATION, "beta x input scale out of range");
    }
    depth = in.dims[in.ndims - 1];
    rec->u.softmax.depth = depth;
    rec->u.softmax.rows = (int32_t)(in.elements / (uint32_t)depth);
    mw_prep_bind(rec, &in, &out);
    rec->kind = MW_KIND_SOFTMAX;
    return MW_OK;
}
