/* Streaming engine end to end with TFLM's micro_speech model and the TFLM micro
 * frontend (settings passed by the caller: the model has no MicroWake metadata):
 * the four 1000 ms clips classify as yes, no, silence, silence with exactly TFLM's
 * scores; chunking never changes a score; a spread inference (max_ops_per_call) gives
 * the same scores; bad settings, arenas and arguments are refused. */
#include "microwake.h"
#include "mw_test.h"
#include "../frontend/mw_test_wav.h"

#define MAX_SCORES 256
#define CLASSES 4

static uint8_t model[32 * 1024];
static size_t model_len;
static uint8_t wav_buf[40 * 1024];
static uint8_t audio[4 * 32000];
static size_t audio_len;
static uint8_t arena[32 * 1024] __attribute__((aligned(16)));
static uint8_t arena2[32 * 1024] __attribute__((aligned(16)));
static const char *clips[4] = { "yes_1000ms", "no_1000ms", "silence_1000ms", "noise_1000ms" };
static const char *expected[4] = { "yes", "no", "silence", "silence" };

typedef struct run_result {
    int count;
    float scores[MAX_SCORES][CLASSES];
    mw_engine_stats stats;
} run_result;

static void micro_speech_settings(mw_model_settings *s)
{
    static const char *labels[CLASSES] = { "silence", "unknown", "yes", "no" };
    int i;
    memset(s, 0, sizeof *s);
    mw_frontend_default_config(MW_FRONTEND_TFLM_MICRO, &s->frontend);
    s->frontend.frames_per_window = 49;
    s->label_count = CLASSES;
    for (i = 0; i < CLASSES; i++)
        strcpy(s->labels[i], labels[i]);
    s->infer_every_hops = 1;
    s->threshold = 0.8f;
}

static mw_engine *open_engine(uint8_t *mem, size_t cap, int32_t every, int32_t max_ops)
{
    mw_model_settings s;
    mw_engine_options o;
    mw_engine *e = NULL;
    mw_diag d;
    size_t need = 0;
    micro_speech_settings(&s);
    o.settings = &s;
    o.infer_every_hops = every;
    o.max_ops_per_call = max_ops;
    if (mw_engine_arena_size(model, model_len, &o, &need, &d) != MW_OK || need > cap) {
        printf("engine arena size failed: %s\n", d.message);
        return NULL;
    }
    if (mw_engine_init(&e, model, model_len, &o, mem, cap, &d) != MW_OK) {
        printf("engine init failed: %s\n", d.message);
        return NULL;
    }
    return e;
}

/* Feeds `len` bytes in chunks cycling through `pattern` (0 = empty chunk). */
static int run(mw_engine *e, const uint8_t *pcm, size_t len, const size_t *pattern, int n_pattern, run_result *r)
{
    size_t off = 0;
    int i = 0;
    r->count = 0;
    while (off < len) {
        size_t n = pattern[i++ % n_pattern], done = 0;
        if (n > len - off)
            n = len - off;
        do {
            size_t used;
            int32_t ready;
            if (mw_engine_feed(e, pcm + off + done, n - done, &used, &ready) != MW_OK || used > n - done)
                return -1;
            done += used;
            if (ready) {
                if (r->count == MAX_SCORES || mw_engine_scores(e, r->scores[r->count], CLASSES) != MW_OK)
                    return -1;
                r->count++;
            }
        } while (done < n);
        off += n;
    }
    return mw_engine_stats_get(e, &r->stats) == MW_OK ? 0 : -1;
}

static int argmax(const float *v)
{
    int i, best = 0;
    for (i = 1; i < CLASSES; i++)
        if (v[i] > v[best])
            best = i;
    return best;
}

static int load_clip(int k, const uint8_t **pcm, size_t *len)
{
    char path[512];
    uint32_t rate;
    snprintf(path, sizeof path, "%s/tflm/microfrontend/wav/%s.wav", MW_TEST_DATA, clips[k]);
    return mw_test_load_wav(path, wav_buf, sizeof wav_buf, pcm, len, &rate) == 0 && rate == 16000 ? 0 : -1;
}

