/*
 * Internal kernel interface: the contract between the interpreter (which prepares
 * parameters once at load) and the int8 kernels (which only compute).
 *
 * Each operator has one entry point `mw_<op>_s8` and, where it needs temporary
 * memory, a `mw_<op>_s8_scratch_size` query the memory planner calls at load time
 * (as CMSIS-NN's arm_<op>_s8 / *_get_buffer_size pairs). The portable reference
 * implementation of each is `mw_<op>_s8_ref`; the build selects which backend the
 * plain name maps to (reference, Arm DSP, MVE, CMSIS-NN, ...). Every backend must be
 * bit-exact with the reference.
 *
 * Backends: the _ref functions live in this directory (one file per operator). A
 * backend is one source list, src/kernels/<backend>/sources.cmake (reference: the
 * file mw_backend_reference.c here), chosen by MW_KERNEL_BACKEND, that defines every
 * plain-named function below, either with its own code or by calling the _ref
 * function, and the matching *_scratch_size queries. Kernels never allocate and keep
 * no state; they check their arguments and shapes (MW_ERR_ARGUMENT, MW_ERR_SHAPE,
 * MW_ERR_QUANTIZATION) so that they never index outside the tensors the shapes
 * describe. Tensors hold at most INT32_MAX elements.
 *
 * Layouts are TFLite's: activations NHWC; CONV_2D filter [out_c, kh, kw, in_c];
 * DEPTHWISE_CONV_2D filter [1, kh, kw, in_c * depth_multiplier]; FULLY_CONNECTED
 * weights [out, in]. Convolution weight zero points are 0 (int8 symmetric);
 * FULLY_CONNECTED also accepts a weight zero point (filter_offset). Biases int32.
 */
#ifndef MW_KERNELS_H
#define MW_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#include "microwake.h"

typedef struct mw_shape4 {
    int32_t n, h, w, c;
} mw_shape4;

/* CONV_2D and DEPTHWISE_CONV_2D. Requantization is per output channel. */
typedef struct mw_conv_params {
    int32_t input_offset;     /* -input zero point */
    int32_t output_offset;    /* output zero point */
    int32_t stride_h, stride_w;
    int32_t dilation_h, dilation_w;
    int32_t pad_h, pad_w;     /* top / left padding (SAME computed by the interpreter) */
    int32_t depth_multiplier; /* depthwise only */
    int32_t act_min, act_max; /* int8 clamp including the fused activation */
    const int32_t *multiplier; /* [out_c] */
    const int32_t *shift;      /* [out_c], TFLite convention: >0 left shift */
} mw_conv_params;

/* FULLY_CONNECTED, per-tensor requantization. */
typedef struct mw_fc_params {
    int32_t input_offset;
    int32_t filter_offset;    /* -weights zero point (0 for int8 symmetric) */
    int32_t output_offset;
    int32_t multiplier;
    int32_t shift;
    int32_t act_min, act_max;
} mw_fc_params;

/* AVERAGE_POOL_2D / MAX_POOL_2D (input and output share quantization). */
typedef struct mw_pool_params {
    int32_t stride_h, stride_w;
    int32_t filter_h, filter_w;
    int32_t pad_h, pad_w;
    int32_t act_min, act_max;
} mw_pool_params;

/* SOFTMAX int8 -> int8, parameters precomputed as TFLite's int8 softmax does. */
typedef struct mw_softmax_params {
    int32_t input_multiplier;
    int32_t input_left_shift;
    int32_t diff_min;
    int32_t output_offset;    /* output zero point (-128 for scale 1/256) */
} mw_softmax_params;

/* QUANTIZE (int8 -> int8 requantize) */
typedef struct mw_requantize_params {
    int32_t input_offset;     /* -input zero point */
    int32_t output_offset;    /* output zero point */
    int32_t multiplier;
    int32_t shift;
} mw_requantize_params;

size_t mw_conv2d_s8_scratch_size(const mw_shape4 *in, const mw_shape4 *filter, const mw_shape4 *out);
mw_status mw_conv2d_s8(const mw_conv_params *p,
                       const mw_shape4 *in_shape, const int8_t *in,
                       const mw_shape4 *filter_shape, const int8_t *filter,
                       const int32_t *bias, /* may be NULL */
                       const mw_shape4 *out_shape, int8_t *out,
                       void *scratch, size_t scratch_len);
