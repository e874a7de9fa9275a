/*
 * SOFTMAX int8 -> int8: TFLM's reference Softmax<int8_t, int8_t>, which is
 * gemmlowp fixed point throughout.
 *
 * Per row: d = x - max(row); terms with d < diff_min contribute nothing and output
 * the minimum. d is rescaled by beta * input_scale into Q5.26, exponentiated
 * (exp_on_negative_values, result Q0.31), summed in Q12.19; the reciprocal of the
 * sum comes from one_over_one_plus_x_for_x_in_0_1 (Newton-Raphson, Q2.29), and
 * each output is exp * reciprocal rounded to 1/256 steps, offset and clamped.
 */
#include "mw_kernel_common.h"
#include "mw_fixedpoint.h"

#define MW_SOFTMAX_DIFF_INT_BITS 5   /* Q5.26 scaled differences */
#define MW_SOFTMAX_ACCUM_INT_BITS 12 /* Q12.19 sum of exponentials */

/* gemmlowp RoundingHalfSum: (a + b) / 2 rounded away from zero. */
static int32_t rounding_half_sum(int32_t a, int32_t b)
{
    const int64_t sum = (int64_t)a + (int64_t)b;
    return (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
}

/* exp(a) for a in [-1/4, 0), Q0.31 in and out: Taylor series around -1/8. */
static int32_t exp_on_quarter_interval(int32_t a)
{
    const int32_t exp_minus_one_eighth = 1895147668;
    const int32_t one_third = 715827883;
    const int32_t x = a + (1 << 28); /* a + 1/8 */
    const int32_t x2 = mw_sat_rounding_doubling_high_mul(x, x);
    const int32_t x3 = mw_sat_rounding_doubling_high_mul(x2, x);
    const int32_t x4 = mw_sat_rounding_doubling_high_mul(x2, x2);
    const int32_t x4_over_4 = mw_rounding_divide_by_pot(x4, 2);
    const int32_t poly = mw_rounding_divide_by_pot(
        mw_sat_rounding_doubling_high_mul(x4_over_4 + x3, one_third) + x2, 1);
    return exp_minus_one_eighth + mw_sat_rounding_doubling_high_mul(exp_minus_one_eighth, x + poly);
}

/* exp(a) for a <= 0 given in Q5.26; result Q0.31. The argument is split into its
 * remainder modulo 1/4 (series above) and the bits 2^-2 .. 2^4 of the rest, each of
 * which multiplies by a constant exp(-2^k). */
static int32_t exp_on_negative_values(int32_t a)
{
    static const int32_t exp_minus_pow2[7] = {
        1672461947, /* exp(-1/4) */
        1302514674, /* exp(-1/2) */
        790015084,  /* exp(-1) */
        290630308,  /* exp(-2) */
        39332535,   /* exp(-4) */
        720401,     /* exp(-8) */
        242         /* exp(-16) */
    };
    const int32_t frac_bits = 31 - MW_SOFTMAX_DIFF_INT_BITS;
    const int32_t one_quarter = 1 << (frac_bits - 2);
    const int32_t a_mod_quarter_minus_quarter = (a & (one_quarter - 1)) - one_quarter;
    const int32_t remainder = (int32_t)((uint32_t)a_mod_quarter_minus_quarter - (uint32_t)a);
    int32_t result = exp_on_quarter_interval(
        mw_saturating_shift_left(a_mod_quarter_minus_quarter, MW_SOFTMAX_DIFF_INT_BITS));
    int32_t k;
    for (k = 0; k < 7; k++) {
        if (remainder & (1 << (frac_bits - 2 + k))) {
            result = mw_sat_rounding_doubling_high_mul(result, exp_minus_pow2[k]);
        }
    }
    return a == 0 ? INT32_MAX : result;
}

/* 1 / (1 + a) for a in [0, 1), Q0.31 in and out (result in Q0.31 after halving). */
static int32_t one_over_one_plus_x(int32_t a)
{
    const int32_t half_denominator = rounding_half_sum(a, INT32_MAX);
    const int32_t c48_over_17 = 1515870810;     /* Q2.29 */
    const int32_t cneg32_over_17 = -1010580540; /* Q2.29 */
    const int32_t one_q2 = 1 << 29;
    int32_t x = c48_over_17 + mw_sat_rounding_doubling_high_mul(half_denominator, cneg32_over_17);
    int32_t i;
    for (i = 0; i < 3; i++) {
        const int32_t half_denominator_times_x = mw_sat_rounding_doubling_high_mul(half_denominator, x);
        const int32_t one_minus = one_q2 - half_denominator_times_x;
        x = x + mw_saturating_shift_left(mw_sat_rounding_doubling_high_mul(x, one_minus), 2);
    }
    return mw_saturating_shift_left(x, 1);
}

static int32_t count_leading_zeros(uint32_t x)
{
    int32_t n = 0;
    if (x == 0) {
        return 32;
    }
    while ((x & 0x80000000u) == 0) {
        x <<= 1;
        n++;
    }
    return n;
}

static int32_t scaled_diff(const mw_softmax_params *p, int32_t diff)
{
    /* diff >= diff_min keeps diff * 2^left_shift within int32 for prepared params. */
    const int32_t shifted = (int32_t)((uint32_t)diff << p->input_left_shift);
    return mw_sat_rounding_doubling_high_mul(shifted, p->input_multiplier);
}

mw_status mw_softmax_s8_ref(const mw_softmax_params *p, int32_t rows, int32_t depth,
                            const int8_t *in, int8_t *out)
{
    int32_t r, c;

    if (p == NULL || in == NULL || out == NULL) {
        return MW_ERR_ARGUMENT;
    }
    if (rows < 1 || depth < 1 || (int64_t)rows * depth > MW_MAX_ELEMENTS) {
        return MW_ERR_SHAPE;
    }
    if (p->input_left_shift < 0 || p->input_left_shift > 31 || p->diff_min > 0 ||
        mw_check_output_offset(p->output_offset) != MW_OK) {
        return MW_ERR_QUANTIZATION;
    }
    for (r = 0; r < rows; r++, in += depth, out += depth) {
        int32_t max_in = INT8_MIN;
        uint32_t sum = 0; /* Q12.19; wraps like TFLM's int32 only for depth > 4096 */
        int32_t headroom, bits_over_unit, reciprocal, exponent;

        for (c = 0; c < depth; c++) {
            max_in = in[c] > max_in ? in[c] : max_in;
        }
        for (c = 0; c < depth; c++) {
            const int32_t diff = (int32_t)in[c] - max_in;
            if (diff >= p->diff_min) {
                const int32_t e = exp_on_negative_values(scaled_diff(p, diff));
                sum += (uint32_t)mw_rounding_divide_by_pot(e, MW_SOFTMAX_ACCUM_INT_BITS);
            }
        }
        /* Reciprocal of the sum: normalise it to 1 + x with x in [0, 1). */
        headroom = count_leading_zeros(sum);
        bits_over_unit = MW_SOFTMAX_ACCUM_INT_BITS - headroom;
        reciprocal = one_over_one_plus_x((int32_t)((sum << (headroom & 31)) - 0x80000000u));
        exponent = bits_over_unit + 31 - 8;
        for (c = 0; c < depth; c++) {
            const int32_t diff = (int32_t)in[c] - max_in;
            int32_t v = INT8_MIN;
            if (diff >= p->diff_min) {
                const int32_t e = exp_on_negative_values(scaled_diff(p, diff));
                const int32_t prob = mw_sat_rounding_doubling_high_mul(reciprocal, e);
                /* Beyond 31 bits (only for rows longer than 256) the rounded result is 0;
                 * TFLM's shift is undefined there. */
                const int32_t unsat = exponent > 31 ? 0 : mw_rounding_divide_by_pot(prob, exponent);
                v = unsat + p->output_offset;
                v = v > INT8_MAX ? INT8_MAX : (v < INT8_MIN ? INT8_MIN : v);
            }
            out[c] = (int8_t)v;
        }
    }
    return MW_OK;
}
