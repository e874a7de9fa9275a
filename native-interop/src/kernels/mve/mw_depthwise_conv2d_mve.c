/*
 * DEPTHWISE_CONV_2D with Helium.
 *
 * Depth multiplier 1: four channels per vector (int8 widened to int32 lanes on
 * load), one multiply and one add per tap, sixteen channels per walk of the window. Pixels whose window lies inside the
 * input use an effective bias with the input offset folded in (scratch); border
 * pixels add the offset to each in-bounds tap, as the reference does.
 *
 * Depth multiplier > 1 (micro_speech: 1 input channel, 8 outputs, 10x8 taps): each
 * input channel's receptive field is widened once into an int16 column (input +
 * offset, zero in the padding; the only scratch), and four output channels at a
 * time are VMLADAV dot products over eight taps per instruction, their weights
 * (out_c apart in the filter) fetched with a gather load, so no transposed copy of
 * the filter has to live in the arena.
 */
#include "mw_mve.h"
#include "mw_kernel_common.h"

/* Taps rounded up to whole 8-lane vectors. */
static int32_t taps8(const mw_shape4 *filter)
{
    return (filter->h * filter->w + 7) & ~7;
}

size_t mw_depthwise_conv2d_s8_scratch_size(const mw_shape4 *in, const mw_shape4 *filter,
                                           const mw_shape4 *out)
{
    if (in == NULL || filter == NULL || out == NULL || mw_shape_elements(filter) == 0 ||
        mw_shape_elements(out) == 0 || in->c < 1) {
        return 0;
    }
    if (out->c == in->c) {
        return (size_t)out->c * sizeof(int32_t); /* effective bias */
    }
    /* Gather offsets are 16-bit: 7 * out_c must fit. */
    return out->c > 9362 ? 0 : (size_t)taps8(filter) * sizeof(int16_t);
}

/* Sum over a window of taps of x * w for four channels: rows fy0..fy1, columns
 * fx0..fx1 of the filter; x and w point at tap (fy0, fx0). `offset` is added to
 * each input first (border pixels) or is 0 (interior pixels: folded into the bias).
 * Loads are predicated only for the last, partial block of channels. */
static inline int32x4_t window_sum(int32x4_t acc, const int8_t *x, const int8_t *w, int32_t rows, int32_t cols,
                                   size_t x_row, size_t w_row, int32_t ch, int32_t offset, mve_pred16_t pr,
                                   int full)
{
    int32_t fy, fx;
    for (fy = 0; fy < rows; fy++, x += x_row, w += w_row) {
        const int8_t *xp = x, *wp = w;
        for (fx = 0; fx < cols; fx++, xp += ch, wp += ch) {
            const int32x4_t xv = full ? vldrbq_s32(xp) : vldrbq_z_s32(xp, pr);
            const int32x4_t wv = full ? vldrbq_s32(wp) : vldrbq_z_s32(wp, pr);
            acc = vaddq_s32(acc, vmulq_s32(offset != 0 ? vaddq_n_s32(xv, offset) : xv, wv));
        }
    }
    return acc;
}

/* The same for sixteen channels: four accumulators share the window walk. */
typedef struct acc16 {
    int32x4_t a0, a1, a2, a3;
} acc16;

static inline acc16 window_sum16(acc16 acc, const int8_t *x, const int8_t *w, int32_t rows, int32_t cols,
                                 size_t x_row, size_t w_row, int32_t ch, int32_t offset)
{
    int32_t fy, fx;
    for (fy = 0; fy < rows; fy++, x += x_row, w += w_row) {
        const int8_t *xp = x, *wp = w;
        for (fx = 0; fx < cols; fx++, xp += ch, wp += ch) {
            acc.a0 = vaddq_s32(acc.a0, vmulq_s32(vaddq_n_s32(vldrbq_s32(xp), offset), vldrbq_s32(wp)));
            acc.a1 = vaddq_s32(acc.a1, vmulq_s32(vaddq_n_s32(vldrbq_s32(xp + 4), offset), vldrbq_s32(wp + 4)));
            acc.a2 = vaddq_s32(acc.a2, vmulq_s32(vaddq_n_s32(vldrbq_s32(xp + 8), offset), vldrbq_s32(wp + 8)));
            acc.a3 = vaddq_s32(acc.a3, vmulq_s32(vaddq_n_s32(vldrbq_s32(xp + 12), offset), vldrbq_s32(wp + 12)));
        }
    }
    return acc;
}

