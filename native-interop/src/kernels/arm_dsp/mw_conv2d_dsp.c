/*
 * CONV_2D with the Arm DSP extension. Output pixels are taken two at a time: their
 * receptive fields are widened once into one int16 "pair column" (input +
 * input_offset; zeros where the window leaves the input, which is exactly the
 * reference's "padding contributes nothing"), then two output channels at a time
 * are computed against both pixels with SMLAD: per four taps one load per filter
 * row, two SXTB16 each, two LDRD of the column and eight SMLAD, that is 16 MACs in
 * 18 instructions. Dilation other than 1 takes the reference path.
 *
 * Pair-column layout, per group of four taps k..k+3: pixel A's values in the order
 * k, k+2, k+1, k+3 (matching SXTB16 / SXTB16 ROR #8 of the weight word), then
 * pixel B's in the same order: eight int16, so one pointer walks both pixels.
 */
#include "mw_arm_dsp.h"
#include "mw_kernel_common.h"

/* Receptive field rounded up to whole groups of four. */
static int32_t group_len(const mw_shape4 *filter)
{
    const int64_t k = (int64_t)filter->h * filter->w * filter->c;
    return k > (1 << 20) ? -1 : (int32_t)((k + 3) & ~(int64_t)3);
}

size_t mw_conv2d_s8_scratch_size(const mw_shape4 *in, const mw_shape4 *filter, const mw_shape4 *out)
{
    int32_t len;
    (void)in;
    (void)out;
    if (filter == NULL || mw_shape_elements(filter) == 0 || (len = group_len(filter)) < 0) {
        return 0;
    }
    return 2u * (size_t)len * sizeof(int16_t);
}

/* int16 index of tap k of pixel `lane` (0 or 1) in the pair column. */
static inline int32_t col_pos(int32_t k, int32_t lane)
{
    const int32_t r = k & 3;
    return (k - r) * 2 + lane * 4 + (r ^ (((r >> 1) ^ r) & 1) * 3);
}

/* Taps k..k+n-1 of one pixel: x[i] + offset, or zero when x is NULL. */
static void put_run(int16_t *col, int32_t lane, int32_t k, const int8_t *x, int32_t n, int32_t offset)
{
    const int16x2_t off2 = mw_dsp_pair(offset);
    int32_t i = 0;
    for (; i < n && ((k + i) & 3) != 0; i++) {
        col[col_pos(k + i, lane)] = (int16_t)(x != NULL ? x[i] + offset : 0);
    }
    for (; i + 4 <= n; i += 4) {
        int16_t *dst = col + col_pos(k + i, lane);
        int16x2_t even = 0, odd = 0;
        if (x != NULL) {
            const uint32_t v = mw_dsp_load32(x + i);
            even = __sxtab16(off2, (int8x4_t)v);
            odd = mw_dsp_sxtab16_ror8(off2, v);
        }
        memcpy(dst, &even, sizeof even);
        memcpy(dst + 2, &odd, sizeof odd);
    }
    for (; i < n; i++) {
        col[col_pos(k + i, lane)] = (int16_t)(x != NULL ? x[i] + offset : 0);
    }
}

/* Receptive field of output pixel (oy, ox) of image `in_b` into lane `lane`. */
static void fill_lane(int16_t *col, int32_t lane, const mw_conv_params *p, const mw_shape4 *in_shape,
                      const int8_t *in_b, int32_t kh, int32_t kw, int32_t oy, int32_t ox)
{
    const int32_t in_c = in_shape->c;
    const int32_t row_len = kw * in_c;
    const int32_t iy0 = oy * p->stride_h - p->pad_h;
    const int32_t ix0 = ox * p->stride_w - p->pad_w;
    int32_t fy, fx0, fx1, k = 0;
    mw_window_taps(ix0, 1, kw, in_shape->w, &fx0, &fx1);
    for (fy = 0; fy < kh; fy++, k += row_len) {
        const int32_t iy = iy0 + fy;
        if (iy < 0 || iy >= in_shape->h || fx0 >= fx1) {
            put_run(col, lane, k, NULL, row_len, 0);
            continue;
        }
        put_run(col, lane, k, NULL, fx0 * in_c, 0);
        put_run(col, lane, k + fx0 * in_c,
                in_b + ((size_t)iy * (size_t)in_shape->w + (size_t)(ix0 + fx0)) * (size_t)in_c, (fx1 - fx0) * in_c,
                p->input_offset);
        put_run(col, lane, k + fx1 * in_c, NULL, (kw - fx1) * in_c, 0);
    }
}

/* Filter rows w and w + stride against both pixels of the pair column over n taps:
 * acc = {row 0 x A, row 0 x B, row 1 x A, row 1 x B}. The whole groups run in a
 * hand-scheduled loop (18 instructions per 16 MACs; GCC 12 spills one of the 14
 * registers it needs), the last partial group in C. */
