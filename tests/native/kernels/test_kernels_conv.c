/*
 * CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED reference kernels: hand-computed
 * cases (padding at the borders, zero points, bias, saturation at the clamp,
 * depth multipliers), 1x1 convolution = fully connected, the independent oracle on
 * random shapes/strides/dilations/paddings/quantization, and argument errors.
 */
#include "mw_test.h"
#include "mw_kernels.h"
#include "kernel_oracle.h"

#define MAXBUF 65536

static int8_t g_in[MAXBUF], g_filter[MAXBUF], g_out[MAXBUF], g_expect[MAXBUF];
static int32_t g_bias[1024], g_mult[1024], g_shift[1024];

static mw_conv_params unit_params(int32_t channels)
{
    mw_conv_params p;
    int32_t i;
    memset(&p, 0, sizeof p);
    p.stride_h = p.stride_w = 1;
    p.dilation_h = p.dilation_w = 1;
    p.depth_multiplier = 1;
    p.act_min = -128;
    p.act_max = 127;
    for (i = 0; i < channels; i++) {
        g_mult[i] = 1 << 30; /* 1.0 = 2^30 * 2^(1 - 31) */
        g_shift[i] = 1;
    }
    p.multiplier = g_mult;
    p.shift = g_shift;
    return p;
}

static void test_conv_same_padding_borders(void)
{
    /* 3x3 input 1..9, 3x3 ones filter, SAME: each output sums its in-bounds neighbours. */
    static const int8_t expect[9] = {12, 21, 16, 27, 45, 33, 24, 39, 28};
    const mw_shape4 is = {1, 3, 3, 1}, fs = {1, 3, 3, 1}, os = {1, 3, 3, 1};
    const int32_t zero_points[3] = {0, 5, -100};
    int z, i;
    for (z = 0; z < 3; z++) {
        /* Padding contributes nothing whatever the input zero point. */
        mw_conv_params p = unit_params(1);
        p.pad_h = p.pad_w = 1;
        p.input_offset = -zero_points[z];
        for (i = 0; i < 9; i++) {
            g_in[i] = (int8_t)(i + 1 + zero_points[z]);
            g_filter[i] = 1;
        }
        MW_CHECK_STATUS(mw_conv2d_s8_ref(&p, &is, g_in, &fs, g_filter, NULL, &os, g_out), MW_OK);
        MW_CHECK(memcmp(g_out, expect, 9) == 0);
    }
    {
        /* Bias, output zero point and the clamp: 45 + 100 - 20 saturates at act_max. */
        mw_conv_params p = unit_params(1);
        static const int8_t expect_bias[9] = {92, 101, 96, 107, 120, 113, 104, 119, 108};
        p.pad_h = p.pad_w = 1;
        p.output_offset = -20;
        p.act_max = 120;
        g_bias[0] = 100;
        for (i = 0; i < 9; i++) {
            g_in[i] = (int8_t)(i + 1);
        }
        MW_CHECK_STATUS(mw_conv2d_s8_ref(&p, &is, g_in, &fs, g_filter, g_bias, &os, g_out), MW_OK);
        MW_CHECK(memcmp(g_out, expect_bias, 9) == 0);
        /* RELU-style lower clamp: negative sums stop at act_min. */
        for (i = 0; i < 9; i++) {
            g_filter[i] = -1;
        }
        p.act_min = -5;
        MW_CHECK_STATUS(mw_conv2d_s8_ref(&p, &is, g_in, &fs, g_filter, NULL, &os, g_out), MW_OK);
        for (i = 0; i < 9; i++) {
            MW_CHECK(g_out[i] == -25 || g_out[i] == -5);
        }
        MW_CHECK(g_out[4] == -5);
    }
}

