/* Argument and shape checks shared by the kernels (see mw_kernel_common.h). */
#include "mw_kernel_common.h"

int32_t mw_shape_elements(const mw_shape4 *s)
{
    int64_t count;
    if (s == NULL || s->n < 1 || s->h < 1 || s->w < 1 || s->c < 1) {
        return 0;
    }
    /* Each factor is <= INT32_MAX, so checking after each step keeps int64 exact. */
    count = (int64_t)s->n * s->h;
    if (count > MW_MAX_ELEMENTS) {
        return 0;
    }
    count *= s->w;
    if (count > MW_MAX_ELEMENTS) {
        return 0;
    }
    count *= s->c;
    return count > MW_MAX_ELEMENTS ? 0 : (int32_t)count;
}

mw_status mw_check_window(int32_t out_len, int32_t stride, int32_t dilation, int32_t pad,
                          int32_t filter_len)
{
    int64_t last;
    if (out_len < 1 || stride < 1 || dilation < 1 || pad < 0 || filter_len < 1) {
        return MW_ERR_SHAPE;
    }
    last = (int64_t)(out_len - 1) * stride + (int64_t)(filter_len - 1) * dilation;
    return last > INT32_MAX ? MW_ERR_SHAPE : MW_OK;
}

mw_status mw_check_activation(int32_t act_min, int32_t act_max)
{
    if (act_min < INT8_MIN || act_max > INT8_MAX || act_min > act_max) {
        return MW_ERR_ARGUMENT;
    }
    return MW_OK;
}

mw_status mw_check_offset(int32_t offset)
{
    return (offset < -INT8_MAX || offset > -INT8_MIN) ? MW_ERR_QUANTIZATION : MW_OK;
}

mw_status mw_check_output_offset(int32_t offset)
{
    return (offset < INT8_MIN || offset > INT8_MAX) ? MW_ERR_QUANTIZATION : MW_OK;
}

mw_status mw_check_shifts(const int32_t *shift, int32_t count)
{
    int32_t i;
    for (i = 0; i < count; i++) {
        if (shift[i] < -31 || shift[i] > 31) {
            return MW_ERR_QUANTIZATION;
        }
    }
    return MW_OK;
}

mw_status mw_check_conv_params(const mw_conv_params *p, const mw_shape4 *filter_window,
                               const mw_shape4 *out_shape)
{
    mw_status st;
    if (p->multiplier == NULL || p->shift == NULL) {
        return MW_ERR_ARGUMENT;
    }
    if ((st = mw_check_offset(p->input_offset)) != MW_OK ||
        (st = mw_check_output_offset(p->output_offset)) != MW_OK ||
        (st = mw_check_activation(p->act_min, p->act_max)) != MW_OK ||
        (st = mw_check_window(out_shape->h, p->stride_h, p->dilation_h, p->pad_h, filter_window->h)) != MW_OK ||
        (st = mw_check_window(out_shape->w, p->stride_w, p->dilation_w, p->pad_w, filter_window->w)) != MW_OK) {
        return st;
    }
    return mw_check_shifts(p->shift, out_shape->c);
}

/* True when the window at the first or the last output position has no tap inside. */
static int window_leaves_input(int32_t out_len, int32_t stride, int32_t pad, int32_t filter_len,
                               int32_t in_len)
{
    const int64_t last_origin = (int64_t)(out_len - 1) * stride - pad;
    return (int64_t)filter_len - pad <= 0 || last_origin >= in_len;
}

mw_status mw_check_pool(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                        const mw_shape4 *out_shape, const int8_t *out)
{
    mw_status st;
    if (p == NULL || in_shape == NULL || in == NULL || out_shape == NULL || out == NULL) {
        return MW_ERR_ARGUMENT;
    }
    if (mw_shape_elements(in_shape) == 0 || mw_shape_elements(out_shape) == 0 ||
        in_shape->n != out_shape->n || in_shape->c != out_shape->c) {
        return MW_ERR_SHAPE;
    }
    if ((st = mw_check_activation(p->act_min, p->act_max)) != MW_OK ||
        (st = mw_check_window(out_shape->h, p->stride_h, 1, p->pad_h, p->filter_h)) != MW_OK ||
        (st = mw_check_window(out_shape->w, p->stride_w, 1, p->pad_w, p->filter_w)) != MW_OK) {
        return st;
    }
    return MW_OK;
}

mw_status mw_check_pool_overlap(const mw_pool_params *p, const mw_shape4 *in_shape,
                                const mw_shape4 *out_shape)
{
    if ((int64_t)p->filter_h * p->filter_w > ((int64_t)1 << 23)) {
        return MW_ERR_SHAPE;
    }
    if (window_leaves_input(out_shape->h, p->stride_h, p->pad_h, p->filter_h, in_shape->h) ||
        window_leaves_input(out_shape->w, p->stride_w, p->pad_w, p->filter_w, in_shape->w)) {
        return MW_ERR_SHAPE;
    }
    return MW_OK;
}

