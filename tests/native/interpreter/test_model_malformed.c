/*
 * Malformed models (run this under ASan + UBSan: MW_SANITIZE=ON): truncation at
 * every length, random byte flips with fixed seeds, and crafted defects patched into
 * kws_ref_model at positions found with the loader's own reader. Everything must be
 * refused with the right status (and a message), never crash or read out of bounds.
 * Each model copy lives in a heap block of exactly its length, so any over-read is
 * caught by AddressSanitizer.
 */
#include <stdint.h>

#include "mw_interp_test_util.h"
#include "mw_tflite.h"

#if defined(MW_TEST_QUICK) && !defined(TRUNCATE_STRIDE)
#define TRUNCATE_STRIDE 97
#define FLIPS 60
#endif
#ifndef TRUNCATE_STRIDE
#define TRUNCATE_STRIDE 1
#endif
#ifndef FLIPS
#define FLIPS 1000
#endif

static uint8_t base[MW_TEST_MODEL_MAX];
static uint8_t arena[MW_TEST_ARENA_MAX] __attribute__((aligned(16)));
/* The model being modified (byte flips, crafted defects). */
static uint8_t work[MW_TEST_MODEL_MAX];

/* Loads, and when that succeeds runs one inference on zero inputs. */
static mw_status load_and_run(const uint8_t *model, size_t len, mw_diag *diag)
{
    size_t need = 0, meta_len;
    const uint8_t *meta;
    mw_interpreter *it;
    mw_status s = mw_interpreter_arena_size(model, len, &need, diag);
    (void)mw_model_metadata(model, len, "microwake", &meta, &meta_len);
    if (s != MW_OK || need > sizeof arena) {
        return s;
    }
    s = mw_interpreter_init(&it, model, len, arena, need, diag);
    if (s == MW_OK) {
        void *in;
        size_t in_len;
        if (mw_interpreter_input_data(it, 0, &in, &in_len) == MW_OK) {
            memset(in, 0, in_len);
        }
        (void)mw_interpreter_invoke(it);
    }
    return s;
}

/* Runs the model bytes from an exact-size heap copy. */
static mw_status run_copy(const uint8_t *bytes, size_t len, mw_diag *diag)
{
    uint8_t *copy = (uint8_t *)malloc(len ? len : 1);
    mw_status s;
    if (!copy) {
        return MW_ERR_INTERNAL;
    }
    memcpy(copy, bytes, len);
    s = load_and_run(copy, len, diag);
    free(copy);
    return s;
}

static void truncation(const char *name, long len)
{
    long n, accepted = 0;
    mw_diag diag;
    for (n = 0; n < len; n += TRUNCATE_STRIDE) {
        if (run_copy(base, (size_t)n, &diag) == MW_OK) {
            accepted++;
        }
    }
    printf("%s: truncated copies accepted: %ld\n", name, accepted);
    MW_CHECK(accepted == 0);
}

static uint32_t rng_state;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static void flips(const char *name, long len, uint32_t seed)
{
    int i, rejected = 0;
    mw_diag diag;
    rng_state = seed;
    for (i = 0; i < FLIPS; i++) {
        int k, n = 1 + (int)(rng() % 4);
        memcpy(work, base, (size_t)len);
        for (k = 0; k < n; k++) {
            /* Half the flips hit the first 2 KB, where the tables and vtables are dense. */
            uint32_t span = (rng() & 1) && len > 2048 ? 2048u : (uint32_t)len;
            work[rng() % span] ^= (uint8_t)(1u + rng() % 255u);
        }
        if (run_copy(work, (size_t)len, &diag) != MW_OK) {
            rejected++;
        }
    }
    printf("%s: %d of %d flipped copies rejected\n", name, rejected, FLIPS);
    MW_CHECK(rejected > 0);
}

/* ---- crafted defects in kws_ref_model ---- */

static long work_len;
static mw_tfl_model view;

enum { F_SHAPE = 0, F_TYPE = 1, F_BUFFER = 2, F_QUANT = 4 };
enum { Q_SCALE = 2, Q_ZERO_POINT = 3 };
enum { O_OPCODE = 0, O_INPUTS = 1, O_OUTPUTS = 2, O_OPTIONS_TYPE = 3, O_OPTIONS = 4 };
enum { C_DEPRECATED = 0, C_BUILTIN = 3 };

