/*
 * Fixed-point real FFT of the TFLM micro frontend, bit-exact with kissfft built with
 * FIXED_POINT=16 (what TFLM's microfrontend uses): a 256-point complex FFT of the
 * 512 samples taken as (even, odd) pairs, radix 4 in kissfft's recursive
 * decimation-in-time order with each butterfly input divided by 4 (Q15 multiply by
 * 8191 with rounding), then kissfft's real-split step. Every intermediate is rounded
 * and truncated to int16 exactly where kissfft stores into an int16 variable.
 * Twiddles are constants (mw_micro_tables.c).
 */
#include "mw_frontend_internal.h"

#define MW_CFFT (MW_MICRO_FFT / 2)

/* sround(): Q15 product back to int16 with rounding. */
static int16_t q15_round(int32_t prod)
{
    return mw_wrap16(mw_asr32(prod + (1 << 14), 15));
}

static mw_cpx16 cmul(mw_cpx16 a, const int16_t *w)
{
    mw_cpx16 m;
    m.r = q15_round((int32_t)a.r * w[0] - (int32_t)a.i * w[1]);
    m.i = q15_round((int32_t)a.r * w[1] + (int32_t)a.i * w[0]);
    return m;
}

/* C_FIXDIV(c, div): multiply by 32767 / div in Q15. */
static mw_cpx16 fixdiv(mw_cpx16 c, int32_t div)
{
    const int32_t k = 32767 / div;
    c.r = q15_round((int32_t)c.r * k);
    c.i = q15_round((int32_t)c.i * k);
    return c;
}

static mw_cpx16 cadd(mw_cpx16 a, mw_cpx16 b)
{
    mw_cpx16 r;
    r.r = mw_wrap16((int32_t)a.r + b.r);
    r.i = mw_wrap16((int32_t)a.i + b.i);
    return r;
}

static mw_cpx16 csub(mw_cpx16 a, mw_cpx16 b)
{
    mw_cpx16 r;
    r.r = mw_wrap16((int32_t)a.r - b.r);
    r.i = mw_wrap16((int32_t)a.i - b.i);
    return r;
}

/* Radix-4 butterflies combining four sub-transforms of length m (forward direction). */
static void bfly4(mw_cpx16 *f, size_t fstride, size_t m)
{
    size_t k;
    for (k = 0; k < m; k++) {
        mw_cpx16 *f0 = f + k, *f1 = f + k + m, *f2 = f + k + 2 * m, *f3 = f + k + 3 * m;
        mw_cpx16 s0, s1, s2, s3, s4, s5;
        *f0 = fixdiv(*f0, 4);
        *f1 = fixdiv(*f1, 4);
        *f2 = fixdiv(*f2, 4);
        *f3 = fixdiv(*f3, 4);
        s0 = cmul(*f1, mw_micro_twiddles + 2 * (k * fstride));
        s1 = cmul(*f2, mw_micro_twiddles + 2 * (2 * k * fstride));
        s2 = cmul(*f3, mw_micro_twiddles + 2 * (3 * k * fstride));
        s5 = csub(*f0, s1);
        *f0 = cadd(*f0, s1);
        s3 = cadd(s0, s2);
        s4 = csub(s0, s2);
        *f2 = csub(*f0, s3);
        *f0 = cadd(*f0, s3);
        f1->r = mw_wrap16((int32_t)s5.r + s4.i);
        f1->i = mw_wrap16((int32_t)s5.i - s4.r);
        f3->r = mw_wrap16((int32_t)s5.r - s4.i);
        f3->i = mw_wrap16((int32_t)s5.i + s4.r);
    }
}

/* kissfft's recursion: a length 4m transform from four decimated length-m transforms.
 * `in` holds int16 pairs (real, imaginary); depth is log4(256) = 4. */
static void work(mw_cpx16 *out, const int16_t *in, size_t fstride, size_t m)
{
    size_t q;
    for (q = 0; q < 4; q++) {
        if (m == 1) {
            out[q].r = in[2 * q * fstride];
            out[q].i = in[2 * q * fstride + 1];
        } else {
            work(out + q * m, in + 2 * q * fstride, fstride * 4, m / 4);
        }
    }
    bfly4(out, fstride, m);
}

void mw_micro_rfft(const int16_t *in, mw_cpx16 *tmp, mw_cpx16 *out)
{
    mw_cpx16 dc;
    int32_t k;
    work(tmp, in, 1, MW_CFFT / 4);
    dc = fixdiv(tmp[0], 2);
    out[0].r = mw_wrap16((int32_t)dc.r + dc.i);
    out[MW_CFFT].r = mw_wrap16((int32_t)dc.r - dc.i);
    out[0].i = 0;
    out[MW_CFFT].i = 0;
    for (k = 1; k <= MW_CFFT / 2; k++) {
        mw_cpx16 fpk = tmp[k], fpnk, f1k, f2k, tw;
        fpnk.r = tmp[MW_CFFT - k].r;
        fpnk.i = mw_wrap16(-(int32_t)tmp[MW_CFFT - k].i);
        fpk = fixdiv(fpk, 2);
        fpnk = fixdiv(fpnk, 2);
        f1k = cadd(fpk, fpnk);
        f2k = csub(fpk, fpnk);
        tw = cmul(f2k, mw_micro_super_twiddles + 2 * (k - 1));
        out[k].r = mw_wrap16(mw_asr32((int32_t)f1k.r + tw.r, 1));
        out[k].i = mw_wrap16(mw_asr32((int32_t)f1k.i + tw.i, 1));
        out[MW_CFFT - k].r = mw_wrap16(mw_asr32((int32_t)f1k.r - tw.r, 1));
        out[MW_CFFT - k].i = mw_wrap16(mw_asr32((int32_t)tw.i - f1k.i, 1));
    }
}
