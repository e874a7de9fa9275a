/*
 * Interpreter internals: the prepared operator records, the interpreter object and
 * the build steps shared by mw_interpreter_arena_size and mw_interpreter_init.
 *
 * Arena layout (offsets 16-byte aligned):
 *   mw_interpreter | mw_op[n_ops] | mw_io[n_inputs + n_outputs] | persistent
 *   parameters (per-channel multipliers and shifts) | activation pool.
 * The activation pool holds every non-constant tensor and every kernel scratch
 * buffer at offsets chosen by the static memory plan (mw_plan.c).
 */
#ifndef MW_INTERP_H
#define MW_INTERP_H

#include "mw_kernels.h"
#include "mw_tflite.h"
#ifdef MW_WITH_ETHOSU
#include "ethos_u/mw_ethosu.h"
#endif

#define MW_ARENA_ALIGN 16u
/* Limits that keep every size computation far from overflow, on 32-bit targets too. */
#define MW_MAX_OPS 4096
#define MW_MAX_GRAPH_IO 64

typedef enum mw_op_kind {
    MW_KIND_CONV_2D,
    MW_KIND_DEPTHWISE_CONV_2D,
    MW_KIND_FULLY_CONNECTED,
    MW_KIND_AVERAGE_POOL_2D,
    MW_KIND_MAX_POOL_2D,
    MW_KIND_SOFTMAX,
    MW_KIND_REQUANTIZE,
    MW_KIND_QUANTIZE_F32,
    MW_KIND_DEQUANTIZE_F32,
    MW_KIND_ALIAS, /* RESHAPE whose output shares its input's memory: nothing to run */
    MW_KIND_COPY,  /* RESHAPE of a constant, or to where an offline plan puts it: copied */
#ifdef MW_WITH_ETHOSU
    MW_KIND_ETHOSU /* Vela's "ethos-u" custom operator, run by the NPU driver */
#endif
} mw_op_kind;

typedef struct mw_op {
    int32_t kind;
    /* Activation tensors by model index; -1 when the pointer was fixed at prepare
     * time (constant data). Pointers below are resolved after planning. */
    int32_t in_tensor, out_tensor;
    int16_t scratch_buf; /* plan buffer for kernel scratch, -1 if none */
    int16_t bias_buf;    /* plan buffer for an aligned copy of the bias, -1 if none */
    const void *in;
    void *out;
    const int8_t *filter;
    const int32_t *bias;
    const uint8_t *bias_src; /* model bias bytes */
    int32_t *bias_copy;      /* aligned pool copy of them when bias_src is misaligned, else NULL */
    uint32_t bias_bytes;
    uint32_t scratch_len;
    void *scratch;
    union {
        struct {
            mw_conv_params p;
            mw_shape4 in_shape, filter_shape, out_shape;
        } conv;
        struct {
            mw_fc_params p;
            int32_t batches, in_depth, out_depth;
        } fc;
        struct {
            mw_pool_params p;
            mw_shape4 in_shape, out_shape;
        } pool;
        struct {
            mw_softmax_params p;
            int32_t rows, depth;
        } softmax;
        struct {
            mw_requantize_params p;
            float scale;
            int32_t zero_point;
            int32_t count;
        } quant;
        struct {
            uint32_t bytes;
        } copy;
#ifdef MW_WITH_ETHOSU
        struct {
            const uint8_t *cms;       /* command stream, in the model */
            uint32_t cms_len;
            int32_t count;            /* inputs 1.. and outputs */
            mw_ethosu_tensor *tensor; /* [count], persistent; arena addresses set by mw_ethosu_bind */
            int32_t *tensor_index;    /* [count], model tensor to bind, -1 for constants */
        } ethosu;
#endif
    } u;
} mw_op;

typedef struct mw_io {
    int32_t tensor;
    uint32_t bytes;
    void *data;
} mw_io;

struct mw_interpreter {
    mw_tfl_model model;
    mw_op *ops;
    mw_io *inputs;
    mw_io *outputs;
    int32_t n_ops, n_inputs, n_outputs;
    int32_t next_op; /* first operator of a pending stepped inference, 0 when none */
    uint64_t macs;
};

