/*
 * Every TFLM reference vector of the three models must reproduce byte for byte,
 * through invoke and through invoke_step with several step sizes; tensor info,
 * operator counts and MACs must match the models; arenas must not exceed TFLM's.
 */
#include <stdint.h>

#include "mw_interp_test_util.h"

static uint8_t model[MW_TEST_MODEL_MAX];
static uint8_t arena[MW_TEST_ARENA_MAX] __attribute__((aligned(16)));

typedef struct expected_io {
    int32_t in_ndims, in_dims[4];
    float in_scale;
    int32_t in_zp;
    int32_t classes;
    int32_t ops;
    uint64_t macs;
} expected_io;

/* From the models' manifests (shapes, quantization) and their layer shapes (MACs). */
static const expected_io expected[3] = {
    {2, {1, 1960, 0, 0}, 0.10171568393707275f, -128, 4, 4, 25 * 20 * 8 * 10 * 8 + 4000 * 4},
    {4, {1, 49, 10, 1}, 0.5847029089927673f, 83, 12, 13,
     25 * 5 * 64 * 10 * 4 + 4 * (25 * 5 * 64 * 9) + 4 * (25 * 5 * 64 * 64) + 64 * 12},
    {4, {1, 30, 1, 40}, 0.003701042616739869f, -128, 3, 11,
     28 * 40 * 3 + 28 * 128 * 40 + 24 * 128 * 5 + 24 * 128 * 128 + 15 * 128 * 10 + 15 * 128 * 128 +
         128 * 15 + 32 * 128 + 32 * 3},
};

static void check_info(const mw_interpreter *it, const expected_io *e)
{
    mw_tensor_info info;
    int32_t n, i;
    uint64_t macs;
    MW_CHECK_STATUS(mw_interpreter_input_count(it, &n), MW_OK);
    MW_CHECK(n == 1);
    MW_CHECK_STATUS(mw_interpreter_output_count(it, &n), MW_OK);
    MW_CHECK(n == 1);
    MW_CHECK_STATUS(mw_interpreter_input_info(it, 0, &info), MW_OK);
    MW_CHECK(info.type == MW_TYPE_INT8);
    MW_CHECK(info.ndims == e->in_ndims);
    for (i = 0; i < e->in_ndims; i++) {
        MW_CHECK(info.dims[i] == e->in_dims[i]);
    }
    MW_CHECK(info.scale == e->in_scale);
    MW_CHECK(info.zero_point == e->in_zp);
    MW_CHECK(info.name[0] != '\0');
    MW_CHECK_STATUS(mw_interpreter_output_info(it, 0, &info), MW_OK);
    MW_CHECK(info.type == MW_TYPE_INT8 && info.ndims == 2 && info.dims[1] == e->classes);
    MW_CHECK(info.bytes == (uint32_t)e->classes);
    MW_CHECK(info.scale == 1.0f / 256.0f && info.zero_point == -128);
    MW_CHECK_STATUS(mw_interpreter_input_info(it, 1, &info), MW_ERR_ARGUMENT);
    MW_CHECK_STATUS(mw_interpreter_output_info(it, -1, &info), MW_ERR_ARGUMENT);
    MW_CHECK_STATUS(mw_interpreter_operator_count(it, &n), MW_OK);
    MW_CHECK(n == e->ops);
    MW_CHECK_STATUS(mw_interpreter_macs(it, &macs), MW_OK);
    MW_CHECK(macs == e->macs);
}

/* Runs one inference in steps of `step` operators; returns the number of calls. */
static int run_stepped(mw_interpreter *it, int32_t step)
{
    int32_t done = 0;
    int calls = 0;
    while (!done && calls < 1000) {
        MW_CHECK_STATUS(mw_interpreter_invoke_step(it, step, &done), MW_OK);
        calls++;
    }
    return calls;
}

static void run_model(int m, const expected_io *e)
{
    static int8_t in[4096], want[64], got[64];
    mw_interpreter *it = NULL;
    mw_diag diag;
    size_t need = 0;
    long len = mw_test_load_model(mw_test_models[m].name, model, sizeof model);
    int v, mismatches = 0, vectors = 0;
    MW_CHECK(len > 0);
    if (len <= 0) {
        return;
    }
    MW_CHECK_STATUS(mw_interpreter_arena_size(model, (size_t)len, &need, &diag), MW_OK);
    printf("%s: arena %u bytes (TFLM %u)\n", mw_test_models[m].name, (unsigned)need,
           (unsigned)mw_test_models[m].tflm_arena);
    MW_CHECK(need > 0 && need <= mw_test_models[m].tflm_arena);
    MW_CHECK(need <= sizeof arena);
    MW_CHECK_STATUS(mw_interpreter_init(&it, model, (size_t)len, arena, need, &diag), MW_OK);
    if (!it) {
        printf("init failed: %s\n", diag.message);
        return;
    }
    check_info(it, e);
    for (v = 0;; v++) {
        long n_in = mw_test_load_vector(mw_test_models[m].name, v, "input", in, sizeof in);
        long n_out = mw_test_load_vector(mw_test_models[m].name, v, "output", want, sizeof want);
        int32_t step;
        if (n_in < 0 || n_out < 0) {
            break;
        }
        vectors++;
        MW_CHECK(n_out == e->classes);
        MW_CHECK_STATUS(mw_interpreter_set_input(it, 0, in, (size_t)n_in), MW_OK);
        MW_CHECK_STATUS(mw_interpreter_invoke(it), MW_OK);
        MW_CHECK_STATUS(mw_interpreter_get_output(it, 0, got, sizeof got), MW_OK);
        if (memcmp(got, want, (size_t)n_out) != 0) {
            mismatches++;
            printf("%s vector %03d differs\n", mw_test_models[m].name, v);
        }
        /* The same inference spread over several calls. */
        for (step = 1; step <= 3; step++) {
            memset(got, 0, sizeof got);
            MW_CHECK_STATUS(mw_interpreter_set_input(it, 0, in, (size_t)n_in), MW_OK);
            MW_CHECK(run_stepped(it, step) == (e->ops + step - 1) / step);
            MW_CHECK_STATUS(mw_interpreter_get_output(it, 0, got, sizeof got), MW_OK);
            MW_CHECK(memcmp(got, want, (size_t)n_out) == 0);
        }
    }
    printf("%s: %d vectors, %d differ\n", mw_test_models[m].name, vectors, mismatches);
    MW_CHECK(vectors >= 20);
    MW_CHECK(mismatches == 0);
}

int main(void)
{
    int m;
    for (m = 0; m < 3; m++) {
        run_model(m, &expected[m]);
    }
    return mw_test_summary("test_interpreter_vectors");
}
