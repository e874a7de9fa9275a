/*
 * Integer real FFT of the fixed-point MFCC: the float path's algorithm (an N/2-point
 * complex radix-2 FFT of the sample pairs, then the split step) on int32 values with
 * Q30 twiddles and 64-bit products, in block floating point. Each stage's inputs are at
 * most 2^29 (otherwise they are halved as they are loaded and the block exponent grows), which
 * rules out overflow (a radix-2 stage grows values by at most 1 + sqrt(2)) and keeps
 * about 29 significant bits at the top of the spectrum. The power spectrum is written
 * over the FFT buffer as in the float path (bin k in words 2k, 2k+1).
 */
#include <math.h>

#include "mw_frontend_internal.h"

#define LIMIT_STAGE (1u << 29)
#define LIMIT_SPLIT (1u << 28)

/* (a*b - c*d) in Q30 with rounding; 32x32->64 products (one instruction pair on RV32IM,
 * SMULL on Arm). */
static int32_t mul_sub_q30(int32_t a, int32_t b, int32_t c, int32_t d)
{
    return (int32_t)mw_asr64((int64_t)a * b - (int64_t)c * d + ((int64_t)1 << 29), 30);
}

static int32_t mul_add_q30(int32_t a, int32_t b, int32_t c, int32_t d)
{
    return (int32_t)mw_asr64((int64_t)a * b + (int64_t)c * d + ((int64_t)1 << 29), 30);
}

/* |v| for v >= 0, |v| - 1 for v < 0: below a power-of-two limit exactly when
 * -limit <= v < limit, which is all the scaling needs. */
static uint32_t mag(int32_t v)
{
    return (uint32_t)(v ^ (v < 0 ? -1 : 0));
}

void mw_rfft_fixed_init_tables(mw_mfcc *m)
{
    mw_rotor r;
    int32_t k;
    mw_rotor_start(&r, 0.0, 6.283185307179586476925286766559 / (double)m->fft_size);
    for (k = 0; k <= m->fft_size / 4; k++)
        m->q.cos_table[k] = (int32_t)floor(mw_rotor_next(&r) * 1073741824.0 + 0.5);
}

/* Halvings needed so that every value is at most `limit` (a power of two): `peak` is the
 * OR of the magnitudes, below limit exactly when every value is. */
static int32_t shifts_for(uint32_t peak, uint32_t limit)
{
    int32_t s = 0;
    while (peak >= limit) {
        peak >>= 1;
        s++;
    }
    return s;
}

/* v / 2^s rounded; s = 0 leaves v unchanged. */
static int32_t down(int32_t v, int32_t s)
{
    const int32_t r = v + ((1 << s) >> 1);
    return r >= 0 ? r >> s : ~(~r >> s);
}

/* a, b = a + W b, a - W b with W = (wr, wi) in Q30, inputs first divided by 2^s. Returns
 * the OR of the output magnitudes. */
static inline uint32_t butterfly(int32_t *a, int32_t *b, int32_t wr, int32_t wi, int32_t s)
{
    const int32_t a0 = down(a[0], s), a1 = down(a[1], s), b0 = down(b[0], s), b1 = down(b[1], s);
    const int32_t br = mul_sub_q30(b0, wr, b1, wi);
    const int32_t bi = mul_add_q30(b0, wi, b1, wr);
    a[0] = a0 + br;
    a[1] = a1 + bi;
    b[0] = a0 - br;
    b[1] = a1 - bi;
    return mag(a[0]) | mag(a[1]) | mag(b[0]) | mag(b[1]);
}

/* One radix-2 stage (sub-transforms of length len/2 into len), as in the float FFT: the
 * butterflies j and j + h/2 share one cosine-table lookup (W and -i W). */
static inline uint32_t stage(int32_t *z, const int32_t *c, int32_t half, int32_t len, int32_t s)
{
    const int32_t h = len / 2, quarter = half / 2, stride = 2 * half / len;
    uint32_t peak = 0;
    int32_t start, j;
    for (start = 0; start < half; start += len) {
        int32_t *a = z + 2 * start;
        if (h == 1) {
            peak |= butterfly(a, a + 2, c[0], 0, s);
            continue;
        }
        for (j = 0; j < h / 2; j++) {
            const int32_t wc = c[j * stride], ws = c[quarter - j * stride];
            peak |= butterfly(a + 2 * j, a + 2 * (j + h), wc, -ws, s);
            peak |= butterfly(a + 2 * (j + h / 2), a + 2 * (j + h / 2 + h), -ws, -wc, s);
        }
    }
    return peak;
}

