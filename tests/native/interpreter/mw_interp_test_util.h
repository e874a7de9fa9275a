/* Shared by the interpreter tests: the three TFLM reference models and their vectors. */
#ifndef MW_INTERP_TEST_UTIL_H
#define MW_INTERP_TEST_UTIL_H

#include "microwake.h"
#include "mw_test.h"

#define MW_TEST_MODEL_MAX 80000
#define MW_TEST_ARENA_MAX 65536

typedef struct mw_test_model {
    const char *name;
    size_t tflm_arena; /* what TFLM's recording allocator reports for the model */
} mw_test_model;

static const mw_test_model mw_test_models[3] = {
    {"micro_speech_quantized", 7312},
    {"kws_ref_model", 24000},
    {"str_ww_ref_model", 16352},
};

/* Loads tests/data/tflm/models/<name>.tflite into buf; returns its size or -1. */
static long mw_test_load_model(const char *name, uint8_t *buf, long cap)
{
    char path[512];
    snprintf(path, sizeof path, "%s/tflm/models/%s.tflite", MW_TEST_DATA, name);
    return mw_test_read_file(path, buf, cap);
}

/* Reads vector file <name>/<index>.<kind>.bin; -1 when it does not exist (end of the set). */
static long mw_test_load_vector(const char *name, int index, const char *kind, void *buf, long cap)
{
    char path[512];
    FILE *f;
    long n;
    snprintf(path, sizeof path, "%s/tflm/%s/%03d.%s.bin", MW_TEST_DATA, name, index, kind);
    f = fopen(path, "rb");
    if (!f) {
        return -1;
    }
    n = (long)fread(buf, 1, (size_t)cap, f);
    fclose(f);
    return n;
}

#endif
