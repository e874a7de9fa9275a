/*
 * Front-end internals shared by the streaming layer (mw_frontend.c) and the two
 * feature pipelines (MFCC, TFLM micro frontend). Not part of the public API.
 */
#ifndef MW_FRONTEND_INTERNAL_H
#define MW_FRONTEND_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "microwake.h"
#include "mw_micro_tables.h"

/* Bump allocator over an arena. With base == NULL it only measures, so the size
 * query and init share one layout function and can never disagree. */
typedef struct mw_fe_bump {
    uint8_t *base;
    size_t used;
} mw_fe_bump;

void *mw_fe_bump_take(mw_fe_bump *b, size_t bytes);

/* ---- integer helpers (defined for every input on every compiler) --------- */

/* Arithmetic shift right (floor division by 2^s), also for negative values. */
static inline int32_t mw_asr32(int32_t v, int s)
{
    return v >= 0 ? v >> s : ~(~v >> s);
}

static inline int64_t mw_asr64(int64_t v, int s)
{
    return v >= 0 ? v >> s : ~(~v >> s);
}

/* Two's complement truncation to int16, as a store into an int16 variable does. */
static inline int16_t mw_wrap16(int32_t v)
{
    v &= 0xffff;
    return (int16_t)(v >= 0x8000 ? v - 0x10000 : v);
}

/* Number of significant bits (0 for 0). */
static inline int32_t mw_bits32(uint32_t x)
{
    int32_t n = 0;
    if (x >> 16) { n += 16; x >>= 16; }
    if (x >> 8) { n += 8; x >>= 8; }
    if (x >> 4) { n += 4; x >>= 4; }
    if (x >> 2) { n += 2; x >>= 2; }
    if (x >> 1) { n += 1; x >>= 1; }
    return n + (int32_t)x;
}

static inline int32_t mw_bits64(uint64_t x)
{
    return (x >> 32) ? 32 + mw_bits32((uint32_t)(x >> 32)) : mw_bits32((uint32_t)x);
}

/* ---- MFCC ------------------------------------------------------------------ */

/* Which MFCC pipeline the public API uses: the integer one on cores without an FPU
 * (soft-float MFCC costs about 3.3 M instructions per hop on RV32IMC), float elsewhere.
 * Both compute the same definition (docs/frontends.md); tests compare them. */
#ifndef MW_MFCC_FIXED
#if (defined(__arm__) && !defined(__ARM_FP)) || (defined(__riscv) && !defined(__riscv_flen))
#define MW_MFCC_FIXED 1
#else
#define MW_MFCC_FIXED 0
#endif
#endif

/* Arena use is kept low with symmetries and shared buffers (docs/frontends.md):
 *   window  half of it: w[n] = w[window - n] for the periodic windows
 *   twiddle cos(2 pi k / fft_size) for k <= fft_size/4 only: sin is the same table read
 *           backwards, and the other quadrants follow from the signs
 *   power   |X[k]|^2 is written over the FFT buffer, bin k in the slot of complex value k
 *           (the split step reads values k and fft_size/2 - k, then writes both bins)
 *   DCT     half of each row: d[i][bands-1-b] = (-1)^i d[i][b]
 *   bit reversal computed on the fly (mw_bitrev_next), no table. */

/* Float tables and buffers. */
typedef struct mw_mfcc_float {
    float *window;            /* [window_samples/2 + 1], includes the 1/32768 PCM scale */
    float *fft_buf;           /* [fft_size + 2]: fft_size/2 interleaved complex values; then
                                 the power of bin k in float 2k (k = 0 .. fft_size/2) */
    float *cos_table;         /* [fft_size/4 + 1] */
    float *band_weights;      /* concatenated weights of all bands */
    float *log_mel;           /* [num_bands] */
    float *dct;               /* [num_coeffs * dct_half] */
} mw_mfcc_float;

/* Integer tables and buffers (block floating point, see mw_mfcc_fixed.c). */
typedef struct mw_mfcc_fixed {
    int32_t *window;          /* [window_samples/2 + 1] Q30 */
    int32_t *fft_buf;         /* [fft_size + 2] interleaved complex; then |2X[k]|^2 (uint64)
                                 of the block-scaled spectrum in words 2k (high), 2k+1 (low) */
    int32_t *cos_table;       /* [fft_size/4 + 1] Q30 */
    int16_t *band_weights;    /* Q15 */
    int32_t *log_mel;         /* [num_bands] natural log, Q16 */
    int32_t *dct;             /* [num_coeffs * dct_half] Q30 */
    int32_t *log2_lut;        /* [129] log2(1 + i/128), Q30 */
    int32_t log_floor_q16;    /* ln(log_floor), Q16 */
} mw_mfcc_fixed;

typedef struct mw_mfcc {
    int32_t fixed;            /* 1: integer pipeline */
    int32_t window_samples;
    int32_t fft_size;
    int32_t num_bands;
    int32_t num_coeffs;
    int32_t dct_half;         /* (num_bands + 1) / 2 stored columns of the DCT */
    float log_floor;
    int16_t *band_first;      /* [num_bands] first FFT bin with a non-zero weight */
    int16_t *band_count;      /* [num_bands] number of weights */
    mw_mfcc_float f;
    mw_mfcc_fixed q;
} mw_mfcc;

