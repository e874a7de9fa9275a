/*
 * Vela's "ethos-u" custom operator, on models built here.
 *
 * With MW_KERNEL_BACKEND=ethos-u (MW_WITH_ETHOSU) this test links a fake NPU driver
 * (mw_ethosu_driver_invoke) that checks what the interpreter hands over (command
 * stream inside the model, every region 16-byte aligned, flash inside the model,
 * scratch and feature maps inside the arena and not overlapping, sizes as the test's
 * command stream states) and writes out[i] = in[i] + op_id * flash[i] (mod 256)
 * after filling the scratch tensors, so overlapping memory changes the result:
 *   model A: int8 [1,16] -NPU-> int8 [1,16]
 *   model B: float -QUANTIZE-> int8 -NPU 1-> int8 -QUANTIZE (requantize)-> int8
 *            -NPU 2-> int8 -DEQUANTIZE-> float, both NPU operators sharing Vela's
 *            flash, scratch and fast scratch tensors
 * and malformed variants are refused at load. Models V and W are laid out as Vela
 * lays them out: an OfflineMemoryAllocation entry pins the scratch tensor at 0, an
 * empty ([0]) fast scratch tensor, and the feature maps inside the scratch region at
 * the offsets the command stream names; the driver then checks that each feature map
 * is at scratch base + that offset and uses the rest of the scratch region itself:
 *   model V: int8 [1,16] -NPU-> int8 [1,16]
 *   model W: float -Q-> int8 -NPU 1-> -RESHAPE (to another offset: a copy)-> -NPU 2->
 *            -DEQUANTIZE-> float, beside int8 -Q-> int8 on the CPU (a second graph
 *            input and output, planned online around the pinned tensors)
 * and malformed offline plans are refused. Without the backend, the operator is
 * refused with its name and the build option in the message.
 */
#include <math.h>
#include <stdint.h>

#include "mw_interp_test_util.h"
#include "mw_model_builder.h"

enum { T_F32 = 0, T_UINT8 = 3, T_INT8 = 9 };
enum { OP_DEQUANTIZE = 6, OP_RESHAPE = 22, OP_CUSTOM = 32, OP_QUANTIZE = 114 };
enum { FLASH = 16, SCRATCH = 48, SCRATCH_FAST = 32, N = 16 };
/* Vela layout (models V and W): the scratch region, the part of it the NPU uses for
 * itself, and where the feature maps go. */
enum { VELA_SCRATCH = 128, VELA_OWN = 32, AT_32 = 32, AT_64 = 64, AT_96 = 96 };

/* Vela's custom options: a FlexBuffer whose root is the integer 1 (value, type INT, width 1). */
static const uint8_t vela_options[3] = {0x01, 0x04, 0x01};
static const uint8_t bad_options[3] = {0x02, 0x04, 0x01};

/* The test's command stream: "MWFK", operator id, region count, then each region's
 * expected byte size (uint16); at CMS_VELA a 1 for Vela's layout, followed by the
 * input and output feature maps' offsets in the scratch region (uint16); padded to 32 bytes. */
#define CMS_VELA 16
#define CMS_LEN 32
static uint8_t cms1[CMS_LEN], cms2[CMS_LEN];
static uint8_t flash[FLASH];

static mw_tb_code codes[4] = {{OP_CUSTOM, "ethos-u"}, {OP_QUANTIZE, NULL}, {OP_DEQUANTIZE, NULL},
                              {OP_RESHAPE, NULL}};
static mw_tb_tensor tensors[13];
static mw_tb_op ops[6];
static mw_tb_buffer buffers[5];
/* Vela's OfflineMemoryAllocation entry (buffer 4): version, subgraphs, tensors, an offset per tensor. */
static int32_t offline[3 + 13];
static const char *metadata;
static int32_t graph_in[2], graph_out[2];
static int n_tensors, n_ops, n_graph_in, n_graph_out;

static mw_fbw w;
static uint8_t arena[16384] __attribute__((aligned(16)));
/* The model as the interpreter sees it (a 16-byte aligned copy, or misplaced on purpose). */
static uint8_t model_store[MW_FBW_MAX + 32] __attribute__((aligned(16)));
static const uint8_t *model_bytes;
static size_t model_len;

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v & 0xff);
    p[1] = (uint8_t)(v >> 8);
}

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static void make_cms(uint8_t *cms, uint8_t id, const uint16_t *sizes, int count)
{
    int i;
    memset(cms, 0, CMS_LEN);
    memcpy(cms, "MWFK", 4);
    cms[4] = id;
    cms[5] = (uint8_t)count;
    for (i = 0; i < count; i++) {
        put16(cms + 6 + 2 * i, sizes[i]);
    }
}

