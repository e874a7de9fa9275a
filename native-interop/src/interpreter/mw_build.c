/*
 * Builds an interpreter: validates the model, prepares every operator, derives
 * tensor lifetimes from the graph, plans the activation pool (honouring the model's
 * offline plan, if any) and lays the arena out.
 * The same code measures (no arena) and builds, so the size query is exact.
 */
#include <string.h>

#include "mw_interp.h"

typedef mw_status (*prepare_fn)(mw_build *b, const mw_tfl_op *op, mw_op *rec);

static prepare_fn find_builtin(int32_t builtin)
{
    switch (builtin) {
    case MW_OP_CONV_2D: return mw_conv2d_prepare;
    case MW_OP_DEPTHWISE_CONV_2D: return mw_depthwise_conv2d_prepare;
    case MW_OP_FULLY_CONNECTED: return mw_fully_connected_prepare;
    case MW_OP_AVERAGE_POOL_2D:
    case MW_OP_MAX_POOL_2D: return mw_pool2d_prepare;
    case MW_OP_SOFTMAX: return mw_softmax_op_prepare;
    case MW_OP_RESHAPE: return mw_reshape_prepare;
    case MW_OP_QUANTIZE: return mw_quantize_prepare;
    case MW_OP_DEQUANTIZE: return mw_dequantize_prepare;
    default: return NULL;
    }
}

/* The operator's prepare function and its scratch input slots (see MW_BUF_SCRATCH);
 * MW_ERR_UNSUPPORTED_OP, with the operator's name in the message, for an operator
 * this build does not run. */
static mw_status find_prepare(const mw_tfl_op *op, int32_t index, prepare_fn *prepare, uint32_t *scratch_slots,
                              mw_diag *diag)
{
    const char *name = mw_tfl_op_name(op);
    *prepare = find_builtin(op->builtin);
    *scratch_slots = 0;
    if (op->builtin == MW_OP_CUSTOM) {
        if (!op->custom_name) {
            return mw_diag_set(diag, MW_ERR_UNSUPPORTED_OP, "operator %d: CUSTOM op without a custom code", index);
        }
        if (strcmp(op->custom_name, "ethos-u") != 0) {
            return mw_diag_set(diag, MW_ERR_UNSUPPORTED_OP, "operator %d: unsupported custom op %s", index, name);
        }
#ifdef MW_WITH_ETHOSU
        *prepare = mw_ethosu_prepare;
        *scratch_slots = MW_ETHOSU_SCRATCH_SLOTS;
        return MW_OK;
#else
        return mw_diag_set(diag, MW_ERR_UNSUPPORTED_OP,
                           "operator %d: custom op ethos-u (a Vela-compiled NPU operator) needs the Ethos-U "
                           "backend: build with -DMW_KERNEL_BACKEND=ethos-u",
                           index);
#endif
    }
    if (!*prepare) {
        return name ? mw_diag_set(diag, MW_ERR_UNSUPPORTED_OP, "operator %d: unsupported op %s", index, name)
                    : mw_diag_set(diag, MW_ERR_UNSUPPORTED_OP, "operator %d: unsupported op BUILTIN_%d", index,
                                  op->builtin);
    }
    return MW_OK;
}

static mw_status plan_full(mw_diag *diag)
{
    return mw_diag_set(diag, MW_ERR_GRAPH, "more than %d activation and scratch buffers", (int32_t)MW_PLAN_MAX);
}

/* Adds a buffer for `tensor`, pinned where the model's offline plan puts it. */
static mw_status plan_tensor(const mw_tfl_offline *offline, mw_plan *plan, const mw_tfl_tensor *t, int32_t time,
                             int32_t *buf, mw_diag *diag)
{
    int32_t offset = mw_tfl_offline_offset(offline, t->index);
    if (mw_plan_add(plan, t->index, t->bytes, time, buf) != MW_OK) {
        return plan_full(diag);
    }
    if (offset >= 0) {
        mw_plan_fix(plan, *buf, (uint32_t)offset);
    }
    return MW_OK;
}