static void test_clips(void)
{
    static run_result r;
    static const size_t whole[1] = { 1u << 30 };
    mw_engine *e = open_engine(arena, sizeof arena, 0, 0);
    int k;
    MW_CHECK(e != NULL);
    if (!e)
        return;
    for (k = 0; k < 4; k++) {
        const uint8_t *pcm;
        size_t len;
        char label[MW_MAX_LABEL_LEN], path[512];
        int8_t golden[CLASSES];
        int c, exact = 1;
        if (load_clip(k, &pcm, &len) != 0) {
            MW_CHECK(0);
            continue;
        }
        MW_CHECK_STATUS(mw_engine_reset(e), MW_OK);
        MW_CHECK(run(e, pcm, len, whole, 1, &r) == 0);
        /* 49 frames from 16000 samples: exactly one inference, after the 49th. */
        MW_CHECK(r.count == 1 && r.stats.frames == 49 && r.stats.inferences == 1 && r.stats.samples == 16000);
        if (r.count != 1)
            continue;
        MW_CHECK_STATUS(mw_engine_label(e, argmax(r.scores[0]), label, sizeof label), MW_OK);
        printf("%-16s -> %-8s scores %.4f %.4f %.4f %.4f\n", clips[k], label, r.scores[0][0], r.scores[0][1],
               r.scores[0][2], r.scores[0][3]);
        MW_CHECK(strcmp(label, expected[k]) == 0);
        /* TFLM's output for the same features (vectors 024-027), dequantized (1/256, -128). */
        snprintf(path, sizeof path, "%s/tflm/micro_speech_quantized/%03d.output.bin", MW_TEST_DATA, 24 + k);
        MW_CHECK(mw_test_read_file(path, golden, sizeof golden) == CLASSES);
        for (c = 0; c < CLASSES; c++)
            exact &= r.scores[0][c] == (float)(golden[c] + 128) * (1.0f / 256.0f);
        MW_CHECK(exact);
    }
}

static int same(const run_result *a, const run_result *b)
{
    return a->count == b->count && memcmp(a->scores, b->scores, sizeof(float) * CLASSES * (size_t)a->count) == 0 &&
           a->stats.frames == b->stats.frames && a->stats.inferences == b->stats.inferences &&
           a->stats.samples == b->stats.samples;
}

static void test_chunking(void)
{
    static run_result ref, r;
    static const size_t whole[] = { 1u << 30 }, p1[] = { 2 }, p7[] = { 14 }, p160[] = { 320 }, p320[] = { 640 },
                        p333[] = { 666 }, podd[] = { 1, 3, 0, 333, 641, 0 }, pmix[] = { 0, 999, 1, 2, 4, 8, 1000, 31 };
    static const struct { const char *what; const size_t *p; int n; } cases[] = {
        { "1 sample", p1, 1 }, { "7 samples", p7, 1 }, { "160 samples", p160, 1 }, { "320 samples", p320, 1 },
        { "333 samples", p333, 1 }, { "odd bytes + empty", podd, 6 }, { "irregular mix", pmix, 8 },
    };
    mw_engine *e = open_engine(arena, sizeof arena, 0, 0), *e2;
    unsigned i;
    MW_CHECK(e != NULL);
    if (!e)
        return;
    MW_CHECK(run(e, audio, audio_len, whole, 1, &ref) == 0);
    /* 4 s: 199 frames, first inference at frame 49, then one per hop. */
    MW_CHECK(ref.stats.frames == 199 && ref.count == 151 && ref.stats.inferences == 151);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int ok;
        MW_CHECK_STATUS(mw_engine_reset(e), MW_OK);
        ok = run(e, audio, audio_len, cases[i].p, cases[i].n, &r) == 0 && same(&ref, &r);
        printf("engine %-18s %s (%d score sets)\n", cases[i].what, ok ? "identical" : "DIFFERENT", r.count);
        MW_CHECK(ok);
    }
    /* Every third hop: the scores are a subsequence of the every-hop run. */
    e2 = open_engine(arena2, sizeof arena2, 3, 0);
    MW_CHECK(e2 != NULL);
    if (e2) {
        int j, ok = 1;
        MW_CHECK(run(e2, audio, audio_len, p333, 1, &r) == 0);
        MW_CHECK(r.count == 51);
        for (j = 0; j < r.count && j * 3 < ref.count; j++)
            ok &= memcmp(r.scores[j], ref.scores[j * 3], sizeof(float) * CLASSES) == 0;
        MW_CHECK(ok);
    }
}

/* An inference spread over calls (one operator per call) gives the same scores. */
static void test_spread(void)
{
    static run_result ref, r;
    static const size_t half_hop[] = { 320 };
    mw_engine *full = open_engine(arena, sizeof arena, 4, 0);
    mw_engine *spread = open_engine(arena2, sizeof arena2, 4, 1);
    MW_CHECK(full && spread);
    if (!full || !spread)
        return;
    MW_CHECK(run(full, audio, audio_len, half_hop, 1, &ref) == 0);
    MW_CHECK(run(spread, audio, audio_len, half_hop, 1, &r) == 0);
    MW_CHECK(ref.count == 38 && same(&ref, &r));
    /* Frames arriving while an inference is pending still enter the ring; counted. */
    MW_CHECK(r.stats.dropped_frames < r.stats.frames);
    printf("spread inference (1 operator per call): %d score sets, %s, %u frames arrived while pending\n",
           r.count, same(&ref, &r) ? "identical" : "DIFFERENT", (unsigned)r.stats.dropped_frames);
    /* Feeding a whole second at once with 1 op per call: frames keep coming while the
     * inference is pending; the call returns after at most one operator. */
    MW_CHECK_STATUS(mw_engine_reset(spread), MW_OK);
    {
        size_t used;
        int32_t ready;
        mw_engine_stats st;
        MW_CHECK_STATUS(mw_engine_feed(spread, audio, audio_len, &used, &ready), MW_OK);
        MW_CHECK(used == audio_len && ready == 0);
        MW_CHECK_STATUS(mw_engine_stats_get(spread, &st), MW_OK);
        MW_CHECK(st.frames == 199 && st.inferences == 0 && st.dropped_frames == 150);
    }
}

