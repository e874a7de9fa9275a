/*
 * CONV_2D with Helium. Per call, the input offset times each filter's weight sum
 * is folded into an effective bias (scratch). Per output pixel the receptive field
 * is gathered once as int8 (the input zero point where the window leaves the
 * input; a 1x1 filter reads the input pixel in place), then four output channels
 * at a time are VMLADAV dot products against it (9 instructions per 64 MACs) and
 * are requantized as one vector.
 */
#include "mw_mve.h"
#include "mw_kernel_common.h"

static int64_t receptive_field(const mw_shape4 *filter)
{
    return (int64_t)filter->h * filter->w * filter->c;
}

size_t mw_conv2d_s8_scratch_size(const mw_shape4 *in, const mw_shape4 *filter, const mw_shape4 *out)
{
    int64_t k;
    (void)in;
    if (filter == NULL || out == NULL || mw_shape_elements(filter) == 0 || mw_shape_elements(out) == 0) {
        return 0;
    }
    k = receptive_field(filter);
    if (k > (1 << 20) || out->c > (1 << 20)) {
        return 0;
    }
    return (size_t)out->c * sizeof(int32_t) + (size_t)k;
}

/* out[r] = bias[r] + input_offset * sum of filter row r (bias may be NULL), wrapping
 * like the reference's sums. */
static void fold_offset(const int8_t *filter, size_t stride, int32_t n, int32_t rows, int32_t input_offset,
                        const int32_t *bias, int32_t *out)
{
    int32_t r;
    for (r = 0; r < rows; r++, filter += stride) {
        const int8_t *w = filter;
        int32_t left = n, sum = 0;
        while (left > 0) {
            const mve_pred16_t p = vctp8q((uint32_t)left);
            sum = vaddvaq_s8(sum, vldrbq_z_s8(w, p));
            w += 16;
            left -= 16;
        }
        out[r] = (int32_t)((uint32_t)(bias != NULL ? bias[r] : 0) + (uint32_t)input_offset * (uint32_t)sum);
    }
}

/* Short copies and fills with predicated vector moves (runs here are a filter row:
 * a few to a few hundred bytes, where a libc call would cost more than the copy). */
static inline void copy_run(int8_t *dst, const int8_t *src, int32_t len)
{
    for (; len > 0; len -= 16, src += 16, dst += 16) {
        const mve_pred16_t p = vctp8q((uint32_t)len);
        vstrbq_p_s8(dst, vldrbq_z_s8(src, p), p);
    }
}

static inline void fill_run(int8_t *dst, int8x16_t value, int32_t len)
{
    for (; len > 0; len -= 16, dst += 16) {
        vstrbq_p_s8(dst, value, vctp8q((uint32_t)len));
    }
}

/* Receptive field of output pixel (oy, ox) as int8, padding = input zero point. */
static const int8_t *gather(int8_t *col, const mw_conv_params *p, const mw_shape4 *in_shape,
                            const int8_t *in_b, int32_t kh, int32_t kw, int32_t oy, int32_t ox)
{
    const int32_t in_c = in_shape->c;
    const int32_t row_len = kw * in_c;
    const int32_t iy0 = oy * p->stride_h - p->pad_h;
    const int32_t ix0 = ox * p->stride_w - p->pad_w;
    const int8x16_t zp = vdupq_n_s8((int8_t)(-p->input_offset));
    int32_t fy, fx0, fx1;
    int8_t *dst = col;
    mw_window_taps(ix0, 1, kw, in_shape->w, &fx0, &fx1);
    if (kh == 1 && kw == 1 && iy0 >= 0 && iy0 < in_shape->h && fx0 < fx1) {
        return in_b + ((size_t)iy0 * (size_t)in_shape->w + (size_t)ix0) * (size_t)in_c;
    }
    for (fy = 0; fy < kh; fy++, dst += row_len) {
        const int32_t iy = iy0 + fy;
        if (iy < 0 || iy >= in_shape->h || fx0 >= fx1) {
            fill_run(dst, zp, row_len);
            continue;
        }
        fill_run(dst, zp, fx0 * in_c);
        copy_run(dst + fx0 * in_c, in_b + ((size_t)iy * (size_t)in_shape->w + (size_t)(ix0 + fx0)) * (size_t)in_c,
                 (fx1 - fx0) * in_c);
        fill_run(dst + fx1 * in_c, zp, (kw - fx1) * in_c);
    }
    return col;
}

mw_status mw_conv2d_s8(const mw_conv_params *p, const mw_shape4 *in_shape, const int8_t *in,
                       const mw_shape4 *filter_shape, const int8_t *filter, const int32_t *bias,
                       const mw_shape4 *out_shape, int8_t *out, void *scratch, size_t scratch_len)
{
    int32_t b, oy, ox, oc, n, out_c;
    size_t in_image;
    int32_t *bias_eff;
    int8_t *col;
    mw_status st = mw_check_conv2d(p, in_shape, in, filter_shape, filter, out_shape, out);
    if (st != MW_OK) {
        return st;
    }
    if (p->dilation_h != 1 || p->dilation_w != 1 || scratch == NULL || ((uintptr_t)scratch & 3u) != 0 ||
        mw_conv2d_s8_scratch_size(in_shape, filter_shape, out_shape) == 0 ||
        scratch_len < mw_conv2d_s8_scratch_size(in_shape, filter_shape, out_shape)) {
        return mw_conv2d_s8_ref(p, in_shape, in, filter_shape, filter, bias, out_shape, out);
    }
    n = (int32_t)receptive_field(filter_shape);
    out_c = out_shape->c;
    in_image = (size_t)in_shape->h * (size_t)in_shape->w * (size_t)in_shape->c;
    bias_eff = (int32_t *)scratch;
    col = (int8_t *)(bias_eff + out_c);
    fold_offset(filter, (size_t)n, n, out_c, p->input_offset, bias, bias_eff);

    /* Locals, so the compiler need not reload them after each store to out. */
    {
        const int32_t *mult = p->multiplier, *shift = p->shift;
        const int32_t out_off = p->output_offset, act_min = p->act_min, act_max = p->act_max;
        const int32_t full = out_c & ~3;
        for (b = 0; b < out_shape->n; b++) {
            const int8_t *in_b = in + (size_t)b * in_image;
            for (oy = 0; oy < out_shape->h; oy++) {
                for (ox = 0; ox < out_shape->w; ox++, out += out_c) {
                    const int8_t *x = gather(col, p, in_shape, in_b, filter_shape->h, filter_shape->w, oy, ox);
                    const int8_t *w = filter;
                    int32_t acc[4];
                    for (oc = 0; oc < full; oc += 4, w += 4 * (size_t)n) {
                        int32x4_t v;
                        mw_mve_dot_rows(x, w, (size_t)n, n, 4, acc);
                        v = vaddq_s32(mw_mve_vec4(acc), vldrwq_s32(bias_eff + oc));
                        v = mw_mve_requantize(v, vldrwq_s32(mult + oc), vldrwq_s32(shift + oc), out_off, act_min,
                                              act_max);
                        vstrbq_s32(out + oc, v);
                    }
                    if (oc < out_c) {
                        mw_mve_dot_rows(x, w, (size_t)n, n, out_c - oc, acc);
                        mw_mve_store4(p, bias_eff, oc, out_c - oc, acc, out);
                    }
                }
            }
        }
    }
    return MW_OK;
}
