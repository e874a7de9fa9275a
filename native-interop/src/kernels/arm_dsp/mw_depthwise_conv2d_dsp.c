/*
 * DEPTHWISE_CONV_2D with the Arm DSP extension.
 *
 * Depth multiplier 1: per tap, four channels per step. One word of input and one
 * of weights are widened (the input offset added by SXTAB16 itself) and multiplied
 * lane by lane with SMLABB/SMLATT into the channels' accumulators. Taps outside the
 * input are skipped, as in the reference.
 *
 * Depth multiplier > 1 (e.g. micro_speech: 1 input channel, 8 outputs, 10x8
 * filter): each input channel's receptive field is widened once into an int16
 * column (scratch: one column), then four output channels at a time take two taps
 * per SMLAD; their weights, adjacent in the filter, are widened with SXTB16 and
 * paired across the two taps with PKHBT/PKHTB (15 instructions per 8 MACs).
 */
#include "mw_arm_dsp.h"
#include "mw_kernel_common.h"

/* Taps per filter rounded up to even (SMLAD pairs). */
static int32_t taps_even(const mw_shape4 *filter)
{
    return (filter->h * filter->w + 1) & ~1;
}

size_t mw_depthwise_conv2d_s8_scratch_size(const mw_shape4 *in, const mw_shape4 *filter,
                                           const mw_shape4 *out)
{
    if (filter == NULL || out == NULL || in == NULL || mw_shape_elements(filter) == 0 ||
        mw_shape_elements(out) == 0 || in->c < 1 || out->c == in->c) {
        return 0; /* multiplier 1 (or invalid shapes): no scratch */
    }
    return (size_t)taps_even(filter) * sizeof(int16_t);
}

/* Channels per accumulator block (256 bytes of stack). */
#define MW_DW_DSP_BLOCK 64

/* acc[0 .. 4 * groups) += (x + offset) * w, four channels per step: 16 instructions
 * per 4 MACs. Hand-scheduled because GCC 12 does not pair the accumulator loads
 * and stores (21 instructions). */
static inline void accumulate_tap(int32_t *acc, const int8_t *x, const int8_t *w, int32_t groups, int16x2_t off2)
{
    uint32_t xv, wv, x02, w02;
    int32_t a0, a1, a2, a3;
    __asm__ volatile(
        "1:\n"
        "ldr %[xv], [%[x]], #4\n"
        "ldr %[wv], [%[w]], #4\n"
        "ldrd %[a0], %[a1], [%[acc]]\n"
        "ldrd %[a2], %[a3], [%[acc], #8]\n"
        "sxtab16 %[x02], %[off2], %[xv]\n"
        "sxtb16 %[w02], %[wv]\n"
        "smlabb %[a0], %[x02], %[w02], %[a0]\n"
        "smlatt %[a2], %[x02], %[w02], %[a2]\n"
        "sxtab16 %[xv], %[off2], %[xv], ror #8\n"
        "sxtb16 %[wv], %[wv], ror #8\n"
        "smlabb %[a1], %[xv], %[wv], %[a1]\n"
        "smlatt %[a3], %[xv], %[wv], %[a3]\n"
        "strd %[a2], %[a3], [%[acc], #8]\n"
        "strd %[a0], %[a1], [%[acc]], #16\n"
        "subs %[g], %[g], #1\n"
        "bne 1b\n"
        : [x] "+r"(x), [w] "+r"(w), [acc] "+r"(acc), [g] "+r"(groups), [xv] "=&r"(xv), [wv] "=&r"(wv),
          [x02] "=&r"(x02), [w02] "=&r"(w02), [a0] "=&r"(a0), [a1] "=&r"(a1), [a2] "=&r"(a2), [a3] "=&r"(a3)
        : [off2] "r"(off2)
        : "cc", "memory");
}

/* One output pixel, multiplier 1: taps outer, channels inner, so the window walk is
 * paid once per block of 64 channels rather than once per four; the accumulators
 * live in a stack block. Only in-bounds taps [fy0,fy1) x [fx0,fx1) are read. */
