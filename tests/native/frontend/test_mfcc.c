/* MFCC front end against an independent double-precision reference (direct DFT,
 * separately written mel bank and DCT), plus configuration and argument checks. */
#include <math.h>

#include "microwake.h"
#include "mw_frontend_internal.h"
#include "mw_test.h"
#include "mw_test_wav.h"

/* Stated tolerance: max |coefficient difference| vs the double reference. */
#define MFCC_TOLERANCE 0.005

#define MAX_FRAMES 128
/* Frames checked against the (slow, double) reference: all on 64-bit hosts, every 8th
 * and the last on the microcontroller targets under QEMU (soft double precision). */
#if defined(__x86_64__) || defined(__aarch64__) || defined(_M_X64)
#define REF_STRIDE 1
#else
#define REF_STRIDE 8
#endif
#define MAX_VALUES 64

static uint8_t wav_buf[40 * 1024];
static uint8_t arena[32 * 1024] __attribute__((aligned(16)));

/* ---- double reference ---------------------------------------------------- */

static double ref_mel(double hz) { return 2595.0 * log10(1.0 + hz / 700.0); }
static double ref_hz(double mel) { return 700.0 * (pow(10.0, mel / 2595.0) - 1.0); }

/* cos/sin(2 pi j / N) for the direct DFT, filled per FFT size. */
static double trig_cos[4096], trig_sin[4096];
static int trig_n;

static void ref_mfcc(const mw_frontend_config *c, const int16_t *x, double *out)
{
    static double power[2049], xw[4096];
    double pts[130], logmel[128];
    const double pi = acos(-1.0);
    const int n_fft = c->fft_size, w = c->window_samples, bands = c->num_mel_bands;
    int k, n, b, i;
    if (trig_n != n_fft) {
        for (n = 0; n < n_fft; n++) {
            trig_cos[n] = cos(2.0 * pi * n / n_fft);
            trig_sin[n] = sin(2.0 * pi * n / n_fft);
        }
        trig_n = n_fft;
    }
    for (n = 0; n < w; n++) {
        const double win = c->window_fn == MW_WINDOW_HAMMING ? 0.54 - 0.46 * cos(2.0 * pi * n / w)
                                                            : 0.5 - 0.5 * cos(2.0 * pi * n / w);
        xw[n] = x[n] / 32768.0 * win;
    }
    /* Direct DFT: X[k] = sum_n x[n] e^(-2 pi i k n / N). */
    for (k = 0; k <= n_fft / 2; k++) {
        double re = 0.0, im = 0.0;
        for (n = 0; n < w; n++) {
            const int j = (int)(((long)k * n) % n_fft);
            re += xw[n] * trig_cos[j];
            im -= xw[n] * trig_sin[j];
        }
        power[k] = re * re + im * im;
    }
    for (i = 0; i < bands + 2; i++)
        pts[i] = ref_hz(ref_mel(c->lower_hz) + (ref_mel(c->upper_hz) - ref_mel(c->lower_hz)) * i / (bands + 1));
    for (b = 0; b < bands; b++) {
        double e = 0.0;
        for (k = 0; k <= n_fft / 2; k++) {
            const double f = (double)k * c->sample_rate / n_fft;
            double t = 0.0;
            if (f > pts[b] && f <= pts[b + 1])
                t = (f - pts[b]) / (pts[b + 1] - pts[b]);
            else if (f > pts[b + 1] && f < pts[b + 2])
                t = (pts[b + 2] - f) / (pts[b + 2] - pts[b + 1]);
            e += t * power[k];
        }
        logmel[b] = log(e > c->log_floor ? e : (double)c->log_floor);
    }
    for (i = 0; i < c->num_coeffs; i++) {
        double s = 0.0;
        for (b = 0; b < bands; b++)
            s += logmel[b] * cos(pi * i * (b + 0.5) / bands);
        out[i] = s * sqrt((i == 0 ? 1.0 : 2.0) / bands);
    }
}

/* ---- helpers ------------------------------------------------------------- */

/* Whole-buffer streaming; returns frame count or -1. */
static int run_mfcc(const mw_frontend_config *c, int32_t fixed, const uint8_t *pcm, size_t len, float *raw, int8_t *q)
{
    mw_frontend *fe;
    size_t need, off = 0;
    int frames = 0, values = c->num_coeffs;
    if (mw_frontend_arena_size_impl(c, fixed, &need) != MW_OK || need > sizeof arena)
        return -1;
    if (mw_frontend_init_impl(&fe, c, fixed, arena, sizeof arena) != MW_OK)
        return -1;
    while (off < len && frames < MAX_FRAMES) {
        size_t used;
        int32_t ready;
        if (mw_frontend_process(fe, pcm + off, len - off, &used, q + frames * values, MAX_VALUES,
                                raw + frames * values, MAX_VALUES, &ready) != MW_OK)
            return -1;
        off += used;
        frames += ready;
    }
    return frames;
}

