/*
 * Argument checks of the optimized backends (Arm DSP, MVE): the same rules the
 * reference kernels apply, composed from mw_kernel_common.h, so that an optimized
 * kernel refuses exactly what the reference refuses before touching any memory.
 */
#ifndef MW_BACKEND_CHECKS_H
#define MW_BACKEND_CHECKS_H

#include "mw_kernel_common.h"

mw_status mw_backend_check_conv2d(const mw_conv_params *p, const mw_shape4 *in_shape, const int8_t *in,
                                  const mw_shape4 *filter_shape, const int8_t *filter,
                                  const mw_shape4 *out_shape, const int8_t *out);
mw_status mw_backend_check_depthwise(const mw_conv_params *p, const mw_shape4 *in_shape, const int8_t *in,
                                     const mw_shape4 *filter_shape, const int8_t *filter,
                                     const mw_shape4 *out_shape, const int8_t *out);
mw_status mw_backend_check_fc(const mw_fc_params *p, int32_t batches, int32_t in_depth, int32_t out_depth,
                              const int8_t *in, const int8_t *weights, const int8_t *out);

#endif
