/*
 * Float MFCC (MicroWake's own models). Per frame:
 *   x[n]  = pcm[n] / 32768 * w[n], n < window, zero-padded to fft_size
 *           w = periodic Hann 0.5 - 0.5 cos(2 pi n / window) (or Hamming 0.54 - 0.46 cos(...))
 *   P[k]  = |FFT(x)[k]|^2, k = 0 .. fft_size/2
 *   E[b]  = sum_k T_b(f_k) P[k], f_k = k * sample_rate / fft_size, triangular T_b on the
 *           HTK mel scale mel(f) = 2595 log10(1 + f / 700): band b spans the mel points
 *           b, b+1, b+2 of num_bands + 2 points spaced evenly from mel(lower_hz) to
 *           mel(upper_hz); T_b rises linearly from 0 at its left edge to 1 at its centre
 *           and falls to 0 at its right edge (no area normalisation).
 *   L[b]  = ln(max(E[b], log_floor))
 *   c[i]  = s_i sum_b L[b] cos(pi i (b + 0.5) / num_bands), orthonormal DCT-II:
 *           s_0 = sqrt(1 / num_bands), s_i = sqrt(2 / num_bands).
 * Tables are built once at init in the arena (double precision, then rounded). This file
 * holds the configuration checks, the filter bank definition, the arena layout of both
 * pipelines and the float pipeline; the integer one is mw_mfcc_fixed.c.
 * docs/frontends.md states the same definition.
 */
#include <math.h>

#include "mw_frontend_internal.h"

#define MW_MFCC_MAX_FFT 4096
#define MW_MFCC_MAX_BANDS 128

static int finite_f(float x)
{
    return x == x && x - x == 0.0f;
}

static double hz_to_mel(double hz)
{
    return 2595.0 * log10(1.0 + hz / 700.0);
}

/* Band b of the filter bank: its edges in Hz and its run of bins with a non-zero weight. */
typedef struct mel_band {
    double left, centre, right, bin_hz;
    int32_t first, count;
} mel_band;

static double mel_weight(const mel_band *e, int32_t k)
{
    const double f = (double)k * e->bin_hz;
    if (f > e->left && f <= e->centre)
        return (f - e->left) / (e->centre - e->left);
    if (f > e->centre && f < e->right)
        return (e->right - f) / (e->right - e->centre);
    return 0.0;
}

/* Walks the bands in order: band b + 1 starts at band b's centre. The edges are
 * 700 (10^(m / 2595) - 1) at mel points m evenly spaced, so 10^(m / 2595) is a geometric
 * sequence: one multiplication per band instead of a pow() (libm's pow and cos are most
 * of the set-up cost on cores without a double FPU). */
typedef struct mel_bank {
    const mw_frontend_config *cfg;
    double ratio, power, left, centre; /* power: 10^(m / 2595) of the latest edge */
} mel_bank;

static void bank_start(mel_bank *k, const mw_frontend_config *cfg)
{
    const double lo = hz_to_mel((double)cfg->lower_hz), hi = hz_to_mel((double)cfg->upper_hz);
    const double step = (hi - lo) / (double)(cfg->num_mel_bands + 1);
    k->cfg = cfg;
    k->ratio = pow(10.0, step / 2595.0);
    k->power = pow(10.0, lo / 2595.0);
    k->left = 700.0 * (k->power - 1.0);
    k->power *= k->ratio;
    k->centre = 700.0 * (k->power - 1.0);
}

static mel_band bank_next(mel_bank *k)
{
    const int32_t bins = k->cfg->fft_size / 2 + 1;
    mel_band e;
    int32_t i, end;
    k->power *= k->ratio;
    e.left = k->left;
    e.centre = k->centre;
    e.right = 700.0 * (k->power - 1.0);
    e.bin_hz = (double)k->cfg->sample_rate / (double)k->cfg->fft_size;
    e.first = 0;
    e.count = 0;
    k->left = e.centre;
    k->centre = e.right;
    /* A bin has a non-zero weight exactly when it lies strictly between the edges. Only
     * bins near the edges can (one spare bin each side for rounding). */
    i = (int32_t)(e.left / e.bin_hz) - 1;
    end = (int32_t)(e.right / e.bin_hz) + 2;
    if (i < 0)
        i = 0;
    if (end > bins)
        end = bins;
    for (; i < end; i++) {
        const double f = (double)i * e.bin_hz;
        if (f > e.left && f < e.right) {
            if (e.count == 0)
                e.first = i;
            e.count = i - e.first + 1;
        }
    }
    return e;
}

