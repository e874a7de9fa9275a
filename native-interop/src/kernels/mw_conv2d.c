/*
 * CONV_2D, int8, per-channel requantization: TFLM's reference ConvPerChannel,
 * reorganised for speed without changing a bit of the result.
 *
 * TFLM accumulates filter * (input + input_offset) over the in-bounds taps only
 * (padding contributes nothing), adds the bias, requantizes per output channel and
 * clamps. Integer sums are exact (and wrap modulo 2^32 like TFLM's int32), so the
 * order of the terms is free: for each output pixel and channel we sum contiguous
 * runs of (tap, input channel) pairs; with dilation 1 a whole filter row is one run,
 * so a 1x1 convolution is a dot product of length in_c per output (a GEMV), done
 * for four output channels at once. Small multi-row windows are first gathered
 * into a stack patch so that each channel is again a single dot product.
 */
#include "mw_kernel_common.h"
#include "mw_fixedpoint.h"

/* Largest filter window (kh * kw * in_c) gathered into a stack patch. */
#define MW_CONV_PATCH_MAX 256

/* Copies the window at (iy0, ix0) into patch, filter layout [kh][kw][in_c]. Taps
 * outside the input get the input zero point (= -input_offset), which adds
 * (zp + input_offset) * w = 0 to the sum: exactly TFLM's skipping of padding. */
static void gather_patch(int8_t *patch, const int8_t *in_b, size_t in_row, int32_t in_h, int32_t in_w,
                         int32_t in_c, int32_t iy0, int32_t ix0, const mw_conv_params *p, int32_t kh,
                         int32_t kw)
{
    const int8_t pad_value = (int8_t)-p->input_offset;
    int32_t fy, fx, c;
    for (fy = 0; fy < kh; fy++) {
        const int32_t iy = iy0 + fy * p->dilation_h;
        for (fx = 0; fx < kw; fx++) {
            const int32_t ix = ix0 + fx * p->dilation_w;
            if (iy >= 0 && iy < in_h && ix >= 0 && ix < in_w) {
                const int8_t *x = in_b + (size_t)iy * in_row + (size_t)ix * (size_t)in_c;
                for (c = 0; c < in_c; c++) {
                    patch[c] = x[c];
                }
            } else {
                for (c = 0; c < in_c; c++) {
                    patch[c] = pad_value;
                }
            }
            patch += in_c;
        }
    }
}

/* What one output pixel sums, for every output channel alike: `rows` x `runs`
 * contiguous runs of run_len (input, filter) pairs. The first run starts at x in the
 * input and at w_offset in each channel's filter; the next run of a row is x_run /
 * w_run further, the next row x_row / w_row further. */
typedef struct conv_runs {
    const int8_t *x;
    size_t w_offset;
    int32_t rows, runs, run_len;
    size_t x_row, x_run, w_row, w_run;
} conv_runs;

/* The runs of the window at (iy0, ix0): a gathered patch is a single run; otherwise
 * each filter row's in-bounds taps are one run when adjacent (dilation 1) or one run
 * of in_c pairs per tap. */
static void window_runs(conv_runs *r, const mw_conv_params *p, const int8_t *patch, size_t patch_len,
                        const int8_t *in_b, size_t in_row, int32_t in_h, int32_t in_w, int32_t in_c,
                        size_t filter_row, int32_t kh, int32_t kw, int32_t iy0, int32_t ix0)
{
    int32_t fy0, fy1, fx0, fx1;
    if (patch != NULL) {
        r->x = patch;
        r->w_offset = 0;
        r->rows = r->runs = 1;
        r->run_len = (int32_t)patch_len;
        r->x_row = r->x_run = r->w_row = r->w_run = 0;
        return;
    }
    mw_window_taps(iy0, p->dilation_h, kh, in_h, &fy0, &fy1);
    mw_window_taps(ix0, p->dilation_w, kw, in_w, &fx0, &fx1);
    r->rows = fx1 > fx0 ? fy1 - fy0 : 0;
    r->runs = p->dilation_w == 1 ? 1 : fx1 - fx0;
    r->run_len = p->dilation_w == 1 ? (fx1 - fx0) * in_c : in_c;
    r->x = in_b;
    r->w_offset = 0;
    if (r->rows > 0) { /* only then is the first tap inside the input */
        r->x += (size_t)(iy0 + fy0 * p->dilation_h) * in_row + (size_t)(ix0 + fx0 * p->dilation_w) * (size_t)in_c;
        r->w_offset = (size_t)fy0 * filter_row + (size_t)fx0 * (size_t)in_c;
    }
    r->x_row = (size_t)p->dilation_h * in_row;
    r->x_run = (size_t)p->dilation_w * (size_t)in_c;
    r->w_row = filter_row;
    r->w_run = (size_t)in_c;
}

