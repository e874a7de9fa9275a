/*
 * Benchmark driver for one model, run on the host or bare metal under QEMU.
 *
 * Loads a model (and optionally a reference input/output pair) through stdio,
 * which is semihosting on the targets, and brackets each measured region with
 * calls to mw_bench_start()/mw_bench_stop(). Under QEMU the instruction-count
 * plugin puts markers on those two functions (and on the kernel entry points), so
 * the count of each region is exact; on the host each region is timed instead.
 * After each region one line "REGION <name> ..." is printed; tools/bench_report.py
 * pairs the k-th REGION line with the k-th mw_bench_stop marker.
 *
 * Command line (semihosting arg=... on the targets, argv on the host):
 *   model=PATH [input=PATH expect=PATH] [settings=meta|tflm-micro|mfcc]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microwake.h"

#if defined(MW_BENCH_HOST)
#include <time.h>
#else
#include "mw_bench_semihost.h"
#endif

#ifndef MW_BENCH_TARGET
#define MW_BENCH_TARGET "host"
#endif
#ifndef MW_BENCH_BACKEND
#define MW_BENCH_BACKEND "reference"
#endif

#define MODEL_CAP (160u * 1024u)
#define ARENA_CAP (96u * 1024u)
#define IO_CAP 8192u
#define STACK_PROBE (96u * 1024u)
#define HOPS 12

#define NOINLINE __attribute__((noinline, used))

/* The plugin's markers: empty, never inlined, never merged. */
NOINLINE void mw_bench_start(void) { __asm__ volatile("" ::: "memory"); }
NOINLINE void mw_bench_stop(void) { __asm__ volatile("" ::: "memory"); }

static uint8_t model_buf[MODEL_CAP] __attribute__((aligned(16)));
static uint8_t arena[ARENA_CAP] __attribute__((aligned(16)));
static int8_t input_buf[IO_CAP];
static int8_t output_buf[IO_CAP];
static int8_t expect_buf[IO_CAP];

typedef struct bench_args {
    const char *model, *input, *expect, *settings;
} bench_args;

#if defined(MW_BENCH_HOST)
static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec * 1e-3;
}
#define STACK_PAINT() ((void)0)
#define STACK_PEAK() 0u
#else
/* Address of a local of main(): the depth of everything the benchmark calls is
 * measured from here. The probed region is [stack_base - STACK_PROBE, stack_base). */
static uintptr_t stack_base;

/* Fills the free stack below the caller's frame with a pattern... */
NOINLINE static void stack_paint(void)
{
    volatile uint8_t here = 0;
    volatile uint8_t *p = (volatile uint8_t *)(stack_base - STACK_PROBE);
    volatile uint8_t *end = (volatile uint8_t *)((uintptr_t)&here - 256u);
    while (p < end)
        *p++ = 0xA5u;
}

/* ...and finds the deepest byte the measured code overwrote. */
NOINLINE static size_t stack_peak(void)
{
    const volatile uint8_t *p = (const volatile uint8_t *)(stack_base - STACK_PROBE);
    while (*p == 0xA5u && (uintptr_t)p < stack_base)
        p++;
    return (size_t)(stack_base - (uintptr_t)p);
}
#define STACK_PAINT() stack_paint()
#define STACK_PEAK() stack_peak()
#endif

static long read_file(const char *path, void *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    size_t n;
    if (!f) {
        printf("ERROR cannot open %s\n", path);
        return -1;
    }
    n = fread(buf, 1, cap, f);
    fclose(f);
    return (long)n;
}

static void parse_args(char *line, bench_args *a)
{
    char *tok = strtok(line, " ");
    memset(a, 0, sizeof *a);
    a->settings = "meta";
    for (; tok; tok = strtok(NULL, " ")) {
        if (!strncmp(tok, "model=", 6)) a->model = tok + 6;
        else if (!strncmp(tok, "input=", 6)) a->input = tok + 6;
        else if (!strncmp(tok, "expect=", 7)) a->expect = tok + 7;
        else if (!strncmp(tok, "settings=", 9)) a->settings = tok + 9;
    }
}

/* Settings for the TFLM models, which carry no MicroWake metadata. */
static mw_status bench_settings(const char *kind, const mw_tensor_info *in, mw_model_settings *s)
{
    mw_status st;
    int32_t i;
    memset(s, 0, sizeof *s);
    st = mw_frontend_default_config(!strcmp(kind, "tflm-micro") ? MW_FRONTEND_TFLM_MICRO : MW_FRONTEND_MFCC,
                                    &s->frontend);
    if (st != MW_OK)
        return st;
    if (!strcmp(kind, "mfcc")) {
        s->frontend.out_scale = in->scale;
        s->frontend.out_zero_point = in->zero_point;
    }
    s->label_count = 4;
    for (i = 0; i < s->label_count; i++)
        snprintf(s->labels[i], MW_MAX_LABEL_LEN, "class%d", (int)i);
    s->infer_every_hops = 1;
    s->threshold = 0.8f;
    s->average_window_ms = 1000;
    s->min_count = 3;
    s->suppression_ms = 1500;
    return MW_OK;
}

