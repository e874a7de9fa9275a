/* AVERAGE_POOL_2D and MAX_POOL_2D preparation (int8; input and output share quantization). */
#include "mw_interp.h"

mw_status mw_pool2d_prepare(mw_build *b, const mw_tfl_op *op, mw_op *rec)
{
    const mw_fb *fb = &b->m->fb;
    const mw_fb_table *t;
    mw_tfl_tensor in, out;
    mw_pool_params *p = &rec->u.pool.p;
    mw_shape4 *is = &rec->u.pool.in_shape, *os = &rec->u.pool.out_shape;
    uint8_t padding = 0, act = 0;
    int32_t out_h, out_w;
    mw_status s;

    MW_PASS(mw_prep_io_counts(b, op, 1, 1, 1));
    MW_PASS(mw_prep_options(b, op, MW_OPT_POOL_2D, 1, &t));
    s = mw_fb_u8(fb, t, 0, 0, &padding);
    if (s == MW_OK) s = mw_fb_i32(fb, t, 1, 0, &p->stride_w);
    if (s == MW_OK) s = mw_fb_i32(fb, t, 2, 0, &p->stride_h);
    if (s == MW_OK) s = mw_fb_i32(fb, t, 3, 0, &p->filter_w);
    if (s == MW_OK) s = mw_fb_i32(fb, t, 4, 0, &p->filter_h);
    if (s == MW_OK) s = mw_fb_u8(fb, t, 5, 0, &act);
    if (s != MW_OK) {
        return mw_prep_fail(b, op, s, "unreadable options");
    }
    MW_PASS(mw_prep_input(b, op, 0, &in));
    MW_PASS(mw_prep_output(b, op, 0, &out));
    MW_PASS(mw_prep_per_tensor(b, op, &in, MW_TFL_INT8));
    MW_PASS(mw_prep_per_tensor(b, op, &out, MW_TFL_INT8));
    if (in.scale != out.scale || in.zero_point != out.zero_point) {
        return mw_prep_fail(b, op, MW_ERR_QUANTIZATION, "input and output quantization differ");
    }
    MW_PASS(mw_prep_shape4(b, op, &in, is));
    MW_PASS(mw_prep_shape4(b, op, &out, os));
    MW_PASS(mw_prep_window(b, op, padding, is->h, p->filter_h, p->stride_h, 1, &out_h, &p->pad_h));
    MW_PASS(mw_prep_window(b, op, padding, is->w, p->filter_w, p->stride_w, 1, &out_w, &p->pad_w));
    if (os->n != is->n || os->h != out_h || os->w != out_w || os->c != is->c) {
        return mw_prep_fail(b, op, MW_ERR_SHAPE, "output shape does not match the pooling");
    }
    MW_PASS(mw_prep_activation(b, op, act, &out, &p->act_min, &p->act_max));
    mw_prep_bind(rec, &in, &out);
    rec->kind = op->builtin == MW_OP_AVERAGE_POOL_2D ? MW_KIND_AVERAGE_POOL_2D : MW_KIND_MAX_POOL_2D;
    return MW_OK;
}
