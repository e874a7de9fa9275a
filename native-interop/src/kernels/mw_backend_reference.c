/*
 * The "reference" kernel backend: the plain kernel names run the portable
 * reference implementation, which needs no scratch memory (the rest are in
 * mw_backend_shared.c).
 */
#include "mw_kernels.h"

size_t mw_conv2d_s8_scratch_size(const mw_shape4 *in, const mw_shape4 *filter, const mw_shape4 *out)
{
    (void)in;
    (void)filter;
    (void)out;
    return 0;
}

mw_status mw_conv2d_s8(const mw_conv_params *p,
                       const mw_shape4 *in_shape, const int8_t *in,
                       const mw_shape4 *filter_shape, const int8_t *filter,
                       const int32_t *bias,
                       const mw_shape4 *out_shape, int8_t *out,
                       void *scratch, size_t scratch_len)
{
    (void)scratch;
    (void)scratch_len;
    return mw_conv2d_s8_ref(p, in_shape, in, filter_shape, filter, bias, out_shape, out);
}

size_t mw_depthwise_conv2d_s8_scratch_size(const mw_shape4 *in, const mw_shape4 *filter, const mw_shape4 *out)
{
    (void)in;
    (void)filter;
    (void)out;
    return 0;
}

mw_status mw_depthwise_conv2d_s8(const mw_conv_params *p,
                                 const mw_shape4 *in_shape, const int8_t *in,
                                 const mw_shape4 *filter_shape, const int8_t *filter,
                                 const int32_t *bias,
                                 const mw_shape4 *out_shape, int8_t *out,
                                 void *scratch, size_t scratch_len)
{
    (void)scratch;
    (void)scratch_len;
    return mw_depthwise_conv2d_s8_ref(p, in_shape, in, filter_shape, filter, bias, out_shape, out);
}

mw_status mw_fully_connected_s8(const mw_fc_params *p, int32_t batches, int32_t in_depth,
                                int32_t out_depth, const int8_t *in, const int8_t *weights,
                                const int32_t *bias, int8_t *out,
                                void *scratch, size_t scratch_len)
{
    (void)scratch;
    (void)scratch_len;
    return mw_fully_connected_s8_ref(p, batches, in_depth, out_depth, in, weights, bias, out);
}

mw_status mw_avg_pool2d_s8(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                           const mw_shape4 *out_shape, int8_t *out)
{
    return mw_avg_pool2d_s8_ref(p, in_shape, in, out_shape, out);
}

mw_status mw_max_pool2d_s8(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                           const mw_shape4 *out_shape, int8_t *out)
{
    return mw_max_pool2d_s8_ref(p, in_shape, in, out_shape, out);
}
