/* Fixed texts for status codes. */
#include "microwake.h"

const char *mw_status_message(mw_status status)
{
    switch (status) {
    case MW_OK: return "ok";
    case MW_ERR_ARGUMENT: return "invalid argument";
    case MW_ERR_ALIGNMENT: return "arena not 16-byte aligned";
    case MW_ERR_ARENA_TOO_SMALL: return "arena too small";
    case MW_ERR_MODEL_TRUNCATED: return "model truncated (offset or length past the end)";
    case MW_ERR_MODEL_INVALID: return "model invalid";
    case MW_ERR_UNSUPPORTED_OP: return "unsupported operator or option";
    case MW_ERR_UNSUPPORTED_TYPE: return "unsupported tensor type";
    case MW_ERR_SHAPE: return "invalid or unsupported tensor shape";
    case MW_ERR_QUANTIZATION: return "missing or invalid quantization parameters";
    case MW_ERR_GRAPH: return "invalid graph (dangling or cyclic tensor references)";
    case MW_ERR_METADATA: return "malformed MicroWake metadata";
    case MW_ERR_CONFIG: return "invalid configuration";
    case MW_ERR_STATE: return "call not valid in the current state";
    case MW_ERR_BUFFER_TOO_SMALL: return "buffer too small";
    case MW_ERR_NOT_FOUND: return "not found";
    case MW_ERR_INTERNAL: return "internal error";
    }
    return "unknown status";
}
