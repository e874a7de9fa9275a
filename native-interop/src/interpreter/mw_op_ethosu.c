/*
 * Vela's "ethos-u" custom operator (built with MW_KERNEL_BACKEND=ethos-u): checks
 * what Vela puts in the model (as TFLM's ethos-u kernel and the NPU driver expect it)
 * and prepares the hand-over described in mw_ethosu.h. The NPU runs it; the kernel
 * side only passes addresses.
 */
#include "mw_interp.h"

/* CO_TYPE_ETHOSU: the integer Vela stores as the operator's FlexBuffer custom options. */
#define MW_ETHOSU_CO_TYPE 1

/* FlexBuffer root (the last bytes: value, packed type, byte width) must be the
 * integer MW_ETHOSU_CO_TYPE, stored inline as an INT or UINT. */
static int custom_options_ok(const mw_tfl_model *m, const mw_tfl_op *op)
{
    const uint8_t *p = m->fb.buf + op->custom_options.pos;
    uint32_t n = op->custom_options.count, width, type, i;
    uint64_t value = 0;
    if (op->custom_options_format != 0 || n < 3) {
        return 0;
    }
    width = p[n - 1];
    type = (uint32_t)p[n - 2] >> 2; /* FBT_INT = 1, FBT_UINT = 2 */
    if ((width != 1 && width != 2 && width != 4 && width != 8) || n < 2 + width || (type != 1 && type != 2)) {
        return 0;
    }
    for (i = 0; i < width; i++) {
        value |= (uint64_t)p[n - 2 - width + i] << (8 * i);
    }
    return value == MW_ETHOSU_CO_TYPE;
}

/* Vela also writes an "OfflineMemoryAllocation" entry (int32: version, subgraphs,
 * tensors, then one arena offset per tensor, -1 for "plan it yourself") and its
 * command stream addresses the feature maps at those offsets from the scratch
 * tensor. This interpreter plans every tensor itself, so a model that fixes any
 * offset is refused rather than run with addresses the NPU does not expect. */
static int fixes_offsets(const mw_tfl_model *m)
{
    const uint8_t *p;
    size_t len, i;
    if (mw_model_metadata(m->fb.buf, m->fb.len, "OfflineMemoryAllocation", &p, &len) != MW_OK) {
        return 0;
    }
    for (i = 12; i + 4 <= len; i += 4) {
        if ((int32_t)mw_load_u32(p + i) >= 0) {
            return 1;
        }
    }
    return len < 12 || len % 4 != 0; /* malformed: not something to run either */
}

/* Input `slot` as a 1-D uint8 buffer, constant (with 16-byte aligned data) or not. */
static mw_status uint8_buffer(mw_build *b, const mw_tfl_op *op, uint32_t slot, int constant, const char *what,
                              mw_tfl_tensor *t)
{
    MW_PASS(mw_prep_input(b, op, slot, t));
    if (t->type != MW_TFL_UINT8 || t->ndims != 1) {
        return mw_diag_set(b->diag, MW_ERR_UNSUPPORTED_TYPE, "operator %d (ethos-u): %s (tensor %d) must be 1-D uint8",
                           op->index, what, t->index);
    }
    if (!t->data != !constant) {
        return mw_diag_set(b->diag, MW_ERR_MODEL_INVALID, "operator %d (ethos-u): %s (tensor %d) must %s", op->index,
                           what, t->index, constant ? "be constant" : "have no data (it lives in the arena)");
    }
    if (constant && ((uintptr_t)t->data % MW_ARENA_ALIGN) != 0) {
        return mw_diag_set(b->diag, MW_ERR_ALIGNMENT,
                           "operator %d (ethos-u): %s is not 16-byte aligned in memory: place the model at a "
                           "16-byte aligned address",
                           op->index, what);
    }
    return MW_OK;
}

