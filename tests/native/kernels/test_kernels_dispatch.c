/*
 * Differential test of the kernel backend selected at build time (MW_KERNEL_BACKEND):
 * every plain-named kernel against its portable reference on random shapes, strides,
 * dilations, paddings, depth multipliers and quantization parameters (fixed seeds),
 * with the scratch size the backend asks for and guard bytes after every output and
 * scratch buffer. With the reference backend this checks the dispatch; with an
 * optimized one it is the bit-exactness proof.
 */
#include "mw_test.h"
#include "mw_kernels.h"
#include "kernel_oracle.h"

#define MAXBUF 65536
#define GUARD 64
#define GUARD_BYTE 0x5A

static int8_t g_in[MAXBUF], g_filter[MAXBUF], g_ref[MAXBUF + GUARD], g_out[MAXBUF + GUARD];
static uint8_t g_scratch[MAXBUF + GUARD];
static int32_t g_bias[1024], g_mult[1024], g_shift[1024];

static void arm_guards(size_t out_len, size_t scratch_len)
{
    memset(g_out, GUARD_BYTE, out_len + GUARD);
    memset(g_ref, GUARD_BYTE, out_len + GUARD);
    memset(g_scratch, GUARD_BYTE, scratch_len + GUARD);
}

/* Outputs identical and nothing written past either output or the scratch. */
static int outputs_agree(size_t out_len, size_t scratch_len)
{
    size_t i;
    if (memcmp(g_out, g_ref, out_len) != 0) {
        return 0;
    }
    for (i = 0; i < GUARD; i++) {
        if ((uint8_t)g_out[out_len + i] != GUARD_BYTE || (uint8_t)g_ref[out_len + i] != GUARD_BYTE ||
            g_scratch[scratch_len + i] != GUARD_BYTE) {
            return 0;
        }
    }
    return 1;
}

static void random_quant(oracle_rng *rng, int32_t channels)
{
    int32_t i;
    for (i = 0; i < channels; i++) {
        mw_quantize_multiplier((double)oracle_range(rng, 5, 800) / 10000.0, &g_mult[i], &g_shift[i]);
        g_bias[i] = oracle_range(rng, -30000, 30000);
    }
}

static int diff_conv(oracle_rng *rng, int depthwise)
{
    mw_shape4 is, fs, os;
    mw_conv_params p;
    const int same = (int)(oracle_next(rng) & 1);
    const int32_t *bias;
    size_t out_len, scratch_len;
    mw_status s_ref, s_out;

    memset(&p, 0, sizeof p);
    is.n = oracle_range(rng, 1, 2);
    is.h = oracle_range(rng, 1, 12);
    is.w = oracle_range(rng, 1, 12);
    is.c = oracle_range(rng, 1, oracle_range(rng, 0, 3) == 0 ? 96 : 16);
    p.depth_multiplier = depthwise ? oracle_range(rng, 1, 3) : 1;
    os.c = depthwise ? is.c * p.depth_multiplier : oracle_range(rng, 1, 24);
    fs.n = depthwise ? 1 : os.c;
    fs.h = oracle_range(rng, 1, 5);
    fs.w = oracle_range(rng, 1, 5);
    fs.c = depthwise ? os.c : is.c;
    p.stride_h = oracle_range(rng, 1, 3);
    p.stride_w = oracle_range(rng, 1, 3);
    p.dilation_h = oracle_range(rng, 0, 3) == 0 ? 2 : 1;
    p.dilation_w = oracle_range(rng, 0, 3) == 0 ? 2 : 1;
    os.n = is.n;
    oracle_padding(same, is.h, fs.h, p.stride_h, p.dilation_h, &os.h, &p.pad_h);
    oracle_padding(same, is.w, fs.w, p.stride_w, p.dilation_w, &os.w, &p.pad_w);
    if (os.h < 1 || os.w < 1 || (size_t)fs.n * fs.h * fs.w * fs.c > MAXBUF) {
        return 1;
    }
    p.input_offset = -oracle_range(rng, -128, 127);
    p.output_offset = oracle_range(rng, -128, 127);
    p.act_min = oracle_range(rng, -128, 0);
    p.act_max = oracle_range(rng, p.act_min, 127);
    random_quant(rng, os.c);
    p.multiplier = g_mult;
    p.shift = g_shift;
    bias = oracle_range(rng, 0, 4) == 0 ? NULL : g_bias;
    oracle_fill_s8(rng, g_in, (size_t)is.n * is.h * is.w * is.c);
    oracle_fill_s8(rng, g_filter, (size_t)fs.n * fs.h * fs.w * fs.c);
    out_len = (size_t)os.n * os.h * os.w * os.c;
    scratch_len = depthwise ? mw_depthwise_conv2d_s8_scratch_size(&is, &fs, &os)
                            : mw_conv2d_s8_scratch_size(&is, &fs, &os);
    if (scratch_len > MAXBUF) {
        printf("scratch request %lu too large for the test\n", (unsigned long)scratch_len);
        return 0;
    }
    arm_guards(out_len, scratch_len);
    if (depthwise) {
        s_ref = mw_depthwise_conv2d_s8_ref(&p, &is, g_in, &fs, g_filter, bias, &os, g_ref);
        s_out = mw_depthwise_conv2d_s8(&p, &is, g_in, &fs, g_filter, bias, &os, g_out, g_scratch, scratch_len);
    } else {
        s_ref = mw_conv2d_s8_ref(&p, &is, g_in, &fs, g_filter, bias, &os, g_ref);
        s_out = mw_conv2d_s8(&p, &is, g_in, &fs, g_filter, bias, &os, g_out, g_scratch, scratch_len);
    }
    return s_ref == MW_OK && s_out == MW_OK && outputs_agree(out_len, scratch_len);
}