mw_status mw_conv2d_s8_ref(const mw_conv_params *p,
                           const mw_shape4 *in_shape, const int8_t *in,
                           const mw_shape4 *filter_shape, const int8_t *filter,
                           const int32_t *bias,
                           const mw_shape4 *out_shape, int8_t *out);

size_t mw_depthwise_conv2d_s8_scratch_size(const mw_shape4 *in, const mw_shape4 *filter, const mw_shape4 *out);
mw_status mw_depthwise_conv2d_s8(const mw_conv_params *p,
                                 const mw_shape4 *in_shape, const int8_t *in,
                                 const mw_shape4 *filter_shape, const int8_t *filter,
                                 const int32_t *bias,
                                 const mw_shape4 *out_shape, int8_t *out,
                                 void *scratch, size_t scratch_len);
mw_status mw_depthwise_conv2d_s8_ref(const mw_conv_params *p,
                                     const mw_shape4 *in_shape, const int8_t *in,
                                     const mw_shape4 *filter_shape, const int8_t *filter,
                                     const int32_t *bias,
                                     const mw_shape4 *out_shape, int8_t *out);

/* batches x in_depth input, out_depth outputs. */
size_t mw_fully_connected_s8_scratch_size(int32_t in_depth, int32_t out_depth);
mw_status mw_fully_connected_s8(const mw_fc_params *p, int32_t batches, int32_t in_depth,
                                int32_t out_depth, const int8_t *in, const int8_t *weights,
                                const int32_t *bias, int8_t *out,
                                void *scratch, size_t scratch_len);
mw_status mw_fully_connected_s8_ref(const mw_fc_params *p, int32_t batches, int32_t in_depth,
                                    int32_t out_depth, const int8_t *in, const int8_t *weights,
                                    const int32_t *bias, int8_t *out);

mw_status mw_avg_pool2d_s8(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                           const mw_shape4 *out_shape, int8_t *out);
mw_status mw_avg_pool2d_s8_ref(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                               const mw_shape4 *out_shape, int8_t *out);
mw_status mw_max_pool2d_s8(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                           const mw_shape4 *out_shape, int8_t *out);
mw_status mw_max_pool2d_s8_ref(const mw_pool_params *p, const mw_shape4 *in_shape, const int8_t *in,
                               const mw_shape4 *out_shape, int8_t *out);

/* rows x depth, softmax over depth. */
mw_status mw_softmax_s8(const mw_softmax_params *p, int32_t rows, int32_t depth,
                        const int8_t *in, int8_t *out);
mw_status mw_softmax_s8_ref(const mw_softmax_params *p, int32_t rows, int32_t depth,
                            const int8_t *in, int8_t *out);

mw_status mw_requantize_s8(const mw_requantize_params *p, int32_t count, const int8_t *in, int8_t *out);
mw_status mw_requantize_s8_ref(const mw_requantize_params *p, int32_t count, const int8_t *in, int8_t *out);

/* QUANTIZE float -> int8 (TFLite AffineQuantize) and DEQUANTIZE int8 -> float.
 * Not backend-specific (model edges only). */
mw_status mw_quantize_f32_s8(float scale, int32_t zero_point, int32_t count, const float *in, int8_t *out);
mw_status mw_dequantize_s8_f32(float scale, int32_t zero_point, int32_t count, const int8_t *in, float *out);

/* ---- parameter preparation (load time, shared by interpreter and tests) ---- */

/* TFLite QuantizeMultiplier: real = multiplier * 2^(shift - 31), multiplier in [2^30, 2^31).
 * real must be >= 0 and below 2^31; below 2^-32 it gives 0, 0 as TFLite does.
 * Note TFLM's FULLY_CONNECTED computes real = (double)(float)(in_scale * w_scale) / out_scale
 * (a float product), CONV_2D / DEPTHWISE per channel (double)in * (double)w / out. */
mw_status mw_quantize_multiplier(double real, int32_t *multiplier, int32_t *shift);
/* TFLite PreprocessSoftmaxScaling + CalculateInputRadius for int8 softmax (beta, input scale).
 * The output must have zero point -128 (and scale 1/256, which the caller checks). */
mw_status mw_softmax_prepare(double beta, double input_scale, int32_t output_zero_point,
                             mw_softmax_params *p);

#endif /* MW_KERNELS_H */
