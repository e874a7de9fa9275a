/*
 * TFLM micro frontend (tensorflow/lite/experimental/microfrontend), the features
 * Google's micro_speech model was trained on, reimplemented bit for bit with the same
 * integer arithmetic: window (Q12), block-floating-point scaling, kissfft int16 real
 * FFT, energy, triangular filter bank with weights/unweights (Q12), integer sqrt,
 * noise reduction (Q14 smoothing, carried across frames), PCAN gain control, and an
 * integer log. Only micro_speech's configuration is supported: its tables are
 * constants generated from TFLM's start-up state (see gen_micro_tables.py), so no
 * libm rounding can change them.
 */
#include <string.h>

#include "mw_frontend_internal.h"

#define MW_WINDOW_BITS 12
#define MW_FILTERBANK_BITS 12
#define MW_NOISE_REDUCTION_BITS 14
#define MW_PCAN_SNR_BITS 12
#define MW_PCAN_OUTPUT_BITS 6
#define MW_LOG_SCALE_LOG2 16
#define MW_LOG_SEGMENTS_LOG2 7
#define MW_LOG_COEFF 45426 /* ln(2) in Q16 */

mw_status mw_micro_validate(const mw_frontend_config *cfg)
{
    if (cfg->sample_rate != 16000 || cfg->window_samples != MW_MICRO_WINDOW || cfg->fft_size != MW_MICRO_FFT ||
        cfg->num_mel_bands != MW_MICRO_CHANNELS || cfg->lower_hz != 125.0f || cfg->upper_hz != 7500.0f)
        return MW_ERR_CONFIG;
    if (cfg->hop_samples < 1 || cfg->hop_samples > cfg->window_samples)
        return MW_ERR_CONFIG;
    return MW_OK;
}

void mw_micro_reset(mw_micro *m)
{
    memset(m, 0, sizeof(*m));
}

/* Bitwise integer square root with TFLM's rounding step (and its saturation rules). */
static uint32_t sqrt32(uint32_t num)
{
    uint32_t res = 0, bit;
    int max_bit, iterations;
    if (num == 0)
        return 0;
    max_bit = (32 - mw_bits32(num)) | 1;
    bit = 1u << (31 - max_bit);
    iterations = (31 - max_bit) / 2 + 1;
    while (iterations--) {
        if (num >= res + bit) {
            num -= res + bit;
            res = (res >> 1) + bit;
        } else {
            res >>= 1;
        }
        bit >>= 2;
    }
    if (num > res && res != 0xffffu)
        ++res;
    return res;
}

/* TFLM takes the 32-bit path whenever the upper word is clear (slightly off near 2^32;
 * reproduced on purpose). */
static uint32_t sqrt64(uint64_t num)
{
    uint64_t res = 0, bit;
    int max_bit, iterations;
    if ((num >> 32) == 0)
        return sqrt32((uint32_t)num);
    max_bit = (64 - mw_bits64(num)) | 1;
    bit = 1ull << (63 - max_bit);
    iterations = (63 - max_bit) / 2 + 1;
    while (iterations--) {
        if (num >= res + bit) {
            num -= res + bit;
            res = (res >> 1) + bit;
        } else {
            res >>= 1;
        }
        bit >>= 2;
    }
    if (num > res && res != 0xffffffffull)
        ++res;
    return (uint32_t)res;
}

/* Filter bank energy accumulation. TFLM stores |X|^2 as int32 and widens it with sign
 * extension; only |X|^2 = 2^31 (both parts -32768) is affected, reproduced here. */
static uint64_t widen_energy(uint32_t e)
{
    return (e & 0x80000000u) ? (uint64_t)e | 0xffffffff00000000ull : (uint64_t)e;
}