/* Next index in bit-reversed counting over n (a power of two): visiting k = 0, 1, ...
 * with r = 0, next(0), next(next(0)), ... pairs k with its bit reversal r. */
static inline int32_t mw_bitrev_next(int32_t r, int32_t n)
{
    int32_t m = n >> 1;
    while (m >= 1 && r >= m) {
        r -= m;
        m >>= 1;
    }
    return r + m;
}

mw_status mw_mfcc_validate(const mw_frontend_config *cfg);
/* Lays out (base == NULL: measures) the MFCC state of the chosen pipeline and, when
 * building, fills its tables. */
mw_status mw_mfcc_layout(mw_mfcc *m, const mw_frontend_config *cfg, int32_t fixed, mw_fe_bump *b);
/* samples: window_samples int16 values; out: num_coeffs floats. */
void mw_mfcc_compute(mw_mfcc *m, const int16_t *samples, float *out);

/* cos(a0 + k d) for k = 0, 1, ... by rotation: two libm calls per table instead of one per
 * value (soft double cos is most of the set-up cost on cores without a double FPU). In
 * double precision the error after k steps is about k * 2e-16, far below float's. */
typedef struct mw_rotor {
    double c, s, dc, ds;
} mw_rotor;

void mw_rotor_start(mw_rotor *r, double a0, double d);

static inline double mw_rotor_next(mw_rotor *r)
{
    const double c = r->c;
    r->c = c * r->dc - r->s * r->ds;
    r->s = r->s * r->dc + c * r->ds;
    return c;
}

/* Float real FFT of m->f.fft_buf (fft_size real values, in place); leaves the power
 * spectrum |X[k]|^2, k = 0..fft_size/2, in m->f.fft_buf[2k]. */
void mw_rfft_power(mw_mfcc *m);
void mw_rfft_init_tables(mw_mfcc *m);

/* Integer pipeline (mw_mfcc_fixed.c, mw_rfft_fixed.c). */
void mw_rfft_fixed_init_tables(mw_mfcc *m);
void mw_mfcc_fixed_compute(mw_mfcc *m, const int16_t *samples, float *out);
/* In-place real FFT of m->q.fft_buf (block-scaled int32, exponent *e: value = int * 2^e);
 * leaves |2X[k]|^2 in words 2k, 2k+1 of m->q.fft_buf (so P[k] = power * 2^(2e - 2),
 * read with mw_power_u64) and updates *e. */
void mw_rfft_fixed_power(mw_mfcc *m, int32_t *e);

/* Power of bin k left by mw_rfft_fixed_power (uint32 words: int32 storage may be read
 * as uint32 without breaking C's aliasing rules). */
static inline uint64_t mw_power_u64(const uint32_t *words, int32_t k)
{
    return ((uint64_t)words[2 * k] << 32) | words[2 * k + 1];
}

/* Public entry points with an explicit MFCC pipeline (tests compare the two). */
mw_status mw_frontend_arena_size_impl(const mw_frontend_config *cfg, int32_t mfcc_fixed, size_t *arena_bytes);
mw_status mw_frontend_init_impl(mw_frontend **out, const mw_frontend_config *cfg, int32_t mfcc_fixed, void *arena,
                                size_t arena_len);

/* ---- TFLM micro frontend ------------------------------------------------- */


typedef struct mw_cpx16 {
    int16_t r;
    int16_t i;
} mw_cpx16;

typedef struct mw_micro {
    int16_t fft_in[MW_MICRO_FFT];                 /* scaled, zero-padded window */
    mw_cpx16 fft_tmp[MW_MICRO_FFT / 2];           /* complex half-size FFT output */
    mw_cpx16 spectrum[MW_MICRO_FFT / 2 + 1];      /* real FFT output */
    uint32_t energy[MW_MICRO_FFT / 2 + 1];      /* |X|^2; bins outside the filter bank stay 0 */
    uint64_t work[MW_MICRO_CHANNELS + 1];
    uint32_t signal[MW_MICRO_CHANNELS];
    uint32_t noise_estimate[MW_MICRO_CHANNELS];  /* noise reduction state: carried across frames */
} mw_micro;

mw_status mw_micro_validate(const mw_frontend_config *cfg);
void mw_micro_reset(mw_micro *m);
/* samples: MW_MICRO_WINDOW int16 values; out: MW_MICRO_CHANNELS uint16 values. */
void mw_micro_compute(mw_micro *m, const int16_t *samples, uint16_t *out);
/* kissfft (FIXED_POINT=16) compatible real FFT of MW_MICRO_FFT int16 samples. */
void mw_micro_rfft(const int16_t *in, mw_cpx16 *tmp, mw_cpx16 *out);

/* ---- the streaming object ------------------------------------------------ */

struct mw_frontend {
    mw_frontend_config cfg;
    int32_t values;           /* output values per frame */
    int32_t fill;             /* samples held in `samples` */
    int32_t has_odd_byte;     /* a low byte is waiting for its high byte */
    uint8_t odd_byte;
    int16_t *samples;         /* [window_samples] analysis window, oldest first */
    float *raw;               /* [values] frame before quantization */
    uint16_t *raw_u16;        /* TFLM micro only: [values] */
    mw_mfcc mfcc;
    mw_micro *micro;
};

#endif