static void depthwise_m1(const mw_conv_params *p, const mw_shape4 *in_shape, const int8_t *in,
                         const mw_shape4 *filter_shape, const int8_t *filter, const int32_t *bias,
                         const mw_shape4 *out_shape, int8_t *out, int32_t *bias_eff)
{
    const int32_t ch = in_shape->c, kh = filter_shape->h, kw = filter_shape->w;
    const size_t row = (size_t)in_shape->w * (size_t)ch;
    const size_t image = row * (size_t)in_shape->h;
    const size_t w_row = (size_t)kw * (size_t)ch;
    /* Locals, so the compiler need not reload them after each store to out. */
    const int32_t *mult = p->multiplier, *shift = p->shift;
    const int32_t out_off = p->output_offset, act_min = p->act_min, act_max = p->act_max;
    int32_t b, oy, ox, c, t;

    for (c = 0; c < ch; c += 4) {
        /* bias + offset * (sum of the channel's taps) */
        const mve_pred16_t pr = vctp32q((uint32_t)(ch - c));
        int32x4_t sum = vdupq_n_s32(0);
        for (t = 0; t < kh * kw; t++) {
            sum = vaddq_s32(sum, vldrbq_z_s32(filter + (size_t)t * (size_t)ch + (size_t)c, pr));
        }
        sum = vmulq_n_s32(sum, p->input_offset);
        if (bias != NULL) {
            sum = vaddq_s32(sum, vldrwq_z_s32(bias + c, pr));
        }
        vstrwq_p_s32(bias_eff + c, sum, pr);
    }

    for (b = 0; b < out_shape->n; b++) {
        const int8_t *in_b = in + (size_t)b * image;
        for (oy = 0; oy < out_shape->h; oy++) {
            const int32_t iy0 = oy * p->stride_h - p->pad_h;
            int32_t fy0, fy1;
            mw_window_taps(iy0, 1, kh, in_shape->h, &fy0, &fy1);
            for (ox = 0; ox < out_shape->w; ox++, out += ch) {
                const int32_t ix0 = ox * p->stride_w - p->pad_w;
                int32_t fx0, fx1, rows, cols, offset;
                const int8_t *x0, *w0;
                const int32_t *b0;
                mw_window_taps(ix0, 1, kw, in_shape->w, &fx0, &fx1);
                rows = fy1 - fy0;
                cols = fx1 - fx0;
                x0 = in_b + (size_t)(iy0 + fy0) * row + (size_t)(ix0 + fx0) * (size_t)ch;
                w0 = filter + (size_t)fy0 * w_row + (size_t)fx0 * (size_t)ch;
                if (rows == kh && cols == kw) {
                    b0 = bias_eff; /* the whole window is inside: offset folded into the bias */
                    offset = 0;
                } else {
                    b0 = bias;
                    offset = p->input_offset;
                }
                for (c = 0; c + 16 <= ch; c += 16) {
                    acc16 a;
                    int32_t k;
                    if (b0 != NULL) {
                        a.a0 = vldrwq_s32(b0 + c);
                        a.a1 = vldrwq_s32(b0 + c + 4);
                        a.a2 = vldrwq_s32(b0 + c + 8);
                        a.a3 = vldrwq_s32(b0 + c + 12);
                    } else {
                        a.a0 = a.a1 = a.a2 = a.a3 = vdupq_n_s32(0);
                    }
                    /* Interior pixels add an offset of 0: one spare VADD per tap is cheaper
                     * than a second copy of the loop (register pressure). */
                    a = window_sum16(a, x0 + c, w0 + c, rows, cols, row, w_row, ch, offset);
                    for (k = 0; k < 4; k++) {
                        const int32x4_t v = k == 0 ? a.a0 : k == 1 ? a.a1 : k == 2 ? a.a2 : a.a3;
                        vstrbq_s32(out + c + 4 * k,
                                   mw_mve_requantize(v, vldrwq_s32(mult + c + 4 * k), vldrwq_s32(shift + c + 4 * k),
                                                     out_off, act_min, act_max));
                    }
                }
                for (; c + 4 <= ch; c += 4) {
                    int32x4_t acc = b0 != NULL ? vldrwq_s32(b0 + c) : vdupq_n_s32(0);
                    acc = window_sum(acc, x0 + c, w0 + c, rows, cols, row, w_row, ch, offset, 0, 1);
                    acc = mw_mve_requantize(acc, vldrwq_s32(mult + c), vldrwq_s32(shift + c), out_off, act_min,
                                            act_max);
                    vstrbq_s32(out + c, acc);
                }
                if (c < ch) {
                    const mve_pred16_t pr = vctp32q((uint32_t)(ch - c));
                    int32x4_t acc = b0 != NULL ? vldrwq_z_s32(b0 + c, pr) : vdupq_n_s32(0);
                    acc = window_sum(acc, x0 + c, w0 + c, rows, cols, row, w_row, ch, offset, pr, 0);
                    acc = mw_mve_requantize(acc, vldrwq_z_s32(p->multiplier + c, pr),
                                            vldrwq_z_s32(p->shift + c, pr), p->output_offset, p->act_min,
                                            p->act_max);
                    vstrbq_p_s32(out + c, acc, pr);
                }
            }
        }
    }
}