static void test_conv_stride_dilation_hand(void)
{
    /* 1x5x5x1 input v = 10*y + x (zero point 0), 2x2 filter [1, 2; 3, 4] with dilation 2,
     * stride 2, VALID: out(oy, ox) = v(2oy, 2ox) + 2 v(2oy, 2ox+2) + 3 v(2oy+2, 2ox) + 4 v(2oy+2, 2ox+2). */
    const mw_shape4 is = {1, 5, 5, 1}, fs = {1, 2, 2, 1}, os = {1, 2, 2, 1};
    mw_conv_params p = unit_params(1);
    int32_t y, x;
    p.stride_h = p.stride_w = 2;
    p.dilation_h = p.dilation_w = 2;
    for (y = 0; y < 5; y++) {
        for (x = 0; x < 5; x++) {
            g_in[y * 5 + x] = (int8_t)(y + x); /* small so nothing saturates */
        }
    }
    g_filter[0] = 1;
    g_filter[1] = 2;
    g_filter[2] = 3;
    g_filter[3] = 4;
    MW_CHECK_STATUS(mw_conv2d_s8_ref(&p, &is, g_in, &fs, g_filter, NULL, &os, g_out), MW_OK);
    for (y = 0; y < 2; y++) {
        for (x = 0; x < 2; x++) {
            const int32_t v = (2 * y + 2 * x) + 2 * (2 * y + 2 * x + 2) + 3 * (2 * y + 2 + 2 * x) +
                              4 * (2 * y + 2 + 2 * x + 2);
            MW_CHECK(g_out[y * 2 + x] == v);
        }
    }
}

static void test_depthwise_multiplier_hand(void)
{
    /* One pixel, two channels (3, -2), depth multiplier 3: out = in[oc / 3] * w[oc]. */
    const mw_shape4 is = {1, 1, 1, 2}, fs = {1, 1, 1, 6}, os = {1, 1, 1, 6};
    static const int8_t expect[6] = {3, 6, 9, -8, -10, -12};
    mw_conv_params p = unit_params(6);
    int i;
    p.depth_multiplier = 3;
    g_in[0] = 3;
    g_in[1] = -2;
    for (i = 0; i < 6; i++) {
        g_filter[i] = (int8_t)(i + 1);
    }
    MW_CHECK_STATUS(mw_depthwise_conv2d_s8_ref(&p, &is, g_in, &fs, g_filter, NULL, &os, g_out), MW_OK);
    MW_CHECK(memcmp(g_out, expect, 6) == 0);

    /* SAME 3x3 over a 2x2 image of ones with input zero point 7: corners see 4 taps. */
    {
        const mw_shape4 is2 = {1, 2, 2, 1}, fs2 = {1, 3, 3, 2}, os2 = {1, 2, 2, 2};
        mw_conv_params q = unit_params(2);
        q.depth_multiplier = 2;
        q.pad_h = q.pad_w = 1;
        q.input_offset = -7;
        for (i = 0; i < 4; i++) {
            g_in[i] = 8; /* real value 1 */
        }
        for (i = 0; i < 18; i++) {
            g_filter[i] = (int8_t)(i % 2 == 0 ? 1 : -2);
        }
        MW_CHECK_STATUS(mw_depthwise_conv2d_s8_ref(&q, &is2, g_in, &fs2, g_filter, NULL, &os2, g_out), MW_OK);
        for (i = 0; i < 4; i++) {
            MW_CHECK(g_out[2 * i] == 4 && g_out[2 * i + 1] == -8);
        }
    }
}

static void test_fc_hand(void)
{
    /* [1, 2, 3] . [1, -1, 2] = 5, with input zero point -1 (offset 1): [2,3,4] . w = 7;
     * filter zero point 1 (offset -1): [2,3,4] . [0,-2,1] = -2; bias 10 -> 8. */
    static const int8_t in[3] = {1, 2, 3};
    static const int8_t w[3] = {1, -1, 2};
    const int32_t bias = 10;
    mw_fc_params p;
    int8_t out;
    memset(&p, 0, sizeof p);
    p.multiplier = 1 << 30;
    p.shift = 1;
    p.act_min = -128;
    p.act_max = 127;
    MW_CHECK_STATUS(mw_fully_connected_s8_ref(&p, 1, 3, 1, in, w, NULL, &out), MW_OK);
    MW_CHECK(out == 5);
    p.input_offset = 1;
    MW_CHECK_STATUS(mw_fully_connected_s8_ref(&p, 1, 3, 1, in, w, NULL, &out), MW_OK);
    MW_CHECK(out == 7);
    p.filter_offset = -1;
    MW_CHECK_STATUS(mw_fully_connected_s8_ref(&p, 1, 3, 1, in, w, &bias, &out), MW_OK);
    MW_CHECK(out == 8);
    /* Multiplier 0.25 (shift -1): 8 / 4 = 2. */
    p.shift = -1;
    MW_CHECK_STATUS(mw_fully_connected_s8_ref(&p, 1, 3, 1, in, w, &bias, &out), MW_OK);
    MW_CHECK(out == 2);
}

