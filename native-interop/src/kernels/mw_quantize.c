/*
 * QUANTIZE / DEQUANTIZE, as TFLM's reference kernels compute them.
 *  - int8 -> int8 (QUANTIZE between two int8 scales): Requantize, i.e.
 *    clamp(MultiplyByQuantizedMultiplier(x - zp_in, m, s) + zp_out, -128, 127).
 *  - float -> int8 (AffineQuantize): clamp(round(x / scale) + zp), round half away
 *    from zero, the division done in float as TFLM does.
 *  - int8 -> float (Dequantize): scale * (x - zp). TFLM multiplies in double and
 *    rounds to float; the exact product of a float and a 9-bit integer fits a double,
 *    so one correctly rounded float multiply gives the same bits without doubles.
 */
#include "mw_kernel_common.h"
#include "mw_fixedpoint.h"

mw_status mw_requantize_s8_ref(const mw_requantize_params *p, int32_t count, const int8_t *in, int8_t *out)
{
    int32_t i;
    mw_status st;
    if (p == NULL || in == NULL || out == NULL) {
        return MW_ERR_ARGUMENT;
    }
    if (count < 0) {
        return MW_ERR_SHAPE;
    }
    if ((st = mw_check_offset(p->input_offset)) != MW_OK ||
        (st = mw_check_output_offset(p->output_offset)) != MW_OK ||
        (st = mw_check_shifts(&p->shift, 1)) != MW_OK) {
        return st;
    }
    for (i = 0; i < count; i++) {
        out[i] = mw_requantize_acc((int32_t)in[i] + p->input_offset, p->multiplier, p->shift,
                                   p->output_offset, INT8_MIN, INT8_MAX);
    }
    return MW_OK;
}

/* Valid scale: positive and finite (written without libm). */
static int scale_ok(float scale)
{
    return scale > 0.0f && scale <= 3.4028234663852886e38f;
}

/* round(q) half away from zero, for |q| < 2^31 (callers clamp first). */
static int32_t round_half_away(float q)
{
    const int32_t t = (int32_t)q; /* truncates toward zero */
    const float frac = q - (float)t; /* exact: |q| < 2^31 and t shares q's exponent */
    if (frac >= 0.5f) {
        return t + 1;
    }
    if (frac <= -0.5f) {
        return t - 1;
    }
    return t;
}

/* The argument checks QUANTIZE and DEQUANTIZE share. */
static mw_status check_edge(float scale, int32_t zero_point, int32_t count, const void *in, const void *out)
{
    if (in == NULL || out == NULL) {
        return MW_ERR_ARGUMENT;
    }
    if (count < 0) {
        return MW_ERR_SHAPE;
    }
    if (!scale_ok(scale) || mw_check_output_offset(zero_point) != MW_OK) {
        return MW_ERR_QUANTIZATION;
    }
    return MW_OK;
}

mw_status mw_quantize_f32_s8(float scale, int32_t zero_point, int32_t count, const float *in, int8_t *out)
{
    int32_t i;
    const mw_status st = check_edge(scale, zero_point, count, in, out);
    if (st != MW_OK) {
        return st;
    }
    for (i = 0; i < count; i++) {
        const float q = in[i] / scale;
        int32_t v;
        /* Beyond +-512 the result saturates whatever the zero point; NaN maps to it. */
        if (q > 512.0f) {
            v = INT8_MAX;
        } else if (q < -512.0f) {
            v = INT8_MIN;
        } else if (q != q) {
            v = zero_point;
        } else {
            v = round_half_away(q) + zero_point;
            v = v > INT8_MAX ? INT8_MAX : (v < INT8_MIN ? INT8_MIN : v);
        }
        out[i] = (int8_t)v;
    }
    return MW_OK;
}

mw_status mw_dequantize_s8_f32(float scale, int32_t zero_point, int32_t count, const int8_t *in, float *out)
{
    int32_t i;
    const mw_status st = check_edge(scale, zero_point, count, in, out);
    if (st != MW_OK) {
        return st;
    }
    for (i = 0; i < count; i++) {
        out[i] = scale * (float)((int32_t)in[i] - zero_point);
    }
    return MW_OK;
}