mw_status mw_mfcc_validate(const mw_frontend_config *cfg)
{
    mel_bank bank;
    int32_t b;
    if (cfg->sample_rate < 1000 || cfg->sample_rate > 192000)
        return MW_ERR_CONFIG;
    if (cfg->fft_size < 8 || cfg->fft_size > MW_MFCC_MAX_FFT || (cfg->fft_size & (cfg->fft_size - 1)) != 0)
        return MW_ERR_CONFIG;
    if (cfg->window_samples < 2 || cfg->window_samples > cfg->fft_size)
        return MW_ERR_CONFIG;
    if (cfg->hop_samples < 1 || cfg->hop_samples > cfg->window_samples)
        return MW_ERR_CONFIG;
    if (cfg->window_fn != MW_WINDOW_HANN && cfg->window_fn != MW_WINDOW_HAMMING)
        return MW_ERR_CONFIG;
    if (cfg->num_mel_bands < 1 || cfg->num_mel_bands > MW_MFCC_MAX_BANDS)
        return MW_ERR_CONFIG;
    if (cfg->num_coeffs < 1 || cfg->num_coeffs > cfg->num_mel_bands)
        return MW_ERR_CONFIG;
    if (!finite_f(cfg->lower_hz) || !finite_f(cfg->upper_hz) || cfg->lower_hz < 0.0f ||
        cfg->upper_hz <= cfg->lower_hz || (double)cfg->upper_hz > 0.5 * (double)cfg->sample_rate)
        return MW_ERR_CONFIG;
    if (!finite_f(cfg->log_floor) || cfg->log_floor <= 0.0f)
        return MW_ERR_CONFIG;
    if (!finite_f(cfg->out_scale) || cfg->out_scale <= 0.0f || cfg->out_zero_point < -128 ||
        cfg->out_zero_point > 127)
        return MW_ERR_CONFIG;
    /* A band narrower than one FFT bin would output a constant: refuse the configuration. */
    bank_start(&bank, cfg);
    for (b = 0; b < cfg->num_mel_bands; b++) {
        if (bank_next(&bank).count == 0)
            return MW_ERR_CONFIG;
    }
    return MW_OK;
}

/* Fills every table, visiting each band, window value and DCT entry once (the
 * integer pipeline stores the same values in fixed point). */
static void build_tables(mw_mfcc *m, const mw_frontend_config *cfg)
{
    const double pi = 3.1415926535897932384626433832795, bands = (double)cfg->num_mel_bands;
    const double s0 = sqrt(1.0 / bands), s1 = sqrt(2.0 / bands);
    /* Periodic window a0 - (1 - a0) cos(2 pi n / window_samples). */
    const double a0 = cfg->window_fn == MW_WINDOW_HAMMING ? 0.54 : 0.5;
    mel_bank bank;
    mw_rotor r;
    int32_t n, b, i, at = 0;
    mw_rotor_start(&r, 0.0, 2.0 * pi / (double)cfg->window_samples);
    for (n = 0; n <= m->window_samples / 2; n++) {
        const double w = a0 - (1.0 - a0) * mw_rotor_next(&r);
        if (m->fixed)
            m->q.window[n] = (int32_t)floor(w * 1073741824.0 + 0.5);
        else
            m->f.window[n] = (float)(w / 32768.0);
    }
    bank_start(&bank, cfg);
    for (b = 0; b < m->num_bands; b++) {
        const mel_band e = bank_next(&bank);
        int32_t k;
        m->band_first[b] = (int16_t)e.first;
        m->band_count[b] = (int16_t)e.count;
        for (k = 0; k < e.count; k++, at++) {
            const double w = mel_weight(&e, e.first + k);
            if (m->fixed)
                m->q.band_weights[at] = (int16_t)floor(w * 32767.0 + 0.5);
            else
                m->f.band_weights[at] = (float)w;
        }
    }
    /* Orthonormal DCT-II: s_i cos(pi i (b + 0.5) / bands). */
    for (i = 0; i < m->num_coeffs; i++) {
        mw_rotor_start(&r, pi * (double)i * 0.5 / bands, pi * (double)i / bands);
        for (b = 0; b < m->dct_half; b++) {
            const double d = (i == 0 ? s0 : s1) * mw_rotor_next(&r);
            if (m->fixed)
                m->q.dct[i * m->dct_half + b] = (int32_t)floor(d * 1073741824.0 + 0.5);
            else
                m->f.dct[i * m->dct_half + b] = (float)d;
        }
    }
    if (m->fixed) {
        for (i = 0; i <= 128; i++)
            m->q.log2_lut[i] = (int32_t)floor(log2(1.0 + (double)i / 128.0) * 1073741824.0 + 0.5);
        m->q.log_floor_q16 = (int32_t)floor(log((double)cfg->log_floor) * 65536.0 + 0.5);
        mw_rfft_fixed_init_tables(m);
    } else {
        mw_rfft_init_tables(m);
    }
}

