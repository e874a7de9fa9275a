/*
 * The "OfflineMemoryAllocation" metadata entry: TFLM's offline memory plan, which
 * Vela writes into every model it compiles (its command streams address the feature
 * maps at these offsets from the scratch tensor, so they are not a hint).
 */
#include "mw_tflite.h"

#define OFFLINE_NAME "OfflineMemoryAllocation"
#define OFFLINE_HEADER_WORDS 3u
/* Words of the header: the only format version TFLM and Vela know is 0. */
enum { WORD_VERSION = 0, WORD_SUBGRAPH = 1, WORD_COUNT = 2 };

static int32_t word(const uint8_t *p, uint32_t i)
{
    return (int32_t)mw_load_u32(p + 4u * i);
}

mw_status mw_tfl_offline_plan(const mw_tfl_model *m, mw_tfl_offline *plan, mw_diag *diag)
{
    const uint8_t *p;
    size_t len;
    uint32_t i;
    int32_t count;
    mw_status s = mw_model_metadata(m->fb.buf, m->fb.len, OFFLINE_NAME, &p, &len);

    plan->offsets = NULL;
    plan->count = 0;
    if (s == MW_ERR_NOT_FOUND) {
        return MW_OK;
    }
    if (s != MW_OK) {
        return mw_diag_set(diag, s, OFFLINE_NAME " metadata: entry or buffer unreadable");
    }
    if (len < 4u * OFFLINE_HEADER_WORDS || len % 4u != 0) {
        return mw_diag_set(diag, MW_ERR_MODEL_INVALID, OFFLINE_NAME " metadata: %u bytes, not a header of 3 int32 "
                           "words followed by int32 offsets", (uint32_t)len);
    }
    if (word(p, WORD_VERSION) != 0) {
        return mw_diag_set(diag, MW_ERR_MODEL_INVALID, OFFLINE_NAME " metadata: unknown format version %d",
                           word(p, WORD_VERSION));
    }
    /* TFLM documents this word as the subgraph index (0 here); Vela writes the number
     * of subgraphs (1). Both name this model's one subgraph. */
    if (word(p, WORD_SUBGRAPH) != 0 && word(p, WORD_SUBGRAPH) != 1) {
        return mw_diag_set(diag, MW_ERR_MODEL_INVALID, OFFLINE_NAME " metadata: subgraph %d, the model has one",
                           word(p, WORD_SUBGRAPH));
    }
    count = word(p, WORD_COUNT);
    if (count < 0 || (uint32_t)count != m->tensors.count) {
        return mw_diag_set(diag, MW_ERR_MODEL_INVALID, OFFLINE_NAME " metadata: %d offsets for %u tensors", count,
                           m->tensors.count);
    }
    /* Trailing words (padding some writers add) are ignored, as TFLM does. */
    if ((len - 4u * OFFLINE_HEADER_WORDS) / 4u < (uint32_t)count) {
        return mw_diag_set(diag, MW_ERR_MODEL_INVALID, OFFLINE_NAME " metadata: %u bytes cannot hold %d offsets",
                           (uint32_t)len, count);
    }
    for (i = 0; i < (uint32_t)count; i++) {
        int32_t offset = word(p, OFFLINE_HEADER_WORDS + i);
        mw_tfl_tensor t;
        if (offset == -1) {
            continue;
        }
        if (offset < 0 || (uint32_t)offset > MW_TFL_MAX_TENSOR_BYTES || offset % 16 != 0) {
            return mw_diag_set(diag, MW_ERR_MODEL_INVALID,
                               OFFLINE_NAME " metadata: tensor %u at offset %d (-1, or 16-byte aligned and under "
                               "256 MB)", i, offset);
        }
        MW_PASS(mw_tfl_tensor_get(m, (int32_t)i, &t, diag));
        if (t.data) {
            return mw_diag_set(diag, MW_ERR_MODEL_INVALID,
                               OFFLINE_NAME " metadata: constant tensor %u has an arena offset", i);
        }
    }
    plan->offsets = p + 4u * OFFLINE_HEADER_WORDS;
    plan->count = (uint32_t)count;
    return MW_OK;
}

int32_t mw_tfl_offline_offset(const mw_tfl_offline *plan, int32_t tensor)
{
    if (tensor < 0 || (uint32_t)tensor >= plan->count) {
        return -1;
    }
    return (int32_t)mw_load_u32(plan->offsets + 4u * (uint32_t)tensor);
}
