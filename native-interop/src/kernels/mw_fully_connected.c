/*
 * FULLY_CONNECTED, int8, per-tensor requantization: TFLM's reference
 * FullyConnected. Each output is sum (input + input_offset) * (weight +
 * filter_offset) over in_depth, plus bias, requantized, offset and clamped.
 * int8 weights are symmetric (filter_offset 0), which gets its own specialised
 * dot product; asymmetric weights take the general one.
 */
#include "mw_kernel_common.h"
#include "mw_fixedpoint.h"

mw_status mw_fully_connected_s8_ref(const mw_fc_params *p, int32_t batches, int32_t in_depth,
                                    int32_t out_depth, const int8_t *in, const int8_t *weights,
                                    const int32_t *bias, int8_t *out)
{
    int32_t b, o;
    mw_status st;

    if ((st = mw_check_fully_connected(p, batches, in_depth, out_depth, in, weights, out)) != MW_OK) {
        return st;
    }
    for (b = 0; b < batches; b++) {
        const int8_t *x = in + (size_t)b * (size_t)in_depth;
        const int8_t *w = weights;
        for (o = 0; o < out_depth; o++, w += in_depth) {
            int32_t acc = p->filter_offset == 0
                              ? mw_dot_s8(x, p->input_offset, w, 0, in_depth)
                              : mw_dot_s8(x, p->input_offset, w, p->filter_offset, in_depth);
            if (bias != NULL) {
                acc = mw_add_wrap(acc, bias[o]);
            }
            *out++ = mw_requantize_acc(acc, p->multiplier, p->shift, p->output_offset, p->act_min,
                                       p->act_max);
        }
    }
    return MW_OK;
}
