/*
 * Read-only view of a TFLite model (schema version 3) on top of mw_flatbuffer.
 * Field numbers and enum values follow the public TFLite schema (schema.fbs).
 * Nothing is copied: views point into the model bytes.
 */
#ifndef MW_TFLITE_H
#define MW_TFLITE_H

#include "mw_flatbuffer.h"

/* TensorType */
enum {
    MW_TFL_FLOAT32 = 0,
    MW_TFL_INT32 = 2,
    MW_TFL_UINT8 = 3,
    MW_TFL_INT16 = 7,
    MW_TFL_INT8 = 9,
    MW_TFL_TYPE_LAST = 17
};

/* BuiltinOperator codes the interpreter implements (and CUSTOM). */
enum {
    MW_OP_AVERAGE_POOL_2D = 1,
    MW_OP_CONV_2D = 3,
    MW_OP_DEPTHWISE_CONV_2D = 4,
    MW_OP_DEQUANTIZE = 6,
    MW_OP_FULLY_CONNECTED = 9,
    MW_OP_MAX_POOL_2D = 17,
    MW_OP_RESHAPE = 22,
    MW_OP_SOFTMAX = 25,
    MW_OP_CUSTOM = 32,
    MW_OP_QUANTIZE = 114
};

/* BuiltinOptions union member types. */
enum {
    MW_OPT_NONE = 0,
    MW_OPT_CONV_2D = 1,
    MW_OPT_DEPTHWISE_CONV_2D = 2,
    MW_OPT_POOL_2D = 5,
    MW_OPT_FULLY_CONNECTED = 8,
    MW_OPT_SOFTMAX = 9,
    MW_OPT_RESHAPE = 17,
    MW_OPT_DEQUANTIZE = 38,
    MW_OPT_QUANTIZE = 89
};

/* ActivationFunctionType and Padding. */
enum { MW_ACT_NONE = 0, MW_ACT_RELU = 1, MW_ACT_RELU_N1_TO_1 = 2, MW_ACT_RELU6 = 3 };
enum { MW_PAD_SAME = 0, MW_PAD_VALID = 1 };

/* Upper bound on tensor bytes (and element counts): keeps all size arithmetic in 32 bits. */
#define MW_TFL_MAX_TENSOR_BYTES 0x10000000u
/* Upper bound on an operator's inputs and outputs (TFLite's largest builtin has 24). */
#define MW_TFL_MAX_OP_IO 32

typedef struct mw_tfl_model {
    mw_fb fb;
    mw_fb_vec opcodes, buffers, metadata, subgraphs;
    /* subgraph 0 */
    mw_fb_vec tensors, inputs, outputs, operators;
} mw_tfl_model;

typedef struct mw_tfl_tensor {
    int32_t index;
    int32_t type;       /* TFLite TensorType */
    int32_t ndims;
    int32_t dims[MW_MAX_DIMS];
    uint32_t elements;
    uint32_t bytes;
    const uint8_t *data; /* constant contents, or NULL for activations */
    int is_variable;
    const char *name;
    uint32_t name_len;
    /* Affine quantization: nscales == 0 when absent. scale/zero_point hold entry 0. */
    uint32_t nscales;
    mw_fb_vec scales;
    mw_fb_vec zero_points;
    int32_t quant_dim;
    float scale;
    int32_t zero_point;
} mw_tfl_tensor;

typedef struct mw_tfl_op {
    int32_t index;
    int32_t builtin;         /* BuiltinOperator (max of both code fields) */
    int32_t version;
    const char *custom_name; /* for CUSTOM */
    mw_fb_vec inputs, outputs;
    mw_fb_vec custom_options;       /* raw bytes (CUSTOM operators) */
    uint8_t custom_options_format;  /* CustomOptionsFormat: 0 = FLEXBUFFERS */
    uint8_t options_type;
    int has_options;
    mw_fb_table options;
} mw_tfl_op;

/* Root checks only (enough for metadata lookups). */
mw_status mw_tfl_open_root(mw_tfl_model *m, const uint8_t *model, size_t len, mw_diag *diag);
/* Root checks, schema version 3, exactly one subgraph, and its vectors. */
mw_status mw_tfl_open(mw_tfl_model *m, const uint8_t *model, size_t len, mw_diag *diag);
/* Every tensor, operator, operator code and graph input/output index. */
mw_status mw_tfl_validate(const mw_tfl_model *m, mw_diag *diag);

mw_status mw_tfl_tensor_get(const mw_tfl_model *m, int32_t index, mw_tfl_tensor *t, mw_diag *diag);
mw_status mw_tfl_op_get(const mw_tfl_model *m, int32_t index, mw_tfl_op *op, mw_diag *diag);
mw_status mw_tfl_buffer(const mw_tfl_model *m, uint32_t index, const uint8_t **data, uint32_t *len);

/* Tensor index i of an operator's (or the graph's) index vector; -1 marks an omitted input. */
static inline int32_t mw_tfl_index(const mw_tfl_model *m, const mw_fb_vec *v, uint32_t i)
{
    return i < v->count ? mw_fb_vec_i32(&m->fb, v, i) : -1;
}

/*
 * The "OfflineMemoryAllocation" metadata entry (TFLM's offline memory plan, written
 * by Vela): int32 words [version, subgraph, n, offset of tensor 0 .. n-1], each
 * offset in bytes from the start of the activation memory, -1 for "plan it online".
 * count == 0 when the model has no such entry.
 */
typedef struct mw_tfl_offline {
    const uint8_t *offsets; /* n little-endian int32, in the model bytes */
    uint32_t count;
} mw_tfl_offline;

/* Reads and checks the entry: format (version 0, the one subgraph, one offset per
 * tensor), every offset -1 or 16-byte aligned, no offset for a constant tensor.
 * MW_ERR_MODEL_INVALID, with what is wrong in the message, otherwise. */
mw_status mw_tfl_offline_plan(const mw_tfl_model *m, mw_tfl_offline *plan, mw_diag *diag);
/* Fixed offset of `tensor`, -1 when it is planned online (or there is no plan). */
int32_t mw_tfl_offline_offset(const mw_tfl_offline *plan, int32_t tensor);

/* Bytes per element of a TFLite type, 0 for types without a fixed size. */
uint32_t mw_tfl_type_size(int32_t type);
mw_type mw_tfl_public_type(int32_t type);
const char *mw_tfl_type_name(int32_t type);
/* "CONV_2D", the custom name for CUSTOM, NULL for codes newer than this table. */
const char *mw_tfl_op_name(const mw_tfl_op *op);

#endif /* MW_TFLITE_H */
