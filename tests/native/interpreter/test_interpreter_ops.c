/*
 * The operators the reference models do not use, on a model built here:
 *   float [1,4,4,1] -QUANTIZE-> int8 -MAX_POOL_2D 2x2/2-> int8 -QUANTIZE (requantize)->
 *   int8 -RESHAPE (alias)-> int8 [1,4] -DEQUANTIZE-> float [1,4]   (output 0)
 *   constant int8 [2,2] -RESHAPE (copy)-> int8 [4]                  (output 1)
 * Expected values follow TFLite's definitions, computed here independently.
 */
#include <math.h>
#include <stdint.h>

#include "mw_fbw.h"
#include "mw_interp_test_util.h"

enum { T_F32 = 0, T_INT16 = 7, T_INT8 = 9 };
enum { OP_QUANTIZE = 114, OP_MAX_POOL = 17, OP_RESHAPE = 22, OP_DEQUANTIZE = 6 };

typedef struct tspec {
    int ndims;
    int32_t dims[4];
    int type;
    uint32_t buffer;
    float scale; /* 0: no quantization */
    int64_t zp;
} tspec;

typedef struct ospec {
    uint32_t opcode; /* index into the operator codes */
    int32_t in, out;
    int pool;        /* has Pool2DOptions */
} ospec;

static const int32_t codes[4] = {OP_QUANTIZE, OP_MAX_POOL, OP_RESHAPE, OP_DEQUANTIZE};
static const int8_t constant[4] = {-7, 0, 42, 127};

static tspec tensors[8] = {
    {4, {1, 4, 4, 1}, T_F32, 0, 0.0f, 0},
    {4, {1, 4, 4, 1}, T_INT8, 0, 0.5f, -3},
    {4, {1, 2, 2, 1}, T_INT8, 0, 0.5f, -3},
    {4, {1, 2, 2, 1}, T_INT8, 0, 0.25f, 5},
    {2, {1, 4}, T_INT8, 0, 0.25f, 5},
    {2, {1, 4}, T_F32, 0, 0.0f, 0},
    {2, {2, 2}, T_INT8, 1, 1.0f, 0},
    {1, {4}, T_INT8, 0, 1.0f, 0},
};

static const ospec ops[6] = {
    {0, 0, 1, 0}, {1, 1, 2, 1}, {0, 2, 3, 0}, {2, 3, 4, 0}, {3, 4, 5, 0}, {2, 6, 7, 0},
};

static void write_tensor(mw_fbw *w, uint32_t at, const tspec *t)
{
    /* Tensor: shape 0, type 1, buffer 2, name 3, quantization 4 (absent when not quantized) */
    const uint8_t sizes[5] = {4, 1, 4, 4, (uint8_t)(t->scale > 0.0f ? 4 : 0)};
    static const uint8_t qsizes[4] = {0, 0, 4, 4}; /* scale 2, zero_point 3 */
    uint32_t f[5], q[4];
    fbw_offset(w, at, fbw_table(w, 5, sizes, f));
    fbw_offset(w, f[0], fbw_vector(w, (uint32_t)t->ndims, 4, t->dims));
    fbw_set(w, f[1], (uint64_t)t->type, 1);
    fbw_set(w, f[2], t->buffer, 4);
    fbw_offset(w, f[3], fbw_string(w, "t"));
    if (t->scale > 0.0f) {
        fbw_offset(w, f[4], fbw_table(w, 4, qsizes, q));
        fbw_offset(w, q[2], fbw_vector(w, 1, 4, &t->scale));
        fbw_offset(w, q[3], fbw_vector(w, 1, 8, &t->zp));
    }
}

