/*
 * Host benchmark of the interpreter on the three TFLM reference models: microseconds
 * per inference (median of rounds), arena bytes (and TFLM's figure), MACs.
 * Writes a Markdown table and a JSON file; this is a report, never a test.
 *
 * Usage: mw_bench_interpreter <tests/data dir> <out.md> <out.json> [rounds]
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "microwake.h"
#include "mw_interp.h" /* operator kinds, for the per-operator table */

#define MODEL_MAX 200000
#define ARENA_MAX 262144
#define ROUND_MAX 101
#define OPS_MAX 64

static const char *const kind_names[] = {"CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "AVERAGE_POOL_2D",
                                         "MAX_POOL_2D", "SOFTMAX", "QUANTIZE", "QUANTIZE", "DEQUANTIZE",
                                         "RESHAPE", "RESHAPE"};

typedef struct result {
    const char *name;
    size_t tflm_arena;
    size_t model_bytes, arena;
    int32_t ops;
    uint64_t macs;
    double us_median, us_min;
    int rounds, per_round;
    const char *op_kind[OPS_MAX];
    double op_us[OPS_MAX]; /* mean per operator, stepping one operator at a time */
} result;

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int bench(const char *data_dir, result *r)
{
    static uint8_t model[MODEL_MAX];
    static uint8_t arena[ARENA_MAX] __attribute__((aligned(16)));
    double times[ROUND_MAX];
    char path[1024];
    mw_interpreter *it;
    mw_diag diag;
    void *in;
    size_t in_len, i;
    int round, k;
    FILE *f;

    snprintf(path, sizeof path, "%s/tflm/models/%s.tflite", data_dir, r->name);
    f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return 1;
    }
    r->model_bytes = fread(model, 1, sizeof model, f);
    fclose(f);
    if (mw_interpreter_arena_size(model, r->model_bytes, &r->arena, &diag) != MW_OK || r->arena > sizeof arena ||
        mw_interpreter_init(&it, model, r->model_bytes, arena, r->arena, &diag) != MW_OK) {
        fprintf(stderr, "%s: %s\n", r->name, diag.message);
        return 1;
    }
    mw_interpreter_operator_count(it, &r->ops);
    mw_interpreter_macs(it, &r->macs);
    mw_interpreter_input_data(it, 0, &in, &in_len);
    srand(1);
    /* Aim for about 20 ms per round, after a warm-up. */
    r->per_round = 1;
    for (k = 0; k < 5; k++) {
        double t0 = now_us(), t;
        for (i = 0; i < (size_t)r->per_round; i++) {
            mw_interpreter_invoke(it);
        }
        t = now_us() - t0;
        if (t < 20000.0) {
            r->per_round = t < 1.0 ? r->per_round * 100 : (int)(r->per_round * 20000.0 / t) + 1;
        }
    }
    for (round = 0; round < r->rounds; round++) {
        double t0;
        for (i = 0; i < in_len; i++) {
            ((int8_t *)in)[i] = (int8_t)(rand() & 0xff);
        }
        t0 = now_us();
        for (k = 0; k < r->per_round; k++) {
            /* The input's memory is reused during inference: refresh it like a real caller. */
            if (k) {
                memset(in, k, in_len);
            }
            if (mw_interpreter_invoke(it) != MW_OK) {
                fprintf(stderr, "%s: invoke failed\n", r->name);
                return 1;
            }
        }
        times[round] = (now_us() - t0) / r->per_round;
    }
    /* Per operator: the same inferences, one invoke_step call per operator. */
    for (k = 0; k < r->ops && k < OPS_MAX; k++) {
        r->op_kind[k] = kind_names[it->ops[k].kind];
        r->op_us[k] = 0.0;
    }
    for (round = 0; round < r->rounds * r->per_round; round++) {
        int32_t done = 0;
        for (k = 0; !done; k++) {
            double t0 = now_us();
            mw_interpreter_invoke_step(it, 1, &done);
            if (k < OPS_MAX) {
                r->op_us[k] += now_us() - t0;
            }
        }
    }
    for (k = 0; k < r->ops && k < OPS_MAX; k++) {
        r->op_us[k] /= (double)(r->rounds * r->per_round);
    }
    qsort(times, (size_t)r->rounds, sizeof times[0], cmp_double);
    r->us_min = times[0];
    r->us_median = times[r->rounds / 2];
    return 0;
}

