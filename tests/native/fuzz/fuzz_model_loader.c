/*
 * libFuzzer target for the model loader: every input is a candidate .tflite file.
 * Loads it (size query, init) and, when it loads, runs one inference on zero inputs,
 * and looks up the metadata entry. Seeds: the TFLM models in tests/data/tflm/models.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "microwake.h"

#define FUZZ_ARENA_MAX (1u << 20)
/* Skip inference on models that would take seconds: the loader is what is fuzzed. */
#define FUZZ_MACS_MAX 20000000u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t arena[FUZZ_ARENA_MAX] __attribute__((aligned(16)));
    const uint8_t *meta;
    size_t need = 0, meta_len;
    mw_interpreter *it;
    mw_diag diag;
    uint64_t macs;
    int32_t i, n;

    (void)mw_model_metadata(data, size, "microwake", &meta, &meta_len);
    if (mw_interpreter_arena_size(data, size, &need, &diag) != MW_OK) {
        if (diag.message[0] == '\0' || diag.status == MW_OK) {
            abort(); /* every refusal must say why */
        }
        return 0;
    }
    if (need > sizeof arena) {
        return 0;
    }
    if (mw_interpreter_init(&it, data, size, arena, need, &diag) != MW_OK) {
        abort(); /* the size query accepted the model, so init must too */
    }
    if (mw_interpreter_macs(it, &macs) != MW_OK || macs > FUZZ_MACS_MAX) {
        return 0;
    }
    if (mw_interpreter_input_count(it, &n) == MW_OK) {
        for (i = 0; i < n; i++) {
            void *in;
            size_t len;
            if (mw_interpreter_input_data(it, i, &in, &len) == MW_OK) {
                memset(in, 0, len);
            }
        }
    }
    (void)mw_interpreter_invoke(it);
    return 0;
}