/* A command stream for Vela's layout: empty fast scratch, feature maps at `ifm` and `ofm` in the scratch region. */
static void make_vela_cms(uint8_t *cms, uint8_t id, uint16_t ifm, uint16_t ofm)
{
    static const uint16_t sizes[5] = {FLASH, VELA_SCRATCH, 0, N, N};
    make_cms(cms, id, sizes, 5);
    cms[CMS_VELA] = 1;
    put16(cms + CMS_VELA + 1, ifm);
    put16(cms + CMS_VELA + 3, ofm);
}

static mw_tb_tensor tensor(int ndims, int32_t d0, int32_t d1, int type, uint32_t buffer, float scale, int64_t zp)
{
    mw_tb_tensor t;
    memset(&t, 0, sizeof t);
    t.ndims = ndims;
    t.dims[0] = d0;
    t.dims[1] = d1;
    t.type = type;
    t.buffer = buffer;
    t.scale = scale;
    t.zp = zp;
    return t;
}

static mw_tb_op npu_op(int32_t cms, int32_t ifm, int32_t ofm)
{
    /* Vela's order: command stream, flash, scratch, fast scratch, feature maps. */
    mw_tb_op o;
    memset(&o, 0, sizeof o);
    o.opcode = 0;
    o.n_in = 5;
    o.in[0] = cms;
    o.in[1] = 1;
    o.in[2] = 2;
    o.in[3] = 3;
    o.in[4] = ifm;
    o.n_out = 1;
    o.out[0] = ofm;
    o.custom_options = vela_options;
    o.custom_options_len = sizeof vela_options;
    return o;
}

static mw_tb_op cpu_op(uint32_t opcode, int32_t in, int32_t out)
{
    mw_tb_op o;
    memset(&o, 0, sizeof o);
    o.opcode = opcode;
    o.n_in = o.n_out = 1;
    o.in[0] = in;
    o.out[0] = out;
    return o;
}

/* Tensors 0..3 are shared by both models: command stream 1, flash, scratch, fast scratch. */
static void common_tensors(void)
{
    static const uint16_t sizes[3] = {FLASH, SCRATCH, SCRATCH_FAST};
    uint16_t with_fm[5];
    int i;
    for (i = 0; i < FLASH; i++) {
        flash[i] = (uint8_t)(17 * i + 3);
    }
    memcpy(with_fm, sizes, sizeof sizes);
    with_fm[3] = N; /* input feature map */
    with_fm[4] = N; /* output feature map */
    make_cms(cms1, 1, with_fm, 5);
    make_cms(cms2, 2, with_fm, 5);
    buffers[0].data = NULL;
    buffers[1].data = cms1;
    buffers[1].len = CMS_LEN;
    buffers[2].data = flash;
    buffers[2].len = FLASH;
    buffers[3].data = cms2;
    buffers[3].len = CMS_LEN;
    buffers[4].data = offline;
    buffers[4].len = sizeof offline;
    metadata = NULL;
    n_graph_in = n_graph_out = 1;
    tensors[0] = tensor(1, CMS_LEN, 0, T_UINT8, 1, 0.0f, 0);
    tensors[1] = tensor(1, FLASH, 0, T_UINT8, 2, 0.0f, 0);
    tensors[2] = tensor(1, SCRATCH, 0, T_UINT8, 0, 0.0f, 0);
    tensors[3] = tensor(1, SCRATCH_FAST, 0, T_UINT8, 0, 0.0f, 0);
}

/* Model A: int8 [1,16] (tensor 4) -NPU-> int8 [1,16] (tensor 5). */
static void model_a(void)
{
    common_tensors();
    tensors[4] = tensor(2, 1, N, T_INT8, 0, 0.5f, 0);
    tensors[5] = tensor(2, 1, N, T_INT8, 0, 0.5f, 0);
    n_tensors = 6;
    ops[0] = npu_op(0, 4, 5);
    n_ops = 1;
    graph_in[0] = 4;
    graph_out[0] = 5;
}