int main(int argc, char **argv)
{
    result res[3] = {
        {"micro_speech_quantized", 7312, 0, 0, 0, 0, 0, 0, 0, 0},
        {"kws_ref_model", 24000, 0, 0, 0, 0, 0, 0, 0, 0},
        {"str_ww_ref_model", 16352, 0, 0, 0, 0, 0, 0, 0, 0},
    };
    int i, rounds = argc > 4 ? atoi(argv[4]) : 21;
    FILE *md, *js;
    if (argc < 4 || rounds < 1 || rounds > ROUND_MAX) {
        fprintf(stderr, "usage: %s <tests/data dir> <out.md> <out.json> [rounds 1..%d]\n", argv[0], ROUND_MAX);
        return 2;
    }
    for (i = 0; i < 3; i++) {
        res[i].rounds = rounds;
        if (bench(argv[1], &res[i]) != 0) {
            return 1;
        }
    }
    md = fopen(argv[2], "w");
    js = fopen(argv[3], "w");
    if (!md || !js) {
        fprintf(stderr, "cannot write the reports\n");
        return 1;
    }
    fprintf(md, "# MicroWake interpreter, host benchmark\n\n");
    fprintf(md, "Kernel backend: portable reference. Compiler: %s. Median of %d rounds.\n\n",
#ifdef __VERSION__
            __VERSION__,
#else
            "unknown",
#endif
            rounds);
    fprintf(md, "| model | model bytes | ops | MACs | us / inference (median) | min | arena bytes | TFLM arena |\n");
    fprintf(md, "|---|---:|---:|---:|---:|---:|---:|---:|\n");
    fprintf(js, "{\n  \"backend\": \"reference\",\n  \"rounds\": %d,\n  \"models\": [\n", rounds);
    for (i = 0; i < 3; i++) {
        const result *r = &res[i];
        fprintf(md, "| %s | %zu | %d | %llu | %.1f | %.1f | %zu | %zu |\n", r->name, r->model_bytes, (int)r->ops,
                (unsigned long long)r->macs, r->us_median, r->us_min, r->arena, r->tflm_arena);
        fprintf(js,
                "    {\"model\": \"%s\", \"model_bytes\": %zu, \"ops\": %d, \"macs\": %llu, "
                "\"us_per_inference_median\": %.2f, \"us_per_inference_min\": %.2f, \"inferences_per_round\": %d, "
                "\"arena_bytes\": %zu, \"tflm_arena_bytes\": %zu}%s\n",
                r->name, r->model_bytes, (int)r->ops, (unsigned long long)r->macs, r->us_median, r->us_min,
                r->per_round, r->arena, r->tflm_arena, i < 2 ? "," : "");
        printf("%-24s %9.1f us/inference  arena %6zu B (TFLM %zu B)  %llu MACs\n", r->name, r->us_median, r->arena,
               r->tflm_arena, (unsigned long long)r->macs);
    }
    fprintf(js, "  ]\n}\n");
    fprintf(md, "\n## Per operator (mean us, one operator per invoke_step call)\n");
    for (i = 0; i < 3; i++) {
        int k;
        fprintf(md, "\n### %s\n\n| # | operator | us |\n|---:|---|---:|\n", res[i].name);
        for (k = 0; k < res[i].ops && k < OPS_MAX; k++) {
            fprintf(md, "| %d | %s | %.1f |\n", k, res[i].op_kind[k], res[i].op_us[k]);
        }
    }
    fclose(md);
    fclose(js);
    return 0;
}