static mw_status plan_graph_inputs(const mw_tfl_model *m, const mw_tfl_offline *offline, mw_plan *plan,
                                   mw_diag *diag)
{
    uint32_t i;
    for (i = 0; i < m->inputs.count; i++) {
        int32_t index = mw_tfl_index(m, &m->inputs, i), buf;
        mw_tfl_tensor t;
        MW_PASS(mw_tfl_tensor_get(m, index, &t, diag));
        if (t.data || t.is_variable || t.bytes == 0) {
            return mw_diag_set(diag, MW_ERR_GRAPH, "graph input %d is a constant, variable or empty tensor", index);
        }
        if (mw_plan_find(plan, index) >= 0) {
            return mw_diag_set(diag, MW_ERR_GRAPH, "graph input %d listed twice", index);
        }
        MW_PASS(plan_tensor(offline, plan, &t, 0, &buf, diag));
        plan->buf[buf].flags |= MW_BUF_INPUT;
    }
    return MW_OK;
}

static int is_scratch_slot(uint32_t scratch_slots, uint32_t k)
{
    return k < 32 && ((scratch_slots >> k) & 1u);
}

static mw_status empty_tensor(int32_t time, int32_t index, mw_diag *diag)
{
    return mw_diag_set(diag, MW_ERR_SHAPE, "operator %d: tensor %d is empty (a dimension is 0)", time, index);
}

/* Graph checks of one operator, before its preparation: what it reads exists (graph
 * input or written by an earlier operator), what it writes is new and not constant,
 * and only its scratch inputs may be empty tensors. Its scratch inputs must be scratch
 * of this kind of operator or not planned yet, and nothing else may read scratch memory. */
static mw_status check_operator(const mw_tfl_model *m, const mw_plan *plan, const mw_tfl_op *op,
                                uint32_t scratch_slots, int32_t time, mw_diag *diag)
{
    uint32_t k;
    mw_tfl_tensor t;
    for (k = 0; k < op->inputs.count; k++) {
        int32_t index = mw_tfl_index(m, &op->inputs, k), buf;
        if (index < 0) {
            continue;
        }
        MW_PASS(mw_tfl_tensor_get(m, index, &t, diag));
        if (t.elements == 0 && !is_scratch_slot(scratch_slots, k)) {
            return empty_tensor(time, index, diag);
        }
        buf = mw_plan_find(plan, index);
        if (!t.data && buf >= 0 && is_scratch_slot(scratch_slots, k) != !!(plan->buf[buf].flags & MW_BUF_SCRATCH)) {
            return mw_diag_set(diag, MW_ERR_GRAPH, "operator %d: tensor %d is used both as scratch and as data",
                               time, index);
        }
        if (!t.data && buf < 0 && !is_scratch_slot(scratch_slots, k)) {
            return mw_diag_set(diag, MW_ERR_GRAPH, "operator %d reads tensor %d before anything writes it",
                               time, index);
        }
    }
    for (k = 0; k < op->outputs.count; k++) {
        int32_t index = mw_tfl_index(m, &op->outputs, k);
        MW_PASS(mw_tfl_tensor_get(m, index, &t, diag));
        if (t.elements == 0) {
            return empty_tensor(time, index, diag);
        }
        if (t.data || mw_plan_find(plan, index) >= 0) {
            return mw_diag_set(diag, MW_ERR_GRAPH,
                               "operator %d writes tensor %d, which is constant, an input or already written",
                               time, index);
        }
    }
    return MW_OK;
}

/* Extends the lifetimes of what operator `time` reads and starts those of what it writes
 * (after check_operator, so every lookup succeeds). */