/* ---- static memory plan ---- */

#define MW_PLAN_MAX 128
/* MW_BUF_SCRATCH: an operator's own working memory declared as a model tensor
 * (Vela's scratch tensors): planned where it is first used, read by nothing else.
 * MW_BUF_FIXED: placed at the offset the model's offline plan gives (mw_plan_fix). */
enum { MW_BUF_INPUT = 1, MW_BUF_OUTPUT = 2, MW_BUF_SCRATCH = 4, MW_BUF_FIXED = 8 };

typedef struct mw_plan_buf {
    int32_t tensor;  /* model tensor index, -1 for operator temporaries */
    uint32_t bytes;
    uint32_t offset; /* in the pool, set by mw_plan_solve */
    int16_t first;   /* operators [first, last] use it */
    int16_t last;
    int16_t alias;   /* index of the buffer whose memory it shares, -1 if own */
    uint8_t flags;
} mw_plan_buf;

typedef struct mw_plan {
    int32_t count;
    mw_plan_buf buf[MW_PLAN_MAX];
} mw_plan;

/* Buffer that holds `tensor` (following aliases), -1 when none. */
int32_t mw_plan_find(const mw_plan *p, int32_t tensor);
mw_status mw_plan_add(mw_plan *p, int32_t tensor, uint32_t bytes, int32_t time, int32_t *index);
mw_status mw_plan_add_alias(mw_plan *p, int32_t tensor, int32_t target);
/* Extends the lifetime of buffer `index` to cover `time`. */
void mw_plan_use(mw_plan *p, int32_t index, int32_t time);
/* Pins buffer `index` at `offset` (16-byte aligned) of the pool. */
void mw_plan_fix(mw_plan *p, int32_t index, uint32_t offset);
/* Places the fixed buffers first (two that are live at the same time may overlap only
 * when one is an NPU scratch tensor, the region Vela lays the others out in), then
 * the others greedy by size (largest first, lowest offset that conflicts with nothing
 * already placed); *pool_bytes is the pool size it needs. MW_ERR_MODEL_INVALID for
 * overlapping fixed buffers, MW_ERR_SHAPE for a pool over 2 GB. */
mw_status mw_plan_solve(mw_plan *p, uint64_t *pool_bytes, mw_diag *diag);

/* ---- operator preparation ---- */

typedef struct mw_build {
    const mw_tfl_model *m;
    mw_diag *diag;
    uint8_t *persist;      /* NULL while only measuring */
    uint64_t persist_cap;  /* bytes available at persist */
    uint64_t persist_used;
    uint64_t macs;         /* multiply-accumulates of the operators prepared so far */
    const mw_tfl_offline *offline; /* the model's offline memory plan (count 0: none) */
} mw_build;

/* Persistent parameter memory: NULL while measuring (the caller then computes and
 * checks the values without storing them). `align` is a power of two up to 16. */
void *mw_build_alloc(mw_build *b, uint64_t bytes, uint32_t align);
int32_t *mw_build_alloc_i32(mw_build *b, uint32_t count);

/* Reads operator input/output `slot`; MW_ERR_GRAPH when it is missing or omitted. */
mw_status mw_prep_input(mw_build *b, const mw_tfl_op *op, uint32_t slot, mw_tfl_tensor *t);
mw_status mw_prep_output(mw_build *b, const mw_tfl_op *op, uint32_t slot, mw_tfl_tensor *t);
/* Optional input: *present = 0 when the slot is absent or -1. */
mw_status mw_prep_optional_input(mw_build *b, const mw_tfl_op *op, uint32_t slot, mw_tfl_tensor *t,
                                 int *present);
/* Input and output counts within [min, max]. */
mw_status mw_prep_io_counts(mw_build *b, const mw_tfl_op *op, uint32_t in_min, uint32_t in_max,
                            uint32_t out_count);