static void random_requant(oracle_rng *rng, int32_t channels, int per_channel)
{
    int32_t i;
    for (i = 0; i < channels; i++) {
        const double real = (double)oracle_range(rng, 5, 500) / 10000.0;
        if (i == 0 || per_channel) {
            mw_quantize_multiplier(real, &g_mult[i], &g_shift[i]);
        } else {
            g_mult[i] = g_mult[0];
            g_shift[i] = g_shift[0];
        }
        g_bias[i] = oracle_range(rng, -20000, 20000);
    }
}

static void test_conv1x1_equals_fc(void)
{
    oracle_rng rng = {2024u};
    int trial;
    for (trial = 0; trial < 50; trial++) {
        const mw_shape4 is = {1, oracle_range(&rng, 1, 6), oracle_range(&rng, 1, 6), oracle_range(&rng, 1, 80)};
        const mw_shape4 fs = {oracle_range(&rng, 1, 20), 1, 1, is.c};
        const mw_shape4 os = {1, is.h, is.w, fs.n};
        mw_conv_params p = unit_params(0);
        mw_fc_params f;
        const size_t out_len = (size_t)os.h * (size_t)os.w * (size_t)os.c;
        oracle_fill_s8(&rng, g_in, (size_t)is.h * (size_t)is.w * (size_t)is.c);
        oracle_fill_s8(&rng, g_filter, (size_t)fs.n * (size_t)fs.c);
        random_requant(&rng, fs.n, 0);
        p.input_offset = -oracle_range(&rng, -128, 127);
        p.output_offset = oracle_range(&rng, -128, 127);
        memset(&f, 0, sizeof f);
        f.input_offset = p.input_offset;
        f.output_offset = p.output_offset;
        f.multiplier = g_mult[0];
        f.shift = g_shift[0];
        f.act_min = p.act_min;
        f.act_max = p.act_max;
        MW_CHECK_STATUS(mw_conv2d_s8_ref(&p, &is, g_in, &fs, g_filter, g_bias, &os, g_out), MW_OK);
        MW_CHECK_STATUS(mw_fully_connected_s8_ref(&f, is.h * is.w, is.c, fs.n, g_in, g_filter, g_bias, g_expect),
                        MW_OK);
        MW_CHECK(memcmp(g_out, g_expect, out_len) == 0);
    }
}