/* Model B: float 4 -Q-> 5 -NPU 1-> 6 -Q-> 7 -NPU 2 (command stream 8)-> 9 -DEQ-> float 10. */
static void model_b(void)
{
    common_tensors();
    tensors[4] = tensor(2, 1, N, T_F32, 0, 0.0f, 0);
    tensors[5] = tensor(2, 1, N, T_INT8, 0, 0.5f, -3);
    tensors[6] = tensor(2, 1, N, T_INT8, 0, 0.5f, -3);
    tensors[7] = tensor(2, 1, N, T_INT8, 0, 0.25f, 5);
    tensors[8] = tensor(1, CMS_LEN, 0, T_UINT8, 3, 0.0f, 0);
    tensors[9] = tensor(2, 1, N, T_INT8, 0, 0.25f, 5);
    tensors[10] = tensor(2, 1, N, T_F32, 0, 0.0f, 0);
    n_tensors = 11;
    ops[0] = cpu_op(1, 4, 5);
    ops[1] = npu_op(0, 5, 6);
    ops[2] = cpu_op(1, 6, 7);
    ops[3] = npu_op(8, 7, 9);
    ops[4] = cpu_op(2, 9, 10);
    n_ops = 5;
    graph_in[0] = 4;
    graph_out[0] = 10;
}

/* Vela's layout of models V and W: scratch [128] pinned at 0, fast scratch [0], every
 * other tensor online until the model pins it (plan()). */
static void vela_tensors(void)
{
    int i;
    tensors[2].dims[0] = VELA_SCRATCH;
    tensors[3].dims[0] = 0;
    metadata = "OfflineMemoryAllocation";
    offline[0] = 0;        /* format version */
    offline[1] = 1;        /* Vela: the number of subgraphs */
    offline[2] = n_tensors;
    for (i = 0; i < n_tensors; i++) {
        offline[3 + i] = -1;
    }
    offline[3 + 2] = 0;
    offline[3 + 3] = 0;
    buffers[4].len = (uint32_t)(3 + n_tensors) * 4;
}

static void plan(int32_t tensor, int32_t offset)
{
    offline[3 + tensor] = offset;
}

/* Model V: model A as Vela lays it out, input at 32 and output at 64 in the scratch region. */
static void model_v(void)
{
    model_a();
    make_vela_cms(cms1, 1, AT_32, AT_64);
    vela_tensors();
    plan(4, AT_32);
    plan(5, AT_64);
}

/* Model W: float 4 (online) -Q-> 5 (at 32) -NPU 1-> 6 (at 64) -RESHAPE-> 7 (at 96) -NPU 2 (command
 * stream 8)-> 9 (at 32 again: 5 is dead by then) -DEQ-> float 10 (online); int8 11 -Q-> int8 12 (both
 * online, 11 live while the NPU runs). Graph inputs 4 and 11, outputs 10 and 12. */
static void model_w(void)
{
    model_b();
    make_vela_cms(cms1, 1, AT_32, AT_64);
    make_vela_cms(cms2, 2, AT_96, AT_32);
    tensors[5] = tensor(2, 1, N, T_INT8, 0, 0.5f, -3);
    tensors[6] = tensor(2, 1, N, T_INT8, 0, 0.5f, -3);
    tensors[7] = tensor(2, 1, N, T_INT8, 0, 0.5f, -3);
    tensors[9] = tensor(2, 1, N, T_INT8, 0, 0.5f, -3);
    tensors[11] = tensor(2, 1, N, T_INT8, 0, 0.25f, 5);
    tensors[12] = tensor(2, 1, N, T_INT8, 0, 0.5f, -3);
    n_tensors = 13;
    ops[2] = cpu_op(3, 6, 7);
    ops[5] = cpu_op(1, 11, 12);
    n_ops = 6;
    graph_in[1] = 11;
    graph_out[1] = 12;
    n_graph_in = n_graph_out = 2;
    vela_tensors();
    plan(5, AT_32);
    plan(6, AT_64);
    plan(7, AT_96);
    plan(9, AT_32);
}

/* Builds the current tables and places the model at `misalign` bytes past a 16-byte boundary. */
static void build(size_t misalign)
{
    const mw_tb_model m = {codes,     4,           tensors, n_tensors, ops,      n_ops, graph_in, n_graph_in,
                           graph_out, n_graph_out, buffers, 5,         metadata, 4};
    mw_tb_build(&w, &m);
    memcpy(model_store + misalign, w.buf, w.len);
    model_bytes = model_store + misalign;
    model_len = w.len;
}

/* Builds, then expects the size query to fail with `want` and `text` in the message. */
static void expect_refused(const char *what, mw_status want, const char *text)
{
    mw_diag diag;
    size_t need = 0;
    mw_status s;
    build(0);
    memset(&diag, 0, sizeof diag);
    s = mw_interpreter_arena_size(model_bytes, model_len, &need, &diag);
    mw_test_checks++;
    if (s != want || diag.status != want || (text && !strstr(diag.message, text))) {
        mw_test_failures++;
        printf("%s: status %d (%s), expected %d with \"%s\"\n", what, (int)s, diag.message, (int)want,
               text ? text : "");
    }
}

