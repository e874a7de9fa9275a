/*
 * Float real FFT for the MFCC front end: an N-point real transform computed as an
 * N/2-point complex radix-2 FFT of the even/odd sample pairs, followed by the
 * split step that separates the two interleaved real spectra. Only the power
 * spectrum is kept, which is all the mel filter bank needs; it is written over the
 * FFT buffer (bin k in float 2k), so no separate power buffer is needed.
 */
#include <math.h>

#include "mw_frontend_internal.h"

void mw_rotor_start(mw_rotor *r, double a0, double d)
{
    r->c = cos(a0);
    r->s = sin(a0);
    r->dc = cos(d);
    r->ds = sin(d);
}

void mw_rfft_init_tables(mw_mfcc *m)
{
    mw_rotor r;
    int32_t k;
    mw_rotor_start(&r, 0.0, 6.283185307179586476925286766559 / (double)m->fft_size);
    for (k = 0; k <= m->fft_size / 4; k++)
        m->f.cos_table[k] = (float)mw_rotor_next(&r);
}

/* a, b = a + W b, a - W b with W = wr + i wi. */
static inline void butterfly(float *a, float *b, float wr, float wi)
{
    const float br = b[0] * wr - b[1] * wi;
    const float bi = b[0] * wi + b[1] * wr;
    b[0] = a[0] - br;
    b[1] = a[1] - bi;
    a[0] += br;
    a[1] += bi;
}

/* In-place complex FFT of half = fft_size/2 interleaved values in z, with the cosine
 * table c[0 .. n/4]. In a stage of length len (h = len/2), butterfly j < h/2 has the
 * twiddle W_n^t = (cos t, -sin t), t = j n / len, with sin t = cos(n/4 - t), and
 * butterfly j + h/2 has W_n^(t + n/4) = -i W_n^t: one table lookup serves both, no
 * branches. */
static void complex_fft(float *z, const float *c, int32_t half, int32_t n)
{
    const int32_t quarter = n / 4;
    int32_t len, j, k, r, start;
    for (k = 0, r = 0; k < half; k++, r = mw_bitrev_next(r, half)) {
        if (r > k) {
            float t = z[2 * k];
            z[2 * k] = z[2 * r];
            z[2 * r] = t;
            t = z[2 * k + 1];
            z[2 * k + 1] = z[2 * r + 1];
            z[2 * r + 1] = t;
        }
    }
    for (start = 0; start < half; start += 2)
        butterfly(z + 2 * start, z + 2 * start + 2, 1.0f, 0.0f);
    for (len = 4; len <= half; len <<= 1) {
        const int32_t h = len / 2, stride = n / len;
        for (start = 0; start < half; start += len) {
            float *a = z + 2 * start;
            for (j = 0; j < h / 2; j++) {
                const float wc = c[j * stride], ws = c[quarter - j * stride];
                butterfly(a + 2 * j, a + 2 * (j + h), wc, -ws);
                butterfly(a + 2 * (j + h / 2), a + 2 * (j + h / 2 + h), -ws, -wc);
            }
        }
    }
}

/* |X[k]|^2 from Z[k] = (zr, zi), Z[half-k] = (cr, -ci) (already conjugated) and
 * W^k = (wr, wi): X[k] = E + W^k O with E = (Z[k] + conj Z[half-k]) / 2,
 * O = (Z[k] - conj Z[half-k]) / 2i. */
static float split_power(float zr, float zi, float cr, float ci, float wr, float wi)
{
    const float er = 0.5f * (zr + cr), ei = 0.5f * (zi + ci);
    const float orr = 0.5f * (zi - ci), oi = -0.5f * (zr - cr);
    const float xr = er + orr * wr - oi * wi;
    const float xi = ei + orr * wi + oi * wr;
    return xr * xr + xi * xi;
}

void mw_rfft_power(mw_mfcc *m)
{
    const int32_t n = m->fft_size;
    const int32_t half = n / 2, quarter = n / 4;
    const float *c = m->f.cos_table;
    float *z = m->f.fft_buf;
    int32_t k;
    complex_fft(z, c, half, n);
    {
        const float dc = z[0] + z[1], nyq = z[0] - z[1];
        z[0] = dc * dc;
        z[2 * half] = nyq * nyq;
    }
    /* Bins k and half-k need the same two complex values: compute both, then overwrite.
     * W^k = (cos, -sin) of 2 pi k / n with k <= n/4; W^(half-k) = (-cos, -sin). */
    for (k = 1; k <= quarter; k++) {
        const int32_t j = half - k;
        const float wc = c[k], ws = c[quarter - k];
        const float zr = z[2 * k], zi = z[2 * k + 1], yr = z[2 * j], yi = z[2 * j + 1];
        z[2 * k] = split_power(zr, zi, yr, -yi, wc, -ws);
        if (j != k)
            z[2 * j] = split_power(yr, yi, zr, -zi, -wc, -ws);
    }
}
