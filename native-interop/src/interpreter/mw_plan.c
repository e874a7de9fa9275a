/*
 * Static memory plan. Each activation tensor and kernel scratch buffer lives from
 * the operator that writes it to the last operator that reads it; buffers whose
 * lifetimes do not overlap share memory. Placement is greedy by size (largest first,
 * at the lowest offset free for its whole lifetime), the scheme TFLM's greedy planner
 * also uses. Graph inputs and outputs never share memory with each other, so the
 * outputs of one inference survive setting the inputs of the next.
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

static int conflict(const mw_plan_buf *a, const mw_plan_buf *b)
{
    if (((a->flags & MW_BUF_INPUT) && (b->flags & MW_BUF_OUTPUT)) ||
        ((a->flags & MW_BUF_OUTPUT) && (b->flags & MW_BUF_INPUT))) {
        return 1;
    }
    return a->first <= b->last && b->first <= a->last;
}

static uint64_t padded(const mw_plan_buf *b)
{
    return MW_ALIGN_UP((uint64_t)b->bytes, MW_ARENA_ALIGN);
}

/* Sorting key: larger first, then earlier first, then creation order (deterministic). */
static int before(const mw_plan *p, int16_t a, int16_t b)
{
    const mw_plan_buf *x = &p->buf[a];
    const mw_plan_buf *y = &p->buf[b];
    if (x->bytes != y->bytes) {
        return x->bytes > y->bytes;
    }
    if (x->first != y->first) {
        return x->first < y->first;
    }
    return a < b;
}

mw_status mw_plan_solve(mw_plan *p, uint64_t *pool_bytes)
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
        uint64_t offset = 0;
        int moved = 1;
        /* Each pass moves the candidate past one overlapping block; it only grows. */
        while (moved) {
            moved = 0;
            for (j = 0; j < k; j++) {
                const mw_plan_buf *o = &p->buf[order[j]];
                if (conflict(b, o) && offset < o->offset + padded(o) && o->offset < offset + padded(b)) {
                    offset = o->offset + padded(o);
                    moved = 1;
                }
            }
        }
        if (offset + padded(b) > MW_POOL_MAX) {
            return MW_ERR_SHAPE;
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