/* Both builds: a custom operator other than Vela's is refused with its name. */
static void other_custom_op(void)
{
    model_a();
    codes[0].custom = "FooBarOp";
    expect_refused("unknown custom op", MW_ERR_UNSUPPORTED_OP, "FooBarOp");
    codes[0].custom = "ethos-u";
}

/* Both builds: an offline plan on a CPU-only graph, float 0 (pinned at 64) -Q-> int8 1 (at 0)
 * -RESHAPE-> int8 2 (at 32: a copy) -DEQ-> float 3 (online). */
static void model_c(void)
{
    int i;
    common_tensors();
    tensors[0] = tensor(2, 1, N, T_F32, 0, 0.0f, 0);
    tensors[1] = tensor(2, 1, N, T_INT8, 0, 0.5f, -3);
    tensors[2] = tensor(2, 1, N, T_INT8, 0, 0.5f, -3);
    tensors[3] = tensor(2, 1, N, T_F32, 0, 0.0f, 0);
    n_tensors = 4;
    ops[0] = cpu_op(1, 0, 1);
    ops[1] = cpu_op(3, 1, 2);
    ops[2] = cpu_op(2, 2, 3);
    n_ops = 3;
    graph_in[0] = 0;
    graph_out[0] = 3;
    metadata = "OfflineMemoryAllocation";
    offline[0] = 0;
    offline[1] = 0;
    offline[2] = n_tensors;
    for (i = 0; i < n_tensors; i++) {
        offline[3 + i] = i == 0 ? 64 : (i == 1 ? 0 : (i == 2 ? 32 : -1));
    }
    buffers[4].len = (uint32_t)(3 + n_tensors) * 4;
}

/* Runs model C in an arena of exactly the queried size: y = dequantize(quantize(x)). */
static void run_model_c_once(void)
{
    static uint8_t cpu_arena[4096] __attribute__((aligned(16)));
    mw_interpreter *it = NULL;
    mw_diag diag;
    size_t need = 0;
    float x[N], y[N];
    int i;
    build(0);
    MW_CHECK_STATUS(mw_interpreter_arena_size(model_bytes, model_len, &need, &diag), MW_OK);
    MW_CHECK(need <= sizeof cpu_arena);
    MW_CHECK_STATUS(mw_interpreter_init(&it, model_bytes, model_len, cpu_arena, need, &diag), MW_OK);
    if (!it) {
        return;
    }
    for (i = 0; i < N; i++) {
        x[i] = (float)(i - 7) * 2.3f;
    }
    MW_CHECK_STATUS(mw_interpreter_set_input(it, 0, x, sizeof x), MW_OK);
    MW_CHECK_STATUS(mw_interpreter_invoke(it), MW_OK);
    MW_CHECK_STATUS(mw_interpreter_get_output(it, 0, y, sizeof y), MW_OK);
    for (i = 0; i < N; i++) {
        MW_CHECK(y[i] == 0.5f * roundf(x[i] / 0.5f));
    }
}

static void run_model_c(void)
{
    model_c();
    run_model_c_once();
    /* The output may take the input's place (the input is dead by then)... */
    model_c();
    offline[3 + 3] = 64;
    run_model_c_once();
    /* ...but not overlap what is in use while it is written or read. */
    model_c();
    offline[3 + 1] = 80;
    expect_refused("CPU graph: input and its quantized copy", MW_ERR_MODEL_INVALID,
                   "tensors 0 (offset 64, 64 bytes) and 1 (offset 80, 16 bytes) overlap");
    model_c();
    offline[3 + 3] = 16;
    expect_refused("CPU graph: output over its dequantizer's input", MW_ERR_MODEL_INVALID,
                   "tensors 2 (offset 32, 16 bytes) and 3 (offset 16, 64 bytes) overlap");
}

#ifdef MW_WITH_ETHOSU

static int driver_calls;
static mw_status driver_result = MW_OK;

static int inside(uint64_t p, size_t n, const uint8_t *base, size_t len)
{
    uintptr_t b = (uintptr_t)base;
    return p >= b && n <= len && p - b <= len - n;
}