static mw_status plan_operator(const mw_tfl_model *m, const mw_tfl_offline *offline, mw_plan *plan,
                               const mw_tfl_op *op, mw_op *rec, uint32_t scratch_slots, int32_t time, mw_diag *diag)
{
    uint32_t k;
    int32_t buf;
    mw_tfl_tensor t;
    for (k = 0; k < op->inputs.count; k++) {
        int32_t index = mw_tfl_index(m, &op->inputs, k);
        buf = index < 0 ? -1 : mw_plan_find(plan, index);
        if (buf >= 0) {
            mw_plan_use(plan, buf, time);
        } else if (index >= 0 && is_scratch_slot(scratch_slots, k)) {
            /* First use of a scratch tensor (prepare has checked it is not constant). */
            MW_PASS(mw_tfl_tensor_get(m, index, &t, diag));
            MW_PASS(plan_tensor(offline, plan, &t, time, &buf, diag));
            plan->buf[buf].flags |= MW_BUF_SCRATCH;
        }
    }
    for (k = 0; k < op->outputs.count; k++) {
        int32_t index = mw_tfl_index(m, &op->outputs, k);
        MW_PASS(mw_tfl_tensor_get(m, index, &t, diag));
        if (rec->kind == MW_KIND_ALIAS) {
            if (mw_plan_add_alias(plan, index, mw_plan_find(plan, rec->in_tensor)) != MW_OK) {
                return plan_full(diag);
            }
        } else {
            MW_PASS(plan_tensor(offline, plan, &t, time, &buf, diag));
        }
    }
    if (rec->scratch_len) {
        if (mw_plan_add(plan, -1, rec->scratch_len, time, &buf) != MW_OK) {
            return plan_full(diag);
        }
        rec->scratch_buf = (int16_t)buf;
    }
    if (rec->bias_src && ((uintptr_t)rec->bias_src & 3u)) {
        if (mw_plan_add(plan, -1, rec->bias_bytes, time, &buf) != MW_OK) {
            return plan_full(diag);
        }
        rec->bias_buf = (int16_t)buf;
    }
    return MW_OK;
}

static mw_status plan_graph_outputs(const mw_tfl_model *m, mw_plan *plan, int32_t end, mw_diag *diag)
{
    uint32_t i;
    for (i = 0; i < m->outputs.count; i++) {
        int32_t index = mw_tfl_index(m, &m->outputs, i);
        int32_t buf = mw_plan_find(plan, index);
        if (buf < 0) {
            return mw_diag_set(diag, MW_ERR_GRAPH, "graph output %d is never written", index);
        }
        if (plan->buf[buf].flags & MW_BUF_SCRATCH) {
            return mw_diag_set(diag, MW_ERR_GRAPH, "graph output %d is an operator's scratch tensor", index);
        }
        plan->buf[buf].flags |= MW_BUF_OUTPUT;
        /* Outputs stay valid after the last operator. */
        mw_plan_use(plan, buf, end);
    }
    return MW_OK;
}

static void bind_io(const mw_tfl_model *m, const mw_plan *plan, uint8_t *pool, const mw_fb_vec *v,
                    mw_io *io)
{
    uint32_t i;
    for (i = 0; i < v->count; i++) {
        const mw_plan_buf *b = &plan->buf[mw_plan_find(plan, mw_tfl_index(m, v, i))];
        io[i].tensor = mw_tfl_index(m, v, i);
        io[i].data = pool + b->offset;
        io[i].bytes = b->bytes;
    }
}

static void bind_op(const mw_plan *plan, uint8_t *pool, mw_op *rec)
{
    if (rec->in_tensor >= 0) {
        rec->in = pool + plan->buf[mw_plan_find(plan, rec->in_tensor)].offset;
    }
    rec->out = pool + plan->buf[mw_plan_find(plan, rec->out_tensor)].offset;
    rec->scratch = rec->scratch_buf >= 0 ? pool + plan->buf[rec->scratch_buf].offset : NULL;
    rec->bias_copy = rec->bias_buf >= 0 ? (int32_t *)(void *)(pool + plan->buf[rec->bias_buf].offset) : NULL;
    rec->bias = rec->bias_copy ? rec->bias_copy : (const int32_t *)(const void *)rec->bias_src;
#ifdef MW_WITH_ETHOSU
    if (rec->kind == MW_KIND_ETHOSU) {
        mw_ethosu_bind(rec, plan, pool);
    }
#endif
}