static void write_operator(mw_fbw *w, uint32_t at, const ospec *o)
{
    /* Operator: opcode_index 0, inputs 1, outputs 2, builtin_options_type 3, builtin_options 4 */
    const uint8_t sizes[5] = {4, 4, 4, (uint8_t)(o->pool ? 1 : 0), (uint8_t)(o->pool ? 4 : 0)};
    /* Pool2DOptions: padding 0 (VALID = 1), stride_w 1, stride_h 2, filter_w 3, filter_h 4, activation 5 */
    static const uint8_t psizes[6] = {1, 4, 4, 4, 4, 1};
    uint32_t f[5], p[6];
    fbw_offset(w, at, fbw_table(w, 5, sizes, f));
    fbw_set(w, f[0], o->opcode, 4);
    fbw_offset(w, f[1], fbw_vector(w, 1, 4, &o->in));
    fbw_offset(w, f[2], fbw_vector(w, 1, 4, &o->out));
    if (o->pool) {
        fbw_set(w, f[3], 5, 1); /* Pool2DOptions */
        fbw_offset(w, f[4], fbw_table(w, 6, psizes, p));
        fbw_set(w, p[0], 1, 1);
        fbw_set(w, p[1], 2, 4);
        fbw_set(w, p[2], 2, 4);
        fbw_set(w, p[3], 2, 4);
        fbw_set(w, p[4], 2, 4);
    }
}

static void build_model(mw_fbw *w)
{
    /* Model: version 0, operator_codes 1, subgraphs 2, buffers 4 */
    static const uint8_t msizes[5] = {4, 4, 4, 0, 4};
    /* OperatorCode: deprecated_builtin_code 0 (int8), version 2, builtin_code 3 */
    static const uint8_t csizes[4] = {1, 0, 4, 4};
    /* SubGraph: tensors 0, inputs 1, outputs 2, operators 3 */
    static const uint8_t gsizes[4] = {4, 4, 4, 4};
    static const uint8_t bsizes[1] = {4};
    static const int32_t inputs[1] = {0}, outputs[2] = {5, 7};
    uint32_t f[5], c[4], g[4], b[1], codes_v, graphs_v, bufs_v, tensors_v, ops_v, i;
    fbw_begin(w);
    fbw_offset(w, 0, fbw_table(w, 5, msizes, f));
    fbw_set(w, f[0], 3, 4);
    codes_v = fbw_vector(w, 4, 4, NULL);
    fbw_offset(w, f[1], codes_v);
    graphs_v = fbw_vector(w, 1, 4, NULL);
    fbw_offset(w, f[2], graphs_v);
    bufs_v = fbw_vector(w, 2, 4, NULL);
    fbw_offset(w, f[4], bufs_v);
    for (i = 0; i < 4; i++) {
        fbw_offset(w, codes_v + 4 + 4 * i, fbw_table(w, 4, csizes, c));
        fbw_set(w, c[0], (uint64_t)(codes[i] < 127 ? codes[i] : 127), 1);
        fbw_set(w, c[2], 1, 4);
        fbw_set(w, c[3], (uint64_t)codes[i], 4);
    }
    fbw_offset(w, graphs_v + 4, fbw_table(w, 4, gsizes, g));
    tensors_v = fbw_vector(w, 8, 4, NULL);
    fbw_offset(w, g[0], tensors_v);
    fbw_offset(w, g[1], fbw_vector(w, 1, 4, inputs));
    fbw_offset(w, g[2], fbw_vector(w, 2, 4, outputs));
    ops_v = fbw_vector(w, 6, 4, NULL);
    fbw_offset(w, g[3], ops_v);
    for (i = 0; i < 8; i++) {
        write_tensor(w, tensors_v + 4 + 4 * i, &tensors[i]);
    }
    for (i = 0; i < 6; i++) {
        write_operator(w, ops_v + 4 + 4 * i, &ops[i]);
    }
    fbw_offset(w, bufs_v + 4, fbw_table(w, 0, bsizes, b));
    fbw_offset(w, bufs_v + 8, fbw_table(w, 1, bsizes, b));
    fbw_offset(w, b[0], fbw_vector(w, 4, 1, constant));
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