static double check_against_reference(const char *what, const mw_frontend_config *c, int32_t fixed,
                                       const uint8_t *pcm, size_t len)
{
    static float raw[MAX_FRAMES * MAX_VALUES];
    static int8_t q[MAX_FRAMES * MAX_VALUES];
    static int16_t x[16000];
    double ref[MAX_VALUES], max_err = 0.0;
    const int samples = (int)(len / 2);
    const int expect = samples < c->window_samples ? 0 : (samples - c->window_samples) / c->hop_samples + 1;
    int frames, f, i;
    for (i = 0; i < samples && i < (int)(sizeof x / sizeof x[0]); i++)
        x[i] = (int16_t)(pcm[2 * i] | pcm[2 * i + 1] << 8);
    frames = run_mfcc(c, fixed, pcm, len, raw, q);
    MW_CHECK(frames == expect);
    for (f = 0; f < frames; f++) {
        const int with_ref = f % REF_STRIDE == 0 || f == frames - 1;
        if (with_ref)
            ref_mfcc(c, x + f * c->hop_samples, ref);
        for (i = 0; i < c->num_coeffs; i++) {
            const float v = raw[f * c->num_coeffs + i];
            const double exact_q = (double)v / c->out_scale + c->out_zero_point;
            const int qi = q[f * c->num_coeffs + i];
            if (with_ref && fabs((double)v - ref[i]) > max_err)
                max_err = fabs((double)v - ref[i]);
            /* q = clamp(round(v / scale) + zp) */
            MW_CHECK(fabs(qi - exact_q) <= 0.5001 || (qi == 127 && exact_q > 127) || (qi == -128 && exact_q < -128));
        }
    }
    printf("%-6s %-28s frames %3d  max |mfcc - reference| = %.6f\n", fixed ? "fixed" : "float", what, frames,
           max_err);
    MW_CHECK(max_err <= MFCC_TOLERANCE);
    return max_err;
}

static void test_reference(void)
{
    static const char *clips[] = { "yes_1000ms", "no_1000ms", "silence_1000ms", "noise_1000ms" };
    static uint8_t synth[16000 * 2], quiet[16000 * 2];
    mw_frontend_config c, alt, odd;
    double worst[2] = { 0.0, 0.0 }, e;
    int32_t impl;
    unsigned i;
    MW_CHECK_STATUS(mw_frontend_default_config(MW_FRONTEND_MFCC, &c), MW_OK);
    c.out_scale = 0.5f;
    c.out_zero_point = 10;
    alt = c;
    alt.window_samples = 400;
    alt.hop_samples = 160;
    alt.fft_size = 512;
    alt.window_fn = MW_WINDOW_HAMMING;
    alt.num_mel_bands = 32;
    alt.num_coeffs = 13;
    alt.lower_hz = 60.0f;
    alt.upper_hz = 7800.0f;
    /* Odd window and band counts: the stored half window and the folded DCT have a middle. */
    odd = alt;
    odd.window_samples = 401;
    odd.window_fn = MW_WINDOW_HANN;
    odd.num_mel_bands = 31;
    for (i = 0; i < sizeof clips / sizeof clips[0]; i++) {
        char path[512];
        const uint8_t *pcm;
        size_t len;
        uint32_t rate;
        snprintf(path, sizeof path, "%s/tflm/microfrontend/wav/%s.wav", MW_TEST_DATA, clips[i]);
        if (mw_test_load_wav(path, wav_buf, sizeof wav_buf, &pcm, &len, &rate) != 0) {
            MW_CHECK(0);
            continue;
        }
        MW_CHECK(rate == 16000);
        for (impl = 0; impl < 2; impl++) {
            e = check_against_reference(clips[i], &c, impl, pcm, len);
            worst[impl] = e > worst[impl] ? e : worst[impl];
            e = check_against_reference("  (hamming/512/32/13)", &alt, impl, pcm, len);
            worst[impl] = e > worst[impl] ? e : worst[impl];
            e = check_against_reference("  (hann 401/512/31/13)", &odd, impl, pcm, len);
            worst[impl] = e > worst[impl] ? e : worst[impl];
        }
    }
    /* Full-scale sweep: exercises large values and every band. */
    for (i = 0; i < 16000; i++) {
        const double t = i / 16000.0;
        const double v = 32767.0 * sin(2.0 * acos(-1.0) * (100.0 * t + 3800.0 * t * t));
        const int s = (int)lrint(v);
        synth[2 * i] = (uint8_t)(s & 0xff);
        synth[2 * i + 1] = (uint8_t)((s >> 8) & 0xff);
    }
    for (impl = 0; impl < 2; impl++) {
        e = check_against_reference("full-scale chirp", &c, impl, synth, sizeof synth);
        worst[impl] = e > worst[impl] ? e : worst[impl];
        /* The same chirp 60 dB down: the integer pipeline's block scaling must follow. */
        for (i = 0; i < 16000; i++) {
            const int v = (int16_t)(synth[2 * i] | synth[2 * i + 1] << 8) / 1000;
            quiet[2 * i] = (uint8_t)(v & 0xff);
            quiet[2 * i + 1] = (uint8_t)((v >> 8) & 0xff);
        }
        e = check_against_reference("chirp at -60 dB", &c, impl, quiet, sizeof quiet);
        worst[impl] = e > worst[impl] ? e : worst[impl];
    }
    printf("worst max abs error vs the double reference: float %.6f, fixed %.6f (tolerance %.3f)\n", worst[0],
           worst[1], MFCC_TOLERANCE);
}

