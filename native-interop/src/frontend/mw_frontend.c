/*
 * Streaming layer shared by both front ends: configuration, arena layout, the
 * sample window and odd-byte carry that make any chunking give the same frames,
 * and the int8 output conversion.
 *
 * Framing (both kinds): frame k covers samples [k*hop, k*hop + window). The first
 * frame is produced once `window` samples have arrived, then one per `hop` samples.
 */
#include <string.h>

#include "mw_frontend_internal.h"

#define MW_FE_ALIGN 16u

void *mw_fe_bump_take(mw_fe_bump *b, size_t bytes)
{
    size_t start = (b->used + (MW_FE_ALIGN - 1u)) & ~(size_t)(MW_FE_ALIGN - 1u);
    b->used = start + bytes;
    return b->base ? b->base + start : NULL;
}

mw_status mw_frontend_default_config(int32_t kind, mw_frontend_config *cfg)
{
    if (!cfg)
        return MW_ERR_ARGUMENT;
    memset(cfg, 0, sizeof(*cfg));
    cfg->kind = kind;
    cfg->sample_rate = 16000;
    cfg->hop_samples = 320;
    cfg->window_fn = MW_WINDOW_HANN;
    cfg->num_mel_bands = 40;
    cfg->frames_per_window = 49;
    cfg->log_floor = 1e-6f;
    if (kind == MW_FRONTEND_MFCC) {
        cfg->window_samples = 640;
        cfg->fft_size = 1024;
        cfg->lower_hz = 20.0f;
        cfg->upper_hz = 4000.0f;
        cfg->num_coeffs = 10;
        /* Neutral quantization; the engine replaces it with the model's input tensor's. */
        cfg->out_scale = 1.0f;
        cfg->out_zero_point = 0;
        return MW_OK;
    }
    if (kind == MW_FRONTEND_TFLM_MICRO) {
        cfg->window_samples = MW_MICRO_WINDOW;
        cfg->fft_size = MW_MICRO_FFT;
        cfg->lower_hz = 125.0f;
        cfg->upper_hz = 7500.0f;
        cfg->num_coeffs = MW_MICRO_CHANNELS;
        /* micro_speech's input quantization (informative: the int8 conversion of this
         * front end is micro_speech's fixed integer formula). */
        cfg->out_scale = 0.10171568f;
        cfg->out_zero_point = -128;
        return MW_OK;
    }
    return MW_ERR_CONFIG;
}

static mw_status validate(const mw_frontend_config *cfg)
{
    if (!cfg)
        return MW_ERR_ARGUMENT;
    if (cfg->kind == MW_FRONTEND_MFCC)
        return mw_mfcc_validate(cfg);
    if (cfg->kind == MW_FRONTEND_TFLM_MICRO)
        return mw_micro_validate(cfg);
    return MW_ERR_CONFIG;
}

mw_status mw_frontend_frame_size(const mw_frontend_config *cfg, int32_t *values)
{
    mw_status s;
    if (!values)
        return MW_ERR_ARGUMENT;
    s = validate(cfg);
    if (s != MW_OK)
        return s;
    *values = cfg->kind == MW_FRONTEND_MFCC ? cfg->num_coeffs : MW_MICRO_CHANNELS;
    return MW_OK;
}

/* One layout for measuring (b->base == NULL) and building. */
static mw_status layout(mw_frontend **out, const mw_frontend_config *cfg, int32_t mfcc_fixed, mw_fe_bump *b)
{
    mw_frontend *fe = (mw_frontend *)mw_fe_bump_take(b, sizeof(mw_frontend));
    mw_frontend scratch;
    int32_t values;
    mw_status s = mw_frontend_frame_size(cfg, &values);
    if (s != MW_OK)
        return s;
    if (!fe)
        fe = &scratch; /* measuring: pointers stay NULL */
    memset(fe, 0, sizeof(*fe));
    fe->cfg = *cfg;
    fe->values = values;
    fe->samples = (int16_t *)mw_fe_bump_take(b, (size_t)cfg->window_samples * sizeof(int16_t));
    fe->raw = (float *)mw_fe_bump_take(b, (size_t)values * sizeof(float));
    if (cfg->kind == MW_FRONTEND_MFCC) {
        s = mw_mfcc_layout(&fe->mfcc, cfg, mfcc_fixed, b);
        if (s != MW_OK)
            return s;
    } else {
        fe->raw_u16 = (uint16_t *)mw_fe_bump_take(b, (size_t)values * sizeof(uint16_t));
        fe->micro = (mw_micro *)mw_fe_bump_take(b, sizeof(mw_micro));
    }
    if (out)
        *out = fe;
    return MW_OK;
}

mw_status mw_frontend_arena_size_impl(const mw_frontend_config *cfg, int32_t mfcc_fixed, size_t *arena_bytes)
{
    mw_fe_bump b = { NULL, 0 };
    mw_status s;
    if (!arena_bytes)
        return MW_ERR_ARGUMENT;
    s = layout(NULL, cfg, mfcc_fixed, &b);
    if (s != MW_OK)
        return s;
    *arena_bytes = b.used;
    return MW_OK;
}

mw_status mw_frontend_arena_size(const mw_frontend_config *cfg, size_t *arena_bytes)
{
    return mw_frontend_arena_size_impl(cfg, MW_MFCC_FIXED, arena_bytes);
}

