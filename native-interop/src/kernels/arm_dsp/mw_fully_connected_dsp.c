/*
 * FULLY_CONNECTED with the Arm DSP extension, without scratch memory: each word of
 * four inputs is widened with the input offset added in the same instruction
 * (SXTAB16), then multiplied against two weight rows with SMLAD (13 instructions
 * per 8 MACs). Asymmetric weights (filter_offset != 0, not produced for int8
 * models) take the reference path.
 */
#include "mw_arm_dsp.h"
#include "mw_kernel_common.h"
#include "mw_fixedpoint.h"

static int8_t finish(const mw_fc_params *p, const int32_t *bias, int32_t o, int32_t acc)
{
    if (bias != NULL) {
        acc = mw_add_wrap(acc, bias[o]);
    }
    return mw_requantize_acc(acc, p->multiplier, p->shift, p->output_offset, p->act_min, p->act_max);
}

/* acc_r = sum (x + offset) * w_r over n inputs, for two rows. */
static void dot_rows2(const int8_t *x, const int8_t *w0, const int8_t *w1, int32_t n, int32_t offset,
                      int32_t *acc0, int32_t *acc1)
{
    const int16x2_t off2 = mw_dsp_pair(offset);
    int32_t a0 = 0, a1 = 0, k;
    for (k = 0; k + 4 <= n; k += 4) {
        const uint32_t xv = mw_dsp_load32(x + k);
        const uint32_t wa = mw_dsp_load32(w0 + k), wb = mw_dsp_load32(w1 + k);
        const int16x2_t x02 = __sxtab16(off2, (int8x4_t)xv), x13 = mw_dsp_sxtab16_ror8(off2, xv);
        a0 = __smlad(__sxtb16((int8x4_t)wa), x02, a0);
        a0 = __smlad(mw_dsp_sxtb16_ror8(wa), x13, a0);
        a1 = __smlad(__sxtb16((int8x4_t)wb), x02, a1);
        a1 = __smlad(mw_dsp_sxtb16_ror8(wb), x13, a1);
    }
    for (; k < n; k++) {
        const int32_t xo = x[k] + offset;
        a0 = (int32_t)((uint32_t)a0 + (uint32_t)(w0[k] * xo));
        a1 = (int32_t)((uint32_t)a1 + (uint32_t)(w1[k] * xo));
    }
    *acc0 = a0;
    *acc1 = a1;
}

mw_status mw_fully_connected_s8(const mw_fc_params *p, int32_t batches, int32_t in_depth, int32_t out_depth,
                                const int8_t *in, const int8_t *weights, const int32_t *bias, int8_t *out,
                                void *scratch, size_t scratch_len)
{
    int32_t b, o;
    mw_status st = mw_check_fully_connected(p, batches, in_depth, out_depth, in, weights, out);
    (void)scratch; /* no FULLY_CONNECTED scratch: see mw_backend_shared.c */
    (void)scratch_len;
    if (st != MW_OK) {
        return st;
    }
    if (p->filter_offset != 0) {
        return mw_fully_connected_s8_ref(p, batches, in_depth, out_depth, in, weights, bias, out);
    }
    for (b = 0; b < batches; b++) {
        const int8_t *x = in + (size_t)b * (size_t)in_depth;
        for (o = 0; o < out_depth; o += 2) {
            const int8_t *w0 = weights + (size_t)o * (size_t)in_depth;
            const int32_t two = o + 1 < out_depth;
            int32_t a0 = 0, a1 = 0;
            /* Odd row count: the last row is paired with itself. */
            dot_rows2(x, w0, two ? w0 + in_depth : w0, in_depth, p->input_offset, &a0, &a1);
            *out++ = finish(p, bias, o, a0);
            if (two) {
                *out++ = finish(p, bias, o + 1, a1);
            }
        }
    }
    return MW_OK;
}
