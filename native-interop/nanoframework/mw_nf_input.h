/*
 * Microphone input conditioning for the nanoFramework glue: raw I2S/PDM frames in
 * (16-bit or 32-bit slots, mono or stereo), int16 PCM out, with DC removal and gain
 * done here rather than in C# (the interpreter is far too slow for per-sample work).
 */
#ifndef MW_NF_INPUT_H
#define MW_NF_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "microwake.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Unity gain in mw_nf_input_config.gain_q8. */
#define MW_NF_GAIN_UNITY 256
/* Largest gain (x256, 48 dB): more only amplifies the mic's noise floor. */
#define MW_NF_GAIN_MAX (256 * 256)
/* DC tracker time constant: 2^10 samples, a high-pass corner of about 2.5 Hz at 16 kHz. */
#define MW_NF_DC_SHIFT 10
/* Largest frame: two 32-bit slots. */
#define MW_NF_MAX_FRAME_BYTES 8

typedef struct mw_nf_input_config {
    int32_t bits_per_sample; /* 16: int16 LE slots; 32: int32 LE slots, data left-justified (24 bits used) */
    int32_t channels;        /* slots per frame: 1 or 2 */
    int32_t channel;         /* slot to keep: 0 .. channels-1 */
    int32_t gain_q8;         /* 1 .. MW_NF_GAIN_MAX; 256 = unity */
    int32_t remove_dc;       /* nonzero: subtract the tracked DC offset */
} mw_nf_input_config;

/* Raw-signal health counters (before DC removal and gain), for the start-up self-test. */
typedef struct mw_nf_input_levels {
    uint32_t samples; /* samples of the kept channel seen */
    uint32_t zeros;   /* raw value exactly 0 */
    uint32_t clipped; /* raw value within one 16-bit step of full scale */
    int32_t peak;     /* largest |raw| in 16-bit units (0 .. 32768) */
} mw_nf_input_levels;

typedef struct mw_nf_input {
    mw_nf_input_config cfg;
    int64_t dc_acc;                        /* DC estimate << MW_NF_DC_SHIFT, 24-bit sample units */
    uint8_t carry[MW_NF_MAX_FRAME_BYTES];  /* partial frame left by the previous call */
    uint32_t carry_len;
    mw_nf_input_levels levels;
} mw_nf_input;

/* Fills cfg with the pass-through setting: int16 mono, unity gain, no DC removal. */
void mw_nf_input_default_config(mw_nf_input_config *cfg);

/* Validates cfg and resets the converter. On error `in` is left unchanged. */
mw_status mw_nf_input_configure(mw_nf_input *in, const mw_nf_input_config *cfg);

/* Clears the DC tracker, the partial frame and the levels; keeps the configuration. */
void mw_nf_input_reset(mw_nf_input *in);

/* Bytes per raw frame for the current configuration. */
uint32_t mw_nf_input_frame_bytes(const mw_nf_input *in);

/* Converts raw bytes to int16 samples. Stops when `out` is full or `raw` is used up;
 * *raw_used counts every byte taken, including a trailing partial frame that is kept
 * for the next call, so chunking never changes the output. */
mw_status mw_nf_input_convert(mw_nf_input *in, const uint8_t *raw, size_t raw_len, size_t *raw_used,
                              int16_t *out, size_t out_cap, size_t *out_len);

/* Copies the levels gathered since the last call (or reset) and clears them. */
void mw_nf_input_take_levels(mw_nf_input *in, mw_nf_input_levels *levels);

#ifdef __cplusplus
}
#endif

#endif