static void depthwise_mult(const mw_conv_params *p, const mw_shape4 *in_shape, const int8_t *in,
                           const mw_shape4 *filter_shape, const int8_t *filter, const int32_t *bias,
                           const mw_shape4 *out_shape, int8_t *out, int16_t *col)
{
    const int32_t kh = filter_shape->h, kw = filter_shape->w, taps = kh * kw, padded = taps8(filter_shape);
    const int32_t in_c = in_shape->c, out_c = out_shape->c, mult = p->depth_multiplier;
    const size_t image = (size_t)in_shape->h * (size_t)in_shape->w * (size_t)in_c;
    /* Lane i reads tap t + i of a filter column: out_c bytes apart. */
    const uint16x8_t lanes = vmulq_n_u16(vidupq_n_u16(0, 1), (uint16_t)out_c);
    int32_t b, oy, ox;

    for (b = 0; b < out_shape->n; b++) {
        const int8_t *in_b = in + (size_t)b * image;
        for (oy = 0; oy < out_shape->h; oy++) {
            const int32_t iy0 = oy * p->stride_h - p->pad_h;
            int32_t fy0, fy1;
            mw_window_taps(iy0, 1, kh, in_shape->h, &fy0, &fy1);
            for (ox = 0; ox < out_shape->w; ox++, out += out_c) {
                const int32_t ix0 = ox * p->stride_w - p->pad_w;
                int32_t fx0, fx1, ic, fy, fx, m, t;
                mw_window_taps(ix0, 1, kw, in_shape->w, &fx0, &fx1);
                for (ic = 0; ic < in_c; ic++) {
                    memset(col, 0, (size_t)padded * sizeof *col);
                    for (fy = fy0; fy < fy1; fy++) {
                        const int8_t *x = in_b + ((size_t)(iy0 + fy) * (size_t)in_shape->w + (size_t)(ix0 + fx0)) *
                                                     (size_t)in_c + (size_t)ic;
                        for (fx = fx0; fx < fx1; fx++, x += in_c) {
                            col[fy * kw + fx] = (int16_t)(*x + p->input_offset);
                        }
                    }
                    for (m = 0; m < mult; m += 4) {
                        const int32_t rows = mult - m < 4 ? mult - m : 4;
                        const int32_t oc = ic * mult + m;
                        int32_t acc[4] = {0, 0, 0, 0};
                        for (t = 0; t < taps; t += 8) {
                            /* Predicated gathers: no tap past the filter is read. */
                            const mve_pred16_t pr = vctp16q((uint32_t)(taps - t));
                            const int16x8_t cv = vldrhq_s16(col + t);
                            const int8_t *w = filter + (size_t)t * (size_t)out_c + (size_t)oc;
                            int32_t r;
                            for (r = 0; r < rows; r++) {
                                acc[r] = vmladavaq_s16(acc[r], cv, vldrbq_gather_offset_z_s16(w + r, lanes, pr));
                            }
                        }
                        mw_mve_store4(p, bias, oc, rows, acc, out);
                    }
                }
            }
        }
    }
}

mw_status mw_depthwise_conv2d_s8(const mw_conv_params *p, const mw_shape4 *in_shape, const int8_t *in,
                                 const mw_shape4 *filter_shape, const int8_t *filter, const int32_t *bias,
                                 const mw_shape4 *out_shape, int8_t *out, void *scratch, size_t scratch_len)
{
    size_t need;
    mw_status st = mw_check_depthwise_conv2d(p, in_shape, in, filter_shape, filter, out_shape, out);
    if (st != MW_OK) {
        return st;
    }
    need = mw_depthwise_conv2d_s8_scratch_size(in_shape, filter_shape, out_shape);
    if (p->dilation_h != 1 || p->dilation_w != 1 || need == 0 || scratch == NULL || scratch_len < need ||
        ((uintptr_t)scratch & 3u) != 0) {
        return mw_depthwise_conv2d_s8_ref(p, in_shape, in, filter_shape, filter, bias, out_shape, out);
    }
    if (p->depth_multiplier == 1) {
        depthwise_m1(p, in_shape, in, filter_shape, filter, bias, out_shape, out, (int32_t *)scratch);
    } else {
        depthwise_mult(p, in_shape, in, filter_shape, filter, bias, out_shape, out, (int16_t *)scratch);
    }
    return MW_OK;
}
