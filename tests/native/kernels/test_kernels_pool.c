/*
 * AVERAGE_POOL_2D and MAX_POOL_2D reference kernels: hand-computed rounding and
 * border cases, the oracle on random shapes/strides/paddings, and errors.
 */
#include "mw_test.h"
#include "mw_kernels.h"
#include "kernel_oracle.h"

#define MAXBUF 65536

static int8_t g_in[MAXBUF], g_out[MAXBUF], g_expect[MAXBUF];

static mw_pool_params pool_params(int32_t fh, int32_t fw, int32_t stride)
{
    mw_pool_params p;
    p.filter_h = fh;
    p.filter_w = fw;
    p.stride_h = p.stride_w = stride;
    p.pad_h = p.pad_w = 0;
    p.act_min = -128;
    p.act_max = 127;
    return p;
}

static void test_avg_rounding(void)
{
    /* Pairs averaged with a 1x2 window: ties round away from zero. */
    static const int8_t in[12] = {1, 2, -1, -2, 1, 1, -3, 0, 127, 127, -128, -127};
    static const int8_t expect[6] = {2, -2, 1, -2, 127, -128};
    const mw_shape4 is = {1, 1, 12, 1}, os = {1, 1, 6, 1};
    mw_pool_params p = pool_params(1, 2, 2);
    MW_CHECK_STATUS(mw_avg_pool2d_s8_ref(&p, &is, in, &os, g_out), MW_OK);
    MW_CHECK(memcmp(g_out, expect, 6) == 0);
    /* Thirds: (-1 + 0 + 0) / 3 -> 0, (2 + 0 + 0) / 3 -> 1, (-2 + 0 + 0) / 3 -> -1. */
    {
        static const int8_t in3[9] = {-1, 0, 0, 2, 0, 0, -2, 0, 0};
        static const int8_t expect3[3] = {0, 1, -1};
        const mw_shape4 is3 = {1, 1, 9, 1}, os3 = {1, 1, 3, 1};
        mw_pool_params q = pool_params(1, 3, 3);
        MW_CHECK_STATUS(mw_avg_pool2d_s8_ref(&q, &is3, in3, &os3, g_out), MW_OK);
        MW_CHECK(memcmp(g_out, expect3, 3) == 0);
    }
}

