/* TFLM micro frontend: bit-exact with TFLM's outputs (uint16 frames and int8
 * features) for every reference clip, and with the legacy-frontend inputs of the
 * micro_speech vectors 024-027. */
#include "microwake.h"
#include "mw_test.h"
#include "mw_test_wav.h"

#define MAX_FRAMES 64
#define CH 40

static uint8_t wav_buf[40 * 1024];
static uint8_t arena[16 * 1024] __attribute__((aligned(16)));
static uint8_t golden[MAX_FRAMES * CH * 2];

/* Streams the clip whole; fills u16 and q; returns frames or -1. */
static int run_micro(const uint8_t *pcm, size_t len, uint16_t *u16, int8_t *q)
{
    mw_frontend_config c;
    mw_frontend *fe;
    size_t off = 0;
    int frames = 0;
    float raw[CH];
    if (mw_frontend_default_config(MW_FRONTEND_TFLM_MICRO, &c) != MW_OK ||
        mw_frontend_init(&fe, &c, arena, sizeof arena) != MW_OK)
        return -1;
    while (off < len) {
        size_t used;
        int32_t ready;
        int i;
        if (mw_frontend_process(fe, pcm + off, len - off, &used, q + frames * CH, CH, raw, CH, &ready) != MW_OK)
            return -1;
        off += used;
        if (ready) {
            for (i = 0; i < CH; i++)
                u16[frames * CH + i] = (uint16_t)raw[i];
            if (++frames == MAX_FRAMES)
                return -1;
        }
    }
    return frames;
}

static int load_clip(const char *clip, const uint8_t **pcm, size_t *len)
{
    char path[512];
    uint32_t rate = 0;
    snprintf(path, sizeof path, "%s/tflm/microfrontend/wav/%s.wav", MW_TEST_DATA, clip);
    if (mw_test_load_wav(path, wav_buf, sizeof wav_buf, pcm, len, &rate) != 0 || rate != 16000)
        return -1;
    return 0;
}

static void test_clip(const char *clip)
{
    static uint16_t u16[MAX_FRAMES * CH];
    static int8_t q[MAX_FRAMES * CH];
    char path[512];
    const uint8_t *pcm;
    size_t len;
    long n;
    int frames, i, bad_u16 = 0, bad_q = 0, first_bad = -1;
    if (load_clip(clip, &pcm, &len) != 0) {
        MW_CHECK(0);
        return;
    }
    frames = run_micro(pcm, len, u16, q);
    snprintf(path, sizeof path, "%s/tflm/microfrontend/legacy_window17_53/%s.frontend_u16.bin", MW_TEST_DATA, clip);
    n = mw_test_read_file(path, golden, sizeof golden);
    MW_CHECK(n > 0 && frames == (int)(n / (CH * 2)));
    for (i = 0; frames > 0 && i < n / 2 && i < frames * CH; i++) {
        const uint16_t g = (uint16_t)(golden[2 * i] | golden[2 * i + 1] << 8);
        if (g != u16[i]) {
            if (first_bad < 0)
                first_bad = i;
            bad_u16++;
        }
    }
    snprintf(path, sizeof path, "%s/tflm/microfrontend/legacy_window17_53/%s.features_int8.bin", MW_TEST_DATA, clip);
    n = mw_test_read_file(path, golden, sizeof golden);
    MW_CHECK(n == frames * CH);
    for (i = 0; i < n && i < frames * CH; i++)
        bad_q += (int8_t)golden[i] != q[i];
    printf("%-16s frames %2d  uint16 mismatches %d  int8 mismatches %d", clip, frames, bad_u16, bad_q);
    if (first_bad >= 0)
        printf("  (first at frame %d channel %d)", first_bad / CH, first_bad % CH);
    printf("\n");
    MW_CHECK(frames > 0 && bad_u16 == 0 && bad_q == 0);
}

/* micro_speech vectors 024-027 are these clips through the legacy frontend. */
static void test_model_inputs(void)
{
    static const char *clips[] = { "yes_1000ms", "no_1000ms", "silence_1000ms", "noise_1000ms" };
    static uint16_t u16[MAX_FRAMES * CH];
    static int8_t q[MAX_FRAMES * CH];
    unsigned k;
    for (k = 0; k < 4; k++) {
        char path[512];
        const uint8_t *pcm;
        size_t len;
        long n;
        int frames, i, bad = 0;
        if (load_clip(clips[k], &pcm, &len) != 0) {
            MW_CHECK(0);
            continue;
        }
        frames = run_micro(pcm, len, u16, q);
        snprintf(path, sizeof path, "%s/tflm/micro_speech_quantized/%03u.input.bin", MW_TEST_DATA, 24 + k);
        n = mw_test_read_file(path, golden, sizeof golden);
        MW_CHECK(frames == 49 && n == 49 * CH);
        for (i = 0; i < n && i < frames * CH; i++)
            bad += (int8_t)golden[i] != q[i];
        printf("%s vs micro_speech %03u.input.bin: %d mismatches\n", clips[k], 24 + k, bad);
        MW_CHECK(bad == 0);
    }
}

static void test_config(void)
{
    mw_frontend_config c, d;
    size_t need;
    int32_t values;
    MW_CHECK_STATUS(mw_frontend_default_config(MW_FRONTEND_TFLM_MICRO, &c), MW_OK);
    MW_CHECK_STATUS(mw_frontend_frame_size(&c, &values), MW_OK);
    MW_CHECK(values == CH);
    MW_CHECK_STATUS(mw_frontend_arena_size(&c, &need), MW_OK);
    printf("TFLM micro frontend arena: %u bytes\n", (unsigned)need);
    MW_CHECK(need <= sizeof arena);
    d = c;
    d.fft_size = 1024;
    MW_CHECK_STATUS(mw_frontend_arena_size(&d, &need), MW_ERR_CONFIG);
    d = c;
    d.upper_hz = 8000.0f;
    MW_CHECK_STATUS(mw_frontend_arena_size(&d, &need), MW_ERR_CONFIG);
    d = c;
    d.hop_samples = 481;
    MW_CHECK_STATUS(mw_frontend_arena_size(&d, &need), MW_ERR_CONFIG);
    d = c;
    d.sample_rate = 8000;
    MW_CHECK_STATUS(mw_frontend_arena_size(&d, &need), MW_ERR_CONFIG);
}

int main(void)
{
    static const char *clips[] = { "yes_1000ms", "no_1000ms", "silence_1000ms", "noise_1000ms", "yes_30ms", "no_30ms" };
    unsigned i;
    test_config();
    for (i = 0; i < sizeof clips / sizeof clips[0]; i++)
        test_clip(clips[i]);
    test_model_inputs();
    return mw_test_summary("test_micro_frontend");
}
