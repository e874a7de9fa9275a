/* TFLite model view: decoding and validation of the schema subset MicroWake reads. */
#include <math.h>

#include "mw_tflite.h"

/* Field numbers of the tables read here (schema.fbs order; unions take two slots). */
enum { MODEL_VERSION = 0, MODEL_OPCODES = 1, MODEL_SUBGRAPHS = 2, MODEL_BUFFERS = 4, MODEL_METADATA = 6 };
enum { SUBGRAPH_TENSORS = 0, SUBGRAPH_INPUTS = 1, SUBGRAPH_OUTPUTS = 2, SUBGRAPH_OPERATORS = 3 };
enum { TENSOR_SHAPE = 0, TENSOR_TYPE = 1, TENSOR_BUFFER = 2, TENSOR_NAME = 3, TENSOR_QUANT = 4,
       TENSOR_IS_VARIABLE = 5, TENSOR_SPARSITY = 6 };
enum { QUANT_SCALE = 2, QUANT_ZERO_POINT = 3, QUANT_DETAILS_TYPE = 4, QUANT_DIM = 6 };
enum { OPCODE_DEPRECATED = 0, OPCODE_CUSTOM = 1, OPCODE_VERSION = 2, OPCODE_BUILTIN = 3 };
enum { OP_OPCODE_INDEX = 0, OP_INPUTS = 1, OP_OUTPUTS = 2, OP_OPTIONS_TYPE = 3, OP_OPTIONS = 4,
       OP_CUSTOM_OPTIONS = 5, OP_CUSTOM_OPTIONS_FORMAT = 6 };
enum { BUFFER_DATA = 0, BUFFER_OFFSET = 1, BUFFER_SIZE = 2 };

#define MW_TFL_SCHEMA_VERSION 3u

/* Passes a non-OK status up with a message naming what was being read. */
#define MW_TRY(expr, what)                                                             \
    do {                                                                               \
        mw_status s_ = (expr);                                                         \
        if (s_ != MW_OK) {                                                             \
            return mw_diag_set(diag, s_, "%s: %s", what, mw_status_message(s_));       \
        }                                                                              \
    } while (0)

mw_status mw_tfl_open_root(mw_tfl_model *m, const uint8_t *model, size_t len, mw_diag *diag)
{
    mw_fb_table root;
    if (!m || !model) {
        return mw_diag_set(diag, MW_ERR_ARGUMENT, "model is NULL");
    }
    if (len < 8) {
        return mw_diag_set(diag, MW_ERR_MODEL_TRUNCATED, "model is %u bytes, too short", (uint32_t)len);
    }
    MW_TRY(mw_fb_init(&m->fb, model, len), "model size");
    MW_TRY(mw_fb_root(&m->fb, &root), "model root table");
    MW_TRY(mw_fb_vector(&m->fb, &root, MODEL_OPCODES, 4, &m->opcodes), "operator codes");
    MW_TRY(mw_fb_vector(&m->fb, &root, MODEL_SUBGRAPHS, 4, &m->subgraphs), "subgraphs");
    MW_TRY(mw_fb_vector(&m->fb, &root, MODEL_BUFFERS, 4, &m->buffers), "buffers");
    MW_TRY(mw_fb_vector(&m->fb, &root, MODEL_METADATA, 4, &m->metadata), "metadata");
    m->tensors.count = m->inputs.count = m->outputs.count = m->operators.count = 0;
    {
        uint32_t version;
        MW_TRY(mw_fb_u32(&m->fb, &root, MODEL_VERSION, 0, &version), "model version");
        if (version != MW_TFL_SCHEMA_VERSION) {
            return mw_diag_set(diag, MW_ERR_MODEL_INVALID, "schema version %u, expected 3", version);
        }
    }
    return MW_OK;
}

mw_status mw_tfl_open(mw_tfl_model *m, const uint8_t *model, size_t len, mw_diag *diag)
{
    mw_fb_table sg;
    mw_status s = mw_tfl_open_root(m, model, len, diag);
    if (s != MW_OK) {
        return s;
    }
    if (m->subgraphs.count != 1) {
        return mw_diag_set(diag, MW_ERR_GRAPH, "model has %u subgraphs, exactly 1 is supported",
                           m->subgraphs.count);
    }
    MW_TRY(mw_fb_vec_table(&m->fb, &m->subgraphs, 0, &sg), "subgraph 0");
    MW_TRY(mw_fb_vector(&m->fb, &sg, SUBGRAPH_TENSORS, 4, &m->tensors), "tensors");
    MW_TRY(mw_fb_vector(&m->fb, &sg, SUBGRAPH_INPUTS, 4, &m->inputs), "graph inputs");
    MW_TRY(mw_fb_vector(&m->fb, &sg, SUBGRAPH_OUTPUTS, 4, &m->outputs), "graph outputs");
    MW_TRY(mw_fb_vector(&m->fb, &sg, SUBGRAPH_OPERATORS, 4, &m->operators), "operators");
    /* Tensor and operator indices are int32 in the schema: keep counts in that range. */
    if (m->tensors.count > INT32_MAX || m->operators.count > INT32_MAX) {
        return mw_diag_set(diag, MW_ERR_MODEL_INVALID, "too many tensors or operators");
    }
    return MW_OK;
}