/* The fake NPU driver (see the top of the file). */
mw_status mw_ethosu_driver_invoke(const uint8_t *command_stream, size_t command_stream_len, uint64_t *base_addr,
                                  const size_t *base_addr_size, int32_t count)
{
    int32_t i, j;
    uint8_t *in, *out;
    int vela;
    driver_calls++;
    MW_CHECK(command_stream_len == CMS_LEN && inside((uintptr_t)command_stream, CMS_LEN, model_bytes, model_len));
    MW_CHECK((uintptr_t)command_stream % 16 == 0 && memcmp(command_stream, "MWFK", 4) == 0);
    MW_CHECK(count == command_stream[5] && count == 5);
    if (count != 5 || command_stream_len != CMS_LEN) {
        return MW_ERR_ARGUMENT;
    }
    vela = command_stream[CMS_VELA] == 1;
    for (i = 0; i < count; i++) {
        size_t want = get16(command_stream + 6 + 2 * i);
        MW_CHECK(base_addr[i] % 16 == 0);
        MW_CHECK(base_addr_size[i] == want);
        /* Region 0 (flash) is in the model, the others in the arena. */
        MW_CHECK(i == 0 ? inside(base_addr[i], want, model_bytes, model_len)
                        : inside(base_addr[i], want, arena, sizeof arena));
        /* Vela's feature maps are inside the scratch region; otherwise nothing overlaps. */
        for (j = vela ? 3 : 1; j < i; j++) {
            MW_CHECK(base_addr[i] + base_addr_size[i] <= base_addr[j] ||
                     base_addr[j] + base_addr_size[j] <= base_addr[i]);
        }
    }
    MW_CHECK(memcmp((const void *)(uintptr_t)base_addr[0], flash, FLASH) == 0);
    if (vela) {
        /* Where the command stream reads and writes them, and the NPU's own part of the region in use. */
        MW_CHECK(base_addr[3] == base_addr[1] + get16(command_stream + CMS_VELA + 1));
        MW_CHECK(base_addr[4] == base_addr[1] + get16(command_stream + CMS_VELA + 3));
        memset((void *)(uintptr_t)base_addr[1], 0xa5, VELA_OWN);
    } else {
        /* The NPU uses its scratch memory first: any overlap with the feature maps shows. */
        memset((void *)(uintptr_t)base_addr[1], 0xa5, base_addr_size[1]);
        memset((void *)(uintptr_t)base_addr[2], 0x5a, base_addr_size[2]);
    }
    in = (uint8_t *)(uintptr_t)base_addr[3];
    out = (uint8_t *)(uintptr_t)base_addr[4];
    for (i = 0; i < N; i++) {
        out[i] = (uint8_t)(in[i] + command_stream[4] * ((const uint8_t *)(uintptr_t)base_addr[0])[i]);
    }
    return driver_result;
}

static int8_t npu(int8_t in, int id, int i)
{
    return (int8_t)(uint8_t)((uint8_t)in + id * flash[i]);
}

static int8_t clamp8(float v)
{
    return (int8_t)(v > 127.0f ? 127 : (v < -128.0f ? -128 : v));
}

static mw_interpreter *load(void)
{
    mw_interpreter *it = NULL;
    mw_diag diag;
    size_t need = 0;
    MW_CHECK_STATUS(mw_interpreter_arena_size(model_bytes, model_len, &need, &diag), MW_OK);
    if (diag.status != MW_OK) {
        printf("%s\n", diag.message);
    }
    MW_CHECK(need > 0 && need <= sizeof arena);
    MW_CHECK_STATUS(mw_interpreter_init(&it, model_bytes, model_len, arena, sizeof arena, &diag), MW_OK);
    return it;
}

static void run_model_a(void)
{
    mw_interpreter *it;
    int8_t in[N], out[N];
    int i, round;
    model_a();
    build(0);
    it = load();
    if (!it) {
        return;
    }
    for (round = 0; round < 2; round++) {
        for (i = 0; i < N; i++) {
            in[i] = (int8_t)(i * 13 - 100 + round * 7);
        }
        driver_calls = 0;
        MW_CHECK_STATUS(mw_interpreter_set_input(it, 0, in, sizeof in), MW_OK);
        MW_CHECK_STATUS(mw_interpreter_invoke(it), MW_OK);
        MW_CHECK_STATUS(mw_interpreter_get_output(it, 0, out, sizeof out), MW_OK);
        MW_CHECK(driver_calls == 1);
        for (i = 0; i < N; i++) {
            MW_CHECK(out[i] == npu(in[i], 1, i));
        }
    }
    /* A driver failure is the invoke's status. */
    driver_result = MW_ERR_INTERNAL;
    MW_CHECK_STATUS(mw_interpreter_invoke(it), MW_ERR_INTERNAL);
    driver_result = MW_OK;
}

