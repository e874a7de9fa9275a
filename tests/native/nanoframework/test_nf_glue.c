/* Host tests of the nanoFramework glue over the real engine, with TFLM's micro_speech
 * model (no MicroWake metadata, so its settings are given explicitly): the glue must be
 * transparent (same scores as the engine fed directly), bounded (one inference per
 * call at most), chunk-proof, and must refuse bad input without losing the open model. */
#include "mw_nf_glue.h"
#include "mw_test.h"

#define MODEL_CAP 32768
#define ARENA_BYTES (96 * 1024)
#define SAMPLES 32000 /* two seconds: the first inference needs a full 49-frame window */

static uint8_t model[MODEL_CAP];
static long model_len;
static uint8_t arena[ARENA_BYTES] __attribute__((aligned(16)));
static uint8_t arena2[ARENA_BYTES] __attribute__((aligned(16)));
static uint8_t model_ram[MODEL_CAP] __attribute__((aligned(16)));
static int16_t pcm[SAMPLES];
static mw_model_settings settings;

static void make_settings(void)
{
    static const char *labels[4] = {"silence", "unknown", "yes", "no"};
    int i;
    memset(&settings, 0, sizeof settings);
    MW_CHECK_STATUS(mw_frontend_default_config(MW_FRONTEND_TFLM_MICRO, &settings.frontend), MW_OK);
    settings.label_count = 4;
    for (i = 0; i < 4; i++)
        strcpy(settings.labels[i], labels[i]);
    settings.infer_every_hops = 3;
    settings.threshold = 0.8f;
    settings.average_window_ms = 1000;
    settings.min_count = 3;
    settings.suppression_ms = 1500;
}

/* Deterministic audio: a chirp with noise, loud enough to move the features. */
static void make_pcm(void)
{
    uint32_t seed = 12345u;
    int i;
    for (i = 0; i < SAMPLES; i++) {
        int32_t tone = ((i * (1 + i / 2000)) / 16) % 64 < 32 ? 6000 : -6000;
        seed = seed * 1664525u + 1013904223u;
        pcm[i] = (int16_t)(tone + (int32_t)(seed >> 22) - 512);
    }
}

/* Reference: the engine fed directly, scores after every inference. */
static int reference_scores(float *out, int max_inferences)
{
    static uint8_t ref_arena[ARENA_BYTES] __attribute__((aligned(16)));
    mw_engine *e = NULL;
    mw_engine_options opt;
    size_t pos = 0, total = sizeof pcm;
    int n = 0;
    memset(&opt, 0, sizeof opt);
    opt.settings = &settings;
    MW_CHECK_STATUS(mw_engine_init(&e, model, (size_t)model_len, &opt, ref_arena, sizeof ref_arena, NULL), MW_OK);
    if (!e)
        return 0;
    while (pos < total) {
        size_t used = 0;
        int32_t ready = 0;
        if (mw_engine_feed(e, (const uint8_t *)pcm + pos, total - pos, &used, &ready) != MW_OK)
            break;
        pos += used;
        if (ready && n < max_inferences) {
            MW_CHECK_STATUS(mw_engine_scores(e, out + 4 * n, 4), MW_OK);
            n++;
        }
    }
    return n;
}

/* The PCM as the ESP32 delivers it in the stereo fallback: 32-bit slots, mic on the right. */
static void make_raw32(uint8_t *raw)
{
    int i;
    for (i = 0; i < SAMPLES; i++) {
        uint32_t right = (uint32_t)(int32_t)pcm[i] << 16;
        uint32_t left = 0x00ABCD00u; /* garbage on the other slot */
        int k;
        for (k = 0; k < 4; k++) {
            raw[8 * i + k] = (uint8_t)(left >> (8 * k));
            raw[8 * i + 4 + k] = (uint8_t)(right >> (8 * k));
        }
    }
}

/* Conditions raw bytes through the glue in chunks, feeds the PCM, records scores, and
 * checks the bound: one Feed call completes at most one inference. */
