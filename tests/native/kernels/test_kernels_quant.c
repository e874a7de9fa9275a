/*
 * Fixed-point primitives, parameter preparation, SOFTMAX and QUANTIZE/DEQUANTIZE:
 * hand-computed cases, the independent oracle on random values, and SOFTMAX
 * outputs recorded from TFLM.
 */
#include <math.h>

#include "mw_test.h"
#include "mw_kernels.h"
#include "mw_fixedpoint.h"
#include "kernel_oracle.h"
#include "tflm_softmax_cases.h"

static void test_fixedpoint_hand_cases(void)
{
    /* 0.5 * 0.5 = 0.25 in Q0.31; the single overflow saturates. */
    MW_CHECK(mw_sat_rounding_doubling_high_mul(1 << 30, 1 << 30) == 1 << 29);
    MW_CHECK(mw_sat_rounding_doubling_high_mul(-(1 << 30), 1 << 30) == -(1 << 29));
    MW_CHECK(mw_sat_rounding_doubling_high_mul(INT32_MIN, INT32_MIN) == INT32_MAX);
    /* Ties (+-0.5 of the last bit) round up (toward +infinity), as gemmlowp's nudge does. */
    MW_CHECK(mw_sat_rounding_doubling_high_mul(1 << 15, 1 << 15) == 1);
    MW_CHECK(mw_sat_rounding_doubling_high_mul(-(1 << 15), 1 << 15) == 0);

    /* Rounding divide: nearest, ties away from zero. */
    MW_CHECK(mw_rounding_divide_by_pot(5, 1) == 3);
    MW_CHECK(mw_rounding_divide_by_pot(-5, 1) == -3);
    MW_CHECK(mw_rounding_divide_by_pot(4, 1) == 2);
    MW_CHECK(mw_rounding_divide_by_pot(7, 2) == 2);
    MW_CHECK(mw_rounding_divide_by_pot(6, 2) == 2);
    MW_CHECK(mw_rounding_divide_by_pot(-6, 2) == -2);
    MW_CHECK(mw_rounding_divide_by_pot(-2, 2) == -1);
    MW_CHECK(mw_rounding_divide_by_pot(-1, 2) == 0);
    MW_CHECK(mw_rounding_divide_by_pot(123, 0) == 123);
    MW_CHECK(mw_rounding_divide_by_pot(INT32_MIN, 31) == -1);
    MW_CHECK(mw_rounding_divide_by_pot(INT32_MAX, 31) == 1);

    /* Multiplier 0.5 (2^30) with shifts. */
    MW_CHECK(mw_multiply_by_quantized_multiplier(100, 1 << 30, 0) == 50);
    MW_CHECK(mw_multiply_by_quantized_multiplier(100, 1 << 30, 1) == 100);
    MW_CHECK(mw_multiply_by_quantized_multiplier(100, 1 << 30, -1) == 25);
    MW_CHECK(mw_multiply_by_quantized_multiplier(-3, 1 << 30, -1) == -1);
    /* TFLM's default is double rounding: 1 * 0.375 rounds to 1 (0.75 -> 1, then
     * 1/2 -> 1); a single-rounding implementation would give 0. */
    MW_CHECK(mw_multiply_by_quantized_multiplier(1, 3 << 29, -1) == 1);
}

static void test_fixedpoint_vs_oracle(void)
{
    oracle_rng rng = {12345u};
    int i, bad = 0;
    for (i = 0; i < 200000; i++) {
        const int32_t m = (int32_t)(oracle_next(&rng) | 0x40000000u) & INT32_MAX; /* [2^30, 2^31) */
        const int32_t shift = oracle_range(&rng, -31, 8);
        const int32_t bits = oracle_range(&rng, 0, 31 - (shift > 0 ? shift : 0));
        /* |x| < 2^bits, so x * 2^left fits int32 as TFLite requires. */
        const int32_t x = (int32_t)((oracle_next(&rng) >> 1) >> (31 - bits)) * (oracle_next(&rng) & 1 ? -1 : 1);
        const int e = (int)oracle_range(&rng, 0, 31);
        const int32_t a = (int32_t)oracle_next(&rng), b = (int32_t)oracle_next(&rng);
        bad += mw_multiply_by_quantized_multiplier(x, m, shift) != oracle_mbqm(x, m, shift);
        bad += mw_sat_rounding_doubling_high_mul(a, b) != oracle_srdhm(a, b);
        bad += mw_rounding_divide_by_pot(a, e) != oracle_rdbpot(a, e);
    }
    MW_CHECK(bad == 0);
}