static void run_model_b(void)
{
    mw_interpreter *it;
    float x[N], out[N];
    int32_t done = 0;
    int i, steps = 0;
    model_b();
    build(0);
    it = load();
    if (!it) {
        return;
    }
    for (i = 0; i < N; i++) {
        x[i] = (float)(i - 8) * 3.3f + (i == 3 ? 100.0f : 0.0f);
    }
    /* Stepped, one operator per call: the NPU operators run at steps 2 and 4. */
    driver_calls = 0;
    MW_CHECK_STATUS(mw_interpreter_set_input(it, 0, x, sizeof x), MW_OK);
    while (!done && steps < 10) {
        MW_CHECK_STATUS(mw_interpreter_invoke_step(it, 1, &done), MW_OK);
        steps++;
        MW_CHECK(driver_calls == (steps >= 4 ? 2 : (steps >= 2 ? 1 : 0)));
    }
    MW_CHECK(done && steps == 5);
    MW_CHECK_STATUS(mw_interpreter_get_output(it, 0, out, sizeof out), MW_OK);
    for (i = 0; i < N; i++) {
        int8_t q1 = clamp8(roundf(x[i] / 0.5f) - 3.0f);
        int8_t n1 = npu(q1, 1, i);
        int8_t q2 = clamp8((float)((n1 + 3) * 2 + 5)); /* scale 0.5 -> 0.25, zero point -3 -> 5: exact */
        int8_t n2 = npu(q2, 2, i);
        MW_CHECK(out[i] == 0.25f * (float)(n2 - 5));
    }
}

static void malformed(void)
{
    mw_diag diag;
    size_t need = 0;
    mw_interpreter *it = NULL;
    int i;

    model_a();
    ops[0].in[0] = -1;
    expect_refused("missing command stream", MW_ERR_GRAPH, "ethos-u");
    model_a();
    tensors[0].buffer = 0;
    expect_refused("command stream without data", MW_ERR_GRAPH, "before");
    graph_in[0] = ops[0].in[4] = 0; /* the graph input as command stream (and feature map) */
    expect_refused("command stream from the graph input", MW_ERR_MODEL_INVALID, "command stream");
    model_a();
    tensors[0].type = T_INT8;
    expect_refused("int8 command stream", MW_ERR_UNSUPPORTED_TYPE, "command stream");
    model_a();
    tensors[0].ndims = 2;
    tensors[0].dims[0] = 2;
    tensors[0].dims[1] = CMS_LEN / 2;
    expect_refused("2-D command stream", MW_ERR_UNSUPPORTED_TYPE, "command stream");
    model_a();
    tensors[1].buffer = 0;
    graph_in[0] = ops[0].in[4] = 1;
    expect_refused("flash from the graph input", MW_ERR_MODEL_INVALID, "flash");
    model_a();
    tensors[2].type = T_INT8;
    expect_refused("int8 scratch", MW_ERR_UNSUPPORTED_TYPE, "scratch");
    model_a();
    tensors[3].buffer = 2;
    tensors[3].dims[0] = FLASH;
    expect_refused("constant fast scratch", MW_ERR_MODEL_INVALID, "fast scratch");
    model_a();
    ops[0].n_in = 4;
    expect_refused("no input feature map", MW_ERR_GRAPH, "ethos-u");
    model_a();
    ops[0].n_in = 17; /* 16 inputs after the command stream + 1 output */
    for (i = 5; i < 17; i++) {
        ops[0].in[i] = 4;
    }
    expect_refused("17 tensors for the NPU", MW_ERR_UNSUPPORTED_OP, "16 tensors");
    model_a();
    ops[0].custom_options = NULL;
    expect_refused("no custom options", MW_ERR_MODEL_INVALID, "custom options");
    model_a();
    ops[0].custom_options = bad_options;
    expect_refused("custom options 2", MW_ERR_MODEL_INVALID, "custom options");
    model_a();
    ops[0].in[4] = 5;
    expect_refused("input feature map never written", MW_ERR_GRAPH, "before");
    model_a();
    ops[0].out[0] = 2;
    expect_refused("output into the scratch tensor", MW_ERR_GRAPH, NULL);
    model_a();
    graph_out[0] = 2;
    expect_refused("scratch tensor as graph output", MW_ERR_GRAPH, NULL);
    model_a();
    ops[0].in[2] = 4; /* the graph input as scratch */
    expect_refused("graph input as scratch", MW_ERR_GRAPH, "scratch");
    model_b();
    ops[2].in[0] = 2; /* a CPU operator reading the NPU's scratch */
    expect_refused("CPU op reading scratch", MW_ERR_GRAPH, "scratch");
    model_a();
    tensors[2].dims[0] = 0x10000001;
    expect_refused("scratch over 256 MB", MW_ERR_SHAPE, "too large");

    /* A 1 MB scratch tensor is planned in the arena: the size query says so, a small arena is refused. */
    model_a();
    tensors[2].dims[0] = 1 << 20;
    build(0);
    MW_CHECK_STATUS(mw_interpreter_arena_size(model_bytes, model_len, &need, &diag), MW_OK);
    MW_CHECK(need > (1u << 20));
    MW_CHECK_STATUS(mw_interpreter_init(&it, model_bytes, model_len, arena, sizeof arena, &diag),
                    MW_ERR_ARENA_TOO_SMALL);

    /* The command stream and flash must be 16-byte aligned in memory, so must the model. */
    model_a();
    build(4);
    MW_CHECK_STATUS(mw_interpreter_arena_size(model_bytes, model_len, &need, &diag), MW_ERR_ALIGNMENT);
    MW_CHECK(strstr(diag.message, "16-byte aligned") != NULL);
    build(16);
    MW_CHECK_STATUS(mw_interpreter_arena_size(model_bytes, model_len, &need, &diag), MW_OK);
}

