/*
 * Static memory plan. Each activation tensor and kernel scratch buffer lives from
 * the operator that writes it to the last operator that reads it; buffers whose
 * lifetimes do not overlap share memory. Placement is greedy by size (largest first,
 * at the lowest offset free for its whole lifetime), the scheme TFLM's greedy planner
 * also uses. Graph inputs and outputs never share memory with each other, so the
 * outputs of one inference survive setting the inputs of the next.
 *
 * A model with an offline plan (TFLM's OfflineMemoryAllocation, which Vela writes)
 * fixes some offsets: those buffers are placed first, exactly there (and keep the
 * model's layout even where it lets a graph input and output share memory), and the
 * others are planned around them.
 */
#include "mw_interp.h"

/* Pool size limit: keeps offsets in 32 bits with room for alignment. */
#define MW_POOL_MAX 0x7fff0000u

int32_t mw_plan_find(const mw_plan *p, int32_t tensor)
{
    int32_t i;
    for (i = 0; i < p->count; i++) {
        if (p->buf[i].tensor == tensor) {
            return p->buf[i].alias >= 0 ? p->buf[i].alias : i;
        }
    }
    return -1;
}

mw_status mw_plan_add(mw_plan *p, int32_t tensor, uint32_t bytes, int32_t time, int32_t *index)
{
    mw_plan_buf *b;
    if (p->count >= MW_PLAN_MAX) {
        return MW_ERR_GRAPH;
    }
    b = &p->buf[p->count];
    b->tensor = tensor;
    b->bytes = bytes;
    b->offset = 0;
    b->first = (int16_t)time;
    b->last = (int16_t)time;
    b->alias = -1;
    b->flags = 0;
    *index = p->count++;
    return MW_OK;
}

mw_status mw_plan_add_alias(mw_plan *p, int32_t tensor, int32_t target)
{
    int32_t index;
    mw_status s = mw_plan_add(p, tensor, 0, p->buf[target].first, &index);
    if (s == MW_OK) {
        p->buf[index].alias = (int16_t)target;
    }
    return s;
}

void mw_plan_use(mw_plan *p, int32_t index, int32_t time)
{
    if (p->buf[index].last < time) {
        p->buf[index].last = (int16_t)time;
    }
}

void mw_plan_fix(mw_plan *p, int32_t index, uint32_t offset)
{
    p->buf[index].offset = offset;
    p->buf[index].flags |= MW_BUF_FIXED;
}

static int live_together(const mw_plan_buf *a, const mw_plan_buf *b)
{
    return a->first <= b->last && b->first <= a->last;
}

static int conflict(const mw_plan_buf *a, const mw_plan_buf *b)
{
    if (((a->flags & MW_BUF_INPUT) && (b->flags & MW_BUF_OUTPUT)) ||
        ((a->flags & MW_BUF_OUTPUT) && (b->flags & MW_BUF_INPUT))) {
        return 1;
    }
    return live_together(a, b);
}

static uint64_t padded(const mw_plan_buf *b)
{
    return MW_ALIGN_UP((uint64_t)b->bytes, MW_ARENA_ALIGN);
}

static int overlap(const mw_plan_buf *a, uint64_t a_offset, const mw_plan_buf *b)
{
    return a_offset < b->offset + padded(b) && b->offset < a_offset + padded(a);
}

/* Sorting key: fixed first (in creation order), then larger first, then earlier first,
 * then creation order (deterministic). */
static int before(const mw_plan *p, int16_t a, int16_t b)
{
    const mw_plan_buf *x = &p->buf[a];
    const mw_plan_buf *y = &p->buf[b];
    if ((x->flags & MW_BUF_FIXED) != (y->flags & MW_BUF_FIXED)) {
        return (x->flags & MW_BUF_FIXED) != 0;
    }
    if (x->flags & MW_BUF_FIXED) {
        return a < b;
    }
    if (x->bytes != y->bytes) {
        return x->bytes > y->bytes;
    }
    if (x->first != y->first) {
        return x->first < y->first;
    }
    return a < b;
}

/* Two fixed buffers live at the same time must not overlap, unless one of them is an
 * NPU scratch tensor: Vela lays the feature maps out inside it. */
static mw_status check_fixed(const mw_plan *p, const mw_plan_buf *b, const int16_t *placed, int32_t n,
                             mw_diag *diag)
{
    int32_t j;
    for (j = 0; j < n; j++) {
        const mw_plan_buf *o = &p->buf[placed[j]];
        if (live_together(b, o) && overlap(b, b->offset, o) && !((b->flags | o->flags) & MW_BUF_SCRATCH)) {
            return mw_diag_set(diag, MW_ERR_MODEL_INVALID,
                               "OfflineMemoryAllocation metadata: tensors %d (offset %u, %u bytes) and %d (offset "
                               "%u, %u bytes) overlap while both are in use",
                               o->tensor, o->offset, o->bytes, b->tensor, b->offset, b->bytes);
        }
    }
    return MW_OK;
}

mw_status mw_plan_solve(mw_plan *p, uint64_t *pool_bytes, mw_diag *diag)
{
    int16_t order[MW_PLAN_MAX];
    int32_t n = 0, i, j, k;
    uint64_t total = 0;

    for (i = 0; i < p->count; i++) {
        if (p->buf[i].alias >= 0) {
            continue;
        }
        /* Insertion sort: n is at most MW_PLAN_MAX. */
        for (j = n; j > 0 && before(p, (int16_t)i, order[j - 1]); j--) {
            order[j] = order[j - 1];
        }
        order[j] = (int16_t)i;
        n++;
    }
    for (k = 0; k < n; k++) {
        mw_plan_buf *b = &p->buf[order[k]];
        uint64_t offset = b->offset;
        int moved = !(b->flags & MW_BUF_FIXED);
        if (!moved) {
            /* Fixed buffers come first in the order: only fixed ones are placed yet. */
            MW_PASS(check_fixed(p, b, order, k, diag));
        }
        /* Each pass moves the candidate past one overlapping block; it only grows. */
        while (moved) {
            moved = 0;
            for (j = 0; j < k; j++) {
                const mw_plan_buf *o = &p->buf[order[j]];
                if (conflict(b, o) && overlap(b, offset, o)) {
                    offset = o->offset + padded(o);
                    moved = 1;
                }
            }
        }
        if (offset + padded(b) > MW_POOL_MAX) {
            return mw_diag_set(diag, MW_ERR_SHAPE, "activation memory too large");
        }
        b->offset = (uint32_t)offset;
        if (offset + padded(b) > total) {
            total = offset + padded(b);
        }
    }
    /* Aliases take their target's place. */
    for (i = 0; i < p->count; i++) {
        if (p->buf[i].alias >= 0) {
            p->buf[i].offset = p->buf[p->buf[i].alias].offset;
        }
    }
    *pool_bytes = total;
    return MW_OK;
}
