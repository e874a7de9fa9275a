/*
 * Load-time parameter preparation, exactly as TFLite computes it, without libm:
 * frexp and round are done on the bits of the double, so targets without a full
 * math library produce the same multipliers.
 */
#include <string.h>

#include "mw_kernels.h"

mw_status mw_quantize_multiplier(double real, int32_t *multiplier, int32_t *shift)
{
    uint64_t bits, mantissa, q_fixed;
    int32_t biased_exponent, exponent;

    if (multiplier == NULL || shift == NULL) {
        return MW_ERR_ARGUMENT;
    }
    memcpy(&bits, &real, sizeof bits);
    biased_exponent = (int32_t)((bits >> 52) & 0x7FF);
    /* Scales are positive: refuse negatives, infinities and NaN. */
    if ((bits >> 63) != 0 || biased_exponent == 0x7FF) {
        return MW_ERR_QUANTIZATION;
    }
    /* Zero, and subnormals (which TFLite's shift < -31 rule flushes to zero anyway). */
    if (biased_exponent == 0) {
        *multiplier = 0;
        *shift = 0;
        return MW_OK;
    }
    /* real = mantissa * 2^(biased_exponent - 1075), mantissa in [2^52, 2^53).
     * frexp: real = q * 2^exponent with q = mantissa / 2^53 in [0.5, 1). */
    mantissa = (bits & (((uint64_t)1 << 52) - 1)) | ((uint64_t)1 << 52);
    exponent = biased_exponent - 1022;
    /* round(q * 2^31) = round(mantissa / 2^22), half away from zero (q > 0). */
    q_fixed = (mantissa + ((uint64_t)1 << 21)) >> 22;
    if (q_fixed == ((uint64_t)1 << 31)) {
        q_fixed >>= 1;
        exponent++;
    }
    if (exponent < -31) {
        *multiplier = 0;
        *shift = 0;
        return MW_OK;
    }
    /* Larger scales cannot be applied to an int32 (and never occur in real models). */
    if (exponent > 31) {
        return MW_ERR_QUANTIZATION;
    }
    *multiplier = (int32_t)q_fixed;
    *shift = exponent;
    return MW_OK;
}

mw_status mw_softmax_prepare(double beta, double input_scale, int32_t output_zero_point,
                             mw_softmax_params *p)
{
    /* TFLite: 5 integer bits for the scaled differences, input_integer_bits = 5. */
    const int32_t diff_integer_bits = 5;
    double real;
    int32_t multiplier, shift;
    uint32_t max_diff;
    mw_status st;

    if (p == NULL) {
        return MW_ERR_ARGUMENT;
    }
    /* TFLM's int8 softmax requires output scale 1/256 and zero point -128. */
    if (output_zero_point != -128) {
        return MW_ERR_QUANTIZATION;
    }
    /* NaN fails both comparisons. */
    if (!(beta > 0.0) || !(input_scale > 0.0)) {
        return MW_ERR_QUANTIZATION;
    }
    /* PreprocessSoftmaxScaling: min(beta * scale * 2^(31 - 5), 2^31 - 1). */
    real = beta * input_scale * (double)((int64_t)1 << (31 - diff_integer_bits));
    if (real > 2147483647.0) {
        real = 2147483647.0;
    }
    /* QuantizeMultiplierGreaterThanOne insists on a multiplier above one. */
    if (!(real > 1.0)) {
        return MW_ERR_QUANTIZATION;
    }
    if ((st = mw_quantize_multiplier(real, &multiplier, &shift)) != MW_OK) {
        return st;
    }
    p->input_multiplier = multiplier;
    p->input_left_shift = shift;
    /* -CalculateInputRadius(5, shift) = -floor((2^5 - 1) * 2^(31 - 5) / 2^shift);
     * shift >= 1 here, so the value fits. */
    max_diff = (1u << diff_integer_bits) - 1u;
    p->diff_min = shift <= 31 - diff_integer_bits
                      ? -(int32_t)(max_diff << (31 - diff_integer_bits - shift))
                      : -(int32_t)(max_diff >> (shift - (31 - diff_integer_bits)));
    p->output_offset = output_zero_point;
    return MW_OK;
}
