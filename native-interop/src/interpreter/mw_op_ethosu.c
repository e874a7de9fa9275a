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

/* Vela also writes an "OfflineMemoryAllocation" plan, and its command stream reaches
 * the feature maps through the scratch tensors' base addresses at the offsets that
 * plan gives. So with a plan, both scratch tensors are pinned and every feature map
 * must lie inside one of them (the planner then puts it exactly there). */
static mw_status pinned_offset(mw_build *b, const mw_tfl_op *op, const mw_tfl_tensor *t, int32_t *offset)
{
    *offset = mw_tfl_offline_offset(b->offline, t->index);
    if (*offset < 0) {
        return mw_diag_set(b->diag, MW_ERR_MODEL_INVALID,
                           "operator %d (ethos-u): tensor %d has no offset in the OfflineMemoryAllocation metadata, "
                           "which Vela's command stream needs",
                           op->index, t->index);
    }
    return MW_OK;
}

static mw_status check_feature_map(mw_build *b, const mw_tfl_op *op, const mw_tfl_tensor *t, const int32_t *region,
                                   const uint32_t *region_bytes)
{
    int32_t offset, r;
    MW_PASS(pinned_offset(b, op, t, &offset));
    for (r = 0; r < 2; r++) {
        if (offset >= region[r] && t->bytes <= region_bytes[r] &&
            (uint32_t)(offset - region[r]) <= region_bytes[r] - t->bytes) {
            return MW_OK;
        }
    }
    return mw_diag_set(b->diag, MW_ERR_MODEL_INVALID,
                       "operator %d (ethos-u): feature map (tensor %d, offset %d, %u bytes) is outside the scratch "
                       "tensor [%d, +%u) and the fast scratch tensor [%d, +%u) of the OfflineMemoryAllocation",
                       op->index, t->index, offset, t->bytes, region[0], region_bytes[0], region[1], region_bytes[1]);
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
    int32_t region[2] = {0, 0}; /* offline offsets of the scratch and fast scratch tensors */
    uint32_t region_bytes[2] = {0, 0};
    int planned = b->offline->count > 0;

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
            if (slot != MW_ETHOSU_IN_FLASH && planned) {
                MW_PASS(pinned_offset(b, op, &t, &region[slot - MW_ETHOSU_IN_SCRATCH]));
                region_bytes[slot - MW_ETHOSU_IN_SCRATCH] = t.bytes;
            }
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
        if (planned && (out || slot >= MW_ETHOSU_IN_FIRST_IFM)) {
            MW_PASS(check_feature_map(b, op, &t, region, region_bytes));
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