mw_status mw_pool(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                  const mw_shape4 *out_shape, int8_t *out, int average, mw_pool_window_fn fn)
{
    size_t image;
    mw_pool_window w;
    int32_t b, oy, ox;
    mw_status st;
    if ((st = mw_check_pool(p, in_shape, in, out_shape, out)) != MW_OK ||
        (average && (st = mw_check_pool_overlap(p, in_shape, out_shape)) != MW_OK)) {
        return st;
    }
    image = (size_t)in_shape->h * (size_t)in_shape->w * (size_t)in_shape->c;
    w.depth = in_shape->c;
    w.row = (size_t)in_shape->w * (size_t)w.depth;
    for (b = 0; b < out_shape->n; b++) {
        const int8_t *in_b = in + (size_t)b * image;
        for (oy = 0; oy < out_shape->h; oy++) {
            const int32_t iy0 = oy * p->stride_h - p->pad_h;
            int32_t fy0, fy1;
            mw_window_taps(iy0, 1, p->filter_h, in_shape->h, &fy0, &fy1);
            for (ox = 0; ox < out_shape->w; ox++, out += w.depth) {
                const int32_t ix0 = ox * p->stride_w - p->pad_w;
                int32_t fx0, fx1;
                mw_window_taps(ix0, 1, p->filter_w, in_shape->w, &fx0, &fx1);
                w.rows = fy1 - fy0;
                w.cols = fx1 - fx0;
                if (w.rows == 0 || w.cols == 0) { /* no pointer to a tap outside the input */
                    w.rows = w.cols = 0;
                    w.first = in_b;
                } else {
                    w.first = in_b + (size_t)(iy0 + fy0) * w.row + (size_t)(ix0 + fx0) * (size_t)w.depth;
                }
                fn(p, &w, out);
            }
        }
    }
    return MW_OK;
}

static int conv_pointers_ok(const mw_conv_params *p, const mw_shape4 *in_shape, const int8_t *in,
                            const mw_shape4 *filter_shape, const int8_t *filter,
                            const mw_shape4 *out_shape, const int8_t *out)
{
    return p != NULL && in_shape != NULL && in != NULL && filter_shape != NULL && filter != NULL &&
           out_shape != NULL && out != NULL;
}

static int conv_shapes_ok(const mw_shape4 *in_shape, const mw_shape4 *filter_shape, const mw_shape4 *out_shape)
{
    return mw_shape_elements(in_shape) != 0 && mw_shape_elements(filter_shape) != 0 &&
           mw_shape_elements(out_shape) != 0 && out_shape->n == in_shape->n;
}

mw_status mw_check_conv2d(const mw_conv_params *p, const mw_shape4 *in_shape, const int8_t *in,
                          const mw_shape4 *filter_shape, const int8_t *filter,
                          const mw_shape4 *out_shape, const int8_t *out)
{
    if (!conv_pointers_ok(p, in_shape, in, filter_shape, filter, out_shape, out)) {
        return MW_ERR_ARGUMENT;
    }
    /* Grouped convolution (filter depth < input depth) is not supported. */
    if (!conv_shapes_ok(in_shape, filter_shape, out_shape) || filter_shape->c != in_shape->c ||
        filter_shape->n != out_shape->c) {
        return MW_ERR_SHAPE;
    }
    return mw_check_conv_params(p, filter_shape, out_shape);
}

mw_status mw_check_depthwise_conv2d(const mw_conv_params *p, const mw_shape4 *in_shape, const int8_t *in,
                                    const mw_shape4 *filter_shape, const int8_t *filter,
                                    const mw_shape4 *out_shape, const int8_t *out)
{
    if (!conv_pointers_ok(p, in_shape, in, filter_shape, filter, out_shape, out)) {
        return MW_ERR_ARGUMENT;
    }
    if (!conv_shapes_ok(in_shape, filter_shape, out_shape) || p->depth_multiplier < 1 ||
        filter_shape->n != 1 || filter_shape->c != out_shape->c ||
        (int64_t)in_shape->c * p->depth_multiplier != (int64_t)out_shape->c) {
        return MW_ERR_SHAPE;
    }
    return mw_check_conv_params(p, filter_shape, out_shape);
}

mw_status mw_check_fully_connected(const mw_fc_params *p, int32_t batches, int32_t in_depth,
                                   int32_t out_depth, const int8_t *in, const int8_t *weights,
                                   const int8_t *out)
{
    mw_status st;
    if (p == NULL || in == NULL || weights == NULL || out == NULL) {
        return MW_ERR_ARGUMENT;
    }
    if (batches < 1 || in_depth < 1 || out_depth < 1 ||
        (int64_t)batches * in_depth > MW_MAX_ELEMENTS ||
        (int64_t)out_depth * in_depth > MW_MAX_ELEMENTS ||
        (int64_t)batches * out_depth > MW_MAX_ELEMENTS) {
        return MW_ERR_SHAPE;
    }
    if ((st = mw_check_offset(p->input_offset)) != MW_OK ||
        (st = mw_check_offset(p->filter_offset)) != MW_OK ||
        (st = mw_check_output_offset(p->output_offset)) != MW_OK ||
        (st = mw_check_activation(p->act_min, p->act_max)) != MW_OK) {
        return st;
    }
    return mw_check_shifts(&p->shift, 1);
}