static void pixel_m1(const mw_conv_params *p, const mw_dsp_requant *q, const int8_t *in_b, const int8_t *filter,
                     const mw_shape4 *in_shape, int32_t kw, int32_t iy0, int32_t ix0, int32_t fy0, int32_t fy1,
                     int32_t fx0, int32_t fx1, int8_t *out)
{
    const int32_t ch = in_shape->c;
    const size_t row = (size_t)in_shape->w * (size_t)ch;
    const int32_t offset = p->input_offset;
    const int16x2_t off2 = mw_dsp_pair(offset);
    int32_t acc[MW_DW_DSP_BLOCK];
    int32_t c0, i, fy, fx;
    for (c0 = 0; c0 < ch; c0 += MW_DW_DSP_BLOCK) {
        const int32_t nb = ch - c0 < MW_DW_DSP_BLOCK ? ch - c0 : MW_DW_DSP_BLOCK;
        const int32_t n4 = nb & ~3;
        memset(acc, 0, (size_t)nb * sizeof acc[0]);
        for (fy = fy0; fy < fy1; fy++) {
            const int8_t *x = in_b + (size_t)(iy0 + fy) * row + (size_t)(ix0 + fx0) * (size_t)ch + (size_t)c0;
            const int8_t *w = filter + ((size_t)fy * (size_t)kw + (size_t)fx0) * (size_t)ch + (size_t)c0;
            for (fx = fx0; fx < fx1; fx++, x += ch, w += ch) {
                if (n4 > 0) {
                    accumulate_tap(acc, x, w, n4 >> 2, off2);
                }
                for (i = n4; i < nb; i++) {
                    acc[i] = (int32_t)((uint32_t)acc[i] + (uint32_t)((x[i] + offset) * w[i]));
                }
            }
        }
        for (i = 0; i < nb; i++) {
            out[c0 + i] = mw_dsp_finish(q, c0 + i, acc[i]);
        }
    }
}

/* Lanes (lo of a, lo of b) and (hi of a, hi of b): PKHBT / PKHTB (GCC 12 builds
 * these from shifts and ORs, three instructions each). */
static inline int16x2_t pack_lo(int16x2_t a, int16x2_t b)
{
    int16x2_t r;
    __asm__("pkhbt %0, %1, %2, lsl #16" : "=r"(r) : "r"(a), "r"(b));
    return r;
}

static inline int16x2_t pack_hi(int16x2_t a, int16x2_t b)
{
    int16x2_t r;
    __asm__("pkhtb %0, %2, %1, asr #16" : "=r"(r) : "r"(a), "r"(b));
    return r;
}

/* col[i] = x[i * stride] + offset for n taps; a contiguous run (one input channel)
 * goes four at a time: SXTAB16 widens and offsets bytes (0, 2) and (1, 3), PKHBT /
 * PKHTB put them back in order. */
static void widen_run(int16_t *col, const int8_t *x, int32_t n, int32_t stride, int32_t offset)
{
    int32_t i = 0;
    if (stride == 1) {
        const int16x2_t off2 = mw_dsp_pair(offset);
        for (; i + 4 <= n; i += 4) {
            const uint32_t v = mw_dsp_load32(x + i);
            const int16x2_t even = __sxtab16(off2, (int8x4_t)v), odd = mw_dsp_sxtab16_ror8(off2, v);
            const int16x2_t p01 = pack_lo(even, odd), p23 = pack_hi(even, odd);
            memcpy(col + i, &p01, sizeof p01);
            memcpy(col + i + 2, &p23, sizeof p23);
        }
    }
    for (; i < n; i++) {
        col[i] = (int16_t)(x[(size_t)i * (size_t)stride] + offset);
    }
}

/* Output channels oc..oc+3 (adjacent filter columns) against a column of `taps`
 * values (padded with one zero when odd). */