/* Deterministic test audio: a chirp-like square wave plus LCG noise, no libm. */
static void make_audio(int16_t *pcm, int32_t n, uint32_t seed)
{
    int32_t i;
    for (i = 0; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        int32_t noise = (int32_t)(seed >> 20) - 2048;
        int32_t square = ((i / (8 + (i >> 9) % 24)) & 1) ? 6000 : -6000;
        pcm[i] = (int16_t)(square + noise);
    }
}

static int bench_frontend(int32_t kind, const char *name)
{
    static int16_t pcm[320 * (HOPS + 3)];
    mw_frontend_config cfg;
    mw_frontend *fe;
    size_t need;
    int8_t frame[64];
    int32_t values;

    if (mw_frontend_default_config(kind, &cfg) != MW_OK || mw_frontend_frame_size(&cfg, &values) != MW_OK ||
        mw_frontend_arena_size(&cfg, &need) != MW_OK || need > ARENA_CAP ||
        mw_frontend_init(&fe, &cfg, arena, need) != MW_OK || values > (int32_t)sizeof frame) {
        printf("FRONTEND %s unavailable\n", name);
        return 1;
    }
    printf("FRONTEND %s arena=%lu values=%ld hop=%ld\n", name, (unsigned long)need, (long)values,
           (long)cfg.hop_samples);
    make_audio(pcm, (int32_t)(sizeof pcm / sizeof pcm[0]), 12345u);
    size_t total = sizeof pcm, hop_bytes = (size_t)cfg.hop_samples * 2u;
#if defined(MW_BENCH_HOST)
    {
        /* The whole clip in hop-sized calls, repeated for a stable time. */
        long frames = 0, reps = 0;
        double t0 = now_us(), t1;
        do {
            size_t pos = 0;
            mw_frontend_reset(fe);
            while (pos + hop_bytes <= total) {
                size_t consumed = 0;
                int32_t ready = 0;
                if (mw_frontend_process(fe, (const uint8_t *)pcm + pos, hop_bytes, &consumed, frame,
                                        sizeof frame, NULL, 0, &ready) != MW_OK || consumed == 0) {
                    printf("ERROR frontend %s\n", name);
                    return 1;
                }
                pos += consumed;
                frames += ready;
            }
            reps++;
            t1 = now_us();
        } while (t1 - t0 < 2e5);
        printf("REGION hops %s frames=%ld us_per_hop=%.3f\n", name, frames / reps,
               (t1 - t0) / (double)(frames > 0 ? frames : 1));
    }
#else
    {
        size_t pos = 0;
        int32_t hop;
        for (hop = 0; hop < HOPS && pos + hop_bytes <= total; hop++) {
            size_t consumed = 0;
            int32_t ready = 0;
            mw_status st;
            STACK_PAINT();
            mw_bench_start();
            st = mw_frontend_process(fe, (const uint8_t *)pcm + pos, hop_bytes, &consumed, frame,
                                     sizeof frame, NULL, 0, &ready);
            mw_bench_stop();
            printf("REGION hop %s %d frame=%d stack=%lu\n", name, (int)hop, (int)ready,
                   (unsigned long)STACK_PEAK());
            if (st != MW_OK) {
                printf("ERROR frontend %s: %s\n", name, mw_status_message(st));
                return 1;
            }
            pos += consumed;
        }
    }
#endif
    return 0;
}