static void filterbank(mw_micro *m)
{
    uint64_t w_acc = 0, u_acc = 0;
    int32_t k, c;
    for (k = MW_MICRO_START_INDEX; k < MW_MICRO_END_INDEX; k++) {
        const int32_t re = m->spectrum[k].r, im = m->spectrum[k].i;
        m->energy[k] = (uint32_t)(re * re) + (uint32_t)(im * im); /* <= 2^31 */
    }
    /* Channel c accumulates its rising slope (weights) and the falling slope of channel
     * c-1 (unweights); the extra channel 0 only feeds channel 1. */
    for (c = 0; c < MW_MICRO_CHANNELS + 1; c++) {
        const int32_t start = mw_micro_channel_frequency_starts[c];
        const int16_t *w = mw_micro_weights + mw_micro_channel_weight_starts[c];
        const int16_t *u = mw_micro_unweights + mw_micro_channel_weight_starts[c];
        const int32_t width = mw_micro_channel_widths[c];
        int32_t j;
        for (j = 0; j < width; j++) {
            const uint64_t e = widen_energy(m->energy[start + j]);
            w_acc += (uint64_t)w[j] * e;
            u_acc += (uint64_t)u[j] * e;
        }
        m->work[c] = w_acc;
        w_acc = u_acc;
        u_acc = 0;
    }
}

static void noise_reduction(mw_micro *m)
{
    int32_t i;
    for (i = 0; i < MW_MICRO_CHANNELS; i++) {
        const uint32_t smoothing = (i & 1) == 0 ? MW_MICRO_NR_EVEN_SMOOTHING : MW_MICRO_NR_ODD_SMOOTHING;
        const uint32_t one_minus = (1u << MW_NOISE_REDUCTION_BITS) - smoothing;
        const uint32_t scaled = m->signal[i] << MW_MICRO_NR_SMOOTHING_BITS;
        uint32_t estimate = (uint32_t)(((uint64_t)scaled * smoothing + (uint64_t)m->noise_estimate[i] * one_minus) >>
                                       MW_NOISE_REDUCTION_BITS);
        uint32_t floor_v, subtracted;
        m->noise_estimate[i] = estimate;
        if (estimate > scaled)
            estimate = scaled;
        floor_v = (uint32_t)(((uint64_t)m->signal[i] * MW_MICRO_NR_MIN_SIGNAL) >> MW_NOISE_REDUCTION_BITS);
        subtracted = (scaled - estimate) >> MW_MICRO_NR_SMOOTHING_BITS;
        m->signal[i] = subtracted > floor_v ? subtracted : floor_v;
    }
}

/* PCAN gain from the noise estimate: piecewise quadratic in log2 segments (gain LUT). */
static int16_t wide_dynamic_gain(uint32_t x)
{
    const int16_t *lut = mw_micro_gain_lut;
    int32_t interval, frac;
    int64_t r;
    if (x <= 2)
        return lut[x];
    interval = mw_bits32(x);
    lut += 4 * interval - 6;
    frac = (int32_t)((interval < 11 ? x << (11 - interval) : x >> (interval - 11)) & 0x3ff);
    r = (int64_t)mw_asr32((int32_t)lut[2] * frac, 5);
    r += (int64_t)lut[1] * 32;
    r *= frac;
    r = (int64_t)mw_asr32((int32_t)(r + (1 << 14)), 15);
    r += lut[0];
    return mw_wrap16((int32_t)r);
}

static uint32_t pcan_shrink(uint32_t x)
{
    if (x < (2u << MW_PCAN_SNR_BITS))
        return (x * x) >> (2 + 2 * MW_PCAN_SNR_BITS - MW_PCAN_OUTPUT_BITS);
    return (x >> (MW_PCAN_SNR_BITS - MW_PCAN_OUTPUT_BITS)) - (1u << MW_PCAN_OUTPUT_BITS);
}

static void pcan(mw_micro *m)
{
    int32_t i;
    for (i = 0; i < MW_MICRO_CHANNELS; i++) {
        /* The int16 gain is widened to uint32 as in TFLM (a negative gain wraps). */
        const uint32_t gain = (uint32_t)(int32_t)wide_dynamic_gain(m->noise_estimate[i]);
        const uint32_t snr = (uint32_t)(((uint64_t)m->signal[i] * gain) >> MW_MICRO_PCAN_SNR_SHIFT);
        m->signal[i] = pcan_shrink(snr);
    }
}