/* Radix-2 stages; each stage first scales its inputs by the halvings the previous
 * stage's peak asks for (block floating point), so no separate scaling pass is needed. */
static uint32_t complex_fft(mw_mfcc *m, int32_t *e)
{
    const int32_t half = m->fft_size / 2;
    int32_t *z = m->q.fft_buf;
    uint32_t peak = 0;
    int32_t len, k, r;
    for (k = 0, r = 0; k < half; k++, r = mw_bitrev_next(r, half)) {
        if (r > k) {
            int32_t t = z[2 * k];
            z[2 * k] = z[2 * r];
            z[2 * r] = t;
            t = z[2 * k + 1];
            z[2 * k + 1] = z[2 * r + 1];
            z[2 * r + 1] = t;
        }
        peak |= mag(z[2 * k]) | mag(z[2 * k + 1]);
    }
    for (len = 2; len <= half; len <<= 1) {
        const int32_t s = shifts_for(peak, LIMIT_STAGE);
        *e += s;
        /* The common no-scaling case gets its own copy without the divisions. */
        peak = s ? stage(z, m->q.cos_table, half, len, s) : stage(z, m->q.cos_table, half, len, 0);
    }
    return peak;
}

/* |2X[k]|^2 from Z[k] = (zr, zi), Z[half-k] = (cr, -ci) (conjugated), all at most 2^28,
 * and W^k = (wr, wi) in Q30: 2X[k] = 2E + W^k 2O, 2E = Z[k] + conj Z[half-k],
 * 2O = (Z[k] - conj Z[half-k]) / i. */
static uint64_t split_power(int32_t zr, int32_t zi, int32_t cr, int32_t ci, int32_t wr, int32_t wi)
{
    const int32_t er = zr + cr, ei = zi + ci, orr = zi - ci, oi = cr - zr;
    const int32_t xr = er + mul_sub_q30(orr, wr, oi, wi); /* < 2^29 (1 + sqrt 2) */
    const int32_t xi = ei + mul_add_q30(orr, wi, oi, wr);
    return (uint64_t)((int64_t)xr * xr) + (uint64_t)((int64_t)xi * xi);
}

static void put_power(uint32_t *words, int32_t k, uint64_t p)
{
    words[2 * k] = (uint32_t)(p >> 32);
    words[2 * k + 1] = (uint32_t)p;
}

void mw_rfft_fixed_power(mw_mfcc *m, int32_t *e)
{
    const int32_t half = m->fft_size / 2, quarter = m->fft_size / 4;
    const int32_t *c = m->q.cos_table;
    int32_t *z = m->q.fft_buf;
    uint32_t *words = (uint32_t *)m->q.fft_buf;
    int32_t k;
    const int32_t s = shifts_for(complex_fft(m, e), LIMIT_SPLIT);
    *e += s;
    {
        const int32_t z0 = down(z[0], s), z1 = down(z[1], s); /* |z| <= 2^28 from here on */
        const int32_t dc = 2 * (z0 + z1), nyq = 2 * (z0 - z1);
        put_power(words, 0, (uint64_t)((int64_t)dc * dc));
        put_power(words, half, (uint64_t)((int64_t)nyq * nyq));
    }
    /* Bins k and half-k need the same two complex values: compute both, then overwrite.
     * W^k = (cos, -sin) of 2 pi k / n with k <= n/4; W^(half-k) = (-cos, -sin). */
    for (k = 1; k <= quarter; k++) {
        const int32_t j = half - k;
        const int32_t wc = c[k], ws = c[quarter - k];
        const int32_t zr = down(z[2 * k], s), zi = down(z[2 * k + 1], s);
        const int32_t yr = down(z[2 * j], s), yi = down(z[2 * j + 1], s);
        put_power(words, k, split_power(zr, zi, yr, -yi, wc, -ws));
        if (j != k)
            put_power(words, j, split_power(yr, yi, zr, -zi, -wc, -ws));
    }
}
