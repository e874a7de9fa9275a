/*
 * Builds small single-subgraph TFLite models from tables (tests only, on mw_fbw.h):
 * operator codes (builtin or custom), tensors (up to 4-D, optional per-tensor
 * quantization), operators (up to MW_TB_MAX_IO inputs/outputs, optional 2x2/2 VALID
 * Pool2DOptions, optional custom options), graph inputs/outputs, buffers (data
 * 16-byte aligned in the file; buffer 0 is conventionally the empty one) and at most
 * one metadata entry.
 */
#ifndef MW_MODEL_BUILDER_H
#define MW_MODEL_BUILDER_H

#include "mw_fbw.h"

#define MW_TB_MAX_IO 20

typedef struct mw_tb_code {
    int32_t builtin;
    const char *custom; /* custom_code, NULL for builtins */
} mw_tb_code;

typedef struct mw_tb_tensor {
    int ndims;
    int32_t dims[4];
    int type;
    uint32_t buffer;
    float scale; /* 0: no quantization */
    int64_t zp;
} mw_tb_tensor;

typedef struct mw_tb_op {
    uint32_t opcode; /* index into the operator codes */
    int n_in, n_out;
    int32_t in[MW_TB_MAX_IO], out[MW_TB_MAX_IO];
    int pool; /* has Pool2DOptions (2x2 filter, stride 2, VALID) */
    const uint8_t *custom_options;
    uint32_t custom_options_len;
} mw_tb_op;

typedef struct mw_tb_buffer {
    const void *data; /* NULL: a buffer without data */
    uint32_t len;
} mw_tb_buffer;

typedef struct mw_tb_model {
    const mw_tb_code *codes;
    int n_codes;
    const mw_tb_tensor *tensors;
    int n_tensors;
    const mw_tb_op *ops;
    int n_ops;
    const int32_t *inputs;
    int n_inputs;
    const int32_t *outputs;
    int n_outputs;
    const mw_tb_buffer *buffers;
    int n_buffers;
    const char *metadata_name; /* NULL: no metadata */
    uint32_t metadata_buffer;
} mw_tb_model;

static void mw_tb_tensor_write(mw_fbw *w, uint32_t at, const mw_tb_tensor *t)
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

static void mw_tb_op_write(mw_fbw *w, uint32_t at, const mw_tb_op *o)
{
    /* Operator: opcode_index 0, inputs 1, outputs 2, builtin_options_type 3, builtin_options 4,
     * custom_options 5, custom_options_format 6 (0 = FLEXBUFFERS, the default) */
    const uint8_t sizes[6] = {4, 4, 4, (uint8_t)(o->pool ? 1 : 0), (uint8_t)(o->pool ? 4 : 0),
                              (uint8_t)(o->custom_options ? 4 : 0)};
    /* Pool2DOptions: padding 0 (VALID = 1), stride_w 1, stride_h 2, filter_w 3, filter_h 4, activation 5 */
    static const uint8_t psizes[6] = {1, 4, 4, 4, 4, 1};
    uint32_t f[6], p[6];
    fbw_offset(w, at, fbw_table(w, 6, sizes, f));
    fbw_set(w, f[0], o->opcode, 4);
    fbw_offset(w, f[1], fbw_vector(w, (uint32_t)o->n_in, 4, o->in));
    fbw_offset(w, f[2], fbw_vector(w, (uint32_t)o->n_out, 4, o->out));
    if (o->pool) {
        fbw_set(w, f[3], 5, 1); /* Pool2DOptions */
        fbw_offset(w, f[4], fbw_table(w, 6, psizes, p));
        fbw_set(w, p[0], 1, 1);
        fbw_set(w, p[1], 2, 4);
        fbw_set(w, p[2], 2, 4);
        fbw_set(w, p[3], 2, 4);
        fbw_set(w, p[4], 2, 4);
    }
    if (o->custom_options) {
        fbw_offset(w, f[5], fbw_vector(w, o->custom_options_len, 1, o->custom_options));
    }
}