/* log2 by leading bit plus a corrected linear interpolation (129-entry table). */
static uint32_t log_fraction(uint32_t x, uint32_t log2x)
{
    int32_t frac = (int32_t)((int64_t)x - ((int64_t)1 << log2x));
    uint32_t base_seg;
    int32_t c0, c1, seg_base, rel_pos;
    if (log2x < MW_LOG_SCALE_LOG2)
        frac <<= MW_LOG_SCALE_LOG2 - log2x;
    else
        frac >>= log2x - MW_LOG_SCALE_LOG2;
    base_seg = (uint32_t)frac >> (MW_LOG_SCALE_LOG2 - MW_LOG_SEGMENTS_LOG2);
    c0 = mw_micro_log_lut[base_seg];
    c1 = mw_micro_log_lut[base_seg + 1];
    seg_base = (int32_t)(base_seg << (MW_LOG_SCALE_LOG2 - MW_LOG_SEGMENTS_LOG2));
    rel_pos = mw_asr32((c1 - c0) * (frac - seg_base), MW_LOG_SCALE_LOG2);
    return (uint32_t)(frac + c0 + rel_pos);
}

static uint32_t log_scaled(uint32_t x)
{
    const uint32_t integer = (uint32_t)mw_bits32(x) - 1;
    const uint32_t log2 = (integer << MW_LOG_SCALE_LOG2) + log_fraction(x, integer);
    const uint32_t round = 1u << (MW_LOG_SCALE_LOG2 - 1);
    const uint32_t loge = (uint32_t)(((uint64_t)MW_LOG_COEFF * log2 + round) >> MW_LOG_SCALE_LOG2);
    return ((loge << MW_MICRO_LOG_SCALE_SHIFT) + round) >> MW_LOG_SCALE_LOG2;
}

void mw_micro_compute(mw_micro *m, const int16_t *samples, uint16_t *out)
{
    /* The filter bank output carries 2^(log2(fft) - 1 - bits/2) too much gain. */
    const int correction = mw_bits32(MW_MICRO_FFT) - 1 - MW_FILTERBANK_BITS / 2;
    int16_t max_abs = 0;
    int shift, i;
    for (i = 0; i < MW_MICRO_WINDOW; i++) {
        const int16_t v = mw_wrap16(mw_asr32((int32_t)samples[i] * mw_micro_window[i], MW_WINDOW_BITS));
        const int16_t a = v < 0 ? mw_wrap16(-(int32_t)v) : v; /* -32768 stays negative, as in TFLM */
        m->fft_in[i] = v;
        if (a > max_abs)
            max_abs = a;
    }
    /* Block floating point: scale the window up to use the FFT's full int16 range. */
    shift = 15 - mw_bits32((uint32_t)max_abs);
    for (i = 0; i < MW_MICRO_WINDOW; i++)
        m->fft_in[i] = mw_wrap16((int32_t)(((uint32_t)(uint16_t)m->fft_in[i] << shift) & 0xffffu));
    for (; i < MW_MICRO_FFT; i++)
        m->fft_in[i] = 0;
    mw_micro_rfft(m->fft_in, m->fft_tmp, m->spectrum);
    filterbank(m);
    for (i = 0; i < MW_MICRO_CHANNELS; i++)
        m->signal[i] = sqrt64(m->work[i + 1]) >> shift;
    noise_reduction(m);
    pcan(m);
    for (i = 0; i < MW_MICRO_CHANNELS; i++) {
        uint32_t v = correction < 0 ? m->signal[i] >> -correction : m->signal[i] << correction;
        v = v > 1 ? log_scaled(v) : 0;
        out[i] = (uint16_t)(v < 0xffffu ? v : 0xffffu);
    }
}