static int bench_model(const bench_args *a)
{
    mw_diag diag;
    mw_interpreter *it;
    mw_tensor_info in_info, out_info;
    mw_model_settings settings;
    mw_engine_options opt;
    size_t arena_need = 0, engine_need = 0;
    uint64_t macs = 0;
    int32_t ops = 0, done = 0, op;
    long model_len = read_file(a->model, model_buf, sizeof model_buf);
    mw_status st;

    if (model_len <= 0 || (size_t)model_len == sizeof model_buf) {
        printf("ERROR model %s missing or larger than %u bytes\n", a->model, MODEL_CAP);
        return 1;
    }
    st = mw_interpreter_arena_size(model_buf, (size_t)model_len, &arena_need, &diag);
    if (st != MW_OK || arena_need > ARENA_CAP) {
        printf("ERROR arena size: %s (%s), %lu bytes (bench cap %u)\n", mw_status_message(st),
               st != MW_OK ? diag.message : "", (unsigned long)arena_need, ARENA_CAP);
        return 1;
    }
    st = mw_interpreter_init(&it, model_buf, (size_t)model_len, arena, arena_need, &diag);
    if (st != MW_OK) {
        printf("ERROR init: %s (%s)\n", mw_status_message(st), diag.message);
        return 1;
    }
    mw_interpreter_input_info(it, 0, &in_info);
    mw_interpreter_output_info(it, 0, &out_info);
    mw_interpreter_macs(it, &macs);
    mw_interpreter_operator_count(it, &ops);
    if (in_info.bytes > IO_CAP || out_info.bytes > IO_CAP) {
        printf("ERROR tensors larger than %u bytes\n", IO_CAP);
        return 1;
    }
    /* newlib-nano's printf has no %llu; MAC counts of these models fit 32 bits. */
    printf("MODEL bytes=%ld arena=%lu macs=%lu ops=%ld\n", model_len, (unsigned long)arena_need,
           (unsigned long)macs, (long)ops);

    if (a->input && read_file(a->input, input_buf, in_info.bytes) != (long)in_info.bytes)
        return 1;
    if (!a->input) {
        uint32_t seed = 1u, i;
        for (i = 0; i < in_info.bytes; i++) {
            seed = seed * 1664525u + 1013904223u;
            input_buf[i] = (int8_t)(seed >> 24);
        }
    }
    mw_interpreter_set_input(it, 0, input_buf, in_info.bytes);

#if defined(MW_BENCH_HOST)
    {
        int reps = 0;
        double t0 = now_us(), t1;
        do {
            /* The planner may reuse the input's memory for later activations. */
            mw_interpreter_set_input(it, 0, input_buf, in_info.bytes);
            st = mw_interpreter_invoke(it);
            reps++;
            t1 = now_us();
        } while (st == MW_OK && (t1 - t0 < 5e5 || reps < 5));
        printf("REGION invoke us=%.3f reps=%d\n", (t1 - t0) / reps, reps);
    }
#else
    STACK_PAINT();
    mw_bench_start();
    st = mw_interpreter_invoke(it);
    mw_bench_stop();
    printf("REGION invoke stack=%lu\n", (unsigned long)STACK_PEAK());
#endif
    if (st != MW_OK) {
        printf("ERROR invoke: %s\n", mw_status_message(st));
        return 1;
    }
    mw_interpreter_get_output(it, 0, output_buf, out_info.bytes);
    if (a->expect) {
        long n = read_file(a->expect, expect_buf, out_info.bytes);
        int ok = n == (long)out_info.bytes && !memcmp(expect_buf, output_buf, out_info.bytes);
        printf("CHECK %s\n", ok ? "ok" : "mismatch");
        if (!ok)
            return 1;
    }

    /* One operator per step: the per-operator counts (grouped by kernel in the report). */
    mw_interpreter_set_input(it, 0, input_buf, in_info.bytes);
    for (op = 0; !done && op < ops; op++) {
#if defined(MW_BENCH_HOST)
        st = mw_interpreter_invoke_step(it, 1, &done);
        printf("REGION op %ld\n", (long)op);
#else
        mw_bench_start();
        st = mw_interpreter_invoke_step(it, 1, &done);
        mw_bench_stop();
        printf("REGION op %ld\n", (long)op);
#endif
        if (st != MW_OK) {
            printf("ERROR step %ld: %s\n", (long)op, mw_status_message(st));
            return 1;
        }
    }

    memset(&opt, 0, sizeof opt);
    if (strcmp(a->settings, "meta") != 0) {
        if (bench_settings(a->settings, &in_info, &settings) != MW_OK)
            return 1;
        opt.settings = &settings;
    }
    st = mw_engine_arena_size(model_buf, (size_t)model_len, &opt, &engine_need, &diag);
    if (st == MW_OK)
        printf("ENGINE arena=%lu\n", (unsigned long)engine_need);
    else
        printf("ENGINE unavailable: %s (%s)\n", mw_status_message(st), diag.message);
    return 0;
}

int main(int argc, char **argv)
{
    static char line[512];
    bench_args a;
    int rc;
#if defined(MW_BENCH_HOST)
    int i;
    line[0] = '\0';
    for (i = 1; i < argc; i++) {
        strncat(line, argv[i], sizeof line - strlen(line) - 2);
        strcat(line, " ");
    }
#else
    volatile uint8_t base = 0;
    stack_base = (uintptr_t)&base;
    (void)argc;
    (void)argv;
    if (mw_bench_cmdline(line, sizeof line) != 0) {
        printf("ERROR no semihosting command line\n");
        return 2;
    }
#endif
    parse_args(line, &a);
    printf("BENCH target=%s backend=%s\n", MW_BENCH_TARGET, MW_BENCH_BACKEND);
#if !defined(MW_BENCH_HOST)
    /* The cost of the markers themselves, subtracted from every region. */
    mw_bench_start();
    mw_bench_stop();
    printf("REGION calib\n");
#endif
    if (!a.model) {
        /* No model: the front ends alone. */
        rc = bench_frontend(MW_FRONTEND_MFCC, "mfcc");
        rc |= bench_frontend(MW_FRONTEND_TFLM_MICRO, "tflm-micro");
        return rc;
    }
    return bench_model(&a);
}