static void test_errors(void)
{
    mw_model_settings s;
    mw_engine_options o;
    mw_engine *e;
    mw_diag d;
    size_t need;
    char label[8];
    float scores[CLASSES];
    int32_t count;
    micro_speech_settings(&s);
    o.settings = &s;
    o.infer_every_hops = 0;
    o.max_ops_per_call = 0;
    MW_CHECK_STATUS(mw_engine_arena_size(model, model_len, &o, &need, &d), MW_OK);
    printf("engine arena for micro_speech + tflm-micro: %u bytes\n", (unsigned)need);
    MW_CHECK_STATUS(mw_engine_init(&e, model, model_len, &o, arena, need - 1, &d), MW_ERR_ARENA_TOO_SMALL);
    MW_CHECK_STATUS(mw_engine_init(&e, model, model_len, &o, arena + 8, sizeof arena - 16, &d), MW_ERR_ALIGNMENT);
    MW_CHECK_STATUS(mw_engine_init(&e, model, model_len, &o, arena, need, &d), MW_OK);
    MW_CHECK_STATUS(mw_engine_class_count(e, &count), MW_OK);
    MW_CHECK(count == CLASSES);
    MW_CHECK_STATUS(mw_engine_label(e, 2, label, sizeof label), MW_OK);
    MW_CHECK(strcmp(label, "yes") == 0);
    MW_CHECK_STATUS(mw_engine_label(e, 0, label, 7), MW_ERR_BUFFER_TOO_SMALL);
    MW_CHECK_STATUS(mw_engine_label(e, 4, label, sizeof label), MW_ERR_ARGUMENT);
    MW_CHECK_STATUS(mw_engine_scores(e, scores, 3), MW_ERR_BUFFER_TOO_SMALL);
    MW_CHECK_STATUS(mw_engine_feed(e, NULL, 2, &need, &count), MW_ERR_ARGUMENT);
    {
        mw_model_settings got;
        MW_CHECK_STATUS(mw_engine_settings(e, &got), MW_OK);
        /* Feature quantization comes from the model's input tensor. */
        MW_CHECK(got.frontend.out_zero_point == -128 && got.frontend.out_scale > 0.1017f &&
                 got.frontend.out_scale < 0.1018f);
    }
    /* No settings and no metadata in the model. */
    o.settings = NULL;
    MW_CHECK_STATUS(mw_engine_arena_size(model, model_len, &o, &need, &d), MW_ERR_NOT_FOUND);
    o.settings = &s;
    s.frontend.frames_per_window = 48; /* 48 x 40 != 1960 */
    MW_CHECK_STATUS(mw_engine_init(&e, model, model_len, &o, arena, sizeof arena, &d), MW_ERR_SHAPE);
    printf("refused: %s\n", d.message);
    micro_speech_settings(&s);
    s.label_count = 3;
    MW_CHECK_STATUS(mw_engine_init(&e, model, model_len, &o, arena, sizeof arena, &d), MW_ERR_SHAPE);
    printf("refused: %s\n", d.message);
    micro_speech_settings(&s);
    memset(s.labels[1], 'x', MW_MAX_LABEL_LEN); /* not NUL-terminated */
    MW_CHECK_STATUS(mw_engine_init(&e, model, model_len, &o, arena, sizeof arena, &d), MW_ERR_CONFIG);
    micro_speech_settings(&s);
    mw_frontend_default_config(MW_FRONTEND_MFCC, &s.frontend); /* 49 x 10 values != 1960 */
    MW_CHECK_STATUS(mw_engine_init(&e, model, model_len, &o, arena, sizeof arena, &d), MW_ERR_SHAPE);
    micro_speech_settings(&s);
    o.max_ops_per_call = -1;
    MW_CHECK_STATUS(mw_engine_arena_size(model, model_len, &o, &need, &d), MW_ERR_ARGUMENT);
}

int main(void)
{
    char path[512];
    long n;
    int k;
    snprintf(path, sizeof path, "%s/tflm/models/micro_speech_quantized.tflite", MW_TEST_DATA);
    n = mw_test_read_file(path, model, sizeof model);
    MW_CHECK(n > 0);
    model_len = n > 0 ? (size_t)n : 0;
    for (k = 0; k < 4; k++) {
        const uint8_t *pcm;
        size_t len;
        if (load_clip(k, &pcm, &len) != 0 || audio_len + len > sizeof audio) {
            MW_CHECK(0);
            return mw_test_summary("test_engine");
        }
        memcpy(audio + audio_len, pcm, len);
        audio_len += len;
    }
    test_errors();
    test_clips();
    test_chunking();
    test_spread();
    return mw_test_summary("test_engine");
}
