/* QUANTIZE (float32 -> int8, int8 -> int8) and DEQUANTIZE (int8 -> float32) preparation,
 * with TFLM's parameters: requantization multiplier from (double)in_scale / out_scale. */
#include "mw_interp.h"

static mw_status prepare_io(mw_build *b, const mw_tfl_op *op, uint8_t options_type, mw_tfl_tensor *in,
                            mw_tfl_tensor *out)
{
    const mw_fb_table *t;
    MW_PASS(mw_prep_io_counts(b, op, 1, 1, 1));
    MW_PASS(mw_prep_options(b, op, options_type, 0, &t));
    MW_PASS(mw_prep_input(b, op, 0, in));
    MW_PASS(mw_prep_output(b, op, 0, out));
    if (in->elements != out->elements) {
        return mw_prep_fail(b, op, MW_ERR_SHAPE, "input and output element counts differ");
    }
    return MW_OK;
}

mw_status mw_quantize_prepare(mw_build *b, const mw_tfl_op *op, mw_op *rec)
{
    mw_tfl_tensor in, out;
    MW_PASS(prepare_io(b, op, MW_OPT_QUANTIZE, &in, &out));
    MW_PASS(mw_prep_per_tensor(b, op, &out, MW_TFL_INT8));
    rec->u.quant.count = (int32_t)out.elements;
    if (in.type == MW_TFL_FLOAT32) {
        rec->u.quant.scale = out.scale;
        rec->u.quant.zero_point = out.zero_point;
        rec->kind = MW_KIND_QUANTIZE_F32;
    } else {
        mw_requantize_params *p = &rec->u.quant.p;
        MW_PASS(mw_prep_per_tensor(b, op, &in, MW_TFL_INT8));
        if (mw_quantize_multiplier((double)in.scale / (double)out.scale, &p->multiplier, &p->shift) != MW_OK) {
            return mw_prep_fail(b, op, MW_ERR_QUANTIZATION, "requantization scale out of range");
        }
        p->input_offset = -in.zero_point;
        p->output_offset = out.zero_point;
        rec->kind = MW_KIND_REQUANTIZE;
    }
    mw_prep_bind(rec, &in, &out);
    return MW_OK;
}

mw_status mw_dequantize_prepare(mw_build *b, const mw_tfl_op *op, mw_op *rec)
{
    mw_tfl_tensor in, out;
    MW_PASS(prepare_io(b, op, MW_OPT_DEQUANTIZE, &in, &out));
    MW_PASS(mw_prep_per_tensor(b, op, &in, MW_TFL_INT8));
    if (out.type != MW_TFL_FLOAT32) {
        return mw_prep_fail(b, op, MW_ERR_UNSUPPORTED_TYPE, "output must be float32");
    }
    rec->u.quant.scale = in.scale;
    rec->u.quant.zero_point = in.zero_point;
    rec->u.quant.count = (int32_t)in.elements;
    rec->kind = MW_KIND_DEQUANTIZE_F32;
    mw_prep_bind(rec, &in, &out);
    return MW_OK;
}