static inline __attribute__((always_inline)) void dot_2x2(const int8_t *w, size_t stride, const int16_t *col,
                                                        int32_t n, int32_t acc[4])
{
    int32_t a00 = 0, a01 = 0, a10 = 0, a11 = 0, k;
    const int16_t *c = col;
    int32_t groups = n >> 2;
    if (groups > 0) {
        /* Row 1 is read at w + stride after w has already moved on by 4. */
        const int32_t row1 = (int32_t)stride - 4;
        uint32_t x, t, c0, c1, c2, c3;
        __asm__ volatile(
            "1:\n"
            /* (LDM would load in register-number order: use two LDRD.) */
            "ldrd %[c0], %[c1], [%[c]], #8\n"
            "ldrd %[c2], %[c3], [%[c]], #8\n"
            "ldr %[x], [%[w]], #4\n"
            "sxtb16 %[t], %[x]\n"
            "smlad %[a00], %[t], %[c0], %[a00]\n"
            "smlad %[a01], %[t], %[c2], %[a01]\n"
            "sxtb16 %[x], %[x], ror #8\n"
            "smlad %[a00], %[x], %[c1], %[a00]\n"
            "smlad %[a01], %[x], %[c3], %[a01]\n"
            "ldr %[x], [%[w], %[row1]]\n"
            "sxtb16 %[t], %[x]\n"
            "smlad %[a10], %[t], %[c0], %[a10]\n"
            "smlad %[a11], %[t], %[c2], %[a11]\n"
            "sxtb16 %[x], %[x], ror #8\n"
            "smlad %[a10], %[x], %[c1], %[a10]\n"
            "smlad %[a11], %[x], %[c3], %[a11]\n"
            "subs %[g], %[g], #1\n"
            "bne 1b\n"
            : [a00] "+r"(a00), [a01] "+r"(a01), [a10] "+r"(a10), [a11] "+r"(a11), [w] "+r"(w), [c] "+r"(c),
              [g] "+r"(groups), [x] "=&r"(x), [t] "=&r"(t), [c0] "=&r"(c0), [c1] "=&r"(c1), [c2] "=&r"(c2),
              [c3] "=&r"(c3)
            : [row1] "r"(row1)
            : "cc", "memory");
    }
    for (k = n & ~3; k < n; k++, w++) {
        const int32_t xa = col[col_pos(k, 0)], xb = col[col_pos(k, 1)];
        a00 = (int32_t)((uint32_t)a00 + (uint32_t)(w[0] * xa));
        a01 = (int32_t)((uint32_t)a01 + (uint32_t)(w[0] * xb));
        a10 = (int32_t)((uint32_t)a10 + (uint32_t)(w[stride] * xa));
        a11 = (int32_t)((uint32_t)a11 + (uint32_t)(w[stride] * xb));
    }
    acc[0] = a00;
    acc[1] = a01;
    acc[2] = a10;
    acc[3] = a11;
}

mw_status mw_conv2d_s8(const mw_conv_params *p, const mw_shape4 *in_shape, const int8_t *in,
                       const mw_shape4 *filter_shape, const int8_t *filter, const int32_t *bias,
                       const mw_shape4 *out_shape, int8_t *out, void *scratch, size_t scratch_len)
{
    int32_t pixels, plane, q, oc, out_c, kh, kw, n, len;
    size_t in_image;
    int16_t *col;
    mw_dsp_requant rq;
    mw_status st = mw_check_conv2d(p, in_shape, in, filter_shape, filter, out_shape, out);
    if (st != MW_OK) {
        return st;
    }
    len = group_len(filter_shape);
    if (p->dilation_h != 1 || p->dilation_w != 1 || len < 0 || scratch == NULL || ((uintptr_t)scratch & 3u) != 0 ||
        scratch_len < mw_conv2d_s8_scratch_size(in_shape, filter_shape, out_shape)) {
        return mw_conv2d_s8_ref(p, in_shape, in, filter_shape, filter, bias, out_shape, out);
    }
    rq.multiplier = p->multiplier;
    rq.shift = p->shift;
    rq.bias = bias;
    rq.output_offset = p->output_offset;
    rq.act_min = p->act_min;
    rq.act_max = p->act_max;
    kh = filter_shape->h;
    kw = filter_shape->w;
    n = kh * kw * in_shape->c;
    out_c = out_shape->c;
    in_image = (size_t)in_shape->h * (size_t)in_shape->w * (size_t)in_shape->c;
    col = (int16_t *)scratch;
    /* The padding taps of the last group stay zero. */
    memset(col, 0, 2u * (size_t)len * sizeof *col);

    plane = out_shape->h * out_shape->w;
    pixels = out_shape->n * plane;
    for (q = 0; q < pixels; q += 2) {
        /* With an odd pixel count the last pixel fills both lanes. */
        const int32_t qb = q + 1 < pixels ? q + 1 : q;
        int8_t *out_a = out + (size_t)q * (size_t)out_c;
        int8_t *out_b = out + (size_t)qb * (size_t)out_c;
        fill_lane(col, 0, p, in_shape, in + (size_t)(q / plane) * in_image, kh, kw, (q % plane) / out_shape->w,
                  (q % plane) % out_shape->w);
        fill_lane(col, 1, p, in_shape, in + (size_t)(qb / plane) * in_image, kh, kw, (qb % plane) / out_shape->w,
                  (qb % plane) % out_shape->w);
        for (oc = 0; oc < out_c; oc += 2) {
            /* With an odd channel count the last row is paired with itself. */
            const size_t stride = oc + 1 < out_c ? (size_t)n : 0u;
            int32_t acc[4];
            int8_t r0, r1;
            dot_2x2(filter + (size_t)oc * (size_t)n, stride, col, n, acc);
            /* All results before any store: an int8 store may alias the parameters. */
            r0 = mw_dsp_finish(&rq, oc, acc[0]);
            r1 = mw_dsp_finish(&rq, oc, acc[1]);
            if (stride != 0) {
                const int8_t r2 = mw_dsp_finish(&rq, oc + 1, acc[2]);
                const int8_t r3 = mw_dsp_finish(&rq, oc + 1, acc[3]);
                out_a[oc + 1] = r2;
                out_b[oc + 1] = r3;
            }
            out_a[oc] = r0;
            out_b[oc] = r1;
        }
    }
    return MW_OK;
}