static void test_avg_same_counts_in_bounds_taps(void)
{
    /* 3x3 SAME over a 3x3 image of 1..9: the corner averages 4 taps, not 9. */
    static const int8_t in[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    /* (12/4, 21/6, 16/4, 27/6, 45/9, 33/6, 24/4, 39/6, 28/4) rounded */
    static const int8_t expect[9] = {3, 4, 4, 5, 5, 6, 6, 7, 7};
    const mw_shape4 is = {1, 3, 3, 1};
    mw_pool_params p = pool_params(3, 3, 1);
    p.pad_h = p.pad_w = 1;
    MW_CHECK_STATUS(mw_avg_pool2d_s8_ref(&p, &is, in, &is, g_out), MW_OK);
    MW_CHECK(memcmp(g_out, expect, 9) == 0);
    /* Activation clamp. */
    p.act_min = 4;
    p.act_max = 6;
    MW_CHECK_STATUS(mw_avg_pool2d_s8_ref(&p, &is, in, &is, g_out), MW_OK);
    MW_CHECK(g_out[0] == 4 && g_out[4] == 5 && g_out[8] == 6);
}

static void test_max_hand(void)
{
    static const int8_t in[9] = {-9, 2, -3, 4, -128, 6, -7, 8, -1};
    static const int8_t expect[4] = {4, 6, 8, 8};
    const mw_shape4 is = {1, 3, 3, 1}, os = {1, 2, 2, 1};
    mw_pool_params p = pool_params(2, 2, 1);
    MW_CHECK_STATUS(mw_max_pool2d_s8_ref(&p, &is, in, &os, g_out), MW_OK);
    MW_CHECK(memcmp(g_out, expect, 4) == 0);
    p.act_max = 5;
    MW_CHECK_STATUS(mw_max_pool2d_s8_ref(&p, &is, in, &os, g_out), MW_OK);
    MW_CHECK(g_out[0] == 4 && g_out[1] == 5 && g_out[3] == 5);
}

static void test_random_vs_oracle(void)
{
    oracle_rng rng = {0xBEEFu};
    int trial, bad = 0;
    for (trial = 0; trial < 800; trial++) {
        mw_shape4 is, os;
        mw_pool_params p;
        const int average = trial & 1;
        const int same = (trial >> 1) & 1;
        size_t out_len;
        is.n = oracle_range(&rng, 1, 2);
        is.h = oracle_range(&rng, 1, 12);
        is.w = oracle_range(&rng, 1, 12);
        is.c = oracle_range(&rng, 1, 150); /* crosses the channel blocks */
        p = pool_params(oracle_range(&rng, 1, 5), oracle_range(&rng, 1, 5), 1);
        p.stride_h = oracle_range(&rng, 1, 4);
        p.stride_w = oracle_range(&rng, 1, 4);
        p.act_min = oracle_range(&rng, -128, 0);
        p.act_max = oracle_range(&rng, p.act_min, 127);
        oracle_padding(same, is.h, p.filter_h, p.stride_h, 1, &os.h, &p.pad_h);
        oracle_padding(same, is.w, p.filter_w, p.stride_w, 1, &os.w, &p.pad_w);
        if (os.h < 1 || os.w < 1) {
            continue;
        }
        os.n = is.n;
        os.c = is.c;
        out_len = (size_t)os.n * os.h * os.w * os.c;
        oracle_fill_s8(&rng, g_in, (size_t)is.n * is.h * is.w * is.c);
        MW_CHECK(oracle_pool(&p, average, &is, g_in, &os, g_expect));
        if ((average ? mw_avg_pool2d_s8_ref(&p, &is, g_in, &os, g_out)
                     : mw_max_pool2d_s8_ref(&p, &is, g_in, &os, g_out)) != MW_OK ||
            memcmp(g_out, g_expect, out_len) != 0) {
            bad++;
        }
    }
    MW_CHECK(bad == 0);
}

static void test_errors(void)
{
    const mw_shape4 is = {1, 4, 4, 3}, os = {1, 2, 2, 3};
    mw_shape4 bad = os;
    mw_pool_params p = pool_params(2, 2, 2);
    MW_CHECK_STATUS(mw_avg_pool2d_s8_ref(&p, &is, g_in, &os, g_out), MW_OK);
    bad.c = 2;
    MW_CHECK_STATUS(mw_avg_pool2d_s8_ref(&p, &is, g_in, &bad, g_out), MW_ERR_SHAPE);
    MW_CHECK_STATUS(mw_max_pool2d_s8_ref(&p, &is, g_in, &bad, g_out), MW_ERR_SHAPE);
    MW_CHECK_STATUS(mw_max_pool2d_s8_ref(NULL, &is, g_in, &os, g_out), MW_ERR_ARGUMENT);
    /* A window entirely in the padding: TFLM's average pool fails, max pool gives -128
     * (clamped). The average kernel refuses before writing anything. */
    p.pad_h = 2;
    memset(g_out, 55, 12);
    MW_CHECK_STATUS(mw_avg_pool2d_s8_ref(&p, &is, g_in, &os, g_out), MW_ERR_SHAPE);
    MW_CHECK(g_out[0] == 55 && g_out[11] == 55);
    memset(g_in, 100, 48);
    MW_CHECK_STATUS(mw_max_pool2d_s8_ref(&p, &is, g_in, &os, g_out), MW_OK);
    MW_CHECK(g_out[0] == -128 && g_out[11] == 100);
    p.pad_h = 0;
    p.filter_w = 0;
    MW_CHECK_STATUS(mw_avg_pool2d_s8_ref(&p, &is, g_in, &os, g_out), MW_ERR_SHAPE);
    /* More than 2^23 taps in an average window: refused (the int32 sum could overflow). */
    {
        const mw_shape4 one = {1, 1, 1, 1};
        mw_pool_params big = pool_params(4096, 4096, 1);
        MW_CHECK_STATUS(mw_avg_pool2d_s8_ref(&big, &one, g_in, &one, g_out), MW_ERR_SHAPE);
        big.filter_h = 2048;
        MW_CHECK_STATUS(mw_avg_pool2d_s8_ref(&big, &one, g_in, &one, g_out), MW_OK);
        MW_CHECK(g_out[0] == g_in[0]);
    }
    p.filter_w = 2;
    p.act_min = 100;
    p.act_max = -100;
    MW_CHECK_STATUS(mw_max_pool2d_s8_ref(&p, &is, g_in, &os, g_out), MW_ERR_ARGUMENT);
}

int main(void)
{
    test_avg_rounding();
    test_avg_same_counts_in_bounds_taps();
    test_max_hand();
    test_random_vs_oracle();
    test_errors();
    return mw_test_summary("test_kernels_pool");
}
