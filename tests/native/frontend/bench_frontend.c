/*
 * Host benchmark (a report, not a test): microseconds of CPU time per hop for each
 * front end, and for the whole streaming engine (micro_speech + TFLM micro frontend,
 * one inference per hop), with arena sizes. Writes Markdown and JSON.
 *
 *   mw_bench_frontend [out.md] [out.json]     (defaults: bench-frontend.md / .json)
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "microwake.h"
#include "mw_frontend_internal.h"

#define AUDIO_SAMPLES (10 * 16000)
#define REPEATS 5

static uint8_t audio[AUDIO_SAMPLES * 2];
static uint8_t arena[256 * 1024] __attribute__((aligned(16)));
static uint8_t model[64 * 1024];

typedef struct result {
    const char *name;
    const char *what;
    size_t arena_bytes;
    long hops;
    double us_per_hop;
} result;

/* Speech-like test signal: a gliding harmonic tone with noise, deterministic. */
static void make_audio(void)
{
    uint32_t seed = 1u;
    double phase = 0.0;
    int i;
    for (i = 0; i < AUDIO_SAMPLES; i++) {
        const double f = 150.0 + 100.0 * (double)(i % 16000) / 16000.0;
        int32_t v;
        phase += f / 16000.0;
        phase -= (double)(int)phase;
        seed = seed * 1664525u + 1013904223u;
        v = (int32_t)(phase < 0.5 ? 4000 : -4000) + (int32_t)(seed >> 21) - 1024;
        audio[2 * i] = (uint8_t)(v & 0xff);
        audio[2 * i + 1] = (uint8_t)((v >> 8) & 0xff);
    }
}

static double seconds(clock_t a, clock_t b)
{
    return (double)(b - a) / (double)CLOCKS_PER_SEC;
}

static int bench_frontend(int32_t kind, int32_t mfcc_fixed, const char *name, result *r)
{
    mw_frontend_config c;
    mw_frontend *fe;
    int8_t frame[64];
    clock_t t0, t1;
    mw_frontend_default_config(kind, &c);
    if (mw_frontend_arena_size_impl(&c, mfcc_fixed, &r->arena_bytes) != MW_OK ||
        mw_frontend_init_impl(&fe, &c, mfcc_fixed, arena, sizeof arena) != MW_OK)
        return -1;
    r->name = name;
    r->what = kind == MW_FRONTEND_TFLM_MICRO ? "480/320 samples, FFT 512, 40 channels, integer (micro_speech)"
              : mfcc_fixed ? "640/320 samples, FFT 1024, 40 mel bands, 10 coefficients, integer pipeline"
                           : "640/320 samples, FFT 1024, 40 mel bands, 10 coefficients, float pipeline";
    r->hops = 0;
    t0 = clock();
    do { /* whole passes over the audio until 0.5 s of CPU time */
        size_t off = 0;
        mw_frontend_reset(fe);
        while (off < sizeof audio) {
            size_t used;
            int32_t ready;
            if (mw_frontend_process(fe, audio + off, sizeof audio - off, &used, frame, sizeof frame, NULL, 0,
                                    &ready) != MW_OK)
                return -1;
            off += used;
            r->hops += ready;
        }
        t1 = clock();
    } while (seconds(t0, t1) < 0.5);
    r->us_per_hop = seconds(t0, t1) * 1e6 / (double)r->hops;
    return 0;
}