mw_status mw_ethosu_prepare(mw_build *b, const mw_tfl_op *op, mw_op *rec)
{
    static const char *const names[MW_ETHOSU_IN_FIRST_IFM] = {"command stream", "flash tensor", "scratch tensor",
                                                             "fast scratch tensor"};
    mw_tfl_tensor t;
    uint32_t k, n_in = op->inputs.count, n_out = op->outputs.count;
    int32_t count;
    mw_ethosu_tensor *tensor;
    int32_t *tensor_index;

    if (n_in < MW_ETHOSU_IN_FIRST_IFM + 1 || n_out < 1) {
        return mw_prep_fail(b, op, MW_ERR_GRAPH,
                            "needs the command stream, flash, scratch and fast scratch tensors, an input and an output");
    }
    if (n_in - 1 + n_out > MW_ETHOSU_MAX_TENSORS) {
        return mw_prep_fail(b, op, MW_ERR_UNSUPPORTED_OP, "more than 16 tensors to hand to the NPU");
    }
    if (op->options_type != MW_OPT_NONE || !custom_options_ok(b->m, op)) {
        return mw_prep_fail(b, op, MW_ERR_MODEL_INVALID, "custom options are not Vela's (FlexBuffer integer 1)");
    }
    if (fixes_offsets(b->m)) {
        return mw_prep_fail(b, op, MW_ERR_UNSUPPORTED_OP,
                            "the model's OfflineMemoryAllocation (Vela's arena layout) is not supported yet");
    }
    count = (int32_t)(n_in - 1 + n_out);
    tensor = (mw_ethosu_tensor *)mw_build_alloc(b, (uint64_t)count * sizeof *tensor, MW_ARENA_ALIGN);
    tensor_index = mw_build_alloc_i32(b, (uint32_t)count);

    MW_PASS(uint8_buffer(b, op, MW_ETHOSU_IN_CMS, 1, names[MW_ETHOSU_IN_CMS], &t));
    rec->u.ethosu.cms = t.data;
    rec->u.ethosu.cms_len = t.bytes;
    for (k = 1; k < n_in + n_out; k++) {
        int out = k >= n_in;
        uint32_t slot = out ? k - n_in : k;
        if (!out && slot < MW_ETHOSU_IN_FIRST_IFM) {
            MW_PASS(uint8_buffer(b, op, slot, slot == MW_ETHOSU_IN_FLASH, names[slot], &t));
        } else if (out) {
            uint32_t j;
            MW_PASS(mw_prep_output(b, op, slot, &t));
            for (j = 0; j < n_in; j++) {
                if (mw_tfl_index(b->m, &op->inputs, j) == t.index) {
                    return mw_prep_fail(b, op, MW_ERR_GRAPH, "an output is also an input");
                }
            }
        } else {
            MW_PASS(mw_prep_input(b, op, slot, &t));
            if (t.data) {
                /* Vela copies constant feature maps into the flash tensor. */
                return mw_diag_set(b->diag, MW_ERR_MODEL_INVALID,
                                   "operator %d (ethos-u): input feature map (tensor %d) is constant", op->index,
                                   t.index);
            }
        }
        if (tensor && tensor_index) {
            tensor[k - 1].data = (void *)(uintptr_t)t.data;
            tensor[k - 1].bytes = t.bytes;
            tensor_index[k - 1] = t.data ? -1 : t.index;
        }
    }
    rec->u.ethosu.count = count;
    rec->u.ethosu.tensor = tensor;
    rec->u.ethosu.tensor_index = tensor_index;
    /* Output 0 is planned like any operator's output; the others through the plan too. */
    rec->in_tensor = -1;
    rec->out_tensor = mw_tfl_index(b->m, &op->outputs, 0);
    rec->kind = MW_KIND_ETHOSU;
    return MW_OK;
}

void mw_ethosu_bind(mw_op *rec, const mw_plan *plan, uint8_t *pool)
{
    int32_t k;
    for (k = 0; k < rec->u.ethosu.count; k++) {
        if (rec->u.ethosu.tensor_index[k] >= 0) {
            rec->u.ethosu.tensor[k].data = pool + plan->buf[mw_plan_find(plan, rec->u.ethosu.tensor_index[k])].offset;
        }
    }
}
