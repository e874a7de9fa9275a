/*
 * Integer MFCC for cores without an FPU (ESP32-C3, Cortex-M0+): the definition of
 * mw_mfcc.c computed with integers, checked against the float pipeline in
 * tests/native/frontend/test_mfcc.c.
 *   window   x = pcm * w (Q30), rounded down to at most 2^28 by a frame exponent
 *   FFT      block floating point (mw_rfft_fixed.c), power |2X|^2 in 64 bits
 *   mel      Q15 weights, 64-bit sums; each band's power is shifted right only as far as
 *            its own largest value needs, so weak bands keep their precision
 *   log      log2 from the leading bit and a 129-entry table with linear
 *            interpolation (error < 2e-5), plus every exponent, times ln 2 -> Q16
 *   DCT      Q30 table, 64-bit sums, converted to float only for the output
 */
#include "mw_frontend_internal.h"

#define LN2_Q30 744261118 /* round(ln(2) * 2^30) */

/* ln(acc * 2^exp2) in Q16. acc > 0. */
static int32_t ln_q16(const int32_t *lut, uint64_t acc, int32_t exp2)
{
    const int32_t top = mw_bits64(acc) - 1;
    const uint32_t t = top >= 30 ? (uint32_t)(acc >> (top - 30)) : (uint32_t)(acc << (30 - top));
    const uint32_t frac = t - (1u << 30); /* mantissa - 1, Q30 */
    const uint32_t seg = frac >> 23, rest = frac & ((1u << 23) - 1u);
    const int64_t log2_frac = lut[seg] + mw_asr64((int64_t)(lut[seg + 1] - lut[seg]) * (int32_t)rest, 23);
    const int64_t log2_q20 = (int64_t)(top + exp2) * (1 << 20) + mw_asr64(log2_frac + (1 << 9), 10);
    return (int32_t)mw_asr64(log2_q20 * LN2_Q30 + ((int64_t)1 << 33), 34);
}

void mw_mfcc_fixed_compute(mw_mfcc *m, const int16_t *samples, float *out)
{
    const int16_t *wt = m->q.band_weights;
    const uint32_t *power = (const uint32_t *)m->q.fft_buf;
    const int32_t *w = m->q.window;
    const int32_t bands = m->num_bands, half = m->dct_half, window = m->window_samples;
    int32_t *z = m->q.fft_buf;
    int32_t n, b, i, peak = 0, shift, e;
    for (n = 0; n < window; n++) {
        const int32_t a = samples[n] < 0 ? -(int32_t)samples[n] : samples[n];
        if (a > peak)
            peak = a;
    }
    /* |pcm * w| < 2^(bits(peak) + 30); keep at most 2^28. x = pcm / 32768 * w = int * 2^e. */
    shift = mw_bits64((uint64_t)peak) + 2;
    e = shift - 45;
    for (n = 0; n < window; n++) {
        const int32_t wn = w[n <= window / 2 ? n : window - n]; /* half the window is stored */
        z[n] = (int32_t)mw_asr64((int64_t)samples[n] * wn + ((int64_t)1 << (shift - 1)), shift);
    }
    for (; n < m->fft_size; n++)
        z[n] = 0;
    mw_rfft_fixed_power(m, &e);
    /* E[b] = acc * 2^(2e - 2 + sh - 15), sh such that count weights < 2^15 times values
     * below 2^(64 - 15 - bits(count)) cannot overflow. */
    for (b = 0; b < bands; b++) {
        const int32_t first = m->band_first[b];
        const int32_t count = m->band_count[b];
        uint64_t acc = 0, any = 0;
        int32_t k, sh, l = m->q.log_floor_q16;
        for (k = 0; k < count; k++)
            any |= mw_power_u64(power, first + k);
        sh = mw_bits64(any) + 15 + mw_bits64((uint64_t)count) - 64;
        if (sh < 0)
            sh = 0;
        for (k = 0; k < count; k++)
            acc += (uint64_t)(mw_power_u64(power, first + k) >> sh) * (uint16_t)wt[k];
        wt += count;
        if (acc) {
            const int32_t v = ln_q16(m->q.log2_lut, acc, 2 * e - 2 + sh - 15);
            if (v > l)
                l = v;
        }
        m->q.log_mel[b] = l;
    }
    /* Row i is symmetric (even i) or antisymmetric (odd i) about the middle band; the
     * 64-bit sums are exact, so folding changes nothing. */
    for (i = 0; i < m->num_coeffs; i++) {
        const int32_t *d = m->q.dct + i * half;
        const int32_t *l = m->q.log_mel;
        int64_t c = 0;
        for (b = 0; b < bands / 2; b++)
            c += (int64_t)d[b] * (i & 1 ? (int64_t)l[b] - l[bands - 1 - b] : (int64_t)l[b] + l[bands - 1 - b]);
        if (bands & 1)
            c += (int64_t)d[half - 1] * l[half - 1];
        out[i] = (float)c * (1.0f / 70368744177664.0f); /* Q46 */
    }
}
