/*
 * The "arm-dsp" kernel backend (Cortex-M4/M7/M33 and other cores with the DSP
 * extension): the plain kernel names run the SIMD kernels of this folder; softmax
 * and requantize, which are not hot, run the reference.
 */
#include "mw_arm_dsp.h"

size_t mw_conv2d_s8_scratch_size(const mw_shape4 *in, const mw_shape4 *filter, const mw_shape4 *out)
{
    return mw_conv2d_s8_dsp_scratch_size(in, filter, out);
}

mw_status mw_conv2d_s8(const mw_conv_params *p, const mw_shape4 *in_shape, const int8_t *in,
                       const mw_shape4 *filter_shape, const int8_t *filter, const int32_t *bias,
                       const mw_shape4 *out_shape, int8_t *out, void *scratch, size_t scratch_len)
{
    return mw_conv2d_s8_dsp(p, in_shape, in, filter_shape, filter, bias, out_shape, out, scratch, scratch_len);
}

size_t mw_depthwise_conv2d_s8_scratch_size(const mw_shape4 *in, const mw_shape4 *filter, const mw_shape4 *out)
{
    return mw_depthwise_conv2d_s8_dsp_scratch_size(in, filter, out);
}

mw_status mw_depthwise_conv2d_s8(const mw_conv_params *p, const mw_shape4 *in_shape, const int8_t *in,
                                 const mw_shape4 *filter_shape, const int8_t *filter, const int32_t *bias,
                                 const mw_shape4 *out_shape, int8_t *out, void *scratch, size_t scratch_len)
{
    return mw_depthwise_conv2d_s8_dsp(p, in_shape, in, filter_shape, filter, bias, out_shape, out, scratch,
                                      scratch_len);
}

size_t mw_fully_connected_s8_scratch_size(int32_t in_depth, int32_t out_depth)
{
    (void)in_depth;
    (void)out_depth;
    return 0;
}

mw_status mw_fully_connected_s8(const mw_fc_params *p, int32_t batches, int32_t in_depth, int32_t out_depth,
                                const int8_t *in, const int8_t *weights, const int32_t *bias, int8_t *out,
                                void *scratch, size_t scratch_len)
{
    (void)scratch;
    (void)scratch_len;
    return mw_fully_connected_s8_dsp(p, batches, in_depth, out_depth, in, weights, bias, out);
}

mw_status mw_avg_pool2d_s8(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                           const mw_shape4 *out_shape, int8_t *out)
{
    return mw_avg_pool2d_s8_dsp(p, in_shape, in, out_shape, out);
}

mw_status mw_max_pool2d_s8(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                           const mw_shape4 *out_shape, int8_t *out)
{
    return mw_max_pool2d_s8_dsp(p, in_shape, in, out_shape, out);
}

mw_status mw_softmax_s8(const mw_softmax_params *p, int32_t rows, int32_t depth, const int8_t *in, int8_t *out)
{
    return mw_softmax_s8_ref(p, rows, depth, in, out);
}

mw_status mw_requantize_s8(const mw_requantize_params *p, int32_t count, const int8_t *in, int8_t *out)
{
    return mw_requantize_s8_ref(p, count, in, out);
}