/* Builtin options table of the expected type (`required`: absent is an error). */
mw_status mw_prep_options(mw_build *b, const mw_tfl_op *op, uint8_t type, int required,
                          const mw_fb_table **options);
/* int8 (or `type`) tensor with one positive finite scale. */
mw_status mw_prep_per_tensor(mw_build *b, const mw_tfl_op *op, const mw_tfl_tensor *t, int32_t type);
/* 4-D tensor as mw_shape4. */
mw_status mw_prep_shape4(mw_build *b, const mw_tfl_op *op, const mw_tfl_tensor *t, mw_shape4 *s);
/* Activation clamp for the output's int8 quantization (TFLite CalculateActivationRangeQuantized). */
mw_status mw_prep_activation(mw_build *b, const mw_tfl_op *op, uint8_t act, const mw_tfl_tensor *out,
                             int32_t *act_min, int32_t *act_max);
/* Output size and leading padding of one spatial axis (TFLite ComputePaddingHeightWidth). */
mw_status mw_prep_window(mw_build *b, const mw_tfl_op *op, uint8_t padding, int32_t in, int32_t filter,
                         int32_t stride, int32_t dilation, int32_t *out, int32_t *pad);
/* Connects the activation input / output of a record (constant inputs get their data now). */
void mw_prep_bind(mw_op *rec, const mw_tfl_tensor *in, const mw_tfl_tensor *out);
/* Constant int8 weights and optional int32 bias of `channels` entries. */
mw_status mw_prep_weights(mw_build *b, const mw_tfl_op *op, mw_op *rec, const mw_tfl_tensor *filter,
                          const mw_tfl_tensor *bias, int bias_present, int32_t channels);
/* Per-channel multipliers and shifts of a convolution (quantized dimension `qdim` of the filter). */
mw_status mw_prep_channel_scales(mw_build *b, const mw_tfl_op *op, mw_conv_params *p,
                                 const mw_tfl_tensor *in, const mw_tfl_tensor *filter,
                                 const mw_tfl_tensor *out, int32_t qdim, int32_t channels);
/* Error with the operator's index and name in the message. */
mw_status mw_prep_fail(mw_build *b, const mw_tfl_op *op, mw_status s, const char *what);

mw_status mw_conv2d_prepare(mw_build *b, const mw_tfl_op *op, mw_op *rec);
mw_status mw_depthwise_conv2d_prepare(mw_build *b, const mw_tfl_op *op, mw_op *rec);
mw_status mw_fully_connected_prepare(mw_build *b, const mw_tfl_op *op, mw_op *rec);
mw_status mw_pool2d_prepare(mw_build *b, const mw_tfl_op *op, mw_op *rec);
mw_status mw_softmax_op_prepare(mw_build *b, const mw_tfl_op *op, mw_op *rec);
mw_status mw_reshape_prepare(mw_build *b, const mw_tfl_op *op, mw_op *rec);
mw_status mw_quantize_prepare(mw_build *b, const mw_tfl_op *op, mw_op *rec);
mw_status mw_dequantize_prepare(mw_build *b, const mw_tfl_op *op, mw_op *rec);
#ifdef MW_WITH_ETHOSU
/* Input slots of the Vela operator that are its scratch tensors (bit k = input k). */
#define MW_ETHOSU_SCRATCH_SLOTS ((1u << MW_ETHOSU_IN_SCRATCH) | (1u << MW_ETHOSU_IN_SCRATCH_FAST))
mw_status mw_ethosu_prepare(mw_build *b, const mw_tfl_op *op, mw_op *rec);
/* Sets the arena addresses of the operator's planned tensors. */
void mw_ethosu_bind(mw_op *rec, const mw_plan *plan, uint8_t *pool);
#endif

/* Runs one prepared operator. */
mw_status mw_op_eval(mw_op *rec);

/* Sizes (measure: it == NULL) or builds (it != NULL, arena of *total bytes) the interpreter. */
mw_status mw_build_interpreter(const uint8_t *model, size_t model_len, uint8_t *arena, size_t *total,
                               mw_diag *diag);

#endif /* MW_INTERP_H */