/* One random CONV_2D or DEPTHWISE_CONV_2D case against the oracle; returns 1 on mismatch. */
static int random_conv_case(oracle_rng *rng, int depthwise)
{
    mw_shape4 is, fs, os;
    mw_conv_params p = unit_params(0);
    const int same = (int)(oracle_next(rng) & 1);
    const int wide = oracle_range(rng, 0, 3) == 0; /* deep inputs: windows beyond the patch */
    int32_t out_c;
    const int32_t *bias;
    size_t out_len;
    mw_status st;

    is.n = oracle_range(rng, 1, 2);
    is.h = oracle_range(rng, 1, 9);
    is.w = oracle_range(rng, 1, 9);
    is.c = depthwise ? oracle_range(rng, 1, 70) : (wide ? oracle_range(rng, 20, 48) : oracle_range(rng, 1, 12));
    p.depth_multiplier = depthwise ? oracle_range(rng, 1, 4) : 1;
    if (depthwise && oracle_range(rng, 0, 3) == 0) {
        /* Multipliers 4..16 (8 and 16 take the kernel's 8-channel path), fewer channels. */
        p.depth_multiplier *= 4;
        is.c = 1 + is.c % 16;
    }
    out_c = depthwise ? is.c * p.depth_multiplier : oracle_range(rng, 1, 9);
    fs.n = depthwise ? 1 : out_c;
    fs.h = oracle_range(rng, 1, 4);
    fs.w = oracle_range(rng, 1, 4);
    fs.c = depthwise ? out_c : is.c;
    p.stride_h = oracle_range(rng, 1, 3);
    p.stride_w = oracle_range(rng, 1, 3);
    p.dilation_h = oracle_range(rng, 1, 3);
    p.dilation_w = oracle_range(rng, 1, 3);
    os.n = is.n;
    os.c = out_c;
    oracle_padding(same, is.h, fs.h, p.stride_h, p.dilation_h, &os.h, &p.pad_h);
    oracle_padding(same, is.w, fs.w, p.stride_w, p.dilation_w, &os.w, &p.pad_w);
    if (os.h < 1 || os.w < 1) {
        return 0; /* VALID window larger than the input: no such layer */
    }
    p.input_offset = -oracle_range(rng, -128, 127);
    p.output_offset = oracle_range(rng, -128, 127);
    p.act_min = oracle_range(rng, -128, 0);
    p.act_max = oracle_range(rng, p.act_min, 127);
    random_requant(rng, out_c, 1);
    bias = oracle_range(rng, 0, 4) == 0 ? NULL : g_bias;
    oracle_fill_s8(rng, g_in, (size_t)is.n * is.h * is.w * is.c);
    oracle_fill_s8(rng, g_filter, (size_t)fs.n * fs.h * fs.w * fs.c);
    out_len = (size_t)os.n * os.h * os.w * os.c;
    oracle_conv(&p, depthwise, &is, g_in, &fs, g_filter, bias, &os, g_expect);
    st = depthwise ? mw_depthwise_conv2d_s8_ref(&p, &is, g_in, &fs, g_filter, bias, &os, g_out)
                   : mw_conv2d_s8_ref(&p, &is, g_in, &fs, g_filter, bias, &os, g_out);
    if (st != MW_OK || memcmp(g_out, g_expect, out_len) != 0) {
        printf("%s mismatch: in %dx%dx%dx%d filter %dx%dx%dx%d stride %d,%d dilation %d,%d pad %d,%d dm %d\n",
               depthwise ? "depthwise" : "conv", is.n, is.h, is.w, is.c, fs.n, fs.h, fs.w, fs.c, p.stride_h,
               p.stride_w, p.dilation_h, p.dilation_w, p.pad_h, p.pad_w, p.depth_multiplier);
        return 1;
    }
    return 0;
}

static void test_random_vs_oracle(void)
{
    oracle_rng rng = {0xC0FFEEu};
    int trial, bad = 0;
    for (trial = 0; trial < 600; trial++) {
        bad += random_conv_case(&rng, 0);
        bad += random_conv_case(&rng, 1);
    }
    for (trial = 0; trial < 300; trial++) {
        const int32_t batches = oracle_range(&rng, 1, 3), in_depth = oracle_range(&rng, 1, 300),
                      out_depth = oracle_range(&rng, 1, 20);
        const int32_t *bias = trial % 5 == 0 ? NULL : g_bias;
        mw_fc_params p;
        p.input_offset = -oracle_range(&rng, -128, 127);
        p.filter_offset = trial % 3 == 0 ? -oracle_range(&rng, -128, 127) : 0;
        p.output_offset = oracle_range(&rng, -128, 127);
        p.act_min = oracle_range(&rng, -128, 0);
        p.act_max = oracle_range(&rng, p.act_min, 127);
        random_requant(&rng, out_depth, 0);
        mw_quantize_multiplier((double)oracle_range(&rng, 1, 300) / 100000.0, &p.multiplier, &p.shift);
        oracle_fill_s8(&rng, g_in, (size_t)batches * in_depth);
        oracle_fill_s8(&rng, g_filter, (size_t)out_depth * in_depth);
        oracle_fc(&p, batches, in_depth, out_depth, g_in, g_filter, bias, g_expect);
        if (mw_fully_connected_s8_ref(&p, batches, in_depth, out_depth, g_in, g_filter, bias, g_out) != MW_OK ||
            memcmp(g_out, g_expect, (size_t)batches * out_depth) != 0) {
            bad++;
        }
    }
    MW_CHECK(bad == 0);
}