/* acc[0..nb) += the runs' sums for nb (1 or 4) output channels whose filters start at w_oc. */
static void accumulate_runs(const conv_runs *r, int32_t input_offset, const int8_t *w_oc, size_t filter_size,
                            int32_t nb, uint32_t acc[4])
{
    const int8_t *x_row = r->x;
    const int8_t *w_row = w_oc + r->w_offset;
    int32_t row, run;
    for (row = 0; row < r->rows; row++, x_row += r->x_row, w_row += r->w_row) {
        const int8_t *x = x_row;
        const int8_t *w = w_row;
        for (run = 0; run < r->runs; run++, x += r->x_run, w += r->w_run) {
            if (nb == 4) {
                mw_dot4_s8(x, input_offset, w, filter_size, r->run_len, acc);
            } else {
                acc[0] += (uint32_t)mw_dot_s8(x, input_offset, w, 0, r->run_len);
            }
        }
    }
}

mw_status mw_conv2d_s8_ref(const mw_conv_params *p,
                           const mw_shape4 *in_shape, const int8_t *in,
                           const mw_shape4 *filter_shape, const int8_t *filter,
                           const int32_t *bias,
                           const mw_shape4 *out_shape, int8_t *out)
{
    int32_t b, oy, ox, oc, k;
    int32_t in_h, in_w, in_c, kh, kw, out_c;
    size_t in_row, in_image, filter_row, filter_size;
    int8_t patch[MW_CONV_PATCH_MAX];
    int use_patch;
    conv_runs runs;
    const int32_t *multiplier, *shift;
    int32_t input_offset, output_offset, act_min, act_max;
    mw_status st;

    if ((st = mw_check_conv2d(p, in_shape, in, filter_shape, filter, out_shape, out)) != MW_OK) {
        return st;
    }
    /* Locals, not p->...: the int8 output stores could alias them for the compiler. */
    multiplier = p->multiplier;
    shift = p->shift;
    input_offset = p->input_offset;
    output_offset = p->output_offset;
    act_min = p->act_min;
    act_max = p->act_max;
    in_h = in_shape->h;
    in_w = in_shape->w;
    in_c = in_shape->c;
    kh = filter_shape->h;
    kw = filter_shape->w;
    out_c = out_shape->c;
    in_row = (size_t)in_w * (size_t)in_c;
    in_image = in_row * (size_t)in_h;
    filter_row = (size_t)kw * (size_t)in_c;
    filter_size = filter_row * (size_t)kh;
    /* Small multi-tap windows are gathered once per pixel so that each channel is
     * one dot product; 1x1 windows are contiguous already. */
    use_patch = filter_size <= MW_CONV_PATCH_MAX && filter_size > (size_t)in_c;

    for (b = 0; b < out_shape->n; b++) {
        const int8_t *in_b = in + (size_t)b * in_image;
        for (oy = 0; oy < out_shape->h; oy++) {
            const int32_t iy0 = oy * p->stride_h - p->pad_h;
            for (ox = 0; ox < out_shape->w; ox++) {
                const int32_t ix0 = ox * p->stride_w - p->pad_w;
                if (use_patch) {
                    gather_patch(patch, in_b, in_row, in_h, in_w, in_c, iy0, ix0, p, kh, kw);
                }
                window_runs(&runs, p, use_patch ? patch : NULL, filter_size, in_b, in_row, in_h, in_w, in_c,
                            filter_row, kh, kw, iy0, ix0);
                for (oc = 0; oc < out_c;) {
                    /* Four output channels at a time share each input load. */
                    const int32_t nb = out_c - oc >= 4 ? 4 : 1;
                    uint32_t acc[4] = {0, 0, 0, 0};
                    accumulate_runs(&runs, input_offset, filter + (size_t)oc * filter_size, filter_size, nb, acc);
                    for (k = 0; k < nb; k++, oc++) {
                        int32_t total = (int32_t)acc[k];
                        if (bias != NULL) {
                            total = mw_add_wrap(total, bias[oc]);
                        }
                        *out++ = mw_requantize_acc(total, multiplier[oc], shift[oc], output_offset, act_min,
                                                   act_max);
                    }
                }
            }
        }
    }
    return MW_OK;
}
