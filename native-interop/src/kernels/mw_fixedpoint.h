/*
 * Fixed-point primitives of TFLite's int8 quantization specification (gemmlowp
 * semantics), shared by every kernel backend so that all of them requantize
 * identically.
 *
 * Assumes what TFLite itself assumes of its targets: two's-complement int32,
 * arithmetic right shift of negative values, and modular conversion of
 * out-of-range unsigned values to int32 (GCC, Clang, Arm Compiler all qualify).
 */
#ifndef MW_FIXEDPOINT_H
#define MW_FIXEDPOINT_H

#include <stdint.h>

/* gemmlowp SaturatingRoundingDoublingHighMul: (a * b + nudge) / 2^31 truncated, with
 * nudge = 2^30 for a non-negative product and 1 - 2^30 otherwise. Both cases equal
 * floor((a * b + 2^30) / 2^31), which is one add and one arithmetic shift; the single
 * overflowing case (-1 * -1) saturates. */
static inline int32_t mw_sat_rounding_doubling_high_mul(int32_t a, int32_t b)
{
    if (a == b && a == INT32_MIN) {
        return INT32_MAX;
    }
    return (int32_t)(((int64_t)a * (int64_t)b + ((int64_t)1 << 30)) >> 31);
}

/* x / 2^exponent rounded to nearest, ties away from zero; exponent in [0, 31]. */
static inline int32_t mw_rounding_divide_by_pot(int32_t x, int32_t exponent)
{
    const int32_t mask = (int32_t)(((uint32_t)1 << exponent) - 1u);
    const int32_t remainder = x & mask;
    const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/* TFLite MultiplyByQuantizedMultiplier (the default double-rounding variant):
 * x * multiplier * 2^(shift - 31), shift in [-31, 31]. */
static inline int32_t mw_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int32_t shift)
{
    const int32_t left = shift > 0 ? shift : 0;
    const int32_t right = shift > 0 ? 0 : -shift;
    /* TFLite computes x * (1 << left) in int32; wrap the same way without UB. */
    const int32_t scaled = (int32_t)((uint32_t)x << left);
    return mw_rounding_divide_by_pot(mw_sat_rounding_doubling_high_mul(scaled, multiplier), right);
}

/* gemmlowp SaturatingRoundingMultiplyByPOT for a positive exponent in [1, 30]. */
static inline int32_t mw_saturating_shift_left(int32_t x, int32_t exponent)
{
    const int32_t threshold = (int32_t)(((uint32_t)1 << (31 - exponent)) - 1u);
    if (x > threshold) {
        return INT32_MAX;
    }
    if (x < -threshold) {
        return INT32_MIN;
    }
    return (int32_t)((uint32_t)x << exponent);
}

/* Requantizes an int32 accumulator (bias already added) to the int8 output. */
static inline int8_t mw_requantize_acc(int32_t acc, int32_t multiplier, int32_t shift,
                                       int32_t output_offset, int32_t act_min, int32_t act_max)
{
    /* int32 addition that wraps like TFLite's instead of overflowing. */
    int32_t v = (int32_t)((uint32_t)mw_multiply_by_quantized_multiplier(acc, multiplier, shift) +
                          (uint32_t)output_offset);
    v = v < act_min ? act_min : v;
    v = v > act_max ? act_max : v;
    return (int8_t)v;
}

#endif /* MW_FIXEDPOINT_H */