static void test_argument_errors(void)
{
    const mw_shape4 is = {1, 4, 4, 2}, fs = {3, 3, 3, 2}, os = {1, 4, 4, 3};
    mw_shape4 bad_shape;
    mw_conv_params p = unit_params(8);
    mw_fc_params f;
    p.pad_h = p.pad_w = 1;
    MW_CHECK_STATUS(mw_conv2d_s8_ref(&p, &is, g_in, &fs, g_filter, NULL, &os, g_out), MW_OK);
    MW_CHECK_STATUS(mw_conv2d_s8_ref(NULL, &is, g_in, &fs, g_filter, NULL, &os, g_out), MW_ERR_ARGUMENT);
    MW_CHECK_STATUS(mw_conv2d_s8_ref(&p, &is, NULL, &fs, g_filter, NULL, &os, g_out), MW_ERR_ARGUMENT);
    bad_shape = fs;
    bad_shape.c = 1; /* filter depth != input depth */
    MW_CHECK_STATUS(mw_conv2d_s8_ref(&p, &is, g_in, &bad_shape, g_filter, NULL, &os, g_out), MW_ERR_SHAPE);
    bad_shape = os;
    bad_shape.c = 4; /* output channels != filters */
    MW_CHECK_STATUS(mw_conv2d_s8_ref(&p, &is, g_in, &fs, g_filter, NULL, &bad_shape, g_out), MW_ERR_SHAPE);
    bad_shape = is;
    bad_shape.h = 0;
    MW_CHECK_STATUS(mw_conv2d_s8_ref(&p, &bad_shape, g_in, &fs, g_filter, NULL, &os, g_out), MW_ERR_SHAPE);
    bad_shape.h = 65536;
    bad_shape.w = 65536; /* more than INT32_MAX elements */
    MW_CHECK_STATUS(mw_conv2d_s8_ref(&p, &bad_shape, g_in, &fs, g_filter, NULL, &os, g_out), MW_ERR_SHAPE);
    p.stride_h = 0;
    MW_CHECK_STATUS(mw_conv2d_s8_ref(&p, &is, g_in, &fs, g_filter, NULL, &os, g_out), MW_ERR_SHAPE);
    p.stride_h = INT32_MAX; /* window positions overflow int32 */
    MW_CHECK_STATUS(mw_conv2d_s8_ref(&p, &is, g_in, &fs, g_filter, NULL, &os, g_out), MW_ERR_SHAPE);
    p.stride_h = 1;
    p.pad_w = -1;
    MW_CHECK_STATUS(mw_conv2d_s8_ref(&p, &is, g_in, &fs, g_filter, NULL, &os, g_out), MW_ERR_SHAPE);
    p.pad_w = 1;
    p.act_min = 10;
    p.act_max = 5;
    MW_CHECK_STATUS(mw_conv2d_s8_ref(&p, &is, g_in, &fs, g_filter, NULL, &os, g_out), MW_ERR_ARGUMENT);
    p.act_min = -128;
    p.act_max = 127;
    g_shift[2] = 32;
    MW_CHECK_STATUS(mw_conv2d_s8_ref(&p, &is, g_in, &fs, g_filter, NULL, &os, g_out), MW_ERR_QUANTIZATION);
    g_shift[2] = 1;
    p.input_offset = 200;
    MW_CHECK_STATUS(mw_conv2d_s8_ref(&p, &is, g_in, &fs, g_filter, NULL, &os, g_out), MW_ERR_QUANTIZATION);
    p.input_offset = 0;

    /* Depthwise: output depth must be input depth * multiplier, filter batch 1. */
    {
        const mw_shape4 dfs = {1, 3, 3, 4}, dos = {1, 4, 4, 4};
        p.depth_multiplier = 2;
        MW_CHECK_STATUS(mw_depthwise_conv2d_s8_ref(&p, &is, g_in, &dfs, g_filter, NULL, &dos, g_out), MW_OK);
        p.depth_multiplier = 3;
        MW_CHECK_STATUS(mw_depthwise_conv2d_s8_ref(&p, &is, g_in, &dfs, g_filter, NULL, &dos, g_out), MW_ERR_SHAPE);
        p.depth_multiplier = 0;
        MW_CHECK_STATUS(mw_depthwise_conv2d_s8_ref(&p, &is, g_in, &dfs, g_filter, NULL, &dos, g_out), MW_ERR_SHAPE);
        p.depth_multiplier = 2;
        bad_shape = dfs;
        bad_shape.n = 2;
        MW_CHECK_STATUS(mw_depthwise_conv2d_s8_ref(&p, &is, g_in, &bad_shape, g_filter, NULL, &dos, g_out),
                        MW_ERR_SHAPE);
    }

    memset(&f, 0, sizeof f);
    f.multiplier = 1 << 30;
    f.act_min = -128;
    f.act_max = 127;
    MW_CHECK_STATUS(mw_fully_connected_s8_ref(&f, 1, 0, 1, g_in, g_filter, NULL, g_out), MW_ERR_SHAPE);
    MW_CHECK_STATUS(mw_fully_connected_s8_ref(&f, 65536, 65536, 1, g_in, g_filter, NULL, g_out), MW_ERR_SHAPE);
    MW_CHECK_STATUS(mw_fully_connected_s8_ref(&f, 1, 4, 1, NULL, g_filter, NULL, g_out), MW_ERR_ARGUMENT);
    f.filter_offset = -129;
    MW_CHECK_STATUS(mw_fully_connected_s8_ref(&f, 1, 4, 1, g_in, g_filter, NULL, g_out), MW_ERR_QUANTIZATION);
}

