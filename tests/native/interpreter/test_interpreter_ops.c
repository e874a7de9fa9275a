/*
 * The operators the reference models do not use, on a model built here:
 *   float [1,4,4,1] -QUANTIZE-> int8 -MAX_POOL_2D 2x2/2-> int8 -QUANTIZE (requantize)->
 *   int8 -RESHAPE (alias)-> int8 [1,4] -DEQUANTIZE-> float [1,4]   (output 0)
 *   constant int8 [2,2] -RESHAPE (copy)-> int8 [4]                  (output 1)
 * Expected values follow TFLite's definitions, computed here independently.
 */
#include <math.h>
#include <stdint.h>

#include "mw_interp_test_util.h"
#include "mw_model_builder.h"

enum { T_F32 = 0, T_INT16 = 7, T_INT8 = 9 };
enum { OP_QUANTIZE = 114, OP_MAX_POOL = 17, OP_RESHAPE = 22, OP_DEQUANTIZE = 6 };

static const mw_tb_code codes[4] = {{OP_QUANTIZE, NULL}, {OP_MAX_POOL, NULL}, {OP_RESHAPE, NULL},
                                    {OP_DEQUANTIZE, NULL}};
static const int8_t constant[4] = {-7, 0, 42, 127};

static mw_tb_tensor tensors[8] = {
    {4, {1, 4, 4, 1}, T_F32, 0, 0.0f, 0},
    {4, {1, 4, 4, 1}, T_INT8, 0, 0.5f, -3},
    {4, {1, 2, 2, 1}, T_INT8, 0, 0.5f, -3},
    {4, {1, 2, 2, 1}, T_INT8, 0, 0.25f, 5},
    {2, {1, 4}, T_INT8, 0, 0.25f, 5},
    {2, {1, 4}, T_F32, 0, 0.0f, 0},
    {2, {2, 2}, T_INT8, 1, 1.0f, 0},
    {1, {4}, T_INT8, 0, 1.0f, 0},
};

/* opcode, inputs, outputs, inputs[], outputs[], Pool2DOptions */
static const mw_tb_op ops[6] = {
    {0, 1, 1, {0}, {1}, 0, NULL, 0}, {1, 1, 1, {1}, {2}, 1, NULL, 0}, {0, 1, 1, {2}, {3}, 0, NULL, 0},
    {2, 1, 1, {3}, {4}, 0, NULL, 0}, {3, 1, 1, {4}, {5}, 0, NULL, 0}, {2, 1, 1, {6}, {7}, 0, NULL, 0},
};

static void build_model(mw_fbw *w)
{
    static const int32_t inputs[1] = {0}, outputs[2] = {5, 7};
    static const mw_tb_buffer buffers[2] = {{NULL, 0}, {constant, 4}};
    const mw_tb_model m = {codes, 4, tensors, 8, ops, 6, inputs, 1, outputs, 2, buffers, 2, NULL, 0};
    mw_tb_build(w, &m);
}

static int8_t clamp8(float v)
{
    return (int8_t)(v > 127.0f ? 127 : (v < -128.0f ? -128 : v));
}

static void check_run(mw_interpreter *it)
{
    float x[16], out0[4], want0[4];
    int8_t q1[16], out1[4];
    int i, h, w;
    for (i = 0; i < 16; i++) {
        /* Includes exact halves (x / 0.5 = k + 0.5) and values that saturate. */
        x[i] = (float)(i - 8) * 0.75f + (i == 5 ? 200.0f : 0.0f) - (i == 10 ? 300.0f : 0.0f);
        q1[i] = clamp8(roundf(x[i] / 0.5f) - 3.0f);
    }
    for (h = 0; h < 2; h++) {
        for (w = 0; w < 2; w++) {
            int8_t m = q1[(2 * h) * 4 + 2 * w];
            int dh, dw;
            for (dh = 0; dh < 2; dh++) {
                for (dw = 0; dw < 2; dw++) {
                    int8_t v = q1[(2 * h + dh) * 4 + 2 * w + dw];
                    m = v > m ? v : m;
                }
            }
            /* Requantize from scale 0.5, zp -3 to scale 0.25, zp 5: exactly (q + 3) * 2 + 5. */
            want0[h * 2 + w] = 0.25f * (float)(clamp8((float)((m + 3) * 2 + 5)) - 5);
        }
    }
    MW_CHECK_STATUS(mw_interpreter_set_input(it, 0, x, sizeof x), MW_OK);
    MW_CHECK_STATUS(mw_interpreter_invoke(it), MW_OK);
    MW_CHECK_STATUS(mw_interpreter_get_output(it, 0, out0, sizeof out0), MW_OK);
    MW_CHECK_STATUS(mw_interpreter_get_output(it, 1, out1, sizeof out1), MW_OK);
    for (i = 0; i < 4; i++) {
        MW_CHECK(out0[i] == want0[i]);
    }
    MW_CHECK(memcmp(out1, constant, 4) == 0);
}

int main(void)
{
    static mw_fbw w;
    static uint8_t arena[4096] __attribute__((aligned(16)));
    mw_interpreter *it = NULL;
    mw_tensor_info info;
    mw_diag diag;
    size_t need = 0;
    int32_t n;
    uint64_t macs = 1;

    build_model(&w);
    MW_CHECK_STATUS(mw_interpreter_arena_size(w.buf, w.len, &need, &diag), MW_OK);
    if (diag.status != MW_OK) {
        printf("%s\n", diag.message);
    }
    MW_CHECK(need > 0 && need <= sizeof arena);
    MW_CHECK_STATUS(mw_interpreter_init(&it, w.buf, w.len, arena, sizeof arena, &diag), MW_OK);
    if (!it) {
        return mw_test_summary("test_interpreter_ops");
    }
    MW_CHECK_STATUS(mw_interpreter_input_info(it, 0, &info), MW_OK);
    MW_CHECK(info.type == MW_TYPE_FLOAT32 && info.bytes == 64 && info.scale == 0.0f && info.ndims == 4);
    MW_CHECK_STATUS(mw_interpreter_output_count(it, &n), MW_OK);
    MW_CHECK(n == 2);
    MW_CHECK_STATUS(mw_interpreter_output_info(it, 1, &info), MW_OK);
    MW_CHECK(info.type == MW_TYPE_INT8 && info.bytes == 4 && info.ndims == 1 && info.scale == 1.0f);
    MW_CHECK_STATUS(mw_interpreter_macs(it, &macs), MW_OK);
    MW_CHECK(macs == 0);
    check_run(it);
    check_run(it);

    /* QUANTIZE from int16 is not supported: refused at load. */
    tensors[0].type = T_INT16;
    tensors[0].scale = 0.5f;
    build_model(&w);
    MW_CHECK_STATUS(mw_interpreter_arena_size(w.buf, w.len, &need, &diag), MW_ERR_UNSUPPORTED_TYPE);
    MW_CHECK(strstr(diag.message, "QUANTIZE") != NULL);
    return mw_test_summary("test_interpreter_ops");
}
