/* Argument checks shared by the optimized backends (see mw_backend_checks.h). */
#include "mw_backend_checks.h"

static mw_status check_shapes(const mw_shape4 *in_shape, const mw_shape4 *filter_shape,
                              const mw_shape4 *out_shape)
{
    if (mw_shape_elements(in_shape) == 0 || mw_shape_elements(filter_shape) == 0 ||
        mw_shape_elements(out_shape) == 0 || out_shape->n != in_shape->n) {
        return MW_ERR_SHAPE;
    }
    return MW_OK;
}

mw_status mw_backend_check_conv2d(const mw_conv_params *p, const mw_shape4 *in_shape, const int8_t *in,
                                  const mw_shape4 *filter_shape, const int8_t *filter,
                                  const mw_shape4 *out_shape, const int8_t *out)
{
    mw_status st;
    if (p == NULL || in == NULL || filter == NULL || out == NULL || in_shape == NULL ||
        filter_shape == NULL || out_shape == NULL) {
        return MW_ERR_ARGUMENT;
    }
    if ((st = check_shapes(in_shape, filter_shape, out_shape)) != MW_OK) {
        return st;
    }
    if (filter_shape->c != in_shape->c || filter_shape->n != out_shape->c) {
        return MW_ERR_SHAPE;
    }
    return mw_check_conv_params(p, filter_shape, out_shape);
}

mw_status mw_backend_check_depthwise(const mw_conv_params *p, const mw_shape4 *in_shape, const int8_t *in,
                                     const mw_shape4 *filter_shape, const int8_t *filter,
                                     const mw_shape4 *out_shape, const int8_t *out)
{
    mw_status st;
    if (p == NULL || in == NULL || filter == NULL || out == NULL || in_shape == NULL ||
        filter_shape == NULL || out_shape == NULL) {
        return MW_ERR_ARGUMENT;
    }
    if ((st = check_shapes(in_shape, filter_shape, out_shape)) != MW_OK) {
        return st;
    }
    if (p->depth_multiplier < 1 || filter_shape->n != 1 || filter_shape->c != out_shape->c ||
        (int64_t)in_shape->c * p->depth_multiplier != (int64_t)out_shape->c) {
        return MW_ERR_SHAPE;
    }
    return mw_check_conv_params(p, filter_shape, out_shape);
}

mw_status mw_backend_check_fc(const mw_fc_params *p, int32_t batches, int32_t in_depth, int32_t out_depth,
                              const int8_t *in, const int8_t *weights, const int8_t *out)
{
    mw_status st;
    if (p == NULL || in == NULL || weights == NULL || out == NULL) {
        return MW_ERR_ARGUMENT;
    }
    if (batches < 1 || in_depth < 1 || out_depth < 1 || (int64_t)batches * in_depth > MW_MAX_ELEMENTS ||
        (int64_t)out_depth * in_depth > MW_MAX_ELEMENTS || (int64_t)batches * out_depth > MW_MAX_ELEMENTS) {
        return MW_ERR_SHAPE;
    }
    if ((st = mw_check_offset(p->input_offset)) != MW_OK || (st = mw_check_offset(p->filter_offset)) != MW_OK ||
        (st = mw_check_output_offset(p->output_offset)) != MW_OK ||
        (st = mw_check_activation(p->act_min, p->act_max)) != MW_OK) {
        return st;
    }
    return mw_check_shifts(&p->shift, 1);
}