/* Extreme but valid parameters (wrapping sums, largest shifts, INT32 bias) must run
 * without undefined behaviour (the sanitizer build checks) and respect the clamp. */
static void test_extreme_parameters(void)
{
    const mw_shape4 is = {1, 3, 3, 70}, fs = {5, 3, 3, 70}, os = {1, 3, 3, 5};
    const mw_shape4 dfs = {1, 3, 3, 70}, dos = {1, 3, 3, 70};
    mw_conv_params p = unit_params(70);
    mw_fc_params f;
    size_t i;
    int ok = 1;
    memset(g_in, -128, 630);
    memset(g_filter, -128, 3150);
    for (i = 0; i < 70; i++) {
        g_bias[i] = i % 2 ? INT32_MAX : INT32_MIN;
        g_mult[i] = i % 3 ? INT32_MAX : INT32_MIN;
        g_shift[i] = i % 2 ? 31 : -31;
    }
    p.pad_h = p.pad_w = 1;
    p.input_offset = 128;
    p.output_offset = 127;
    p.act_min = -100;
    p.act_max = 100;
    MW_CHECK_STATUS(mw_conv2d_s8_ref(&p, &is, g_in, &fs, g_filter, g_bias, &os, g_out), MW_OK);
    for (i = 0; i < 45; i++) {
        ok &= g_out[i] >= -100 && g_out[i] <= 100;
    }
    p.input_offset = -127;
    MW_CHECK_STATUS(mw_depthwise_conv2d_s8_ref(&p, &is, g_in, &dfs, g_filter, g_bias, &dos, g_out), MW_OK);
    for (i = 0; i < 630; i++) {
        ok &= g_out[i] >= -100 && g_out[i] <= 100;
    }
    memset(&f, 0, sizeof f);
    f.input_offset = 128;
    f.filter_offset = 128;
    f.output_offset = -128;
    f.multiplier = INT32_MAX;
    f.shift = 31;
    f.act_min = -128;
    f.act_max = 127;
    MW_CHECK_STATUS(mw_fully_connected_s8_ref(&f, 1, 3150, 1, g_filter, g_filter, g_bias + 1, g_out), MW_OK);
    MW_CHECK(ok);
}

int main(void)
{
    test_conv_same_padding_borders();
    test_conv_stride_dilation_hand();
    test_depthwise_multiplier_hand();
    test_fc_hand();
    test_conv1x1_equals_fc();
    test_random_vs_oracle();
    test_argument_errors();
    test_extreme_parameters();
    return mw_test_summary("test_kernels_conv");
}
