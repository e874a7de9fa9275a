/* Chunk-proof streaming: any split of the same PCM bytes (1 sample, 7, 160, 320, 333
 * samples, odd byte counts, empty chunks, irregular mixes, the whole buffer) gives the
 * same frames, for both front ends; reset restarts exactly; two front ends interleaved
 * do not disturb each other; extreme input is handled. Sized for the QEMU targets too. */
#include "microwake.h"
#include "mw_frontend_internal.h"
#include "mw_test.h"
#include "mw_test_wav.h"

#define MAX_FRAMES 256
#define MAX_VALUES 40
#define MAX_BYTES (4 * 32000 + 1024)

static uint8_t wav_buf[40 * 1024];
static uint8_t audio[MAX_BYTES];
static size_t audio_len;
static uint8_t arena_a[32 * 1024] __attribute__((aligned(16)));
static uint8_t arena_b[32 * 1024] __attribute__((aligned(16)));

/* Frames of the whole-buffer run; later runs are compared with it frame by frame. */
static struct {
    int count;
    int8_t q[MAX_FRAMES * MAX_VALUES];
    float raw[MAX_FRAMES * MAX_VALUES];
} ref;

typedef struct sink {
    int record;   /* 1: fill ref; 0: compare with ref */
    int32_t values;
    int count;
    int mismatches;
} sink;

static void sink_frame(sink *s, const int8_t *q, const float *raw)
{
    const size_t at = (size_t)s->count * (size_t)s->values;
    if (s->count >= MAX_FRAMES) {
        s->mismatches++;
        return;
    }
    if (s->record) {
        memcpy(ref.q + at, q, (size_t)s->values);
        memcpy(ref.raw + at, raw, (size_t)s->values * sizeof(float));
        ref.count = s->count + 1;
    } else if (s->count >= ref.count || memcmp(ref.q + at, q, (size_t)s->values) != 0 ||
               memcmp(ref.raw + at, raw, (size_t)s->values * sizeof(float)) != 0) {
        s->mismatches++;
    }
    s->count++;
}

/* Feeds `len` bytes as one chunk (looping: one frame per call at most). */
static int feed_chunk(mw_frontend *fe, const uint8_t *p, size_t len, sink *s)
{
    size_t off = 0;
    do {
        size_t used;
        int32_t ready;
        int8_t q[MAX_VALUES];
        float raw[MAX_VALUES];
        if (mw_frontend_process(fe, p + off, len - off, &used, q, MAX_VALUES, raw, MAX_VALUES, &ready) != MW_OK)
            return -1;
        if (used > len - off || (!ready && used != len - off))
            return -1; /* without a frame the call must take everything */
        off += used;
        if (ready)
            sink_frame(s, q, raw);
    } while (off < len);
    return 0;
}

/* pattern: chunk sizes in bytes, cycled; a 0 entry feeds an empty chunk. */
static int run(mw_frontend *fe, const size_t *pattern, int n_pattern, sink *s)
{
    size_t off = 0;
    int i = 0;
    s->count = 0;
    s->mismatches = 0;
    if (mw_frontend_reset(fe) != MW_OK)
        return -1;
    while (off < audio_len) {
        size_t n = pattern[i++ % n_pattern];
        if (n > audio_len - off)
            n = audio_len - off;
        if (feed_chunk(fe, audio + off, n, s) != 0)
            return -1;
        off += n;
    }
    return 0;
}

static int matches(const sink *s)
{
    return s->mismatches == 0 && s->count == ref.count;
}