static int diff_fc(oracle_rng *rng)
{
    const int32_t batches = oracle_range(rng, 1, 4), in_depth = oracle_range(rng, 1, 600),
                  out_depth = oracle_range(rng, 1, 40);
    const int32_t *bias = oracle_range(rng, 0, 4) == 0 ? NULL : g_bias;
    const size_t out_len = (size_t)batches * out_depth;
    const size_t scratch_len = mw_fully_connected_s8_scratch_size(in_depth, out_depth);
    mw_fc_params p;
    mw_status s_ref, s_out;
    if (scratch_len > MAXBUF) {
        return 0;
    }
    p.input_offset = -oracle_range(rng, -128, 127);
    p.filter_offset = oracle_range(rng, 0, 3) == 0 ? -oracle_range(rng, -128, 127) : 0;
    p.output_offset = oracle_range(rng, -128, 127);
    p.act_min = oracle_range(rng, -128, 0);
    p.act_max = oracle_range(rng, p.act_min, 127);
    random_quant(rng, out_depth);
    mw_quantize_multiplier((double)oracle_range(rng, 1, 300) / 100000.0, &p.multiplier, &p.shift);
    oracle_fill_s8(rng, g_in, (size_t)batches * in_depth);
    oracle_fill_s8(rng, g_filter, (size_t)out_depth * in_depth);
    arm_guards(out_len, scratch_len);
    s_ref = mw_fully_connected_s8_ref(&p, batches, in_depth, out_depth, g_in, g_filter, bias, g_ref);
    s_out = mw_fully_connected_s8(&p, batches, in_depth, out_depth, g_in, g_filter, bias, g_out, g_scratch,
                                  scratch_len);
    return s_ref == MW_OK && s_out == MW_OK && outputs_agree(out_len, scratch_len);
}

static int diff_pool(oracle_rng *rng, int average)
{
    mw_shape4 is, os;
    mw_pool_params p;
    const int same = (int)(oracle_next(rng) & 1);
    size_t out_len;
    mw_status s_ref, s_out;
    is.n = oracle_range(rng, 1, 2);
    is.h = oracle_range(rng, 1, 25);
    is.w = oracle_range(rng, 1, 12);
    is.c = oracle_range(rng, 1, 130);
    p.filter_h = oracle_range(rng, 1, is.h < 6 ? is.h : 6);
    p.filter_w = oracle_range(rng, 1, is.w < 6 ? is.w : 6);
    p.stride_h = oracle_range(rng, 1, 3);
    p.stride_w = oracle_range(rng, 1, 3);
    p.act_min = oracle_range(rng, -128, 0);
    p.act_max = oracle_range(rng, p.act_min, 127);
    oracle_padding(same, is.h, p.filter_h, p.stride_h, 1, &os.h, &p.pad_h);
    oracle_padding(same, is.w, p.filter_w, p.stride_w, 1, &os.w, &p.pad_w);
    os.n = is.n;
    os.c = is.c;
    out_len = (size_t)os.n * os.h * os.w * os.c;
    if ((size_t)is.n * is.h * is.w * is.c > MAXBUF) {
        return 1;
    }
    oracle_fill_s8(rng, g_in, (size_t)is.n * is.h * is.w * is.c);
    arm_guards(out_len, 0);
    if (average) {
        s_ref = mw_avg_pool2d_s8_ref(&p, &is, g_in, &os, g_ref);
        s_out = mw_avg_pool2d_s8(&p, &is, g_in, &os, g_out);
    } else {
        s_ref = mw_max_pool2d_s8_ref(&p, &is, g_in, &os, g_ref);
        s_out = mw_max_pool2d_s8(&p, &is, g_in, &os, g_out);
    }
    return s_ref == MW_OK && s_out == MW_OK && outputs_agree(out_len, 0);
}