mw_status mw_build_interpreter(const uint8_t *model, size_t model_len, uint8_t *arena, size_t *total,
                               mw_diag *diag)
{
    mw_tfl_model m;
    mw_tfl_offline offline;
    mw_plan plan;
    mw_build b;
    mw_op measure_rec;
    mw_op *ops = NULL;
    mw_io *io = NULL;
    uint64_t header, ops_bytes, io_bytes, persist_bytes, pool_bytes, need;
    int32_t i, n_ops;

    MW_PASS(mw_tfl_open(&m, model, model_len, diag));
    MW_PASS(mw_tfl_validate(&m, diag));
    MW_PASS(mw_tfl_offline_plan(&m, &offline, diag));
    n_ops = (int32_t)m.operators.count;
    if (n_ops > MW_MAX_OPS || m.inputs.count > MW_MAX_GRAPH_IO || m.outputs.count > MW_MAX_GRAPH_IO) {
        return mw_diag_set(diag, MW_ERR_GRAPH, "more than %d operators or %d graph inputs/outputs",
                           (int32_t)MW_MAX_OPS, (int32_t)MW_MAX_GRAPH_IO);
    }
    header = MW_ALIGN_UP((uint64_t)sizeof(mw_interpreter), MW_ARENA_ALIGN);
    ops_bytes = MW_ALIGN_UP((uint64_t)n_ops * sizeof(mw_op), MW_ARENA_ALIGN);
    io_bytes = MW_ALIGN_UP((uint64_t)(m.inputs.count + m.outputs.count) * sizeof(mw_io), MW_ARENA_ALIGN);
    b.m = &m;
    b.diag = diag;
    b.persist = NULL;
    b.persist_cap = 0;
    b.persist_used = 0;
    b.macs = 0;
    b.offline = &offline;
    if (arena) {
        if (header + ops_bytes + io_bytes > *total) {
            return mw_diag_set(diag, MW_ERR_INTERNAL, "arena layout changed between passes");
        }
        b.persist_cap = *total - (header + ops_bytes + io_bytes);
        ops = (mw_op *)(void *)(arena + header);
        io = (mw_io *)(void *)(arena + header + ops_bytes);
        b.persist = arena + header + ops_bytes + io_bytes;
    }
    plan.count = 0;
    MW_PASS(plan_graph_inputs(&m, &offline, &plan, diag));
    for (i = 0; i < n_ops; i++) {
        mw_tfl_op op;
        mw_op *rec = arena ? &ops[i] : &measure_rec;
        prepare_fn prepare;
        uint32_t scratch_slots;
        MW_PASS(mw_tfl_op_get(&m, i, &op, diag));
        MW_PASS(find_prepare(&op, i, &prepare, &scratch_slots, diag));
        MW_PASS(check_operator(&m, &plan, &op, scratch_slots, i, diag));
        memset(rec, 0, sizeof *rec);
        rec->scratch_buf = -1;
        rec->bias_buf = -1;
        MW_PASS(prepare(&b, &op, rec));
        MW_PASS(plan_operator(&m, &offline, &plan, &op, rec, scratch_slots, i, diag));
    }
    MW_PASS(plan_graph_outputs(&m, &plan, n_ops, diag));
    MW_PASS(mw_plan_solve(&plan, &pool_bytes, diag));
    persist_bytes = MW_ALIGN_UP(b.persist_used, MW_ARENA_ALIGN);
    need = header + ops_bytes + io_bytes + persist_bytes + pool_bytes;
    if (need > 0x7fffffffu || need > (uint64_t)SIZE_MAX) {
        return mw_diag_set(diag, MW_ERR_SHAPE, "model needs more than 2 GB of arena");
    }
    if (!arena) {
        *total = (size_t)need;
        return MW_OK;
    }
    if (need > *total) {
        /* The caller measured first; the two passes differ only if the model changed. */
        return mw_diag_set(diag, MW_ERR_INTERNAL, "arena layout changed between passes");
    }
    {
        mw_interpreter *it = (mw_interpreter *)(void *)arena;
        uint8_t *pool = b.persist + persist_bytes;
        it->model = m;
        it->ops = ops;
        it->n_ops = n_ops;
        it->inputs = io;
        it->n_inputs = (int32_t)m.inputs.count;
        it->outputs = io + m.inputs.count;
        it->n_outputs = (int32_t)m.outputs.count;
        it->next_op = 0;
        it->macs = b.macs;
        for (i = 0; i < n_ops; i++) {
            bind_op(&plan, pool, &ops[i]);
        }
        bind_io(&m, &plan, pool, &m.inputs, it->inputs);
        bind_io(&m, &plan, pool, &m.outputs, it->outputs);
    }
    *total = (size_t)need;
    return MW_OK;
}