mw_status mw_frontend_init_impl(mw_frontend **out, const mw_frontend_config *cfg, int32_t mfcc_fixed, void *arena,
                                size_t arena_len)
{
    size_t need;
    mw_fe_bump b;
    mw_frontend *fe = NULL;
    mw_status s;
    if (!out || !arena)
        return MW_ERR_ARGUMENT;
    *out = NULL;
    if (((uintptr_t)arena & (MW_FE_ALIGN - 1u)) != 0)
        return MW_ERR_ALIGNMENT;
    s = mw_frontend_arena_size_impl(cfg, mfcc_fixed, &need);
    if (s != MW_OK)
        return s;
    if (arena_len < need)
        return MW_ERR_ARENA_TOO_SMALL;
    b.base = (uint8_t *)arena;
    b.used = 0;
    s = layout(&fe, cfg, mfcc_fixed, &b);
    if (s != MW_OK)
        return s;
    s = mw_frontend_reset(fe);
    if (s != MW_OK)
        return s;
    *out = fe;
    return MW_OK;
}

mw_status mw_frontend_init(mw_frontend **out, const mw_frontend_config *cfg, void *arena, size_t arena_len)
{
    return mw_frontend_init_impl(out, cfg, MW_MFCC_FIXED, arena, arena_len);
}

mw_status mw_frontend_reset(mw_frontend *fe)
{
    if (!fe)
        return MW_ERR_ARGUMENT;
    fe->fill = 0;
    fe->has_odd_byte = 0;
    fe->odd_byte = 0;
    memset(fe->samples, 0, (size_t)fe->cfg.window_samples * sizeof(int16_t));
    if (fe->micro)
        mw_micro_reset(fe->micro);
    return MW_OK;
}

static int16_t sample_from_bytes(uint8_t lo, uint8_t hi)
{
    int32_t v = (int32_t)lo | ((int32_t)hi << 8);
    return (int16_t)(v >= 32768 ? v - 65536 : v);
}

/* q = clamp(round_half_away(v / scale) + zp, -128, 127), defined for every float. */
static int8_t quantize(float v, float scale, int32_t zp)
{
    float x = v / scale;
    int32_t q;
    if (!(x == x))
        x = 0.0f; /* NaN cannot come from finite PCM; keep the result defined anyway */
    if (x > 512.0f)
        x = 512.0f;
    if (x < -512.0f)
        x = -512.0f;
    q = (int32_t)(x >= 0.0f ? x + 0.5f : x - 0.5f) + zp;
    if (q < -128)
        q = -128;
    if (q > 127)
        q = 127;
    return (int8_t)q;
}

/* micro_speech's conversion of the front end's uint16 output to its int8 input. */
static int8_t micro_to_int8(uint16_t v)
{
    int32_t q = ((int32_t)v * 256 + 333) / 666 - 128;
    if (q < -128)
        q = -128;
    if (q > 127)
        q = 127;
    return (int8_t)q;
}

static void emit_frame(mw_frontend *fe, int8_t *frame)
{
    int32_t i;
    if (fe->cfg.kind == MW_FRONTEND_MFCC) {
        mw_mfcc_compute(&fe->mfcc, fe->samples, fe->raw);
        for (i = 0; i < fe->values; i++)
            frame[i] = quantize(fe->raw[i], fe->cfg.out_scale, fe->cfg.out_zero_point);
    } else {
        mw_micro_compute(fe->micro, fe->samples, fe->raw_u16);
        for (i = 0; i < fe->values; i++) {
            fe->raw[i] = (float)fe->raw_u16[i];
            frame[i] = micro_to_int8(fe->raw_u16[i]);
        }
    }
    /* Keep the overlap for the next frame: window - hop samples, a constant cost per hop. */
    memmove(fe->samples, fe->samples + fe->cfg.hop_samples,
            (size_t)(fe->cfg.window_samples - fe->cfg.hop_samples) * sizeof(int16_t));
    fe->fill = fe->cfg.window_samples - fe->cfg.hop_samples;
}

mw_status mw_frontend_process(mw_frontend *fe, const uint8_t *pcm, size_t pcm_len,
                              size_t *consumed, int8_t *frame, size_t frame_len,
                              float *raw, size_t raw_len, int32_t *frame_ready)
{
    size_t i = 0;
    const int32_t window = fe ? fe->cfg.window_samples : 0;
    if (consumed)
        *consumed = 0;
    if (frame_ready)
        *frame_ready = 0;
    if (!fe || !consumed || !frame_ready || !frame || (!pcm && pcm_len > 0))
        return MW_ERR_ARGUMENT;
    if (frame_len < (size_t)fe->values || (raw && raw_len < (size_t)fe->values))
        return MW_ERR_BUFFER_TOO_SMALL;

    while (fe->fill < window) {
        int16_t s;
        if (fe->has_odd_byte) {
            if (i >= pcm_len)
                break;
            s = sample_from_bytes(fe->odd_byte, pcm[i]);
            fe->has_odd_byte = 0;
            i += 1;
        } else if (pcm_len - i >= 2) {
            s = sample_from_bytes(pcm[i], pcm[i + 1]);
            i += 2;
        } else {
            if (i < pcm_len) {
                fe->odd_byte = pcm[i];
                fe->has_odd_byte = 1;
                i += 1;
            }
            break;
        }
        fe->samples[fe->fill++] = s;
    }
    *consumed = i;
    if (fe->fill < window)
        return MW_OK;
    emit_frame(fe, frame);
    if (raw)
        memcpy(raw, fe->raw, (size_t)fe->values * sizeof(float));
    *frame_ready = 1;
    return MW_OK;
}