/* TFLite QuantizeMultiplier with libm, the independent reference. */
static void libm_quantize_multiplier(double real, int32_t *m, int32_t *shift)
{
    int e;
    double q;
    int64_t q_fixed;
    if (real == 0.0) {
        *m = 0;
        *shift = 0;
        return;
    }
    q = frexp(real, &e);
    q_fixed = (int64_t)round(q * (double)(1LL << 31));
    if (q_fixed == (1LL << 31)) {
        q_fixed /= 2;
        e++;
    }
    if (e < -31) {
        e = 0;
        q_fixed = 0;
    }
    *m = (int32_t)q_fixed;
    *shift = e;
}

static void test_quantize_multiplier(void)
{
    oracle_rng rng = {777u};
    int32_t m = -1, s = -1, em, es;
    int i, bad = 0;

    MW_CHECK_STATUS(mw_quantize_multiplier(1.0, &m, &s), MW_OK);
    MW_CHECK(m == 1 << 30 && s == 1);
    MW_CHECK_STATUS(mw_quantize_multiplier(0.5, &m, &s), MW_OK);
    MW_CHECK(m == 1 << 30 && s == 0);
    MW_CHECK_STATUS(mw_quantize_multiplier(0.0, &m, &s), MW_OK);
    MW_CHECK(m == 0 && s == 0);
    /* Rounds up to 2^31: renormalised. */
    MW_CHECK_STATUS(mw_quantize_multiplier(0.99999999999, &m, &s), MW_OK);
    MW_CHECK(m == 1 << 30 && s == 1);
    MW_CHECK_STATUS(mw_quantize_multiplier(ldexp(1.0, -32), &m, &s), MW_OK);
    MW_CHECK(m == 1 << 30 && s == -31);
    MW_CHECK_STATUS(mw_quantize_multiplier(ldexp(1.0, -33), &m, &s), MW_OK); /* flushed */
    MW_CHECK(m == 0 && s == 0);
    MW_CHECK_STATUS(mw_quantize_multiplier(4.9e-324, &m, &s), MW_OK); /* subnormal */
    MW_CHECK(m == 0 && s == 0);
    MW_CHECK_STATUS(mw_quantize_multiplier(-0.25, &m, &s), MW_ERR_QUANTIZATION);
    MW_CHECK_STATUS(mw_quantize_multiplier(INFINITY, &m, &s), MW_ERR_QUANTIZATION);
    MW_CHECK_STATUS(mw_quantize_multiplier(NAN, &m, &s), MW_ERR_QUANTIZATION);
    MW_CHECK_STATUS(mw_quantize_multiplier(ldexp(1.0, 31), &m, &s), MW_ERR_QUANTIZATION);
    MW_CHECK_STATUS(mw_quantize_multiplier(1.0, NULL, &s), MW_ERR_ARGUMENT);

    /* Random doubles across the useful exponent range, incl. exact ties of the rounding. */
    for (i = 0; i < 100000; i++) {
        double real = ldexp((double)(oracle_next(&rng) | 1u) / 4294967296.0, oracle_range(&rng, -40, 30));
        if (i % 4 == 0) {
            /* x + 1/2 with x in [2^30, 2^31): q * 2^31 lands exactly on a rounding tie. */
            real = ldexp((double)((oracle_next(&rng) >> 1) | 0x40000000u) + 0.5, oracle_range(&rng, -70, -33));
        }
        libm_quantize_multiplier(real, &em, &es);
        if (mw_quantize_multiplier(real, &m, &s) != MW_OK || m != em || s != es) {
            bad++;
        }
    }
    MW_CHECK(bad == 0);
}