static int bench_engine(const char *model_path, result *r)
{
    static const char *labels[4] = { "silence", "unknown", "yes", "no" };
    FILE *f = fopen(model_path, "rb");
    mw_model_settings s;
    mw_engine_options o;
    mw_engine_stats st;
    mw_engine *e;
    size_t len;
    clock_t t0, t1;
    int i, rep;
    if (!f)
        return -1;
    len = fread(model, 1, sizeof model, f);
    fclose(f);
    memset(&s, 0, sizeof s);
    mw_frontend_default_config(MW_FRONTEND_TFLM_MICRO, &s.frontend);
    s.label_count = 4;
    for (i = 0; i < 4; i++)
        strcpy(s.labels[i], labels[i]);
    s.infer_every_hops = 1;
    memset(&o, 0, sizeof o);
    o.settings = &s;
    if (mw_engine_arena_size(model, len, &o, &r->arena_bytes, NULL) != MW_OK ||
        mw_engine_init(&e, model, len, &o, arena, sizeof arena, NULL) != MW_OK)
        return -1;
    r->name = "engine (tflm-micro + micro_speech)";
    r->what = "front end + one inference per hop, after the 49-frame window filled";
    r->hops = 0;
    t0 = clock();
    for (rep = 0; rep < REPEATS; rep++) {
        size_t off = 0;
        mw_engine_reset(e);
        while (off < sizeof audio) {
            size_t used;
            int32_t ready;
            if (mw_engine_feed(e, audio + off, sizeof audio - off, &used, &ready) != MW_OK)
                return -1;
            off += used;
        }
        mw_engine_stats_get(e, &st);
        r->hops += (long)st.inferences; /* hops with an inference */
    }
    t1 = clock();
    /* Charge the whole run to the hops that ran an inference (a slight overestimate). */
    r->us_per_hop = seconds(t0, t1) * 1e6 / (double)r->hops;
    return 0;
}

int main(int argc, char **argv)
{
    const char *md_path = argc > 1 ? argv[1] : "bench-frontend.md";
    const char *json_path = argc > 2 ? argv[2] : "bench-frontend.json";
    result r[4];
    int n = 0, i;
    FILE *md, *js;
    make_audio();
    if (bench_frontend(MW_FRONTEND_MFCC, 0, "mfcc (float)", &r[n]) == 0)
        n++;
    if (bench_frontend(MW_FRONTEND_MFCC, 1, "mfcc (integer)", &r[n]) == 0)
        n++;
    if (bench_frontend(MW_FRONTEND_TFLM_MICRO, 0, "tflm-micro", &r[n]) == 0)
        n++;
    if (bench_engine(MW_TEST_DATA "/tflm/models/micro_speech_quantized.tflite", &r[n]) == 0)
        n++;
    md = fopen(md_path, "w");
    js = fopen(json_path, "w");
    if (!md || !js || n < 4) {
        fprintf(stderr, "benchmark failed (%d of 4 results)\n", n);
        return 1;
    }
    fprintf(md, "# MicroWake front-end benchmark (host)\n\n");
    fprintf(md, "CPU time (`clock()`) over repeated passes of %d s of 16 kHz audio (at least 0.5 s per row); "
                "a hop is 20 ms of audio. Written by `mw_bench_frontend`.\n\n", AUDIO_SAMPLES / 16000);
    fprintf(md, "| what | configuration | arena bytes | hops | us per hop | share of a 20 ms hop |\n");
    fprintf(md, "|---|---|---:|---:|---:|---:|\n");
    fprintf(js, "{\n  \"clock\": \"cpu\",\n  \"results\": [\n");
    for (i = 0; i < n; i++) {
        fprintf(md, "| %s | %s | %lu | %ld | %.2f | %.3f %% |\n", r[i].name, r[i].what, (unsigned long)r[i].arena_bytes,
                r[i].hops, r[i].us_per_hop, r[i].us_per_hop / 20000.0 * 100.0);
        fprintf(js, "    {\"name\": \"%s\", \"configuration\": \"%s\", \"arena_bytes\": %lu, \"hops\": %ld, "
                    "\"us_per_hop\": %.3f}%s\n",
                r[i].name, r[i].what, (unsigned long)r[i].arena_bytes, r[i].hops, r[i].us_per_hop,
                i + 1 < n ? "," : "");
        printf("%-36s arena %6lu B  %8.2f us/hop\n", r[i].name, (unsigned long)r[i].arena_bytes, r[i].us_per_hop);
    }
    fprintf(js, "  ]\n}\n");
    fclose(md);
    fclose(js);
    printf("wrote %s and %s\n", md_path, json_path);
    return 0;
}