/* Model V runs with its feature maps where Vela put them, in an arena of exactly the
 * size the query returns, which is the scratch region's 128 bytes of activation memory
 * instead of the 160 the same graph needs when planned online. */
static void run_model_v(void)
{
    mw_interpreter *it = NULL;
    mw_diag diag;
    size_t need = 0, need_online = 0;
    int8_t in[N], out[N];
    int i;
    model_v();
    metadata = NULL;
    build(0);
    MW_CHECK_STATUS(mw_interpreter_arena_size(model_bytes, model_len, &need_online, &diag), MW_OK);
    model_v();
    build(0);
    MW_CHECK_STATUS(mw_interpreter_arena_size(model_bytes, model_len, &need, &diag), MW_OK);
    /* Online: scratch, input and output side by side; offline: the feature maps inside the scratch. */
    MW_CHECK(need + 2 * N == need_online);
    MW_CHECK_STATUS(mw_interpreter_init(&it, model_bytes, model_len, arena, need - 16, &diag),
                    MW_ERR_ARENA_TOO_SMALL);
    MW_CHECK_STATUS(mw_interpreter_init(&it, model_bytes, model_len, arena, need, &diag), MW_OK);
    if (!it) {
        return;
    }
    for (i = 0; i < N; i++) {
        in[i] = (int8_t)(i * 11 - 90);
    }
    driver_calls = 0;
    MW_CHECK_STATUS(mw_interpreter_set_input(it, 0, in, sizeof in), MW_OK);
    MW_CHECK_STATUS(mw_interpreter_invoke(it), MW_OK);
    MW_CHECK_STATUS(mw_interpreter_get_output(it, 0, out, sizeof out), MW_OK);
    MW_CHECK(driver_calls == 1);
    for (i = 0; i < N; i++) {
        MW_CHECK(out[i] == npu(in[i], 1, i));
    }
}

/* Model W: the NPU operators find their feature maps where their command streams
 * expect them (the RESHAPE copies), and the online tensors survive the NPU's use of
 * its scratch region. */
static void run_model_w(void)
{
    mw_interpreter *it = NULL;
    mw_diag diag;
    size_t need = 0;
    float x[N], y[N];
    int8_t b[N], c[N];
    int i;
    model_w();
    build(0);
    MW_CHECK_STATUS(mw_interpreter_arena_size(model_bytes, model_len, &need, &diag), MW_OK);
    if (diag.status != MW_OK) {
        printf("%s\n", diag.message);
    }
    MW_CHECK_STATUS(mw_interpreter_init(&it, model_bytes, model_len, arena, need, &diag), MW_OK);
    if (!it) {
        return;
    }
    for (i = 0; i < N; i++) {
        x[i] = (float)(i - 7) * 4.1f;
        b[i] = (int8_t)(5 + 2 * (7 * i - 50)); /* (b - 5) even: requantizing to scale 0.5 is exact */
    }
    driver_calls = 0;
    MW_CHECK_STATUS(mw_interpreter_set_input(it, 0, x, sizeof x), MW_OK);
    MW_CHECK_STATUS(mw_interpreter_set_input(it, 1, b, sizeof b), MW_OK);
    MW_CHECK_STATUS(mw_interpreter_invoke(it), MW_OK);
    MW_CHECK(driver_calls == 2);
    MW_CHECK_STATUS(mw_interpreter_get_output(it, 0, y, sizeof y), MW_OK);
    MW_CHECK_STATUS(mw_interpreter_get_output(it, 1, c, sizeof c), MW_OK);
    for (i = 0; i < N; i++) {
        int8_t q1 = clamp8(roundf(x[i] / 0.5f) - 3.0f);
        int8_t n2 = npu(npu(q1, 1, i), 2, i);
        MW_CHECK(y[i] == 0.5f * (float)(n2 + 3));
        MW_CHECK(c[i] == (b[i] - 5) / 2 - 3);
    }
}