static void test_softmax_prepare(void)
{
    mw_softmax_params p;
    int32_t m, s;
    const double scale = (double)0.09173192083835602f;

    MW_CHECK_STATUS(mw_softmax_prepare(1.0, scale, -128, &p), MW_OK);
    libm_quantize_multiplier(scale * (double)(1 << 26), &m, &s);
    MW_CHECK(p.input_multiplier == m && p.input_left_shift == s);
    MW_CHECK(p.diff_min == -(int32_t)floor(31.0 * (double)(1 << 26) / ldexp(1.0, s)));
    MW_CHECK(p.output_offset == -128);

    /* Clamped at 2^31 - 1: shift 31, only the maximum itself survives. */
    MW_CHECK_STATUS(mw_softmax_prepare(1.0, 1000.0, -128, &p), MW_OK);
    MW_CHECK(p.input_left_shift == 31 && p.input_multiplier == INT32_MAX && p.diff_min == 0);

    MW_CHECK_STATUS(mw_softmax_prepare(1.0, scale, 0, &p), MW_ERR_QUANTIZATION);
    MW_CHECK_STATUS(mw_softmax_prepare(1.0, 1e-9, -128, &p), MW_ERR_QUANTIZATION); /* multiplier <= 1 */
    MW_CHECK_STATUS(mw_softmax_prepare(0.0, scale, -128, &p), MW_ERR_QUANTIZATION);
    MW_CHECK_STATUS(mw_softmax_prepare(1.0, NAN, -128, &p), MW_ERR_QUANTIZATION);
    MW_CHECK_STATUS(mw_softmax_prepare(1.0, scale, -128, NULL), MW_ERR_ARGUMENT);
}

static void test_softmax_tflm_recorded(void)
{
    size_t i;
    int bad = 0;
    for (i = 0; i < sizeof tflm_softmax_cases / sizeof tflm_softmax_cases[0]; i++) {
        const tflm_softmax_case *c = &tflm_softmax_cases[i];
        mw_softmax_params p;
        int8_t out[12];
        MW_CHECK_STATUS(mw_softmax_prepare(1.0, (double)c->input_scale, -128, &p), MW_OK);
        MW_CHECK_STATUS(mw_softmax_s8(&p, 1, c->depth, c->in, out), MW_OK);
        if (memcmp(out, c->out, (size_t)c->depth) != 0) {
            printf("softmax differs from TFLM for %s\n", c->name);
            bad++;
        }
    }
    MW_CHECK(i >= 70 && bad == 0);
}

static void test_softmax_properties(void)
{
    oracle_rng rng = {99u};
    mw_softmax_params p;
    int8_t in[2 * 40], out[2 * 40];
    int trial, c;

    /* Equal inputs: each output 1/depth; the maximum gets the most; sums stay ~256. */
    memset(in, 7, sizeof in);
    MW_CHECK_STATUS(mw_softmax_prepare(1.0, 0.1, -128, &p), MW_OK);
    MW_CHECK_STATUS(mw_softmax_s8(&p, 2, 4, in, out), MW_OK);
    for (c = 0; c < 8; c++) {
        MW_CHECK(out[c] == -128 + 64);
    }
    for (trial = 0; trial < 200; trial++) {
        const int32_t depth = oracle_range(&rng, 1, 40);
        const double scale = 0.01 + 0.3 * (double)oracle_range(&rng, 0, 1000) / 1000.0;
        int32_t sum = 0, argmax = 0;
        oracle_fill_s8(&rng, in, (size_t)depth);
        MW_CHECK_STATUS(mw_softmax_prepare(1.0, scale, -128, &p), MW_OK);
        MW_CHECK_STATUS(mw_softmax_s8(&p, 1, depth, in, out), MW_OK);
        for (c = 0; c < depth; c++) {
            sum += out[c] + 128;
            argmax = in[c] > in[argmax] ? c : argmax;
        }
        for (c = 0; c < depth; c++) {
            MW_CHECK(out[c] <= out[argmax]);
        }
        /* Each output is rounded to 1/256 (and the top one clamps at 255/256). */
        MW_CHECK(sum >= 256 - depth && sum <= 256 + depth);
    }
    /* Large beta * scale: a one-hot output. */
    in[0] = 10;
    in[1] = 9;
    MW_CHECK_STATUS(mw_softmax_prepare(1.0, 100.0, -128, &p), MW_OK);
    MW_CHECK_STATUS(mw_softmax_s8(&p, 1, 2, in, out), MW_OK);
    MW_CHECK(out[0] == 127 && out[1] == -128);

    MW_CHECK_STATUS(mw_softmax_s8(&p, 0, 2, in, out), MW_ERR_SHAPE);
    MW_CHECK_STATUS(mw_softmax_s8(&p, 1, -1, in, out), MW_ERR_SHAPE);
    MW_CHECK_STATUS(mw_softmax_s8(NULL, 1, 2, in, out), MW_ERR_ARGUMENT);
    p.input_left_shift = 40;
    MW_CHECK_STATUS(mw_softmax_s8(&p, 1, 2, in, out), MW_ERR_QUANTIZATION);
}