static void mw_tb_build(mw_fbw *w, const mw_tb_model *m)
{
    /* Model: version 0, operator_codes 1, subgraphs 2, buffers 4, metadata 6 */
    const uint8_t msizes[7] = {4, 4, 4, 0, 4, 0, (uint8_t)(m->metadata_name ? 4 : 0)};
    /* Metadata: name 0, buffer 1 */
    static const uint8_t dsizes[2] = {4, 4};
    /* SubGraph: tensors 0, inputs 1, outputs 2, operators 3 */
    static const uint8_t gsizes[4] = {4, 4, 4, 4};
    static const uint8_t bsizes[1] = {4};
    uint32_t f[7], c[4], g[4], b[1], d[2], codes_v, graphs_v, bufs_v, tensors_v, ops_v, meta_v;
    int i;
    fbw_begin(w);
    fbw_offset(w, 0, fbw_table(w, 7, msizes, f));
    fbw_set(w, f[0], 3, 4);
    codes_v = fbw_vector(w, (uint32_t)m->n_codes, 4, NULL);
    fbw_offset(w, f[1], codes_v);
    graphs_v = fbw_vector(w, 1, 4, NULL);
    fbw_offset(w, f[2], graphs_v);
    bufs_v = fbw_vector(w, (uint32_t)m->n_buffers, 4, NULL);
    fbw_offset(w, f[4], bufs_v);
    for (i = 0; i < m->n_codes; i++) {
        /* OperatorCode: deprecated_builtin_code 0 (int8), custom_code 1, version 2, builtin_code 3 */
        const uint8_t csizes[4] = {1, (uint8_t)(m->codes[i].custom ? 4 : 0), 4, 4};
        int32_t code = m->codes[i].builtin;
        fbw_offset(w, codes_v + 4 + 4 * (uint32_t)i, fbw_table(w, 4, csizes, c));
        fbw_set(w, c[0], (uint64_t)(code < 127 ? code : 127), 1);
        if (m->codes[i].custom) {
            fbw_offset(w, c[1], fbw_string(w, m->codes[i].custom));
        }
        fbw_set(w, c[2], 1, 4);
        fbw_set(w, c[3], (uint64_t)code, 4);
    }
    fbw_offset(w, graphs_v + 4, fbw_table(w, 4, gsizes, g));
    tensors_v = fbw_vector(w, (uint32_t)m->n_tensors, 4, NULL);
    fbw_offset(w, g[0], tensors_v);
    fbw_offset(w, g[1], fbw_vector(w, (uint32_t)m->n_inputs, 4, m->inputs));
    fbw_offset(w, g[2], fbw_vector(w, (uint32_t)m->n_outputs, 4, m->outputs));
    ops_v = fbw_vector(w, (uint32_t)m->n_ops, 4, NULL);
    fbw_offset(w, g[3], ops_v);
    for (i = 0; i < m->n_tensors; i++) {
        mw_tb_tensor_write(w, tensors_v + 4 + 4 * (uint32_t)i, &m->tensors[i]);
    }
    for (i = 0; i < m->n_ops; i++) {
        mw_tb_op_write(w, ops_v + 4 + 4 * (uint32_t)i, &m->ops[i]);
    }
    if (m->metadata_name) {
        meta_v = fbw_vector(w, 1, 4, NULL);
        fbw_offset(w, f[6], meta_v);
        fbw_offset(w, meta_v + 4, fbw_table(w, 2, dsizes, d));
        fbw_offset(w, d[0], fbw_string(w, m->metadata_name));
        fbw_set(w, d[1], m->metadata_buffer, 4);
    }
    for (i = 0; i < m->n_buffers; i++) {
        const mw_tb_buffer *buf = &m->buffers[i];
        fbw_offset(w, bufs_v + 4 + 4 * (uint32_t)i, fbw_table(w, buf->data ? 1 : 0, bsizes, b));
        if (buf->data) {
            fbw_offset(w, b[0], fbw_bytes16(w, buf->len, buf->data));
        }
    }
}

#endif