mw_status mw_tfl_buffer(const mw_tfl_model *m, uint32_t index, const uint8_t **data, uint32_t *len)
{
    mw_fb_table b;
    mw_fb_vec v;
    uint64_t offset, size;
    mw_status s;
    *data = NULL;
    *len = 0;
    if (index >= m->buffers.count) {
        return MW_ERR_MODEL_INVALID;
    }
    s = mw_fb_vec_table(&m->fb, &m->buffers, index, &b);
    if (s == MW_OK) s = mw_fb_vector(&m->fb, &b, BUFFER_DATA, 1, &v);
    if (s == MW_OK) s = mw_fb_u64(&m->fb, &b, BUFFER_OFFSET, 0, &offset);
    if (s == MW_OK) s = mw_fb_u64(&m->fb, &b, BUFFER_SIZE, 0, &size);
    if (s != MW_OK) {
        return s;
    }
    if (offset > 1) {
        /* Data stored after the flatbuffer (files over 2 GB); offset from the file start. */
        if (v.count || offset > m->fb.len || size > m->fb.len - offset) {
            return MW_ERR_MODEL_TRUNCATED;
        }
        *data = m->fb.buf + offset;
        *len = (uint32_t)size;
    } else if (v.count) {
        *data = m->fb.buf + v.pos;
        *len = v.count;
    }
    return MW_OK;
}

static mw_status tensor_quantization(const mw_tfl_model *m, const mw_fb_table *tt, mw_tfl_tensor *t,
                                     mw_diag *diag)
{
    const mw_fb *fb = &m->fb;
    mw_fb_table q;
    int present;
    uint8_t details;
    int64_t zp;
    MW_TRY(mw_fb_table_field(fb, tt, TENSOR_QUANT, &q, &present), "quantization");
    if (!present) {
        return MW_OK;
    }
    MW_TRY(mw_fb_u8(fb, &q, QUANT_DETAILS_TYPE, 0, &details), "quantization details");
    if (details != 0) {
        return mw_diag_set(diag, MW_ERR_QUANTIZATION, "custom quantization is not supported");
    }
    MW_TRY(mw_fb_vector(fb, &q, QUANT_SCALE, 4, &t->scales), "quantization scales");
    MW_TRY(mw_fb_vector(fb, &q, QUANT_ZERO_POINT, 8, &t->zero_points), "quantization zero points");
    MW_TRY(mw_fb_i32(fb, &q, QUANT_DIM, 0, &t->quant_dim), "quantized dimension");
    t->nscales = t->scales.count;
    if (t->nscales == 0) {
        if (t->zero_points.count) {
            return mw_diag_set(diag, MW_ERR_QUANTIZATION, "zero points without scales");
        }
        return MW_OK;
    }
    if (t->zero_points.count != t->nscales) {
        return mw_diag_set(diag, MW_ERR_QUANTIZATION, "%u scales but %u zero points", t->nscales,
                           t->zero_points.count);
    }
    if (t->nscales > 1 && (t->quant_dim < 0 || t->quant_dim >= t->ndims ||
                           t->nscales != (uint32_t)t->dims[t->quant_dim])) {
        return mw_diag_set(diag, MW_ERR_QUANTIZATION, "%u per-channel scales do not match dimension %d",
                           t->nscales, t->quant_dim);
    }
    /* Entry 0 is what per-tensor users read; per-channel entries are checked where an
     * operator uses them (vectors may be shared by many tensors: no loop here). */
    t->scale = mw_fb_vec_f32(fb, &t->scales, 0);
    zp = mw_fb_vec_i64(fb, &t->zero_points, 0);
    if (!(t->scale >= 0.0f) || isinf(t->scale)) {
        return mw_diag_set(diag, MW_ERR_QUANTIZATION, "scale is negative or not finite");
    }
    if (zp < INT32_MIN || zp > INT32_MAX) {
        return mw_diag_set(diag, MW_ERR_QUANTIZATION, "zero point out of range");
    }
    t->zero_point = (int32_t)zp;
    return MW_OK;
}