static int diff_softmax_requantize(oracle_rng *rng)
{
    const int32_t rows = oracle_range(rng, 1, 5), depth = oracle_range(rng, 1, 300);
    const size_t len = (size_t)rows * depth;
    mw_softmax_params sp;
    mw_requantize_params rp;
    int ok;
    oracle_fill_s8(rng, g_in, len);
    if (mw_softmax_prepare(1.0, (double)oracle_range(rng, 1, 1000) / 2000.0, -128, &sp) != MW_OK) {
        return 0;
    }
    arm_guards(len, 0);
    ok = mw_softmax_s8_ref(&sp, rows, depth, g_in, g_ref) == MW_OK &&
         mw_softmax_s8(&sp, rows, depth, g_in, g_out) == MW_OK && outputs_agree(len, 0);
    rp.input_offset = -oracle_range(rng, -128, 127);
    rp.output_offset = oracle_range(rng, -128, 127);
    mw_quantize_multiplier((double)oracle_range(rng, 1, 3000) / 1000.0, &rp.multiplier, &rp.shift);
    arm_guards(len, 0);
    return ok && mw_requantize_s8_ref(&rp, (int32_t)len, g_in, g_ref) == MW_OK &&
           mw_requantize_s8(&rp, (int32_t)len, g_in, g_out) == MW_OK && outputs_agree(len, 0);
}

/* Invalid arguments are refused by the dispatched kernels too. */
static void test_errors_dispatched(void)
{
    const mw_shape4 is = {1, 4, 4, 2}, fs = {3, 3, 3, 5}, os = {1, 4, 4, 3};
    mw_conv_params p;
    mw_fc_params f;
    mw_pool_params pp;
    mw_softmax_params sp;
    memset(&p, 0, sizeof p);
    p.stride_h = p.stride_w = p.dilation_h = p.dilation_w = p.depth_multiplier = 1;
    p.act_min = -128;
    p.act_max = 127;
    p.multiplier = g_mult;
    p.shift = g_shift;
    MW_CHECK_STATUS(mw_conv2d_s8(&p, &is, g_in, &fs, g_filter, NULL, &os, g_out, g_scratch, MAXBUF), MW_ERR_SHAPE);
    MW_CHECK_STATUS(mw_depthwise_conv2d_s8(&p, &is, g_in, &fs, g_filter, NULL, &os, g_out, g_scratch, MAXBUF),
                    MW_ERR_SHAPE);
    memset(&f, 0, sizeof f);
    MW_CHECK_STATUS(mw_fully_connected_s8(&f, 1, -3, 1, g_in, g_filter, NULL, g_out, g_scratch, MAXBUF),
                    MW_ERR_SHAPE);
    memset(&pp, 0, sizeof pp);
    MW_CHECK_STATUS(mw_avg_pool2d_s8(&pp, &is, g_in, &os, g_out), MW_ERR_SHAPE);
    MW_CHECK_STATUS(mw_max_pool2d_s8(&pp, &is, g_in, &os, g_out), MW_ERR_SHAPE);
    memset(&sp, 0, sizeof sp);
    MW_CHECK_STATUS(mw_softmax_s8(&sp, 1, 0, g_in, g_out), MW_ERR_SHAPE);
    MW_CHECK_STATUS(mw_requantize_s8(NULL, 1, g_in, g_out), MW_ERR_ARGUMENT);
}

int main(void)
{
    oracle_rng rng = {0xD15Cu};
    int i, bad_conv = 0, bad_dw = 0, bad_fc = 0, bad_avg = 0, bad_max = 0, bad_sm = 0;
    for (i = 0; i < 400; i++) {
        bad_conv += !diff_conv(&rng, 0);
        bad_dw += !diff_conv(&rng, 1);
        bad_fc += !diff_fc(&rng);
        bad_avg += !diff_pool(&rng, 1);
        bad_max += !diff_pool(&rng, 0);
        bad_sm += !diff_softmax_requantize(&rng);
    }
    printf("mismatches: conv %d, depthwise %d, fc %d, avg %d, max %d, softmax/requantize %d\n", bad_conv, bad_dw,
           bad_fc, bad_avg, bad_max, bad_sm);
    MW_CHECK(bad_conv == 0);
    MW_CHECK(bad_dw == 0);
    MW_CHECK(bad_fc == 0);
    MW_CHECK(bad_avg == 0);
    MW_CHECK(bad_max == 0);
    MW_CHECK(bad_sm == 0);
    test_errors_dispatched();
    return mw_test_summary("test_kernels_dispatch");
}
