/*
 * The "esp-nn" kernel backend: MicroWake's kernel interface mapped onto Espressif's
 * ESP-NN (https://github.com/espressif/esp-nn), which TFLM uses on ESP32 chips.
 * Arguments are validated with the reference kernels' rules first; what ESP-NN
 * does not cover (dilation, batches are looped here) falls back to the reference.
 * Not built or run in MicroWake's CI (no Xtensa toolchain in Debian).
 *
 * ESP-NN keeps its scratch pointer in a global set by esp_nn_set_*_scratch_buf():
 * MicroWake hands it the operator's scratch from the arena just before each call,
 * so engines running on one core stay independent; do not run two inferences on
 * two cores at the same time with this backend.
 */
#include <stdint.h>

#include "esp_nn.h"
#include "mw_kernel_common.h"

static data_dims_t image_dims(const mw_shape4 *s)
{
    data_dims_t d;
    d.width = s->w;
    d.height = s->h;
    d.channels = s->c;
    d.extra = 1;
    return d;
}

/* As esp-tflite-micro fills it: the filter's last dimension as channels. */
static data_dims_t filter_dims(const mw_shape4 *s)
{
    data_dims_t d;
    d.width = s->w;
    d.height = s->h;
    d.channels = s->c;
    d.extra = 0;
    return d;
}

static quant_data_t channel_quant(const mw_conv_params *p)
{
    quant_data_t q;
    /* ESP-NN takes non-const pointers but does not write through them. */
    q.shift = (int32_t *)(uintptr_t)p->shift;
    q.mult = (int32_t *)(uintptr_t)p->multiplier;
    return q;
}

static conv_params_t conv_params(const mw_conv_params *p)
{
    conv_params_t c;
    c.in_offset = p->input_offset;
    c.out_offset = p->output_offset;
    c.stride.width = p->stride_w;
    c.stride.height = p->stride_h;
    c.padding.width = p->pad_w;
    c.padding.height = p->pad_h;
    c.dilation.width = p->dilation_w;
    c.dilation.height = p->dilation_h;
    c.activation.min = p->act_min;
    c.activation.max = p->act_max;
    return c;
}

static dw_conv_params_t dw_params(const mw_conv_params *p)
{
    dw_conv_params_t c;
    c.in_offset = p->input_offset;
    c.out_offset = p->output_offset;
    c.ch_mult = p->depth_multiplier;
    c.stride.width = p->stride_w;
    c.stride.height = p->stride_h;
    c.padding.width = p->pad_w;
    c.padding.height = p->pad_h;
    c.dilation.width = p->dilation_w;
    c.dilation.height = p->dilation_h;
    c.activation.min = p->act_min;
    c.activation.max = p->act_max;
    return c;
}

/* The scratch queries carry no strides or padding; ESP-NN's sizes depend only on
 * the shapes (stride 1, no padding is asked). */
size_t mw_conv2d_s8_scratch_size(const mw_shape4 *in, const mw_shape4 *filter, const mw_shape4 *out)
{
    mw_conv_params p = {0};
    conv_params_t c;
    data_dims_t i, f, o;
    int size;
    if (in == NULL || filter == NULL || out == NULL) {
        return 0;
    }
    p.stride_h = p.stride_w = p.dilation_h = p.dilation_w = 1;
    c = conv_params(&p);
    i = image_dims(in);
    f = filter_dims(filter);
    o = image_dims(out);
    size = esp_nn_get_conv_scratch_size(&i, &f, &o, &c);
    return size > 0 ? (size_t)size : 0;
}

mw_status mw_conv2d_s8(const mw_conv_params *p, const mw_shape4 *in_shape, const int8_t *in,
                       const mw_shape4 *filter_shape, const int8_t *filter, const int32_t *bias,
                       const mw_shape4 *out_shape, int8_t *out, void *scratch, size_t scratch_len)
{
    conv_params_t c;
    quant_data_t q;
    data_dims_t i, f, o;
    int need;
    int32_t b;
    mw_status st = mw_check_conv2d(p, in_shape, in, filter_shape, filter, out_shape, out);
    if (st != MW_OK) {
        return st;
    }
    c = conv_params(p);
    q = channel_quant(p);
    i = image_dims(in_shape);
    f = filter_dims(filter_shape);
    o = image_dims(out_shape);
    need = esp_nn_get_conv_scratch_size(&i, &f, &o, &c);
    if (p->dilation_h != 1 || p->dilation_w != 1 || (need > 0 && (scratch == NULL || scratch_len < (size_t)need))) {
        return mw_conv2d_s8_ref(p, in_shape, in, filter_shape, filter, bias, out_shape, out);
    }
    esp_nn_set_conv_scratch_buf(scratch);
    for (b = 0; b < in_shape->n; b++) {
        esp_nn_conv_s8(&i, in + (size_t)b * (size_t)in_shape->h * (size_t)in_shape->w * (size_t)in_shape->c, &f,
                       filter, bias, &o,
                       out + (size_t)b * (size_t)out_shape->h * (size_t)out_shape->w * (size_t)out_shape->c, &c, &q);
    }
    return MW_OK;
}

size_t mw_depthwise_conv2d_s8_scratch_size(const mw_shape4 *in, const mw_shape4 *filter, const mw_shape4 *out)
{
    mw_conv_params p = {0};
    dw_conv_params_t c;
    data_dims_t i, f, o;
    int size;
    if (in == NULL || filter == NULL || out == NULL || in->c < 1) {
        return 0;
    }
    p.stride_h = p.stride_w = p.dilation_h = p.dilation_w = 1;
    p.depth_multiplier = out->c / in->c;
    c = dw_params(&p);
    i = image_dims(in);
    f = filter_dims(filter);
    o = image_dims(out);
    size = esp_nn_get_depthwise_conv_scratch_size(&i, &f, &o, &c);
    return size > 0 ? (size_t)size : 0;
}