mw_status mw_mfcc_layout(mw_mfcc *m, const mw_frontend_config *cfg, int32_t fixed, mw_fe_bump *b)
{
    const int32_t n = cfg->fft_size;
    const size_t window = (size_t)(cfg->window_samples / 2 + 1), cosines = (size_t)(n / 4 + 1);
    size_t dct;
    mel_bank bank;
    int32_t i, total = 0;
    bank_start(&bank, cfg);
    for (i = 0; i < cfg->num_mel_bands; i++)
        total += bank_next(&bank).count;
    m->fixed = fixed;
    m->window_samples = cfg->window_samples;
    m->fft_size = n;
    m->num_bands = cfg->num_mel_bands;
    m->num_coeffs = cfg->num_coeffs;
    m->dct_half = (cfg->num_mel_bands + 1) / 2;
    m->log_floor = cfg->log_floor;
    dct = (size_t)(m->num_coeffs * m->dct_half);
    m->band_first = (int16_t *)mw_fe_bump_take(b, (size_t)m->num_bands * sizeof(int16_t));
    m->band_count = (int16_t *)mw_fe_bump_take(b, (size_t)m->num_bands * sizeof(int16_t));
    if (fixed) {
        m->q.window = (int32_t *)mw_fe_bump_take(b, window * sizeof(int32_t));
        m->q.fft_buf = (int32_t *)mw_fe_bump_take(b, (size_t)(n + 2) * sizeof(int32_t));
        m->q.cos_table = (int32_t *)mw_fe_bump_take(b, cosines * sizeof(int32_t));
        m->q.band_weights = (int16_t *)mw_fe_bump_take(b, (size_t)total * sizeof(int16_t));
        m->q.log_mel = (int32_t *)mw_fe_bump_take(b, (size_t)m->num_bands * sizeof(int32_t));
        m->q.dct = (int32_t *)mw_fe_bump_take(b, dct * sizeof(int32_t));
        m->q.log2_lut = (int32_t *)mw_fe_bump_take(b, 129 * sizeof(int32_t));
    } else {
        m->f.window = (float *)mw_fe_bump_take(b, window * sizeof(float));
        m->f.fft_buf = (float *)mw_fe_bump_take(b, (size_t)(n + 2) * sizeof(float));
        m->f.cos_table = (float *)mw_fe_bump_take(b, cosines * sizeof(float));
        m->f.band_weights = (float *)mw_fe_bump_take(b, (size_t)total * sizeof(float));
        m->f.log_mel = (float *)mw_fe_bump_take(b, (size_t)m->num_bands * sizeof(float));
        m->f.dct = (float *)mw_fe_bump_take(b, dct * sizeof(float));
    }
    if (b->base)
        build_tables(m, cfg);
    return MW_OK;
}

/* Windowed samples into buf[0 .. fft_size), zero-padded; w holds half the window. */
static void apply_window(float *buf, const int16_t *samples, const float *w, int32_t window, int32_t fft_size)
{
    int32_t n;
    for (n = 0; n <= window / 2; n++)
        buf[n] = (float)samples[n] * w[n];
    for (; n < window; n++)
        buf[n] = (float)samples[n] * w[window - n];
    for (; n < fft_size; n++)
        buf[n] = 0.0f;
}

static void compute_float(mw_mfcc *m, const int16_t *samples, float *out)
{
    const float *wt = m->f.band_weights;
    const int32_t bands = m->num_bands, half = m->dct_half;
    int32_t b, i;
    apply_window(m->f.fft_buf, samples, m->f.window, m->window_samples, m->fft_size);
    mw_rfft_power(m);
    for (b = 0; b < bands; b++) {
        const float *p = m->f.fft_buf + 2 * m->band_first[b];
        float e = 0.0f;
        int32_t k;
        for (k = 0; k < m->band_count[b]; k++)
            e += wt[k] * p[2 * k];
        wt += m->band_count[b];
        m->f.log_mel[b] = logf(e > m->log_floor ? e : m->log_floor);
    }
    /* Row i is symmetric (even i) or antisymmetric (odd i) about the middle band. */
    for (i = 0; i < m->num_coeffs; i++) {
        const float *d = m->f.dct + i * half;
        const float *l = m->f.log_mel;
        float c = 0.0f;
        for (b = 0; b < bands / 2; b++)
            c += d[b] * (i & 1 ? l[b] - l[bands - 1 - b] : l[b] + l[bands - 1 - b]);
        if (bands & 1)
            c += d[half - 1] * l[half - 1];
        out[i] = c;
    }
}

void mw_mfcc_compute(mw_mfcc *m, const int16_t *samples, float *out)
{
    if (m->fixed)
        mw_mfcc_fixed_compute(m, samples, out);
    else
        compute_float(m, samples, out);
}