static mw_status tensor_decode(const mw_tfl_model *m, int32_t index, mw_tfl_tensor *t, mw_diag *diag)
{
    const mw_fb *fb = &m->fb;
    mw_fb_table tt, sparsity;
    mw_fb_vec shape;
    int8_t type;
    uint8_t is_var;
    uint32_t buffer, i, size, data_len;
    uint64_t elements = 1;
    int present;

    t->index = index;
    t->nscales = 0;
    t->scales.count = t->zero_points.count = 0;
    t->quant_dim = 0;
    t->scale = 0.0f;
    t->zero_point = 0;
    t->data = NULL;
    MW_TRY(mw_fb_vec_table(fb, &m->tensors, (uint32_t)index, &tt), "tensor table");
    MW_TRY(mw_fb_vector(fb, &tt, TENSOR_SHAPE, 4, &shape), "shape");
    MW_TRY(mw_fb_i8(fb, &tt, TENSOR_TYPE, 0, &type), "type");
    MW_TRY(mw_fb_u32(fb, &tt, TENSOR_BUFFER, 0, &buffer), "buffer index");
    MW_TRY(mw_fb_string(fb, &tt, TENSOR_NAME, &t->name, &t->name_len), "name");
    MW_TRY(mw_fb_u8(fb, &tt, TENSOR_IS_VARIABLE, 0, &is_var), "is_variable");
    MW_TRY(mw_fb_table_field(fb, &tt, TENSOR_SPARSITY, &sparsity, &present), "sparsity");
    if (present) {
        return mw_diag_set(diag, MW_ERR_UNSUPPORTED_TYPE, "sparse tensors are not supported");
    }
    t->is_variable = is_var != 0;
    t->type = type;
    if (type < 0 || type > MW_TFL_TYPE_LAST) {
        return mw_diag_set(diag, MW_ERR_MODEL_INVALID, "unknown type %d", (int32_t)type);
    }
    size = mw_tfl_type_size(type);
    if (size == 0) {
        return mw_diag_set(diag, MW_ERR_UNSUPPORTED_TYPE, "type %s is not supported", mw_tfl_type_name(type));
    }
    if (shape.count > MW_MAX_DIMS) {
        return mw_diag_set(diag, MW_ERR_SHAPE, "%u dimensions, at most 6 supported", shape.count);
    }
    t->ndims = (int32_t)shape.count;
    for (i = 0; i < shape.count; i++) {
        int32_t d = mw_fb_vec_i32(fb, &shape, i);
        /* 0 makes an empty tensor (Vela's unused fast scratch): the interpreter refuses
         * it wherever an operator would read or write elements. */
        if (d < 0) {
            return mw_diag_set(diag, MW_ERR_SHAPE, "dimension %u is %d", i, d);
        }
        t->dims[i] = d;
        /* Checked after each factor, so the product never exceeds 2^28 * 2^31. */
        elements *= (uint64_t)d;
        if (elements * size > MW_TFL_MAX_TENSOR_BYTES) {
            return mw_diag_set(diag, MW_ERR_SHAPE, "tensor too large");
        }
    }
    t->elements = (uint32_t)elements;
    t->bytes = (uint32_t)elements * size;
    MW_TRY(mw_tfl_buffer(m, buffer, &t->data, &data_len), "buffer");
    if (t->data && data_len != t->bytes) {
        return mw_diag_set(diag, MW_ERR_MODEL_INVALID, "buffer %u holds %u bytes, shape needs %u", buffer,
                           data_len, t->bytes);
    }
    return tensor_quantization(m, &tt, t, diag);
}

mw_status mw_tfl_tensor_get(const mw_tfl_model *m, int32_t index, mw_tfl_tensor *t, mw_diag *diag)
{
    mw_status s;
    if (index < 0 || (uint32_t)index >= m->tensors.count) {
        return mw_diag_set(diag, MW_ERR_GRAPH, "tensor index %d out of range", index);
    }
    s = tensor_decode(m, index, t, NULL);
    if (s != MW_OK) {
        /* Decode again with the diagnostic, prefixed by the tensor index. */
        mw_diag inner;
        tensor_decode(m, index, t, &inner);
        return mw_diag_set(diag, s, "tensor %d: %s", index, inner.message);
    }
    return MW_OK;
}

static mw_status check_indices(const mw_tfl_model *m, const mw_fb_vec *v, int allow_omitted)
{
    uint32_t i;
    for (i = 0; i < v->count; i++) {
        int32_t t = mw_fb_vec_i32(&m->fb, v, i);
        if ((t < 0 && !(allow_omitted && t == -1)) || (t >= 0 && (uint32_t)t >= m->tensors.count)) {
            return MW_ERR_GRAPH;
        }
    }
    return MW_OK;
}