mw_status mw_depthwise_conv2d_s8(const mw_conv_params *p, const mw_shape4 *in_shape, const int8_t *in,
                                 const mw_shape4 *filter_shape, const int8_t *filter, const int32_t *bias,
                                 const mw_shape4 *out_shape, int8_t *out, void *scratch, size_t scratch_len)
{
    dw_conv_params_t c;
    quant_data_t q;
    data_dims_t i, f, o;
    int need;
    int32_t b;
    mw_status st = mw_check_depthwise_conv2d(p, in_shape, in, filter_shape, filter, out_shape, out);
    if (st != MW_OK) {
        return st;
    }
    c = dw_params(p);
    q = channel_quant(p);
    i = image_dims(in_shape);
    f = filter_dims(filter_shape);
    o = image_dims(out_shape);
    need = esp_nn_get_depthwise_conv_scratch_size(&i, &f, &o, &c);
    if (p->dilation_h != 1 || p->dilation_w != 1 || (need > 0 && (scratch == NULL || scratch_len < (size_t)need))) {
        return mw_depthwise_conv2d_s8_ref(p, in_shape, in, filter_shape, filter, bias, out_shape, out);
    }
    esp_nn_set_depthwise_conv_scratch_buf(scratch);
    for (b = 0; b < in_shape->n; b++) {
        esp_nn_depthwise_conv_s8(&i, in + (size_t)b * (size_t)in_shape->h * (size_t)in_shape->w * (size_t)in_shape->c,
                                 &f, filter, bias, &o,
                                 out + (size_t)b * (size_t)out_shape->h * (size_t)out_shape->w * (size_t)out_shape->c,
                                 &c, &q);
    }
    return MW_OK;
}

mw_status mw_fully_connected_s8(const mw_fc_params *p, int32_t batches, int32_t in_depth, int32_t out_depth,
                                const int8_t *in, const int8_t *weights, const int32_t *bias, int8_t *out,
                                void *scratch, size_t scratch_len)
{
    int32_t b;
    mw_status st = mw_check_fully_connected(p, batches, in_depth, out_depth, in, weights, out);
    (void)scratch;
    (void)scratch_len;
    if (st != MW_OK) {
        return st;
    }
    /* ESP-NN takes 16-bit row and output counts. */
    if (in_depth > UINT16_MAX || out_depth > UINT16_MAX) {
        return mw_fully_connected_s8_ref(p, batches, in_depth, out_depth, in, weights, bias, out);
    }
    for (b = 0; b < batches; b++) {
        esp_nn_fully_connected_s8(in + (size_t)b * (size_t)in_depth, p->input_offset, (uint16_t)in_depth, weights,
                                  p->filter_offset, bias, out + (size_t)b * (size_t)out_depth, (uint16_t)out_depth,
                                  p->output_offset, p->shift, p->multiplier, p->act_min, p->act_max);
    }
    return MW_OK;
}

static mw_status pool(int is_max, const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                      const mw_shape4 *out_shape, int8_t *out)
{
    int32_t b;
    mw_status st;
    if ((st = mw_check_pool(p, in_shape, in, out_shape, out)) != MW_OK ||
        (!is_max && (st = mw_check_pool_overlap(p, in_shape, out_shape)) != MW_OK)) {
        return st;
    }
    if (in_shape->w > UINT16_MAX || in_shape->h > UINT16_MAX || in_shape->c > UINT16_MAX) {
        return is_max ? mw_max_pool2d_s8_ref(p, in_shape, in, out_shape, out)
                      : mw_avg_pool2d_s8_ref(p, in_shape, in, out_shape, out);
    }
    for (b = 0; b < in_shape->n; b++) {
        const int8_t *x = in + (size_t)b * (size_t)in_shape->h * (size_t)in_shape->w * (size_t)in_shape->c;
        int8_t *y = out + (size_t)b * (size_t)out_shape->h * (size_t)out_shape->w * (size_t)out_shape->c;
        if (is_max) {
            esp_nn_max_pool_s8(x, (uint16_t)in_shape->w, (uint16_t)in_shape->h, y, (uint16_t)out_shape->w,
                               (uint16_t)out_shape->h, (uint16_t)p->stride_w, (uint16_t)p->stride_h,
                               (uint16_t)p->filter_w, (uint16_t)p->filter_h, (uint16_t)p->pad_w, (uint16_t)p->pad_h,
                               p->act_min, p->act_max, (uint16_t)in_shape->c);
        } else {
            esp_nn_avg_pool_s8(x, (uint16_t)in_shape->w, (uint16_t)in_shape->h, y, (uint16_t)out_shape->w,
                               (uint16_t)out_shape->h, (uint16_t)p->stride_w, (uint16_t)p->stride_h,
                               (uint16_t)p->filter_w, (uint16_t)p->filter_h, (uint16_t)p->pad_w, (uint16_t)p->pad_h,
                               p->act_min, p->act_max, (uint16_t)in_shape->c);
        }
    }
    return MW_OK;
}

mw_status mw_avg_pool2d_s8(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                           const mw_shape4 *out_shape, int8_t *out)
{
    return pool(0, p, in_shape, in, out_shape, out);
}

mw_status mw_max_pool2d_s8(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                           const mw_shape4 *out_shape, int8_t *out)
{
    return pool(1, p, in_shape, in, out_shape, out);
}