static void dot_4ch(const int8_t *filter, int32_t out_c, int32_t oc, const int16_t *col, int32_t taps,
                    int32_t acc[4])
{
    int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, t;
    const int8_t *w = filter + (size_t)oc;
    const size_t step = (size_t)out_c;
    for (t = 0; t + 2 <= taps; t += 2, w += 2 * step) {
        const uint32_t w0 = mw_dsp_load32(w), w1 = mw_dsp_load32(w + step);
        const int16x2_t e0 = __sxtb16((int8x4_t)w0), o0 = mw_dsp_sxtb16_ror8(w0);
        const int16x2_t e1 = __sxtb16((int8x4_t)w1), o1 = mw_dsp_sxtb16_ror8(w1);
        const int16x2_t c = (int16x2_t)mw_dsp_load32(col + t);
        a0 = __smlad(pack_lo(e0, e1), c, a0);
        a2 = __smlad(pack_hi(e0, e1), c, a2);
        a1 = __smlad(pack_lo(o0, o1), c, a1);
        a3 = __smlad(pack_hi(o0, o1), c, a3);
    }
    if (t < taps) {
        /* Odd tap count: the last tap alone (its column partner is the zero pad). */
        const uint32_t w0 = mw_dsp_load32(w);
        const int32_t x = col[t];
        a0 = (int32_t)((uint32_t)a0 + (uint32_t)(x * (int8_t)w0));
        a1 = (int32_t)((uint32_t)a1 + (uint32_t)(x * (int8_t)(w0 >> 8)));
        a2 = (int32_t)((uint32_t)a2 + (uint32_t)(x * (int8_t)(w0 >> 16)));
        a3 = (int32_t)((uint32_t)a3 + (uint32_t)(x * (int8_t)(w0 >> 24)));
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
}

mw_status mw_depthwise_conv2d_s8(const mw_conv_params *p, const mw_shape4 *in_shape, const int8_t *in,
                                 const mw_shape4 *filter_shape, const int8_t *filter, const int32_t *bias,
                                 const mw_shape4 *out_shape, int8_t *out, void *scratch, size_t scratch_len)
{
    int32_t b, oy, ox, kh, kw, taps, out_c, mult;
    size_t in_image, need;
    int16_t *col = (int16_t *)scratch;
    mw_dsp_requant q_local;
    const mw_dsp_requant *q = &q_local;
    mw_status st = mw_check_depthwise_conv2d(p, in_shape, in, filter_shape, filter, out_shape, out);
    if (st != MW_OK) {
        return st;
    }
    mult = p->depth_multiplier;
    need = mw_depthwise_conv2d_s8_scratch_size(in_shape, filter_shape, out_shape);
    if (p->dilation_h != 1 || p->dilation_w != 1 ||
        (mult > 1 && (scratch == NULL || scratch_len < need || ((uintptr_t)scratch & 3u) != 0))) {
        return mw_depthwise_conv2d_s8_ref(p, in_shape, in, filter_shape, filter, bias, out_shape, out);
    }
    q_local.multiplier = p->multiplier;
    q_local.shift = p->shift;
    q_local.bias = bias;
    q_local.output_offset = p->output_offset;
    q_local.act_min = p->act_min;
    q_local.act_max = p->act_max;
    kh = filter_shape->h;
    kw = filter_shape->w;
    out_c = out_shape->c;
    taps = kh * kw;
    in_image = (size_t)in_shape->h * (size_t)in_shape->w * (size_t)in_shape->c;
    if (mult > 1) {
        memset(col, 0, need);
    }

    for (b = 0; b < out_shape->n; b++) {
        const int8_t *in_b = in + (size_t)b * in_image;
        for (oy = 0; oy < out_shape->h; oy++) {
            const int32_t iy0 = oy * p->stride_h - p->pad_h;
            int32_t fy0, fy1;
            mw_window_taps(iy0, 1, kh, in_shape->h, &fy0, &fy1);
            for (ox = 0; ox < out_shape->w; ox++, out += out_c) {
                const int32_t ix0 = ox * p->stride_w - p->pad_w;
                int32_t fx0, fx1, ic, fy, m;
                mw_window_taps(ix0, 1, kw, in_shape->w, &fx0, &fx1);
                if (mult == 1) {
                    pixel_m1(p, q, in_b, filter, in_shape, kw, iy0, ix0, fy0, fy1, fx0, fx1, out);
                    continue;
                }
                for (ic = 0; ic < in_shape->c; ic++) {
                    /* Receptive field of channel ic: x + offset, zero outside the input
                     * (the pad after an odd tap count stays zero from the start). */
                    if (fy1 - fy0 != kh || fx1 - fx0 != kw) {
                        memset(col, 0, (size_t)taps * sizeof *col);
                    }
                    for (fy = fy0; fy < fy1; fy++) {
                        const int8_t *x = in_b + ((size_t)(iy0 + fy) * (size_t)in_shape->w +
                                                  (size_t)(ix0 + fx0)) * (size_t)in_shape->c + (size_t)ic;
                        widen_run(col + fy * kw + fx0, x, fx1 - fx0, in_shape->c, p->input_offset);
                    }
                    for (m = 0; m + 4 <= mult; m += 4) {
                        const int32_t oc = ic * mult + m;
                        int32_t acc[4];
                        dot_4ch(filter, out_c, oc, col, taps, acc);
                        const uint32_t r = (uint32_t)(uint8_t)mw_dsp_finish(q, oc, acc[0]) |
                                           (uint32_t)(uint8_t)mw_dsp_finish(q, oc + 1, acc[1]) << 8 |
                                           (uint32_t)(uint8_t)mw_dsp_finish(q, oc + 2, acc[2]) << 16 |
                                           (uint32_t)(uint8_t)mw_dsp_finish(q, oc + 3, acc[3]) << 24;
                        memcpy(out + oc, &r, sizeof r);
                    }
                    for (; m < mult; m++) {
                        const int32_t oc = ic * mult + m;
                        uint32_t acc = 0;
                        int32_t t;
                        for (t = 0; t < taps; t++) {
                            acc += (uint32_t)(col[t] * filter[(size_t)t * (size_t)out_c + (size_t)oc]);
                        }
                        out[oc] = mw_dsp_finish(q, oc, (int32_t)acc);
                    }
                }
            }
        }
    }
    return MW_OK;
}