static void reset(void)
{
    memcpy(work, base, (size_t)work_len);
    (void)mw_tfl_open(&view, work, (size_t)work_len, NULL);
}

static void put32(uint32_t pos, uint32_t v)
{
    work[pos] = (uint8_t)v;
    work[pos + 1] = (uint8_t)(v >> 8);
    work[pos + 2] = (uint8_t)(v >> 16);
    work[pos + 3] = (uint8_t)(v >> 24);
}

static uint32_t field(const mw_fb_table *t, int id, uint32_t size)
{
    uint32_t pos = 0;
    (void)mw_fb_field(&view.fb, t, id, size, &pos);
    MW_CHECK(pos != 0);
    return pos;
}

static mw_fb_table table_of(const mw_fb_vec *v, uint32_t i)
{
    mw_fb_table t;
    memset(&t, 0, sizeof t);
    MW_CHECK_STATUS(mw_fb_vec_table(&view.fb, v, i, &t), MW_OK);
    return t;
}

static mw_fb_vec vector_of(const mw_fb_table *t, int id, uint32_t size)
{
    mw_fb_vec v;
    memset(&v, 0, sizeof v);
    MW_CHECK_STATUS(mw_fb_vector(&view.fb, t, id, size, &v), MW_OK);
    return v;
}

static mw_fb_table sub_table(const mw_fb_table *t, int id)
{
    mw_fb_table s;
    int present = 0;
    memset(&s, 0, sizeof s);
    MW_CHECK_STATUS(mw_fb_table_field(&view.fb, t, id, &s, &present), MW_OK);
    MW_CHECK(present);
    return s;
}

static uint32_t tensor_shape_pos(uint32_t tensor, uint32_t dim)
{
    mw_fb_table t = table_of(&view.tensors, tensor);
    mw_fb_vec v = vector_of(&t, F_SHAPE, 4);
    return v.pos + 4 * dim;
}

static uint32_t quant_pos(uint32_t tensor, int id, uint32_t size)
{
    mw_fb_table t = table_of(&view.tensors, tensor);
    mw_fb_table q = sub_table(&t, F_QUANT);
    mw_fb_vec v = vector_of(&q, id, size);
    return v.pos;
}

static uint32_t op_io_pos(uint32_t op, int id, uint32_t slot)
{
    mw_fb_table t = table_of(&view.operators, op);
    mw_fb_vec v = vector_of(&t, id, 4);
    return v.pos + 4 * slot;
}

static mw_fb_table op_options(uint32_t op)
{
    mw_fb_table t = table_of(&view.operators, op);
    return sub_table(&t, O_OPTIONS);
}

static void expect(const char *what, mw_status want, const char *text)
{
    mw_diag diag;
    mw_status s;
    memset(&diag, 0, sizeof diag);
    s = run_copy(work, (size_t)work_len, &diag);
    mw_test_checks++;
    if (s != want || diag.status != want || (want != MW_OK && diag.message[0] == '\0') ||
        (text && !strstr(diag.message, text))) {
        mw_test_failures++;
        printf("%s: status %d (%s), expected %d\n", what, (int)s, diag.message, (int)want);
    }
    reset();
}

