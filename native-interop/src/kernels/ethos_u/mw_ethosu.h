/*
 * Arm Ethos-U: runs one Vela "ethos-u" custom operator on the NPU.
 *
 * Vela replaces the NPU-supported part of a model by a CUSTOM operator with
 * custom_code "ethos-u". The interpreter (built with MW_WITH_ETHOSU) accepts that
 * operator at load time and, per invoke, calls mw_ethosu_invoke() with:
 *   - command_stream: the data of the operator's input 0 (Vela's command stream,
 *     a constant buffer in the model);
 *   - tensors: the operator's inputs 1..n-1 in order (the weights buffer, the
 *     scratch tensor, the optional fast scratch, then the activations), followed
 *     by its outputs in order: address and byte size of each tensor's data.
 * The driver addresses them as NPU base-pointer regions in exactly this order, so
 * the interpreter must not reorder, skip or copy them. Every address must be
 * 16-byte aligned: the model buffer (constants) and the arena (scratch tensors,
 * activations) must be placed accordingly by the planner.
 */
#ifndef MW_ETHOSU_H
#define MW_ETHOSU_H

#include "mw_kernels.h"

/* Base-pointer regions one operator may use (inputs 1.. plus outputs). */
#define MW_ETHOSU_MAX_TENSORS 16

/* The Vela custom operator's code, as stored in the model's operator_codes. */
#define MW_ETHOSU_CUSTOM_CODE "ethos-u"

typedef struct mw_ethosu_tensor {
    void *data;
    size_t bytes;
} mw_ethosu_tensor;

/* Reserves the NPU driver, runs the command stream, releases the driver.
 * MW_ERR_ARGUMENT for a NULL or misaligned buffer or too many tensors,
 * MW_ERR_STATE when no driver is available, MW_ERR_INTERNAL when the NPU
 * reports a failure. */
mw_status mw_ethosu_invoke(const uint8_t *command_stream, size_t command_stream_len,
                           const mw_ethosu_tensor *tensors, int32_t count);

#endif /* MW_ETHOSU_H */
