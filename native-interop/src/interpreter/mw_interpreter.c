/* Public interpreter API: size query, init, tensor access, invoke. */
#include <string.h>

#include "mw_interp.h"

static void diag_ok(mw_diag *diag)
{
    if (diag) {
        diag->status = MW_OK;
        diag->message[0] = '\0';
    }
}

mw_status mw_interpreter_arena_size(const uint8_t *model, size_t model_len, size_t *arena_bytes, mw_diag *diag)
{
    mw_status s;
    if (!model || !arena_bytes) {
        return mw_diag_set(diag, MW_ERR_ARGUMENT, "model or arena_bytes is NULL");
    }
    *arena_bytes = 0;
    s = mw_build_interpreter(model, model_len, NULL, arena_bytes, diag);
    if (s == MW_OK) {
        diag_ok(diag);
    }
    return s;
}

mw_status mw_interpreter_init(mw_interpreter **out, const uint8_t *model, size_t model_len, void *arena,
                              size_t arena_len, mw_diag *diag)
{
    size_t need = 0;
    mw_status s;
    if (!out || !model || !arena) {
        return mw_diag_set(diag, MW_ERR_ARGUMENT, "out, model or arena is NULL");
    }
    *out = NULL;
    if ((uintptr_t)arena % MW_ARENA_ALIGN) {
        return mw_diag_set(diag, MW_ERR_ALIGNMENT, "arena must be 16-byte aligned");
    }
    /* Measure first: nothing is written to the arena unless all of it fits. */
    s = mw_build_interpreter(model, model_len, NULL, &need, diag);
    if (s != MW_OK) {
        return s;
    }
    if (arena_len < need) {
        return mw_diag_set(diag, MW_ERR_ARENA_TOO_SMALL, "arena is %u bytes, the model needs %u",
                           (uint32_t)(arena_len > 0xffffffffu ? 0xffffffffu : arena_len), (uint32_t)need);
    }
    s = mw_build_interpreter(model, model_len, (uint8_t *)arena, &need, diag);
    if (s != MW_OK) {
        return s;
    }
    *out = (mw_interpreter *)arena;
    diag_ok(diag);
    return MW_OK;
}

mw_status mw_interpreter_input_count(const mw_interpreter *it, int32_t *count)
{
    if (!it || !count) {
        return MW_ERR_ARGUMENT;
    }
    *count = it->n_inputs;
    return MW_OK;
}

mw_status mw_interpreter_output_count(const mw_interpreter *it, int32_t *count)
{
    if (!it || !count) {
        return MW_ERR_ARGUMENT;
    }
    *count = it->n_outputs;
    return MW_OK;
}

static mw_status tensor_info(const mw_interpreter *it, const mw_io *io, mw_tensor_info *info)
{
    mw_tfl_tensor t;
    int32_t i;
    uint32_t n;
    /* Validated at init; decoding again reads the same bytes. */
    MW_PASS(mw_tfl_tensor_get(&it->model, io->tensor, &t, NULL));
    memset(info, 0, sizeof *info);
    info->type = mw_tfl_public_type(t.type);
    info->ndims = t.ndims;
    for (i = 0; i < t.ndims; i++) {
        info->dims[i] = t.dims[i];
    }
    info->bytes = t.bytes;
    info->scale = t.nscales ? t.scale : 0.0f;
    info->zero_point = t.nscales ? t.zero_point : 0;
    n = t.name_len < sizeof info->name - 1 ? t.name_len : (uint32_t)sizeof info->name - 1;
    if (t.name) {
        memcpy(info->name, t.name, n);
    }
    info->name[t.name ? n : 0] = '\0';
    return MW_OK;
}

mw_status mw_interpreter_input_info(const mw_interpreter *it, int32_t index, mw_tensor_info *info)
{
    if (!it || !info || index < 0 || index >= it->n_inputs) {
        return MW_ERR_ARGUMENT;
    }
    return tensor_info(it, &it->inputs[index], info);
}

mw_status mw_interpreter_output_info(const mw_interpreter *it, int32_t index, mw_tensor_info *info)
{
    if (!it || !info || index < 0 || index >= it->n_outputs) {
        return MW_ERR_ARGUMENT;
    }
    return tensor_info(it, &it->outputs[index], info);
}

mw_status mw_interpreter_set_input(mw_interpreter *it, int32_t index, const void *data, size_t len)
{
    if (!it || !data || index < 0 || index >= it->n_inputs || len != it->inputs[index].bytes) {
        return MW_ERR_ARGUMENT;
    }
    if (it->next_op != 0) {
        return MW_ERR_STATE; /* a stepped inference is still reading its inputs */
    }
    memcpy(it->inputs[index].data, data, len);
    return MW_OK;
}

mw_status mw_interpreter_get_output(const mw_interpreter *it, int32_t index, void *data, size_t len)
{
    if (!it || !data || index < 0 || index >= it->n_outputs) {
        return MW_ERR_ARGUMENT;
    }
    if (len < it->outputs[index].bytes) {
        return MW_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(data, it->outputs[index].data, it->outputs[index].bytes);
    return MW_OK;
}

mw_status mw_interpreter_input_data(mw_interpreter *it, int32_t index, void **data, size_t *len)
{
    if (!it || !data || !len || index < 0 || index >= it->n_inputs) {
        return MW_ERR_ARGUMENT;
    }
    *data = it->inputs[index].data;
    *len = it->inputs[index].bytes;
    return MW_OK;
}

mw_status mw_interpreter_output_data(const mw_interpreter *it, int32_t index, const void **data, size_t *len)
{
    if (!it || !data || !len || index < 0 || index >= it->n_outputs) {
        return MW_ERR_ARGUMENT;
    }
    *data = it->outputs[index].data;
    *len = it->outputs[index].bytes;
    return MW_OK;
}

mw_status mw_interpreter_invoke_step(mw_interpreter *it, int32_t max_ops, int32_t *done)
{
    int32_t end;
    if (!it || !done || max_ops < 1) {
        return MW_ERR_ARGUMENT;
    }
    *done = 0;
    end = it->n_ops - it->next_op <= max_ops ? it->n_ops : it->next_op + max_ops;
    while (it->next_op < end) {
        mw_status s = mw_op_eval(&it->ops[it->next_op]);
        if (s != MW_OK) {
            it->next_op = 0;
            return s;
        }
        it->next_op++;
    }
    if (it->next_op == it->n_ops) {
        it->next_op = 0;
        *done = 1;
    }
    return MW_OK;
}

mw_status mw_interpreter_invoke(mw_interpreter *it)
{
    int32_t done;
    if (!it) {
        return MW_ERR_ARGUMENT;
    }
    it->next_op = 0; /* a whole inference replaces any pending stepped one */
    return mw_interpreter_invoke_step(it, it->n_ops, &done);
}

mw_status mw_interpreter_operator_count(const mw_interpreter *it, int32_t *count)
{
    if (!it || !count) {
        return MW_ERR_ARGUMENT;
    }
    *count = it->n_ops;
    return MW_OK;
}

mw_status mw_interpreter_macs(const mw_interpreter *it, uint64_t *macs)
{
    if (!it || !macs) {
        return MW_ERR_ARGUMENT;
    }
    *macs = it->macs;
    return MW_OK;
}
