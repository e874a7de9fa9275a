/* Raw microphone frames -> int16 PCM with DC removal and gain (see mw_nf_input.h). */
#include "mw_nf_input.h"

#include <string.h>

/* Samples are carried at 24-bit precision: the INMP441/SPH0645 deliver 24 significant
 * bits, and a quiet room sits far below the top 16 bits, so gain must come first. */
#define MW_NF_CLIP_24 (0x7FFF * 256)

/* floor(v / 2^n) without relying on the implementation-defined >> of negative values. */
static int64_t mw_nf_asr64(int64_t v, unsigned n)
{
    return v >= 0 ? (v >> n) : -(((-v) - 1) >> n) - 1;
}

static int32_t mw_nf_read_slot(const uint8_t *p, int32_t bits)
{
    if (bits == 16) {
        uint32_t u = (uint32_t)p[0] | ((uint32_t)p[1] << 8);
        int32_t s = (u >= 0x8000u) ? (int32_t)u - 0x10000 : (int32_t)u;
        return s * 256;
    } else {
        uint32_t u = (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
        int64_t s = (u >= 0x80000000u) ? (int64_t)u - 0x100000000LL : (int64_t)u;
        return (int32_t)mw_nf_asr64(s, 8);
    }
}

void mw_nf_input_default_config(mw_nf_input_config *cfg)
{
    if (!cfg)
        return;
    cfg->bits_per_sample = 16;
    cfg->channels = 1;
    cfg->channel = 0;
    cfg->gain_q8 = MW_NF_GAIN_UNITY;
    cfg->remove_dc = 0;
}

mw_status mw_nf_input_configure(mw_nf_input *in, const mw_nf_input_config *cfg)
{
    if (!in || !cfg)
        return MW_ERR_ARGUMENT;
    if (cfg->bits_per_sample != 16 && cfg->bits_per_sample != 32)
        return MW_ERR_CONFIG;
    if (cfg->channels != 1 && cfg->channels != 2)
        return MW_ERR_CONFIG;
    if (cfg->channel < 0 || cfg->channel >= cfg->channels)
        return MW_ERR_CONFIG;
    if (cfg->gain_q8 < 1 || cfg->gain_q8 > MW_NF_GAIN_MAX)
        return MW_ERR_CONFIG;
    in->cfg = *cfg;
    in->cfg.remove_dc = cfg->remove_dc ? 1 : 0;
    mw_nf_input_reset(in);
    return MW_OK;
}

void mw_nf_input_reset(mw_nf_input *in)
{
    if (!in)
        return;
    in->dc_acc = 0;
    in->carry_len = 0;
    memset(in->carry, 0, sizeof in->carry);
    memset(&in->levels, 0, sizeof in->levels);
}

uint32_t mw_nf_input_frame_bytes(const mw_nf_input *in)
{
    return (uint32_t)(in->cfg.bits_per_sample / 8 * in->cfg.channels);
}

static int16_t mw_nf_condition(mw_nf_input *in, int32_t s24)
{
    int32_t mag = s24 < 0 ? -s24 : s24;
    int64_t y = s24;
    int64_t v;

    in->levels.samples++;
    if (s24 == 0)
        in->levels.zeros++;
    if (mag >= MW_NF_CLIP_24)
        in->levels.clipped++;
    if ((mag >> 8) > in->levels.peak)
        in->levels.peak = mag >> 8;

    if (in->cfg.remove_dc) {
        int64_t dc = mw_nf_asr64(in->dc_acc, MW_NF_DC_SHIFT);
        y = (int64_t)s24 - dc;
        in->dc_acc += y;
    }
    /* 24-bit sample * gain (Q8) -> 16-bit, rounded, saturated. */
    v = mw_nf_asr64(y * in->cfg.gain_q8 + 32768, 16);
    if (v > 32767)
        v = 32767;
    if (v < -32768)
        v = -32768;
    return (int16_t)v;
}

mw_status mw_nf_input_convert(mw_nf_input *in, const uint8_t *raw, size_t raw_len, size_t *raw_used,
                              int16_t *out, size_t out_cap, size_t *out_len)
{
    uint32_t frame_bytes;
    uint32_t slot_offset;
    size_t used = 0;
    size_t produced = 0;

    if (raw_used)
        *raw_used = 0;
    if (out_len)
        *out_len = 0;
    if (!in || !raw_used || !out_len || (!raw && raw_len > 0) || (!out && out_cap > 0))
        return MW_ERR_ARGUMENT;

    frame_bytes = mw_nf_input_frame_bytes(in);
    slot_offset = (uint32_t)(in->cfg.channel * (in->cfg.bits_per_sample / 8));

    while (produced < out_cap && used < raw_len) {
        const uint8_t *frame;
        if (in->carry_len > 0 || raw_len - used < frame_bytes) {
            /* Assemble a frame split across calls. */
            size_t need = frame_bytes - in->carry_len;
            size_t take = raw_len - used < need ? raw_len - used : need;
            memcpy(in->carry + in->carry_len, raw + used, take);
            in->carry_len += (uint32_t)take;
            used += take;
            if (in->carry_len < frame_bytes)
                break;
            in->carry_len = 0;
            frame = in->carry;
        } else {
            frame = raw + used;
            used += frame_bytes;
        }
        out[produced++] = mw_nf_condition(in, mw_nf_read_slot(frame + slot_offset, in->cfg.bits_per_sample));
    }
    *raw_used = used;
    *out_len = produced;
    return MW_OK;
}

void mw_nf_input_take_levels(mw_nf_input *in, mw_nf_input_levels *levels)
{
    if (!in)
        return;
    if (levels)
        *levels = in->levels;
    memset(&in->levels, 0, sizeof in->levels);
}
