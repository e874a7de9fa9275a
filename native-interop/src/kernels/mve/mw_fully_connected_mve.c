/*
 * FULLY_CONNECTED with Helium: four weight rows at a time against the int8 input
 * with VMLADAV; the same loop sums each row's weights (VADDVA) so that the input
 * offset is applied once per output (sum (x + off) * w = sum x * w + off * sum w).
 * No scratch. Asymmetric weights (filter_offset != 0) take the reference path.
 */
#include "mw_mve.h"
#include "mw_kernel_common.h"

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
    for (b = 0; b < batches; b++, out += out_depth) {
        const int8_t *x0 = in + (size_t)b * (size_t)in_depth;
        for (o = 0; o < out_depth; o += 4) {
            const int32_t rows = out_depth - o < 4 ? out_depth - o : 4;
            const size_t stride = (size_t)in_depth;
            const int8_t *w0 = weights + (size_t)o * stride;
            const int8_t *w1 = rows > 1 ? w0 + stride : w0, *w2 = rows > 2 ? w0 + 2 * stride : w0,
                         *w3 = rows > 3 ? w0 + 3 * stride : w0;
            const int8_t *x = x0;
            const mve_pred16_t pr = vctp32q((uint32_t)rows);
            int32_t a[4] = {0, 0, 0, 0}, s[4] = {0, 0, 0, 0};
            int32_t n = in_depth;
            int32x4_t acc;
            while (n > 0) {
                const mve_pred16_t pn = vctp8q((uint32_t)n);
                const int8x16_t xv = vldrbq_z_s8(x, pn);
                const int8x16_t v0 = vldrbq_z_s8(w0, pn), v1 = vldrbq_z_s8(w1, pn);
                const int8x16_t v2 = vldrbq_z_s8(w2, pn), v3 = vldrbq_z_s8(w3, pn);
                a[0] = vmladavaq_s8(a[0], xv, v0);
                s[0] = vaddvaq_s8(s[0], v0);
                a[1] = vmladavaq_s8(a[1], xv, v1);
                s[1] = vaddvaq_s8(s[1], v1);
                a[2] = vmladavaq_s8(a[2], xv, v2);
                s[2] = vaddvaq_s8(s[2], v2);
                a[3] = vmladavaq_s8(a[3], xv, v3);
                s[3] = vaddvaq_s8(s[3], v3);
                x += 16;
                w0 += 16;
                w1 += 16;
                w2 += 16;
                w3 += 16;
                n -= 16;
            }
            acc = vaddq_s32(mw_mve_vec4(a), vmulq_n_s32(mw_mve_vec4(s), p->input_offset));
            if (bias != NULL) {
                acc = vaddq_s32(acc, vldrwq_z_s32(bias + o, pr));
            }
            acc = mw_mve_requantize(acc, vdupq_n_s32(p->multiplier), vdupq_n_s32(p->shift), p->output_offset,
                                    p->act_min, p->act_max);
            vstrbq_p_s32(out + o, acc, pr);
        }
    }
    return MW_OK;
}