static void crafted(void)
{
    mw_fb_table t, opt;
    uint32_t pos;
    reset();
    /* kws: op0 CONV_2D [0,17,3]->22, op1 DEPTHWISE [22,5,4]->23, op2 CONV [23,18,6]->24, ...,
     * op6 ->28, op9 AVERAGE_POOL [30]->31, op10 RESHAPE, op11 FULLY_CONNECTED, op12 SOFTMAX ->34 */
    put32(tensor_shape_pos(22, 1), 0x7fffffffu);
    expect("huge dimension", MW_ERR_SHAPE, "tensor 22");
    put32(tensor_shape_pos(22, 3), 0x00100000u);
    put32(tensor_shape_pos(22, 1), 0x00100000u);
    expect("dimensions whose product overflows", MW_ERR_SHAPE, NULL);
    put32(tensor_shape_pos(22, 1), (uint32_t)-3);
    expect("negative dimension", MW_ERR_SHAPE, NULL);
    put32(tensor_shape_pos(22, 2), 0);
    expect("zero dimension", MW_ERR_SHAPE, NULL);

    put32(tensor_shape_pos(33, 0) - 4, 0);
    expect("scalar FULLY_CONNECTED output", MW_ERR_SHAPE, "FULLY_CONNECTED");
    put32(tensor_shape_pos(34, 0) - 4, 0);
    expect("scalar SOFTMAX output", MW_ERR_SHAPE, "SOFTMAX");
    put32(tensor_shape_pos(34, 0) - 4, 7);
    expect("7-D tensor", MW_ERR_SHAPE, "tensor 34");

    put32(op_io_pos(0, O_INPUTS, 0) - 4, 40);
    expect("operator with 40 inputs", MW_ERR_UNSUPPORTED_OP, "CONV_2D with 40 inputs");
    put32(op_io_pos(0, O_INPUTS, 0), (uint32_t)-7);
    expect("negative tensor index", MW_ERR_GRAPH, NULL);
    put32(op_io_pos(0, O_INPUTS, 0), (uint32_t)-1);
    expect("omitted required input", MW_ERR_GRAPH, NULL);
    put32(op_io_pos(0, O_INPUTS, 0), 9999);
    expect("tensor index past the end", MW_ERR_GRAPH, NULL);
    put32(op_io_pos(1, O_OUTPUTS, 0), 22);
    expect("operator writing its own input (cycle)", MW_ERR_GRAPH, NULL);
    put32(op_io_pos(2, O_INPUTS, 0), 28);
    expect("read before write (dangling)", MW_ERR_GRAPH, "before");
    put32(op_io_pos(3, O_OUTPUTS, 0), 24);
    expect("tensor written twice", MW_ERR_GRAPH, NULL);
    put32(op_io_pos(0, O_OUTPUTS, 0), 17);
    expect("operator writing a constant", MW_ERR_GRAPH, NULL);
    put32(view.outputs.pos, 17);
    expect("graph output never written", MW_ERR_GRAPH, NULL);
    put32(view.inputs.pos, 17);
    expect("constant graph input", MW_ERR_GRAPH, NULL);
    put32(view.subgraphs.pos - 4, 0);
    expect("no subgraph", MW_ERR_GRAPH, NULL);

    t = table_of(&view.tensors, 17);
    put32(field(&t, F_BUFFER, 4), 100000);
    expect("missing buffer", MW_ERR_MODEL_INVALID, NULL);
    put32(tensor_shape_pos(17, 0), 32);
    expect("buffer size does not match the shape", MW_ERR_MODEL_INVALID, NULL);

    t = table_of(&view.tensors, 0);
    work[field(&t, F_TYPE, 1)] = 0; /* FLOAT32 */
    expect("float input to an int8 convolution", MW_ERR_UNSUPPORTED_TYPE, NULL);
    work[field(&t, F_TYPE, 1)] = 99;
    expect("unknown tensor type", MW_ERR_MODEL_INVALID, NULL);
    work[field(&t, F_TYPE, 1)] = 5; /* STRING */
    expect("string tensor", MW_ERR_UNSUPPORTED_TYPE, NULL);
    t = table_of(&view.tensors, 22);
    work[field(&t, F_TYPE, 1)] = 3; /* UINT8 */
    expect("uint8 activation", MW_ERR_UNSUPPORTED_TYPE, NULL);

    put32(quant_pos(17, Q_SCALE, 4), 0xbf800000u); /* -1.0f */
    expect("negative weight scale", MW_ERR_QUANTIZATION, NULL);
    put32(quant_pos(17, Q_SCALE, 4) + 4 * 5, 0xbf800000u);
    expect("negative scale of channel 5", MW_ERR_QUANTIZATION, "CONV_2D");
    put32(quant_pos(17, Q_SCALE, 4) + 4 * 63, 0x7fc00000u); /* NaN */
    expect("NaN scale of channel 63", MW_ERR_QUANTIZATION, NULL);
    put32(quant_pos(0, Q_SCALE, 4), 0);
    expect("zero input scale", MW_ERR_QUANTIZATION, NULL);
    put32(quant_pos(34, Q_ZERO_POINT, 8), 0);
    put32(quant_pos(34, Q_ZERO_POINT, 8) + 4, 0);
    expect("softmax output zero point", MW_ERR_QUANTIZATION, "SOFTMAX");
    put32(quant_pos(17, Q_ZERO_POINT, 8), 3);
    expect("asymmetric conv weights", MW_ERR_QUANTIZATION, NULL);

    /* Operator codes: both the 8-bit and the 32-bit field, as present in the file. */
    t = table_of(&view.operators, 9);
    pos = mw_load_u32(work + field(&t, O_OPCODE, 4));
    {
        mw_fb_table code = table_of(&view.opcodes, pos);
        uint32_t dep = 0, b32 = 0;
        (void)mw_fb_field(&view.fb, &code, C_DEPRECATED, 1, &dep);
        (void)mw_fb_field(&view.fb, &code, C_BUILTIN, 4, &b32);
        MW_CHECK(dep || b32);
        if (dep) work[dep] = 16; /* LSTM */
        if (b32) put32(b32, 16);
        expect("unsupported op", MW_ERR_UNSUPPORTED_OP, "LSTM");
        if (dep && b32) {
            work[dep] = 0; /* the larger code wins: still AVERAGE_POOL_2D */
            expect("deprecated code smaller than builtin code", MW_OK, NULL);
            put32(b32, 0);
            work[dep] = 127;
            expect("placeholder deprecated code", MW_ERR_UNSUPPORTED_OP, "PLACEHOLDER_FOR_GREATER_OP_CODES");
        }
    }
    put32(field(&t, O_OPCODE, 4), 99);
    expect("opcode index out of range", MW_ERR_MODEL_INVALID, NULL);

    t = table_of(&view.operators, 0);
    work[field(&t, O_OPTIONS_TYPE, 1)] = 9;
    expect("options of another operator", MW_ERR_MODEL_INVALID, NULL);
    opt = op_options(0);
    work[field(&opt, 3, 1)] = 4; /* TANH */
    expect("unsupported fused activation", MW_ERR_UNSUPPORTED_OP, "CONV_2D");
    put32(field(&opt, 1, 4), 0);
    expect("zero stride", MW_ERR_MODEL_INVALID, NULL);
    opt = op_options(1);
    put32(field(&opt, 3, 4), 2);
    expect("depth multiplier mismatch", MW_ERR_SHAPE, NULL);
    opt = op_options(9);
    put32(field(&opt, 3, 4), 6);
    expect("pool output shape mismatch", MW_ERR_SHAPE, NULL);

    put32(0, 0xffffff00u);
    expect("root offset past the end", MW_ERR_MODEL_TRUNCATED, NULL);
    put32(mw_load_u32(work), 0x7fffffffu);
    expect("vtable offset past the start", MW_ERR_MODEL_TRUNCATED, NULL);
    {
        mw_fb_table root;
        uint32_t version = 0;
        MW_CHECK_STATUS(mw_fb_root(&view.fb, &root), MW_OK);
        (void)mw_fb_field(&view.fb, &root, 0, 4, &version);
        MW_CHECK(version != 0);
        if (version) {
            put32(version, 2);
            expect("schema version 2", MW_ERR_MODEL_INVALID, NULL);
        }
    }
    expect("unmodified model", MW_OK, NULL);
}

int main(void)
{
    int m;
    mw_diag diag;
    size_t need;
    MW_CHECK_STATUS(mw_interpreter_arena_size(NULL, 10, &need, &diag), MW_ERR_ARGUMENT);
    MW_CHECK_STATUS(mw_interpreter_arena_size(base, 0, &need, &diag), MW_ERR_MODEL_TRUNCATED);
    for (m = 0; m < 3; m++) {
        long len = mw_test_load_model(mw_test_models[m].name, base, sizeof base);
        MW_CHECK(len > 0);
        if (len <= 0) {
            continue;
        }
        truncation(mw_test_models[m].name, len);
        flips(mw_test_models[m].name, len, 0x1234567u + (uint32_t)m);
    }
    work_len = mw_test_load_model("kws_ref_model", base, sizeof base);
    MW_CHECK(work_len > 0);
    if (work_len > 0) {
        crafted();
    }
    return mw_test_summary("test_model_malformed");
}
