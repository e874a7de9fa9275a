/*
 * Float real FFT for the MFCC front end: an N-point real transform computed as an
 * N/2-point complex radix-2 FFT of the even/odd sample pairs, followed by the
 * split step that separates the two interleaved real spectra. Only the power
 * spectrum is kept, which is all the mel filter bank needs.
 */
#include <math.h>

#include "mw_frontend_internal.h"

void mw_fft_bitrev_init(uint16_t *bitrev, int32_t half)
{
    int32_t bits = 0, k, b;
    while ((1 << bits) < half)
        bits++;
    for (k = 0; k < half; k++) {
        int32_t r = 0;
        for (b = 0; b < bits; b++)
            r |= ((k >> b) & 1) << (bits - 1 - b);
        bitrev[k] = (uint16_t)r;
    }
}

void mw_rfft_init_tables(mw_mfcc *m)
{
    const int32_t n = m->fft_size;
    int32_t k;
    for (k = 0; k < n / 2; k++) {
        const double a = 6.283185307179586476925286766559 * (double)k / (double)n;
        m->f.twiddle[2 * k] = (float)cos(a);
        m->f.twiddle[2 * k + 1] = (float)-sin(a);
    }
}

/* In-place complex FFT of half = fft_size/2 interleaved values in z. */
static void complex_fft(float *z, const float *tw, const uint16_t *bitrev, int32_t half, int32_t n)
{
    int32_t len, j, k;
    for (k = 0; k < half; k++) {
        const int32_t r = bitrev[k];
        if (r > k) {
            float t = z[2 * k];
            z[2 * k] = z[2 * r];
            z[2 * r] = t;
            t = z[2 * k + 1];
            z[2 * k + 1] = z[2 * r + 1];
            z[2 * r + 1] = t;
        }
    }
    for (len = 2; len <= half; len <<= 1) {
        const int32_t h = len / 2;
        const int32_t stride = n / len; /* W_len^j = W_n^(j * n / len) */
        int32_t start;
        for (start = 0; start < half; start += len) {
            for (j = 0; j < h; j++) {
                const float wr = tw[2 * j * stride], wi = tw[2 * j * stride + 1];
                float *a = z + 2 * (start + j);
                float *b = z + 2 * (start + j + h);
                const float br = b[0] * wr - b[1] * wi;
                const float bi = b[0] * wi + b[1] * wr;
                b[0] = a[0] - br;
                b[1] = a[1] - bi;
                a[0] += br;
                a[1] += bi;
            }
        }
    }
}

void mw_rfft_power(mw_mfcc *m)
{
    const int32_t n = m->fft_size;
    const int32_t half = n / 2;
    float *z = m->f.fft_buf;
    float *p = m->f.power;
    int32_t k;
    complex_fft(z, m->f.twiddle, m->bitrev, half, n);
    {
        const float dc = z[0] + z[1], nyq = z[0] - z[1];
        p[0] = dc * dc;
        p[half] = nyq * nyq;
    }
    /* X[k] = E + W^k O with E = (Z[k] + conj Z[half-k]) / 2, O = (Z[k] - conj Z[half-k]) / 2i. */
    for (k = 1; k < half; k++) {
        const float zr = z[2 * k], zi = z[2 * k + 1];
        const float cr = z[2 * (half - k)], ci = -z[2 * (half - k) + 1];
        const float er = 0.5f * (zr + cr), ei = 0.5f * (zi + ci);
        const float orr = 0.5f * (zi - ci), oi = -0.5f * (zr - cr);
        const float wr = m->f.twiddle[2 * k], wi = m->f.twiddle[2 * k + 1];
        const float xr = er + orr * wr - oi * wi;
        const float xi = ei + orr * wi + oi * wr;
        p[k] = xr * xr + xi * xi;
    }
}