static void test_quantize_dequantize(void)
{
    const float in[] = {1.25f, -1.25f, 0.75f, -0.75f, 0.2f, 1000.0f, -1000.0f, 63.0f, NAN, INFINITY};
    const int8_t expect[] = {-7, -13, -8, -12, -10, 127, -128, 116, -10, 127};
    int8_t q[10];
    float f[256];
    int8_t all[256], back[256];
    int i, bad = 0;
    oracle_rng rng = {4242u};

    /* scale 0.5, zero point -10: x / 0.5 rounded half away from zero, plus -10. */
    MW_CHECK_STATUS(mw_quantize_f32_s8(0.5f, -10, 10, in, q), MW_OK);
    MW_CHECK(memcmp(q, expect, sizeof expect) == 0);
    MW_CHECK_STATUS(mw_quantize_f32_s8(0.0f, 0, 1, in, q), MW_ERR_QUANTIZATION);
    MW_CHECK_STATUS(mw_quantize_f32_s8(0.5f, 200, 1, in, q), MW_ERR_QUANTIZATION);
    MW_CHECK_STATUS(mw_quantize_f32_s8(0.5f, 0, -1, in, q), MW_ERR_SHAPE);

    for (i = 0; i < 256; i++) {
        all[i] = (int8_t)(i - 128);
    }
    for (i = 0; i < 50; i++) {
        const float scale = (float)ldexp((double)(oracle_next(&rng) >> 8) / 16777216.0 + 0.5, oracle_range(&rng, -20, 5));
        const int32_t zp = oracle_range(&rng, -128, 127);
        int v;
        MW_CHECK_STATUS(mw_dequantize_s8_f32(scale, zp, 256, all, f), MW_OK);
        for (v = 0; v < 256; v++) {
            /* TFLM: static_cast<float>(double(scale) * (v - zp)). */
            bad += f[v] != (float)((double)scale * (double)(v - 128 - zp));
        }
        /* Quantizing the dequantized values gives them back. */
        MW_CHECK_STATUS(mw_quantize_f32_s8(scale, zp, 256, f, back), MW_OK);
        bad += memcmp(back, all, sizeof all) != 0;
    }
    MW_CHECK(bad == 0);
}

static void test_requantize(void)
{
    int8_t in[256], out[256];
    mw_requantize_params p;
    oracle_rng rng = {31337u};
    int i, trial, bad = 0;
    for (i = 0; i < 256; i++) {
        in[i] = (int8_t)(i - 128);
    }
    for (trial = 0; trial < 100; trial++) {
        p.input_offset = -oracle_range(&rng, -128, 127);
        p.output_offset = oracle_range(&rng, -128, 127);
        MW_CHECK_STATUS(mw_quantize_multiplier((double)oracle_range(&rng, 1, 4000) / 1000.0, &p.multiplier,
                                               &p.shift),
                        MW_OK);
        MW_CHECK_STATUS(mw_requantize_s8(&p, 256, in, out), MW_OK);
        for (i = 0; i < 256; i++) {
            const int32_t v = oracle_mbqm(in[i] + p.input_offset, p.multiplier, p.shift) + p.output_offset;
            bad += out[i] != (int8_t)oracle_clamp(v, -128, 127);
        }
    }
    MW_CHECK(bad == 0);
    p.shift = 40;
    MW_CHECK_STATUS(mw_requantize_s8(&p, 256, in, out), MW_ERR_QUANTIZATION);
}

int main(void)
{
    test_fixedpoint_hand_cases();
    test_fixedpoint_vs_oracle();
    test_quantize_multiplier();
    test_softmax_prepare();
    test_softmax_tflm_recorded();
    test_softmax_properties();
    test_quantize_dequantize();
    test_requantize();
    return mw_test_summary("test_kernels_quant");
}