static mw_status op_decode(const mw_tfl_model *m, int32_t index, mw_tfl_op *op, mw_diag *diag)
{
    const mw_fb *fb = &m->fb;
    mw_fb_table ot, code;
    uint32_t opcode_index, name_len;
    int8_t deprecated;
    int32_t builtin;

    op->index = index;
    op->custom_name = NULL;
    MW_TRY(mw_fb_vec_table(fb, &m->operators, (uint32_t)index, &ot), "operator table");
    MW_TRY(mw_fb_u32(fb, &ot, OP_OPCODE_INDEX, 0, &opcode_index), "opcode index");
    if (opcode_index >= m->opcodes.count) {
        return mw_diag_set(diag, MW_ERR_MODEL_INVALID, "opcode index %u out of range", opcode_index);
    }
    MW_TRY(mw_fb_vec_table(fb, &m->opcodes, opcode_index, &code), "operator code");
    MW_TRY(mw_fb_i8(fb, &code, OPCODE_DEPRECATED, 0, &deprecated), "deprecated builtin code");
    MW_TRY(mw_fb_i32(fb, &code, OPCODE_BUILTIN, 0, &builtin), "builtin code");
    MW_TRY(mw_fb_i32(fb, &code, OPCODE_VERSION, 1, &op->version), "operator version");
    MW_TRY(mw_fb_string(fb, &code, OPCODE_CUSTOM, &op->custom_name, &name_len), "custom code");
    /* Old files only set the 8-bit field, new ones both (8-bit capped at 127): TFLite takes the max. */
    op->builtin = builtin > deprecated ? builtin : deprecated;
    if (op->builtin < 0) {
        return mw_diag_set(diag, MW_ERR_MODEL_INVALID, "negative builtin code %d", op->builtin);
    }
    if (op->version < 1) {
        return mw_diag_set(diag, MW_ERR_MODEL_INVALID, "operator version %d", op->version);
    }
    MW_TRY(mw_fb_vector(fb, &ot, OP_INPUTS, 4, &op->inputs), "inputs");
    MW_TRY(mw_fb_vector(fb, &ot, OP_OUTPUTS, 4, &op->outputs), "outputs");
    /* Bounds the work per operator (vectors can be shared by every operator). */
    if (op->inputs.count > MW_TFL_MAX_OP_IO || op->outputs.count > MW_TFL_MAX_OP_IO) {
        const char *name = mw_tfl_op_name(op);
        return mw_diag_set(diag, MW_ERR_UNSUPPORTED_OP, "%s with %u inputs and %u outputs, at most %d supported",
                           name ? name : "operator", op->inputs.count, op->outputs.count,
                           (int32_t)MW_TFL_MAX_OP_IO);
    }
    if (check_indices(m, &op->inputs, 1) != MW_OK || check_indices(m, &op->outputs, 0) != MW_OK) {
        return mw_diag_set(diag, MW_ERR_GRAPH, "tensor index out of range");
    }
    MW_TRY(mw_fb_u8(fb, &ot, OP_OPTIONS_TYPE, 0, &op->options_type), "builtin options type");
    MW_TRY(mw_fb_table_field(fb, &ot, OP_OPTIONS, &op->options, &op->has_options), "builtin options");
    MW_TRY(mw_fb_vector(fb, &ot, OP_CUSTOM_OPTIONS, 1, &op->custom_options), "custom options");
    MW_TRY(mw_fb_u8(fb, &ot, OP_CUSTOM_OPTIONS_FORMAT, 0, &op->custom_options_format), "custom options format");
    return MW_OK;
}

mw_status mw_tfl_op_get(const mw_tfl_model *m, int32_t index, mw_tfl_op *op, mw_diag *diag)
{
    mw_status s;
    if (index < 0 || (uint32_t)index >= m->operators.count) {
        return mw_diag_set(diag, MW_ERR_ARGUMENT, "operator index %d out of range", index);
    }
    s = op_decode(m, index, op, NULL);
    if (s != MW_OK) {
        mw_diag inner;
        op_decode(m, index, op, &inner);
        return mw_diag_set(diag, s, "operator %d: %s", index, inner.message);
    }
    return MW_OK;
}

mw_status mw_tfl_validate(const mw_tfl_model *m, mw_diag *diag)
{
    uint32_t i;
    mw_status s;
    mw_tfl_tensor t;
    mw_tfl_op op;
    for (i = 0; i < m->tensors.count; i++) {
        s = mw_tfl_tensor_get(m, (int32_t)i, &t, diag);
        if (s != MW_OK) {
            return s;
        }
    }
    for (i = 0; i < m->operators.count; i++) {
        s = mw_tfl_op_get(m, (int32_t)i, &op, diag);
        if (s != MW_OK) {
            return s;
        }
    }
    if (check_indices(m, &m->inputs, 0) != MW_OK || check_indices(m, &m->outputs, 0) != MW_OK) {
        return mw_diag_set(diag, MW_ERR_GRAPH, "graph input or output index out of range");
    }
    if (m->inputs.count == 0 || m->outputs.count == 0 || m->operators.count == 0) {
        return mw_diag_set(diag, MW_ERR_GRAPH, "graph needs inputs, outputs and operators");
    }
    return MW_OK;
}
