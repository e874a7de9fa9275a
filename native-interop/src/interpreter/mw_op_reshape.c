/* RESHAPE: the output takes the model's static shape; the bytes do not change, so the
 * output shares the input's memory. A copy when the input is constant, or when the
 * model's offline plan (Vela's) puts the output somewhere else than the input. */
#include "mw_interp.h"

mw_status mw_reshape_prepare(mw_build *b, const mw_tfl_op *op, mw_op *rec)
{
    const mw_fb_table *t;
    mw_tfl_tensor in, out;
    int32_t out_offset;
    int same_place;

    /* The optional second input (new shape) and the options only restate the output shape. */
    MW_PASS(mw_prep_io_counts(b, op, 1, 2, 1));
    MW_PASS(mw_prep_options(b, op, MW_OPT_RESHAPE, 0, &t));
    MW_PASS(mw_prep_input(b, op, 0, &in));
    MW_PASS(mw_prep_output(b, op, 0, &out));
    if (in.type != out.type) {
        return mw_prep_fail(b, op, MW_ERR_UNSUPPORTED_TYPE, "input and output types differ");
    }
    if (in.elements != out.elements) {
        return mw_prep_fail(b, op, MW_ERR_SHAPE, "input and output element counts differ");
    }
    mw_prep_bind(rec, &in, &out);
    out_offset = mw_tfl_offline_offset(b->offline, out.index);
    same_place = out_offset == -1 || out_offset == mw_tfl_offline_offset(b->offline, in.index);
    rec->kind = in.data || !same_place ? MW_KIND_COPY : MW_KIND_ALIAS;
    rec->u.copy.bytes = out.bytes;
    return MW_OK;
}
