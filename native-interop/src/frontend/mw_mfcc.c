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

static double mel_to_hz(double mel)
{
    return 700.0 * (pow(10.0, mel / 2595.0) - 1.0);
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

static mel_band band(const mw_frontend_config *cfg, int32_t b)
{
    const double lo = hz_to_mel((double)cfg->lower_hz), hi = hz_to_mel((double)cfg->upper_hz);
    const double step = (hi - lo) / (double)(cfg->num_mel_bands + 1);
    const int32_t bins = cfg->fft_size / 2 + 1;
    mel_band e;
    int32_t k, end;
    e.left = mel_to_hz(lo + step * (double)b);
    e.centre = mel_to_hz(lo + step * (double)(b + 1));
    e.right = mel_to_hz(lo + step * (double)(b + 2));
    e.bin_hz = (double)cfg->sample_rate / (double)cfg->fft_size;
    e.first = 0;
    e.count = 0;
    /* Only bins between the edges can have a weight (one spare bin each side for rounding). */
    k = (int32_t)(e.left / e.bin_hz) - 1;
    end = (int32_t)(e.right / e.bin_hz) + 2;
    if (k < 0)
        k = 0;
    if (end > bins)
        end = bins;
    for (; k < end; k++) {
        if (mel_weight(&e, k) > 0.0) {
            if (e.count == 0)
                e.first = k;
            e.count = k - e.first + 1;
        }
    }
    return e;
}

mw_status mw_mfcc_validate(const mw_frontend_config *cfg)
{
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
    for (b = 0; b < cfg->num_mel_bands; b++) {
        if (band(cfg, b).count == 0)
            return MW_ERR_CONFIG;
    }
    return MW_OK;
}

/* Window value n (periodic Hann or Hamming). */
static double window_at(const mw_frontend_config *cfg, int32_t n)
{
    const double a0 = cfg->window_fn == MW_WINDOW_HAMMING ? 0.54 : 0.5;
    return a0 - (1.0 - a0) * cos(6.283185307179586476925286766559 * (double)n / (double)cfg->window_samples);
}

/* Orthonormal DCT-II coefficient (i, b). */
static double dct_at(const mw_frontend_config *cfg, int32_t i, int32_t b)
{
    const double s = sqrt((i == 0 ? 1.0 : 2.0) / (double)cfg->num_mel_bands);
    return s * cos(3.1415926535897932384626433832795 * (double)i * ((double)b + 0.5) / (double)cfg->num_mel_bands);
}

static void build_float_tables(mw_mfcc *m, const mw_frontend_config *cfg)
{
    int32_t n, b, i, at = 0;
    for (n = 0; n < m->window_samples; n++)
        m->f.window[n] = (float)(window_at(cfg, n) / 32768.0);
    mw_rfft_init_tables(m);
    for (b = 0; b < m->num_bands; b++) {
        const mel_band e = band(cfg, b);
        int32_t k;
        for (k = 0; k < e.count; k++)
            m->f.band_weights[at++] = (float)mel_weight(&e, e.first + k);
    }
    for (i = 0; i < m->num_coeffs; i++)
        for (b = 0; b < m->num_bands; b++)
            m->f.dct[i * m->num_bands + b] = (float)dct_at(cfg, i, b);
}

static void build_fixed_tables(mw_mfcc *m, const mw_frontend_config *cfg)
{
    int32_t n, b, i, at = 0;
    for (n = 0; n < m->window_samples; n++)
        m->q.window[n] = (int32_t)floor(window_at(cfg, n) * 1073741824.0 + 0.5);
    for (b = 0; b < m->num_bands; b++) {
        const mel_band e = band(cfg, b);
        int32_t k;
        for (k = 0; k < e.count; k++)
            m->q.band_weights[at++] = (int16_t)floor(mel_weight(&e, e.first + k) * 32767.0 + 0.5);
    }
    for (i = 0; i < m->num_coeffs; i++)
        for (b = 0; b < m->num_bands; b++)
            m->q.dct[i * m->num_bands + b] = (int32_t)floor(dct_at(cfg, i, b) * 1073741824.0 + 0.5);
    for (i = 0; i <= 128; i++)
        m->q.log2_lut[i] = (int32_t)floor(log2(1.0 + (double)i / 128.0) * 1073741824.0 + 0.5);
    m->q.log_floor_q16 = (int32_t)floor(log((double)cfg->log_floor) * 65536.0 + 0.5);
    mw_rfft_fixed_init_tables(m);
}

mw_status mw_mfcc_layout(mw_mfcc *m, const mw_frontend_config *cfg, int32_t fixed, mw_fe_bump *b)
{
    const int32_t n = cfg->fft_size;
    int32_t i, total = 0;
    for (i = 0; i < cfg->num_mel_bands; i++)
        total += band(cfg, i).count;
    m->fixed = fixed;
    m->window_samples = cfg->window_samples;
    m->fft_size = n;
    m->num_bins = n / 2 + 1;
    m->num_bands = cfg->num_mel_bands;
    m->num_coeffs = cfg->num_coeffs;
    m->log_floor = cfg->log_floor;
    m->bitrev = (uint16_t *)mw_fe_bump_take(b, (size_t)(n / 2) * sizeof(uint16_t));
    m->band_first = (int16_t *)mw_fe_bump_take(b, (size_t)m->num_bands * sizeof(int16_t));
    m->band_count = (int16_t *)mw_fe_bump_take(b, (size_t)m->num_bands * sizeof(int16_t));
    if (fixed) {
        m->q.window = (int32_t *)mw_fe_bump_take(b, (size_t)cfg->window_samples * sizeof(int32_t));
        m->q.fft_buf = (int32_t *)mw_fe_bump_take(b, (size_t)n * sizeof(int32_t));
        m->q.twiddle = (int32_t *)mw_fe_bump_take(b, (size_t)n * sizeof(int32_t));
        m->q.power = (uint64_t *)mw_fe_bump_take(b, (size_t)m->num_bins * sizeof(uint64_t));
        m->q.band_weights = (int16_t *)mw_fe_bump_take(b, (size_t)total * sizeof(int16_t));
        m->q.log_mel = (int32_t *)mw_fe_bump_take(b, (size_t)m->num_bands * sizeof(int32_t));
        m->q.dct = (int32_t *)mw_fe_bump_take(b, (size_t)(m->num_coeffs * m->num_bands) * sizeof(int32_t));
        m->q.log2_lut = (int32_t *)mw_fe_bump_take(b, 129 * sizeof(int32_t));
    } else {
        m->f.window = (float *)mw_fe_bump_take(b, (size_t)cfg->window_samples * sizeof(float));
        m->f.fft_buf = (float *)mw_fe_bump_take(b, (size_t)n * sizeof(float));
        m->f.twiddle = (float *)mw_fe_bump_take(b, (size_t)n * sizeof(float));
        m->f.power = (float *)mw_fe_bump_take(b, (size_t)m->num_bins * sizeof(float));
        m->f.band_weights = (float *)mw_fe_bump_take(b, (size_t)total * sizeof(float));
        m->f.log_mel = (float *)mw_fe_bump_take(b, (size_t)m->num_bands * sizeof(float));
        m->f.dct = (float *)mw_fe_bump_take(b, (size_t)(m->num_coeffs * m->num_bands) * sizeof(float));
    }
    if (!b->base)
        return MW_OK;
    mw_fft_bitrev_init(m->bitrev, n / 2);
    for (i = 0; i < m->num_bands; i++) {
        const mel_band e = band(cfg, i);
        m->band_first[i] = (int16_t)e.first;
        m->band_count[i] = (int16_t)e.count;
    }
    if (fixed)
        build_fixed_tables(m, cfg);
    else
        build_float_tables(m, cfg);
    return MW_OK;
}

static void compute_float(mw_mfcc *m, const int16_t *samples, float *out)
{
    const float *wt = m->f.band_weights;
    int32_t n, b, i;
    for (n = 0; n < m->window_samples; n++)
        m->f.fft_buf[n] = (float)samples[n] * m->f.window[n];
    for (; n < m->fft_size; n++)
        m->f.fft_buf[n] = 0.0f;
    mw_rfft_power(m);
    for (b = 0; b < m->num_bands; b++) {
        const float *p = m->f.power + m->band_first[b];
        float e = 0.0f;
        int32_t k;
        for (k = 0; k < m->band_count[b]; k++)
            e += wt[k] * p[k];
        wt += m->band_count[b];
        m->f.log_mel[b] = logf(e > m->log_floor ? e : m->log_floor);
    }
    for (i = 0; i < m->num_coeffs; i++) {
        const float *d = m->f.dct + i * m->num_bands;
        float c = 0.0f;
        for (b = 0; b < m->num_bands; b++)
            c += d[b] * m->f.log_mel[b];
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