static void test_kind(int32_t kind, const char *name)
{
    static const size_t p1[] = { 2 }, p7[] = { 14 }, p160[] = { 320 }, p320[] = { 640 }, p333[] = { 666 },
                        podd[] = { 1, 3, 0, 333, 641, 0, 5 }, pbyte[] = { 1 }, pempty[] = { 0, 0, 7, 0, 2 },
                        pmix[] = { 999, 1, 2, 4, 8, 16, 0, 1000, 31, 640, 639, 3 };
    static const struct { const char *what; const size_t *p; int n; } cases[] = {
        { "1 sample", p1, 1 }, { "7 samples", p7, 1 }, { "160 samples", p160, 1 }, { "320 samples", p320, 1 },
        { "333 samples", p333, 1 }, { "odd byte counts", podd, 7 }, { "1 byte", pbyte, 1 },
        { "empty chunks", pempty, 5 }, { "irregular mix", pmix, 12 },
    };
    mw_frontend_config c;
    mw_frontend *fe, *other;
    sink s;
    size_t all[1];
    unsigned i;
    mw_frontend_default_config(kind, &c);
    mw_frontend_frame_size(&c, &s.values);
    MW_CHECK_STATUS(mw_frontend_init(&fe, &c, arena_a, sizeof arena_a), MW_OK);
    all[0] = audio_len;
    s.record = 1;
    MW_CHECK(run(fe, all, 1, &s) == 0);
    MW_CHECK(ref.count == ((int)(audio_len / 2) - c.window_samples) / c.hop_samples + 1);
    s.record = 0;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const int ok = run(fe, cases[i].p, cases[i].n, &s) == 0 && matches(&s);
        printf("%-10s %-16s %s (%d frames)\n", name, cases[i].what, ok ? "identical" : "DIFFERENT", s.count);
        MW_CHECK(ok);
    }
    /* Reset after a partial frame and an odd byte: starts over exactly. */
    s.count = 0;
    MW_CHECK(feed_chunk(fe, audio, 1001, &s) == 0);
    MW_CHECK(run(fe, all, 1, &s) == 0 && matches(&s));
    /* Two front ends side by side, interleaved chunk by chunk. */
    {
        sink sa = s, sb = s;
        size_t off = 0;
        MW_CHECK_STATUS(mw_frontend_init(&other, &c, arena_b, sizeof arena_b), MW_OK);
        mw_frontend_reset(fe);
        sa.count = sb.count = sa.mismatches = sb.mismatches = 0;
        while (off < audio_len) {
            size_t n = audio_len - off < 777 ? audio_len - off : 777;
            MW_CHECK(feed_chunk(fe, audio + off, n, &sa) == 0);
            MW_CHECK(feed_chunk(other, audio + off, n, &sb) == 0);
            off += n;
        }
        MW_CHECK(matches(&sa) && matches(&sb));
    }
}

/* Extreme input (full-scale square wave, constant -32768, maximal noise): no overflow
 * trap under UBSan, every frame produced, MFCC values finite (float and integer MFCC).
 * Overwrites `audio`. */
static void test_extremes(int32_t kind, int32_t mfcc_fixed)
{
    const int samples = 3 * 16000;
    mw_frontend_config c;
    mw_frontend *fe;
    int32_t values;
    uint32_t seed = 7u;
    size_t off = 0, len = (size_t)samples * 2;
    int i, frames = 0, finite = 1;
    for (i = 0; i < samples; i++) {
        int32_t v;
        if (i < 16000)
            v = (i / 8) % 2 ? 32767 : -32768;
        else if (i < 32000)
            v = -32768;
        else {
            seed = seed * 1664525u + 1013904223u;
            v = (seed >> 31) ? 32767 : -32768;
        }
        audio[2 * i] = (uint8_t)(v & 0xff);
        audio[2 * i + 1] = (uint8_t)((v >> 8) & 0xff);
    }
    mw_frontend_default_config(kind, &c);
    mw_frontend_frame_size(&c, &values);
    MW_CHECK_STATUS(mw_frontend_init_impl(&fe, &c, mfcc_fixed, arena_a, sizeof arena_a), MW_OK);
    while (off < len) {
        size_t used;
        int32_t ready;
        int8_t q[MAX_VALUES];
        float raw[MAX_VALUES];
        if (mw_frontend_process(fe, audio + off, len - off, &used, q, MAX_VALUES, raw, MAX_VALUES, &ready) != MW_OK)
            break;
        off += used;
        frames += ready;
        for (i = 0; ready && i < values; i++)
            finite &= raw[i] == raw[i] && raw[i] - raw[i] == 0.0f;
    }
    MW_CHECK(off == len && frames == (samples - c.window_samples) / c.hop_samples + 1 && finite);
}

int main(void)
{
    static const char *clips[] = { "yes_1000ms", "noise_1000ms", "no_1000ms", "silence_1000ms", "yes_30ms" };
    unsigned i;
    /* About 4 s of audio: all clips back to back. */
    for (i = 0; i < sizeof clips / sizeof clips[0]; i++) {
        char path[512];
        const uint8_t *pcm;
        size_t len;
        uint32_t rate;
        snprintf(path, sizeof path, "%s/tflm/microfrontend/wav/%s.wav", MW_TEST_DATA, clips[i]);
        if (mw_test_load_wav(path, wav_buf, sizeof wav_buf, &pcm, &len, &rate) != 0 || audio_len + len > MAX_BYTES) {
            MW_CHECK(0);
            return mw_test_summary("test_frontend_chunking");
        }
        memcpy(audio + audio_len, pcm, len);
        audio_len += len;
    }
    test_kind(MW_FRONTEND_MFCC, "mfcc");
    test_kind(MW_FRONTEND_TFLM_MICRO, "tflm-micro");
    test_extremes(MW_FRONTEND_MFCC, 0);
    test_extremes(MW_FRONTEND_MFCC, 1);
    test_extremes(MW_FRONTEND_TFLM_MICRO, 0);
    return mw_test_summary("test_frontend_chunking");
}
