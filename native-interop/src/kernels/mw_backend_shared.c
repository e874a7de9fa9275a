/*
 * Plain kernel names that every backend maps the same way, so each backend's
 * source list includes this file instead of repeating them: SOFTMAX and
 * requantize run the reference (not hot: a few values per inference, and
 * CMSIS-NN's softmax does not refuse what the reference refuses), and no
 * FULLY_CONNECTED kernel needs scratch memory.
 */
#include "mw_kernels.h"

size_t mw_fully_connected_s8_scratch_size(int32_t in_depth, int32_t out_depth)
{
    (void)in_depth;
    (void)out_depth;
    return 0;
}

mw_status mw_softmax_s8(const mw_softmax_params *p, int32_t rows, int32_t depth, const int8_t *in, int8_t *out)
{
    return mw_softmax_s8_ref(p, rows, depth, in, out);
}

mw_status mw_requantize_s8(const mw_requantize_params *p, int32_t count, const int8_t *in, int8_t *out)
{
    return mw_requantize_s8_ref(p, count, in, out);
}