static int glue_scores(mw_nf_glue *g, const uint8_t *raw, size_t len, size_t chunk, float *out, int max_inferences)
{
    static uint8_t pcm_buf[4096];
    size_t pos = 0;
    int n = 0;
    int64_t stats[MW_NF_STAT_COUNT];
    int64_t before = 0;
    while (pos < len) {
        size_t n_chunk = len - pos < chunk ? len - pos : chunk;
        size_t used = 0, pcm_len = 0, off = 0;
        MW_CHECK_STATUS(mw_nf_glue_condition(g, raw + pos, n_chunk, &used, pcm_buf, sizeof pcm_buf, &pcm_len), MW_OK);
        if (used == 0)
            return n;
        pos += used;
        while (off < pcm_len) {
            size_t consumed = 0;
            int32_t ready = 0;
            mw_status st = mw_nf_glue_feed(g, pcm_buf + off, pcm_len - off, &consumed, &ready);
            MW_CHECK_STATUS(st, MW_OK);
            if (st != MW_OK)
                return n;
            off += consumed;
            MW_CHECK_STATUS(mw_nf_glue_stats(g, stats, MW_NF_STAT_COUNT), MW_OK);
            MW_CHECK(stats[MW_NF_STAT_INFERENCES] - before == (ready ? 1 : 0));
            before = stats[MW_NF_STAT_INFERENCES];
            if (ready && n < max_inferences) {
                MW_CHECK_STATUS(mw_nf_glue_scores(g, out + 4 * n, 4), MW_OK);
                n++;
            }
        }
    }
    return n;
}

