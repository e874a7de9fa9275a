/*
 * Arena handling: too small arenas are refused without a single byte written,
 * an exact arena is never written past (guard region), misaligned arenas and bad
 * arguments are refused, a model at an odd address still runs bit-exact (aligned
 * bias copies), and two interpreters on one model run side by side.
 */
#include <stdint.h>

#include "mw_interp_test_util.h"

#define GUARD 256
#define FILL 0xA5

static uint8_t model[MW_TEST_MODEL_MAX + 16];
static uint8_t arena[MW_TEST_ARENA_MAX + GUARD] __attribute__((aligned(16)));
static uint8_t arena2[MW_TEST_ARENA_MAX] __attribute__((aligned(16)));
static int8_t input[4096], want[64], got[64];

static int untouched(const uint8_t *p, size_t from, size_t to)
{
    size_t i;
    for (i = from; i < to; i++) {
        if (p[i] != FILL) {
            return 0;
        }
    }
    return 1;
}

/* Too small: every length in the last 64 bytes below the need, and a spread below. */
static void check_too_small(const uint8_t *m, size_t len, size_t need)
{
    size_t a;
    int bad = 0;
    for (a = 0; a < need; a += (a + 64 < need) ? 61 : 1) {
        mw_interpreter *it = (mw_interpreter *)1;
        mw_diag diag;
        memset(arena, FILL, need + GUARD);
        if (mw_interpreter_init(&it, m, len, arena, a, &diag) != MW_ERR_ARENA_TOO_SMALL || it != NULL ||
            diag.status != MW_ERR_ARENA_TOO_SMALL || !untouched(arena, 0, need + GUARD)) {
            bad++;
        }
    }
    MW_CHECK(bad == 0);
}

static int run_vector(mw_interpreter *it, const char *name, int v)
{
    long n_in = mw_test_load_vector(name, v, "input", input, sizeof input);
    long n_out = mw_test_load_vector(name, v, "output", want, sizeof want);
    MW_CHECK(n_in > 0 && n_out > 0);
    if (n_in <= 0 || n_out <= 0) {
        return 0;
    }
    MW_CHECK_STATUS(mw_interpreter_set_input(it, 0, input, (size_t)n_in), MW_OK);
    MW_CHECK_STATUS(mw_interpreter_invoke(it), MW_OK);
    MW_CHECK_STATUS(mw_interpreter_get_output(it, 0, got, sizeof got), MW_OK);
    return memcmp(got, want, (size_t)n_out) == 0;
}

static void check_model(const mw_test_model *tm)
{
    mw_interpreter *it = NULL, *it2 = NULL;
    mw_diag diag;
    size_t need = 0, need_odd = 0;
    int32_t done;
    long len = mw_test_load_model(tm->name, model, MW_TEST_MODEL_MAX);
    int offset;
    MW_CHECK(len > 0);
    if (len <= 0) {
        return;
    }
    MW_CHECK_STATUS(mw_interpreter_arena_size(model, (size_t)len, &need, &diag), MW_OK);
    MW_CHECK(need + GUARD <= sizeof arena);
    check_too_small(model, (size_t)len, need);

    /* Exact size: the guard after it survives init and inference. */
    memset(arena, FILL, sizeof arena);
    MW_CHECK_STATUS(mw_interpreter_init(&it, model, (size_t)len, arena, need, &diag), MW_OK);
    MW_CHECK(untouched(arena, need, need + GUARD));
    MW_CHECK(run_vector(it, tm->name, 0));
    MW_CHECK(untouched(arena, need, need + GUARD));

    /* Argument checks. */
    MW_CHECK_STATUS(mw_interpreter_init(&it2, model, (size_t)len, arena2 + 8, need, &diag), MW_ERR_ALIGNMENT);
    MW_CHECK_STATUS(mw_interpreter_init(NULL, model, (size_t)len, arena2, need, &diag), MW_ERR_ARGUMENT);
    MW_CHECK_STATUS(mw_interpreter_init(&it2, NULL, (size_t)len, arena2, need, &diag), MW_ERR_ARGUMENT);
    MW_CHECK_STATUS(mw_interpreter_arena_size(model, (size_t)len, NULL, &diag), MW_ERR_ARGUMENT);
    MW_CHECK_STATUS(mw_interpreter_set_input(it, 0, input, 1), MW_ERR_ARGUMENT);
    MW_CHECK_STATUS(mw_interpreter_get_output(it, 0, got, 1), MW_ERR_BUFFER_TOO_SMALL);
    MW_CHECK_STATUS(mw_interpreter_invoke_step(it, 0, &done), MW_ERR_ARGUMENT);
    MW_CHECK_STATUS(mw_interpreter_invoke(NULL), MW_ERR_ARGUMENT);

    /* A pending stepped inference keeps its inputs: setting them is refused until it ends. */
    MW_CHECK_STATUS(mw_interpreter_invoke_step(it, 1, &done), MW_OK);
    MW_CHECK(done == 0);
    MW_CHECK_STATUS(mw_interpreter_set_input(it, 0, input, 1), MW_ERR_ARGUMENT);
    {
        mw_tensor_info info;
        MW_CHECK_STATUS(mw_interpreter_input_info(it, 0, &info), MW_OK);
        MW_CHECK_STATUS(mw_interpreter_set_input(it, 0, input, info.bytes), MW_ERR_STATE);
    }
    MW_CHECK_STATUS(mw_interpreter_invoke_step(it, 1000, &done), MW_OK);
    MW_CHECK(done == 1);
    MW_CHECK(run_vector(it, tm->name, 1));

    /* Two interpreters over the same model bytes, interleaved. */
    MW_CHECK_STATUS(mw_interpreter_init(&it2, model, (size_t)len, arena2, need, &diag), MW_OK);
    MW_CHECK(run_vector(it2, tm->name, 2));
    MW_CHECK(run_vector(it, tm->name, 3));
    MW_CHECK(run_vector(it2, tm->name, 4));

    /* The model at odd addresses: int32 biases are then misaligned and get copied. */
    for (offset = 1; offset < 4; offset++) {
        memmove(model + offset, model + offset - 1, (size_t)len);
        MW_CHECK_STATUS(mw_interpreter_arena_size(model + offset, (size_t)len, &need_odd, &diag), MW_OK);
        MW_CHECK(need_odd >= need);
        MW_CHECK_STATUS(mw_interpreter_init(&it, model + offset, (size_t)len, arena, need_odd, &diag), MW_OK);
        MW_CHECK(run_vector(it, tm->name, 5));
    }
    printf("%s: arena %u bytes, %u with the model misaligned\n", tm->name, (unsigned)need, (unsigned)need_odd);
}

int main(void)
{
    int m;
    for (m = 0; m < 3; m++) {
        check_model(&mw_test_models[m]);
    }
    return mw_test_summary("test_interpreter_arena");
}
