/* Runs one prepared operator: hands the precomputed parameters to its kernel. */
#include <string.h>

#include "mw_interp.h"

mw_status mw_op_eval(mw_op *r)
{
    const int8_t *in = (const int8_t *)r->in;
    int8_t *out = (int8_t *)r->out;
    if (r->bias_copy) {
        /* The model's bias bytes are not 4-byte aligned: refresh the aligned copy (its
         * pool memory is shared with other buffers between operators). */
        memcpy(r->bias_copy, r->bias_src, r->bias_bytes);
    }
    switch (r->kind) {
    case MW_KIND_CONV_2D:
        return mw_conv2d_s8(&r->u.conv.p, &r->u.conv.in_shape, in, &r->u.conv.filter_shape, r->filter, r->bias,
                            &r->u.conv.out_shape, out, r->scratch, r->scratch_len);
    case MW_KIND_DEPTHWISE_CONV_2D:
        return mw_depthwise_conv2d_s8(&r->u.conv.p, &r->u.conv.in_shape, in, &r->u.conv.filter_shape, r->filter,
                                      r->bias, &r->u.conv.out_shape, out, r->scratch, r->scratch_len);
    case MW_KIND_FULLY_CONNECTED:
        return mw_fully_connected_s8(&r->u.fc.p, r->u.fc.batches, r->u.fc.in_depth, r->u.fc.out_depth, in,
                                     r->filter, r->bias, out, r->scratch, r->scratch_len);
    case MW_KIND_AVERAGE_POOL_2D:
        return mw_avg_pool2d_s8(&r->u.pool.p, &r->u.pool.in_shape, in, &r->u.pool.out_shape, out);
    case MW_KIND_MAX_POOL_2D:
        return mw_max_pool2d_s8(&r->u.pool.p, &r->u.pool.in_shape, in, &r->u.pool.out_shape, out);
    case MW_KIND_SOFTMAX:
        return mw_softmax_s8(&r->u.softmax.p, r->u.softmax.rows, r->u.softmax.depth, in, out);
    case MW_KIND_REQUANTIZE:
        return mw_requantize_s8(&r->u.quant.p, r->u.quant.count, in, out);
    case MW_KIND_QUANTIZE_F32:
        return mw_quantize_f32_s8(r->u.quant.scale, r->u.quant.zero_point, r->u.quant.count,
                                  (const float *)r->in, out);
    case MW_KIND_DEQUANTIZE_F32:
        return mw_dequantize_s8_f32(r->u.quant.scale, r->u.quant.zero_point, r->u.quant.count, in,
                                    (float *)r->out);
    case MW_KIND_ALIAS:
        return MW_OK;
    case MW_KIND_COPY:
        memcpy(r->out, r->in, r->u.copy.bytes);
        return MW_OK;
#ifdef MW_WITH_ETHOSU
    case MW_KIND_ETHOSU:
        return mw_ethosu_invoke(r->u.ethosu.cms, r->u.ethosu.cms_len, r->u.ethosu.tensor, r->u.ethosu.count);
#endif
    default:
        return MW_ERR_INTERNAL;
    }
}