static int same_scores(const float *a, const float *b, int n)
{
    int i;
    for (i = 0; i < 4 * n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

static void test_transparent_and_chunk_proof(void)
{
    static float ref[4 * 64], got[4 * 64];
    static uint8_t raw[SAMPLES * 8];
    size_t chunks[] = {1, 7, 333, 2560, sizeof raw};
    mw_nf_glue g;
    mw_nf_input_config cfg;
    int n_ref, k;

    n_ref = reference_scores(ref, 64);
    MW_CHECK(n_ref >= 10); /* 99 hops: a full window after 49, then every 3rd */

    /* int16 pass-through */
    MW_CHECK_STATUS(mw_nf_glue_init(&g, arena, sizeof arena, model_ram, sizeof model_ram), MW_OK);
    MW_CHECK_STATUS(mw_nf_glue_open(&g, model, (size_t)model_len, 0, &settings, 0), MW_OK);
    MW_CHECK(glue_scores(&g, (const uint8_t *)pcm, sizeof pcm, 320, got, 64) == n_ref);
    MW_CHECK(same_scores(ref, got, n_ref));

    /* 32-bit stereo slots, right channel, any chunking */
    make_raw32(raw);
    mw_nf_input_default_config(&cfg);
    cfg.bits_per_sample = 32;
    cfg.channels = 2;
    cfg.channel = 1;
    for (k = 0; k < (int)(sizeof chunks / sizeof chunks[0]); k++) {
        MW_CHECK_STATUS(mw_nf_glue_reset(&g), MW_OK);
        MW_CHECK_STATUS(mw_nf_glue_configure_input(&g, &cfg), MW_OK);
        memset(got, 0, sizeof got);
        MW_CHECK(glue_scores(&g, raw, sizeof raw, chunks[k], got, 64) == n_ref);
        MW_CHECK(same_scores(ref, got, n_ref));
    }
    {
        int64_t stats[MW_NF_STAT_COUNT];
        MW_CHECK_STATUS(mw_nf_glue_stats(&g, stats, MW_NF_STAT_COUNT), MW_OK);
        MW_CHECK(stats[MW_NF_STAT_SAMPLES] == SAMPLES);
        MW_CHECK(stats[MW_NF_STAT_AUDIO_MS] == 2000);
    }
}

/* A copied model survives its source buffer being overwritten (a managed array moves). */
static void test_copy_owns_bytes(void)
{
    static uint8_t managed[MODEL_CAP];
    static float ref[4 * 64], got[4 * 64];
    mw_nf_glue g;
    int n_ref = reference_scores(ref, 64);
    memcpy(managed, model, (size_t)model_len);
    MW_CHECK_STATUS(mw_nf_glue_init(&g, arena2, sizeof arena2, model_ram, sizeof model_ram), MW_OK);
    MW_CHECK_STATUS(mw_nf_glue_open(&g, managed, (size_t)model_len, 1, &settings, 0), MW_OK);
    memset(managed, 0xA5, sizeof managed);
    MW_CHECK(glue_scores(&g, (const uint8_t *)pcm, sizeof pcm, 640, got, 64) == n_ref);
    MW_CHECK(same_scores(ref, got, n_ref));
}

/* Spreading an inference over several calls (2 operators per call) gives the same scores. */
static void test_spread_inference(void)
{
    static float ref[4 * 64], got[4 * 64];
    mw_nf_glue g;
    int n_ref = reference_scores(ref, 64);
    MW_CHECK_STATUS(mw_nf_glue_init(&g, arena2, sizeof arena2, NULL, 0), MW_OK);
    MW_CHECK_STATUS(mw_nf_glue_open(&g, model, (size_t)model_len, 0, &settings, 2), MW_OK);
    MW_CHECK(glue_scores(&g, (const uint8_t *)pcm, sizeof pcm, 64, got, 64) == n_ref);
    MW_CHECK(same_scores(ref, got, n_ref));
}

/* Bad models, too-small memory and bad calls are refused; the open model keeps working. */
static void test_refusals_keep_model(void)
{
    static uint8_t bad[MODEL_CAP];
    static uint8_t small_arena[1024] __attribute__((aligned(16)));
    mw_nf_glue g, tiny;
    float scores[4];
    float defaults[MW_NF_DEFAULT_COUNT];
    char label[MW_MAX_LABEL_LEN];
    int32_t count = 0;
    long cut;

    MW_CHECK_STATUS(mw_nf_glue_init(&g, arena, sizeof arena, model_ram, 4096), MW_OK);
    {
        size_t used = 0, pcm_len = 0;
        uint8_t out[8];
        int32_t ready = 0;
        MW_CHECK_STATUS(mw_nf_glue_feed(&g, (const uint8_t *)pcm, 2, &used, &ready), MW_ERR_STATE);
        MW_CHECK(strstr(mw_nf_glue_last_error(&g), "no model open") != NULL);
        /* conditioning needs no model (the self-test runs before the engine opens) */
        MW_CHECK_STATUS(mw_nf_glue_condition(&g, (const uint8_t *)pcm, 8, &used, out, sizeof out, &pcm_len), MW_OK);
        MW_CHECK(used == 8 && pcm_len == 8 && memcmp(out, pcm, 8) == 0);
        MW_CHECK_STATUS(mw_nf_glue_condition(&g, NULL, 8, &used, out, sizeof out, &pcm_len), MW_ERR_ARGUMENT);
        /* an odd output room takes whole samples only */
        MW_CHECK_STATUS(mw_nf_glue_condition(&g, (const uint8_t *)pcm, 8, &used, out, 5, &pcm_len), MW_OK);
        MW_CHECK(used == 4 && pcm_len == 4);
    }
    MW_CHECK_STATUS(mw_nf_glue_class_count(&g, &count), MW_ERR_STATE);
    MW_CHECK_STATUS(mw_nf_glue_open(&g, model, (size_t)model_len, 0, &settings, 0), MW_OK);

    /* truncated at several lengths, and byte-flipped */
    for (cut = 0; cut < model_len; cut += model_len / 7 + 1) {
        memcpy(bad, model, (size_t)cut);
        MW_CHECK(mw_nf_glue_open(&g, bad, (size_t)cut, 1, &settings, 0) != MW_OK);
    }
    memcpy(bad, model, (size_t)model_len);
    bad[0] = 0xF0; /* root table offset far past the end */
    bad[1] = 0xFF;
    bad[2] = 0xFF;
    bad[3] = 0x7F;
    MW_CHECK(mw_nf_glue_open(&g, bad, (size_t)model_len, 0, &settings, 0) != MW_OK);
    MW_CHECK(mw_nf_glue_last_error(&g)[0] != '\0');

    /* model larger than the RAM copy buffer: named in the message */
    MW_CHECK_STATUS(mw_nf_glue_open(&g, model, (size_t)model_len, 1, &settings, 0), MW_ERR_BUFFER_TOO_SMALL);
    MW_CHECK(strstr(mw_nf_glue_last_error(&g), "MW_NF_MODEL_RAM_BYTES") != NULL);

    /* no metadata and no settings */
    MW_CHECK(mw_nf_glue_open(&g, model, (size_t)model_len, 0, NULL, 0) != MW_OK);
    MW_CHECK_STATUS(mw_nf_glue_open(&g, model, (size_t)model_len, 0, &settings, -1), MW_ERR_ARGUMENT);

    /* ... and the model opened first still runs */
    MW_CHECK_STATUS(mw_nf_glue_class_count(&g, &count), MW_OK);
    MW_CHECK(count == 4);
    MW_CHECK_STATUS(mw_nf_glue_label(&g, 2, label, sizeof label), MW_OK);
    MW_CHECK(strcmp(label, "yes") == 0);
    MW_CHECK_STATUS(mw_nf_glue_label(&g, 4, label, sizeof label), MW_ERR_ARGUMENT);
    MW_CHECK_STATUS(mw_nf_glue_label(&g, -1, label, sizeof label), MW_ERR_ARGUMENT);
    MW_CHECK_STATUS(mw_nf_glue_scores(&g, scores, 3), MW_ERR_BUFFER_TOO_SMALL);
    MW_CHECK_STATUS(mw_nf_glue_defaults(&g, defaults, MW_NF_DEFAULT_COUNT - 1), MW_ERR_BUFFER_TOO_SMALL);
    MW_CHECK_STATUS(mw_nf_glue_defaults(&g, defaults, MW_NF_DEFAULT_COUNT), MW_OK);
    MW_CHECK(defaults[MW_NF_DEFAULT_THRESHOLD] == 0.8f);
    MW_CHECK(defaults[MW_NF_DEFAULT_INFER_EVERY_HOPS] == 3.0f);
    MW_CHECK(defaults[MW_NF_DEFAULT_HOP_MS] == 20.0f);
    MW_CHECK(defaults[MW_NF_DEFAULT_SAMPLE_RATE] == 16000.0f);
    {
        size_t used = 0;
        int32_t ready = 0;
        MW_CHECK_STATUS(mw_nf_glue_feed(&g, (const uint8_t *)pcm, sizeof pcm, &used, &ready), MW_OK);
        MW_CHECK(used > 0);
    }

    /* arena smaller than the model needs: refused with both sizes in the message */
    MW_CHECK_STATUS(mw_nf_glue_init(&tiny, small_arena, sizeof small_arena, NULL, 0), MW_OK);
    MW_CHECK_STATUS(mw_nf_glue_open(&tiny, model, (size_t)model_len, 0, &settings, 0), MW_ERR_ARENA_TOO_SMALL);
    MW_CHECK(strstr(mw_nf_glue_last_error(&tiny), "MW_NF_ARENA_BYTES") != NULL);
    MW_CHECK_STATUS(mw_nf_glue_open(&tiny, model, (size_t)model_len, 1, &settings, 0), MW_ERR_ARENA_TOO_SMALL);
    MW_CHECK_STATUS(mw_nf_glue_init(&tiny, small_arena + 4, 512, NULL, 0), MW_ERR_ALIGNMENT);
}

static void test_levels_for_self_test(void)
{
    static uint8_t zeros[3200];
    static uint8_t pcm_out[3200];
    mw_nf_glue g;
    int32_t lv[MW_NF_LEVEL_COUNT];
    size_t used = 0, pcm_len = 0;
    MW_CHECK_STATUS(mw_nf_glue_init(&g, arena, sizeof arena, NULL, 0), MW_OK);
    MW_CHECK_STATUS(mw_nf_glue_condition(&g, zeros, sizeof zeros, &used, pcm_out, sizeof pcm_out, &pcm_len), MW_OK);
    MW_CHECK_STATUS(mw_nf_glue_take_levels(&g, lv, MW_NF_LEVEL_COUNT), MW_OK);
    MW_CHECK(lv[MW_NF_LEVEL_SAMPLES] == 1600 && lv[MW_NF_LEVEL_ZEROS] == 1600 && lv[MW_NF_LEVEL_PEAK] == 0);
    MW_CHECK_STATUS(mw_nf_glue_take_levels(&g, lv, MW_NF_LEVEL_COUNT - 1), MW_ERR_BUFFER_TOO_SMALL);
}

int main(void)
{
    model_len = mw_test_read_file(MW_TEST_DATA "/tflm/models/micro_speech_quantized.tflite", model, MODEL_CAP);
    MW_CHECK(model_len > 1000);
    if (model_len <= 1000)
        return mw_test_summary("test_nf_glue");
    make_settings();
    make_pcm();
    test_transparent_and_chunk_proof();
    test_copy_owns_bytes();
    test_spread_inference();
    test_refusals_keep_model();
    test_levels_for_self_test();
    return mw_test_summary("test_nf_glue");
}