/* Malformed offline plans and empty tensors, each refused with what is wrong. */
static void offline_malformed(void)
{
    model_v();
    buffers[4].len = 10;
    expect_refused("plan of 10 bytes", MW_ERR_MODEL_INVALID, "10 bytes");
    model_v();
    offline[0] = 1;
    expect_refused("plan version 1", MW_ERR_MODEL_INVALID, "version 1");
    model_v();
    offline[1] = 2;
    expect_refused("plan for subgraph 2", MW_ERR_MODEL_INVALID, "subgraph 2");
    model_v();
    offline[1] = 0;
    build(0);
    MW_CHECK_STATUS(mw_interpreter_arena_size(model_bytes, model_len, &(size_t){0}, NULL), MW_OK);
    model_v();
    offline[2] = 5;
    expect_refused("5 offsets for 6 tensors", MW_ERR_MODEL_INVALID, "5 offsets for 6 tensors");
    model_v();
    buffers[4].len -= 4;
    expect_refused("plan shorter than its count", MW_ERR_MODEL_INVALID, "cannot hold 6 offsets");
    model_v();
    plan(4, -2);
    expect_refused("offset -2", MW_ERR_MODEL_INVALID, "offset -2");
    model_v();
    plan(4, 40);
    expect_refused("misaligned offset", MW_ERR_MODEL_INVALID, "offset 40");
    model_v();
    plan(4, 0x10000010);
    expect_refused("offset past 256 MB", MW_ERR_MODEL_INVALID, "256 MB");
    model_v();
    plan(0, 0);
    expect_refused("offset for the command stream", MW_ERR_MODEL_INVALID, "constant tensor 0");
    model_v();
    plan(4, -1);
    expect_refused("feature map planned online", MW_ERR_MODEL_INVALID, "tensor 4 has no offset");
    model_v();
    plan(2, -1);
    expect_refused("scratch planned online", MW_ERR_MODEL_INVALID, "tensor 2 has no offset");
    model_v();
    plan(5, VELA_SCRATCH - 8 * 2);
    build(0);
    MW_CHECK_STATUS(mw_interpreter_arena_size(model_bytes, model_len, &(size_t){0}, NULL), MW_OK);
    plan(5, VELA_SCRATCH);
    expect_refused("output past the scratch region", MW_ERR_MODEL_INVALID, "outside the scratch");
    model_v();
    plan(5, AT_32);
    expect_refused("input and output at one offset", MW_ERR_MODEL_INVALID, "tensors 4 (offset 32, 16 bytes) and 5");
    /* In model W, 9 may reuse 5's place (5 is dead by then) but not 7's (NPU 2 reads 7 while writing 9). */
    model_w();
    plan(9, AT_96);
    expect_refused("overlap of live tensors", MW_ERR_MODEL_INVALID, "overlap while both are in use");
    /* Empty tensors: only the NPU's scratch tensors may be. */
    model_v();
    tensors[5].dims[1] = 0;
    expect_refused("empty output feature map", MW_ERR_SHAPE, "tensor 5 is empty");
    model_v();
    tensors[4].dims[1] = 0;
    expect_refused("empty graph input", MW_ERR_GRAPH, "empty");
}
#endif

int main(void)
{
#ifdef MW_WITH_ETHOSU
    run_model_a();
    run_model_b();
    malformed();
    run_model_v();
    run_model_w();
    offline_malformed();
#else
    /* Without the backend Vela's operator is refused at load, saying what to do. */
    model_a();
    expect_refused("ethos-u without the backend", MW_ERR_UNSUPPORTED_OP, "custom op ethos-u");
    expect_refused("ethos-u without the backend", MW_ERR_UNSUPPORTED_OP, "-DMW_KERNEL_BACKEND=ethos-u");
#endif
    other_custom_op();
    run_model_c();
    return mw_test_summary("test_interpreter_ethosu");
}