static void test_config(void)
{
    mw_frontend_config c, d;
    size_t need, need2;
    mw_frontend *fe;
    int32_t values;
    MW_CHECK_STATUS(mw_frontend_default_config(MW_FRONTEND_MFCC, &c), MW_OK);
    MW_CHECK(c.sample_rate == 16000 && c.window_samples == 640 && c.hop_samples == 320 &&
             c.num_mel_bands == 40 && c.num_coeffs == 10 && c.frames_per_window == 49);
    MW_CHECK_STATUS(mw_frontend_frame_size(&c, &values), MW_OK);
    MW_CHECK(values == 10);
    MW_CHECK_STATUS(mw_frontend_default_config(99, &d), MW_ERR_CONFIG);
    MW_CHECK_STATUS(mw_frontend_default_config(MW_FRONTEND_MFCC, NULL), MW_ERR_ARGUMENT);
    MW_CHECK_STATUS(mw_frontend_arena_size(&c, &need), MW_OK);
    printf("MFCC default arena: %u bytes\n", (unsigned)need);
    MW_CHECK(need > 0 && need <= sizeof arena);
    MW_CHECK_STATUS(mw_frontend_init(&fe, &c, arena, need - 1), MW_ERR_ARENA_TOO_SMALL);
    MW_CHECK_STATUS(mw_frontend_init(&fe, &c, arena + 4, sizeof arena - 16), MW_ERR_ALIGNMENT);
    MW_CHECK_STATUS(mw_frontend_init(&fe, &c, arena, need), MW_OK);
    MW_CHECK_STATUS(mw_frontend_init(NULL, &c, arena, need), MW_ERR_ARGUMENT);

#define BAD(field, value)                                                        \
    do {                                                                         \
        d = c;                                                                   \
        d.field = value;                                                         \
        MW_CHECK_STATUS(mw_frontend_arena_size(&d, &need2), MW_ERR_CONFIG);      \
    } while (0)
    BAD(fft_size, 1000);
    BAD(fft_size, 512);          /* smaller than the window */
    BAD(window_samples, 0);
    BAD(hop_samples, 0);
    BAD(hop_samples, 641);
    BAD(window_fn, 7);
    BAD(num_mel_bands, 0);
    BAD(num_coeffs, 41);
    BAD(num_coeffs, 0);
    BAD(upper_hz, 9000.0f);
    BAD(lower_hz, 4000.0f);
    BAD(lower_hz, -1.0f);
    BAD(log_floor, 0.0f);
    BAD(out_scale, 0.0f);
    BAD(out_zero_point, 128);
    BAD(sample_rate, 0);
    BAD(upper_hz, NAN);
#undef BAD
    d = c; /* 250 Hz bins: the lowest mel bands would catch no bin */
    d.window_samples = 64;
    d.hop_samples = 32;
    d.fft_size = 64;
    MW_CHECK_STATUS(mw_frontend_arena_size(&d, &need2), MW_ERR_CONFIG);
    d.num_mel_bands = 4; /* wide enough */
    d.num_coeffs = 4;
    MW_CHECK_STATUS(mw_frontend_arena_size(&d, &need2), MW_OK);
}

static void test_process_arguments(void)
{
    mw_frontend_config c;
    mw_frontend *fe;
    int8_t frame[10];
    uint8_t pcm[4] = { 0 };
    float raw[10];
    size_t used = 99;
    int32_t ready = 5;
    mw_frontend_default_config(MW_FRONTEND_MFCC, &c);
    MW_CHECK_STATUS(mw_frontend_init(&fe, &c, arena, sizeof arena), MW_OK);
    MW_CHECK_STATUS(mw_frontend_process(fe, pcm, 4, &used, frame, 9, NULL, 0, &ready), MW_ERR_BUFFER_TOO_SMALL);
    MW_CHECK(used == 0 && ready == 0);
    MW_CHECK_STATUS(mw_frontend_process(fe, pcm, 4, &used, frame, 10, raw, 9, &ready), MW_ERR_BUFFER_TOO_SMALL);
    MW_CHECK_STATUS(mw_frontend_process(fe, NULL, 4, &used, frame, 10, NULL, 0, &ready), MW_ERR_ARGUMENT);
    MW_CHECK_STATUS(mw_frontend_process(fe, NULL, 0, &used, frame, 10, NULL, 0, &ready), MW_OK);
    MW_CHECK(used == 0 && ready == 0);
    MW_CHECK_STATUS(mw_frontend_process(NULL, pcm, 4, &used, frame, 10, NULL, 0, &ready), MW_ERR_ARGUMENT);
    MW_CHECK_STATUS(mw_frontend_reset(NULL), MW_ERR_ARGUMENT);
}

int main(void)
{
    test_config();
    test_process_arguments();
    test_reference();
    return mw_test_summary("test_mfcc");
}
